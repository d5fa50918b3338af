/* The revision Argo CD or Flux last applied; see include/jobhash/deployed.h. */

#include "jobhash/deployed.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobhash/buf.h"
#include "jobhash/files.h"
#include "jobhash/yaml.h"

int jh_deployed_parse_spec(const char *spec, jh_deployed_tool *tool,
			   const char **file, jh_error *err)
{
	if (strncmp(spec, "argocd:", 7) == 0) {
		*tool = JH_DEPLOYED_ARGOCD;
		*file = spec + 7;
	} else if (strncmp(spec, "flux:", 5) == 0) {
		*tool = JH_DEPLOYED_FLUX;
		*file = spec + 5;
	} else {
		*file = NULL;
	}

	if (*file == NULL || **file == '\0') {
		jh_error_set(err, JH_EINVALID, NULL, 0, 0, "invalid deployed-from '%s'", spec);
		jh_error_hint(err, "write argocd:FILE (argocd app get APP -o json > FILE), "
			      "argocd:- to read standard input, or flux:FILE "
			      "(kubectl get kustomization NAME -o json > FILE)");
		return JH_EINVALID;
	}
	return JH_OK;
}

/*
 * Follows the dot-separated PATH ("status.operationState.phase") from ROOT.
 * Returns the node, or NULL when a step is missing or not a mapping.
 */
static const jh_node *lookup(const jh_node *root, const char *path)
{
	const jh_node *node = root;
	char step[128];

	while (node != NULL && *path != '\0') {
		size_t len = strcspn(path, ".");

		if (len >= sizeof(step))
			return NULL;
		memcpy(step, path, len);
		step[len] = '\0';
		node = jh_map_get(node, step);
		path += len;
		if (*path == '.')
			path++;
	}
	return node;
}

static int missing(jh_error *err, const char *file, const jh_node *near,
		   const char *json_path, const char *what)
{
	jh_error_set(err, JH_ENOTFOUND, file, near != NULL ? near->span.line : 0,
		     near != NULL ? near->span.column : 0,
		     "%s: expected a string at %s", what, json_path);
	jh_error_hint(err, "pass the revision with --deployed REV instead");
	return JH_ENOTFOUND;
}

