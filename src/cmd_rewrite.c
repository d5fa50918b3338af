/* jobhash rewrite: rename Jobs to BASE-HASH in the working tree. */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jobhash/argocd_env.h"
#include "jobhash/atomic.h"
#include "jobhash/cli.h"
#include "jobhash/commands.h"
#include "jobhash/config.h"
#include "jobhash/edit.h"
#include "jobhash/files.h"
#include "jobhash/hash.h"
#include "jobhash/rewrite.h"

static const char usage[] =
	"Usage: jobhash rewrite [OPTIONS] [-- PATH...]\n"
	"\n"
	"Rename every Job of the working tree to BASE-HASH, where HASH is the start\n"
	"of its hash v1, and mark it with the label jobhash.io/hash: \"HASH\". Only\n"
	"the name and the label change; every other byte of the files stays as it\n"
	"is. Hook Jobs, Jobs their tool recreates, and Jobs annotated\n"
	"jobhash.io/skip: \"true\" keep their names. Prints FILE:LINE: OLD -> NEW\n"
	"for each renamed Job.\n"
	"\n"
	"Options:\n"
	"      --in-place         rewrite the files where they are (default)\n"
	"      --output DIR       write the rewritten files under DIR instead, with their\n"
	"                         relative paths; files without Jobs are copied as they are\n"
	"      --check            change nothing; print the files that would change and\n"
	"                         exit 1 if there are any\n"
	"      --diff             change nothing; print a unified diff and exit 1 if any\n"
	"                         file would change\n"
	"      --commit           commit the rewritten files on the current branch\n"
	"  -m, --message TEXT     commit message (default: a list of the renames)\n"
	"      --author AUTHOR    commit author as \"Name <email>\" (default: user.name\n"
	"                         and user.email from git config)\n"
	"      --label-key KEY    label that records the hash (default jobhash.io/hash)\n"
	"      --only-changed     rename only Jobs whose hash differs from --deployed\n"
	"      --deployed REV     the revision the cluster runs, for --only-changed\n"
	"      --format FORMAT    text (default) or json\n"
	JH_COMMON_OPTIONS_HELP;

enum {
	OPT_IN_PLACE = JH_OPT_FIRST_COMMAND_OPTION,
	OPT_OUTPUT,
	OPT_CHECK,
	OPT_DIFF,
	OPT_COMMIT,
	OPT_MESSAGE = 'm',
	OPT_AUTHOR = JH_OPT_FIRST_COMMAND_OPTION + 10,
	OPT_LABEL_KEY,
	OPT_ONLY_CHANGED,
	OPT_DEPLOYED,
};

typedef enum { MODE_IN_PLACE, MODE_OUTPUT, MODE_CHECK, MODE_DIFF } rewrite_mode;

typedef struct rewrite_arguments {
	rewrite_mode mode;
	int mode_count;            /* how many of the mode options were given */
	const char *output;
	bool commit;
	const char *message;
	const char *author;
	const char *label_key;
	bool only_changed;
	const char *deployed;
} rewrite_arguments;

/* One file read from the tree, and its rewritten text. */
typedef struct rewritten_file {
	char *path;                /* relative to the root */
	bool changed;              /* the rewrite changed at least one byte */
	jh_buf new_text;           /* the rewritten text of a changed file, when it is to be written */
	jh_buf diff;               /* the unified diff of a changed file, for --diff */
	jh_rename_list renames;
} rewritten_file;

/* A Job of the deployed revision, by identity. */
typedef struct deployed_job {
	char *namespace;
	char *name;                /* without its confirmed hash suffix */
	char hash[JH_HASH_HEX_SIZE];
} deployed_job;

typedef struct rewrite_run {
	jh_cli *cli;
	rewrite_arguments *arguments;
	jh_rewrite_options options;
	rewritten_file *files;
	size_t file_count;
	size_t file_capacity;
	deployed_job *deployed;
	size_t deployed_count;
	size_t deployed_capacity;
	jh_digest *digest;
} rewrite_run;

