# A repository without commits has nothing to compare.
repo_init

run plan --deployed HEAD
expect_exit 2
expect_stdout </dev/null
expect_stderr <<'EOF'
jobhash: HEAD has no commits yet
jobhash: commit the manifests first, or name another revision
EOF
