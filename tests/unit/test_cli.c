#include "support.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "jobhash/cli.h"
#include "jobhash/hash.h"

/* Redirects file descriptor FD to a temporary file while a call runs. */
typedef struct redirect {
	int fd;
	int saved;
	FILE *file;
	char text[2048];
} redirect;

static void redirect_start(redirect *r, int fd)
{
	fflush(stdout);
	fflush(stderr);
	r->fd = fd;
	r->file = tmpfile();
	assert_non_null(r->file);
	r->saved = dup(fd);
	assert_true(r->saved >= 0);
	assert_true(dup2(fileno(r->file), fd) >= 0);
}

/* Restores the descriptor and returns what was written to it. */
static const char *redirect_stop(redirect *r)
{
	size_t len;

	fflush(stdout);
	fflush(stderr);
	assert_true(dup2(r->saved, r->fd) >= 0);
	close(r->saved);
	rewind(r->file);
	len = fread(r->text, 1, sizeof(r->text) - 1, r->file);
	r->text[len] = '\0';
	fclose(r->file);
	return r->text;
}

static void test_parse_size_values(void **state)
{
	static const struct {
		const char *text;
		size_t expected;
	} cases[] = {
		{ "1", 1 },
		{ "65536", 65536 },
		{ "1K", 1024 },
		{ "1k", 1024 },
		{ "64M", (size_t)64 * 1024 * 1024 },
		{ "2G", (size_t)2 * 1024 * 1024 * 1024 },
		{ "007", 7 },
		{ "17179869183G", SIZE_MAX - ((size_t)1024 * 1024 * 1024 - 1) },
		{ "18446744073709551615", SIZE_MAX },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t value = 0;

		assert_int_equal(jh_parse_size(cases[i].text, &value), JH_OK);
		assert_int_equal(value, cases[i].expected);
	}
}

static void test_parse_size_invalid(void **state)
{
	static const char *const cases[] = {
		"", "0", "0K", "-1", "+1", " 1", "1 ", "K", "1KB", "1T", "1.5M",
		"0x10", "18446744073709551616", "17179869184G", "16777216T",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t value = 42;

		assert_int_equal(jh_parse_size(cases[i], &value), JH_EINVALID);
		assert_int_equal(value, 42);
	}
}

static void test_parse_int_values(void **state)
{
	static const struct {
		const char *text;
		long min;
		long max;
		long expected;
	} cases[] = {
		{ "6", 6, 16, 6 },
		{ "16", 6, 16, 16 },
		{ "08", 6, 16, 8 },
		{ "-3", -5, 5, -3 },
		{ "0", -5, 5, 0 },
		{ "9223372036854775807", 0, LONG_MAX, LONG_MAX },
		{ "-9223372036854775808", LONG_MIN, 0, LONG_MIN },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long value = 0;

		assert_int_equal(jh_parse_int(cases[i].text, cases[i].min, cases[i].max, &value),
				 JH_OK);
		assert_int_equal(value, cases[i].expected);
	}
}

static void test_parse_int_invalid(void **state)
{
	static const char *const cases[] = {
		"", "5", "17", "-8", "8x", "8K", " 8", "8 ", "+8", "-", "0x8", "8.0",
		"9223372036854775808", "-9223372036854775809",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long value = 42;

		assert_int_equal(jh_parse_int(cases[i], 6, 16, &value), JH_EINVALID);
		assert_int_equal(value, 42);
	}
	{
		long value = 42;

		assert_int_equal(jh_parse_int("9223372036854775808", LONG_MIN, LONG_MAX, &value),
				 JH_EINVALID);
		assert_int_equal(value, 42);
	}
}

enum { OPT_DRY_RUN = JH_OPT_FIRST_COMMAND_OPTION, OPT_UNHANDLED };

static const struct option long_options[] = {
	JH_COMMON_LONG_OPTIONS,
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "unhandled", no_argument, NULL, OPT_UNHANDLED },
	{ NULL, 0, NULL, 0 },
};

static int handle_dry_run(void *context, int option, const char *argument)
{
	int *dry_run = context;

	(void)argument;
	if (option != OPT_DRY_RUN)
		return 0;
	*dry_run = 1;
	return 1;
}

