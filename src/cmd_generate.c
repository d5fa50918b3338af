/*
 * jobhash generate: the manifests as one YAML stream with every eligible
 * Job renamed, for an Argo CD config-management plugin or a render
 * pipeline (kustomize build . | jobhash generate -).
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobhash/argocd_env.h"
#include "jobhash/cli.h"
#include "jobhash/commands.h"
#include "jobhash/config.h"
#include "jobhash/files.h"
#include "jobhash/hash.h"
#include "jobhash/rewrite.h"
#include "jobhash/scan.h"
#include "jobhash/yaml.h"

static const char usage[] =
	"Usage: jobhash generate [OPTIONS] [PATH... | -] [-- PATTERN...]\n"
	"\n"
	"Print the manifests as one YAML stream, with every eligible Job renamed\n"
	"and labelled as 'jobhash rewrite' would do in place. Every other document\n"
	"is printed byte for byte. PATHs are files or directories (default .):\n"
	"files are read in sorted path order, and directories only one level deep\n"
	"unless --recursive is given. - reads one stream from standard input.\n"
	"Neither .git nor the network is used.\n"
	"\n"
	"Any invalid input, including a file that is not valid YAML, is an error:\n"
	"then nothing is printed on standard output and the exit status is 2.\n"
	"\n"
	"Options:\n"
	"  -r, --recursive        read directories recursively\n"
	"      --label-key KEY    label that carries the hash (default " JH_DEFAULT_LABEL_KEY ")\n"
	JH_COMMON_OPTIONS_HELP
	"\n"
	"Environment (command-line options take precedence):\n"
	"  " JH_ENV_NAMESPACE "              default namespace, as --namespace\n"
	"  " JH_ENV_HASH_LENGTH "    as --hash-length\n"
	"  " JH_ENV_LABEL_KEY "      as --label-key\n"
	"  " JH_ENV_EXCLUDE "        comma-separated globs, as --exclude\n"
	"  " JH_ENV_RECURSIVE "      true or false, as --recursive\n"
	"  " JH_ENV_STRICT "         true or false, as --strict\n";

enum { OPT_RECURSIVE = 'r', OPT_LABEL_KEY = JH_OPT_FIRST_COMMAND_OPTION };

/* Options of generate beyond the common ones; NULL or false when not given. */
typedef struct generate_arguments {
	jh_cli *cli;
	bool recursive;
	const char *label_key;  /* --label-key, then the configuration or environment */
	bool label_key_given;
} generate_arguments;

typedef struct generate_run {
	jh_cli *cli;
	jh_rewrite_options rewrite;
	jh_buf output;          /* the stream, printed only when every file is valid */
	FILE *spill;            /* earlier parts of the stream, once OUTPUT grew large */
	jh_buf rewritten;       /* one file's text after the rewrite, reused */
	size_t file_count;      /* files appended to OUTPUT */
	size_t document_count;  /* documents with content among them */
} generate_run;

static int handle_option(void *context, int option, const char *argument)
{
	generate_arguments *arguments = context;

	switch (option) {
	case OPT_RECURSIVE:
		arguments->recursive = true;
		return 1;
	case OPT_LABEL_KEY:
		if (!jh_label_key_is_valid(argument)) {
			jh_cli_usage_error(arguments->cli, "invalid --label-key '%s': expected a "
					   "Kubernetes label key such as example.com/hash", argument);
			return -1;
		}
		arguments->label_key = argument;
		arguments->label_key_given = true;
		return 1;
	}
	return 0;
}

/*
 * Returns the length of the JSON object or array that starts at TEXT[0],
 * or 0 when it does not end within LEN bytes. The file was loaded as JSON
 * before, so only strings and nesting need tracking.
 */
static size_t json_value_length(const char *text, size_t len)
{
	size_t depth = 0;
	bool in_string = false;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"')
			in_string = true;
		else if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && --depth == 0)
			return i + 1;
	}
	return 0;
}

static bool is_json_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Appends a JSON stream with "---" between its objects, because a YAML
 * stream contains one object per document (hash.md rule 3: a JSON file is
 * one or more objects in a row). The objects keep their bytes.
 */
static int append_json_stream(jh_buf *out, const char *text, size_t len)
{
	size_t position = 0;
	size_t object_count = 0;
	int rc = JH_OK;

	while (rc == JH_OK && position < len) {
		size_t start = position;
		size_t value_len;

		while (start < len && is_json_blank(text[start]))
			start++;
		if (start == len || (text[start] != '{' && text[start] != '['))
			break;
		value_len = json_value_length(text + start, len - start);
		if (value_len == 0)
			break;

		/* The blanks before the first object stay; later ones become the separator. */
		if (object_count > 0)
			rc = jh_buf_puts(out, "\n---\n");
		else
			rc = jh_buf_put(out, text, start);
		if (rc == JH_OK)
			rc = jh_buf_put(out, text + start, value_len);
		position = start + value_len;
		object_count++;
	}

	/* The rest: trailing blanks, or anything the scan above did not expect. */
	if (rc == JH_OK && position < len)
		rc = jh_buf_put(out, text + position, len - position);
	return rc;
}

