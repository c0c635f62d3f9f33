/* SPDX-License-Identifier: ISC */
/*
 * Security identifiers (MS-DTYP 2.4.2): the binary form read through the
 * bounded reader, the "S-1-..." text form, the SDDL aliases of MS-DTYP
 * 2.5.1.1, and names for the well-known principals rcaudit reports,
 * including the MS Exchange S-1-9 family that does not resolve through
 * LSA.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "rd.h"
#include "sid.h"

#define EXCH_SUBS	1419165041u, 1139599005u, 3936102811u, 1022490595u
#define SID_INIT(a, n, ...)	{ .rev = 1, .nsub = (n), .auth = (a), \
				    .sub = { __VA_ARGS__ } }

const struct sid SID_EVERYONE = SID_INIT(1, 1, 0);
const struct sid SID_ANONYMOUS = SID_INIT(5, 1, 7);
const struct sid SID_AUTH_USERS = SID_INIT(5, 1, 11);
const struct sid SID_SYSTEM = SID_INIT(5, 1, 18);
const struct sid SID_NETWORK = SID_INIT(5, 1, 2);
const struct sid SID_SELF = SID_INIT(5, 1, 10);
const struct sid SID_ADMINS = SID_INIT(5, 2, 32, 544);
const struct sid SID_EXCH_PARTNER = SID_INIT(9, 5, EXCH_SUBS, 10);
const struct sid SID_EXCH_HUB = SID_INIT(9, 5, EXCH_SUBS, 21);
const struct sid SID_EXCH_EDGE = SID_INIT(9, 5, EXCH_SUBS, 22);
const struct sid SID_EXCH_EXTSECURED = SID_INIT(9, 5, EXCH_SUBS, 23);
const struct sid SID_EXCH_LEGACY = SID_INIT(9, 5, EXCH_SUBS, 24);
const struct sid SID_EXCH_SITEMBX = SID_INIT(9, 5, EXCH_SUBS, 25);

/*
 * Well-known SIDs: SDDL alias (MS-DTYP 2.5.1.1, NULL if none) and the
 * name Windows shows.  The first entry for a SID gives its alias.
 */
