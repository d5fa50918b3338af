#ifndef JOBHASH_FIELDDIFF_H
#define JOBHASH_FIELDDIFF_H

/*
 * The fields that differ between two value trees, with readable paths:
 * lists of mappings that all carry a distinct "name" are matched by name
 * (containers[name=migrate].image), other lists by index.
 */

#include <stddef.h>

#include "jobhash/error.h"
#include "jobhash/node.h"

typedef struct jh_change {
	char *field;              /* path from the root, owned */
	const jh_node *old_value; /* NULL when the field is absent on the old side */
	const jh_node *new_value; /* NULL when the field is absent on the new side */
} jh_change;

typedef struct jh_change_list {
	jh_change *items;
	size_t count;
	size_t capacity;
} jh_change_list;

/*
 * Appends to OUT a change for every leaf where OLD and NEW differ under the
 * canonical rules (a null-valued entry counts as absent). PREFIX names the
 * root ("spec").
 */
int jh_diff_fields(jh_change_list *out, const char *prefix,
		   const jh_node *old_node, const jh_node *new_node,
		   jh_error *err);

void jh_change_list_free(jh_change_list *list);

#endif
