/*
 * The parse floor: the read floor plus libyaml's event parser over every
 * manifest blob, building no tree. It is the least work any libyaml-based
 * tool does on the same repository. A blob that libyaml rejects (a Helm
 * template, say) counts as a parse error; its events up to the error are
 * counted and the walk goes on with the next blob.
 *
 * Usage: floor_parse REPO REV
 * Prints: files=N bytes=N events=N parse_errors=N
 */

#include <stdio.h>

#include <yaml.h>

#include "floor_common.h"

struct totals {
	unsigned long long bytes;
	unsigned long long events;
	unsigned long long parse_errors;
};

static void parse_blob(void *context, const char *path, const char *bytes,
		       size_t len)
{
	struct totals *totals = context;
	yaml_parser_t parser;
	yaml_event_t event;
	int done = 0;

	(void)path;
	totals->bytes += len;
	if (!yaml_parser_initialize(&parser)) {
		totals->parse_errors++;
		return;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)bytes, len);

	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			totals->parse_errors++;
			break;
		}
		totals->events++;
		done = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
	}

	yaml_parser_delete(&parser);
}

int main(int argc, char **argv)
{
	struct totals totals = { 0, 0, 0 };
	long files;

	if (argc != 3) {
		fprintf(stderr, "usage: floor_parse REPO REV\n");
		return 2;
	}

	files = floor_each_blob(argv[1], argv[2], parse_blob, &totals);
	if (files < 0)
		return 1;

	printf("files=%ld bytes=%llu events=%llu parse_errors=%llu\n", files,
	       totals.bytes, totals.events, totals.parse_errors);
	return 0;
}
