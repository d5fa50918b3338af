#include "floor_common.h"

#include <stdio.h>
#include <string.h>

#include <git2.h>

struct walk {
	git_repository *repo;
	floor_blob_fn fn;
	void *context;
	long blob_count;
	int failed;
	char path[4096];
};

static int has_manifest_suffix(const char *name)
{
	static const char *const suffixes[] = { ".yaml", ".yml", ".json" };
	size_t len = strlen(name);
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t suffix_len = strlen(suffixes[i]);

		if (len >= suffix_len &&
		    strcmp(name + len - suffix_len, suffixes[i]) == 0)
			return 1;
	}
	return 0;
}

static int visit_entry(const char *root, const git_tree_entry *entry,
		       void *payload)
{
	struct walk *walk = payload;
	git_filemode_t mode = git_tree_entry_filemode(entry);
	const char *name = git_tree_entry_name(entry);
	git_blob *blob = NULL;
	int n;

	if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
		return 0;
	if (!has_manifest_suffix(name))
		return 0;

	n = snprintf(walk->path, sizeof(walk->path), "%s%s", root, name);
	if (n < 0 || (size_t)n >= sizeof(walk->path)) {
		fprintf(stderr, "floor: path too long: %s%s\n", root, name);
		walk->failed = 1;
		return -1;
	}

	if (git_blob_lookup(&blob, walk->repo, git_tree_entry_id(entry)) < 0) {
		fprintf(stderr, "floor: %s: %s\n", walk->path,
			git_error_last()->message);
		walk->failed = 1;
		return -1;
	}

	walk->fn(walk->context, walk->path, git_blob_rawcontent(blob),
		 (size_t)git_blob_rawsize(blob));
	walk->blob_count++;
	git_blob_free(blob);
	return 0;
}

long floor_each_blob(const char *repo_path, const char *revspec,
		     floor_blob_fn fn, void *context)
{
	struct walk walk = { NULL, fn, context, 0, 0, "" };
	git_object *object = NULL;
	git_tree *tree = NULL;
	long result = -1;

	git_libgit2_init();

	if (git_repository_open(&walk.repo, repo_path) < 0 ||
	    git_revparse_single(&object, walk.repo, revspec) < 0 ||
	    git_object_peel((git_object **)&tree, object, GIT_OBJECT_TREE) < 0) {
		fprintf(stderr, "floor: %s %s: %s\n", repo_path, revspec,
			git_error_last()->message);
		goto done;
	}

	if (git_tree_walk(tree, GIT_TREEWALK_PRE, visit_entry, &walk) < 0 &&
	    !walk.failed) {
		fprintf(stderr, "floor: walking %s: %s\n", revspec,
			git_error_last()->message);
		goto done;
	}
	if (walk.failed)
		goto done;

	result = walk.blob_count;

done:
	git_tree_free(tree);
	git_object_free(object);
	git_repository_free(walk.repo);
	git_libgit2_shutdown();
	return result;
}
