#ifndef JOBHASH_MAPPING_H
#define JOBHASH_MAPPING_H

/*
 * Builds the entries of one mapping as go-yaml v2 and sigs.k8s.io/yaml do
 * (docs/hash.md, rule 6): keys become strings, a repeated key keeps its
 * first position and takes the later value, merge keys copy entries in
 * document order, and two different keys that become the same string are
 * an error. Used by the YAML and the JSON readers.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jobhash/arena.h"
#include "jobhash/error.h"
#include "jobhash/node.h"

/*
 * A hash index from byte strings to positions in the caller's array, which
 * keeps the strings themselves. Reused from mapping to mapping.
 */
typedef struct jh_string_slot {
	uint32_t position; /* position + 1, or 0 when the slot is free */
	uint32_t hash;
} jh_string_slot;

typedef struct jh_string_index {
	jh_string_slot *slots;
	size_t capacity; /* a power of two, or 0 */
	size_t count;
} jh_string_index;

/* Returns true when the entry at POSITION of the caller's array has the key looked up. */
typedef bool jh_string_match(const void *context, size_t position);

typedef struct jh_mapping_builder {
	jh_arena *arena;
	const char *path;               /* for messages */
	bool strict;                    /* duplicate keys are errors */
	size_t max_nodes;               /* bound on the mapping's weight */
	jh_diagnostics *diagnostics;

	/* The mapping under construction; scratch memory reused across mappings. */
	jh_pair *pairs;
	const jh_node **keys; /* the key as read for each pair; NULL when merged in */
	size_t count;
	size_t capacity;
	size_t weight;        /* 1 + the weights of the keys and values so far */
	jh_string_index index;
} jh_mapping_builder;

void jh_mapping_builder_init(jh_mapping_builder *builder, jh_arena *arena,
			     const char *path, bool strict, size_t max_nodes,
			     jh_diagnostics *diagnostics);

/* Releases the scratch memory; the arena is left alone. */
void jh_mapping_builder_release(jh_mapping_builder *builder);

/* Starts a new, empty mapping. */
void jh_mapping_begin(jh_mapping_builder *builder);

/*
 * Writes the scalar KEY (string, integer, boolean or double) with VALUE.
 * VIA contains JH_VIA_* flags. A key equal to an earlier one replaces that
 * entry's value in place and adds a warning (an error when strict).
 */
int jh_mapping_put(jh_mapping_builder *builder, const jh_node *key,
		   jh_node *value, unsigned via, jh_error *err);

/*
 * Applies a merge key whose value is SOURCE, written at MERGE_SPAN: a
 * mapping, or a sequence of mappings applied last to first.
 */
int jh_mapping_merge(jh_mapping_builder *builder, const jh_node *source,
		     const jh_span *merge_span, jh_error *err);

/* Copies the entries into the arena as MAP's pairs and sets its weight. */
int jh_mapping_finish(jh_mapping_builder *builder, jh_node *map, jh_error *err);

/* Message for a document whose weight exceeds MAX_NODES. */
int jh_mapping_budget_error(jh_error *err, const char *path,
			    const jh_span *span, size_t max_nodes);

/* Adds A and B, saturating at SIZE_MAX. */
size_t jh_weight_add(size_t a, size_t b);

/* Returns the FNV-1a hash of the LEN bytes at S. */
uint32_t jh_string_hash(const char *s, size_t len);

/* Forgets every entry of INDEX and makes room for COUNT of them. */
int jh_string_index_reset(jh_string_index *index, size_t count);

/* Returns the position stored for the key with HASH that MATCH accepts, or SIZE_MAX. */
size_t jh_string_index_find(const jh_string_index *index, uint32_t hash,
			    jh_string_match *match, const void *context);

/*
 * Stores POSITION for the key with HASH, replacing the position of the key
 * that MATCH accepts when there is one. Returns 0 or JH_ENOMEM.
 */
int jh_string_index_set(jh_string_index *index, uint32_t hash,
			jh_string_match *match, const void *context,
			size_t position);

void jh_string_index_release(jh_string_index *index);

#endif
