#ifndef JOBHASH_TEST_FIXTURE_H
#define JOBHASH_TEST_FIXTURE_H

/* A fresh temporary directory per test, removed afterwards. */

#include <stdio.h>
#include <stdlib.h>

typedef struct fixture {
	char dir[64];
} fixture;

static inline int fixture_setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/jobhash-test-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static inline int fixture_teardown(void **state)
{
	fixture *f = *state;
	char command[128];
	int status;

	snprintf(command, sizeof(command), "rm -rf '%s'", f->dir);
	status = system(command);
	free(f);
	return status == 0 ? 0 : -1;
}

#endif
