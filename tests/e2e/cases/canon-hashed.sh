# canon shows the canonical JSON; --hashed only the part that is hashed.
repo_init
write job.yaml <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: show
  labels: {a: b}
spec:
  parallelism: 2
  completions: 1.0
  template:
    spec:
      restartPolicy: Never
      securityContext: {fsGroup: 0755}
      containers:
        - name: c
          image: img:1
          args: [yes, "yes", ~, 1e3]
          env: []
EOF
commit first

run canon --hashed HEAD
expect_exit 0
expect_stdout <<'EOF'
{"completions":1,"template":{"spec":{"containers":[{"args":[true,"yes",null,1000],"env":[],"image":"img:1","name":"c"}],"restartPolicy":"Never","securityContext":{"fsGroup":493}}}}
EOF

run canon --with-location - <job.yaml
expect_exit 0
expect_stdout <<'EOF'
-:1	{"apiVersion":"batch/v1","kind":"Job","metadata":{"labels":{"a":"b"},"name":"show"},"spec":{"completions":1,"parallelism":2,"template":{"spec":{"containers":[{"args":[true,"yes",null,1000],"env":[],"image":"img:1","name":"c"}],"restartPolicy":"Never","securityContext":{"fsGroup":493}}}}}
EOF
