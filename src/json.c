/*
 * A JSON stream reader with Go encoding/json's rules; see
 * include/jobhash/json.h. Recursive descent, bounded by max_depth.
 */

#include "jobhash/json.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jobhash/buf.h"
#include "jobhash/mapping.h"
#include "jobhash/utf8.h"

typedef struct json_parser {
	const char *text;
	size_t len;
	size_t pos;
	const char *path;
	jh_arena *arena;
	size_t max_depth;
	size_t max_nodes;
	size_t depth;
	jh_mapping_builder builder;

	/* Position tracking: the current line, and a column cursor on it. */
	unsigned line;          /* 1-based */
	size_t line_start;      /* byte offset */
	size_t column_offset;   /* byte offset of the cursor, at or after LINE_START */
	unsigned column;        /* 0-based characters from LINE_START to the cursor */

	jh_buf scratch;         /* decoded strings and number text */
	jh_node **stack;        /* children of the open arrays and objects */
	size_t stack_count;
	size_t stack_capacity;
	jh_error *err;
} json_parser;

/* Returns the span starting at byte START, which is on the current line. */
static jh_span span_at(json_parser *p, size_t start)
{
	jh_span span;

	if (p->column_offset < p->line_start || p->column_offset > start) {
		p->column_offset = p->line_start;
		p->column = 0;
	}
	for (; p->column_offset < start; p->column_offset++) {
		if (((unsigned char)p->text[p->column_offset] & 0xc0) != 0x80)
			p->column++;
	}

	span.start = start;
	span.end = start;
	span.line = p->line;
	span.column = p->column + 1;
	return span;
}

static void skip_whitespace(json_parser *p)
{
	while (p->pos < p->len) {
		char c = p->text[p->pos];

		if (c == '\n') {
			p->line++;
			p->line_start = p->pos + 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			return;
		}
		p->pos++;
	}
}

static int syntax_error(json_parser *p, const char *context)
{
	jh_span span = span_at(p, p->pos);
	unsigned char c;

	if (p->pos >= p->len)
		return jh_error_set(p->err, JH_ESYNTAX, p->path, span.line, span.column,
				    "unexpected end of JSON input");

	c = (unsigned char)p->text[p->pos];
	if (c >= 0x20 && c < 0x7f)
		return jh_error_set(p->err, JH_ESYNTAX, p->path, span.line, span.column,
				    "invalid character '%c' %s", c, context);
	return jh_error_set(p->err, JH_ESYNTAX, p->path, span.line, span.column,
			    "invalid character U+%04X %s", c, context);
}

static jh_node *new_node(json_parser *p, jh_kind kind, size_t start)
{
	jh_node *node = jh_arena_calloc(p->arena, 1, sizeof(*node));

	if (node == NULL)
		return NULL;
	node->kind = kind;
	node->style = JH_STYLE_JSON;
	node->span = span_at(p, start);
	node->weight = 1;
	return node;
}

static int push(json_parser *p, jh_node *node)
{
	if (p->stack_count == p->stack_capacity) {
		size_t capacity = p->stack_capacity ? p->stack_capacity * 2 : 64;
		jh_node **stack;

		if (capacity > SIZE_MAX / sizeof(*stack))
			return jh_error_nomem(p->err);
		stack = realloc(p->stack, capacity * sizeof(*stack));
		if (stack == NULL)
			return jh_error_nomem(p->err);
		p->stack = stack;
		p->stack_capacity = capacity;
	}
	p->stack[p->stack_count++] = node;
	return JH_OK;
}

static int parse_value(json_parser *p, jh_node **out);

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Decodes \uXXXX at P->pos (after the backslash and 'u'), joining surrogate pairs as Go does. */
static int decode_unicode_escape(json_parser *p, uint32_t *code_point)
{
	unsigned high;
	unsigned low;

	if (p->len - p->pos < 4 || hex4(p->text + p->pos, &high) != 0)
		return syntax_error(p, "in \\u hexadecimal character escape");
	p->pos += 4;

	if (high < 0xd800 || high > 0xdfff) {
		*code_point = high;
		return JH_OK;
	}

	/* A lone or reversed surrogate becomes U+FFFD, as in Go. */
	*code_point = 0xfffd;
	if (high > 0xdbff)
		return JH_OK;
	if (p->len - p->pos >= 6 && p->text[p->pos] == '\\' && p->text[p->pos + 1] == 'u' &&
	    hex4(p->text + p->pos + 2, &low) == 0 && low >= 0xdc00 && low <= 0xdfff) {
		*code_point = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
		p->pos += 6;
	}
	return JH_OK;
}

