/* Tests for repository access on real repositories (src/git.c). */

#include "support.h"
#include "fixture.h"

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "jobhash/buf.h"
#include "jobhash/git.h"

/* Every test gets a fresh directory under /tmp, removed afterwards. */
static void sh(const fixture *f, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
static void sh_capture(const fixture *f, char *out, size_t size,
		       const char *format, ...)
	__attribute__((format(printf, 4, 5)));

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

/* Runs a shell command in the fixture directory and returns its first line. */
static void sh_capture(const fixture *f, char *out, size_t size,
		       const char *format, ...)
{
	char command[4096];
	char full[4200];
	va_list args;
	FILE *pipe;

	va_start(args, format);
	vsnprintf(command, sizeof(command), format, args);
	va_end(args);

	snprintf(full, sizeof(full), "cd '%s' && { %s; }", f->dir, command);
	pipe = popen(full, "r");
	assert_non_null(pipe);
	if (fgets(out, (int)size, pipe) == NULL)
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	assert_int_equal(pclose(pipe), 0);
}

#define GIT "git -c user.name=t -c user.email=t@example.com -c init.defaultBranch=main"

static jh_repo *open_repo(const fixture *f, const char *sub)
{
	char path[PATH_MAX + 64];
	jh_repo *repo = NULL;
	jh_error err;

	snprintf(path, sizeof(path), "%s/%s", f->dir, sub);
	jh_error_clear(&err);
	assert_int_equal(jh_repo_open(&repo, path, &err), JH_OK);
	assert_non_null(repo);
	return repo;
}

/* Appends "PATH=CONTENT;" for every file, so a test compares one string. */
static int record_blob(void *context, const char *path, const char *bytes,
		       size_t len, jh_error *err)
{
	jh_buf *log = context;

	(void)err;
	jh_buf_printf(log, "%s=", path);
	jh_buf_put(log, bytes, len);
	jh_buf_putc(log, ';');
	return 0;
}

static int record_side(void *context, jh_side side, const char *path,
		       const char *bytes, size_t len, jh_error *err)
{
	jh_buf *log = context;

	(void)err;
	jh_buf_printf(log, "%s %s=", side == JH_SIDE_OLD ? "old" : "new", path);
	jh_buf_put(log, bytes, len);
	jh_buf_putc(log, ';');
	return 0;
}

static int stop_after_first(void *context, const char *path, const char *bytes,
			    size_t len, jh_error *err)
{
	int *calls = context;

	(void)path;
	(void)bytes;
	(void)len;
	(void)err;
	(*calls)++;
	return 7;
}

/* Two commits on main, a lightweight tag v1 and an annotated tag v2 on the first. */
static void make_history(const fixture *f)
{
	sh(f, GIT " init -q repo");
	sh(f, "cd repo && printf one > a.yaml && " GIT " add . && " GIT " commit -qm one");
	sh(f, "cd repo && " GIT " tag v1 && " GIT " tag -a -m release v2");
	sh(f, "cd repo && printf two > a.yaml && " GIT " commit -qam two");
}

static void assert_resolves(jh_repo *repo, const char *revspec, const char *expected)
{
	char oid[JH_OID_HEX_SIZE];
	jh_error err;

	jh_error_clear(&err);
	print_message("revision %s\n", revspec);
	assert_int_equal(jh_repo_resolve(repo, revspec, oid, &err), JH_OK);
	assert_string_equal(oid, expected);
}

static void test_resolve_revisions(void **state)
{
	fixture *f = *state;
	char head[64];
	char first[64];
	char tree[64];
	char short_id[16];
	jh_repo *repo;

	make_history(f);
	sh_capture(f, head, sizeof(head), "cd repo && git rev-parse HEAD");
	sh_capture(f, first, sizeof(first), "cd repo && git rev-parse HEAD~1");
	sh_capture(f, tree, sizeof(tree), "cd repo && git rev-parse 'HEAD^{tree}'");
	assert_int_equal(strlen(head), 40);
	snprintf(short_id, sizeof(short_id), "%.7s", head);

	repo = open_repo(f, "repo");
	assert_resolves(repo, "HEAD", head);
	assert_resolves(repo, head, head);
	assert_resolves(repo, short_id, head);
	assert_resolves(repo, "main", head);
	assert_resolves(repo, "v1", first);
	assert_resolves(repo, "v2", first);
	assert_resolves(repo, "HEAD~1", first);
	assert_resolves(repo, "main~1", first);
	assert_resolves(repo, "HEAD^{tree}", tree);
	jh_repo_free(repo);
}

static void test_resolve_missing(void **state)
{
	fixture *f = *state;
	char oid[JH_OID_HEX_SIZE];
	jh_repo *repo;
	jh_error err;

	make_history(f);
	repo = open_repo(f, "repo");

	jh_error_clear(&err);
	assert_int_equal(jh_repo_resolve(repo, "origin/main", oid, &err), JH_ENOTFOUND);
	assert_string_equal(err.message, "revision 'origin/main' not found in the repository");
	assert_string_equal(err.hint, "fetch it first (git fetch), or check the name");
	assert_int_equal(err.code, JH_ENOTFOUND);

	jh_error_clear(&err);
	assert_int_equal(jh_repo_resolve(repo, "HEAD~5", oid, &err), JH_ENOTFOUND);
	assert_string_equal(err.message, "revision 'HEAD~5' not found in the repository");
	jh_repo_free(repo);
}

static void test_resolve_blob_rejected(void **state)
{
	fixture *f = *state;
	char oid[JH_OID_HEX_SIZE];
	jh_repo *repo;
	jh_error err;

	make_history(f);
	repo = open_repo(f, "repo");

	jh_error_clear(&err);
	assert_int_equal(jh_repo_resolve(repo, "HEAD:a.yaml", oid, &err), JH_EINVALID);
	assert_string_equal(err.message,
			    "revision 'HEAD:a.yaml' is a blob, not a commit or a tree");
	jh_repo_free(repo);
}

static void test_resolve_empty_repository(void **state)
{
	fixture *f = *state;
	char oid[JH_OID_HEX_SIZE];
	jh_repo *repo;
	jh_error err;

	sh(f, GIT " init -q repo");
	repo = open_repo(f, "repo");

	jh_error_clear(&err);
	assert_int_equal(jh_repo_resolve(repo, "HEAD", oid, &err), JH_ENOTFOUND);
	assert_string_equal(err.message, "HEAD has no commits yet");
	jh_repo_free(repo);
}

static void test_resolve_ambiguous(void **state)
{
	fixture *f = *state;
	char prefix[16];
	char oid[JH_OID_HEX_SIZE];
	char expected[128];
	jh_repo *repo;
	jh_error err;

	/* 2000 blobs make two ids that share their first 4 digits all but certain. */
	sh(f, GIT " init -q repo");
	sh(f, "cd repo && i=0; while [ $i -lt 2000 ]; do printf 'blob\\ndata <<E\\n%%d\\nE\\n' $i; i=$((i+1)); done"
	      " | git fast-import --quiet");
	sh_capture(f, prefix, sizeof(prefix),
		   "cd repo && git cat-file --batch-all-objects --batch-check='%%(objectname)'"
		   " | cut -c1-4 | sort | uniq -d | head -n 1");
	assert_int_equal(strlen(prefix), 4);
	repo = open_repo(f, "repo");

	jh_error_clear(&err);
	assert_int_equal(jh_repo_resolve(repo, prefix, oid, &err), JH_EINVALID);
	snprintf(expected, sizeof(expected),
		 "revision '%s' is ambiguous: more than one object starts with it", prefix);
	assert_string_equal(err.message, expected);
	assert_string_equal(err.hint, "give more characters of the id");
	jh_repo_free(repo);
}

/*
 * A tree with manifests at several depths, a non-manifest, an executable,
 * a symlink and a submodule entry.
 */
static void make_tree(const fixture *f)
{
	sh(f, GIT " init -q repo");
	sh(f, "cd repo && mkdir -p b/deep vendor k8s && printf A > a.yaml && printf C > b/c.yml"
	      " && printf D > b/d.txt && printf X > b/x.json && printf E > b/deep/e.yaml"
	      " && printf V > vendor/v.yaml && printf K > k8s/job.yaml && printf R > run.yaml"
	      " && chmod +x run.yaml && ln -s a.yaml link.yaml && printf Z > a-b.yaml");
	sh(f, "cd repo && " GIT " add . && " GIT " update-index --add --cacheinfo"
	      " 160000,1111111111111111111111111111111111111111,sub.yaml"
	      " && " GIT " commit -qm tree");
}

static void walk_head(jh_repo *repo, const jh_pathspec *spec, jh_buf *log)
{
	char oid[JH_OID_HEX_SIZE];
	jh_error err;

	jh_error_clear(&err);
	assert_int_equal(jh_repo_resolve(repo, "HEAD", oid, &err), JH_OK);
	jh_buf_clear(log);
	assert_int_equal(jh_repo_each_blob(repo, oid, spec, 1024, record_blob, log, &err), JH_OK);
}

static void test_each_blob_order(void **state)
{
	fixture *f = *state;
	jh_buf log = JH_BUF_INIT;
	jh_repo *repo;

	make_tree(f);
	repo = open_repo(f, "repo");

	walk_head(repo, NULL, &log);
	assert_string_equal(log.data,
			    "a-b.yaml=Z;a.yaml=A;b/c.yml=C;b/deep/e.yaml=E;b/x.json=X;"
			    "k8s/job.yaml=K;run.yaml=R;vendor/v.yaml=V;");

	jh_buf_free(&log);
	jh_repo_free(repo);
}

static void test_each_blob_pathspec(void **state)
{
	static const char *const includes[] = { "b", "./k8s/", "vendor" };
	static const char *const excludes[] = { "*.json", "vendor", "b/deep" };
	static const char *const glob_includes[] = { "*.yml", "*/e.yaml" };
	jh_pathspec spec = { includes, 3, excludes, 3, NULL };
	jh_pathspec glob_spec = { glob_includes, 2, NULL, 0, NULL };
	fixture *f = *state;
	jh_buf log = JH_BUF_INIT;
	jh_repo *repo;

	make_tree(f);
	repo = open_repo(f, "repo");

	walk_head(repo, &spec, &log);
	assert_string_equal(log.data, "b/c.yml=C;k8s/job.yaml=K;");

	walk_head(repo, &glob_spec, &log);
	assert_string_equal(log.data, "b/c.yml=C;b/deep/e.yaml=E;");

	jh_buf_free(&log);
	jh_repo_free(repo);
}

static void test_each_blob_size_limit(void **state)
{
	fixture *f = *state;
	char oid[JH_OID_HEX_SIZE];
	jh_buf log = JH_BUF_INIT;
	jh_repo *repo;
	jh_error err;

	sh(f, GIT " init -q repo");
	sh(f, "cd repo && printf 12345 > a.yaml && printf 1234567890 > b.yaml"
	      " && " GIT " add . && " GIT " commit -qm sizes");
	repo = open_repo(f, "repo");

	jh_error_clear(&err);
	assert_int_equal(jh_repo_resolve(repo, "HEAD", oid, &err), JH_OK);
	assert_int_equal(jh_repo_each_blob(repo, oid, NULL, 9, record_blob, &log, &err),
			 JH_EINVALID);
	assert_string_equal(log.data, "a.yaml=12345;");
	assert_string_equal(err.path, "b.yaml");
	assert_int_equal(err.line, 0);
	assert_string_equal(err.message,
			    "file is 10 bytes, more than the limit of 9 bytes (--max-file-size)");

	jh_buf_clear(&log);
	assert_int_equal(jh_repo_each_blob(repo, oid, NULL, 10, record_blob, &log, &err), JH_OK);
	assert_string_equal(log.data, "a.yaml=12345;b.yaml=1234567890;");

	jh_buf_free(&log);
	jh_repo_free(repo);
}

static void test_each_blob_callback_stops(void **state)
{
	fixture *f = *state;
	char oid[JH_OID_HEX_SIZE];
	jh_repo *repo;
	jh_error err;
	int calls = 0;

	make_tree(f);
	repo = open_repo(f, "repo");

	jh_error_clear(&err);
	assert_int_equal(jh_repo_resolve(repo, "HEAD", oid, &err), JH_OK);
	assert_int_equal(jh_repo_each_blob(repo, oid, NULL, 1024, stop_after_first,
					   &calls, &err), 7);
	assert_int_equal(calls, 1);
	jh_repo_free(repo);
}

static void test_each_blob_invalid_id(void **state)
{
	fixture *f = *state;
	jh_repo *repo;
	jh_error err;
	int calls = 0;

	make_tree(f);
	repo = open_repo(f, "repo");

	jh_error_clear(&err);
	assert_int_equal(jh_repo_each_blob(repo, "HEAD", NULL, 1024, stop_after_first,
					   &calls, &err), JH_EINVALID);
	assert_string_equal(err.message,
			    "invalid object id 'HEAD': expected 40 hexadecimal digits");
	assert_int_equal(calls, 0);
	jh_repo_free(repo);
}

static void make_change(const fixture *f)
{
	sh(f, GIT " init -q repo");
	sh(f, "cd repo && printf keep > keep.yaml && printf m1 > mod.yaml && printf del > del.yaml"
	      " && printf moved > old-name.yaml && printf tl > tolink.yaml && printf n1 > notes.txt"
	      " && printf mode > mode.yaml && " GIT " add . && " GIT " commit -qm one");
	sh(f, "cd repo && printf m2 > mod.yaml && printf add > add.yaml && git rm -q del.yaml"
	      " && git mv old-name.yaml new-name.yaml && rm tolink.yaml && ln -s keep.yaml tolink.yaml"
	      " && printf n2 > notes.txt && chmod +x mode.yaml"
	      " && " GIT " add -A . && " GIT " commit -qm two");
}

static void test_changed_blobs(void **state)
{
	fixture *f = *state;
	char old_oid[JH_OID_HEX_SIZE];
	char new_oid[JH_OID_HEX_SIZE];
	jh_buf log = JH_BUF_INIT;
	jh_repo *repo;
	jh_error err;

	make_change(f);
	repo = open_repo(f, "repo");

	jh_error_clear(&err);
	assert_int_equal(jh_repo_resolve(repo, "HEAD~1", old_oid, &err), JH_OK);
	assert_int_equal(jh_repo_resolve(repo, "HEAD", new_oid, &err), JH_OK);
	assert_int_equal(jh_repo_each_changed_blob(repo, old_oid, new_oid, NULL, 1024,
						   record_side, &log, &err), JH_OK);
	assert_string_equal(log.data,
			    "new add.yaml=add;old del.yaml=del;old mod.yaml=m1;new mod.yaml=m2;"
			    "new new-name.yaml=moved;old old-name.yaml=moved;old tolink.yaml=tl;");

	jh_buf_free(&log);
	jh_repo_free(repo);
}

static void test_changed_blobs_pathspec(void **state)
{
	static const char *const excludes[] = { "old-name.yaml", "mod.yaml" };
	jh_pathspec spec = { NULL, 0, excludes, 2, NULL };
	fixture *f = *state;
	char old_oid[JH_OID_HEX_SIZE];
	char new_oid[JH_OID_HEX_SIZE];
	jh_buf log = JH_BUF_INIT;
	jh_repo *repo;
	jh_error err;

	make_change(f);
	repo = open_repo(f, "repo");

	/* Tree ids work as well as commit ids. */
	jh_error_clear(&err);
	assert_int_equal(jh_repo_resolve(repo, "HEAD~1^{tree}", old_oid, &err), JH_OK);
	assert_int_equal(jh_repo_resolve(repo, "HEAD^{tree}", new_oid, &err), JH_OK);
	assert_int_equal(jh_repo_each_changed_blob(repo, old_oid, new_oid, &spec, 1024,
						   record_side, &log, &err), JH_OK);
	assert_string_equal(log.data,
			    "new add.yaml=add;old del.yaml=del;new new-name.yaml=moved;"
			    "old tolink.yaml=tl;");

	jh_buf_free(&log);
	jh_repo_free(repo);
}

static void test_changed_blobs_size_limit(void **state)
{
	fixture *f = *state;
	char old_oid[JH_OID_HEX_SIZE];
	char new_oid[JH_OID_HEX_SIZE];
	jh_buf log = JH_BUF_INIT;
	jh_repo *repo;
	jh_error err;

	make_change(f);
	repo = open_repo(f, "repo");

	jh_error_clear(&err);
	assert_int_equal(jh_repo_resolve(repo, "HEAD~1", old_oid, &err), JH_OK);
	assert_int_equal(jh_repo_resolve(repo, "HEAD", new_oid, &err), JH_OK);
	assert_int_equal(jh_repo_each_changed_blob(repo, old_oid, new_oid, NULL, 2,
						   record_side, &log, &err), JH_EINVALID);
	assert_string_equal(err.path, "add.yaml");
	assert_string_equal(err.message,
			    "file is 3 bytes, more than the limit of 2 bytes (--max-file-size)");
	assert_null(log.data);

	jh_buf_free(&log);
	jh_repo_free(repo);
}

static void test_each_blob_tree_id(void **state)
{
	fixture *f = *state;
	char oid[JH_OID_HEX_SIZE];
	jh_buf log = JH_BUF_INIT;
	jh_repo *repo;
	jh_error err;

	make_history(f);
	repo = open_repo(f, "repo");

	jh_error_clear(&err);
	assert_int_equal(jh_repo_resolve(repo, "HEAD~1^{tree}", oid, &err), JH_OK);
	assert_int_equal(jh_repo_each_blob(repo, oid, NULL, 1024, record_blob, &log, &err), JH_OK);
	assert_string_equal(log.data, "a.yaml=one;");

	jh_buf_free(&log);
	jh_repo_free(repo);
}

static void test_open_subdirectory(void **state)
{
	fixture *f = *state;
	char expected[PATH_MAX + 64];
	char real[PATH_MAX];
	jh_repo *repo;

	make_tree(f);
	repo = open_repo(f, "repo/b/deep");

	assert_non_null(realpath(f->dir, real));
	snprintf(expected, sizeof(expected), "%s/repo/", real);
	assert_string_equal(jh_repo_workdir(repo), expected);
	jh_repo_free(repo);
}

static void test_open_from_environment(void **state)
{
	fixture *f = *state;
	char saved_cwd[PATH_MAX];
	char path[PATH_MAX + 64];
	char expected[PATH_MAX + 64];
	char real[PATH_MAX];
	jh_repo *repo = NULL;
	jh_error err;

	make_tree(f);
	sh(f, "mkdir elsewhere");
	assert_non_null(realpath(f->dir, real));
	assert_non_null(getcwd(saved_cwd, sizeof(saved_cwd)));
	snprintf(path, sizeof(path), "%s/elsewhere", real);
	assert_int_equal(chdir(path), 0);

	/* GIT_DIR alone goes through libgit2's own environment support. */
	snprintf(path, sizeof(path), "%s/repo/.git", real);
	setenv("GIT_DIR", path, 1);
	jh_error_clear(&err);
	assert_int_equal(jh_repo_open(&repo, NULL, &err), JH_OK);
	jh_repo_free(repo);

	/* GIT_DIR with GIT_WORK_TREE, which libgit2 1.5 cannot take from the environment. */
	snprintf(path, sizeof(path), "%s/elsewhere", real);
	setenv("GIT_WORK_TREE", path, 1);
	assert_int_equal(jh_repo_open(&repo, NULL, &err), JH_OK);
	snprintf(expected, sizeof(expected), "%s/elsewhere/", real);
	assert_string_equal(jh_repo_workdir(repo), expected);
	jh_repo_free(repo);

	snprintf(path, sizeof(path), "%s/repo", real);
	setenv("GIT_WORK_TREE", path, 1);
	assert_int_equal(jh_repo_open(&repo, NULL, &err), JH_OK);
	snprintf(expected, sizeof(expected), "%s/repo/", real);
	assert_string_equal(jh_repo_workdir(repo), expected);
	jh_repo_free(repo);

	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	assert_int_equal(chdir(saved_cwd), 0);
}

static void test_open_outside(void **state)
{
	fixture *f = *state;
	char expected[PATH_MAX + 32];
	jh_repo *repo = NULL;
	jh_error err;

	jh_error_clear(&err);
	assert_int_equal(jh_repo_open(&repo, f->dir, &err), JH_ENOTFOUND);
	assert_null(repo);
	snprintf(expected, sizeof(expected), "not a git repository: %s", f->dir);
	assert_string_equal(err.message, expected);
	assert_string_equal(err.hint,
			    "run jobhash inside a git working tree, or create one with git init");
}

static void test_is_ignored(void **state)
{
	fixture *f = *state;
	jh_repo *repo;

	sh(f, GIT " init -q repo && printf '*.tmp\\nbuild/\\n' > repo/.gitignore && mkdir repo/build");
	repo = open_repo(f, "repo");

	assert_true(jh_repo_is_ignored(repo, "x.tmp"));
	assert_true(jh_repo_is_ignored(repo, "a/x.tmp"));
	assert_true(jh_repo_is_ignored(repo, "build"));
	assert_true(jh_repo_is_ignored(repo, "build/job.yaml"));
	assert_false(jh_repo_is_ignored(repo, "job.yaml"));
	jh_repo_free(repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_resolve_revisions, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_missing, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_blob_rejected, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_empty_repository, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_ambiguous, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_each_blob_order, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_each_blob_pathspec, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_each_blob_size_limit, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_each_blob_callback_stops, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_each_blob_invalid_id, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_changed_blobs, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_changed_blobs_pathspec, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_changed_blobs_size_limit, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_each_blob_tree_id, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_open_subdirectory, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_open_from_environment, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_open_outside, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_is_ignored, fixture_setup, fixture_teardown),
	};

	/* Keep the user's and the system's git configuration out of the fixtures. */
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
