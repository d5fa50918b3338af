# generate runs as the Argo CD plugin server runs it: in the application
# directory of a fresh copy of the sources without .git, with the build
# environment set. Jobs are renamed and labelled, other documents keep
# their bytes, and files come in sorted path order.

repo_init source
write apps/web/10-config.yaml <<'EOF'
# The web settings.
apiVersion: v1
kind: ConfigMap
metadata:
  name: web   # kept as it is
data:
  mode: "on"
EOF
write apps/web/20-migrate.yaml <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      containers:
      - name: m
        image: busybox
      restartPolicy: Never
EOF
write_printf apps/web/30-secret.json '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"token"}}'
write apps/web/.jobhash.yaml <<'EOF'
hashLength: 10
EOF
write apps/web/nested/40-service.yaml <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: web
EOF
write apps/web/notes.txt <<'EOF'
not a manifest
EOF
commit "add the web application"

mkdir ../checkout
git archive HEAD | tar -x -C ../checkout
cd ../checkout/apps/web
[ ! -e ../../.git ] || fail "the copy has a .git directory"

ARGOCD_APP_NAMESPACE=shop
ARGOCD_APP_NAME=web
ARGOCD_APP_REVISION=$(git -C ../../../source rev-parse HEAD)
export ARGOCD_APP_NAMESPACE ARGOCD_APP_NAME ARGOCD_APP_REVISION

# The plugin's command. hashLength 10 comes from .jobhash.yaml, which is
# itself left out of the stream.
run generate --recursive .
expect_exit 0
expect_stderr </dev/null
expect_stdout <<'EOF'
# The web settings.
apiVersion: v1
kind: ConfigMap
metadata:
  name: web   # kept as it is
data:
  mode: "on"
---
apiVersion: batch/v1
kind: Job
metadata:
  labels:
    jobhash.io/hash: "ae1343f20c"
  name: migrate-ae1343f20c
spec:
  template:
    spec:
      containers:
      - name: m
        image: busybox
      restartPolicy: Never
---
{"apiVersion":"v1","kind":"Secret","metadata":{"name":"token"}}
---
apiVersion: v1
kind: Service
metadata:
  name: web
EOF
cp "$STDOUT" first.out

# The same input gives the same bytes, so Argo CD's cache per revision holds.
run generate --recursive .
expect_exit 0
expect_stdout_file first.out
rm first.out

# Without --recursive only the files directly inside are read.
run generate
expect_exit 0
[ "$(grep -c '^---$' "$STDOUT")" = 2 ] || fail "expected three documents without --recursive"
expect_stdout_contains "name: migrate-ae1343f20c"
if grep -q 'kind: Service' "$STDOUT"; then
	fail "a file of a subdirectory was read without --recursive"
fi

# ARGOCD_ENV_ variables set the options; the command line wins over them.
ARGOCD_ENV_JOBHASH_RECURSIVE=true
ARGOCD_ENV_JOBHASH_HASH_LENGTH=6
ARGOCD_ENV_JOBHASH_LABEL_KEY=example.com/spec-hash
ARGOCD_ENV_JOBHASH_EXCLUDE='nested/*, 30-*'
export ARGOCD_ENV_JOBHASH_RECURSIVE ARGOCD_ENV_JOBHASH_HASH_LENGTH \
	ARGOCD_ENV_JOBHASH_LABEL_KEY ARGOCD_ENV_JOBHASH_EXCLUDE
run generate 20-migrate.yaml
expect_exit 0
expect_stdout <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  labels:
    example.com/spec-hash: "ae1343"
  name: migrate-ae1343
spec:
  template:
    spec:
      containers:
      - name: m
        image: busybox
      restartPolicy: Never
EOF

run generate --hash-length 8 --label-key team.io/h .
expect_exit 0
expect_stdout_contains '    team.io/h: "ae1343f2"'
expect_stdout_contains "name: migrate-ae1343f2"
if grep -q -e 'kind: Service' -e 'kind: Secret' "$STDOUT"; then
	fail "ARGOCD_ENV_JOBHASH_EXCLUDE did not leave out nested/ and 30-*"
fi

# A misspelt setting in the Application is an error, not silently ignored.
ARGOCD_ENV_JOBHASH_HASHLENGTH=10
export ARGOCD_ENV_JOBHASH_HASHLENGTH
run generate .
expect_exit 2
expect_stdout </dev/null
expect_stderr <<'EOF'
jobhash: unknown variable ARGOCD_ENV_JOBHASH_HASHLENGTH
jobhash: the plugin reads JOBHASH_HASH_LENGTH, JOBHASH_LABEL_KEY, JOBHASH_EXCLUDE, JOBHASH_RECURSIVE and JOBHASH_STRICT from the Application's spec.source.plugin.env
EOF
unset ARGOCD_ENV_JOBHASH_HASHLENGTH
