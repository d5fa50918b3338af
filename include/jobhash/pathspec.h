#ifndef JOBHASH_PATHSPEC_H
#define JOBHASH_PATHSPEC_H

/*
 * Which files are manifests: a ".yaml", ".yml" or ".json" name under one
 * of the include patterns and under none of the exclude patterns.
 * A pattern matches a path that equals it, a path below it when it names a
 * directory, or a path it matches as a glob where "*" also crosses "/"
 * (as git's pathspecs do by default).
 */

#include <stdbool.h>
#include <stddef.h>

typedef struct jh_pathspec {
	const char *const *include; /* none means every path */
	size_t include_count;
	const char *const *exclude;
	size_t exclude_count;
	size_t *hits; /* when set: per include, the files it selected, for "matched nothing" warnings */
} jh_pathspec;

/* Returns true when PATH ends in .yaml, .yml or .json. */
bool jh_path_is_manifest(const char *path);

/* Returns true when PATTERN matches PATH by the rules above. */
bool jh_pattern_match(const char *pattern, const char *path);

/*
 * Returns true when PATH (relative, "/"-separated) is a manifest selected
 * by SPEC. SPEC may be NULL, which selects every manifest.
 */
bool jh_pathspec_match(const jh_pathspec *spec, const char *path);

/*
 * Returns true when a directory at DIR (relative, no trailing "/") may hold
 * selected paths, so a walk can skip excluded directories.
 */
bool jh_pathspec_may_descend(const jh_pathspec *spec, const char *dir);

#endif
