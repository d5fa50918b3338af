/* Reading manifests from the file system and streams; see include/jobhash/files.h. */

#include "jobhash/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bytes requested from read(2) and fread(3) at a time. */
#define READ_CHUNK_SIZE 65536

static int size_limit_error(jh_error *err, const char *name, uintmax_t size,
			    size_t max_size)
{
	return jh_error_too_large(err, name, (unsigned long long)size, max_size);
}

static int system_error(jh_error *err, const char *name, const char *action)
{
	int saved_errno = errno;

	if (saved_errno == ENOENT || saved_errno == ENOTDIR)
		return jh_error_set(err, JH_ENOTFOUND, name, 0, 0,
				    "no such file or directory");
	if (saved_errno == ENOMEM)
		return jh_error_nomem(err);
	return jh_error_set(err, JH_EIO, name, 0, 0, "%s: %s", action,
			    strerror(saved_errno));
}

/*
 * Appends at most MAX_SIZE bytes from FD to OUT (which starts empty); one
 * byte more is an error naming NAME. The limit is checked while reading
 * too, because a file can grow after fstat.
 */
static int read_fd(jh_buf *out, int fd, const char *name, size_t max_size,
		   jh_error *err)
{
	for (;;) {
		ssize_t got;

		if (jh_buf_grow(out, READ_CHUNK_SIZE) != JH_OK)
			return jh_error_nomem(err);

		got = read(fd, out->data + out->len, READ_CHUNK_SIZE);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return system_error(err, name, "cannot read the file");
		if (got == 0)
			return JH_OK;

		out->len += (size_t)got;
		out->data[out->len] = '\0';
		if (out->len > max_size)
			return jh_error_set(err, JH_EINVALID, name, 0, 0,
					    "file grew past the limit of %zu bytes (--max-file-size) while being read",
					    max_size);
	}
}

/* Reads the file at PATH, naming NAME in errors. */
static int read_named_file(jh_buf *out, const char *path, const char *name,
			   size_t max_size, jh_error *err)
{
	struct stat st;
	int fd = -1;
	int error;

	jh_buf_clear(out);

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		error = system_error(err, name, "cannot open the file");
		goto done;
	}

	if (fstat(fd, &st) < 0) {
		error = system_error(err, name, "cannot read the file status");
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		error = jh_error_set(err, JH_EINVALID, name, 0, 0,
				     "not a regular file");
		goto done;
	}
	if ((uintmax_t)st.st_size > max_size) {
		error = size_limit_error(err, name, (uintmax_t)st.st_size, max_size);
		goto done;
	}

	error = read_fd(out, fd, name, max_size, err);

done:
	if (fd >= 0)
		close(fd);
	return error;
}

int jh_read_file(jh_buf *out, const char *path, size_t max_size, jh_error *err)
{
	return read_named_file(out, path, path, max_size, err);
}

int jh_read_stream(jh_buf *out, FILE *stream, const char *name,
		   size_t max_size, jh_error *err)
{
	jh_buf_clear(out);

	for (;;) {
		size_t got;

		if (jh_buf_grow(out, READ_CHUNK_SIZE) != JH_OK)
			return jh_error_nomem(err);

		got = fread(out->data + out->len, 1, READ_CHUNK_SIZE, stream);
		out->len += got;
		out->data[out->len] = '\0';
		if (out->len > max_size)
			return jh_error_set(err, JH_EINVALID, name, 0, 0,
					    "input is larger than the limit of %zu bytes (--max-file-size)",
					    max_size);

		if (got < READ_CHUNK_SIZE) {
			if (ferror(stream))
				return jh_error_set(err, JH_EIO, name, 0, 0,
						    "cannot read the input");
			if (feof(stream))
				return JH_OK;
		}
	}
}

/* The files to read, as paths relative to the walk's root. */
typedef struct file_list {
	char **items;
	size_t count;
	size_t capacity;
} file_list;

static void file_list_free(file_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
}

static int file_list_add(file_list *list, const char *path, jh_error *err)
{
	char *copy;

	if (list->count == list->capacity) {
		size_t capacity = list->capacity ? list->capacity : 64;
		char **items;

		if (list->capacity > SIZE_MAX / 2 / sizeof(*items))
			return jh_error_nomem(err);
		if (list->capacity > 0)
			capacity = list->capacity * 2;
		items = realloc(list->items, capacity * sizeof(*items));
		if (items == NULL)
			return jh_error_nomem(err);
		list->items = items;
		list->capacity = capacity;
	}

	copy = strdup(path);
	if (copy == NULL)
		return jh_error_nomem(err);
	list->items[list->count++] = copy;
	return JH_OK;
}

