#!/bin/sh
# Measures jobhash against the floors and the peer script.
#
# Usage: bench/run.sh BIN      (make bench runs it with build/jobhash)
#
# Environment:
#   BENCH_SIZES  synthetic repository sizes in manifest files (default "1000 10000 50000")
#   BENCH_RUNS   timed runs per command after one warm-up run (default 5)
#
# Synthetic repositories are cached under bench/out/ and rebuilt when
# bench/gen.py changes. The corpus is cloned into a temporary directory
# that is removed at exit. The table of medians goes to stdout and to
# bench/out/results.md.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: bench/run.sh BIN" >&2
	exit 2
fi
if [ ! -x "$1" ]; then
	echo "bench: $1: not an executable file; run make first" >&2
	exit 2
fi
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
bench=$root/bench
out=$bench/out
sizes=${BENCH_SIZES:-"1000 10000 50000"}
runs=${BENCH_RUNS:-5}
corpus_bundle=$root/../shared/corpora/infra-deployments.bundle

# hyperfine and GNU time are Debian packages; install them when missing.
missing=""
command -v hyperfine >/dev/null 2>&1 || missing="$missing hyperfine"
[ -x /usr/bin/time ] || missing="$missing time"
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "bench: missing packages:$missing; install them with apt-get" >&2
		exit 2
	fi
	apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

make --no-print-directory -s -C "$bench"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
results=$tmp/results.tsv
: >"$results"

# Prints the median wall time (s) of the runs in a hyperfine JSON export.
median_of() {
	python3 -c 'import json, sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}

# measure REPO_LABEL COMMAND_LABEL COMMAND: times COMMAND with hyperfine
# and measures its peak resident set size with GNU time. Exit codes 0 and
# 1 count as success because plan commands exit 1 when Jobs changed.
measure() {
	echo "bench: $1: $2" >&2
	if ! hyperfine --warmup 1 --runs "$runs" --ignore-failure --style none \
		--export-json "$tmp/run.json" "$3" >/dev/null 2>"$tmp/hyperfine.err"; then
		echo "bench: $1: $2: hyperfine failed:" >&2
		cat "$tmp/hyperfine.err" >&2
		printf '%s\t%s\tfailed\t-\n' "$1" "$2" >>"$results"
		return 0
	fi
	set +e
	/usr/bin/time -v -o "$tmp/time.txt" sh -c "$3" >/dev/null 2>"$tmp/stderr.txt"
	status=$?
	set -e
	if [ "$status" -gt 1 ]; then
		echo "bench: $1: $2: exit code $status:" >&2
		tail -n 5 "$tmp/stderr.txt" >&2
	fi
	# GNU time reports the largest process it waited for, not a sum.
	rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$tmp/time.txt")
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$(median_of "$tmp/run.json")" "$rss" >>"$results"
}

# jobhash_has REPO ARGS...: false when BIN does not implement the command
# yet, which it reports with exit code 2 and "unknown command".
jobhash_has() {
	repo=$1
	shift
	set +e
	"$bin" -C "$repo" "$@" >/dev/null 2>"$tmp/probe.err"
	status=$?
	set -e
	if [ "$status" -eq 2 ] && grep -q "unknown command" "$tmp/probe.err"; then
		echo "bench: SKIPPED: jobhash $1: unknown command" >&2
		return 1
	fi
	return 0
}

# measure_tip LABEL REPO: the per-revision commands at the tip.
measure_tip() {
	measure "$1" "read floor" "$out/floor_read $2 HEAD"
	measure "$1" "parse floor" "$out/floor_parse $2 HEAD"
	measure "$1" "peer hash" "python3 $bench/peer.py -C $2 hash HEAD"
	if jobhash_has "$2" hash HEAD; then
		measure "$1" "jobhash hash" "$bin -C $2 hash HEAD"
	fi
	if jobhash_has "$2" generate --recursive "$2"; then
		# Kustomize directories and a dangling link are errors for generate,
		# which still reads every other file; leave them out so that the
		# row measures a stream that is printed.
		measure "$1" "jobhash generate" "$bin -C $2 generate --recursive --exclude '*kustomization.y*ml' --exclude clusters/current.yaml --exclude '*/templates/*' $2"
	fi
	if jobhash_has "$2" rewrite --check; then
		measure "$1" "jobhash rewrite --check" "$bin -C $2 rewrite --check"
	fi
}

# measure_plan LABEL REPO REV: the three ways to find what changed since REV.
measure_plan() {
	measure "$1" "git diff --name-only $3" "git -C $2 diff --name-only $3 HEAD"
	measure "$1" "peer plan $3" "python3 $bench/peer.py -C $2 plan $3 HEAD"
	if jobhash_has "$2" plan --deployed "$3"; then
		measure "$1" "jobhash plan $3" "$bin -C $2 plan --deployed $3"
	fi
}

if [ -f "$corpus_bundle" ]; then
	git clone -q "$corpus_bundle" "$tmp/infra-deployments"
	measure_tip "infra-deployments" "$tmp/infra-deployments"
	for rev in HEAD~1 HEAD~100 HEAD~1000; do
		measure_plan "infra-deployments" "$tmp/infra-deployments" "$rev"
	done
else
	echo "SKIPPED: corpus not found at $corpus_bundle"
fi

stamp=$(sha256sum "$bench/gen.py" | cut -c1-64)
for size in $sizes; do
	repo=$out/synth-$size
	if [ ! -d "$repo/.git" ] || [ "$(cat "$repo.stamp" 2>/dev/null)" != "$stamp" ]; then
		rm -rf "$repo" "$repo.stamp"
		python3 "$bench/gen.py" --files "$size" "$repo"
		echo "$stamp" >"$repo.stamp"
	fi
	measure_tip "synthetic $size" "$repo"
	case $size in
	1000 | 50000) measure_plan "synthetic $size" "$repo" deployed ;;
	esac
done

{
	echo "| repository | command | median (s) | peak RSS (MiB) |"
	echo "|---|---|--:|--:|"
	awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }' "$results"
} | tee "$out/results.md"
