# Job labels, annotations, TTL, parallelism and backoffLimit can change in
# place, so changing them needs no deletion.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml nightly app:1 | write nightly.yaml
commit deployed
tag deployed
cat >nightly.yaml <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: nightly
  namespace: apps
  labels:
    owner: platform
  annotations:
    note: changed
spec:
  backoffLimit: 5
  parallelism: 3
  ttlSecondsAfterFinished: 3600
  activeDeadlineSeconds: 600
  suspend: false
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: app:1
EOF
commit head

run plan --deployed deployed
expect_exit 0
expect_stdout <<EOF
no Jobs must be deleted (deployed $(git rev-parse --short=12 deployed), head $(git rev-parse --short=12 HEAD))
EOF
expect_stderr </dev/null

run plan --deployed deployed --format kubectl
expect_exit 0
expect_stdout </dev/null
