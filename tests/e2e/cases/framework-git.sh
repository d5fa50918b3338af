# repo_init, write, write_printf, commit and tag build reproducible
# repositories.

repo_init repo
[ "$(basename "$PWD")" = repo ] || fail "repo_init did not enter the repository"
[ "$(git symbolic-ref HEAD)" = refs/heads/main ] || fail "the branch is not main"

write apps/job.yaml <<'EOF2'
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
EOF2
write_printf apps/crlf.yaml '\357\273\277kind: Job\r\nspec: {}\r\n'
commit "add the job"
tag deployed

# Fixed identity and dates make the commit id the same on every machine.
first=$(git rev-parse HEAD)
[ "$first" = f311d4f9c7773642276bf0dbe489e1d17605f63e ] || fail "first commit id is $first"

od -An -c apps/crlf.yaml >dump.txt
expect_file dump.txt <<'EOF2'
 357 273 277   k   i   n   d   :       J   o   b  \r  \n   s   p
   e   c   :       {   }  \r  \n
EOF2
rm dump.txt

write apps/job.yaml <<'EOF2'
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate-v2
EOF2
commit "rename the job"
tag v2 "second release"

[ "$(git rev-parse deployed)" = "$first" ] || fail "the tag deployed moved"
[ "$(git cat-file -t v2)" = tag ] || fail "tag with a message is not annotated"
[ "$(git log --format=%at -1)" -gt "$(git log --format=%at -1 deployed)" ] ||
	fail "the second commit is not later than the first"
[ -z "$(git status --porcelain)" ] || fail "commit left changes behind"
expect_file apps/job.yaml <<'EOF2'
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate-v2
EOF2
