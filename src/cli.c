/* Option handling and messages shared by the commands; see include/jobhash/cli.h. */

#include "jobhash/cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jobhash/hash.h"
#include "jobhash/manifest.h"
#include "jobhash/yaml.h"

void jh_cli_init(jh_cli *cli, const char *command)
{
	memset(cli, 0, sizeof(*cli));
	cli->command = command;
	cli->max_file_size = JH_DEFAULT_MAX_FILE_SIZE;
	cli->hash_length = JH_HASH_DEFAULT_LENGTH;
	cli->format = JH_FORMAT_TEXT;
}

void jh_cli_free(jh_cli *cli)
{
	for (size_t i = 0; i < cli->anchored_count; i++)
		free(cli->anchored[i]);
	free(cli->anchored);
	free(cli->hits);
	free(cli->includes);
	free(cli->excludes);
	free(cli->positional);
	jh_diagnostics_free(&cli->warnings);
	jh_diagnostics_free(&cli->errors);
}

int jh_cli_usage_error(const jh_cli *cli, const char *format, ...)
{
	va_list args;

	fprintf(stderr, "jobhash: %s: ", cli->command);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fprintf(stderr, "\nTry 'jobhash %s --help'.\n", cli->command);
	return JH_EXIT_ERROR;
}

int jh_cli_check_revision_count(const jh_cli *cli)
{
	if (cli->positional_count <= 1)
		return JH_OK;

	jh_cli_usage_error(cli, "expected at most one revision, got '%s' and '%s'; "
			   "put paths after --", cli->positional[0], cli->positional[1]);
	return JH_EINVALID;
}

int jh_parse_int(const char *text, long min, long max, long *out)
{
	const char *digits = text[0] == '-' ? text + 1 : text;
	char *end = NULL;
	long value;

	/* strtol would also take leading blanks and a '+' sign. */
	if (digits[0] < '0' || digits[0] > '9')
		return JH_EINVALID;

	errno = 0;
	value = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || value < min || value > max)
		return JH_EINVALID;

	*out = value;
	return JH_OK;
}

int jh_parse_size(const char *text, size_t *out)
{
	char *end = NULL;
	unsigned long long value;
	unsigned long long unit = 1;

	if (text[0] < '0' || text[0] > '9')
		return JH_EINVALID;

	errno = 0;
	value = strtoull(text, &end, 10);
	if (errno != 0 || end == text)
		return JH_EINVALID;

	if (strcmp(end, "K") == 0 || strcmp(end, "k") == 0)
		unit = 1024ULL;
	else if (strcmp(end, "M") == 0)
		unit = 1024ULL * 1024;
	else if (strcmp(end, "G") == 0)
		unit = 1024ULL * 1024 * 1024;
	else if (*end != '\0')
		return JH_EINVALID;

	if (value == 0 || value > SIZE_MAX / unit)
		return JH_EINVALID;

	*out = (size_t)(value * unit);
	return JH_OK;
}

static int append_pattern(const char ***list, size_t *count, const char *pattern)
{
	const char **items = realloc((void *)*list, (*count + 1) * sizeof(*items));

	if (items == NULL)
		return JH_ENOMEM;
	items[(*count)++] = pattern;
	*list = items;
	return JH_OK;
}

static int parse_format(const char *text, jh_format *out)
{
	if (strcmp(text, "text") == 0)
		*out = JH_FORMAT_TEXT;
	else if (strcmp(text, "json") == 0)
		*out = JH_FORMAT_JSON;
	else if (strcmp(text, "kubectl") == 0)
		*out = JH_FORMAT_KUBECTL;
	else
		return JH_EINVALID;
	return JH_OK;
}

