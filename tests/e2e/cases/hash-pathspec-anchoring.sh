# Paths after -- are taken from the current directory, as git takes them;
# a path that matches nothing is a warning, and one outside the repository
# an error.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml top app:1 | write top.yaml
job_yaml inner app:1 | write sub/inner.yaml
commit first

cd sub
run hash -- inner.yaml
expect_exit 0
expect_stdout <<'EOF'
apps/inner ffcbda48 sub/inner.yaml:1
EOF

run hash HEAD -- ../top.yaml nothing-here
expect_exit 0
expect_stdout <<'EOF'
apps/top ffcbda48 top.yaml:1
EOF
expect_stderr <<'EOF'
jobhash: warning: no manifest (.yaml, .yml or .json) matched 'sub/nothing-here'
EOF

run hash -- ../../elsewhere
expect_exit 2
expect_stdout </dev/null
expect_stderr <<EOF
jobhash: path '../../elsewhere' is outside the repository at $(cd .. && pwd -P)
jobhash: name paths inside the repository, or run jobhash there with -C DIR
EOF
