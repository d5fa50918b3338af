# A repository without manifests plans silently to nothing.
repo_init
echo "hello" | write README.md
echo "x = 1" | write src/main.py
commit deployed
tag deployed
echo "y = 2" >>src/main.py
commit head

run plan --deployed deployed --format kubectl
expect_exit 0
expect_stdout </dev/null
expect_stderr </dev/null

run hash HEAD
expect_exit 0
expect_stdout </dev/null
expect_stderr </dev/null
