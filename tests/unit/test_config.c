#include "support.h"

#include "jobhash/config.h"

static void test_set_from_text(void **state)
{
	jh_config config;
	jh_error err;

	(void)state;
	assert_int_equal(jh_config_init(&config, &err), JH_OK);
	assert_int_equal(jh_config_set(&config, "hashLength", "10", JH_ORIGIN_ENVIRONMENT, 0, &err),
			 JH_OK);
	assert_int_equal(config.hash_length, 10);
	assert_int_equal(config.sources[JH_CONFIG_HASH_LENGTH].origin, JH_ORIGIN_ENVIRONMENT);
	assert_int_equal(jh_config_set(&config, "exclude", " a/ , b/*.yaml ,", JH_ORIGIN_ENVIRONMENT,
				       0, &err), JH_OK);
	assert_int_equal(config.exclude_count, 2);
	assert_string_equal(config.excludes[0], "a/");
	assert_string_equal(config.excludes[1], "b/*.yaml");
	assert_int_equal(jh_config_set(&config, "maxFileSize", "2M", JH_ORIGIN_ENVIRONMENT, 0, &err),
			 JH_OK);
	assert_int_equal(config.max_file_size, 2 * 1024 * 1024);
	assert_int_equal(jh_config_set(&config, "strict", "yes", JH_ORIGIN_ENVIRONMENT, 0, &err),
			 JH_EINVALID);
	assert_string_equal(err.message, "invalid value of 'strict': expected true or false");
	assert_int_equal(jh_config_set(&config, "colour", "red", JH_ORIGIN_ENVIRONMENT, 0, &err),
			 JH_EINVALID);
	assert_string_equal(err.message, "unknown configuration key 'colour'");
	jh_config_free(&config);
}

static void test_parse_file(void **state)
{
	static const char text[] = "exclude: [tmp/]\nstrict: true\ndeployedFrom: flux:ks.json\n"
				    "kubeconfig: 5\n";
	jh_config config;
	jh_error err;

	(void)state;
	assert_int_equal(jh_config_init(&config, &err), JH_OK);
	assert_int_equal(jh_config_parse(&config, ".jobhash.yaml", text, sizeof(text) - 1, &err),
			 JH_EINVALID);
	assert_int_equal(config.strict, true);
	assert_int_equal(config.sources[JH_CONFIG_STRICT].line, 2);
	assert_string_equal(config.deployed_from, "flux:ks.json");
	assert_string_equal(config.excludes[0], "tmp/");
	assert_int_equal(err.line, 4);
	assert_int_equal(err.column, 13);
	assert_string_equal(err.message, "invalid value of 'kubeconfig': expected a string, got an integer");
	jh_config_free(&config);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_from_text),
		cmocka_unit_test(test_parse_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
