/* The sources of a command's files; see include/jobhash/source.h. */

#include "jobhash/source.h"

#include <stdio.h>
#include <string.h>

#include "jobhash/files.h"

static int read_stdin(const jh_cli *cli, jh_blob_fn fn, void *context, jh_error *err)
{
	jh_buf text = JH_BUF_INIT;
	int rc;

	rc = jh_read_stream(&text, stdin, "standard input", cli->max_file_size, err);
	if (rc == JH_OK)
		rc = fn(context, "-", text.data != NULL ? text.data : "", text.len, err);

	jh_buf_free(&text);
	return rc;
}

static int read_revision(jh_source *source, jh_repo *repo, const jh_cli *cli,
			 jh_blob_fn fn, void *context, jh_error *err)
{
	int rc = jh_repo_resolve(repo, source->revision, source->oid, err);

	if (rc != JH_OK)
		return rc;
	return jh_repo_each_blob(repo, source->oid, &cli->pathspec, cli->max_file_size,
				 fn, context, err);
}

/* Reads the working tree of REPO, or the directory itself outside a repository. */
static int read_directory(jh_repo *repo, const jh_cli *cli, jh_blob_fn fn,
			  void *context, jh_error *err)
{
	jh_dir_walk walk;

	memset(&walk, 0, sizeof(walk));
	walk.root = repo != NULL && jh_repo_workdir(repo) != NULL
			    ? jh_repo_workdir(repo)
			    : (cli->directory != NULL ? cli->directory : ".");
	walk.recursive = true;
	walk.spec = &cli->pathspec;
	walk.repo = repo;
	walk.max_file_size = cli->max_file_size;
	return jh_dir_each_file(&walk, fn, context, err);
}

int jh_source_each_file(jh_source *source, const jh_cli *cli, jh_blob_fn fn,
			void *context, jh_error *err)
{
	jh_repo *repo = NULL;
	int rc;

	source->cli = cli;
	if (source->stdin_stream)
		return read_stdin(cli, fn, context, err);

	rc = jh_repo_open(&repo, cli->directory, err);
	if (rc == JH_ENOTFOUND && source->revision == NULL) {
		/* Outside a repository the directory is read as it is. */
		jh_error_clear(err);
		rc = JH_OK;
	}
	if (rc != JH_OK)
		goto done;

	if (source->revision != NULL) {
		rc = read_revision(source, repo, cli, fn, context, err);
	} else if (repo != NULL && jh_repo_workdir(repo) == NULL) {
		rc = jh_error_set(err, JH_EINVALID, NULL, 0, 0,
				  "the repository is bare, so it has no working tree to read");
		jh_error_hint(err, "name a revision to read, such as HEAD");
	} else {
		rc = read_directory(repo, cli, fn, context, err);
	}

done:
	jh_repo_free(repo);
	return rc;
}

int jh_source_read_path(void *context, const char *path, jh_buf *out, jh_error *err)
{
	jh_source *source = context;
	const jh_cli *cli = source->cli;
	jh_buf full = JH_BUF_INIT;
	const char *root;
	int rc;

	if (source->stdin_stream || cli == NULL)
		return JH_ENOTFOUND;

	if (source->reader == NULL) {
		rc = jh_repo_open(&source->reader, cli->directory, err);
		if (rc == JH_ENOTFOUND && source->revision == NULL)
			jh_error_clear(err);
		else if (rc != JH_OK)
			return rc;
	}

	if (source->revision != NULL)
		return jh_repo_read_path(out, source->reader, source->oid, path, cli->max_file_size,
					 err);

	root = source->reader != NULL && jh_repo_workdir(source->reader) != NULL
		       ? jh_repo_workdir(source->reader)
		       : (cli->directory != NULL ? cli->directory : ".");
	if (jh_buf_printf(&full, "%s%s%s", root,
			  root[strlen(root) - 1] == '/' ? "" : "/", path) != JH_OK)
		return jh_error_nomem(err);
	rc = jh_read_file(out, full.data, cli->max_file_size, err);
	if (rc == JH_ENOTFOUND)
		jh_error_clear(err);
	jh_buf_free(&full);
	return rc;
}

void jh_source_free(jh_source *source)
{
	jh_repo_free(source->reader);
	source->reader = NULL;
}
