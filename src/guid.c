/* SPDX-License-Identifier: ISC */
/*
 * GUIDs (MS-DTYP 2.3.4) in wire order, and the extended rights Exchange
 * puts on receive connectors (exchange-facts 4, from WellKnownPermission.cs
 * and Permission.cs of the Exchange 2013 CU23 implementation).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "guid.h"

/* Data1 LE, Data2 LE, Data3 LE, Data4 as written. */
#define GUID_INIT(d1, d2, d3, b0, b1, b2, b3, b4, b5, b6, b7) { .b = {	\
	(d1) & 0xff, ((d1) >> 8) & 0xff, ((d1) >> 16) & 0xff,		\
	((d1) >> 24) & 0xff, (d2) & 0xff, ((d2) >> 8) & 0xff,		\
	(d3) & 0xff, ((d3) >> 8) & 0xff,				\
	b0, b1, b2, b3, b4, b5, b6, b7 } }

const struct guid GUID_ACCEPT_ANY_RECIPIENT = GUID_INIT(0x5c82f031,
    0x4e4c, 0x4326, 0x88, 0xe1, 0x8c, 0x4f, 0x0c, 0xad, 0x9d, 0xe5);

static const struct guid_right rights[] = {
	{ "ms-Exch-SMTP-Submit", GUID_INIT(0xa18293f1, 0x0685, 0x4540,
	    0xaa, 0x63, 0xe3, 0x2d, 0xf4, 0x21, 0xb3, 0xa2), 0x1 },
	{ "ms-Exch-SMTP-Submit-For-MLS", GUID_INIT(0x8fc01282, 0x006d,
	    0x42b1, 0x81, 0xe3, 0xc0, 0xb4, 0x6b, 0xed, 0x37, 0x54), 0x2 },
	{ "ms-Exch-SMTP-Accept-Any-Recipient", GUID_INIT(0x5c82f031, 0x4e4c,
	    0x4326, 0x88, 0xe1, 0x8c, 0x4f, 0x0c, 0xad, 0x9d, 0xe5), 0x4 },
	{ "ms-Exch-SMTP-Accept-Authentication-Flag", GUID_INIT(0x1c75aca8,
	    0xb56b, 0x48b3, 0xa0, 0x21, 0x85, 0x8a, 0x29, 0xfa, 0x87, 0x7b),
	    0x8 },
	{ "ms-Exch-SMTP-Accept-Any-Sender", GUID_INIT(0xb857b50b, 0x94a2,
	    0x4b53, 0x93, 0xf6, 0x41, 0xce, 0xbd, 0x2f, 0xce, 0xd0), 0x10 },
	{ "ms-Exch-SMTP-Accept-Authoritative-Domain-Sender",
	    GUID_INIT(0xc22841f4, 0x96cb, 0x498a, 0xac, 0x02, 0xf9, 0xa8,
	    0x7c, 0x74, 0xeb, 0x14), 0x20 },
	{ "ms-Exch-Bypass-Anti-Spam", GUID_INIT(0xd19299b4, 0x86c2, 0x4c9a,
	    0x8f, 0xa7, 0xac, 0xb7, 0x0c, 0x63, 0x02, 0x3a), 0x40 },
	{ "ms-Exch-Bypass-Message-Size-Limit", GUID_INIT(0x6760cfc5, 0x70f4,
	    0x4ae8, 0xbc, 0x39, 0x95, 0x22, 0xd8, 0x6a, 0xc6, 0x9b), 0x80 },
	{ "ms-Exch-SMTP-Send-Exch50", GUID_INIT(0x11716db4, 0x9647, 0x4bce,
	    0x89, 0x22, 0x1f, 0x99, 0xe5, 0x26, 0xcb, 0x41), 0x100 },
	{ "ms-Exch-SMTP-Accept-Exch50", GUID_INIT(0xe373fb21, 0xd851, 0x4d15,
	    0xaf, 0x23, 0x98, 0x2f, 0x09, 0xf2, 0x40, 0x0b), 0x200 },
	{ "ms-Exch-Accept-Headers-Routing", GUID_INIT(0x04031f4f, 0x7c36,
	    0x43ea, 0x9b, 0x49, 0x4b, 0xd0, 0xf5, 0xf1, 0xe6, 0xaf), 0x400 },
	{ "ms-Exch-Accept-Headers-Forest", GUID_INIT(0xa7a9ea66, 0xe08c,
	    0x4e23, 0x8f, 0xe7, 0x68, 0xc4, 0x0e, 0x49, 0xc6, 0xc0), 0x800 },
	{ "ms-Exch-Accept-Headers-Organization", GUID_INIT(0xc307dccd, 0x6676,
	    0x4d19, 0x95, 0xc8, 0xd1, 0x56, 0x7f, 0xab, 0x98, 0x20), 0x1000 },
	{ "ms-Exch-Send-Headers-Routing", GUID_INIT(0xeb8c07ad, 0xb5ad,
	    0x49c3, 0x83, 0x1e, 0xbc, 0x43, 0x9c, 0xca, 0x4c, 0x2a), 0x2000 },
	{ "ms-Exch-Send-Headers-Forest", GUID_INIT(0xb3f9f977, 0x552c,
	    0x4ee6, 0x97, 0x81, 0x59, 0x28, 0x0a, 0x81, 0x41, 0x7b), 0x4000 },
	{ "ms-Exch-Send-Headers-Organization", GUID_INIT(0x2f7d0e23, 0xf951,
	    0x4ed0, 0x8e, 0x71, 0x39, 0xb6, 0xa2, 0x2f, 0xa2, 0x98), 0x8000 },
	{ "Send-As", GUID_INIT(0xab721a54, 0x1e2f, 0x11d0,
	    0x98, 0x19, 0x00, 0xaa, 0x00, 0x40, 0x52, 0x9b), 0x10000 },
	{ "ms-Exch-SMTP-Send-XShadow", GUID_INIT(0x5bc2acab, 0xad7d, 0x4878,
	    0xb6, 0xcd, 0x31, 0x22, 0xa4, 0x7c, 0x6a, 0x1c), 0x20000 },
	{ "ms-Exch-SMTP-Accept-XShadow", GUID_INIT(0x811d004b, 0xe2ed, 0x4024,
	    0x89, 0x53, 0x0f, 0x0f, 0xb0, 0x61, 0x2e, 0x47), 0x40000 },
	{ "ms-Exch-SMTP-Accept-XProxyFrom", GUID_INIT(0x5bee2b72, 0x50d7,
	    0x49c7, 0xba, 0x66, 0x39, 0xa2, 0x5d, 0xaa, 0x1e, 0x92), 0x80000 },
	{ "ms-Exch-SMTP-Accept-XSessionParams", GUID_INIT(0xc08e6405, 0xfccb,
	    0x4c21, 0x99, 0x85, 0x2e, 0x86, 0x5b, 0xcf, 0x15, 0xd5),
	    0x100000 },
	{ "ms-Exch-SMTP-Accept-XMessageContext-ADRecipientCache",
	    GUID_INIT(0xb938d9df, 0x1f37, 0x41d3, 0x8c, 0xdc, 0xf4, 0x14,
	    0x8f, 0x20, 0x07, 0x6d), 0x200000 },
	{ "ms-Exch-SMTP-Accept-XMessageContext-ExtendedProperties",
	    GUID_INIT(0xe1f584b5, 0x11c8, 0x451b, 0x91, 0xe8, 0x04, 0x5c,
	    0x75, 0x97, 0x39, 0x12), 0x400000 },
	{ "ms-Exch-SMTP-Accept-XMessageContext-FastIndex",
	    GUID_INIT(0x5669b1b6, 0xdca0, 0x429b, 0x8f, 0xdb, 0xfc, 0x5b,
	    0x07, 0xc0, 0xf7, 0x3f), 0x800000 },
	{ "ms-Exch-SMTP-Accept-XAttr", GUID_INIT(0xc62e96a4, 0x6f25, 0x497b,
	    0x8d, 0x41, 0x70, 0xcb, 0xd2, 0x5e, 0xaa, 0x99), 0x1000000 },
	{ "ms-Exch-SMTP-Accept-XSysProbe", GUID_INIT(0x5db60ab1, 0x1ad4,
	    0x4863, 0xb9, 0xbe, 0xfb, 0xc5, 0xb0, 0x06, 0x91, 0xa3),
	    0x2000000 },
};
#define NRIGHTS	(sizeof(rights) / sizeof(rights[0]))

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

