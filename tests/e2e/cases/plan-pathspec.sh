# Paths after -- and --exclude choose which files are read.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml one app:1 | write prod/one.yaml
job_yaml two app:1 | write staging/two.yaml
commit deployed
tag deployed
job_yaml one app:2 | write prod/one.yaml
job_yaml two app:2 | write staging/two.yaml
commit head

run plan --deployed deployed --format kubectl -- prod
expect_exit 1
expect_stdout <<'EOF'
kubectl delete job -n apps one --ignore-not-found --cascade=background
EOF

run plan --deployed deployed --format kubectl --exclude 'prod/*'
expect_exit 1
expect_stdout <<'EOF'
kubectl delete job -n apps two --ignore-not-found --cascade=background
EOF
