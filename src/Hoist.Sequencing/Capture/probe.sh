# Starts the services of a freshly captured package once, to see which ports they listen on.
# Runs as pid 1 of new pid, mount, network, UTS and IPC namespaces: the services see only a
# loopback interface, and die with this script. The root is the capture's changes over the image,
# with a throwaway upper layer so that nothing the services write reaches the package.
#   HOIST_LOWER, HOIST_UPPER   the image root and the capture's changes (both read-only here)
#   HOIST_PROBE_UPPER, HOIST_PROBE_WORK, HOIST_MERGED, HOIST_SESSION (holds service-N.sh)
# Protocol on stdin/stdout: prints "standby" once its namespaces exist; a line "mount" (sent once
# the capture is finished and its changes are final) mounts the root and prints "ready"; then each
# line "start N" runs service-N.sh in the background; any other line (or end of input) ends it.
set -eu
. "$HOIST_SESSION/system-mounts.sh"
ip link set lo up
echo standby
read -r command
[ "$command" = mount ] || exit 0
m=$HOIST_MERGED
mount -t overlay overlay -o "lowerdir=$HOIST_UPPER:$HOIST_LOWER,upperdir=$HOIST_PROBE_UPPER,workdir=$HOIST_PROBE_WORK,$HOIST_OVERLAY_OPTIONS" "$m"
hoist_system_mounts "$m"
echo ready
while read -r command argument; do
    case "$command" in
        start)
            sh "$HOIST_SESSION/service-$argument.sh" > "$HOIST_SESSION/service-$argument.log" 2>&1 < /dev/null &
            ;;
        *)
            break
            ;;
    esac
done