static bool is_hex(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Copies a 40- or 64-digit commit id at TEXT into OUT, in lowercase. */
static int copy_commit_id(char out[JH_DEPLOYED_REVISION_SIZE], const char *text,
			  const char *file, const jh_node *node, const char *json_path,
			  jh_error *err)
{
	size_t len = strlen(text);

	if ((len != 40 && len != 64) || !is_hex(text, len)) {
		jh_error_set(err, JH_EINVALID, file, node->span.line, node->span.column,
			     "%s is '%s', which is not a commit id", json_path, text);
		jh_error_hint(err, "the source may not be a Git repository; pass the revision "
			      "with --deployed REV");
		return JH_EINVALID;
	}
	for (size_t i = 0; i <= len; i++)
		out[i] = (char)tolower((unsigned char)text[i]);
	return JH_OK;
}

/* Flux forms: "BRANCH@sha1:ID", "sha1:ID", "sha256:ID", "ID" (also "TAG@sha256:ID"). */
int jh_deployed_from_flux(char out[JH_DEPLOYED_REVISION_SIZE], const jh_node *kustomization,
			  const char *path, jh_error *err)
{
	static const char json_path[] = "status.lastAppliedRevision";
	const jh_node *node = lookup(kustomization, json_path);
	const char *revision;
	const char *at;

	if (node == NULL || node->kind != JH_STRING || node->as.string.bytes[0] == '\0')
		return missing(err, path, node != NULL ? node : kustomization, json_path,
			       "no applied revision in the Flux Kustomization");

	revision = node->as.string.bytes;
	at = strrchr(revision, '@');
	if (at != NULL)
		revision = at + 1;
	if (strncmp(revision, "sha1:", 5) == 0)
		revision += 5;
	else if (strncmp(revision, "sha256:", 7) == 0)
		revision += 7;

	return copy_commit_id(out, revision, path, node, json_path, err);
}

static int list_sources(jh_buf *out, const jh_node *sources)
{
	for (size_t i = 0; i < sources->as.seq.count; i++) {
		const char *url = jh_map_get_string(sources->as.seq.items[i], "repoURL");

		if (jh_buf_printf(out, "%s%zu: %s", i > 0 ? ", " : "", i,
				  url != NULL ? url : "(no repoURL)") != JH_OK)
			return JH_ENOMEM;
	}
	return JH_OK;
}

/* Chooses the index of this repository among the sources of a multi-source application. */
static int choose_source(size_t *out, const jh_node *sources, const char *path,
			 const jh_deployed_options *options, jh_error *err)
{
	char wanted[1024];
	char candidate[1024];
	jh_buf listing = JH_BUF_INIT;
	size_t count = sources->as.seq.count;

	if (options->source_index >= 0) {
		if ((size_t)options->source_index >= count)
			return jh_error_set(err, JH_EINVALID, path, sources->span.line,
					    sources->span.column,
					    "--source-index %ld is out of range: spec.sources has %zu entries",
					    options->source_index, count);
		*out = (size_t)options->source_index;
		return JH_OK;
	}

	if (options->remote_url != NULL) {
		jh_normalize_remote_url(options->remote_url, wanted, sizeof(wanted));
		for (size_t i = 0; i < count; i++) {
			const char *url = jh_map_get_string(sources->as.seq.items[i], "repoURL");

			if (url == NULL)
				continue;
			jh_normalize_remote_url(url, candidate, sizeof(candidate));
			if (strcmp(candidate, wanted) == 0) {
				*out = i;
				return JH_OK;
			}
		}
	}

	if (list_sources(&listing, sources) != JH_OK)
		return jh_error_nomem(err);
	jh_error_set(err, JH_ENOTFOUND, path, sources->span.line, sources->span.column,
		     "no source of the application uses this repository (%s); sources are %s",
		     options->remote_url != NULL ? options->remote_url : "no remote.origin.url",
		     listing.data != NULL ? listing.data : "none");
	jh_error_hint(err, "choose one with --source-index N (0-based)");
	jh_buf_free(&listing);
	return JH_ENOTFOUND;
}

/*
 * Reads the revision of one record (a syncResult or a history entry) at
 * RECORD_PATH: "revision", or "revisions[INDEX]" for a multi-source app.
 */
static int record_revision(char out[JH_DEPLOYED_REVISION_SIZE], const jh_node *record,
			   const char *record_path, bool multi_source, size_t index,
			   const char *path, jh_error *err)
{
	char json_path[256];
	const jh_node *node;

	if (!multi_source) {
		snprintf(json_path, sizeof(json_path), "%s.revision", record_path);
		node = jh_map_get(record, "revision");
	} else {
		const jh_node *revisions = jh_map_get(record, "revisions");

		snprintf(json_path, sizeof(json_path), "%s.revisions[%zu]", record_path, index);
		node = revisions != NULL && revisions->kind == JH_SEQ &&
				       index < revisions->as.seq.count
			       ? revisions->as.seq.items[index]
			       : NULL;
	}

	if (node == NULL || node->kind != JH_STRING || node->as.string.bytes[0] == '\0')
		return missing(err, path, node != NULL ? node : record, json_path,
			       "no deployed revision in the Argo CD application");
	return copy_commit_id(out, node->as.string.bytes, path, node, json_path, err);
}

int jh_deployed_from_argocd(char out[JH_DEPLOYED_REVISION_SIZE], const jh_node *app,
			    const char *path, const jh_deployed_options *options,
			    jh_error *err)
{
	const jh_node *sources = lookup(app, "spec.sources");
	const jh_node *phase = lookup(app, "status.operationState.phase");
	const jh_node *history = lookup(app, "status.history");
	bool multi_source = sources != NULL && sources->kind == JH_SEQ && sources->as.seq.count > 0;
	size_t index = 0;
	char history_path[64];
	int rc;

	if (app == NULL || app->kind != JH_MAP)
		return jh_error_set(err, JH_EINVALID, path, 0, 0,
				    "expected an Argo CD Application object (argocd app get APP -o json)");

	if (multi_source) {
		rc = choose_source(&index, sources, path, options, err);
		if (rc != JH_OK)
			return rc;
	}

	/* The last sync operation applied its revision only when it succeeded. */
	if (jh_node_is_string(phase, "Succeeded"))
		return record_revision(out, lookup(app, "status.operationState.syncResult"),
				       "status.operationState.syncResult", multi_source, index,
				       path, err);

	/* Otherwise the newest history entry, which Argo CD appends after each successful sync. */
	if (history == NULL || history->kind != JH_SEQ || history->as.seq.count == 0) {
		jh_error_set(err, JH_ENOTFOUND, path, app->span.line, app->span.column,
			     "no deployed revision in the Argo CD application: "
			     "status.operationState.phase is not Succeeded and status.history is empty");
		jh_error_hint(err, "sync the application once, or pass the revision with --deployed REV");
		return JH_ENOTFOUND;
	}
	snprintf(history_path, sizeof(history_path), "status.history[%zu]",
		 history->as.seq.count - 1);
	return record_revision(out, history->as.seq.items[history->as.seq.count - 1],
			       history_path, multi_source, index, path, err);
}

int jh_deployed_read(char out[JH_DEPLOYED_REVISION_SIZE], const char *spec,
		     const jh_deployed_options *options, jh_error *err)
{
	jh_load_options load_options;
	jh_diagnostics diagnostics = { 0 };
	jh_buf text = JH_BUF_INIT;
	jh_file *file = NULL;
	jh_deployed_tool tool;
	const char *name;
	const jh_node *root;
	int rc;

	rc = jh_deployed_parse_spec(spec, &tool, &name, err);
	if (rc != JH_OK)
		goto done;

	memset(&load_options, 0, sizeof(load_options));
	load_options.max_file_size = options->max_file_size;
	if (strcmp(name, "-") == 0) {
		name = "standard input";
		rc = jh_read_stream(&text, stdin, name, options->max_file_size > 0
				    ? options->max_file_size : JH_DEFAULT_MAX_FILE_SIZE, err);
	} else {
		rc = jh_read_file(&text, name, options->max_file_size > 0
				  ? options->max_file_size : JH_DEFAULT_MAX_FILE_SIZE, err);
	}
	if (rc != JH_OK)
		goto done;

	rc = jh_load(&file, name, text.data != NULL ? text.data : "", text.len, &load_options,
		     &diagnostics, err);
	if (rc != JH_OK)
		goto done;

	root = file->document_count > 0 ? file->documents[0].root : NULL;
	if (root == NULL || root->kind != JH_MAP) {
		rc = jh_error_set(err, JH_EINVALID, name, 0, 0, "expected a JSON object, as %s prints",
				  tool == JH_DEPLOYED_ARGOCD ? "argocd app get APP -o json"
							     : "kubectl get kustomization NAME -o json");
		goto done;
	}

	if (tool == JH_DEPLOYED_ARGOCD)
		rc = jh_deployed_from_argocd(out, root, name, options, err);
	else
		rc = jh_deployed_from_flux(out, root, name, err);

done:
	jh_file_free(file);
	jh_diagnostics_free(&diagnostics);
	jh_buf_free(&text);
	return rc;
}

int jh_deployed_resolve(char out[JH_DEPLOYED_REVISION_SIZE], jh_repo *repo,
			const char *spec, long source_index, size_t max_file_size,
			jh_error *err)
{
	jh_deployed_options options;
	char *remote_url = NULL;
	int rc;

	rc = jh_repo_config_string(repo, "remote.origin.url", &remote_url, err);
	if (rc != JH_OK)
		goto done;

	memset(&options, 0, sizeof(options));
	options.remote_url = remote_url;
	options.source_index = source_index;
	options.max_file_size = max_file_size;
	rc = jh_deployed_read(out, spec, &options, err);
	if (rc != JH_OK)
		goto done;

	if (!jh_repo_has_commit(repo, out)) {
		rc = jh_error_set(err, JH_ENOTFOUND, NULL, 0, 0,
				  "deployed revision %s (from %s) is not in the local repository",
				  out, spec);
		jh_error_hint(err, "run 'git fetch' to get it, then try again");
	}

done:
	free(remote_url);
	return rc;
}

/* Appends LEN bytes at S to OUT (SIZE bytes), lowercased when LOWER; stops when full. */
static void append(char *out, size_t size, size_t *used, const char *s, size_t len, bool lower)
{
	for (size_t i = 0; i < len && *used + 1 < size; i++)
		out[(*used)++] = lower ? (char)tolower((unsigned char)s[i]) : s[i];
	out[*used] = '\0';
}

void jh_normalize_remote_url(const char *url, char *out, size_t size)
{
	const char *rest = url;
	const char *scheme = strstr(url, "://");
	const char *host_end;
	const char *at;
	const char *colon;
	size_t used = 0;
	size_t path_len;

	if (size == 0)
		return;
	out[0] = '\0';

	if (scheme != NULL)
		rest = scheme + 3;
	host_end = rest + strcspn(rest, scheme != NULL ? "/" : ":/");

	/* Drop user@ and :port of the authority. */
	at = memchr(rest, '@', (size_t)(host_end - rest));
	if (at != NULL)
		rest = at + 1;
	host_end = rest + strcspn(rest, scheme != NULL ? "/" : ":/");
	colon = scheme != NULL ? memchr(rest, ':', (size_t)(host_end - rest)) : NULL;
	append(out, size, &used, rest, (size_t)((colon != NULL ? colon : host_end) - rest), true);

	/* The path, with the scp-like ':' or the '/' after the host read as one '/'. */
	rest = host_end;
	while (*rest == '/' || *rest == ':')
		rest++;
	path_len = strlen(rest);
	while (path_len > 0 && rest[path_len - 1] == '/')
		path_len--;
	if (path_len >= 4 && memcmp(rest + path_len - 4, ".git", 4) == 0)
		path_len -= 4;
	append(out, size, &used, "/", 1, false);
	append(out, size, &used, rest, path_len, false);
}
