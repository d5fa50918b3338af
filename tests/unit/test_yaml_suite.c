/*
 * The loader against the YAML test suite (github.com/yaml/yaml-test-suite,
 * data release): each valid case's in.yaml must give the values of its
 * in.json, and each invalid case must fail. The suite is read from
 * $JOBHASH_YAML_TEST_SUITE, by default ../shared/yaml-test-suite from the
 * repository root; the test is skipped when it is absent.
 */

#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "jobhash/json.h"
#include "jobhash/yaml.h"

#define DEFAULT_SUITE "../shared/yaml-test-suite"

/*
 * Valid cases whose values differ on purpose or by a known limitation, each
 * with its reason. Case names are "ID" or "ID/NN".
 */
static const struct {
	const char *name;
	const char *reason;
} known_differences[] = {
	{ "27NA", "kubectl rejects a '---' line followed by content" },
	{ "2G84/02", "kubectl rejects a '---' line followed by content" },
	{ "2G84/03", "kubectl rejects a '---' line followed by content" },
	{ "2XXW", "kubectl rejects a '---' line followed by content" },
	{ "35KP", "kubectl rejects a '---' line followed by content" },
	{ "4Q9F", "kubectl rejects a '---' line followed by content" },
	{ "6FWR", "kubectl rejects a '---' line followed by content" },
	{ "6JQW", "kubectl rejects a '---' line followed by content" },
	{ "6LVF", "kubectl rejects a '---' line followed by content" },
	{ "753E", "kubectl rejects a '---' line followed by content" },
	{ "82AN", "kubectl rejects a '---' line followed by content" },
	{ "93WF", "kubectl rejects a '---' line followed by content" },
	{ "96L6", "kubectl rejects a '---' line followed by content" },
	{ "9MQT/00", "kubectl rejects a '---' line followed by content" },
	{ "B3HG", "kubectl rejects a '---' line followed by content" },
	{ "C4HZ", "kubectl rejects a '---' line followed by content" },
	{ "DK3J", "kubectl rejects a '---' line followed by content" },
	{ "EXG3", "kubectl rejects a '---' line followed by content" },
	{ "FP8R", "kubectl rejects a '---' line followed by content" },
	{ "FTA2", "kubectl rejects a '---' line followed by content" },
	{ "J7PZ", "kubectl rejects a '---' line followed by content" },
	{ "K54U", "kubectl rejects a '---' line followed by content" },
	{ "KSS4", "kubectl rejects a '---' line followed by content" },
	{ "L383", "kubectl rejects a '---' line followed by content" },
	{ "T26H", "kubectl rejects a '---' line followed by content" },
	{ "T5N4", "kubectl rejects a '---' line followed by content" },
	{ "UGM3", "kubectl rejects a '---' line followed by content" },
	{ "W4TN", "kubectl rejects a '---' line followed by content" },
	{ "2LFX", "kubectl does not support %YAML and %TAG directives" },
	{ "5TYM", "kubectl does not support %YAML and %TAG directives" },
	{ "6CK3", "kubectl does not support %YAML and %TAG directives" },
	{ "BEC7", "kubectl does not support %YAML and %TAG directives" },
	{ "CC74", "kubectl does not support %YAML and %TAG directives" },
	{ "DK95/07", "kubectl does not support %YAML and %TAG directives" },
	{ "MUS6/02", "kubectl does not support %YAML and %TAG directives" },
	{ "MUS6/03", "kubectl does not support %YAML and %TAG directives" },
	{ "MUS6/04", "kubectl does not support %YAML and %TAG directives" },
	{ "MUS6/05", "kubectl does not support %YAML and %TAG directives" },
	{ "MUS6/06", "kubectl does not support %YAML and %TAG directives" },
	{ "P76L", "kubectl does not support %YAML and %TAG directives" },
	{ "RTP8", "kubectl does not support %YAML and %TAG directives" },
	{ "U3C3", "kubectl does not support %YAML and %TAG directives" },
	{ "Z9M4", "kubectl does not support %YAML and %TAG directives" },
	{ "4MUZ/01", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "4MUZ/02", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "58MP", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "5MUD", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "9SA2", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "K3WX", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "NJ66", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "UT92", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "VJP3/01", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "5T43", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "DBG4", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "HM87/00", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "HM87/01", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "8XYN", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "W5VH", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "96NN/00", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "96NN/01", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "R4YG", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "Y79Y/001", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "DK95/04", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "6BCT", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "6CA3", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "A2M4", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "DK95/00", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "DK95/03", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "Y79Y/010", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "652Z", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "M7A3", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "Y2GN", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "2SXE", "libyaml 0.2.5 parses it differently from the YAML spec" },
	{ "6ZKB", "kubectl's split leaves a chunk that opens with \"...\", which libyaml rejects with no document before it; go-yaml v2 ports that parser" },
	{ "9DXL", "kubectl's split leaves a chunk that opens with \"...\", which libyaml rejects with no document before it; go-yaml v2 ports that parser" },
	{ "HWV9", "kubectl's split leaves a chunk that opens with \"...\", which libyaml rejects with no document before it; go-yaml v2 ports that parser" },
	{ "QT73", "kubectl's split leaves a chunk that opens with \"...\", which libyaml rejects with no document before it; go-yaml v2 ports that parser" },
	{ "6XDY", "kubectl's split drops empty documents that in.json lists as null" },
	{ "PUW8", "kubectl's split drops empty documents that in.json lists as null" },
	{ "7Z25", "kubectl reads one document per chunk and drops what follows '...'" },
	{ "565N", "!!binary data that is not UTF-8 has no place in the hash" },
};

