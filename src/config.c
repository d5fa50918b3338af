/* The configuration file and the effective settings; see include/jobhash/config.h. */

#include "jobhash/config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jobhash/argocd_env.h"
#include "jobhash/buf.h"
#include "jobhash/deployed.h"
#include "jobhash/files.h"
#include "jobhash/git.h"
#include "jobhash/hash.h"
#include "jobhash/manifest.h"
#include "jobhash/report.h"
#include "jobhash/yaml.h"

/* The configuration file is small; a larger one is a mistake. */
#define CONFIG_MAX_FILE_SIZE ((size_t)1024 * 1024)

static const char *const key_names[JH_CONFIG_KEY_COUNT] = {
	[JH_CONFIG_PATHS] = "paths",
	[JH_CONFIG_EXCLUDE] = "exclude",
	[JH_CONFIG_NAMESPACE] = "namespace",
	[JH_CONFIG_HASH_LENGTH] = "hashLength",
	[JH_CONFIG_LABEL_KEY] = "labelKey",
	[JH_CONFIG_DEPLOYED] = "deployed",
	[JH_CONFIG_DEPLOYED_FROM] = "deployedFrom",
	[JH_CONFIG_STRICT] = "strict",
	[JH_CONFIG_DELETE] = "delete",
	[JH_CONFIG_KUBECTL_CONTEXT] = "kubectlContext",
	[JH_CONFIG_KUBECONFIG] = "kubeconfig",
	[JH_CONFIG_MAX_FILE_SIZE] = "maxFileSize",
};

/* Where a value being set comes from, for messages. */
typedef struct value_place {
	const char *path;     /* the file, or NULL */
	unsigned line;
	unsigned column;
	jh_config_source source;
} value_place;

const char *jh_config_key_name(jh_config_key key)
{
	return key >= 0 && key < JH_CONFIG_KEY_COUNT ? key_names[key] : "?";
}

int jh_config_key_lookup(const char *name, jh_config_key *out)
{
	for (int key = 0; key < JH_CONFIG_KEY_COUNT; key++) {
		if (strcmp(key_names[key], name) == 0) {
			*out = (jh_config_key)key;
			return JH_OK;
		}
	}
	return JH_ENOTFOUND;
}

static void free_list(char **items, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(items[i]);
	free(items);
}

int jh_config_init(jh_config *config, jh_error *err)
{
	memset(config, 0, sizeof(*config));
	config->hash_length = JH_HASH_DEFAULT_LENGTH;
	config->max_file_size = JH_DEFAULT_MAX_FILE_SIZE;
	config->delete_mode = JH_DELETE_NONE;
	config->label_key = strdup(JH_CONFIG_DEFAULT_LABEL_KEY);
	if (config->label_key == NULL)
		return jh_error_nomem(err);
	return JH_OK;
}

void jh_config_free(jh_config *config)
{
	if (config == NULL)
		return;

	free_list(config->paths, config->path_count);
	free_list(config->excludes, config->exclude_count);
	free(config->namespace);
	free(config->label_key);
	free(config->deployed);
	free(config->deployed_from);
	free(config->kubectl_context);
	free(config->kubeconfig);
	free(config->file);
	memset(config, 0, sizeof(*config));
}

static int place_error(jh_error *err, int code, const value_place *place,
		       const char *message, const char *key)
{
	return jh_error_set(err, code, place->path, place->line, place->column,
			    "invalid value of '%s': %s", key, message);
}

/* Replaces the string *SLOT with a copy of VALUE. */
static int set_string(char **slot, const char *value, jh_error *err)
{
	char *copy = strdup(value);

	if (copy == NULL)
		return jh_error_nomem(err);
	free(*slot);
	*slot = copy;
	return JH_OK;
}

