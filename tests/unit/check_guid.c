/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for GUIDs (src/guid.c): every row of exchange-facts 4,
 * string form <-> the bytes in an ACE <-> name <-> Permission bit.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "err.h"
#include "guid.h"
#include "testutil.h"

/* Copied from exchange-facts 4, not from src/guid.c. */
static const struct {
	const char	*name;
	const char	*str;
	const char	*hex;
	uint32_t	 bit;
} rows[] = {
	{ "ms-Exch-SMTP-Submit", "a18293f1-0685-4540-aa63-e32df421b3a2",
	    "f1 93 82 a1 85 06 40 45 aa 63 e3 2d f4 21 b3 a2", 0x1 },
	{ "ms-Exch-SMTP-Submit-For-MLS", "8fc01282-006d-42b1-81e3-c0b46bed3754",
	    "82 12 c0 8f 6d 00 b1 42 81 e3 c0 b4 6b ed 37 54", 0x2 },
	{ "ms-Exch-SMTP-Accept-Any-Recipient",
	    "5c82f031-4e4c-4326-88e1-8c4f0cad9de5",
	    "31 f0 82 5c 4c 4e 26 43 88 e1 8c 4f 0c ad 9d e5", 0x4 },
	{ "ms-Exch-SMTP-Accept-Authentication-Flag",
	    "1c75aca8-b56b-48b3-a021-858a29fa877b",
	    "a8 ac 75 1c 6b b5 b3 48 a0 21 85 8a 29 fa 87 7b", 0x8 },
	{ "ms-Exch-SMTP-Accept-Any-Sender",
	    "b857b50b-94a2-4b53-93f6-41cebd2fced0",
	    "0b b5 57 b8 a2 94 53 4b 93 f6 41 ce bd 2f ce d0", 0x10 },
	{ "ms-Exch-SMTP-Accept-Authoritative-Domain-Sender",
	    "c22841f4-96cb-498a-ac02-f9a87c74eb14",
	    "f4 41 28 c2 cb 96 8a 49 ac 02 f9 a8 7c 74 eb 14", 0x20 },
	{ "ms-Exch-Bypass-Anti-Spam", "d19299b4-86c2-4c9a-8fa7-acb70c63023a",
	    "b4 99 92 d1 c2 86 9a 4c 8f a7 ac b7 0c 63 02 3a", 0x40 },
	{ "ms-Exch-Bypass-Message-Size-Limit",
	    "6760cfc5-70f4-4ae8-bc39-9522d86ac69b",
	    "c5 cf 60 67 f4 70 e8 4a bc 39 95 22 d8 6a c6 9b", 0x80 },
	{ "ms-Exch-SMTP-Send-Exch50", "11716db4-9647-4bce-8922-1f99e526cb41",
	    "b4 6d 71 11 47 96 ce 4b 89 22 1f 99 e5 26 cb 41", 0x100 },
	{ "ms-Exch-SMTP-Accept-Exch50", "e373fb21-d851-4d15-af23-982f09f2400b",
	    "21 fb 73 e3 51 d8 15 4d af 23 98 2f 09 f2 40 0b", 0x200 },
	{ "ms-Exch-Accept-Headers-Routing",
	    "04031f4f-7c36-43ea-9b49-4bd0f5f1e6af",
	    "4f 1f 03 04 36 7c ea 43 9b 49 4b d0 f5 f1 e6 af", 0x400 },
	{ "ms-Exch-Accept-Headers-Forest",
	    "a7a9ea66-e08c-4e23-8fe7-68c40e49c6c0",
	    "66 ea a9 a7 8c e0 23 4e 8f e7 68 c4 0e 49 c6 c0", 0x800 },
	{ "ms-Exch-Accept-Headers-Organization",
	    "c307dccd-6676-4d19-95c8-d1567fab9820",
	    "cd dc 07 c3 76 66 19 4d 95 c8 d1 56 7f ab 98 20", 0x1000 },
	{ "ms-Exch-Send-Headers-Routing",
	    "eb8c07ad-b5ad-49c3-831e-bc439cca4c2a",
	    "ad 07 8c eb ad b5 c3 49 83 1e bc 43 9c ca 4c 2a", 0x2000 },
	{ "ms-Exch-Send-Headers-Forest", "b3f9f977-552c-4ee6-9781-59280a81417b",
	    "77 f9 f9 b3 2c 55 e6 4e 97 81 59 28 0a 81 41 7b", 0x4000 },
	{ "ms-Exch-Send-Headers-Organization",
	    "2f7d0e23-f951-4ed0-8e71-39b6a22fa298",
	    "23 0e 7d 2f 51 f9 d0 4e 8e 71 39 b6 a2 2f a2 98", 0x8000 },
	{ "Send-As", "ab721a54-1e2f-11d0-9819-00aa0040529b",
	    "54 1a 72 ab 2f 1e d0 11 98 19 00 aa 00 40 52 9b", 0x10000 },
	{ "ms-Exch-SMTP-Send-XShadow", "5bc2acab-ad7d-4878-b6cd-3122a47c6a1c",
	    "ab ac c2 5b 7d ad 78 48 b6 cd 31 22 a4 7c 6a 1c", 0x20000 },
	{ "ms-Exch-SMTP-Accept-XShadow", "811d004b-e2ed-4024-8953-0f0fb0612e47",
	    "4b 00 1d 81 ed e2 24 40 89 53 0f 0f b0 61 2e 47", 0x40000 },
	{ "ms-Exch-SMTP-Accept-XProxyFrom",
	    "5bee2b72-50d7-49c7-ba66-39a25daa1e92",
	    "72 2b ee 5b d7 50 c7 49 ba 66 39 a2 5d aa 1e 92", 0x80000 },
	{ "ms-Exch-SMTP-Accept-XSessionParams",
	    "c08e6405-fccb-4c21-9985-2e865bcf15d5",
	    "05 64 8e c0 cb fc 21 4c 99 85 2e 86 5b cf 15 d5", 0x100000 },
	{ "ms-Exch-SMTP-Accept-XMessageContext-ADRecipientCache",
	    "b938d9df-1f37-41d3-8cdc-f4148f20076d",
	    "df d9 38 b9 37 1f d3 41 8c dc f4 14 8f 20 07 6d", 0x200000 },
	{ "ms-Exch-SMTP-Accept-XMessageContext-ExtendedProperties",
	    "e1f584b5-11c8-451b-91e8-045c75973912",
	    "b5 84 f5 e1 c8 11 1b 45 91 e8 04 5c 75 97 39 12", 0x400000 },
	{ "ms-Exch-SMTP-Accept-XMessageContext-FastIndex",
	    "5669b1b6-dca0-429b-8fdb-fc5b07c0f73f",
	    "b6 b1 69 56 a0 dc 9b 42 8f db fc 5b 07 c0 f7 3f", 0x800000 },
	{ "ms-Exch-SMTP-Accept-XAttr", "c62e96a4-6f25-497b-8d41-70cbd25eaa99",
	    "a4 96 2e c6 25 6f 7b 49 8d 41 70 cb d2 5e aa 99", 0x1000000 },
	{ "ms-Exch-SMTP-Accept-XSysProbe",
	    "5db60ab1-1ad4-4863-b9be-fbc5b00691a3",
	    "b1 0a b6 5d d4 1a 63 48 b9 be fb c5 b0 06 91 a3", 0x2000000 },
};
#define NROWS	(sizeof(rows) / sizeof(rows[0]))