static const struct wk {
	const char	*alias;
	struct sid	 sid;
	const char	*name;
} wks[] = {
	{ "WD", SID_INIT(1, 1, 0), "Everyone" },
	{ "CO", SID_INIT(3, 1, 0), "CREATOR OWNER" },
	{ "CG", SID_INIT(3, 1, 1), "CREATOR GROUP" },
	{ "OW", SID_INIT(3, 1, 4), "OWNER RIGHTS" },
	{ "NU", SID_INIT(5, 1, 2), "NT AUTHORITY\\NETWORK" },
	{ "IU", SID_INIT(5, 1, 4), "NT AUTHORITY\\INTERACTIVE" },
	{ "SU", SID_INIT(5, 1, 6), "NT AUTHORITY\\SERVICE" },
	{ "AN", SID_INIT(5, 1, 7), "NT AUTHORITY\\ANONYMOUS LOGON" },
	{ "ED", SID_INIT(5, 1, 9),
	    "NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS" },
	{ "PS", SID_INIT(5, 1, 10), "NT AUTHORITY\\SELF" },
	{ "AU", SID_INIT(5, 1, 11), "NT AUTHORITY\\Authenticated Users" },
	{ "RC", SID_INIT(5, 1, 12), "NT AUTHORITY\\RESTRICTED" },
	{ "SY", SID_INIT(5, 1, 18), "NT AUTHORITY\\SYSTEM" },
	{ "LS", SID_INIT(5, 1, 19), "NT AUTHORITY\\LOCAL SERVICE" },
	{ "NS", SID_INIT(5, 1, 20), "NT AUTHORITY\\NETWORK SERVICE" },
	{ "BA", SID_INIT(5, 2, 32, 544), "BUILTIN\\Administrators" },
	{ "BU", SID_INIT(5, 2, 32, 545), "BUILTIN\\Users" },
	{ "BG", SID_INIT(5, 2, 32, 546), "BUILTIN\\Guests" },
	{ "PU", SID_INIT(5, 2, 32, 547), "BUILTIN\\Power Users" },
	{ "AO", SID_INIT(5, 2, 32, 548), "BUILTIN\\Account Operators" },
	{ "SO", SID_INIT(5, 2, 32, 549), "BUILTIN\\Server Operators" },
	{ "PO", SID_INIT(5, 2, 32, 550), "BUILTIN\\Print Operators" },
	{ "BO", SID_INIT(5, 2, 32, 551), "BUILTIN\\Backup Operators" },
	{ "RE", SID_INIT(5, 2, 32, 552), "BUILTIN\\Replicator" },
	{ "RU", SID_INIT(5, 2, 32, 554),
	    "BUILTIN\\Pre-Windows 2000 Compatible Access" },
	{ "RD", SID_INIT(5, 2, 32, 555), "BUILTIN\\Remote Desktop Users" },
	{ "NO", SID_INIT(5, 2, 32, 556),
	    "BUILTIN\\Network Configuration Operators" },
	{ NULL, SID_INIT(9, 5, EXCH_SUBS, 10), "MS Exchange\\Partner Servers" },
	{ NULL, SID_INIT(9, 5, EXCH_SUBS, 21),
	    "MS Exchange\\Hub Transport Servers" },
	{ NULL, SID_INIT(9, 5, EXCH_SUBS, 22),
	    "MS Exchange\\Edge Transport Servers" },
	{ NULL, SID_INIT(9, 5, EXCH_SUBS, 23),
	    "MS Exchange\\Externally Secured Servers" },
	{ NULL, SID_INIT(9, 5, EXCH_SUBS, 24),
	    "MS Exchange\\Legacy Exchange Servers" },
	{ NULL, SID_INIT(9, 5, EXCH_SUBS, 25),
	    "MS Exchange\\SiteMailbox Granted Access Members" },
};
#define NWKS	(sizeof(wks) / sizeof(wks[0]))

/* Domain-relative SDDL aliases: the RID appended to a domain SID. */
static const struct {
	const char	*alias;
	uint32_t	 rid;
} rels[] = {
	{ "LA", 500 }, { "LG", 501 }, { "DA", 512 }, { "DU", 513 },
	{ "DG", 514 }, { "DC", 515 }, { "DD", 516 }, { "CA", 517 },
	{ "SA", 518 }, { "EA", 519 }, { "PA", 520 }, { "RO", 521 },
	{ "CN", 522 },
};
#define NRELS	(sizeof(rels) / sizeof(rels[0]))

#define SID_AUTH_MASK	UINT64_C(0xffffffffffff)

/* A little-endian uint32 at p (one load on little-endian hosts). */
static uint32_t
get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * Decode a binary SID (MS-DTYP 2.4.2.2) from the len bytes at p into *s;
 * the sub-authorities past nsub are zeroed, so that SIDs compare and copy
 * as whole structs.  Returns the SID's size, 8 + 4 * nsub; or -1 with e
 * set (ERR_DATA) and *s zeroed.  The descriptor parser calls this once
 * an ACE (tens of thousands of times an audit), so it reads the bytes
 * directly: every length is checked before the first read.
 */