static int handle_option(void *context, int option, const char *argument)
{
	rewrite_arguments *arguments = context;

	switch (option) {
	case OPT_IN_PLACE:
		arguments->mode = MODE_IN_PLACE;
		arguments->mode_count++;
		return 1;
	case OPT_OUTPUT:
		arguments->mode = MODE_OUTPUT;
		arguments->output = argument;
		arguments->mode_count++;
		return 1;
	case OPT_CHECK:
		arguments->mode = MODE_CHECK;
		arguments->mode_count++;
		return 1;
	case OPT_DIFF:
		arguments->mode = MODE_DIFF;
		arguments->mode_count++;
		return 1;
	case OPT_COMMIT:
		arguments->commit = true;
		return 1;
	case OPT_MESSAGE:
		arguments->message = argument;
		return 1;
	case OPT_AUTHOR:
		arguments->author = argument;
		return 1;
	case OPT_LABEL_KEY:
		arguments->label_key = argument;
		return 1;
	case OPT_ONLY_CHANGED:
		arguments->only_changed = true;
		return 1;
	case OPT_DEPLOYED:
		arguments->deployed = argument;
		return 1;
	}
	return 0;
}

static void free_run(rewrite_run *run)
{
	for (size_t i = 0; i < run->file_count; i++) {
		free(run->files[i].path);
		jh_buf_free(&run->files[i].diff);
		jh_buf_free(&run->files[i].new_text);
		jh_rename_list_free(&run->files[i].renames);
	}
	free(run->files);
	for (size_t i = 0; i < run->deployed_count; i++) {
		free(run->deployed[i].namespace);
		free(run->deployed[i].name);
	}
	free(run->deployed);
	jh_digest_free(run->digest);
}

static bool file_changed(const rewritten_file *file)
{
	return file->changed;
}



static rewritten_file *add_file(rewrite_run *run, const char *path)
{
	rewritten_file *file;

	if (run->file_count == run->file_capacity) {
		size_t capacity = run->file_capacity == 0 ? 16 : run->file_capacity * 2;
		rewritten_file *files = realloc(run->files, capacity * sizeof(*files));

		if (files == NULL)
			return NULL;
		run->files = files;
		run->file_capacity = capacity;
	}
	file = &run->files[run->file_count];
	memset(file, 0, sizeof(*file));
	file->path = strdup(path);
	if (file->path == NULL)
		return NULL;
	run->file_count++;
	return file;
}

static int rewrite_file_text(void *context, const char *path, const char *bytes, size_t len,
			     jh_error *err)
{
	rewrite_run *run = context;
	rewritten_file *file = add_file(run, path);
	jh_buf new_text = JH_BUF_INIT;
	int rc;

	if (file == NULL)
		return jh_error_nomem(err);

	rc = jh_rewrite_text(&new_text, &file->renames, path, bytes, len, &run->options,
			     &run->cli->warnings, err);
	if (rc != JH_OK && rc != JH_ENOMEM) {
		/* The file stays as it is; the others are still rewritten. */
		rc = jh_diagnostics_add_error(&run->cli->errors, err);
		jh_error_clear(err);
		jh_buf_free(&new_text);
		return rc;
	}
	if (rc != JH_OK)
		goto done;

	file->changed = new_text.len != len || (len > 0 && memcmp(new_text.data, bytes, len) != 0);
	if (!file->changed)
		goto done;

	/*
	 * Each file keeps only what its mode needs: nothing for --check, the
	 * diff for --diff, the new text for writing. So memory follows the
	 * changed files, not the tree; --output copies the others from disk.
	 */
	switch (run->arguments->mode) {
	case MODE_CHECK:
		break;
	case MODE_DIFF:
		if (jh_unified_diff(&file->diff, file->path, bytes, len, new_text.data, new_text.len,
				    3) != JH_OK)
			rc = jh_error_nomem(err);
		break;
	case MODE_IN_PLACE:
	case MODE_OUTPUT:
		file->new_text = new_text;
		new_text = (jh_buf)JH_BUF_INIT;
		break;
	}

done:
	jh_buf_free(&new_text);
	return rc;
}

