#include "support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "jobhash/argocd_env.h"

static const char *const variables[] = {
	JH_ENV_NAMESPACE, JH_ENV_HASH_LENGTH, JH_ENV_LABEL_KEY,
	JH_ENV_EXCLUDE, JH_ENV_RECURSIVE, JH_ENV_STRICT,
};

/* Every case starts from an environment without the plugin variables. */
static int clear_variables(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(variables) / sizeof(variables[0]); i++)
		unsetenv(variables[i]);
	return 0;
}

static void env_unset(void **state)
{
	jh_argocd_env env;
	jh_error err;

	(void)state;
	jh_error_clear(&err);
	assert_int_equal(jh_argocd_env_read(&env, &err), JH_OK);
	assert_null(env.namespace);
	assert_int_equal(env.hash_length, 0);
	assert_null(env.label_key);
	assert_int_equal(env.exclude_count, 0);
	assert_int_equal(env.recursive, JH_ENV_FLAG_UNSET);
	assert_int_equal(env.strict, JH_ENV_FLAG_UNSET);
	jh_argocd_env_free(&env);
}

static void env_empty_is_unset(void **state)
{
	jh_argocd_env env;
	jh_error err;

	(void)state;
	jh_error_clear(&err);
	setenv(JH_ENV_NAMESPACE, "", 1);
	setenv(JH_ENV_HASH_LENGTH, "", 1);
	setenv(JH_ENV_STRICT, "", 1);
	assert_int_equal(jh_argocd_env_read(&env, &err), JH_OK);
	assert_null(env.namespace);
	assert_int_equal(env.hash_length, 0);
	assert_int_equal(env.strict, JH_ENV_FLAG_UNSET);
	jh_argocd_env_free(&env);
}

static void env_all_set(void **state)
{
	jh_argocd_env env;
	jh_error err;

	(void)state;
	jh_error_clear(&err);
	setenv(JH_ENV_NAMESPACE, "payments", 1);
	setenv(JH_ENV_HASH_LENGTH, "12", 1);
	setenv(JH_ENV_LABEL_KEY, "example.com/job-hash", 1);
	setenv(JH_ENV_EXCLUDE, " charts/** ,,tmp/*.yaml,", 1);
	setenv(JH_ENV_RECURSIVE, "true", 1);
	setenv(JH_ENV_STRICT, "false", 1);

	assert_int_equal(jh_argocd_env_read(&env, &err), JH_OK);
	assert_string_equal(env.namespace, "payments");
	assert_int_equal(env.hash_length, 12);
	assert_string_equal(env.label_key, "example.com/job-hash");
	assert_int_equal(env.exclude_count, 2);
	assert_string_equal(env.excludes[0], "charts/**");
	assert_string_equal(env.excludes[1], "tmp/*.yaml");
	assert_int_equal(env.recursive, JH_ENV_FLAG_TRUE);
	assert_int_equal(env.strict, JH_ENV_FLAG_FALSE);
	jh_argocd_env_free(&env);
}

static void env_hash_length_invalid(void **state)
{
	static const char *const values[] = { "5", "17", "8x", "-8", "eight" };
	jh_argocd_env env;
	jh_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char expected[128];

		jh_error_clear(&err);
		setenv(JH_ENV_HASH_LENGTH, values[i], 1);
		assert_int_equal(jh_argocd_env_read(&env, &err), JH_EINVALID);
		snprintf(expected, sizeof(expected),
			 "invalid ARGOCD_ENV_JOBHASH_HASH_LENGTH '%s': expected a number from 6 to 16",
			 values[i]);
		assert_string_equal(err.message, expected);
		assert_string_equal(err.hint, "fix JOBHASH_HASH_LENGTH in the Application's "
					      "spec.source.plugin.env");
		assert_string_equal(err.path, "");
		jh_argocd_env_free(&env);
	}
}

static void env_flag_invalid(void **state)
{
	jh_argocd_env env;
	jh_error err;

	(void)state;
	jh_error_clear(&err);
	setenv(JH_ENV_RECURSIVE, "yes", 1);
	assert_int_equal(jh_argocd_env_read(&env, &err), JH_EINVALID);
	assert_string_equal(err.message,
			    "invalid ARGOCD_ENV_JOBHASH_RECURSIVE 'yes': expected true or false");
	jh_argocd_env_free(&env);

	unsetenv(JH_ENV_RECURSIVE);
	jh_error_clear(&err);
	setenv(JH_ENV_STRICT, "True", 1);
	assert_int_equal(jh_argocd_env_read(&env, &err), JH_EINVALID);
	assert_string_equal(err.message,
			    "invalid ARGOCD_ENV_JOBHASH_STRICT 'True': expected true or false");
	jh_argocd_env_free(&env);
}

static void env_label_key_invalid(void **state)
{
	jh_argocd_env env;
	jh_error err;

	(void)state;
	jh_error_clear(&err);
	setenv(JH_ENV_LABEL_KEY, "Example.com/hash", 1);
	assert_int_equal(jh_argocd_env_read(&env, &err), JH_EINVALID);
	assert_string_equal(err.message, "invalid ARGOCD_ENV_JOBHASH_LABEL_KEY "
					 "'Example.com/hash': expected a Kubernetes label key "
					 "such as example.com/hash");
	jh_argocd_env_free(&env);
}

static void label_key_valid(void **state)
{
	(void)state;
	assert_true(jh_label_key_is_valid("jobhash.io/hash"));
	assert_true(jh_label_key_is_valid("hash"));
	assert_true(jh_label_key_is_valid("a"));
	assert_true(jh_label_key_is_valid("Hash_1.x-Y"));
	assert_true(jh_label_key_is_valid("a-b.c9/X"));
	/* A name of 63 characters is the maximum. */
	assert_true(jh_label_key_is_valid("a/012345678901234567890123456789012345678901234567890123456789012"));
	assert_false(jh_label_key_is_valid("a/0123456789012345678901234567890123456789012345678901234567890123"));
}

static void label_key_prefix_length(void **state)
{
	char key[300];

	(void)state;
	/* A prefix of 253 characters is the maximum. */
	memset(key, 'a', 253);
	strcpy(key + 253, "/hash");
	assert_true(jh_label_key_is_valid(key));

	memset(key, 'a', 254);
	strcpy(key + 254, "/hash");
	assert_false(jh_label_key_is_valid(key));
}

static void label_key_invalid(void **state)
{
	static const char *const keys[] = {
		"", "/hash", "example.com/", "-hash", "hash-", "a/b/c", "Example.com/hash",
		"example..com/hash", ".example.com/hash", "example.com./hash", "-a.com/hash",
		"a-.com/hash", "ex ample/hash", "hash!", "a/_b",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (jh_label_key_is_valid(keys[i]))
			fail_msg("accepted the invalid label key '%s'", keys[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(env_unset, clear_variables),
		cmocka_unit_test_setup(env_empty_is_unset, clear_variables),
		cmocka_unit_test_setup(env_all_set, clear_variables),
		cmocka_unit_test_setup(env_hash_length_invalid, clear_variables),
		cmocka_unit_test_setup(env_flag_invalid, clear_variables),
		cmocka_unit_test_setup(env_label_key_invalid, clear_variables),
		cmocka_unit_test(label_key_valid),
		cmocka_unit_test(label_key_invalid),
		cmocka_unit_test(label_key_prefix_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
