/* SPDX-License-Identifier: ISC */
/* Unit tests for the bounded reader (src/rd.c). */
#include <stdint.h>
#include <string.h>

#include <check.h>

#include "rd.h"

static const uint8_t buf[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
    0x08 };

/* Reads of each width at each offset: value or failure at err_off. */
static const struct {
	int		width;		/* 1, 2, 4, 6 */
	size_t		off;
	int		ok;
	uint64_t	val;
} reads[] = {
	{ 1, 0, 1, 0x01 }, { 1, 7, 1, 0x08 }, { 1, 8, 0, 0 },
	{ 2, 0, 1, 0x0201 }, { 2, 6, 1, 0x0807 }, { 2, 7, 0, 0 },
	{ 4, 0, 1, 0x04030201 }, { 4, 4, 1, 0x08070605 }, { 4, 5, 0, 0 },
	{ 6, 0, 1, 0x010203040506ULL }, { 6, 2, 1, 0x030405060708ULL },
	{ 6, 3, 0, 0 },
};

START_TEST(test_rd_reads)
{
	struct rd r;
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v = 0;
	int rc = -1;

	rd_init(&r, buf, sizeof(buf));
	ck_assert_int_eq(rd_seek(&r, reads[_i].off), 0);
	switch (reads[_i].width) {
	case 1:
		rc = rd_u8(&r, &v8);
		v = v8;
		break;
	case 2:
		rc = rd_u16(&r, &v16);
		v = v16;
		break;
	case 4:
		rc = rd_u32(&r, &v32);
		v = v32;
		break;
	case 6:
		rc = rd_u48be(&r, &v);
		break;
	}
	if (reads[_i].ok) {
		ck_assert_int_eq(rc, 0);
		ck_assert_uint_eq(v, reads[_i].val);
		ck_assert_uint_eq(r.off,
		    reads[_i].off + (size_t)reads[_i].width);
		ck_assert(!r.failed);
	} else {
		ck_assert_int_eq(rc, -1);
		ck_assert_uint_eq(v, 0);
		ck_assert(r.failed);
		ck_assert_uint_eq(r.err_off, reads[_i].off);
		ck_assert_uint_eq(r.off, reads[_i].off);
	}
}
END_TEST

START_TEST(test_rd_sticky)
{
	struct rd r;
	uint32_t v;
	uint8_t b;

	rd_init(&r, buf, sizeof(buf));
	ck_assert_int_eq(rd_skip(&r, 6), 0);
	ck_assert_int_eq(rd_u32(&r, &v), -1);
	ck_assert_uint_eq(r.err_off, 6);
	/* Still failing even though one byte would fit. */
	ck_assert_int_eq(rd_u8(&r, &b), -1);
	ck_assert_uint_eq(b, 0);
	ck_assert_int_eq(rd_seek(&r, 0), -1);
	ck_assert_uint_eq(r.err_off, 6);
	ck_assert_uint_eq(rd_left(&r), 0);
}
END_TEST

START_TEST(test_rd_bytes)
{
	struct rd r;
	uint8_t out[4];

	rd_init(&r, buf, sizeof(buf));
	ck_assert_int_eq(rd_bytes(&r, out, 4), 0);
	ck_assert_mem_eq(out, buf, 4);
	ck_assert_int_eq(rd_bytes(&r, out, 0), 0);
	ck_assert_int_eq(rd_skip(&r, 2), 0);
	memset(out, 0xff, sizeof(out));
	ck_assert_int_eq(rd_bytes(&r, out, 3), -1);
	ck_assert_uint_eq(out[0], 0);
	ck_assert_uint_eq(r.err_off, 6);
}
END_TEST

