/* Byte-range edits and unified diffs; see include/jobhash/edit.h. */

#include "jobhash/edit.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jobhash/error.h"

int jh_edit_add(jh_edit_list *list, size_t start, size_t end, const char *text, size_t len)
{
	char *copy = NULL;

	if (list->count == list->capacity) {
		size_t capacity = list->capacity == 0 ? 8 : list->capacity * 2;
		jh_edit *items;

		if (capacity > SIZE_MAX / sizeof(*items))
			return JH_ENOMEM;
		items = realloc(list->items, capacity * sizeof(*items));
		if (items == NULL)
			return JH_ENOMEM;
		list->items = items;
		list->capacity = capacity;
	}

	copy = malloc(len + 1);
	if (copy == NULL)
		return JH_ENOMEM;
	memcpy(copy, text, len);
	copy[len] = '\0';

	list->items[list->count].start = start;
	list->items[list->count].end = end;
	list->items[list->count].text = copy;
	list->count++;
	return JH_OK;
}

void jh_edit_list_free(jh_edit_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i].text);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

/* Insertion sort: stable, and a file has few edits. */
static void sort_edits(jh_edit_list *list)
{
	for (size_t i = 1; i < list->count; i++) {
		jh_edit edit = list->items[i];
		size_t j = i;

		while (j > 0 && list->items[j - 1].start > edit.start) {
			list->items[j] = list->items[j - 1];
			j--;
		}
		list->items[j] = edit;
	}
}

int jh_edit_apply(jh_buf *out, jh_edit_list *list, const char *text, size_t len)
{
	size_t position = 0;
	int rc;

	sort_edits(list);

	for (size_t i = 0; i < list->count; i++) {
		const jh_edit *edit = &list->items[i];

		if (edit->start < position || edit->end < edit->start || edit->end > len)
			return JH_EINVALID;
	}

	for (size_t i = 0; i < list->count; i++) {
		const jh_edit *edit = &list->items[i];

		rc = jh_buf_put(out, text + position, edit->start - position);
		if (rc == JH_OK)
			rc = jh_buf_puts(out, edit->text);
		if (rc != JH_OK)
			return rc;
		position = edit->end;
	}
	return jh_buf_put(out, text + position, len - position);
}

/* The lines of a text, each with its line end. */
typedef struct line_table {
	const char **starts;
	size_t *lengths;
	size_t count;
} line_table;

static int split_lines(line_table *table, const char *text, size_t len)
{
	size_t count = 0;
	size_t position = 0;

	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			count++;
	if (len > 0 && text[len - 1] != '\n')
		count++;

	table->count = count;
	table->starts = calloc(count + 1, sizeof(*table->starts));
	table->lengths = calloc(count + 1, sizeof(*table->lengths));
	if (table->starts == NULL || table->lengths == NULL)
		return JH_ENOMEM;

	for (size_t line = 0; line < count; line++) {
		const char *newline = memchr(text + position, '\n', len - position);
		size_t end = newline != NULL ? (size_t)(newline - text) + 1 : len;

		table->starts[line] = text + position;
		table->lengths[line] = end - position;
		position = end;
	}
	return JH_OK;
}

static void free_lines(line_table *table)
{
	free(table->starts);
	free(table->lengths);
}

static bool same_line(const line_table *a, size_t i, const line_table *b, size_t j)
{
	return a->lengths[i] == b->lengths[j] &&
	       memcmp(a->starts[i], b->starts[j], a->lengths[i]) == 0;
}

/* Lines that must match after a resynchronisation point, so that a lone equal line is not taken. */
#define SYNC_LINES 3

static bool synchronised(const line_table *a, size_t i, const line_table *b, size_t j)
{
	for (size_t k = 0; k < SYNC_LINES; k++) {
		if (i + k >= a->count || j + k >= b->count)
			return i + k >= a->count && j + k >= b->count;
		if (!same_line(a, i + k, b, j + k))
			return false;
	}
	return true;
}

