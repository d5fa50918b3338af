# Fails on purpose: run.sh runs this case apart from the others and checks
# that it is reported as failed, with the diff as the reason.

${CC:-cc} -o fake "$E2E_DIR/selftest/fake.c"
export JOBHASH="$PWD/fake"

run echo actual output
expect_exit 0
expect_stdout <<'EOF2'
expected output
EOF2
fail "expect_stdout did not end the case"
