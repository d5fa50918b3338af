/* A region allocator; see include/jobhash/arena.h. */

#include "jobhash/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE ((size_t)64 * 1024)
#define ALIGNMENT alignof(max_align_t)

typedef struct block {
	struct block *next;
	size_t used;
	size_t capacity;
	alignas(max_align_t) unsigned char data[];
} block;

struct jh_arena {
	block *head;
	size_t total; /* bytes obtained from malloc */
};

jh_arena *jh_arena_new(void)
{
	return calloc(1, sizeof(jh_arena));
}

static block *add_block(jh_arena *arena, size_t min_capacity)
{
	size_t capacity = min_capacity > BLOCK_SIZE ? min_capacity : BLOCK_SIZE;
	block *b;

	if (capacity > SIZE_MAX - sizeof(block))
		return NULL;

	b = malloc(sizeof(block) + capacity);
	if (b == NULL)
		return NULL;

	b->used = 0;
	b->capacity = capacity;
	b->next = arena->head;
	arena->head = b;
	arena->total += sizeof(block) + capacity;
	return b;
}

void *jh_arena_alloc(jh_arena *arena, size_t size)
{
	block *b = arena->head;
	size_t rounded;
	void *p;

	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - ALIGNMENT)
		return NULL;
	rounded = (size + ALIGNMENT - 1) & ~(ALIGNMENT - 1);

	if (b == NULL || b->capacity - b->used < rounded) {
		b = add_block(arena, rounded);
		if (b == NULL)
			return NULL;
	}

	p = b->data + b->used;
	b->used += rounded;
	return p;
}

void *jh_arena_calloc(jh_arena *arena, size_t count, size_t size)
{
	void *p;

	if (size != 0 && count > SIZE_MAX / size)
		return NULL;

	p = jh_arena_alloc(arena, count * size);
	if (p != NULL)
		memset(p, 0, count * size);
	return p;
}

char *jh_arena_strndup(jh_arena *arena, const char *s, size_t len)
{
	char *copy;

	if (len == SIZE_MAX)
		return NULL;

	copy = jh_arena_alloc(arena, len + 1);
	if (copy == NULL)
		return NULL;

	if (len > 0)
		memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

size_t jh_arena_size(const jh_arena *arena)
{
	return arena->total;
}

void jh_arena_free(jh_arena *arena)
{
	block *b;

	if (arena == NULL)
		return;

	b = arena->head;
	while (b != NULL) {
		block *next = b->next;

		free(b);
		b = next;
	}
	free(arena);
}
