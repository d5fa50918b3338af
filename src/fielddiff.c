/* Field-level differences between two value trees; see include/jobhash/fielddiff.h. */

#include "jobhash/fielddiff.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jobhash/array.h"
#include "jobhash/buf.h"
#include "jobhash/canon.h"

static bool is_absent(const jh_node *node)
{
	return node == NULL || node->kind == JH_NULL;
}

static int add_change(jh_change_list *out, const jh_buf *path,
		      const jh_node *old_node, const jh_node *new_node)
{
	jh_change *change;

	if (JH_ARRAY_RESERVE(out->items, out->capacity, out->count, 8) != JH_OK)
		return JH_ENOMEM;

	change = &out->items[out->count];
	change->field = strdup(path->data != NULL ? path->data : "");
	if (change->field == NULL)
		return JH_ENOMEM;
	change->old_value = is_absent(old_node) ? NULL : old_node;
	change->new_value = is_absent(new_node) ? NULL : new_node;
	out->count++;
	return JH_OK;
}

/* True for keys that read well after a dot: letters, digits, '_' and '-'. */
static bool is_plain_key(const char *key, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = key[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* Appends ".key", or ["key"] for keys with dots, slashes or other characters. */
static int append_key(jh_buf *path, const char *key, size_t len)
{
	if (is_plain_key(key, len)) {
		if (jh_buf_putc(path, '.') != JH_OK)
			return JH_ENOMEM;
		return jh_buf_put(path, key, len);
	}

	if (jh_buf_putc(path, '[') != JH_OK || jh_canon_put_string(path, key, len) != JH_OK)
		return JH_ENOMEM;
	return jh_buf_putc(path, ']');
}

static int diff_nodes(jh_change_list *out, jh_buf *path, const jh_node *old_node,
		      const jh_node *new_node);

static int diff_maps(jh_change_list *out, jh_buf *path, const jh_node *old_map,
		     const jh_node *new_map)
{
	size_t mark = path->len;

	/* Keys of the old side, in its order, then keys only the new side has. */
	for (size_t i = 0; i < old_map->as.map.count; i++) {
		const jh_pair *pair = &old_map->as.map.pairs[i];
		const jh_node *other = jh_map_get(new_map, pair->key);
		int rc;

		if (append_key(path, pair->key, pair->key_len) != JH_OK)
			return JH_ENOMEM;
		rc = diff_nodes(out, path, pair->value, other);
		path->len = mark;
		path->data[mark] = '\0';
		if (rc != JH_OK)
			return rc;
	}

	for (size_t i = 0; i < new_map->as.map.count; i++) {
		const jh_pair *pair = &new_map->as.map.pairs[i];
		int rc;

		if (jh_map_get_pair(old_map, pair->key) != NULL)
			continue;

		if (append_key(path, pair->key, pair->key_len) != JH_OK)
			return JH_ENOMEM;
		rc = diff_nodes(out, path, NULL, pair->value);
		path->len = mark;
		path->data[mark] = '\0';
		if (rc != JH_OK)
			return rc;
	}
	return JH_OK;
}

static const jh_node *item_name(const jh_node *item)
{
	const jh_node *name = jh_map_get(item, "name");

	return name != NULL && name->kind == JH_STRING ? name : NULL;
}

/*
 * True when every item of both lists is a mapping with a string "name",
 * the names are distinct within each list, and the names common to both
 * lists come in the same order. Then items can be matched by name, which
 * reads better than indexes when an entry is inserted or removed.
 */
static bool named_lists(const jh_node *a, const jh_node *b)
{
	const jh_node *lists[2] = { a, b };
	size_t last_index = 0;

	for (int l = 0; l < 2; l++) {
		for (size_t i = 0; i < lists[l]->as.seq.count; i++) {
			const jh_node *name = item_name(lists[l]->as.seq.items[i]);

			if (name == NULL)
				return false;
			for (size_t j = 0; j < i; j++)
				if (jh_canon_equal(name, item_name(lists[l]->as.seq.items[j])))
					return false;
		}
	}

	for (size_t i = 0; i < a->as.seq.count; i++) {
		const jh_node *name = item_name(a->as.seq.items[i]);

		for (size_t j = 0; j < b->as.seq.count; j++) {
			if (!jh_canon_equal(name, item_name(b->as.seq.items[j])))
				continue;
			if (j < last_index)
				return false;
			last_index = j;
		}
	}
	return true;
}

static const jh_node *find_named(const jh_node *list, const jh_node *name)
{
	for (size_t i = 0; i < list->as.seq.count; i++)
		if (jh_canon_equal(name, item_name(list->as.seq.items[i])))
			return list->as.seq.items[i];
	return NULL;
}

static int append_name_selector(jh_buf *path, const jh_node *name)
{
	if (jh_buf_puts(path, "[name=") != JH_OK)
		return JH_ENOMEM;
	if (is_plain_key(name->as.string.bytes, name->as.string.len)) {
		if (jh_buf_put(path, name->as.string.bytes, name->as.string.len) != JH_OK)
			return JH_ENOMEM;
	} else if (jh_canon_put_string(path, name->as.string.bytes, name->as.string.len) != JH_OK) {
		return JH_ENOMEM;
	}
	return jh_buf_putc(path, ']');
}

static int diff_named_lists(jh_change_list *out, jh_buf *path,
			    const jh_node *old_list, const jh_node *new_list)
{
	size_t mark = path->len;
	const jh_node *sides[2] = { old_list, new_list };

	/* Items of the old list (changed or removed), then items only the new list has. */
	for (int s = 0; s < 2; s++) {
		const jh_node *list = sides[s];
		const jh_node *other_list = sides[1 - s];

		for (size_t i = 0; i < list->as.seq.count; i++) {
			const jh_node *item = list->as.seq.items[i];
			const jh_node *other = find_named(other_list, item_name(item));
			int rc;

			if (s == 1 && other != NULL)
				continue;

			if (append_name_selector(path, item_name(item)) != JH_OK)
				return JH_ENOMEM;
			rc = s == 0 ? diff_nodes(out, path, item, other)
				    : diff_nodes(out, path, NULL, item);
			path->len = mark;
			path->data[mark] = '\0';
			if (rc != JH_OK)
				return rc;
		}
	}
	return JH_OK;
}

static int diff_lists(jh_change_list *out, jh_buf *path, const jh_node *old_list,
		      const jh_node *new_list)
{
	size_t mark = path->len;
	size_t old_count = old_list->as.seq.count;
	size_t new_count = new_list->as.seq.count;
	size_t count = old_count > new_count ? old_count : new_count;

	if (named_lists(old_list, new_list))
		return diff_named_lists(out, path, old_list, new_list);

	for (size_t i = 0; i < count; i++) {
		const jh_node *old_item = i < old_count ? old_list->as.seq.items[i] : NULL;
		const jh_node *new_item = i < new_count ? new_list->as.seq.items[i] : NULL;
		int rc;

		if (jh_buf_printf(path, "[%zu]", i) != JH_OK)
			return JH_ENOMEM;
		/* A missing item is a change even when the other side's item is null. */
		if (old_item == NULL || new_item == NULL)
			rc = add_change(out, path, old_item, new_item);
		else
			rc = diff_nodes(out, path, old_item, new_item);
		path->len = mark;
		path->data[mark] = '\0';
		if (rc != JH_OK)
			return rc;
	}
	return JH_OK;
}

static int diff_nodes(jh_change_list *out, jh_buf *path, const jh_node *old_node,
		      const jh_node *new_node)
{
	if (jh_canon_equal(old_node, new_node))
		return JH_OK;

	if (!is_absent(old_node) && !is_absent(new_node)) {
		if (old_node->kind == JH_MAP && new_node->kind == JH_MAP)
			return diff_maps(out, path, old_node, new_node);
		if (old_node->kind == JH_SEQ && new_node->kind == JH_SEQ)
			return diff_lists(out, path, old_node, new_node);
	}

	return add_change(out, path, old_node, new_node);
}

int jh_diff_fields(jh_change_list *out, const char *prefix,
		   const jh_node *old_node, const jh_node *new_node,
		   jh_error *err)
{
	jh_buf path = JH_BUF_INIT;
	int rc;

	if (jh_buf_puts(&path, prefix) != JH_OK) {
		rc = jh_error_nomem(err);
		goto done;
	}

	rc = diff_nodes(out, &path, old_node, new_node);
	if (rc != JH_OK)
		rc = jh_error_nomem(err);

done:
	jh_buf_free(&path);
	return rc;
}

void jh_change_list_free(jh_change_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i].field);
	free(list->items);
	list->items = NULL;
	list->count = 0;
	list->capacity = 0;
}
