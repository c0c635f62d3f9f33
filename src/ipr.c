/* SPDX-License-Identifier: ISC */
/*
 * RemoteIPRanges values (exchange-facts.md 2.1): a strict, locale-free
 * parser for the four stored forms (a.b.c.d, lo-hi, addr/len,
 * addr(mask)) in IPv4 and IPv6, written without inet_pton(3) so that it
 * accepts exactly what we document and can be fuzzed; canonical
 * re-printing (RFC 5952 for IPv6); 128-bit address arithmetic; and the
 * per-connector summary (union of the values, coverage of the whole
 * address space, reach into public space computed by range subtraction).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "ipr.h"
#include "xmalloc.h"

/* Longest address text: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" (39). */
#define ADDR_STR_MAX	39

/* ---------------------------------------------------------------- u128 */

static struct u128
u128_make(uint64_t hi, uint64_t lo)
{
	struct u128 v;

	v.hi = hi;
	v.lo = lo;
	return v;
}

static bool
u128_eq(struct u128 a, struct u128 b)
{
	return a.hi == b.hi && a.lo == b.lo;
}

static bool
u128_is_zero(struct u128 a)
{
	return a.hi == 0 && a.lo == 0;
}

/* a + 1, wrapping. */
static struct u128
u128_inc(struct u128 a)
{
	a.lo++;
	if (a.lo == 0)
		a.hi++;
	return a;
}

/* a - b, wrapping. */
static struct u128
u128_sub(struct u128 a, struct u128 b)
{
	struct u128 r;

	r.lo = a.lo - b.lo;
	r.hi = a.hi - b.hi - (a.lo < b.lo);
	return r;
}

/* a + b, saturating at 2^128 - 1. */
static struct u128
u128_add_sat(struct u128 a, struct u128 b)
{
	struct u128 r;
	uint64_t c;

	r.lo = a.lo + b.lo;
	c = r.lo < a.lo;
	r.hi = a.hi + b.hi + c;
	if (r.hi < a.hi || (c && r.hi == a.hi))
		return u128_make(UINT64_MAX, UINT64_MAX);
	return r;
}

static struct u128
u128_and(struct u128 a, struct u128 b)
{
	return u128_make(a.hi & b.hi, a.lo & b.lo);
}

static struct u128
u128_or(struct u128 a, struct u128 b)
{
	return u128_make(a.hi | b.hi, a.lo | b.lo);
}

static struct u128
u128_not(struct u128 a)
{
	return u128_make(~a.hi, ~a.lo);
}

/* 2^bits - 1 for bits in [0, 128]. */
static struct u128
u128_lowmask(int bits)
{
	if (bits <= 0)
		return u128_make(0, 0);
	if (bits < 64)
		return u128_make(0, (UINT64_C(1) << bits) - 1);
	if (bits == 64)
		return u128_make(0, UINT64_MAX);
	if (bits < 128)
		return u128_make((UINT64_C(1) << (bits - 64)) - 1, UINT64_MAX);
	return u128_make(UINT64_MAX, UINT64_MAX);
}

/* Number of one bits at the bottom of a (a = 2^k - 1 gives k). */
static int
u128_trailing_ones(struct u128 a)
{
	int n = 0;

	while (n < 128) {
		uint64_t w = n < 64 ? a.lo >> n : a.hi >> (n - 64);

		if ((w & 1) == 0)
			break;
		n++;
	}
	return n;
}

/*
 * Compare a and b as unsigned numbers.  Returns -1, 0 or 1.  Cannot
 * fail.
 */
int
u128_cmp(struct u128 a, struct u128 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

/*
 * Write the decimal text of v (at most U128_STR_MAX - 1 = 39 digits) to
 * buf, snprintf-style: returns the length of the full text; the text is
 * truncated, and NUL-terminated if size > 0, when it does not fit.
 * buf may be NULL when size is 0.
 */
int
u128_fmt(struct u128 v, char *buf, size_t size)
{
	char tmp[U128_STR_MAX + 1];
	uint32_t limb[4];
	size_t n = sizeof(tmp) - 1;
	int i;

	/* Long division by 10 over four 32-bit limbs, high limb first. */
	limb[0] = (uint32_t)(v.hi >> 32);
	limb[1] = (uint32_t)v.hi;
	limb[2] = (uint32_t)(v.lo >> 32);
	limb[3] = (uint32_t)v.lo;
	tmp[n] = '\0';
	do {
		uint64_t rem = 0;
		bool zero = true;

		for (i = 0; i < 4; i++) {
			uint64_t cur = rem << 32 | limb[i];

			limb[i] = (uint32_t)(cur / 10);
			rem = cur % 10;
			if (limb[i] != 0)
				zero = false;
		}
		tmp[--n] = (char)('0' + rem);
		if (zero)
			break;
	} while (n > 0);
	return snprintf(buf, size, "%s", tmp + n);
}

/* ------------------------------------------------------ address parsing */

/* What we are parsing, for error messages: "'<value>': <role><problem>". */
struct pctx {
	const char	*value;		/* the value as given */
	struct err	*e;
};

static int	perr(const struct pctx *, const char *, const char *, ...)
		    __attribute__((__format__(printf, 3, 4)));

/* Set an ERR_DATA error "'<value>': <role><problem>"; returns -1. */
static int
perr(const struct pctx *pc, const char *role, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return err_set(pc->e, ERR_DATA, "'%s': %s%s", pc->value, role, what);
}

/* An unexpected byte, quoted when printable. */
static int
perr_char(const struct pctx *pc, const char *role, unsigned char c,
    const char *what)
{
	if (c >= 0x20 && c < 0x7f)
		return perr(pc, role, "unexpected character '%c' in %s",
		    c, what);
	return perr(pc, role, "unexpected byte 0x%02x in %s", c, what);
}

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
hex_val(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Dotted quad in s[0, n): exactly four decimal fields of 0-255, no sign,
 * no empty field.  A field with a leading zero ("010") is rejected:
 * .NET's IPAddress.Parse, which Exchange uses, reads it as octal (8),
 * so reading it as decimal could misplace the address; ToString() never
 * prints one, so no stored value has it.  A lone "0" is fine.
 */
static int
ip4_parse(const struct pctx *pc, const char *role, const char *s, size_t n,
    uint32_t *out)
{
	uint32_t a = 0, v = 0;
	size_t i, start = 0, nfields = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && is_digit((unsigned char)s[i])) {
			if (v <= 255)
				v = v * 10 + (uint32_t)(s[i] - '0');
			continue;
		}
		if (i < n && s[i] != '.')
			return perr_char(pc, role, (unsigned char)s[i],
			    "an IPv4 address");
		/* End of a field. */
		if (i == start)
			return perr(pc, role, "empty field in an IPv4 address");
		if (v > 255)
			return perr(pc, role, "IPv4 field '%.*s' is out of "
			    "range (0-255)", (int)(i - start), s + start);
		if (s[start] == '0' && i - start > 1)
			return perr(pc, role, "IPv4 field '%.*s' has a leading "
			    "zero (ambiguous: .NET reads it as octal)",
			    (int)(i - start), s + start);
		if (nfields < 4)
			a = a << 8 | v;
		nfields++;
		v = 0;
		start = i + 1;
	}
	if (nfields != 4)
		return perr(pc, role, "expected 4 fields in an IPv4 address, "
		    "found %zu", nfields);
	*out = a;
	return 0;
}

