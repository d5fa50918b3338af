# A Helm template is not YAML: a located warning, and the plan goes on.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml real app:1 | write real.yaml
write chart/templates/job.yaml <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-migrate
spec:
  template:
    spec:
{{- include "pod" . | nindent 6 }}
EOF
commit deployed
tag deployed
job_yaml real app:2 | write real.yaml
echo "# touched" >>chart/templates/job.yaml
commit head

run plan --deployed deployed --format kubectl
expect_exit 1
expect_stdout <<'EOF'
kubectl delete job -n apps real --ignore-not-found --cascade=background
EOF
expect_stderr <<'EOF'
jobhash: chart/templates/job.yaml:4:10: warning: not valid YAML for Kubernetes: a mapping cannot be a mapping key; the file is skipped (--strict makes this an error)
jobhash: the file looks like a template (Helm, Jinja): render it first, or leave it out with --exclude
EOF

run plan --deployed deployed --format kubectl --strict
expect_exit 2
