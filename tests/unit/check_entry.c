/* SPDX-License-Identifier: ISC */
/* Unit tests for entry.c: one TCase per function. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "entry.h"

Suite	*suite_entry(void);

/* An entry with the attributes the lookups below are tested against. */
static struct entry *
sample(void)
{
	struct entry *e;

	e = entry_new("CN=Default EX01,CN=Protocols,DC=example,DC=com", 7);
	entry_add(e, "objectClass", "top", 3);
	entry_add(e, "objectClass", "msExchSmtpReceiveConnector", 26);
	entry_add(e, "cn", "Default EX01", 12);
	entry_add(e, "msExchSmtpReceiveRemoteIPRanges;range=0-1499",
	    "10.0.0.0/8", 10);
	entry_add(e, "msExchSmtpReceiveRemoteIPRanges;range=1500-*",
	    "192.168.0.0/16", 14);
	entry_add(e, "description", "", 0);
	entry_add(e, "OBJECTCLASS", "Mailbox", 7);
	return e;
}

START_TEST(test_new)
{
	struct entry *e;

	e = entry_new("cn=x,dc=example", 42);
	ck_assert_str_eq(e->dn, "cn=x,dc=example");
	ck_assert_uint_eq(e->line, 42);
	ck_assert_uint_eq(e->nattrs, 0);
	ck_assert_ptr_null(e->attrs);
	entry_free(e);

	e = entry_new("", 0);
	ck_assert_str_eq(e->dn, "");
	entry_free(e);
}
END_TEST

START_TEST(test_free)
{
	entry_free(NULL);
	entry_free(sample());
}
END_TEST

START_TEST(test_add)
{
	struct entry *e;
	unsigned char bin[256];
	char name[32];
	size_t i;

	e = sample();
	/* objectClass and OBJECTCLASS gathered in order, first spelling. */
	ck_assert_uint_eq(e->nattrs, 5);
	ck_assert_str_eq(e->attrs[0].name, "objectClass");
	ck_assert_ptr_null(e->attrs[0].options);
	ck_assert_uint_eq(e->attrs[0].nvals, 3);
	ck_assert_str_eq(e->attrs[0].vals[0].val, "top");
	ck_assert_str_eq(e->attrs[0].vals[1].val,
	    "msExchSmtpReceiveConnector");
	ck_assert_str_eq(e->attrs[0].vals[2].val, "Mailbox");
	/* Options split off; different options, different attributes. */
	ck_assert_str_eq(e->attrs[2].name, "msExchSmtpReceiveRemoteIPRanges");
	ck_assert_uint_eq(e->attrs[2].namelen, 31);
	ck_assert_uint_eq(e->attrs[0].namelen, 11);
	ck_assert_str_eq(e->attrs[2].options, "range=0-1499");
	ck_assert_str_eq(e->attrs[3].options, "range=1500-*");
	/* Empty value: length 0, NUL-terminated. */
	ck_assert_uint_eq(e->attrs[4].vals[0].len, 0);
	ck_assert_str_eq(e->attrs[4].vals[0].val, "");
	entry_free(e);

	/* Binary values are copied whole and NUL-terminated after len. */
	for (i = 0; i < sizeof(bin); i++)
		bin[i] = (unsigned char)i;
	e = entry_new("cn=bin", 1);
	entry_add(e, "nTSecurityDescriptor", bin, sizeof(bin));
	bin[0] = 0xff;
	ck_assert_uint_eq(e->attrs[0].vals[0].len, 256);
	ck_assert_int_eq(e->attrs[0].vals[0].val[0], 0);
	ck_assert_int_eq(memcmp(e->attrs[0].vals[0].val + 1, bin + 1, 255), 0);
	ck_assert_int_eq(e->attrs[0].vals[0].val[256], '\0');

	/* Many attributes and values: order is kept while arrays grow. */
	for (i = 0; i < 100; i++) {
		(void)snprintf(name, sizeof(name), "a%zu", i % 10);
		entry_add(e, name, name, strlen(name));
	}
	ck_assert_uint_eq(e->nattrs, 11);
	for (i = 1; i < 11; i++) {
		ck_assert_uint_eq(e->attrs[i].nvals, 10);
		ck_assert_str_eq(e->attrs[i].vals[9].val, e->attrs[i].name);
	}
	entry_free(e);
}
END_TEST

