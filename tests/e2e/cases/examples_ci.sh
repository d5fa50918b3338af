# The commands of examples/ci/*.yml and .pre-commit-hooks.yaml, run as
# written against the example repository of testdata/example: deployed/
# is on main, head/ on the pull request's branch.

top=$(cd "$E2E_DIR/../.." && pwd)

# example_block FILE NAME
# Prints the lines after the "# jobhash-example: NAME" marker of FILE that
# are indented at least as deep as the marker, without that indentation.
example_block()
{
	awk -v name="$2" '
	function indent(s) { match(s, /^ */); return RLENGTH }
	found && $0 !~ /^ *$/ && indent($0) < depth { exit }
	found { print substr($0, depth + 1); next }
	$0 ~ "^ *# jobhash-example: " name "$" { found = 1; depth = indent($0); print substr($0, depth + 1) }
	' "$1"
}

# Puts "jobhash" on PATH, run under the test's wrapper.
mkdir bin
{
	echo '#!/bin/sh'
	echo "exec ${JOBHASH_WRAPPER:-} \"$JOBHASH\" \"\$@\""
} >bin/jobhash
chmod +x bin/jobhash
PATH="$PWD/bin:$PATH"
export PATH

for file in github-actions.yml gitlab-ci.yml; do
	for name in rewrite gate; do
		example_block "$top/examples/ci/$file" "$name" >"$file.$name.sh"
		[ "$(wc -l <"$file.$name.sh")" -ge 3 ] || fail "no '$name' block in examples/ci/$file"
	done
done

# The origin repository, and a clone that plays the CI checkout.
git init -q --bare -b main origin.git
git -C origin.git config receive.advertisePushOptions true
repo_init work
cp -R "$top/testdata/example/deployed/." .
commit "deploy"
git remote add origin ../origin.git
git push -q origin main
git checkout -q -b feature
find . -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
cp -R "$top/testdata/example/head/." .
commit "release"
git push -q origin feature
git fetch -q origin

# The gate fails while changed Jobs keep their names.
BASE_REF=main
export BASE_REF
status=0
sh -e ../github-actions.yml.gate.sh >../gate.out 2>&1 || status=$?
[ "$status" = 1 ] || { cat ../gate.out >&2; fail "the GitHub gate exited $status, expected 1"; }
grep -q '"delete":\[{"namespace":"orders","name":"orders-migrate"' jobhash-plan.json ||
	fail "the plan does not list orders/orders-migrate"
rm jobhash-plan.json

CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main
export CI_MERGE_REQUEST_TARGET_BRANCH_NAME
status=0
sh -e ../gitlab-ci.yml.gate.sh >../gate.out 2>&1 || status=$?
[ "$status" = 1 ] || { cat ../gate.out >&2; fail "the GitLab gate exited $status, expected 1"; }
rm jobhash-plan.json

# The pre-push hook's entry, on main tracking origin/main, stops the push.
entry=$(sed -n 's/^  entry: //p' "$top/.pre-commit-hooks.yaml")
[ "$entry" = "jobhash plan --deployed @{upstream}" ] || fail "unexpected entry: $entry"
git checkout -q -B local-main origin/main
git branch -q --set-upstream-to=origin/main
git checkout -q feature -- .
commit "release on main"
status=0
$entry >../hook.out 2>&1 || status=$?
[ "$status" = 1 ] || { cat ../hook.out >&2; fail "the pre-push entry exited $status, expected 1"; }
git checkout -q feature

if ! jobhash --help | grep -q '^  rewrite '; then
	skip "jobhash rewrite is not a command of this build, so the rename blocks were not run"
fi

# The rename block commits on the branch and pushes; the gate then passes.
BRANCH=feature
export BRANCH
sh -e ../github-actions.yml.rewrite.sh >../rewrite.out 2>&1 || { cat ../rewrite.out >&2; fail "the GitHub rename block failed"; }
[ "$(git rev-parse HEAD)" = "$(git rev-parse origin/feature)" ] || fail "the rename commit was not pushed"
git log -1 --format=%s | grep -q '\[skip ci\]' || fail "the rename commit has no [skip ci]"
grep -q 'name: orders-migrate-' apps/orders/migrate-job.yaml || fail "orders-migrate was not renamed"
sh -e ../github-actions.yml.gate.sh >../gate.out 2>&1 || { cat ../gate.out >&2; fail "the gate still fails after the rename"; }

# The GitLab block on a fresh checkout of the original branch tip.
git push -q -f origin feature~1:feature
git checkout -q --detach feature~1
CI_MERGE_REQUEST_SOURCE_BRANCH_NAME=feature
JOBHASH_PUSH_URL=../origin.git
export CI_MERGE_REQUEST_SOURCE_BRANCH_NAME JOBHASH_PUSH_URL
sh -e ../gitlab-ci.yml.rewrite.sh >../rewrite.out 2>&1 || { cat ../rewrite.out >&2; fail "the GitLab rename block failed"; }
[ "$(git rev-parse HEAD)" = "$(git -C ../origin.git rev-parse feature)" ] || fail "the GitLab rename commit was not pushed"
