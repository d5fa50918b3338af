/* Mapping construction with kubectl's key rules; see include/jobhash/mapping.h. */

#include "jobhash/mapping.h"

#include <stdlib.h>
#include <string.h>

#include "jobhash/scalar.h"

/* Mappings with fewer entries are searched linearly, without the index. */
#define LINEAR_SEARCH_MAX 16

/* An index larger than this is shrunk when reset, so small mappings stay cheap. */
#define INDEX_KEEP_MAX 1024

size_t jh_weight_add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

uint32_t jh_string_hash(const char *s, size_t len)
{
	uint32_t hash = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		hash ^= (unsigned char)s[i];
		hash *= 16777619u;
	}
	return hash;
}

static size_t index_capacity_for(size_t count)
{
	size_t capacity = 16;

	while (capacity < count * 2 && capacity < SIZE_MAX / 4)
		capacity *= 2;
	return capacity;
}

int jh_string_index_reset(jh_string_index *index, size_t count)
{
	size_t capacity = index_capacity_for(count);

	if (index->capacity > INDEX_KEEP_MAX && index->capacity > capacity) {
		free(index->slots);
		index->slots = NULL;
		index->capacity = 0;
	}

	if (index->capacity < capacity) {
		jh_string_slot *slots = calloc(capacity, sizeof(*slots));

		if (slots == NULL)
			return JH_ENOMEM;
		free(index->slots);
		index->slots = slots;
		index->capacity = capacity;
	} else {
		memset(index->slots, 0, index->capacity * sizeof(*index->slots));
	}

	index->count = 0;
	return JH_OK;
}

void jh_string_index_release(jh_string_index *index)
{
	free(index->slots);
	index->slots = NULL;
	index->capacity = 0;
	index->count = 0;
}

size_t jh_string_index_find(const jh_string_index *index, uint32_t hash,
			    jh_string_match *match, const void *context)
{
	size_t mask = index->capacity - 1;

	if (index->capacity == 0)
		return SIZE_MAX;

	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		const jh_string_slot *slot = &index->slots[i];

		if (slot->position == 0)
			return SIZE_MAX;
		if (slot->hash == hash && match(context, slot->position - 1))
			return slot->position - 1;
	}
}

static int index_grow(jh_string_index *index)
{
	size_t capacity = index->capacity ? index->capacity * 2 : 16;
	jh_string_slot *slots;

	if (capacity > SIZE_MAX / sizeof(*slots))
		return JH_ENOMEM;
	slots = calloc(capacity, sizeof(*slots));
	if (slots == NULL)
		return JH_ENOMEM;

	for (size_t i = 0; i < index->capacity; i++) {
		jh_string_slot slot = index->slots[i];
		size_t j;

		if (slot.position == 0)
			continue;
		for (j = slot.hash & (capacity - 1); slots[j].position != 0;
		     j = (j + 1) & (capacity - 1))
			;
		slots[j] = slot;
	}

	free(index->slots);
	index->slots = slots;
	index->capacity = capacity;
	return JH_OK;
}

int jh_string_index_set(jh_string_index *index, uint32_t hash,
			jh_string_match *match, const void *context,
			size_t position)
{
	size_t mask;
	size_t i;

	if (position >= UINT32_MAX)
		return JH_ENOMEM;

	/* Keep the load factor at most one half. */
	if ((index->count + 1) * 2 > index->capacity) {
		int rc = index_grow(index);

		if (rc != JH_OK)
			return rc;
	}

	mask = index->capacity - 1;
	for (i = hash & mask; index->slots[i].position != 0; i = (i + 1) & mask) {
		jh_string_slot *slot = &index->slots[i];

		if (slot->hash == hash && match(context, slot->position - 1)) {
			slot->position = (uint32_t)position + 1;
			return JH_OK;
		}
	}

	index->slots[i].position = (uint32_t)position + 1;
	index->slots[i].hash = hash;
	index->count++;
	return JH_OK;
}

