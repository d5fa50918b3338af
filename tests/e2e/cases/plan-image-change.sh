# A changed image makes the Job one to delete, with the field named.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml db-migrate registry.example.com/app:1.0 | write k8s/migrate.yaml
commit deployed
tag deployed
job_yaml db-migrate registry.example.com/app:1.1 | write k8s/migrate.yaml
commit head

run plan --deployed deployed
expect_exit 1
expect_stdout <<EOF
delete apps/db-migrate (k8s/migrate.yaml:1)
  hash: f6254ff3 -> 8dc112af
  spec.template.spec.containers[name=migrate].image: "registry.example.com/app:1.0" -> "registry.example.com/app:1.1"
1 Job must be deleted before the push (deployed $(git rev-parse --short=12 deployed), head $(git rev-parse --short=12 HEAD))
EOF
expect_stderr </dev/null

run plan --deployed deployed --format kubectl
expect_exit 1
expect_stdout <<'EOF'
kubectl delete job -n apps db-migrate --ignore-not-found --cascade=background
EOF

run plan --deployed deployed --format json
expect_exit 1
expect_stdout <<EOF
{"version":1,"deployed":"$(git rev-parse deployed)","head":"$(git rev-parse HEAD)","delete":[{"namespace":"apps","name":"db-migrate","file":"k8s/migrate.yaml","line":1,"oldHash":"f6254ff3","newHash":"8dc112af","reason":null,"changes":[{"field":"spec.template.spec.containers[name=migrate].image","old":"registry.example.com/app:1.0","new":"registry.example.com/app:1.1"}]}],"skipped":[]}
EOF
