/* SPDX-License-Identifier: ISC */
/* Unit tests for SIDs (src/sid.c): binary vectors from exchange-facts 5.1. */
#include <stdint.h>
#include <string.h>

#include <check.h>

#include "err.h"
#include "rd.h"
#include "sid.h"
#include "testutil.h"

/* Binary form <-> text form <-> name. */
static const struct {
	const char	*hex;
	const char	*text;
	const struct sid *constant;	/* or NULL */
	const char	*name;		/* or NULL */
	const char	*alias;		/* or NULL */
} vecs[] = {
	{ "01 01 00 00 00 00 00 01 00 00 00 00", "S-1-1-0", &SID_EVERYONE,
	    "Everyone", "WD" },
	{ "01 01 00 00 00 00 00 05 07 00 00 00", "S-1-5-7", &SID_ANONYMOUS,
	    "NT AUTHORITY\\ANONYMOUS LOGON", "AN" },
	{ "01 01 00 00 00 00 00 05 0b 00 00 00", "S-1-5-11", &SID_AUTH_USERS,
	    "NT AUTHORITY\\Authenticated Users", "AU" },
	{ "01 01 00 00 00 00 00 05 12 00 00 00", "S-1-5-18", &SID_SYSTEM,
	    "NT AUTHORITY\\SYSTEM", "SY" },
	{ "01 01 00 00 00 00 00 05 02 00 00 00", "S-1-5-2", &SID_NETWORK,
	    "NT AUTHORITY\\NETWORK", "NU" },
	{ "01 01 00 00 00 00 00 05 0a 00 00 00", "S-1-5-10", &SID_SELF,
	    "NT AUTHORITY\\SELF", "PS" },
	{ "01 02 00 00 00 00 00 05 20 00 00 00 20 02 00 00", "S-1-5-32-544",
	    &SID_ADMINS, "BUILTIN\\Administrators", "BA" },
	{ "01 05 00 00 00 00 00 09 71 bd 96 54 9d e6 ec 43 9b 29 9c ea "
	    "e3 f7 f1 3c 0a 00 00 00",
	    "S-1-9-1419165041-1139599005-3936102811-1022490595-10",
	    &SID_EXCH_PARTNER, "MS Exchange\\Partner Servers", NULL },
	{ "01 05 00 00 00 00 00 09 71 bd 96 54 9d e6 ec 43 9b 29 9c ea "
	    "e3 f7 f1 3c 15 00 00 00",
	    "S-1-9-1419165041-1139599005-3936102811-1022490595-21",
	    &SID_EXCH_HUB, "MS Exchange\\Hub Transport Servers", NULL },
	{ "01 05 00 00 00 00 00 09 71 bd 96 54 9d e6 ec 43 9b 29 9c ea "
	    "e3 f7 f1 3c 16 00 00 00",
	    "S-1-9-1419165041-1139599005-3936102811-1022490595-22",
	    &SID_EXCH_EDGE, "MS Exchange\\Edge Transport Servers", NULL },
	{ "01 05 00 00 00 00 00 09 71 bd 96 54 9d e6 ec 43 9b 29 9c ea "
	    "e3 f7 f1 3c 17 00 00 00",
	    "S-1-9-1419165041-1139599005-3936102811-1022490595-23",
	    &SID_EXCH_EXTSECURED, "MS Exchange\\Externally Secured Servers",
	    NULL },
	{ "01 05 00 00 00 00 00 09 71 bd 96 54 9d e6 ec 43 9b 29 9c ea "
	    "e3 f7 f1 3c 18 00 00 00",
	    "S-1-9-1419165041-1139599005-3936102811-1022490595-24",
	    &SID_EXCH_LEGACY, "MS Exchange\\Legacy Exchange Servers", NULL },
	{ "01 05 00 00 00 00 00 09 71 bd 96 54 9d e6 ec 43 9b 29 9c ea "
	    "e3 f7 f1 3c 19 00 00 00",
	    "S-1-9-1419165041-1139599005-3936102811-1022490595-25",
	    &SID_EXCH_SITEMBX,
	    "MS Exchange\\SiteMailbox Granted Access Members", NULL },
	{ "01 04 00 00 00 00 00 05 15 00 00 00 01 00 00 00 02 00 00 00 "
	    "03 00 00 00", "S-1-5-21-1-2-3", NULL, NULL, NULL },
	{ "01 00 00 00 00 00 00 00", "S-1-0", NULL, NULL, NULL },
	{ "01 01 12 34 56 78 9a bc ff ff ff ff",
	    "S-1-0x123456789ABC-4294967295",
	    NULL, NULL, NULL },
	{ "01 01 00 00 ff ff ff ff 01 00 00 00", "S-1-4294967295-1", NULL,
	    NULL, NULL },
};

