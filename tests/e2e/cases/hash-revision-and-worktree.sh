# hash prints one line per Job for a revision, or for the working tree.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml alpha app:1 | write apps/alpha.yaml
{ job_yaml beta app:1 team; echo "---"; job_yaml gamma app:1 team; } | write apps/multi.yaml
commit first
job_yaml alpha app:2 | write apps/alpha.yaml

run hash HEAD
expect_exit 0
expect_stdout <<'EOF'
apps/alpha ffcbda48 apps/alpha.yaml:1
team/beta ffcbda48 apps/multi.yaml:1
team/gamma ffcbda48 apps/multi.yaml:15
EOF

run hash
expect_exit 0
expect_stdout_contains 'apps/alpha 9cb2b185 apps/alpha.yaml:1'

run hash HEAD --format json --hash-length 12 -- apps/alpha.yaml
expect_exit 0
expect_stdout <<'EOF'
{"version":1,"jobs":[{"namespace":"apps","name":"alpha","hash":"ffcbda48a09b","file":"apps/alpha.yaml","line":1}]}
EOF
