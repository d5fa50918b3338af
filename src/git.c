/*
 * Repository access through libgit2 1.5; see include/jobhash/git.h. This is
 * the only file that calls libgit2, and it turns libgit2's errors into
 * jh_error values.
 */

#include "jobhash/git.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "jobhash/array.h"
#include "jobhash/buf.h"

struct jh_repo {
	git_repository *repository;
	git_odb *odb;       /* for blob headers: sizes without reading contents */
	git_index *index;   /* loaded on first use by jh_repo_is_ignored; NULL when bare */
	bool index_tried;
};

/* Maps a libgit2 return code and its error class to a JH_E* code. */
static int git_code_to_jh(int git_code)
{
	const git_error *last = git_error_last();

	if (git_code == GIT_ENOTFOUND)
		return JH_ENOTFOUND;
	if (git_code == GIT_EINVALIDSPEC || git_code == GIT_EAMBIGUOUS)
		return JH_EINVALID;
	if (last != NULL && last->klass == GIT_ERROR_NOMEMORY)
		return JH_ENOMEM;
	return JH_EIO;
}

/*
 * Records the failure of a libgit2 call as "WHAT: libgit2's message" at
 * PATH (may be NULL) and returns the matching JH_E* code.
 */
static int git_fail(jh_error *err, int git_code, const char *path,
		    const char *what)
{
	const git_error *last = git_error_last();
	const char *detail = last != NULL && last->message != NULL ?
		last->message : "unknown libgit2 error";

	return jh_error_set(err, git_code_to_jh(git_code), path, 0, 0, "%s: %s",
			    what, detail);
}

static bool env_is_set(const char *name)
{
	const char *value = getenv(name);

	return value != NULL && value[0] != '\0';
}

/* Returns true when A and B (either may be NULL) name the same directory. */
static bool same_directory(const char *a, const char *b)
{
	char *real_a = NULL;
	char *real_b = NULL;
	bool same;

	if (a == NULL || b == NULL)
		return false;
	real_a = realpath(a, NULL);
	real_b = realpath(b, NULL);
	same = real_a != NULL && real_b != NULL && strcmp(real_a, real_b) == 0;
	free(real_b);
	free(real_a);
	return same;
}

/*
 * Opens the repository named by GIT_DIR with the working tree GIT_WORK_TREE.
 * GIT_REPOSITORY_OPEN_FROM_ENV rejects GIT_WORK_TREE in libgit2 1.5.
 */
static int open_git_dir_with_work_tree(git_repository **out)
{
	int git_code;

	git_code = git_repository_open_ext(out, getenv("GIT_DIR"),
					   GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (git_code < 0)
		return git_code;

	/*
	 * libgit2 1.5.1 leaks its path buffer when set_workdir finds the
	 * working tree unchanged, so that case skips the call.
	 */
	if (same_directory(git_repository_workdir(*out), getenv("GIT_WORK_TREE")))
		return 0;

	git_code = git_repository_set_workdir(*out, getenv("GIT_WORK_TREE"), 0);
	if (git_code < 0) {
		git_repository_free(*out);
		*out = NULL;
	}
	return git_code;
}

/*
 * Opens the repository for jh_repo_open. The GIT_DIR family of variables
 * applies only when DIR is NULL. An explicit DIR is searched upward from
 * DIR alone, whatever the environment sets.
 */
static int open_repository(git_repository **out, const char *dir)
{
	if (dir != NULL)
		return git_repository_open_ext(out, dir, 0, NULL);

	if (env_is_set("GIT_COMMON_DIR"))
		return git_repository_open_ext(out, ".", 0, NULL);
	if (env_is_set("GIT_WORK_TREE")) {
		if (env_is_set("GIT_DIR"))
			return open_git_dir_with_work_tree(out);
		return git_repository_open_ext(out, ".", 0, NULL);
	}
	return git_repository_open_ext(out, NULL, GIT_REPOSITORY_OPEN_FROM_ENV,
				       NULL);
}

#define MWINDOW_SIZE (1024 * 1024)
#define MWINDOW_MAPPED_LIMIT (8 * 1024 * 1024)
#define OBJECT_CACHE_LIMIT (4 * 1024 * 1024)

static void shutdown_libgit2(void)
{
	git_libgit2_shutdown();
}

/*
 * Initialises libgit2 once per process and shuts it down at exit. Each
 * initialisation of Debian's libgit2 1.5 loads the system's CA
 * certificates for mbedTLS (about 3.5 ms), so commands that open the
 * repository twice must not pay for it twice.
 */
static int init_libgit2(void)
{
	static bool initialised = false;
	int git_code;

	if (initialised)
		return 0;

	git_code = git_libgit2_init();
	if (git_code < 0)
		return git_code;

	/*
	 * Bound the memory libgit2 keeps while a whole tree is read once: pack
	 * windows are unmapped past the limit, and the object cache stays small
	 * because each blob is read a single time.
	 */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)MWINDOW_SIZE);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)MWINDOW_MAPPED_LIMIT);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)OBJECT_CACHE_LIMIT);

	if (atexit(shutdown_libgit2) != 0) {
		git_libgit2_shutdown();
		return -1;
	}
	initialised = true;
	return 0;
}

