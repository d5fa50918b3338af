/* Options from Argo CD's plugin environment; see include/jobhash/argocd_env.h. */

#include "jobhash/argocd_env.h"

#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jobhash/cli.h"
#include "jobhash/hash.h"
#include "jobhash/manifest.h"

/* Kubernetes limits of a label key (apimachinery validation.IsQualifiedName). */
#define LABEL_PREFIX_MAX 253
#define LABEL_NAME_MAX 63

#define JH_STRINGIFY_TOKEN(x) #x
#define JH_STRINGIFY(x) JH_STRINGIFY_TOKEN(x)

/* Returns the value of NAME, or NULL when it is unset or empty. */
static const char *read_variable(const char *name)
{
	const char *value = getenv(name);

	return value != NULL && value[0] != '\0' ? value : NULL;
}

static int invalid_variable(jh_error *err, const char *name, const char *value,
			    const char *expected)
{
	jh_error_set(err, JH_EINVALID, NULL, 0, 0, "invalid %s '%s': expected %s", name,
		     value, expected);
	/* Users write the name without the prefix that Argo CD adds. */
	if (strncmp(name, "ARGOCD_ENV_", 11) == 0)
		jh_error_hint(err, "fix %s in the Application's spec.source.plugin.env", name + 11);
	return JH_EINVALID;
}

static int read_flag(jh_env_flag *out, const char *name, jh_error *err)
{
	const char *value = read_variable(name);

	*out = JH_ENV_FLAG_UNSET;
	if (value == NULL)
		return JH_OK;
	if (strcmp(value, "true") == 0)
		*out = JH_ENV_FLAG_TRUE;
	else if (strcmp(value, "false") == 0)
		*out = JH_ENV_FLAG_FALSE;
	else
		return invalid_variable(err, name, value, "true or false");
	return JH_OK;
}

static int read_hash_length(jh_argocd_env *env, jh_error *err)
{
	const char *value = read_variable(JH_ENV_HASH_LENGTH);
	long length;

	if (value == NULL)
		return JH_OK;
	if (jh_parse_int(value, JH_HASH_MIN_LENGTH, JH_HASH_MAX_LENGTH, &length) != JH_OK)
		return invalid_variable(err, JH_ENV_HASH_LENGTH, value,
					"a number from " JH_STRINGIFY(JH_HASH_MIN_LENGTH) " to "
					JH_STRINGIFY(JH_HASH_MAX_LENGTH));
	env->hash_length = (int)length;
	return JH_OK;
}

static int read_label_key(jh_argocd_env *env, jh_error *err)
{
	const char *value = read_variable(JH_ENV_LABEL_KEY);

	if (value == NULL)
		return JH_OK;
	if (!jh_label_key_is_valid(value))
		return invalid_variable(err, JH_ENV_LABEL_KEY, value,
					"a Kubernetes label key such as example.com/hash");
	env->label_key = value;
	return JH_OK;
}

/* Removes blanks around the item that starts at START, in place. */
static char *trim_blanks(char *start)
{
	char *end;

	while (*start == ' ' || *start == '\t')
		start++;
	end = start + strlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return start;
}

/* Splits the comma-separated globs; blanks around a glob and empty items are dropped. */
static int read_excludes(jh_argocd_env *env, jh_error *err)
{
	const char *value = read_variable(JH_ENV_EXCLUDE);
	size_t capacity = 1;
	char *item;

	if (value == NULL)
		return JH_OK;

	env->exclude_storage = strdup(value);
	if (env->exclude_storage == NULL)
		return jh_error_nomem(err);

	/* One item per comma, plus one. */
	for (const char *c = value; *c != '\0'; c++)
		capacity += *c == ',';
	if (capacity > SIZE_MAX / sizeof(*env->excludes))
		return jh_error_nomem(err);
	env->excludes = calloc(capacity, sizeof(*env->excludes));
	if (env->excludes == NULL)
		return jh_error_nomem(err);

	item = env->exclude_storage;
	for (;;) {
		char *comma = strchr(item, ',');
		char *glob;

		if (comma != NULL)
			*comma = '\0';
		glob = trim_blanks(item);
		if (glob[0] != '\0')
			env->excludes[env->exclude_count++] = glob;
		if (comma == NULL)
			break;
		item = comma + 1;
	}
	return JH_OK;
}

