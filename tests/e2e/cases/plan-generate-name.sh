# A Job with generateName and no name is created anew on each sync.
repo_init
write gen.yaml <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  generateName: smoke-
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: t, image: "t:1"}]
EOF
commit deployed
tag deployed
sed -i 's/t:1/t:2/' gen.yaml
commit head

run plan --deployed deployed --format kubectl
expect_exit 0
expect_stdout </dev/null
