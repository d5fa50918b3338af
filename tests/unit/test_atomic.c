/* Tests of atomic file replacement on a real temporary directory. */

#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jobhash/atomic.h"
#include "jobhash/files.h"

static char directory[] = "/tmp/jobhash-atomic-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(directory) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	char command[128];

	(void)state;
	snprintf(command, sizeof(command), "chmod -R u+w %s && rm -rf %s", directory, directory);
	return system(command) == 0 ? 0 : -1;
}

static void write_text(const char *path, const char *text)
{
	FILE *file = fopen(path, "w");

	assert_non_null(file);
	fputs(text, file);
	fclose(file);
}

static size_t count_entries(void)
{
	DIR *dir = opendir(directory);
	struct dirent *entry;
	size_t count = 0;

	assert_non_null(dir);
	while ((entry = readdir(dir)) != NULL)
		if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
			count++;
	closedir(dir);
	return count;
}

static void atomic_keeps_mode(void **state)
{
	char path[256];
	struct stat info;
	jh_buf text = JH_BUF_INIT;
	jh_error err;

	(void)state;
	snprintf(path, sizeof(path), "%s/a.yaml", directory);
	write_text(path, "old\n");
	assert_int_equal(chmod(path, 0640), 0);

	assert_int_equal(jh_atomic_write(path, "a.yaml", "new\n", 4, 0666, &err), 0);
	assert_int_equal(stat(path, &info), 0);
	assert_int_equal(info.st_mode & 07777, 0640);
	assert_int_equal(jh_read_file(&text, path, 1024, &err), 0);
	assert_string_equal(text.data, "new\n");
	assert_int_equal(count_entries(), 1);

	jh_buf_free(&text);
	unlink(path);
}

static void atomic_injected_failure(void **state)
{
	char path[256];
	jh_buf text = JH_BUF_INIT;
	jh_error err;

	(void)state;
	snprintf(path, sizeof(path), "%s/b.yaml", directory);
	write_text(path, "original\n");
	setenv(JH_ATOMIC_FAIL_ENV, "b.yaml", 1);

	assert_int_equal(jh_atomic_write(path, "b.yaml", "replacement\n", 12, 0666, &err), JH_EIO);
	unsetenv(JH_ATOMIC_FAIL_ENV);
	assert_string_equal(err.path, "b.yaml");
	assert_string_equal(err.message, "cannot write: Input/output error");
	assert_int_equal(jh_read_file(&text, path, 1024, &err), 0);
	assert_string_equal(text.data, "original\n");
	assert_int_equal(count_entries(), 1);

	jh_buf_free(&text);
	unlink(path);
}

static void atomic_readonly_directory(void **state)
{
	char sub[256];
	char path[300];
	jh_error err;

	(void)state;
	if (geteuid() == 0)
		skip(); /* root writes into read-only directories */
	snprintf(sub, sizeof(sub), "%s/ro", directory);
	snprintf(path, sizeof(path), "%s/c.yaml", sub);
	assert_int_equal(mkdir(sub, 0755), 0);
	write_text(path, "x\n");
	assert_int_equal(chmod(sub, 0555), 0);

	assert_int_equal(jh_atomic_write(path, "ro/c.yaml", "y\n", 2, 0666, &err), JH_EIO);
	assert_string_equal(err.message,
			    "cannot create a temporary file next to it: Permission denied");
	assert_int_equal(chmod(sub, 0755), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(atomic_keeps_mode),
		cmocka_unit_test(atomic_injected_failure),
		cmocka_unit_test(atomic_readonly_directory),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