/* The process environment, which POSIX leaves to the program to declare. */
extern char **environ;

/*
 * Rejects ARGOCD_ENV_JOBHASH_* variables that name no option: a misspelt
 * setting in an Application would otherwise be ignored without a word.
 */
static int check_unknown_variables(jh_error *err)
{
	static const char *const known[] = {
		JH_ENV_HASH_LENGTH, JH_ENV_LABEL_KEY, JH_ENV_EXCLUDE, JH_ENV_RECURSIVE,
		JH_ENV_STRICT,
	};
	static const char prefix[] = "ARGOCD_ENV_JOBHASH_";

	for (char **entry = environ; entry != NULL && *entry != NULL; entry++) {
		const char *equals = strchr(*entry, '=');
		size_t len = equals != NULL ? (size_t)(equals - *entry) : strlen(*entry);
		bool found = false;

		if (strncmp(*entry, prefix, sizeof(prefix) - 1) != 0)
			continue;
		for (size_t i = 0; i < sizeof(known) / sizeof(known[0]) && !found; i++)
			found = strlen(known[i]) == len && strncmp(known[i], *entry, len) == 0;
		if (found)
			continue;

		jh_error_set(err, JH_EINVALID, NULL, 0, 0, "unknown variable %.*s", (int)len, *entry);
		jh_error_hint(err, "the plugin reads JOBHASH_HASH_LENGTH, JOBHASH_LABEL_KEY, "
				   "JOBHASH_EXCLUDE, JOBHASH_RECURSIVE and JOBHASH_STRICT from the "
				   "Application's spec.source.plugin.env");
		return JH_EINVALID;
	}
	return JH_OK;
}

int jh_argocd_env_read(jh_argocd_env *env, jh_error *err)
{
	int rc;

	memset(env, 0, sizeof(*env));
	env->namespace = read_variable(JH_ENV_NAMESPACE);
	if (env->namespace != NULL && !jh_namespace_is_valid(env->namespace))
		return invalid_variable(err, JH_ENV_NAMESPACE, env->namespace,
					"a Kubernetes namespace");

	rc = check_unknown_variables(err);
	if (rc == JH_OK)
		rc = read_hash_length(env, err);
	if (rc == JH_OK)
		rc = read_label_key(env, err);
	if (rc == JH_OK)
		rc = read_excludes(env, err);
	if (rc == JH_OK)
		rc = read_flag(&env->recursive, JH_ENV_RECURSIVE, err);
	if (rc == JH_OK)
		rc = read_flag(&env->strict, JH_ENV_STRICT, err);
	return rc;
}

void jh_argocd_env_free(jh_argocd_env *env)
{
	if (env == NULL)
		return;
	free((void *)env->excludes);
	free(env->exclude_storage);
	env->excludes = NULL;
	env->exclude_storage = NULL;
	env->exclude_count = 0;
}

static bool is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool is_alnum(char c)
{
	return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

/* A DNS-1123 subdomain: dot-separated labels of [a-z0-9-], each starting and ending alphanumeric. */
static bool is_dns_subdomain(const char *text, size_t len)
{
	if (len == 0 || len > LABEL_PREFIX_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		bool label_edge = i == 0 || i + 1 == len || text[i - 1] == '.' || text[i + 1] == '.';

		if (c == '.') {
			if (i == 0 || i + 1 == len || text[i - 1] == '.')
				return false;
			continue;
		}
		if (label_edge ? !is_lower_alnum(c) : !(is_lower_alnum(c) || c == '-'))
			return false;
	}
	return true;
}

static bool is_label_name(const char *text, size_t len)
{
	if (len == 0 || len > LABEL_NAME_MAX)
		return false;
	if (!is_alnum(text[0]) || !is_alnum(text[len - 1]))
		return false;
	for (size_t i = 1; i + 1 < len; i++)
		if (!is_alnum(text[i]) && text[i] != '-' && text[i] != '_' && text[i] != '.')
			return false;
	return true;
}

bool jh_label_key_is_valid(const char *key)
{
	const char *slash = strchr(key, '/');

	if (slash == NULL)
		return is_label_name(key, strlen(key));
	return is_dns_subdomain(key, (size_t)(slash - key)) &&
	       is_label_name(slash + 1, strlen(slash + 1));
}
