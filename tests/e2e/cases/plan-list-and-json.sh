# Jobs inside a List and in JSON files are found like any other.
repo_init
write list.yaml <<'EOF'
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: settings, namespace: batch}
    data: {a: "1"}
  - apiVersion: batch/v1
    kind: Job
    metadata: {name: from-list, namespace: batch}
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: c, image: "img:1"}]
EOF
write job.json <<'EOF'
{
  "apiVersion": "batch/v1",
  "kind": "Job",
  "metadata": {"name": "from-json", "namespace": "batch"},
  "spec": {"template": {"spec": {"restartPolicy": "Never",
    "containers": [{"name": "c", "image": "img:1"}]}}}
}
EOF
commit deployed
tag deployed
sed -i 's/img:1/img:2/' list.yaml job.json
commit head

run plan --deployed deployed --format kubectl
expect_exit 1
expect_stdout <<'EOF'
kubectl delete job -n batch from-json --ignore-not-found --cascade=background
kubectl delete job -n batch from-list --ignore-not-found --cascade=background
EOF

run plan --deployed deployed
expect_exit 1
expect_stdout_contains 'delete batch/from-list (list.yaml:8)'
expect_stdout_contains 'delete batch/from-json (job.json:1)'