START_TEST(test_sid_read)
{
	uint8_t b[128], enc[128];
	struct sid s;
	struct err e;
	struct rd r;
	char txt[SID_STR_MAX];
	size_t n = tu_hex(vecs[_i].hex, b, sizeof(b));

	rd_init(&r, b, n);
	ck_assert_int_eq(sid_read(&r, &s, &e), 0);
	ck_assert_uint_eq(rd_left(&r), 0);
	ck_assert_uint_eq(sid_size(&s), n);
	ck_assert_uint_eq(sid_encode(&s, enc), n);
	ck_assert_mem_eq(enc, b, n);
	ck_assert_int_eq(sid_fmt(&s, txt, sizeof(txt)),
	    (int)strlen(vecs[_i].text));
	ck_assert_str_eq(txt, vecs[_i].text);
	if (vecs[_i].constant != NULL)
		ck_assert(sid_is_equal(&s, vecs[_i].constant));
	if (vecs[_i].name != NULL)
		ck_assert_str_eq(sid_name(&s), vecs[_i].name);
	else
		ck_assert_ptr_null(sid_name(&s));
	if (vecs[_i].alias != NULL)
		ck_assert_str_eq(sid_alias(&s), vecs[_i].alias);
	else
		ck_assert_ptr_null(sid_alias(&s));
}
END_TEST

START_TEST(test_sid_parse_vec)
{
	uint8_t b[128], enc[128];
	struct sid s;
	struct err e;
	size_t n = tu_hex(vecs[_i].hex, b, sizeof(b));

	ck_assert_int_eq(sid_parse(vecs[_i].text, &s, &e), 0);
	ck_assert_uint_eq(sid_encode(&s, enc), n);
	ck_assert_mem_eq(enc, b, n);
	if (vecs[_i].alias != NULL) {
		memset(&s, 0, sizeof(s));
		ck_assert_int_eq(sid_parse(vecs[_i].alias, &s, &e), 0);
		memset(enc, 0, sizeof(enc));
		ck_assert_uint_eq(sid_encode(&s, enc), n);
		ck_assert_mem_eq(enc, b, n);
	}
}
END_TEST

/* Bad binary SIDs: the message and where the reader failed. */
static const struct {
	const char	*hex;
	const char	*msg;
	size_t		 err_off;
} badbin[] = {
	{ "01 01 00 00 00 00 00", "sid: truncated (7 bytes left, need 8)", 0 },
	{ "02 01 00 00 00 00 00 05 07 00 00 00", "sid: revision 2 is not 1",
	    0 },
	{ "01 10 00 00 00 00 00 05" "00000000 00000000 00000000 00000000"
	    "00000000 00000000 00000000 00000000 00000000 00000000 00000000"
	    "00000000 00000000 00000000 00000000 00000000",
	    "sid: sub-authority count 16 exceeds 15", 1 },
	{ "01 02 00 00 00 00 00 05 07 00 00 00",
	    "sid: 2 sub-authorities need 16 bytes, 12 left", 0 },
};

START_TEST(test_sid_read_bad)
{
	uint8_t b[128];
	struct sid s;
	struct err e;
	struct rd r;
	size_t n = tu_hex(badbin[_i].hex, b, sizeof(b));

	rd_init(&r, b, n);
	ck_assert_int_eq(sid_read(&r, &s, &e), -1);
	ck_assert_str_eq(e.msg, badbin[_i].msg);
	ck_assert_int_eq(e.kind, ERR_DATA);
	ck_assert(r.failed);
	ck_assert_uint_eq(r.err_off, badbin[_i].err_off);
}
END_TEST

/*
 * sid_decode(), which sd_parse() calls for every ACE: the same SID and
 * size as sid_read(), the sub-authorities past nsub zeroed, trailing
 * bytes left alone.
 */
