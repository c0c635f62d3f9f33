/* SPDX-License-Identifier: ISC */
/*
 * SHA-256 (FIPS 180-4), for the digest of a snapshot that reports record
 * as evidence of what was audited.
 */
#ifndef RCA_SHA256_H
#define RCA_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct sha256 {
	uint32_t	h[8];
	uint64_t	len;		/* bytes hashed so far */
	uint8_t		buf[64];
	size_t		nbuf;
};

void	sha256_init(struct sha256 *);
void	sha256_update(struct sha256 *, const void *, size_t);
/* The digest as 64 lower-case hex digits into hex[65]. */
void	sha256_hex(struct sha256 *, char *);
/* Digest of a whole file into hex[65]; -1 with ERR_IO. */
int	sha256_file(const char *, char *, struct err *);

#endif /* RCA_SHA256_H */
