/* Selection of manifest paths by extension and pattern; see include/jobhash/pathspec.h. */

#include "jobhash/pathspec.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

/* Patterns up to this length are matched without an allocation. */
#define PATTERN_STACK_SIZE 512

/* A pattern without its leading "./" and trailing "/", not NUL-terminated. */
typedef struct pattern_view {
	const char *text;
	size_t len;
} pattern_view;

static pattern_view pattern_normalize(const char *pattern)
{
	pattern_view view;

	while (pattern[0] == '.' && pattern[1] == '/')
		pattern += 2;

	view.text = pattern;
	view.len = strlen(pattern);
	while (view.len > 0 && view.text[view.len - 1] == '/')
		view.len--;

	/* "." alone names the root, like an empty pattern. */
	if (view.len == 1 && view.text[0] == '.')
		view.len = 0;
	return view;
}

static bool pattern_has_glob(pattern_view pattern)
{
	for (size_t i = 0; i < pattern.len; i++) {
		char c = pattern.text[i];

		if (c == '*' || c == '?' || c == '[' || c == '\\')
			return true;
	}
	return false;
}

/* Returns true when PATH equals PATTERN or lies in the directory PATTERN names. */
static bool pattern_covers(pattern_view pattern, const char *path)
{
	if (pattern.len == 0)
		return true;
	if (strncmp(path, pattern.text, pattern.len) != 0)
		return false;
	return path[pattern.len] == '\0' || path[pattern.len] == '/';
}

/*
 * Runs fnmatch without FNM_PATHNAME, so "*" crosses "/". Returns false
 * when a pattern too long for the stack buffer cannot be copied.
 */
static bool pattern_glob_match(pattern_view pattern, const char *path)
{
	char stack[PATTERN_STACK_SIZE];
	char *copy = stack;
	bool matched;

	/* The view ends at the NUL unless a trailing "/" was dropped. */
	if (pattern.text[pattern.len] == '\0')
		return fnmatch(pattern.text, path, 0) == 0;

	if (pattern.len >= sizeof(stack)) {
		copy = malloc(pattern.len + 1);
		if (copy == NULL)
			return false;
	}
	memcpy(copy, pattern.text, pattern.len);
	copy[pattern.len] = '\0';

	matched = fnmatch(copy, path, 0) == 0;

	if (copy != stack)
		free(copy);
	return matched;
}

static bool pattern_view_match(pattern_view pattern, const char *path)
{
	if (pattern_covers(pattern, path))
		return true;
	return pattern_has_glob(pattern) && pattern_glob_match(pattern, path);
}

bool jh_path_is_manifest(const char *path)
{
	static const char *const extensions[] = { ".yaml", ".yml", ".json" };
	size_t path_len = strlen(path);

	for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++) {
		size_t ext_len = strlen(extensions[i]);

		if (path_len >= ext_len &&
		    strcmp(path + path_len - ext_len, extensions[i]) == 0)
			return true;
	}
	return false;
}

bool jh_pattern_match(const char *pattern, const char *path)
{
	return pattern_view_match(pattern_normalize(pattern), path);
}

bool jh_pathspec_match(const jh_pathspec *spec, const char *path)
{
	bool included;
	size_t i;

	if (!jh_path_is_manifest(path))
		return false;
	if (spec == NULL)
		return true;

	included = spec->include_count == 0;
	for (i = 0; i < spec->include_count && !included; i++)
		included = jh_pattern_match(spec->include[i], path);
	if (!included)
		return false;

	for (size_t e = 0; e < spec->exclude_count; e++) {
		if (jh_pattern_match(spec->exclude[e], path))
			return false;
	}

	/* The loop above stopped one past the include that matched. */
	if (spec->hits != NULL && spec->include_count > 0)
		spec->hits[i - 1]++;
	return true;
}

/*
 * Returns true when PATTERN matches every path below DIR, so that a walk
 * may skip DIR without changing what jh_pathspec_match selects. Besides
 * DIR lying in the directory PATTERN names, that holds for a glob ending
 * in "*" that matches DIR + "/": the final "*" can absorb any rest of a
 * longer path, since "*" crosses "/".
 */
static bool pattern_covers_whole_dir(pattern_view pattern, const char *dir)
{
	char stack[PATTERN_STACK_SIZE];
	char *dir_slash = stack;
	size_t dir_len = strlen(dir);
	bool matched;

	if (pattern_covers(pattern, dir))
		return true;
	if (pattern.len == 0 || pattern.text[pattern.len - 1] != '*')
		return false;
	if (pattern.len >= 2 && pattern.text[pattern.len - 2] == '\\')
		return false;

	if (dir_len + 2 > sizeof(stack)) {
		dir_slash = malloc(dir_len + 2);
		if (dir_slash == NULL)
			return false;
	}
	memcpy(dir_slash, dir, dir_len);
	dir_slash[dir_len] = '/';
	dir_slash[dir_len + 1] = '\0';

	matched = pattern_glob_match(pattern, dir_slash);

	if (dir_slash != stack)
		free(dir_slash);
	return matched;
}

/*
 * Returns true when PATTERN could match some path below DIR: DIR is in the
 * directory PATTERN names, PATTERN names a path below DIR, or PATTERN is a
 * glob (not analysed further).
 */
static bool pattern_may_match_below(pattern_view pattern, const char *dir)
{
	size_t dir_len = strlen(dir);

	if (pattern_covers(pattern, dir) || pattern_has_glob(pattern))
		return true;
	return pattern.len > dir_len &&
	       strncmp(pattern.text, dir, dir_len) == 0 &&
	       pattern.text[dir_len] == '/';
}

bool jh_pathspec_may_descend(const jh_pathspec *spec, const char *dir)
{
	bool included;

	if (spec == NULL)
		return true;

	for (size_t i = 0; i < spec->exclude_count; i++) {
		if (pattern_covers_whole_dir(pattern_normalize(spec->exclude[i]), dir))
			return false;
	}

	included = spec->include_count == 0;
	for (size_t i = 0; i < spec->include_count && !included; i++)
		included = pattern_may_match_below(pattern_normalize(spec->include[i]), dir);
	return included;
}