int jh_cli_common_option(jh_cli *cli, int option, const char *argument)
{
	long number;

	switch (option) {
	case JH_OPT_DIRECTORY:
		cli->directory = argument;
		return 1;
	case JH_OPT_NAMESPACE:
		if (!jh_namespace_is_valid(argument)) {
			jh_cli_usage_error(cli, "invalid --namespace '%s': expected lowercase letters, "
					   "digits and '-', at most 63 characters", argument);
			return -1;
		}
		cli->default_namespace = argument;
		cli->given |= JH_CLI_GIVEN_NAMESPACE;
		return 1;
	case JH_OPT_EXCLUDE:
		if (append_pattern(&cli->excludes, &cli->exclude_count, argument) != JH_OK) {
			fputs("jobhash: out of memory\n", stderr);
			return -1;
		}
		cli->given |= JH_CLI_GIVEN_EXCLUDE;
		return 1;
	case JH_OPT_STRICT:
		cli->strict = true;
		cli->given |= JH_CLI_GIVEN_STRICT;
		return 1;
	case JH_OPT_MAX_FILE_SIZE:
		if (jh_parse_size(argument, &cli->max_file_size) != JH_OK) {
			jh_cli_usage_error(cli, "invalid --max-file-size '%s': expected a positive "
					   "number of bytes, with an optional K, M or G suffix", argument);
			return -1;
		}
		cli->given |= JH_CLI_GIVEN_MAX_FILE_SIZE;
		return 1;
	case JH_OPT_HASH_LENGTH:
		if (jh_parse_int(argument, JH_HASH_MIN_LENGTH, JH_HASH_MAX_LENGTH, &number) != JH_OK) {
			jh_cli_usage_error(cli, "invalid --hash-length '%s': expected a number from %d to %d",
					   argument, JH_HASH_MIN_LENGTH, JH_HASH_MAX_LENGTH);
			return -1;
		}
		cli->hash_length = (int)number;
		cli->given |= JH_CLI_GIVEN_HASH_LENGTH;
		return 1;
	case JH_OPT_FORMAT:
		/* Only plan has kubectl lines to print. */
		if (parse_format(argument, &cli->format) != JH_OK ||
		    (cli->format == JH_FORMAT_KUBECTL && strcmp(cli->command, "plan") != 0)) {
			jh_cli_usage_error(cli, "invalid --format '%s': expected %s", argument,
					   strcmp(cli->command, "plan") == 0 ? "text, json or kubectl"
									   : "text or json");
			return -1;
		}
		return 1;
	}
	return 0;
}

/* Returns the index of the first "--" in ARGV, or ARGC when there is none. */
static int find_separator(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			return i;
	return argc;
}

static const char *option_name(const struct option *long_options, int option, char *buf,
			       size_t size)
{
	for (const struct option *o = long_options; o->name != NULL; o++) {
		if (o->val == option) {
			snprintf(buf, size, "--%s", o->name);
			return buf;
		}
	}
	snprintf(buf, size, "-%c", option);
	return buf;
}

int jh_cli_parse(jh_cli *cli, int argc, char **argv, const char *short_options,
		 const struct option *long_options,
		 int (*handle)(void *context, int option, const char *argument),
		 void *context, const char *help)
{
	int separator = find_separator(argc, argv);
	char name[64];
	int option;

	optind = 0;
	opterr = 0;
	/* Options and positional arguments may mix before "--"; patterns follow it. */
	while ((option = getopt_long(separator, argv, short_options, long_options, NULL)) != -1) {
		int taken;

		if (option == '?') {
			if (optopt != 0)
				return jh_cli_usage_error(cli, "unknown option '-%c'", optopt), -1;
			return jh_cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]), -1;
		}
		if (option == ':')
			return jh_cli_usage_error(cli, "option '%s' needs a value",
						  option_name(long_options, optopt, name, sizeof(name))), -1;
		if (option == JH_OPT_HELP) {
			fputs(help, stdout);
			return 1;
		}

		taken = jh_cli_common_option(cli, option, optarg);
		if (taken == 0 && handle != NULL)
			taken = handle(context, option, optarg);
		if (taken < 0)
			return -1;
		if (taken == 0)
			return jh_cli_usage_error(cli, "option '%s' is not valid here",
						  option_name(long_options, option, name, sizeof(name))), -1;
	}

	for (int i = optind; i < separator; i++) {
		char **items = realloc(cli->positional, (cli->positional_count + 1) * sizeof(*items));

		if (items == NULL)
			return jh_cli_usage_error(cli, "out of memory"), -1;
		cli->positional = items;
		cli->positional[cli->positional_count++] = argv[i];
	}

	for (int i = separator + 1; i < argc; i++)
		if (append_pattern(&cli->includes, &cli->include_count, argv[i]) != JH_OK)
			return jh_cli_usage_error(cli, "out of memory"), -1;
	if (cli->include_count > 0)
		cli->given |= JH_CLI_GIVEN_PATHS;

	cli->pathspec.include = cli->includes;
	cli->pathspec.include_count = cli->include_count;
	cli->pathspec.exclude = cli->excludes;
	cli->pathspec.exclude_count = cli->exclude_count;
	return 0;
}