int
sid_decode(const uint8_t *p, size_t len, struct sid *s, struct err *e)
{
	size_t need;
	uint8_t n;

	memset(s, 0, sizeof(*s));
	if (len < 8)
		return err_set(e, ERR_DATA,
		    "sid: truncated (%zu bytes left, need 8)", len);
	if (p[0] != 1)
		return err_set(e, ERR_DATA, "sid: revision %u is not 1", p[0]);
	n = p[1];
	if (n > SID_MAX_SUBAUTH)
		return err_set(e, ERR_DATA,
		    "sid: sub-authority count %u exceeds %d", n,
		    SID_MAX_SUBAUTH);
	need = 8 + 4 * (size_t)n;
	if (len < need)
		return err_set(e, ERR_DATA,
		    "sid: %u sub-authorities need %zu bytes, %zu left",
		    n, need, len);
	s->rev = 1;
	s->nsub = n;
	/*
	 * The authority is the low 48 bits of the first 8 bytes read
	 * big-endian: a whole 8-byte load, which compilers make one load
	 * and a byte swap, instead of six shifts.
	 */
	s->auth = ((uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 |
	    (uint64_t)p[2] << 40 | (uint64_t)p[3] << 32 |
	    (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
	    (uint64_t)p[6] << 8 | (uint64_t)p[7]) & SID_AUTH_MASK;
	/*
	 * The sub-authorities unrolled, last first: a loop costs more in
	 * its control than in its loads (most SIDs have 1, 2 or 5).
	 */
	p += 8;
	switch (n) {
	case 15:
		s->sub[14] = get_le32(p + 56);
		/* FALLTHROUGH */
	case 14:
		s->sub[13] = get_le32(p + 52);
		/* FALLTHROUGH */
	case 13:
		s->sub[12] = get_le32(p + 48);
		/* FALLTHROUGH */
	case 12:
		s->sub[11] = get_le32(p + 44);
		/* FALLTHROUGH */
	case 11:
		s->sub[10] = get_le32(p + 40);
		/* FALLTHROUGH */
	case 10:
		s->sub[9] = get_le32(p + 36);
		/* FALLTHROUGH */
	case 9:
		s->sub[8] = get_le32(p + 32);
		/* FALLTHROUGH */
	case 8:
		s->sub[7] = get_le32(p + 28);
		/* FALLTHROUGH */
	case 7:
		s->sub[6] = get_le32(p + 24);
		/* FALLTHROUGH */
	case 6:
		s->sub[5] = get_le32(p + 20);
		/* FALLTHROUGH */
	case 5:
		s->sub[4] = get_le32(p + 16);
		/* FALLTHROUGH */
	case 4:
		s->sub[3] = get_le32(p + 12);
		/* FALLTHROUGH */
	case 3:
		s->sub[2] = get_le32(p + 8);
		/* FALLTHROUGH */
	case 2:
		s->sub[1] = get_le32(p + 4);
		/* FALLTHROUGH */
	case 1:
		s->sub[0] = get_le32(p + 0);
		/* FALLTHROUGH */
	default:
		break;
	}
	return (int)need;
}

/*
 * Read a binary SID (MS-DTYP 2.4.2.2) at r's cursor into *s.  Returns 0;
 * or -1 with r failed at the offending byte and e set (ERR_DATA).
 */
int
sid_read(struct rd *r, struct sid *s, struct err *e)
{
	size_t left = rd_left(r);
	int n;

	/* A failed reader has nothing left: "truncated", buf not touched. */
	n = sid_decode(left > 0 ? r->buf + r->off : NULL, left, s, e);
	if (n == -1) {
		/*
		 * Blame the sub-authority count (byte 1) when it is the
		 * defect, else the SID's first byte.
		 */
		if (left >= 8 && r->buf[r->off] == 1 &&
		    r->buf[r->off + 1] > SID_MAX_SUBAUTH)
			r->off++;
		return rd_fail(r);
	}
	r->off += (size_t)n;
	return 0;
}

/* Binary size of s: 8 + 4 * nsub. */
size_t
sid_size(const struct sid *s)
{
	return 8 + 4 * (size_t)s->nsub;
}

/*
 * Write s in binary into buf, which must hold sid_size(s) bytes.
 * Returns the number of bytes written.
 */
size_t
sid_encode(const struct sid *s, uint8_t *buf)
{
	size_t o = 0;
	int i;

	buf[o++] = s->rev;
	buf[o++] = s->nsub;
	for (i = 5; i >= 0; i--)
		buf[o++] = (uint8_t)(s->auth >> (8 * i));
	for (i = 0; i < s->nsub && i < SID_MAX_SUBAUTH; i++) {
		buf[o++] = (uint8_t)s->sub[i];
		buf[o++] = (uint8_t)(s->sub[i] >> 8);
		buf[o++] = (uint8_t)(s->sub[i] >> 16);
		buf[o++] = (uint8_t)(s->sub[i] >> 24);
	}
	return o;
}

/*
 * Format s as "S-1-5-7"; an authority of 2^32 or more is written as
 * "0x" and 12 upper-case hex digits (MS-DTYP 2.4.2.1).  Returns the
 * snprintf-style length.
 */
int
sid_fmt(const struct sid *s, char *buf, size_t size)
{
	char tmp[SID_STR_MAX];
	size_t o;
	int i, n;

	if (s->auth >= (UINT64_C(1) << 32))
		n = snprintf(tmp, sizeof(tmp), "S-%u-0x%012" PRIX64, s->rev,
		    s->auth);
	else
		n = snprintf(tmp, sizeof(tmp), "S-%u-%" PRIu64, s->rev,
		    s->auth);
	if (n < 0)
		return -1;
	o = (size_t)n;
	/* SID_STR_MAX holds 15 sub-authorities of 10 digits each. */
	for (i = 0; i < s->nsub && i < SID_MAX_SUBAUTH; i++) {
		n = snprintf(tmp + o, sizeof(tmp) - o, "-%" PRIu32, s->sub[i]);
		if (n < 0 || (size_t)n >= sizeof(tmp) - o)
			return -1;
		o += (size_t)n;
	}
	return snprintf(buf, size, "%s", tmp);
}

/* True when a and b are the same SID. */
bool
sid_is_equal(const struct sid *a, const struct sid *b)
{
	int i;

	/*
	 * sid_cmp() == 0, cheaper: the access check asks this once or more
	 * an ACE.  Sub-authorities are compared last first, since the SIDs
	 * of a domain (or of the S-1-9 Exchange family) differ in their RID.
	 */
	if (a->nsub != b->nsub || a->auth != b->auth || a->rev != b->rev)
		return false;
	for (i = a->nsub < SID_MAX_SUBAUTH ? a->nsub : SID_MAX_SUBAUTH;
	    i-- > 0;)
		if (a->sub[i] != b->sub[i])
			return false;
	return true;
}

/*
 * Total order on SIDs: revision, authority, sub-authority count, then
 * sub-authorities in order.  Returns <0, 0 or >0.
 */
int
sid_cmp(const struct sid *a, const struct sid *b)
{
	int i;

	if (a->rev != b->rev)
		return a->rev < b->rev ? -1 : 1;
	if (a->auth != b->auth)
		return a->auth < b->auth ? -1 : 1;
	if (a->nsub != b->nsub)
		return a->nsub < b->nsub ? -1 : 1;
	for (i = 0; i < a->nsub && i < SID_MAX_SUBAUTH; i++)
		if (a->sub[i] != b->sub[i])
			return a->sub[i] < b->sub[i] ? -1 : 1;
	return 0;
}

static const struct wk *
wk_find(const struct sid *s)
{
	size_t i;

	for (i = 0; i < NWKS; i++)
		if (sid_is_equal(&wks[i].sid, s))
			return &wks[i];
	return NULL;
}

/*
 * The display name of a well-known SID ("NT AUTHORITY\ANONYMOUS LOGON",
 * "MS Exchange\Externally Secured Servers", ...), or NULL.  Static.
 */
const char *
sid_name(const struct sid *s)
{
	const struct wk *w = wk_find(s);

	return w == NULL ? NULL : w->name;
}

/* The SDDL alias of s ("AN", "WD", ...), or NULL.  Static storage. */
const char *
sid_alias(const struct sid *s)
{
	const struct wk *w = wk_find(s);

	return w == NULL ? NULL : w->alias;
}

/* Parse decimal digits at *pp into *v (<= max); advances *pp. */
static int
parse_dec(const char **pp, uint64_t max, uint64_t *v)
{
	const char *p = *pp;
	uint64_t x = 0;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		x = x * 10 + (uint64_t)(*p - '0');
		if (x > max)
			return -1;
	}
	*v = x;
	*pp = p;
	return 0;
}

static int
parse_text(const char *str, struct sid *s, struct err *e)
{
	const char *p = str;
	uint64_t v;
	int hex;

	memset(s, 0, sizeof(*s));
	if ((p[0] != 'S' && p[0] != 's') || p[1] != '-')
		return err_set(e, ERR_DATA, "sid '%s': not a SID", str);
	p += 2;
	if (parse_dec(&p, 255, &v) == -1 || v != 1)
		return err_set(e, ERR_DATA, "sid '%s': revision is not 1",
		    str);
	s->rev = 1;
	if (*p++ != '-')
		return err_set(e, ERR_DATA,
		    "sid '%s': missing identifier authority", str);
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		v = 0;
		for (hex = 0; isxdigit((unsigned char)*p); p++, hex++) {
			if (hex == 12)
				break;
			v = v << 4 | (uint64_t)(isdigit((unsigned char)*p) ?
			    *p - '0' : tolower((unsigned char)*p) - 'a' + 10);
		}
		if (hex == 0 || isxdigit((unsigned char)*p))
			return err_set(e, ERR_DATA,
			    "sid '%s': bad hex identifier authority", str);
	} else if (parse_dec(&p, (UINT64_C(1) << 48) - 1, &v) == -1) {
		return err_set(e, ERR_DATA,
		    "sid '%s': bad identifier authority", str);
	}
	s->auth = v;
	while (*p == '-') {
		p++;
		if (s->nsub == SID_MAX_SUBAUTH)
			return err_set(e, ERR_DATA,
			    "sid '%s': more than %d sub-authorities", str,
			    SID_MAX_SUBAUTH);
		if (parse_dec(&p, UINT32_MAX, &v) == -1)
			return err_set(e, ERR_DATA,
			    "sid '%s': bad sub-authority", str);
		s->sub[s->nsub++] = (uint32_t)v;
	}
	if (*p != '\0')
		return err_set(e, ERR_DATA,
		    "sid '%s': unexpected '%c'", str, *p);
	return 0;
}

