#ifndef JOBHASH_KUSTOMIZE_H
#define JOBHASH_KUSTOMIZE_H

/*
 * The namespace kustomize gives a manifest. A kustomization.yaml that sets
 * `namespace` and lists a file of its own directory under `resources`
 * moves every object of that file into that namespace, whatever namespace the
 * file names. The Job then lives there, and a kubectl line must name it.
 * Bases reached through other directories are not followed.
 */

#include "jobhash/buf.h"
#include "jobhash/error.h"
#include "jobhash/manifest.h"

/* Reads PATH into OUT; returns JH_ENOTFOUND when there is no such file. */
typedef int (*jh_kustomize_read_fn)(void *context, const char *path, jh_buf *out,
				    jh_error *err);

typedef struct jh_kustomize jh_kustomize;

/* Creates a lookup that reads kustomization files through READ, caching each directory. */
int jh_kustomize_new(jh_kustomize **out, jh_kustomize_read_fn read, void *context);

void jh_kustomize_free(jh_kustomize *kustomize);

/*
 * Moves the Jobs among OBJECTS->items[FIRST..], read from the manifest PATH,
 * into the namespace their kustomization sets, if any.
 */
int jh_kustomize_apply(jh_kustomize *kustomize, jh_object_list *objects, size_t first,
		       const char *path, jh_error *err);

#endif
