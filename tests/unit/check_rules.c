/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the rule engine (src/rules.c): three-valued conditions,
 * loading errors, overrides, substitution and fingerprints.  Connectors
 * are built from entries with descriptors given as SDDL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "connector.h"
#include "rules.h"
#include "testutil.h"
#include "xmalloc.h"

#define SCHEMA	"../../rules/rules.rng"
#define AR	"5c82f031-4e4c-4326-88e1-8c4f0cad9de5"
#define DN_TAIL	",CN=SMTP Receive Connectors,CN=Protocols,CN=EX01,CN=Servers," \
	"CN=AG,CN=Administrative Groups,CN=Org,CN=Microsoft Exchange," \
	"CN=Services,CN=Configuration,DC=corp,DC=example"

static struct connector *
mkconn(const char *name, const char *sddl, const char *range)
{
	const char *const ranges[] = { range, NULL };
	char dn[512];
	struct entry *e;
	struct connector *c;

	snprintf(dn, sizeof(dn), "CN=%s%s", name, DN_TAIL);
	e = tu_conn_entry(dn, name, "1", "0.0.0.0:25", ranges, sddl);
	c = connector_new(e, NULL);
	entry_free(e);
	return c;
}

/* Write a one-rule file with the given condition; returns its path. */
static char *
rulefile(const char *when, const char *remediation)
{
	char *path = xstrdup("/tmp/rca-rules-XXXXXX");
	FILE *fp;
	int fd;

	ck_assert_int_ne(fd = mkstemp(path), -1);
	fp = fdopen(fd, "w");
	fprintf(fp, "<rules version=\"1\"><rule id=\"T-001\" severity=\"high\">"
	    "<title>t</title><when>%s</when><description>d</description>"
	    "<remediation>%s</remediation></rule></rules>\n", when,
	    remediation);
	fclose(fp);
	return path;
}

/* Does the one-rule file with condition when fire on c? */
static int
fires(const char *when, const struct connector *c)
{
	struct ruleset rs = { NULL, 0 };
	struct finding *f = NULL;
	size_t nf = 0, i;
	struct err e;
	char *path = rulefile(when, "x");

	ck_assert_msg(rules_load(&rs, path, SCHEMA, &e) == 0, "%s", e.msg);
	rules_eval(&rs, c, &f, &nf);
	for (i = 0; i < nf; i++)
		finding_clear(&f[i]);
	free(f);
	rules_clear(&rs);
	unlink(path);
	free(path);
	return nf > 0;
}

/* Three-valued logic on a connector whose descriptor is missing. */
static const struct {
	const char	*when;
	int		 fires;
} tri[] = {
	{ "<relay/>", 0 },			/* unknown */
	{ "<not><relay/></not>", 0 },		/* not unknown = unknown */
	{ "<any><relay/><enabled/></any>", 1 },	/* unknown or true */
	{ "<all><relay/><enabled/></all>", 0 },	/* unknown and true */
	{ "<all><not><enabled/></not><relay/></all>", 0 },
	{ "<any><relay/><not><enabled/></not></any>", 0 },
	{ "<unevaluated/>", 1 },
	{ "<descriptor is=\"missing\"/>", 1 },
	{ "<descriptor is=\"null-dacl\"/>", 0 },
	{ "<not><descriptor is=\"null-dacl\"/></not>", 0 },
	{ "<ranges are=\"wider-than-one-host\"/>", 1 },
	{ "<range-wider-than ipv4-prefix=\"24\"/>", 0 },
	{ "<range-wider-than ipv4-prefix=\"25\"/>", 1 },
	{ "<addresses-more-than count=\"255\"/>", 1 },
	{ "<addresses-more-than count=\"256\"/>", 0 },
	{ "<name glob=\"hid*\"/>", 1 },
	{ "<binding-port port=\"25\"/>", 1 },
	{ "<binding-port port=\"587\"/>", 0 },
	{ "<role is=\"HubTransport\"/>", 1 },
};

START_TEST(test_tristate)
{
	struct connector *c = mkconn("Hidden", NULL, "10.0.0.0/24");

	ck_assert_msg(fires(tri[_i].when, c) == tri[_i].fires, "%s",
	    tri[_i].when);
	connector_free(c);
}
END_TEST

/* A value that did not parse makes range facts unknown when false. */
START_TEST(test_invalid_range_unknown)
{
	struct connector *c = mkconn("Bad", "D:(OA;CI;CR;" AR ";;AN)",
	    "10.0.0.0/33");

	ck_assert_int_eq(fires("<ranges are=\"single-hosts-only\"/>", c), 0);
	ck_assert_int_eq(fires("<not><ranges are=\"single-hosts-only\"/>"
	    "</not>", c), 0);
	ck_assert_int_eq(fires("<not><ranges are=\"reaching-public\"/>"
	    "</not>", c), 0);
	ck_assert_int_eq(fires("<ranges are=\"invalid\"/>", c), 1);
	connector_free(c);
}
END_TEST

