#!/usr/bin/env python3
"""Generate a synthetic GitOps repository for the jobhash benchmarks.

The repository holds FILES manifest files (names ending in .yaml, .yml or
.json) under clusters/<env>/apps/<app>/..., plus Helm chart templates that
are not valid YAML, non-manifest files and one symbolic link. About one
YAML document in ten is a Job. A few ConfigMap files are several MiB large.

The history has 20 commits: the initial tree, 17 commits of typical edits
(image bumps, env changes, added and removed files), one more edit commit
tagged "deployed", and a last commit that changes the image of exactly one
Job in exactly one file. The same seed and size always give the same
commit ids, because every date, name and random choice is fixed.

Usage: gen.py [--files N] [--seed S] OUT
"""

import argparse
import os
import random
import subprocess
import sys

ENVS = ("dev", "staging", "prod", "prod-eu")
EDIT_COMMITS = 18          # commits between the initial one and the last one
BASE_TIME = 1700000000     # seconds since the epoch, first commit
AUTHOR = "Bench Generator <bench@example.invalid>"
REGISTRY = "registry.example.com/platform"
MIB = 1024 * 1024


class Doc:
    """One Kubernetes object of a generated file, kept as parameters."""

    __slots__ = ("kind", "name", "namespace", "app", "tag", "env", "extra")

    def __init__(self, kind, name, namespace, app, tag, env, extra):
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.app = app
        self.tag = tag
        self.env = env          # list of [name, value] pairs
        self.extra = extra      # kind-specific integer that varies output


def render_env(env, indent):
    pad = " " * indent
    lines = []
    for name, value in env:
        lines.append(f"{pad}- name: {name}\n{pad}  value: \"{value}\"\n")
    return "".join(lines)


def render_deployment(d):
    return (
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata:\n"
        f"  name: {d.name}\n"
        f"  namespace: {d.namespace}\n"
        "  labels:\n"
        f"    app.kubernetes.io/name: {d.app}\n"
        "    app.kubernetes.io/part-of: platform\n"
        "spec:\n"
        f"  replicas: {1 + d.extra % 4}\n"
        "  revisionHistoryLimit: 5\n"
        "  selector:\n"
        "    matchLabels:\n"
        f"      app.kubernetes.io/name: {d.app}\n"
        "  template:\n"
        "    metadata:\n"
        "      labels:\n"
        f"        app.kubernetes.io/name: {d.app}\n"
        "    spec:\n"
        f"      serviceAccountName: {d.app}\n"
        "      containers:\n"
        f"        - name: {d.app}\n"
        f"          image: {REGISTRY}/{d.app}:{d.tag}\n"
        "          ports:\n"
        f"            - containerPort: {8000 + d.extra % 1000}\n"
        "              name: http\n"
        "          env:\n"
        + render_env(d.env, 12) +
        "          resources:\n"
        "            requests:\n"
        f"              cpu: {50 + d.extra % 200}m\n"
        f"              memory: {64 + d.extra % 512}Mi\n"
        "            limits:\n"
        "              memory: 1Gi\n"
        "          readinessProbe:\n"
        "            httpGet:\n"
        "              path: /healthz\n"
        "              port: http\n"
        "            periodSeconds: 10\n"
        "          volumeMounts:\n"
        "            - name: config\n"
        "              mountPath: /etc/app\n"
        "      volumes:\n"
        "        - name: config\n"
        "          configMap:\n"
        f"            name: {d.app}-config\n"
        "            defaultMode: 0644\n"
    )


def render_service(d):
    return (
        "apiVersion: v1\n"
        "kind: Service\n"
        "metadata:\n"
        f"  name: {d.name}\n"
        f"  namespace: {d.namespace}\n"
        "spec:\n"
        "  type: ClusterIP\n"
        "  selector:\n"
        f"    app.kubernetes.io/name: {d.app}\n"
        "  ports:\n"
        "    - name: http\n"
        "      port: 80\n"
        f"      targetPort: {8000 + d.extra % 1000}\n"
    )


def render_configmap(d):
    return (
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        f"  name: {d.name}\n"
        f"  namespace: {d.namespace}\n"
        "data:\n"
        f"  LOG_LEVEL: {'debug' if d.extra % 3 == 0 else 'info'}\n"
        f"  MAX_CONNECTIONS: \"{10 + d.extra % 90}\"\n"
        "  FEATURE_FLAGS: 'search,export'\n"
        "  app.properties: |\n"
        f"    server.port={8000 + d.extra % 1000}\n"
        f"    cache.ttl={d.extra % 3600}s\n"
        "    # edited by hand\n"
        f"    upstream=http://{d.app}-backend.{d.namespace}.svc:8080\n"
    )


