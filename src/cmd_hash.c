/* jobhash hash: the hash of every Job in a revision or the working tree. */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobhash/cli.h"
#include "jobhash/commands.h"
#include "jobhash/config.h"
#include "jobhash/hash.h"
#include "jobhash/kustomize.h"
#include "jobhash/manifest.h"
#include "jobhash/source.h"
#include "jobhash/worker.h"

static const char usage[] =
	"Usage: jobhash hash [OPTIONS] [REV] [-- PATH...]\n"
	"\n"
	"Print the hash v1 of every Job, one per line:\n"
	"  NAMESPACE/NAME HASH FILE:LINE\n"
	"REV is any revision (HEAD, a commit id, a branch, a tag); without it the\n"
	"working tree is read. PATHs after -- are files, directories or globs, taken\n"
	"from the current directory as git takes them.\n"
	"\n"
	"Options:\n"
	"      --format FORMAT    text (default) or json\n"
	JH_COMMON_OPTIONS_HELP;

typedef struct hash_run {
	jh_cli *cli;
	jh_scan_options scan;
	jh_kustomize *kustomize; /* namespaces from kustomizations; used on the parsing thread only */
	jh_digest *digest;
	jh_buf out;              /* lines of the file being hashed */
	bool printed;            /* a Job was printed: JSON entries need a comma */
} hash_run;

/* Appends S with control characters and DEL escaped as \\xNN, as jh_print_escaped writes them. */
static int put_escaped(jh_buf *out, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		int rc = c < 0x20 || c == 0x7f ? jh_buf_printf(out, "\\x%02x", c)
					       : jh_buf_putc(out, *s);

		if (rc != JH_OK)
			return rc;
	}
	return JH_OK;
}

/*
 * Appends JOB's line to OUT. In JSON every entry starts with a comma,
 * which print_output drops before the first entry of the whole stream.
 */
static int format_job(jh_buf *out, const jh_cli *cli, const jh_object *job, const char *hash)
{
	char name[1024];
	int rc;

	if (cli->format == JH_FORMAT_JSON) {
		rc = jh_buf_puts(out, ",{\"namespace\":");
		if (rc == JH_OK)
			rc = jh_json_string(out, job->namespace);
		if (rc == JH_OK)
			rc = jh_buf_puts(out, ",\"name\":");
		if (rc == JH_OK)
			rc = jh_json_string(out, job->name);
		if (rc == JH_OK)
			rc = jh_buf_printf(out, ",\"hash\":\"%.*s\",\"file\":", cli->hash_length, hash);
		if (rc == JH_OK)
			rc = jh_json_string(out, job->file->path);
		if (rc == JH_OK)
			rc = jh_buf_printf(out, ",\"line\":%u}", job->line);
		return rc;
	}

	/* Text escapes control characters, as every terminal output does. */
	rc = put_escaped(out, jh_object_display_name(job, name, sizeof(name)));
	if (rc == JH_OK)
		rc = jh_buf_printf(out, " %.*s ", cli->hash_length, hash);
	if (rc == JH_OK)
		rc = put_escaped(out, job->file->path);
	if (rc == JH_OK)
		rc = jh_buf_printf(out, ":%u\n", job->line);
	return rc;
}

/*
 * Hashes the Jobs of one file into OUT, with its warnings and errors in
 * WARNINGS and ERRORS. Touches nothing shared, so two threads can run it.
 */
static int hash_bytes(const hash_run *settings, jh_digest *digest, const char *path,
		      const char *bytes, size_t len, jh_buf *out, jh_diagnostics *warnings,
		      jh_diagnostics *errors)
{
	jh_object_list objects = { 0 };
	jh_file *file = NULL;
	jh_error err;
	int rc;

	jh_error_clear(&err);
	rc = jh_scan_load(&file, &settings->scan, path, bytes, len, warnings, &err);
	if (rc == JH_OK && file != NULL)
		rc = jh_collect_objects(&objects, file, &settings->scan.manifest, &err);
	if (rc == JH_OK && file != NULL && settings->kustomize != NULL)
		rc = jh_kustomize_apply(settings->kustomize, &objects, 0, path, &err);

	for (size_t i = 0; rc == JH_OK && i < objects.count; i++) {
		const jh_object *object = &objects.items[i];
		char hash[JH_HASH_HEX_SIZE];

		if (!jh_object_is_job(object) || object->name == NULL)
			continue;
		rc = jh_hash_job(hash, digest, object->node, file->arena, &err);
		if (rc == JH_OK && format_job(out, settings->cli, object, hash) != JH_OK)
			rc = JH_ENOMEM;
	}

	/* One invalid file does not stop the others. */
	if (rc != JH_OK && rc != JH_ENOMEM)
		rc = jh_diagnostics_add_error(errors, &err);

	jh_object_list_free(&objects);
	jh_file_free(file);
	return rc;
}