START_TEST(test_substitute)
{
	struct connector *c = mkconn("Re\"lay $x`", "D:(OA;CI;CR;" AR
	    ";;AN)", "10.1.2.3");
	struct ruleset rs = { NULL, 0 };
	struct finding *f = NULL;
	size_t nf = 0;
	struct err e;
	char *path = rulefile("<relay/>", "Set-ReceiveConnector "
	    "\"{identity}\" -RemoteIPRanges {single_hosts} # {count} {port}");

	ck_assert_int_eq(rules_load(&rs, path, SCHEMA, &e), 0);
	rules_eval(&rs, c, &f, &nf);
	ck_assert_uint_eq(nf, 1);
	/* PowerShell: ` " $ are escaped with a backtick */
	ck_assert_str_eq(f[0].remediation, "Set-ReceiveConnector "
	    "\"EX01\\Re`\"lay `$x``\" -RemoteIPRanges 10.1.2.3 # 1 25");
	ck_assert(strncmp(f[0].fingerprint, "T-001:", 6) == 0);
	ck_assert_uint_eq(strlen(f[0].fingerprint), 6 + 16);
	finding_clear(&f[0]);
	free(f);
	rules_clear(&rs);
	unlink(path);
	free(path);
	connector_free(c);
}
END_TEST

/* The evidence, and so the fingerprint, changes when a range widens. */
START_TEST(test_fingerprint)
{
	struct connector *a = mkconn("R", "D:(OA;CI;CR;" AR ";;AN)",
	    "10.0.0.0/24");
	struct connector *b = mkconn("R", "D:(OA;CI;CR;" AR ";;AN)",
	    "10.0.0.0/16");
	struct connector *a2 = mkconn("R", "D:(OA;CI;CR;" AR ";;AN)",
	    "10.0.0.0/24");
	struct ruleset rs = { NULL, 0 };
	struct finding *f = NULL;
	size_t nf = 0, i;
	struct err e;

	ck_assert_int_eq(rules_load(&rs, "../../rules", SCHEMA, &e), 0);
	rules_eval(&rs, a, &f, &nf);
	rules_eval(&rs, b, &f, &nf);
	rules_eval(&rs, a2, &f, &nf);
	ck_assert_uint_eq(nf, 3);
	ck_assert_str_eq(rule_id(f[0].rule), "RCA-003");
	ck_assert_str_ne(f[0].fingerprint, f[1].fingerprint);
	ck_assert_str_eq(f[0].fingerprint, f[2].fingerprint);
	for (i = 0; i < nf; i++)
		finding_clear(&f[i]);
	free(f);
	rules_clear(&rs);
	connector_free(a);
	connector_free(b);
	connector_free(a2);
}
END_TEST

START_TEST(test_load_errors)
{
	struct ruleset rs = { NULL, 0 };
	struct err e;
	char *path = rulefile("<relay/><enabled/>", "{nope}");

	ck_assert_int_eq(rules_load(&rs, path, SCHEMA, &e), -1);
	ck_assert_int_eq(e.kind, ERR_CONFIG);
	/* both problems, each with the file and line */
	ck_assert_ptr_nonnull(strstr(e.msg, ":1: unknown placeholder "
	    "'{nope}'"));
	ck_assert_ptr_nonnull(strchr(e.msg, '\n'));
	ck_assert_uint_eq(rs.nrules, 0);
	unlink(path);
	free(path);
	ck_assert_int_eq(rules_load(&rs, "/nonexistent.xml", SCHEMA, &e), -1);
	ck_assert_str_eq(e.msg, "/nonexistent.xml: No such file or directory");
}
END_TEST

START_TEST(test_severity)
{
	ck_assert_int_eq(severity_parse("CRITICAL"), SEV_CRITICAL);
	ck_assert_int_eq(severity_parse("info"), SEV_INFO);
	ck_assert_int_eq(severity_parse("severe"), -1);
	ck_assert_int_eq(severity_parse(NULL), -1);
	ck_assert_str_eq(severity_name(SEV_MEDIUM), "medium");
}
END_TEST

Suite *
suite_rules(void)
{
	Suite *s = suite_create("rules");
	TCase *tc;

	tc = tcase_create("rules_eval");
	tcase_add_loop_test(tc, test_tristate, 0,
	    sizeof(tri) / sizeof(tri[0]));
	tcase_add_test(tc, test_invalid_range_unknown);
	tcase_add_test(tc, test_substitute);
	tcase_add_test(tc, test_fingerprint);
	suite_add_tcase(s, tc);
	tc = tcase_create("rules_load");
	tcase_add_test(tc, test_load_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("severity");
	tcase_add_test(tc, test_severity);
	suite_add_tcase(s, tc);
	return s;
}
