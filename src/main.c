/* jobhash: hash Kubernetes Jobs in Git and plan the deletions a push needs. */

#include <stdio.h>
#include <string.h>

#include "jobhash/commands.h"
#include "jobhash/error.h"
#include "jobhash/hash.h"

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv, const char *directory);
	const char *summary;
} command;

static const command commands[] = {
	{ "plan", jh_cmd_plan, "list the Jobs that must be deleted before a push" },
	{ "hash", jh_cmd_hash, "print the hash of every Job" },
	{ "canon", jh_cmd_canon, "print the canonical JSON that is hashed" },
	{ "pre-push", jh_cmd_prepush, "the git pre-push hook: stop pushes that need deletions" },
	{ "install-hook", jh_cmd_install_hook, "install the pre-push hook in this repository" },
	{ "config", jh_cmd_config, "print the effective configuration and its sources" },
	{ "rewrite", jh_cmd_rewrite, "rename Jobs to NAME-HASH in the working tree" },
	{ "generate", jh_cmd_generate, "print the manifests with Jobs renamed (Argo CD plugin)" },
};

static void print_usage(FILE *out)
{
	fputs("Usage: jobhash [-C DIR] COMMAND [OPTIONS] [-- PATH...]\n"
	      "\n"
	      "Hash the immutable spec of Kubernetes Jobs in a Git repository, and list\n"
	      "the Jobs that must be deleted before a GitOps push.\n"
	      "\n"
	      "Commands:\n",
	      out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-14s %s\n", commands[i].name, commands[i].summary);
	fputs("\n"
	      "Options:\n"
	      "  -C DIR         run as if started in DIR\n"
	      "  -h, --help     show this help; 'jobhash COMMAND --help' for a command\n"
	      "  --version      show the version and the hash version\n",
	      out);
}

/* Checks that everything written to standard output reached it. */
static int finish_output(int exit_code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("jobhash: cannot write to standard output");
		return JH_EXIT_ERROR;
	}
	return exit_code;
}

int main(int argc, char **argv)
{
	const char *directory = NULL;
	int i = 1;

	/* Whole lines to the terminal: unbuffered stderr writes each byte on its own. */
	setvbuf(stderr, NULL, _IOLBF, BUFSIZ);

	/* Global options come before the command, as in git. */
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--version") == 0) {
			printf("jobhash %s (hash v%d)\n", JOBHASH_VERSION, JH_HASH_VERSION);
			return finish_output(JH_EXIT_CLEAN);
		}
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			print_usage(stdout);
			return finish_output(JH_EXIT_CLEAN);
		}
		if (strcmp(argv[i], "-C") == 0 && i + 1 < argc) {
			directory = argv[i + 1];
			i += 2;
			continue;
		}
		if (strncmp(argv[i], "-C", 2) == 0 && argv[i][2] != '\0') {
			directory = argv[i] + 2;
			i++;
			continue;
		}
		fprintf(stderr, "jobhash: unknown option '%s'\nTry 'jobhash --help'.\n", argv[i]);
		return JH_EXIT_ERROR;
	}

	if (i >= argc) {
		print_usage(stderr);
		return JH_EXIT_ERROR;
	}

	for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (strcmp(argv[i], commands[c].name) == 0)
			return finish_output(commands[c].run(argc - i, argv + i, directory));

	fprintf(stderr, "jobhash: unknown command '%s'\nTry 'jobhash --help'.\n", argv[i]);
	return JH_EXIT_ERROR;
}
