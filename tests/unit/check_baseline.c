/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for src/baseline.c: one TCase per function.  Reports that
 * are not rcaudit audit reports, each with its exact message; a good
 * report read field by field; and a table of (baseline finding, finding
 * of this run) pairs with the mark each must get: unchanged, changed
 * (same rule and connector, by objectGUID else DN) or new, and whether
 * the baseline finding is then resolved.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "baseline.h"
#include "err.h"
#include "rules.h"
#include "testutil.h"
#include "xmalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define G1		"7b2e0001-5a1c-4c3d-8e2f-000000000001"
#define G2		"7b2e0002-5a1c-4c3d-8e2f-000000000002"
#define DN1		"CN=Printers,CN=EX01"
#define DN2		"CN=Printers 2,CN=EX01"
#define FP_A		"RCA-003:00000000000000aa"
#define FP_B		"RCA-003:00000000000000bb"
#define NOT		"old.json: not an rcaudit audit report: "

Suite	*suite_baseline(void);

/* ------------------------------------------------------------ parse */

/* A message ending in '*' is a prefix: jansson words the rest. */
static const struct {
	const char	*json;
	const char	*msg;
} bads[] = {
	{ "", "old.json:1:0: not JSON: *" },
	{ "{\"findings\": [", "old.json:1:14: not JSON: *" },
	{ "{\"findings\": [], \"findings\": [], \"summary\": {}}",
	    "old.json:1:27: not JSON: duplicate object key*" },
	{ "[]", NOT "the top level is not an object" },
	{ "{\"connectors\": []}", NOT "no \"findings\" array (a report of "
	    "'rcaudit audit --format json' is needed)" },
	{ "{\"findings\": {}, \"summary\": {}}", NOT "no \"findings\" array "
	    "(a report of 'rcaudit audit --format json' is needed)" },
	{ "{\"findings\": []}", NOT "no \"summary\" object" },
	{ "{\"findings\": [1], \"summary\": {}}",
	    NOT "findings[0] is not an object" },
	{ "{\"findings\": [{\"identity\": \"x\", \"dn\": \"y\", "
	    "\"fingerprint\": \"" FP_A "\"}], \"summary\": {}}",
	    NOT "findings[0] has no string \"rule\"" },
	{ "{\"findings\": [{\"rule\": \"RCA-003\", \"identity\": 3, "
	    "\"dn\": \"y\", \"fingerprint\": \"" FP_A "\"}], "
	    "\"summary\": {}}",
	    NOT "findings[0] has no string \"identity\"" },
	{ "{\"findings\": [{\"rule\": \"RCA-003\", \"identity\": \"x\", "
	    "\"dn\": \"y\"}], \"summary\": {}}",
	    NOT "findings[0] has no string \"fingerprint\"" },
	{ "{\"findings\": [{\"rule\": \"RCA-003\", \"identity\": \"x\", "
	    "\"dn\": \"y\", \"fingerprint\": \"" FP_A "\", "
	    "\"object_guid\": 7}], \"summary\": {}}",
	    NOT "findings[0] has no string \"object_guid\"" },
	{ "{\"findings\": [{\"rule\": \"RCA-003\", \"identity\": \"x\", "
	    "\"dn\": \"y\", \"fingerprint\": \"RCA-003:xyz\"}], "
	    "\"summary\": {}}",
	    NOT "findings[0]: fingerprint 'RCA-003:xyz' is not "
	    "RULE:<16 hex digits>" },
};

START_TEST(test_parse_bad)
{
	struct baseline b;
	struct err e;
	size_t n;

	err_clear(&e);
	ck_assert_int_eq(baseline_parse(&b, bads[_i].json,
	    strlen(bads[_i].json), "old.json", &e), -1);
	ck_assert_int_eq(e.kind, ERR_CONFIG);
	n = strlen(bads[_i].msg);
	if (bads[_i].msg[n - 1] == '*')
		ck_assert_msg(strncmp(e.msg, bads[_i].msg, n - 1) == 0,
		    "'%s' does not start with '%.*s'", e.msg, (int)n - 1,
		    bads[_i].msg);
	else
		ck_assert_str_eq(e.msg, bads[_i].msg);
	ck_assert_uint_eq(b.n, 0);
	ck_assert_ptr_null(b.f);
}
END_TEST

