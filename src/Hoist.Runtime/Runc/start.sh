# Starts an app's container. Runs in a private mount namespace of its own (unshare --mount): the app's
# root is mounted here, runc copies this namespace into the container's, and once this script ends the
# only mount of the root left is the container's, which goes when the container goes. Nothing can be
# left mounted on the machine, whoever dies when.
#   $1 lower directories (colon-separated, topmost first)  $2 upper  $3 work  $4 bundle
#   $5 container id  $6 pid file  $7 output file (the container's stdout and stderr, runc's errors)
set -eu
# The state layer must stay self-contained (it is backed up and moved): no redirects, no metacopy.
mount -t overlay overlay -o "lowerdir=$1,upperdir=$2,workdir=$3,redirect_dir=off,index=off,metacopy=off" "$4/rootfs"
exec runc run --detach --pid-file "$6" --bundle "$4" "$5" < /dev/null > "$7" 2>&1
