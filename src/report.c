/* Output formats of the commands; see include/jobhash/report.h. */

#include "jobhash/report.h"

#include <string.h>

#include "jobhash/canon.h"

/* Values longer than this are shortened in text output; JSON keeps them whole. */
#define TEXT_VALUE_MAX 200
#define SHORT_OID 12

int jh_json_string(jh_buf *out, const char *s)
{
	return jh_canon_put_string(out, s, strlen(s));
}

static int is_shell_safe(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		char c = *s;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		      c == '/' || c == ':' || c == '='))
			return 0;
	}
	return 1;
}

int jh_shell_word(jh_buf *out, const char *s)
{
	if (is_shell_safe(s))
		return jh_buf_puts(out, s);

	if (jh_buf_putc(out, '\'') != JH_OK)
		return JH_ENOMEM;
	for (; *s != '\0'; s++) {
		int rc = *s == '\'' ? jh_buf_puts(out, "'\\''") : jh_buf_putc(out, *s);

		if (rc != JH_OK)
			return rc;
	}
	return jh_buf_putc(out, '\'');
}

int jh_kubectl_delete_line(jh_buf *out, const jh_object *job)
{
	int rc = jh_buf_puts(out, "kubectl delete job ");

	if (rc == JH_OK && job->namespace[0] != '\0') {
		rc = jh_buf_puts(out, "-n ");
		if (rc == JH_OK)
			rc = jh_shell_word(out, job->namespace);
		if (rc == JH_OK)
			rc = jh_buf_putc(out, ' ');
	}
	if (rc == JH_OK)
		rc = jh_shell_word(out, job->name);
	if (rc == JH_OK)
		rc = jh_buf_puts(out, " --ignore-not-found --cascade=background");
	return rc;
}

/* Appends the canonical JSON of VALUE, or null when absent. */
static int put_value(jh_buf *out, const jh_node *value)
{
	if (value == NULL)
		return jh_buf_puts(out, "null");
	return jh_canon_to_buf(out, value, NULL);
}

static void print_text_value(FILE *out, const jh_node *value)
{
	jh_buf text = JH_BUF_INIT;

	if (value == NULL) {
		fputs("(absent)", out);
		return;
	}

	if (put_value(&text, value) != JH_OK) {
		fputs("(unprintable)", out);
		jh_buf_free(&text);
		return;
	}

	if (text.len > TEXT_VALUE_MAX) {
		text.len = TEXT_VALUE_MAX;
		/* Do not cut a UTF-8 sequence in half. */
		while (text.len > 0 && ((unsigned char)text.data[text.len] & 0xc0) == 0x80)
			text.len--;
		text.data[text.len] = '\0';
		jh_print_escaped(out, text.data);
		fputs("...", out);
	} else {
		jh_print_escaped(out, text.data);
	}
	jh_buf_free(&text);
}

static void print_text_heading(FILE *out, const char *verb, const jh_object *job)
{
	char name[1024];

	fprintf(out, "%s ", verb);
	jh_print_escaped(out, jh_object_display_name(job, name, sizeof(name)));
	fputs(" (", out);
	jh_print_escaped(out, job->file->path);
	fprintf(out, ":%u)", job->line);
}

static void report_text(FILE *out, const jh_plan *plan, int hash_length)
{
	for (size_t i = 0; i < plan->deletion_count; i++) {
		const jh_plan_entry *entry = &plan->deletions[i];

		print_text_heading(out, "delete", entry->new_job);
		fputc('\n', out);
		if (entry->reason[0] != '\0') {
			fputs("  reason: ", out);
			jh_print_escaped(out, entry->reason);
			fputc('\n', out);
		}
		fprintf(out, "  hash: %.*s -> %.*s\n", hash_length, entry->old_hash,
			hash_length, entry->new_hash);

		for (size_t c = 0; c < entry->changes.count; c++) {
			const jh_change *change = &entry->changes.items[c];

			fputs("  ", out);
			jh_print_escaped(out, change->field);
			fputs(": ", out);
			print_text_value(out, change->old_value);
			fputs(" -> ", out);
			print_text_value(out, change->new_value);
			fputc('\n', out);
		}
	}

	for (size_t i = 0; i < plan->skipped_count; i++) {
		const jh_plan_entry *entry = &plan->skipped[i];

		print_text_heading(out, "skip", entry->new_job);
		fputs(": ", out);
		jh_print_escaped(out, entry->reason);
		fputc('\n', out);
	}

	if (plan->deletion_count == 0)
		fputs("no Jobs must be deleted", out);
	else
		fprintf(out, "%zu Job%s must be deleted before the push", plan->deletion_count,
			plan->deletion_count == 1 ? "" : "s");
	if (plan->skipped_count > 0)
		fprintf(out, ", %zu skipped", plan->skipped_count);
	fprintf(out, " (deployed %.*s, head %.*s)\n", SHORT_OID, plan->deployed,
		SHORT_OID, plan->head);
}

