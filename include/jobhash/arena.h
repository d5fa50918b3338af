#ifndef JOBHASH_ARENA_H
#define JOBHASH_ARENA_H

/*
 * A region allocator. Everything parsed from one file lives in one arena
 * and is released at once, so the node tree needs no per-node frees and
 * aliases can share nodes.
 */

#include <stddef.h>

typedef struct jh_arena jh_arena;

/* Returns a new arena, or NULL when out of memory. */
jh_arena *jh_arena_new(void);

/* Returns SIZE bytes aligned for any type, or NULL when out of memory. */
void *jh_arena_alloc(jh_arena *arena, size_t size);

/* Returns zeroed memory for COUNT elements of SIZE bytes, overflow-checked. */
void *jh_arena_calloc(jh_arena *arena, size_t count, size_t size);

/* Returns a NUL-terminated copy of the LEN bytes at S. */
char *jh_arena_strndup(jh_arena *arena, const char *s, size_t len);

/* Returns the number of bytes requested from the system so far. */
size_t jh_arena_size(const jh_arena *arena);

/* Releases the arena and everything allocated in it; NULL is ignored. */
void jh_arena_free(jh_arena *arena);

#endif
