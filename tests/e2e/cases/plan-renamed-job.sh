# A renamed Job is a new object: the old one is pruned, nothing is deleted
# by hand.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml migrate-v1 app:1 | write job.yaml
commit deployed
tag deployed
job_yaml migrate-v2 app:2 | write job.yaml
commit head

run plan --deployed deployed --format kubectl
expect_exit 0
expect_stdout </dev/null