START_TEST(test_add_at)
{
	struct entry *e;
	char val[32], *big;
	size_t i, at, cn;

	e = entry_new("cn=at", 0);
	cn = entry_attr_index(e, "cn");
	ck_assert_uint_eq(cn, 0);
	ck_assert_uint_eq(e->attrs[0].nvals, 0);
	/* The same description in any case is the same attribute. */
	ck_assert_uint_eq(entry_attr_index(e, "CN"), cn);
	at = entry_attr_index(e, "ranges;Range=0-*");
	ck_assert_uint_eq(at, 1);
	ck_assert_uint_eq(entry_attr_index(e, "RANGES;range=0-*"), at);
	ck_assert_uint_eq(entry_attr_index(e, "ranges"), 2);
	ck_assert_str_eq(e->attrs[1].options, "Range=0-*");
	ck_assert_uint_eq(e->nattrs, 3);

	/*
	 * Thousands of values, odd lengths and values bigger than a pool
	 * block among them: order and bytes kept, arrays stay aligned.
	 */
	big = malloc(20000);
	ck_assert_ptr_nonnull(big);
	memset(big, 'b', 20000);
	for (i = 0; i < 3000; i++) {
		if (i % 500 == 7) {
			entry_add_at(e, at, big, 20000);
			continue;
		}
		(void)snprintf(val, sizeof(val), "v%zu", i);
		entry_add_at(e, at, val, strlen(val));
		entry_add_at(e, cn, "x", i % 2);
	}
	ck_assert_uint_eq(e->attrs[at].nvals, 3000);
	ck_assert_uint_eq((uintptr_t)e->attrs[at].vals % sizeof(void *), 0);
	ck_assert_uint_eq((uintptr_t)e->attrs % sizeof(void *), 0);
	for (i = 0; i < 3000; i++) {
		if (i % 500 == 7) {
			ck_assert_uint_eq(e->attrs[at].vals[i].len, 20000);
			ck_assert_int_eq(memcmp(e->attrs[at].vals[i].val, big,
			    20000), 0);
			ck_assert_int_eq(e->attrs[at].vals[i].val[20000], '\0');
			continue;
		}
		(void)snprintf(val, sizeof(val), "v%zu", i);
		ck_assert_str_eq(e->attrs[at].vals[i].val, val);
	}
	ck_assert_uint_eq(e->attrs[cn].nvals, 3000 - 6);
	ck_assert_str_eq(e->attrs[cn].vals[1].val, "x");
	ck_assert_str_eq(e->attrs[cn].vals[0].val, "");
	free(big);
	entry_free(e);
}
END_TEST

START_TEST(test_renew)
{
	struct entry *e, *r;
	char *big;
	int i;

	e = entry_renew(NULL, "cn=first", 3);
	ck_assert_str_eq(e->dn, "cn=first");
	ck_assert_uint_eq(e->line, 3);
	ck_assert_uint_eq(e->nattrs, 0);
	big = calloc(1, 50000);
	ck_assert_ptr_nonnull(big);
	/* Reused again and again, with and without values bigger than a block. */
	for (i = 0; i < 50; i++) {
		entry_add(e, "cn", "first", 5);
		entry_add(e, "objectClass", "top", 3);
		if (i % 3 == 0)
			entry_add(e, "nTSecurityDescriptor", big, 50000);
		r = entry_renew(e, i % 2 ? "cn=odd" : "cn=even", (unsigned)i);
		ck_assert_ptr_eq(r, e);
		ck_assert_str_eq(e->dn, i % 2 ? "cn=odd" : "cn=even");
		ck_assert_uint_eq(e->line, (unsigned)i);
		ck_assert_uint_eq(e->nattrs, 0);
		ck_assert_ptr_null(e->attrs);
		ck_assert_ptr_null(entry_get(e, "cn"));
		ck_assert(!entry_has_class(e, "top"));
	}
	entry_add(e, "cn", "last", 4);
	ck_assert_str_eq(entry_get1(e, "cn")->val, "last");
	ck_assert_str_eq(e->dn, "cn=odd");
	free(big);
	entry_free(e);
}
END_TEST

