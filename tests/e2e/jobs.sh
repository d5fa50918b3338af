# Manifest builders shared by the plan, hash and canon cases.

# job_yaml NAME IMAGE [NAMESPACE]
# Prints a small, ordinary Job.
job_yaml()
{
	cat <<EOF
apiVersion: batch/v1
kind: Job
metadata:
  name: $1
  namespace: ${3:-apps}
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: $2
EOF
}
