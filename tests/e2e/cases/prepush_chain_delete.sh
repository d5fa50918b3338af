# An existing hook keeps running before ours, --delete runs kubectl with
# the exact arguments, and --uninstall puts the old hook back.

PATH="$(dirname "$JOBHASH"):$PATH"
export PATH
git init -q --bare remote.git
repo_init work
git remote add origin ../remote.git
write k8s/job.yaml <<'EOF2'
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: shop
spec:
  template:
    spec:
      containers:
      - name: migrate
        image: migrate:1
EOF2
commit "add the job"
git push -q origin main 2>/dev/null

write .git/hooks/pre-push <<'EOF2'
#!/bin/sh
echo "old hook $1" >>"$OLD_HOOK_LOG"
cat >>"$OLD_HOOK_LOG"
[ -z "${OLD_HOOK_FAIL:-}" ]
EOF2
chmod +x .git/hooks/pre-push
OLD_HOOK_LOG="$PWD/../old-hook.log"
export OLD_HOOK_LOG

run install-hook
expect_exit 0
expect_stdout <<EOF2
installed the pre-push hook $PWD/.git/hooks/pre-push; the existing hook was moved to $PWD/.git/hooks/pre-push.jobhash-chained and runs first
EOF2

# The stand-in kubectl records its arguments, one per line.
write ../bin/kubectl <<'EOF2'
#!/bin/sh
for argument in "$@"; do printf '%s\n' "$argument"; done >>"$KUBECTL_LOG"
[ -z "${KUBECTL_FAIL:-}" ]
EOF2
chmod +x ../bin/kubectl
JOBHASH_KUBECTL="$PWD/../bin/kubectl"
KUBECTL_LOG="$PWD/../kubectl.log"
export JOBHASH_KUBECTL KUBECTL_LOG
write .jobhash.yaml <<'EOF2'
delete: kubectl
kubectlContext: prod
EOF2

OLD_HOOK_FAIL=1 git push -q origin main 2>/dev/null && fail "a failing old hook did not stop the push"

sed -i 's/migrate:1/migrate:2/' k8s/job.yaml
commit "new image"
KUBECTL_FAIL=1 git push -q origin main 2>push.err && fail "a failed deletion did not stop the push"
e2e_contains "push stderr" push.err "some deletions failed"

rm -f "$KUBECTL_LOG"
git push -q origin main 2>push.err || fail "the push with deletions was stopped: $(cat push.err)"
expect_file "$KUBECTL_LOG" <<'EOF2'
delete
job
-n
shop
migrate
--ignore-not-found
--cascade=background
--context
prod
EOF2
e2e_contains "old hook log" "$OLD_HOOK_LOG" "refs/heads/main $(git rev-parse main) refs/heads/main"

run install-hook --uninstall
expect_exit 0
expect_stdout <<EOF2
removed the jobhash pre-push hook; restored $PWD/.git/hooks/pre-push
EOF2
grep -q "old hook" .git/hooks/pre-push || fail "the old hook was not restored"
[ ! -e .git/hooks/pre-push.jobhash-chained ] || fail "the chained hook is still there"