/* Invalid cases that libyaml 0.2.5 (and so the loader) accepts. */
static const char *const accepted_errors[] = {
	/* libyaml 0.2.5 accepts these invalid inputs */
	"9C9N",
	"9HCY",
	"9JBA",
	"CVW2",
	"DK95/01",
	"EB22",
	"G5U8",
	"QB6E",
	"RHX7",
	"S98Z",
	"SU5Z",
	"X4QW",
	"Y79Y/003",
	"YJV2",
	/* the invalid part follows the first document, which kubectl drops (with a warning here) */
	"3HFZ",
	"4H7K",
	"BS4K",
	"KS4U",
};

typedef struct counts {
	unsigned compared;
	unsigned matched;
	unsigned known;
	unsigned errors_expected;
	unsigned errors_rejected;
	unsigned errors_accepted_known;
	unsigned unexpected;
} counts;

static bool in_list(const char *name, bool errors)
{
	if (errors) {
		for (size_t i = 0; i < sizeof(accepted_errors) / sizeof(accepted_errors[0]); i++) {
			if (strcmp(accepted_errors[i], name) == 0)
				return true;
		}
		return false;
	}
	for (size_t i = 0; i < sizeof(known_differences) / sizeof(known_differences[0]); i++) {
		if (strcmp(known_differences[i].name, name) == 0)
			return true;
	}
	return false;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long size;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		data = malloc((size_t)size + 1);
		if (data != NULL && fread(data, 1, (size_t)size, f) != (size_t)size) {
			free(data);
			data = NULL;
		}
		if (data != NULL) {
			data[size] = '\0';
			*len = (size_t)size;
		}
	}
	fclose(f);
	return data;
}

static bool exists(const char *dir, const char *file)
{
	char path[8192];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return stat(path, &st) == 0;
}

static bool is_null(const jh_node *node)
{
	return node == NULL || node->kind == JH_NULL;
}

static bool is_number(const jh_node *node)
{
	return node->kind == JH_INT || node->kind == JH_FLOAT;
}

static double number_value(const jh_node *node)
{
	return node->kind == JH_INT ? (double)node->as.integer : node->as.number;
}

/* Structural equality: numbers by value, mappings regardless of key order. */
static bool nodes_equal(const jh_node *a, const jh_node *b)
{
	if (is_null(a) || is_null(b))
		return is_null(a) && is_null(b);
	if (is_number(a) && is_number(b))
		return number_value(a) == number_value(b);
	if (a->kind != b->kind)
		return false;

	switch (a->kind) {
	case JH_BOOL:
		return a->as.boolean == b->as.boolean;
	case JH_STRING:
		return a->as.string.len == b->as.string.len &&
		       memcmp(a->as.string.bytes, b->as.string.bytes, a->as.string.len) == 0;
	case JH_SEQ:
		if (a->as.seq.count != b->as.seq.count)
			return false;
		for (size_t i = 0; i < a->as.seq.count; i++) {
			if (!nodes_equal(a->as.seq.items[i], b->as.seq.items[i]))
				return false;
		}
		return true;
	case JH_MAP:
		if (a->as.map.count != b->as.map.count)
			return false;
		for (size_t i = 0; i < a->as.map.count; i++) {
			const jh_pair *pair = &a->as.map.pairs[i];
			const jh_pair *other = NULL;

			for (size_t j = 0; j < b->as.map.count && other == NULL; j++) {
				const jh_pair *candidate = &b->as.map.pairs[j];

				if (candidate->key_len == pair->key_len &&
				    memcmp(candidate->key, pair->key, pair->key_len) == 0)
					other = candidate;
			}
			if (other == NULL || !nodes_equal(pair->value, other->value))
				return false;
		}
		return true;
	case JH_NULL:
	case JH_INT:
	case JH_FLOAT:
		break;
	}
	return false;
}

