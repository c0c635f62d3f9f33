/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for src/waivers.c: one TCase per function.  Dates against
 * the calendar, matching by objectGUID, identity and glob, loading the
 * files of tests/data/waivers/{good,bad} (every bad file asserts its exact
 * messages, from bad/<name>.err), applying waivers on and after their
 * expiry date, and today's date.  The runner's working directory is
 * tests/unit.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "err.h"
#include "rules.h"
#include "testutil.h"
#include "waivers.h"
#include "xmalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define SCHEMA		"../../rules/waivers.rng"
#define GOOD		"../data/waivers/good/"
#define BAD		"../data/waivers/bad/"
#define G_SCANNER	"7b2e0002-5a1c-4c3d-8e2f-000000000002"
#define G_RELAY		"7b2e0003-5a1c-4c3d-8e2f-000000000003"

Suite	*suite_waivers(void);

/* A finding with owned copies, as rules_eval() makes them. */
static void
mkfinding(struct finding *f, const char *rule, const char *identity,
    const char *guid)
{
	memset(f, 0, sizeof(*f));
	f->rule = rules_find(&tu_rules, rule);
	ck_assert_msg(f->rule != NULL, "no rule %s", rule);
	f->identity = xstrdup(identity);
	(void)xasprintf(&f->dn, "CN=%s,CN=Connectors", identity);
	f->guid = guid != NULL ? xstrdup(guid) : NULL;
	(void)xasprintf(&f->fingerprint, "%s:%016x", rule,
	    (unsigned)strlen(identity));
}

/* ------------------------------------------------------------ dates */

static const struct {
	const char	*s;
	bool		 valid;
} dates[] = {
	{ "2026-01-31", true },
	{ "2026-12-31", true },
	{ "0001-01-01", true },
	{ "9999-12-31", true },
	{ "2024-02-29", true },		/* leap year */
	{ "2000-02-29", true },		/* divisible by 400 */
	{ "1900-02-29", false },	/* divisible by 100 */
	{ "2026-02-29", false },
	{ "2026-02-30", false },
	{ "2026-04-31", false },
	{ "2026-13-01", false },
	{ "2026-00-10", false },
	{ "2026-01-00", false },
	{ "0000-01-01", false },
	{ "2026-1-31", false },
	{ "2026-01-31Z", false },
	{ "2026/01/31", false },
	{ "20260131", false },
	{ " 2026-01-31", false },
	{ "2026-01-3a", false },
	{ "", false },
	{ NULL, false },
};

START_TEST(test_date)
{
	ck_assert_msg(waiver_date_is_valid(dates[_i].s) == dates[_i].valid,
	    "'%s'", dates[_i].s ? dates[_i].s : "(null)");
}
END_TEST

/* ------------------------------------------------------------ match */

