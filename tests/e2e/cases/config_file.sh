# .jobhash.yaml: located errors, precedence, and `jobhash config`.

repo_init
write .jobhash.yaml <<'EOF2'
paths:
  - k8s/
namespace: shop
hashLength: 10
delete: kubectl
EOF2

run config --hash-length 12
expect_exit 0
expect_stdout <<'EOF2'
paths: k8s/ (.jobhash.yaml:1)
exclude:  (default)
namespace: shop (.jobhash.yaml:3)
hashLength: 12 (command line)
labelKey: jobhash.io/hash (default)
deployed:  (default)
deployedFrom:  (default)
strict: false (default)
delete: kubectl (.jobhash.yaml:5)
kubectlContext:  (default)
kubeconfig:  (default)
maxFileSize: 67108864 (default)
EOF2

run config --format json -n web
expect_exit 0
expect_stdout <<'EOF2'
{"version":1,"settings":{"paths":{"value":["k8s/"],"source":".jobhash.yaml:1"},"exclude":{"value":[],"source":"default"},"namespace":{"value":"web","source":"command line"},"hashLength":{"value":10,"source":".jobhash.yaml:4"},"labelKey":{"value":"jobhash.io/hash","source":"default"},"deployed":{"value":null,"source":"default"},"deployedFrom":{"value":null,"source":"default"},"strict":{"value":false,"source":"default"},"delete":{"value":"kubectl","source":".jobhash.yaml:5"},"kubectlContext":{"value":null,"source":"default"},"kubeconfig":{"value":null,"source":"default"},"maxFileSize":{"value":67108864,"source":"default"}}}
EOF2

write .jobhash.yaml <<'EOF2'
namespace: shop
hashlength: 10
EOF2
run config
expect_exit 2
expect_stderr <<'EOF2'
jobhash: .jobhash.yaml:2:1: unknown key 'hashlength'; known keys are paths, exclude, namespace, hashLength, labelKey, deployed, deployedFrom, strict, delete, kubectlContext, kubeconfig, maxFileSize
jobhash: see docs/configuration.md for the keys and their types
EOF2

write .jobhash.yaml <<'EOF2'
strict: "yes"
EOF2
run config
expect_exit 2
expect_stderr_contains "jobhash: .jobhash.yaml:1:9: invalid value of 'strict': expected true or false, got a string"

write .jobhash.yaml <<'EOF2'
hashLength: 40
EOF2
run config
expect_exit 2
expect_stderr_contains "jobhash: .jobhash.yaml:1:13: invalid value of 'hashLength': expected a number from 6 to 16, got 40"