static const struct {
	const char	*query;
	const char	*name;		/* NULL: not found */
	const char	*options;
	const char	*first;
} get_cases[] = {
	{ "objectClass", "objectClass", NULL, "top" },
	{ "objectclass", "objectClass", NULL, "top" },
	{ "CN", "cn", NULL, "Default EX01" },
	{ "msexchsmtpreceiveremoteipranges",
	    "msExchSmtpReceiveRemoteIPRanges", "range=0-1499", "10.0.0.0/8" },
	{ "msExchSmtpReceiveRemoteIPRanges;RANGE=1500-*",
	    "msExchSmtpReceiveRemoteIPRanges", "range=1500-*",
	    "192.168.0.0/16" },
	{ "msExchSmtpReceiveRemoteIPRanges;", NULL, NULL, NULL },
	{ "cn;", "cn", NULL, "Default EX01" },
	{ "cn;binary", NULL, NULL, NULL },
	{ "description", "description", NULL, "" },
	{ "c", NULL, NULL, NULL },
	{ "cnn", NULL, NULL, NULL },
	{ "", NULL, NULL, NULL },
	{ "nTSecurityDescriptor", NULL, NULL, NULL },
};

START_TEST(test_get)
{
	struct entry *e = sample();
	const struct entry_attr *a;

	a = entry_get(e, get_cases[_i].query);
	if (get_cases[_i].name == NULL) {
		ck_assert_ptr_null(a);
	} else {
		ck_assert_ptr_nonnull(a);
		ck_assert_str_eq(a->name, get_cases[_i].name);
		if (get_cases[_i].options == NULL)
			ck_assert_ptr_null(a->options);
		else
			ck_assert_str_eq(a->options, get_cases[_i].options);
	}
	entry_free(e);
}
END_TEST

START_TEST(test_get1)
{
	struct entry *e = sample();
	const struct entry_val *v;

	v = entry_get1(e, get_cases[_i].query);
	if (get_cases[_i].first == NULL) {
		ck_assert_ptr_null(v);
	} else {
		ck_assert_ptr_nonnull(v);
		ck_assert_str_eq(v->val, get_cases[_i].first);
		ck_assert_uint_eq(v->len, strlen(get_cases[_i].first));
	}
	entry_free(e);
}
END_TEST

static const struct {
	const char	*cls;
	bool		 has;
} class_cases[] = {
	{ "top", true },
	{ "msExchSmtpReceiveConnector", true },
	{ "msexchsmtpreceiveconnector", true },
	{ "MAILBOX", true },
	{ "msExchSmtpReceive", false },
	{ "msExchSmtpReceiveConnectorX", false },
	{ "", false },
	{ "person", false },
};

START_TEST(test_has_class)
{
	struct entry *e = sample();

	ck_assert_int_eq(entry_has_class(e, class_cases[_i].cls),
	    class_cases[_i].has);
	entry_free(e);
}
END_TEST

START_TEST(test_has_class_nul)
{
	struct entry *e = entry_new("cn=x", 1);

	/* "top\0x" is not "top"; no objectClass at all is no class. */
	ck_assert(!entry_has_class(e, "top"));
	entry_add(e, "objectClass", "top\0x", 5);
	ck_assert(!entry_has_class(e, "top"));
	entry_free(e);
}
END_TEST

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

Suite *
suite_entry(void)
{
	Suite *s = suite_create("entry");
	TCase *tc;

	tc = tcase_create("entry_new");
	tcase_add_test(tc, test_new);
	suite_add_tcase(s, tc);
	tc = tcase_create("entry_free");
	tcase_add_test(tc, test_free);
	suite_add_tcase(s, tc);
	tc = tcase_create("entry_renew");
	tcase_add_test(tc, test_renew);
	suite_add_tcase(s, tc);
	tc = tcase_create("entry_add");
	tcase_add_test(tc, test_add);
	tcase_add_test(tc, test_add_at);
	suite_add_tcase(s, tc);
	tc = tcase_create("entry_get");
	tcase_add_loop_test(tc, test_get, 0, NELEM(get_cases));
	suite_add_tcase(s, tc);
	tc = tcase_create("entry_get1");
	tcase_add_loop_test(tc, test_get1, 0, NELEM(get_cases));
	suite_add_tcase(s, tc);
	tc = tcase_create("entry_has_class");
	tcase_add_loop_test(tc, test_has_class, 0, NELEM(class_cases));
	tcase_add_test(tc, test_has_class_nul);
	suite_add_tcase(s, tc);
	return s;
}
