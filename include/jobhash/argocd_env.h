#ifndef JOBHASH_ARGOCD_ENV_H
#define JOBHASH_ARGOCD_ENV_H

/*
 * Options from the environment that Argo CD gives a config-management
 * plugin. ARGOCD_APP_NAMESPACE is the Application's destination namespace.
 * Argo CD prefixes each variable of the Application's
 * spec.source.plugin.env with ARGOCD_ENV_, so a user sets
 * JOBHASH_HASH_LENGTH and the plugin reads ARGOCD_ENV_JOBHASH_HASH_LENGTH.
 * An unset or empty variable means "not set".
 */

#include <stdbool.h>
#include <stddef.h>

#include "jobhash/error.h"

#define JH_ENV_NAMESPACE "ARGOCD_APP_NAMESPACE"
#define JH_ENV_HASH_LENGTH "ARGOCD_ENV_JOBHASH_HASH_LENGTH"
#define JH_ENV_LABEL_KEY "ARGOCD_ENV_JOBHASH_LABEL_KEY"
#define JH_ENV_EXCLUDE "ARGOCD_ENV_JOBHASH_EXCLUDE"
#define JH_ENV_RECURSIVE "ARGOCD_ENV_JOBHASH_RECURSIVE"
#define JH_ENV_STRICT "ARGOCD_ENV_JOBHASH_STRICT"

/* A boolean variable: unset, or set to "true" or "false". */
typedef enum jh_env_flag {
	JH_ENV_FLAG_UNSET,
	JH_ENV_FLAG_FALSE,
	JH_ENV_FLAG_TRUE,
} jh_env_flag;

typedef struct jh_argocd_env {
	const char *namespace;   /* borrowed from the environment; NULL when unset */
	int hash_length;         /* 0 when unset */
	const char *label_key;   /* borrowed from the environment; NULL when unset */
	const char **excludes;   /* globs from the comma-separated list, owned */
	size_t exclude_count;
	char *exclude_storage;   /* the copy of the list that EXCLUDES points into */
	jh_env_flag recursive;
	jh_env_flag strict;
} jh_argocd_env;

/*
 * Reads the variables above from the process environment into ENV. A
 * value that is set but invalid is JH_EINVALID, with a message that names
 * the variable and a hint. The borrowed strings stay valid until the
 * environment changes. Call jh_argocd_env_free afterwards, on failure too.
 */
int jh_argocd_env_read(jh_argocd_env *env, jh_error *err);

/* Frees what ENV owns; ENV may be NULL. */
void jh_argocd_env_free(jh_argocd_env *env);

/*
 * Returns true when KEY is a valid Kubernetes label key: an optional
 * prefix (a DNS subdomain of at most 253 characters) and "/", then a name
 * of 1 to 63 characters from [A-Za-z0-9-_.] that starts and ends with a
 * letter or digit.
 */
bool jh_label_key_is_valid(const char *key);

#endif