static int compare_entries(const void *a, const void *b)
{
	const char *const *left = a;
	const char *const *right = b;

	return strcmp(*left, *right);
}

/* Sorts the list and drops repeats, such as a file named twice. */
static void file_list_sort_unique(file_list *list)
{
	size_t last_kept = 0;

	if (list->count == 0)
		return;
	qsort(list->items, list->count, sizeof(list->items[0]), compare_entries);

	for (size_t i = 1; i < list->count; i++) {
		if (strcmp(list->items[i], list->items[last_kept]) == 0) {
			free(list->items[i]);
			continue;
		}
		list->items[++last_kept] = list->items[i];
	}
	list->count = last_kept + 1;
}

/* State of one jh_dir_each_file call. */
typedef struct dir_walk_state {
	const jh_dir_walk *walk;
	char *root_real;       /* realpath of ROOT, made on first use */
	const char *repo_prefix; /* ROOT relative to the working tree, "" or ending in "/"; NULL: no ignore checks */
	char *repo_prefix_storage;
	jh_buf full_path;      /* ROOT + "/" + relative path, reused */
	jh_buf repo_path;      /* repo_prefix + relative path, reused */
	file_list files;
	jh_error *err;
} dir_walk_state;

/* Sets STATE->full_path to ROOT joined with the relative path REL. */
static int join_root(dir_walk_state *state, const char *rel)
{
	jh_buf *full = &state->full_path;

	jh_buf_clear(full);
	if (jh_buf_puts(full, state->walk->root) != JH_OK)
		return jh_error_nomem(state->err);
	if (rel[0] == '\0')
		return JH_OK;
	if (full->len > 0 && full->data[full->len - 1] != '/' &&
	    jh_buf_putc(full, '/') != JH_OK)
		return jh_error_nomem(state->err);
	if (jh_buf_puts(full, rel) != JH_OK)
		return jh_error_nomem(state->err);
	return JH_OK;
}

/*
 * Works out where ROOT lies in the repository's working tree, so that
 * paths can be checked against .gitignore. A ROOT outside the working
 * tree, or a bare repository, leaves repo_prefix NULL: nothing is ignored.
 */
static int find_repo_prefix(dir_walk_state *state)
{
	const char *workdir;
	char *workdir_real = NULL;
	size_t workdir_len;
	const char *rest;
	int error = JH_OK;

	if (state->walk->repo == NULL)
		return JH_OK;
	workdir = jh_repo_workdir(state->walk->repo);
	if (workdir == NULL)
		return JH_OK;

	workdir_real = realpath(workdir, NULL);
	state->root_real = realpath(state->walk->root, NULL);
	if (workdir_real == NULL || state->root_real == NULL)
		goto done;

	workdir_len = strlen(workdir_real);
	if (strncmp(state->root_real, workdir_real, workdir_len) != 0)
		goto done;
	rest = state->root_real + workdir_len;
	if (workdir_len > 1 && rest[0] != '\0' && rest[0] != '/')
		goto done;
	while (rest[0] == '/')
		rest++;

	if (rest[0] == '\0') {
		state->repo_prefix = "";
		goto done;
	}
	if (strlen(rest) > SIZE_MAX - 2) {
		error = jh_error_nomem(state->err);
		goto done;
	}
	state->repo_prefix_storage = malloc(strlen(rest) + 2);
	if (state->repo_prefix_storage == NULL) {
		error = jh_error_nomem(state->err);
		goto done;
	}
	sprintf(state->repo_prefix_storage, "%s/", rest);
	state->repo_prefix = state->repo_prefix_storage;

done:
	free(workdir_real);
	return error;
}

/* Returns true when git ignores the file or directory at REL. */
static bool is_ignored(dir_walk_state *state, const char *rel)
{
	if (state->repo_prefix == NULL)
		return false;

	jh_buf_clear(&state->repo_path);
	if (jh_buf_puts(&state->repo_path, state->repo_prefix) != JH_OK ||
	    jh_buf_puts(&state->repo_path, rel) != JH_OK)
		return false;
	return jh_repo_is_ignored(state->walk->repo, state->repo_path.data);
}

/*
 * Checks the symlink at REL (its full path in STATE->full_path) for a walk
 * that follows links: it must lead to a regular file under ROOT. A link
 * that is skipped silently could drop a manifest from generated output, so
 * every other link is an error.
 */