/*
 * Finds the nearest point (I + *SKIP_A, J + *SKIP_B) where both texts agree
 * again, trying the smallest total skip first. The rewriter changes a few
 * lines at a time, so a greedy search is enough and stays linear for it.
 */
static void find_sync(const line_table *a, size_t i, const line_table *b, size_t j,
		      size_t *skip_a, size_t *skip_b)
{
	size_t rest_a = a->count - i;
	size_t rest_b = b->count - j;

	for (size_t total = 1; total <= rest_a + rest_b; total++) {
		for (size_t da = 0; da <= total; da++) {
			size_t db = total - da;

			if (da > rest_a || db > rest_b)
				continue;
			if (synchronised(a, i + da, b, j + db)) {
				*skip_a = da;
				*skip_b = db;
				return;
			}
		}
	}
	*skip_a = rest_a;
	*skip_b = rest_b;
}

typedef enum { OP_SAME, OP_DELETE, OP_INSERT } op_kind;

typedef struct diff_op {
	op_kind kind;
	size_t a; /* 0-based line in the old text */
	size_t b; /* 0-based line in the new text */
} diff_op;

static int put_line(jh_buf *out, char sign, const line_table *table, size_t line)
{
	int rc = jh_buf_putc(out, sign);
	size_t len = table->lengths[line];

	if (rc == JH_OK)
		rc = jh_buf_put(out, table->starts[line], len);
	if (rc == JH_OK && (len == 0 || table->starts[line][len - 1] != '\n'))
		rc = jh_buf_puts(out, "\n\\ No newline at end of file\n");
	return rc;
}

/* Writes the hunk of OPS[FIRST, LAST). */
static int put_hunk(jh_buf *out, const diff_op *ops, size_t first, size_t last,
		    const line_table *a, const line_table *b)
{
	size_t count_a = 0;
	size_t count_b = 0;
	size_t start_a = ops[first].a;
	size_t start_b = ops[first].b;
	int rc;

	for (size_t k = first; k < last; k++) {
		if (ops[k].kind != OP_INSERT)
			count_a++;
		if (ops[k].kind != OP_DELETE)
			count_b++;
	}

	/* Unified diff ranges are 1-based; an empty range names the line before it. */
	rc = jh_buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", count_a > 0 ? start_a + 1 : start_a,
			   count_a, count_b > 0 ? start_b + 1 : start_b, count_b);
	for (size_t k = first; rc == JH_OK && k < last; k++) {
		if (ops[k].kind == OP_SAME)
			rc = put_line(out, ' ', a, ops[k].a);
		else if (ops[k].kind == OP_DELETE)
			rc = put_line(out, '-', a, ops[k].a);
		else
			rc = put_line(out, '+', b, ops[k].b);
	}
	return rc;
}

/* Largest LCS table built, in cells; beyond it the greedy search is used. */
#define LCS_MAX_CELLS ((size_t)16 * 1024 * 1024)

/*
 * Fills LCS with the lengths of the longest common subsequences of the
 * lines A[I0..I1) and B[J0..J1), suffix by suffix, with rows of WIDTH cells.
 */
static void fill_lcs(uint32_t *lcs, size_t width, const line_table *a, size_t i0, size_t i1,
		     const line_table *b, size_t j0, size_t j1)
{
	for (size_t i = i1 - i0 + 1; i-- > 0;) {
		for (size_t j = j1 - j0 + 1; j-- > 0;) {
			uint32_t *cell = &lcs[i * width + j];

			if (i == i1 - i0 || j == j1 - j0)
				*cell = 0;
			else if (same_line(a, i0 + i, b, j0 + j))
				*cell = lcs[(i + 1) * width + j + 1] + 1;
			else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])
				*cell = lcs[(i + 1) * width + j];
			else
				*cell = lcs[i * width + j + 1];
		}
	}
}