/* The string slot of KEY, or NULL for keys that are not strings. */
static char **string_slot(jh_config *config, jh_config_key key)
{
	switch (key) {
	case JH_CONFIG_NAMESPACE:
		return &config->namespace;
	case JH_CONFIG_LABEL_KEY:
		return &config->label_key;
	case JH_CONFIG_DEPLOYED:
		return &config->deployed;
	case JH_CONFIG_DEPLOYED_FROM:
		return &config->deployed_from;
	case JH_CONFIG_KUBECTL_CONTEXT:
		return &config->kubectl_context;
	case JH_CONFIG_KUBECONFIG:
		return &config->kubeconfig;
	default:
		return NULL;
	}
}

static const char *const *string_value(const jh_config *config, jh_config_key key)
{
	switch (key) {
	case JH_CONFIG_NAMESPACE:
		return (const char *const *)&config->namespace;
	case JH_CONFIG_LABEL_KEY:
		return (const char *const *)&config->label_key;
	case JH_CONFIG_DEPLOYED:
		return (const char *const *)&config->deployed;
	case JH_CONFIG_DEPLOYED_FROM:
		return (const char *const *)&config->deployed_from;
	case JH_CONFIG_KUBECTL_CONTEXT:
		return (const char *const *)&config->kubectl_context;
	default:
		return (const char *const *)&config->kubeconfig;
	}
}

/* Checks and stores a string value of KEY. */
static int set_string_key(jh_config *config, jh_config_key key, const char *value,
			  const value_place *place, jh_error *err)
{
	const char *name = key_names[key];

	if (value[0] == '\0')
		return place_error(err, JH_EINVALID, place, "expected a non-empty string", name);

	if (key == JH_CONFIG_LABEL_KEY && !jh_label_key_is_valid(value))
		return place_error(err, JH_EINVALID, place,
				   "expected a Kubernetes label key such as example.com/hash", name);
	if (key == JH_CONFIG_NAMESPACE && !jh_namespace_is_valid(value))
		return place_error(err, JH_EINVALID, place,
				   "expected a Kubernetes namespace: lowercase letters, digits and "
				   "'-', at most 63 characters", name);
	if (key == JH_CONFIG_DEPLOYED_FROM) {
		jh_deployed_tool tool;
		const char *file;
		jh_error spec_err;

		if (jh_deployed_parse_spec(value, &tool, &file, &spec_err) != JH_OK)
			return place_error(err, JH_EINVALID, place,
					   "expected argocd:FILE, argocd:- or flux:FILE", name);
	}
	if (key == JH_CONFIG_DELETE) {
		if (strcmp(value, "kubectl") == 0)
			config->delete_mode = JH_DELETE_KUBECTL;
		else if (strcmp(value, "none") == 0)
			config->delete_mode = JH_DELETE_NONE;
		else
			return place_error(err, JH_EINVALID, place, "expected kubectl or none", name);
		return JH_OK;
	}
	return set_string(string_slot(config, key), value, err);
}

static int parse_hash_length(jh_config *config, long value, const value_place *place,
			     jh_error *err)
{
	if (value < JH_HASH_MIN_LENGTH || value > JH_HASH_MAX_LENGTH)
		return jh_error_set(err, JH_EINVALID, place->path, place->line, place->column,
				    "invalid value of 'hashLength': expected a number from %d to %d, got %ld",
				    JH_HASH_MIN_LENGTH, JH_HASH_MAX_LENGTH, value);
	config->hash_length = (int)value;
	return JH_OK;
}

/* Copies the items into a new list for *ITEMS, replacing the old one. */
static int set_list(char ***items, size_t *count, const char *const *values, size_t value_count,
		    jh_error *err)
{
	char **list = NULL;

	if (value_count > 0) {
		list = calloc(value_count, sizeof(*list));
		if (list == NULL)
			return jh_error_nomem(err);
	}
	for (size_t i = 0; i < value_count; i++) {
		list[i] = strdup(values[i]);
		if (list[i] == NULL) {
			free_list(list, i);
			return jh_error_nomem(err);
		}
	}
	free_list(*items, *count);
	*items = list;
	*count = value_count;
	return JH_OK;
}

