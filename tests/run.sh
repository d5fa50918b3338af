#!/bin/sh
# Runs the whole test suite from the repository root: the cmocka unit test
# binaries, then the end-to-end cases.
#
# Usage: sh tests/run.sh BUILD SANITIZE [all|unit|e2e]
#
# BUILD is the build directory (build or build-sanitize). SANITIZE is 1 when
# BUILD contains the AddressSanitizer and UndefinedBehaviorSanitizer build.
# When SANITIZE is 0 and valgrind is installed, every unit binary also runs
# once under valgrind, and every jobhash run of the end-to-end cases runs
# under it. TEST_TIMEOUT bounds each unit binary run, in seconds (default
# 600), when the timeout program exists.
#
# The last line printed is "N passed, N failed", plus ", N skipped" when
# tests were skipped. Exits 1 when anything failed, 2 on a usage error.
set -u

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	echo "usage: sh tests/run.sh BUILD SANITIZE [all|unit|e2e]" >&2
	exit 2
fi
build=$1
sanitize=$2
parts=${3:-all}
case $sanitize in
0 | 1) ;;
*)
	echo "tests/run.sh: invalid SANITIZE '$sanitize': expected 0 or 1" >&2
	exit 2
	;;
esac
case $parts in
all | unit | e2e) ;;
*)
	echo "tests/run.sh: invalid part '$parts': expected all, unit or e2e" >&2
	exit 2
	;;
esac

valgrind=""
if [ "$sanitize" = 0 ] && command -v valgrind >/dev/null 2>&1; then
	# Exit status 99 distinguishes a valgrind finding from the program's
	# own exit statuses.
	valgrind="valgrind --quiet --leak-check=full \
--show-leak-kinds=definite,indirect,possible \
--errors-for-leak-kinds=definite,indirect,possible \
--error-exitcode=99 --track-fds=no \
--suppressions=$PWD/tests/valgrind.supp"
fi
if [ "$sanitize" = 1 ]; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
	export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
fi

timeout=""
if command -v timeout >/dev/null 2>&1; then
	timeout="timeout ${TEST_TIMEOUT:-600}"
fi

# Plain text messages, which cmocka_counts parses, and not TAP, SubUnit or
# XML.
CMOCKA_MESSAGE_OUTPUT=stdout
export CMOCKA_MESSAGE_OUTPUT

