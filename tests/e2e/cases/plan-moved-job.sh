# Jobs are matched by identity, not by path: a Job moved to another file
# whose image also changed is still found.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml mover app:1 | write old/place.yaml
echo "# keep" | write old/other.yaml
commit deployed
tag deployed
git rm -q old/place.yaml
job_yaml mover app:2 | write new/place.yaml
commit head

run plan --deployed deployed --format kubectl
expect_exit 1
expect_stdout <<'EOF'
kubectl delete job -n apps mover --ignore-not-found --cascade=background
EOF

run plan --deployed deployed
expect_exit 1
expect_stdout_contains 'delete apps/mover (new/place.yaml:1)'