/* Writes a file's lines and its warnings; errors wait for the end of the run. */
static void print_output(hash_run *run, const jh_buf *out, jh_diagnostics *warnings)
{
	const char *text = out->data;
	size_t len = out->len;

	if (len > 0 && run->cli->format == JH_FORMAT_JSON && !run->printed) {
		text++;
		len--;
	}
	if (len > 0) {
		fwrite(text, 1, len, stdout);
		run->printed = true;
	}

	/* Warnings go out file by file, so a tree of templates costs no memory. */
	for (size_t i = 0; i < warnings->count; i++)
		jh_diagnostics_add_error(&run->cli->warnings, &warnings->items[i]);
	warnings->count = 0;
	if (!run->cli->strict)
		jh_diagnostics_flush(&run->cli->warnings, stderr);
}

static int hash_file(void *context, const char *path, const char *bytes, size_t len,
		     jh_error *err)
{
	hash_run *run = context;
	jh_diagnostics warnings = { 0 };
	int rc;

	jh_buf_clear(&run->out);
	rc = hash_bytes(run, run->digest, path, bytes, len, &run->out, &warnings,
			&run->cli->errors);
	if (rc == JH_ENOMEM)
		jh_error_nomem(err);
	else
		print_output(run, &run->out, &warnings);
	jh_diagnostics_free(&warnings);
	return rc;
}

/* Bytes of files that may wait for the worker: a few large manifests. */
#define WORKER_QUEUE_BYTES ((size_t)16 * 1024 * 1024)

typedef struct hash_pipeline {
	hash_run *run;
	jh_worker *worker;
} hash_pipeline;

/* Runs in the reading thread: files that cannot hold a Job are not even copied. */
static int submit_file(void *context, const char *path, const char *bytes, size_t len,
		       jh_error *err)
{
	hash_pipeline *pipeline = context;
	int rc;

	if (!jh_may_hold_job(bytes, len))
		return JH_OK;
	rc = jh_worker_submit(pipeline->worker, path, bytes, len);
	if (rc == JH_ENOMEM)
		return jh_error_nomem(err);
	return rc;
}

/*
 * Reads the files of SOURCE and hashes their Jobs. With two cores a worker
 * thread parses while this one reads blobs, in the same order, so the
 * output is the same either way.
 */
static int hash_files(hash_run *run, jh_source *source, jh_error *err)
{
	hash_pipeline pipeline = { run, NULL };
	jh_error worker_err;
	int worker_rc;
	int rc;

	if (!jh_worker_useful() ||
	    jh_worker_start(&pipeline.worker, hash_file, run, WORKER_QUEUE_BYTES) != JH_OK)
		return jh_source_each_file(source, run->cli, hash_file, run, err);

	rc = jh_source_each_file(source, run->cli, submit_file, &pipeline, err);
	worker_rc = jh_worker_finish(pipeline.worker, &worker_err);

	/* A failure in the worker stops the walk too; its error is the one to show. */
	if (worker_rc != 0) {
		*err = worker_err;
		return worker_rc;
	}
	return rc;
}

int jh_cmd_hash(int argc, char **argv, const char *directory)
{
	static const struct option options[] = { JH_COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	jh_source source = { 0 };
	hash_run run;
	jh_config config;
	jh_cli cli;
	jh_error err;
	int exit_code = JH_EXIT_ERROR;
	int rc;

	memset(&run, 0, sizeof(run));
	jh_error_clear(&err);
	jh_cli_init(&cli, "hash");
	if (jh_config_init(&config, &err) != JH_OK) {
		jh_cli_print_error(&err);
		jh_cli_free(&cli);
		return JH_EXIT_ERROR;
	}
	cli.directory = directory;

	rc = jh_cli_parse(&cli, argc, argv, JH_COMMON_SHORT_OPTIONS, options, NULL, NULL, usage);
	if (rc != 0) {
		exit_code = rc > 0 ? JH_EXIT_CLEAN : JH_EXIT_ERROR;
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

	source.revision = cli.positional_count == 1 ? cli.positional[0] : NULL;
	run.cli = &cli;
	jh_cli_scan_options(&cli, &run.scan, true);

	rc = jh_kustomize_new(&run.kustomize, jh_source_read_path, &source);
	if (rc != JH_OK)
		rc = jh_error_nomem(&err);
	else
		rc = jh_digest_new(&run.digest, &err);
	if (rc != JH_OK) {
		jh_cli_print_error(&err);
		goto done;
	}

	if (cli.format == JH_FORMAT_JSON)
		printf("{\"version\":%d,\"jobs\":[", JH_HASH_VERSION);

	if (jh_cli_track_matches(&cli) != JH_OK) {
		fputs("jobhash: out of memory\n", stderr);
		goto done;
	}
	rc = hash_files(&run, &source, &err);
	if (rc == JH_OK)
		jh_cli_warn_unmatched(&cli);

	if (cli.format == JH_FORMAT_JSON)
		fputs("]}\n", stdout);

	if (rc != JH_OK) {
		jh_diagnostics_add_error(&cli.errors, &err);
		exit_code = jh_cli_finish(&cli, JH_EXIT_ERROR);
		goto done;
	}
	exit_code = jh_cli_finish(&cli, JH_EXIT_CLEAN);

done:
	jh_buf_free(&run.out);
	jh_kustomize_free(run.kustomize);
	jh_source_free(&source);
	jh_digest_free(run.digest);
	jh_config_free(&config);
	jh_cli_free(&cli);
	return exit_code;
}
