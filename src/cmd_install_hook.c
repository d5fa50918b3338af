/* jobhash install-hook: installs, chains and removes the git pre-push hook. */

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jobhash/buf.h"
#include "jobhash/cli.h"
#include "jobhash/commands.h"
#include "jobhash/git.h"
#include "jobhash/report.h"

static const char usage[] =
	"Usage: jobhash install-hook [--force] [--uninstall]\n"
	"\n"
	"Install a git pre-push hook that runs 'jobhash pre-push' before every push.\n"
	"An existing pre-push hook is kept as pre-push.jobhash-chained and runs first\n"
	"with the same arguments and input; when it fails, the push stops.\n"
	"\n"
	"Options:\n"
	"      --force       replace an existing hook instead of chaining it\n"
	"                    (it is kept as pre-push.jobhash-backup)\n"
	"      --uninstall   remove the hook and put back the one it replaced\n"
	"  -h, --help        show this help\n";

/* The line that marks a hook as written by jobhash. */
#define HOOK_MARKER "# jobhash-pre-push-hook"
#define CHAINED_NAME "pre-push.jobhash-chained"
#define BACKUP_NAME "pre-push.jobhash-backup"

enum { OPT_FORCE = JH_OPT_FIRST_COMMAND_OPTION, OPT_UNINSTALL };

typedef struct hook_arguments {
	bool force;
	bool uninstall;
} hook_arguments;

/* Paths in the hooks directory. */
typedef struct hook_paths {
	char *dir;
	jh_buf hook;
	jh_buf chained;
	jh_buf backup;
	jh_buf temporary;
} hook_paths;

static int handle_option(void *context, int option, const char *argument)
{
	hook_arguments *arguments = context;

	(void)argument;
	switch (option) {
	case OPT_FORCE:
		arguments->force = true;
		return 1;
	case OPT_UNINSTALL:
		arguments->uninstall = true;
		return 1;
	}
	return 0;
}

static bool path_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Returns true when the file at PATH carries the jobhash marker line. */
static bool is_our_hook(const char *path)
{
	char line[256];
	bool ours = false;
	FILE *file = fopen(path, "r");

	if (file == NULL)
		return false;
	for (int i = 0; i < 5 && fgets(line, sizeof(line), file) != NULL; i++) {
		if (strncmp(line, HOOK_MARKER, strlen(HOOK_MARKER)) == 0) {
			ours = true;
			break;
		}
	}
	fclose(file);
	return ours;
}

/* Appends the POSIX sh hook that runs JOBHASH_PATH, or jobhash on PATH when it is gone. */
static int put_script(jh_buf *out, const char *jobhash_path)
{
	int rc = jh_buf_puts(out,
		"#!/bin/sh\n"
		HOOK_MARKER "\n"
		"# Installed by 'jobhash install-hook'; remove with 'jobhash install-hook --uninstall'.\n"
		"# Stops a push that changes the immutable spec of a deployed Job.\n"
		"jobhash=");
	if (rc == JH_OK)
		rc = jh_shell_word(out, jobhash_path);
	if (rc == JH_OK)
		rc = jh_buf_puts(out,
			"\n"
			"[ -x \"$jobhash\" ] || jobhash=jobhash\n"
			"chained=\"$(dirname \"$0\")/" CHAINED_NAME "\"\n"
			"if [ -x \"$chained\" ]; then\n"
			"\t# Both hooks read the same refs, so standard input is saved first.\n"
			"\trefs=$(mktemp) || exit 1\n"
			"\ttrap 'rm -f \"$refs\"' EXIT\n"
			"\ttrap 'exit 1' HUP INT TERM\n"
			"\tcat >\"$refs\" || exit 1\n"
			"\t\"$chained\" \"$@\" <\"$refs\" || exit $?\n"
			"\t\"$jobhash\" pre-push \"$@\" <\"$refs\"\n"
			"\texit $?\n"
			"fi\n"
			"exec \"$jobhash\" pre-push \"$@\"\n");
	return rc;
}

/* The absolute path of the running program, or "jobhash" when the system does not say. */
static const char *own_path(char *buf, size_t size)
{
	ssize_t len = readlink("/proc/self/exe", buf, size - 1);

	if (len <= 0 || (size_t)len >= size - 1)
		return "jobhash";
	buf[len] = '\0';
	return buf;
}