void jh_cli_scan_options(const jh_cli *cli, jh_scan_options *options, bool jobs_only)
{
	memset(options, 0, sizeof(*options));
	options->load.strict = cli->strict;
	options->load.max_file_size = cli->max_file_size;
	options->manifest.default_namespace = cli->default_namespace;
	options->jobs_only = jobs_only;
}

void jh_cli_print_error(const jh_error *err)
{
	jh_error_print(stderr, err, NULL);
}

int jh_cli_finish(jh_cli *cli, int exit_code)
{
	size_t warning_count = cli->warnings.count;

	if (cli->strict) {
		for (size_t i = 0; i < cli->warnings.count; i++)
			jh_error_print(stderr, &cli->warnings.items[i], NULL);
		cli->warnings.count = 0;
	} else {
		jh_diagnostics_flush(&cli->warnings, stderr);
	}

	for (size_t i = 0; i < cli->errors.count; i++)
		jh_error_print(stderr, &cli->errors.items[i], NULL);

	if (cli->errors.count > 0 || (cli->strict && warning_count > 0))
		return JH_EXIT_ERROR;
	return exit_code;
}

/*
 * Joins PREFIX and PATTERN and removes "." and ".." segments into OUT.
 * Returns JH_EINVALID when ".." climbs above the root.
 */
static int normalize_pattern(jh_buf *out, const char *prefix, const char *pattern)
{
	jh_buf joined = JH_BUF_INIT;
	char *segment;
	char *rest;
	int rc = JH_OK;

	jh_buf_clear(out);
	if ((prefix[0] != '\0' && (jh_buf_puts(&joined, prefix) != JH_OK ||
				    jh_buf_putc(&joined, '/') != JH_OK)) ||
	    jh_buf_puts(&joined, pattern) != JH_OK || jh_buf_puts(out, "") != JH_OK) {
		jh_buf_free(&joined);
		return JH_ENOMEM;
	}

	for (segment = strtok_r(joined.data, "/", &rest); segment != NULL && rc == JH_OK;
	     segment = strtok_r(NULL, "/", &rest)) {
		if (strcmp(segment, ".") == 0)
			continue;
		if (strcmp(segment, "..") == 0) {
			char *slash = strrchr(out->data, '/');

			if (out->len == 0)
				rc = JH_EINVALID;
			out->len = slash != NULL ? (size_t)(slash - out->data) : 0;
			out->data[out->len] = '\0';
			continue;
		}
		if ((out->len > 0 && jh_buf_putc(out, '/') != JH_OK) ||
		    jh_buf_puts(out, segment) != JH_OK)
			rc = JH_ENOMEM;
	}

	/* A pattern for the whole tree. */
	if (rc == JH_OK && out->len == 0)
		rc = jh_buf_puts(out, ".");
	jh_buf_free(&joined);
	return rc;
}

/* Returns the part of PATH below ROOT ("" for ROOT itself), or NULL when PATH is outside. */
static const char *below_root(const char *path, const char *root)
{
	size_t len = strlen(root);

	if (strcmp(root, "/") == 0)
		return path + 1;
	if (strncmp(path, root, len) != 0 || (path[len] != '/' && path[len] != '\0'))
		return NULL;
	return path[len] == '/' ? path + len + 1 : path + len;
}

