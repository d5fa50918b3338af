# A deployed revision the repository does not have is an error that
# suggests fetching it.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml a app:1 | write a.yaml
commit first

run plan --deployed 0123456789abcdef0123456789abcdef01234567
expect_exit 2
expect_stdout </dev/null
expect_stderr <<'EOF'
jobhash: revision '0123456789abcdef0123456789abcdef01234567' not found in the repository
jobhash: fetch it first (git fetch), or check the name
EOF

run plan --deployed no-such-branch
expect_exit 2
expect_stderr_contains 'git fetch'