/* Records the Jobs of the deployed revision by identity. */
static int collect_deployed(void *context, const char *path, const char *bytes, size_t len,
			    jh_error *err)
{
	rewrite_run *run = context;
	const char *label_key = run->options.label_key;
	jh_object_list objects = { 0 };
	jh_file *file = NULL;
	int rc;

	rc = jh_scan_load(&file, &run->options.scan, path, bytes, len, &run->cli->warnings, err);
	if (rc == JH_OK && file != NULL)
		rc = jh_collect_objects(&objects, file, &run->options.scan.manifest, err);

	for (size_t i = 0; rc == JH_OK && i < objects.count; i++) {
		const jh_object *job = &objects.items[i];
		const char *suffix;
		deployed_job *entry;
		size_t name_len;

		if (!jh_object_is_job(job) || job->name == NULL)
			continue;
		if (run->deployed_count == run->deployed_capacity) {
			size_t capacity = run->deployed_capacity == 0 ? 16 : run->deployed_capacity * 2;
			deployed_job *items = realloc(run->deployed, capacity * sizeof(*items));

			if (items == NULL) {
				rc = jh_error_nomem(err);
				break;
			}
			run->deployed = items;
			run->deployed_capacity = capacity;
		}

		suffix = jh_job_confirmed_suffix(job, label_key);
		name_len = strlen(job->name) - (suffix != NULL ? strlen(suffix) + 1 : 0);
		entry = &run->deployed[run->deployed_count];
		entry->namespace = strdup(job->namespace);
		entry->name = strndup(job->name, name_len);
		run->deployed_count++;
		if (entry->namespace == NULL || entry->name == NULL)
			rc = jh_error_nomem(err);
		if (rc == JH_OK)
			rc = jh_hash_job(entry->hash, run->digest, job->node, file->arena, err);
	}

	jh_object_list_free(&objects);
	jh_file_free(file);
	return rc;
}

/*
 * --only-changed: rename a Job unless the deployed revision has a Job of
 * the same identity with the same hash. A Job new in the working tree has
 * no deployed hash to match, so it is renamed.
 */
static bool hash_changed(void *context, const char *namespace, const char *name,
			 const char *hash)
{
	const rewrite_run *run = context;

	for (size_t i = 0; i < run->deployed_count; i++) {
		const deployed_job *job = &run->deployed[i];

		if (strcmp(job->namespace, namespace) == 0 && strcmp(job->name, name) == 0)
			return strcmp(job->hash, hash) != 0;
	}
	return true;
}

static void print_renames_text(const rewrite_run *run)
{
	for (size_t i = 0; i < run->file_count; i++) {
		const rewritten_file *file = &run->files[i];

		for (size_t k = 0; k < file->renames.count; k++) {
			const jh_rename *r = &file->renames.items[k];

			jh_print_escaped(stdout, file->path);
			printf(":%u: ", r->line);
			jh_print_escaped(stdout, r->old_name);
			fputs(" -> ", stdout);
			jh_print_escaped(stdout, r->new_name);
			fputc('\n', stdout);
		}
	}
}

