/* SPDX-License-Identifier: ISC */
/*
 * Error values (see include/err.h).  Messages are truncated, never
 * overflowed, when a deep chain of contexts exceeds the buffer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

/*
 * Set the error kind and message.  A NULL err is allowed so that callers
 * that do not care can pass NULL.  Always returns -1.
 */
int
err_set(struct err *e, enum err_kind kind, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->kind = kind;
	va_start(ap, fmt);
	(void)vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Copy src into dst of size n (> 0), truncating; returns strlen(src). */
static size_t
strlcpy_local(char *dst, const char *src, size_t n)
{
	size_t len = strlen(src);
	size_t k = len < n - 1 ? len : n - 1;

	memcpy(dst, src, k);
	dst[k] = '\0';
	return len;
}

/*
 * Prepend "context: " to the message already in e.  Always returns -1.
 */
int
err_wrap(struct err *e, const char *fmt, ...)
{
	char ctx[sizeof(e->msg)], old[sizeof(e->msg)];
	size_t len;
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	(void)vsnprintf(ctx, sizeof(ctx), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	/* Truncation is intended: a deep chain keeps its outer contexts. */
	len = strlen(ctx);
	if (len > sizeof(e->msg) - 3)
		len = sizeof(e->msg) - 3;
	memcpy(e->msg, ctx, len);
	memcpy(e->msg + len, ": ", 2);
	(void)strlcpy_local(e->msg + len + 2, old, sizeof(e->msg) - len - 2);
	if (e->kind == ERR_NONE)
		e->kind = ERR_INTERNAL;
	return -1;
}

/* Reset e to "no error". */
void
err_clear(struct err *e)
{
	if (e == NULL)
		return;
	e->kind = ERR_NONE;
	e->msg[0] = '\0';
}