static int decode_escape(json_parser *p)
{
	char c;
	char utf8[4];
	uint32_t code_point = 0;
	int rc;

	if (p->pos >= p->len)
		return syntax_error(p, "in string escape code");
	c = p->text[p->pos];

	switch (c) {
	case '"':
	case '\\':
	case '/':
		break;
	case 'b':
		c = '\b';
		break;
	case 'f':
		c = '\f';
		break;
	case 'n':
		c = '\n';
		break;
	case 'r':
		c = '\r';
		break;
	case 't':
		c = '\t';
		break;
	case 'u':
		p->pos++;
		rc = decode_unicode_escape(p, &code_point);
		if (rc != JH_OK)
			return rc;
		if (jh_buf_put(&p->scratch, utf8, jh_utf8_encode(utf8, code_point)) != JH_OK)
			return jh_error_nomem(p->err);
		return JH_OK;
	default:
		return syntax_error(p, "in string escape code");
	}

	p->pos++;
	if (jh_buf_putc(&p->scratch, c) != JH_OK)
		return jh_error_nomem(p->err);
	return JH_OK;
}

/* Parses the string at P->pos (its opening quote) into a JH_STRING node. */
static int parse_string(json_parser *p, jh_node **out)
{
	size_t start = p->pos;
	size_t run;
	jh_node *node = new_node(p, JH_STRING, start);
	char *bytes;
	int rc;

	if (node == NULL)
		return jh_error_nomem(p->err);

	p->pos++;
	jh_buf_clear(&p->scratch);

	for (;;) {
		unsigned char c;

		/* Copy a run of plain bytes at once. */
		run = p->pos;
		while (p->pos < p->len && p->text[p->pos] != '"' && p->text[p->pos] != '\\' &&
		       (unsigned char)p->text[p->pos] >= 0x20)
			p->pos++;
		if (jh_buf_put(&p->scratch, p->text + run, p->pos - run) != JH_OK)
			return jh_error_nomem(p->err);

		if (p->pos >= p->len)
			return syntax_error(p, "in string literal");
		c = (unsigned char)p->text[p->pos];
		if (c == '"')
			break;
		if (c < 0x20)
			return syntax_error(p, "in string literal");

		p->pos++;
		rc = decode_escape(p);
		if (rc != JH_OK)
			return rc;
	}
	p->pos++;

	bytes = jh_arena_strndup(p->arena, p->scratch.len ? p->scratch.data : "", p->scratch.len);
	if (bytes == NULL)
		return jh_error_nomem(p->err);
	node->as.string.bytes = bytes;
	node->as.string.len = p->scratch.len;
	node->span.end = p->pos;
	*out = node;
	return JH_OK;
}

static size_t skip_digits(json_parser *p, size_t i)
{
	while (i < p->len && p->text[i] >= '0' && p->text[i] <= '9')
		i++;
	return i;
}

/* Number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? */
static int parse_number(json_parser *p, jh_node **out)
{
	size_t start = p->pos;
	size_t i = p->pos;
	size_t next;
	bool integral = true;
	jh_node *node;
	char *end;

	if (p->text[i] == '-')
		i++;
	if (i < p->len && p->text[i] == '0') {
		i++;
	} else {
		next = skip_digits(p, i);
		if (next == i) {
			p->pos = i;
			return syntax_error(p, "in numeric literal");
		}
		i = next;
	}

	if (i < p->len && p->text[i] == '.') {
		integral = false;
		next = skip_digits(p, i + 1);
		if (next == i + 1) {
			p->pos = next;
			return syntax_error(p, "after decimal point in numeric literal");
		}
		i = next;
	}

	if (i < p->len && (p->text[i] == 'e' || p->text[i] == 'E')) {
		integral = false;
		i++;
		if (i < p->len && (p->text[i] == '+' || p->text[i] == '-'))
			i++;
		next = skip_digits(p, i);
		if (next == i) {
			p->pos = next;
			return syntax_error(p, "in exponent of numeric literal");
		}
		i = next;
	}

	node = new_node(p, JH_INT, start);
	if (node == NULL)
		return jh_error_nomem(p->err);
	node->span.end = i;
	p->pos = i;

	jh_buf_clear(&p->scratch);
	if (jh_buf_put(&p->scratch, p->text + start, i - start) != JH_OK)
		return jh_error_nomem(p->err);

	if (integral) {
		long long v;

		errno = 0;
		v = strtoll(p->scratch.data, &end, 10);
		if (errno == 0) {
			node->as.integer = v;
			*out = node;
			return JH_OK;
		}
	}

	node->kind = JH_FLOAT;
	node->as.number = strtod(p->scratch.data, &end);
	if (isinf(node->as.number))
		return jh_error_set(p->err, JH_EINVALID, p->path, node->span.line, node->span.column,
				    "number %.*s is out of range", (int)(i - start > 64 ? 64 : i - start),
				    p->text + start);
	*out = node;
	return JH_OK;
}