START_TEST(test_sid_decode)
{
	uint8_t b[128];
	struct sid s, r;
	struct err e;
	struct rd rd;
	size_t n = tu_hex(vecs[_i].hex, b, sizeof(b));
	int i;

	memset(&s, 0xa5, sizeof(s));
	ck_assert_int_eq(sid_decode(b, n, &s, &e), (int)n);
	rd_init(&rd, b, n);
	ck_assert_int_eq(sid_read(&rd, &r, &e), 0);
	ck_assert(sid_is_equal(&s, &r));
	ck_assert_int_eq(memcmp(&s, &r, sizeof(s)), 0);
	for (i = s.nsub; i < SID_MAX_SUBAUTH; i++)
		ck_assert_uint_eq(s.sub[i], 0);
	b[n] = 0xff;
	ck_assert_int_eq(sid_decode(b, n + 1, &s, &e), (int)n);
	ck_assert(sid_is_equal(&s, &r));
}
END_TEST

/*
 * Every sub-authority count, 0 to 15 (sid_decode() unrolls them), with
 * every byte distinct and high bits set, against the bytes read one by
 * one here; the authority's six bytes all count.
 */
START_TEST(test_sid_decode_counts)
{
	uint8_t b[8 + 4 * SID_MAX_SUBAUTH + 4];
	struct sid s;
	struct err e;
	uint64_t auth;
	uint32_t sub;
	size_t i, k;

	for (i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)(0x81 + 7 * i);
	b[0] = 1;
	b[1] = (uint8_t)_i;
	for (i = 2, auth = 0; i < 8; i++)
		auth = auth << 8 | b[i];
	memset(&s, 0xa5, sizeof(s));
	ck_assert_int_eq(sid_decode(b, sizeof(b), &s, &e), 8 + 4 * _i);
	ck_assert_uint_eq(s.rev, 1);
	ck_assert_uint_eq(s.nsub, _i);
	ck_assert(s.auth == auth);
	for (k = 0; k < SID_MAX_SUBAUTH; k++) {
		sub = 0;
		if (k < (size_t)_i)
			for (i = 4; i-- > 0;)
				sub = sub << 8 | b[8 + 4 * k + i];
		ck_assert_uint_eq(s.sub[k], sub);
	}
	/* Exactly long enough, and one byte short. */
	ck_assert_int_eq(sid_decode(b, 8 + 4 * _i, &s, &e), 8 + 4 * _i);
	if (_i > 0)
		ck_assert_int_eq(sid_decode(b, 8 + 4 * _i - 1, &s, &e), -1);
}
END_TEST

/* sid_decode() fails with sid_read()'s messages; nothing at all too. */
START_TEST(test_sid_decode_bad)
{
	uint8_t b[128];
	struct sid s;
	struct err e;
	size_t n = tu_hex(badbin[_i].hex, b, sizeof(b));

	memset(&s, 0xa5, sizeof(s));
	ck_assert_int_eq(sid_decode(b, n, &s, &e), -1);
	ck_assert_str_eq(e.msg, badbin[_i].msg);
	ck_assert_int_eq(e.kind, ERR_DATA);
	ck_assert_uint_eq(s.nsub, 0);
	ck_assert_int_eq(sid_decode(NULL, 0, &s, &e), -1);
	ck_assert_str_eq(e.msg, "sid: truncated (0 bytes left, need 8)");
}
END_TEST

/* A reader that has failed already: "truncated", its first failure kept. */
START_TEST(test_sid_read_failed)
{
	uint8_t b[16] = { 1, 1, 0, 0, 0, 0, 0, 5, 7, 0, 0, 0 };
	struct sid s;
	struct err e;
	struct rd r;
	uint16_t v;
	uint8_t x;

	rd_init(&r, b, 3);
	ck_assert_int_eq(rd_skip(&r, 2), 0);
	ck_assert_int_eq(rd_u16(&r, &v), -1);
	ck_assert_int_eq(sid_read(&r, &s, &e), -1);
	ck_assert_str_eq(e.msg, "sid: truncated (0 bytes left, need 8)");
	ck_assert(r.failed);
	ck_assert_uint_eq(r.err_off, 2);
	ck_assert_int_eq(rd_u8(&r, &x), -1);
}
END_TEST

