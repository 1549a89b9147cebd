#!/usr/bin/env bash
# Installs everything Hoist needs on Debian 12 (run as root): the Debian packages it drives, then
# builds the hoist command. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [[ $(id -u) -ne 0 ]]; then
    echo "install.sh: run it as root (Hoist mounts filesystems and creates namespaces)" >&2
    exit 1
fi
if ! command -v dotnet > /dev/null; then
    echo "install.sh: the .NET 10 SDK is missing; install it from https://dot.net, then run install.sh again" >&2
    exit 1
fi

# debootstrap: OS images. util-linux, coreutils, iproute2: the capture environment and port probe.
# tar, zstd, xz-utils: image import. binutils, arch-test: readelf and ELF files of every architecture,
# which the ELF reader's tests compare with. runc, podman: the runtime and the peer that benchmarks
# measure against. redis-tools: clients for tests. bc: arithmetic in the benchmark scripts.
packages=(debootstrap util-linux coreutils iproute2 tar zstd xz-utils binutils arch-test runc podman redis-tools bc)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2> /dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "install.sh: installing ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

# Servers that benchmarks run as peers, each on its own ports and data: redis-server (bench/start)
# and etcd-server (bench/controller). Installed without being started (policy-rc.d) and left
# disabled, so that none holds a port of this machine.
peers=()
for package in redis-server etcd-server; do
    dpkg-query -W -f='${Status}' "$package" 2> /dev/null | grep -q "install ok installed" || peers+=("$package")
done
if [[ ${#peers[@]} -gt 0 ]]; then
    echo "install.sh: installing ${peers[*]} (not started: the benchmarks run them themselves)"
    policy=
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        policy=1
    fi
    status=0
    [[ ${#missing[@]} -gt 0 ]] || apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${peers[@]}" || status=$?
    [[ -n $policy ]] && rm -f /usr/sbin/policy-rc.d
    [[ $status -eq 0 ]] || exit "$status"
    if [[ -d /run/systemd/system ]]; then
        # etcd-server's unit is etcd.service; redis-server's has the package's name.
        for unit in redis-server etcd; do
            systemctl disable --now "$unit" > /dev/null 2>&1 || true
        done
    fi
fi

./hoist --version > /dev/null
echo "install.sh: ready ($(./hoist --version))"