/* Above this many bytes the stream moves to a temporary file, to bound memory. */
#define SPILL_THRESHOLD ((size_t)4 * 1024 * 1024)

/* Moves the buffered stream to the temporary file, creating it on first use. */
static int spill_output(generate_run *run)
{
	if (run->spill == NULL)
		run->spill = tmpfile();
	if (run->spill == NULL ||
	    fwrite(run->output.data, 1, run->output.len, run->spill) != run->output.len)
		return JH_EIO;
	jh_buf_clear(&run->output);
	return JH_OK;
}

/* Writes the whole stream to standard output: the spilled part, then the rest. */
static int print_stream(generate_run *run)
{
	char block[65536];
	size_t n;

	if (run->spill != NULL) {
		if (fflush(run->spill) != 0 || fseek(run->spill, 0, SEEK_SET) != 0)
			return JH_EIO;
		while ((n = fread(block, 1, sizeof(block), run->spill)) > 0)
			if (fwrite(block, 1, n, stdout) != n)
				return JH_EIO;
		if (ferror(run->spill))
			return JH_EIO;
	}
	if (run->output.len > 0 && fwrite(run->output.data, 1, run->output.len, stdout) !=
					   run->output.len)
		return JH_EIO;
	return JH_OK;
}

/*
 * Appends one file's rewritten TEXT to the stream: a "---" line before
 * every file but the first, the UTF-8 byte-order mark dropped, and a line
 * break added when the text does not end with one.
 */
static int append_file(generate_run *run, const char *text, size_t len, bool json)
{
	jh_buf *out = &run->output;
	int rc = JH_OK;

	if (run->file_count > 0)
		rc = jh_buf_puts(out, "---\n");

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}

	if (rc == JH_OK && json)
		rc = append_json_stream(out, text, len);
	else if (rc == JH_OK)
		rc = jh_buf_put(out, text, len);

	if (rc == JH_OK && len > 0 && text[len - 1] != '\n')
		rc = jh_buf_putc(out, '\n');
	if (rc == JH_OK)
		run->file_count++;
	if (rc == JH_OK && out->len >= SPILL_THRESHOLD)
		rc = spill_output(run);
	return rc;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* Returns true for .jobhash.yaml, which contains settings and is no manifest. */
static bool is_config_file(const char *path)
{
	return strcmp(base_name(path), JH_CONFIG_FILE_NAME) == 0;
}

/* kustomize's build file: the names kustomize itself looks for. */
static bool is_kustomization(const char *path)
{
	const char *name = base_name(path);

	return strcmp(name, "kustomization.yaml") == 0 || strcmp(name, "kustomization.yml") == 0 ||
	       strcmp(name, "Kustomization") == 0;
}

/*
 * Loads the file, which checks that it is valid YAML or JSON for any setting of
 * --strict, then renames its Jobs and appends the result.
 */
static int generate_file(void *context, const char *path, const char *bytes, size_t len,
			 jh_error *err)
{
	generate_run *run = context;
	jh_rename_list renames = { 0 };
	jh_file *file = NULL;
	int rc;

	if (is_config_file(path))
		return JH_OK;

	/*
	 * Copying a kustomization into the stream would apply the resources
	 * without their patches, and leaving it out would too: only kustomize
	 * can build that directory.
	 */
	if (is_kustomization(path)) {
		jh_error_set(err, JH_EINVALID, path, 0, 0, "is a kustomize build file, not a manifest");
		jh_error_hint(err, "build the directory first: kustomize build . | jobhash generate -");
		rc = jh_diagnostics_add_error(&run->cli->errors, err);
		jh_error_clear(err);
		return rc;
	}

	/* A file that is not YAML is an error here, not a skipped file as in scan.h. */
	rc = jh_load(&file, path, bytes, len, &run->rewrite.scan.load, &run->cli->warnings, err);
	if (rc == JH_ESYNTAX)
		jh_scan_syntax_hint(err, bytes, len);
	for (size_t i = 0; rc == JH_OK && i < file->document_count; i++)
		if (file->documents[i].root != NULL)
			run->document_count++;

	if (rc == JH_OK) {
		jh_buf_clear(&run->rewritten);
		rc = jh_rewrite_text(&run->rewritten, &renames, path, bytes, len, &run->rewrite,
				     &run->cli->warnings, err);
	}
	if (rc == JH_OK && run->rewritten.data != NULL)
		rc = append_file(run, run->rewritten.data, run->rewritten.len, file->json);
	else if (rc == JH_OK)
		rc = append_file(run, "", 0, file->json);
	if (rc == JH_ENOMEM)
		jh_error_nomem(err);
	if (rc == JH_EIO)
		return jh_error_set(err, JH_EIO, NULL, 0, 0,
				    "cannot write the stream to a temporary file: %s",
				    strerror(errno));

	if (rc != JH_OK && rc != JH_ENOMEM) {
		/* Go on, so that one run reports every invalid file. */
		rc = jh_diagnostics_add_error(&run->cli->errors, err);
		jh_error_clear(err);
	}

	jh_rename_list_free(&renames);
	jh_file_free(file);
	return rc;
}

