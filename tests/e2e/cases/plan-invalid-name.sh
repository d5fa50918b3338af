# A Job name Kubernetes would reject is an error, so that a name such as
# --all never reaches a kubectl command line.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml '"--all"' app:1 prod | write job.yaml
commit deployed
tag deployed
job_yaml '"--all"' app:2 prod | write job.yaml
commit head

run plan --deployed deployed --format kubectl
expect_exit 2
expect_stdout </dev/null
expect_stderr <<'EOF'
jobhash: job.yaml:4:9: invalid Job name '--all': Kubernetes requires lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters
jobhash: plan: no plan printed, because some changed files could not be read; fix the errors above
EOF