scratch=$(mktemp -d "${TMPDIR:-/tmp}/jobhash-check.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

passed=0
failed=0
skipped=0

# show_output LABEL FILE
# Prints FILE indented under LABEL, when it is not empty.
show_output()
{
	if [ -s "$2" ]; then
		echo "    --- $1:"
		sed 's/^/    /' "$2"
	fi
}

# show_skip_lines FILE
# Prints the lines starting with SKIPPED: that a test wrote.
show_skip_lines()
{
	grep '^SKIPPED:' "$1" | sed 's/^/    /'
}

# cmocka_counts FILE
# Prints "PASSED FAILED SKIPPED FOUND": the test counts summed over every
# cmocka summary in FILE, and 1 in FOUND when FILE has a summary.
cmocka_counts()
{
	awk '
	/^\[  PASSED  \] [0-9]+ test\(s\)\.$/ { p += $4; found = 1 }
	/^\[  FAILED  \] [0-9]+ test\(s\), listed below:$/ { f += $4; found = 1 }
	/^\[  SKIPPED \] [0-9]+ test\(s\), listed below:$/ { s += $4; found = 1 }
	END { print p + 0, f + 0, s + 0, found + 0 }
	' "$1"
}

# run_unit BINARY
# Runs one unit test binary and adds its tests to the totals.
run_unit()
{
	name=$(basename "$1")
	out="$scratch/$name.out"

	# One file for both streams keeps cmocka's messages in order: it
	# flushes standard output before it writes to standard error.
	status=0
	# shellcheck disable=SC2086
	$timeout "$1" >"$out" 2>&1 </dev/null || status=$?
	# shellcheck disable=SC2046
	set -- $(cmocka_counts "$out")
	unit_passed=$1
	unit_failed=$2
	unit_skipped=$3
	found=$4

	reason=""
	if [ "$status" -eq 124 ] && [ -n "$timeout" ]; then
		reason="timed out after ${TEST_TIMEOUT:-600} s"
	elif [ "$found" -eq 0 ]; then
		if [ "$status" -ne 0 ]; then
			reason="exit status $status without a cmocka summary"
		elif ! grep -q '^SKIPPED:' "$out"; then
			reason="no cmocka summary and no SKIPPED: line"
		fi
	elif [ "$status" -ne 0 ] && [ "$unit_failed" -eq 0 ]; then
		# Such as a leak that LeakSanitizer reports after the summary.
		reason="exit status $status after the tests passed"
	fi

	if [ -n "$reason" ]; then
		unit_failed=$((unit_failed + 1))
	fi
	if [ "$unit_failed" -gt 0 ]; then
		: >"$scratch/$name.failed"
	elif [ "$found" -eq 0 ]; then
		unit_skipped=1
	fi
	passed=$((passed + unit_passed))
	failed=$((failed + unit_failed))
	skipped=$((skipped + unit_skipped))

	if [ "$unit_failed" -gt 0 ]; then
		echo "FAIL unit/$name: $unit_passed passed, $unit_failed failed${reason:+ ($reason)}"
		show_output output "$out"
	else
		line="PASS unit/$name: $unit_passed passed"
		if [ "$unit_skipped" -gt 0 ]; then
			line="$line, $unit_skipped skipped"
		fi
		echo "$line"
		show_skip_lines "$out"
	fi
}

# run_units_under_valgrind BINARY...
# Runs the binaries under valgrind, two at a time. Counts one more failure
# for each binary with a valgrind finding, or that fails only under
# valgrind. The tests themselves were counted by run_unit.
run_units_under_valgrind()
{
	# shellcheck disable=SC2016
	printf '%s\n' "$@" |
		VALGRIND="$valgrind" TIMEOUT="$timeout" SCRATCH="$scratch" \
		xargs -n 1 -P 2 sh -c '
			name=$(basename "$1")
			status=0
			$TIMEOUT $VALGRIND --log-file="$SCRATCH/$name.vglog" "$1" \
				>"$SCRATCH/$name.vgout" 2>&1 </dev/null || status=$?
			echo "$status" >"$SCRATCH/$name.vgstatus"
		' sh

	clean=0
	for binary in "$@"; do
		name=$(basename "$binary")
		status=$(cat "$scratch/$name.vgstatus" 2>/dev/null || echo "not run")
		if [ "$status" = 0 ]; then
			clean=$((clean + 1))
			continue
		fi
		# run_unit has reported and counted this failure already.
		if [ "$status" != 99 ] && [ -e "$scratch/$name.failed" ]; then
			continue
		fi
		case $status in
		99) echo "FAIL valgrind/$name: valgrind reported errors" ;;
		124) echo "FAIL valgrind/$name: timed out after ${TEST_TIMEOUT:-600} s" ;;
		*) echo "FAIL valgrind/$name: exit status $status under valgrind" ;;
		esac
		failed=$((failed + 1))
		show_output "valgrind report" "$scratch/$name.vglog"
		show_output output "$scratch/$name.vgout"
	done
	echo "valgrind: $clean of $# unit binaries clean"
}

# run_e2e
# Runs tests/e2e/run.sh and adds its totals.
run_e2e()
{
	out="$scratch/e2e.out"

	status=0
	JOBHASH="$build/jobhash" JOBHASH_WRAPPER="$valgrind" \
		sh tests/e2e/run.sh >"$out" 2>&1 || status=$?
	summary=$(tail -n 1 "$out")
	sed '$d' "$out"

	# shellcheck disable=SC2046
	set -- $(echo "$summary" |
		sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed\(, \([0-9]*\) skipped\)\{0,1\}$/\1 \2 \4/p')
	if [ $# -lt 2 ]; then
		echo "FAIL e2e: tests/e2e/run.sh exited with status $status without a summary"
		echo "    $summary"
		failed=$((failed + 1))
		return
	fi
	echo "e2e: $summary"
	passed=$((passed + $1))
	failed=$((failed + $2))
	skipped=$((skipped + ${3:-0}))
	if [ "$status" -ne 0 ] && [ "$2" -eq 0 ]; then
		echo "FAIL e2e: tests/e2e/run.sh exited with status $status"
		failed=$((failed + 1))
	fi
}

if [ "$parts" != e2e ]; then
	units=""
	for binary in "$build"/tests/test_*; do
		if [ ! -f "$binary" ] || [ ! -x "$binary" ]; then
			continue
		fi
		run_unit "$binary"
		units="$units $binary"
	done
	if [ -n "$valgrind" ] && [ -n "$units" ]; then
		# shellcheck disable=SC2086
		run_units_under_valgrind $units
	fi
fi

if [ "$parts" != unit ]; then
	run_e2e
fi

summary="$passed passed, $failed failed"
if [ "$skipped" -gt 0 ]; then
	summary="$summary, $skipped skipped"
fi
echo "$summary"
[ "$failed" -eq 0 ]
