#ifndef JOBHASH_UTF8_H
#define JOBHASH_UTF8_H

/* UTF-8 checks and positions, for input that must be valid UTF-8. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Returns the byte offset of the first byte at TEXT that does not start a
 * valid UTF-8 sequence (overlong forms, surrogates and code points above
 * U+10FFFF are invalid), or LEN when all LEN bytes are valid.
 */
size_t jh_utf8_invalid_offset(const char *text, size_t len);

/* Returns true when every one of the LEN bytes at TEXT is ASCII. */
bool jh_utf8_is_ascii(const char *text, size_t len);

/*
 * Computes the 0-based line and the 0-based column, counted in code
 * points, of byte OFFSET in TEXT. Lines end at LF. Takes O(OFFSET) time,
 * so use it for error messages only.
 */
void jh_utf8_locate(const char *text, size_t offset, size_t *line,
		    size_t *column);

/* Writes the UTF-8 form of CODE_POINT (at most U+10FFFF) to OUT; returns its length. */
size_t jh_utf8_encode(char out[4], uint32_t code_point);

#endif
