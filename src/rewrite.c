/* The rewrite engine: surgical renames of Jobs in a file's text; see include/jobhash/rewrite.h. */

#include "jobhash/rewrite.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jobhash/edit.h"
#include "jobhash/hash.h"
#include "jobhash/report.h"
#include "jobhash/scalar.h"

/* What the edits of one file share. */
typedef struct rewrite_file {
	const char *path;
	const char *text;
	size_t len;
	const char *label_key;
	const char *line_break; /* the file's own: "\n" or "\r\n" */
	jh_edit_list edits;
	jh_buf scratch;
} rewrite_file;

void jh_rename_list_free(jh_rename_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].namespace);
		free(list->items[i].old_name);
		free(list->items[i].new_name);
	}
	free(list->items);
	memset(list, 0, sizeof(*list));
}

static int rename_list_add(jh_rename_list *list, const char *namespace, const char *old_name,
			   const char *new_name, unsigned line, bool stale)
{
	jh_rename *item;

	if (list->count == list->capacity) {
		size_t capacity = list->capacity == 0 ? 4 : list->capacity * 2;
		jh_rename *items;

		if (capacity > SIZE_MAX / sizeof(*items))
			return JH_ENOMEM;
		items = realloc(list->items, capacity * sizeof(*items));
		if (items == NULL)
			return JH_ENOMEM;
		list->items = items;
		list->capacity = capacity;
	}

	item = &list->items[list->count];
	memset(item, 0, sizeof(*item));
	item->namespace = strdup(namespace);
	item->old_name = strdup(old_name);
	item->new_name = strdup(new_name);
	item->line = line;
	item->stale = stale;
	list->count++;
	if (item->namespace == NULL || item->old_name == NULL || item->new_name == NULL)
		return JH_ENOMEM;
	return JH_OK;
}

/* Moves the entries of FROM to the end of TO; FROM is empty after. */
static int rename_list_move(jh_rename_list *to, jh_rename_list *from)
{
	for (size_t i = 0; i < from->count; i++) {
		const jh_rename *r = &from->items[i];
		int rc = rename_list_add(to, r->namespace, r->old_name, r->new_name, r->line,
					 r->stale);

		if (rc != JH_OK)
			return rc;
	}
	jh_rename_list_free(from);
	return JH_OK;
}

/* Reports that WHAT (metadata.name, say) cannot be edited in place because of PROBLEM. */
static int unsafe_at(rewrite_file *f, const jh_span *span, jh_error *err, const char *what,
		     const char *problem)
{
	jh_error_set(err, JH_EINVALID, f->path, span->line, span->column,
		     "cannot rename the Job: %s %s; the file is left unchanged", what, problem);
	jh_error_hint(err, "write %s directly in the Job, without anchors, aliases, merge keys "
			   "or tags, or annotate the Job with %s: \"true\"", what, JH_SKIP_ANNOTATION);
	return JH_EINVALID;
}

/* Rejects an entry whose value is not written at its own place in the text. */
static int check_pair(rewrite_file *f, const jh_pair *pair, const char *what, jh_error *err)
{
	if (pair->via & JH_VIA_MERGE)
		return unsafe_at(f, &pair->key_span, err, what, "comes from a merge key");
	if (pair->via & JH_VIA_ALIAS)
		return unsafe_at(f, &pair->key_span, err, what, "comes from an alias");
	if (pair->value->flags & JH_NODE_ANCHORED)
		return unsafe_at(f, &pair->value->span, err, what,
				 "carries an anchor that other nodes may share");
	if (pair->value->flags & JH_NODE_TAGGED)
		return unsafe_at(f, &pair->value->span, err, what, "carries a tag");
	if (pair->value->style == JH_STYLE_SYNTHETIC)
		return unsafe_at(f, &pair->key_span, err, what, "is not written in the file");
	return JH_OK;
}

