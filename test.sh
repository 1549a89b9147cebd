#!/usr/bin/env bash
# Runs every test of Hoist: unit tests, and integration tests with real debootstrap'ed OS images,
# real apt installs, real namespaces and overlayfs (as root). OS images are built once per run and
# shared between test projects (HOIST_TEST_HOME, default /var/tmp/hoist-test). The last line is
# the summary "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
results=$PWD/TestResults
rm -rf "$results"
mkdir -p "$results"

if ! dotnet build Hoist.slnx -c Release --nologo -v quiet; then
    echo "test.sh: the build failed"
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi

status=0
: > "$results/projects"
for project in tests/*.Tests; do
    name=$(basename "$project")
    echo "$name" >> "$results/projects"
    echo "== $name"
    dotnet test "$project" -c Release --no-build --nologo \
        --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
        --results-directory "$results" --blame-hang-timeout 20m || status=1
done
failures=$(scripts/test-failures "$results")
if [[ -n $failures ]]; then
    echo "== failed tests"
    head -n 80 <<< "$failures"
fi
scripts/test-summary "$results" "$results/projects"
exit $status
