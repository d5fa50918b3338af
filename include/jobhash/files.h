#ifndef JOBHASH_FILES_H
#define JOBHASH_FILES_H

/* Reading manifests from the file system and from streams. */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "jobhash/buf.h"
#include "jobhash/error.h"
#include "jobhash/git.h"
#include "jobhash/pathspec.h"

typedef struct jh_dir_walk {
	const char *root;             /* directory that reported paths are relative to */
	const char *const *paths;     /* files or directories under ROOT; none means ROOT */
	size_t path_count;
	bool recursive;               /* descend into subdirectories */
	const jh_pathspec *spec;      /* may be NULL: every manifest */
	jh_repo *repo;                /* when set, files that git ignores are skipped */
	size_t max_file_size;         /* bytes */
	bool follow_links;            /* read symlinked files that stay under ROOT; other links are errors */
} jh_dir_walk;

/*
 * Calls FN for every selected regular file, in sorted path order, with
 * paths relative to ROOT. ".git" directories are skipped, and so are
 * symlinks unless FOLLOW_LINKS is set. A
 * file named explicitly in PATHS is read even without a manifest
 * extension. A path that does not exist is JH_ENOTFOUND.
 */
int jh_dir_each_file(const jh_dir_walk *walk, jh_blob_fn fn, void *context,
		     jh_error *err);

/*
 * Reads the whole of STREAM into OUT; more than MAX_SIZE bytes is an error
 * naming NAME.
 */
int jh_read_stream(jh_buf *out, FILE *stream, const char *name,
		   size_t max_size, jh_error *err);

/* Reads the file at PATH into OUT, with the same size limit. */
int jh_read_file(jh_buf *out, const char *path, size_t max_size, jh_error *err);

#endif