static int set_list_key(jh_config *config, jh_config_key key, const char *const *values,
			size_t count, jh_error *err)
{
	if (key == JH_CONFIG_PATHS)
		return set_list(&config->paths, &config->path_count, values, count, err);
	return set_list(&config->excludes, &config->exclude_count, values, count, err);
}

static int parse_bool_text(const char *text, bool *out)
{
	if (strcmp(text, "true") == 0)
		*out = true;
	else if (strcmp(text, "false") == 0)
		*out = false;
	else
		return JH_EINVALID;
	return JH_OK;
}

/* Sets a list key from comma-separated TEXT; blanks around items are dropped. */
static int set_list_text(jh_config *config, jh_config_key key, const char *text, jh_error *err)
{
	jh_buf copy = JH_BUF_INIT;
	const char **items = NULL;
	size_t count = 0;
	int rc;

	rc = jh_buf_puts(&copy, text);
	if (rc != JH_OK) {
		rc = jh_error_nomem(err);
		goto done;
	}

	for (char *item = copy.data; item != NULL && *item != '\0';) {
		char *comma = strchr(item, ',');
		char *end;
		const char **grown;

		if (comma != NULL)
			*comma = '\0';
		while (*item == ' ' || *item == '\t')
			item++;
		end = item + strlen(item);
		while (end > item && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';

		if (*item != '\0') {
			grown = realloc(items, (count + 1) * sizeof(*items));
			if (grown == NULL) {
				rc = jh_error_nomem(err);
				goto done;
			}
			items = grown;
			items[count++] = item;
		}
		item = comma != NULL ? comma + 1 : NULL;
	}

	rc = set_list_key(config, key, items, count, err);

done:
	free(items);
	jh_buf_free(&copy);
	return rc;
}

static int set_from_text(jh_config *config, jh_config_key key, const char *value,
			 const value_place *place, jh_error *err)
{
	const char *name = key_names[key];
	long number;

	switch (key) {
	case JH_CONFIG_PATHS:
	case JH_CONFIG_EXCLUDE:
		return set_list_text(config, key, value, err);
	case JH_CONFIG_HASH_LENGTH:
		if (jh_parse_int(value, 0, 1000, &number) != JH_OK)
			return place_error(err, JH_EINVALID, place, "expected an integer", name);
		return parse_hash_length(config, number, place, err);
	case JH_CONFIG_STRICT:
		if (parse_bool_text(value, &config->strict) != JH_OK)
			return place_error(err, JH_EINVALID, place, "expected true or false", name);
		return JH_OK;
	case JH_CONFIG_MAX_FILE_SIZE:
		if (jh_parse_size(value, &config->max_file_size) != JH_OK)
			return place_error(err, JH_EINVALID, place,
					   "expected a positive number of bytes, with an optional K, M or G suffix",
					   name);
		return JH_OK;
	default:
		return set_string_key(config, key, value, place, err);
	}
}

int jh_config_set(jh_config *config, const char *name, const char *value,
		  jh_config_origin origin, unsigned line, jh_error *err)
{
	value_place place;
	jh_config_key key;
	int rc;

	if (jh_config_key_lookup(name, &key) != JH_OK)
		return jh_error_set(err, JH_EINVALID, NULL, 0, 0, "unknown configuration key '%s'",
				    name);

	memset(&place, 0, sizeof(place));
	place.source.origin = origin;
	place.source.line = line;
	rc = set_from_text(config, key, value, &place, err);
	if (rc == JH_OK)
		config->sources[key] = place.source;
	return rc;
}

/* Appends the known keys, comma-separated, for the unknown-key message. */
static int put_known_keys(jh_buf *out)
{
	for (int key = 0; key < JH_CONFIG_KEY_COUNT; key++) {
		if (jh_buf_puts(out, key > 0 ? ", " : "") != JH_OK ||
		    jh_buf_puts(out, key_names[key]) != JH_OK)
			return JH_ENOMEM;
	}
	return JH_OK;
}

static int type_error(jh_error *err, const value_place *place, const char *name,
		      const char *expected, const jh_node *value)
{
	return jh_error_set(err, JH_EINVALID, place->path, place->line, place->column,
			    "invalid value of '%s': expected %s, got %s %s", name, expected,
			    value->kind == JH_INT ? "an" : "a", jh_kind_name(value->kind));
}

static int set_list_node(jh_config *config, jh_config_key key, const jh_node *value,
			 const value_place *place, jh_error *err)
{
	const char **items = NULL;
	size_t count = 0;
	int rc = JH_OK;

	if (value->kind != JH_SEQ)
		return type_error(err, place, key_names[key], "a list of strings", value);

	if (value->as.seq.count > 0) {
		items = calloc(value->as.seq.count, sizeof(*items));
		if (items == NULL)
			return jh_error_nomem(err);
	}
	for (size_t i = 0; i < value->as.seq.count; i++) {
		const jh_node *item = value->as.seq.items[i];

		if (item->kind != JH_STRING || item->as.string.bytes[0] == '\0') {
			rc = jh_error_set(err, JH_EINVALID, place->path, item->span.line,
					  item->span.column,
					  "invalid item of '%s': expected a non-empty string, got %s %s",
					  key_names[key], item->kind == JH_INT ? "an" : "a",
					  jh_kind_name(item->kind));
			goto done;
		}
		items[count++] = item->as.string.bytes;
	}
	rc = set_list_key(config, key, items, count, err);

done:
	free(items);
	return rc;
}

/* Applies one VALUE of the file, checking its YAML type. */
static int set_from_node(jh_config *config, jh_config_key key, const jh_node *value,
			 const value_place *place, jh_error *err)
{
	const char *name = key_names[key];

	switch (key) {
	case JH_CONFIG_PATHS:
	case JH_CONFIG_EXCLUDE:
		return set_list_node(config, key, value, place, err);
	case JH_CONFIG_HASH_LENGTH:
		if (value->kind != JH_INT)
			return type_error(err, place, name, "an integer", value);
		return parse_hash_length(config, value->as.integer > 1000 ? 1000 : (long)value->as.integer,
					 place, err);
	case JH_CONFIG_STRICT:
		if (value->kind != JH_BOOL)
			return type_error(err, place, name, "true or false", value);
		config->strict = value->as.boolean;
		return JH_OK;
	case JH_CONFIG_MAX_FILE_SIZE:
		if (value->kind == JH_INT) {
			if (value->as.integer <= 0)
				return place_error(err, JH_EINVALID, place,
						   "expected a positive number of bytes", name);
			config->max_file_size = (size_t)value->as.integer;
			return JH_OK;
		}
		if (value->kind != JH_STRING)
			return type_error(err, place, name, "a number of bytes", value);
		return set_from_text(config, key, value->as.string.bytes, place, err);
	default:
		if (value->kind != JH_STRING)
			return type_error(err, place, name, "a string", value);
		return set_string_key(config, key, value->as.string.bytes, place, err);
	}
}

static int apply_pair(jh_config *config, const char *path, const jh_pair *pair, jh_error *err)
{
	jh_buf known = JH_BUF_INIT;
	value_place place;
	jh_config_key key;
	int rc;

	if (jh_config_key_lookup(pair->key, &key) != JH_OK) {
		if (put_known_keys(&known) != JH_OK)
			return jh_error_nomem(err);
		rc = jh_error_set(err, JH_EINVALID, path, pair->key_span.line, pair->key_span.column,
				  "unknown key '%s'; known keys are %s", pair->key, known.data);
		jh_buf_free(&known);
		return rc;
	}

	/* A null value (`namespace:` with nothing after it) keeps the default. */
	if (pair->value == NULL || pair->value->kind == JH_NULL)
		return JH_OK;

	memset(&place, 0, sizeof(place));
	place.path = path;
	place.line = pair->value->span.line;
	place.column = pair->value->span.column;
	place.source.origin = JH_ORIGIN_FILE;
	place.source.line = pair->key_span.line;

	rc = set_from_node(config, key, pair->value, &place, err);
	if (rc == JH_OK)
		config->sources[key] = place.source;
	return rc;
}

int jh_config_parse(jh_config *config, const char *path, const char *text,
		    size_t len, jh_error *err)
{
	jh_load_options options;
	jh_diagnostics diagnostics = { 0 };
	jh_file *file = NULL;
	const jh_node *root;
	int rc;

	memset(&options, 0, sizeof(options));
	/* A key written twice in a configuration file is a mistake, not a warning. */
	options.strict = true;
	options.max_file_size = CONFIG_MAX_FILE_SIZE;

	rc = jh_load(&file, path, text, len, &options, &diagnostics, err);
	if (rc != JH_OK)
		goto done;

	if (file->document_count > 1) {
		rc = jh_error_set(err, JH_EINVALID, path, file->documents[1].span.line, 0,
				  "expected one YAML document, found %zu", file->document_count);
		goto done;
	}
	root = file->document_count == 1 ? file->documents[0].root : NULL;
	if (root == NULL)
		goto done;
	if (root->kind != JH_MAP) {
		rc = jh_error_set(err, JH_EINVALID, path, root->span.line, root->span.column,
				  "expected a mapping of settings, got a %s", jh_kind_name(root->kind));
		goto done;
	}

	for (size_t i = 0; i < root->as.map.count; i++) {
		rc = apply_pair(config, path, &root->as.map.pairs[i], err);
		if (rc != JH_OK)
			goto done;
	}

done:
	if (rc != JH_OK && err->hint[0] == '\0' && rc != JH_ENOMEM)
		jh_error_hint(err, "see docs/configuration.md for the keys and their types");
	jh_diagnostics_free(&diagnostics);
	jh_file_free(file);
	return rc;
}

int jh_config_load_file(jh_config *config, const char *dir, jh_error *err)
{
	jh_buf path = JH_BUF_INIT;
	jh_buf text = JH_BUF_INIT;
	size_t dir_len = strlen(dir);
	FILE *stream = NULL;
	int rc;

	if (jh_buf_puts(&path, dir) != JH_OK ||
	    (dir_len > 0 && dir[dir_len - 1] != '/' && jh_buf_putc(&path, '/') != JH_OK) ||
	    jh_buf_puts(&path, JH_CONFIG_FILE_NAME) != JH_OK) {
		rc = jh_error_nomem(err);
		goto done;
	}

	stream = fopen(path.data, "rb");
	if (stream == NULL) {
		rc = errno == ENOENT ? JH_OK
				     : jh_error_set(err, JH_EIO, path.data, 0, 0, "cannot open: %s",
						    strerror(errno));
		goto done;
	}

	rc = jh_read_stream(&text, stream, JH_CONFIG_FILE_NAME, CONFIG_MAX_FILE_SIZE, err);
	if (rc != JH_OK)
		goto done;

	/* Messages name the file as users write it, relative to the repository root. */
	rc = jh_config_parse(config, JH_CONFIG_FILE_NAME, text.data != NULL ? text.data : "",
			     text.len, err);
	if (rc == JH_OK)
		config->file = jh_buf_detach(&path);

done:
	if (stream != NULL)
		fclose(stream);
	jh_buf_free(&text);
	jh_buf_free(&path);
	return rc;
}

/* Records the common options given on the command line as command-line values. */
static int take_command_line(jh_config *config, const jh_cli *cli, jh_error *err)
{
	static const jh_config_source command_line = { JH_ORIGIN_COMMAND_LINE, 0 };
	int rc = JH_OK;

	if (cli->given & JH_CLI_GIVEN_NAMESPACE) {
		rc = set_string(&config->namespace, cli->default_namespace, err);
		config->sources[JH_CONFIG_NAMESPACE] = command_line;
	}
	if (rc == JH_OK && (cli->given & JH_CLI_GIVEN_EXCLUDE)) {
		rc = set_list_key(config, JH_CONFIG_EXCLUDE, cli->excludes, cli->exclude_count, err);
		config->sources[JH_CONFIG_EXCLUDE] = command_line;
	}
	if (rc == JH_OK && (cli->given & JH_CLI_GIVEN_PATHS)) {
		rc = set_list_key(config, JH_CONFIG_PATHS, cli->includes, cli->include_count, err);
		config->sources[JH_CONFIG_PATHS] = command_line;
	}
	if (cli->given & JH_CLI_GIVEN_STRICT) {
		config->strict = cli->strict;
		config->sources[JH_CONFIG_STRICT] = command_line;
	}
	if (cli->given & JH_CLI_GIVEN_MAX_FILE_SIZE) {
		config->max_file_size = cli->max_file_size;
		config->sources[JH_CONFIG_MAX_FILE_SIZE] = command_line;
	}
	if (cli->given & JH_CLI_GIVEN_HASH_LENGTH) {
		config->hash_length = cli->hash_length;
		config->sources[JH_CONFIG_HASH_LENGTH] = command_line;
	}
	return rc;
}

/* Points *OUT at a new array of the strings of ITEMS, which stay owned by the configuration. */
static int borrow_list(const char ***out, size_t *out_count, char **items, size_t count)
{
	const char **list = NULL;

	if (count > 0) {
		list = calloc(count, sizeof(*list));
		if (list == NULL)
			return JH_ENOMEM;
	}
	for (size_t i = 0; i < count; i++)
		list[i] = items[i];
	free((void *)*out);
	*out = list;
	*out_count = count;
	return JH_OK;
}

/* Writes the effective values of the common options into CLI. */
static int give_to_cli(const jh_config *config, jh_cli *cli, jh_error *err)
{
	if (borrow_list(&cli->includes, &cli->include_count, config->paths,
			config->path_count) != JH_OK ||
	    borrow_list(&cli->excludes, &cli->exclude_count, config->excludes,
			config->exclude_count) != JH_OK)
		return jh_error_nomem(err);

	cli->pathspec.include = cli->includes;
	cli->pathspec.include_count = cli->include_count;
	cli->pathspec.exclude = cli->excludes;
	cli->pathspec.exclude_count = cli->exclude_count;
	cli->default_namespace = config->namespace;
	cli->strict = config->strict;
	cli->max_file_size = config->max_file_size;
	cli->hash_length = config->hash_length;
	return JH_OK;
}

int jh_config_resolve(jh_config *config, jh_cli *cli, jh_error *err)
{
	jh_repo *repo = NULL;
	const char *dir;
	int rc;

	rc = jh_repo_open(&repo, cli->directory, err);
	if (rc == JH_ENOTFOUND) {
		/* Outside a repository the file sits in the directory itself. */
		jh_error_clear(err);
		rc = JH_OK;
	}
	if (rc != JH_OK)
		goto done;

	if (repo != NULL && jh_repo_workdir(repo) != NULL)
		dir = jh_repo_workdir(repo);
	else
		dir = cli->directory != NULL ? cli->directory : ".";

	/* Paths on the command line are relative to where jobhash runs, as in git. */
	if (repo != NULL && jh_repo_workdir(repo) != NULL)
		rc = jh_cli_anchor_patterns(cli, jh_repo_workdir(repo), err);
	if (rc != JH_OK)
		goto done;

	rc = jh_config_load_file(config, dir, err);
	if (rc == JH_OK)
		rc = take_command_line(config, cli, err);
	if (rc == JH_OK)
		rc = give_to_cli(config, cli, err);

done:
	jh_repo_free(repo);
	return rc;
}

static const char *origin_name(const jh_config_source *source, char *buf, size_t size)
{
	switch (source->origin) {
	case JH_ORIGIN_FILE:
		snprintf(buf, size, "%s:%u", JH_CONFIG_FILE_NAME, source->line);
		return buf;
	case JH_ORIGIN_COMMAND_LINE:
		return "command line";
	case JH_ORIGIN_ENVIRONMENT:
		return "environment";
	default:
		return "default";
	}
}

/* Appends the value of KEY: as text ("a, b" for lists, "" when unset) or as JSON. */
static int put_value(jh_buf *out, const jh_config *config, jh_config_key key, bool json)
{
	char **list = key == JH_CONFIG_PATHS ? config->paths : config->excludes;
	size_t count = key == JH_CONFIG_PATHS ? config->path_count : config->exclude_count;
	const char *const *slot;
	int rc = JH_OK;

	switch (key) {
	case JH_CONFIG_PATHS:
	case JH_CONFIG_EXCLUDE:
		rc = json ? jh_buf_putc(out, '[') : JH_OK;
		for (size_t i = 0; rc == JH_OK && i < count; i++) {
			rc = i > 0 ? jh_buf_puts(out, json ? "," : ", ") : JH_OK;
			if (rc == JH_OK)
				rc = json ? jh_json_string(out, list[i]) : jh_buf_puts(out, list[i]);
		}
		if (rc == JH_OK && json)
			rc = jh_buf_putc(out, ']');
		return rc;
	case JH_CONFIG_HASH_LENGTH:
		return jh_buf_printf(out, "%d", config->hash_length);
	case JH_CONFIG_STRICT:
		return jh_buf_puts(out, config->strict ? "true" : "false");
	case JH_CONFIG_MAX_FILE_SIZE:
		return jh_buf_printf(out, "%zu", config->max_file_size);
	case JH_CONFIG_DELETE: {
		const char *mode = config->delete_mode == JH_DELETE_KUBECTL ? "kubectl" : "none";

		return json ? jh_json_string(out, mode) : jh_buf_puts(out, mode);
	}
	default:
		slot = string_value(config, key);
		if (*slot == NULL)
			return jh_buf_puts(out, json ? "null" : "");
		return json ? jh_json_string(out, *slot) : jh_buf_puts(out, *slot);
	}
}

int jh_config_print(FILE *out, const jh_config *config, jh_format format)
{
	bool json = format == JH_FORMAT_JSON;
	jh_buf line = JH_BUF_INIT;
	char origin[64];
	int rc = JH_OK;

	if (json)
		fputs("{\"version\":1,\"settings\":{", out);

	for (int key = 0; rc == JH_OK && key < JH_CONFIG_KEY_COUNT; key++) {
		const char *source = origin_name(&config->sources[key], origin, sizeof(origin));

		jh_buf_clear(&line);
		if (json) {
			rc = jh_buf_printf(&line, "%s\"%s\":{\"value\":", key > 0 ? "," : "",
					   key_names[key]);
			if (rc == JH_OK)
				rc = put_value(&line, config, (jh_config_key)key, true);
			if (rc == JH_OK)
				rc = jh_buf_puts(&line, ",\"source\":");
			if (rc == JH_OK)
				rc = jh_json_string(&line, source);
			if (rc == JH_OK)
				rc = jh_buf_putc(&line, '}');
			if (rc == JH_OK)
				fputs(line.data, out);
			continue;
		}

		rc = jh_buf_printf(&line, "%s: ", key_names[key]);
		if (rc == JH_OK)
			rc = put_value(&line, config, (jh_config_key)key, false);
		if (rc == JH_OK)
			rc = jh_buf_printf(&line, " (%s)", source);
		if (rc == JH_OK) {
			/* Values come from the file: escape them before they reach a terminal. */
			jh_print_escaped(out, line.data);
			fputc('\n', out);
		}
	}
	if (rc == JH_OK && json)
		fputs("}}\n", out);

	jh_buf_free(&line);
	return rc;
}