int jh_repo_open(jh_repo **out, const char *dir, jh_error *err)
{
	const char *shown_dir = dir != NULL ? dir : ".";
	jh_repo *repo = NULL;
	int git_code;
	int error;

	*out = NULL;

	git_code = init_libgit2();
	if (git_code < 0)
		return git_fail(err, git_code, NULL, "cannot initialise libgit2");

	repo = calloc(1, sizeof(*repo));
	if (repo == NULL) {
		error = jh_error_nomem(err);
		goto done;
	}

	git_code = open_repository(&repo->repository, dir);
	if (git_code == GIT_ENOTFOUND) {
		error = jh_error_set(err, JH_ENOTFOUND, NULL, 0, 0,
				     "not a git repository: %s", shown_dir);
		jh_error_hint(err, "run jobhash inside a git working tree, or create one with git init");
		goto done;
	}
	if (git_code == GIT_EOWNER) {
		error = git_fail(err, git_code, NULL, "cannot open the repository");
		jh_error_hint(err, "if you trust that repository, add the path shown above with: git config --global --add safe.directory PATH");
		goto done;
	}
	if (git_code < 0) {
		error = git_fail(err, git_code, NULL, "cannot open the repository");
		goto done;
	}

	git_code = git_repository_odb(&repo->odb, repo->repository);
	if (git_code < 0) {
		error = git_fail(err, git_code, NULL, "cannot open the object database");
		goto done;
	}

	*out = repo;
	error = JH_OK;

done:
	if (error != JH_OK)
		jh_repo_free(repo);
	return error;
}

void jh_repo_free(jh_repo *repo)
{
	if (repo == NULL)
		return;
	git_index_free(repo->index);
	git_odb_free(repo->odb);
	git_repository_free(repo->repository);
	free(repo);
}

const char *jh_repo_workdir(const jh_repo *repo)
{
	return git_repository_workdir(repo->repository);
}

/* Fills ERR for a revision that git_revparse_single could not resolve. */
static int revparse_fail(jh_repo *repo, const char *revspec, int git_code,
			 jh_error *err)
{
	bool mentions_head = strncmp(revspec, "HEAD", 4) == 0 ||
			     strcmp(revspec, "@") == 0;

	if ((git_code == GIT_ENOTFOUND || git_code == GIT_EUNBORNBRANCH) &&
	    mentions_head && git_repository_head_unborn(repo->repository) == 1) {
		jh_error_set(err, JH_ENOTFOUND, NULL, 0, 0, "HEAD has no commits yet");
		jh_error_hint(err, "commit the manifests first, or name another revision");
		return JH_ENOTFOUND;
	}

	if (git_code == GIT_ENOTFOUND || git_code == GIT_EUNBORNBRANCH) {
		jh_error_set(err, JH_ENOTFOUND, NULL, 0, 0,
			     "revision '%s' not found in the repository", revspec);
		if (git_repository_is_shallow(repo->repository) == 1)
			jh_error_hint(err, "the clone is shallow: fetch more history (git fetch "
					   "--deepen=100, or --unshallow), or check the name");
		else
			jh_error_hint(err, "fetch it first (git fetch), or check the name");
		return JH_ENOTFOUND;
	}

	if (git_code == GIT_EAMBIGUOUS) {
		jh_error_set(err, JH_EINVALID, NULL, 0, 0,
			     "revision '%s' is ambiguous: more than one object starts with it",
			     revspec);
		jh_error_hint(err, "give more characters of the id");
		return JH_EINVALID;
	}

	if (git_code == GIT_EINVALIDSPEC) {
		jh_error_set(err, JH_EINVALID, NULL, 0, 0,
			     "invalid revision '%s'", revspec);
		jh_error_hint(err, "see gitrevisions(7) for the syntax");
		return JH_EINVALID;
	}

	return git_fail(err, git_code, NULL, "cannot resolve the revision");
}

int jh_repo_resolve(jh_repo *repo, const char *revspec,
		    char oid[JH_OID_HEX_SIZE], jh_error *err)
{
	git_object *object = NULL;
	git_object *peeled = NULL;
	int git_code;
	int error;

	oid[0] = '\0';

	git_code = git_revparse_single(&object, repo->repository, revspec);
	if (git_code < 0) {
		error = revparse_fail(repo, revspec, git_code, err);
		goto done;
	}

	/* A tag or a commit peels to a commit; a tree (rev^{tree}) stays a tree. */
	if (git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) < 0 &&
	    git_object_peel(&peeled, object, GIT_OBJECT_TREE) < 0) {
		error = jh_error_set(err, JH_EINVALID, NULL, 0, 0,
				     "revision '%s' is a %s, not a commit or a tree",
				     revspec, git_object_type2string(git_object_type(object)));
		goto done;
	}

	git_oid_tostr(oid, JH_OID_HEX_SIZE, git_object_id(peeled));
	error = JH_OK;