def render_service_account(d):
    return (
        "apiVersion: v1\n"
        "kind: ServiceAccount\n"
        "metadata:\n"
        f"  name: {d.name}\n"
        f"  namespace: {d.namespace}\n"
        "  annotations:\n"
        f"    eks.amazonaws.com/role-arn: arn:aws:iam::{100000000000 + d.extra}:role/{d.app}\n"
    )


def render_job_body(d, indent):
    """Renders a Job mapping; INDENT is the column of its keys."""
    pad = " " * indent
    hook = ""
    if d.extra % 5 == 0:
        hook = (f"{pad}  annotations:\n"
                f"{pad}    argocd.argoproj.io/sync-wave: \"{d.extra % 3}\"\n")
    ttl = f"{pad}  ttlSecondsAfterFinished: 3600\n" if d.extra % 2 else ""
    body = (
        f"{pad}apiVersion: batch/v1\n"
        f"{pad}kind: Job\n"
        f"{pad}metadata:\n"
        f"{pad}  name: {d.name}\n"
        f"{pad}  namespace: {d.namespace}\n"
        + hook +
        f"{pad}spec:\n"
        f"{pad}  backoffLimit: {d.extra % 6}\n"
        + ttl +
        f"{pad}  template:\n"
        f"{pad}    metadata:\n"
        f"{pad}      labels:\n"
        f"{pad}        app.kubernetes.io/name: {d.app}\n"
        f"{pad}        app.kubernetes.io/component: migration\n"
        f"{pad}    spec:\n"
        f"{pad}      restartPolicy: Never\n"
        f"{pad}      containers:\n"
        f"{pad}        - name: migrate\n"
        f"{pad}          image: {REGISTRY}/{d.app}-migrations:{d.tag}\n"
        f"{pad}          command: [\"/bin/sh\", \"-c\"]\n"
        f"{pad}          args:\n"
        f"{pad}            - |\n"
        f"{pad}              set -eu\n"
        f"{pad}              echo \"migrating {d.app} to schema {d.extra % 400}\"\n"
        f"{pad}              /app/migrate --database \"$DATABASE_URL\" up\n"
        f"{pad}          env:\n"
        + render_env(d.env, indent + 12) +
        f"{pad}          resources:\n"
        f"{pad}            limits:\n"
        f"{pad}              cpu: 500m\n"
        f"{pad}              memory: 256Mi\n"
    )
    return body


def render_job(d):
    return render_job_body(d, 0)


RENDERERS = {
    "Deployment": render_deployment,
    "Service": render_service,
    "ConfigMap": render_configmap,
    "ServiceAccount": render_service_account,
    "Job": render_job,
}


def render_list(docs):
    """Renders a kind: List whose items are Jobs."""
    out = ["apiVersion: v1\nkind: List\nitems:\n"]
    for d in docs:
        body = render_job_body(d, 2)
        out.append("- " + body[2:])
    return "".join(out)


def json_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_json(d):
    """Renders a Deployment or a Job as pretty-printed JSON."""
    env = ",\n".join(
        f'            {{"name": {json_string(n)}, "value": {json_string(v)}}}'
        for n, v in d.env)
    if d.kind == "Job":
        head = '"apiVersion": "batch/v1",\n  "kind": "Job",'
        spec_head = '"backoffLimit": 2,\n    "template": {\n      "spec": {\n' \
                    '        "restartPolicy": "Never",\n'
        image = f"{REGISTRY}/{d.app}-migrations:{d.tag}"
    else:
        head = '"apiVersion": "apps/v1",\n  "kind": "Deployment",'
        spec_head = '"replicas": 2,\n    "selector": {"matchLabels": ' \
                    f'{{"app": {json_string(d.app)}}}}},\n' \
                    '    "template": {\n' \
                    f'      "metadata": {{"labels": {{"app": {json_string(d.app)}}}}},\n' \
                    '      "spec": {\n'
        image = f"{REGISTRY}/{d.app}:{d.tag}"
    return (
        "{\n"
        f"  {head}\n"
        f'  "metadata": {{"name": {json_string(d.name)}, '
        f'"namespace": {json_string(d.namespace)}}},\n'
        "  \"spec\": {\n"
        f"    {spec_head}"
        "        \"containers\": [\n"
        "          {\n"
        f'            "name": {json_string(d.app)},\n'
        f'            "image": {json_string(image)},\n'
        '            "env": [\n'
        f"{env}\n"
        "            ]\n"
        "          }\n"
        "        ]\n"
        "      }\n"
        "    }\n"
        "  }\n"
        "}\n"
    )


