# The JOBHASH_TEST_FAIL_WRITE test hook makes one write fail. The command
# lists the files written and not written, and the failed file and the
# ones after it stay byte for byte as they were.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml first registry.example.com/app:1.0 | write k8s/a.yaml
job_yaml second registry.example.com/app:1.0 | write k8s/b.yaml
job_yaml third registry.example.com/app:1.0 | write k8s/c.yaml
commit head

JOBHASH_TEST_FAIL_WRITE=k8s/b.yaml
export JOBHASH_TEST_FAIL_WRITE
run rewrite
unset JOBHASH_TEST_FAIL_WRITE
expect_exit 2
expect_stdout </dev/null
expect_stderr <<'EOF2'
jobhash: k8s/b.yaml: cannot write: Input/output error
jobhash: rewrite: written: k8s/a.yaml
jobhash: rewrite: not written: k8s/b.yaml, k8s/c.yaml
EOF2
git diff --quiet -- k8s/b.yaml k8s/c.yaml || fail "a file not written changed"
git diff --quiet -- k8s/a.yaml && fail "k8s/a.yaml was not written"
[ "$(git status --porcelain --untracked-files=all)" = " M k8s/a.yaml" ] ||
	fail "unexpected status (a temporary file left behind?): $(git status --porcelain --untracked-files=all)"

run rewrite
expect_exit 0
expect_stdout <<'EOF2'
k8s/b.yaml:4: second -> second-f6254ff3
k8s/c.yaml:4: third -> third-f6254ff3
EOF2