/* Rejects a scalar whose text cannot simply be replaced. */
static int check_scalar(rewrite_file *f, const jh_node *node, const char *what, jh_error *err)
{
	switch (node->style) {
	case JH_STYLE_PLAIN:
		if (memchr(f->text + node->span.start, '\n', node->span.end - node->span.start))
			return unsafe_at(f, &node->span, err, what,
					 "is a plain scalar over several lines");
		return JH_OK;
	case JH_STYLE_SINGLE_QUOTED:
	case JH_STYLE_DOUBLE_QUOTED:
	case JH_STYLE_JSON:
		return JH_OK;
	default:
		return unsafe_at(f, &node->span, err, what, "is a block scalar");
	}
}

/* Characters that need no quoting in a plain scalar, block or flow. */
static bool plain_safe(const char *s)
{
	jh_scalar value;

	if (s[0] == '\0' || strchr("-.", s[0]) != NULL)
		return false;
	for (const char *p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("-._/", *p) != NULL))
			return false;

	/* hash.md rule 4: the text must still read back as a string. */
	jh_scalar_resolve(&value, s, strlen(s));
	return value.kind == JH_STRING;
}

/*
 * Appends VALUE written in STYLE: plain while it reads back as a string,
 * single-quoted as before, else double-quoted (which JSON shares).
 */
static int put_scalar(jh_buf *out, const char *value, jh_style style)
{
	if (style == JH_STYLE_PLAIN && plain_safe(value))
		return jh_buf_puts(out, value);

	if (style == JH_STYLE_SINGLE_QUOTED && plain_safe(value)) {
		int rc = jh_buf_putc(out, '\'');

		if (rc == JH_OK)
			rc = jh_buf_puts(out, value);
		if (rc == JH_OK)
			rc = jh_buf_putc(out, '\'');
		return rc;
	}
	return jh_json_string(out, value);
}

/* Appends a mapping key: plain in YAML when that is safe, else double-quoted. */
static int put_key(jh_buf *out, const char *key, bool json)
{
	return put_scalar(out, key, json ? JH_STYLE_JSON : JH_STYLE_PLAIN);
}

/* Appends "KEY: VALUE" for the label, VALUE double-quoted (hash.md rule 4: digits read as a number). */
static int put_label_entry(jh_buf *out, rewrite_file *f, const char *value, bool json)
{
	int rc = put_key(out, f->label_key, json);

	if (rc == JH_OK)
		rc = jh_buf_puts(out, ": ");
	if (rc == JH_OK)
		rc = jh_json_string(out, value);
	return rc;
}

static size_t line_start(const rewrite_file *f, size_t offset)
{
	while (offset > 0 && f->text[offset - 1] != '\n')
		offset--;
	return offset;
}

/* Appends the indentation of the line at OFFSET up to OFFSET, as spaces ("- " included). */
static int put_indent(jh_buf *out, const rewrite_file *f, size_t offset)
{
	for (size_t i = line_start(f, offset); i < offset; i++) {
		int rc = jh_buf_putc(out, f->text[i] == '\t' ? '\t' : ' ');

		if (rc != JH_OK)
			return rc;
	}
	return JH_OK;
}

static int add_edit(rewrite_file *f, size_t start, size_t end, jh_error *err)
{
	if (jh_edit_add(&f->edits, start, end, f->scratch.data, f->scratch.len) != JH_OK)
		return jh_error_nomem(err);
	return JH_OK;
}

/* Checks that a flow mapping starts with '{' where the loader placed it. */
static int check_flow_start(rewrite_file *f, const jh_node *map, const char *what, jh_error *err)
{
	if (map->span.start >= f->len || f->text[map->span.start] != '{')
		return unsafe_at(f, &map->span, err, what, "does not start with '{'");
	return JH_OK;
}