static int parse_literal(json_parser *p, jh_node **out)
{
	static const struct {
		const char *text;
		jh_kind kind;
		bool value;
	} literals[] = {
		{ "true", JH_BOOL, true },
		{ "false", JH_BOOL, false },
		{ "null", JH_NULL, false },
	};

	for (size_t i = 0; i < sizeof(literals) / sizeof(literals[0]); i++) {
		size_t n = strlen(literals[i].text);
		jh_node *node;

		if (p->len - p->pos < n || memcmp(p->text + p->pos, literals[i].text, n) != 0)
			continue;

		node = new_node(p, literals[i].kind, p->pos);
		if (node == NULL)
			return jh_error_nomem(p->err);
		node->as.boolean = literals[i].value;
		p->pos += n;
		node->span.end = p->pos;
		*out = node;
		return JH_OK;
	}
	return syntax_error(p, "looking for beginning of value");
}

static int enter(json_parser *p, const jh_node *node)
{
	if (p->depth >= p->max_depth) {
		jh_error_set(p->err, JH_EINVALID, p->path, node->span.line, node->span.column,
			     "nesting is deeper than %zu levels", p->max_depth);
		jh_error_hint(p->err, "manifests never nest that deep; check that the file is what it should be");
		return JH_EINVALID;
	}
	p->depth++;
	return JH_OK;
}

static int parse_array(json_parser *p, jh_node **out)
{
	jh_node *node = new_node(p, JH_SEQ, p->pos);
	size_t base = p->stack_count;
	int rc;

	if (node == NULL)
		return jh_error_nomem(p->err);
	rc = enter(p, node);
	if (rc != JH_OK)
		return rc;

	p->pos++;
	skip_whitespace(p);
	if (p->pos < p->len && p->text[p->pos] == ']') {
		p->pos++;
	} else {
		for (;;) {
			jh_node *item;

			rc = parse_value(p, &item);
			if (rc != JH_OK)
				return rc;
			rc = push(p, item);
			if (rc != JH_OK)
				return rc;
			node->weight = jh_weight_add(node->weight, item->weight);

			skip_whitespace(p);
			if (p->pos < p->len && p->text[p->pos] == ',') {
				p->pos++;
				continue;
			}
			if (p->pos < p->len && p->text[p->pos] == ']') {
				p->pos++;
				break;
			}
			return syntax_error(p, "after array element");
		}
	}

	node->as.seq.count = p->stack_count - base;
	if (node->as.seq.count > 0) {
		node->as.seq.items = jh_arena_calloc(p->arena, node->as.seq.count, sizeof(jh_node *));
		if (node->as.seq.items == NULL)
			return jh_error_nomem(p->err);
		memcpy(node->as.seq.items, p->stack + base, node->as.seq.count * sizeof(jh_node *));
	}
	p->stack_count = base;
	node->span.end = p->pos;
	p->depth--;
	*out = node;
	return JH_OK;
}

static int finish_object(json_parser *p, jh_node *node, size_t base)
{
	int rc;

	jh_mapping_begin(&p->builder);
	for (size_t i = base; i + 1 < p->stack_count; i += 2) {
		rc = jh_mapping_put(&p->builder, p->stack[i], p->stack[i + 1], 0, p->err);
		if (rc != JH_OK)
			return rc;
	}
	p->stack_count = base;
	return jh_mapping_finish(&p->builder, node, p->err);
}

