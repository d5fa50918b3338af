#!/bin/sh
# Runs the end-to-end cases against a built jobhash.
#
# Usage: tests/e2e/run.sh [CASE...]
#
# Without CASE, runs every tests/e2e/cases/*.sh, then every
# tests/e2e/selftest/*.sh, which must fail: they prove that the runner
# reports failures. A CASE path is taken as given, or else relative to
# tests/e2e.
#
# Environment:
#	JOBHASH          the program under test (default: build/jobhash)
#	JOBHASH_WRAPPER  command words put before it, such as valgrind
#	KEEP=1           keep each case's temporary directory and print its path
#	E2E_JOBS         how many cases run at the same time (default: 2)
#
# Prints PASS NAME, FAIL NAME with the reason, or SKIP NAME with the reason
# for each case, then "N passed, N failed" (", N skipped" when any were).
# Exits 1 when a case failed, 2 on a usage error, else 0.
set -u

e2e_dir=$(cd "$(dirname "$0")" && pwd) || exit 2
export E2E_DIR="$e2e_dir"

JOBHASH=${JOBHASH:-build/jobhash}
case $JOBHASH in
/*) ;;
*) JOBHASH="$PWD/$JOBHASH" ;;
esac
export JOBHASH
export JOBHASH_WRAPPER="${JOBHASH_WRAPPER:-}"

if [ ! -x "$JOBHASH" ]; then
	echo "e2e: program not found or not executable: $JOBHASH (run make first, or set JOBHASH)" >&2
	exit 2
fi

# print_indented FILE
# Prints the lines of FILE indented, so that they stand apart from the PASS
# and FAIL lines.
print_indented()
{
	sed 's/^/    /' "$1"
}

# run_case CASE_FILE RESULT
# Runs one case in a fresh temporary directory. Writes the case's exit
# status to RESULT.status (0 passed, 77 skipped, anything else failed) and
# its output to RESULT.log. Removes the directory unless KEEP=1.
run_case()
{
	case_root=$(mktemp -d "${TMPDIR:-/tmp}/jobhash-e2e.XXXXXX") || exit 2
	mkdir "$case_root/work" "$case_root/home" "$case_root/state"

	(
		cd "$case_root/work" || exit 2
		HOME="$case_root/home"
		E2E_STATE="$case_root/state"
		export HOME E2E_STATE
		unset XDG_CONFIG_HOME
		set -eu
		# shellcheck source=tests/e2e/lib.sh
		. "$e2e_dir/lib.sh"
		# shellcheck disable=SC1090
		. "$1"
	) </dev/null >"$2.log" 2>&1
	echo $? >"$2.status"

	if [ "${KEEP:-0}" = 1 ]; then
		echo "kept: $case_root" >>"$2.log"
	else
		rm -rf "$case_root"
	fi
}

# Internal mode, for the parallel runs below: run.sh --run-case LIST INDEX
# runs the case on line INDEX of the file LIST.
if [ "${1:-}" = --run-case ]; then
	run_case "$(sed -n "${3}p" "$2")" "$(dirname "$2")/$3"
	exit 0
fi

# case_name CASE_FILE
# Prints the case's name: its file name without .sh, prefixed with
# selftest/ for the self-tests.
case_name()
{
	name=$(basename "$1" .sh)
	case $1 in
	*/selftest/*) name="selftest/$name" ;;
	esac
	echo "$name"
}

# has_reason LOG
# Succeeds when LOG contains a failure reason that lib.sh prints.
has_reason()
{
	grep -q '^failed: ' "$1"
}

# report_case CASE_FILE RESULT
# Prints PASS, SKIP or FAIL for a normal case and counts it.
report_case()
{
	name=$(case_name "$1")
	status=$(cat "$2.status")
	if [ "$status" -eq 0 ]; then
		echo "PASS $name"
		grep '^kept: ' "$2.log" | sed 's/^/    /'
		passed=$((passed + 1))
	elif [ "$status" -eq 77 ]; then
		echo "SKIP $name"
		grep -e '^SKIPPED:' -e '^kept: ' "$2.log" | sed 's/^/    /'
		skipped=$((skipped + 1))
	else
		echo "FAIL $name (exit status $status)"
		print_indented "$2.log"
		if ! has_reason "$2.log"; then
			echo "    a command of the case failed: add 'set -x' to the case to trace it"
		fi
		failed=$((failed + 1))
	fi
}

# report_selftest CASE_FILE RESULT
# Checks that a self-test failed with a reason from lib.sh. Prints the
# reason too when the case was named on the command line.
report_selftest()
{
	name=$(case_name "$1")
	status=$(cat "$2.status")
	if [ "$status" -ne 0 ] && [ "$status" -ne 77 ] && has_reason "$2.log"; then
		echo "PASS $name (failed as it should)"
		if [ "$named" = 1 ]; then
			print_indented "$2.log"
		fi
		passed=$((passed + 1))
	else
		echo "FAIL $name: this case must fail with a reason, but it exited with status $status"
		print_indented "$2.log"
		failed=$((failed + 1))
	fi
}

results=$(mktemp -d "${TMPDIR:-/tmp}/jobhash-e2e-results.XXXXXX") || exit 2
trap 'rm -rf "$results"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
list="$results/cases"
: >"$list"

# The list of cases, one absolute path a line.
if [ $# -gt 0 ]; then
	named=1
	for case_file in "$@"; do
		if [ ! -f "$case_file" ] && [ -f "$e2e_dir/$case_file" ]; then
			case_file="$e2e_dir/$case_file"
		fi
		if [ ! -f "$case_file" ]; then
			echo "e2e: case not found: $case_file" >&2
			exit 2
		fi
		case_file=$(cd "$(dirname "$case_file")" && pwd)/$(basename "$case_file")
		echo "$case_file" >>"$list"
	done
else
	named=0
	for case_file in "$e2e_dir"/cases/*.sh "$e2e_dir"/selftest/*.sh; do
		if [ -f "$case_file" ]; then
			echo "$case_file" >>"$list"
		fi
	done
fi

# Cases run E2E_JOBS at a time, and are reported in list order once all
# have finished.
jobs=${E2E_JOBS:-2}
case $jobs in
'' | *[!0-9]* | 0)
	echo "e2e: invalid E2E_JOBS '$jobs': expected a positive integer" >&2
	exit 2
	;;
esac
awk 'END { for (i = 1; i <= NR; i++) print i }' "$list" |
	xargs -n 1 -P "$jobs" sh "$e2e_dir/run.sh" --run-case "$list"

passed=0
failed=0
skipped=0
index=0
while IFS= read -r case_file; do
	index=$((index + 1))
	case $case_file in
	*/selftest/*) report_selftest "$case_file" "$results/$index" ;;
	*) report_case "$case_file" "$results/$index" ;;
	esac
done <"$list"

summary="$passed passed, $failed failed"
if [ "$skipped" -gt 0 ]; then
	summary="$summary, $skipped skipped"
fi
echo "$summary"
[ "$failed" -eq 0 ]
