/* jobhash pre-push: the git pre-push hook that stops pushes which would fail a sync. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobhash/cli.h"
#include "jobhash/commands.h"
#include "jobhash/config.h"
#include "jobhash/deployed.h"
#include "jobhash/git.h"
#include "jobhash/kubectl.h"
#include "jobhash/plan.h"
#include "jobhash/report.h"

static const char usage[] =
	"Usage: jobhash pre-push [OPTIONS] REMOTE URL < REFS\n"
	"\n"
	"The git pre-push hook (install it with 'jobhash install-hook'). Reads the\n"
	"refs being pushed on standard input, one '<local ref> <local oid> <remote ref>\n"
	"<remote oid>' line each, and plans each pushed commit against the remote's\n"
	"current commit, which is what Argo CD or Flux deploy when they follow that\n"
	"branch. A new branch is compared with its merge base with the remote's\n"
	"default branch. When Jobs must be deleted, prints them and stops the push.\n"
	"JOBHASH_SKIP=1 skips the check.\n"
	"\n"
	"Exit status: 0 to let the push go on, 1 to stop it, 2 on error.\n"
	"\n"
	"Options:\n"
	"      --deployed REV         compare every ref with REV instead of the remote's commit\n"
	"      --deployed-from SPEC   read REV from argocd:FILE, argocd:- or flux:FILE\n"
	"      --source-index N       the source of a multi-source Argo CD app (0-based)\n"
	"      --delete               run kubectl delete for each listed Job, then push\n"
	"      --kubectl-context CTX  kubectl --context for --delete\n"
	"      --kubeconfig PATH      kubectl --kubeconfig for --delete\n"
	JH_COMMON_OPTIONS_HELP;

enum {
	OPT_DELETE = JH_OPT_FIRST_COMMAND_OPTION,
	OPT_KUBECTL_CONTEXT,
	OPT_KUBECONFIG,
};

#define ZERO_OID "0000000000000000000000000000000000000000"

typedef struct prepush_arguments {
	jh_deployed_choice choice;
	bool delete_jobs;
	const char *kubectl_context;
	const char *kubeconfig;
	const jh_cli *cli;
} prepush_arguments;

/* One line of git's pre-push input. */
typedef struct pushed_ref {
	char local_ref[1024];
	char local_oid[JH_OID_HEX_SIZE];
	char remote_ref[1024];
	char remote_oid[JH_OID_HEX_SIZE];
} pushed_ref;

/* The plans of all refs, kept until the end because the deletions point into them. */
typedef struct plan_list {
	jh_plan **items;
	size_t count;
	/*
	 * Deletions planned against a ref's own remote commit, which a cluster
	 * that follows the branch runs. A new branch is planned against a merge
	 * base instead, which no cluster is known to run, so --delete leaves
	 * those Jobs alone.
	 */
	size_t deletable_deletions;
	size_t guessed_deletions;
	bool *deletable;   /* per plan */
} plan_list;

static int handle_option(void *context, int option, const char *argument)
{
	prepush_arguments *arguments = context;

	switch (option) {
	case OPT_DELETE:
		arguments->delete_jobs = true;
		return 1;
	case OPT_KUBECTL_CONTEXT:
		arguments->kubectl_context = argument;
		return 1;
	case OPT_KUBECONFIG:
		arguments->kubeconfig = argument;
		return 1;
	}
	return jh_cli_deployed_option(arguments->cli, &arguments->choice, option, argument);
}