/* sid_is_equal() is sid_cmp() == 0, whatever field differs. */
START_TEST(test_sid_is_equal)
{
	static const char *const t[] = {
		"S-1-5-7", "S-1-5-7-7", "S-1-5-8", "S-1-1-7", "S-1-5",
		"S-1-5-21-1-2-3-1105", "S-1-5-21-1-2-3-1106",
		"S-1-5-21-9-2-3-1105", "S-1-5-21-1-2-3", "S-1-0x1000000005-7",
		"S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15",
		"S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-16",
		"S-1-5-2-2-3-4-5-6-7-8-9-10-11-12-13-14-15",
	};
	struct sid a, b;
	size_t i, j;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_int_eq(sid_parse(t[i], &a, NULL), 0);
		for (j = 0; j < sizeof(t) / sizeof(t[0]); j++) {
			ck_assert_int_eq(sid_parse(t[j], &b, NULL), 0);
			ck_assert_int_eq(sid_is_equal(&a, &b), i == j);
			ck_assert_int_eq(sid_is_equal(&a, &b),
			    sid_cmp(&a, &b) == 0);
		}
		/* Only the revision differs. */
		b = a;
		b.rev = 2;
		ck_assert(!sid_is_equal(&a, &b));
		ck_assert_int_ne(sid_cmp(&a, &b), 0);
	}
}
END_TEST

/* Text forms: accepted spellings and their canonical output. */
static const struct {
	const char	*in;
	const char	*out;	/* NULL: must fail with msg */
	const char	*msg;
} texts[] = {
	{ "S-1-5-7", "S-1-5-7", NULL },
	{ "s-1-5-7", "S-1-5-7", NULL },
	{ "S-1-0x000000000005-7", "S-1-5-7", NULL },
	{ "S-1-0X5-7", "S-1-5-7", NULL },
	{ "S-1-0x0000FFFFFFFF-1", "S-1-4294967295-1", NULL },
	{ "S-1-4294967296-1", "S-1-0x000100000000-1", NULL },
	{ "S-1-281474976710655", "S-1-0xFFFFFFFFFFFF", NULL },
	{ "S-1-5", "S-1-5", NULL },
	{ "an", "S-1-5-7", NULL },
	{ "WD", "S-1-1-0", NULL },
	{ "AU", "S-1-5-11", NULL },
	{ "SY", "S-1-5-18", NULL },
	{ "BA", "S-1-5-32-544", NULL },
	{ "CO", "S-1-3-0", NULL },
	{ "PS", "S-1-5-10", NULL },
	{ "NU", "S-1-5-2", NULL },
	{ "NS", "S-1-5-20", NULL },
	{ "ED", "S-1-5-9", NULL },
	{ "RD", "S-1-5-32-555", NULL },
	{ "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15",
	    "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15", NULL },
	{ "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16", NULL,
	    "sid 'S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16': more than "
	    "15 sub-authorities" },
	{ "S-2-5-7", NULL, "sid 'S-2-5-7': revision is not 1" },
	{ "S-1-5-4294967296", NULL, "sid 'S-1-5-4294967296': bad "
	    "sub-authority" },
	{ "S-1-281474976710656", NULL, "sid 'S-1-281474976710656': bad "
	    "identifier authority" },
	{ "S-1-0x1234567890123", NULL, "sid 'S-1-0x1234567890123': bad hex "
	    "identifier authority" },
	{ "S-1-5-", NULL, "sid 'S-1-5-': bad sub-authority" },
	{ "S-1-5-7x", NULL, "sid 'S-1-5-7x': unexpected 'x'" },
	{ "S-1", NULL, "sid 'S-1': missing identifier authority" },
	{ "", NULL, "sid '': not a SID or known alias" },
	{ "QQ", NULL, "sid 'QQ': not a SID or known alias" },
	{ "DA", NULL, "sid 'DA': alias is relative to a domain; write the "
	    "S-1-5-21-... form" },
};

START_TEST(test_sid_parse)
{
	struct sid s;
	struct err e;
	char txt[SID_STR_MAX];

	if (texts[_i].out == NULL) {
		memset(&s, 0x5a, sizeof(s));
		ck_assert_int_eq(sid_parse(texts[_i].in, &s, &e), -1);
		ck_assert_str_eq(e.msg, texts[_i].msg);
		ck_assert_int_eq(e.kind, ERR_DATA);
		ck_assert_uint_eq(s.rev, 0x5a);	/* untouched on error */
		return;
	}
	ck_assert_int_eq(sid_parse(texts[_i].in, &s, &e), 0);
	(void)sid_fmt(&s, txt, sizeof(txt));
	ck_assert_str_eq(txt, texts[_i].out);
}
END_TEST

