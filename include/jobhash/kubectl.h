#ifndef JOBHASH_KUBECTL_H
#define JOBHASH_KUBECTL_H

/* Runs kubectl directly (fork and execvp with an argument vector, never a shell). */

#include "jobhash/buf.h"
#include "jobhash/error.h"
#include "jobhash/manifest.h"

typedef struct jh_kubectl {
	const char *program;    /* looked up on PATH unless it contains '/' */
	const char *context;    /* --context; NULL for kubectl's current context */
	const char *kubeconfig; /* --kubeconfig; NULL for kubectl's default */
} jh_kubectl;

/* The most arguments jh_kubectl_delete_argv writes, the final NULL included. */
#define JH_KUBECTL_DELETE_ARGV_MAX 14

/*
 * Fills ARGV with: PROGRAM delete job -n NAMESPACE NAME --ignore-not-found
 * --cascade=background, then --context and --kubeconfig when set, and a
 * final NULL. The strings are borrowed from KUBECTL and JOB.
 */
void jh_kubectl_delete_argv(const char *argv[JH_KUBECTL_DELETE_ARGV_MAX],
			    const jh_kubectl *kubectl, const jh_object *job);

/* Appends ARGV as one shell-quoted line, for messages. */
int jh_kubectl_format_argv(jh_buf *out, const char *const *argv);

/*
 * Runs ARGV and waits for it. Its standard output goes to standard error,
 * because a git hook's messages belong there. Stores the exit status in
 * *STATUS (128 + N when killed by signal N). Failing to start the program
 * is JH_EIO with a message.
 */
int jh_kubectl_run(const char *const *argv, int *status, jh_error *err);

#endif
