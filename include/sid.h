/* SPDX-License-Identifier: ISC */
/*
 * Security identifiers (MS-DTYP 2.4.2): binary and text forms, comparison,
 * and the names of the well-known principals rcaudit reports.
 */
#ifndef RCA_SID_H
#define RCA_SID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "rd.h"

#define SID_MAX_SUBAUTH	15
#define SID_STR_MAX	192	/* "S-1-" + 48-bit authority + 15 * "-4294967295" */

struct sid {
	uint8_t		rev;
	uint8_t		nsub;
	uint64_t	auth;			/* 48 bits, big-endian on the wire */
	uint32_t	sub[SID_MAX_SUBAUTH];
};

extern const struct sid SID_EVERYONE;		/* S-1-1-0 */
extern const struct sid SID_ANONYMOUS;		/* S-1-5-7 */
extern const struct sid SID_AUTH_USERS;		/* S-1-5-11 */
extern const struct sid SID_SYSTEM;		/* S-1-5-18 */
extern const struct sid SID_EXCH_PARTNER;	/* S-1-9-...-10 */
extern const struct sid SID_EXCH_HUB;		/* S-1-9-...-21 */
extern const struct sid SID_EXCH_EDGE;		/* S-1-9-...-22 */
extern const struct sid SID_EXCH_EXTSECURED;	/* S-1-9-...-23 */
extern const struct sid SID_EXCH_LEGACY;	/* S-1-9-...-24 */
extern const struct sid SID_EXCH_SITEMBX;	/* S-1-9-...-25 */
extern const struct sid SID_NETWORK;		/* S-1-5-2 */
extern const struct sid SID_SELF;		/* S-1-5-10 */
extern const struct sid SID_ADMINS;		/* S-1-5-32-544 */

/*
 * Read a binary SID at the cursor (MS-DTYP 2.4.2.2).  On error the reader
 * is failed and e (ERR_DATA) reads "sid: revision 2 is not 1",
 * "sid: sub-authority count 16 exceeds 15", "sid: truncated (N bytes
 * left, need 8)" or "sid: N sub-authorities need M bytes, K left".
 */
int	sid_read(struct rd *, struct sid *, struct err *);
/*
 * The same from the len bytes at p (p may be NULL when len is 0): returns
 * the SID's size, 8 + 4 * nsub, or -1 with e set as above.  *s is zeroed
 * first, so sub-authorities past nsub are 0.
 */
int	sid_decode(const uint8_t *, size_t, struct sid *, struct err *);
/*
 * Parse "S-1-5-7" (authority in decimal, or "0x" and up to 12 hex digits,
 * MS-DTYP 2.4.2.1) or an SDDL alias such as "AN", "WD", "AU" (MS-DTYP
 * 2.5.1.1).  Domain-relative aliases (DA, DU, EA, ...) need a domain SID:
 * sid_parse() rejects them, sid_parse_dom() appends the RID to domain.
 * Errors (ERR_DATA) read "sid 'X': ...".
 */
int	sid_parse(const char *, struct sid *, struct err *);
int	sid_parse_dom(const char *, const struct sid *, struct sid *,
	    struct err *);
/* Binary size of s: 8 + 4 * nsub. */
size_t	sid_size(const struct sid *);
/* Write the binary form into buf (size >= sid_size); returns its size. */
size_t	sid_encode(const struct sid *, uint8_t *);
/* "S-1-5-7"; snprintf-style return. */
int	sid_fmt(const struct sid *, char *, size_t);
bool	sid_is_equal(const struct sid *, const struct sid *);
int	sid_cmp(const struct sid *, const struct sid *);
/* "NT AUTHORITY\ANONYMOUS LOGON" etc., or NULL when not well known. */
const char *sid_name(const struct sid *);
/* The SDDL alias ("AN", "WD", ...) or NULL. */
const char *sid_alias(const struct sid *);

#endif /* RCA_SID_H */