static int print_renames_json(const rewrite_run *run)
{
	jh_buf out = JH_BUF_INIT;
	bool first = true;
	int rc = jh_buf_puts(&out, "{\"version\":1,\"renamed\":[");

	for (size_t i = 0; rc == JH_OK && i < run->file_count; i++) {
		const rewritten_file *file = &run->files[i];

		for (size_t k = 0; rc == JH_OK && k < file->renames.count; k++) {
			const jh_rename *r = &file->renames.items[k];

			rc = jh_buf_puts(&out, first ? "{\"file\":" : ",{\"file\":");
			if (rc == JH_OK)
				rc = jh_json_string(&out, file->path);
			if (rc == JH_OK)
				rc = jh_buf_printf(&out, ",\"line\":%u,\"namespace\":", r->line);
			if (rc == JH_OK)
				rc = jh_json_string(&out, r->namespace);
			if (rc == JH_OK)
				rc = jh_buf_puts(&out, ",\"oldName\":");
			if (rc == JH_OK)
				rc = jh_json_string(&out, r->old_name);
			if (rc == JH_OK)
				rc = jh_buf_puts(&out, ",\"newName\":");
			if (rc == JH_OK)
				rc = jh_json_string(&out, r->new_name);
			if (rc == JH_OK)
				rc = jh_buf_puts(&out, "}");
			first = false;
		}
	}
	if (rc == JH_OK)
		rc = jh_buf_puts(&out, "]}\n");
	if (rc == JH_OK)
		fwrite(out.data, 1, out.len, stdout);
	jh_buf_free(&out);
	return rc;
}

static void print_stale(const rewrite_run *run)
{
	for (size_t i = 0; i < run->file_count; i++) {
		const rewritten_file *file = &run->files[i];

		for (size_t k = 0; k < file->renames.count; k++) {
			const jh_rename *r = &file->renames.items[k];

			if (!r->stale)
				continue;
			fputs("jobhash: ", stderr);
			jh_print_escaped(stderr, file->path);
			fprintf(stderr, ":%u: ", r->line);
			if (r->namespace[0] != '\0') {
				jh_print_escaped(stderr, r->namespace);
				fputc('/', stderr);
			}
			jh_print_escaped(stderr, r->old_name);
			fputs(": hash suffix is stale (template changed without rewrite); "
			      "run 'jobhash rewrite'\n", stderr);
		}
	}
}

/* --check and --diff: print, change nothing. Returns the exit code. */
static int report_changes(const rewrite_run *run)
{
	bool any = false;

	print_stale(run);

	for (size_t i = 0; i < run->file_count; i++) {
		const rewritten_file *file = &run->files[i];

		if (!file_changed(file))
			continue;
		any = true;
		if (run->arguments->mode == MODE_CHECK) {
			jh_print_escaped(stdout, file->path);
			fputc('\n', stdout);
			continue;
		}
		fwrite(file->diff.data, 1, file->diff.len, stdout);
	}

	return any ? JH_EXIT_FINDINGS : JH_EXIT_CLEAN;
}

static void print_file_list(const char *label, const rewrite_run *run, const bool *written,
			    bool state)
{
	bool first = true;

	for (size_t i = 0; i < run->file_count; i++) {
		if (written[i] != state || (run->arguments->mode == MODE_IN_PLACE &&
					    !file_changed(&run->files[i])))
			continue;
		fprintf(stderr, first ? "jobhash: rewrite: %s: " : ", ", label);
		jh_print_escaped(stderr, run->files[i].path);
		first = false;
	}
	if (!first)
		fputc('\n', stderr);
}

/* Copies the unchanged file ROOT/PATH to TARGET for --output. */
static int copy_unchanged(const char *root, const char *path, const char *target,
			  size_t max_file_size, jh_error *err)
{
	jh_buf source = JH_BUF_INIT;
	jh_buf text = JH_BUF_INIT;
	int rc = jh_buf_printf(&source, "%s/%s", root, path);

	if (rc != JH_OK)
		rc = jh_error_nomem(err);
	if (rc == JH_OK)
		rc = jh_read_file(&text, source.data, max_file_size, err);
	if (rc == JH_OK)
		rc = jh_atomic_write(target, path, text.data != NULL ? text.data : "", text.len,
				     0666, err);

	jh_buf_free(&text);
	jh_buf_free(&source);
	return rc;
}

