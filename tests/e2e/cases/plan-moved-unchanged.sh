# A Job moved to another file without changes needs nothing.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml mover app:1 | write a.yaml
commit deployed
tag deployed
git mv a.yaml b.yml
commit head

run plan --deployed deployed --format kubectl
expect_exit 0
expect_stdout </dev/null
