/* Atomic file replacement; see include/jobhash/atomic.h. */

#include "jobhash/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jobhash/buf.h"

static int system_error(jh_error *err, const char *name, const char *action, int error)
{
	jh_error_set(err, JH_EIO, name, 0, 0, "cannot %s: %s", action, strerror(error));
	return JH_EIO;
}

static bool fail_injected(const char *name)
{
	const char *target = getenv(JH_ATOMIC_FAIL_ENV);

	return target != NULL && strcmp(target, name) == 0;
}

static int write_all(int fd, const char *bytes, size_t len, bool fail_halfway)
{
	size_t limit = fail_halfway ? len / 2 : len;
	size_t done = 0;

	while (done < limit) {
		ssize_t n = write(fd, bytes + done, limit - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		done += (size_t)n;
	}
	return fail_halfway ? EIO : 0;
}

/* Splits PATH into its directory ("." when none) and base name, in DIR and BASE. */
static int split_path(jh_buf *dir, const char **base, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		*base = path;
		return jh_buf_puts(dir, ".");
	}
	*base = slash + 1;
	if (slash == path)
		return jh_buf_puts(dir, "/");
	return jh_buf_put(dir, path, (size_t)(slash - path));
}

static int sync_directory(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int error = 0;

	if (fd < 0)
		return errno;
	if (fsync(fd) != 0 && errno != EINVAL)
		error = errno;
	close(fd);
	return error;
}

int jh_atomic_write(const char *path, const char *name, const void *bytes, size_t len,
		    mode_t new_mode, jh_error *err)
{
	jh_buf dir = JH_BUF_INIT;
	jh_buf temp = JH_BUF_INIT;
	const char *base = NULL;
	struct stat original;
	mode_t mode;
	mode_t mask;
	int fd = -1;
	int error;
	int rc;

	if (split_path(&dir, &base, path) != JH_OK ||
	    jh_buf_printf(&temp, "%s/.%s.jobhash-XXXXXX", dir.data, base) != JH_OK) {
		rc = jh_error_nomem(err);
		goto done;
	}

	if (stat(path, &original) == 0) {
		mode = original.st_mode & 07777;
	} else if (errno == ENOENT) {
		mask = umask(0);
		umask(mask);
		mode = new_mode & ~mask;
	} else {
		rc = system_error(err, name, "read the file's mode", errno);
		goto done;
	}

	fd = mkstemp(temp.data);
	if (fd < 0) {
		rc = system_error(err, name, "create a temporary file next to it", errno);
		jh_buf_free(&temp);
		goto done;
	}

	error = write_all(fd, bytes, len, fail_injected(name));
	if (error != 0) {
		rc = system_error(err, name, "write", error);
		goto done;
	}
	if (fsync(fd) != 0) {
		rc = system_error(err, name, "flush to disk", errno);
		goto done;
	}
	if (fchmod(fd, mode) != 0) {
		rc = system_error(err, name, "set the file mode", errno);
		goto done;
	}
	if (close(fd) != 0) {
		fd = -1;
		rc = system_error(err, name, "write", errno);
		goto done;
	}
	fd = -1;

	if (rename(temp.data, path) != 0) {
		rc = system_error(err, name, "replace the file", errno);
		goto done;
	}
	jh_buf_free(&temp);

	/* The rename is only durable once the directory entry is on disk. */
	error = sync_directory(dir.data);
	rc = error == 0 ? JH_OK : system_error(err, name, "flush the directory to disk", error);

done:
	if (fd >= 0)
		close(fd);
	if (temp.data != NULL)
		unlink(temp.data);
	jh_buf_free(&temp);
	jh_buf_free(&dir);
	return rc;
}

int jh_make_parent_dirs(const char *path, const char *name, jh_error *err)
{
	char *copy = strdup(path);
	int rc = JH_OK;

	if (copy == NULL)
		return jh_error_nomem(err);

	for (char *p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
			rc = system_error(err, name, "create its directory", errno);
			break;
		}
		*p = '/';
	}

	free(copy);
	return rc;
}
