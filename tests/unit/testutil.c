/* SPDX-License-Identifier: ISC */
/* Helpers shared by the unit tests. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include <check.h>

#include "testutil.h"
#include "xmalloc.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

size_t
tu_hex(const char *s, uint8_t *buf, size_t size)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s))
			continue;
		v = hexval((unsigned char)*s);
		ck_assert_msg(v >= 0, "bad hex digit '%c'", *s);
		if (hi < 0) {
			hi = v;
			continue;
		}
		ck_assert_msg(n < size, "hex buffer too small");
		buf[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	ck_assert_msg(hi < 0, "odd number of hex digits");
	return n;
}

uint8_t *
tu_slurp(const char *path, size_t *lenp)
{
	FILE *fp;
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = xreallocarray(buf, cap, 1);
		}
		n = fread(buf + len, 1, cap - len, fp);
		if (n == 0)
			break;
		len += n;
	}
	fclose(fp);
	*lenp = len;
	return buf;
}
