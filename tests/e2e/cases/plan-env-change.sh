# A changed env value, in a list matched by name, makes the Job one to delete.
repo_init
write jobs.yaml <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: orders
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: orders:2.0
          env:
            - name: MODE
              value: safe
            - name: RETRIES
              value: "3"
EOF
commit deployed
tag deployed
sed -i 's/value: safe/value: online/' jobs.yaml
commit head

run plan --deployed deployed
expect_exit 1
expect_stdout <<EOF
delete orders/migrate (jobs.yaml:1)
  hash: d38c5550 -> 1558c8e1
  spec.template.spec.containers[name=main].env[name=MODE].value: "safe" -> "online"
1 Job must be deleted before the push (deployed $(git rev-parse --short=12 deployed), head $(git rev-parse --short=12 HEAD))
EOF