static bool is_oid(const char *s)
{
	if (strlen(s) != JH_OID_HEX_SIZE - 1)
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* Parses LINE (1-based LINE_NUMBER of standard input) into REF. */
static int parse_ref_line(pushed_ref *ref, char *line, unsigned line_number, jh_error *err)
{
	char *fields[4];
	size_t count = 0;
	char *save = NULL;

	line[strcspn(line, "\n")] = '\0';
	for (char *field = strtok_r(line, " ", &save); field != NULL && count < 5;
	     field = strtok_r(NULL, " ", &save)) {
		if (count == 4) {
			count++;
			break;
		}
		fields[count++] = field;
	}

	if (count != 4 || strlen(fields[0]) >= sizeof(ref->local_ref) ||
	    strlen(fields[2]) >= sizeof(ref->remote_ref) || !is_oid(fields[1]) ||
	    !is_oid(fields[3])) {
		jh_error_set(err, JH_EINVALID, "standard input", line_number, 0,
			     "expected '<local ref> <local oid> <remote ref> <remote oid>'");
		jh_error_hint(err, "git runs this command as a pre-push hook; install it with "
			      "'jobhash install-hook'");
		return JH_EINVALID;
	}
	strcpy(ref->local_ref, fields[0]);
	strcpy(ref->local_oid, fields[1]);
	strcpy(ref->remote_ref, fields[2]);
	strcpy(ref->remote_oid, fields[3]);
	return JH_OK;
}

/*
 * Chooses the commit REF is compared with: OVERRIDE when set, the remote's
 * commit, or for a new branch its merge base with the remote's default
 * branch. Stores "" in BASE when the ref is to be skipped.
 */
static int choose_base(char base[JH_OID_HEX_SIZE], jh_repo *repo, const pushed_ref *ref,
		       const char *remote, const char *override, jh_error *err)
{
	char default_oid[JH_OID_HEX_SIZE];
	char default_ref[512];
	int rc;

	base[0] = '\0';
	if (override != NULL) {
		snprintf(base, JH_OID_HEX_SIZE, "%.40s", override);
		return JH_OK;
	}

	if (strcmp(ref->remote_oid, ZERO_OID) != 0) {
		if (!jh_repo_has_commit(repo, ref->remote_oid)) {
			jh_error_set(err, JH_ENOTFOUND, NULL, 0, 0,
				     "%s on %s is at %s, which is not in the local repository",
				     ref->remote_ref, remote, ref->remote_oid);
			jh_error_hint(err, "run 'git fetch %s', then push again", remote);
			return JH_ENOTFOUND;
		}
		memcpy(base, ref->remote_oid, JH_OID_HEX_SIZE);
		return JH_OK;
	}

	/* A new branch: the default branch of the remote is what is deployed. */
	rc = jh_repo_remote_default_branch(repo, remote, default_oid, default_ref,
					   sizeof(default_ref), err);
	if (rc == JH_OK)
		rc = jh_repo_merge_base(repo, ref->local_oid, default_oid, base, err);
	if (rc == JH_ENOTFOUND) {
		fprintf(stderr, "jobhash: pre-push: %s is a new branch with no ", ref->remote_ref);
		fprintf(stderr, "history shared with a default branch of %s; not checked\n", remote);
		jh_error_clear(err);
		base[0] = '\0';
		return JH_OK;
	}
	return rc;
}

static int plan_ref(plan_list *plans, jh_repo *repo, jh_cli *cli, const char *label_key,
		    const char *base, const pushed_ref *ref, jh_error *err)
{
	jh_plan_options options;
	jh_plan **items;
	bool *deletable;
	jh_plan *plan = NULL;
	int rc;

	memset(&options, 0, sizeof(options));
	options.deployed = base;
	options.head = ref->local_oid;
	options.spec = &cli->pathspec;
	options.label_key = label_key;
	jh_cli_scan_options(cli, &options.scan, true);

	rc = jh_plan_build(&plan, repo, &options, &cli->warnings, &cli->errors, err);
	if (rc != JH_OK)
		return rc;

	items = realloc(plans->items, (plans->count + 1) * sizeof(*items));
	deletable = realloc(plans->deletable, (plans->count + 1) * sizeof(*deletable));
	if (items != NULL)
		plans->items = items;
	if (deletable != NULL)
		plans->deletable = deletable;
	if (items == NULL || deletable == NULL) {
		jh_plan_free(plan);
		return jh_error_nomem(err);
	}
	plans->deletable[plans->count] = false;
	plans->items[plans->count++] = plan;
	return JH_OK;
}

/* Prints the deletions of PLAN for REF on standard error. */
static int print_plan(const jh_plan *plan, const pushed_ref *ref, int hash_length)
{
	fprintf(stderr, "jobhash: pushing %s would change the immutable spec of these Jobs:\n\n",
		ref->remote_ref);
	if (jh_report_plan(stderr, plan, JH_FORMAT_TEXT, hash_length) != JH_OK)
		return JH_ENOMEM;
	fputs("\nDelete them before the sync:\n", stderr);
	if (jh_report_plan(stderr, plan, JH_FORMAT_KUBECTL, hash_length) != JH_OK)
		return JH_ENOMEM;
	fputc('\n', stderr);
	return JH_OK;
}

/* Runs kubectl delete for every listed Job; returns the number of failures. */
static size_t delete_jobs(const plan_list *plans, const jh_kubectl *kubectl, jh_error *err)
{
	const char *argv[JH_KUBECTL_DELETE_ARGV_MAX];
	jh_buf line = JH_BUF_INIT;
	size_t failures = 0;

	for (size_t p = 0; p < plans->count; p++) {
		if (!plans->deletable[p])
			continue;
		for (size_t i = 0; i < plans->items[p]->deletion_count; i++) {
			const jh_object *job = plans->items[p]->deletions[i].new_job;
			int status = -1;

			jh_kubectl_delete_argv(argv, kubectl, job);
			jh_buf_clear(&line);
			if (jh_kubectl_format_argv(&line, argv) != JH_OK) {
				failures++;
				continue;
			}
			fputs("jobhash: running ", stderr);
			jh_print_escaped(stderr, line.data);
			fputc('\n', stderr);

			if (jh_kubectl_run(argv, &status, err) != JH_OK) {
				jh_error_print(stderr, err, NULL);
				jh_error_clear(err);
				failures++;
				continue;
			}
			if (status != 0) {
				fprintf(stderr, "jobhash: failed with exit status %d: ", status);
				jh_print_escaped(stderr, line.data);
				fputc('\n', stderr);
				failures++;
				continue;
			}
			fputs("jobhash: deleted\n", stderr);
		}
	}
	jh_buf_free(&line);
	return failures;
}

static void print_stop_message(void)
{
	fputs("jobhash: push stopped, because the sync would fail with 'field is immutable'.\n"
	      "  Delete the Jobs above first, or let the hook do it with 'jobhash pre-push --delete'\n"
	      "  (or 'delete: kubectl' in .jobhash.yaml).\n"
	      "  To push anyway: JOBHASH_SKIP=1 git push, or git push --no-verify.\n"
	      "  The lasting fix is 'jobhash rewrite': Job names with a hash suffix never collide.\n",
	      stderr);
}

/* Resolves the deployed revision that overrides the remote's commit, if any. */
static int resolve_override(char out[JH_DEPLOYED_REVISION_SIZE], const char **override,
			    jh_repo *repo, const prepush_arguments *arguments,
			    const jh_config *config, const jh_cli *cli, jh_error *err)
{
	const char *deployed = arguments->choice.deployed;
	const char *deployed_from = arguments->choice.deployed_from;
	int rc;

	*override = NULL;
	if (deployed == NULL && deployed_from == NULL) {
		deployed = config->deployed;
		deployed_from = config->deployed_from;
	}
	if (deployed != NULL) {
		rc = jh_repo_resolve(repo, deployed, out, err);
		if (rc == JH_OK)
			*override = out;
		return rc;
	}
	if (deployed_from != NULL) {
		rc = jh_deployed_resolve(out, repo, deployed_from, arguments->choice.source_index,
					 cli->max_file_size, err);
		if (rc == JH_OK)
			*override = out;
		return rc;
	}
	return JH_OK;
}

static int check_refs(plan_list *plans, size_t *deletions, jh_repo *repo, jh_cli *cli,
		      const char *label_key, const char *remote, const char *override,
		      jh_error *err)
{
	char *line = NULL;
	size_t capacity = 0;
	unsigned line_number = 0;
	int rc = JH_OK;

	*deletions = 0;
	while (getline(&line, &capacity, stdin) >= 0) {
		char base[JH_OID_HEX_SIZE];
		pushed_ref ref;

		line_number++;
		rc = parse_ref_line(&ref, line, line_number, err);
		if (rc != JH_OK)
			break;

		/* A deleted ref pushes no manifests. */
		if (strcmp(ref.local_ref, "(delete)") == 0 || strcmp(ref.local_oid, ZERO_OID) == 0)
			continue;

		/* Tags are compared only with a deployed revision named by the team. */
		if (override == NULL && strncmp(ref.remote_ref, "refs/tags/", 10) == 0) {
			fprintf(stderr, "jobhash: not checking tag %s: set --deployed or deployedFrom "
					"when a cluster runs tags\n", ref.remote_ref + 10);
			continue;
		}

		rc = choose_base(base, repo, &ref, remote, override, err);
		if (rc != JH_OK)
			break;
		if (base[0] == '\0')
			continue;

		rc = plan_ref(plans, repo, cli, label_key, base, &ref, err);
		if (rc != JH_OK)
			break;
		if (plans->items[plans->count - 1]->deletion_count == 0)
			continue;

		if (override != NULL || strcmp(ref.remote_oid, ZERO_OID) != 0) {
			plans->deletable[plans->count - 1] = true;
			plans->deletable_deletions += plans->items[plans->count - 1]->deletion_count;
		} else {
			plans->guessed_deletions += plans->items[plans->count - 1]->deletion_count;
		}
		*deletions += plans->items[plans->count - 1]->deletion_count;
		rc = print_plan(plans->items[plans->count - 1], &ref, cli->hash_length);
		if (rc != JH_OK)
			break;
	}
	free(line);
	return rc;
}

int jh_cmd_prepush(int argc, char **argv, const char *directory)
{
	static const struct option options[] = {
		JH_COMMON_LONG_OPTIONS,
		JH_DEPLOYED_LONG_OPTIONS,
		{ "delete", no_argument, NULL, OPT_DELETE },
		{ "kubectl-context", required_argument, NULL, OPT_KUBECTL_CONTEXT },
		{ "kubeconfig", required_argument, NULL, OPT_KUBECONFIG },
		{ NULL, 0, NULL, 0 },
	};
	char override_oid[JH_DEPLOYED_REVISION_SIZE];
	const char *override = NULL;
	const char *skip = getenv("JOBHASH_SKIP");
	prepush_arguments arguments;
	plan_list plans = { NULL, 0, 0, 0, NULL };
	jh_kubectl kubectl;
	jh_config config;
	jh_repo *repo = NULL;
	jh_cli cli;
	jh_error err;
	size_t deletions = 0;
	int exit_code = JH_EXIT_ERROR;
	int rc;

	jh_error_clear(&err);
	jh_cli_init(&cli, "pre-push");
	cli.directory = directory;
	memset(&arguments, 0, sizeof(arguments));
	arguments.choice.source_index = -1;
	arguments.cli = &cli;
	rc = jh_config_init(&config, &err);
	if (rc != JH_OK) {
		jh_cli_print_error(&err);
		goto done;
	}

	if (skip != NULL && strcmp(skip, "1") == 0) {
		fputs("jobhash: JOBHASH_SKIP=1 is set; Jobs are not checked\n", stderr);
		exit_code = JH_EXIT_CLEAN;
		goto done;
	}

	rc = jh_cli_parse(&cli, argc, argv, JH_COMMON_SHORT_OPTIONS, options, handle_option,
			  &arguments, usage);
	if (rc != 0) {
		exit_code = rc > 0 ? JH_EXIT_CLEAN : JH_EXIT_ERROR;
		goto done;
	}
	if (cli.positional_count != 2) {
		exit_code = jh_cli_usage_error(&cli, "expected REMOTE and URL, as git passes them "
					       "to a pre-push hook");
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
	if (rc == JH_OK)
		rc = resolve_override(override_oid, &override, repo, &arguments, &config, &cli, &err);
	if (rc == JH_OK)
		rc = check_refs(&plans, &deletions, repo, &cli, config.label_key, cli.positional[0],
				override, &err);
	if (rc != JH_OK) {
		jh_cli_finish(&cli, JH_EXIT_ERROR);
		jh_cli_print_error(&err);
		goto done;
	}

	if (deletions == 0) {
		exit_code = jh_cli_finish(&cli, JH_EXIT_CLEAN);
		goto done;
	}

	if (!arguments.delete_jobs && config.delete_mode != JH_DELETE_KUBECTL) {
		print_stop_message();
		exit_code = jh_cli_finish(&cli, JH_EXIT_FINDINGS);
		goto done;
	}

	memset(&kubectl, 0, sizeof(kubectl));
	kubectl.program = getenv("JOBHASH_KUBECTL");
	if (kubectl.program == NULL || kubectl.program[0] == '\0')
		kubectl.program = "kubectl";
	kubectl.context = arguments.kubectl_context != NULL ? arguments.kubectl_context
							    : config.kubectl_context;
	kubectl.kubeconfig = arguments.kubeconfig != NULL ? arguments.kubeconfig
							  : config.kubeconfig;

	if (delete_jobs(&plans, &kubectl, &err) > 0) {
		fputs("jobhash: push stopped, because some deletions failed (see above); "
		      "fix them and push again\n", stderr);
		exit_code = jh_cli_finish(&cli, JH_EXIT_FINDINGS);
		goto done;
	}
	if (plans.guessed_deletions > 0) {
		fprintf(stderr, "jobhash: push stopped: %zu Job%s above %s on a new branch, planned "
				"against its merge base, which no cluster is known to run, so they "
				"were not deleted\n"
				"  Name the deployed revision with --deployed, or push with --no-verify "
				"once you have checked\n",
			plans.guessed_deletions, plans.guessed_deletions == 1 ? "" : "s",
			plans.guessed_deletions == 1 ? "is" : "are");
		exit_code = jh_cli_finish(&cli, JH_EXIT_FINDINGS);
		goto done;
	}
	fprintf(stderr, "jobhash: deleted %zu Job%s; the push goes on\n",
		plans.deletable_deletions, plans.deletable_deletions == 1 ? "" : "s");
	exit_code = jh_cli_finish(&cli, JH_EXIT_CLEAN);

done:
	for (size_t i = 0; i < plans.count; i++)
		jh_plan_free(plans.items[i]);
	free(plans.items);
	free(plans.deletable);
	jh_repo_free(repo);
	jh_cli_free(&cli);
	jh_config_free(&config);
	return exit_code;
}
