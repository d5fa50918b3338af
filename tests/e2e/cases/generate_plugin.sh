# deploy/argocd/plugin.yaml parses as YAML, and the command it runs
# exists in this jobhash.

plugin="$E2E_DIR/../../deploy/argocd/plugin.yaml"
[ -f "$plugin" ] || fail "not found: $plugin"

# canon reads a directory, so the file is copied into one of its own.
mkdir deploy
cp "$plugin" deploy/plugin.yaml
run canon -C deploy
expect_exit 0
expect_stdout_contains '"kind":"ConfigManagementPlugin"'
expect_stdout_contains '"generate":{"command":["jobhash","generate","--recursive","."]}'
expect_stdout_contains '"discover":{"fileName":".jobhash.yaml"}'
expect_stdout_contains '"metadata":{"name":"jobhash"}'

# Every command word after "jobhash" is a command of this build.
run --help
expect_exit 0
expect_stdout_contains "  generate "
run generate --help
expect_exit 0
expect_stdout_contains "  -r, --recursive "
