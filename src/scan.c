/* Loading one file under the run's policies; see include/jobhash/scan.h. */

#define _GNU_SOURCE /* memmem */

#include "jobhash/scan.h"

#include <string.h>

bool jh_may_hold_job(const char *bytes, size_t len)
{
	return memmem(bytes, len, "Job", 3) != NULL || memchr(bytes, '\\', len) != NULL;
}

int jh_scan_load(jh_file **out, const jh_scan_options *options,
		 const char *path, const char *bytes, size_t len,
		 jh_diagnostics *diagnostics, jh_error *err)
{
	int rc;

	*out = NULL;

	if (options->jobs_only && !jh_may_hold_job(bytes, len))
		return JH_OK;

	rc = jh_load(out, path, bytes, len, &options->load, diagnostics, err);
	if (rc != JH_ESYNTAX || options->load.strict)
		return rc;

	/* A Helm or Jinja template, say: report it and go on without it. */
	snprintf(err->message + strlen(err->message),
		 sizeof(err->message) - strlen(err->message),
		 "; the file is skipped (--strict makes this an error)");
	if (err->hint[0] == '\0')
		jh_error_hint(err, "render templates first (helm template, kustomize build), "
				   "or leave the file out with --exclude");
	if (jh_diagnostics_add_error(diagnostics, err) != JH_OK)
		return jh_error_nomem(err);
	jh_error_clear(err);
	return JH_OK;
}