/*
 * IPv6 text in s[0, n) (RFC 4291 2.2): eight groups of 1-4 hex digits,
 * any case; one "::" standing for one or more zero groups; the last 32
 * bits may be a dotted quad ("::ffff:10.1.2.3").
 */
static int
ip6_parse(const struct pctx *pc, const char *role, const char *s, size_t n,
    struct u128 *out)
{
	uint16_t g[8];
	size_t i = 0, j, k, ngroups = 0, gap = 0;
	bool dbl = false;
	uint32_t v4;

	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		dbl = true;
		i = 2;
	} else if (n >= 1 && s[0] == ':') {
		return perr(pc, role, "IPv6 address starts with a single ':'");
	}
	while (i < n) {
		unsigned v = 0;
		int h;

		for (j = i; j < n && hex_val((unsigned char)s[j]) >= 0; j++)
			continue;
		if (j < n && s[j] == '.') {
			/* Embedded IPv4: the rest of the text, 32 bits. */
			if (ngroups + 2 > 8)
				return perr(pc, role, "too many groups in an "
				    "IPv6 address");
			if (ip4_parse(pc, role, s + i, n - i, &v4) == -1)
				return -1;
			g[ngroups++] = (uint16_t)(v4 >> 16);
			g[ngroups++] = (uint16_t)v4;
			i = n;
			break;
		}
		if (j == i)
			return perr_char(pc, role, (unsigned char)s[i],
			    "an IPv6 address");
		if (j - i > 4)
			return perr(pc, role, "IPv6 group '%.*s' has more than "
			    "4 hex digits", (int)(j - i), s + i);
		if (ngroups == 8)
			return perr(pc, role, "too many groups in an IPv6 "
			    "address");
		for (k = i; k < j; k++) {
			h = hex_val((unsigned char)s[k]);
			v = v << 4 | (unsigned)h;
		}
		g[ngroups++] = (uint16_t)v;
		i = j;
		if (i == n)
			break;
		if (s[i] != ':')
			return perr_char(pc, role, (unsigned char)s[i],
			    "an IPv6 address");
		i++;
		if (i < n && s[i] == ':') {
			if (dbl)
				return perr(pc, role, "'::' may appear only "
				    "once in an IPv6 address");
			dbl = true;
			gap = ngroups;
			i++;
		} else if (i == n) {
			return perr(pc, role, "IPv6 address ends with a single "
			    "':'");
		}
	}
	if (dbl && ngroups > 7)
		return perr(pc, role, "too many groups in an IPv6 address");
	if (!dbl && ngroups < 8)
		return perr(pc, role, "too few groups in an IPv6 address");
	if (dbl) {
		/* Move the groups after "::" to the end, zero the gap. */
		size_t tail = ngroups - gap, fill = 8 - ngroups;

		memmove(g + gap + fill, g + gap, tail * sizeof(g[0]));
		memset(g + gap, 0, fill * sizeof(g[0]));
	}
	out->hi = (uint64_t)g[0] << 48 | (uint64_t)g[1] << 32 |
	    (uint64_t)g[2] << 16 | g[3];
	out->lo = (uint64_t)g[4] << 48 | (uint64_t)g[5] << 32 |
	    (uint64_t)g[6] << 16 | g[7];
	return 0;
}

/*
 * One address in s[0, n): IPv6 if it has a ':', IPv4 if it starts with a
 * digit.  Brackets and zone ids are refused by name.
 */
static int
addr_parse(const struct pctx *pc, const char *role, const char *s,
    size_t n, int *af, struct u128 *a)
{
	const char *pct;
	uint32_t v4;

	if (n > 0 && s[0] == '[')
		return perr(pc, role, "brackets are not allowed around an "
		    "IPv6 address");
	if (memchr(s, ':', n) != NULL) {
		if ((pct = memchr(s, '%', n)) != NULL)
			return perr(pc, role, "zone ids are not allowed "
			    "('%.*s')", (int)(n - (size_t)(pct - s)), pct);
		if (ip6_parse(pc, role, s, n, a) == -1)
			return -1;
		*af = 6;
		return 0;
	}
	if (n == 0 || !is_digit((unsigned char)s[0]))
		return perr(pc, role, "expected an IPv4 or IPv6 address");
	if (ip4_parse(pc, role, s, n, &v4) == -1)
		return -1;
	*a = u128_make(0, v4);
	*af = 4;
	return 0;
}

static int
af_bits(int af)
{
	return af == 4 ? 32 : 128;
}

/* All addresses of the family: 2^32 - 1 or 2^128 - 1. */
static struct u128
af_max(int af)
{
	return u128_lowmask(af_bits(af));
}

static const char *
af_name(int af)
{
	return af == 4 ? "IPv4" : "IPv6";
}

/* Network mask of prefix length len in family af. */
static struct u128
prefix_mask(int af, int len)
{
	return u128_and(af_max(af), u128_not(u128_lowmask(af_bits(af) - len)));
}

/* ------------------------------------------------------------ fast path */

/*
 * A connector lists tens of values and nearly all of them are in the
 * shapes Exchange itself writes: "a.b.c.d", "lo-hi", "addr/len" and
 * "addr(mask)" with plain IPv4 or IPv6 addresses.  fast_parse() reads
 * those in one pass over the text, with no scan for separators ahead of
 * the parse and no error text.  It accepts a subset of what ipr_parse()
 * accepts, with the same result; anything else, valid or not (leading
 * zeros, an embedded dotted quad, a reversed range, a bad mask, ...),
 * makes it return false, and the full parser below decides and names
 * the error.  The unit tests hold values on both sides of each of its
 * "return false" lines, with their results or exact messages.
 */

