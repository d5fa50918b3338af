/* Loading one file under the run's policies; see include/jobhash/scan.h. */

#define _GNU_SOURCE /* memmem */

#include "jobhash/scan.h"

#include <string.h>

static bool is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* Finds "Job" as a whole word: a scalar whose value is Job is delimited on both sides. */
static bool has_job_word(const char *bytes, size_t len)
{
	const char *p = bytes;
	const char *end = bytes + len;

	while (p < end) {
		const char *found = memmem(p, (size_t)(end - p), "Job", 3);

		if (found == NULL)
			return false;
		const char *after = found + 3;

		/* The items of a JobList inherit the kind Job. */
		if ((size_t)(end - after) >= 4 && memcmp(after, "List", 4) == 0)
			after += 4;
		if ((found == bytes || !is_word_byte((unsigned char)found[-1])) &&
		    (after == end || !is_word_byte((unsigned char)*after)))
			return true;
		p = found + 1;
	}
	return false;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * True when the escape at P (just after a backslash) could stand for a
 * letter of "Job" or join two lines of a double-quoted scalar. Other
 * escapes, and backslashes outside double quotes, cannot form the word.
 */
static bool escape_may_form_job(const char *p, const char *end)
{
	size_t digits;
	unsigned long code = 0;

	if (p >= end)
		return false;

	switch (*p) {
	case '\n':
	case '\r':
	case '\xc2': /* NEL, a line break in YAML 1.1 */
	case '\xe2': /* LS and PS */
		return true;
	case 'x':
		digits = 2;
		break;
	case 'u':
		digits = 4;
		break;
	case 'U':
		digits = 8;
		break;
	default:
		return false;
	}

	if ((size_t)(end - p - 1) < digits)
		return false;
	for (size_t i = 1; i <= digits; i++) {
		int value = hex_value(p[i]);

		if (value < 0)
			return false;
		code = code * 16 + (unsigned long)value;
	}
	return code == 'J' || code == 'o' || code == 'b';
}

static bool has_job_escape(const char *bytes, size_t len)
{
	const char *p = bytes;
	const char *end = bytes + len;

	while (p < end) {
		const char *backslash = memchr(p, '\\', (size_t)(end - p));

		if (backslash == NULL)
			return false;
		if (escape_may_form_job(backslash + 1, end))
			return true;
		p = backslash + 2;
	}
	return false;
}

bool jh_may_hold_job(const char *bytes, size_t len)
{
	/* UTF-16 text spells the word differently; let the loader reject it. */
	if (len >= 2 && (((unsigned char)bytes[0] == 0xfe && (unsigned char)bytes[1] == 0xff) ||
			 ((unsigned char)bytes[0] == 0xff && (unsigned char)bytes[1] == 0xfe)))
		return true;

	return has_job_word(bytes, len) || has_job_escape(bytes, len);
}

void jh_scan_syntax_hint(jh_error *err, const char *bytes, size_t len)
{
	if (memmem(bytes, len, "{{", 2) != NULL || memmem(bytes, len, "{%", 2) != NULL)
		jh_error_hint(err, "the file looks like a template (Helm, Jinja): render it first, "
				   "or leave it out with --exclude");
	else
		jh_error_hint(err, "fix the syntax, or leave the file out with --exclude");
}

int jh_scan_load(jh_file **out, const jh_scan_options *options,
		 const char *path, const char *bytes, size_t len,
		 jh_diagnostics *diagnostics, jh_error *err)
{
	int rc;

	*out = NULL;

	if (options->jobs_only && !jh_may_hold_job(bytes, len))
		return JH_OK;

	rc = jh_load(out, path, bytes, len, &options->load, diagnostics, err);
	if (rc != JH_ESYNTAX || options->load.strict)
		return rc;

	/* A template (Helm, Jinja) or a broken file: report it and go on without it. */
	snprintf(err->message + strlen(err->message),
		 sizeof(err->message) - strlen(err->message),
		 "; the file is skipped (--strict makes this an error)");
	jh_scan_syntax_hint(err, bytes, len);
	if (jh_diagnostics_add_error(diagnostics, err) != JH_OK)
		return jh_error_nomem(err);
	jh_error_clear(err);
	return JH_OK;
}
