/*
 * Loading a manifest file as kubectl does; see include/jobhash/yaml.h.
 * This file splits the text into documents the way apimachinery's
 * YAMLReader does and hands each chunk to src/reader.c, or hands the whole
 * file to src/json.c when it starts with '{'.
 */

#include "jobhash/yaml.h"

#include <stdlib.h>
#include <string.h>

#include "jobhash/json.h"
#include "jobhash/reader.h"
#include "jobhash/utf8.h"

typedef struct loader {
	jh_file *file;
	const char *text;
	size_t len;
	jh_load_options options;  /* with the defaults filled in */
	jh_diagnostics *diagnostics;
	jh_reader *reader;
	size_t document_capacity;
} loader;

void jh_file_free(jh_file *file)
{
	if (file == NULL)
		return;
	jh_arena_free(file->arena);
	free(file->path);
	free(file);
}

static int new_file(jh_file **out, const char *path, jh_error *err)
{
	jh_file *file = calloc(1, sizeof(*file));

	*out = NULL;
	if (file == NULL)
		return jh_error_nomem(err);

	file->path = strdup(path);
	file->arena = jh_arena_new();
	if (file->path == NULL || file->arena == NULL) {
		jh_file_free(file);
		return jh_error_nomem(err);
	}

	*out = file;
	return JH_OK;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int add_document(loader *l, jh_node *root, const jh_span *span, jh_error *err)
{
	jh_file *file = l->file;

	if (file->document_count == l->document_capacity) {
		size_t next = l->document_capacity ? l->document_capacity * 2 : 4;
		jh_document *documents = jh_arena_calloc(file->arena, next, sizeof(*documents));

		if (documents == NULL)
			return jh_error_nomem(err);
		if (file->document_count > 0)
			memcpy(documents, file->documents, file->document_count * sizeof(*documents));
		file->documents = documents;
		l->document_capacity = next;
	}

	file->documents[file->document_count].root = root;
	file->documents[file->document_count].span = *span;
	file->document_count++;
	return JH_OK;
}

/*
 * Returns the byte offset of the first line of TEXT[START..END) that is
 * neither blank nor a comment, or END.
 */
static size_t first_content_line(const char *text, size_t start, size_t end)
{
	size_t i = start;

	while (i < end) {
		size_t line = i;

		while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
			i++;
		if (i < end && text[i] != '\n' && text[i] != '#')
			return line;
		while (i < end && text[i] != '\n')
			i++;
		if (i < end)
			i++;
	}
	return end;
}

static unsigned count_lines(const char *text, size_t start, size_t end)
{
	unsigned lines = 0;

	for (size_t i = start; i < end; i++)
		lines += text[i] == '\n';
	return lines;
}

/* Parses the chunk TEXT[START..END), whose first line is LINE, into one document. */
static int load_chunk(loader *l, size_t start, size_t end, unsigned line, jh_error *err)
{
	jh_span span = { start, end, line, 1 };
	size_t content = first_content_line(l->text, start, end);
	char *copy = NULL;
	jh_node *root = NULL;
	jh_chunk chunk;
	int rc;

	/* Comments and blank lines only: no document, as for kubectl. */
	if (content == end)
		return add_document(l, NULL, &span, err);

	if (l->text[content] == '%') {
		unsigned content_line = line + count_lines(l->text, start, content);

		jh_error_set(err, JH_ESYNTAX, l->file->path, content_line, 1,
			     "YAML directives are not supported, as kubectl does not support them");
		jh_error_hint(err, "remove the %%YAML or %%TAG line");
		return JH_ESYNTAX;
	}

	chunk.text = l->text + start;
	chunk.len = end - start;
	chunk.file_len = end - start;
	chunk.offset = start;
	chunk.line = line;

	/* hash.md rule 3: the last line reads as if it ended with a line break. */
	if (l->text[end - 1] != '\n') {
		copy = malloc(chunk.len + 1);
		if (copy == NULL)
			return jh_error_nomem(err);
		memcpy(copy, chunk.text, chunk.len);
		copy[chunk.len] = '\n';
		chunk.text = copy;
		chunk.len++;
	}

	rc = jh_reader_parse(&root, l->reader, &chunk, err);
	free(copy);
	if (rc != JH_OK)
		return rc;
	return add_document(l, root, &span, err);
}

/*
 * Returns true when the line TEXT[START..END) (without its '\n') is a
 * document separator, sets *INVALID when it starts with "---" but is not
 * one: kubectl accepts only blanks or a comment after the dashes.
 */
static bool is_separator(const char *text, size_t start, size_t end, bool *invalid)
{
	size_t i = start + 3;

	*invalid = false;
	if (end - start < 3 || memcmp(text + start, "---", 3) != 0)
		return false;

	while (i < end && is_blank(text[i]))
		i++;
	if (i == end || text[i] == '#')
		return true;

	*invalid = true;
	return false;
}

static int separator_error(loader *l, size_t start, size_t end, unsigned line,
			   jh_error *err)
{
	size_t shown = end - start;

	if (shown > 0 && l->text[start + shown - 1] == '\r')
		shown--;
	jh_error_set(err, JH_EINVALID, l->file->path, line, 1,
		     "invalid document separator \"%.*s\": only a comment may follow '---'",
		     (int)(shown > 80 ? 80 : shown), l->text + start);
	jh_error_hint(err, "move the content after '---' to the next line");
	return JH_EINVALID;
}

/* hash.md rule 3: split on "---" lines, as apimachinery's YAMLReader does. */
static int load_yaml(loader *l, size_t start, jh_error *err)
{
	jh_reader_options reader_options;
	size_t chunk_start = start;
	unsigned chunk_line = 1;
	unsigned line = 1;
	size_t pos = start;
	int rc;

	reader_options.path = l->file->path;
	reader_options.arena = l->file->arena;
	reader_options.diagnostics = l->diagnostics;
	reader_options.strict = l->options.strict;
	reader_options.max_depth = l->options.max_depth;
	reader_options.max_nodes = l->options.max_nodes;
	if (jh_reader_new(&l->reader, &reader_options) != JH_OK)
		return jh_error_nomem(err);

	while (pos < l->len) {
		const char *newline = memchr(l->text + pos, '\n', l->len - pos);
		size_t line_end = newline ? (size_t)(newline - l->text) : l->len;
		size_t next = newline ? line_end + 1 : l->len;
		bool invalid;

		if (is_separator(l->text, pos, line_end, &invalid)) {
			if (pos > chunk_start) {
				rc = load_chunk(l, chunk_start, pos, chunk_line, err);
				if (rc != JH_OK)
					return rc;
			}
			chunk_start = next;
			chunk_line = line + 1;
		} else if (invalid) {
			return separator_error(l, pos, line_end, line, err);
		}

		pos = next;
		line++;
	}

	if (l->len > chunk_start)
		return load_chunk(l, chunk_start, l->len, chunk_line, err);
	return JH_OK;
}

/* Reads the file as a JSON stream; *VALUES_READ decides whether a YAML retry is allowed. */
static int load_json(loader *l, size_t start, size_t *values_read, jh_error *err)
{
	jh_json_result result;
	int rc;

	rc = jh_json_parse(&result, l->file->arena, l->file->path, l->text, l->len, start,
			   &l->options, l->diagnostics, err);
	*values_read = result.values_read;
	if (rc != JH_OK)
		return rc;

	l->file->json = true;
	l->file->documents = result.documents;
	l->file->document_count = result.document_count;
	return JH_OK;
}

static int check_encoding(const char *path, const char *text, size_t len, size_t start,
			  jh_error *err)
{
	size_t bad;
	size_t line;
	size_t column;

	if (len >= 2 && (((unsigned char)text[0] == 0xff && (unsigned char)text[1] == 0xfe) ||
			 ((unsigned char)text[0] == 0xfe && (unsigned char)text[1] == 0xff))) {
		jh_error_set(err, JH_EINVALID, path, 1, 1,
			     "file starts with a UTF-16 byte-order mark; only UTF-8 is supported");
		jh_error_hint(err, "convert the file to UTF-8");
		return JH_EINVALID;
	}

	/* Checked before libyaml reads the text, because kubectl would silently replace such bytes. */
	bad = start + jh_utf8_invalid_offset(text + start, len - start);
	if (bad == len)
		return JH_OK;

	jh_utf8_locate(text + start, bad - start, &line, &column);
	jh_error_set(err, JH_EINVALID, path, (unsigned)line + 1, (unsigned)column + 1,
		     "invalid UTF-8 byte 0x%02x", (unsigned char)text[bad]);
	jh_error_hint(err, "save the file as UTF-8");
	return JH_EINVALID;
}

static void set_defaults(jh_load_options *options, const jh_load_options *given)
{
	memset(options, 0, sizeof(*options));
	if (given != NULL)
		*options = *given;
	if (options->max_file_size == 0)
		options->max_file_size = JH_DEFAULT_MAX_FILE_SIZE;
	if (options->max_depth == 0)
		options->max_depth = JH_DEFAULT_MAX_DEPTH;
	if (options->max_nodes == 0)
		options->max_nodes = JH_DEFAULT_MAX_NODES;
}

static size_t skip_blanks(const char *text, size_t len, size_t pos)
{
	while (pos < len && is_blank(text[pos]))
		pos++;
	return pos;
}

static bool opens_template(const char *text, size_t len, size_t start)
{
	size_t pos = skip_blanks(text, len, start);

	return pos + 1 < len && text[pos] == '{' && (text[pos + 1] == '{' || text[pos + 1] == '%');
}

/*
 * Reads the file as YAML with a fresh file, after a JSON attempt failed.
 * When YAML fails too, the JSON error is reported, unless the text opens with
 * "{{" or "{%": that is a template, and the YAML error places it better.
 */
static int retry_as_yaml(loader *l, const char *path, size_t start, jh_error *err)
{
	jh_error yaml_err;
	jh_file *file = NULL;
	int rc;

	rc = new_file(&file, path, err);
	if (rc != JH_OK)
		return rc;
	file->bom = l->file->bom;
	file->crlf = l->file->crlf;
	jh_file_free(l->file);
	l->file = file;
	l->document_capacity = 0;

	jh_error_clear(&yaml_err);
	rc = load_yaml(l, start, &yaml_err);
	if (rc == JH_ENOMEM || (rc != JH_OK && opens_template(l->text, l->len, start)))
		*err = yaml_err;
	return rc;
}

int jh_load(jh_file **out, const char *path, const char *text, size_t len,
	    const jh_load_options *options, jh_diagnostics *diagnostics,
	    jh_error *err)
{
	loader l;
	size_t start = 0;
	size_t warnings = diagnostics ? diagnostics->count : 0;
	const char *newline;
	int rc;

	*out = NULL;
	memset(&l, 0, sizeof(l));
	set_defaults(&l.options, options);
	l.text = text;
	l.len = len;
	l.diagnostics = diagnostics;

	if (len > l.options.max_file_size) {
		return jh_error_too_large(err, path, len, l.options.max_file_size);
	}

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		start = 3;

	rc = check_encoding(path, text, len, start, err);
	if (rc != JH_OK)
		return rc;

	rc = new_file(&l.file, path, err);
	if (rc != JH_OK)
		return rc;
	l.file->bom = start;
	newline = memchr(text + start, '\n', len - start);
	l.file->crlf = newline != NULL && newline > text + start && newline[-1] == '\r';

	if (skip_blanks(text, len, start) < len && text[skip_blanks(text, len, start)] == '{') {
		size_t values_read = 0;

		rc = load_json(&l, start, &values_read, err);
		/*
		 * kubectl 1.33 and later read the file again as YAML when the JSON
		 * decoder failed before a second value; the JSON error is reported when
		 * YAML fails too.
		 */
		if (rc != JH_OK && rc != JH_ENOMEM && values_read <= 1) {
			if (diagnostics != NULL)
				diagnostics->count = warnings;
			rc = retry_as_yaml(&l, path, start, err) == JH_OK ? JH_OK : rc;
			if (rc != JH_OK && diagnostics != NULL)
				diagnostics->count = warnings;
		}
	} else {
		rc = load_yaml(&l, start, err);
	}

	jh_reader_free(l.reader);
	if (rc != JH_OK) {
		jh_file_free(l.file);
		return rc;
	}

	*out = l.file;
	return JH_OK;
}