/*
 * One field of a dotted quad at *sp as ip4_parse() accepts it, appended
 * to *a; *sp moves past it.  Unrolled by length, each digit tested once,
 * and a byte is read only after a digit before it, so never past the
 * NUL.  (The loop this replaced tested most bytes twice; a connector
 * reads some eighty fields.)
 */
static bool
fast_octet(const unsigned char **sp, uint32_t *a)
{
	const unsigned char *s = *sp;
	unsigned d0, d1, d2, v;

	d0 = (unsigned)s[0] - '0';
	if (d0 > 9)
		return false;
	d1 = (unsigned)s[1] - '0';
	if (d1 > 9) {
		v = d0;
		s += 1;
	} else {
		/* "0" alone; "01" is a leading zero, left to ip4_parse(). */
		if (d0 == 0)
			return false;
		d2 = (unsigned)s[2] - '0';
		if (d2 > 9) {
			v = d0 * 10 + d1;
			s += 2;
		} else {
			v = d0 * 100 + d1 * 10 + d2;
			if (v > 255 || (unsigned)s[3] - '0' <= 9)
				return false;
			s += 3;
		}
	}
	*a = *a << 8 | v;
	*sp = s;
	return true;
}

/* A dotted quad at *sp as ip4_parse() accepts it; *sp moves past it. */
static bool
fast_ip4(const char **sp, uint32_t *out)
{
	const unsigned char *s = (const unsigned char *)*sp;
	uint32_t a = 0;

	if (!fast_octet(&s, &a) || *s++ != '.' ||
	    !fast_octet(&s, &a) || *s++ != '.' ||
	    !fast_octet(&s, &a) || *s++ != '.' ||
	    !fast_octet(&s, &a))
		return false;
	*sp = (const char *)s;
	*out = a;
	return true;
}

/* Hex digits as 0x10 | value, every other byte as 0: one load a digit. */
static const unsigned char hexdig[256] = {
	['0'] = 0x10, ['1'] = 0x11, ['2'] = 0x12, ['3'] = 0x13,
	['4'] = 0x14, ['5'] = 0x15, ['6'] = 0x16, ['7'] = 0x17,
	['8'] = 0x18, ['9'] = 0x19,
	['a'] = 0x1a, ['b'] = 0x1b, ['c'] = 0x1c, ['d'] = 0x1d,
	['e'] = 0x1e, ['f'] = 0x1f,
	['A'] = 0x1a, ['B'] = 0x1b, ['C'] = 0x1c, ['D'] = 0x1d,
	['E'] = 0x1e, ['F'] = 0x1f
};

/*
 * One group of 1-4 hex digits at s into *v; returns how many, or 0 for
 * none or more than four.  Like fast_octet(), it reads a byte only
 * after a digit.
 */
static size_t
fast_group(const unsigned char *s, unsigned *v)
{
	unsigned h, g;
	size_t n;

	h = hexdig[s[0]];
	if (h == 0)
		return 0;
	g = h & 0xf;
	for (n = 1; n < 4; n++) {
		h = hexdig[s[n]];
		if (h == 0)
			break;
		g = g << 4 | (h & 0xf);
	}
	if (n == 4 && hexdig[s[4]] != 0)
		return 0;
	*v = g;
	return n;
}

/*
 * Plain IPv6 text at *sp as ip6_parse() accepts it, without an embedded
 * dotted quad: groups of 1-4 hex digits, at most one "::".  *sp moves
 * past it; the caller checks what follows.  The groups are shifted into
 * a 128-bit register as they come, those before "::" (the head) apart
 * from those after (the tail); at the end the head moves above the
 * zero groups: no array to fill, move and compose.
 */
static bool
fast_ip6(const char **sp, struct u128 *out)
{
	const unsigned char *s = (const unsigned char *)*sp;
	uint64_t hi = 0, lo = 0, hhi = 0, hlo = 0;
	size_t ngroups = 0, gap = 0, nd;
	unsigned v, sh;
	bool dbl = false;

	if (s[0] == ':') {
		if (s[1] != ':')
			return false;
		dbl = true;
		s += 2;
	}
	for (;;) {
		/* Right after "::" the address may end ("::", "a::"). */
		if (dbl && ngroups == gap && hexdig[*s] == 0)
			break;
		nd = fast_group(s, &v);
		if (nd == 0 || ngroups == 8)
			return false;
		s += nd;
		hi = hi << 16 | lo >> 48;
		lo = lo << 16 | v;
		ngroups++;
		if (*s != ':')
			break;
		s++;
		if (*s == ':') {
			if (dbl)
				return false;
			dbl = true;
			gap = ngroups;
			hhi = hi;
			hlo = lo;
			hi = lo = 0;
			s++;
		}
	}
	if (dbl ? ngroups > 7 : ngroups < 8)
		return false;
	if (gap > 0) {
		/*
		 * 1-7 head groups go up by the 8 - gap groups of zeros and
		 * tail below them: 16 to 112 bits, and never out of the
		 * 128 (a head of gap groups holds 16 * gap bits).
		 */
		sh = 16 * (8 - (unsigned)gap);
		if (sh >= 64) {
			hhi = hlo << (sh - 64);
			hlo = 0;
		} else {
			hhi = hhi << sh | hlo >> (64 - sh);
			hlo <<= sh;
		}
		hi |= hhi;
		lo |= hlo;
	}
	out->hi = hi;
	out->lo = lo;
	*sp = (const char *)s;
	return true;
}

/* An IPv4 or plain IPv6 address at *sp; *sp moves past it. */
static bool
fast_addr(const char **sp, int *af, struct u128 *a)
{
	uint32_t v4;

	if (fast_ip4(sp, &v4)) {
		*a = u128_make(0, v4);
		*af = 4;
		return true;
	}
	if (fast_ip6(sp, a)) {
		*af = 6;
		return true;
	}
	return false;
}

/* Only spaces left at *sp?  *sp moves past them. */
static bool
fast_end(const char **sp)
{
	const char *s = *sp;

	while (*s == ' ')
		s++;
	*sp = s;
	return *s == '\0';
}

/*
 * The common forms in one pass: sets *r and returns where the value's
 * text ends (its NUL), or NULL to leave the value to ipr_parse().
 */
