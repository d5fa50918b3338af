#!/usr/bin/env python3
"""Reference model of jobhash hash v1 (docs/hash.md, rules 2 and 7 to 13).

Reads a Job object as JSON and prints the canonical JSON of its hash input
and the hash. It shares no code with the C implementation, so the test
vectors in testdata/hash/ check one against the other.

Usage:
    canon_reference.py FILE            canonical JSON, then the hash
    canon_reference.py --canon FILE    canonical JSON only, no newline
    canon_reference.py --hash FILE     the hash and a newline

A JSON integer is an exact 64-bit integer; one outside that range becomes
the nearest double, as the YAML loader does. A JSON number with a fraction
or an exponent is a double.
"""

import hashlib
import json
import sys

IMMUTABLE_FIELDS = (
    "template",
    "selector",
    "completions",
    "completionMode",
    "podFailurePolicy",
    "backoffLimitPerIndex",
    "successPolicy",
    "managedBy",
)

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

SHORT_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def hash_input(job):
    """Return the mapping that hash v1 covers (rule 2)."""
    spec = job.get("spec") if isinstance(job, dict) else None
    if not isinstance(spec, dict):
        return {}
    return {k: v for k, v in spec.items() if k in IMMUTABLE_FIELDS and v is not None}


def format_double(value):
    """Format a float as ECMAScript Number::toString (rule 9)."""
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    # repr gives the shortest digits that round-trip, closest to the value.
    text = repr(abs(value))
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + (int(exponent) if exponent else 0)
    while len(digits) > 1 and digits[0] == "0":
        digits = digits[1:]
        point -= 1
    digits = digits.rstrip("0") or "0"

    k = len(digits)
    n = point
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * -n + digits
    else:
        e = n - 1
        body = digits[0]
        if k > 1:
            body += "." + digits[1:]
        body += "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + body


def format_string(value):
    """Write a JSON string literal as RFC 8785 requires (rule 10)."""
    out = ['"']
    for ch in value:
        if ch in SHORT_ESCAPES:
            out.append(SHORT_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def canonical(value):
    """Return the canonical JSON text of VALUE (rules 7 to 12)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        if INT64_MIN <= value <= INT64_MAX:
            return str(value)
        return format_double(float(value))
    if isinstance(value, float):
        return format_double(value)
    if isinstance(value, str):
        return format_string(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if isinstance(value, dict):
        keys = sorted(
            (k for k, v in value.items() if v is not None),
            key=lambda k: k.encode("utf-16-be"),
        )
        entries = (format_string(k) + ":" + canonical(value[k]) for k in keys)
        return "{" + ",".join(entries) + "}"
    raise TypeError("no canonical form for %r" % (value,))


def main(argv):
    mode = "both"
    if len(argv) == 3 and argv[1] in ("--canon", "--hash"):
        mode = argv[1][2:]
        path = argv[2]
    elif len(argv) == 2:
        path = argv[1]
    else:
        sys.stderr.write(__doc__)
        return 2

    with open(path, encoding="utf-8") as f:
        job = json.load(f)

    canon = canonical(hash_input(job)).encode("utf-8")
    digest = hashlib.sha256(b"jobhash-v1\n" + canon).hexdigest()

    if mode in ("both", "canon"):
        sys.stdout.buffer.write(canon)
    if mode == "both":
        sys.stdout.write("\n")
    if mode in ("both", "hash"):
        sys.stdout.write(digest + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