static int put_job_fields(jh_buf *json, const jh_object *job)
{
	int rc = jh_buf_puts(json, "{\"namespace\":");

	if (rc == JH_OK)
		rc = jh_json_string(json, job->namespace);
	if (rc == JH_OK)
		rc = jh_buf_puts(json, ",\"name\":");
	if (rc == JH_OK)
		rc = jh_json_string(json, job->name);
	if (rc == JH_OK)
		rc = jh_buf_puts(json, ",\"file\":");
	if (rc == JH_OK)
		rc = jh_json_string(json, job->file->path);
	if (rc == JH_OK)
		rc = jh_buf_printf(json, ",\"line\":%u", job->line);
	return rc;
}

static int put_changes(jh_buf *json, const jh_change_list *changes)
{
	int rc = jh_buf_puts(json, ",\"changes\":[");

	for (size_t c = 0; rc == JH_OK && c < changes->count; c++) {
		const jh_change *change = &changes->items[c];

		rc = jh_buf_puts(json, c == 0 ? "{\"field\":" : ",{\"field\":");
		if (rc == JH_OK)
			rc = jh_json_string(json, change->field);
		if (rc == JH_OK)
			rc = jh_buf_puts(json, ",\"old\":");
		if (rc == JH_OK)
			rc = put_value(json, change->old_value);
		if (rc == JH_OK)
			rc = jh_buf_puts(json, ",\"new\":");
		if (rc == JH_OK)
			rc = put_value(json, change->new_value);
		if (rc == JH_OK)
			rc = jh_buf_putc(json, '}');
	}
	if (rc == JH_OK)
		rc = jh_buf_putc(json, ']');
	return rc;
}

static int put_deletion(jh_buf *json, const jh_plan_entry *entry, int hash_length)
{
	int rc = put_job_fields(json, entry->new_job);

	if (rc == JH_OK)
		rc = jh_buf_printf(json, ",\"oldHash\":\"%.*s\",\"newHash\":\"%.*s\",\"reason\":",
				   hash_length, entry->old_hash, hash_length, entry->new_hash);
	if (rc == JH_OK)
		rc = entry->reason[0] != '\0' ? jh_json_string(json, entry->reason)
					      : jh_buf_puts(json, "null");
	if (rc == JH_OK)
		rc = put_changes(json, &entry->changes);
	if (rc == JH_OK)
		rc = jh_buf_putc(json, '}');
	return rc;
}

static int put_skipped(jh_buf *json, const jh_plan_entry *entry)
{
	int rc = put_job_fields(json, entry->new_job);

	if (rc == JH_OK)
		rc = jh_buf_puts(json, ",\"reason\":");
	if (rc == JH_OK)
		rc = jh_json_string(json, entry->reason);
	if (rc == JH_OK)
		rc = jh_buf_putc(json, '}');
	return rc;
}

static int report_json(FILE *out, const jh_plan *plan, int hash_length)
{
	jh_buf json = JH_BUF_INIT;
	int rc;

	rc = jh_buf_printf(&json, "{\"version\":1,\"deployed\":\"%s\",\"head\":\"%s\",\"delete\":[",
			   plan->deployed, plan->head);

	for (size_t i = 0; rc == JH_OK && i < plan->deletion_count; i++) {
		if (i > 0)
			rc = jh_buf_putc(&json, ',');
		if (rc == JH_OK)
			rc = put_deletion(&json, &plan->deletions[i], hash_length);
	}
	if (rc == JH_OK)
		rc = jh_buf_puts(&json, "],\"skipped\":[");
	for (size_t i = 0; rc == JH_OK && i < plan->skipped_count; i++) {
		if (i > 0)
			rc = jh_buf_putc(&json, ',');
		if (rc == JH_OK)
			rc = put_skipped(&json, &plan->skipped[i]);
	}
	if (rc == JH_OK)
		rc = jh_buf_puts(&json, "]}\n");

	if (rc == JH_OK)
		fwrite(json.data, 1, json.len, out);
	jh_buf_free(&json);
	return rc;
}

static int report_kubectl(FILE *out, const jh_plan *plan)
{
	jh_buf line = JH_BUF_INIT;
	int rc = JH_OK;

	for (size_t i = 0; rc == JH_OK && i < plan->deletion_count; i++) {
		jh_buf_clear(&line);
		rc = jh_kubectl_delete_line(&line, plan->deletions[i].new_job);
		if (rc == JH_OK)
			fprintf(out, "%s\n", line.data);
	}
	jh_buf_free(&line);
	return rc;
}

int jh_report_plan(FILE *out, const jh_plan *plan, jh_format format, int hash_length)
{
	switch (format) {
	case JH_FORMAT_TEXT:
		report_text(out, plan, hash_length);
		return JH_OK;
	case JH_FORMAT_JSON:
		return report_json(out, plan, hash_length);
	case JH_FORMAT_KUBECTL:
		return report_kubectl(out, plan);
	}
	return JH_EINVALID;
}
