/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the part of the live reader (src/ad.c) that needs no
 * server: the range option AD puts on large multi-valued attributes
 * ([MS-ADTS] 3.1.1.3.1.3.3).  The rest is tested against slapd in
 * tests/live/.
 */
#include <stdbool.h>
#include <stddef.h>

#include <check.h>

#include "ad.h"

static const struct {
	const char	*desc;
	int		 ret;
	size_t		 name_len;
	unsigned long	 lo, hi;
	bool		 last;
} rows[] = {
	{ "msExchSmtpReceiveRemoteIPRanges;range=0-1499", 1, 31, 0, 1499,
	    false },
	{ "msExchSmtpReceiveRemoteIPRanges;range=1500-*", 1, 31, 1500, 0,
	    true },
	{ "member;binary;Range=3000-4499", 1, 6, 3000, 4499, false },
	{ "member;range=0-*;binary", 1, 6, 0, 0, true },
	{ "member", 0, 6, 0, 0, false },
	{ "member;binary", 0, 6, 0, 0, false },
	{ "member;range=", -1, 6, 0, 0, false },
	{ "member;range=x-1", -1, 6, 0, 0, false },
	{ "member;range=5-4", -1, 6, 0, 0, false },
	{ "member;range=0-1499x", -1, 6, 0, 0, false },
	{ "member;range=0", -1, 6, 0, 0, false },
	{ "member;range=0-*x", -1, 6, 0, 0, false },
};

START_TEST(test_ad_range_parse)
{
	size_t nlen = 0;
	unsigned long lo = 0, hi = 0;
	bool last = false;
	int r;

	r = ad_range_parse(rows[_i].desc, &nlen, &lo, &hi, &last);
	ck_assert_msg(r == rows[_i].ret, "%s: returned %d, expected %d",
	    rows[_i].desc, r, rows[_i].ret);
	ck_assert_uint_eq(nlen, rows[_i].name_len);
	if (r == 1) {
		ck_assert_uint_eq(lo, rows[_i].lo);
		ck_assert_int_eq(last, rows[_i].last);
		if (!last)
			ck_assert_uint_eq(hi, rows[_i].hi);
	}
}
END_TEST

Suite	*suite_ad(void);

Suite *
suite_ad(void)
{
	Suite *s = suite_create("ad");
	TCase *tc;

	tc = tcase_create("ad_range_parse");
	tcase_add_loop_test(tc, test_ad_range_parse, 0,
	    sizeof(rows) / sizeof(rows[0]));
	suite_add_tcase(s, tc);
	return s;
}