/* Adds the label as the first entry of the existing mapping LABELS. */
static int insert_label(rewrite_file *f, const jh_node *labels, const char *value, jh_error *err)
{
	bool json = labels->style == JH_STYLE_JSON;
	jh_buf *s = &f->scratch;
	int rc;

	jh_buf_clear(s);

	if (labels->style == JH_STYLE_BLOCK) {
		/* At the first key, followed by the file's line break and that key's indentation. */
		rc = put_label_entry(s, f, value, false);
		if (rc == JH_OK)
			rc = jh_buf_puts(s, f->line_break);
		if (rc == JH_OK)
			rc = put_indent(s, f, labels->span.start);
		if (rc != JH_OK)
			return jh_error_nomem(err);
		return add_edit(f, labels->span.start, labels->span.start, err);
	}

	rc = check_flow_start(f, labels, "metadata.labels", err);
	if (rc != JH_OK)
		return rc;
	rc = put_label_entry(s, f, value, json);
	if (rc == JH_OK && labels->as.map.count > 0)
		rc = jh_buf_puts(s, ", ");
	if (rc != JH_OK)
		return jh_error_nomem(err);
	return add_edit(f, labels->span.start + 1, labels->span.start + 1, err);
}

/* Indentation step of the document: metadata's keys relative to the "metadata" key, else 2. */
static size_t indent_step(const rewrite_file *f, const jh_pair *metadata_pair)
{
	size_t key = metadata_pair->key_span.start;
	size_t child = metadata_pair->value->span.start;
	size_t key_indent = key - line_start(f, key);
	size_t child_indent = child - line_start(f, child);

	if (line_start(f, key) != line_start(f, child) && child_indent > key_indent)
		return child_indent - key_indent;
	return 2;
}

/* Adds "labels:" with the one label to METADATA, which has no labels entry. */
static int insert_labels(rewrite_file *f, const jh_pair *metadata_pair, const char *value,
			 jh_error *err)
{
	const jh_node *metadata = metadata_pair->value;
	bool json = metadata->style == JH_STYLE_JSON;
	jh_buf *s = &f->scratch;
	int rc;

	jh_buf_clear(s);

	if (metadata->style == JH_STYLE_BLOCK) {
		size_t step = indent_step(f, metadata_pair);

		rc = jh_buf_printf(s, "labels:%s", f->line_break);
		if (rc == JH_OK)
			rc = put_indent(s, f, metadata->span.start);
		if (rc == JH_OK)
			rc = jh_buf_printf(s, "%*s", (int)step, "");
		if (rc == JH_OK)
			rc = put_label_entry(s, f, value, false);
		if (rc == JH_OK)
			rc = jh_buf_puts(s, f->line_break);
		if (rc == JH_OK)
			rc = put_indent(s, f, metadata->span.start);
		if (rc != JH_OK)
			return jh_error_nomem(err);
		return add_edit(f, metadata->span.start, metadata->span.start, err);
	}

	rc = check_flow_start(f, metadata, "metadata", err);
	if (rc != JH_OK)
		return rc;
	rc = put_key(s, "labels", json);
	if (rc == JH_OK)
		rc = jh_buf_puts(s, ": {");
	if (rc == JH_OK)
		rc = put_label_entry(s, f, value, json);
	if (rc == JH_OK)
		rc = jh_buf_puts(s, "}");
	if (rc == JH_OK && metadata->as.map.count > 0)
		rc = jh_buf_puts(s, ", ");
	if (rc != JH_OK)
		return jh_error_nomem(err);
	return add_edit(f, metadata->span.start + 1, metadata->span.start + 1, err);
}