static int anchor_list(jh_cli *cli, const char **patterns, size_t count, const char *root,
		       const char *prefix, jh_error *err)
{
	jh_buf normalized = JH_BUF_INIT;
	int rc = JH_OK;

	for (size_t i = 0; rc == JH_OK && i < count; i++) {
		const char *pattern = patterns[i];
		const char *relative_prefix = prefix;
		char **anchored;

		if (pattern[0] == '/') {
			pattern = below_root(pattern, root);
			relative_prefix = "";
		}
		if (pattern != NULL)
			rc = normalize_pattern(&normalized, relative_prefix, pattern);
		if (pattern == NULL || rc == JH_EINVALID) {
			rc = jh_error_set(err, JH_EINVALID, NULL, 0, 0,
					  "path '%s' is outside the repository at %s", patterns[i],
					  root);
			jh_error_hint(err, "name paths inside the repository, or run jobhash there "
					   "with -C DIR");
			break;
		}
		if (rc != JH_OK) {
			rc = jh_error_nomem(err);
			break;
		}

		anchored = realloc(cli->anchored, (cli->anchored_count + 1) * sizeof(*anchored));
		if (anchored == NULL) {
			rc = jh_error_nomem(err);
			break;
		}
		cli->anchored = anchored;
		cli->anchored[cli->anchored_count++] = jh_buf_detach(&normalized);
		patterns[i] = cli->anchored[cli->anchored_count - 1];
	}

	jh_buf_free(&normalized);
	return rc;
}

int jh_cli_anchor_patterns(jh_cli *cli, const char *workdir, jh_error *err)
{
	char *root = realpath(workdir, NULL);
	char *here = realpath(cli->directory != NULL ? cli->directory : ".", NULL);
	const char *prefix;
	int rc = JH_OK;

	if (root == NULL || here == NULL) {
		rc = jh_error_set(err, JH_EIO, NULL, 0, 0, "cannot resolve the working tree %s",
				  workdir);
		goto done;
	}

	prefix = below_root(here, root);
	if (prefix == NULL)
		prefix = "";

	rc = anchor_list(cli, cli->includes, cli->include_count, root, prefix, err);
	if (rc == JH_OK)
		rc = anchor_list(cli, cli->excludes, cli->exclude_count, root, prefix, err);

done:
	free(here);
	free(root);
	return rc;
}

int jh_cli_track_matches(jh_cli *cli)
{
	free(cli->hits);
	cli->hits = NULL;
	cli->pathspec.hits = NULL;
	if (cli->pathspec.include_count == 0)
		return JH_OK;

	cli->hits = calloc(cli->pathspec.include_count, sizeof(*cli->hits));
	if (cli->hits == NULL)
		return JH_ENOMEM;
	cli->pathspec.hits = cli->hits;
	return JH_OK;
}

void jh_cli_warn_unmatched(jh_cli *cli)
{
	if (cli->hits == NULL)
		return;

	for (size_t i = 0; i < cli->pathspec.include_count; i++)
		if (cli->hits[i] == 0)
			jh_diagnostics_add(&cli->warnings, NULL, 0, 0,
					   "no manifest (.yaml, .yml or .json) matched '%s'",
					   cli->pathspec.include[i]);
}

int jh_cli_deployed_option(const jh_cli *cli, jh_deployed_choice *choice, int option,
			   const char *argument)
{
	switch (option) {
	case JH_OPT_DEPLOYED:
		choice->deployed = argument;
		return 1;
	case JH_OPT_DEPLOYED_FROM:
		choice->deployed_from = argument;
		return 1;
	case JH_OPT_SOURCE_INDEX:
		if (jh_parse_int(argument, 0, 1000, &choice->source_index) != JH_OK) {
			jh_cli_usage_error(cli, "invalid --source-index '%s': expected a number "
					   "from 0 to 1000", argument);
			return -1;
		}
		return 1;
	}
	return 0;
}
