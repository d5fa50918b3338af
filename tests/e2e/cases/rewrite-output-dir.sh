# rewrite --output DIR writes the rewritten manifests under DIR and leaves
# the input as it is. DIR inside the input is a usage error.
. "$E2E_DIR/jobs.sh"
repo_init repo
job_yaml db-migrate registry.example.com/app:1.0 | write k8s/jobs/migrate.yaml
write k8s/config.yaml <<'EOF2'
# settings, copied as they are
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings   # not a Job
EOF2
write k8s/kustomization.yaml <<'EOF2'
resources: [config.yaml, jobs/migrate.yaml]
EOF2
write README.md <<'EOF2'
not a manifest
EOF2
commit head

run rewrite --output ../rendered
expect_exit 0
expect_stdout <<'EOF2'
k8s/jobs/migrate.yaml:4: db-migrate -> db-migrate-f6254ff3
EOF2
expect_stderr </dev/null
git diff --quiet || fail "--output changed the input"
expect_file ../rendered/k8s/jobs/migrate.yaml <<'EOF2'
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
cmp -s k8s/config.yaml ../rendered/k8s/config.yaml || fail "k8s/config.yaml was not copied unchanged"
cmp -s k8s/kustomization.yaml ../rendered/k8s/kustomization.yaml ||
	fail "k8s/kustomization.yaml was not copied unchanged"
# Only manifests are read, so only manifests are written.
(cd ../rendered && find . -type f | LC_ALL=C sort) >"$E2E_STATE/tree"
expect_file "$E2E_STATE/tree" <<'EOF2'
./k8s/config.yaml
./k8s/jobs/migrate.yaml
./k8s/kustomization.yaml
EOF2

run rewrite --output rendered
expect_exit 2
expect_stdout </dev/null
expect_stderr <<'EOF2'
jobhash: rewrite: --output 'rendered' is inside the files being read; choose a directory outside them
Try 'jobhash rewrite --help'.
EOF2
[ ! -e rendered ] || fail "the rejected --output directory was created"

run rewrite --output k8s/out
expect_exit 2
expect_stderr_contains "--output 'k8s/out' is inside the files being read"

# A directory outside the selected paths is not part of the input.
run rewrite --output out -- k8s
expect_exit 0
expect_stdout <<'EOF2'
k8s/jobs/migrate.yaml:4: db-migrate -> db-migrate-f6254ff3
EOF2
[ -f out/k8s/jobs/migrate.yaml ] || fail "out/k8s/jobs/migrate.yaml not written"