done:
	git_object_free(peeled);
	git_object_free(object);
	return error;
}

/*
 * Looks up the tree of OID (a commit or a tree id in hex). A NULL OID
 * leaves *OUT NULL, which libgit2's diff reads as the empty tree.
 */
static int lookup_tree(git_tree **out, jh_repo *repo, const char *oid,
		       jh_error *err)
{
	git_object *object = NULL;
	git_object *tree = NULL;
	git_oid id;
	int git_code;
	int error;

	*out = NULL;
	if (oid == NULL)
		return JH_OK;

	if (strlen(oid) != GIT_OID_HEXSZ || git_oid_fromstr(&id, oid) < 0)
		return jh_error_set(err, JH_EINVALID, NULL, 0, 0,
				    "invalid object id '%s': expected %d hexadecimal digits",
				    oid, GIT_OID_HEXSZ);

	git_code = git_object_lookup(&object, repo->repository, &id, GIT_OBJECT_ANY);
	if (git_code < 0) {
		error = git_fail(err, git_code, NULL, "cannot read the object");
		goto done;
	}

	if (git_object_type(object) != GIT_OBJECT_COMMIT &&
	    git_object_type(object) != GIT_OBJECT_TREE) {
		error = jh_error_set(err, JH_EINVALID, NULL, 0, 0,
				     "object %s is a %s, not a commit or a tree", oid,
				     git_object_type2string(git_object_type(object)));
		goto done;
	}

	git_code = git_object_peel(&tree, object, GIT_OBJECT_TREE);
	if (git_code < 0) {
		error = git_fail(err, git_code, NULL, "cannot read the tree");
		goto done;
	}

	*out = (git_tree *)tree;
	tree = NULL;
	error = JH_OK;

done:
	git_object_free(tree);
	git_object_free(object);
	return error;
}

static bool filemode_is_regular(git_filemode_t mode)
{
	return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/*
 * Loads the blob ID of the file at PATH after checking its size against
 * MAX_FILE_SIZE from the object header, so that an oversized blob is never
 * inflated into memory.
 */
static int load_blob(git_blob **out, jh_repo *repo, const git_oid *id,
		     const char *path, size_t max_file_size, jh_error *err)
{
	git_object_t type;
	size_t size;
	int git_code;

	*out = NULL;

	git_code = git_odb_read_header(&size, &type, repo->odb, id);
	if (git_code < 0)
		return git_fail(err, git_code, path, "cannot read the blob");

	if (size > max_file_size)
		return jh_error_too_large(err, path, size, max_file_size);

	git_code = git_blob_lookup(out, repo->repository, id);
	if (git_code < 0)
		return git_fail(err, git_code, path, "cannot read the blob");
	return JH_OK;
}

int jh_repo_read_path(jh_buf *out, jh_repo *repo, const char *oid, const char *path,
		      size_t max_file_size, jh_error *err)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	int git_code;
	int error;

	error = lookup_tree(&tree, repo, oid, err);
	if (error != JH_OK)
		goto done;

	git_code = tree != NULL ? git_tree_entry_bypath(&entry, tree, path) : GIT_ENOTFOUND;
	if (git_code == GIT_ENOTFOUND ||
	    (git_code == 0 && !filemode_is_regular(git_tree_entry_filemode(entry)))) {
		error = JH_ENOTFOUND;
		goto done;
	}
	if (git_code < 0) {
		error = git_fail(err, git_code, path, "cannot read the tree");
		goto done;
	}

	error = load_blob(&blob, repo, git_tree_entry_id(entry), path, max_file_size, err);
	if (error == JH_OK) {
		jh_buf_clear(out);
		if (jh_buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob)) != JH_OK)
			error = jh_error_nomem(err);
	}

done:
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return error;
}

/* State of one jh_repo_each_blob walk, shared with the tree callback. */
typedef struct blob_walk {
	jh_repo *repo;
	const jh_pathspec *spec;
	size_t max_file_size;
	jh_blob_fn fn;
	void *context;
	jh_error *err;
	jh_buf path; /* reused for every entry: ROOT + name */
	int result;  /* first nonzero result of FN or of this file */
} blob_walk;

