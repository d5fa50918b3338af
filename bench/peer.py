#!/usr/bin/env python3
"""Compute hash v1 of every Job the way a team would script it.

This is the benchmark peer of jobhash: PyYAML's C loader, hashlib and the
git command. It reads every regular file named *.yaml, *.yml or *.json in
the tree of a revision, finds the Jobs (API group "batch", kind "Job",
items of lists expanded) and computes hash v1 by the rules of docs/hash.md.

Usage:
  peer.py [-C REPO] [--hash-length N] hash REV
      prints "NAMESPACE/NAME HASH FILE:LINE" for every Job
  peer.py [-C REPO] [--hash-length N] plan REV_OLD REV_NEW
      prints "NAMESPACE/NAME OLD_HASH NEW_HASH FILE:LINE" for every Job
      whose hash differs between the two revisions. It exits 1 when there
      is one, as "jobhash plan" does.

The namespace and its slash are left out when the namespace is empty.
LINE is the 1-based line where the document's root node starts (PyYAML's
start mark), or where the JSON object starts. Files that fail to parse are
skipped with a message on stderr.

NOTE: PyYAML resolves plain scalars by YAML 1.1 as PyYAML reads it, which
differs from Kubernetes' decoder (go-yaml v2) in a few corners, so the peer
can hash such a Job differently from jobhash:
  - "08" and "09" are strings here, 8 and 9 for Kubernetes;
  - "1e3" (no dot) is a string here, 1000 for Kubernetes;
  - "0o17" is a string here, 15 for Kubernetes;
  - "1:20" is 80 here (base 60), a string for Kubernetes;
  - ".inf" and ".nan" load here and are rejected by the hash;
  - a merge key "<<" never overrides an explicit key here, while Kubernetes
    applies merges in document order;
  - "--- {a: 1}" and "..." are accepted here and rejected or cut by kubectl;
  - dates stay strings (this loader drops the timestamp resolver, which
    matches Kubernetes).
"""

import argparse
import hashlib
import json
import math
import struct
import subprocess
import sys
import threading
from decimal import Decimal
from json.encoder import encode_basestring

import yaml

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
REGULAR_MODES = (b"100644", b"100755")
HASH_FIELDS = ("template", "selector", "completions", "completionMode",
               "podFailurePolicy", "backoffLimitPerIndex", "successPolicy",
               "managedBy")                     # hash.md rule 2
INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1


class Loader(yaml.CSafeLoader):
    """The C safe loader without the timestamp resolver, so dates stay text."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


class HashError(Exception):
    """A value that hash v1 cannot encode."""


def format_number(value):
    """Formats a double as ECMAScript's Number::toString does (hash.md rule 9)."""
    if math.isnan(value) or math.isinf(value):
        raise HashError(f"{value} is not a finite number")
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    # repr gives the shortest digits that read back to the same double.
    _, digit_tuple, exponent = Decimal(repr(abs(value))).as_tuple()
    digits = "".join(map(str, digit_tuple)).lstrip("0")
    # point: the decimal exponent n with value = 0.DIGITS * 10**n
    point = len(digits) + exponent
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= point <= 21:
        return sign + digits + "0" * (point - k)
    if 0 < point <= 21:
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return sign + "0." + "0" * -point + digits
    e = point - 1
    tail = f"e{'+' if e >= 0 else '-'}{abs(e)}"
    if k == 1:
        return sign + digits + tail
    return sign + digits[0] + "." + digits[1:] + tail


