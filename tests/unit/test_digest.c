#include "support.h"

#include <stdlib.h>

#include "jobhash/digest.h"

/* FIPS 180-2 appendix B vectors */
#define SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA256_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define TWO_BLOCK_MESSAGE "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define SHA256_TWO_BLOCK "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
#define SHA256_MILLION_A "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

static jh_digest *new_digest(void)
{
	jh_digest *digest = NULL;
	jh_error err;

	jh_error_clear(&err);
	assert_int_equal(jh_digest_new(&digest, &err), JH_OK);
	assert_non_null(digest);
	return digest;
}

/* Finishes the message in DIGEST and returns its hex form in HEX. */
static void final_hex(jh_digest *digest, char hex[2 * JH_DIGEST_SIZE + 1])
{
	unsigned char bytes[JH_DIGEST_SIZE];

	assert_int_equal(jh_digest_final(digest, bytes), JH_OK);
	jh_hex_encode(hex, bytes, sizeof(bytes));
}

static void digest_empty(void **state)
{
	jh_digest *digest = new_digest();
	char hex[2 * JH_DIGEST_SIZE + 1];

	(void)state;
	final_hex(digest, hex);
	assert_string_equal(hex, SHA256_EMPTY);
	jh_digest_free(digest);
}

static void digest_abc(void **state)
{
	jh_digest *digest = new_digest();
	char hex[2 * JH_DIGEST_SIZE + 1];

	(void)state;
	assert_int_equal(jh_digest_update(digest, "abc", 3), JH_OK);
	final_hex(digest, hex);
	assert_string_equal(hex, SHA256_ABC);
	jh_digest_free(digest);
}

static void digest_two_blocks(void **state)
{
	jh_digest *digest = new_digest();
	char hex[2 * JH_DIGEST_SIZE + 1];

	(void)state;
	assert_int_equal(jh_digest_update(digest, TWO_BLOCK_MESSAGE,
					  strlen(TWO_BLOCK_MESSAGE)), JH_OK);
	final_hex(digest, hex);
	assert_string_equal(hex, SHA256_TWO_BLOCK);
	jh_digest_free(digest);
}

static void digest_updates_split(void **state)
{
	jh_digest *digest = new_digest();
	char hex[2 * JH_DIGEST_SIZE + 1];
	const char *message = TWO_BLOCK_MESSAGE;

	(void)state;
	assert_int_equal(jh_digest_update(digest, message, 1), JH_OK);
	assert_int_equal(jh_digest_update(digest, message + 1, 0), JH_OK);
	assert_int_equal(jh_digest_update(digest, message + 1, 20), JH_OK);
	assert_int_equal(jh_digest_update(digest, message + 21,
					  strlen(message) - 21), JH_OK);
	final_hex(digest, hex);
	assert_string_equal(hex, SHA256_TWO_BLOCK);
	jh_digest_free(digest);
}

static void digest_million_a(void **state)
{
	jh_digest *digest = new_digest();
	char hex[2 * JH_DIGEST_SIZE + 1];
	char *a = malloc(1000000);
	size_t fed = 0;
	size_t chunk = 1;

	(void)state;
	assert_non_null(a);
	memset(a, 'a', 1000000);

	/* Chunks of growing, uneven sizes cross block boundaries at odd places. */
	while (fed < 1000000) {
		size_t len = chunk < 1000000 - fed ? chunk : 1000000 - fed;

		assert_int_equal(jh_digest_update(digest, a + fed, len), JH_OK);
		fed += len;
		chunk = chunk * 3 + 1;
	}
	final_hex(digest, hex);
	assert_string_equal(hex, SHA256_MILLION_A);

	free(a);
	jh_digest_free(digest);
}

static void digest_reuse_after_final(void **state)
{
	jh_digest *digest = new_digest();
	char hex[2 * JH_DIGEST_SIZE + 1];

	(void)state;
	assert_int_equal(jh_digest_update(digest, "abc", 3), JH_OK);
	final_hex(digest, hex);
	assert_string_equal(hex, SHA256_ABC);

	final_hex(digest, hex);
	assert_string_equal(hex, SHA256_EMPTY);

	assert_int_equal(jh_digest_update(digest, "abc", 3), JH_OK);
	final_hex(digest, hex);
	assert_string_equal(hex, SHA256_ABC);
	jh_digest_free(digest);
}

static void digest_sink_feeds(void **state)
{
	jh_digest *digest = new_digest();
	jh_sink sink = jh_digest_sink(digest);
	char hex[2 * JH_DIGEST_SIZE + 1];

	(void)state;
	assert_int_equal(sink.write(sink.context, "a", 1), JH_OK);
	assert_int_equal(sink.write(sink.context, "bc", 2), JH_OK);
	final_hex(digest, hex);
	assert_string_equal(hex, SHA256_ABC);
	jh_digest_free(digest);
}

static void hex_encode_bytes(void **state)
{
	const unsigned char bytes[] = { 0x00, 0x0f, 0xa5, 0xff };
	char hex[2 * sizeof(bytes) + 1];

	(void)state;
	memset(hex, 'x', sizeof(hex));
	jh_hex_encode(hex, bytes, sizeof(bytes));
	assert_string_equal(hex, "000fa5ff");

	jh_hex_encode(hex, bytes, 0);
	assert_string_equal(hex, "");
}

static void digest_free_null(void **state)
{
	(void)state;
	jh_digest_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(digest_empty),
		cmocka_unit_test(digest_abc),
		cmocka_unit_test(digest_two_blocks),
		cmocka_unit_test(digest_updates_split),
		cmocka_unit_test(digest_million_a),
		cmocka_unit_test(digest_reuse_after_final),
		cmocka_unit_test(digest_sink_feeds),
		cmocka_unit_test(hex_encode_bytes),
		cmocka_unit_test(digest_free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