static const char *
fast_parse(const char *value, struct ipr *r)
{
	const char *s = value;
	struct ipr v;
	struct u128 a, b, mask;
	uint64_t host;
	int af, af2, len;

	while (*s == ' ')
		s++;
	if (!fast_addr(&s, &af, &a))
		return NULL;
	switch (*s) {
	case '\0':
	case ' ':
		if (!fast_end(&s))
			return NULL;
		v.form = IPR_SINGLE;
		v.lo = v.hi = a;
		break;
	case '-':
		s++;
		if (!fast_addr(&s, &af2, &b) || !fast_end(&s) || af2 != af ||
		    u128_cmp(a, b) > 0)
			return NULL;
		v.form = IPR_LOHI;
		v.lo = a;
		v.hi = b;
		break;
	case '/':
		s++;
		if (!is_digit((unsigned char)*s))
			return NULL;
		/* Leading zeros are fine here, as in ipr_parse(). */
		for (len = 0; is_digit((unsigned char)*s); s++)
			if (len <= 128)
				len = len * 10 + (*s - '0');
		if (!fast_end(&s) || len > af_bits(af))
			return NULL;
		v.form = IPR_CIDR;
		if (af == 4) {
			/* The host bits in 64 bits: len 0 shifts by 32. */
			host = UINT64_C(0xffffffff) >> len;
			v.lo = u128_make(0, a.lo & ~host);
			v.hi = u128_make(0, a.lo | host);
			break;
		}
		mask = prefix_mask(af, len);
		v.lo = u128_and(a, mask);
		v.hi = u128_or(v.lo, u128_and(af_max(af), u128_not(mask)));
		break;
	case '(':
		s++;
		if (!fast_addr(&s, &af2, &mask) || *s++ != ')' ||
		    !fast_end(&s) || af2 != af)
			return NULL;
		b = u128_and(af_max(af), u128_not(mask));
		if (!u128_is_zero(u128_and(b, u128_inc(b))))
			return NULL;
		v.form = IPR_NETMASK;
		v.lo = u128_and(a, mask);
		v.hi = u128_or(v.lo, b);
		break;
	default:
		return NULL;
	}
	v.af = af;
	*r = v;
	return s;
}

/*
 * Parse one stored RemoteIPRanges value (exchange-facts.md 2.1) into *r.
 * Surrounding ASCII spaces are trimmed; anything else outside the forms
 * is an error.  The first of '-', '/', '(' decides the form.  CIDR and
 * netmask values with host bits set are masked, as Exchange does: lo =
 * addr & mask, hi = lo | ~mask.  *r is written only on success.
 * Returns 0, or -1 with an ERR_DATA error "'<value>': <what>" in e.
 */
int
ipr_parse(const char *value, struct ipr *r, struct err *e)
{
	struct pctx pc = { value, e };
	struct ipr v;
	struct u128 a, b, mask;
	const char *s = value, *sep, *p;
	size_t n, m, i, k;
	int af, af2, len;

	if (fast_parse(value, r) != NULL)
		return 0;
	n = strlen(s);
	while (n > 0 && s[0] == ' ') {
		s++;
		n--;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0)
		return perr(&pc, "", "expected an IP address, range, prefix "
		    "or netmask");
	for (sep = s; sep < s + n; sep++)
		if (*sep == '-' || *sep == '/' || *sep == '(')
			break;
	m = (size_t)(sep - s);
	memset(&v, 0, sizeof(v));
	if (m == n) {
		if (addr_parse(&pc, "", s, n, &af, &a) == -1)
			return -1;
		v.af = af;
		v.form = IPR_SINGLE;
		v.lo = v.hi = a;
		*r = v;
		return 0;
	}
	if (m == 0)
		return perr(&pc, "", "expected an address before '%c'", *sep);
	p = sep + 1;			/* the text after the separator */
	i = n - m - 1;			/* and its length */
	switch (*sep) {
	case '-':
		if (addr_parse(&pc, "start address: ", s, m, &af, &a) == -1)
			return -1;
		if (i == 0)
			return perr(&pc, "", "expected an address after '-'");
		if (addr_parse(&pc, "end address: ", p, i, &af2, &b) == -1)
			return -1;
		if (af != af2)
			return perr(&pc, "", "start and end addresses are of "
			    "different families (%s and %s)", af_name(af),
			    af_name(af2));
		if (u128_cmp(a, b) > 0)
			return perr(&pc, "", "start address is after end "
			    "address");
		v.form = IPR_LOHI;
		v.lo = a;
		v.hi = b;
		break;
	case '/':
		if (addr_parse(&pc, "address: ", s, m, &af, &a) == -1)
			return -1;
		len = 0;
		for (k = 0; k < i; k++) {
			if (!is_digit((unsigned char)p[k]))
				break;
			if (len <= 128)
				len = len * 10 + (p[k] - '0');
		}
		if (i == 0 || k < i)
			return perr(&pc, "", "expected a prefix length (0-%d) "
			    "after '/'", af_bits(af));
		if (len > af_bits(af))
			return perr(&pc, "", "prefix length %.*s is out of "
			    "range (0-%d)", (int)i, p, af_bits(af));
		mask = prefix_mask(af, len);
		v.form = IPR_CIDR;
		v.lo = u128_and(a, mask);
		v.hi = u128_or(v.lo, u128_and(af_max(af), u128_not(mask)));
		break;
	case '(':
		if (addr_parse(&pc, "address: ", s, m, &af, &a) == -1)
			return -1;
		if (i > 0 && p[i - 1] != ')' && memchr(p, ')', i) != NULL)
			return perr(&pc, "", "unexpected text after ')'");
		if (i == 0 || p[i - 1] != ')')
			return perr(&pc, "", "expected ')' at the end of the "
			    "mask");
		i--;
		if (i == 0)
			return perr(&pc, "", "expected a mask between '(' and "
			    "')'");
		if (addr_parse(&pc, "mask: ", p, i, &af2, &mask) == -1)
			return -1;
		if (af != af2)
			return perr(&pc, "", "address and mask are of "
			    "different families (%s and %s)", af_name(af),
			    af_name(af2));
		/* Contiguous: the host part ~mask is 2^k - 1. */
		b = u128_and(af_max(af), u128_not(mask));
		if (!u128_is_zero(u128_and(b, u128_inc(b))))
			return perr(&pc, "", "mask '%.*s' is not contiguous",
			    (int)i, p);
		v.form = IPR_NETMASK;
		v.lo = u128_and(a, mask);
		v.hi = u128_or(v.lo, b);
		break;
	default:
		/* NOTREACHED */
		return err_set(e, ERR_INTERNAL, "'%s': unknown form", value);
	}
	v.af = af;
	*r = v;
	return 0;
}