/* Returns true when in.yaml loads to the values of in.json. */
static bool matches_json(const char *dir)
{
	char path[8192];
	char *yaml = NULL;
	char *json = NULL;
	size_t yaml_len = 0;
	size_t json_len = 0;
	jh_file *file = NULL;
	jh_arena *arena = jh_arena_new();
	jh_json_result expected;
	jh_load_options options;
	jh_error err;
	bool equal = false;

	memset(&options, 0, sizeof(options));
	snprintf(path, sizeof(path), "%s/in.yaml", dir);
	yaml = read_file(path, &yaml_len);
	snprintf(path, sizeof(path), "%s/in.json", dir);
	json = read_file(path, &json_len);
	if (yaml == NULL || json == NULL || arena == NULL)
		goto done;

	if (jh_json_parse(&expected, arena, "in.json", json, json_len, 0, &options, NULL, &err) != 0)
		goto done;
	if (jh_load(&file, "in.yaml", yaml, yaml_len, &options, NULL, &err) != 0)
		goto done;

	/* Empty and comment-only chunks give null documents that in.json does not list. */
	{
		size_t j = 0;

		equal = true;
		for (size_t i = 0; i < file->document_count && equal; i++) {
			if (file->documents[i].root == NULL && expected.document_count < file->document_count &&
			    (j >= expected.document_count || expected.documents[j].root != NULL))
				continue;
			if (j >= expected.document_count ||
			    !nodes_equal(file->documents[i].root, expected.documents[j].root))
				equal = false;
			j++;
		}
		if (j != expected.document_count)
			equal = false;
	}

done:
	jh_file_free(file);
	jh_arena_free(arena);
	free(yaml);
	free(json);
	return equal;
}

static bool load_fails(const char *dir)
{
	char path[8192];
	size_t len = 0;
	char *yaml;
	jh_file *file = NULL;
	jh_error err;
	int rc;

	snprintf(path, sizeof(path), "%s/in.yaml", dir);
	yaml = read_file(path, &len);
	if (yaml == NULL)
		return false;
	rc = jh_load(&file, "in.yaml", yaml, len, NULL, NULL, &err);
	jh_file_free(file);
	free(yaml);
	return rc != 0;
}

static void run_case(const char *dir, const char *name, counts *c)
{
	if (exists(dir, "error")) {
		c->errors_expected++;
		if (load_fails(dir)) {
			c->errors_rejected++;
		} else if (in_list(name, true)) {
			c->errors_accepted_known++;
		} else {
			printf("UNEXPECTED: %s: invalid YAML was accepted\n", name);
			c->unexpected++;
		}
		return;
	}

	if (!exists(dir, "in.json"))
		return;

	c->compared++;
	if (matches_json(dir)) {
		c->matched++;
		if (in_list(name, false)) {
			printf("UNEXPECTED: %s: listed as a known difference but matches\n", name);
			c->unexpected++;
		}
	} else if (in_list(name, false)) {
		c->known++;
	} else {
		printf("UNEXPECTED: %s: values differ from in.json\n", name);
		c->unexpected++;
	}
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the sorted names of the subdirectories of DIR; the caller frees them. */
static char **list_dirs(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *entry;
	char **names = NULL;
	size_t n = 0;

	*count = 0;
	if (d == NULL)
		return NULL;
	while ((entry = readdir(d)) != NULL) {
		char path[8192];
		struct stat st;
		char **grown;

		if (entry->d_name[0] == '.' || strcmp(entry->d_name, "name") == 0 ||
		    strcmp(entry->d_name, "tags") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
		if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		grown = realloc(names, (n + 1) * sizeof(*names));
		assert_non_null(grown);
		names = grown;
		names[n] = strdup(entry->d_name);
		assert_non_null(names[n]);
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), compare_names);
	*count = n;
	return names;
}

static void free_names(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

static void suite_cases(void **state)
{
	const char *root = getenv("JOBHASH_YAML_TEST_SUITE");
	counts c;
	size_t id_count;
	char **ids;
	struct stat st;

	(void)state;
	memset(&c, 0, sizeof(c));
	if (root == NULL || root[0] == '\0')
		root = DEFAULT_SUITE;

	if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
		printf("SKIPPED: yaml-test-suite not found at %s\n", root);
		skip();
	}

	ids = list_dirs(root, &id_count);
	for (size_t i = 0; i < id_count; i++) {
		char dir[4096];

		snprintf(dir, sizeof(dir), "%s/%s", root, ids[i]);
		if (exists(dir, "in.yaml")) {
			run_case(dir, ids[i], &c);
		} else {
			size_t sub_count;
			char **subs = list_dirs(dir, &sub_count);

			for (size_t j = 0; j < sub_count; j++) {
				char sub[8192];
				char name[1024];

				snprintf(sub, sizeof(sub), "%s/%s", dir, subs[j]);
				snprintf(name, sizeof(name), "%s/%s", ids[i], subs[j]);
				run_case(sub, name, &c);
			}
			free_names(subs, sub_count);
		}
	}
	free_names(ids, id_count);

	printf("yaml-test-suite: %u compared, %u matched, %u known differences; "
	       "%u invalid cases, %u rejected, %u accepted as known\n",
	       c.compared, c.matched, c.known, c.errors_expected, c.errors_rejected,
	       c.errors_accepted_known);
	assert_int_equal(c.unexpected, 0);
	assert_true(c.compared > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(suite_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
