/* SPDX-License-Identifier: ISC */
/*
 * A bounded little-endian reader over untrusted bytes.  The first failure
 * is sticky: after it every read fails and returns zeros, and err_off
 * remembers where it happened, so a parser can read a whole structure and
 * check once.  Offsets reported by err_off and rd_pos() are absolute: a
 * sub-reader made by rd_sub() carries the offset of its first byte in
 * base, so errors deep inside a descriptor name the byte of the blob.
 */
#ifndef RCA_RD_H
#define RCA_RD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rd {
	const uint8_t	*buf;
	size_t		 len;
	size_t		 off;		/* invariant: off <= len */
	bool		 failed;
	size_t		 err_off;	/* offset of the first failed read */
	size_t		 base;		/* offset of buf[0] in the whole blob */
};

void	rd_init(struct rd *, const void *, size_t);
/* Read n bytes at the cursor; each returns 0 on success, -1 (sticky). */
int	rd_u8(struct rd *, uint8_t *);
int	rd_u16(struct rd *, uint16_t *);
int	rd_u32(struct rd *, uint32_t *);
int	rd_u48be(struct rd *, uint64_t *);
int	rd_bytes(struct rd *, void *, size_t);
int	rd_skip(struct rd *, size_t);
/* Move the cursor to an absolute offset (<= len). */
int	rd_seek(struct rd *, size_t);
/* A sub-reader over [off, off + n) of r; fails when out of range. */
int	rd_sub(const struct rd *, size_t, size_t, struct rd *);
size_t	rd_left(const struct rd *);
/* Absolute offset of the cursor in the whole blob (base + off). */
size_t	rd_pos(const struct rd *);
/* Mark r failed at its cursor (sticky: the first failure wins); -1. */
int	rd_fail(struct rd *);

#endif /* RCA_RD_H */
