#ifndef JOBHASH_CONFIG_H
#define JOBHASH_CONFIG_H

/*
 * Team defaults from .jobhash.yaml at the repository root (or in the
 * current directory outside a repository), merged with the command line.
 * Each value remembers where it came from, for `jobhash config`.
 */

#include <stdbool.h>
#include <stddef.h>

#include "jobhash/cli.h"
#include "jobhash/error.h"

#define JH_CONFIG_FILE_NAME ".jobhash.yaml"

/* The keys of the configuration file, in the order `jobhash config` prints them. */
typedef enum jh_config_key {
	JH_CONFIG_PATHS,
	JH_CONFIG_EXCLUDE,
	JH_CONFIG_NAMESPACE,
	JH_CONFIG_HASH_LENGTH,
	JH_CONFIG_LABEL_KEY,
	JH_CONFIG_DEPLOYED,
	JH_CONFIG_DEPLOYED_FROM,
	JH_CONFIG_STRICT,
	JH_CONFIG_DELETE,
	JH_CONFIG_KUBECTL_CONTEXT,
	JH_CONFIG_KUBECONFIG,
	JH_CONFIG_MAX_FILE_SIZE,
	JH_CONFIG_KEY_COUNT,
} jh_config_key;

typedef enum jh_config_origin {
	JH_ORIGIN_DEFAULT,
	JH_ORIGIN_FILE,         /* .jobhash.yaml, at LINE */
	JH_ORIGIN_COMMAND_LINE,
	JH_ORIGIN_ENVIRONMENT,
} jh_config_origin;

typedef struct jh_config_source {
	jh_config_origin origin;
	unsigned line; /* 1-based line in the file for JH_ORIGIN_FILE, else 0 */
} jh_config_source;

/* What the push hook does with the Jobs that must be deleted. */
typedef enum jh_delete_mode {
	JH_DELETE_NONE,    /* list them and stop the push */
	JH_DELETE_KUBECTL, /* run kubectl delete for each */
} jh_delete_mode;

#define JH_CONFIG_DEFAULT_LABEL_KEY "jobhash.io/hash"

/* The effective settings. Every string and list is owned by the configuration. */
typedef struct jh_config {
	char **paths;
	size_t path_count;
	char **excludes;
	size_t exclude_count;
	char *namespace;       /* NULL: objects without one have the empty namespace */
	int hash_length;
	char *label_key;
	char *deployed;        /* revision spec; NULL when unset */
	char *deployed_from;   /* argocd:FILE, argocd:- or flux:FILE; NULL when unset */
	bool strict;
	jh_delete_mode delete_mode;
	char *kubectl_context; /* NULL: kubectl's current context */
	char *kubeconfig;      /* NULL: kubectl's default */
	size_t max_file_size;  /* bytes */
	jh_config_source sources[JH_CONFIG_KEY_COUNT];
	char *file;            /* path of the file read, or NULL when there was none */
} jh_config;

/* Sets every key to its default. */
int jh_config_init(jh_config *config, jh_error *err);

void jh_config_free(jh_config *config);

/* Returns the name of KEY as written in the file ("hashLength"). */
const char *jh_config_key_name(jh_config_key key);

/* Looks up NAME; returns 0 and stores the key, or JH_ENOTFOUND. */
int jh_config_key_lookup(const char *name, jh_config_key *out);

/*
 * Parses the LEN bytes at TEXT as a configuration file named PATH (used in
 * messages) and applies every key it sets, with origin JH_ORIGIN_FILE. An
 * unknown key or a value of the wrong type is an error located in the file.
 */
int jh_config_parse(jh_config *config, const char *path, const char *text,
		    size_t len, jh_error *err);

/*
 * Reads DIR/.jobhash.yaml when it exists (DIR ends with '/' or not).
 * A missing file leaves CONFIG as it is and returns 0.
 */
int jh_config_load_file(jh_config *config, const char *dir, jh_error *err);

/*
 * Sets the key NAME from the text VALUE with ORIGIN, checking its type as
 * the file does: lists take comma-separated items, booleans true or false,
 * numbers decimal digits (maxFileSize takes a K, M or G suffix). LINE is
 * the 1-based line for JH_ORIGIN_FILE, else 0. Used for environment
 * variables such as ARGOCD_ENV_JOBHASH_HASHLENGTH.
 */
int jh_config_set(jh_config *config, const char *name, const char *value,
		  jh_config_origin origin, unsigned line, jh_error *err);

/*
 * Loads the configuration for CLI: finds the repository of CLI->directory
 * (or uses that directory outside a repository), reads its .jobhash.yaml,
 * records the common options given on the command line with origin
 * JH_ORIGIN_COMMAND_LINE, and writes the effective values back into CLI.
 * CONFIG must outlive CLI, whose lists may point into it.
 */
int jh_config_resolve(jh_config *config, jh_cli *cli, jh_error *err);

/*
 * Writes the effective configuration to OUT: one "key: value (source)"
 * line per key, or with JSON a single object per key giving value and
 * source. Returns 0 or JH_ENOMEM.
 */
int jh_config_print(FILE *out, const jh_config *config, jh_format format);

#endif
