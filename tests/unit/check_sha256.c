/* SPDX-License-Identifier: ISC */
/* Unit tests for SHA-256 (src/sha256.c): the FIPS 180-4 vectors. */
#include <string.h>

#include <check.h>

#include "sha256.h"

static const struct {
	const char	*in;
	size_t		 repeat;
	const char	*hex;
} vec[] = {
	{ "", 1,
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", 1,
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "a", 1000000,
	  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
	/* 55, 56 and 64 bytes: the padding boundaries */
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1,
	  "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1,
	  "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1,
	  "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
};

START_TEST(test_vectors)
{
	struct sha256 s;
	char hex[65];
	size_t i;

	sha256_init(&s);
	for (i = 0; i < vec[_i].repeat; i++)
		sha256_update(&s, vec[_i].in, strlen(vec[_i].in));
	sha256_hex(&s, hex);
	ck_assert_str_eq(hex, vec[_i].hex);
}
END_TEST

START_TEST(test_file)
{
	char hex[65];
	struct err e;

	ck_assert_int_eq(sha256_file("/nonexistent", hex, &e), -1);
	ck_assert_str_eq(e.msg, "/nonexistent: No such file or directory");
}
END_TEST

Suite *
suite_sha256(void)
{
	Suite *s = suite_create("sha256");
	TCase *tc = tcase_create("sha256");

	tcase_add_loop_test(tc, test_vectors, 0, sizeof(vec) / sizeof(vec[0]));
	tcase_add_test(tc, test_file);
	suite_add_tcase(s, tc);
	return s;
}
