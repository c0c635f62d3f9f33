/* SPDX-License-Identifier: ISC */
/*
 * A bounded little-endian reader over untrusted bytes (include/rd.h).
 * Every read checks the remaining length first as "len - off < n", never
 * "off + n > len", so no sum can overflow; the first failure is sticky.
 */
#include <stdint.h>
#include <string.h>

#include "rd.h"

/* Start reading len bytes at p; p is borrowed and must outlive r. */
void
rd_init(struct rd *r, const void *p, size_t len)
{
	r->buf = p;
	r->len = p == NULL ? 0 : len;
	r->off = 0;
	r->failed = false;
	r->err_off = 0;
	r->base = 0;
}

/*
 * Record a failure at the cursor unless one is already recorded.
 * Always returns -1.
 */
int
rd_fail(struct rd *r)
{
	if (!r->failed) {
		r->failed = true;
		r->err_off = r->base + r->off;
	}
	return -1;
}

static int
rd_need(struct rd *r, size_t n)
{
	if (r->failed)
		return -1;
	if (r->len - r->off < n)
		return rd_fail(r);
	return 0;
}

/* Read one byte into *v; 0, or -1 with *v = 0. */
int
rd_u8(struct rd *r, uint8_t *v)
{
	*v = 0;
	if (rd_need(r, 1) == -1)
		return -1;
	*v = r->buf[r->off];
	r->off += 1;
	return 0;
}

/* Read a little-endian uint16 into *v; 0, or -1 with *v = 0. */
int
rd_u16(struct rd *r, uint16_t *v)
{
	const uint8_t *p;

	*v = 0;
	if (rd_need(r, 2) == -1)
		return -1;
	p = r->buf + r->off;
	*v = (uint16_t)(p[0] | p[1] << 8);
	r->off += 2;
	return 0;
}

/* Read a little-endian uint32 into *v; 0, or -1 with *v = 0. */
int
rd_u32(struct rd *r, uint32_t *v)
{
	const uint8_t *p;

	*v = 0;
	if (rd_need(r, 4) == -1)
		return -1;
	p = r->buf + r->off;
	*v = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	r->off += 4;
	return 0;
}

/*
 * Read a 48-bit big-endian integer (a SID's identifier authority) into
 * *v; 0, or -1 with *v = 0.
 */
int
rd_u48be(struct rd *r, uint64_t *v)
{
	const uint8_t *p;
	uint64_t x = 0;
	int i;

	*v = 0;
	if (rd_need(r, 6) == -1)
		return -1;
	p = r->buf + r->off;
	for (i = 0; i < 6; i++)
		x = x << 8 | p[i];
	*v = x;
	r->off += 6;
	return 0;
}

/* Copy n bytes into dst; 0, or -1 with dst zeroed. */
int
rd_bytes(struct rd *r, void *dst, size_t n)
{
	if (rd_need(r, n) == -1) {
		if (n > 0)
			memset(dst, 0, n);
		return -1;
	}
	if (n > 0)
		memcpy(dst, r->buf + r->off, n);
	r->off += n;
	return 0;
}

/* Advance the cursor by n bytes; 0 or -1. */
int
rd_skip(struct rd *r, size_t n)
{
	if (rd_need(r, n) == -1)
		return -1;
	r->off += n;
	return 0;
}

/* Move the cursor to off (relative to r's window, <= len); 0 or -1. */
int
rd_seek(struct rd *r, size_t off)
{
	if (r->failed)
		return -1;
	if (off > r->len)
		return rd_fail(r);
	r->off = off;
	return 0;
}

/*
 * Make sub a reader over [off, off + n) of r's window; r does not move.
 * Returns 0, or -1 when r has failed or the range is out of bounds (sub
 * is then an empty, failed reader).
 */
int
rd_sub(const struct rd *r, size_t off, size_t n, struct rd *sub)
{
	if (r->failed || off > r->len || n > r->len - off) {
		rd_init(sub, NULL, 0);
		sub->base = r->base + (off > r->len ? r->len : off);
		(void)rd_fail(sub);
		return -1;
	}
	rd_init(sub, r->buf + off, n);
	sub->base = r->base + off;
	return 0;
}

/* Bytes left after the cursor (0 after a failure). */
size_t
rd_left(const struct rd *r)
{
	if (r->failed)
		return 0;
	return r->len - r->off;
}

/* Absolute offset of the cursor in the whole blob. */
size_t
rd_pos(const struct rd *r)
{
	return r->base + r->off;
}