START_TEST(test_parse_good)
{
	static const char json[] =
	    "{\"connectors\": [], \"findings\": ["
	    "{\"rule\": \"RCA-003\", \"title\": \"t\","
	    " \"severity\": \"medium\","
	    " \"identity\": \"EX01\\\\Printers\", \"dn\": \"" DN1 "\","
	    " \"object_guid\": \"" G1 "\", \"fingerprint\": \"" FP_A "\"},"
	    "{\"rule\": \"RCA-004\", \"identity\": \"EX01\\\\Copier\","
	    " \"dn\": \"CN=Copier\", \"object_guid\": null,"
	    " \"fingerprint\": \"RCA-004:0123456789abcdef\"}],"
	    " \"summary\": {\"connectors\": 2}}";
	struct baseline b;
	struct err e;

	err_clear(&e);
	ck_assert_msg(baseline_parse(&b, json, strlen(json), "old.json",
	    &e) == 0, "%s", e.msg);
	ck_assert_str_eq(b.file, "old.json");
	ck_assert_uint_eq(b.n, 2);
	ck_assert_str_eq(b.f[0].rule, "RCA-003");
	ck_assert_str_eq(b.f[0].title, "t");
	ck_assert_str_eq(b.f[0].severity, "medium");
	ck_assert_str_eq(b.f[0].identity, "EX01\\Printers");
	ck_assert_str_eq(b.f[0].dn, DN1);
	ck_assert_str_eq(b.f[0].guid, G1);
	ck_assert_str_eq(b.f[0].fingerprint, FP_A);
	ck_assert_ptr_null(b.f[1].title);
	ck_assert_ptr_null(b.f[1].severity);
	ck_assert_ptr_null(b.f[1].guid);
	baseline_clear(&b);
	ck_assert_uint_eq(b.n, 0);
	baseline_clear(&b);
}
END_TEST

START_TEST(test_load)
{
	struct baseline b;
	struct err e;

	err_clear(&e);
	ck_assert_int_eq(baseline_load(&b, "no-such.json", &e), -1);
	ck_assert_str_eq(e.msg, "no-such.json: No such file or directory");
	/* A rules file is not a report either. */
	ck_assert_int_eq(baseline_load(&b, TU_RULES, &e), -1);
	ck_assert_msg(strncmp(e.msg, TU_RULES ":1:1: not JSON: ",
	    strlen(TU_RULES ":1:1: not JSON: ")) == 0, "%s", e.msg);
}
END_TEST

/* ------------------------------------------------------------ apply */

static const struct {
	const char	*what;
	/* the baseline's finding */
	const char	*b_rule, *b_dn, *b_guid, *b_fp;
	/* this run's finding */
	const char	*rule, *dn, *guid, *fp;
	enum finding_base mark;
	bool		 resolved;
} pairs[] = {
	{ "same fingerprint",
	    "RCA-003", DN1, G1, FP_A, "RCA-003", DN1, G1, FP_A,
	    FINDING_BASE_UNCHANGED, false },
	{ "renamed, same evidence (the fingerprint names the GUID)",
	    "RCA-003", DN1, G1, FP_A, "RCA-003", DN2, G1, FP_A,
	    FINDING_BASE_UNCHANGED, false },
	{ "range widened",
	    "RCA-003", DN1, G1, FP_A, "RCA-003", DN1, G1, FP_B,
	    FINDING_BASE_CHANGED, false },
	{ "renamed and widened: the same connector by objectGUID",
	    "RCA-003", DN1, G1, FP_A, "RCA-003", DN2, G1, FP_B,
	    FINDING_BASE_CHANGED, false },
	{ "objectGUID in another case",
	    "RCA-003", DN1, "7B2E0001-5A1C-4C3D-8E2F-000000000001", FP_A,
	    "RCA-003", DN2, G1, FP_B, FINDING_BASE_CHANGED, false },
	{ "no objectGUID in the baseline: by DN",
	    "RCA-003", DN1, NULL, FP_A, "RCA-003", DN1, G1, FP_B,
	    FINDING_BASE_CHANGED, false },
	{ "no objectGUID now: by DN, in any case",
	    "RCA-003", DN1, G1, FP_A, "RCA-003", "cn=printers,cn=ex01", NULL,
	    FP_B, FINDING_BASE_CHANGED, false },
	{ "no objectGUIDs, renamed: another connector",
	    "RCA-003", DN1, NULL, FP_A, "RCA-003", DN2, NULL, FP_B,
	    FINDING_BASE_NEW, true },
	{ "same DN, another objectGUID: re-created, another connector",
	    "RCA-003", DN1, G1, FP_A, "RCA-003", DN1, G2, FP_B,
	    FINDING_BASE_NEW, true },
	{ "another rule on the same connector",
	    "RCA-002", DN1, G1, "RCA-002:00000000000000aa", "RCA-003", DN1,
	    G1, FP_B, FINDING_BASE_NEW, true },
};

