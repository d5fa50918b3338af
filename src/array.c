/* Growing arrays; see include/jobhash/array.h. */

#include "jobhash/array.h"

#include <stdint.h>
#include <stdlib.h>

#include "jobhash/error.h"

int jh_array_reserve(void **items, size_t *capacity, size_t count, size_t item_size,
		     size_t min_capacity)
{
	size_t new_capacity;
	void *grown;

	if (count < *capacity)
		return JH_OK;

	new_capacity = *capacity == 0 ? min_capacity : *capacity;
	while (new_capacity <= count) {
		if (new_capacity > SIZE_MAX / 2)
			return JH_ENOMEM;
		new_capacity *= 2;
	}
	if (item_size != 0 && new_capacity > SIZE_MAX / item_size)
		return JH_ENOMEM;

	grown = realloc(*items, new_capacity * item_size);
	if (grown == NULL)
		return JH_ENOMEM;

	*items = grown;
	*capacity = new_capacity;
	return JH_OK;
}
