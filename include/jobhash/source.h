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
} jh_source;

/*
 * Calls FN for each selected file of SOURCE, in path order. Opens the
 * repository from CLI->directory when one is needed or present.
 */
int jh_source_each_file(jh_source *source, const jh_cli *cli, jh_blob_fn fn,
			void *context, jh_error *err);

#endif
