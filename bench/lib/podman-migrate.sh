# Sourced by the benchmarks: the downtime of moving a running redis container with podman, the peer
# of Hoist's migrations. The container (the image of bench/lib/podman-redis.sh, --network host, a port
# of its own) holds its state in its own filesystem under /var/lib/redis: a file of random data of
# the given size, plus keys in redis. One migration is
#     podman container checkpoint --export FILE     (the container stops here: the clock starts)
#     cp FILE TARGET/                                (stands in for the network)
#     podman container restore --import TARGET/FILE
#     ... until redis answers PING on its port       (the clock stops)
# The original container must be removed before the import, which recreates it under the same name;
# that removal is not counted: on a real target host it would not be in the way. Neither
# --ignore-rootfs (the state is in the rootfs) nor --tcp-established (no client is connected while
# it moves) is given; the checkpoint is compressed as podman does by default (zstd), or as
# HOIST_BENCH_PODMAN_COMPRESS says (none, gzip, zstd).
# Each measured run moves the container that the run before restored; one migration before them
# is not counted. Before each run the disk is synced, so that no run pays for the last one's writes.
# Needs: podman=(podman --cgroup-manager=cgroupfs --runtime runc) set by the caller; root; redis-cli.
# The caller's cleanup must call podman_migrate_cleanup (and podman_remove_redis for the image).

_podman_migrate_lib=$(dirname "${BASH_SOURCE[0]}")
. "$_podman_migrate_lib/criu.sh"
. "$_podman_migrate_lib/podman-redis.sh"

podman_migrate_container=hoist-bench-migrate
# How long one podman checkpoint or restore may take before the run is failed (seconds).
podman_migrate_timeout=${HOIST_BENCH_MIGRATE_TIMEOUT:-300}
podman_migrate_compress=${HOIST_BENCH_PODMAN_COMPRESS:-zstd}
_podman_migrate_dir=
# Where the logs of a failed checkpoint or restore are kept (the container's own go with it).
podman_migrate_failed=${TMPDIR:-/var/tmp}/hoist-bench-podman-migrate.failed

# podman_migrate_prepare ROOT WORK: installs CRIU (bench/lib/criu.sh; puts it first on PATH) and builds
# $podman_redis_image from the root filesystem ROOT (bench/lib/podman-redis.sh, in WORK/oci).
# Returns 1 with a one-line message on failure.
podman_migrate_prepare() {
    local root=$1 work=$2
    criu_install || return 1
    if ! podman_build_redis "$root" "$work"; then
        echo "podman_migrate_prepare: podman build of redis failed (see $work/podman-build.log)" >&2
        return 1
    fi
}

