/* UTF-8 checks and positions; see include/jobhash/utf8.h. */

#include "jobhash/utf8.h"

#include <stdint.h>
#include <string.h>

/* Bytes checked at a time on the ASCII fast path. */
#define WORD_SIZE sizeof(uint64_t)
#define HIGH_BITS UINT64_C(0x8080808080808080)

/* Returns the length of the leading run of ASCII bytes, a word at a time. */
static size_t ascii_prefix(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (len - i >= WORD_SIZE) {
		uint64_t word;

		memcpy(&word, s + i, WORD_SIZE);
		if ((word & HIGH_BITS) != 0)
			break;
		i += WORD_SIZE;
	}
	while (i < len && s[i] < 0x80)
		i++;
	return i;
}

bool jh_utf8_is_ascii(const char *text, size_t len)
{
	return ascii_prefix((const unsigned char *)text, len) == len;
}

/* Returns the length of the valid sequence at S (AVAIL bytes left), or 0. */
static size_t sequence_length(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;

	if (c >= 0xc2 && c <= 0xdf) {
		if (avail < 2 || (s[1] & 0xc0) != 0x80)
			return 0;
		return 2;
	}

	if (c >= 0xe0 && c <= 0xef) {
		/* E0 needs A0..BF (no overlong forms), ED needs 80..9F (no surrogates). */
		unsigned char low = c == 0xe0 ? 0xa0 : 0x80;
		unsigned char high = c == 0xed ? 0x9f : 0xbf;

		if (avail < 3 || s[1] < low || s[1] > high || (s[2] & 0xc0) != 0x80)
			return 0;
		return 3;
	}

	if (c >= 0xf0 && c <= 0xf4) {
		/* F0 needs 90..BF (no overlong forms), F4 needs 80..8F (at most U+10FFFF). */
		unsigned char low = c == 0xf0 ? 0x90 : 0x80;
		unsigned char high = c == 0xf4 ? 0x8f : 0xbf;

		if (avail < 4 || s[1] < low || s[1] > high ||
		    (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		return 4;
	}

	return 0;
}

size_t jh_utf8_invalid_offset(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (i < len) {
		size_t n;

		if (s[i] < 0x80) {
			i += ascii_prefix(s + i, len - i);
			continue;
		}

		n = sequence_length(s + i, len - i);
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

void jh_utf8_locate(const char *text, size_t offset, size_t *line,
		    size_t *column)
{
	*line = 0;
	*column = 0;

	for (size_t i = 0; i < offset; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\n') {
			(*line)++;
			*column = 0;
		} else if ((c & 0xc0) != 0x80) {
			(*column)++;
		}
	}
}

size_t jh_utf8_encode(char out[4], uint32_t code_point)
{
	if (code_point < 0x80) {
		out[0] = (char)code_point;
		return 1;
	}
	if (code_point < 0x800) {
		out[0] = (char)(0xc0 | (code_point >> 6));
		out[1] = (char)(0x80 | (code_point & 0x3f));
		return 2;
	}
	if (code_point < 0x10000) {
		out[0] = (char)(0xe0 | (code_point >> 12));
		out[1] = (char)(0x80 | ((code_point >> 6) & 0x3f));
		out[2] = (char)(0x80 | (code_point & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (code_point >> 18));
	out[1] = (char)(0x80 | ((code_point >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((code_point >> 6) & 0x3f));
	out[3] = (char)(0x80 | (code_point & 0x3f));
	return 4;
}
