#ifndef JOBHASH_REPORT_H
#define JOBHASH_REPORT_H

/*
 * Output formats of the commands. Text is for people (input text escaped
 * before it reaches a terminal); JSON has a version field and a fixed key
 * order so that tools and golden tests can rely on it.
 */

#include <stdio.h>

#include "jobhash/buf.h"
#include "jobhash/manifest.h"
#include "jobhash/plan.h"

typedef enum jh_format { JH_FORMAT_TEXT, JH_FORMAT_JSON, JH_FORMAT_KUBECTL } jh_format;

/* Appends S as a JSON string literal to OUT. */
int jh_json_string(jh_buf *out, const char *s);

/* Appends a shell-safe form of S: as is when it has only safe characters, else single-quoted. */
int jh_shell_word(jh_buf *out, const char *s);

/* Appends the kubectl command that deletes JOB, without a line end. */
int jh_kubectl_delete_line(jh_buf *out, const jh_object *job);

/* Writes PLAN in FORMAT; hashes are shown with HASH_LENGTH characters. */
int jh_report_plan(FILE *out, const jh_plan *plan, jh_format format, int hash_length);

#endif