/* Sets the label to VALUE: in place when present, else as a new first entry. */
static int mark_job(rewrite_file *f, const jh_pair *metadata_pair, const char *value,
		    jh_error *err)
{
	const jh_node *metadata = metadata_pair->value;
	const jh_pair *labels_pair = jh_map_get_pair(metadata, "labels");
	const jh_pair *label_pair;
	const jh_node *old;
	int rc;

	if (labels_pair == NULL)
		return insert_labels(f, metadata_pair, value, err);

	rc = check_pair(f, labels_pair, "metadata.labels", err);
	if (rc != JH_OK)
		return rc;
	if (labels_pair->value->kind != JH_MAP)
		return unsafe_at(f, &labels_pair->value->span, err, "metadata.labels",
				 "is not a mapping (null, say)");

	label_pair = jh_map_get_pair(labels_pair->value, f->label_key);
	if (label_pair == NULL)
		return insert_label(f, labels_pair->value, value, err);

	rc = check_pair(f, label_pair, "the hash label", err);
	if (rc == JH_OK)
		rc = check_scalar(f, label_pair->value, "the hash label", err);
	if (rc != JH_OK)
		return rc;

	old = label_pair->value;
	if (jh_node_is_string(old, value))
		return JH_OK;

	jh_buf_clear(&f->scratch);
	/* A plain value stays plain when the new one reads back as a string. */
	rc = put_scalar(&f->scratch, value,
			old->style == JH_STYLE_PLAIN ? JH_STYLE_PLAIN : JH_STYLE_DOUBLE_QUOTED);
	if (rc != JH_OK)
		return jh_error_nomem(err);
	return add_edit(f, old->span.start, old->span.end, err);
}

static bool job_is_eligible(const jh_object *job)
{
	char reason[256];
	const jh_node *metadata = jh_map_get(job->node, "metadata");
	const char *skip = jh_map_get_string(jh_map_get(metadata, "annotations"),
					     JH_SKIP_ANNOTATION);

	if (!jh_object_is_job(job) || job->name == NULL)
		return false;
	if (skip != NULL && strcmp(skip, "true") == 0)
		return false;
	return jh_job_classify(job, reason, sizeof(reason)) != JH_JOB_RECREATED;
}

/* Renames one eligible Job; appends its edits to F and its entry to RENAMES. */
static int rewrite_job(rewrite_file *f, const jh_object *job, const char *hash,
		       const jh_rewrite_options *options, jh_rename_list *renames, jh_error *err)
{
	char suffix[JH_HASH_HEX_SIZE];
	char new_name[JH_NAME_MAX + 1];
	char *base = NULL;
	const jh_pair *metadata_pair = jh_map_get_pair(job->node, "metadata");
	const jh_pair *name_pair = jh_map_get_pair(metadata_pair->value, "name");
	const char *confirmed = jh_job_confirmed_suffix(job, f->label_key);
	size_t base_len = strlen(job->name);
	int rc;

	memcpy(suffix, hash, (size_t)options->hash_length);
	suffix[options->hash_length] = '\0';

	rc = check_pair(f, metadata_pair, "metadata", err);
	if (rc == JH_OK)
		rc = check_pair(f, name_pair, "metadata.name", err);
	if (rc == JH_OK)
		rc = check_scalar(f, name_pair->value, "metadata.name", err);
	if (rc != JH_OK)
		goto done;

	/* Strip only a suffix that the label confirms: a hash-like tail alone is kept. */
	if (confirmed != NULL)
		base_len -= strlen(confirmed) + 1;
	base = strndup(job->name, base_len);
	if (base == NULL) {
		rc = jh_error_nomem(err);
		goto done;
	}

	if (options->filter != NULL &&
	    !options->filter(options->filter_context, job->namespace, base, hash))
		goto done;

	rc = jh_job_name_with_suffix(new_name, sizeof(new_name), base, suffix,
				     jh_job_name_limit(job));
	if (rc != JH_OK) {
		jh_error_set(err, JH_EINVALID, f->path, name_pair->value->span.line,
			     name_pair->value->span.column,
			     "cannot rename the Job '%s': no room for its name with a %d-character hash suffix",
			     job->name, options->hash_length);
		jh_error_hint(err, "use a shorter --hash-length, or annotate the Job with %s: \"true\"",
			      JH_SKIP_ANNOTATION);
		goto done;
	}

	if (strcmp(new_name, job->name) != 0) {
		jh_buf_clear(&f->scratch);
		rc = put_scalar(&f->scratch, new_name, name_pair->value->style);
		if (rc != JH_OK) {
			rc = jh_error_nomem(err);
			goto done;
		}
		rc = add_edit(f, name_pair->value->span.start, name_pair->value->span.end, err);
		if (rc == JH_OK)
			rc = rename_list_add(renames, job->namespace, job->name, new_name,
					     name_pair->value->span.line,
					     jh_job_suffix_is_stale(job, f->label_key, hash,
								    options->hash_length));
		if (rc == JH_ENOMEM)
			jh_error_nomem(err);
	}
	if (rc == JH_OK)
		rc = mark_job(f, metadata_pair, suffix, err);

done:
	free(base);
	return rc;
}