static const struct {
	const char	*rule;
	enum waiver_by	 by;
	const char	*connector;
	const char	*f_rule;
	const char	*f_identity;
	const char	*f_guid;
	int		 expect;
} matches[] = {
	{ "RCA-050", WAIVER_BY_GUID, G_SCANNER,
	    "RCA-050", "EX01\\Scanner", G_SCANNER, 1 },
	/* a GUID in another case, and a rename: still the connector */
	{ "RCA-050", WAIVER_BY_GUID, "7B2E0002-5A1C-4C3D-8E2F-000000000002",
	    "RCA-050", "EX01\\Document Scanner", G_SCANNER, 1 },
	{ "RCA-050", WAIVER_BY_GUID, G_SCANNER,
	    "RCA-050", "EX01\\Scanner", G_RELAY, 0 },
	{ "RCA-050", WAIVER_BY_GUID, G_SCANNER,
	    "RCA-050", "EX01\\Scanner", NULL, 0 },
	{ "RCA-050", WAIVER_BY_GUID, G_SCANNER,
	    "RCA-051", "EX01\\Scanner", G_SCANNER, 0 },
	{ "RCA-001", WAIVER_BY_IDENTITY, "EX02\\App Relay",
	    "RCA-001", "EX02\\App Relay", NULL, 1 },
	{ "RCA-001", WAIVER_BY_IDENTITY, "ex02\\APP RELAY",
	    "RCA-001", "EX02\\App Relay", G_RELAY, 1 },
	{ "RCA-001", WAIVER_BY_IDENTITY, "EX02\\App Relay",
	    "RCA-001", "EX02\\App Relay 2", NULL, 0 },
	{ "RCA-001", WAIVER_BY_IDENTITY, "EX02\\App Relay",
	    "RCA-002", "EX02\\App Relay", NULL, 0 },
	/* an identity is exact: glob characters are plain characters */
	{ "RCA-001", WAIVER_BY_IDENTITY, "EX0?\\App Relay",
	    "RCA-001", "EX02\\App Relay", NULL, 0 },
	{ "RCA-001", WAIVER_BY_IDENTITY, "EX0?\\App Relay",
	    "RCA-001", "EX0?\\App Relay", NULL, 1 },
	/* globs: the backslash is literal (FNM_NOESCAPE), any case */
	{ "RCA-003", WAIVER_BY_GLOB, "EX0?\\Print*",
	    "RCA-003", "EX01\\Printers", NULL, 1 },
	{ "RCA-003", WAIVER_BY_GLOB, "ex*\\printers",
	    "RCA-003", "EX01\\Printers", NULL, 1 },
	{ "RCA-003", WAIVER_BY_GLOB, "EX01\\*",
	    "RCA-003", "EX01\\Printers", NULL, 1 },
	{ "RCA-003", WAIVER_BY_GLOB, "EX02\\*",
	    "RCA-003", "EX01\\Printers", NULL, 0 },
	{ "RCA-003", WAIVER_BY_GLOB, "*",
	    "RCA-003", "EX01\\Printers", NULL, 1 },
	{ "RCA-003", WAIVER_BY_GLOB, "*",
	    "RCA-004", "EX01\\Printers", NULL, 0 },
	{ "RCA-003", WAIVER_BY_GLOB, "EX0[12]\\Printers",
	    "RCA-003", "EX02\\Printers", NULL, 1 },
	{ "RCA-003", WAIVER_BY_GLOB, "EX0[!12]\\Printers",
	    "RCA-003", "EX02\\Printers", NULL, 0 },
	{ "RCA-003", WAIVER_BY_GLOB, "Printers",
	    "RCA-003", "EX01\\Printers", NULL, 0 },
};

START_TEST(test_match)
{
	struct waiver w;
	struct finding f;

	memset(&w, 0, sizeof(w));
	w.rule = (char *)matches[_i].rule;
	w.by = matches[_i].by;
	w.connector = (char *)matches[_i].connector;
	mkfinding(&f, matches[_i].f_rule, matches[_i].f_identity,
	    matches[_i].f_guid);
	ck_assert_msg(waiver_match(&w, &f) == matches[_i].expect,
	    "row %d: %s '%s' on %s %s", _i, waiver_by_name(w.by),
	    w.connector, matches[_i].f_rule, matches[_i].f_identity);
	finding_clear(&f);
}
END_TEST

/* ------------------------------------------------------------ load */

START_TEST(test_load_active)
{
	struct waiverset ws;
	struct err e;

	err_clear(&e);
	ck_assert_msg(waivers_load(&ws, GOOD "active.xml", SCHEMA, &e) == 0,
	    "%s", e.msg);
	ck_assert_uint_eq(ws.n, 3);
	ck_assert_str_eq(ws.file, GOOD "active.xml");
	ck_assert_str_eq(ws.w[0].rule, "RCA-050");
	ck_assert_int_eq(ws.w[0].by, WAIVER_BY_GUID);
	ck_assert_str_eq(ws.w[0].connector,
	    "7B2E0002-5A1C-4C3D-8E2F-000000000002");
	/* white space of the text collapsed */
	ck_assert_str_eq(ws.w[0].justification, "The scanner's second range "
	    "is a typo that Exchange ignores; cleaned up in the next change "
	    "window.");
	ck_assert_str_eq(ws.w[0].approver, "Dana Smith");
	ck_assert_str_eq(ws.w[0].ticket, "CHG-1001");
	ck_assert_str_eq(ws.w[0].expires, "2030-12-31");
	ck_assert_int_eq(ws.w[0].line, 5);
	ck_assert_int_eq(ws.w[1].by, WAIVER_BY_IDENTITY);
	ck_assert_str_eq(ws.w[1].connector, "ex02\\app relay");
	ck_assert_ptr_null(ws.w[1].ticket);
	ck_assert_int_eq(ws.w[1].line, 12);
	ck_assert_int_eq(ws.w[2].by, WAIVER_BY_GLOB);
	ck_assert_str_eq(ws.w[2].connector, "EX0?\\Print*");
	waivers_clear(&ws);
	ck_assert_uint_eq(ws.n, 0);
	waivers_clear(&ws);		/* an empty set is fine */
}
END_TEST