static int walk_entry(const char *root, const git_tree_entry *entry,
		      void *payload)
{
	blob_walk *walk = payload;
	git_filemode_t mode = git_tree_entry_filemode(entry);
	git_blob *blob = NULL;
	int error;

	jh_buf_clear(&walk->path);
	if (jh_buf_puts(&walk->path, root) != JH_OK ||
	    jh_buf_puts(&walk->path, git_tree_entry_name(entry)) != JH_OK) {
		walk->result = jh_error_nomem(walk->err);
		return GIT_EUSER;
	}

	/* A positive return skips the subtree in a pre-order walk. */
	if (mode == GIT_FILEMODE_TREE)
		return jh_pathspec_may_descend(walk->spec, walk->path.data) ? 0 : 1;

	if (!filemode_is_regular(mode) ||
	    !jh_pathspec_match(walk->spec, walk->path.data))
		return 0;

	error = load_blob(&blob, walk->repo, git_tree_entry_id(entry),
			  walk->path.data, walk->max_file_size, walk->err);
	if (error == JH_OK)
		error = walk->fn(walk->context, walk->path.data,
				 git_blob_rawcontent(blob),
				 (size_t)git_blob_rawsize(blob), walk->err);
	git_blob_free(blob);

	if (error != 0) {
		walk->result = error;
		return GIT_EUSER;
	}
	return 0;
}

int jh_repo_each_blob(jh_repo *repo, const char *oid, const jh_pathspec *spec,
		      size_t max_file_size, jh_blob_fn fn, void *context,
		      jh_error *err)
{
	git_tree *tree = NULL;
	blob_walk walk = {
		.repo = repo,
		.spec = spec,
		.max_file_size = max_file_size,
		.fn = fn,
		.context = context,
		.err = err,
		.path = JH_BUF_INIT,
		.result = 0,
	};
	int git_code;
	int error;

	if (oid == NULL)
		return jh_error_set(err, JH_EINVALID, NULL, 0, 0,
				    "no revision to read the files from");

	error = lookup_tree(&tree, repo, oid, err);
	if (error != JH_OK)
		goto done;

	/* Pre-order over git's tree order visits files in path order. */
	git_code = git_tree_walk(tree, GIT_TREEWALK_PRE, walk_entry, &walk);
	if (walk.result != 0)
		error = walk.result;
	else if (git_code < 0)
		error = git_fail(err, git_code, NULL, "cannot walk the tree");
	else
		error = JH_OK;

done:
	jh_buf_free(&walk.path);
	git_tree_free(tree);
	return error;
}

/* One path whose content differs between the two trees. */
typedef struct changed_file {
	char *path;
	git_oid old_id;
	git_oid new_id;
	bool has_old; /* a selected regular file on the old side */
	bool has_new; /* a selected regular file on the new side */
} changed_file;

typedef struct tree_diff {
	jh_repo *repo;
	const jh_pathspec *spec;
	jh_error *err;
	jh_buf path;            /* the directory being compared, with a trailing "/" */
	changed_file *files;
	size_t count;
	size_t capacity;
} tree_diff;

static int add_changed_file(tree_diff *diff, const char *name, const git_tree_entry *old_entry,
			    const git_tree_entry *new_entry)
{
	bool old_selected = false;
	bool new_selected = false;
	size_t mark = diff->path.len;
	changed_file *file;

	if (jh_buf_puts(&diff->path, name) != JH_OK)
		return jh_error_nomem(diff->err);

	if (old_entry != NULL && filemode_is_regular(git_tree_entry_filemode(old_entry)))
		old_selected = jh_pathspec_match(diff->spec, diff->path.data);
	if (new_entry != NULL && filemode_is_regular(git_tree_entry_filemode(new_entry)))
		new_selected = jh_pathspec_match(diff->spec, diff->path.data);

	/* A mode-only change (chmod +x) leaves the content alone. */
	if (old_selected && new_selected &&
	    git_oid_equal(git_tree_entry_id(old_entry), git_tree_entry_id(new_entry)))
		old_selected = new_selected = false;

	if (!old_selected && !new_selected)
		goto done;

	if (JH_ARRAY_RESERVE(diff->files, diff->capacity, diff->count, 16) != JH_OK)
		return jh_error_nomem(diff->err);

	file = &diff->files[diff->count];
	memset(file, 0, sizeof(*file));
	file->path = strdup(diff->path.data);
	if (file->path == NULL)
		return jh_error_nomem(diff->err);
	file->has_old = old_selected;
	file->has_new = new_selected;
	if (old_selected)
		git_oid_cpy(&file->old_id, git_tree_entry_id(old_entry));
	if (new_selected)
		git_oid_cpy(&file->new_id, git_tree_entry_id(new_entry));
	diff->count++;

done:
	diff->path.len = mark;
	diff->path.data[mark] = '\0';
	return JH_OK;
}

static int diff_trees(tree_diff *diff, const git_tree *old_tree, const git_tree *new_tree);

