/* jobhash plan: the Jobs that must be deleted before a push, and why. */

#include <stdio.h>
#include <string.h>

#include "jobhash/cli.h"
#include "jobhash/commands.h"
#include "jobhash/config.h"
#include "jobhash/deployed.h"
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
	"      --deployed REV     the revision the cluster runs\n"
	"      --deployed-from SPEC  read it from argocd:FILE, argocd:- or flux:FILE\n"
	"      --source-index N   the source of a multi-source Argo CD app (0-based)\n"
	"      --head REV         the revision to be pushed (default HEAD)\n"
	"      --format FORMAT    text (default), json, or kubectl (delete commands only)\n"
	JH_COMMON_OPTIONS_HELP;

enum { OPT_HEAD = JH_OPT_FIRST_COMMAND_OPTION };

typedef struct plan_arguments {
	jh_deployed_choice choice;
	const char *head;
	const jh_cli *cli;
} plan_arguments;

static int handle_option(void *context, int option, const char *argument)
{
	plan_arguments *arguments = context;

	if (option == OPT_HEAD) {
		arguments->head = argument;
		return 1;
	}
	return jh_cli_deployed_option(arguments->cli, &arguments->choice, option, argument);
}

int jh_cmd_plan(int argc, char **argv, const char *directory)
{
	static const struct option options[] = {
		JH_COMMON_LONG_OPTIONS,
		JH_DEPLOYED_LONG_OPTIONS,
		{ "head", required_argument, NULL, OPT_HEAD },
		{ NULL, 0, NULL, 0 },
	};
	plan_arguments arguments = { { NULL, NULL, -1 }, NULL, NULL };
	char deployed_oid[JH_DEPLOYED_REVISION_SIZE];
	jh_config config;
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
	arguments.cli = &cli;
	if (jh_config_init(&config, &err) != JH_OK) {
		jh_cli_print_error(&err);
		goto done;
	}

	rc = jh_cli_parse(&cli, argc, argv, JH_COMMON_SHORT_OPTIONS, options, handle_option,
			  &arguments, usage);
	if (rc != 0) {
		exit_code = rc > 0 ? JH_EXIT_CLEAN : JH_EXIT_ERROR;
		goto done;
	}
	if (cli.positional_count > 0) {
		exit_code = jh_cli_usage_error(&cli, "unexpected argument '%s'; put paths after --",
					       cli.positional[0]);
		goto done;
	}
	if (arguments.choice.deployed != NULL && arguments.choice.deployed_from != NULL) {
		exit_code = jh_cli_usage_error(&cli, "--deployed and --deployed-from exclude "
					       "each other: give one");
		goto done;
	}

	rc = jh_config_resolve(&config, &cli, &err);
	if (rc == JH_OK)
		rc = jh_repo_open(&repo, cli.directory, &err);
	if (rc != JH_OK) {
		jh_cli_print_error(&err);
		goto done;
	}

	/* The command line wins over .jobhash.yaml; --deployed wins over deployedFrom there too. */
	if (arguments.choice.deployed == NULL && arguments.choice.deployed_from == NULL) {
		arguments.choice.deployed = config.deployed;
		arguments.choice.deployed_from = config.deployed != NULL ? NULL : config.deployed_from;
	}
	if (arguments.choice.deployed == NULL && arguments.choice.deployed_from != NULL) {
		rc = jh_deployed_resolve(deployed_oid, repo, arguments.choice.deployed_from,
					 arguments.choice.source_index, cli.max_file_size, &err);
		if (rc != JH_OK) {
			jh_cli_print_error(&err);
			goto done;
		}
		arguments.choice.deployed = deployed_oid;
	}
	if (arguments.choice.deployed == NULL) {
		exit_code = jh_cli_usage_error(&cli, "missing --deployed REV: name the revision "
					       "the cluster runs (a commit, tag or branch), or "
					       "read it with --deployed-from");
		goto done;
	}

	memset(&plan_options, 0, sizeof(plan_options));
	plan_options.deployed = arguments.choice.deployed;
	plan_options.head = arguments.head;
	plan_options.spec = &cli.pathspec;
	plan_options.label_key = config.label_key;
	jh_cli_scan_options(&cli, &plan_options.scan, true);

	rc = jh_plan_build(&plan, repo, &plan_options, &cli.warnings, &cli.errors, &err);
	if (rc != JH_OK) {
		jh_cli_finish(&cli, JH_EXIT_ERROR);
		jh_cli_print_error(&err);
		goto done;
	}

	/*
	 * A plan that could not read every changed file may miss a Job, so it
	 * is not printed at all: a partial list of deletions looks complete.
	 */
	if (cli.errors.count > 0 || (cli.strict && cli.warnings.count > 0)) {
		exit_code = jh_cli_finish(&cli, JH_EXIT_ERROR);
		fputs("jobhash: plan: no plan printed, because some changed files could not be "
		      "read; fix the errors above\n", stderr);
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
	jh_config_free(&config);
	return exit_code;
}
