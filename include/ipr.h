/* SPDX-License-Identifier: ISC */
/*
 * RemoteIPRanges values: the four forms Exchange stores (a.b.c.d, lo-hi,
 * addr/len, addr(mask)) for IPv4 and IPv6, address counts in 128 bits,
 * unions, and the facts an auditor asks about (one host? all of IPv4?
 * public space?).
 */
#ifndef RCA_IPR_H
#define RCA_IPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* An unsigned 128-bit number: addresses and address counts. */
struct u128 {
	uint64_t	hi;
	uint64_t	lo;
};

#define U128_STR_MAX	40	/* 2^128 has 39 decimal digits */

/* The number of IPv6 addresses, 2^128, which a struct u128 cannot hold. */
#define IPR_IPV6_SPACE_STR	"340282366920938463463374607431768211456"
/* Longest ipr_fmt() text, without the NUL: an IPv6 "addr(mask)". */
#define IPR_STR_MAX	80

enum ipr_form {
	IPR_SINGLE,		/* 192.168.5.10 */
	IPR_LOHI,		/* 192.168.5.10-192.168.5.20 */
	IPR_CIDR,		/* 192.168.5.0/24 */
	IPR_NETMASK		/* 192.168.5.0(255.255.255.0) */
};

struct ipr {
	int		af;	/* 4 or 6 */
	enum ipr_form	form;
	struct u128	lo;	/* IPv4 in the low 32 bits */
	struct u128	hi;	/* inclusive */
};

/* Facts about a connector's whole list of values. */
struct ipr_summary {
	size_t		nvalues;
	size_t		ninvalid;
	bool		wider_than_one_host;	/* some single value > 1 address */
	bool		covers_all_ipv4;	/* the union covers 0.0.0.0/0 */
	bool		covers_all_ipv6;	/* the union covers ::/0 */
	bool		reaches_public;		/* some address is public */
	uint64_t	ipv4_addresses;		/* union; up to 2^32 */
	struct u128	ipv6_addresses;		/* union; 2^128 saturates to max */
	size_t		widest;			/* index of the widest value */
	struct u128	widest_count;
};

/*
 * Parse one stored value.  Errors (ERR_DATA) name what was expected, e.g.
 * "'10.0.0.5-10.0.0.1': start address is after end address".
 */
int	ipr_parse(const char *, struct ipr *, struct err *);
/*
 * The common forms only, from len bytes with a NUL after them: true and
 * *r as ipr_parse() sets it, and then the bytes are plain ASCII; false
 * says nothing (call ipr_parse()).
 */
bool	ipr_parse_common(const char *, size_t, struct ipr *);
/* Canonical text of r, in the form it was given; snprintf-style. */
int	ipr_fmt(const struct ipr *, char *, size_t);
/* Number of addresses in r (hi - lo + 1, saturating at 2^128 - 1). */
struct u128 ipr_count(const struct ipr *);
bool	ipr_is_single_host(const struct ipr *);
/* Does r contain any address outside the non-public blocks? */
bool	ipr_reaches_public(const struct ipr *);
/* Does r contain address a (of its own family)? */
bool	ipr_contains(const struct ipr *, int, struct u128);
/* Summarise n parsed values (invalid ones are counted by the caller). */
void	ipr_summarise(const struct ipr *, size_t, struct ipr_summary *);
/* Decimal text of a u128; snprintf-style. */
int	u128_fmt(struct u128, char *, size_t);
int	u128_cmp(struct u128, struct u128);

/*
 * Exact decimal counts, snprintf-style (buffers of U128_STR_MAX + 1):
 * ipr_count_fmt prints hi - lo + 1 of one value and
 * ipr_summary_ipv6_fmt the IPv6 union count of a summary; both print the
 * whole IPv6 space as IPR_IPV6_SPACE_STR where ipr_count() and
 * ipv6_addresses saturate at 2^128 - 1.
 */
int	ipr_count_fmt(const struct ipr *, char *, size_t);
int	ipr_summary_ipv6_fmt(const struct ipr_summary *, char *, size_t);

#endif /* RCA_IPR_H */
