# rewrite on the bundled example repository renames its three Jobs and
# leaves the PreSync hook, which Argo CD recreates itself.
repo_init
cp -R "$E2E_DIR/../../testdata/example/head/." .
commit head

run rewrite
expect_exit 0
expect_stdout <<'EOF2'
apps/orders/cleanup-job.yaml:7: orders-cleanup -> orders-cleanup-f5e1773a
apps/orders/migrate-job.yaml:6: orders-migrate -> orders-migrate-1a4fa375
apps/payments/migrate-job.yaml:8: payments-migrate -> payments-migrate-1489c5d4
EOF2
expect_stderr </dev/null

git diff --stat >"$E2E_STATE/stat"
expect_file "$E2E_STATE/stat" <<'EOF2'
 apps/orders/cleanup-job.yaml   | 3 ++-
 apps/orders/migrate-job.yaml   | 3 ++-
 apps/payments/migrate-job.yaml | 3 ++-
 3 files changed, 6 insertions(+), 3 deletions(-)
EOF2
git diff -U1 -- apps/payments/migrate-job.yaml >"$E2E_STATE/diff"
expect_file "$E2E_STATE/diff" <<EOF2
diff --git a/apps/payments/migrate-job.yaml b/apps/payments/migrate-job.yaml
index $(git rev-parse --short HEAD:apps/payments/migrate-job.yaml)..$(git hash-object apps/payments/migrate-job.yaml | cut -c1-7) 100644
--- a/apps/payments/migrate-job.yaml
+++ b/apps/payments/migrate-job.yaml
@@ -7,5 +7,6 @@ kind: Job
 metadata:
-  name: payments-migrate
+  name: payments-migrate-1489c5d4
   namespace: payments
   labels:
+    jobhash.io/hash: "1489c5d4"
     app.kubernetes.io/name: payments
EOF2

run rewrite --check
expect_exit 0
expect_stdout </dev/null