START_TEST(test_guid_parse_row)
{
	struct guid g;
	struct err e;
	uint8_t b[16];
	char txt[GUID_STR_LEN + 1], up[GUID_STR_LEN + 3];
	size_t i;

	ck_assert_uint_eq(tu_hex(rows[_i].hex, b, sizeof(b)), 16);
	ck_assert_int_eq(guid_parse(rows[_i].str, &g, &e), 0);
	ck_assert_mem_eq(g.b, b, 16);
	/* Braces and upper case give the same bytes. */
	up[0] = '{';
	for (i = 0; i < GUID_STR_LEN; i++)
		up[i + 1] = (char)(rows[_i].str[i] >= 'a' &&
		    rows[_i].str[i] <= 'f' ? rows[_i].str[i] - 32 :
		    rows[_i].str[i]);
	up[GUID_STR_LEN + 1] = '}';
	up[GUID_STR_LEN + 2] = '\0';
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(guid_parse(up, &g, &e), 0);
	ck_assert_mem_eq(g.b, b, 16);
	ck_assert_int_eq(guid_fmt(&g, txt, sizeof(txt)), GUID_STR_LEN);
	ck_assert_str_eq(txt, rows[_i].str);
}
END_TEST

START_TEST(test_guid_right_row)
{
	struct guid g, h;
	uint8_t b[16];

	(void)tu_hex(rows[_i].hex, b, sizeof(b));
	memcpy(g.b, b, 16);
	ck_assert_str_eq(guid_right_name(&g), rows[_i].name);
	ck_assert_uint_eq(guid_right_bit(&g), rows[_i].bit);
	ck_assert_int_eq(guid_right_lookup(rows[_i].name, &h), 0);
	ck_assert(guid_is_equal(&g, &h));
}
END_TEST