class File:
    """A generated file: documents to render, or fixed bytes."""

    __slots__ = ("docs", "style", "raw", "mode")

    def __init__(self, docs=None, style="yaml", raw=None, mode="100644"):
        self.docs = docs or []
        self.style = style      # yaml, list, json or raw
        self.raw = raw          # bytes, for style raw
        self.mode = mode

    def render(self):
        if self.style == "raw":
            return self.raw
        if self.style == "json":
            return "".join(render_json(d) for d in self.docs).encode()
        if self.style == "list":
            return render_list(self.docs).encode()
        parts = []
        for i, d in enumerate(self.docs):
            if i > 0:
                parts.append("---\n")
            parts.append(RENDERERS[d.kind](d))
        text = "".join(parts)
        if self.docs and self.docs[0].extra % 7 == 0:
            text = "# Managed by the platform team. Do not edit by hand.\n---\n" + text
        return text.encode()


def helm_template(app, rng):
    """Returns a chart template: Go template syntax, not valid YAML."""
    return (
        "{{- if .Values.enabled }}\n"
        "apiVersion: batch/v1\n"
        "kind: Job\n"
        "metadata:\n"
        "  name: {{ include \"" + app + ".fullname\" . }}-migrate\n"
        "  labels:\n"
        "    {{- include \"" + app + ".labels\" . | nindent 4 }}\n"
        "spec:\n"
        f"  backoffLimit: {rng.randrange(6)}\n"
        "  template:\n"
        "    spec:\n"
        "      restartPolicy: Never\n"
        "      containers:\n"
        "        - name: migrate\n"
        "          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n"
        "          {{- with .Values.env }}\n"
        "          env:\n"
        "            {{- toYaml . | nindent 12 }}\n"
        "          {{- end }}\n"
        "{{- end }}\n"
    ).encode()


def large_configmap(app, namespace, size, rng):
    """Returns a ConfigMap of about SIZE bytes of dashboard definitions."""
    out = [
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
        f"  name: {app}-dashboards\n  namespace: {namespace}\n"
        "  labels:\n    grafana_dashboard: \"1\"\ndata:\n"
    ]
    total = len(out[0])
    i = 0
    while total < size:
        panel_id = rng.randrange(1000000)
        chunk = (
            f"  dashboard-{i}.json: |\n"
            "    {\n"
            f"      \"uid\": \"{app}-{i}-{panel_id:06d}\",\n"
            f"      \"title\": \"{app} latency panel {i}\",\n"
            "      \"panels\": [\n"
            + "".join(
                "        {"
                f"\"id\": {panel_id + p}, \"type\": \"timeseries\", "
                f"\"expr\": \"histogram_quantile(0.{90 + p % 10}, sum(rate("
                f"http_request_duration_seconds_bucket{{app=\\\"{app}\\\"}}[5m])) by (le))\""
                "},\n"
                for p in range(8)) +
            "        {\"id\": 0, \"type\": \"text\"}\n"
            "      ]\n"
            "    }\n"
        )
        out.append(chunk)
        total += len(chunk)
        i += 1
    return "".join(out).encode()


NON_MANIFESTS = (
    ("README.md", b"# Deployment notes\n\nSee the runbook before changing this app.\n", "100644"),
    ("OWNERS", b"approvers:\n- platform-team\n", "100644"),
    ("scripts/smoke-test.sh", b"#!/bin/sh\nset -eu\ncurl -fsS http://localhost/healthz\n", "100755"),
    ("values.schema", b"type: object\nproperties:\n  replicas: {type: integer}\n", "100644"),
)