/* Compares the subtrees under NAME, either of which may be absent. */
static int diff_subtrees(tree_diff *diff, const char *name, const git_tree_entry *old_entry,
			 const git_tree_entry *new_entry)
{
	git_tree *old_tree = NULL;
	git_tree *new_tree = NULL;
	size_t mark = diff->path.len;
	int git_code = 0;
	int error = JH_OK;

	if (jh_buf_puts(&diff->path, name) != JH_OK)
		return jh_error_nomem(diff->err);

	/* Excluded directories are never read. */
	if (!jh_pathspec_may_descend(diff->spec, diff->path.data))
		goto done;
	if (jh_buf_putc(&diff->path, '/') != JH_OK) {
		error = jh_error_nomem(diff->err);
		goto done;
	}

	if (old_entry != NULL)
		git_code = git_tree_lookup(&old_tree, diff->repo->repository,
					   git_tree_entry_id(old_entry));
	if (git_code == 0 && new_entry != NULL)
		git_code = git_tree_lookup(&new_tree, diff->repo->repository,
					   git_tree_entry_id(new_entry));
	if (git_code < 0) {
		error = git_fail(diff->err, git_code, NULL, "cannot read a tree");
		goto done;
	}

	error = diff_trees(diff, old_tree, new_tree);

done:
	git_tree_free(new_tree);
	git_tree_free(old_tree);
	diff->path.len = mark;
	diff->path.data[mark] = '\0';
	return error;
}

static bool is_tree(const git_tree_entry *entry)
{
	return entry != NULL && git_tree_entry_type(entry) == GIT_OBJECT_TREE;
}

/*
 * Compares one entry name present in the new tree (NEW_ENTRY) with the
 * same name in the old tree (OLD_ENTRY, possibly NULL). Entries with the
 * same id are skipped whole, which is what makes a diff cost follow the
 * size of the change: libgit2 1.5's git_diff_tree_to_tree walks every
 * file of both trees even when almost every subtree is shared.
 */
static int diff_entry(tree_diff *diff, const char *name, const git_tree_entry *old_entry,
		      const git_tree_entry *new_entry)
{
	int error = JH_OK;

	if (old_entry != NULL && new_entry != NULL &&
	    git_oid_equal(git_tree_entry_id(old_entry), git_tree_entry_id(new_entry)) &&
	    git_tree_entry_filemode(old_entry) == git_tree_entry_filemode(new_entry))
		return JH_OK;

	if (is_tree(old_entry) || is_tree(new_entry))
		error = diff_subtrees(diff, name, is_tree(old_entry) ? old_entry : NULL,
				      is_tree(new_entry) ? new_entry : NULL);

	/* A file replaced by a directory, or the other way round, has one file side. */
	if (error == JH_OK && (!is_tree(old_entry) || !is_tree(new_entry)))
		error = add_changed_file(diff, name, is_tree(old_entry) ? NULL : old_entry,
					 is_tree(new_entry) ? NULL : new_entry);
	return error;
}

static int diff_trees(tree_diff *diff, const git_tree *old_tree, const git_tree *new_tree)
{
	size_t new_count = new_tree != NULL ? git_tree_entrycount(new_tree) : 0;
	size_t old_count = old_tree != NULL ? git_tree_entrycount(old_tree) : 0;

	for (size_t i = 0; i < new_count; i++) {
		const git_tree_entry *new_entry = git_tree_entry_byindex(new_tree, i);
		const char *name = git_tree_entry_name(new_entry);
		const git_tree_entry *old_entry =
			old_tree != NULL ? git_tree_entry_byname(old_tree, name) : NULL;
		int error = diff_entry(diff, name, old_entry, new_entry);

		if (error != JH_OK)
			return error;
	}

	/* Names only the old tree has: deleted files and directories. */
	for (size_t i = 0; i < old_count; i++) {
		const git_tree_entry *old_entry = git_tree_entry_byindex(old_tree, i);
		const char *name = git_tree_entry_name(old_entry);
		int error;

		if (new_tree != NULL && git_tree_entry_byname(new_tree, name) != NULL)
			continue;
		error = diff_entry(diff, name, old_entry, NULL);
		if (error != JH_OK)
			return error;
	}
	return JH_OK;
}

static int compare_changed_files(const void *a, const void *b)
{
	return strcmp(((const changed_file *)a)->path, ((const changed_file *)b)->path);
}

static int visit_changed_side(jh_repo *repo, jh_side side, const char *path, const git_oid *id,
			      size_t max_file_size, jh_side_blob_fn fn, void *context,
			      jh_error *err)
{
	git_blob *blob = NULL;
	int error = load_blob(&blob, repo, id, path, max_file_size, err);

	if (error == JH_OK)
		error = fn(context, side, path, git_blob_rawcontent(blob),
			   (size_t)git_blob_rawsize(blob), err);
	git_blob_free(blob);
	return error;
}

