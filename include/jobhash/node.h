#ifndef JOBHASH_NODE_H
#define JOBHASH_NODE_H

/*
 * The typed value tree of one manifest document, as Kubernetes' YAML
 * decoder sees it: scalars already resolved (docs/hash.md, rules 3 to 6),
 * aliases expanded by sharing nodes, merge keys applied, mapping keys
 * turned into strings. Nodes live in the arena of the file they came from.
 *
 * Every node also remembers where its text sits in the original file, so
 * that errors can be located and the rewriter can edit bytes in place.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum jh_kind {
	JH_NULL,
	JH_BOOL,
	JH_INT,    /* exact signed 64-bit integer */
	JH_FLOAT,  /* finite IEEE-754 double; never NaN or infinite */
	JH_STRING, /* valid UTF-8, may contain NUL */
	JH_SEQ,
	JH_MAP,
} jh_kind;

/* How the node was written in the source text. */
typedef enum jh_style {
	JH_STYLE_PLAIN,
	JH_STYLE_SINGLE_QUOTED,
	JH_STYLE_DOUBLE_QUOTED,
	JH_STYLE_LITERAL, /* | */
	JH_STYLE_FOLDED,  /* > */
	JH_STYLE_BLOCK,   /* block mapping or sequence */
	JH_STYLE_FLOW,    /* { } or [ ] */
	JH_STYLE_JSON,    /* any node read from a JSON file */
	JH_STYLE_SYNTHETIC, /* built by jobhash, not present in the text */
} jh_style;

/* Node properties seen in the source. */
enum {
	JH_NODE_ANCHORED = 1 << 0, /* the node carries an &anchor */
	JH_NODE_TAGGED = 1 << 1,   /* the node carries an explicit !tag */
};

/* A place in a file. */
typedef struct jh_span {
	size_t start;    /* byte offset of the first byte, 0-based */
	size_t end;      /* byte offset one past the last byte */
	unsigned line;   /* 1-based line of START */
	unsigned column; /* 1-based column of START, counted in characters */
} jh_span;

/* How a mapping entry came to be where it is. */
enum {
	JH_VIA_ALIAS = 1 << 0, /* the value was written as *alias */
	JH_VIA_MERGE = 1 << 1, /* the entry was copied in by a << merge key */
};

struct jh_node;

typedef struct jh_pair {
	const char *key;    /* the key as a JSON string, NUL-terminated */
	size_t key_len;     /* bytes in KEY, which may contain NUL */
	jh_span key_span;   /* where the key is written */
	struct jh_node *value;
	unsigned via;       /* JH_VIA_* flags */
} jh_pair;

typedef struct jh_node {
	jh_kind kind;
	jh_style style;
	unsigned flags; /* JH_NODE_* */
	jh_span span;   /* anchors and tags included, as libyaml reports it */
	union {
		bool boolean;
		int64_t integer;
		double number;
		struct {
			const char *bytes; /* NUL-terminated; LEN excludes the NUL */
			size_t len;
		} string;
		struct {
			struct jh_node **items;
			size_t count;
		} seq;
		struct {
			jh_pair *pairs; /* in order of first appearance */
			size_t count;
		} map;
	} as;
	/*
	 * Nodes in the expanded subtree, this one included, counting every
	 * alias at its full size. Bounds the work of walking the tree.
	 */
	size_t weight;
} jh_node;

/* Returns the value of KEY in the mapping MAP, or NULL (also for non-maps). */
const jh_node *jh_map_get(const jh_node *map, const char *key);

/* Returns the entry of KEY in MAP, or NULL. */
const jh_pair *jh_map_get_pair(const jh_node *map, const char *key);

/* Returns the string value of KEY in MAP, or NULL when absent or not a string. */
const char *jh_map_get_string(const jh_node *map, const char *key);

/* Returns true when NODE is a string equal to S. */
bool jh_node_is_string(const jh_node *node, const char *s);

/* Returns the name of KIND for messages ("string", "mapping", ...). */
const char *jh_kind_name(jh_kind kind);

#endif