void jh_mapping_builder_init(jh_mapping_builder *builder, jh_arena *arena,
			     const char *path, bool strict, size_t max_nodes,
			     jh_diagnostics *diagnostics)
{
	memset(builder, 0, sizeof(*builder));
	builder->arena = arena;
	builder->path = path;
	builder->strict = strict;
	builder->max_nodes = max_nodes;
	builder->diagnostics = diagnostics;
}

void jh_mapping_builder_release(jh_mapping_builder *builder)
{
	if (builder == NULL)
		return;
	free(builder->pairs);
	free(builder->keys);
	jh_string_index_release(&builder->index);
	builder->pairs = NULL;
	builder->keys = NULL;
	builder->count = 0;
	builder->capacity = 0;
}

void jh_mapping_begin(jh_mapping_builder *builder)
{
	builder->count = 0;
	builder->weight = 1;
	builder->index.count = 0;
}

int jh_mapping_budget_error(jh_error *err, const char *path,
			    const jh_span *span, size_t max_nodes)
{
	jh_error_set(err, JH_EINVALID, path, span->line, span->column,
		     "document expands to more than %zu nodes through aliases",
		     max_nodes);
	jh_error_hint(err, "remove the nested aliases; Kubernetes rejects excessive aliasing too");
	return JH_EINVALID;
}

typedef struct key_lookup {
	const jh_mapping_builder *builder;
	const char *key;
	size_t len;
} key_lookup;

static bool pair_matches(const void *context, size_t position)
{
	const key_lookup *lookup = context;
	const jh_pair *pair = &lookup->builder->pairs[position];

	return pair->key_len == lookup->len &&
	       memcmp(pair->key, lookup->key, lookup->len) == 0;
}

/* Returns the position of the pair whose key is the LEN bytes at KEY, or SIZE_MAX. */
static size_t find_pair(const jh_mapping_builder *builder, const char *key,
			size_t len, uint32_t hash)
{
	key_lookup lookup = { builder, key, len };

	if (builder->count < LINEAR_SEARCH_MAX) {
		for (size_t i = 0; i < builder->count; i++) {
			if (pair_matches(&lookup, i))
				return i;
		}
		return SIZE_MAX;
	}
	return jh_string_index_find(&builder->index, hash, pair_matches, &lookup);
}

static int index_pair(jh_mapping_builder *builder, size_t position)
{
	const jh_pair *pair = &builder->pairs[position];
	key_lookup lookup = { builder, pair->key, pair->key_len };

	return jh_string_index_set(&builder->index,
				   jh_string_hash(pair->key, pair->key_len),
				   pair_matches, &lookup, position);
}

/* Switches from linear search to the index once the mapping grows. */
static int start_index(jh_mapping_builder *builder)
{
	int rc = jh_string_index_reset(&builder->index, builder->count * 2);

	for (size_t i = 0; rc == JH_OK && i < builder->count; i++)
		rc = index_pair(builder, i);
	return rc;
}

static int append_pair(jh_mapping_builder *builder, const jh_pair *pair,
		       const jh_node *key, jh_error *err)
{
	int rc;

	if (builder->count == builder->capacity) {
		size_t capacity = builder->capacity ? builder->capacity * 2 : 32;
		jh_pair *pairs;
		const jh_node **keys;

		if (capacity > SIZE_MAX / sizeof(*pairs))
			return jh_error_nomem(err);
		pairs = realloc(builder->pairs, capacity * sizeof(*pairs));
		if (pairs == NULL)
			return jh_error_nomem(err);
		builder->pairs = pairs;
		keys = realloc(builder->keys, capacity * sizeof(*keys));
		if (keys == NULL)
			return jh_error_nomem(err);
		builder->keys = keys;
		builder->capacity = capacity;
	}

	builder->pairs[builder->count] = *pair;
	builder->keys[builder->count] = key;
	builder->count++;

	if (builder->count == LINEAR_SEARCH_MAX)
		rc = start_index(builder);
	else if (builder->count > LINEAR_SEARCH_MAX)
		rc = index_pair(builder, builder->count - 1);
	else
		rc = JH_OK;
	return rc == JH_OK ? JH_OK : jh_error_nomem(err);
}

