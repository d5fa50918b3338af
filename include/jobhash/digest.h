#ifndef JOBHASH_DIGEST_H
#define JOBHASH_DIGEST_H

/* SHA-256 through OpenSSL's EVP interface; the only code that calls OpenSSL. */

#include <stddef.h>

#include "jobhash/canon.h"
#include "jobhash/error.h"

#define JH_DIGEST_SIZE 32

typedef struct jh_digest jh_digest;

/* Creates a SHA-256 context, ready for updates. */
int jh_digest_new(jh_digest **out, jh_error *err);

int jh_digest_update(jh_digest *digest, const void *bytes, size_t len);

/* Writes the digest to OUT and resets the context for the next message. */
int jh_digest_final(jh_digest *digest, unsigned char out[JH_DIGEST_SIZE]);

/* Returns a sink that feeds DIGEST, for jh_canon_write. */
jh_sink jh_digest_sink(jh_digest *digest);

void jh_digest_free(jh_digest *digest);

/* Writes 2*LEN lowercase hex characters and a NUL to OUT. */
void jh_hex_encode(char *out, const unsigned char *bytes, size_t len);

#endif
