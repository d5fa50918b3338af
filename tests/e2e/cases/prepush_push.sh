# A real git push through the hook that install-hook writes: a change to
# a Job template stops the push, other pushes go through.

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
git remote set-head origin main

run install-hook
expect_exit 0
expect_stdout <<EOF2
installed the pre-push hook $PWD/.git/hooks/pre-push
EOF2
[ -x .git/hooks/pre-push ] || fail "the hook is not executable"

run install-hook
expect_exit 0
expect_stdout <<EOF2
already installed: $PWD/.git/hooks/pre-push
EOF2

# Unrelated files push silently.
write README.md <<'EOF2'
notes
EOF2
commit "add notes"
git push -q origin main 2>push.err || fail "unrelated push stopped: $(cat push.err)"
[ ! -s push.err ] || fail "unrelated push wrote: $(cat push.err)"

# A new image in the template stops the push.
sed -i 's/migrate:1/migrate:2/' k8s/job.yaml
commit "new image"
if git push -q origin main 2>push.err; then
	fail "the push with a changed template went through"
fi
e2e_contains "push stderr" push.err "kubectl delete job -n shop migrate --ignore-not-found --cascade=background"
e2e_contains "push stderr" push.err "JOBHASH_SKIP=1 git push"
e2e_contains "push stderr" push.err "jobhash rewrite"
[ "$(git rev-parse origin/main)" != "$(git rev-parse main)" ] || fail "the remote moved"

# The same push on a new branch is compared with the default branch.
if git push -q origin main:feature 2>push.err; then
	fail "the new branch with a changed template went through"
fi
e2e_contains "push stderr" push.err "kubectl delete job -n shop migrate"

JOBHASH_SKIP=1 git push -q origin main 2>push.err || fail "JOBHASH_SKIP=1 did not push"
e2e_contains "push stderr" push.err "JOBHASH_SKIP=1 is set"
sed -i 's/migrate:2/migrate:3/' k8s/job.yaml
commit "third image"
git push -q --no-verify origin main 2>/dev/null || fail "--no-verify did not push"

# Deleting a branch checks nothing.
git push -q origin main:old --no-verify 2>/dev/null
git push -q origin :old 2>push.err || fail "deleting a branch was stopped: $(cat push.err)"
