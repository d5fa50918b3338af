#ifndef JOBHASH_BUF_H
#define JOBHASH_BUF_H

/* A growable byte buffer that stays NUL-terminated after every append. */

#include <stdarg.h>
#include <stddef.h>

typedef struct jh_buf {
	char *data; /* NULL until the first append */
	size_t len; /* bytes in use, not counting the terminating NUL */
	size_t capacity;
} jh_buf;

#define JH_BUF_INIT { NULL, 0, 0 }

/* Each returns 0, or JH_ENOMEM and leaves the buffer unchanged. */
int jh_buf_grow(jh_buf *buf, size_t extra);
int jh_buf_put(jh_buf *buf, const void *bytes, size_t len);
int jh_buf_puts(jh_buf *buf, const char *s);
int jh_buf_putc(jh_buf *buf, char c);
int jh_buf_printf(jh_buf *buf, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* Empties the buffer and keeps its memory. */
void jh_buf_clear(jh_buf *buf);

/* Hands the data over to the caller, who frees it; the buffer is empty after. */
char *jh_buf_detach(jh_buf *buf);

void jh_buf_free(jh_buf *buf);

#endif