/* Writes the rewritten files under ROOT (in place) or under --output. */
static int write_files(const rewrite_run *run, const char *root, jh_error *err)
{
	bool *written = calloc(run->file_count + 1, sizeof(*written));
	jh_buf target = JH_BUF_INIT;
	int rc = JH_OK;

	if (written == NULL)
		return jh_error_nomem(err);

	for (size_t i = 0; rc == JH_OK && i < run->file_count; i++) {
		const rewritten_file *file = &run->files[i];
		bool to_output = run->arguments->mode == MODE_OUTPUT;

		if (!to_output && !file_changed(file))
			continue;

		jh_buf_clear(&target);
		rc = jh_buf_printf(&target, "%s/%s", to_output ? run->arguments->output : root,
				   file->path);
		if (rc != JH_OK) {
			rc = jh_error_nomem(err);
			break;
		}
		if (to_output)
			rc = jh_make_parent_dirs(target.data, file->path, err);
		if (rc == JH_OK && file->changed)
			rc = jh_atomic_write(target.data, file->path, file->new_text.data,
					     file->new_text.len, 0666, err);
		else if (rc == JH_OK)
			rc = copy_unchanged(root, file->path, target.data, run->cli->max_file_size,
					    err);
		written[i] = rc == JH_OK;
	}

	if (rc != JH_OK) {
		jh_cli_print_error(err);
		print_file_list("written", run, written, true);
		print_file_list("not written", run, written, false);
	}

	jh_buf_free(&target);
	free(written);
	return rc;
}

/* Returns true when DIR (which may not exist yet) lies inside the tree read from ROOT. */
static bool output_inside_input(const jh_cli *cli, const char *root, const char *dir)
{
	char *real_root = realpath(root, NULL);
	char real_dir[PATH_MAX];
	char parent[PATH_MAX];
	size_t root_len;
	bool inside = false;

	if (real_root == NULL)
		return false;

	if (realpath(dir, real_dir) == NULL) {
		/* Not created yet: resolve its parent and append the last component. */
		const char *slash = strrchr(dir, '/');
		const char *last = slash != NULL ? slash + 1 : dir;

		snprintf(parent, sizeof(parent), "%.*s", slash != NULL ? (int)(slash - dir) : 1,
			 slash != NULL ? dir : ".");
		if (realpath(parent[0] != '\0' ? parent : "/", real_dir) == NULL) {
			free(real_root);
			return false;
		}
		snprintf(real_dir + strlen(real_dir), sizeof(real_dir) - strlen(real_dir), "/%s",
			 last);
	}

	root_len = strlen(real_root);
	if (strcmp(real_dir, real_root) == 0) {
		inside = true;
	} else if (strncmp(real_dir, real_root, root_len) == 0 && real_dir[root_len] == '/') {
		const char *relative = real_dir + root_len + 1;

		inside = cli->include_count == 0;
		for (size_t i = 0; !inside && i < cli->include_count; i++)
			inside = jh_pattern_match(cli->includes[i], relative);
	}

	free(real_root);
	return inside;
}

/* Builds the default commit message: a subject and one NAMESPACE/OLD -> NEW line per Job. */
static int default_message(jh_buf *out, const rewrite_run *run, size_t count)
{
	int rc = jh_buf_printf(out, "Rename %zu Job%s with %s hash suffix\n\n", count,
			       count == 1 ? "" : "s", count == 1 ? "its" : "their");

	for (size_t i = 0; rc == JH_OK && i < run->file_count; i++) {
		const rewritten_file *file = &run->files[i];

		for (size_t k = 0; rc == JH_OK && k < file->renames.count; k++) {
			const jh_rename *r = &file->renames.items[k];

			rc = jh_buf_printf(out, "%s%s%s -> %s\n", r->namespace,
					   r->namespace[0] != '\0' ? "/" : "", r->old_name,
					   r->new_name);
		}
	}
	return rc;
}