/*
 * ipr_parse()'s fast path alone, for a caller that holds the value as
 * len bytes with value[len] == '\0' (an LDIF or LDAP value): true, with
 * *r as ipr_parse() would set it, when the value is in one of the common
 * forms and has no NUL before value[len].  Such a value is plain ASCII,
 * only digits, hex letters, spaces and ". : - / ( )", so the caller may
 * keep its bytes as they are.  False says nothing about the value: call
 * ipr_parse().  *r is written only on success; cannot fail.
 */
bool
ipr_parse_common(const char *value, size_t len, struct ipr *r)
{
	struct ipr v;

	if (fast_parse(value, &v) != value + len)
		return false;
	*r = v;
	return true;
}

/* ---------------------------------------------------------- formatting */

/* Copy len bytes of src into buf of size bytes, truncating, terminated. */
static void
copy_trunc(char *buf, size_t size, const char *src, size_t len)
{
	if (size == 0)
		return;
	if (len > size - 1)
		len = size - 1;
	memcpy(buf, src, len);
	buf[len] = '\0';
}

/* Lower-case hex of v without leading zeros at p; returns the length. */
static size_t
hex16(unsigned v, char *p)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	int shift;

	for (shift = 12; shift > 0 && (v >> shift) == 0; shift -= 4)
		;
	for (; shift >= 0; shift -= 4)
		p[n++] = hex[(v >> shift) & 0xf];
	return n;
}

/* Dotted quad of a into buf, truncated to size. */
static void
ip4_fmt(uint32_t a, char *buf, size_t size)
{
	char tmp[16], *p = tmp;
	int i, shift;
	unsigned v;

	/* By hand: reports print thousands of these, snprintf is slow. */
	for (i = 0, shift = 24; i < 4; i++, shift -= 8) {
		v = (a >> shift) & 0xff;
		if (i > 0)
			*p++ = '.';
		if (v >= 100)
			*p++ = (char)('0' + v / 100);
		if (v >= 10)
			*p++ = (char)('0' + v / 10 % 10);
		*p++ = (char)('0' + v % 10);
	}
	*p = '\0';
	copy_trunc(buf, size, tmp, (size_t)(p - tmp));
}

/*
 * RFC 5952 text of a into buf (>= ADDR_STR_MAX + 1 bytes): lower case,
 * no leading zeros, the longest run (the first of equal runs) of two or
 * more zero groups as "::", and IPv4-mapped addresses (::ffff:0:0/96)
 * with a dotted quad in the last 32 bits (RFC 5952 5), as .NET prints
 * them.
 */
static void
ip6_fmt(struct u128 a, char *buf, size_t size)
{
	uint16_t g[8];
	int i, best = -1, bestlen = 0, run, ng = 8;
	char tmp[ADDR_STR_MAX + 1];
	size_t off = 0;
	bool mapped;

	for (i = 0; i < 4; i++) {
		g[i] = (uint16_t)(a.hi >> (48 - 16 * i));
		g[4 + i] = (uint16_t)(a.lo >> (48 - 16 * i));
	}
	mapped = a.hi == 0 && (a.lo >> 32) == 0xffff;
	if (mapped)
		ng = 6;
	for (i = 0; i < ng; i += run > 0 ? run : 1) {
		run = 0;
		while (i + run < ng && g[i + run] == 0)
			run++;
		if (run >= 2 && run > bestlen) {
			best = i;
			bestlen = run;
		}
	}
	for (i = 0; i < ng; i++) {
		if (i == best) {
			tmp[off++] = ':';
			tmp[off++] = ':';
			i += bestlen - 1;
			continue;
		}
		if (i > 0 && i != best + bestlen)
			tmp[off++] = ':';
		off += hex16(g[i], tmp + off);
	}
	if (mapped) {
		if (best + bestlen != ng)
			tmp[off++] = ':';
		ip4_fmt((uint32_t)a.lo, tmp + off, 16);
		off += strlen(tmp + off);
	}
	copy_trunc(buf, size, tmp, off);
}

static void
addr_fmt(int af, struct u128 a, char *buf, size_t size)
{
	if (af == 4)
		ip4_fmt((uint32_t)a.lo, buf, size);
	else
		ip6_fmt(a, buf, size);
}

/*
 * Write the canonical text of r to buf in the form it was given:
 * "lo", "lo-hi", "lo/len" or "lo(mask)", IPv6 per RFC 5952.  CIDR and
 * netmask values show the masked network address, so "10.1.2.3/8"
 * prints as "10.0.0.0/8".  snprintf-style: returns the full length (at
 * most IPR_STR_MAX); buf may be NULL when size is 0.
 */
int
ipr_fmt(const struct ipr *r, char *buf, size_t size)
{
	/* Two addresses, a separator and ")": composed by hand (ip4_fmt). */
	char t[IPR_STR_MAX + 1];
	size_t n;
	int bits;

	addr_fmt(r->af, r->lo, t, ADDR_STR_MAX + 1);
	n = strlen(t);
	switch (r->form) {
	case IPR_SINGLE:
		break;
	case IPR_LOHI:
		t[n++] = '-';
		addr_fmt(r->af, r->hi, t + n, ADDR_STR_MAX + 1);
		n += strlen(t + n);
		break;
	case IPR_CIDR:
		bits = af_bits(r->af) -
		    u128_trailing_ones(u128_sub(r->hi, r->lo));
		t[n++] = '/';
		if (bits >= 100)
			t[n++] = (char)('0' + bits / 100);
		if (bits >= 10)
			t[n++] = (char)('0' + bits / 10 % 10);
		t[n++] = (char)('0' + bits % 10);
		break;
	case IPR_NETMASK:
		t[n++] = '(';
		addr_fmt(r->af, u128_and(af_max(r->af),
		    u128_not(u128_sub(r->hi, r->lo))), t + n, ADDR_STR_MAX + 1);
		n += strlen(t + n);
		t[n++] = ')';
		break;
	default:
		t[0] = '?';
		n = 1;
		break;
	}
	copy_trunc(buf, size, t, n);
	return (int)n;
}

