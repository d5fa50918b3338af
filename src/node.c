/* Lookups on the typed value tree; see include/jobhash/node.h. */

#include "jobhash/node.h"

#include <string.h>

const jh_pair *jh_map_get_pair(const jh_node *map, const char *key)
{
	size_t key_len;

	if (map == NULL || map->kind != JH_MAP)
		return NULL;

	key_len = strlen(key);
	for (size_t i = 0; i < map->as.map.count; i++) {
		const jh_pair *pair = &map->as.map.pairs[i];

		if (pair->key_len == key_len && memcmp(pair->key, key, key_len) == 0)
			return pair;
	}
	return NULL;
}

const jh_node *jh_map_get(const jh_node *map, const char *key)
{
	const jh_pair *pair = jh_map_get_pair(map, key);

	return pair != NULL ? pair->value : NULL;
}

const char *jh_map_get_string(const jh_node *map, const char *key)
{
	const jh_node *value = jh_map_get(map, key);

	if (value == NULL || value->kind != JH_STRING)
		return NULL;
	return value->as.string.bytes;
}

bool jh_node_is_string(const jh_node *node, const char *s)
{
	size_t len = strlen(s);

	return node != NULL && node->kind == JH_STRING &&
	       node->as.string.len == len &&
	       memcmp(node->as.string.bytes, s, len) == 0;
}

const char *jh_kind_name(jh_kind kind)
{
	switch (kind) {
	case JH_NULL:
		return "null";
	case JH_BOOL:
		return "boolean";
	case JH_INT:
		return "integer";
	case JH_FLOAT:
		return "number";
	case JH_STRING:
		return "string";
	case JH_SEQ:
		return "sequence";
	case JH_MAP:
		return "mapping";
	}
	return "value";
}
