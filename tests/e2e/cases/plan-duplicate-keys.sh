# A duplicate key keeps the later value, as kubectl does, with a warning
# that names both lines; --strict makes it an error.
repo_init
write job.yaml <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: dup
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: img:1
          image: img:2
EOF
commit deployed
tag deployed
sed -i 's/img:2/img:3/' job.yaml
commit head

run plan --deployed deployed
expect_exit 1
expect_stdout_contains '  spec.template.spec.containers[name=c].image: "img:2" -> "img:3"'
expect_stderr <<'EOF'
jobhash: job.yaml:12:11: warning: duplicate key "image" (first at line 11); the later value is used, as kubectl uses it
EOF

run plan --deployed deployed --strict
expect_exit 2
