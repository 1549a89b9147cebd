# Sourced by the benchmarks: CRIU 4 from a newer Debian in a private prefix, without touching the
# host's libc. Debian 12's criu 3.17 fails on this kernel ("vdso: Unexpected rt vDSO area bounds").
# Debian 13 "trixie"'s criu 4.1.1 passes `criu check` but cannot dump a process that has any TCP or
# UDP socket on Linux 6.16 and later ("sockets: Can't get 1:16 opt: Operation not supported": the
# kernel now refuses SO_PASSCRED and SO_PASSSEC on them), and then hangs; criu 4.2 reads those only
# where the kernel has them. So the default suite is "forky" (criu 4.2.1 here); HOIST_CRIU_SUITE
# chooses another. Installing it with apt would pull that suite's libc into the host. So: criu and its
# library dependencies are downloaded with an apt of their own (own config, state and cache under
# PREFIX/apt, an empty dpkg status so that apt resolves the whole closure, libc included), unpacked
# with `dpkg -x` into PREFIX/root, and run through that suite's own loader by the wrapper
# PREFIX/bin/criu. runc and podman run the `criu` they find on PATH.
#
# The loader's --library-path, not LD_LIBRARY_PATH: the programs that criu itself runs (ip,
# iptables, nft, sh) must keep the host's libraries.
#
# The mirror's Release files of testing suites carry a Valid-Until date that a mirror snapshot
# outlives; this apt does not check it (the signatures it does check).
#
# PREFIX is $HOIST_CRIU_PREFIX, default /opt/hoist-criu. The mirror is the host's Debian mirror
# (from /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list), or $HOIST_CRIU_MIRROR.
# Needs root, apt-get, dpkg and flock; the mirror must serve the suite, and debian-archive-keyring
# must hold the key that signs it (bookworm's debian-archive-keyring accepts trixie and forky here).

hoist_criu_prefix=${HOIST_CRIU_PREFIX:-/opt/hoist-criu}
hoist_criu_suite=${HOIST_CRIU_SUITE:-forky}

# criu_install: installs criu into $hoist_criu_prefix unless it is already there (then it returns at
# once, without network), and puts $hoist_criu_prefix/bin first on PATH (exported), so that podman
# and runc run it. Prints nothing on success. On failure, prints one line naming what failed (apt's
# output is in PREFIX/apt/install.log) and returns 1; PREFIX/installed is written last, so the next
# call after a failed or interrupted install installs again from the start.
criu_install() {
    local prefix=$hoist_criu_prefix
    if ! _criu_installed "$prefix"; then
        _criu_install_locked "$prefix" || return 1
    fi
    case ":$PATH:" in
        "$prefix/bin:"*) ;;
        *) export PATH="$prefix/bin:$PATH" ;;
    esac
}

# criu_version: prints the version of the installed criu ("4.1.1"); needs criu_install first.
criu_version() {
    "$hoist_criu_prefix/bin/criu" --version 2> /dev/null | awk '/^Version:/ { print $2 }'
}

# Whether PREFIX holds a finished install from $hoist_criu_suite (PREFIX/installed: "SUITE VERSION").
_criu_installed() {
    local stamp
    [[ -x $1/bin/criu && -f $1/installed ]] || return 1
    read -r stamp < "$1/installed" || return 1
    [[ $stamp == "$hoist_criu_suite "* ]]
}

_criu_install_locked() {
    local prefix=$1 tool status=0
    if [[ $(id -u) -ne 0 ]]; then
        echo "criu_install: run as root (it installs into $prefix)" >&2
        return 1
    fi
    for tool in apt-get dpkg flock; do
        command -v "$tool" > /dev/null || { echo "criu_install: $tool is missing (apt-get install -y ${tool/apt-get/apt})" >&2; return 1; }
    done
    mkdir -p "$prefix" || { echo "criu_install: cannot create $prefix" >&2; return 1; }
    # One install at a time; a second caller waits, then finds it done.
    exec {lock}> "$prefix/.lock" || return 1
    flock "$lock"
    if ! _criu_installed "$prefix"; then
        _criu_install "$prefix" || status=1
        rm -rf "$prefix/root.new" "$prefix/bin.new"
    fi
    exec {lock}>&-
    return $status
}

# The host's Debian mirror: the first URIs of debian.sources (deb822), else the first deb line.
_criu_mirror() {
    if [[ -n ${HOIST_CRIU_MIRROR:-} ]]; then
        echo "$HOIST_CRIU_MIRROR"
        return
    fi
    local uri=
    if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
        uri=$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
    fi
    if [[ -z $uri && -f /etc/apt/sources.list ]]; then
        uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
    fi
    echo "$uri"
}