int jh_repo_each_changed_blob(jh_repo *repo, const char *old_oid,
			      const char *new_oid, const jh_pathspec *spec,
			      size_t max_file_size, jh_side_blob_fn fn,
			      void *context, jh_error *err)
{
	git_tree *old_tree = NULL;
	git_tree *new_tree = NULL;
	tree_diff diff = {
		.repo = repo,
		.spec = spec,
		.err = err,
		.path = JH_BUF_INIT,
	};
	int error;

	error = lookup_tree(&old_tree, repo, old_oid, err);
	if (error == JH_OK)
		error = lookup_tree(&new_tree, repo, new_oid, err);
	if (error == JH_OK && jh_buf_puts(&diff.path, "") != JH_OK)
		error = jh_error_nomem(err);
	if (error == JH_OK)
		error = diff_trees(&diff, old_tree, new_tree);
	if (error != JH_OK)
		goto done;

	if (diff.count > 1)
		qsort(diff.files, diff.count, sizeof(*diff.files), compare_changed_files);

	for (size_t i = 0; error == JH_OK && i < diff.count; i++) {
		const changed_file *file = &diff.files[i];

		if (file->has_old)
			error = visit_changed_side(repo, JH_SIDE_OLD, file->path, &file->old_id,
						   max_file_size, fn, context, err);
		if (error == JH_OK && file->has_new)
			error = visit_changed_side(repo, JH_SIDE_NEW, file->path, &file->new_id,
						   max_file_size, fn, context, err);
	}

done:
	for (size_t i = 0; i < diff.count; i++)
		free(diff.files[i].path);
	free(diff.files);
	jh_buf_free(&diff.path);
	git_tree_free(new_tree);
	git_tree_free(old_tree);
	return error;
}

/* Returns true when the index tracks PATH, or a file below the directory PATH. */
static bool is_tracked(jh_repo *repo, const char *path)
{
	jh_buf prefix = JH_BUF_INIT;
	size_t position;
	bool tracked;

	if (!repo->index_tried) {
		repo->index_tried = true;
		if (git_repository_index(&repo->index, repo->repository) < 0)
			repo->index = NULL;
	}
	if (repo->index == NULL)
		return false;

	if (git_index_get_bypath(repo->index, path, 0) != NULL)
		return true;

	if (jh_buf_puts(&prefix, path) != JH_OK || jh_buf_putc(&prefix, '/') != JH_OK) {
		jh_buf_free(&prefix);
		return false;
	}
	tracked = git_index_find_prefix(&position, repo->index, prefix.data) == 0;
	jh_buf_free(&prefix);
	return tracked;
}

bool jh_repo_is_ignored(jh_repo *repo, const char *path)
{
	int ignored = 0;

	/*
	 * Tracked paths are never ignored. The index is searched in memory,
	 * while libgit2's ignore check reads a .gitignore in every directory
	 * along the path, several system calls per file.
	 */
	if (is_tracked(repo, path))
		return false;

	if (git_ignore_path_is_ignored(&ignored, repo->repository, path) < 0)
		return false;
	return ignored == 1;
}

/* Reads HEAD's commit into *OUT, or NULL when the branch has no commits yet. */
static int head_commit(git_commit **out, jh_repo *repo, jh_error *err)
{
	git_oid id;
	int git_code;

	*out = NULL;
	git_code = git_reference_name_to_id(&id, repo->repository, "HEAD");
	if (git_code == GIT_ENOTFOUND || git_code == GIT_EUNBORNBRANCH)
		return JH_OK;
	if (git_code < 0)
		return git_fail(err, git_code, NULL, "cannot read HEAD");

	git_code = git_commit_lookup(out, repo->repository, &id);
	if (git_code < 0)
		return git_fail(err, git_code, NULL, "cannot read HEAD's commit");
	return JH_OK;
}

int jh_repo_check_commit(jh_repo *repo, jh_error *err)
{
	git_commit *head = NULL;
	git_tree *tree = NULL;
	git_index *index = NULL;
	git_diff *diff = NULL;
	size_t staged;
	int git_code;
	int rc;

	git_code = git_repository_head_detached(repo->repository);
	if (git_code == 1) {
		jh_error_set(err, JH_EINVALID, NULL, 0, 0,
			     "cannot commit: HEAD is detached, so there is no branch to commit to");
		jh_error_hint(err, "check out a branch first (git switch BRANCH)");
		return JH_EINVALID;
	}
	if (git_code < 0 && git_code != GIT_EUNBORNBRANCH && git_code != GIT_ENOTFOUND)
		return git_fail(err, git_code, NULL, "cannot read HEAD");

	/* A commit now would drop the second parent of a merge, or break a rebase. */
	if (git_repository_state(repo->repository) != GIT_REPOSITORY_STATE_NONE) {
		jh_error_set(err, JH_EINVALID, NULL, 0, 0,
			     "cannot commit: a merge, rebase, cherry-pick or revert is in progress");
		jh_error_hint(err, "finish or abort it first (git merge --continue, git rebase "
				   "--abort, ...), then run jobhash again");
		return JH_EINVALID;
	}

	rc = head_commit(&head, repo, err);
	if (rc != JH_OK)
		goto done;
	if (head != NULL && (git_code = git_commit_tree(&tree, head)) < 0) {
		rc = git_fail(err, git_code, NULL, "cannot read HEAD's tree");
		goto done;
	}

	git_code = git_repository_index(&index, repo->repository);
	if (git_code == 0)
		git_code = git_diff_tree_to_index(&diff, repo->repository, tree, index, NULL);
	if (git_code < 0) {
		rc = git_fail(err, git_code, NULL, "cannot compare the index with HEAD");
		goto done;
	}

	staged = git_diff_num_deltas(diff);
	if (staged > 0) {
		rc = jh_error_set(err, JH_EINVALID, NULL, 0, 0,
				  "cannot commit: the index contains staged changes to %zu file%s",
				  staged, staged == 1 ? "" : "s");
		jh_error_hint(err, "commit or unstage them first (git restore --staged PATH)");
	}

done:
	git_diff_free(diff);
	git_index_free(index);
	git_tree_free(tree);
	git_commit_free(head);
	return rc;
}

