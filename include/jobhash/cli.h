#ifndef JOBHASH_CLI_H
#define JOBHASH_CLI_H

/*
 * What the commands share: the common options, checked number parsing,
 * the split of arguments at "--", and how errors and warnings are printed.
 */

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "jobhash/error.h"
#include "jobhash/pathspec.h"
#include "jobhash/report.h"
#include "jobhash/scan.h"

typedef struct jh_cli {
	const char *command;       /* "hash", "plan", ... */
	const char *directory;     /* -C DIR; NULL for the current directory */
	const char *default_namespace;
	bool strict;
	size_t max_file_size;
	int hash_length;
	jh_format format;
	/* Include patterns (after "--") and --exclude patterns. */
	const char **includes;
	size_t include_count;
	const char **excludes;
	size_t exclude_count;
	jh_pathspec pathspec;
	/* Positional arguments before "--". */
	char **positional;
	size_t positional_count;
	jh_diagnostics warnings;
	jh_diagnostics errors;
	unsigned given;            /* JH_CLI_GIVEN_* flags: options set on the command line */
	char **anchored;           /* patterns rewritten by jh_cli_anchor_patterns, owned */
	size_t anchored_count;
	size_t *hits;              /* per include pattern, set by jh_cli_track_matches */
} jh_cli;

/* Common options that were given on the command line, so that they override .jobhash.yaml. */
enum {
	JH_CLI_GIVEN_NAMESPACE = 1 << 0,
	JH_CLI_GIVEN_EXCLUDE = 1 << 1,
	JH_CLI_GIVEN_STRICT = 1 << 2,
	JH_CLI_GIVEN_MAX_FILE_SIZE = 1 << 3,
	JH_CLI_GIVEN_HASH_LENGTH = 1 << 4,
	JH_CLI_GIVEN_PATHS = 1 << 5,
};

/* Long-option values of the common options, for each command's getopt table. */
enum {
	JH_OPT_NAMESPACE = 'n',
	JH_OPT_HELP = 'h',
	JH_OPT_DIRECTORY = 'C',
	JH_OPT_EXCLUDE = 0x100,
	JH_OPT_STRICT,
	JH_OPT_MAX_FILE_SIZE,
	JH_OPT_HASH_LENGTH,
	JH_OPT_FORMAT,
	JH_OPT_DEPLOYED,
	JH_OPT_DEPLOYED_FROM,
	JH_OPT_SOURCE_INDEX,
	JH_OPT_FIRST_COMMAND_OPTION, /* commands number their own options from here */
};

/* The deployed revision as plan and pre-push receive it on the command line. */
typedef struct jh_deployed_choice {
	const char *deployed;      /* --deployed REV */
	const char *deployed_from; /* --deployed-from argocd:FILE | flux:FILE */
	long source_index;         /* --source-index N of a multi-source Argo CD app; -1 when unset */
} jh_deployed_choice;

#define JH_DEPLOYED_LONG_OPTIONS                                                   \
	{ "deployed", required_argument, NULL, JH_OPT_DEPLOYED },                  \
	{ "deployed-from", required_argument, NULL, JH_OPT_DEPLOYED_FROM },        \
	{ "source-index", required_argument, NULL, JH_OPT_SOURCE_INDEX }

/*
 * Handles one of the deployed-revision options into CHOICE. Returns 1 when
 * OPTION was one of them and valid, 0 when it is not one, or -1 after
 * printing a usage error.
 */
int jh_cli_deployed_option(const jh_cli *cli, jh_deployed_choice *choice, int option,
			   const char *argument);

#define JH_COMMON_LONG_OPTIONS                                               \
	{ "namespace", required_argument, NULL, JH_OPT_NAMESPACE },          \
	{ "help", no_argument, NULL, JH_OPT_HELP },                          \
	{ "exclude", required_argument, NULL, JH_OPT_EXCLUDE },              \
	{ "strict", no_argument, NULL, JH_OPT_STRICT },                      \
	{ "max-file-size", required_argument, NULL, JH_OPT_MAX_FILE_SIZE },  \
	{ "hash-length", required_argument, NULL, JH_OPT_HASH_LENGTH },      \
	{ "format", required_argument, NULL, JH_OPT_FORMAT }

#define JH_COMMON_SHORT_OPTIONS ":hn:C:"

#define JH_COMMON_OPTIONS_HELP                                                        \
	"  -C DIR                 run as if started in DIR\n"                         \
	"  -n, --namespace NS     namespace of objects that do not set one\n"         \
	"      --exclude GLOB     leave out matching paths (repeatable)\n"            \
	"      --strict           treat warnings and files that are not YAML as errors\n" \
	"      --max-file-size N  largest manifest read, in bytes (suffix K, M or G; default 64M)\n" \
	"      --hash-length N    hash characters shown and used in names (6 to 16; default 8)\n" \
	"  -h, --help             show this help\n"

/* Sets the defaults for COMMAND. */
void jh_cli_init(jh_cli *cli, const char *command);

void jh_cli_free(jh_cli *cli);

/*
 * Handles one common option. Returns 1 when OPTION was common and valid,
 * 0 when it is not a common option, or -1 after printing a usage error.
 */
int jh_cli_common_option(jh_cli *cli, int option, const char *argument);

/*
 * Runs getopt_long over ARGV up to "--", handing command-specific options
 * to HANDLE (which returns 1 when it took the option, 0 otherwise, -1
 * after printing a usage error). Collects positional arguments and the
 * include patterns after "--". Returns 0, 1 when help was printed, or -1
 * after printing a usage error.
 */
int jh_cli_parse(jh_cli *cli, int argc, char **argv, const char *short_options,
		 const struct option *long_options,
		 int (*handle)(void *context, int option, const char *argument),
		 void *context, const char *help);

/* Prints "jobhash: COMMAND: message" and the --help pointer; returns JH_EXIT_ERROR. */
int jh_cli_usage_error(const jh_cli *cli, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Checks that at most one positional argument, a revision, came before
 * "--". Prints a usage error and returns JH_EINVALID otherwise.
 */
int jh_cli_check_revision_count(const jh_cli *cli);

/* Parses a byte count with an optional K, M or G suffix (powers of 1024). */
int jh_parse_size(const char *text, size_t *out);

/* Parses a decimal integer in [MIN, MAX]. */
int jh_parse_int(const char *text, long min, long max, long *out);

/*
 * Makes the command-line patterns relative to the working tree WORKDIR, as
 * git does. A relative pattern is taken from the current directory (or -C).
 * An absolute one must lie inside the working tree, and ".." may not climb
 * out of it.
 */
int jh_cli_anchor_patterns(jh_cli *cli, const char *workdir, jh_error *err);

/* Starts counting the files each include pattern selects. */
int jh_cli_track_matches(jh_cli *cli);

/* Adds a warning for each include pattern that selected no file. */
void jh_cli_warn_unmatched(jh_cli *cli);

/* Fills the scan options from CLI. */
void jh_cli_scan_options(const jh_cli *cli, jh_scan_options *options, bool jobs_only);

/* Prints ERR as an error. */
void jh_cli_print_error(const jh_error *err);

/*
 * Prints the collected warnings and errors. Returns JH_EXIT_ERROR when any
 * error was collected (or any warning under --strict), else EXIT_CODE.
 */
int jh_cli_finish(jh_cli *cli, int exit_code);

#endif