static int generate_stdin(generate_run *run, jh_error *err)
{
	jh_buf text = JH_BUF_INIT;
	int rc;

	rc = jh_read_stream(&text, stdin, "-", run->cli->max_file_size, err);
	if (rc == JH_OK)
		rc = generate_file(run, "-", text.data != NULL ? text.data : "", text.len, err);

	jh_buf_free(&text);
	return rc;
}

static int generate_paths(generate_run *run, bool recursive, jh_error *err)
{
	const jh_cli *cli = run->cli;
	jh_dir_walk walk;

	memset(&walk, 0, sizeof(walk));
	walk.root = cli->directory != NULL ? cli->directory : ".";
	walk.paths = (const char *const *)cli->positional;
	walk.path_count = cli->positional_count;
	walk.recursive = recursive;
	/* Argo CD prunes what the stream lacks, so a linked manifest must not vanish. */
	walk.follow_links = true;
	walk.spec = &cli->pathspec;
	/* No repository: the output depends on the files alone, with or without .git. */
	walk.repo = NULL;
	walk.max_file_size = cli->max_file_size;
	return jh_dir_each_file(&walk, generate_file, run, err);
}

/* Returns true when "-" is among the positional arguments. */
static bool reads_stdin(const jh_cli *cli)
{
	for (size_t i = 0; i < cli->positional_count; i++)
		if (strcmp(cli->positional[i], "-") == 0)
			return true;
	return false;
}

/*
 * Fills what the command line left unset from .jobhash.yaml in the
 * application directory. The file is not searched for upwards, because
 * that would need .git to know where the repository starts. Only the keys
 * that change the output apply: namespace, exclude, hashLength, labelKey,
 * strict and maxFileSize.
 */
static int apply_config_file(jh_cli *cli, generate_arguments *arguments, jh_config *config,
			     jh_error *err)
{
	const jh_config_source *sources = config->sources;
	int rc;

	rc = jh_config_load_file(config, cli->directory != NULL ? cli->directory : ".", err);
	if (rc != JH_OK)
		return rc;

	if (!(cli->given & JH_CLI_GIVEN_NAMESPACE) &&
	    sources[JH_CONFIG_NAMESPACE].origin == JH_ORIGIN_FILE)
		cli->default_namespace = config->namespace;
	if (!(cli->given & JH_CLI_GIVEN_HASH_LENGTH))
		cli->hash_length = config->hash_length;
	if (!(cli->given & JH_CLI_GIVEN_STRICT))
		cli->strict = config->strict;
	if (!(cli->given & JH_CLI_GIVEN_MAX_FILE_SIZE))
		cli->max_file_size = config->max_file_size;
	if (sources[JH_CONFIG_LABEL_KEY].origin == JH_ORIGIN_FILE &&
	    !jh_label_key_is_valid(config->label_key))
		return jh_error_set(err, JH_EINVALID, JH_CONFIG_FILE_NAME,
				    sources[JH_CONFIG_LABEL_KEY].line, 0,
				    "invalid labelKey '%s': expected a Kubernetes label key "
				    "such as example.com/hash", config->label_key);
	if (!arguments->label_key_given && sources[JH_CONFIG_LABEL_KEY].origin == JH_ORIGIN_FILE)
		arguments->label_key = config->label_key;
	if (!(cli->given & JH_CLI_GIVEN_EXCLUDE) && config->exclude_count > 0) {
		cli->pathspec.exclude = (const char *const *)config->excludes;
		cli->pathspec.exclude_count = config->exclude_count;
	}
	return JH_OK;
}