/* Parses "Name <email>" into a signature dated now. */
static int parse_author(git_signature **out, const char *author, jh_error *err)
{
	const char *open = strrchr(author, '<');
	const char *close = strrchr(author, '>');
	char *name = NULL;
	char *email = NULL;
	size_t name_len;
	int git_code;
	int rc = JH_OK;

	if (open == NULL || close == NULL || close < open || close[1] != '\0' || open == author) {
		jh_error_set(err, JH_EINVALID, NULL, 0, 0,
			     "invalid author '%s': expected \"Name <email>\"", author);
		return JH_EINVALID;
	}

	name_len = (size_t)(open - author);
	while (name_len > 0 && author[name_len - 1] == ' ')
		name_len--;
	name = strndup(author, name_len);
	email = strndup(open + 1, (size_t)(close - open - 1));
	if (name == NULL || email == NULL) {
		rc = jh_error_nomem(err);
		goto done;
	}

	git_code = git_signature_now(out, name, email);
	if (git_code < 0)
		rc = git_fail(err, git_code, NULL, "invalid author");

done:
	free(email);
	free(name);
	return rc;
}

int jh_repo_commit_paths(jh_repo *repo, const char *const *paths, size_t count,
			 const char *message, const char *author,
			 char out_oid[JH_OID_HEX_SIZE], jh_error *err)
{
	git_signature *author_signature = NULL;
	git_signature *committer = NULL;
	git_commit *head = NULL;
	const git_commit *parents[1] = { NULL };
	git_index *index = NULL;
	git_tree *tree = NULL;
	git_oid tree_id;
	git_oid commit_id;
	int git_code = 0;
	int rc;

	rc = jh_repo_check_commit(repo, err);
	if (rc == JH_OK)
		rc = head_commit(&head, repo, err);
	if (rc != JH_OK)
		goto done;
	parents[0] = head;

	if (git_signature_default(&committer, repo->repository) < 0 && author == NULL) {
		rc = jh_error_set(err, JH_EINVALID, NULL, 0, 0,
				  "cannot commit: no author, because user.name or user.email is not set");
		jh_error_hint(err, "set them with git config, or pass --author \"Name <email>\"");
		goto done;
	}
	if (author != NULL) {
		rc = parse_author(&author_signature, author, err);
		if (rc != JH_OK)
			goto done;
	}

	git_code = git_repository_index(&index, repo->repository);
	for (size_t i = 0; git_code == 0 && i < count; i++)
		git_code = git_index_add_bypath(index, paths[i]);
	if (git_code == 0)
		git_code = git_index_write(index);
	if (git_code == 0)
		git_code = git_index_write_tree(&tree_id, index);
	if (git_code == 0)
		git_code = git_tree_lookup(&tree, repo->repository, &tree_id);
	if (git_code < 0) {
		rc = git_fail(err, git_code, NULL, "cannot stage the rewritten files");
		goto done;
	}

	git_code = git_commit_create(&commit_id, repo->repository, "HEAD",
				     author_signature != NULL ? author_signature : committer,
				     committer != NULL ? committer : author_signature, NULL,
				     message, tree, head != NULL ? 1 : 0, parents);
	if (git_code < 0) {
		rc = git_fail(err, git_code, NULL, "cannot create the commit");
		goto done;
	}
	git_oid_tostr(out_oid, JH_OID_HEX_SIZE, &commit_id);

done:
	git_tree_free(tree);
	git_index_free(index);
	git_commit_free(head);
	git_signature_free(committer);
	git_signature_free(author_signature);
	return rc;
}

bool jh_repo_has_commit(jh_repo *repo, const char *oid)
{
	git_object_t type = GIT_OBJECT_INVALID;
	git_oid id;
	size_t size;

	if (strlen(oid) != GIT_OID_HEXSZ || git_oid_fromstr(&id, oid) < 0)
		return false;
	if (git_odb_read_header(&size, &type, repo->odb, &id) < 0)
		return false;
	return type == GIT_OBJECT_COMMIT;
}

