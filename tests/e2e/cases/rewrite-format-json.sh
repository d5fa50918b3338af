# rewrite --format json lists the renames with their file, line and namespace.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml db-migrate registry.example.com/app:1.0 | write k8s/migrate.yaml
job_yaml seed registry.example.com/app:1.1 data | write k8s/seed.yaml
commit head

run rewrite --format json
expect_exit 0
expect_stdout <<'EOF2'
{"version":1,"renamed":[{"file":"k8s/migrate.yaml","line":4,"namespace":"apps","oldName":"db-migrate","newName":"db-migrate-f6254ff3"},{"file":"k8s/seed.yaml","line":4,"namespace":"data","oldName":"seed","newName":"seed-8dc112af"}]}
EOF2
expect_stderr </dev/null

run rewrite --format json
expect_exit 0
expect_stdout <<'EOF2'
{"version":1,"renamed":[]}
EOF2
