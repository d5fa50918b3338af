/* Running kubectl; see include/jobhash/kubectl.h. */

#include "jobhash/kubectl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jobhash/report.h"

void jh_kubectl_delete_argv(const char *argv[JH_KUBECTL_DELETE_ARGV_MAX],
			    const jh_kubectl *kubectl, const jh_object *job)
{
	size_t n = 0;

	argv[n++] = kubectl->program;
	argv[n++] = "delete";
	argv[n++] = "job";
	argv[n++] = "-n";
	/* An empty namespace means the one the manifest is applied to; kubectl takes "default". */
	argv[n++] = job->namespace != NULL && job->namespace[0] != '\0' ? job->namespace : "default";
	argv[n++] = job->name;
	argv[n++] = "--ignore-not-found";
	argv[n++] = "--cascade=background";
	if (kubectl->context != NULL) {
		argv[n++] = "--context";
		argv[n++] = kubectl->context;
	}
	if (kubectl->kubeconfig != NULL) {
		argv[n++] = "--kubeconfig";
		argv[n++] = kubectl->kubeconfig;
	}
	argv[n] = NULL;
}

int jh_kubectl_format_argv(jh_buf *out, const char *const *argv)
{
	for (size_t i = 0; argv[i] != NULL; i++) {
		if (i > 0 && jh_buf_putc(out, ' ') != JH_OK)
			return JH_ENOMEM;
		if (jh_shell_word(out, argv[i]) != JH_OK)
			return JH_ENOMEM;
	}
	return JH_OK;
}

int jh_kubectl_run(const char *const *argv, int *status, jh_error *err)
{
	int exec_pipe[2] = { -1, -1 };
	int exec_errno = 0;
	int wait_status = 0;
	ssize_t got;
	pid_t pid;

	*status = -1;
	fflush(stdout);
	fflush(stderr);

	/* The child writes errno here when execvp fails; a successful exec closes it. */
	if (pipe(exec_pipe) != 0)
		return jh_error_set(err, JH_EIO, NULL, 0, 0, "cannot create a pipe: %s",
				    strerror(errno));
	fcntl(exec_pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(exec_pipe[1], F_SETFD, FD_CLOEXEC);

	pid = fork();
	if (pid < 0) {
		close(exec_pipe[0]);
		close(exec_pipe[1]);
		return jh_error_set(err, JH_EIO, NULL, 0, 0, "cannot start %s: %s", argv[0],
				    strerror(errno));
	}
	if (pid == 0) {
		int code;

		close(exec_pipe[0]);
		dup2(STDERR_FILENO, STDOUT_FILENO);
		/* execvp takes char *const[] for historical reasons; it does not modify the strings. */
		execvp(argv[0], (char *const *)(uintptr_t)argv);
		code = errno;
		(void)!write(exec_pipe[1], &code, sizeof(code));
		_exit(127);
	}

	close(exec_pipe[1]);
	do {
		got = read(exec_pipe[0], &exec_errno, sizeof(exec_errno));
	} while (got < 0 && errno == EINTR);
	close(exec_pipe[0]);

	while (waitpid(pid, &wait_status, 0) < 0) {
		if (errno != EINTR)
			return jh_error_set(err, JH_EIO, NULL, 0, 0, "cannot wait for %s: %s",
					    argv[0], strerror(errno));
	}

	if (got == (ssize_t)sizeof(exec_errno)) {
		jh_error_set(err, JH_EIO, NULL, 0, 0, "cannot run %s: %s", argv[0],
			     strerror(exec_errno));
		jh_error_hint(err, "install kubectl or put it on PATH; JOBHASH_KUBECTL names "
			      "another program");
		return JH_EIO;
	}

	if (WIFEXITED(wait_status))
		*status = WEXITSTATUS(wait_status);
	else if (WIFSIGNALED(wait_status))
		*status = 128 + WTERMSIG(wait_status);
	return JH_OK;
}
