/* Errors and warnings as values; see include/jobhash/error.h. */

#include "jobhash/error.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jobhash/array.h"

void jh_error_clear(jh_error *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
}

int jh_error_set(jh_error *err, int code, const char *path, unsigned line,
		 unsigned column, const char *format, ...)
{
	va_list args;

	if (err == NULL)
		return code;

	jh_error_clear(err);
	err->code = code;
	err->line = line;
	err->column = column;
	if (path != NULL)
		snprintf(err->path, sizeof(err->path), "%s", path);

	va_start(args, format);
	vsnprintf(err->message, sizeof(err->message), format, args);
	va_end(args);

	return code;
}

void jh_error_hint(jh_error *err, const char *format, ...)
{
	va_list args;

	if (err == NULL)
		return;

	va_start(args, format);
	vsnprintf(err->hint, sizeof(err->hint), format, args);
	va_end(args);
}

int jh_error_too_large(jh_error *err, const char *path, unsigned long long size,
		       unsigned long long max_size)
{
	jh_error_set(err, JH_EINVALID, path, 0, 0,
		     "file is %llu bytes, more than the limit of %llu bytes (--max-file-size)",
		     size, max_size);
	jh_error_hint(err, "raise the limit with --max-file-size, or leave the file out with --exclude");
	return JH_EINVALID;
}

int jh_error_nomem(jh_error *err)
{
	return jh_error_set(err, JH_ENOMEM, NULL, 0, 0, "out of memory");
}

void jh_print_escaped(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

void jh_error_print(FILE *out, const jh_error *err, const char *label)
{
	fputs("jobhash: ", out);

	if (err->path[0] != '\0') {
		jh_print_escaped(out, err->path);
		if (err->line > 0)
			fprintf(out, ":%u", err->line);
		if (err->line > 0 && err->column > 0)
			fprintf(out, ":%u", err->column);
		fputs(": ", out);
	}

	if (label != NULL)
		fprintf(out, "%s: ", label);

	jh_print_escaped(out, err->message);
	fputc('\n', out);

	if (err->hint[0] != '\0') {
		fputs("jobhash: ", out);
		jh_print_escaped(out, err->hint);
		fputc('\n', out);
	}
}

static bool same_error(const jh_error *a, const jh_error *b)
{
	return a->line == b->line && a->column == b->column &&
	       strcmp(a->path, b->path) == 0 && strcmp(a->message, b->message) == 0;
}

int jh_diagnostics_add_error(jh_diagnostics *diagnostics, const jh_error *err)
{
	/* The same file read at two revisions reports the same problem once. */
	for (size_t i = 0; i < diagnostics->count; i++)
		if (same_error(&diagnostics->items[i], err))
			return JH_OK;

	if (JH_ARRAY_RESERVE(diagnostics->items, diagnostics->capacity, diagnostics->count, 8) !=
	    JH_OK)
		return JH_ENOMEM;

	diagnostics->items[diagnostics->count++] = *err;
	return JH_OK;
}

int jh_diagnostics_add(jh_diagnostics *diagnostics, const char *path,
		       unsigned line, unsigned column, const char *format, ...)
{
	jh_error warning;
	va_list args;

	jh_error_clear(&warning);
	warning.line = line;
	warning.column = column;
	if (path != NULL)
		snprintf(warning.path, sizeof(warning.path), "%s", path);

	va_start(args, format);
	vsnprintf(warning.message, sizeof(warning.message), format, args);
	va_end(args);

	return jh_diagnostics_add_error(diagnostics, &warning);
}

void jh_diagnostics_flush(jh_diagnostics *diagnostics, FILE *out)
{
	for (size_t i = 0; i < diagnostics->count; i++)
		jh_error_print(out, &diagnostics->items[i], "warning");
	diagnostics->count = 0;
}

void jh_diagnostics_free(jh_diagnostics *diagnostics)
{
	if (diagnostics == NULL)
		return;
	free(diagnostics->items);
	diagnostics->items = NULL;
	diagnostics->count = 0;
	diagnostics->capacity = 0;
}
