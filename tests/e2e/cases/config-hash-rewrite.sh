# hash, canon and rewrite take their defaults from .jobhash.yaml, as plan
# does; the command line wins over the file.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml a app:1 | write a.yaml
job_yaml b app:1 | write b.yaml
write .jobhash.yaml <<'EOF'
hashLength: 12
exclude: [b.yaml]
labelKey: example.com/hash
EOF
commit first

run hash
expect_exit 0
expect_stdout <<'EOF'
apps/a ffcbda48a09b a.yaml:1
EOF

run hash --hash-length 8
expect_exit 0
expect_stdout <<'EOF'
apps/a ffcbda48 a.yaml:1
EOF

run rewrite
expect_exit 0
expect_stdout <<'EOF'
a.yaml:4: a -> a-ffcbda48a09b
EOF
grep -q 'example.com/hash: "ffcbda48a09b"' a.yaml || fail "the label key from .jobhash.yaml was not used"

write .jobhash.yaml <<'EOF'
hashLength: 99
EOF
run hash
expect_exit 2
expect_stderr <<'EOF'
jobhash: .jobhash.yaml:1:13: invalid value of 'hashLength': expected a number from 6 to 16, got 99
jobhash: see docs/configuration.md for the keys and their types
EOF

write .jobhash.yaml <<'EOF'
labelKey: "Bad Key"
EOF
run rewrite --check
expect_exit 2
expect_stderr <<'EOF'
jobhash: .jobhash.yaml:1:11: invalid value of 'labelKey': expected a Kubernetes label key such as example.com/hash
jobhash: see docs/configuration.md for the keys and their types
EOF
