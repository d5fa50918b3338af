# generate reads a symlinked manifest that stays inside the directory, and
# fails on any other link: a manifest missing from the stream would be
# pruned by Argo CD.
. "$E2E_DIR/jobs.sh"
mkdir -p common app
job_yaml shared app:1 >common/job.yaml
ln -s ../common/job.yaml app/job.yaml

run generate --recursive app
expect_exit 0
expect_stdout_contains '  name: shared-ffcbda48'

# Read from app alone, the same link points outside the directory.
run -C app generate --recursive .
expect_exit 2
expect_stdout </dev/null
expect_stderr <<EOF
jobhash: job.yaml: is a symbolic link to $(pwd -P)/common/job.yaml, outside the directory being read
EOF

# A kustomize directory must be built by kustomize, not copied.
echo "resources: [common/job.yaml]" >kustomization.yaml
run generate --recursive .
expect_exit 2
expect_stdout </dev/null
expect_stderr <<'EOF'
jobhash: kustomization.yaml: is a kustomize build file, not a manifest
jobhash: build the directory first: kustomize build . | jobhash generate -
EOF

# An empty stream would make Argo CD prune the whole application.
rm kustomization.yaml
mkdir empty
run generate --recursive empty
expect_exit 2
expect_stdout </dev/null
expect_stderr <<'EOF'
jobhash: no manifest with content was read, so the stream would be empty
jobhash: an empty stream makes Argo CD prune the whole application; check the path and the --exclude patterns
EOF
