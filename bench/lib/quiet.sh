# Sourced by the benchmarks: quiet CMD... runs a command with its output in $work/quiet.out, shown
# only when it fails; then the benchmark stops (its EXIT trap cleans up). A command's own progress
# lines would break the benchmark's status line. Needs: work, the caller's scratch directory.
quiet() {
    "$@" > "$work/quiet.out" 2>&1 || {
        cat "$work/quiet.out" >&2
        echo "$(basename "$0"): '$*' failed" >&2
        exit 1
    }
}
