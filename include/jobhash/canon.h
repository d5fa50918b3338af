#ifndef JOBHASH_CANON_H
#define JOBHASH_CANON_H

/*
 * The canonical JSON form of a value tree (docs/hash.md, rules 7 to 12):
 * RFC 8785 with exact 64-bit integers, mapping entries whose value is null
 * dropped, keys sorted by UTF-16 code units.
 */

#include <stdbool.h>
#include <stddef.h>

#include "jobhash/buf.h"
#include "jobhash/error.h"
#include "jobhash/node.h"

/* Where canonical bytes go. WRITE returns 0, or a negative code to stop. */
typedef struct jh_sink {
	int (*write)(void *context, const char *bytes, size_t len);
	void *context;
} jh_sink;

/*
 * Writes the canonical form of NODE to SINK through an internal buffer,
 * so SINK receives few large writes. Returns 0 or the first negative code from
 * SINK (or JH_EINVALID with ERR set for a value that has no canonical
 * form, such as a string that is not UTF-8).
 */
int jh_canon_write(jh_sink *sink, const jh_node *node, jh_error *err);

/* Appends the canonical form of NODE to OUT. */
int jh_canon_to_buf(jh_buf *out, const jh_node *node, jh_error *err);

/* Returns true when A and B have the same canonical form. NULL equals null. */
bool jh_canon_equal(const jh_node *a, const jh_node *b);

/*
 * Formats the double V as ECMAScript's Number.prototype.toString does
 * (shortest round-trip digits). OUT has room for at least 32 bytes. V is finite.
 */
void jh_canon_format_double(char out[32], double v);

/*
 * Appends the JSON string literal for the LEN bytes at S to OUT with
 * RFC 8785 escaping. Returns JH_EINVALID, and appends nothing, when S is
 * not valid UTF-8.
 */
int jh_canon_put_string(jh_buf *out, const char *s, size_t len);

#endif
