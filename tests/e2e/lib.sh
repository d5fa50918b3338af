# Helpers for the end-to-end cases. tests/e2e/run.sh sources this file and
# then one case, in a subshell with `set -eu`, inside a fresh temporary
# directory. HOME is an empty directory beside it, and the case's standard
# input is /dev/null.
#
# A case reads as a script:
#
#	repo_init
#	write k8s/job.yaml <<'EOF'
#	apiVersion: batch/v1
#	kind: Job
#	EOF
#	commit "add the job"
#	tag deployed
#	run plan --deployed deployed
#	expect_exit 0
#	expect_stdout <<EOF
#	deployed $(git rev-parse deployed)
#	EOF
#
# Check for empty output with `expect_stdout </dev/null`.
#
# Quote the heredoc word (<<'EOF') for text that must stay byte for byte.
# Leave it unquoted (<<EOF) to substitute values that legitimately vary,
# such as commit ids: $(git rev-parse HEAD) and $VARIABLE are expanded, and a
# literal $ or backquote is then written \$ or \`.
#
# The first failed expectation ends the case: it prints the reason, a line
# starting with "failed: ", on standard error and exits the case's shell
# with status 1. Inside $(...), a
# pipeline or an explicit ( ... ) subshell, that exit only leaves that
# subshell, so call expectations at the top level of the case.
#
# Variables a case may use or set:
#	JOBHASH          absolute path of the program under test
#	JOBHASH_WRAPPER  command words put before $JOBHASH, such as valgrind
#	                 and its options; empty for none
#	E2E_DIR          absolute path of tests/e2e
#	STDOUT, STDERR   files holding what the last `run` wrote
#	RUN_STATUS       exit status of the last `run`

# Git runs with a fixed identity and fixed dates, and without the user's or
# the system's configuration, so commit ids are the same on every machine.
GIT_CONFIG_GLOBAL=/dev/null
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME="Jobhash Test"
GIT_AUTHOR_EMAIL="test@jobhash.invalid"
GIT_COMMITTER_NAME="Jobhash Test"
GIT_COMMITTER_EMAIL="test@jobhash.invalid"
GIT_AUTHOR_DATE="@1700000000 +0000"
GIT_COMMITTER_DATE="@1700000000 +0000"
export GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
	GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_CEILING_DIRECTORIES

# Seconds added to the commit date by each `commit`, so that later commits
# are later in time, while ids stay reproducible.
e2e_commit_count=0

# Where `run` keeps its captured output. run.sh sets E2E_STATE to a
# directory outside the case's working directory, so that the captured
# files never show up in a repository the case builds.
: "${E2E_STATE:?E2E_STATE is not set: run cases through tests/e2e/run.sh}"
STDOUT="$E2E_STATE/stdout"
STDERR="$E2E_STATE/stderr"
RUN_STATUS=

# fail MESSAGE...
# Ends the case as failed with MESSAGE.
fail()
{
	printf 'failed: %s\n' "$*" >&2
	exit 1
}

# skip REASON...
# Ends the case as skipped, for a prerequisite this machine lacks.
skip()
{
	printf 'SKIPPED: %s\n' "$*" >&2
	exit 77
}

# repo_init [DIR]
# Creates a Git repository with the branch main in DIR (default: the
# current directory) and enters DIR.
repo_init()
{
	mkdir -p "${1:-.}"
	cd "${1:-.}" || exit 1
	git init -q -b main
}

# write PATH
# Writes standard input to PATH byte for byte, creating parent directories.
write()
{
	mkdir -p "$(dirname "$1")"
	cat >"$1"
}

# write_printf PATH FORMAT [ARGUMENT...]
# Writes printf FORMAT ARGUMENT... to PATH, for bytes a heredoc cannot hold:
# '\r\n' for CR LF line ends, '\357\273\277' for a UTF-8 byte-order mark.
write_printf()
{
	e2e_path=$1
	shift
	mkdir -p "$(dirname "$e2e_path")"
	# The format is the caller's on purpose.
	# shellcheck disable=SC2059
	printf "$@" >"$e2e_path"
}

# commit MESSAGE
# Stages every change in the working tree and commits it.
commit()
{
	e2e_commit_count=$((e2e_commit_count + 1))
	e2e_date="@$((1700000000 + 60 * e2e_commit_count)) +0000"
	git add -A
	GIT_AUTHOR_DATE=$e2e_date GIT_COMMITTER_DATE=$e2e_date \
		git commit -q --allow-empty -m "$1"
}

