/*
 * SHA-256 through OpenSSL 3's EVP interface; see include/jobhash/digest.h.
 * The only file that calls OpenSSL, so it turns OpenSSL errors into ours.
 */

#include "jobhash/digest.h"

#include <stdlib.h>

#include <openssl/err.h>
#include <openssl/evp.h>

struct jh_digest {
	EVP_MD *md; /* fetched once per context: fetching is costly */
	EVP_MD_CTX *context;
};

/* Records the last OpenSSL error as ours, with WHAT naming the failed step. */
static int openssl_error(jh_error *err, const char *what)
{
	char detail[256] = "no detail";
	unsigned long code = ERR_get_error();

	if (code != 0)
		ERR_error_string_n(code, detail, sizeof(detail));
	ERR_clear_error();
	return jh_error_set(err, JH_EINVALID, NULL, 0, 0, "%s failed: %s", what,
			    detail);
}

int jh_digest_new(jh_digest **out, jh_error *err)
{
	jh_digest *digest = NULL;
	int rc = JH_OK;

	*out = NULL;

	digest = calloc(1, sizeof(*digest));
	if (digest == NULL)
		return jh_error_nomem(err);

	digest->md = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (digest->md == NULL) {
		rc = openssl_error(err, "fetching SHA-256 from OpenSSL");
		jh_error_hint(err, "check the OpenSSL installation and its configuration (OPENSSL_CONF)");
		goto done;
	}

	digest->context = EVP_MD_CTX_new();
	if (digest->context == NULL) {
		rc = jh_error_nomem(err);
		goto done;
	}

	if (EVP_DigestInit_ex(digest->context, digest->md, NULL) != 1) {
		rc = openssl_error(err, "starting SHA-256");
		goto done;
	}

	*out = digest;
	digest = NULL;

done:
	jh_digest_free(digest);
	return rc;
}

int jh_digest_update(jh_digest *digest, const void *bytes, size_t len)
{
	if (len == 0)
		return JH_OK;
	if (EVP_DigestUpdate(digest->context, bytes, len) != 1) {
		ERR_clear_error();
		return JH_EINVALID;
	}
	return JH_OK;
}

int jh_digest_final(jh_digest *digest, unsigned char out[JH_DIGEST_SIZE])
{
	unsigned int size = 0;
	int rc = JH_OK;

	if (EVP_DigestFinal_ex(digest->context, out, &size) != 1 ||
	    size != JH_DIGEST_SIZE)
		rc = JH_EINVALID;

	/* Ready for the next message, also after a failure. */
	if (EVP_DigestInit_ex(digest->context, digest->md, NULL) != 1)
		rc = JH_EINVALID;

	if (rc != JH_OK)
		ERR_clear_error();
	return rc;
}

static int write_to_digest(void *context, const char *bytes, size_t len)
{
	return jh_digest_update(context, bytes, len);
}

jh_sink jh_digest_sink(jh_digest *digest)
{
	jh_sink sink = { write_to_digest, digest };

	return sink;
}

void jh_digest_free(jh_digest *digest)
{
	if (digest == NULL)
		return;
	EVP_MD_CTX_free(digest->context);
	EVP_MD_free(digest->md);
	free(digest);
}

void jh_hex_encode(char *out, const unsigned char *bytes, size_t len)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = hex[bytes[i] >> 4];
		out[2 * i + 1] = hex[bytes[i] & 0x0f];
	}
	out[2 * len] = '\0';
}