_criu_install() {
    local prefix=$1 apt=$1/apt mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    local log=$1/apt/install.log new=$1/root.new deb loader libs dir check
    mirror=$(_criu_mirror)
    if [[ -z $mirror ]]; then
        echo "criu_install: no Debian mirror found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list; set HOIST_CRIU_MIRROR" >&2
        return 1
    fi
    if [[ ! -f $keyring ]]; then
        echo "criu_install: $keyring is missing (apt-get install -y debian-archive-keyring)" >&2
        return 1
    fi
    rm -rf "$apt" "$new"
    mkdir -p "$apt"/etc/apt.conf.d "$apt"/etc/preferences.d "$apt"/etc/trusted.gpg.d "$apt"/etc/sources.list.d \
        "$apt"/state/lists/partial "$apt"/cache/archives/partial "$new"
    : > "$apt/state/status"
    cat > "$apt/etc/sources.list.d/$hoist_criu_suite.sources" << SOURCES
Types: deb
URIs: $mirror
Suites: $hoist_criu_suite
Components: main
Signed-By: $keyring
SOURCES
    # APT_CONFIG is read before apt's configuration directories, so these settings keep the host's
    # own (its sources, its pins, appstream's extra indexes) out of this apt.
    cat > "$apt/apt.conf" << CONF
Dir::Etc "$apt/etc";
Dir::Etc::Parts "$apt/etc/apt.conf.d";
Dir::Etc::Main "/dev/null";
Dir::Etc::SourceList "/dev/null";
Dir::Etc::SourceParts "$apt/etc/sources.list.d";
Dir::Etc::Preferences "/dev/null";
Dir::Etc::PreferencesParts "$apt/etc/preferences.d";
Dir::Etc::TrustedParts "$apt/etc/trusted.gpg.d";
Dir::State "$apt/state";
Dir::State::status "$apt/state/status";
Dir::Cache "$apt/cache";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT::Architecture "amd64";
APT::Architectures { "amd64"; };
APT::Install-Recommends "false";
Acquire::Languages "none";
Acquire::Check-Valid-Until "false";
Acquire::GzipIndexes "true";
Debug::NoLocking "true";
CONF
    [[ $(dpkg --print-architecture) == amd64 ]] || { echo "criu_install: only amd64 is supported (this is $(dpkg --print-architecture))" >&2; return 1; }
    if ! APT_CONFIG=$apt/apt.conf apt-get -q --error-on=any update > "$log" 2>&1; then
        echo "criu_install: apt-get update for $hoist_criu_suite from $mirror failed (see $log)" >&2
        return 1
    fi
    # An empty dpkg status: apt resolves criu's whole dependency closure, libc included.
    if ! APT_CONFIG=$apt/apt.conf apt-get -q -y install --download-only criu >> "$log" 2>&1; then
        echo "criu_install: downloading criu and its libraries from $hoist_criu_suite failed (see $log)" >&2
        return 1
    fi
    for deb in "$apt"/cache/archives/*.deb; do
        dpkg -x "$deb" "$new" || { echo "criu_install: dpkg -x $deb failed" >&2; return 1; }
    done
    # The prefix's final paths go into the wrapper: the unpacked tree moves to $prefix/root below.
    loader=
    for dir in usr/lib64 lib64 usr/lib/x86_64-linux-gnu lib/x86_64-linux-gnu; do
        [[ -e $new/$dir/ld-linux-x86-64.so.2 ]] && { loader=$prefix/root/$dir/ld-linux-x86-64.so.2; break; }
    done
    if [[ -z $loader || ! -x $new/usr/sbin/criu ]]; then
        echo "criu_install: $hoist_criu_suite's packages gave no loader or no usr/sbin/criu (see $new)" >&2
        return 1
    fi
    libs=
    for dir in usr/lib/x86_64-linux-gnu lib/x86_64-linux-gnu; do
        [[ -d $new/$dir ]] && libs=${libs:+$libs:}$prefix/root/$dir
    done
    rm -rf "$prefix/root" "$prefix/bin"
    mv "$new" "$prefix/root"
    mkdir -p "$prefix/bin.new"
    cat > "$prefix/bin.new/criu" << WRAPPER
#!/bin/sh
# criu from Debian $hoist_criu_suite, run with its own loader and libraries (made by bench/lib/criu.sh).
exec $loader --library-path $libs $prefix/root/usr/sbin/criu "\$@"
WRAPPER
    chmod 755 "$prefix/bin.new/criu"
    if ! check=$("$prefix/bin.new/criu" check 2>&1) || [[ $check != *"Looks good"* ]]; then
        echo "criu_install: criu check failed: $(echo "$check" | grep -v '^Warn' | tail -1)" >&2
        return 1
    fi
    mv "$prefix/bin.new" "$prefix/bin"
    # The indexes and packages are not needed any more (a reinstall starts afresh); the log stays.
    rm -rf "$apt/cache" "$apt/state"
    "$prefix/bin/criu" --version 2> /dev/null | awk -v suite="$hoist_criu_suite" '/^Version:/ { print suite, $2 }' > "$prefix/installed"
}
