#ifndef JOBHASH_ATOMIC_H
#define JOBHASH_ATOMIC_H

/*
 * Atomic file replacement: readers see either the old file or the whole
 * new one, never a part, even after a crash.
 */

#include <stddef.h>
#include <sys/types.h>

#include "jobhash/error.h"

/*
 * Test hook: when the environment variable JOBHASH_TEST_FAIL_WRITE equals
 * the NAME given to jh_atomic_write, the write fails with EIO after half of
 * the bytes, so that tests can check the cleanup. Not for production use.
 */
#define JH_ATOMIC_FAIL_ENV "JOBHASH_TEST_FAIL_WRITE"

/*
 * Replaces the file at PATH with the LEN bytes at BYTES: writes a
 * temporary file ".BASENAME.jobhash-XXXXXX" in the same directory, fsyncs
 * it, gives it the mode of the file it replaces (NEW_MODE when PATH does
 * not exist yet, less the umask), renames it over PATH and fsyncs the
 * directory. NAME is PATH as reported in messages. On failure the
 * temporary file is removed, PATH is unchanged, and ERR names NAME.
 */
int jh_atomic_write(const char *path, const char *name, const void *bytes, size_t len,
		    mode_t new_mode, jh_error *err);

/* Creates the directories leading to PATH (its last component excluded), as mkdir -p. */
int jh_make_parent_dirs(const char *path, const char *name, jh_error *err);

#endif
