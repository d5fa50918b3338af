/*
 * The read floor: the cost of reading every manifest blob of a revision
 * and scanning it once, with no parsing. jobhash cannot be faster than
 * this on the same repository.
 *
 * Usage: floor_read REPO REV
 * Prints: files=N bytes=N kind_hits=N
 */

#include <stdio.h>
#include <string.h>

#include "floor_common.h"

struct totals {
	unsigned long long bytes;
	unsigned long long hits;
};

static void scan_blob(void *context, const char *path, const char *bytes,
		      size_t len)
{
	static const char needle[] = "kind:";
	struct totals *totals = context;
	const char *at = bytes;
	const char *end = bytes + len;

	(void)path;
	totals->bytes += len;
	while (at < end) {
		const char *hit = memmem(at, (size_t)(end - at), needle,
					 sizeof(needle) - 1);

		if (hit == NULL)
			break;
		totals->hits++;
		at = hit + sizeof(needle) - 1;
	}
}

int main(int argc, char **argv)
{
	struct totals totals = { 0, 0 };
	long files;

	if (argc != 3) {
		fprintf(stderr, "usage: floor_read REPO REV\n");
		return 2;
	}

	files = floor_each_blob(argv[1], argv[2], scan_blob, &totals);
	if (files < 0)
		return 1;

	printf("files=%ld bytes=%llu kind_hits=%llu\n", files, totals.bytes,
	       totals.hits);
	return 0;
}
