/* SPDX-License-Identifier: ISC */
/*
 * Allocation wrappers: a failed allocation is fatal with exit status 5
 * (internal error), so callers never see NULL.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define RCA_EXIT_INTERNAL 5

/* Report running out of memory and exit 5; see xmalloc.h. */
void
xoom(void)
{
	(void)fputs("rcaudit: out of memory\n", stderr);
	exit(RCA_EXIT_INTERNAL);
}

/* malloc(3) that never returns NULL; size 0 allocates one byte. */
void *
xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n ? n : 1)) == NULL)
		xoom();
	return p;
}

/* calloc(3) that never returns NULL. */
void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if ((p = calloc(nmemb ? nmemb : 1, size ? size : 1)) == NULL)
		xoom();
	return p;
}

/* realloc of nmemb * size bytes with an overflow check; never NULL. */
void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		xoom();
	if ((p = realloc(ptr, nmemb * size != 0 ? nmemb * size : 1)) == NULL)
		xoom();
	return p;
}

/* strdup(3) that never returns NULL. */
char *
xstrdup(const char *s)
{
	return xmemdup(s, strlen(s) + 1);
}

/* Copy at most n bytes of s and terminate the copy. */
char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Copy n bytes of p into a new buffer. */
void *
xmemdup(const void *p, size_t n)
{
	void *q = xmalloc(n);

	if (n)
		memcpy(q, p, n);
	return q;
}

/* Print into a new string stored in *ret; returns its length. */
int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		xoom();
	*ret = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	(void)vsnprintf(*ret, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return n;
}