/* Fills what the command line left unset from the Argo CD environment. */
static void apply_environment(jh_cli *cli, generate_arguments *arguments,
			      const jh_argocd_env *env)
{
	if (!(cli->given & JH_CLI_GIVEN_NAMESPACE) && env->namespace != NULL)
		cli->default_namespace = env->namespace;
	if (!(cli->given & JH_CLI_GIVEN_HASH_LENGTH) && env->hash_length != 0)
		cli->hash_length = env->hash_length;
	if (!arguments->label_key_given && env->label_key != NULL)
		arguments->label_key = env->label_key;
	if (!arguments->recursive)
		arguments->recursive = env->recursive == JH_ENV_FLAG_TRUE;
	if (!(cli->given & JH_CLI_GIVEN_STRICT) && env->strict != JH_ENV_FLAG_UNSET)
		cli->strict = env->strict == JH_ENV_FLAG_TRUE;
	/* --exclude replaces the list from the environment rather than adding to it. */
	if (!(cli->given & JH_CLI_GIVEN_EXCLUDE) && env->exclude_count > 0) {
		cli->pathspec.exclude = env->excludes;
		cli->pathspec.exclude_count = env->exclude_count;
	}
}

/* Checks the combination of arguments; returns 0 or the exit code of a usage error. */
static int check_arguments(jh_cli *cli)
{
	if (cli->format != JH_FORMAT_TEXT)
		return jh_cli_usage_error(cli, "--format is not valid here: generate always "
					  "prints manifests");
	if (reads_stdin(cli) && cli->positional_count > 1)
		return jh_cli_usage_error(cli, "- (standard input) cannot be combined with paths");
	if (reads_stdin(cli) && cli->include_count > 0)
		return jh_cli_usage_error(cli, "patterns after -- select files, so they are not "
					  "valid with - (standard input)");
	return 0;
}

int jh_cmd_generate(int argc, char **argv, const char *directory)
{
	static const struct option options[] = {
		JH_COMMON_LONG_OPTIONS,
		{ "recursive", no_argument, NULL, OPT_RECURSIVE },
		{ "label-key", required_argument, NULL, OPT_LABEL_KEY },
		{ NULL, 0, NULL, 0 },
	};
	generate_arguments arguments = { NULL, false, NULL, false };
	jh_config config;
	jh_argocd_env env;
	generate_run run;
	jh_cli cli;
	jh_error err;
	int exit_code = JH_EXIT_ERROR;
	int rc;

	memset(&run, 0, sizeof(run));
	memset(&env, 0, sizeof(env));
	memset(&config, 0, sizeof(config));
	jh_error_clear(&err);
	jh_cli_init(&cli, "generate");
	cli.directory = directory;
	arguments.cli = &cli;

	rc = jh_cli_parse(&cli, argc, argv, JH_COMMON_SHORT_OPTIONS "r", options, handle_option,
			  &arguments, usage);
	if (rc != 0) {
		exit_code = rc > 0 ? JH_EXIT_CLEAN : JH_EXIT_ERROR;
		goto done;
	}
	exit_code = check_arguments(&cli);
	if (exit_code != 0)
		goto done;

	/* Precedence: command line, then environment, then .jobhash.yaml, then defaults. */
	rc = jh_config_init(&config, &err);
	if (rc == JH_OK)
		rc = apply_config_file(&cli, &arguments, &config, &err);
	if (rc == JH_OK)
		rc = jh_argocd_env_read(&env, &err);
	if (rc != JH_OK) {
		jh_cli_print_error(&err);
		exit_code = JH_EXIT_ERROR;
		goto done;
	}
	apply_environment(&cli, &arguments, &env);

	run.cli = &cli;
	jh_cli_scan_options(&cli, &run.rewrite.scan, true);
	run.rewrite.hash_length = cli.hash_length;
	run.rewrite.label_key = arguments.label_key;

	if (reads_stdin(&cli))
		rc = generate_stdin(&run, &err);
	else
		rc = generate_paths(&run, arguments.recursive, &err);
	if (rc != JH_OK)
		jh_diagnostics_add_error(&cli.errors, &err);

	/*
	 * An empty stream makes Argo CD, with pruning on, to delete every object
	 * of the application, so reading no manifest at all is an error.
	 */
	if (rc == JH_OK && run.document_count == 0) {
		jh_error_set(&err, JH_EINVALID, NULL, 0, 0,
			     "no manifest with content was read, so the stream would be empty");
		jh_error_hint(&err, "an empty stream makes Argo CD prune the whole application; "
				    "check the path and the --exclude patterns");
		jh_diagnostics_add_error(&cli.errors, &err);
	}

	/* Argo CD must never see part of a stream: print all of it or nothing. */
	exit_code = jh_cli_finish(&cli, JH_EXIT_CLEAN);
	if (exit_code == JH_EXIT_CLEAN && print_stream(&run) != JH_OK) {
		perror("jobhash: generate: cannot write the stream");
		exit_code = JH_EXIT_ERROR;
	}

done:
	if (run.spill != NULL)
		fclose(run.spill);
	jh_buf_free(&run.output);
	jh_buf_free(&run.rewritten);
	jh_argocd_env_free(&env);
	jh_cli_free(&cli);
	jh_config_free(&config);
	return exit_code;
}