def format_float32_key(value):
    """Formats a float key as Go's FormatFloat(v, 'g', -1, 32) does (hash.md rule 6)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    single = struct.unpack("f", struct.pack("f", value))[0]
    for precision in range(1, 10):
        text = f"{single:.{precision}e}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == single:
            break
    mantissa, _, exponent = text.partition("e")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    e = int(exponent)
    if e < -4 or e >= 6:
        # Go's shortest %g switches to exponent form from 1e+06 up.
        return f"{mantissa}e{'+' if e >= 0 else '-'}{abs(e):02d}"
    digits = mantissa.replace(".", "").lstrip("-")
    sign = "-" if single < 0 else ""
    if e >= 0:
        whole = digits[:e + 1].ljust(e + 1, "0")
        fraction = digits[e + 1:]
        return sign + whole + ("." + fraction if fraction else "")
    return sign + "0." + "0" * (-e - 1) + digits


def key_text(key):
    """Turns a mapping key into the string Kubernetes uses (hash.md rule 6)."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int):
        if not INT64_MIN <= key <= INT64_MAX:
            raise HashError(f"unsupported map key {key}")
        return str(key)
    if isinstance(key, float):
        return format_float32_key(key)
    raise HashError(f"unsupported map key {key!r}")


def utf16_order(key):
    return key.encode("utf-16-be", "surrogatepass")


def canonical(value, out):
    """Appends the canonical JSON of VALUE to the list OUT (hash.md rules 7-12)."""
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise HashError("string is not valid UTF-8") from None
        out.append(encode_basestring(value))    # hash.md rule 10
    elif isinstance(value, int):
        if INT64_MIN <= value <= INT64_MAX:
            out.append(str(value))
        else:
            out.append(format_number(float(value)))
    elif isinstance(value, float):
        out.append(format_number(value))
    elif isinstance(value, list):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            canonical(item, out)
        out.append("]")
    elif isinstance(value, dict):
        entries = {}
        for key, item in value.items():
            text = key_text(key)
            if text in entries:
                raise HashError(f"two keys become the string {text!r}")
            entries[text] = item
        out.append("{")
        first = True
        for text in sorted(entries, key=utf16_order):
            item = entries[text]
            if item is None:                    # hash.md rule 8
                continue
            if not first:
                out.append(",")
            first = False
            out.append(encode_basestring(text))
            out.append(":")
            canonical(item, out)
        out.append("}")
    else:
        raise HashError(f"unsupported value of type {type(value).__name__}")


def hash_job(job):
    """Returns the 64-hex hash v1 of JOB (hash.md rules 2 and 13)."""
    spec = job.get("spec")
    selected = {}
    if isinstance(spec, dict):
        for field in HASH_FIELDS:
            if spec.get(field) is not None:
                selected[field] = spec[field]
    out = []
    canonical(selected, out)
    digest = hashlib.sha256(b"jobhash-v1\n")
    digest.update("".join(out).encode("utf-8"))
    return digest.hexdigest()


def is_job(obj):
    """Applies hash.md rule 1."""
    api_version = obj.get("apiVersion")
    if obj.get("kind") != "Job" or not isinstance(api_version, str):
        return False
    group = api_version.split("/", 1)[0] if "/" in api_version else ""
    return group == "batch"


def load_documents(data):
    """Yields (object, 1-based line) for each document of a file's bytes."""
    text_start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text_start.startswith(b"{"):
        # hash.md rule 3: a file starting with "{" is a JSON stream.
        text = data.decode("utf-8").lstrip("\ufeff")
        decoder = json.JSONDecoder()
        position = 0
        while True:
            while position < len(text) and text[position] in " \t\r\n":
                position += 1
            if position >= len(text):
                return
            obj, end = decoder.raw_decode(text, position)
            yield obj, text.count("\n", 0, position) + 1
            position = end
    loader = Loader(data)
    try:
        while loader.check_node():
            node = loader.get_node()
            yield loader.construct_document(node), node.start_mark.line + 1
    finally:
        loader.dispose()


def expand(obj):
    """Yields OBJ, or its items when it is a list (hash.md rule 3)."""
    if not isinstance(obj, dict):
        return
    items = obj.get("items")
    if obj.get("kind") == "List" or items is not None:
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict):
                    yield item
        return
    yield obj


