/* Tests for reading manifests from directories and streams (src/files.c). */

#include "support.h"
#include "fixture.h"

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "jobhash/buf.h"
#include "jobhash/files.h"
#include "jobhash/git.h"

static void sh(const fixture *f, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* Runs a shell command in the fixture directory and requires success. */
static void sh(const fixture *f, const char *format, ...)
{
	char command[4096];
	char full[4200];
	va_list args;

	va_start(args, format);
	vsnprintf(command, sizeof(command), format, args);
	va_end(args);

	snprintf(full, sizeof(full), "cd '%s' && { %s; } >/dev/null 2>&1", f->dir, command);
	if (system(full) != 0)
		fail_msg("command failed: %s", command);
}

/* Appends "PATH=CONTENT;" for every file, so a test compares one string. */
static int record_file(void *context, const char *path, const char *bytes,
		       size_t len, jh_error *err)
{
	jh_buf *log = context;

	(void)err;
	jh_buf_printf(log, "%s=", path);
	jh_buf_put(log, bytes, len);
	jh_buf_putc(log, ';');
	return 0;
}

/*
 * Manifests at several depths, a non-manifest, a symlinked file and
 * directory, and a ".git" directory.
 */
static void make_files(const fixture *f)
{
	sh(f, "mkdir -p root/b/deep root/.git root/z && cd root && printf A > a.yaml"
	      " && printf C > b/c.yml && printf D > b/d.txt && printf X > b/x.json"
	      " && printf E > b/deep/e.yaml && printf G > .git/config.yaml"
	      " && printf Z > z/z.yaml && printf M > a-b.yaml"
	      " && ln -s a.yaml link.yaml && ln -s b linked-dir");
}

static int walk(const fixture *f, const char *const *paths, size_t count,
		bool recursive, jh_buf *log, jh_error *err)
{
	char root[PATH_MAX];
	jh_dir_walk dir_walk = { 0 };

	snprintf(root, sizeof(root), "%s/root", f->dir);
	dir_walk.root = root;
	dir_walk.paths = paths;
	dir_walk.path_count = count;
	dir_walk.recursive = recursive;
	dir_walk.max_file_size = 1024;

	jh_buf_clear(log);
	jh_error_clear(err);
	return jh_dir_each_file(&dir_walk, record_file, log, err);
}

static void test_walk_recursive(void **state)
{
	fixture *f = *state;
	jh_buf log = JH_BUF_INIT;
	jh_error err;

	make_files(f);
	assert_int_equal(walk(f, NULL, 0, true, &log, &err), JH_OK);
	assert_string_equal(log.data,
			    "a-b.yaml=M;a.yaml=A;b/c.yml=C;b/deep/e.yaml=E;b/x.json=X;z/z.yaml=Z;");
	jh_buf_free(&log);
}

static void test_walk_not_recursive(void **state)
{
	static const char *const paths[] = { "b" };
	fixture *f = *state;
	jh_buf log = JH_BUF_INIT;
	jh_error err;

	make_files(f);
	assert_int_equal(walk(f, NULL, 0, false, &log, &err), JH_OK);
	assert_string_equal(log.data, "a-b.yaml=M;a.yaml=A;");

	assert_int_equal(walk(f, paths, 1, false, &log, &err), JH_OK);
	assert_string_equal(log.data, "b/c.yml=C;b/x.json=X;");
	jh_buf_free(&log);
}

static void test_walk_named_paths(void **state)
{
	fixture *f = *state;
	char absolute[PATH_MAX];
	const char *paths[] = { "z/", "./b/d.txt", "a.yaml", absolute, "b/deep", "b/deep/e.yaml" };
	jh_buf log = JH_BUF_INIT;
	jh_error err;

	make_files(f);
	snprintf(absolute, sizeof(absolute), "%s/root/a-b.yaml", f->dir);

	/* Sorted, with the repeat of e.yaml dropped and d.txt read as named. */
	assert_int_equal(walk(f, paths, 6, true, &log, &err), JH_OK);
	assert_string_equal(log.data,
			    "a-b.yaml=M;a.yaml=A;b/d.txt=D;b/deep/e.yaml=E;z/z.yaml=Z;");

	paths[0] = "a.yaml";
	assert_int_equal(walk(f, paths, 3, true, &log, &err), JH_OK);
	assert_string_equal(log.data, "a.yaml=A;b/d.txt=D;");
	jh_buf_free(&log);
}

static void test_walk_pathspec(void **state)
{
	static const char *const excludes[] = { "b/deep", "*.json" };
	jh_pathspec spec = { NULL, 0, excludes, 2, NULL };
	fixture *f = *state;
	char root[PATH_MAX];
	jh_dir_walk dir_walk = { 0 };
	jh_buf log = JH_BUF_INIT;
	jh_error err;

	make_files(f);
	snprintf(root, sizeof(root), "%s/root", f->dir);
	dir_walk.root = root;
	dir_walk.recursive = true;
	dir_walk.spec = &spec;
	dir_walk.max_file_size = 1024;

	jh_error_clear(&err);
	assert_int_equal(jh_dir_each_file(&dir_walk, record_file, &log, &err), JH_OK);
	assert_string_equal(log.data, "a-b.yaml=M;a.yaml=A;b/c.yml=C;z/z.yaml=Z;");
	jh_buf_free(&log);
}

static void test_walk_outside_root(void **state)
{
	static const char *const climbing[] = { "b/../../x.yaml" };
	fixture *f = *state;
	char absolute[PATH_MAX];
	const char *outside[] = { absolute };
	char expected[PATH_MAX + 64];
	jh_buf log = JH_BUF_INIT;
	jh_error err;

	make_files(f);
	snprintf(absolute, sizeof(absolute), "%s/other.yaml", f->dir);
	snprintf(expected, sizeof(expected), "path is outside the directory %s/root", f->dir);

	assert_int_equal(walk(f, outside, 1, true, &log, &err), JH_EINVALID);
	assert_string_equal(err.path, absolute);
	assert_string_equal(err.message, expected);

	assert_int_equal(walk(f, climbing, 1, true, &log, &err), JH_EINVALID);
	assert_string_equal(err.path, "b/../../x.yaml");
	assert_string_equal(err.message, expected);
	assert_null(log.data);
	jh_buf_free(&log);
}

static void test_walk_missing_path(void **state)
{
	static const char *const paths[] = { "a.yaml", "missing.yaml" };
	fixture *f = *state;
	jh_buf log = JH_BUF_INIT;
	jh_error err;

	make_files(f);
	assert_int_equal(walk(f, paths, 2, true, &log, &err), JH_ENOTFOUND);
	assert_string_equal(err.path, "missing.yaml");
	assert_string_equal(err.message, "no such file or directory");
	assert_int_equal(err.line, 0);
	assert_null(log.data);
	jh_buf_free(&log);
}

static void test_walk_named_symlink(void **state)
{
	static const char *const paths[] = { "link.yaml" };
	fixture *f = *state;
	jh_buf log = JH_BUF_INIT;
	jh_error err;

	make_files(f);
	assert_int_equal(walk(f, paths, 1, true, &log, &err), JH_EINVALID);
	assert_string_equal(err.path, "link.yaml");
	assert_string_equal(err.message, "is a symbolic link, which jobhash does not follow");
	jh_buf_free(&log);
}

static void test_walk_size_limit(void **state)
{
	fixture *f = *state;
	char root[PATH_MAX];
	jh_dir_walk dir_walk = { 0 };
	jh_buf log = JH_BUF_INIT;
	jh_error err;

	sh(f, "mkdir root && printf 12345 > root/a.yaml && printf 1234567890 > root/b.yaml");
	snprintf(root, sizeof(root), "%s/root", f->dir);
	dir_walk.root = root;
	dir_walk.recursive = true;
	dir_walk.max_file_size = 9;

	jh_error_clear(&err);
	assert_int_equal(jh_dir_each_file(&dir_walk, record_file, &log, &err), JH_EINVALID);
	assert_string_equal(log.data, "a.yaml=12345;");
	assert_string_equal(err.path, "b.yaml");
	assert_string_equal(err.message,
			    "file is 10 bytes, more than the limit of 9 bytes (--max-file-size)");
	jh_buf_free(&log);
}

static void test_walk_gitignore(void **state)
{
	fixture *f = *state;
	char root[PATH_MAX + 64];
	char repo_dir[PATH_MAX + 64];
	jh_dir_walk dir_walk = { 0 };
	jh_buf log = JH_BUF_INIT;
	jh_repo *repo = NULL;
	jh_error err;

	sh(f, "git init -q repo && mkdir -p repo/k8s/build repo/k8s/app && cd repo"
	      " && printf '*.tmp.yaml\\nbuild/\\n/k8s/app/local.yaml\\n' > .gitignore"
	      " && printf A > k8s/app/a.yaml && printf L > k8s/app/local.yaml"
	      " && printf T > k8s/x.tmp.yaml && printf B > k8s/build/b.yaml");
	snprintf(repo_dir, sizeof(repo_dir), "%s/repo", f->dir);
	snprintf(root, sizeof(root), "%s/repo/k8s", f->dir);

	jh_error_clear(&err);
	assert_int_equal(jh_repo_open(&repo, repo_dir, &err), JH_OK);
	dir_walk.root = root;
	dir_walk.recursive = true;
	dir_walk.max_file_size = 1024;

	assert_int_equal(jh_dir_each_file(&dir_walk, record_file, &log, &err), JH_OK);
	assert_string_equal(log.data,
			    "app/a.yaml=A;app/local.yaml=L;build/b.yaml=B;x.tmp.yaml=T;");

	dir_walk.repo = repo;
	jh_buf_clear(&log);
	assert_int_equal(jh_dir_each_file(&dir_walk, record_file, &log, &err), JH_OK);
	assert_string_equal(log.data, "app/a.yaml=A;");

	jh_repo_free(repo);
	jh_buf_free(&log);
}

static void test_read_file(void **state)
{
	fixture *f = *state;
	char path[PATH_MAX];
	jh_buf contents = JH_BUF_INIT;
	jh_error err;

	/* 200000 bytes: more than one read */
	sh(f, "head -c 200000 /dev/zero | tr '\\0' x > big.yaml && : > empty.yaml");
	snprintf(path, sizeof(path), "%s/big.yaml", f->dir);

	jh_error_clear(&err);
	assert_int_equal(jh_read_file(&contents, path, 200000, &err), JH_OK);
	assert_int_equal(contents.len, 200000);
	assert_int_equal(contents.data[199999], 'x');
	assert_int_equal(contents.data[200000], '\0');

	assert_int_equal(jh_read_file(&contents, path, 199999, &err), JH_EINVALID);
	assert_string_equal(err.path, path);
	assert_string_equal(err.message,
			    "file is 200000 bytes, more than the limit of 199999 bytes (--max-file-size)");

	snprintf(path, sizeof(path), "%s/empty.yaml", f->dir);
	assert_int_equal(jh_read_file(&contents, path, 0, &err), JH_OK);
	assert_int_equal(contents.len, 0);

	snprintf(path, sizeof(path), "%s", f->dir);
	assert_int_equal(jh_read_file(&contents, path, 10, &err), JH_EINVALID);
	assert_string_equal(err.message, "not a regular file");
	jh_buf_free(&contents);
}

static void test_read_stream(void **state)
{
	fixture *f = *state;
	jh_buf contents = JH_BUF_INIT;
	jh_error err;
	FILE *stream;

	(void)f;
	stream = tmpfile();
	assert_non_null(stream);
	for (int i = 0; i < 10000; i++)
		fputs("0123456789", stream);
	rewind(stream);

	jh_error_clear(&err);
	assert_int_equal(jh_read_stream(&contents, stream, "<stdin>", 100000, &err), JH_OK);
	assert_int_equal(contents.len, 100000);
	assert_memory_equal(contents.data + 99990, "0123456789", 10);

	rewind(stream);
	assert_int_equal(jh_read_stream(&contents, stream, "<stdin>", 99999, &err), JH_EINVALID);
	assert_string_equal(err.path, "<stdin>");
	assert_string_equal(err.message,
			    "input is larger than the limit of 99999 bytes (--max-file-size)");

	fclose(stream);
	jh_buf_free(&contents);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_walk_recursive, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_walk_not_recursive, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_walk_named_paths, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_walk_pathspec, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_walk_outside_root, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_walk_missing_path, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_walk_named_symlink, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_walk_size_limit, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_walk_gitignore, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_read_file, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_read_stream, fixture_setup, fixture_teardown),
	};

	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
