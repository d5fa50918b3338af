# Jobs that Argo CD, Helm or Flux recreate on their own are skipped, never
# deleted; a named hook applied in place is a deletion with its reason.
repo_init

# hook_job FILE NAME ANNOTATIONS IMAGE
hook_job()
{
	write "$1" <<EOF
apiVersion: batch/v1
kind: Job
metadata:
  name: $2
  namespace: ci
  annotations:
$3
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: run
          image: $4
EOF
}

all_jobs()
{
	hook_job a-argocd-hook.yaml argocd-hook '    argocd.argoproj.io/hook: PreSync' "$1"
	hook_job b-argocd-bhc.yaml argocd-bhc '    argocd.argoproj.io/hook: Sync
    argocd.argoproj.io/hook-delete-policy: HookSucceeded, BeforeHookCreation' "$1"
	hook_job c-argocd-named.yaml argocd-named '    argocd.argoproj.io/hook: PostSync
    argocd.argoproj.io/hook-delete-policy: HookSucceeded' "$1"
	hook_job d-helm-hook.yaml helm-hook '    helm.sh/hook: pre-upgrade' "$1"
	hook_job e-helm-bhc.yaml helm-bhc '    helm.sh/hook: post-install
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded' "$1"
	hook_job f-helm-kept.yaml helm-kept '    helm.sh/hook: pre-install
    helm.sh/hook-delete-policy: hook-succeeded' "$1"
	hook_job g-force.yaml force-replace '    argocd.argoproj.io/sync-options: Force=true,Replace=true' "$1"
	hook_job h-replace-only.yaml replace-only '    argocd.argoproj.io/sync-options: Replace=true' "$1"
	hook_job i-flux.yaml flux-force '    kustomize.toolkit.fluxcd.io/force: Enabled' "$1"
}

all_jobs tool:1
commit deployed
tag deployed
all_jobs tool:2
commit head

run plan --deployed deployed
expect_exit 1
expect_stdout <<EOF
delete ci/argocd-named (c-argocd-named.yaml:1)
  reason: Argo CD hook whose delete policy (HookSucceeded) leaves out BeforeHookCreation: Argo CD applies it in place, so the changed spec fails
  hash: 87730a4c -> b4166745
  spec.template.spec.containers[name=run].image: "tool:1" -> "tool:2"
delete ci/helm-kept (f-helm-kept.yaml:1)
  reason: Helm hook whose delete policy (hook-succeeded) leaves out before-hook-creation: it is applied in place, so the changed spec fails
  hash: 87730a4c -> b4166745
  spec.template.spec.containers[name=run].image: "tool:1" -> "tool:2"
delete ci/replace-only (h-replace-only.yaml:1)
  hash: 87730a4c -> b4166745
  spec.template.spec.containers[name=run].image: "tool:1" -> "tool:2"
skip ci/argocd-hook (a-argocd-hook.yaml:1): Argo CD PreSync hook without a delete policy: Argo CD deletes and recreates it
skip ci/argocd-bhc (b-argocd-bhc.yaml:1): Argo CD Sync hook with BeforeHookCreation: Argo CD deletes and recreates it
skip ci/helm-hook (d-helm-hook.yaml:1): Helm pre-upgrade hook without a delete policy: it is deleted and recreated on each run
skip ci/helm-bhc (e-helm-bhc.yaml:1): Helm post-install hook with before-hook-creation: it is deleted and recreated on each run
skip ci/force-replace (g-force.yaml:1): Argo CD sync options Force=true,Replace=true: Argo CD deletes and recreates it
skip ci/flux-force (i-flux.yaml:1): kustomize.toolkit.fluxcd.io/force: enabled: Flux deletes and recreates it
3 Jobs must be deleted before the push, 6 skipped (deployed $(git rev-parse --short=12 deployed), head $(git rev-parse --short=12 HEAD))
EOF