static int add_weight(jh_mapping_builder *builder, const jh_node *value,
		      const jh_span *where, jh_error *err)
{
	builder->weight = jh_weight_add(builder->weight, jh_weight_add(1, value->weight));
	if (builder->weight > builder->max_nodes)
		return jh_mapping_budget_error(err, builder->path, where, builder->max_nodes);
	return JH_OK;
}

static bool same_yaml_value(const jh_node *a, const jh_node *b)
{
	if (a->kind != b->kind)
		return false;

	switch (a->kind) {
	case JH_STRING:
		return a->as.string.len == b->as.string.len &&
		       memcmp(a->as.string.bytes, b->as.string.bytes, a->as.string.len) == 0;
	case JH_INT:
		return a->as.integer == b->as.integer;
	case JH_BOOL:
		return a->as.boolean == b->as.boolean;
	case JH_FLOAT:
		return a->as.number == b->as.number;
	case JH_NULL:
	case JH_SEQ:
	case JH_MAP:
		break;
	}
	return false;
}

/* Writes KEY's value for messages: quoted for strings, as YAML reads it otherwise. */
static void describe_key(char *out, size_t size, const jh_node *key)
{
	if (key->kind == JH_STRING)
		snprintf(out, size, "\"%.*s\"", (int)(key->as.string.len > 200 ? 200 : key->as.string.len),
			 key->as.string.bytes);
	else if (key->kind == JH_FLOAT)
		snprintf(out, size, "%.17g", key->as.number);
	else if (jh_scalar_format_key(out, key) == 0)
		snprintf(out, size, "%s", jh_kind_name(key->kind));
}

static int report_conflict(jh_mapping_builder *builder, const jh_node *earlier,
			   const jh_node *later, const char *text, size_t len,
			   jh_error *err)
{
	char first[256];
	char second[256];

	describe_key(first, sizeof(first), earlier);
	describe_key(second, sizeof(second), later);
	jh_error_set(err, JH_EINVALID, builder->path, later->span.line, later->span.column,
		     "keys %s (%s, line %u) and %s (%s, line %u) both become \"%.*s\"; "
		     "Kubernetes would keep one of them at random",
		     first, jh_kind_name(earlier->kind), earlier->span.line,
		     second, jh_kind_name(later->kind), later->span.line,
		     (int)(len > 200 ? 200 : len), text);
	jh_error_hint(err, "quote the keys alike or rename one of them");
	return JH_EINVALID;
}

static int report_duplicate(jh_mapping_builder *builder, const jh_pair *earlier,
			    const jh_node *later, jh_error *err)
{
	jh_error warning;
	int shown = (int)(earlier->key_len > 200 ? 200 : earlier->key_len);

	jh_error_set(&warning, JH_EINVALID, builder->path, later->span.line, later->span.column,
		     "duplicate key \"%.*s\" (first at line %u); the later value is used, as kubectl uses it",
		     shown, earlier->key, earlier->key_span.line);

	if (builder->strict || builder->diagnostics == NULL) {
		if (builder->strict) {
			*err = warning;
			jh_error_hint(err, "remove one of the two entries");
			return JH_EINVALID;
		}
		return JH_OK;
	}

	if (jh_diagnostics_add_error(builder->diagnostics, &warning) != JH_OK)
		return jh_error_nomem(err);
	return JH_OK;
}

