# rewrite --check lists the files that would change and --diff shows how. Neither writes.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml db-migrate registry.example.com/app:1.0 | write k8s/migrate.yaml
write k8s/config.yaml <<'EOF2'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
EOF2
commit head

run rewrite --check
expect_exit 1
expect_stdout <<'EOF2'
k8s/migrate.yaml
EOF2
expect_stderr </dev/null
git diff --quiet || fail "--check changed the working tree"

run rewrite --diff
expect_exit 1
expect_stdout <<'EOF2'
--- a/k8s/migrate.yaml
+++ b/k8s/migrate.yaml
@@ -1,7 +1,9 @@
 apiVersion: batch/v1
 kind: Job
 metadata:
-  name: db-migrate
+  labels:
+    jobhash.io/hash: "f6254ff3"
+  name: db-migrate-f6254ff3
   namespace: apps
 spec:
   backoffLimit: 2
EOF2
expect_stderr </dev/null
git diff --quiet || fail "--diff changed the working tree"

run rewrite
expect_exit 0

run rewrite --check
expect_exit 0
expect_stdout </dev/null
expect_stderr </dev/null

run rewrite --diff
expect_exit 0
expect_stdout </dev/null
