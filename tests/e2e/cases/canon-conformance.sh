# jobhash canon over the YAML test suite: each valid case's in.yaml must
# print the values of its in.json, a stream of JSON values read here with
# Python's json module. The known differences are the ones listed, with
# their reasons, in tests/unit/test_yaml_suite.c.
suite=${JOBHASH_YAML_TEST_SUITE:-$E2E_DIR/../../../shared/yaml-test-suite}
[ -d "$suite" ] || skip "yaml-test-suite not found at $suite"

# Outside a repository canon reads the directory as it is, so one run
# covers every case; in.json files are read by the script below.
cd "$suite"
run canon --with-location --exclude '*.json'
cd - >/dev/null

python3 - "$STDOUT" "$suite" "$E2E_DIR/../unit/test_yaml_suite.c" <<'EOF'
import json, os, re, sys

output, suite, unit_test = sys.argv[1:4]
known = set(re.findall(r'\{ "([0-9A-Z]{4}(?:/[0-9]+)?)", "', open(unit_test).read()))


def json_stream(path):
    """Returns the JSON values written one after another in PATH."""
    text = open(path, encoding="utf-8").read()
    decoder = json.JSONDecoder()
    position, found = 0, []
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            return found
        value, position = decoder.raw_decode(text, position)
        found.append(value)


def canonical(value):
    """Drops null-valued entries, as the canonical form does (hash.md rule 8)."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


values = {}
for line in open(output, encoding="utf-8"):
    location, text = line.rstrip("\n").split("\t", 1)
    path = location.rsplit(":", 1)[0]
    values.setdefault(path, []).append(json.loads(text))

compared = matched = failures = 0
for root, dirs, files in sorted(os.walk(suite)):
    if "in.json" not in files or "error" in files:
        continue
    case = os.path.relpath(root, suite)
    if case in known:
        continue
    compared += 1
    got = values.get(os.path.join(case, "in.yaml"), [])
    want = [canonical(v) for v in json_stream(os.path.join(root, "in.json"))]
    if got == want:
        matched += 1
    else:
        failures += 1
        print(f"{case}: in.yaml gives {got!r}, in.json {want!r}", file=sys.stderr)

print(f"canon over the YAML test suite: {compared} compared, {matched} matched", file=sys.stderr)
sys.exit(1 if failures or compared < 150 else 0)
EOF
