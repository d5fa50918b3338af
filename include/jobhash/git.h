#ifndef JOBHASH_GIT_H
#define JOBHASH_GIT_H

/*
 * Repository access. This is the only code that calls libgit2, so everything
 * above it works on paths and bytes. jobhash never runs the git program.
 */

#include <stdbool.h>
#include <stddef.h>

#include "jobhash/buf.h"
#include "jobhash/error.h"
#include "jobhash/pathspec.h"

#define JH_OID_HEX_SIZE 41

typedef struct jh_repo jh_repo;

/*
 * Opens the repository that contains DIR (searching upward as git does),
 * or the current directory when DIR is NULL. Returns JH_ENOTFOUND with a
 * message when there is none.
 */
int jh_repo_open(jh_repo **out, const char *dir, jh_error *err);

void jh_repo_free(jh_repo *repo);

/* Returns the working tree with a trailing "/", or NULL for a bare repository. */
const char *jh_repo_workdir(const jh_repo *repo);

/*
 * Resolves REVSPEC (HEAD, a full or short id, a branch, a tag, origin/main,
 * HEAD~3, ...) to the id of a commit, or of a tree when REVSPEC names a
 * tree. A revision that does not exist is JH_ENOTFOUND, with a hint to
 * run git fetch.
 */
int jh_repo_resolve(jh_repo *repo, const char *revspec,
		    char oid[JH_OID_HEX_SIZE], jh_error *err);

/* Called for each file; BYTES is borrowed for the duration of the call. */
typedef int (*jh_blob_fn)(void *context, const char *path, const char *bytes,
			  size_t len, jh_error *err);

/*
 * Calls FN for every regular file selected by SPEC in the tree of OID, in
 * path order. Symlinks, submodules and other non-regular entries are
 * skipped. A blob larger than MAX_FILE_SIZE is an error. A nonzero return
 * from FN stops the walk and is returned.
 */
int jh_repo_each_blob(jh_repo *repo, const char *oid, const jh_pathspec *spec,
		      size_t max_file_size, jh_blob_fn fn, void *context,
		      jh_error *err);

/*
 * Reads the regular file PATH of the tree of OID into OUT. A path that is
 * absent, or not a regular file, is JH_ENOTFOUND with ERR left untouched.
 */
int jh_repo_read_path(jh_buf *out, jh_repo *repo, const char *oid, const char *path,
		      size_t max_file_size, jh_error *err);

typedef enum jh_side { JH_SIDE_OLD, JH_SIDE_NEW } jh_side;

typedef int (*jh_side_blob_fn)(void *context, jh_side side, const char *path,
			       const char *bytes, size_t len, jh_error *err);

/*
 * Calls FN for both sides of every selected regular file whose blob differs
 * between the trees of OLD_OID and NEW_OID (a tree-to-tree diff, so the
 * cost follows the size of the change). A file only present on one side is
 * reported for that side only. Order: by path, old side first.
 */
int jh_repo_each_changed_blob(jh_repo *repo, const char *old_oid,
			      const char *new_oid, const jh_pathspec *spec,
			      size_t max_file_size, jh_side_blob_fn fn,
			      void *context, jh_error *err);

/* Returns true when git ignores PATH (relative to the working tree). */
bool jh_repo_is_ignored(jh_repo *repo, const char *path);

/*
 * Push hook support: merge bases, remote branches, configuration values
 * and the hooks directory.
 */

/* Returns true when OID (full hexadecimal id) names a commit stored in REPO. */
bool jh_repo_has_commit(jh_repo *repo, const char *oid);

/*
 * Stores the merge base of commits A and B in OUT. Returns JH_ENOTFOUND
 * when they share no history.
 */
int jh_repo_merge_base(jh_repo *repo, const char *a, const char *b,
		       char out[JH_OID_HEX_SIZE], jh_error *err);

/*
 * Resolves the default branch of REMOTE: refs/remotes/REMOTE/HEAD, else
 * REMOTE/main, else REMOTE/master. Stores the commit in OID and the ref
 * name in NAME (SIZE bytes). Returns JH_ENOTFOUND when none exists.
 */
int jh_repo_remote_default_branch(jh_repo *repo, const char *remote,
				  char oid[JH_OID_HEX_SIZE], char *name,
				  size_t size, jh_error *err);

/*
 * Reads the configuration value KEY ("remote.origin.url") of REPO into a
 * new string *OUT that the caller frees; *OUT is NULL when KEY is unset.
 */
int jh_repo_config_string(jh_repo *repo, const char *key, char **out,
			  jh_error *err);

/*
 * Stores in *OUT (freed by the caller, no trailing '/') the directory git
 * runs hooks from: core.hooksPath when set (relative to the working tree
 * root, "~/" expanded), else the hooks directory of the common git
 * directory, which linked worktrees share.
 */
int jh_repo_hooks_dir(jh_repo *repo, char **out, jh_error *err);

/*
 * Checks that a commit of working-tree files can be made on the current
 * branch: HEAD is not detached and the index contains no staged changes
 * (the index equals HEAD's tree). Returns JH_EINVALID with a message
 * otherwise.
 */
int jh_repo_check_commit(jh_repo *repo, jh_error *err);

/*
 * Stages the COUNT working-tree files PATHS (relative to the working tree)
 * and commits them on the current branch with MESSAGE, after the checks of
 * jh_repo_check_commit. AUTHOR is "Name <email>", or NULL for the
 * repository's user.name and user.email; the committer always comes from
 * that configuration, or is the author when it has none. Stores the new
 * commit's id in OUT_OID.
 */
int jh_repo_commit_paths(jh_repo *repo, const char *const *paths, size_t count,
			 const char *message, const char *author,
			 char out_oid[JH_OID_HEX_SIZE], jh_error *err);

#endif
