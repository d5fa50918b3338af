#ifndef JOBHASH_READER_H
#define JOBHASH_READER_H

/*
 * Turns one YAML chunk (the text between two kubectl document separators)
 * into a node tree with libyaml's event API. The only code that calls
 * libyaml. It converts libyaml's marks, which count characters, into byte
 * offsets in the file.
 */

#include <stdbool.h>
#include <stddef.h>

#include "jobhash/arena.h"
#include "jobhash/error.h"
#include "jobhash/node.h"

typedef struct jh_reader jh_reader;

typedef struct jh_reader_options {
	const char *path;       /* for messages */
	jh_arena *arena;        /* receives every node */
	jh_diagnostics *diagnostics; /* may be NULL: warnings are then dropped */
	bool strict;            /* duplicate keys and content after "..." are errors */
	size_t max_depth;       /* nesting levels */
	size_t max_nodes;       /* expanded nodes per document */
} jh_reader_options;

/* One chunk of a file, as libyaml reads it. */
typedef struct jh_chunk {
	const char *text;   /* the bytes given to libyaml; may be a copy with a '\n' appended */
	size_t len;
	size_t file_len;    /* how many of those bytes are in the file; offsets stop there */
	size_t offset;      /* byte offset of TEXT[0] in the file */
	unsigned line;      /* 1-based line of TEXT[0] in the file */
} jh_chunk;

/* Creates a reader; OPTIONS and the strings it points to must outlive it. */
int jh_reader_new(jh_reader **out, const jh_reader_options *options);

void jh_reader_free(jh_reader *reader);

/*
 * Parses the first YAML document of CHUNK into *ROOT (NULL for an empty or
 * null document). Content after a "..." line is ignored with a warning, as
 * kubectl ignores it. Returns 0, or JH_ESYNTAX for text libyaml rejects and
 * a key that cannot be one, or JH_EINVALID for values Kubernetes rejects.
 */
int jh_reader_parse(jh_node **root, jh_reader *reader, const jh_chunk *chunk,
		    jh_error *err);

#endif