static const struct {
	const char	*file;
	size_t		 n;
} goods[] = {
	{ "active.xml", 3 },
	{ "expiring.xml", 2 },
	{ "stale.xml", 4 },
	{ "unevaluated.xml", 1 },
	{ "../../../../examples/waivers.xml", 3 },
};

START_TEST(test_load_good)
{
	struct waiverset ws;
	struct err e;
	char *path;

	err_clear(&e);
	(void)xasprintf(&path, GOOD "%s", goods[_i].file);
	ck_assert_msg(waivers_load(&ws, path, SCHEMA, &e) == 0, "%s: %s",
	    path, e.msg);
	ck_assert_uint_eq(ws.n, goods[_i].n);
	waivers_clear(&ws);
	free(path);
}
END_TEST

/*
 * The expected message of bad/<name>.xml: bad/<name>.err holds what
 * rcaudit prints from tests/data/waivers ("rcaudit: bad/..."); here the
 * prefix goes and the path is ours.
 */
static char *
expected_err(const char *name)
{
	char *path, *out = NULL, line[1024];
	size_t size = 0;
	FILE *in, *fp;

	(void)xasprintf(&path, BAD "%s.err", name);
	in = fopen(path, "r");
	ck_assert_msg(in != NULL, "%s", path);
	free(path);
	fp = open_memstream(&out, &size);
	ck_assert_ptr_nonnull(fp);
	while (fgets(line, sizeof(line), in) != NULL) {
		const char *p = line;

		if (strncmp(p, "rcaudit: bad/", 13) == 0)
			p += 13;
		fprintf(fp, "%s%s", BAD, p);
	}
	fclose(in);
	fclose(fp);
	if (size > 0 && out[size - 1] == '\n')
		out[size - 1] = '\0';
	return out;
}

static const char *const bads[] = {
	"malformed", "doctype", "notxml", "root"
};

START_TEST(test_load_bad)
{
	struct waiverset ws;
	struct err e;
	char *path, *want;

	err_clear(&e);
	(void)xasprintf(&path, BAD "%s.xml", bads[_i]);
	ck_assert_int_eq(waivers_load(&ws, path, SCHEMA, &e), -1);
	ck_assert_int_eq(e.kind, ERR_CONFIG);
	ck_assert_uint_eq(ws.n, 0);
	ck_assert_ptr_null(ws.w);
	want = expected_err(bads[_i]);
	ck_assert_str_eq(e.msg, want);
	free(want);
	free(path);
}
END_TEST

START_TEST(test_load_missing)
{
	struct waiverset ws;
	struct err e;

	err_clear(&e);
	ck_assert_int_eq(waivers_load(&ws, "no-such.xml", SCHEMA, &e), -1);
	ck_assert_str_eq(e.msg, "no-such.xml: No such file or directory");
	ck_assert_int_eq(waivers_load(&ws, GOOD "active.xml", "no.rng", &e),
	    -1);
	ck_assert_str_eq(e.msg, "no.rng: cannot load the waivers schema");
}
END_TEST

/* ------------------------------------------------------------ apply */