def list_blobs(repo, rev):
    """Returns [(path, blob id)] of the selected files in REV's tree."""
    listing = subprocess.run(("git", "-C", repo, "ls-tree", "-r", "-z", rev),
                             check=True, stdout=subprocess.PIPE).stdout
    blobs = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, kind, oid = meta.split(b" ")
        if kind == b"blob" and mode in REGULAR_MODES and \
                path.endswith((b".yaml", b".yml", b".json")):
            blobs.append((path.decode("utf-8", "surrogateescape"), oid))
    return blobs


def read_blobs(repo, blobs):
    """Yields (path, bytes) for each blob, read through one git cat-file --batch."""
    reader = subprocess.Popen(("git", "-C", repo, "cat-file", "--batch"),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def feed():
        reader.stdin.write(b"".join(oid + b"\n" for _, oid in blobs))
        reader.stdin.close()

    # A separate writer keeps both pipes moving when the output is large.
    writer = threading.Thread(target=feed)
    writer.start()
    out = reader.stdout
    for path, _ in blobs:
        header = out.readline().split()
        size = int(header[2])
        data = out.read(size)
        out.read(1)                             # the LF after each object
        yield path, data
    writer.join()
    out.close()
    if reader.wait() != 0:
        raise RuntimeError("git cat-file --batch failed")


def hash_revision(repo, rev):
    """Returns [(namespace, name, path, line, hash)] for every Job in REV."""
    jobs = []
    for path, data in read_blobs(repo, list_blobs(repo, rev)):
        try:
            found = []
            for document, line in load_documents(data):
                for obj in expand(document):
                    if not is_job(obj):
                        continue
                    metadata = obj.get("metadata") or {}
                    namespace = str(metadata.get("namespace") or "")
                    name = str(metadata.get("name") or "")
                    found.append((namespace, name, path, line, hash_job(obj)))
        except (yaml.YAMLError, ValueError, HashError, RecursionError) as error:
            message = str(error).replace("\n", " ")
            print(f"peer.py: {path}: skipped: {message}", file=sys.stderr)
            continue
        jobs.extend(found)
    jobs.sort()
    return jobs


def job_label(namespace, name):
    return f"{namespace}/{name}" if namespace else name


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-C", dest="repo", default=".",
                        help="repository to read (default: the current directory)")
    parser.add_argument("--hash-length", type=int, default=8,
                        help="hex characters of the hash to print, 6 to 16 (default 8)")
    commands = parser.add_subparsers(dest="command", required=True)
    hash_parser = commands.add_parser("hash", help="print the hash of every Job")
    hash_parser.add_argument("rev")
    plan_parser = commands.add_parser("plan", help="print the Jobs whose hash changed")
    plan_parser.add_argument("old")
    plan_parser.add_argument("new")
    args = parser.parse_args()
    if not 6 <= args.hash_length <= 16:
        parser.error("--hash-length must be between 6 and 16")
    length = args.hash_length

    # NOTE: lines are sorted by namespace, name, path and line. jobhash's
    # own order is not fixed yet, so compare sorted outputs.
    if args.command == "hash":
        for namespace, name, path, line, digest in hash_revision(args.repo, args.rev):
            print(f"{job_label(namespace, name)} {digest[:length]} {path}:{line}")
        return 0

    # The same Job may be written in several files (one per cluster, say),
    # so a Job is matched across revisions by namespace, name and path.
    # NOTE: a Job whose file was renamed counts as new, not as changed.
    old_hashes = {(ns, name, path): digest
                  for ns, name, path, _, digest in hash_revision(args.repo, args.old)}
    changed = 0
    for namespace, name, path, line, digest in hash_revision(args.repo, args.new):
        old_digest = old_hashes.get((namespace, name, path))
        if old_digest is not None and old_digest != digest:
            changed += 1
            print(f"{job_label(namespace, name)} {old_digest[:length]} "
                  f"{digest[:length]} {path}:{line}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
