#ifndef JOBHASH_EDIT_H
#define JOBHASH_EDIT_H

/*
 * Byte-range edits of a text, applied together, and a unified diff of two
 * texts for showing them.
 */

#include <stddef.h>

#include "jobhash/buf.h"

/* Replaces the bytes [START, END) of the original text with TEXT. */
typedef struct jh_edit {
	size_t start;
	size_t end;  /* equal to START for an insertion */
	char *text;  /* owned */
} jh_edit;

typedef struct jh_edit_list {
	jh_edit *items;
	size_t count;
	size_t capacity;
} jh_edit_list;

/* Appends an edit that owns a copy of the LEN bytes at TEXT; returns 0 or JH_ENOMEM. */
int jh_edit_add(jh_edit_list *list, size_t start, size_t end, const char *text, size_t len);

/*
 * Appends to OUT the LEN bytes at TEXT with every edit of LIST applied.
 * Edits may come in any order; insertions at one offset keep their order.
 * Returns JH_EINVALID when two edits overlap or one lies outside TEXT.
 */
int jh_edit_apply(jh_buf *out, jh_edit_list *list, const char *text, size_t len);

void jh_edit_list_free(jh_edit_list *list);

/*
 * Appends to OUT a unified diff from OLD to NEW, with headers "--- a/PATH"
 * and "+++ b/PATH" and CONTEXT lines of context. Nothing is appended when
 * the texts are equal. Lines are compared with their line ends, so a CR
 * stays on its line.
 */
int jh_unified_diff(jh_buf *out, const char *path, const char *old_text, size_t old_len,
		    const char *new_text, size_t new_len, size_t context);

#endif