/*
 * Parse "5c82f031-4e4c-4326-88e1-8c4f0cad9de5" or "{...}" in any case
 * into wire order (MS-DTYP 2.3.4: the first three fields little-endian).
 * *g is written only on success.  Returns 0 or -1 (ERR_DATA).
 */
int
guid_parse(const char *s, struct guid *g, struct err *e)
{
	/* Wire position of each text byte, in text order. */
	static const int pos[16] = { 3, 2, 1, 0, 5, 4, 7, 6,
	    8, 9, 10, 11, 12, 13, 14, 15 };
	const char *p = s;
	struct guid out;
	size_t len = strlen(s), i, k = 0;
	int hi, lo;

	if (len == GUID_STR_LEN + 2 && s[0] == '{' && s[len - 1] == '}') {
		p = s + 1;
		len -= 2;
	}
	if (len != GUID_STR_LEN)
		return err_set(e, ERR_DATA, "guid '%s': not a GUID", s);
	for (i = 0; i < GUID_STR_LEN; ) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (p[i] != '-')
				return err_set(e, ERR_DATA,
				    "guid '%s': not a GUID", s);
			i++;
			continue;
		}
		hi = hexval((unsigned char)p[i]);
		lo = hexval((unsigned char)p[i + 1]);
		if (hi < 0 || lo < 0)
			return err_set(e, ERR_DATA, "guid '%s': not a GUID", s);
		out.b[pos[k++]] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	*g = out;
	return 0;
}