START_TEST(test_rd_skip_seek)
{
	struct rd r;

	rd_init(&r, buf, sizeof(buf));
	ck_assert_int_eq(rd_skip(&r, 8), 0);
	ck_assert_uint_eq(rd_left(&r), 0);
	ck_assert_int_eq(rd_seek(&r, 8), 0);
	ck_assert_int_eq(rd_seek(&r, 3), 0);
	ck_assert_uint_eq(rd_left(&r), 5);
	ck_assert_int_eq(rd_skip(&r, SIZE_MAX), -1);
	ck_assert_uint_eq(r.err_off, 3);
	rd_init(&r, buf, sizeof(buf));
	ck_assert_int_eq(rd_seek(&r, 9), -1);
}
END_TEST

/* Sub-windows: in range, at the edge, and overflowing sums. */
static const struct {
	size_t	off, n;
	int	ok;
} subs[] = {
	{ 0, 8, 1 }, { 2, 4, 1 }, { 8, 0, 1 }, { 7, 1, 1 },
	{ 7, 2, 0 }, { 9, 0, 0 }, { 1, SIZE_MAX, 0 }, { SIZE_MAX, 2, 0 },
};

START_TEST(test_rd_sub)
{
	struct rd r, s, t;
	uint8_t b;

	rd_init(&r, buf, sizeof(buf));
	if (!subs[_i].ok) {
		ck_assert_int_eq(rd_sub(&r, subs[_i].off, subs[_i].n, &s), -1);
		ck_assert(s.failed);
		ck_assert(!r.failed);
		return;
	}
	ck_assert_int_eq(rd_sub(&r, subs[_i].off, subs[_i].n, &s), 0);
	ck_assert_uint_eq(s.len, subs[_i].n);
	ck_assert_uint_eq(rd_pos(&s), subs[_i].off);
	if (subs[_i].n > 0) {
		ck_assert_int_eq(rd_u8(&s, &b), 0);
		ck_assert_uint_eq(b, buf[subs[_i].off]);
	}
	/* Reading past the window fails at an absolute offset. */
	ck_assert_int_eq(rd_skip(&s, subs[_i].n), -1 * (subs[_i].n == 0 ?
	    0 : 1));
	if (subs[_i].n > 0) {
		ck_assert_uint_eq(s.err_off, subs[_i].off + 1);
	}
	/* A window of a window keeps absolute offsets. */
	if (subs[_i].n >= 2 && rd_sub(&r, subs[_i].off, subs[_i].n, &s) == 0) {
		ck_assert_int_eq(rd_sub(&s, 1, 1, &t), 0);
		ck_assert_uint_eq(rd_pos(&t), subs[_i].off + 1);
		ck_assert_int_eq(rd_skip(&t, 2), -1);
		ck_assert_uint_eq(t.err_off, subs[_i].off + 1);
	}
}
END_TEST

START_TEST(test_rd_fail)
{
	struct rd r;

	rd_init(&r, buf, sizeof(buf));
	(void)rd_skip(&r, 3);
	ck_assert_int_eq(rd_fail(&r), -1);
	ck_assert_uint_eq(r.err_off, 3);
	(void)rd_seek(&r, 5);
	(void)rd_fail(&r);
	ck_assert_uint_eq(r.err_off, 3);
	rd_init(&r, NULL, 10);
	ck_assert_uint_eq(rd_left(&r), 0);
}
END_TEST

Suite	*suite_rd(void);

Suite *
suite_rd(void)
{
	Suite *s = suite_create("rd");
	TCase *tc;

	tc = tcase_create("rd_read");
	tcase_add_loop_test(tc, test_rd_reads, 0,
	    sizeof(reads) / sizeof(reads[0]));
	tcase_add_test(tc, test_rd_sticky);
	suite_add_tcase(s, tc);
	tc = tcase_create("rd_bytes");
	tcase_add_test(tc, test_rd_bytes);
	suite_add_tcase(s, tc);
	tc = tcase_create("rd_skip_seek");
	tcase_add_test(tc, test_rd_skip_seek);
	suite_add_tcase(s, tc);
	tc = tcase_create("rd_sub");
	tcase_add_loop_test(tc, test_rd_sub, 0,
	    sizeof(subs) / sizeof(subs[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("rd_fail");
	tcase_add_test(tc, test_rd_fail);
	suite_add_tcase(s, tc);
	return s;
}
