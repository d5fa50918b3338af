#ifndef JOBHASH_GIT_H
#define JOBHASH_GIT_H

/*
 * Repository access. The only code that calls libgit2; everything above it
 * sees paths and bytes. jobhash never runs the git program.
 */

#include <stdbool.h>
#include <stddef.h>

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

#endif
