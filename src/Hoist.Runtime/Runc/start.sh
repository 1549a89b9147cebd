# Creates an app's container (`runc start` then runs it). Runs in a private mount namespace of its own (unshare --mount): the app's
# root is mounted here, runc copies this namespace into the container's, and once this script ends the
# only mount of the root left is the container's, which goes when the container goes. Nothing can be
# left mounted on the machine, whoever dies when.
#   $1 lower directories (colon-separated, topmost first)  $2 upper  $3 work  $4 bundle
#   $5 container id  $6 pid file  $7 output file (the container's stdout and stderr, runc's errors)
# The bundle holds the empty directories host and host-empty (see below).
set -eu
lowers=$1
case "$lowers" in
    *:/)
        # The host is this machine: its root "/" holds the app's state directory too, and overlayfs
        # refuses a lower layer that contains the upper one. "/" is given through an overlay of its
        # own instead (read-only; an empty tmpfs as its second layer, since an overlay without an
        # upper layer needs two), which is another filesystem as far as that check goes.
        mount -t tmpfs -o ro,size=4k,mode=755 tmpfs "$4/host-empty"
        mount -t overlay overlay -o "lowerdir=/:$4/host-empty" "$4/host"
        lowers="${lowers%:/}:$4/host"
        ;;
esac
# The state layer must stay self-contained (it is backed up and moved): no redirects, no metacopy.
mount -t overlay overlay -o "lowerdir=$lowers,upperdir=$2,workdir=$3,redirect_dir=off,index=off,metacopy=off" "$4/rootfs"
# runc create: the container is made and hoist-init waits in it until `runc start`.
exec runc create --pid-file "$6" --bundle "$4" "$5" < /dev/null > "$7" 2>&1
