# A kustomization that sets a namespace and lists the Job's file moves the
# Job there, so the kubectl line names the namespace the Job really has.
. "$E2E_DIR/jobs.sh"
repo_init
job_yaml migrate app:1 | write overlays/prod/job.yaml
job_yaml other app:1 | write overlays/prod/unlisted.yaml
write overlays/prod/kustomization.yaml <<'EOF'
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: product-prod
resources:
  - ../../base
  - ./job.yaml
EOF
commit deployed
tag deployed
job_yaml migrate app:2 | write overlays/prod/job.yaml
job_yaml other app:2 | write overlays/prod/unlisted.yaml
commit head

run plan --deployed deployed --format kubectl
expect_exit 1
expect_stdout <<'EOF'
kubectl delete job -n product-prod migrate --ignore-not-found --cascade=background
kubectl delete job -n apps other --ignore-not-found --cascade=background
EOF

run hash
expect_exit 0
expect_stdout <<'EOF'
product-prod/migrate 9cb2b185 overlays/prod/job.yaml:1
apps/other 9cb2b185 overlays/prod/unlisted.yaml:1
EOF

run hash HEAD~1
expect_exit 0
expect_stdout <<'EOF'
product-prod/migrate ffcbda48 overlays/prod/job.yaml:1
apps/other ffcbda48 overlays/prod/unlisted.yaml:1
EOF