/* --commit: one commit with exactly the rewritten files. */
static int commit_files(const rewrite_run *run, jh_repo *repo, jh_error *err)
{
	const char **paths = calloc(run->file_count + 1, sizeof(*paths));
	jh_buf message = JH_BUF_INIT;
	char oid[JH_OID_HEX_SIZE];
	size_t path_count = 0;
	size_t rename_count = 0;
	int rc = JH_OK;

	if (paths == NULL)
		return jh_error_nomem(err);

	for (size_t i = 0; i < run->file_count; i++) {
		if (!file_changed(&run->files[i]))
			continue;
		paths[path_count++] = run->files[i].path;
		rename_count += run->files[i].renames.count;
	}

	if (path_count == 0) {
		fputs("jobhash: rewrite: nothing to commit\n", stderr);
		goto done;
	}

	if (run->arguments->message != NULL)
		rc = jh_buf_puts(&message, run->arguments->message);
	else
		rc = default_message(&message, run, rename_count);
	if (rc != JH_OK) {
		rc = jh_error_nomem(err);
		goto done;
	}

	rc = jh_repo_commit_paths(repo, paths, path_count, message.data, run->arguments->author,
				  oid, err);
	if (rc == JH_OK)
		fprintf(stderr, "jobhash: rewrite: committed %s\n", oid);
	else
		jh_cli_print_error(err);

done:
	jh_buf_free(&message);
	free(paths);
	return rc;
}

static int check_arguments(jh_cli *cli, const rewrite_arguments *arguments)
{
	if (arguments->mode_count > 1)
		return jh_cli_usage_error(cli, "--in-place, --output, --check and --diff "
					       "exclude each other; choose one");
	if (cli->positional_count > 0)
		return jh_cli_usage_error(cli, "unexpected argument '%s'; put paths after --",
					  cli->positional[0]);
	if (arguments->only_changed && arguments->deployed == NULL)
		return jh_cli_usage_error(cli, "--only-changed needs --deployed REV: the revision "
					       "the cluster runs");
	if (arguments->commit && arguments->mode != MODE_IN_PLACE)
		return jh_cli_usage_error(cli, "--commit works with --in-place only");
	if ((arguments->message != NULL || arguments->author != NULL) && !arguments->commit)
		return jh_cli_usage_error(cli, "--message and --author need --commit");
	if (arguments->label_key != NULL && !jh_label_key_is_valid(arguments->label_key))
		return jh_cli_usage_error(cli, "invalid --label-key '%s': expected a Kubernetes "
					  "label key such as example.com/hash", arguments->label_key);
	return JH_OK;
}

static int read_tree(rewrite_run *run, jh_repo *repo, const char *root, jh_error *err)
{
	jh_dir_walk walk;
	int rc;

	if (run->arguments->only_changed) {
		char oid[JH_OID_HEX_SIZE];

		if (repo == NULL)
			return jh_error_set(err, JH_EINVALID, NULL, 0, 0,
					    "--deployed needs a Git repository, and none was found");
		rc = jh_repo_resolve(repo, run->arguments->deployed, oid, err);
		if (rc == JH_OK)
			rc = jh_repo_each_blob(repo, oid, &run->cli->pathspec,
					       run->cli->max_file_size, collect_deployed, run, err);
		if (rc != JH_OK)
			return rc;
		run->options.filter = hash_changed;
		run->options.filter_context = run;
	}

	memset(&walk, 0, sizeof(walk));
	walk.root = root;
	walk.recursive = true;
	walk.spec = &run->cli->pathspec;
	walk.repo = repo;
	walk.max_file_size = run->cli->max_file_size;
	return jh_dir_each_file(&walk, rewrite_file_text, run, err);
}