START_TEST(test_apply)
{
	struct baseline_counts c;
	struct baseline b;
	struct finding f;
	struct err e;
	char *json;

	err_clear(&e);
	(void)xasprintf(&json, "{\"findings\": [{\"rule\": \"%s\", "
	    "\"identity\": \"x\", \"dn\": \"%s\", \"object_guid\": %s%s%s, "
	    "\"fingerprint\": \"%s\"}], \"summary\": {}}", pairs[_i].b_rule,
	    pairs[_i].b_dn, pairs[_i].b_guid ? "\"" : "",
	    pairs[_i].b_guid ? pairs[_i].b_guid : "null",
	    pairs[_i].b_guid ? "\"" : "", pairs[_i].b_fp);
	ck_assert_msg(baseline_parse(&b, json, strlen(json), "old.json",
	    &e) == 0, "%s", e.msg);
	free(json);
	memset(&f, 0, sizeof(f));
	f.rule = rules_find(&tu_rules, pairs[_i].rule);
	ck_assert_ptr_nonnull(f.rule);
	f.identity = xstrdup("x");
	f.dn = xstrdup(pairs[_i].dn);
	f.guid = pairs[_i].guid ? xstrdup(pairs[_i].guid) : NULL;
	f.fingerprint = xstrdup(pairs[_i].fp);
	baseline_apply(&b, &f, 1, &c);
	ck_assert_msg(f.base == pairs[_i].mark, "%s: mark %d", pairs[_i].what,
	    f.base);
	ck_assert_msg(baseline_is_resolved(&b.f[0]) == pairs[_i].resolved,
	    "%s", pairs[_i].what);
	ck_assert_uint_eq(c.new, pairs[_i].mark == FINDING_BASE_NEW);
	ck_assert_uint_eq(c.changed, pairs[_i].mark == FINDING_BASE_CHANGED);
	ck_assert_uint_eq(c.unchanged,
	    pairs[_i].mark == FINDING_BASE_UNCHANGED);
	ck_assert_uint_eq(c.resolved, pairs[_i].resolved);
	/* No findings now: the baseline's finding is resolved. */
	baseline_apply(&b, NULL, 0, &c);
	ck_assert(baseline_is_resolved(&b.f[0]));
	ck_assert_uint_eq(c.resolved, 1);
	finding_clear(&f);
	baseline_clear(&b);
}
END_TEST

START_TEST(test_apply_empty)
{
	struct baseline_counts c;
	struct baseline b;
	struct finding f[2];
	struct err e;
	const char *json = "{\"findings\": [], \"summary\": {}}";
	size_t i;

	err_clear(&e);
	ck_assert_int_eq(baseline_parse(&b, json, strlen(json), "old.json",
	    &e), 0);
	memset(f, 0, sizeof(f));
	for (i = 0; i < 2; i++) {
		f[i].rule = rules_find(&tu_rules, i ? "RCA-001" : "RCA-003");
		f[i].identity = xstrdup("x");
		f[i].dn = xstrdup(DN1);
		f[i].fingerprint = xstrdup(i ? "RCA-001:0000000000000001" :
		    FP_A);
	}
	baseline_apply(&b, f, 2, &c);
	ck_assert_int_eq(f[0].base, FINDING_BASE_NEW);
	ck_assert_int_eq(f[1].base, FINDING_BASE_NEW);
	ck_assert_uint_eq(c.new, 2);
	ck_assert_uint_eq(c.resolved, 0);
	baseline_apply(&b, f, 2, NULL);
	for (i = 0; i < 2; i++)
		finding_clear(&f[i]);
	baseline_clear(&b);
}
END_TEST

static const struct {
	enum finding_base m;
	const char	*name;
} marks[] = {
	{ FINDING_BASE_NONE, NULL },
	{ FINDING_BASE_NEW, "new" },
	{ FINDING_BASE_CHANGED, "changed" },
	{ FINDING_BASE_UNCHANGED, "unchanged" },
};

START_TEST(test_mark_name)
{
	const char *s = baseline_mark_name(marks[_i].m);

	if (marks[_i].name == NULL)
		ck_assert_ptr_null(s);
	else
		ck_assert_str_eq(s, marks[_i].name);
}
END_TEST

Suite *
suite_baseline(void)
{
	Suite *s = suite_create("baseline");
	TCase *tc;

	tc = tcase_create("baseline_parse");
	tcase_add_loop_test(tc, test_parse_bad, 0, NELEM(bads));
	tcase_add_test(tc, test_parse_good);
	suite_add_tcase(s, tc);

	tc = tcase_create("baseline_load");
	tcase_add_test(tc, test_load);
	suite_add_tcase(s, tc);

	tc = tcase_create("baseline_apply");
	tcase_add_checked_fixture(tc, tu_rules_setup, tu_rules_teardown);
	tcase_add_loop_test(tc, test_apply, 0, NELEM(pairs));
	tcase_add_test(tc, test_apply_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("baseline_mark_name");
	tcase_add_loop_test(tc, test_mark_name, 0, NELEM(marks));
	suite_add_tcase(s, tc);
	return s;
}
