# rewrite renames Jobs in place, byte for byte, and a second run is a no-op.
. "$E2E_DIR/jobs.sh"
repo_init
{
	echo '# the migration runs before every release'
	job_yaml db-migrate registry.example.com/app:1.0
} | write k8s/migrate.yaml
write k8s/config.yaml <<'EOF2'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: safe
EOF2
commit head

run rewrite
expect_exit 0
expect_stdout <<'EOF2'
k8s/migrate.yaml:5: db-migrate -> db-migrate-f6254ff3
EOF2
expect_stderr </dev/null
expect_file k8s/migrate.yaml <<'EOF2'
# the migration runs before every release
apiVersion: batch/v1
kind: Job
metadata:
  labels:
    jobhash.io/hash: "f6254ff3"
  name: db-migrate-f6254ff3
  namespace: apps
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.example.com/app:1.0
EOF2
git diff --quiet -- k8s/config.yaml || fail "k8s/config.yaml changed"
cp k8s/migrate.yaml "$E2E_STATE/first"

run rewrite
expect_exit 0
expect_stdout </dev/null
expect_stderr </dev/null
cmp -s k8s/migrate.yaml "$E2E_STATE/first" || fail "the second run changed k8s/migrate.yaml"

run rewrite --check
expect_exit 0
expect_stdout </dev/null