int jh_cmd_rewrite(int argc, char **argv, const char *directory)
{
	static const struct option options[] = {
		JH_COMMON_LONG_OPTIONS,
		{ "in-place", no_argument, NULL, OPT_IN_PLACE },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "diff", no_argument, NULL, OPT_DIFF },
		{ "commit", no_argument, NULL, OPT_COMMIT },
		{ "message", required_argument, NULL, OPT_MESSAGE },
		{ "author", required_argument, NULL, OPT_AUTHOR },
		{ "label-key", required_argument, NULL, OPT_LABEL_KEY },
		{ "only-changed", no_argument, NULL, OPT_ONLY_CHANGED },
		{ "deployed", required_argument, NULL, OPT_DEPLOYED },
		{ NULL, 0, NULL, 0 },
	};
	rewrite_arguments arguments;
	rewrite_run run;
	jh_repo *repo = NULL;
	const char *root;
	jh_config config;
	jh_cli cli;
	jh_error err;
	int exit_code = JH_EXIT_ERROR;
	int rc;

	memset(&arguments, 0, sizeof(arguments));
	memset(&run, 0, sizeof(run));
	jh_error_clear(&err);
	jh_cli_init(&cli, "rewrite");
	cli.directory = directory;
	if (jh_config_init(&config, &err) != JH_OK) {
		jh_cli_print_error(&err);
		jh_cli_free(&cli);
		return JH_EXIT_ERROR;
	}

	rc = jh_cli_parse(&cli, argc, argv, JH_COMMON_SHORT_OPTIONS "m:", options, handle_option,
			  &arguments, usage);
	if (rc != 0) {
		exit_code = rc > 0 ? JH_EXIT_CLEAN : JH_EXIT_ERROR;
		goto done;
	}
	if (check_arguments(&cli, &arguments) != JH_OK)
		goto done;

	/* .jobhash.yaml contains the team's defaults; the command line wins over it. */
	rc = jh_config_resolve(&config, &cli, &err);
	if (rc != JH_OK) {
		jh_cli_print_error(&err);
		goto done;
	}

	run.cli = &cli;
	run.arguments = &arguments;
	jh_cli_scan_options(&cli, &run.options.scan, true);
	run.options.hash_length = cli.hash_length;
	run.options.label_key = arguments.label_key != NULL ? arguments.label_key
							    : config.label_key;

	rc = jh_repo_open(&repo, cli.directory, &err);
	if (rc == JH_ENOTFOUND && !arguments.commit) {
		/* Outside a repository the directory is read as it is. */
		jh_error_clear(&err);
		rc = JH_OK;
	}
	if (rc == JH_OK)
		rc = jh_digest_new(&run.digest, &err);
	if (rc != JH_OK) {
		jh_cli_print_error(&err);
		goto done;
	}
	root = repo != NULL && jh_repo_workdir(repo) != NULL
		       ? jh_repo_workdir(repo)
		       : (cli.directory != NULL ? cli.directory : ".");

	if (arguments.mode == MODE_OUTPUT && output_inside_input(&cli, root, arguments.output)) {
		exit_code = jh_cli_usage_error(&cli, "--output '%s' is inside the files being "
						     "read; choose a directory outside them",
					       arguments.output);
		goto done;
	}
	if (arguments.commit && (rc = jh_repo_check_commit(repo, &err)) != JH_OK) {
		jh_cli_print_error(&err);
		goto done;
	}

	if (jh_cli_track_matches(&cli) != JH_OK) {
		fputs("jobhash: out of memory\n", stderr);
		goto done;
	}
	rc = read_tree(&run, repo, root, &err);
	if (rc == JH_OK)
		jh_cli_warn_unmatched(&cli);
	if (rc != JH_OK) {
		jh_diagnostics_add_error(&cli.errors, &err);
		exit_code = jh_cli_finish(&cli, JH_EXIT_ERROR);
		goto done;
	}

	if (arguments.mode == MODE_CHECK || arguments.mode == MODE_DIFF) {
		exit_code = jh_cli_finish(&cli, report_changes(&run));
		goto done;
	}

	rc = write_files(&run, root, &err);
	if (rc == JH_OK && arguments.commit)
		rc = commit_files(&run, repo, &err);
	if (rc == JH_OK && cli.format == JH_FORMAT_JSON)
		rc = print_renames_json(&run);
	else if (rc == JH_OK)
		print_renames_text(&run);
	if (rc != JH_OK) {
		exit_code = jh_cli_finish(&cli, JH_EXIT_ERROR);
		goto done;
	}
	exit_code = jh_cli_finish(&cli, JH_EXIT_CLEAN);

done:
	free_run(&run);
	jh_repo_free(repo);
	jh_config_free(&config);
	jh_cli_free(&cli);
	return exit_code;
}