# podman_migrate_measure SIZE_MB RUNS WORK [PORT]: starts the container on PORT (default 6394) with
# SIZE_MB MiB of state, moves it RUNS times (after one move not counted), checks after each move that
# the state came along (the file's size and the number of keys; the file's digest after the last),
# then removes the container and its files. Prints one line on stdout:
#     MEDIAN_DOWNTIME_MS CHECKPOINT_BYTES
# (the checkpoint's size is that of the last run). Each run's times, in ms, go to
# WORK/podman-migrate-SIZE_MB.times, one line per run:
#     downtime checkpoint copy restore pong-after-restore rm-of-the-original (not counted)
# Needs podman_migrate_prepare first. Returns 1 with a one-line message on stderr on failure; when a
# checkpoint or restore failed, podman's and CRIU's logs are kept in $podman_migrate_failed.
podman_migrate_measure() {
    local size_mb=$1 runs=$2 work=$3 port=${4:-6394}
    local dir=$work/podman-migrate times=$work/podman-migrate-$1.times digest keys=1000 i bytes
    if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
        echo "podman_migrate_measure: port $port is in use; stop what listens on it" >&2
        return 1
    fi
    _podman_migrate_dir=$dir
    rm -rf "$dir"
    mkdir -p "$dir/source" "$dir/target"
    "${podman[@]}" rm -f -t 1 "$podman_migrate_container" > /dev/null 2>&1 || true
    if ! "${podman[@]}" run -d --name "$podman_migrate_container" --network host \
        --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 "$podman_redis_image" \
        redis-server --port "$port" --bind 127.0.0.1 --dir /var/lib/redis --save '' > "$dir/run.log" 2>&1; then
        echo "podman_migrate_measure: podman run failed: $(tail -1 "$dir/run.log")" >&2
        return 1
    fi
    _podman_migrate_await_pong "$port" || { echo "podman_migrate_measure: redis in the container did not answer on port $port" >&2; return 1; }
    # The state: a file of random data in the container's own filesystem, and keys of 1 KiB in redis.
    if ! digest=$("${podman[@]}" exec "$podman_migrate_container" sh -c \
        "head -c ${size_mb}M /dev/urandom > /var/lib/redis/state.bin && chown redis:redis /var/lib/redis/state.bin && sha256sum < /var/lib/redis/state.bin" 2> "$dir/state.log"); then
        echo "podman_migrate_measure: writing $size_mb MiB into the container failed: $(tail -1 "$dir/state.log")" >&2
        return 1
    fi
    _podman_migrate_keys "$keys" | redis-cli -p "$port" --pipe > "$dir/keys.log" 2>&1 || {
        echo "podman_migrate_measure: writing keys into redis failed (see $dir/keys.log)" >&2
        return 1
    }
    : > "$times"
    for i in $(seq 0 "$runs"); do
        ((i == 0)) || printf '\rpodman, %s MiB: move %d of %d...' "$size_mb" "$i" "$runs" >&2
        if ((i == 0)); then
            _podman_migrate_once "$dir" "$port" > /dev/null || return 1
        else
            _podman_migrate_once "$dir" "$port" >> "$times" || return 1
        fi
        _podman_migrate_check "$port" "$size_mb" "$keys" || return 1
    done
    ((runs == 0)) || echo >&2
    if [[ $("${podman[@]}" exec "$podman_migrate_container" sh -c 'sha256sum < /var/lib/redis/state.bin') != "$digest" ]]; then
        echo "podman_migrate_measure: the state file's content changed in the moves" >&2
        return 1
    fi
    bytes=$(stat -c %s "$dir/target/checkpoint.tar")
    podman_migrate_cleanup
    echo "$(cut -d' ' -f1 "$times" | _podman_migrate_median) $bytes"
}

# podman_migrate_cleanup: removes the container, whatever state it is in, and the files of the last
# measurement. Safe to call at any time, more than once.
podman_migrate_cleanup() {
    local id pid
    id=$("${podman[@]}" inspect --format '{{.Id}}' "$podman_migrate_container" 2> /dev/null) || id=
    if [[ -n $id ]]; then
        # A runc checkpoint or restore of this container that outlived its podman (a timeout, Ctrl-C):
        # its CRIU holds the container's processes; end it (and CRIU, its child) first.
        for pid in $(pgrep -f -- "^[^ ]*runc (checkpoint|restore) .*$id" || true); do
            pkill -KILL -P "$pid" 2> /dev/null || true
            kill -KILL "$pid" 2> /dev/null || true
        done
        "${podman[@]}" rm -f -t 1 "$podman_migrate_container" > /dev/null 2>&1 || true
    fi
    [[ -z $_podman_migrate_dir ]] || rm -rf "$_podman_migrate_dir"
    _podman_migrate_dir=
}

