#ifndef JOBHASH_JSON_H
#define JOBHASH_JSON_H

/*
 * Reads a stream of JSON values in a row, as Go's encoding/json Decoder
 * reads a manifest that starts with '{', into the same node tree as YAML.
 * Integers without '.' or exponent that fit in 64 bits are JH_INT, other
 * numbers JH_FLOAT; a repeated key keeps its first position and takes the
 * later value, with a warning.
 */

#include <stdbool.h>
#include <stddef.h>

#include "jobhash/arena.h"
#include "jobhash/error.h"
#include "jobhash/yaml.h"

typedef struct jh_json_result {
	jh_document *documents; /* one per value, in ARENA */
	size_t document_count;
	size_t values_read;     /* complete values before an error, for the YAML fallback */
} jh_json_result;

/*
 * Parses TEXT[START..LEN) (START skips a byte-order mark; line numbers
 * start at 1 there). Nodes and documents go to ARENA, warnings to
 * DIAGNOSTICS (may be NULL). Returns 0, JH_ESYNTAX for text that is not
 * JSON, or JH_EINVALID for invalid UTF-8, numbers out of double range and
 * exceeded limits. RESULT->values_read is set in every case.
 */
int jh_json_parse(jh_json_result *result, jh_arena *arena, const char *path,
		  const char *text, size_t len, size_t start,
		  const jh_load_options *options, jh_diagnostics *diagnostics,
		  jh_error *err);

#endif
