#ifndef JOBHASH_NUMBER_H
#define JOBHASH_NUMBER_H

/* Number text for the canonical form (docs/hash.md, rule 9). */

#include <stddef.h>
#include <stdint.h>

/* Bytes that hold the longest text either function writes, NUL included. */
#define JH_NUMBER_TEXT_SIZE 32

/*
 * Writes V as ECMAScript's Number::toString does: the shortest digits that
 * read back to V, plain decimal for 1e-6 <= |V| < 1e21, exponent form
 * ("1e+21", "1.5e-7") otherwise, and -0 as "0". V must be finite.
 * Returns the length of the text, not counting the NUL.
 */
size_t jh_number_format_double(char out[JH_NUMBER_TEXT_SIZE], double v);

/* Writes V as exact decimal digits. Returns the length, not counting the NUL. */
size_t jh_number_format_int(char out[JH_NUMBER_TEXT_SIZE], int64_t v);

#endif
