# Usage errors name the option and point to --help; --version names the
# hash version.
run --version
expect_exit 0
expect_stdout <<'EOF'
jobhash 1.0.0 (hash v1)
EOF

repo_init
run plan
expect_exit 2
expect_stderr <<'EOF'
jobhash: plan: missing --deployed REV: name the revision the cluster runs (a commit, tag or branch), or read it with --deployed-from
Try 'jobhash plan --help'.
EOF

run plan --deployed x --format yaml
expect_exit 2
expect_stderr <<'EOF'
jobhash: plan: invalid --format 'yaml': expected text, json or kubectl
Try 'jobhash plan --help'.
EOF

run hash --hash-length 5
expect_exit 2
expect_stderr <<'EOF'
jobhash: hash: invalid --hash-length '5': expected a number from 6 to 16
Try 'jobhash hash --help'.
EOF

run hash --bogus
expect_exit 2
expect_stderr <<'EOF'
jobhash: hash: unknown option '--bogus'
Try 'jobhash hash --help'.
EOF

run frobnicate
expect_exit 2
expect_stderr <<'EOF'
jobhash: unknown command 'frobnicate'
Try 'jobhash --help'.
EOF

run plan --help
expect_exit 0
expect_stdout_contains 'Usage: jobhash plan --deployed REV'

run hash --format kubectl
expect_exit 2
expect_stderr <<'EOF'
jobhash: hash: invalid --format 'kubectl': expected text or json
Try 'jobhash hash --help'.
EOF