/* tests/data/waivers/good/expiring.xml on the fixture's findings. */
static const struct {
	const char	*today;
	bool		 relay_active;	/* RCA-001 still waived? */
	enum waiver_state relay_state;
} expiring[] = {
	{ "2025-06-01", true, WAIVER_ACTIVE },
	{ "2026-01-31", true, WAIVER_ACTIVE },	/* its expiry date */
	{ "2026-02-01", false, WAIVER_EXPIRED },
	{ "2031-01-01", false, WAIVER_EXPIRED },
};

START_TEST(test_apply_expiry)
{
	struct waiverset ws;
	struct finding f[3];
	struct err e;
	size_t i;

	err_clear(&e);
	ck_assert_msg(waivers_load(&ws, GOOD "expiring.xml", SCHEMA, &e) == 0,
	    "%s", e.msg);
	mkfinding(&f[0], "RCA-050", "EX01\\Scanner", G_SCANNER);
	mkfinding(&f[1], "RCA-001", "EX02\\App Relay", G_RELAY);
	mkfinding(&f[2], "RCA-003", "EX01\\Printers", NULL);
	/* twice: a second call starts over */
	for (i = 0; i < 2; i++)
		waivers_apply(&ws, f, 3, expiring[_i].today);
	ck_assert_ptr_nonnull(f[0].waiver);
	ck_assert(f[0].waiver->active ==
	    (strcmp(expiring[_i].today, "2030-12-31") <= 0));
	ck_assert_ptr_nonnull(f[1].waiver);
	ck_assert(f[1].waiver->active == expiring[_i].relay_active);
	ck_assert_str_eq(f[1].waiver->expires, "2026-01-31");
	ck_assert_str_eq(f[1].waiver->approver, "Lee Park");
	ck_assert_str_eq(f[1].waiver->ticket, "CHG-2002");
	ck_assert_str_eq(f[1].waiver->justification, "Migration weekend "
	    "only.");
	ck_assert_ptr_null(f[2].waiver);
	ck_assert_int_eq(waiver_state(&ws.w[1]), expiring[_i].relay_state);
	ck_assert_uint_eq(ws.w[1].nhits, 1);
	ck_assert_str_eq(ws.w[1].hits[0].identity, "EX02\\App Relay");
	ck_assert_str_eq(ws.w[1].hits[0].fingerprint, f[1].fingerprint);
	for (i = 0; i < 3; i++)
		finding_clear(&f[i]);
	waivers_clear(&ws);
}
END_TEST

/* A waiver from literals, with owned copies as waivers_load() makes. */
static void
mkwaiver(struct waiver *w, const char *rule, enum waiver_by by,
    const char *connector, const char *expires, const char *approver)
{
	memset(w, 0, sizeof(*w));
	w->rule = xstrdup(rule);
	w->by = by;
	w->connector = xstrdup(connector);
	w->justification = xstrdup("because");
	w->approver = xstrdup(approver);
	(void)snprintf(w->expires, sizeof(w->expires), "%s", expires);
}

