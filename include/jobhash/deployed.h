#ifndef JOBHASH_DEPLOYED_H
#define JOBHASH_DEPLOYED_H

/*
 * The revision a cluster runs, read from what Argo CD or Flux print:
 * `argocd app get APP -o json` (an Application) or
 * `kubectl get kustomization NAME -o json` (a Flux Kustomization).
 */

#include <stdbool.h>
#include <stddef.h>

#include "jobhash/error.h"
#include "jobhash/git.h"
#include "jobhash/node.h"

/* Bytes of a commit id in hexadecimal, SHA-256 included, plus the NUL. */
#define JH_DEPLOYED_REVISION_SIZE 65

typedef enum jh_deployed_tool { JH_DEPLOYED_ARGOCD, JH_DEPLOYED_FLUX } jh_deployed_tool;

typedef struct jh_deployed_options {
	/* URL of this repository's remote, to pick a source of a multi-source application; may be NULL. */
	const char *remote_url;
	/* 0-based index into spec.sources chosen with --source-index, or -1. */
	long source_index;
	size_t max_file_size; /* bytes; 0 means the loader's default */
} jh_deployed_options;

/*
 * Splits SPEC ("argocd:FILE", "argocd:-" or "flux:FILE"; "-" is standard
 * input) into the tool and the file name, which points into SPEC.
 */
int jh_deployed_parse_spec(const char *spec, jh_deployed_tool *tool,
			   const char **file, jh_error *err);

/*
 * Reads the deployed revision from the Application at APP (an Argo CD
 * Application object): status.operationState.syncResult.revision when
 * status.operationState.phase is Succeeded, else the revision of the last
 * status.history entry. PATH names the document in messages. Writes the
 * commit id in lowercase hexadecimal to OUT.
 */
int jh_deployed_from_argocd(char out[JH_DEPLOYED_REVISION_SIZE], const jh_node *app,
			    const char *path, const jh_deployed_options *options,
			    jh_error *err);

/*
 * Reads status.lastAppliedRevision from the Flux Kustomization at
 * KUSTOMIZATION: "BRANCH@sha1:ID", "sha1:ID", "sha256:ID" or a bare ID.
 */
int jh_deployed_from_flux(char out[JH_DEPLOYED_REVISION_SIZE], const jh_node *kustomization,
			  const char *path, jh_error *err);

/*
 * Reads the document named by SPEC and stores the deployed commit id in
 * OUT, which has room for a SHA-256 id.
 */
int jh_deployed_read(char out[JH_DEPLOYED_REVISION_SIZE], const char *spec,
		     const jh_deployed_options *options, jh_error *err);

/*
 * Reads the deployed revision named by SPEC for REPO, using its
 * remote.origin.url to choose among the sources of a multi-source Argo CD
 * application, and checks that the commit is in REPO: a missing one is
 * JH_ENOTFOUND with a hint to run git fetch. SOURCE_INDEX is -1 or the
 * --source-index value.
 */
int jh_deployed_resolve(char out[JH_DEPLOYED_REVISION_SIZE], jh_repo *repo,
			const char *spec, long source_index, size_t max_file_size,
			jh_error *err);

/*
 * Writes the host and path of a Git remote URL to OUT (SIZE bytes), so that
 * https://github.com/org/repo.git, git@github.com:org/repo and
 * ssh://git@github.com/org/repo compare equal: scheme, user, port, a
 * trailing ".git" and "/" are dropped and the host is lowercased.
 */
void jh_normalize_remote_url(const char *url, char *out, size_t size);

#endif