static int rewrite_objects(rewrite_file *f, jh_file *file, const jh_object_list *objects,
			   const jh_rewrite_options *options, jh_rename_list *renames,
			   jh_error *err)
{
	jh_digest *digest = NULL;
	int rc;

	rc = jh_digest_new(&digest, err);

	for (size_t i = 0; rc == JH_OK && i < objects->count; i++) {
		const jh_object *job = &objects->items[i];
		char hash[JH_HASH_HEX_SIZE];

		if (!job_is_eligible(job))
			continue;
		rc = jh_hash_job(hash, digest, job->node, file->arena, err);
		if (rc == JH_OK)
			rc = rewrite_job(f, job, hash, options, renames, err);
	}

	jh_digest_free(digest);
	return rc;
}

int jh_rewrite_text(jh_buf *out, jh_rename_list *renames, const char *path,
		    const char *text, size_t len, const jh_rewrite_options *options,
		    jh_diagnostics *diagnostics, jh_error *err)
{
	rewrite_file f;
	jh_rename_list found = { 0 };
	jh_object_list objects = { 0 };
	jh_file *file = NULL;
	size_t out_len = out->len;
	int rc;

	memset(&f, 0, sizeof(f));
	f.path = path;
	f.text = text;
	f.len = len;
	f.label_key = options->label_key != NULL ? options->label_key : JH_DEFAULT_LABEL_KEY;

	if (options->hash_length < JH_HASH_MIN_LENGTH || options->hash_length > JH_HASH_MAX_LENGTH)
		return jh_error_set(err, JH_EINVALID, NULL, 0, 0,
				    "invalid hash length %d: expected %d to %d",
				    options->hash_length, JH_HASH_MIN_LENGTH, JH_HASH_MAX_LENGTH);

	rc = jh_scan_load(&file, &options->scan, path, text, len, diagnostics, err);
	if (rc == JH_OK && file != NULL) {
		f.line_break = file->crlf ? "\r\n" : "\n";
		rc = jh_collect_objects(&objects, file, &options->scan.manifest, err);
	}
	if (rc == JH_OK && file != NULL)
		rc = rewrite_objects(&f, file, &objects, options, &found, err);

	if (rc == JH_OK)
		rc = jh_edit_apply(out, &f.edits, text, len);
	if (rc == JH_EINVALID && err->message[0] == '\0')
		jh_error_set(err, JH_EINVALID, path, 0, 0, "overlapping edits; no change was made");
	else if (rc == JH_ENOMEM)
		jh_error_nomem(err);
	if (rc == JH_OK)
		rc = rename_list_move(renames, &found);
	if (rc != JH_OK)
		out->len = out_len;
	if (out->data != NULL)
		out->data[out->len] = '\0';

	jh_rename_list_free(&found);
	jh_edit_list_free(&f.edits);
	jh_buf_free(&f.scratch);
	jh_object_list_free(&objects);
	jh_file_free(file);
	return rc;
}