static int write_hook(const hook_paths *paths, jh_error *err)
{
	char self[PATH_MAX];
	jh_buf script = JH_BUF_INIT;
	FILE *file = NULL;
	int rc;

	rc = put_script(&script, own_path(self, sizeof(self)));
	if (rc != JH_OK) {
		rc = jh_error_nomem(err);
		goto done;
	}

	/* Written beside the hook and renamed, so that git never runs half a script. */
	file = fopen(paths->temporary.data, "w");
	if (file == NULL) {
		rc = jh_error_set(err, JH_EIO, paths->temporary.data, 0, 0, "cannot create: %s",
				  strerror(errno));
		goto done;
	}
	if (fwrite(script.data, 1, script.len, file) != script.len || fclose(file) != 0) {
		file = NULL;
		rc = jh_error_set(err, JH_EIO, paths->temporary.data, 0, 0, "cannot write: %s",
				  strerror(errno));
		unlink(paths->temporary.data);
		goto done;
	}
	file = NULL;
	if (chmod(paths->temporary.data, 0755) != 0 ||
	    rename(paths->temporary.data, paths->hook.data) != 0) {
		rc = jh_error_set(err, JH_EIO, paths->hook.data, 0, 0, "cannot install: %s",
				  strerror(errno));
		unlink(paths->temporary.data);
	}

done:
	if (file != NULL)
		fclose(file);
	jh_buf_free(&script);
	return rc;
}

static int move_file(const char *from, const char *to, jh_error *err)
{
	if (rename(from, to) != 0)
		return jh_error_set(err, JH_EIO, from, 0, 0, "cannot rename to %s: %s", to,
				    strerror(errno));
	return JH_OK;
}

/* Creates DIR and its parents, for a core.hooksPath that does not exist yet. */
static int make_directories(const char *dir, jh_error *err)
{
	jh_buf path = JH_BUF_INIT;
	int rc = JH_OK;

	if (jh_buf_puts(&path, dir) != JH_OK)
		return jh_error_nomem(err);
	for (char *slash = path.data + 1; rc == JH_OK; slash++) {
		bool last = *slash == '\0';

		if (*slash != '/' && !last)
			continue;
		*slash = '\0';
		if (mkdir(path.data, 0777) != 0 && errno != EEXIST)
			rc = jh_error_set(err, JH_EIO, path.data, 0, 0, "cannot create directory: %s",
					  strerror(errno));
		if (last)
			break;
		*slash = '/';
	}
	jh_buf_free(&path);
	return rc;
}

static int install(const hook_paths *paths, const hook_arguments *arguments, jh_error *err)
{
	int rc = make_directories(paths->dir, err);

	if (rc != JH_OK)
		return rc;

	if (!path_exists(paths->hook.data)) {
		rc = write_hook(paths, err);
		if (rc == JH_OK)
			printf("installed the pre-push hook %s\n", paths->hook.data);
		return rc;
	}
	if (is_our_hook(paths->hook.data)) {
		printf("already installed: %s\n", paths->hook.data);
		return JH_OK;
	}

	/* A hook that is not ours: keep it, as a chained hook or as a backup. */
	if (arguments->force) {
		if (path_exists(paths->backup.data)) {
			jh_error_set(err, JH_EINVALID, paths->backup.data, 0, 0,
				     "a backup of an earlier hook already exists");
			jh_error_hint(err, "move it away, then install again");
			return JH_EINVALID;
		}
		rc = move_file(paths->hook.data, paths->backup.data, err);
		if (rc == JH_OK)
			rc = write_hook(paths, err);
		if (rc == JH_OK)
			printf("replaced the pre-push hook %s; the old one is kept as %s\n",
			       paths->hook.data, paths->backup.data);
		return rc;
	}

	if (path_exists(paths->chained.data)) {
		jh_error_set(err, JH_EINVALID, paths->chained.data, 0, 0,
			     "a chained hook already exists beside a pre-push hook that is not jobhash's");
		jh_error_hint(err, "merge or remove one of them, then install again");
		return JH_EINVALID;
	}
	rc = move_file(paths->hook.data, paths->chained.data, err);
	if (rc == JH_OK)
		rc = write_hook(paths, err);
	if (rc == JH_OK)
		printf("installed the pre-push hook %s; the existing hook was moved to %s "
		       "and runs first\n", paths->hook.data, paths->chained.data);
	return rc;
}

