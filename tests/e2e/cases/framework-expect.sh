# Each expectation ends the case when it does not hold. Every check runs in
# a ( ... ) subshell, so that its failure can be observed here.

${CC:-cc} -o fake "$E2E_DIR/selftest/fake.c"
export JOBHASH="$PWD/fake"

# must_fail DESCRIPTION COMMAND...
# Fails this case unless COMMAND, run in a subshell, fails.
must_fail()
{
	description=$1
	shift
	if ("$@") >reason.txt 2>&1; then
		fail "$description: the expectation held"
	fi
}

run echo actual
must_fail "expect_exit with the wrong status" expect_exit 1
must_fail "expect_stdout with other text" expect_stdout <<'EOF2'
expected
EOF2
must_fail "expect_stdout without the final newline" expect_stdout_file /dev/null
must_fail "expect_stderr with other text" expect_stderr <<'EOF2'
actual
EOF2
must_fail "expect_stdout_contains with a missing string" expect_stdout_contains "missing"
must_fail "expect_stderr_contains on empty stderr" expect_stderr_contains "actual"
must_fail "expect_file on a missing file" expect_file absent.txt </dev/null
must_fail "fail" fail "always"

# The reason of a failed expect_stdout is a unified diff.
must_fail "expect_stdout with other text" expect_stdout <<'EOF2'
expected
EOF2
expect_file reason.txt <<'EOF2'
failed: stdout differs from the expected text:
--- expected
+++ actual
@@ -1 +1 @@
-expected
+actual
EOF2

must_fail "expect_exit with the wrong status" expect_exit 4
expect_file reason.txt <<'EOF2'
failed: expected exit status 4, got 0
--- stderr:
EOF2