class Generator:
    def __init__(self, files, seed):
        self.rng = random.Random(seed)
        self.target = files
        self.files = {}         # path -> File
        self.next_id = 0
        self.apps = []          # (env, app, directory)

    def new_doc(self, kind, app, namespace):
        self.next_id += 1
        rng = self.rng
        suffix = {"Deployment": "", "Service": "", "ConfigMap": "-config",
                  "ServiceAccount": "", "Job": "-migrate"}[kind]
        name = f"{app}{suffix}-{self.next_id}"
        env = [["LOG_FORMAT", "json"],
               ["REGION", rng.choice(("eu-west-1", "us-east-1", "ap-south-1"))],
               ["WORKERS", str(rng.randrange(1, 17))]]
        tag = f"1.{rng.randrange(40)}.{rng.randrange(20)}"
        return Doc(kind, name, namespace, app, tag, env, rng.randrange(1 << 30))

    def random_kind(self):
        # Weights give about one Job per ten documents.
        r = self.rng.random()
        if r < 0.30:
            return "Deployment"
        if r < 0.55:
            return "Service"
        if r < 0.78:
            return "ConfigMap"
        if r < 0.92:
            return "ServiceAccount"
        return "Job"

    def new_manifest(self, env, app, directory):
        """Adds one manifest file under DIRECTORY and returns its path."""
        rng = self.rng
        namespace = f"{app}-{env}"
        r = rng.random()
        self.next_id += 1
        if r < 0.03:
            kind = "Job" if rng.random() < 0.3 else "Deployment"
            count = 2 if rng.random() < 0.2 else 1
            docs = [self.new_doc(kind, app, namespace) for _ in range(count)]
            path = f"{directory}/{kind.lower()}-{self.next_id}.json"
            self.files[path] = File(docs, "json")
        elif r < 0.04:
            docs = [self.new_doc("Job", app, namespace) for _ in range(rng.randrange(2, 4))]
            path = f"{directory}/jobs-list-{self.next_id}.yaml"
            self.files[path] = File(docs, "list")
        elif r < 0.09:
            path = f"charts/{app}/templates/job-{self.next_id}.yaml"
            self.files[path] = File(style="raw", raw=helm_template(app, rng))
        else:
            count = rng.choice((1, 1, 1, 2, 2, 3, 4))
            docs = [self.new_doc(self.random_kind(), app, namespace) for _ in range(count)]
            if count == 1 and docs[0].kind == "Job":
                stem = "job"
            elif count == 1:
                stem = docs[0].kind.lower()
            else:
                stem = "resources"
            ext = "yml" if rng.random() < 0.05 else "yaml"
            path = f"{directory}/{stem}-{self.next_id}.{ext}"
            self.files[path] = File(docs, "yaml")
        return path

    def build_initial(self):
        rng = self.rng
        files_per_app = 25
        app_count = max(1, self.target // files_per_app)
        for a in range(app_count):
            env = ENVS[a % len(ENVS)]
            app = f"app{a:05d}"
            directory = f"clusters/{env}/apps/{app}"
            if a % 3 == 0:
                directory += f"/overlays/region-{a % 5}"
            self.apps.append((env, app, directory))

        large_count = max(2, self.target // 5000)
        for i in range(large_count):
            env, app, directory = self.apps[(i * 7) % len(self.apps)]
            size = rng.randrange(2 * MIB, 6 * MIB)
            path = f"{directory}/dashboards-{i}.yaml"
            self.files[path] = File(style="raw",
                                    raw=large_configmap(app, f"{app}-{env}", size, rng))

        while len(self.files) < self.target:
            env, app, directory = self.apps[rng.randrange(len(self.apps))]
            self.new_manifest(env, app, directory)

        # Non-manifest files: not counted in FILES.
        for i, (env, app, directory) in enumerate(self.apps):
            if i % 4 == 0:
                name, data, mode = NON_MANIFESTS[(i // 4) % len(NON_MANIFESTS)]
                self.files[f"{directory}/{name}"] = File(style="raw", raw=data, mode=mode)
            if i % 10 == 0:
                self.files[f"charts/{app}/templates/_helpers.tpl"] = File(
                    style="raw", raw=b'{{- define "' + app.encode() + b'.fullname" -}}\n'
                    + app.encode() + b"\n{{- end }}\n")
        # A symbolic link with a manifest name: not a regular file.
        first = sorted(p for p, f in self.files.items() if f.style == "yaml")[0]
        self.files["clusters/current.yaml"] = File(style="raw", raw=first.encode(),
                                                   mode="120000")

    def docs_of_kind(self, kinds):
        """Returns the sorted paths of files with a document of one of KINDS."""
        return sorted(p for p, f in self.files.items()
                      if f.style in ("yaml", "json", "list")
                      and any(d.kind in kinds for d in f.docs))

    def edit(self):
        """Applies one commit's edits and returns (changed paths, deleted paths)."""
        rng = self.rng
        changed = set()
        deleted = set()
        scale = max(2, self.target // 150)

        for path in rng.sample(self.docs_of_kind(("Deployment", "Job")), scale):
            for d in self.files[path].docs:
                if d.kind in ("Deployment", "Job") and rng.random() < 0.7:
                    major, minor, patch = d.tag.split(".")
                    d.tag = f"{major}.{minor}.{int(patch) + 1}"
            changed.add(path)

        candidates = self.docs_of_kind(("Deployment", "Job", "ConfigMap"))
        for path in rng.sample(candidates, scale // 2):
            for d in self.files[path].docs:
                if d.kind == "ConfigMap":
                    d.extra += 1
                else:
                    d.env[2][1] = str(rng.randrange(1, 33))
                    if rng.random() < 0.3:
                        d.env.append([f"FEATURE_{rng.randrange(100)}", "enabled"])
            changed.add(path)

        for _ in range(scale // 3):
            env, app, directory = self.apps[rng.randrange(len(self.apps))]
            changed.add(self.new_manifest(env, app, directory))

        removable = sorted(p for p, f in self.files.items()
                           if f.style == "yaml" and p not in changed)
        for path in rng.sample(removable, scale // 4):
            del self.files[path]
            deleted.add(path)
        return sorted(changed), sorted(deleted)

    def last_edit(self):
        """Bumps the image of one Job in a file that holds only that Job."""
        paths = sorted(p for p, f in self.files.items()
                       if f.style == "yaml" and len(f.docs) == 1
                       and f.docs[0].kind == "Job")
        path = paths[self.rng.randrange(len(paths))]
        job = self.files[path].docs[0]
        major, minor, patch = job.tag.split(".")
        job.tag = f"{major}.{int(minor) + 1}.0"
        return [path], []


def write_commit(stream, number, message, changed, deleted, files, parent_mark):
    """Writes one fast-import commit; its mark is NUMBER."""
    when = BASE_TIME + number * 3600
    msg = message.encode()
    stream.write(f"commit refs/heads/main\nmark :{number}\n"
                 f"author {AUTHOR} {when} +0000\n"
                 f"committer {AUTHOR} {when} +0000\n"
                 f"data {len(msg)}\n".encode() + msg + b"\n")
    if parent_mark:
        stream.write(f"from :{parent_mark}\n".encode())
    for path in deleted:
        stream.write(f"D {path}\n".encode())
    for path in changed:
        f = files[path]
        data = f.render()
        stream.write(f"M {f.mode} inline {path}\ndata {len(data)}\n".encode())
        stream.write(data)
        stream.write(b"\n")
    stream.write(b"\n")


def run_git(out, *args, stdin=None):
    return subprocess.run(("git", "-C", out) + args, check=True, stdin=stdin)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=1000,
                        help="number of manifest files at the first commit (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("out", help="directory to create the repository in (must not exist or be empty)")
    args = parser.parse_args()

    if args.files < 100:
        parser.error("--files must be at least 100")
    if os.path.exists(args.out) and os.listdir(args.out):
        parser.error(f"{args.out}: directory is not empty")

    gen = Generator(args.files, args.seed)
    gen.build_initial()

    os.makedirs(args.out, exist_ok=True)
    run_git(args.out, "init", "-q", "-b", "main")
    importer = subprocess.Popen(("git", "-C", args.out, "fast-import", "--quiet"),
                                stdin=subprocess.PIPE)
    stream = importer.stdin

    write_commit(stream, 1, "Add the initial cluster configuration",
                 sorted(gen.files), [], gen.files, 0)
    for number in range(2, EDIT_COMMITS + 2):
        changed, deleted = gen.edit()
        write_commit(stream, number, f"Update applications ({number})",
                     changed, deleted, gen.files, number - 1)
    deployed = EDIT_COMMITS + 1
    changed, deleted = gen.last_edit()
    write_commit(stream, deployed + 1, f"Bump the image of {changed[0]}",
                 changed, deleted, gen.files, deployed)
    stream.write(f"reset refs/tags/deployed\nfrom :{deployed}\n\n".encode())
    stream.close()
    if importer.wait() != 0:
        sys.exit("gen.py: git fast-import failed")

    run_git(args.out, "reset", "-q", "--hard", "main")
    manifests = sum(1 for p, f in gen.files.items()
                    if f.mode != "120000" and p.endswith((".yaml", ".yml", ".json")))
    print(f"{args.out}: {EDIT_COMMITS + 2} commits, {manifests} manifest files at HEAD, "
          f"last commit changes {changed[0]}", file=sys.stderr)


if __name__ == "__main__":
    main()