/*
 * Format g as 36 lower-case characters; returns the snprintf-style
 * length (GUID_STR_LEN).
 */
int
guid_fmt(const struct guid *g, char *buf, size_t size)
{
	/* Wire order to text order (MS-DTYP 2.3.4); -1 is a dash. */
	static const signed char order[GUID_STR_LEN / 2 + 2] = {
		3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1,
		10, 11, 12, 13, 14, 15
	};
	static const char hex[] = "0123456789abcdef";
	char tmp[GUID_STR_LEN + 1], *p = tmp;
	size_t i;

	/* By hand, not snprintf: this runs once per connector. */
	for (i = 0; i < sizeof(order); i++) {
		if (order[i] < 0) {
			*p++ = '-';
			continue;
		}
		*p++ = hex[g->b[(int)order[i]] >> 4];
		*p++ = hex[g->b[(int)order[i]] & 0xf];
	}
	*p = '\0';
	if (size > 0) {
		size_t n = size - 1 < GUID_STR_LEN ? size - 1 : GUID_STR_LEN;

		memcpy(buf, tmp, n);
		buf[n] = '\0';
	}
	return GUID_STR_LEN;
}

/* True when a and b hold the same 16 bytes. */
bool
guid_is_equal(const struct guid *a, const struct guid *b)
{
	return memcmp(a->b, b->b, sizeof(a->b)) == 0;
}

static const struct guid_right *
right_find(const struct guid *g)
{
	size_t i;

	for (i = 0; i < NRIGHTS; i++)
		if (guid_is_equal(&rights[i].guid, g))
			return &rights[i];
	return NULL;
}

/* The extended right's CN for g, or NULL.  Static storage. */
const char *
guid_right_name(const struct guid *g)
{
	const struct guid_right *r = right_find(g);

	return r == NULL ? NULL : r->name;
}

/*
 * Find the right named name (case-insensitive) and store its GUID in *g.
 * Returns 0, or -1 when unknown (*g untouched).
 */
int
guid_right_lookup(const char *name, struct guid *g)
{
	size_t i;

	for (i = 0; i < NRIGHTS; i++) {
		if (strcasecmp(rights[i].name, name) == 0) {
			*g = rights[i].guid;
			return 0;
		}
	}
	return -1;
}

/* Exchange's Permission bit for g, or 0 when g is not in the table. */
uint32_t
guid_right_bit(const struct guid *g)
{
	const struct guid_right *r = right_find(g);

	return r == NULL ? 0 : r->bit;
}

/* The extended-rights table (static storage); *n gets its length. */
const struct guid_right *
guid_rights(size_t *n)
{
	*n = NRIGHTS;
	return rights;
}
