/* jobhash config: the effective configuration and where each value came from. */

#include <stdio.h>

#include "jobhash/cli.h"
#include "jobhash/commands.h"
#include "jobhash/config.h"

static const char usage[] =
	"Usage: jobhash config [OPTIONS] [-- PATH...]\n"
	"\n"
	"Print the effective settings, one 'key: value (source)' line each. The source\n"
	"is default, .jobhash.yaml:LINE, command line or environment. Options given here\n"
	"override .jobhash.yaml, as they do for the other commands.\n"
	"\n"
	"Options:\n"
	"      --format FORMAT    text (default) or json\n"
	JH_COMMON_OPTIONS_HELP;

int jh_cmd_config(int argc, char **argv, const char *directory)
{
	static const struct option options[] = {
		JH_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	jh_config config;
	jh_cli cli;
	jh_error err;
	int exit_code = JH_EXIT_ERROR;
	int rc;

	jh_error_clear(&err);
	jh_cli_init(&cli, "config");
	cli.directory = directory;
	rc = jh_config_init(&config, &err);
	if (rc != JH_OK) {
		jh_cli_print_error(&err);
		goto done;
	}

	rc = jh_cli_parse(&cli, argc, argv, JH_COMMON_SHORT_OPTIONS, options, NULL, NULL, usage);
	if (rc != 0) {
		exit_code = rc > 0 ? JH_EXIT_CLEAN : JH_EXIT_ERROR;
		goto done;
	}
	if (cli.positional_count > 0) {
		exit_code = jh_cli_usage_error(&cli, "unexpected argument '%s'", cli.positional[0]);
		goto done;
	}
	if (cli.format == JH_FORMAT_KUBECTL) {
		exit_code = jh_cli_usage_error(&cli, "invalid --format 'kubectl': expected text or json");
		goto done;
	}

	rc = jh_config_resolve(&config, &cli, &err);
	if (rc != JH_OK) {
		jh_cli_print_error(&err);
		goto done;
	}

	if (jh_config_print(stdout, &config, cli.format) != JH_OK) {
		fputs("jobhash: out of memory\n", stderr);
		goto done;
	}
	exit_code = jh_cli_finish(&cli, JH_EXIT_CLEAN);

done:
	jh_cli_free(&cli);
	jh_config_free(&config);
	return exit_code;
}
