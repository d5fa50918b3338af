#ifndef BENCH_FLOOR_COMMON_H
#define BENCH_FLOOR_COMMON_H

/*
 * Shared part of the benchmark floors: walks the tree of a revision with
 * libgit2 and hands every selected blob to a callback. The selection is
 * jobhash's with the pathspec "*": regular files (mode 100644 or 100755)
 * whose name ends in ".yaml", ".yml" or ".json". Symbolic links and
 * submodules are skipped.
 */

#include <stddef.h>

/* Called for each selected blob; BYTES is valid only during the call. */
typedef void (*floor_blob_fn)(void *context, const char *path,
			      const char *bytes, size_t len);

/*
 * Opens the repository at REPO_PATH, resolves REVSPEC to a tree and calls
 * FN for each selected blob. Returns the number of blobs read, or -1 after
 * printing an error to stderr.
 */
long floor_each_blob(const char *repo_path, const char *revspec,
		     floor_blob_fn fn, void *context);

#endif
