/* SPDX-License-Identifier: ISC */
/* Unit tests for utf8.c: one TCase per function. */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "utf8.h"

Suite	*suite_utf8(void);

#define FFFD	"\xef\xbf\xbd"

/* Input and expected output, both as literals (NUL bytes inside). */
#define C(in, out)	{ in, sizeof(in) - 1, out, sizeof(out) - 1 }

static const struct {
	const char	*in;
	size_t		 len;
	const char	*out;
	size_t		 outlen;
} clean_cases[] = {
	C("", ""),
	C("plain", "plain"),
	/* NUL and control bytes pass through; only the length ends. */
	C("a\0b\x01\x1f\x7f", "a\0b\x01\x1f\x7f"),
	/* Valid sequences of 2, 3 and 4 bytes stay. */
	C("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
	/* Each byte of an invalid sequence is one U+FFFD. */
	C("\xff", FFFD),
	C("\xc0\xaf", FFFD FFFD),			/* overlong */
	C("\xe0\x80\xaf", FFFD FFFD FFFD),		/* overlong */
	C("\xed\xa0\x80", FFFD FFFD FFFD),		/* surrogate */
	C("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD),	/* > U+10FFFF */
	C("\xf5", FFFD),
	C("\xc3", FFFD),				/* cut short */
	C("\xe2\x82", FFFD FFFD),
	C("ab\xc3(", "ab" FFFD "("),
	/* Past the first eight ASCII bytes. */
	C("12345678\xc3\xa9\xff" "90", "12345678\xc3\xa9" FFFD "90"),
};

START_TEST(test_clean_into)
{
	char out[64];
	size_t n;

	n = utf8_clean_into(out, clean_cases[_i].in, clean_cases[_i].len);
	ck_assert_uint_eq(n, clean_cases[_i].outlen);
	ck_assert_int_eq(memcmp(out, clean_cases[_i].out, n), 0);
	ck_assert_int_eq(out[n], '\0');
}
END_TEST

/*
 * ASCII goes eight bytes at a time: a bad byte at every position of
 * strings of every length around that stride is still found, and
 * everything around it copied.
 */
START_TEST(test_clean_into_stride)
{
	char in[40], out[40 * 3 + 1], want[40 * 3 + 1];
	size_t len, bad, n, i, w;

	for (len = 1; len <= sizeof(in); len++) {
		for (bad = 0; bad <= len; bad++) {
			for (i = 0; i < len; i++)
				in[i] = (char)('A' + i % 26);
			if (bad < len)
				in[bad] = (char)0xfe;
			for (i = 0, w = 0; i < len; i++) {
				if (i == bad) {
					memcpy(want + w, FFFD, 3);
					w += 3;
				} else
					want[w++] = in[i];
			}
			n = utf8_clean_into(out, in, len);
			ck_assert_uint_eq(n, w);
			ck_assert_int_eq(memcmp(out, want, w), 0);
			ck_assert_int_eq(out[n], '\0');
		}
	}
}
END_TEST

START_TEST(test_dup)
{
	char *s;

	s = utf8_dup("Relay \xff" "EX01");
	ck_assert_str_eq(s, "Relay " FFFD "EX01");
	free(s);
	s = utf8_ndup("abc\xc3\xa9zzz", 5);
	ck_assert_str_eq(s, "abc\xc3\xa9");
	free(s);
	s = utf8_ndup("abc\xc3\xa9zzz", 4);	/* cut in the sequence */
	ck_assert_str_eq(s, "abc" FFFD);
	free(s);
}
END_TEST

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

Suite *
suite_utf8(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc;

	tc = tcase_create("utf8_clean_into");
	tcase_add_loop_test(tc, test_clean_into, 0, NELEM(clean_cases));
	tcase_add_test(tc, test_clean_into_stride);
	suite_add_tcase(s, tc);
	tc = tcase_create("utf8_dup");
	tcase_add_test(tc, test_dup);
	suite_add_tcase(s, tc);
	return s;
}
