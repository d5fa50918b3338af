# Without metadata.namespace, --namespace names the namespace; without
# either, the kubectl line has no -n.
repo_init
write job.yaml <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: bare
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: "img:1"}]
EOF
commit deployed
tag deployed
sed -i 's/img:1/img:2/' job.yaml
commit head

run plan --deployed deployed --format kubectl
expect_exit 1
expect_stdout <<'EOF'
kubectl delete job bare --ignore-not-found --cascade=background
EOF

run plan --deployed deployed --format kubectl --namespace team-a
expect_exit 1
expect_stdout <<'EOF'
kubectl delete job -n team-a bare --ignore-not-found --cascade=background
EOF