static int uninstall(const hook_paths *paths, jh_error *err)
{
	int rc;

	if (!path_exists(paths->hook.data)) {
		printf("no pre-push hook is installed in %s\n", paths->dir);
		return JH_OK;
	}
	if (!is_our_hook(paths->hook.data)) {
		jh_error_set(err, JH_EINVALID, paths->hook.data, 0, 0,
			     "the pre-push hook was not installed by jobhash; left as it is");
		return JH_EINVALID;
	}

	if (unlink(paths->hook.data) != 0)
		return jh_error_set(err, JH_EIO, paths->hook.data, 0, 0, "cannot remove: %s",
				    strerror(errno));

	if (path_exists(paths->chained.data)) {
		rc = move_file(paths->chained.data, paths->hook.data, err);
		if (rc == JH_OK)
			printf("removed the jobhash pre-push hook; restored %s\n", paths->hook.data);
		return rc;
	}
	if (path_exists(paths->backup.data)) {
		rc = move_file(paths->backup.data, paths->hook.data, err);
		if (rc == JH_OK)
			printf("removed the jobhash pre-push hook; restored %s from %s\n",
			       paths->hook.data, BACKUP_NAME);
		return rc;
	}
	printf("removed the jobhash pre-push hook %s\n", paths->hook.data);
	return JH_OK;
}

static int build_paths(hook_paths *paths, jh_error *err)
{
	if (jh_buf_printf(&paths->hook, "%s/pre-push", paths->dir) != JH_OK ||
	    jh_buf_printf(&paths->chained, "%s/" CHAINED_NAME, paths->dir) != JH_OK ||
	    jh_buf_printf(&paths->backup, "%s/" BACKUP_NAME, paths->dir) != JH_OK ||
	    jh_buf_printf(&paths->temporary, "%s/pre-push.jobhash-new", paths->dir) != JH_OK)
		return jh_error_nomem(err);
	return JH_OK;
}

int jh_cmd_install_hook(int argc, char **argv, const char *directory)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, JH_OPT_HELP },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "uninstall", no_argument, NULL, OPT_UNINSTALL },
		{ NULL, 0, NULL, 0 },
	};
	hook_arguments arguments = { false, false };
	hook_paths paths = { NULL, JH_BUF_INIT, JH_BUF_INIT, JH_BUF_INIT, JH_BUF_INIT };
	jh_repo *repo = NULL;
	jh_cli cli;
	jh_error err;
	int exit_code = JH_EXIT_ERROR;
	int rc;

	jh_error_clear(&err);
	jh_cli_init(&cli, "install-hook");
	cli.directory = directory;

	rc = jh_cli_parse(&cli, argc, argv, ":hC:", options, handle_option, &arguments, usage);
	if (rc != 0) {
		exit_code = rc > 0 ? JH_EXIT_CLEAN : JH_EXIT_ERROR;
		goto done;
	}
	if (cli.positional_count > 0 || cli.include_count > 0) {
		exit_code = jh_cli_usage_error(&cli, "unexpected argument '%s'",
					       cli.positional_count > 0 ? cli.positional[0]
									: cli.includes[0]);
		goto done;
	}
	if (arguments.force && arguments.uninstall) {
		exit_code = jh_cli_usage_error(&cli, "--force and --uninstall exclude each other");
		goto done;
	}

	rc = jh_repo_open(&repo, cli.directory, &err);
	if (rc == JH_OK)
		rc = jh_repo_hooks_dir(repo, &paths.dir, &err);
	if (rc == JH_OK)
		rc = build_paths(&paths, &err);
	if (rc == JH_OK)
		rc = arguments.uninstall ? uninstall(&paths, &err) : install(&paths, &arguments, &err);
	if (rc != JH_OK) {
		jh_cli_print_error(&err);
		goto done;
	}
	exit_code = JH_EXIT_CLEAN;

done:
	free(paths.dir);
	jh_buf_free(&paths.hook);
	jh_buf_free(&paths.chained);
	jh_buf_free(&paths.backup);
	jh_buf_free(&paths.temporary);
	jh_repo_free(repo);
	jh_cli_free(&cli);
	return exit_code;
}
