# plan --deployed-from reads the revision Argo CD or Flux applied.

repo_init
git remote add origin git@github.com:shop/deploy.git
write k8s/job.yaml <<'EOF2'
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      containers:
      - name: migrate
        image: migrate:1
EOF2
commit "add the job"
deployed=$(git rev-parse HEAD)
sed -i 's/migrate:1/migrate:2/' k8s/job.yaml
commit "new image"

write app.json <<EOF2
{"apiVersion": "argoproj.io/v1alpha1", "kind": "Application",
 "metadata": {"name": "shop", "namespace": "argocd"},
 "spec": {"source": {"repoURL": "https://github.com/shop/deploy.git", "path": "k8s"}},
 "status": {"sync": {"status": "OutOfSync", "revision": "$(git rev-parse HEAD)"},
  "operationState": {"phase": "Succeeded", "syncResult": {"revision": "$deployed"}},
  "history": [{"id": 1, "revision": "$deployed"}]}}
EOF2
run plan --deployed-from argocd:app.json --format kubectl
expect_exit 1
expect_stdout <<'EOF2'
kubectl delete job migrate --ignore-not-found --cascade=background
EOF2

# A failed operation falls back to the newest history entry.
write failed.json <<EOF2
{"apiVersion": "argoproj.io/v1alpha1", "kind": "Application",
 "spec": {"source": {"repoURL": "https://github.com/shop/deploy.git"}},
 "status": {"operationState": {"phase": "Failed", "syncResult": {"revision": "0000000000000000000000000000000000000001"}},
  "history": [{"id": 1, "revision": "1111111111111111111111111111111111111111"}, {"id": 2, "revision": "$(git rev-parse HEAD)"}]}}
EOF2
run plan --deployed-from argocd:failed.json --format kubectl
expect_exit 0
expect_stdout </dev/null

# A multi-source application uses the source of this repository.
write multi.json <<EOF2
{"apiVersion": "argoproj.io/v1alpha1", "kind": "Application",
 "spec": {"sources": [{"repoURL": "https://charts.example.com/stable", "chart": "base"},
                      {"repoURL": "ssh://git@GitHub.com/shop/deploy", "path": "k8s"}]},
 "status": {"operationState": {"phase": "Succeeded",
  "syncResult": {"revisions": ["1.2.3", "$deployed"]}}}}
EOF2
run plan --deployed-from argocd:multi.json --format kubectl
expect_exit 1
run plan --deployed-from argocd:multi.json --source-index 0
expect_exit 2
expect_stderr_contains "status.operationState.syncResult.revisions[0] is '1.2.3', which is not a commit id"

git remote set-url origin https://example.com/other.git
run plan --deployed-from argocd:multi.json
expect_exit 2
expect_stderr_contains "no source of the application uses this repository (https://example.com/other.git); sources are 0: https://charts.example.com/stable, 1: ssh://git@GitHub.com/shop/deploy"

# Flux forms.
for revision in "main@sha1:$deployed" "sha1:$deployed" "$deployed"; do
	write ks.json <<EOF2
{"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
 "status": {"lastAppliedRevision": "$revision", "lastAttemptedRevision": "$revision"}}
EOF2
	run plan --deployed-from flux:ks.json --format kubectl
	expect_exit 1
done

write ks.json <<'EOF2'
{"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "status": {}}
EOF2
run plan --deployed-from flux:ks.json
expect_exit 2
expect_stderr_contains "expected a string at status.lastAppliedRevision"

write ks.json <<'EOF2'
{"kind": "Kustomization", "status": {"lastAppliedRevision": "main@sha1:2222222222222222222222222222222222222222"}}
EOF2
run plan --deployed-from flux:ks.json
expect_exit 2
expect_stderr_contains "deployed revision 2222222222222222222222222222222222222222 (from flux:ks.json) is not in the local repository"
expect_stderr_contains "git fetch"
