/* Hash v1 of a Job; see include/jobhash/hash.h and docs/hash.md. */

#include "jobhash/hash.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "jobhash/canon.h"

/* hash.md rule 13: the bytes hashed before the canonical JSON */
#define HASH_V1_PREFIX "jobhash-v1\n"

/* hash.md rule 2: the spec fields Kubernetes will not let change */
static const char *const immutable_fields[] = {
	"template",
	"selector",
	"completions",
	"completionMode",
	"podFailurePolicy",
	"backoffLimitPerIndex",
	"successPolicy",
	"managedBy",
};

#define IMMUTABLE_FIELD_COUNT \
	(sizeof(immutable_fields) / sizeof(immutable_fields[0]))

static bool is_immutable_field(const jh_pair *pair)
{
	for (size_t i = 0; i < IMMUTABLE_FIELD_COUNT; i++) {
		size_t len = strlen(immutable_fields[i]);

		if (pair->key_len == len &&
		    memcmp(pair->key, immutable_fields[i], len) == 0)
			return true;
	}
	return false;
}

/* hash.md rule 2, and rule 8 for the null fields */
static bool is_hashed(const jh_pair *pair)
{
	return pair->value != NULL && pair->value->kind != JH_NULL &&
	       is_immutable_field(pair);
}

int jh_hash_input(jh_node **out, jh_arena *arena, const jh_node *job,
		  jh_error *err)
{
	const jh_node *spec = jh_map_get(job, "spec");
	jh_node *input = NULL;
	size_t count = 0;

	*out = NULL;

	input = jh_arena_calloc(arena, 1, sizeof(*input));
	if (input == NULL)
		return jh_error_nomem(err);
	input->kind = JH_MAP;
	input->style = JH_STYLE_SYNTHETIC;
	input->weight = 1;

	/* A missing spec, or one that is not a mapping, hashes as {}. */
	if (spec == NULL || spec->kind != JH_MAP) {
		*out = input;
		return JH_OK;
	}

	for (size_t i = 0; i < spec->as.map.count; i++)
		if (is_hashed(&spec->as.map.pairs[i]))
			count++;
	if (count == 0) {
		*out = input;
		return JH_OK;
	}

	input->as.map.pairs = jh_arena_calloc(arena, count, sizeof(jh_pair));
	if (input->as.map.pairs == NULL)
		return jh_error_nomem(err);

	/* The pairs share the Job's value nodes: the arena owns them all. */
	for (size_t i = 0; i < spec->as.map.count; i++) {
		const jh_pair *pair = &spec->as.map.pairs[i];
		size_t weight = pair->value != NULL ? pair->value->weight : 0;

		if (!is_hashed(pair))
			continue;
		input->as.map.pairs[input->as.map.count++] = *pair;
		input->weight = weight > SIZE_MAX - input->weight
					? SIZE_MAX
					: input->weight + weight;
	}

	*out = input;
	return JH_OK;
}

typedef struct digest_writer {
	jh_digest *digest;
	jh_error *err;
} digest_writer;

/* A sink that feeds the digest and sets ERR when OpenSSL fails. */
static int write_to_digest(void *context, const char *bytes, size_t len)
{
	digest_writer *writer = context;

	if (jh_digest_update(writer->digest, bytes, len) != JH_OK)
		return jh_error_set(writer->err, JH_EINVALID, NULL, 0, 0,
				    "SHA-256 update failed in OpenSSL");
	return JH_OK;
}

int jh_hash_job(char out[JH_HASH_HEX_SIZE], jh_digest *digest,
		const jh_node *job, jh_arena *arena, jh_error *err)
{
	unsigned char bytes[JH_DIGEST_SIZE];
	digest_writer writer = { digest, err };
	jh_sink sink = { write_to_digest, &writer };
	jh_node *input = NULL;
	bool started = false; /* DIGEST contains part of this message */
	int rc;

	out[0] = '\0';

	rc = jh_hash_input(&input, arena, job, err);
	if (rc < 0)
		goto done;

	/* hash.md rule 13: SHA-256 over the prefix, then the canonical JSON */
	started = true;
	rc = write_to_digest(&writer, HASH_V1_PREFIX, strlen(HASH_V1_PREFIX));
	if (rc < 0)
		goto done;

	rc = jh_canon_write(&sink, input, err);
	if (rc < 0)
		goto done;

	started = false;
	rc = jh_digest_final(digest, bytes);
	if (rc < 0) {
		jh_error_set(err, rc, NULL, 0, 0, "SHA-256 final step failed in OpenSSL");
		goto done;
	}

	jh_hex_encode(out, bytes, sizeof(bytes));

done:
	/* Drop a partial message so DIGEST serves the next Job. */
	if (started)
		jh_digest_final(digest, bytes);
	return rc;
}
