#ifndef JOBHASH_YAML_H
#define JOBHASH_YAML_H

/*
 * Reads a manifest file the way kubectl reads it: kubectl's document
 * splitting, Kubernetes' YAML 1.1 scalar rules, merge keys, aliases,
 * key stringification, and JSON for files that start with '{'.
 * This module (with src/reader.c) is the only code that calls libyaml.
 */

#include <stdbool.h>
#include <stddef.h>

#include "jobhash/arena.h"
#include "jobhash/error.h"
#include "jobhash/node.h"

#define JH_DEFAULT_MAX_FILE_SIZE ((size_t)64 * 1024 * 1024)
#define JH_DEFAULT_MAX_DEPTH 512
#define JH_DEFAULT_MAX_NODES ((size_t)4 * 1024 * 1024)

typedef struct jh_load_options {
	bool strict;           /* duplicate keys and content after "..." are errors */
	size_t max_file_size;  /* bytes; 0 means JH_DEFAULT_MAX_FILE_SIZE */
	size_t max_depth;      /* nesting levels; 0 means JH_DEFAULT_MAX_DEPTH */
	size_t max_nodes;      /* expanded nodes per document; 0 means the default */
} jh_load_options;

typedef struct jh_document {
	jh_node *root; /* NULL for an empty, comment-only or null document */
	jh_span span;  /* the whole chunk between separators */
} jh_document;

typedef struct jh_file {
	char *path;          /* as given to jh_load, owned */
	jh_arena *arena;     /* owns every node */
	jh_document *documents;
	size_t document_count;
	bool json;           /* read as a JSON stream */
	size_t bom;          /* 3 when the file starts with a UTF-8 byte-order mark, else 0 */
	bool crlf;           /* the first line break in the file is CR LF */
} jh_file;

/*
 * Parses the LEN bytes at TEXT, read from PATH (used in messages only).
 * TEXT is borrowed for the duration of the call. On success returns 0 and
 * stores a new file in *OUT, which the caller frees with jh_file_free.
 * Warnings (duplicate keys, content after "...") go to DIAGNOSTICS.
 * On failure returns JH_ESYNTAX when the text is not YAML or JSON at all
 * (a template, say) or another negative code, with ERR located.
 */
int jh_load(jh_file **out, const char *path, const char *text, size_t len,
	    const jh_load_options *options, jh_diagnostics *diagnostics,
	    jh_error *err);

void jh_file_free(jh_file *file);

#endif
