/* Job name rules of the rewrite: length limits and hash suffixes; see include/jobhash/rewrite.h. */

#include "jobhash/rewrite.h"

#include <stdint.h>
#include <string.h>

/* Decimal digits of N, at least 1. */
static size_t decimal_digits(int64_t n)
{
	size_t digits = 1;

	while (n >= 10) {
		n /= 10;
		digits++;
	}
	return digits;
}

size_t jh_job_name_limit(const jh_object *job)
{
	const jh_node *spec = jh_map_get(job->node, "spec");
	const jh_node *completions = jh_map_get(spec, "completions");
	const jh_node *manual = jh_map_get(spec, "manualSelector");
	size_t digits = 1;

	if (jh_node_is_string(jh_map_get(spec, "completionMode"), "Indexed")) {
		/* The pod host name NAME-INDEX must be a DNS label of 63 characters. */
		if (completions != NULL && completions->kind == JH_INT &&
		    completions->as.integer > 1)
			digits = decimal_digits(completions->as.integer - 1);
		return JH_LABEL_VALUE_MAX - 1 - digits;
	}

	/* manualSelector: true turns off the generated job-name label. */
	if (manual != NULL && manual->kind == JH_BOOL && manual->as.boolean)
		return JH_NAME_MAX;

	return JH_LABEL_VALUE_MAX;
}

int jh_job_name_with_suffix(char *out, size_t size, const char *base,
			    const char *suffix, size_t limit)
{
	size_t suffix_len = strlen(suffix);
	size_t base_len = strlen(base);

	if (limit <= suffix_len + 1)
		return JH_EINVALID;

	if (base_len > limit - suffix_len - 1) {
		base_len = limit - suffix_len - 1;
		/* Kubernetes names must not end in '-' or '.' before the separator either. */
		while (base_len > 0 && (base[base_len - 1] == '-' || base[base_len - 1] == '.'))
			base_len--;
	}
	if (base_len == 0 || base_len + 1 + suffix_len >= size)
		return JH_EINVALID;

	memcpy(out, base, base_len);
	out[base_len] = '-';
	memcpy(out + base_len + 1, suffix, suffix_len + 1);
	return JH_OK;
}

static const char *label_value(const jh_object *job, const char *label_key)
{
	const jh_node *metadata = jh_map_get(job->node, "metadata");

	return jh_map_get_string(jh_map_get(metadata, "labels"), label_key);
}

static bool ends_with_suffix(const char *name, const char *suffix)
{
	size_t name_len = strlen(name);
	size_t suffix_len = strlen(suffix);

	return suffix_len > 0 && name_len > suffix_len + 1 &&
	       name[name_len - suffix_len - 1] == '-' &&
	       strcmp(name + name_len - suffix_len, suffix) == 0;
}

const char *jh_job_confirmed_suffix(const jh_object *job, const char *label_key)
{
	const char *value = label_value(job, label_key);

	if (job->name == NULL || value == NULL || !ends_with_suffix(job->name, value))
		return NULL;
	return value;
}

bool jh_job_suffix_is_stale(const jh_object *job, const char *label_key, const char *hash,
			    int hash_length)
{
	const char *value = jh_job_confirmed_suffix(job, label_key);

	if (value == NULL || hash_length <= 0)
		return false;
	return strlen(value) != (size_t)hash_length ||
	       strncmp(value, hash, (size_t)hash_length) != 0;
}
