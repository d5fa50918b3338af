# Any invalid input makes generate exit 2 with a located message and
# print nothing on standard output, so that Argo CD never prunes on a
# partial stream.

write app/a-config.yaml <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
EOF
write app/b-template.yaml <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Values.name }}
  labels: [unclosed
EOF
cd app

# Not valid YAML is an error with or without --strict.
run generate
expect_exit 2
expect_stdout </dev/null
expect_stderr_contains "jobhash: b-template.yaml:"

ARGOCD_ENV_JOBHASH_STRICT=false
export ARGOCD_ENV_JOBHASH_STRICT
run generate .
expect_exit 2
expect_stdout </dev/null
unset ARGOCD_ENV_JOBHASH_STRICT
rm b-template.yaml

# Invalid environment values name the variable.
ARGOCD_ENV_JOBHASH_HASH_LENGTH=40
export ARGOCD_ENV_JOBHASH_HASH_LENGTH
run generate
expect_exit 2
expect_stdout </dev/null
expect_stderr <<'EOF'
jobhash: invalid ARGOCD_ENV_JOBHASH_HASH_LENGTH '40': expected a number from 6 to 16
jobhash: fix JOBHASH_HASH_LENGTH in the Application's spec.source.plugin.env
EOF
unset ARGOCD_ENV_JOBHASH_HASH_LENGTH

ARGOCD_ENV_JOBHASH_RECURSIVE=yes
export ARGOCD_ENV_JOBHASH_RECURSIVE
run generate
expect_exit 2
expect_stdout </dev/null
expect_stderr_contains "invalid ARGOCD_ENV_JOBHASH_RECURSIVE 'yes': expected true or false"
unset ARGOCD_ENV_JOBHASH_RECURSIVE

ARGOCD_ENV_JOBHASH_LABEL_KEY='Bad Key'
export ARGOCD_ENV_JOBHASH_LABEL_KEY
run generate
expect_exit 2
expect_stderr_contains "invalid ARGOCD_ENV_JOBHASH_LABEL_KEY 'Bad Key'"
unset ARGOCD_ENV_JOBHASH_LABEL_KEY

# Usage errors.
run generate --format json
expect_exit 2
expect_stdout </dev/null
expect_stderr_contains "jobhash: generate: --format is not valid here"

run generate - a-config.yaml
expect_exit 2
expect_stderr_contains "- (standard input) cannot be combined with paths"

run generate --label-key -bad
expect_exit 2
expect_stderr_contains "invalid --label-key '-bad'"

run generate missing.yaml
expect_exit 2
expect_stdout </dev/null
expect_stderr_contains "missing.yaml"

# The valid file alone works.
run generate
expect_exit 0
expect_stdout <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
EOF