/* Runs jh_cli_parse on the NULL-terminated ARGS and stores its stderr in ERRORS. */
static int parse(jh_cli *cli, int *dry_run, char *const *args, redirect *errors)
{
	char *argv[32];
	int argc = 0;
	int rc;

	while (args[argc] != NULL) {
		argv[argc] = args[argc];
		argc++;
	}
	argv[argc] = NULL;

	redirect_start(errors, STDERR_FILENO);
	rc = jh_cli_parse(cli, argc, argv, JH_COMMON_SHORT_OPTIONS, long_options,
			  handle_dry_run, dry_run, "usage: jobhash plan\n");
	redirect_stop(errors);
	return rc;
}

static void test_cli_defaults(void **state)
{
	jh_cli cli;

	(void)state;
	jh_cli_init(&cli, "plan");
	assert_string_equal(cli.command, "plan");
	assert_int_equal(cli.max_file_size, (size_t)64 * 1024 * 1024);
	assert_int_equal(cli.hash_length, 8);
	assert_int_equal(cli.format, JH_FORMAT_TEXT);
	assert_false(cli.strict);
	assert_null(cli.directory);
	assert_int_equal(cli.given, 0);
	jh_cli_free(&cli);
}

static void test_cli_positional_and_paths(void **state)
{
	char *args[] = {
		"plan", "origin/main", "--strict", "-n", "prod", "--dry-run", "HEAD",
		"--exclude", "charts/*", "--format=json", "--hash-length", "12",
		"--max-file-size", "2M", "-C", "/srv/repo",
		"--", "jobs/", "--exclude", "-n", NULL,
	};
	redirect errors;
	int dry_run = 0;
	jh_cli cli;

	(void)state;
	jh_cli_init(&cli, "plan");
	assert_int_equal(parse(&cli, &dry_run, args, &errors), 0);
	assert_string_equal(errors.text, "");

	assert_int_equal(cli.positional_count, 2);
	assert_string_equal(cli.positional[0], "origin/main");
	assert_string_equal(cli.positional[1], "HEAD");

	/* Everything after "--" is a path pattern, even text that looks like an option. */
	assert_int_equal(cli.include_count, 3);
	assert_string_equal(cli.includes[0], "jobs/");
	assert_string_equal(cli.includes[1], "--exclude");
	assert_string_equal(cli.includes[2], "-n");
	assert_int_equal(cli.pathspec.include_count, 3);
	assert_ptr_equal(cli.pathspec.include, cli.includes);

	assert_int_equal(cli.exclude_count, 1);
	assert_string_equal(cli.excludes[0], "charts/*");
	assert_int_equal(cli.pathspec.exclude_count, 1);

	assert_true(cli.strict);
	assert_string_equal(cli.default_namespace, "prod");
	assert_string_equal(cli.directory, "/srv/repo");
	assert_int_equal(cli.format, JH_FORMAT_JSON);
	assert_int_equal(cli.hash_length, 12);
	assert_int_equal(cli.max_file_size, (size_t)2 * 1024 * 1024);
	assert_int_equal(dry_run, 1);
	assert_int_equal(cli.given,
			 JH_CLI_GIVEN_NAMESPACE | JH_CLI_GIVEN_EXCLUDE | JH_CLI_GIVEN_STRICT |
				 JH_CLI_GIVEN_MAX_FILE_SIZE | JH_CLI_GIVEN_HASH_LENGTH |
				 JH_CLI_GIVEN_PATHS);
	jh_cli_free(&cli);
}

static void test_cli_empty_separator(void **state)
{
	char *args[] = { "plan", "main", "--", NULL };
	redirect errors;
	int dry_run = 0;
	jh_cli cli;

	(void)state;
	jh_cli_init(&cli, "plan");
	assert_int_equal(parse(&cli, &dry_run, args, &errors), 0);
	assert_int_equal(cli.positional_count, 1);
	assert_string_equal(cli.positional[0], "main");
	assert_int_equal(cli.include_count, 0);
	assert_int_equal(cli.given & JH_CLI_GIVEN_PATHS, 0);
	jh_cli_free(&cli);
}

