/* jobhash plan: the Jobs that must be deleted before a push, and why. */

#include <stdio.h>
#include <string.h>

#include "jobhash/cli.h"
#include "jobhash/commands.h"
#include "jobhash/git.h"
#include "jobhash/plan.h"
#include "jobhash/report.h"

static const char usage[] =
	"Usage: jobhash plan --deployed REV [--head REV] [OPTIONS] [-- PATH...]\n"
	"\n"
	"List the Jobs whose immutable spec differs between the deployed revision\n"
	"and head: they must be deleted before the push, or the sync fails with\n"
	"'field is immutable'. Only files that differ between the two revisions\n"
	"are read. Jobs that Argo CD, Helm or Flux recreate on their own are listed\n"
	"as skipped.\n"
	"\n"
	"Exit status: 0 when no Job must be deleted, 1 when some must, 2 on error.\n"
	"\n"
	"Options:\n"
	"      --deployed REV     the revision the cluster runs (required)\n"
	"      --head REV         the revision to be pushed (default HEAD)\n"
	"      --format FORMAT    text (default), json, or kubectl (delete commands only)\n"
	JH_COMMON_OPTIONS_HELP;

enum { OPT_DEPLOYED = JH_OPT_FIRST_COMMAND_OPTION, OPT_HEAD };

typedef struct plan_arguments {
	const char *deployed;
	const char *head;
} plan_arguments;

static int handle_option(void *context, int option, const char *argument)
{
	plan_arguments *arguments = context;

	switch (option) {
	case OPT_DEPLOYED:
		arguments->deployed = argument;
		return 1;
	case OPT_HEAD:
		arguments->head = argument;
		return 1;
	}
	return 0;
}

int jh_cmd_plan(int argc, char **argv, const char *directory)
{
	static const struct option options[] = {
		JH_COMMON_LONG_OPTIONS,
		{ "deployed", required_argument, NULL, OPT_DEPLOYED },
		{ "head", required_argument, NULL, OPT_HEAD },
		{ NULL, 0, NULL, 0 },
	};
	plan_arguments arguments = { NULL, NULL };
	jh_plan_options plan_options;
	jh_plan *plan = NULL;
	jh_repo *repo = NULL;
	jh_cli cli;
	jh_error err;
	int exit_code = JH_EXIT_ERROR;
	int rc;

	jh_error_clear(&err);
	jh_cli_init(&cli, "plan");
	cli.directory = directory;

	rc = jh_cli_parse(&cli, argc, argv, JH_COMMON_SHORT_OPTIONS, options, handle_option,
			  &arguments, usage);
	if (rc != 0) {
		exit_code = rc > 0 ? JH_EXIT_CLEAN : JH_EXIT_ERROR;
		goto done;
	}
	if (arguments.deployed == NULL) {
		exit_code = jh_cli_usage_error(&cli, "missing --deployed REV: name the revision "
					       "the cluster runs (a commit, tag or branch)");
		goto done;
	}
	if (cli.positional_count > 0) {
		exit_code = jh_cli_usage_error(&cli, "unexpected argument '%s'; put paths after --",
					       cli.positional[0]);
		goto done;
	}

	memset(&plan_options, 0, sizeof(plan_options));
	plan_options.deployed = arguments.deployed;
	plan_options.head = arguments.head;
	plan_options.spec = &cli.pathspec;
	jh_cli_scan_options(&cli, &plan_options.scan, true);

	rc = jh_repo_open(&repo, cli.directory, &err);
	if (rc == JH_OK)
		rc = jh_plan_build(&plan, repo, &plan_options, &cli.warnings, &cli.errors, &err);
	if (rc != JH_OK) {
		jh_cli_finish(&cli, JH_EXIT_ERROR);
		jh_cli_print_error(&err);
		goto done;
	}

	if (jh_report_plan(stdout, plan, cli.format, cli.hash_length) != JH_OK) {
		fputs("jobhash: out of memory\n", stderr);
		goto done;
	}

	exit_code = jh_cli_finish(&cli, plan->deletion_count > 0 ? JH_EXIT_FINDINGS
								 : JH_EXIT_CLEAN);

done:
	jh_plan_free(plan);
	jh_repo_free(repo);
	jh_cli_free(&cli);
	return exit_code;
}
