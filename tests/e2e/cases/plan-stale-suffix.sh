# A Job whose hash suffix no longer matches its spec gets a warning that
# names the fix.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml migrate app:1 | write job.yaml
commit first
run rewrite
expect_exit 0
commit renamed
tag deployed
sed -i 's/app:1/app:2/' job.yaml
commit head

run plan --deployed deployed --format kubectl
expect_exit 1
expect_stdout <<'EOF'
kubectl delete job -n apps migrate-ffcbda48 --ignore-not-found --cascade=background
EOF
expect_stderr <<'EOF'
jobhash: job.yaml:1: warning: Job apps/migrate-ffcbda48: hash suffix 'ffcbda48' is stale, the spec now hashes to '9cb2b185'; run 'jobhash rewrite' to rename it
EOF