/*
 * Parse text or an SDDL alias into *out; domain (may be NULL) resolves
 * domain-relative aliases.  *out is written only on success.  Returns 0
 * or -1 (ERR_DATA).
 */
int
sid_parse_dom(const char *str, const struct sid *dom, struct sid *out,
    struct err *e)
{
	struct sid s;
	size_t i;

	if (str[0] == 'S' || str[0] == 's') {
		if (str[1] == '-') {
			if (parse_text(str, &s, e) == -1)
				return -1;
			*out = s;
			return 0;
		}
	}
	for (i = 0; i < NWKS; i++) {
		if (wks[i].alias != NULL &&
		    strcasecmp(wks[i].alias, str) == 0) {
			*out = wks[i].sid;
			return 0;
		}
	}
	for (i = 0; i < NRELS; i++) {
		if (strcasecmp(rels[i].alias, str) != 0)
			continue;
		if (dom == NULL)
			return err_set(e, ERR_DATA, "sid '%s': alias is "
			    "relative to a domain; write the S-1-5-21-... "
			    "form", str);
		if (dom->nsub >= SID_MAX_SUBAUTH)
			return err_set(e, ERR_DATA, "sid '%s': domain SID "
			    "has no room for a RID", str);
		s = *dom;
		s.sub[s.nsub++] = rels[i].rid;
		*out = s;
		return 0;
	}
	return err_set(e, ERR_DATA, "sid '%s': not a SID or known alias", str);
}

/*
 * Parse "S-1-..." or a domain-independent SDDL alias into *out (written
 * only on success).  Returns 0 or -1 (ERR_DATA).
 */
int
sid_parse(const char *str, struct sid *out, struct err *e)
{
	return sid_parse_dom(str, NULL, out, e);
}
