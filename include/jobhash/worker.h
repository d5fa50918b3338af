#ifndef JOBHASH_WORKER_H
#define JOBHASH_WORKER_H

/*
 * One background thread that handles files in the order they are given,
 * so that reading blobs (zlib, in the calling thread) and parsing them
 * (libyaml, in the worker) overlap on two cores. The queue is bounded in
 * bytes, so memory stays flat however many files are read.
 */

#include <stddef.h>

#include "jobhash/error.h"

/* Handles one file in the worker thread; nonzero stops the worker. */
typedef int (*jh_work_fn)(void *context, const char *path, const char *bytes, size_t len,
			  jh_error *err);

typedef struct jh_worker jh_worker;

/*
 * Starts a worker that calls FN with CONTEXT for each submitted file.
 * Submitting blocks while more than MAX_PENDING_BYTES wait in the queue.
 */
int jh_worker_start(jh_worker **out, jh_work_fn fn, void *context, size_t max_pending_bytes);

/*
 * Queues copies of PATH and the LEN bytes at BYTES. Returns 0, or the code
 * of FN's first failure (its error comes from jh_worker_finish), or
 * JH_ENOMEM.
 */
int jh_worker_submit(jh_worker *worker, const char *path, const char *bytes, size_t len);

/*
 * Waits until every queued file is handled, stops the thread and frees the
 * worker. Returns 0 or FN's first nonzero result, with its error in ERR.
 */
int jh_worker_finish(jh_worker *worker, jh_error *err);

/* Returns true when the machine has more than one core online, so a worker pays off. */
int jh_worker_useful(void);

#endif
