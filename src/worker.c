/* A background thread for the files of a walk; see include/jobhash/worker.h. */

#include "jobhash/worker.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct work_item {
	struct work_item *next;
	char *path;
	char *bytes;
	size_t len;
} work_item;

struct jh_worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;   /* an item was queued or taken, or the worker stopped */
	jh_work_fn fn;
	void *context;
	work_item *head;
	work_item *tail;
	size_t pending_bytes;
	size_t max_pending_bytes;
	bool closing;             /* no more items will come */
	int result;               /* FN's first nonzero result */
	jh_error err;             /* and its error */
};

static void free_item(work_item *item)
{
	if (item == NULL)
		return;
	free(item->path);
	free(item->bytes);
	free(item);
}

/* Takes the next item, or NULL once the queue is empty and closing. */
static work_item *take_item(jh_worker *worker)
{
	work_item *item;

	pthread_mutex_lock(&worker->lock);
	while (worker->head == NULL && !worker->closing)
		pthread_cond_wait(&worker->changed, &worker->lock);

	item = worker->head;
	if (item != NULL) {
		worker->head = item->next;
		if (worker->head == NULL)
			worker->tail = NULL;
		worker->pending_bytes -= item->len;
		pthread_cond_broadcast(&worker->changed);
	}
	pthread_mutex_unlock(&worker->lock);
	return item;
}

static void *run_worker(void *argument)
{
	jh_worker *worker = argument;
	work_item *item;
	jh_error err;

	while ((item = take_item(worker)) != NULL) {
		int rc = 0;

		/* After a failure the rest is drained unhandled, so the walk can stop. */
		if (worker->result == 0) {
			jh_error_clear(&err);
			rc = worker->fn(worker->context, item->path, item->bytes, item->len, &err);
		}
		free_item(item);

		if (rc != 0) {
			pthread_mutex_lock(&worker->lock);
			worker->result = rc;
			worker->err = err;
			pthread_cond_broadcast(&worker->changed);
			pthread_mutex_unlock(&worker->lock);
		}
	}
	return NULL;
}

int jh_worker_start(jh_worker **out, jh_work_fn fn, void *context, size_t max_pending_bytes)
{
	jh_worker *worker = calloc(1, sizeof(*worker));

	*out = NULL;
	if (worker == NULL)
		return JH_ENOMEM;

	worker->fn = fn;
	worker->context = context;
	worker->max_pending_bytes = max_pending_bytes;
	pthread_mutex_init(&worker->lock, NULL);
	pthread_cond_init(&worker->changed, NULL);

	if (pthread_create(&worker->thread, NULL, run_worker, worker) != 0) {
		pthread_cond_destroy(&worker->changed);
		pthread_mutex_destroy(&worker->lock);
		free(worker);
		return JH_EIO;
	}
	*out = worker;
	return JH_OK;
}

int jh_worker_submit(jh_worker *worker, const char *path, const char *bytes, size_t len)
{
	work_item *item = calloc(1, sizeof(*item));
	int result;

	if (item == NULL)
		return JH_ENOMEM;
	item->path = strdup(path);
	item->bytes = malloc(len > 0 ? len : 1);
	if (item->path == NULL || item->bytes == NULL) {
		free_item(item);
		return JH_ENOMEM;
	}
	memcpy(item->bytes, bytes, len);
	item->len = len;

	pthread_mutex_lock(&worker->lock);
	/* A file larger than the budget still goes through, once the queue is empty. */
	while (worker->result == 0 && worker->head != NULL &&
	       worker->pending_bytes + len > worker->max_pending_bytes)
		pthread_cond_wait(&worker->changed, &worker->lock);

	result = worker->result;
	if (result == 0) {
		if (worker->tail != NULL)
			worker->tail->next = item;
		else
			worker->head = item;
		worker->tail = item;
		worker->pending_bytes += len;
		item = NULL;
		pthread_cond_broadcast(&worker->changed);
	}
	pthread_mutex_unlock(&worker->lock);

	free_item(item);
	return result;
}

int jh_worker_finish(jh_worker *worker, jh_error *err)
{
	int result;

	pthread_mutex_lock(&worker->lock);
	worker->closing = true;
	pthread_cond_broadcast(&worker->changed);
	pthread_mutex_unlock(&worker->lock);
	pthread_join(worker->thread, NULL);

	result = worker->result;
	if (result != 0 && err != NULL)
		*err = worker->err;

	pthread_cond_destroy(&worker->changed);
	pthread_mutex_destroy(&worker->lock);
	free(worker);
	return result;
}

int jh_worker_useful(void)
{
	return sysconf(_SC_NPROCESSORS_ONLN) > 1;
}