START_TEST(test_apply_states)
{
	struct waiverset ws;
	struct finding f[2];

	memset(&ws, 0, sizeof(ws));
	ws.n = 4;
	ws.w = xcalloc(ws.n, sizeof(*ws.w));
	/* An expired waiver first, an active one after: the active wins. */
	mkwaiver(&ws.w[0], "RCA-003", WAIVER_BY_IDENTITY, "EX01\\Printers",
	    "2020-01-01", "old");
	mkwaiver(&ws.w[1], "RCA-003", WAIVER_BY_GLOB, "EX01\\*",
	    "2030-01-01", "new");
	/* Two active ones: the first in the file wins, both matched. */
	mkwaiver(&ws.w[2], "RCA-050", WAIVER_BY_GUID, G_SCANNER,
	    "2030-01-01", "first");
	mkwaiver(&ws.w[3], "RCA-004", WAIVER_BY_GLOB, "*", "2030-01-01",
	    "nobody");
	mkfinding(&f[0], "RCA-003", "EX01\\Printers", NULL);
	mkfinding(&f[1], "RCA-050", "EX01\\Scanner", G_SCANNER);
	waivers_apply(&ws, f, 2, "2026-01-15");
	ck_assert(f[0].waiver->active);
	ck_assert_str_eq(f[0].waiver->approver, "new");
	ck_assert_ptr_null(f[0].waiver->ticket);
	ck_assert_str_eq(f[1].waiver->approver, "first");
	ck_assert_int_eq(waiver_state(&ws.w[0]), WAIVER_EXPIRED);
	ck_assert_uint_eq(ws.w[0].nhits, 1);
	ck_assert_int_eq(waiver_state(&ws.w[1]), WAIVER_ACTIVE);
	ck_assert_int_eq(waiver_state(&ws.w[2]), WAIVER_ACTIVE);
	ck_assert_int_eq(waiver_state(&ws.w[3]), WAIVER_STALE);
	ck_assert_uint_eq(ws.w[3].nhits, 0);
	ck_assert_str_eq(waiver_state_name(WAIVER_ACTIVE), "active");
	ck_assert_str_eq(waiver_state_name(WAIVER_EXPIRED), "expired");
	ck_assert_str_eq(waiver_state_name(WAIVER_STALE), "stale");
	finding_clear(&f[0]);
	finding_clear(&f[1]);
	waivers_clear(&ws);
}
END_TEST

/* ------------------------------------------------------------ today */

static const struct {
	const char	*env;
	int		 rc;
	const char	*out;		/* NULL: the local date */
	const char	*msg;
} todays[] = {
	{ "2026-01-15", 0, "2026-01-15", NULL },
	{ "2024-02-29", 0, "2024-02-29", NULL },
	{ NULL, 0, NULL, NULL },
	{ "", 0, NULL, NULL },
	{ "2026-02-29", -1, NULL,
	    "RCAUDIT_TODAY '2026-02-29' is not a date (YYYY-MM-DD)" },
	{ "today", -1, NULL,
	    "RCAUDIT_TODAY 'today' is not a date (YYYY-MM-DD)" },
};

START_TEST(test_today)
{
	char buf[WAIVER_DATE_LEN + 1];
	struct err e;

	err_clear(&e);
	memset(buf, 'x', sizeof(buf));
	ck_assert_int_eq(waivers_today(todays[_i].env, buf, &e),
	    todays[_i].rc);
	if (todays[_i].rc == -1) {
		ck_assert_int_eq(e.kind, ERR_USAGE);
		ck_assert_str_eq(e.msg, todays[_i].msg);
	} else if (todays[_i].out != NULL) {
		ck_assert_str_eq(buf, todays[_i].out);
	} else {
		ck_assert_msg(waiver_date_is_valid(buf), "'%.11s'", buf);
	}
}
END_TEST

Suite *
suite_waivers(void)
{
	Suite *s = suite_create("waivers");
	TCase *tc;

	tc = tcase_create("waiver_date_is_valid");
	tcase_add_loop_test(tc, test_date, 0, NELEM(dates));
	suite_add_tcase(s, tc);

	tc = tcase_create("waiver_match");
	tcase_add_checked_fixture(tc, tu_rules_setup, tu_rules_teardown);
	tcase_add_loop_test(tc, test_match, 0, NELEM(matches));
	suite_add_tcase(s, tc);

	tc = tcase_create("waivers_load");
	tcase_add_test(tc, test_load_active);
	tcase_add_loop_test(tc, test_load_good, 0, NELEM(goods));
	tcase_add_loop_test(tc, test_load_bad, 0, NELEM(bads));
	tcase_add_test(tc, test_load_missing);
	suite_add_tcase(s, tc);

	tc = tcase_create("waivers_apply");
	tcase_add_checked_fixture(tc, tu_rules_setup, tu_rules_teardown);
	tcase_add_loop_test(tc, test_apply_expiry, 0, NELEM(expiring));
	tcase_add_test(tc, test_apply_states);
	suite_add_tcase(s, tc);

	tc = tcase_create("waivers_today");
	tcase_add_loop_test(tc, test_today, 0, NELEM(todays));
	suite_add_tcase(s, tc);
	return s;
}
