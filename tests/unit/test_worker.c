/* Tests for the background worker (src/worker.c). */

#include "support.h"

#include <stdio.h>
#include <stdlib.h>

#include "jobhash/worker.h"

typedef struct record {
	char seen[64][16];
	size_t count;
	size_t fail_at; /* 1-based file that fails; 0 for none */
} record;

static int remember(void *context, const char *path, const char *bytes, size_t len,
		    jh_error *err)
{
	record *r = context;

	/* cmocka's asserts must not run in the worker thread. */
	if (r->count >= 64)
		return jh_error_set(err, JH_EINVALID, path, 0, 0, "too many files");
	snprintf(r->seen[r->count], sizeof(r->seen[0]), "%s=%.*s", path, (int)len, bytes);
	r->count++;
	if (r->count == r->fail_at)
		return jh_error_set(err, JH_EINVALID, path, 1, 1, "planted failure");
	return 0;
}

static void test_worker_keeps_order(void **state)
{
	record r = { .count = 0, .fail_at = 0 };
	jh_worker *worker = NULL;
	jh_error err;
	char path[16];

	(void)state;
	/* A budget of 4 bytes makes most submissions wait for the worker. */
	assert_int_equal(jh_worker_start(&worker, remember, &r, 4), JH_OK);
	for (int i = 0; i < 40; i++) {
		snprintf(path, sizeof(path), "f%02d", i);
		assert_int_equal(jh_worker_submit(worker, path, "abc", 3), 0);
	}
	assert_int_equal(jh_worker_finish(worker, &err), 0);

	assert_int_equal(r.count, 40);
	assert_string_equal(r.seen[0], "f00=abc");
	assert_string_equal(r.seen[17], "f17=abc");
	assert_string_equal(r.seen[39], "f39=abc");
}

static void test_worker_reports_failure(void **state)
{
	record r = { .count = 0, .fail_at = 3 };
	jh_worker *worker = NULL;
	jh_error err;
	int last = 0;

	(void)state;
	assert_int_equal(jh_worker_start(&worker, remember, &r, 1 << 20), JH_OK);
	for (int i = 0; i < 20 && last == 0; i++)
		last = jh_worker_submit(worker, i == 2 ? "bad" : "ok", "x", 1);
	assert_int_equal(jh_worker_finish(worker, &err), JH_EINVALID);

	/* Nothing after the failed file is handled. */
	assert_int_equal(r.count, 3);
	assert_string_equal(err.path, "bad");
	assert_string_equal(err.message, "planted failure");
	assert_true(last == 0 || last == JH_EINVALID);
}

static void test_worker_empty_file(void **state)
{
	record r = { .count = 0, .fail_at = 0 };
	jh_worker *worker = NULL;
	jh_error err;

	(void)state;
	assert_int_equal(jh_worker_start(&worker, remember, &r, 16), JH_OK);
	assert_int_equal(jh_worker_submit(worker, "empty", "", 0), 0);
	assert_int_equal(jh_worker_finish(worker, &err), 0);
	assert_int_equal(r.count, 1);
	assert_string_equal(r.seen[0], "empty=");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worker_keeps_order),
		cmocka_unit_test(test_worker_reports_failure),
		cmocka_unit_test(test_worker_empty_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
