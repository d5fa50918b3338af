# rewrite --only-changed --deployed REV renames the Jobs whose hash differs
# from the deployed Job of the same namespace and name, and the Jobs new
# since REV. Unchanged Jobs keep their names and get no label.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml db-migrate registry.example.com/app:1.0 | write k8s/migrate.yaml
job_yaml seed registry.example.com/app:1.0 data | write k8s/seed.yaml
commit deployed
tag deployed
job_yaml db-migrate registry.example.com/app:1.1 | write k8s/migrate.yaml
job_yaml report registry.example.com/app:1.0 | write k8s/report.yaml
commit head

run rewrite --only-changed --deployed deployed
expect_exit 0
expect_stdout <<'EOF2'
k8s/migrate.yaml:4: db-migrate -> db-migrate-8dc112af
k8s/report.yaml:4: report -> report-f6254ff3
EOF2
expect_stderr </dev/null
git diff --quiet -- k8s/seed.yaml || fail "the unchanged Job was rewritten"

run rewrite --only-changed --deployed deployed
expect_exit 0
expect_stdout </dev/null
commit renamed
git tag -f deployed >/dev/null

# The deployed names now end in suffixes that their labels confirm, and
# the identity of a Job leaves those suffixes out.
sed 's|app:1.1|app:1.0|' k8s/migrate.yaml >k8s/migrate.yaml.new
mv k8s/migrate.yaml.new k8s/migrate.yaml
run rewrite --only-changed --deployed deployed
expect_exit 0
expect_stdout <<'EOF2'
k8s/migrate.yaml:6: db-migrate-8dc112af -> db-migrate-f6254ff3
EOF2

run rewrite --only-changed
expect_exit 2
expect_stderr_contains "--only-changed needs --deployed REV"
