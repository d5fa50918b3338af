#include "support.h"

#include <stdio.h>
#include <stdlib.h>

#include "jobhash/error.h"

/* Collects what a print function writes, as one string the test frees. */
typedef struct capture {
	FILE *stream;
	char *text;
	size_t len;
} capture;

static void capture_open(capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->stream = open_memstream(&c->text, &c->len);
	assert_non_null(c->stream);
}

static const char *capture_close(capture *c)
{
	assert_int_equal(fclose(c->stream), 0);
	c->stream = NULL;
	return c->text;
}

static void test_error_set_fields(void **state)
{
	jh_error err;
	int rc;

	(void)state;
	rc = jh_error_set(&err, JH_EINVALID, "jobs/a.yaml", 3, 7, "%s must be %s", "kind",
			  "a string");
	assert_int_equal(rc, JH_EINVALID);
	assert_int_equal(err.code, JH_EINVALID);
	assert_string_equal(err.path, "jobs/a.yaml");
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 7);
	assert_string_equal(err.message, "kind must be a string");
	assert_string_equal(err.hint, "");

	jh_error_hint(&err, "run %s", "git fetch");
	assert_string_equal(err.hint, "run git fetch");

	/* A second set replaces everything, the hint included. */
	jh_error_set(&err, JH_EIO, NULL, 0, 0, "read failed");
	assert_string_equal(err.path, "");
	assert_string_equal(err.hint, "");
	assert_int_equal(err.line, 0);

	assert_int_equal(jh_error_set(NULL, JH_ENOTFOUND, "x", 1, 1, "ignored"), JH_ENOTFOUND);
	jh_error_hint(NULL, "ignored");
	jh_error_clear(NULL);
}

static void test_error_nomem(void **state)
{
	jh_error err;

	(void)state;
	assert_int_equal(jh_error_nomem(&err), JH_ENOMEM);
	assert_int_equal(err.code, JH_ENOMEM);
	assert_string_equal(err.message, "out of memory");
	assert_string_equal(err.path, "");
}

static void test_error_long_message_truncated(void **state)
{
	char long_path[2 * JH_ERROR_PATH_MAX];
	jh_error err;

	(void)state;
	memset(long_path, 'p', sizeof(long_path) - 1);
	long_path[sizeof(long_path) - 1] = '\0';

	jh_error_set(&err, JH_EINVALID, long_path, 1, 1, "%s", long_path);
	assert_int_equal(strlen(err.path), JH_ERROR_PATH_MAX - 1);
	assert_int_equal(strlen(err.message), JH_ERROR_MESSAGE_MAX - 1);
}