static int check_link(dir_walk_state *state, const char *rel)
{
	char *target = realpath(state->full_path.data, NULL);
	struct stat st;
	size_t root_len;
	int error = JH_OK;

	if (state->root_real == NULL)
		state->root_real = realpath(state->walk->root, NULL);
	if (state->root_real == NULL) {
		error = system_error(state->err, state->walk->root, "cannot resolve the directory");
		goto done;
	}

	if (target == NULL || stat(target, &st) < 0) {
		error = jh_error_set(state->err, JH_EINVALID, rel, 0, 0,
				     "is a symbolic link whose target does not exist");
		goto done;
	}

	root_len = strlen(state->root_real);
	if (strncmp(target, state->root_real, root_len) != 0 ||
	    (target[root_len] != '/' && strcmp(state->root_real, "/") != 0)) {
		error = jh_error_set(state->err, JH_EINVALID, rel, 0, 0,
				     "is a symbolic link to %s, outside the directory being read",
				     target);
		goto done;
	}

	if (!S_ISREG(st.st_mode)) {
		error = jh_error_set(state->err, JH_EINVALID, rel, 0, 0,
				     "is a symbolic link to a directory or special file, which "
				     "jobhash does not follow");
		jh_error_hint(state->err, "name the directory it points to instead");
	}

done:
	free(target);
	return error;
}

/* Joins the relative directory DIR and NAME into CHILD. */
static int join_child(jh_buf *child, const char *dir, const char *name)
{
	jh_buf_clear(child);
	if (dir[0] != '\0' &&
	    (jh_buf_puts(child, dir) != JH_OK || jh_buf_putc(child, '/') != JH_OK))
		return JH_ENOMEM;
	return jh_buf_puts(child, name);
}

/*
 * Adds the selected files in the directory REL (relative to ROOT, "" for
 * ROOT itself), descending when the walk is recursive.
 */
static int walk_directory(dir_walk_state *state, const char *rel)
{
	DIR *dir = NULL;
	struct dirent *dirent;
	jh_buf child = JH_BUF_INIT;
	int error;

	error = join_root(state, rel);
	if (error != JH_OK)
		goto done;

	dir = opendir(state->full_path.data);
	if (dir == NULL) {
		error = system_error(state->err, rel[0] != '\0' ? rel : state->walk->root,
				     "cannot open the directory");
		goto done;
	}

	for (;;) {
		struct stat st;

		errno = 0;
		dirent = readdir(dir);
		if (dirent == NULL) {
			if (errno != 0)
				error = system_error(state->err, rel, "cannot read the directory");
			break;
		}
		if (strcmp(dirent->d_name, ".") == 0 || strcmp(dirent->d_name, "..") == 0 ||
		    strcmp(dirent->d_name, ".git") == 0)
			continue;

		if (join_child(&child, rel, dirent->d_name) != JH_OK) {
			error = jh_error_nomem(state->err);
			break;
		}
		error = join_root(state, child.data);
		if (error != JH_OK)
			break;

		/*
		 * The entry's type from readdir saves a system call per file;
		 * file systems that do not report it get an lstat, so symlinks
		 * are seen as links and skipped either way.
		 */
		if (dirent->d_type == DT_DIR) {
			st.st_mode = S_IFDIR;
		} else if (dirent->d_type == DT_REG) {
			st.st_mode = S_IFREG;
		} else if (dirent->d_type == DT_LNK) {
			st.st_mode = S_IFLNK;
		} else if (dirent->d_type != DT_UNKNOWN) {
			continue;
		} else if (lstat(state->full_path.data, &st) < 0) {
			error = system_error(state->err, child.data, "cannot read the file status");
			break;
		}

		/* Links whose names are not selected are no manifests to lose. */
		if (S_ISLNK(st.st_mode) && state->walk->follow_links &&
		    jh_pathspec_match(state->walk->spec, child.data)) {
			error = check_link(state, child.data);
			if (error != JH_OK)
				break;
			st.st_mode = S_IFREG;
		}

		if (S_ISDIR(st.st_mode)) {
			if (!state->walk->recursive ||
			    !jh_pathspec_may_descend(state->walk->spec, child.data) ||
			    is_ignored(state, child.data))
				continue;
			error = walk_directory(state, child.data);
			if (error != JH_OK)
				break;
			continue;
		}

		if (!S_ISREG(st.st_mode) ||
		    !jh_pathspec_match(state->walk->spec, child.data) ||
		    is_ignored(state, child.data))
			continue;
		error = file_list_add(&state->files, child.data, state->err);
		if (error != JH_OK)
			break;
	}

done:
	if (dir != NULL)
		closedir(dir);
	jh_buf_free(&child);
	return error;
}

/*
 * Turns PATH, as the caller named it, into a path relative to ROOT in
 * OUT: "./" prefixes and trailing "/" go, an absolute path must lie under
 * ROOT, and ".." may not climb out of it.
 */