static void test_cli_usage_errors(void **state)
{
	static const struct {
		char *args[4];
		const char *expected;
	} cases[] = {
		{ { "plan", "--bogus", NULL },
		  "jobhash: plan: unknown option '--bogus'\nTry 'jobhash plan --help'.\n" },
		{ { "plan", "-x", NULL },
		  "jobhash: plan: unknown option '-x'\nTry 'jobhash plan --help'.\n" },
		{ { "plan", "--namespace", NULL },
		  "jobhash: plan: option '--namespace' needs a value\n"
		  "Try 'jobhash plan --help'.\n" },
		{ { "plan", "-n", NULL },
		  "jobhash: plan: option '--namespace' needs a value\n"
		  "Try 'jobhash plan --help'.\n" },
		{ { "plan", "--unhandled", NULL },
		  "jobhash: plan: option '--unhandled' is not valid here\n"
		  "Try 'jobhash plan --help'.\n" },
		{ { "plan", "--hash-length", "5", NULL },
		  "jobhash: plan: invalid --hash-length '5': expected a number from 6 to 16\n"
		  "Try 'jobhash plan --help'.\n" },
		{ { "plan", "--max-file-size=0", NULL },
		  "jobhash: plan: invalid --max-file-size '0': expected a positive number of "
		  "bytes, with an optional K, M or G suffix\nTry 'jobhash plan --help'.\n" },
		{ { "plan", "--format", "yaml", NULL },
		  "jobhash: plan: invalid --format 'yaml': expected text, json or kubectl\n"
		  "Try 'jobhash plan --help'.\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		redirect errors;
		int dry_run = 0;
		jh_cli cli;

		jh_cli_init(&cli, "plan");
		assert_int_equal(parse(&cli, &dry_run, cases[i].args, &errors), -1);
		assert_string_equal(errors.text, cases[i].expected);
		jh_cli_free(&cli);
	}
}

static void test_cli_help(void **state)
{
	char *args[] = { "plan", "main", "--help", "--bogus", NULL };
	char *argv[5];
	redirect output;
	jh_cli cli;
	int rc;

	(void)state;
	memcpy(argv, args, sizeof(args));
	jh_cli_init(&cli, "plan");
	redirect_start(&output, STDOUT_FILENO);
	rc = jh_cli_parse(&cli, 4, argv, JH_COMMON_SHORT_OPTIONS, long_options, NULL, NULL,
			  "usage: jobhash plan\n");
	redirect_stop(&output);
	assert_int_equal(rc, 1);
	assert_string_equal(output.text, "usage: jobhash plan\n");
	jh_cli_free(&cli);
}

static void test_cli_finish_exit_codes(void **state)
{
	redirect errors;
	jh_cli cli;

	(void)state;
	jh_cli_init(&cli, "plan");
	jh_diagnostics_add(&cli.warnings, "a.yaml", 2, 1, "duplicate key \"x\"");
	redirect_start(&errors, STDERR_FILENO);
	assert_int_equal(jh_cli_finish(&cli, JH_EXIT_FINDINGS), JH_EXIT_FINDINGS);
	redirect_stop(&errors);
	assert_string_equal(errors.text, "jobhash: a.yaml:2:1: warning: duplicate key \"x\"\n");
	jh_cli_free(&cli);

	/* Under --strict a warning is printed as an error and fails the run. */
	jh_cli_init(&cli, "plan");
	cli.strict = true;
	jh_diagnostics_add(&cli.warnings, "a.yaml", 2, 1, "duplicate key \"x\"");
	redirect_start(&errors, STDERR_FILENO);
	assert_int_equal(jh_cli_finish(&cli, JH_EXIT_CLEAN), JH_EXIT_ERROR);
	redirect_stop(&errors);
	assert_string_equal(errors.text, "jobhash: a.yaml:2:1: duplicate key \"x\"\n");
	jh_cli_free(&cli);

	jh_cli_init(&cli, "plan");
	jh_diagnostics_add(&cli.errors, "b.yaml", 0, 0, "not a mapping");
	redirect_start(&errors, STDERR_FILENO);
	assert_int_equal(jh_cli_finish(&cli, JH_EXIT_CLEAN), JH_EXIT_ERROR);
	redirect_stop(&errors);
	assert_string_equal(errors.text, "jobhash: b.yaml: not a mapping\n");
	jh_cli_free(&cli);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_size_values),
		cmocka_unit_test(test_parse_size_invalid),
		cmocka_unit_test(test_parse_int_values),
		cmocka_unit_test(test_parse_int_invalid),
		cmocka_unit_test(test_cli_defaults),
		cmocka_unit_test(test_cli_positional_and_paths),
		cmocka_unit_test(test_cli_empty_separator),
		cmocka_unit_test(test_cli_usage_errors),
		cmocka_unit_test(test_cli_help),
		cmocka_unit_test(test_cli_finish_exit_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
