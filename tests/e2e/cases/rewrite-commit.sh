# rewrite --commit makes one commit with exactly the rewritten files, makes
# none when nothing changed, and rejects a detached HEAD and staged changes.
. "$E2E_DIR/jobs.sh"
repo_init
git config user.name "Repo Owner"
git config user.email "owner@jobhash.invalid"
job_yaml db-migrate registry.example.com/app:1.0 | write k8s/migrate.yaml
job_yaml seed registry.example.com/app:1.1 data | write k8s/seed.yaml
write README.md <<'EOF2'
deploy notes
EOF2
commit head

# Staged changes to another file would slip into the commit.
echo "more notes" >>README.md
git add README.md
run rewrite --commit
expect_exit 2
expect_stdout </dev/null
expect_stderr_contains "the index contains staged changes to 1 file"
git diff --quiet -- k8s || fail "a rejected --commit changed k8s/"
git reset -q
git checkout -q README.md

git checkout -q --detach
run rewrite --commit
expect_exit 2
expect_stdout </dev/null
expect_stderr_contains "HEAD is detached"
git diff --quiet -- k8s || fail "a rejected --commit changed k8s/"
git checkout -q main

# A commit in the middle of a merge would drop the merge's second parent.
git branch -q side
git rev-parse side >.git/MERGE_HEAD
run rewrite --commit
expect_exit 2
expect_stdout </dev/null
expect_stderr_contains "a merge, rebase, cherry-pick or revert is in progress"
rm .git/MERGE_HEAD
git branch -q -D side

# An unstaged change to a file without Jobs stays out of the commit.
echo "local edit" >>README.md
run rewrite --commit
expect_exit 0
expect_stdout <<'EOF2'
k8s/migrate.yaml:4: db-migrate -> db-migrate-f6254ff3
k8s/seed.yaml:4: seed -> seed-8dc112af
EOF2
expect_stderr <<EOF2
jobhash: rewrite: committed $(git rev-parse HEAD)
EOF2
git show --stat --format=%s%n%b HEAD >"$E2E_STATE/show"
expect_file "$E2E_STATE/show" <<'EOF2'
Rename 2 Jobs with their hash suffix
apps/db-migrate -> db-migrate-f6254ff3
data/seed -> seed-8dc112af


 k8s/migrate.yaml | 4 +++-
 k8s/seed.yaml    | 4 +++-
 2 files changed, 6 insertions(+), 2 deletions(-)
EOF2
git log -1 --format='%an <%ae>' >"$E2E_STATE/author"
expect_file "$E2E_STATE/author" <<'EOF2'
Repo Owner <owner@jobhash.invalid>
EOF2
[ "$(git log --oneline | wc -l)" -eq 2 ] || fail "expected 2 commits"
git diff --quiet HEAD -- k8s || fail "the commit does not match the rewritten files"
[ "$(git status --porcelain)" = " M README.md" ] || fail "unexpected status: $(git status --porcelain)"

# Nothing to rename: no commit.
run rewrite --commit
expect_exit 0
expect_stdout </dev/null
expect_stderr <<'EOF2'
jobhash: rewrite: nothing to commit
EOF2
[ "$(git log --oneline | wc -l)" -eq 2 ] || fail "a commit was made with nothing to commit"

# -m and --author replace the defaults.
sed 's|app:1.0|app:1.1|' k8s/migrate.yaml >k8s/migrate.yaml.new
mv k8s/migrate.yaml.new k8s/migrate.yaml
git commit -q -am "bump the image"
run rewrite --commit -m "Rename the migration" --author "Release Bot <bot@jobhash.invalid>"
expect_exit 0
expect_stdout <<'EOF2'
k8s/migrate.yaml:6: db-migrate-f6254ff3 -> db-migrate-8dc112af
EOF2
git show --stat --format='%s%n%b%an <%ae>' HEAD >"$E2E_STATE/show"
expect_file "$E2E_STATE/show" <<'EOF2'
Rename the migration
Release Bot <bot@jobhash.invalid>

 k8s/migrate.yaml | 4 ++--
 1 file changed, 2 insertions(+), 2 deletions(-)
EOF2
[ "$(git log --oneline | wc -l)" -eq 4 ] || fail "expected 4 commits"