static int build_ops(diff_op **out, size_t *out_count, const line_table *a, const line_table *b)
{
	diff_op *ops = calloc(a->count + b->count + 1, sizeof(*ops));
	uint32_t *lcs = NULL;
	size_t count = 0;
	size_t i = 0;
	size_t j = 0;
	size_t end_a = a->count;
	size_t end_b = b->count;
	size_t width;

	if (ops == NULL)
		return JH_ENOMEM;

	/* Only the part between the common head and tail needs the table. */
	while (i < end_a && j < end_b && same_line(a, i, b, j)) {
		ops[count++] = (diff_op){ OP_SAME, i, j };
		i++;
		j++;
	}
	while (end_a > i && end_b > j && same_line(a, end_a - 1, b, end_b - 1)) {
		end_a--;
		end_b--;
	}

	width = end_b - j + 1;
	if ((end_a - i + 1) <= LCS_MAX_CELLS / width) {
		lcs = malloc((end_a - i + 1) * width * sizeof(*lcs));
		if (lcs == NULL) {
			free(ops);
			return JH_ENOMEM;
		}
		fill_lcs(lcs, width, a, i, end_a, b, j, end_b);
	}

	if (lcs != NULL) {
		size_t i0 = i;
		size_t j0 = j;

#define LCS(x, y) lcs[((x) - i0) * width + ((y) - j0)]
		while (i < end_a || j < end_b) {
			if (i < end_a && j < end_b && same_line(a, i, b, j)) {
				ops[count++] = (diff_op){ OP_SAME, i++, j++ };
			} else if (j == end_b || (i < end_a && LCS(i + 1, j) >= LCS(i, j + 1))) {
				ops[count++] = (diff_op){ OP_DELETE, i++, j };
			} else {
				ops[count++] = (diff_op){ OP_INSERT, i, j++ };
			}
		}
#undef LCS
	}

	while (i < a->count || j < b->count) {
		size_t skip_a = 0;
		size_t skip_b = 0;

		if (i < a->count && j < b->count && same_line(a, i, b, j)) {
			ops[count++] = (diff_op){ OP_SAME, i++, j++ };
			continue;
		}
		find_sync(a, i, b, j, &skip_a, &skip_b);
		for (size_t k = 0; k < skip_a; k++)
			ops[count++] = (diff_op){ OP_DELETE, i++, j };
		for (size_t k = 0; k < skip_b; k++)
			ops[count++] = (diff_op){ OP_INSERT, i, j++ };
	}

	free(lcs);
	*out = ops;
	*out_count = count;
	return JH_OK;
}

int jh_unified_diff(jh_buf *out, const char *path, const char *old_text, size_t old_len,
		    const char *new_text, size_t new_len, size_t context)
{
	line_table a = { 0 };
	line_table b = { 0 };
	diff_op *ops = NULL;
	size_t op_count = 0;
	size_t k = 0;
	int rc;

	if (old_len == new_len && memcmp(old_text, new_text, old_len) == 0)
		return JH_OK;

	rc = split_lines(&a, old_text, old_len);
	if (rc == JH_OK)
		rc = split_lines(&b, new_text, new_len);
	if (rc == JH_OK)
		rc = build_ops(&ops, &op_count, &a, &b);
	if (rc == JH_OK)
		rc = jh_buf_printf(out, "--- a/%s\n+++ b/%s\n", path, path);

	while (rc == JH_OK && k < op_count) {
		size_t first;
		size_t last;

		while (k < op_count && ops[k].kind == OP_SAME)
			k++;
		if (k == op_count)
			break;

		first = k > context ? k - context : 0;
		/* Extend the hunk while the next change is within two contexts. */
		last = k;
		for (;;) {
			size_t same = 0;

			while (last < op_count && ops[last].kind != OP_SAME)
				last++;
			while (last + same < op_count && ops[last + same].kind == OP_SAME)
				same++;
			if (last + same == op_count || same > 2 * context) {
				last += same < context ? same : context;
				break;
			}
			last += same;
		}

		rc = put_hunk(out, ops, first, last, &a, &b);
		k = last;
	}

	free(ops);
	free_lines(&a);
	free_lines(&b);
	return rc;
}