int jh_mapping_put(jh_mapping_builder *builder, const jh_node *key,
		   jh_node *value, unsigned via, jh_error *err)
{
	char number[JH_SCALAR_KEY_MAX];
	const char *text;
	size_t len;
	size_t position;
	jh_pair pair;
	int rc;

	/* hash.md rule 6: a key becomes a string. */
	if (key->kind == JH_STRING) {
		text = key->as.string.bytes;
		len = key->as.string.len;
	} else {
		len = jh_scalar_format_key(number, key);
		text = number;
	}

	rc = add_weight(builder, value, &key->span, err);
	if (rc != JH_OK)
		return rc;

	position = find_pair(builder, text, len, jh_string_hash(text, len));
	if (position != SIZE_MAX) {
		jh_pair *existing = &builder->pairs[position];
		const jh_node *earlier = builder->keys[position];

		/* An earlier entry from a merge key is overwritten without a warning. */
		if (earlier != NULL && !same_yaml_value(earlier, key))
			return report_conflict(builder, earlier, key, text, len, err);
		if (earlier != NULL) {
			rc = report_duplicate(builder, existing, key, err);
			if (rc != JH_OK)
				return rc;
		}

		existing->value = value;
		existing->key_span = key->span;
		existing->via = via;
		builder->keys[position] = key;
		return JH_OK;
	}

	if (text == number) {
		text = jh_arena_strndup(builder->arena, number, len);
		if (text == NULL)
			return jh_error_nomem(err);
	}

	pair.key = text;
	pair.key_len = len;
	pair.key_span = key->span;
	pair.value = value;
	pair.via = via;
	return append_pair(builder, &pair, key, err);
}

/* Copies the entries of SOURCE in, as ordinary writes (go-yaml v2 order). */
static int merge_mapping(jh_mapping_builder *builder, const jh_node *source,
			 const jh_span *merge_span, jh_error *err)
{
	for (size_t i = 0; i < source->as.map.count; i++) {
		const jh_pair *from = &source->as.map.pairs[i];
		size_t position;
		jh_pair pair;
		int rc;

		rc = add_weight(builder, from->value, merge_span, err);
		if (rc != JH_OK)
			return rc;

		pair = *from;
		pair.via |= JH_VIA_MERGE;

		position = find_pair(builder, from->key, from->key_len,
				     jh_string_hash(from->key, from->key_len));
		if (position != SIZE_MAX) {
			/* NOTE: the kind of a merged key is not kept, so 1 and "1" do not conflict here. */
			builder->pairs[position] = pair;
			builder->keys[position] = NULL;
			continue;
		}

		rc = append_pair(builder, &pair, NULL, err);
		if (rc != JH_OK)
			return rc;
	}
	return JH_OK;
}

static int merge_value_error(jh_mapping_builder *builder, const jh_span *merge_span,
			     jh_error *err)
{
	jh_error_set(err, JH_EINVALID, builder->path, merge_span->line, merge_span->column,
		     "merge key '<<' needs a mapping or a list of mappings");
	return JH_EINVALID;
}

int jh_mapping_merge(jh_mapping_builder *builder, const jh_node *source,
		     const jh_span *merge_span, jh_error *err)
{
	/* hash.md rule 6: a list is applied last to first, so earlier mappings win. */
	if (source->kind == JH_SEQ) {
		for (size_t i = source->as.seq.count; i > 0; i--) {
			const jh_node *item = source->as.seq.items[i - 1];
			int rc;

			if (item->kind != JH_MAP)
				return merge_value_error(builder, merge_span, err);
			rc = merge_mapping(builder, item, merge_span, err);
			if (rc != JH_OK)
				return rc;
		}
		return JH_OK;
	}

	if (source->kind != JH_MAP)
		return merge_value_error(builder, merge_span, err);
	return merge_mapping(builder, source, merge_span, err);
}

int jh_mapping_finish(jh_mapping_builder *builder, jh_node *map, jh_error *err)
{
	jh_pair *pairs = NULL;

	if (builder->count > 0) {
		pairs = jh_arena_calloc(builder->arena, builder->count, sizeof(*pairs));
		if (pairs == NULL)
			return jh_error_nomem(err);
		memcpy(pairs, builder->pairs, builder->count * sizeof(*pairs));
	}

	map->kind = JH_MAP;
	map->as.map.pairs = pairs;
	map->as.map.count = builder->count;
	map->weight = builder->weight;
	return JH_OK;
}
