# One Job per cluster overlay shares namespace and name. Each is matched
# with the Job in its own file, so a change in one overlay is found
# whatever changed in the others.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml migrate app:1 | write clusters/p01/job.yaml
job_yaml migrate app:1 | write clusters/p02/job.yaml
job_yaml migrate app:1 | write clusters/p03/job.yaml
commit deployed
tag deployed
job_yaml migrate app:2 | write clusters/p01/job.yaml
job_yaml migrate app:1 | sed 's/^  namespace: apps$/  namespace: apps\n  labels: {tier: batch}/' | write clusters/p02/job.yaml
commit head

run plan --deployed deployed
expect_exit 1
expect_stdout <<EOF
delete apps/migrate (clusters/p01/job.yaml:1)
  hash: ffcbda48 -> 9cb2b185
  spec.template.spec.containers[name=migrate].image: "app:1" -> "app:2"
1 Job must be deleted before the push (deployed $(git rev-parse --short=12 deployed), head $(git rev-parse --short=12 HEAD))
EOF
expect_stderr </dev/null

# A Job that moved to another overlay's file and changed there is still found.
git mv clusters/p03/job.yaml clusters/p04.yaml
job_yaml migrate app:3 | write clusters/p04.yaml
commit moved
run plan --deployed deployed --format kubectl
expect_exit 1
expect_stdout <<'EOF'
kubectl delete job -n apps migrate --ignore-not-found --cascade=background
kubectl delete job -n apps migrate --ignore-not-found --cascade=background
EOF