START_TEST(test_guid_table)
{
	const struct guid_right *t;
	struct guid g;
	size_t n, i;
	uint8_t b[16];

	t = guid_rights(&n);
	ck_assert_uint_eq(n, NROWS);
	for (i = 0; i < n; i++) {
		(void)tu_hex(rows[i].hex, b, sizeof(b));
		ck_assert_mem_eq(t[i].guid.b, b, 16);
		ck_assert_str_eq(t[i].name, rows[i].name);
	}
	(void)tu_hex(rows[2].hex, b, sizeof(b));
	ck_assert_mem_eq(GUID_ACCEPT_ANY_RECIPIENT.b, b, 16);
	ck_assert_int_eq(guid_right_lookup("MS-EXCH-SMTP-ACCEPT-ANY-RECIPIENT",
	    &g), 0);
	ck_assert(guid_is_equal(&g, &GUID_ACCEPT_ANY_RECIPIENT));
	ck_assert_int_eq(guid_right_lookup("Create-Public-Folder", &g), -1);
	/* A GUID that is not an Exchange right. */
	ck_assert_int_eq(guid_parse("cf0b3dc8-afe6-11d2-aa04-00c04f8eedd8", &g,
	    NULL), 0);
	ck_assert_ptr_null(guid_right_name(&g));
	ck_assert_uint_eq(guid_right_bit(&g), 0);
}
END_TEST

static const char *const bad[] = {
	"", "5c82f031-4e4c-4326-88e1-8c4f0cad9de", "5c82f031-4e4c-4326-88e1-"
	"8c4f0cad9de5a", "5c82f031x4e4c-4326-88e1-8c4f0cad9de5",
	"5c82f031-4e4c-4326-88e1-8c4f0cad9dg5", "{5c82f031-4e4c-4326-88e1-"
	"8c4f0cad9de5", "5c82f031-4e4c-4326-88e1-8c4f0cad9de5}",
	"(5c82f031-4e4c-4326-88e1-8c4f0cad9de5)",
	"5c82f0314e4c432688e18c4f0cad9de5",
};

START_TEST(test_guid_parse_bad)
{
	struct guid g;
	struct err e;
	char want[128];

	memset(&g, 0x5a, sizeof(g));
	ck_assert_int_eq(guid_parse(bad[_i], &g, &e), -1);
	(void)snprintf(want, sizeof(want), "guid '%s': not a GUID", bad[_i]);
	ck_assert_str_eq(e.msg, want);
	ck_assert_uint_eq(g.b[0], 0x5a);
}
END_TEST

START_TEST(test_guid_fmt)
{
	char small[9];

	ck_assert_int_eq(guid_fmt(&GUID_ACCEPT_ANY_RECIPIENT, small,
	    sizeof(small)), GUID_STR_LEN);
	ck_assert_str_eq(small, "5c82f031");
}
END_TEST

Suite	*suite_guid(void);

Suite *
suite_guid(void)
{
	Suite *s = suite_create("guid");
	TCase *tc;

	tc = tcase_create("guid_parse");
	tcase_add_loop_test(tc, test_guid_parse_row, 0, NROWS);
	tcase_add_loop_test(tc, test_guid_parse_bad, 0,
	    sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("guid_fmt");
	tcase_add_test(tc, test_guid_fmt);
	suite_add_tcase(s, tc);
	tc = tcase_create("guid_right");
	tcase_add_loop_test(tc, test_guid_right_row, 0, NROWS);
	tcase_add_test(tc, test_guid_table);
	suite_add_tcase(s, tc);
	return s;
}