/*
 * Number of addresses in r, hi - lo + 1.  The whole IPv6 space (2^128)
 * does not fit and saturates at 2^128 - 1; ipr_count_fmt() prints the
 * exact number.  Cannot fail.
 */
struct u128
ipr_count(const struct ipr *r)
{
	struct u128 d = u128_sub(r->hi, r->lo);

	if (d.hi == UINT64_MAX && d.lo == UINT64_MAX)
		return d;
	return u128_inc(d);
}

/*
 * Decimal text of hi - lo + 1 computed exactly (129 bits), so the whole
 * IPv6 space prints as IPR_IPV6_SPACE_STR.  snprintf-style, like
 * u128_fmt().
 */
int
ipr_count_fmt(const struct ipr *r, char *buf, size_t size)
{
	struct u128 d = u128_sub(r->hi, r->lo);

	if (d.hi == UINT64_MAX && d.lo == UINT64_MAX)
		return snprintf(buf, size, "%s", IPR_IPV6_SPACE_STR);
	return u128_fmt(u128_inc(d), buf, size);
}

/* Is r exactly one address (lo == hi, e.g. "a", "a-a", "a/32")? */
bool
ipr_is_single_host(const struct ipr *r)
{
	return u128_eq(r->lo, r->hi);
}

/* Does r hold address a of family af (4 or 6)?  Cannot fail. */
bool
ipr_contains(const struct ipr *r, int af, struct u128 a)
{
	return r->af == af && u128_cmp(r->lo, a) <= 0 &&
	    u128_cmp(a, r->hi) <= 0;
}

/* ------------------------------------------------------- public space */

/*
 * Blocks that are not public unicast space.  A range "reaches public"
 * when it is not wholly inside their union.
 *
 * IPv4 (RFC 6890 special-purpose registry):
 *   0.0.0.0/8		"this network" (RFC 1122 3.2.1.3)
 *   10.0.0.0/8		private (RFC 1918)
 *   100.64.0.0/10	shared address space, CGN (RFC 6598)
 *   127.0.0.0/8	loopback (RFC 1122 3.2.1.3)
 *   169.254.0.0/16	link local (RFC 3927)
 *   172.16.0.0/12	private (RFC 1918)
 *   192.0.0.0/24	IETF protocol assignments (RFC 6890)
 *   192.0.2.0/24	TEST-NET-1 documentation (RFC 5737)
 *   192.168.0.0/16	private (RFC 1918)
 *   198.18.0.0/15	benchmarking (RFC 2544)
 *   198.51.100.0/24	TEST-NET-2 documentation (RFC 5737)
 *   203.0.113.0/24	TEST-NET-3 documentation (RFC 5737)
 *   224.0.0.0/4	multicast (RFC 5771)
 *   240.0.0.0/4	reserved (RFC 1112 4), with 255.255.255.255
 *			limited broadcast (RFC 919, RFC 8190)
 *
 * IPv6 (RFC 6890 and the IANA IPv6 special-purpose registry):
 *   ::/128		unspecified (RFC 4291 2.5.2)
 *   ::1/128		loopback (RFC 4291 2.5.3)
 *   ::ffff:0:0/96	IPv4-mapped (RFC 4291 2.5.5.2): judged by the
 *			embedded IPv4 address, so only the IPv4 blocks
 *			above, mapped, are non-public
 *   64:ff9b::/96	NAT64 well-known prefix (RFC 6052): same, by the
 *			embedded IPv4 address
 *   100::/64		discard only (RFC 6666)
 *   2001:db8::/32	documentation (RFC 3849)
 *   fc00::/7		unique local (RFC 4193)
 *   fe80::/10		link local (RFC 4291 2.5.6)
 *   ff00::/8		multicast (RFC 4291 2.7)
 */
#define NP4_BLOCKS(X)							\
	X(0x00000000, 8)	/* 0.0.0.0/8 */				\
	X(0x0a000000, 8)	/* 10.0.0.0/8 */			\
	X(0x64400000, 10)	/* 100.64.0.0/10 */			\
	X(0x7f000000, 8)	/* 127.0.0.0/8 */			\
	X(0xa9fe0000, 16)	/* 169.254.0.0/16 */			\
	X(0xac100000, 12)	/* 172.16.0.0/12 */			\
	X(0xc0000000, 24)	/* 192.0.0.0/24 */			\
	X(0xc0000200, 24)	/* 192.0.2.0/24 */			\
	X(0xc0a80000, 16)	/* 192.168.0.0/16 */			\
	X(0xc6120000, 15)	/* 198.18.0.0/15 */			\
	X(0xc6336400, 24)	/* 198.51.100.0/24 */			\
	X(0xcb007100, 24)	/* 203.0.113.0/24 */			\
	X(0xe0000000, 4)	/* 224.0.0.0/4 */			\
	X(0xf0000000, 4)	/* 240.0.0.0/4 */

struct span {
	struct u128	lo;
	struct u128	hi;
};

/*
 * The blocks as first and last address, sorted by start and disjoint,
 * written out by the compiler: building them at run time (and sorting
 * the IPv6 ones) cost a thousand instructions per connector.
 */
#define NP4_SPAN(net, len)	{ (net), (net) | (0xffffffffU >> (len)) },

static const struct {
	uint32_t	lo;
	uint32_t	hi;
} np4[] = {
	NP4_BLOCKS(NP4_SPAN)
};

/*
 * IPv6, in address order: ::, ::1, the IPv4 blocks mapped into
 * ::ffff:0:0/96 and then into 64:ff9b::/96 (each prefix holds a whole
 * sorted copy of np4), then the rest.  None of the others falls inside
 * those two prefixes, so the order is by start and the blocks disjoint,
 * which span_reaches_public() relies on.  NP6_NET takes len in [1, 64]
 * and shifts twice so that len 64 is not a 64-bit shift.
 */
#define NP6_HOST(hi, lo)	{ { (hi), (lo) }, { (hi), (lo) } },
#define NP6_NET(hi, len)						\
	{ { (hi), 0 }, { (hi) | (UINT64_MAX >> 1 >> ((len) - 1)),	\
	    UINT64_MAX } },
#define NP6_FFFF(net, len)						\
	{ { 0, UINT64_C(0x0000ffff00000000) | (net) },			\
	  { 0, UINT64_C(0x0000ffff00000000) | (net) |			\
	    (0xffffffffU >> (len)) } },
#define NP6_64FF9B(net, len)						\
	{ { UINT64_C(0x0064ff9b00000000), (net) },			\
	  { UINT64_C(0x0064ff9b00000000), (net) | (0xffffffffU >> (len)) } },

