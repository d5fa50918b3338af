# Anchors and merge keys are expanded before hashing: writing the same
# values out in full is no change, while a change behind an anchor is.
repo_init
write job.yaml <<'EOF'
base: &base
  restartPolicy: Never
  serviceAccountName: runner
apiVersion: batch/v1
kind: Job
metadata:
  name: anchored
spec:
  template:
    spec:
      <<: *base
      containers:
        - &c {name: c, image: "img:1"}
EOF
commit deployed
tag deployed
write job.yaml <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: anchored
spec:
  template:
    spec:
      containers:
        - image: img:1
          name: c
      serviceAccountName: runner
      restartPolicy: Never
base:
  restartPolicy: Never
EOF
commit same-values
tag same
sed -i 's/serviceAccountName: runner/serviceAccountName: other/' job.yaml
commit changed

run plan --deployed deployed --head same --format kubectl
expect_exit 0
expect_stdout </dev/null

run plan --deployed deployed --head HEAD
expect_exit 1
expect_stdout_contains '  spec.template.spec.serviceAccountName: "runner" -> "other"'
expect_stdout_contains 'delete anchored (job.yaml:1)'
