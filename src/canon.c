/*
 * The canonical JSON form (docs/hash.md, rules 7 to 12); see
 * include/jobhash/canon.h. The writer streams into a sink through one
 * fixed buffer, so hashing never builds the whole text in memory.
 */

#include "jobhash/canon.h"
#include "jobhash/number.h"
#include "jobhash/utf8.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Bytes collected before each write to the sink. */
#define WRITE_BUFFER_SIZE ((size_t)16 * 1024)

/* Maps with more non-null entries than this are compared by sorting. */
#define LINEAR_COMPARE_MAX 8

typedef struct writer {
	jh_sink *sink;
	jh_error *err;
	size_t used; /* bytes waiting in BUFFER */
	char buffer[WRITE_BUFFER_SIZE];
} writer;

static int write_node(writer *w, const jh_node *node);

/* UTF-8 */

/*
 * Decodes the code point at S, the first byte of a sequence that
 * jh_utf8_invalid_offset has already accepted.
 */
static uint32_t decode_valid(const unsigned char *s)
{
	if (s[0] < 0x80)
		return s[0];
	if (s[0] < 0xe0)
		return (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	if (s[0] < 0xf0)
		return (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 |
		       (s[2] & 0x3f);
	return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
	       (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
}

/*
 * Returns a number that orders code points as their first UTF-16 code unit
 * does, then by the code point. U+10000 and up are encoded with surrogates
 * 0xD800 to 0xDBFF, so they sort after U+0000 to U+D7FF but before U+E000 to
 * U+FFFF, unlike in UTF-8 byte order.
 */
static uint32_t utf16_weight(uint32_t code_point)
{
	if (code_point >= 0xe000 && code_point <= 0xffff)
		return code_point + 0x200000;
	return code_point;
}

/*
 * Compares two valid UTF-8 strings by their UTF-16 code units (hash.md
 * rule 11). Equal bytes are equal code units, so only the code point that
 * contains the first differing byte needs decoding.
 */
static int compare_utf16(const char *a, size_t a_len, const char *b,
			 size_t b_len)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;
	size_t common = a_len < b_len ? a_len : b_len;
	size_t i = 0;
	uint32_t a_weight;
	uint32_t b_weight;

	while (i < common && x[i] == y[i])
		i++;
	if (i == common)
		return a_len < b_len ? -1 : a_len > b_len;

	/*
	 * The equal prefix ends at the same place inside both code points, so
	 * backing up to the first byte of the one in A finds that of B too.
	 */
	while (i > 0 && (x[i] & 0xc0) == 0x80)
		i--;
	a_weight = utf16_weight(decode_valid(x + i));
	b_weight = utf16_weight(decode_valid(y + i));

	if (a_weight != b_weight)
		return a_weight < b_weight ? -1 : 1;
	return 0;
}

/* qsort comparator over an array of const jh_pair pointers. */
static int compare_pairs(const void *left, const void *right)
{
	const jh_pair *a = *(const jh_pair *const *)left;
	const jh_pair *b = *(const jh_pair *const *)right;

	return compare_utf16(a->key, a->key_len, b->key, b->key_len);
}

/* The buffered writer */

static int writer_flush(writer *w)
{
	size_t used = w->used;

	w->used = 0;
	if (used == 0)
		return JH_OK;
	return w->sink->write(w->sink->context, w->buffer, used);
}

static int writer_put(writer *w, const char *bytes, size_t len)
{
	int rc;

	if (len > WRITE_BUFFER_SIZE - w->used) {
		rc = writer_flush(w);
		if (rc < 0)
			return rc;
	}

	/* A run as long as the buffer goes straight through. */
	if (len >= WRITE_BUFFER_SIZE)
		return w->sink->write(w->sink->context, bytes, len);

	memcpy(w->buffer + w->used, bytes, len);
	w->used += len;
	return JH_OK;
}

static int writer_puts(writer *w, const char *s)
{
	return writer_put(w, s, strlen(s));
}

/* Strings */

/*
 * Writes the escape for the byte C, which is '"', '\\' or below 0x20
 * (hash.md rule 10): the short forms JSON has, else \u00xx in lowercase.
 */
static int write_escape(writer *w, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char text[6];

	switch (c) {
	case '"':
		return writer_put(w, "\\\"", 2);
	case '\\':
		return writer_put(w, "\\\\", 2);
	case '\b':
		return writer_put(w, "\\b", 2);
	case '\t':
		return writer_put(w, "\\t", 2);
	case '\n':
		return writer_put(w, "\\n", 2);
	case '\f':
		return writer_put(w, "\\f", 2);
	case '\r':
		return writer_put(w, "\\r", 2);
	}

	memcpy(text, "\\u00", 4);
	text[4] = hex[c >> 4];
	text[5] = hex[c & 0x0f];
	return writer_put(w, text, sizeof(text));
}

/*
 * Writes the LEN bytes at S, which the caller has checked are UTF-8, as a
 * JSON string (hash.md rule 10), copying runs that need no escape in one
 * piece.
 */
static int write_string(writer *w, const char *s, size_t len)
{
	const unsigned char *bytes = (const unsigned char *)s;
	size_t run = 0;
	int rc;

	rc = writer_put(w, "\"", 1);
	for (size_t i = 0; rc == JH_OK && i < len; i++) {
		unsigned char c = bytes[i];

		if (c != '"' && c != '\\' && c >= 0x20)
			continue;

		rc = writer_put(w, s + run, i - run);
		if (rc == JH_OK)
			rc = write_escape(w, c);
		run = i + 1;
	}
	if (rc == JH_OK)
		rc = writer_put(w, s + run, len - run);
	if (rc == JH_OK)
		rc = writer_put(w, "\"", 1);
	return rc;
}

static int invalid_utf8(writer *w, const char *what, const char *s, size_t len,
			const jh_span *span)
{
	size_t offset = jh_utf8_invalid_offset(s, len);

	jh_error_set(w->err, JH_EINVALID, NULL, span->line, span->column,
		     "%s is not valid UTF-8: byte 0x%02x at offset %zu", what,
		     (unsigned)(unsigned char)s[offset], offset);
	jh_error_hint(w->err, "save the file as UTF-8");
	return JH_EINVALID;
}

/* Values */

static int write_number(writer *w, const jh_node *node)
{
	char text[JH_NUMBER_TEXT_SIZE];
	size_t len;

	if (node->kind == JH_INT) {
		len = jh_number_format_int(text, node->as.integer);
	} else if (isfinite(node->as.number)) {
		len = jh_number_format_double(text, node->as.number);
	} else {
		return jh_error_set(w->err, JH_EINVALID, NULL, node->span.line,
				    node->span.column,
				    "number is not finite, so it has no JSON form");
	}
	return writer_put(w, text, len);
}

static int write_string_node(writer *w, const jh_node *node)
{
	const char *s = node->as.string.bytes;
	size_t len = node->as.string.len;

	if (jh_utf8_invalid_offset(s, len) != len)
		return invalid_utf8(w, "string", s, len, &node->span);
	return write_string(w, s, len);
}

static int write_seq(writer *w, const jh_node *seq)
{
	int rc = writer_put(w, "[", 1);

	/* hash.md rule 8: a null inside a list stays; rule 12: order is kept */
	for (size_t i = 0; rc == JH_OK && i < seq->as.seq.count; i++) {
		if (i > 0)
			rc = writer_put(w, ",", 1);
		if (rc == JH_OK)
			rc = write_node(w, seq->as.seq.items[i]);
	}
	if (rc == JH_OK)
		rc = writer_put(w, "]", 1);
	return rc;
}

static bool is_null(const jh_node *node)
{
	return node == NULL || node->kind == JH_NULL;
}

/*
 * Collects the entries of MAP whose value is not null (hash.md rule 8) into
 * a new array sorted by key (rule 11), which the caller frees. Checks that
 * every kept key is UTF-8 first, because the ordering decodes keys.
 */
static int sorted_entries(const jh_pair ***out, size_t *count, writer *w,
			  const jh_node *map)
{
	const jh_pair **entries = NULL;
	size_t total = map->as.map.count;
	size_t kept = 0;

	*out = NULL;
	*count = 0;
	if (total == 0)
		return JH_OK;

	if (total > SIZE_MAX / sizeof(*entries))
		return jh_error_nomem(w->err);
	entries = malloc(total * sizeof(*entries));
	if (entries == NULL)
		return jh_error_nomem(w->err);

	for (size_t i = 0; i < total; i++) {
		const jh_pair *pair = &map->as.map.pairs[i];

		if (is_null(pair->value))
			continue;
		if (jh_utf8_invalid_offset(pair->key, pair->key_len) != pair->key_len) {
			free(entries);
			return invalid_utf8(w, "mapping key", pair->key,
					    pair->key_len, &pair->key_span);
		}
		entries[kept++] = pair;
	}

	qsort(entries, kept, sizeof(*entries), compare_pairs);
	*out = entries;
	*count = kept;
	return JH_OK;
}

static int write_map(writer *w, const jh_node *map)
{
	const jh_pair **entries = NULL;
	size_t count = 0;
	int rc;

	rc = sorted_entries(&entries, &count, w, map);
	if (rc < 0)
		goto done;

	rc = writer_put(w, "{", 1);
	for (size_t i = 0; rc == JH_OK && i < count; i++) {
		if (i > 0)
			rc = writer_put(w, ",", 1);
		if (rc == JH_OK)
			rc = write_string(w, entries[i]->key, entries[i]->key_len);
		if (rc == JH_OK)
			rc = writer_put(w, ":", 1);
		if (rc == JH_OK)
			rc = write_node(w, entries[i]->value);
	}
	if (rc == JH_OK)
		rc = writer_put(w, "}", 1);

done:
	free(entries);
	return rc;
}

/* hash.md rule 7 */
static int write_node(writer *w, const jh_node *node)
{
	if (node == NULL)
		return writer_put(w, "null", 4);

	switch (node->kind) {
	case JH_NULL:
		return writer_put(w, "null", 4);
	case JH_BOOL:
		return writer_puts(w, node->as.boolean ? "true" : "false");
	case JH_INT:
	case JH_FLOAT:
		return write_number(w, node);
	case JH_STRING:
		return write_string_node(w, node);
	case JH_SEQ:
		return write_seq(w, node);
	case JH_MAP:
		return write_map(w, node);
	}
	return jh_error_set(w->err, JH_EINVALID, NULL, node->span.line,
			    node->span.column, "node has unknown kind %d",
			    (int)node->kind);
}

int jh_canon_write(jh_sink *sink, const jh_node *node, jh_error *err)
{
	writer *w = NULL;
	int rc;

	/* On the heap: the buffer is too large for deep callers' stacks. */
	w = malloc(sizeof(*w));
	if (w == NULL)
		return jh_error_nomem(err);
	w->sink = sink;
	w->err = err;
	w->used = 0;

	rc = write_node(w, node);
	if (rc == JH_OK)
		rc = writer_flush(w);

	free(w);
	return rc;
}

static int write_to_buf(void *context, const char *bytes, size_t len)
{
	return jh_buf_put(context, bytes, len);
}

int jh_canon_to_buf(jh_buf *out, const jh_node *node, jh_error *err)
{
	jh_sink sink = { write_to_buf, out };
	int rc = jh_canon_write(&sink, node, err);

	if (rc == JH_ENOMEM)
		jh_error_nomem(err);
	return rc;
}

void jh_canon_format_double(char out[32], double v)
{
	jh_number_format_double(out, v);
}

int jh_canon_put_string(jh_buf *out, const char *s, size_t len)
{
	jh_sink sink = { write_to_buf, out };
	writer *w = NULL;
	int rc;

	w = malloc(sizeof(*w));
	if (w == NULL)
		return JH_ENOMEM;
	w->sink = &sink;
	w->err = NULL;
	w->used = 0;

	rc = JH_EINVALID;
	if (jh_utf8_invalid_offset(s, len) == len)
		rc = write_string(w, s, len);
	if (rc == JH_OK)
		rc = writer_flush(w);

	free(w);
	return rc;
}

/* Equality */

static bool is_number(const jh_node *node)
{
	return node != NULL && (node->kind == JH_INT || node->kind == JH_FLOAT);
}

/* Numbers are equal when their canonical text is (hash.md rule 9). */
static bool numbers_equal(const jh_node *a, const jh_node *b)
{
	char a_text[JH_NUMBER_TEXT_SIZE];
	char b_text[JH_NUMBER_TEXT_SIZE];

	if (a->kind == JH_INT && b->kind == JH_INT)
		return a->as.integer == b->as.integer;

	if (a->kind == JH_INT)
		jh_number_format_int(a_text, a->as.integer);
	else
		jh_number_format_double(a_text, a->as.number);
	if (b->kind == JH_INT)
		jh_number_format_int(b_text, b->as.integer);
	else
		jh_number_format_double(b_text, b->as.number);
	return strcmp(a_text, b_text) == 0;
}

static size_t count_non_null(const jh_node *map)
{
	size_t count = 0;

	for (size_t i = 0; i < map->as.map.count; i++)
		if (!is_null(map->as.map.pairs[i].value))
			count++;
	return count;
}

static bool keys_equal(const jh_pair *a, const jh_pair *b)
{
	return a->key_len == b->key_len &&
	       memcmp(a->key, b->key, a->key_len) == 0;
}

/* Returns the value of the entry of MAP with the key of PAIR, or NULL. */
static const jh_node *find_value(const jh_node *map, const jh_pair *pair)
{
	for (size_t i = 0; i < map->as.map.count; i++)
		if (keys_equal(&map->as.map.pairs[i], pair))
			return map->as.map.pairs[i].value;
	return NULL;
}

/* Compares maps of few entries, or any maps when memory runs out. */
static bool maps_equal_linear(const jh_node *a, const jh_node *b)
{
	for (size_t i = 0; i < a->as.map.count; i++) {
		const jh_pair *pair = &a->as.map.pairs[i];

		if (is_null(pair->value))
			continue;
		if (!jh_canon_equal(pair->value, find_value(b, pair)))
			return false;
	}
	return true;
}

static int compare_key_bytes(const void *left, const void *right)
{
	const jh_pair *a = *(const jh_pair *const *)left;
	const jh_pair *b = *(const jh_pair *const *)right;
	size_t common = a->key_len < b->key_len ? a->key_len : b->key_len;
	int order = memcmp(a->key, b->key, common);

	if (order != 0)
		return order;
	return a->key_len < b->key_len ? -1 : a->key_len > b->key_len;
}

/* Fills ENTRIES with the COUNT non-null entries of MAP, sorted by key bytes. */
static void collect_sorted(const jh_pair **entries, const jh_node *map)
{
	size_t kept = 0;

	for (size_t i = 0; i < map->as.map.count; i++)
		if (!is_null(map->as.map.pairs[i].value))
			entries[kept++] = &map->as.map.pairs[i];
	qsort(entries, kept, sizeof(*entries), compare_key_bytes);
}

/*
 * Compares maps of COUNT non-null entries each by sorting both, so large
 * maps cost O(n log n). Any order works here, so keys sort by bytes.
 */
static bool maps_equal_sorted(const jh_node *a, const jh_node *b, size_t count)
{
	const jh_pair **a_entries = NULL;
	const jh_pair **b_entries = NULL;
	bool equal = true;

	if (count > SIZE_MAX / sizeof(*a_entries))
		return maps_equal_linear(a, b);
	a_entries = malloc(count * sizeof(*a_entries));
	b_entries = malloc(count * sizeof(*b_entries));
	if (a_entries == NULL || b_entries == NULL) {
		equal = maps_equal_linear(a, b);
		goto done;
	}

	collect_sorted(a_entries, a);
	collect_sorted(b_entries, b);

	for (size_t i = 0; equal && i < count; i++) {
		equal = keys_equal(a_entries[i], b_entries[i]) &&
			jh_canon_equal(a_entries[i]->value, b_entries[i]->value);
	}

done:
	free(a_entries);
	free(b_entries);
	return equal;
}

static bool maps_equal(const jh_node *a, const jh_node *b)
{
	size_t count = count_non_null(a);

	if (count != count_non_null(b))
		return false;
	if (count <= LINEAR_COMPARE_MAX)
		return maps_equal_linear(a, b);
	return maps_equal_sorted(a, b, count);
}

static bool seqs_equal(const jh_node *a, const jh_node *b)
{
	if (a->as.seq.count != b->as.seq.count)
		return false;
	for (size_t i = 0; i < a->as.seq.count; i++)
		if (!jh_canon_equal(a->as.seq.items[i], b->as.seq.items[i]))
			return false;
	return true;
}

bool jh_canon_equal(const jh_node *a, const jh_node *b)
{
	if (is_null(a) || is_null(b))
		return is_null(a) && is_null(b);
	if (is_number(a) && is_number(b))
		return numbers_equal(a, b);
	if (a->kind != b->kind)
		return false;

	switch (a->kind) {
	case JH_NULL:
		return true;
	case JH_BOOL:
		return a->as.boolean == b->as.boolean;
	case JH_STRING:
		return a->as.string.len == b->as.string.len &&
		       memcmp(a->as.string.bytes, b->as.string.bytes,
			      a->as.string.len) == 0;
	case JH_SEQ:
		return seqs_equal(a, b);
	case JH_MAP:
		return maps_equal(a, b);
	case JH_INT:
	case JH_FLOAT:
		break;
	}
	return false;
}
