# Sourced by the benchmarks: redis-server from Debian as an OCI image that podman builds from the
# same base image Hoist sequences it on (`podman import` of the image root, then a build that runs
# the same apt install, with policy-rc.d so that no service starts).
# Needs: podman=(podman --cgroup-manager=cgroupfs --runtime runc) set by the caller.
podman_redis_base=localhost/hoist-bench-base:bookworm
podman_redis_image=localhost/hoist-bench-redis:latest

# podman_build_redis ROOT WORK: builds $podman_redis_image from the root filesystem ROOT, in WORK/oci
# (its log in WORK/podman-build.log).
podman_build_redis() {
    local root=$1 work=$2
    tar -C "$root" -c . | "${podman[@]}" import - "$podman_redis_base" > /dev/null 2>&1
    mkdir -p "$work/oci"
    cat > "$work/oci/Containerfile" << CONTAINERFILE
FROM $podman_redis_base
RUN printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && apt-get install -y redis-server && rm /usr/sbin/policy-rc.d
CONTAINERFILE
    "${podman[@]}" build --network host --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 -t "$podman_redis_image" "$work/oci" > "$work/podman-build.log" 2>&1
}

podman_remove_redis() {
    "${podman[@]}" rmi -f "$podman_redis_image" "$podman_redis_base" > /dev/null 2>&1 || true
}
