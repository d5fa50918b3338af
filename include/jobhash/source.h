#ifndef JOBHASH_SOURCE_H
#define JOBHASH_SOURCE_H

/*
 * Where a command's files come from: the tree of a revision, the working
 * tree (or the current directory outside a repository), or standard input.
 */

#include <stdbool.h>

#include "jobhash/cli.h"
#include "jobhash/git.h"

typedef struct jh_source {
	const char *revision; /* NULL: the working tree */
	bool stdin_stream;    /* read one stream from standard input, named "-" */
	char oid[JH_OID_HEX_SIZE]; /* the resolved revision, set by jh_source_each_file */
	jh_repo *reader;      /* opened by jh_source_read_path on the thread that calls it */
	const jh_cli *cli;    /* set by jh_source_each_file, for jh_source_read_path */
} jh_source;

/*
 * Calls FN for each selected file of SOURCE, in path order. Opens the
 * repository from CLI->directory when one is needed or present.
 */
int jh_source_each_file(jh_source *source, const jh_cli *cli, jh_blob_fn fn,
			void *context, jh_error *err);

/*
 * Reads PATH from the same place as jh_source_each_file, which must have
 * started: the revision's tree or the working tree. Returns JH_ENOTFOUND
 * when there is no such file, or when the source is standard input. Keeps
 * its own repository handle, so it may run on another thread than the walk,
 * but always on the same one.
 */
int jh_source_read_path(void *source, const char *path, jh_buf *out, jh_error *err);

/* Releases what jh_source_read_path opened. */
void jh_source_free(jh_source *source);

#endif
