# The framework's `run` and expectations, checked with a fake program in
# place of jobhash.

[ -z "$(ls -A)" ] || fail "the working directory is not empty at the start"
[ -z "$(ls -A "$HOME")" ] || fail "HOME is not empty at the start"

${CC:-cc} -o fake "$E2E_DIR/selftest/fake.c"
export JOBHASH="$PWD/fake"

run echo hello world
expect_exit 0
expect_stdout <<'EOF2'
hello world
EOF2
expect_stderr </dev/null

run warn something went wrong
expect_exit 0
expect_stdout </dev/null
expect_stderr <<'EOF2'
something went wrong
EOF2
expect_stderr_contains "went"

# A failing exit status is captured and does not end the case.
run exit 3
expect_exit 3
[ "$RUN_STATUS" = 3 ] || fail "RUN_STATUS is '$RUN_STATUS', expected 3"

# The case's standard input reaches the program.
write input.txt <<'EOF2'
line one
  line two with $dollar and `backquotes`
EOF2
run cat <input.txt
expect_exit 0
expect_stdout_file input.txt
# shellcheck disable=SC2016
expect_stdout_contains 'two with $dollar'

# Without redirection the standard input is empty, so a program that reads
# it never waits.
run cat
expect_exit 0
expect_stdout </dev/null

# An unquoted heredoc substitutes values computed by the case.
word=$(printf '%s' computed)
run echo "$word" value
expect_stdout <<EOF2
$word value
EOF2