static void test_error_print_formats(void **state)
{
	static const struct {
		const char *path;
		unsigned line;
		unsigned column;
		const char *label;
		const char *hint;
		const char *expected;
	} cases[] = {
		{ "a.yaml", 3, 7, NULL, "", "jobhash: a.yaml:3:7: bad value\n" },
		{ "a.yaml", 3, 7, "warning", "", "jobhash: a.yaml:3:7: warning: bad value\n" },
		{ "a.yaml", 3, 0, "warning", "", "jobhash: a.yaml:3: warning: bad value\n" },
		{ "a.yaml", 0, 5, NULL, "", "jobhash: a.yaml: bad value\n" },
		{ "", 3, 7, NULL, "", "jobhash: bad value\n" },
		{ "", 0, 0, "warning", "", "jobhash: warning: bad value\n" },
		{ "a.yaml", 1, 2, NULL, "fix the file",
		  "jobhash: a.yaml:1:2: bad value\njobhash: fix the file\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		capture c;
		jh_error err;

		jh_error_set(&err, JH_EINVALID, cases[i].path, cases[i].line, cases[i].column,
			     "bad value");
		if (cases[i].hint[0] != '\0')
			jh_error_hint(&err, "%s", cases[i].hint);

		capture_open(&c);
		jh_error_print(c.stream, &err, cases[i].label);
		assert_string_equal(capture_close(&c), cases[i].expected);
		free(c.text);
	}
}

static void test_error_print_escapes(void **state)
{
	capture c;
	jh_error err;

	(void)state;
	jh_error_set(&err, JH_EINVALID, "evil\x1b[2J.yaml", 2, 1, "name \"a\tb\x7f\" is invalid");
	jh_error_hint(&err, "rename\r\nit");

	capture_open(&c);
	jh_error_print(c.stream, &err, NULL);
	assert_string_equal(capture_close(&c),
			    "jobhash: evil\\x1b[2J.yaml:2:1: name \"a\\x09b\\x7f\" is invalid\n"
			    "jobhash: rename\\x0d\\x0ait\n");
	free(c.text);
}

static void test_print_escaped_utf8_kept(void **state)
{
	capture c;

	(void)state;
	capture_open(&c);
	jh_print_escaped(c.stream, "caf\xc3\xa9 \x01\x1f~");
	assert_string_equal(capture_close(&c), "caf\xc3\xa9 \\x01\\x1f~");
	free(c.text);
}

static void test_diagnostics_deduplicated(void **state)
{
	jh_diagnostics diagnostics = { 0 };

	(void)state;
	assert_int_equal(jh_diagnostics_add(&diagnostics, "a.yaml", 4, 2, "duplicate key %s", "x"),
			 JH_OK);
	assert_int_equal(jh_diagnostics_add(&diagnostics, "a.yaml", 4, 2, "duplicate key %s", "x"),
			 JH_OK);
	assert_int_equal(diagnostics.count, 1);

	/* Any difference in place or text keeps both. */
	jh_diagnostics_add(&diagnostics, "b.yaml", 4, 2, "duplicate key x");
	jh_diagnostics_add(&diagnostics, "a.yaml", 5, 2, "duplicate key x");
	jh_diagnostics_add(&diagnostics, "a.yaml", 4, 3, "duplicate key x");
	jh_diagnostics_add(&diagnostics, "a.yaml", 4, 2, "duplicate key y");
	assert_int_equal(diagnostics.count, 5);

	assert_string_equal(diagnostics.items[0].path, "a.yaml");
	assert_int_equal(diagnostics.items[0].line, 4);
	assert_int_equal(diagnostics.items[0].column, 2);
	assert_string_equal(diagnostics.items[0].message, "duplicate key x");
	assert_string_equal(diagnostics.items[4].message, "duplicate key y");

	jh_diagnostics_free(&diagnostics);
	assert_null(diagnostics.items);
	assert_int_equal(diagnostics.count, 0);
	jh_diagnostics_free(NULL);
}

static void test_diagnostics_add_error(void **state)
{
	jh_diagnostics diagnostics = { 0 };
	jh_error err;

	(void)state;
	jh_error_set(&err, JH_ESYNTAX, "t.yaml", 9, 1, "not YAML");
	jh_error_hint(&err, "check the template");
	assert_int_equal(jh_diagnostics_add_error(&diagnostics, &err), JH_OK);
	assert_int_equal(jh_diagnostics_add_error(&diagnostics, &err), JH_OK);
	assert_int_equal(diagnostics.count, 1);
	assert_int_equal(diagnostics.items[0].code, JH_ESYNTAX);
	assert_string_equal(diagnostics.items[0].hint, "check the template");

	/* Growth past the first allocation keeps every entry. */
	for (unsigned i = 0; i < 20; i++)
		jh_diagnostics_add(&diagnostics, "t.yaml", 100 + i, 0, "warning %u", i);
	assert_int_equal(diagnostics.count, 21);
	assert_string_equal(diagnostics.items[20].message, "warning 19");
	jh_diagnostics_free(&diagnostics);
}

static void test_diagnostics_flush(void **state)
{
	jh_diagnostics diagnostics = { 0 };
	capture c;

	(void)state;
	jh_diagnostics_add(&diagnostics, "a.yaml", 2, 3, "duplicate key \"x\"");
	jh_diagnostics_add(&diagnostics, NULL, 0, 0, "no files\nselected");

	capture_open(&c);
	jh_diagnostics_flush(&diagnostics, c.stream);
	assert_string_equal(capture_close(&c),
			    "jobhash: a.yaml:2:3: warning: duplicate key \"x\"\n"
			    "jobhash: warning: no files\\x0aselected\n");
	free(c.text);
	assert_int_equal(diagnostics.count, 0);

	capture_open(&c);
	jh_diagnostics_flush(&diagnostics, c.stream);
	assert_string_equal(capture_close(&c), "");
	free(c.text);
	jh_diagnostics_free(&diagnostics);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_set_fields),
		cmocka_unit_test(test_error_nomem),
		cmocka_unit_test(test_error_long_message_truncated),
		cmocka_unit_test(test_error_print_formats),
		cmocka_unit_test(test_error_print_escapes),
		cmocka_unit_test(test_print_escaped_utf8_kept),
		cmocka_unit_test(test_diagnostics_deduplicated),
		cmocka_unit_test(test_diagnostics_add_error),
		cmocka_unit_test(test_diagnostics_flush),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