# One move; prints "downtime checkpoint copy restore pong rm" in ms.
_podman_migrate_once() {
    local dir=$1 port=$2 t0 t1 t2 t3 t4 t5 status=0
    rm -f "$dir/source/checkpoint.tar" "$dir/target/checkpoint.tar"
    sync
    t0=$EPOCHREALTIME
    # --foreground: podman stays in this shell's process group, so that Ctrl-C reaches it.
    timeout --foreground "$podman_migrate_timeout" "${podman[@]}" container checkpoint \
        --compress "$podman_migrate_compress" --export "$dir/source/checkpoint.tar" "$podman_migrate_container" > "$dir/checkpoint.log" 2>&1 || status=$?
    if ((status != 0)); then
        echo "podman_migrate_measure: podman container checkpoint failed: $(_podman_migrate_why "$dir/checkpoint.log" "$status")" >&2
        return 1
    fi
    t1=$EPOCHREALTIME
    cp "$dir/source/checkpoint.tar" "$dir/target/checkpoint.tar"
    t2=$EPOCHREALTIME
    # Not counted: on another host the original would not be in the way of the import.
    "${podman[@]}" rm "$podman_migrate_container" > "$dir/rm.log" 2>&1 || {
        echo "podman_migrate_measure: podman rm of the checkpointed container failed: $(tail -1 "$dir/rm.log")" >&2
        return 1
    }
    rm -f "$dir/source/checkpoint.tar"
    t3=$EPOCHREALTIME
    timeout --foreground "$podman_migrate_timeout" "${podman[@]}" container restore \
        --import "$dir/target/checkpoint.tar" > "$dir/restore.log" 2>&1 || status=$?
    if ((status != 0)); then
        echo "podman_migrate_measure: podman container restore failed: $(_podman_migrate_why "$dir/restore.log" "$status")" >&2
        return 1
    fi
    t4=$EPOCHREALTIME
    _podman_migrate_await_pong "$port" || { echo "podman_migrate_measure: the restored redis did not answer on port $port" >&2; return 1; }
    t5=$EPOCHREALTIME
    echo "($t2 - $t0 + $t5 - $t3) * 1000; ($t1 - $t0) * 1000; ($t2 - $t1) * 1000; ($t4 - $t3) * 1000; ($t5 - $t4) * 1000; ($t3 - $t2) * 1000" \
        | bc | xargs printf '%.1f %.1f %.1f %.1f %.1f %.1f\n'
}

# After a move: the state file has its size and redis has its keys.
_podman_migrate_check() {
    local port=$1 size_mb=$2 keys=$3 size count
    size=$("${podman[@]}" exec "$podman_migrate_container" stat -c %s /var/lib/redis/state.bin 2> /dev/null) || size=
    count=$(redis-cli -p "$port" dbsize 2> /dev/null) || count=
    if [[ $size != $((size_mb * 1024 * 1024)) || $count != "$keys" ]]; then
        echo "podman_migrate_measure: the state did not come along (state file ${size:-missing} bytes, ${count:-no} keys in redis)" >&2
        return 1
    fi
}

# The last line of a failed podman checkpoint or restore's log; keeps that log, and CRIU's log that
# it names, in $podman_migrate_failed (they would go with the container).
_podman_migrate_why() {
    local log=$1 status=$2 line criu_log dir
    rm -rf "$podman_migrate_failed"
    mkdir -p "$podman_migrate_failed"
    cp "$log" "$podman_migrate_failed/"
    # CRIU's log is in the container's directory (a timed-out podman did not get to name it).
    dir=$("${podman[@]}" inspect --format '{{.StaticDir}}' "$podman_migrate_container" 2> /dev/null) || dir=
    for criu_log in ${dir:+"$dir"/dump.log "$dir"/restore.log} $(grep -o '/[^ :]*/\(dump\|restore\)\.log' "$log" | sort -u); do
        cp "$criu_log" "$podman_migrate_failed/" 2> /dev/null || true
    done
    if ((status == 124)); then
        line="timed out after $podman_migrate_timeout s"
    else
        line=$(grep -v '^[[:space:]]*$' "$log" | tail -1) || true
    fi
    echo "$line (logs kept in $podman_migrate_failed)"
}

# COUNT keys of 1 KiB as redis protocol, for redis-cli --pipe.
_podman_migrate_keys() {
    awk -v n="$1" 'BEGIN {
        v = sprintf("%1024s", ""); gsub(/ /, "x", v)
        for (i = 1; i <= n; i++) { k = "key:" i; printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v }
    }'
}

# Waits until redis answers PING on the port (bash's own /dev/tcp: no process per try), 60 s at most.
_podman_migrate_await_pong() {
    local reply deadline=$((${EPOCHSECONDS} + 60))
    while ((EPOCHSECONDS < deadline)); do
        if exec 3<> "/dev/tcp/127.0.0.1/$1"; then
            printf 'PING\r\n' >&3
            reply=
            read -r -t 2 reply <&3 || true
            exec 3>&-
            [[ $reply == +PONG* ]] && return 0
        fi
    done 2> /dev/null
    return 1
}

_podman_migrate_median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
