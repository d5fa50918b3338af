# --delete runs kubectl only for Jobs planned against a branch's own remote
# commit. A new branch is planned against its merge base, which no cluster
# is known to run, so its Jobs are listed but not deleted. Tags are not
# checked unless the deployed revision is named.
. "$E2E_DIR/jobs.sh"
PATH="$(dirname "$JOBHASH"):$PATH"
export PATH
git init -q --bare remote.git
repo_init work
git remote add origin ../remote.git
job_yaml migrate app:1 shop | write k8s/job.yaml
commit "add the job"
git push -q origin main 2>/dev/null
git fetch -q origin
git remote set-head origin main

run install-hook
expect_exit 0

write ../bin/kubectl <<'EOF'
#!/bin/sh
echo "$@" >>"$KUBECTL_LOG"
EOF
chmod +x ../bin/kubectl
JOBHASH_KUBECTL="$PWD/../bin/kubectl"
KUBECTL_LOG="$PWD/../kubectl.log"
export JOBHASH_KUBECTL KUBECTL_LOG
write .jobhash.yaml <<'EOF'
delete: kubectl
EOF
commit "delete with kubectl"
git push -q origin main 2>/dev/null

git switch -q -c feature
job_yaml migrate app:2 shop | write k8s/job.yaml
commit "feature image"
git push -q origin feature 2>../push.err && fail "a new branch that changes a Job was pushed"
grep -q "on a new branch, planned against its merge base" ../push.err ||
	fail "no reason given: $(cat ../push.err)"
[ ! -e "$KUBECTL_LOG" ] || fail "kubectl ran for a new branch: $(cat "$KUBECTL_LOG")"

git tag v2
git push -q origin v2 2>../tag.err || fail "a tag push was stopped: $(cat ../tag.err)"
grep -q "not checking tag v2" ../tag.err || fail "no note about the tag: $(cat ../tag.err)"
