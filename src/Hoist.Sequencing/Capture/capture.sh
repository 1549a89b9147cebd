# The capture environment of `hoist sequence`. Runs as pid 1 of a new pid namespace in a private
# mount namespace (unshare --mount --pid --fork --kill-child): every mount below and every process
# the installer starts vanish when this script exits, however it exits.
#   HOIST_LOWER    the OS image root (never written: it is the overlay's lower layer)
#   HOIST_UPPER    where the installer's changes land
#   HOIST_WORKDIR  overlayfs work directory (same filesystem as HOIST_UPPER)
#   HOIST_MERGED   the mount point the installer sees as /
#   HOIST_SESSION  installer, resolv.conf, adds (SRC<TAB>DEST lines); receives exit-code
set -eu
. "$HOIST_SESSION/system-mounts.sh"
m=$HOIST_MERGED
s=$HOIST_SESSION
mount -t overlay overlay -o "lowerdir=$HOIST_LOWER,upperdir=$HOIST_UPPER,workdir=$HOIST_WORKDIR,$HOIST_OVERLAY_OPTIONS" "$m"
hoist_system_mounts "$m"

# The machine's DNS, so that apt reaches the mirror. Stripped from the package afterwards.
rm -f "$m/etc/resolv.conf"
cp "$s/resolv.conf" "$m/etc/resolv.conf"

# Package scripts must not start services here (policy-rc.d(8): 101 = action forbidden).
policy=
if [ ! -e "$m/usr/sbin/policy-rc.d" ] && [ ! -L "$m/usr/sbin/policy-rc.d" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$m/usr/sbin/policy-rc.d"
    chmod 755 "$m/usr/sbin/policy-rc.d"
    policy=yes
fi

if [ -s "$s/adds" ]; then
    tab=$(printf '\t')
    while IFS=$tab read -r src dest; do
        mkdir -p "$m$(dirname "$dest")"
        cp -a "$src" "$m$dest"
    done < "$s/adds"
fi

cp "$s/installer" "$m/tmp/hoist-installer"
chmod 755 "$m/tmp/hoist-installer"
runner=/bin/sh
if [ "$(head -c 2 "$s/installer")" = "#!" ]; then
    runner=
fi

set +e
chroot "$m" /usr/bin/env -i \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true TERM="${TERM:-dumb}" \
    /bin/sh -c 'cd / && umask 022 && exec "$@"' installer $runner /tmp/hoist-installer < /dev/null 2>&1
rc=$?
set -e
if [ -n "$policy" ]; then
    rm -f "$m/usr/sbin/policy-rc.d"
fi
echo "$rc" > "$s/exit-code"
