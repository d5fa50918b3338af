/* A growable byte buffer; see include/jobhash/buf.h. */

#include "jobhash/buf.h"
#include "jobhash/error.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int jh_buf_grow(jh_buf *buf, size_t extra)
{
	size_t needed;
	size_t capacity;
	char *data;

	if (extra > SIZE_MAX - buf->len - 1)
		return JH_ENOMEM;
	needed = buf->len + extra + 1;
	if (needed <= buf->capacity)
		return JH_OK;

	capacity = buf->capacity ? buf->capacity : 64;
	while (capacity < needed)
		capacity = capacity > SIZE_MAX / 2 ? needed : capacity * 2;

	data = realloc(buf->data, capacity);
	if (data == NULL)
		return JH_ENOMEM;

	buf->data = data;
	buf->capacity = capacity;
	return JH_OK;
}

int jh_buf_put(jh_buf *buf, const void *bytes, size_t len)
{
	if (jh_buf_grow(buf, len) != JH_OK)
		return JH_ENOMEM;

	if (len > 0)
		memcpy(buf->data + buf->len, bytes, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
	return JH_OK;
}

int jh_buf_puts(jh_buf *buf, const char *s)
{
	return jh_buf_put(buf, s, strlen(s));
}

int jh_buf_putc(jh_buf *buf, char c)
{
	return jh_buf_put(buf, &c, 1);
}

int jh_buf_printf(jh_buf *buf, const char *format, ...)
{
	va_list args;
	int n;

	va_start(args, format);
	n = vsnprintf(NULL, 0, format, args);
	va_end(args);
	if (n < 0)
		return JH_EINVALID;

	if (jh_buf_grow(buf, (size_t)n) != JH_OK)
		return JH_ENOMEM;

	va_start(args, format);
	vsnprintf(buf->data + buf->len, (size_t)n + 1, format, args);
	va_end(args);
	buf->len += (size_t)n;
	return JH_OK;
}

void jh_buf_clear(jh_buf *buf)
{
	buf->len = 0;
	if (buf->data != NULL)
		buf->data[0] = '\0';
}

char *jh_buf_detach(jh_buf *buf)
{
	char *data = buf->data;

	buf->data = NULL;
	buf->len = 0;
	buf->capacity = 0;
	return data;
}

void jh_buf_free(jh_buf *buf)
{
	if (buf == NULL)
		return;
	free(buf->data);
	buf->data = NULL;
	buf->len = 0;
	buf->capacity = 0;
}