int jh_repo_merge_base(jh_repo *repo, const char *a, const char *b,
		       char out[JH_OID_HEX_SIZE], jh_error *err)
{
	git_oid id_a;
	git_oid id_b;
	git_oid base;
	int git_code;

	if (git_oid_fromstr(&id_a, a) < 0 || git_oid_fromstr(&id_b, b) < 0)
		return jh_error_set(err, JH_EINVALID, NULL, 0, 0,
				    "invalid commit id '%s' or '%s'", a, b);

	git_code = git_merge_base(&base, repo->repository, &id_a, &id_b);
	if (git_code == GIT_ENOTFOUND)
		return jh_error_set(err, JH_ENOTFOUND, NULL, 0, 0,
				    "commits %.12s and %.12s share no history", a, b);
	if (git_code < 0)
		return git_fail(err, git_code, NULL, "cannot find a merge base");

	git_oid_tostr(out, JH_OID_HEX_SIZE, &base);
	return JH_OK;
}

int jh_repo_remote_default_branch(jh_repo *repo, const char *remote,
				  char oid[JH_OID_HEX_SIZE], char *name,
				  size_t size, jh_error *err)
{
	static const char *const branches[] = { "HEAD", "main", "master" };
	char ref[512];
	git_oid id;

	for (size_t i = 0; i < sizeof(branches) / sizeof(branches[0]); i++) {
		snprintf(ref, sizeof(ref), "refs/remotes/%s/%s", remote, branches[i]);
		if (git_reference_name_to_id(&id, repo->repository, ref) < 0)
			continue;
		git_oid_tostr(oid, JH_OID_HEX_SIZE, &id);
		snprintf(name, size, "%s", ref);
		return JH_OK;
	}
	return jh_error_set(err, JH_ENOTFOUND, NULL, 0, 0,
			    "remote '%s' has no default branch here (refs/remotes/%s/HEAD, main or master)",
			    remote, remote);
}

int jh_repo_config_string(jh_repo *repo, const char *key, char **out,
			  jh_error *err)
{
	git_config *config = NULL;
	const char *value = NULL;
	int git_code;
	int rc = JH_OK;

	*out = NULL;

	git_code = git_repository_config_snapshot(&config, repo->repository);
	if (git_code < 0)
		return git_fail(err, git_code, NULL, "cannot read the git configuration");

	git_code = git_config_get_string(&value, config, key);
	if (git_code == 0) {
		*out = strdup(value);
		if (*out == NULL)
			rc = jh_error_nomem(err);
	} else if (git_code != GIT_ENOTFOUND) {
		rc = git_fail(err, git_code, NULL, "cannot read the git configuration");
	}

	git_config_free(config);
	return rc;
}

/* Joins BASE and RELATIVE with one '/' into a new string, without a trailing '/'. */
static char *join_path(const char *base, const char *relative)
{
	jh_buf path = JH_BUF_INIT;

	if (relative[0] != '/' && base != NULL) {
		if (jh_buf_puts(&path, base) != JH_OK)
			goto fail;
		while (path.len > 0 && path.data[path.len - 1] == '/')
			path.data[--path.len] = '\0';
		if (jh_buf_putc(&path, '/') != JH_OK)
			goto fail;
	}
	if (jh_buf_puts(&path, relative) != JH_OK)
		goto fail;
	while (path.len > 1 && path.data[path.len - 1] == '/')
		path.data[--path.len] = '\0';
	return jh_buf_detach(&path);

fail:
	jh_buf_free(&path);
	return NULL;
}

int jh_repo_hooks_dir(jh_repo *repo, char **out, jh_error *err)
{
	git_config *config = NULL;
	git_buf hooks_path = GIT_BUF_INIT_CONST(NULL, 0);
	const char *base;
	int git_code;
	int rc = JH_OK;

	*out = NULL;

	git_code = git_repository_config_snapshot(&config, repo->repository);
	if (git_code < 0)
		return git_fail(err, git_code, NULL, "cannot read the git configuration");

	/* git_config_get_path expands a leading "~/" as git does for core.hooksPath. */
	git_code = git_config_get_path(&hooks_path, config, "core.hooksPath");
	if (git_code == 0 && hooks_path.ptr != NULL && hooks_path.ptr[0] != '\0') {
		/* git runs hooks from the top of the working tree, or the git directory when bare. */
		base = git_repository_workdir(repo->repository);
		if (base == NULL)
			base = git_repository_path(repo->repository);
		*out = join_path(base, hooks_path.ptr);
	} else if (git_code == 0 || git_code == GIT_ENOTFOUND) {
		*out = join_path(git_repository_commondir(repo->repository), "hooks");
	} else {
		rc = git_fail(err, git_code, NULL, "cannot read core.hooksPath");
		goto done;
	}
	if (*out == NULL)
		rc = jh_error_nomem(err);

done:
	git_buf_dispose(&hooks_path);
	git_config_free(config);
	return rc;
}
