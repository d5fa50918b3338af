#ifndef JOBHASH_ARRAY_H
#define JOBHASH_ARRAY_H

/* Growing arrays of any element type, with overflow-checked sizes. */

#include <stddef.h>

/*
 * Makes room for one more element in the array at *ITEMS, which holds
 * COUNT elements of ITEM_SIZE bytes in room for *CAPACITY. Doubles the
 * room when it is full, starting at MIN_CAPACITY. Returns 0, or
 * JH_ENOMEM and leaves the array unchanged.
 */
int jh_array_reserve(void **items, size_t *capacity, size_t count, size_t item_size,
		     size_t min_capacity);

/* Calls jh_array_reserve for an array pointer of any element type. */
#define JH_ARRAY_RESERVE(items, capacity, count, min_capacity)                    \
	jh_array_reserve((void **)&(items), &(capacity), (count), sizeof(*(items)), \
			 (min_capacity))

#endif
