/* jobhash canon: the canonical JSON that jobhash computes, for people and tests. */

#include <stdio.h>
#include <string.h>

#include "jobhash/canon.h"
#include "jobhash/cli.h"
#include "jobhash/commands.h"
#include "jobhash/config.h"
#include "jobhash/hash.h"
#include "jobhash/manifest.h"
#include "jobhash/source.h"

static const char usage[] =
	"Usage: jobhash canon [OPTIONS] [REV | -] [-- PATH...]\n"
	"\n"
	"Print the canonical JSON of every document, one per line, as hash v1\n"
	"writes it: values read the way Kubernetes reads them, keys sorted, null\n"
	"entries dropped. With --hashed, print only the part of each Job that is\n"
	"hashed. REV reads a revision, - reads standard input, and without either\n"
	"the working tree is read.\n"
	"\n"
	"Options:\n"
	"      --hashed           print the hash input of each Job instead\n"
	"      --with-location    start each line with FILE:LINE and a tab\n"
	JH_COMMON_OPTIONS_HELP;

enum { OPT_HASHED = JH_OPT_FIRST_COMMAND_OPTION, OPT_WITH_LOCATION };

typedef struct canon_run {
	jh_cli *cli;
	jh_scan_options scan;
	bool hashed;
	bool with_location;
	jh_buf line;
} canon_run;

static int handle_option(void *context, int option, const char *argument)
{
	canon_run *run = context;

	(void)argument;
	switch (option) {
	case OPT_HASHED:
		run->hashed = true;
		return 1;
	case OPT_WITH_LOCATION:
		run->with_location = true;
		return 1;
	}
	return 0;
}

static int print_value(canon_run *run, const char *path, unsigned line, const jh_node *value,
		       jh_error *err)
{
	int rc;

	jh_buf_clear(&run->line);
	rc = jh_canon_to_buf(&run->line, value, err);
	if (rc != JH_OK)
		return rc;

	if (run->with_location) {
		jh_print_escaped(stdout, path);
		printf(":%u\t", line);
	}
	fwrite(run->line.data, 1, run->line.len, stdout);
	fputc('\n', stdout);
	return JH_OK;
}

static int print_hash_inputs(canon_run *run, const jh_file *file, jh_error *err)
{
	jh_object_list objects = { 0 };
	int rc = jh_collect_objects(&objects, file, &run->scan.manifest, err);

	for (size_t i = 0; rc == JH_OK && i < objects.count; i++) {
		const jh_object *object = &objects.items[i];
		jh_node *input = NULL;

		if (!jh_object_is_job(object))
			continue;
		rc = jh_hash_input(&input, file->arena, object->node, err);
		if (rc == JH_OK)
			rc = print_value(run, file->path, object->line, input, err);
	}

	jh_object_list_free(&objects);
	return rc;
}

static int canon_file(void *context, const char *path, const char *bytes, size_t len,
		      jh_error *err)
{
	canon_run *run = context;
	jh_file *file = NULL;
	int rc;

	rc = jh_scan_load(&file, &run->scan, path, bytes, len, &run->cli->warnings, err);
	if (rc == JH_OK && file != NULL && run->hashed)
		rc = print_hash_inputs(run, file, err);

	for (size_t i = 0; rc == JH_OK && file != NULL && !run->hashed &&
			   i < file->document_count; i++) {
		const jh_document *document = &file->documents[i];

		if (document->root != NULL)
			rc = print_value(run, path, document->root->span.line, document->root, err);
	}

	if (rc != JH_OK && rc != JH_ENOMEM) {
		rc = jh_diagnostics_add_error(&run->cli->errors, err);
		jh_error_clear(err);
	}

	/* Warnings go out file by file, so a tree of templates costs no memory. */
	if (!run->cli->strict)
		jh_diagnostics_flush(&run->cli->warnings, stderr);

	jh_file_free(file);
	return rc;
}

int jh_cmd_canon(int argc, char **argv, const char *directory)
{
	static const struct option options[] = {
		JH_COMMON_LONG_OPTIONS,
		{ "hashed", no_argument, NULL, OPT_HASHED },
		{ "with-location", no_argument, NULL, OPT_WITH_LOCATION },
		{ NULL, 0, NULL, 0 },
	};
	jh_source source = { 0 };
	canon_run run;
	jh_config config;
	jh_cli cli;
	jh_error err;
	int exit_code = JH_EXIT_ERROR;
	int rc;

	memset(&run, 0, sizeof(run));
	jh_error_clear(&err);
	jh_cli_init(&cli, "canon");
	if (jh_config_init(&config, &err) != JH_OK) {
		jh_cli_print_error(&err);
		jh_cli_free(&cli);
		return JH_EXIT_ERROR;
	}
	cli.directory = directory;

	rc = jh_cli_parse(&cli, argc, argv, JH_COMMON_SHORT_OPTIONS, options, handle_option,
			  &run, usage);
	if (rc != 0) {
		exit_code = rc > 0 ? JH_EXIT_CLEAN : JH_EXIT_ERROR;
		goto done;
	}
	if (cli.format != JH_FORMAT_TEXT) {
		exit_code = jh_cli_usage_error(&cli, "--format is not valid here: canon always prints JSON");
		goto done;
	}
	if (jh_cli_check_revision_count(&cli) != JH_OK)
		goto done;

	/* .jobhash.yaml contains the team's defaults; the command line wins over it. */
	rc = jh_config_resolve(&config, &cli, &err);
	if (rc != JH_OK) {
		jh_cli_print_error(&err);
		goto done;
	}

	if (cli.positional_count == 1 && strcmp(cli.positional[0], "-") == 0)
		source.stdin_stream = true;
	else if (cli.positional_count == 1)
		source.revision = cli.positional[0];

	run.cli = &cli;
	jh_cli_scan_options(&cli, &run.scan, run.hashed);

	if (jh_cli_track_matches(&cli) != JH_OK) {
		fputs("jobhash: out of memory\n", stderr);
		goto done;
	}
	rc = jh_source_each_file(&source, &cli, canon_file, &run, &err);
	if (rc == JH_OK)
		jh_cli_warn_unmatched(&cli);
	if (rc != JH_OK) {
		jh_diagnostics_add_error(&cli.errors, &err);
		exit_code = jh_cli_finish(&cli, JH_EXIT_ERROR);
		goto done;
	}
	exit_code = jh_cli_finish(&cli, JH_EXIT_CLEAN);

done:
	jh_buf_free(&run.line);
	jh_config_free(&config);
	jh_cli_free(&cli);
	return exit_code;
}