static int parse_object(json_parser *p, jh_node **out)
{
	jh_node *node = new_node(p, JH_MAP, p->pos);
	size_t base = p->stack_count;
	int rc;

	if (node == NULL)
		return jh_error_nomem(p->err);
	rc = enter(p, node);
	if (rc != JH_OK)
		return rc;

	p->pos++;
	skip_whitespace(p);
	if (p->pos < p->len && p->text[p->pos] == '}') {
		p->pos++;
	} else {
		for (;;) {
			jh_node *key;
			jh_node *value;

			skip_whitespace(p);
			if (p->pos >= p->len || p->text[p->pos] != '"')
				return syntax_error(p, "looking for beginning of object key string");
			rc = parse_string(p, &key);
			if (rc != JH_OK)
				return rc;

			skip_whitespace(p);
			if (p->pos >= p->len || p->text[p->pos] != ':')
				return syntax_error(p, "after object key");
			p->pos++;

			rc = parse_value(p, &value);
			if (rc == JH_OK)
				rc = push(p, key);
			if (rc == JH_OK)
				rc = push(p, value);
			if (rc != JH_OK)
				return rc;

			skip_whitespace(p);
			if (p->pos < p->len && p->text[p->pos] == ',') {
				p->pos++;
				continue;
			}
			if (p->pos < p->len && p->text[p->pos] == '}') {
				p->pos++;
				break;
			}
			return syntax_error(p, "after object key:value pair");
		}
	}

	rc = finish_object(p, node, base);
	if (rc != JH_OK)
		return rc;
	node->span.end = p->pos;
	p->depth--;
	*out = node;
	return JH_OK;
}

static int parse_value(json_parser *p, jh_node **out)
{
	char c;

	skip_whitespace(p);
	if (p->pos >= p->len)
		return syntax_error(p, "looking for beginning of value");

	c = p->text[p->pos];
	if (c == '{')
		return parse_object(p, out);
	if (c == '[')
		return parse_array(p, out);
	if (c == '"')
		return parse_string(p, out);
	if (c == '-' || (c >= '0' && c <= '9'))
		return parse_number(p, out);
	return parse_literal(p, out);
}

static int add_document(jh_json_result *result, size_t *capacity, jh_arena *arena,
			jh_node *root)
{
	if (result->document_count == *capacity) {
		size_t next = *capacity ? *capacity * 2 : 4;
		jh_document *documents = jh_arena_calloc(arena, next, sizeof(*documents));

		if (documents == NULL)
			return JH_ENOMEM;
		if (result->document_count > 0)
			memcpy(documents, result->documents,
			       result->document_count * sizeof(*documents));
		result->documents = documents;
		*capacity = next;
	}

	result->documents[result->document_count].root = root->kind == JH_NULL ? NULL : root;
	result->documents[result->document_count].span = root->span;
	result->document_count++;
	return JH_OK;
}

static int check_utf8(json_parser *p, size_t start)
{
	size_t bad = start + jh_utf8_invalid_offset(p->text + start, p->len - start);
	size_t line;
	size_t column;

	if (bad == p->len)
		return JH_OK;

	jh_utf8_locate(p->text + start, bad - start, &line, &column);
	return jh_error_set(p->err, JH_EINVALID, p->path, (unsigned)line + 1, (unsigned)column + 1,
			    "invalid UTF-8 byte 0x%02x", (unsigned char)p->text[bad]);
}

static int parse_stream(json_parser *p, jh_json_result *result)
{
	size_t capacity = 0;
	int rc;

	for (;;) {
		jh_node *root;
		bool container;

		skip_whitespace(p);
		if (p->pos >= p->len)
			return JH_OK;

		container = p->text[p->pos] == '{' || p->text[p->pos] == '[' || p->text[p->pos] == '"';
		rc = parse_value(p, &root);
		if (rc != JH_OK)
			return rc;

		/* A number or literal must be followed by a delimiter, as in Go's scanner. */
		if (!container && p->pos < p->len && strchr(" \t\r\n", p->text[p->pos]) == NULL)
			return syntax_error(p, "after top-level value");

		if (add_document(result, &capacity, p->arena, root) != JH_OK)
			return jh_error_nomem(p->err);
		result->values_read++;
	}
}

int jh_json_parse(jh_json_result *result, jh_arena *arena, const char *path,
		  const char *text, size_t len, size_t start,
		  const jh_load_options *options, jh_diagnostics *diagnostics,
		  jh_error *err)
{
	json_parser p;
	int rc;

	memset(result, 0, sizeof(*result));
	memset(&p, 0, sizeof(p));
	p.text = text;
	p.len = len;
	p.pos = start;
	p.path = path;
	p.arena = arena;
	p.max_depth = options->max_depth ? options->max_depth : JH_DEFAULT_MAX_DEPTH;
	p.max_nodes = options->max_nodes ? options->max_nodes : JH_DEFAULT_MAX_NODES;
	p.line = 1;
	p.line_start = start;
	p.column_offset = start;
	p.err = err;
	jh_mapping_builder_init(&p.builder, arena, path, options->strict, p.max_nodes,
				diagnostics);

	rc = check_utf8(&p, start);
	if (rc == JH_OK)
		rc = parse_stream(&p, result);

	jh_mapping_builder_release(&p.builder);
	jh_buf_free(&p.scratch);
	free(p.stack);
	return rc;
}