START_TEST(test_sid_parse_dom)
{
	struct sid dom, s;
	struct err e;
	char txt[SID_STR_MAX];

	ck_assert_int_eq(sid_parse("S-1-5-21-1-2-3", &dom, &e), 0);
	ck_assert_int_eq(sid_parse_dom("DA", &dom, &s, &e), 0);
	(void)sid_fmt(&s, txt, sizeof(txt));
	ck_assert_str_eq(txt, "S-1-5-21-1-2-3-512");
	ck_assert_int_eq(sid_parse_dom("EA", &dom, &s, &e), 0);
	(void)sid_fmt(&s, txt, sizeof(txt));
	ck_assert_str_eq(txt, "S-1-5-21-1-2-3-519");
	ck_assert_int_eq(sid_parse_dom("AN", &dom, &s, &e), 0);
	ck_assert(sid_is_equal(&s, &SID_ANONYMOUS));
}
END_TEST

START_TEST(test_sid_fmt)
{
	struct sid s;
	char small[6];
	int n;

	s = SID_EXCH_EXTSECURED;
	n = sid_fmt(&s, small, sizeof(small));
	ck_assert_int_eq(n, 52);
	ck_assert_str_eq(small, "S-1-9");
	ck_assert_int_eq(sid_fmt(&s, NULL, 0), 52);
	/* The longest SID fits SID_STR_MAX. */
	memset(&s, 0xff, sizeof(s));
	s.rev = 255;
	s.nsub = 15;
	s.auth = 0xffffffffffffULL;
	n = sid_fmt(&s, NULL, 0);
	ck_assert_int_gt(n, 0);
	ck_assert_int_lt(n, SID_STR_MAX);
}
END_TEST

START_TEST(test_sid_cmp)
{
	ck_assert_int_eq(sid_cmp(&SID_ANONYMOUS, &SID_ANONYMOUS), 0);
	ck_assert_int_lt(sid_cmp(&SID_EVERYONE, &SID_ANONYMOUS), 0);
	ck_assert_int_gt(sid_cmp(&SID_AUTH_USERS, &SID_ANONYMOUS), 0);
	ck_assert_int_lt(sid_cmp(&SID_EXCH_PARTNER, &SID_EXCH_HUB), 0);
	ck_assert_int_lt(sid_cmp(&SID_SYSTEM, &SID_ADMINS), 0);
	ck_assert(!sid_is_equal(&SID_EXCH_EDGE, &SID_EXCH_EXTSECURED));
	ck_assert(sid_is_equal(&SID_EXCH_EDGE, &SID_EXCH_EDGE));
}
END_TEST

Suite	*suite_sid(void);

Suite *
suite_sid(void)
{
	Suite *s = suite_create("sid");
	TCase *tc;

	tc = tcase_create("sid_read");
	tcase_add_loop_test(tc, test_sid_read, 0,
	    sizeof(vecs) / sizeof(vecs[0]));
	tcase_add_loop_test(tc, test_sid_read_bad, 0,
	    sizeof(badbin) / sizeof(badbin[0]));
	tcase_add_test(tc, test_sid_read_failed);
	suite_add_tcase(s, tc);
	tc = tcase_create("sid_decode");
	tcase_add_loop_test(tc, test_sid_decode, 0,
	    sizeof(vecs) / sizeof(vecs[0]));
	tcase_add_loop_test(tc, test_sid_decode_counts, 0,
	    SID_MAX_SUBAUTH + 1);
	tcase_add_loop_test(tc, test_sid_decode_bad, 0,
	    sizeof(badbin) / sizeof(badbin[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("sid_parse");
	tcase_add_loop_test(tc, test_sid_parse_vec, 0,
	    sizeof(vecs) / sizeof(vecs[0]));
	tcase_add_loop_test(tc, test_sid_parse, 0,
	    sizeof(texts) / sizeof(texts[0]));
	tcase_add_test(tc, test_sid_parse_dom);
	suite_add_tcase(s, tc);
	tc = tcase_create("sid_fmt");
	tcase_add_test(tc, test_sid_fmt);
	suite_add_tcase(s, tc);
	tc = tcase_create("sid_cmp");
	tcase_add_test(tc, test_sid_cmp);
	tcase_add_test(tc, test_sid_is_equal);
	suite_add_tcase(s, tc);
	return s;
}