static int relative_to_root(dir_walk_state *state, jh_buf *out, const char *path)
{
	const char *root = state->walk->root;
	const char *named = path;
	const char *rest = NULL;
	size_t root_len = strlen(root);

	jh_buf_clear(out);

	if (path[0] == '/') {
		while (root_len > 1 && root[root_len - 1] == '/')
			root_len--;
		if (strncmp(path, root, root_len) == 0 &&
		    (path[root_len] == '/' || path[root_len] == '\0' || root_len == 1))
			rest = path + root_len;

		if (rest == NULL && state->root_real == NULL)
			state->root_real = realpath(root, NULL);
		if (rest == NULL && state->root_real != NULL) {
			size_t real_len = strlen(state->root_real);

			if (strncmp(path, state->root_real, real_len) == 0 &&
			    (path[real_len] == '/' || path[real_len] == '\0' || real_len == 1))
				rest = path + real_len;
		}
		if (rest == NULL)
			return jh_error_set(state->err, JH_EINVALID, path, 0, 0,
					    "path is outside the directory %s", root);
		path = rest;
	}

	while (path[0] == '/' || (path[0] == '.' && path[1] == '/'))
		path += path[0] == '/' ? 1 : 2;
	if (strcmp(path, ".") == 0)
		path = "";

	if (jh_buf_puts(out, path) != JH_OK)
		return jh_error_nomem(state->err);
	while (out->len > 0 && out->data[out->len - 1] == '/')
		out->data[--out->len] = '\0';

	/* A ".." component could leave ROOT. */
	for (const char *p = out->data; p != NULL && *p != '\0';) {
		const char *slash = strchr(p, '/');
		size_t len = slash != NULL ? (size_t)(slash - p) : strlen(p);

		if (len == 2 && p[0] == '.' && p[1] == '.')
			return jh_error_set(state->err, JH_EINVALID, named, 0, 0,
					    "path is outside the directory %s", root);
		p = slash != NULL ? slash + 1 : NULL;
	}
	return JH_OK;
}

/* Adds what one entry of PATHS (or ROOT itself, as "") names. */
static int add_named_path(dir_walk_state *state, const char *named)
{
	jh_buf rel = JH_BUF_INIT;
	const char *shown_name;
	struct stat st;
	int error;

	error = relative_to_root(state, &rel, named);
	if (error != JH_OK)
		goto done;

	error = join_root(state, rel.data != NULL ? rel.data : "");
	if (error != JH_OK)
		goto done;

	shown_name = named[0] != '\0' ? named : state->walk->root;
	if (lstat(state->full_path.data, &st) < 0) {
		error = system_error(state->err, shown_name, "cannot read the file status");
		goto done;
	}

	if (S_ISDIR(st.st_mode)) {
		error = walk_directory(state, rel.data != NULL ? rel.data : "");
	} else if (S_ISREG(st.st_mode)) {
		error = file_list_add(&state->files, rel.data, state->err);
	} else if (S_ISLNK(st.st_mode)) {
		error = jh_error_set(state->err, JH_EINVALID, shown_name, 0, 0,
				     "is a symbolic link, which jobhash does not follow");
		jh_error_hint(state->err, "name the file it points to instead");
	} else {
		error = jh_error_set(state->err, JH_EINVALID, shown_name, 0, 0,
				     "not a regular file or directory");
	}

done:
	jh_buf_free(&rel);
	return error;
}

int jh_dir_each_file(const jh_dir_walk *walk, jh_blob_fn fn, void *context,
		     jh_error *err)
{
	dir_walk_state state = {
		.walk = walk,
		.full_path = JH_BUF_INIT,
		.repo_path = JH_BUF_INIT,
		.err = err,
	};
	jh_buf contents = JH_BUF_INIT;
	int error;

	error = find_repo_prefix(&state);
	if (error != JH_OK)
		goto done;

	if (walk->path_count == 0)
		error = add_named_path(&state, "");
	for (size_t i = 0; i < walk->path_count && error == JH_OK; i++)
		error = add_named_path(&state, walk->paths[i]);
	if (error != JH_OK)
		goto done;

	file_list_sort_unique(&state.files);

	for (size_t i = 0; i < state.files.count; i++) {
		const char *rel = state.files.items[i];

		error = join_root(&state, rel);
		if (error != JH_OK)
			goto done;
		error = read_named_file(&contents, state.full_path.data, rel,
					walk->max_file_size, err);
		if (error != JH_OK)
			goto done;

		error = fn(context, rel, contents.data != NULL ? contents.data : "",
			   contents.len, err);
		if (error != 0)
			goto done;
	}

done:
	jh_buf_free(&contents);
	file_list_free(&state.files);
	jh_buf_free(&state.repo_path);
	jh_buf_free(&state.full_path);
	free(state.repo_prefix_storage);
	free(state.root_real);
	return error;
}
