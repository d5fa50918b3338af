# A template changed after the last rewrite: --check reports the stale
# suffix, and rewrite replaces it instead of adding a second one.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml db-migrate registry.example.com/app:1.0 | write k8s/migrate.yaml
run rewrite
expect_exit 0
sed 's|app:1.0|app:1.1|' k8s/migrate.yaml >k8s/migrate.yaml.new
mv k8s/migrate.yaml.new k8s/migrate.yaml
commit head

run rewrite --check
expect_exit 1
expect_stdout <<'EOF2'
k8s/migrate.yaml
EOF2
expect_stderr <<'EOF2'
jobhash: k8s/migrate.yaml:6: apps/db-migrate-f6254ff3: hash suffix is stale (template changed without rewrite); run 'jobhash rewrite'
EOF2

run rewrite --diff
expect_exit 1
expect_stdout <<'EOF2'
--- a/k8s/migrate.yaml
+++ b/k8s/migrate.yaml
@@ -2,8 +2,8 @@
 kind: Job
 metadata:
   labels:
-    jobhash.io/hash: "f6254ff3"
-  name: db-migrate-f6254ff3
+    jobhash.io/hash: "8dc112af"
+  name: db-migrate-8dc112af
   namespace: apps
 spec:
   backoffLimit: 2
EOF2

run rewrite
expect_exit 0
expect_stdout <<'EOF2'
k8s/migrate.yaml:6: db-migrate-f6254ff3 -> db-migrate-8dc112af
EOF2
expect_file k8s/migrate.yaml <<'EOF2'
apiVersion: batch/v1
kind: Job
metadata:
  labels:
    jobhash.io/hash: "8dc112af"
  name: db-migrate-8dc112af
  namespace: apps
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.example.com/app:1.1
EOF2

run rewrite --check
expect_exit 0
expect_stdout </dev/null
expect_stderr </dev/null
