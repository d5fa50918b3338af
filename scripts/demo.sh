#!/bin/sh
# Shows `jobhash plan` on the bundled example GitOps repository.
#
# Usage: sh scripts/demo.sh BIN
#
# Builds a temporary Git repository from testdata/example: commits
# deployed/, tags it `deployed`, commits head/ on top of it, then runs
# BIN plan in text and in kubectl format. Exit status 1 from plan is the
# expected result (Jobs must be deleted). Exits 0 when both runs of plan
# exit 0 or 1, and 2 when BIN is missing or a step fails. The repository is
# removed at the end, unless KEEP=1.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: sh scripts/demo.sh BIN" >&2
	exit 2
fi
bin=$1
if [ ! -x "$bin" ]; then
	echo "demo: jobhash binary not found or not executable: $bin (run make first)" >&2
	exit 2
fi
case $bin in
/*) ;;
*) bin="$PWD/$bin" ;;
esac

example="$(cd "$(dirname "$0")/.." && pwd)/testdata/example"
if [ ! -d "$example/deployed" ] || [ ! -d "$example/head" ]; then
	echo "demo: example trees not found under $example" >&2
	exit 2
fi

# Fixed identity and dates, without the user's Git configuration, so the
# commit ids in the output are the same on every machine.
GIT_CONFIG_GLOBAL=/dev/null
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME="Demo"
GIT_AUTHOR_EMAIL="demo@example.com"
GIT_COMMITTER_NAME="Demo"
GIT_COMMITTER_EMAIL="demo@example.com"
export GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL

repo=$(mktemp -d "${TMPDIR:-/tmp}/jobhash-demo.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
	trap 'echo "demo: kept the repository $repo"' EXIT
else
	trap 'rm -rf "$repo"' EXIT
fi
trap 'exit 130' INT
trap 'exit 143' TERM

# commit_tree TREE DATE MESSAGE
# Replaces the working tree of the demo repository with TREE and commits
# it at DATE (seconds since the epoch).
commit_tree()
{
	find "$repo" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
	cp -R "$1/." "$repo/"
	git -C "$repo" add -A
	GIT_AUTHOR_DATE="@$2 +0000" GIT_COMMITTER_DATE="@$2 +0000" \
		git -C "$repo" commit -q -m "$3"
}

git -C "$repo" init -q -b main
commit_tree "$example/deployed" 1700000000 "Deploy payments 1.4.0 and orders 3.2.1"
git -C "$repo" tag deployed
commit_tree "$example/head" 1700086400 "Release payments 1.5.0 and migrate orders online"

cat <<BANNER
jobhash demo
============
A GitOps repository in $repo (removed at the end unless KEEP=1):
  the tag 'deployed' is what the cluster runs, and HEAD is what is about
  to be pushed. Files changed between them:

BANNER
git -C "$repo" diff --stat deployed HEAD | sed 's/^/  /'
echo

# plan TITLE ARGUMENT...
# Runs BIN -C REPO plan ARGUMENT... and prints what its exit status means.
# Exits the demo with status 2 on exit status 2 or any other failure.
plan()
{
	title=$1
	shift
	echo "--- $title"
	echo "\$ jobhash -C $repo plan $*"
	status=0
	"$bin" -C "$repo" plan "$@" || status=$?
	case $status in
	0) echo "(exit status 0: no Job must be deleted)" ;;
	1) echo "(exit status 1: the Jobs above must be deleted before the push)" ;;
	*)
		echo "demo: jobhash plan failed with exit status $status" >&2
		exit 2
		;;
	esac
	echo
}

plan "Which Jobs must be deleted, and why" --deployed deployed
plan "The same plan as kubectl commands" --deployed deployed --format kubectl