static const struct span np6[] = {
	NP6_HOST(0, 0)					/* ::/128 */
	NP6_HOST(0, 1)					/* ::1/128 */
	NP4_BLOCKS(NP6_FFFF)				/* ::ffff:0:0/96 */
	NP4_BLOCKS(NP6_64FF9B)				/* 64:ff9b::/96 */
	NP6_NET(UINT64_C(0x0100000000000000), 64)	/* 100::/64 */
	NP6_NET(UINT64_C(0x20010db800000000), 32)	/* 2001:db8::/32 */
	NP6_NET(UINT64_C(0xfc00000000000000), 7)	/* fc00::/7 */
	NP6_NET(UINT64_C(0xfe80000000000000), 10)	/* fe80::/10 */
	NP6_NET(UINT64_C(0xff00000000000000), 8)	/* ff00::/8 */
};

/*
 * Sort v[0, n) by lo; tmp holds n spans.  A merge sort over runs of four
 * sorted by insertion, with the comparison inline: several times faster
 * than qsort(3), which moved each 32-byte span through memcpy and a
 * comparison function (8% of an offline audit).  Ties keep their order;
 * the union below does not care.
 */
static void
span_sort(struct span *v, struct span *tmp, size_t n)
{
	struct span *src = v, *dst = tmp, *t, x;
	size_t w, i, j, l, m, r, a, b, k;

	/* Already in order (one value, or listed sorted): nothing to do. */
	for (i = 1; i < n && u128_cmp(v[i - 1].lo, v[i].lo) <= 0; i++)
		continue;
	if (i >= n)
		return;
	for (i = 0; i < n; i += 4) {
		for (j = i + 1; j < i + 4 && j < n; j++) {
			x = v[j];
			for (k = j; k > i && u128_cmp(x.lo, v[k - 1].lo) < 0;
			    k--)
				v[k] = v[k - 1];
			v[k] = x;
		}
	}
	for (w = 4; w < n; w *= 2) {
		for (l = 0; l < n; l += 2 * w) {
			m = l + w < n ? l + w : n;
			r = l + 2 * w < n ? l + 2 * w : n;
			a = l;
			b = m;
			k = l;
			while (a < m && b < r)
				dst[k++] = u128_cmp(src[b].lo, src[a].lo) < 0 ?
				    src[b++] : src[a++];
			while (a < m)
				dst[k++] = src[a++];
			while (b < r)
				dst[k++] = src[b++];
		}
		t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
}

/*
 * Does any of the IPv4 spans v[0, n), packed as lo << 32 | hi, sorted
 * by start and disjoint (a union, or one value), hold an address
 * outside np4?  Computed by range subtraction, not from the endpoints.
 * Both lists ascend, so one cursor into np4 serves every span, a merge
 * rather than a search per span: blocks that end before a span's start
 * end before every later span's too.  In 32-bit arithmetic: most stored
 * values are IPv4.
 */
static bool
v4_reaches_public(const uint64_t *v, size_t n)
{
	const size_t nbl = sizeof(np4) / sizeof(np4[0]);
	uint64_t cur, hi;
	size_t i, j = 0;

	for (i = 0; i < n; i++) {
		cur = v[i] >> 32;
		hi = v[i] & 0xffffffff;
		for (;;) {
			if (j == nbl)
				return true;
			if (np4[j].hi < cur) {
				j++;
				continue;
			}
			if (np4[j].lo > cur)
				return true;	/* a gap before block j */
			if (np4[j].hi >= hi)
				break;		/* the next span may share j */
			cur = (uint64_t)np4[j].hi + 1;
			j++;
		}
	}
	return false;
}

/*
 * v4_reaches_public() for IPv6 spans v[0, n), against np6.  The cursor
 * starts by bisection: most stored IPv6 values lie past the 30 mapped
 * IPv4 blocks, which a walk would step over one by one.
 */
static bool
v6_reaches_public(const struct span *v, size_t n)
{
	const size_t nbl = sizeof(np6) / sizeof(np6[0]);
	struct u128 cur;
	size_t i, j, l = 0, r = nbl;

	if (n == 0)
		return false;
	/* The first block that does not end before the first span. */
	while (l < r) {
		i = l + (r - l) / 2;
		if (u128_cmp(np6[i].hi, v[0].lo) < 0)
			l = i + 1;
		else
			r = i;
	}
	j = l;
	for (i = 0; i < n; i++) {
		cur = v[i].lo;
		for (;;) {
			if (j == nbl)
				return true;
			if (u128_cmp(np6[j].hi, cur) < 0) {
				j++;
				continue;
			}
			if (u128_cmp(np6[j].lo, cur) > 0)
				return true;
			if (u128_cmp(np6[j].hi, v[i].hi) >= 0)
				break;
			cur = u128_inc(np6[j].hi);	/* < v[i].hi: no wrap */
			j++;
		}
	}
	return false;
}

/*
 * Does r hold any address outside the non-public blocks listed above?
 * Computed by range subtraction, not from the endpoints, so
 * "10.0.0.0-12.0.0.0" reaches public space (11.0.0.0/8).  Cannot fail.
 */
bool
ipr_reaches_public(const struct ipr *r)
{
	struct span v;
	uint64_t k;

	if (r->af == 4) {
		k = r->lo.lo << 32 | r->hi.lo;
		return v4_reaches_public(&k, 1);
	}
	v.lo = r->lo;
	v.hi = r->hi;
	return v6_reaches_public(&v, 1);
}

/* ------------------------------------------------------------- summary */


/*
 * Sort v[0, n) and merge overlapping or adjacent spans in place; returns
 * the number of disjoint spans left.
 */
static size_t
span_union(struct span *v, size_t n)
{
	struct span stack[64], *tmp;
	size_t i, k = 0;

	if (n == 0)
		return 0;
	tmp = n <= 64 ? stack : xreallocarray(NULL, n, sizeof(*tmp));
	span_sort(v, tmp, n);
	if (tmp != stack)
		free(tmp);
	for (i = 1; i < n; i++) {
		/* Touches the current span: v[i].lo <= v[k].hi + 1. */
		if (u128_cmp(v[i].lo, v[k].hi) <= 0 ||
		    u128_eq(v[i].lo, u128_inc(v[k].hi))) {
			if (u128_cmp(v[i].hi, v[k].hi) > 0)
				v[k].hi = v[i].hi;
			continue;
		}
		v[++k] = v[i];
	}
	return k + 1;
}

/*
 * Sort v[0, n) ascending; tmp holds n values.  The same merge sort as
 * span_sort(), on 64-bit keys: a summary packs each IPv4 value as
 * lo << 32 | hi, which orders by start and compares and moves in one
 * instruction where a span takes two 128-bit halves.
 */
static void
u64_sort(uint64_t *v, uint64_t *tmp, size_t n)
{
	uint64_t *src = v, *dst = tmp, *t, x;
	size_t w, i, j, l, m, r, a, b, k;

	for (i = 1; i < n && v[i - 1] <= v[i]; i++)
		continue;
	if (i >= n)
		return;
	for (i = 0; i < n; i += 4) {
		for (j = i + 1; j < i + 4 && j < n; j++) {
			x = v[j];
			for (k = j; k > i && x < v[k - 1]; k--)
				v[k] = v[k - 1];
			v[k] = x;
		}
	}
	for (w = 4; w < n; w *= 2) {
		for (l = 0; l < n; l += 2 * w) {
			m = l + w < n ? l + w : n;
			r = l + 2 * w < n ? l + 2 * w : n;
			a = l;
			b = m;
			k = l;
			while (a < m && b < r)
				dst[k++] = src[b] < src[a] ? src[b++] : src[a++];
			while (a < m)
				dst[k++] = src[a++];
			while (b < r)
				dst[k++] = src[b++];
		}
		t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
}

/*
 * span_union() for IPv4 values packed as lo << 32 | hi: sort, then merge
 * overlapping or adjacent ones in place; returns how many are left.
 */
static size_t
v4_union(uint64_t *v, size_t n)
{
	uint64_t stack[64], *tmp, lo, hi, klo, khi;
	size_t i, k = 0;

	if (n == 0)
		return 0;
	tmp = n <= 64 ? stack : xreallocarray(NULL, n, sizeof(*tmp));
	u64_sort(v, tmp, n);
	if (tmp != stack)
		free(tmp);
	klo = v[0] >> 32;
	khi = v[0] & 0xffffffff;
	for (i = 1; i < n; i++) {
		lo = v[i] >> 32;
		hi = v[i] & 0xffffffff;
		/* Touches the current span: lo <= khi + 1 (no 32-bit wrap). */
		if (lo <= khi + 1) {
			if (hi > khi)
				khi = hi;
			continue;
		}
		v[k++] = klo << 32 | khi;
		klo = lo;
		khi = hi;
	}
	v[k++] = klo << 32 | khi;
	return k;
}

/*
 * Summarise the n parsed values in r: the union of each family (sorted,
 * overlapping and adjacent values merged) gives the address counts and
 * whole-space coverage, so "0.0.0.0/1" + "128.0.0.0/1" covers all of
 * IPv4; wider_than_one_host is set when a single value holds more than
 * one address; widest is the first value with the most addresses.  The
 * IPv6 count saturates at 2^128 - 1 (covers_all_ipv6 tells the whole
 * space; ipr_summary_ipv6_fmt() prints it exactly).  nvalues is set to
 * n and ninvalid to 0: the caller counts invalid values.  Scratch space
 * is on the stack up to 64 values, else allocated and freed before
 * return; cannot fail.
 */
void
ipr_summarise(const struct ipr *r, size_t n, struct ipr_summary *s)
{
	struct span *v6 = NULL, s6[64];
	struct u128 wspan = { 0, 0 }, d;
	uint64_t *v4 = NULL, s4[64];
	size_t i, n4 = 0, n6 = 0;

	memset(s, 0, sizeof(*s));
	s->nvalues = n;
	if (n == 0)
		return;
	/* Most connectors list a few values: no allocation for those. */
	if (n <= 64) {
		v4 = s4;
		v6 = s6;
	} else {
		v4 = xreallocarray(NULL, n, sizeof(*v4));
		v6 = xreallocarray(NULL, n, sizeof(*v6));
	}
	for (i = 0; i < n; i++) {
		d = u128_sub(r[i].hi, r[i].lo);
		if (!u128_is_zero(d))
			s->wider_than_one_host = true;
		/* Compare spans, not saturated counts, for the widest. */
		if (i == 0 || u128_cmp(d, wspan) > 0) {
			s->widest = i;
			wspan = d;
		}
		if (r[i].af == 4) {
			v4[n4++] = r[i].lo.lo << 32 | r[i].hi.lo;
		} else {
			v6[n6].lo = r[i].lo;
			v6[n6++].hi = r[i].hi;
		}
	}
	s->widest_count = ipr_count(&r[s->widest]);

	/*
	 * Public space is tested on the unions, far fewer spans than
	 * values, and only until one answers: a single address outside the
	 * non-public blocks settles it for the connector.
	 */
	n4 = v4_union(v4, n4);
	for (i = 0; i < n4; i++)
		s->ipv4_addresses += (v4[i] & 0xffffffff) - (v4[i] >> 32) + 1;
	s->covers_all_ipv4 = n4 == 1 && v4[0] == 0xffffffff;
	s->reaches_public = v4_reaches_public(v4, n4);

	n6 = span_union(v6, n6);
	for (i = 0; i < n6; i++) {
		d = u128_sub(v6[i].hi, v6[i].lo);
		if (d.hi == UINT64_MAX && d.lo == UINT64_MAX)
			s->ipv6_addresses = d;	/* 2^128: saturate */
		else
			s->ipv6_addresses = u128_add_sat(s->ipv6_addresses,
			    u128_inc(d));
	}
	if (!s->reaches_public)
		s->reaches_public = v6_reaches_public(v6, n6);
	s->covers_all_ipv6 = n6 == 1 && u128_is_zero(v6[0].lo) &&
	    u128_eq(v6[0].hi, af_max(6));
	if (v4 != s4) {
		free(v6);
		free(v4);
	}
}

/*
 * Exact decimal text of the summary's IPv6 union count: the whole space
 * (covers_all_ipv6) prints as IPR_IPV6_SPACE_STR instead of the
 * saturated 2^128 - 1.  snprintf-style, like u128_fmt().
 */
int
ipr_summary_ipv6_fmt(const struct ipr_summary *s, char *buf, size_t size)
{
	if (s->covers_all_ipv6)
		return snprintf(buf, size, "%s", IPR_IPV6_SPACE_STR);
	return u128_fmt(s->ipv6_addresses, buf, size);
}