# tag NAME [MESSAGE]
# Tags HEAD: a lightweight tag, or an annotated one when MESSAGE is given.
tag()
{
	if [ $# -ge 2 ]; then
		git tag -a -m "$2" "$1"
	else
		git tag "$1"
	fi
}

# run [ARGUMENT...]
# Runs $JOBHASH_WRAPPER $JOBHASH ARGUMENT... with the case's standard input,
# captures standard output in $STDOUT, standard error in $STDERR and the
# exit status in $RUN_STATUS. A non-zero exit does not end the case, but a
# memory error that valgrind or a sanitizer reports does: their reports go
# to a log file, so they never mix with the captured standard error.
run()
{
	rm -f "$E2E_STATE/valgrind.log" "$E2E_STATE"/sanitizer.*
	e2e_log_option=
	case ${JOBHASH_WRAPPER:-} in
	*valgrind*) e2e_log_option="--log-file=$E2E_STATE/valgrind.log" ;;
	esac

	RUN_STATUS=0
	# The wrapper is a list of words, split on purpose.
	# shellcheck disable=SC2086
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$E2E_STATE/sanitizer" \
	UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$E2E_STATE/sanitizer" \
		${JOBHASH_WRAPPER:-} $e2e_log_option "$JOBHASH" "$@" \
		>"$STDOUT" 2>"$STDERR" || RUN_STATUS=$?

	# valgrind exits 99 on a memory error or leak, as tests/run.sh sets
	# with --error-exitcode.
	if [ -n "$e2e_log_option" ] && [ "$RUN_STATUS" -eq 99 ]; then
		printf 'failed: valgrind reported errors for: jobhash %s\n' "$*" >&2
		cat "$E2E_STATE/valgrind.log" >&2
		exit 1
	fi
	# A sanitizer writes its report to log_path.PID.
	if ls "$E2E_STATE"/sanitizer.* >/dev/null 2>&1; then
		printf 'failed: a sanitizer reported errors for: jobhash %s\n' "$*" >&2
		cat "$E2E_STATE"/sanitizer.* >&2
		exit 1
	fi
}

# e2e_compare WHAT EXPECTED ACTUAL
# Ends the case with a unified diff when the two files differ.
e2e_compare()
{
	if ! cmp -s "$2" "$3"; then
		printf 'failed: %s differs from the expected text:\n' "$1" >&2
		diff -u --label expected --label actual "$2" "$3" >&2 || :
		exit 1
	fi
}

# e2e_contains WHAT FILE STRING
# Ends the case when FILE does not contain STRING.
e2e_contains()
{
	e2e_text=$(cat "$2")
	case $e2e_text in
	*"$3"*) ;;
	*)
		printf 'failed: %s does not contain: %s\n' "$1" "$3" >&2
		printf -- '--- %s:\n' "$1" >&2
		cat "$2" >&2
		exit 1
		;;
	esac
}

# expect_exit STATUS
# Checks the exit status of the last run.
expect_exit()
{
	if [ "$RUN_STATUS" != "$1" ]; then
		printf 'failed: expected exit status %s, got %s\n' "$1" "$RUN_STATUS" >&2
		printf -- '--- stderr:\n' >&2
		cat "$STDERR" >&2
		exit 1
	fi
}

# expect_stdout
# Checks that the last run's standard output equals standard input exactly.
expect_stdout()
{
	cat >"$E2E_STATE/expected"
	e2e_compare stdout "$E2E_STATE/expected" "$STDOUT"
}

# expect_stderr
# Checks that the last run's standard error equals standard input exactly.
expect_stderr()
{
	cat >"$E2E_STATE/expected"
	e2e_compare stderr "$E2E_STATE/expected" "$STDERR"
}

# expect_stdout_file FILE
# Checks that the last run's standard output equals the content of FILE.
expect_stdout_file()
{
	[ -f "$1" ] || fail "expected output file not found: $1"
	e2e_compare stdout "$1" "$STDOUT"
}

# expect_stdout_contains STRING
expect_stdout_contains()
{
	e2e_contains stdout "$STDOUT" "$1"
}

# expect_stderr_contains STRING
expect_stderr_contains()
{
	e2e_contains stderr "$STDERR" "$1"
}

# expect_file PATH
# Checks that the file PATH exists and equals standard input exactly.
expect_file()
{
	[ -f "$1" ] || fail "file not found: $1"
	cat >"$E2E_STATE/expected"
	e2e_compare "$1" "$E2E_STATE/expected" "$1"
}
