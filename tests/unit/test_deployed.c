#include "support.h"

#include "jobhash/deployed.h"

static void normalize(const char *url, const char *expected)
{
	char out[256];

	jh_normalize_remote_url(url, out, sizeof(out));
	assert_string_equal(out, expected);
}

static void test_remote_url_forms(void **state)
{
	(void)state;
	normalize("https://github.com/shop/deploy.git", "github.com/shop/deploy");
	normalize("git@github.com:shop/deploy.git", "github.com/shop/deploy");
	normalize("ssh://git@GitHub.com:22/shop/deploy/", "github.com/shop/deploy");
	normalize("https://user@gitlab.example.com/a/b", "gitlab.example.com/a/b");
}

static void test_spec_forms(void **state)
{
	jh_deployed_tool tool;
	const char *file;
	jh_error err;

	(void)state;
	assert_int_equal(jh_deployed_parse_spec("argocd:-", &tool, &file, &err), JH_OK);
	assert_int_equal(tool, JH_DEPLOYED_ARGOCD);
	assert_string_equal(file, "-");
	assert_int_equal(jh_deployed_parse_spec("flux:ks.json", &tool, &file, &err), JH_OK);
	assert_int_equal(tool, JH_DEPLOYED_FLUX);
	assert_string_equal(file, "ks.json");
	assert_int_equal(jh_deployed_parse_spec("flux:", &tool, &file, &err), JH_EINVALID);
	assert_int_equal(jh_deployed_parse_spec("helm:x", &tool, &file, &err), JH_EINVALID);
	assert_string_equal(err.message, "invalid deployed-from 'helm:x'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remote_url_forms),
		cmocka_unit_test(test_spec_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
