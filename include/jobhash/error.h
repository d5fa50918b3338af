#ifndef JOBHASH_ERROR_H
#define JOBHASH_ERROR_H

/*
 * Errors and warnings as values. Library code fills a jh_error where it
 * understands the failure and returns a negative code; only the commands
 * print, as "jobhash: PATH:LINE:COL: message".
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Return codes shared by every module. */
enum {
	JH_OK = 0,
	JH_EINVALID = -1, /* invalid input or state; the message names which */
	JH_ESYNTAX = -2,  /* not valid YAML or JSON: skipped with a warning unless --strict */
	JH_ENOMEM = -3,   /* out of memory */
	JH_ENOTFOUND = -4, /* a revision, path or object does not exist */
	JH_EIO = -5,       /* a system call failed */
};

/* Exit codes of the program: a public contract. */
enum {
	JH_EXIT_CLEAN = 0,    /* nothing to do */
	JH_EXIT_FINDINGS = 1, /* Jobs to delete, files that would change */
	JH_EXIT_ERROR = 2,    /* usage or runtime error */
};

#define JH_ERROR_PATH_MAX 1024
#define JH_ERROR_MESSAGE_MAX 1024
#define JH_ERROR_HINT_MAX 512

typedef struct jh_error {
	char path[JH_ERROR_PATH_MAX];       /* empty when no file is involved */
	unsigned line;                      /* 1-based; 0 when unknown */
	unsigned column;                    /* 1-based, in characters; 0 when unknown */
	char message[JH_ERROR_MESSAGE_MAX]; /* lowercase, no final period */
	char hint[JH_ERROR_HINT_MAX];       /* what to do next; may be empty */
	int code;                           /* one of the JH_E* codes */
} jh_error;

/* Clears ERR so that it contains no error. */
void jh_error_clear(jh_error *err);

/*
 * Records an error with CODE at PATH:LINE:COLUMN (PATH may be NULL, LINE and
 * COLUMN 0) and returns CODE, so that callers can write
 * "return jh_error_set(err, ...)". ERR may be NULL.
 */
int jh_error_set(jh_error *err, int code, const char *path, unsigned line,
		 unsigned column, const char *format, ...)
	__attribute__((format(printf, 6, 7)));

/* Sets the "what to do next" text of ERR. */
void jh_error_hint(jh_error *err, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* Records that the file PATH of SIZE bytes is over MAX_SIZE; returns JH_EINVALID. */
int jh_error_too_large(jh_error *err, const char *path, unsigned long long size,
		       unsigned long long max_size);

/* Records an out-of-memory error and returns JH_ENOMEM. */
int jh_error_nomem(jh_error *err);

/*
 * Prints ERR to OUT as "jobhash: PATH:LINE:COL: LABEL: message" (LABEL
 * "warning" or NULL for errors), then the hint on its own line. Control
 * characters from input are escaped.
 */
void jh_error_print(FILE *out, const jh_error *err, const char *label);

/*
 * Writes S to OUT with control characters and DEL escaped as \xNN, so that
 * text from input cannot drive the terminal.
 */
void jh_print_escaped(FILE *out, const char *s);

/* A growing list of warnings collected while reading input. */
typedef struct jh_diagnostics {
	jh_error *items;
	size_t count;
	size_t capacity;
	int strict; /* nonzero: the caller treats every warning as an error */
} jh_diagnostics;

/* Appends a warning; returns 0 or JH_ENOMEM. */
int jh_diagnostics_add(jh_diagnostics *diagnostics, const char *path,
		       unsigned line, unsigned column, const char *format, ...)
	__attribute__((format(printf, 5, 6)));

/* Appends a copy of ERR as a warning; returns 0 or JH_ENOMEM. */
int jh_diagnostics_add_error(jh_diagnostics *diagnostics, const jh_error *err);

/* Prints every warning to OUT and empties the list. */
void jh_diagnostics_flush(jh_diagnostics *diagnostics, FILE *out);

void jh_diagnostics_free(jh_diagnostics *diagnostics);

#endif
