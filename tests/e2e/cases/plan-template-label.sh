# A label inside the pod template is part of the template, so it counts.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml seed app:1 | write seed.yaml
commit deployed
tag deployed
job_yaml seed app:1 | sed 's/^  template:$/  template:\n    metadata:\n      labels:\n        team: data/' | write seed.yaml
commit head

run plan --deployed deployed --format kubectl
expect_exit 1
expect_stdout <<'EOF'
kubectl delete job -n apps seed --ignore-not-found --cascade=background
EOF

run plan --deployed deployed
expect_exit 1
expect_stdout_contains '  spec.template.metadata: (absent) -> {"labels":{"team":"data"}}'
