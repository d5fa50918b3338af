#ifndef JOBHASH_SCALAR_H
#define JOBHASH_SCALAR_H

/*
 * Scalar values as Kubernetes' YAML decoder (go-yaml v2) resolves them
 * (docs/hash.md, rules 4 and 5), and the string form of mapping keys
 * (rule 6).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jobhash/node.h"

/* The value of a scalar's text. */
typedef struct jh_scalar {
	jh_kind kind;    /* JH_NULL, JH_BOOL, JH_INT, JH_FLOAT or JH_STRING */
	bool nonfinite;  /* an .inf or .nan form: KIND is JH_FLOAT, NUMBER unusable */
	bool from_unsigned; /* an integer above 2^63-1, stored as the nearest double */
	bool boolean;
	int64_t integer;
	double number;
} jh_scalar;

/*
 * Resolves the LEN bytes at TEXT as an untagged plain scalar (rule 4).
 * A string result carries no copy of the text: the caller keeps it.
 */
void jh_scalar_resolve(jh_scalar *out, const char *text, size_t len);

/* Bytes that jh_scalar_format_key writes at most, NUL included. */
#define JH_SCALAR_KEY_MAX 32

/*
 * Writes the key string of a non-string scalar as sigs.k8s.io/yaml makes
 * it: decimal integers, "true"/"false", and doubles as Go's
 * strconv.FormatFloat(v, 'g', -1, 32). Returns its length, or 0 for a
 * kind that has no key form (null, collections, strings).
 */
size_t jh_scalar_format_key(char out[JH_SCALAR_KEY_MAX], const jh_node *key);

/*
 * Writes V as Go's strconv.FormatFloat(v, 'g', -1, 32) does: the shortest
 * digits that read back to the same float32, in %e form when the decimal
 * exponent is below -4 or at least 6. Returns the length.
 */
size_t jh_scalar_format_float32(char out[JH_SCALAR_KEY_MAX], double v);

/*
 * Decodes standard base64 (padding required, CR and LF ignored, as Go's
 * base64.StdEncoding does) from TEXT into OUT, which has room for LEN
 * bytes. Returns 0 and the decoded length in *OUT_LEN, or -1 when TEXT is
 * not valid base64.
 */
int jh_scalar_decode_base64(unsigned char *out, size_t *out_len,
			    const char *text, size_t len);

#endif
