#ifndef JOBHASH_SCAN_H
#define JOBHASH_SCAN_H

/*
 * Turning one file's bytes into a loaded manifest under the run's
 * policies: files that cannot hold a Job may be passed over unparsed, and
 * files that are not YAML at all (templates) are skipped with a warning
 * unless the run is strict.
 */

#include <stdbool.h>
#include <stddef.h>

#include "jobhash/error.h"
#include "jobhash/manifest.h"
#include "jobhash/yaml.h"

typedef struct jh_scan_options {
	jh_load_options load;
	jh_manifest_options manifest;
	bool jobs_only; /* pass over files that cannot hold a Job */
} jh_scan_options;

/*
 * Returns true unless the bytes certainly hold no Job. A Job's kind is the
 * scalar "Job" (or its list is a "JobList"), so its text holds one of
 * these as a whole word, or an escape
 * sequence (\x4a, \u006f, ...) for one of its letters, or a backslash
 * before a line break that joins a double-quoted scalar. Aliases and merge
 * keys only repeat text that is already in the file. UTF-16 text is passed
 * on so that the loader rejects it.
 */
bool jh_may_hold_job(const char *bytes, size_t len);

/*
 * Loads PATH. Stores NULL in *OUT when the file was passed over (no Job
 * possible) or skipped as not YAML, with a warning in DIAGNOSTICS for the
 * latter. Returns a negative code with ERR set for invalid input, or for
 * any syntax error when OPTIONS->load.strict is set.
 */
int jh_scan_load(jh_file **out, const jh_scan_options *options,
		 const char *path, const char *bytes, size_t len,
		 jh_diagnostics *diagnostics, jh_error *err);

/*
 * Sets the hint of ERR, a syntax error in the LEN bytes at BYTES: render a
 * template first when the text has "{{" or "{%", else fix the syntax.
 */
void jh_scan_syntax_hint(jh_error *err, const char *bytes, size_t len);

#endif
