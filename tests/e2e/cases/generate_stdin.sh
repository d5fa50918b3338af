# generate - reads one stream from standard input, as in
# "kustomize build . | jobhash generate -". A byte-order mark is dropped and
# a missing final line break is added; nothing else changes.

write_printf stream.yaml '\357\273\277apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: shop\r\n---\r\napiVersion: batch/v1\r\nkind: Job\r\nmetadata:\r\n  name: seed\r\n  namespace: shop\r\nspec:\r\n  template:\r\n    spec:\r\n      containers:\r\n      - name: s\r\n        image: busybox\r\n      restartPolicy: Never'

run generate - <stream.yaml
expect_exit 0
expect_stderr </dev/null
hash=$(sed -n 's/^  name: seed-\([0-9a-f]*\)\r$/\1/p' "$STDOUT")
[ ${#hash} = 8 ] || fail "expected an 8-character suffix on the Job, got '$hash'"
printf 'apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: shop\r\n---\r\napiVersion: batch/v1\r\nkind: Job\r\nmetadata:\r\n  labels:\r\n    jobhash.io/hash: "%s"\r\n  name: seed-%s\r\n  namespace: shop\r\nspec:\r\n  template:\r\n    spec:\r\n      containers:\r\n      - name: s\r\n        image: busybox\r\n      restartPolicy: Never\n' \
	"$hash" "$hash" >expected.yaml
expect_stdout_file expected.yaml

# The suffix is the hash that "jobhash hash" reports for the same Job.
mkdir plain
tr -d '\r' <stream.yaml | tail -c +4 >plain/job.yaml
run hash -C plain
expect_exit 0
expect_stdout_contains "shop/seed $hash "

# Two JSON objects in a row become two documents.
printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}\n' >two.json
run generate - <two.json
expect_exit 0
expect_stdout <<'EOF'
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}
---
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}
EOF

# kubectl's own kustomize renders the input when kubectl is installed.
if ! command -v kubectl >/dev/null 2>&1; then
	skip "kubectl is not installed, so kubectl kustomize | jobhash generate - was not run"
fi
write kustomize/kustomization.yaml <<'EOF'
namespace: shop
resources:
  - job.yaml
EOF
tr -d '\r' <stream.yaml | tail -c +4 | sed -n '/^apiVersion: batch/,$p' >kustomize/job.yaml
echo >>kustomize/job.yaml
kubectl kustomize kustomize >rendered.yaml
run generate - <rendered.yaml
expect_exit 0
expect_stdout_contains "  name: seed-$hash"
expect_stdout_contains "    jobhash.io/hash: \"$hash\""
