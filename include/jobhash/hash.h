#ifndef JOBHASH_HASH_H
#define JOBHASH_HASH_H

/*
 * Hash v1 of a Job (docs/hash.md): SHA-256 over a version tag and the
 * canonical JSON of the Job's immutable spec fields.
 */

#include "jobhash/arena.h"
#include "jobhash/digest.h"
#include "jobhash/error.h"
#include "jobhash/node.h"

#define JH_HASH_VERSION 1
#define JH_HASH_HEX_SIZE (2 * JH_DIGEST_SIZE + 1)
#define JH_HASH_DEFAULT_LENGTH 8
#define JH_HASH_MIN_LENGTH 6
#define JH_HASH_MAX_LENGTH 16

/*
 * Builds, in ARENA, the mapping that hash v1 covers: the immutable fields
 * of the Job's spec that are set to a value other than null (rule 2),
 * sharing the Job's value nodes. JOB is the Job object. Stores an empty
 * mapping when the Job has no spec or its spec is not a mapping.
 */
int jh_hash_input(jh_node **out, jh_arena *arena, const jh_node *job,
		  jh_error *err);

/* Computes the full hash v1 of JOB as 64 lowercase hex characters. */
int jh_hash_job(char out[JH_HASH_HEX_SIZE], jh_digest *digest,
		const jh_node *job, jh_arena *arena, jh_error *err);

#endif
