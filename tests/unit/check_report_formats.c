/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the writers rendered from the JSON model: src/report_csv.c,
 * src/report_junit.c and src/report_sarif.c, one TCase per function.
 * CSV: a table of fields and how each must be written (RFC 4180 quoting,
 * formula neutralisation), then the shape of a whole file.  JUnit and
 * SARIF: a small hand-written model (four connectors on two servers and
 * none, findings that fail, are waived, are below --fail-on, have an
 * expired waiver, a resolved one), parsed back and checked element by
 * element; the JUnit output is also validated against the vendored XSD.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "err.h"
#include "report.h"
#include "xmalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define JUNIT_XSD	"../schemas/junit.xsd"
#define DN_A		"CN=A,CN=Receive Connectors,CN=Protocols,CN=EX01"
#define DN_B		"CN=B,CN=Receive Connectors,CN=Protocols,CN=EX01"
#define DN_C		"CN=C,CN=Receive Connectors,CN=Protocols,CN=AA"
#define DN_L		"CN=Loose,CN=Connections"

Suite	*suite_report_formats(void);

typedef int (*writer_fn)(FILE *, const json_t *, struct err *);

/*
 * The model: RCA-001 critical fails on EX01\A (new); RCA-003 medium on
 * EX01\B is waived; RCA-004 info on AA\C is below --fail-on; RCA-001 on
 * "Loose" (no server) has an expired waiver and is unchanged; RCA-041 is
 * disabled; RCA-003 on AA\C was resolved since the baseline.
 */
static const char model_text[] =
"{\"schema_version\": 1,"
" \"tool\": {\"name\": \"rcaudit\", \"version\": \"9.9.9\"},"
" \"source\": {\"kind\": \"ldif\", \"uri\": \"t.ldif\"},"
" \"generated\": null,"
" \"options\": {\"fail_on\": \"high\", \"min_severity\": \"info\","
"  \"fail_on_new\": false},"
" \"rules\": ["
"  {\"id\": \"RCA-001\", \"severity\": \"critical\", \"title\": \"Open relay\","
"   \"enabled\": true, \"description\": \"Anyone may relay.\","
"   \"references\": [{\"title\": \"Docs [1]\","
"   \"url\": \"https://example.com/a\"}]},"
"  {\"id\": \"RCA-003\", \"severity\": \"medium\", \"title\": \"Wide range\","
"   \"enabled\": true, \"description\": \"A *wide* range.\","
"   \"references\": []},"
"  {\"id\": \"RCA-004\", \"severity\": \"info\", \"title\": \"Single hosts\","
"   \"enabled\": true, \"description\": \"Fine.\", \"references\": []},"
"  {\"id\": \"RCA-041\", \"severity\": \"info\", \"title\": \"Switched off\","
"   \"enabled\": false, \"description\": \"Off.\", \"references\": []}],"
" \"connectors\": ["
"  {\"dn\": \"" DN_A "\", \"identity\": \"EX01\\\\A\", \"server\": \"EX01\"},"
"  {\"dn\": \"" DN_B "\", \"identity\": \"EX01\\\\B\", \"server\": \"EX01\"},"
"  {\"dn\": \"" DN_C "\", \"identity\": \"AA\\\\C\", \"server\": \"AA\"},"
"  {\"dn\": \"" DN_L "\", \"identity\": \"Lo\\\\ose\", \"server\": null}],"
" \"findings\": ["
"  {\"rule\": \"RCA-001\", \"title\": \"Open relay\","
"   \"severity\": \"critical\","
"   \"identity\": \"EX01\\\\A\", \"dn\": \"" DN_A "\","
"   \"object_guid\": \"00000000-0000-4000-8000-00000000000a\","
"   \"connector_enabled\": true, \"fingerprint\": \"RCA-001:aaaa\","
"   \"evidence\": [\"ANONYMOUS LOGON may relay\", \"covers all of IPv4\"],"
"   \"remediation\": \"Remove-ADPermission ...\", \"verify\": \"swaks ...\","
"   \"description\": \"Anyone may relay.\", \"references\": [],"
"   \"baseline\": \"new\", \"waiver\": null},"
"  {\"rule\": \"RCA-003\", \"title\": \"Wide range\", \"severity\": \"medium\","
"   \"identity\": \"EX01\\\\B\", \"dn\": \"" DN_B "\", \"object_guid\": null,"
"   \"connector_enabled\": false, \"fingerprint\": \"RCA-003:bbbb\","
"   \"evidence\": [\"10.0.0.0/8\"], \"remediation\": null, \"verify\": null,"
"   \"description\": \"A *wide* range.\", \"references\": [],"
"   \"baseline\": \"changed\", \"waiver\": {\"state\": \"active\","
"   \"justification\": \"Print VLAN\", \"approver\": \"Dana\","
"   \"ticket\": null, \"expires\": \"2030-01-01\"}},"
"  {\"rule\": \"RCA-004\", \"title\": \"Single hosts\", \"severity\": \"info\","
"   \"identity\": \"AA\\\\C\", \"dn\": \"" DN_C "\", \"object_guid\": null,"
"   \"connector_enabled\": true, \"fingerprint\": \"RCA-004:cccc\","
"   \"evidence\": [], \"remediation\": null, \"verify\": null,"
"   \"description\": \"Fine.\", \"references\": [],"
"   \"baseline\": \"unchanged\", \"waiver\": null},"
"  {\"rule\": \"RCA-001\", \"title\": \"Open relay\","
"   \"severity\": \"critical\","
"   \"identity\": \"Lo\\\\ose\", \"dn\": \"" DN_L "\", \"object_guid\": null,"
"   \"connector_enabled\": true, \"fingerprint\": \"RCA-001:dddd\","
"   \"evidence\": [\"e\"], \"remediation\": null, \"verify\": null,"
"   \"description\": \"Anyone may relay.\", \"references\": [],"
"   \"baseline\": \"unchanged\", \"waiver\": {\"state\": \"expired\","
"   \"justification\": \"Migration\", \"approver\": \"Lee\","
"   \"ticket\": \"CHG-1\", \"expires\": \"2020-01-01\"}}],"
" \"waivers\": null,"
" \"resolved\": [{\"rule\": \"RCA-003\", \"title\": \"Wide range\","
"   \"severity\": \"medium\", \"identity\": \"AA\\\\C\", \"dn\": \"" DN_C "\","
"   \"object_guid\": null, \"fingerprint\": \"RCA-003:old\"}],"
" \"summary\": {\"connectors\": 4, \"unevaluated\": 0,"
"  \"findings\": {\"critical\": 2, \"high\": 0, \"medium\": 1, \"low\": 0,"
"  \"info\": 1}, \"failing\": 2, \"accepted\": 1,"
"  \"baseline\": {\"new\": 1, \"changed\": 1, \"unchanged\": 2,"
"  \"resolved\": 1}}}";

static json_t *
model_new(void)
{
	json_error_t je;
	json_t *m = json_loads(model_text, 0, &je);

	ck_assert_msg(m != NULL, "model: %d:%d: %s", je.line, je.column,
	    je.text);
	return m;
}

/* The output of fn on m (caller frees); the writer must succeed. */
static char *
render(writer_fn fn, const json_t *m, size_t *len)
{
	struct err e;
	char *buf = NULL;
	size_t n = 0;
	FILE *fp;

	err_clear(&e);
	fp = open_memstream(&buf, &n);
	ck_assert_ptr_nonnull(fp);
	ck_assert_msg(fn(fp, m, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(fclose(fp), 0);
	if (len != NULL)
		*len = n;
	return buf;
}

/* ------------------------------------------------------------ CSV */

/* A finding whose title is the field; the row must carry it as given. */
static const struct {
	const char	*in;
	const char	*out;
} csv_cases[] = {
	{ "plain", "plain" },
	{ "", "" },
	{ "a,b", "\"a,b\"" },
	{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
	{ "\"", "\"\"\"\"" },
	{ "line one\nline two", "\"line one\nline two\"" },
	{ "cr\rhere", "\"cr\rhere\"" },
	{ "tab\tinside", "tab\tinside" },
	{ "a=b", "a=b" },
	{ "=1+1", "'=1+1" },
	{ "+1", "'+1" },
	{ "-1", "'-1" },
	{ "@SUM(A1:A9)", "'@SUM(A1:A9)" },
	{ "\tx", "'\tx" },
	{ "\rx", "\"'\rx\"" },
	{ "=HYPERLINK(\"http://x\",\"y\")",
	  "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
	{ "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0" },
	{ "'quoted'", "'quoted'" },
	{ "\xc3\xbcml\xc3\xa4ut \xe4\xb8\xad",
	  "\xc3\xbcml\xc3\xa4ut \xe4\xb8\xad" },
};

START_TEST(test_csv_field)
{
	json_t *m = json_pack("{s:[{s:s, s:s, s:s, s:s, s:s}]}", "findings",
	    "severity", "high", "rule", "RCA-T", "title", csv_cases[_i].in,
	    "identity", "S\\N", "dn", "CN=N");
	char *out, *row, *want;

	out = render(report_csv_write, m, NULL);
	row = strstr(out, "\r\n");
	ck_assert_ptr_nonnull(row);
	row += 2;
	(void)xasprintf(&want, "high,RCA-T,%s,S\\N,S,CN=N,,,,,,,,\r\n",
	    csv_cases[_i].out);
	ck_assert_str_eq(row, want);
	free(want);
	free(out);
	json_decref(m);
}
END_TEST

START_TEST(test_csv_file)
{
	json_t *m = model_new();
	char *out = render(report_csv_write, m, NULL), *p;
	int lines = 0;

	ck_assert_str_eq(out,
	    "severity,rule,title,identity,server,dn,object_guid,enabled,"
	    "evidence,remediation,verify,fingerprint,baseline,waiver\r\n"
	    "critical,RCA-001,Open relay,EX01\\A,EX01,\"" DN_A "\","
	    "00000000-0000-4000-8000-00000000000a,true,"
	    "ANONYMOUS LOGON may relay | covers all of IPv4,"
	    "Remove-ADPermission ...,swaks ...,RCA-001:aaaa,new,\r\n"
	    "medium,RCA-003,Wide range,EX01\\B,EX01,\"" DN_B "\",,false,"
	    "10.0.0.0/8,,,RCA-003:bbbb,changed,active\r\n"
	    "info,RCA-004,Single hosts,AA\\C,AA,\"" DN_C "\",,true,,,,"
	    "RCA-004:cccc,unchanged,\r\n"
	    "critical,RCA-001,Open relay,Lo\\ose,,\"" DN_L "\",,true,e,,,"
	    "RCA-001:dddd,unchanged,expired\r\n");
	/* Every line ends with CRLF; no bare LF outside quotes here. */
	for (p = out; (p = strchr(p, '\n')) != NULL; p++) {
		ck_assert_int_eq(p[-1], '\r');
		lines++;
	}
	ck_assert_int_eq(lines, 5);
	free(out);
	json_decref(m);
}
END_TEST

START_TEST(test_csv_server_formula)
{
	/* Not in "connectors": the server is the identity's first part. */
	json_t *m = json_pack("{s:[{s:s, s:s, s:s, s:s, s:s}]}", "findings",
	    "severity", "low", "rule", "R", "title", "T",
	    "identity", "=EX\\@x", "dn", "-CN=x");
	char *out = render(report_csv_write, m, NULL);

	ck_assert_ptr_nonnull(strstr(out,
	    "\r\nlow,R,T,'=EX\\@x,'=EX,'-CN=x,,,,,,,,\r\n"));
	free(out);
	json_decref(m);
}
END_TEST

START_TEST(test_csv_empty)
{
	json_t *m = json_pack("{s:[]}", "findings");
	char *out = render(report_csv_write, m, NULL);

	ck_assert_str_eq(out, "severity,rule,title,identity,server,dn,"
	    "object_guid,enabled,evidence,remediation,verify,fingerprint,"
	    "baseline,waiver\r\n");
	free(out);
	json_decref(m);
}
END_TEST

/* Every writer refuses a model without a findings array, the same way. */
static const writer_fn writers[] = {
	report_csv_write, report_junit_write, report_sarif_write
};

START_TEST(test_no_findings)
{
	json_t *m = json_pack("{s:[]}", "connectors");
	char *buf = NULL;
	size_t n = 0;
	struct err e;
	FILE *fp = open_memstream(&buf, &n);

	err_clear(&e);
	ck_assert_int_eq(writers[_i](fp, m, &e), -1);
	ck_assert_int_eq(e.kind, ERR_DATA);
	ck_assert_str_eq(e.msg, "report model: no \"findings\" array");
	fclose(fp);
	ck_assert_uint_eq(n, 0);
	free(buf);
	json_decref(m);
}
END_TEST

/* ------------------------------------------------------------ JUnit */

static xmlDocPtr
junit_doc(const json_t *m)
{
	size_t n;
	char *out = render(report_junit_write, m, &n);
	xmlDocPtr doc = xmlReadMemory(out, (int)n, "junit.xml", NULL,
	    XML_PARSE_NONET);

	ck_assert_msg(doc != NULL, "not well-formed XML:\n%s", out);
	free(out);
	return doc;
}

static double
xp_num(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr,
	    ctx);
	double v;

	ck_assert_msg(o != NULL, "bad XPath %s", expr);
	v = xmlXPathCastToNumber(o);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return v;
}

/* The string value of expr (caller frees). */
static char *
xp_str(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr,
	    ctx);
	xmlChar *s;
	char *r;

	ck_assert_msg(o != NULL, "bad XPath %s", expr);
	s = xmlXPathCastToString(o);
	r = strdup((const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return r;
}

static void
xp_eq(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = xp_str(doc, expr);

	ck_assert_msg(strcmp(got, want) == 0, "%s: got '%s', want '%s'",
	    expr, got, want);
	free(got);
}

static void
junit_valid(xmlDocPtr doc)
{
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(JUNIT_XSD);
	xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr vc;

	ck_assert_ptr_nonnull(pc);
	schema = xmlSchemaParse(pc);
	ck_assert_msg(schema != NULL, "cannot read %s", JUNIT_XSD);
	vc = xmlSchemaNewValidCtxt(schema);
	ck_assert_int_eq(xmlSchemaValidateDoc(vc, doc), 0);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
}

START_TEST(test_junit_structure)
{
	json_t *m = model_new();
	xmlDocPtr doc = junit_doc(m);

	junit_valid(doc);
	/* 3 enabled rules x 4 connectors; RCA-041 is disabled. */
	ck_assert_double_eq(xp_num(doc, "count(//testcase)"), 12);
	ck_assert_double_eq(xp_num(doc, "count(//testcase[starts-with("
	    "@name, 'RCA-041')])"), 0);
	xp_eq(doc, "/testsuites/@tests", "12");
	xp_eq(doc, "/testsuites/@failures", "2");
	xp_eq(doc, "/testsuites/@errors", "0");
	/* Suites by server name, "(no server)" last. */
	xp_eq(doc, "/testsuites/testsuite[1]/@name", "AA");
	xp_eq(doc, "/testsuites/testsuite[2]/@name", "EX01");
	xp_eq(doc, "/testsuites/testsuite[3]/@name", "(no server)");
	ck_assert_double_eq(xp_num(doc, "count(/testsuites/testsuite)"), 3);
	xp_eq(doc, "/testsuites/testsuite[2]/@tests", "6");
	xp_eq(doc, "/testsuites/testsuite[2]/@failures", "1");
	xp_eq(doc, "/testsuites/testsuite[2]/@skipped", "1");
	xp_eq(doc, "/testsuites/testsuite[2]/@errors", "0");
	xp_eq(doc, "/testsuites/testsuite[2]/@time", "0");
	xp_eq(doc, "/testsuites/testsuite[3]/@failures", "1");
	xp_eq(doc, "/testsuites/testsuite[1]/@failures", "0");
	xp_eq(doc, "/testsuites/testsuite[1]/properties/property"
	    "[@name='rcaudit.version']/@value", "9.9.9");
	xp_eq(doc, "/testsuites/testsuite[1]/properties/property"
	    "[@name='fail_on']/@value", "high");

	/* A failure: message the title, type the severity, the details. */
	xp_eq(doc, "//testcase[@classname='EX01\\A' and "
	    "@name='RCA-001 Open relay']/failure/@message", "Open relay");
	xp_eq(doc, "//testcase[@classname='EX01\\A']/failure/@type",
	    "critical");
	ck_assert_double_eq(xp_num(doc, "count(//testcase[@classname="
	    "'EX01\\A']/failure[contains(., 'evidence: ANONYMOUS LOGON may "
	    "relay') and contains(., 'remediation: Remove-ADPermission') and "
	    "contains(., 'fingerprint: RCA-001:aaaa')])"), 1);
	/* Waived: skipped, with the justification. */
	xp_eq(doc, "//testcase[@classname='EX01\\B' and starts-with(@name, "
	    "'RCA-003')]/skipped/@message", "accepted: Print VLAN");
	ck_assert_double_eq(xp_num(doc, "count(//testcase[@classname="
	    "'EX01\\B']/failure)"), 0);
	/* Below --fail-on: passes, with system-out. */
	ck_assert_double_eq(xp_num(doc, "count(//testcase[@classname="
	    "'AA\\C' and starts-with(@name, 'RCA-004')]/*)"), 1);
	ck_assert_double_eq(xp_num(doc, "count(//testcase[@classname="
	    "'AA\\C']/system-out[starts-with(., 'finding below --fail-on "
	    "high: info: Single hosts')])"), 1);
	/* An expired waiver does not waive. */
	xp_eq(doc, "//testcase[@classname='Lo\\ose' and starts-with(@name, "
	    "'RCA-001')]/failure/@type", "critical");
	/* Passing testcases are empty. */
	ck_assert_double_eq(xp_num(doc, "count(//testcase[not(*)])"), 8);
	xmlFreeDoc(doc);
	json_decref(m);
}
END_TEST

/* (fail_on, fail_on_new) -> failures, skipped */
static const struct {
	const char	*fail_on;
	bool		 fail_on_new;
	const char	*failures;
	const char	*skipped;
	double		 system_out;
} junit_gates[] = {
	{ "high", false, "2", "1", 1 },
	{ "critical", false, "2", "1", 1 },
	{ "info", false, "3", "1", 0 },
	{ "never", false, "0", "1", 3 },
	{ "high", true, "1", "1", 2 },	/* "Loose" is unchanged */
	{ "info", true, "1", "1", 2 },	/* so is AA\C; B is waived */
	{ "bogus", false, "2", "1", 1 },	/* unknown: the default, high */
};

START_TEST(test_junit_fail_on)
{
	json_t *m = model_new();
	json_t *o = json_object_get(m, "options");
	xmlDocPtr doc;

	json_object_set_new(o, "fail_on",
	    json_string(junit_gates[_i].fail_on));
	json_object_set_new(o, "fail_on_new",
	    json_boolean(junit_gates[_i].fail_on_new));
	doc = junit_doc(m);
	xp_eq(doc, "/testsuites/@failures", junit_gates[_i].failures);
	xp_eq(doc, "sum(//testsuite/@skipped)", junit_gates[_i].skipped);
	ck_assert_double_eq(xp_num(doc, "count(//system-out)"),
	    junit_gates[_i].system_out);
	junit_valid(doc);
	xmlFreeDoc(doc);
	json_decref(m);
}
END_TEST

/*
 * Without "rules", "options" and "connectors" (an older model): only the
 * rules that fired, on connectors made from the findings, --fail-on high.
 */
START_TEST(test_junit_minimal)
{
	json_t *m = json_pack("{s:[{s:s, s:s, s:s, s:s, s:s}, "
	    "{s:s, s:s, s:s, s:s, s:s}]}", "findings",
	    "rule", "RCA-002", "title", "Public", "severity", "high",
	    "identity", "EX09\\Ghost", "dn", "CN=Ghost",
	    "rule", "RCA-001", "title", "Open", "severity", "medium",
	    "identity", "Solo", "dn", "CN=Solo");
	xmlDocPtr doc = junit_doc(m);

	junit_valid(doc);
	ck_assert_double_eq(xp_num(doc, "count(//testcase)"), 4);
	xp_eq(doc, "/testsuites/testsuite[1]/@name", "EX09");
	xp_eq(doc, "/testsuites/testsuite[2]/@name", "(no server)");
	xp_eq(doc, "/testsuites/testsuite[1]/testcase[1]/@name",
	    "RCA-001 Open");
	xp_eq(doc, "/testsuites/testsuite[1]/testcase[2]/@name",
	    "RCA-002 Public");
	xp_eq(doc, "/testsuites/@failures", "1");
	ck_assert_double_eq(xp_num(doc, "count(//properties)"), 0);
	xmlFreeDoc(doc);
	json_decref(m);
}
END_TEST

START_TEST(test_junit_empty)
{
	json_t *m = json_pack("{s:[], s:[]}", "findings", "connectors");
	xmlDocPtr doc = junit_doc(m);

	junit_valid(doc);
	xp_eq(doc, "/testsuites/@tests", "0");
	ck_assert_double_eq(xp_num(doc, "count(//testsuite)"), 0);
	xmlFreeDoc(doc);
	json_decref(m);
}
END_TEST

/*
 * Directory strings are hostile: markup and quotes come back as text;
 * characters that XML 1.0 cannot carry (C0 controls but TAB, CR, LF)
 * become U+FFFD instead of making the document unreadable.
 */
START_TEST(test_junit_hostile)
{
	static const char id[] = "EX01\\<b>&amp;\"'\x01]]>\x1b[2J\r\n";
	static const char safe[] = "EX01\\<b>&amp;\"'\xef\xbf\xbd]]>"
	    "\xef\xbf\xbd[2J\r\n";
	json_t *m = json_pack("{s:[{s:s, s:s, s:s, s:s, s:s, s:[s]}]}",
	    "findings", "rule", "R<1>", "title", "T&\x02", "severity",
	    "critical", "identity", id, "dn", "CN=<x>", "evidence",
	    "</failure><x/>");
	xmlDocPtr doc = junit_doc(m);
	char *got;

	junit_valid(doc);
	got = xp_str(doc, "//testcase/@classname");
	ck_assert_str_eq(got, safe);
	free(got);
	xp_eq(doc, "//testcase/@name", "R<1> T&\xef\xbf\xbd");
	xp_eq(doc, "//testsuite/@name", "EX01");
	xp_eq(doc, "//failure/@message", "T&\xef\xbf\xbd");
	ck_assert_double_eq(xp_num(doc, "count(//failure[contains(., "
	    "'evidence: </failure><x/>')])"), 1);
	ck_assert_double_eq(xp_num(doc, "count(//x)"), 0);
	xmlFreeDoc(doc);
	json_decref(m);
}
END_TEST

/* ------------------------------------------------------------ SARIF */

static json_t *
sarif_of(const json_t *m)
{
	json_error_t je;
	char *out = render(report_sarif_write, m, NULL);
	json_t *s = json_loads(out, 0, &je);

	ck_assert_msg(s != NULL, "not JSON: %s", je.text);
	free(out);
	return s;
}

/* The value at path: keys and array indexes separated by '.'. */
static const json_t *
jpath(const json_t *root, const char *path)
{
	char buf[256], *tok, *save = NULL;
	json_t *v = (json_t *)root;

	(void)snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok != NULL && v != NULL;
	    tok = strtok_r(NULL, ".", &save)) {
		if (json_is_array(v))
			v = json_array_get(v, strtoul(tok, NULL, 10));
		else
			v = json_object_get(v, tok);
	}
	return v;
}

static const char *
jpath_str(const json_t *root, const char *path)
{
	return json_string_value(jpath(root, path));
}

static void
js_eq(const json_t *root, const char *path, const char *want)
{
	const char *got = jpath_str(root, path);

	ck_assert_msg(got != NULL && strcmp(got, want) == 0,
	    "%s: got '%s', want '%s'", path, got != NULL ? got : "(none)",
	    want);
}

START_TEST(test_sarif_structure)
{
	json_t *m = model_new(), *s = sarif_of(m);
	const json_t *results = jpath(s, "runs.0.results");

	js_eq(s, "version", "2.1.0");
	ck_assert_ptr_nonnull(strstr(jpath_str(s, "$schema"),
	    "sarif-schema-2.1.0.json"));
	ck_assert_uint_eq(json_array_size(jpath(s, "runs")), 1);
	js_eq(s, "runs.0.tool.driver.name", "rcaudit");
	js_eq(s, "runs.0.tool.driver.version", "9.9.9");

	/* Rules: all four, the disabled one marked so. */
	ck_assert_uint_eq(json_array_size(jpath(s,
	    "runs.0.tool.driver.rules")), 4);
	js_eq(s, "runs.0.tool.driver.rules.0.id", "RCA-001");
	js_eq(s, "runs.0.tool.driver.rules.0.name", "OpenRelay");
	js_eq(s, "runs.0.tool.driver.rules.0.shortDescription.text",
	    "Open relay");
	js_eq(s, "runs.0.tool.driver.rules.0.fullDescription.text",
	    "Anyone may relay.");
	js_eq(s, "runs.0.tool.driver.rules.0.helpUri",
	    "https://example.com/a");
	ck_assert_ptr_nonnull(strstr(jpath_str(s,
	    "runs.0.tool.driver.rules.0.help.markdown"),
	    "[Docs \\[1\\]](https://example.com/a)"));
	ck_assert_ptr_nonnull(strstr(jpath_str(s,
	    "runs.0.tool.driver.rules.1.help.markdown"),
	    "A \\*wide\\* range."));
	ck_assert_ptr_nonnull(strstr(jpath_str(s,
	    "runs.0.tool.driver.rules.0.help.text"),
	    "- Docs [1]: https://example.com/a"));
	js_eq(s, "runs.0.tool.driver.rules.0.defaultConfiguration.level",
	    "error");
	js_eq(s, "runs.0.tool.driver.rules.0.properties.security-severity",
	    "9.5");
	js_eq(s, "runs.0.tool.driver.rules.0.properties.tags.0", "security");
	js_eq(s, "runs.0.tool.driver.rules.1.defaultConfiguration.level",
	    "warning");
	js_eq(s, "runs.0.tool.driver.rules.2.defaultConfiguration.level",
	    "note");
	ck_assert_ptr_null(jpath(s,
	    "runs.0.tool.driver.rules.2.properties.security-severity"));
	ck_assert(json_is_false(jpath(s,
	    "runs.0.tool.driver.rules.3.defaultConfiguration.enabled")));
	ck_assert(json_is_true(jpath(s,
	    "runs.0.tool.driver.rules.0.defaultConfiguration.enabled")));

	/* Four findings and one resolved. */
	ck_assert_uint_eq(json_array_size(results), 5);
	js_eq(results, "0.ruleId", "RCA-001");
	ck_assert_int_eq(json_integer_value(jpath(results, "0.ruleIndex")),
	    0);
	js_eq(results, "0.level", "error");
	js_eq(results, "0.message.text", "Open relay on EX01\\A: ANONYMOUS "
	    "LOGON may relay; covers all of IPv4");
	js_eq(results, "0.locations.0.logicalLocations.0.fullyQualifiedName",
	    DN_A);
	js_eq(results, "0.locations.0.logicalLocations.0.name", "EX01\\A");
	js_eq(results, "0.locations.0.logicalLocations.0.kind", "object");
	js_eq(results, "0.partialFingerprints.rcaudit/v1", "RCA-001:aaaa");
	js_eq(results, "0.baselineState", "new");
	ck_assert_ptr_null(jpath(results, "0.suppressions"));
	js_eq(results, "0.properties.remediation", "Remove-ADPermission ...");
	/* Waived: an accepted external suppression; changed is updated. */
	ck_assert_int_eq(json_integer_value(jpath(results, "1.ruleIndex")),
	    1);
	js_eq(results, "1.level", "warning");
	js_eq(results, "1.suppressions.0.kind", "external");
	js_eq(results, "1.suppressions.0.status", "accepted");
	js_eq(results, "1.suppressions.0.justification", "Print VLAN");
	js_eq(results, "1.suppressions.0.properties.approver", "Dana");
	js_eq(results, "1.baselineState", "updated");
	ck_assert(json_is_false(jpath(results,
	    "1.properties.connectorEnabled")));
	js_eq(results, "2.level", "note");
	js_eq(results, "2.baselineState", "unchanged");
	js_eq(results, "2.message.text", "Single hosts on AA\\C");
	/* An expired waiver is no suppression, but is recorded. */
	ck_assert_ptr_null(jpath(results, "3.suppressions"));
	js_eq(results, "3.properties.waiver.state", "expired");
	/* Resolved: absent, a pass. */
	js_eq(results, "4.baselineState", "absent");
	js_eq(results, "4.kind", "pass");
	js_eq(results, "4.level", "none");
	js_eq(results, "4.ruleId", "RCA-003");
	js_eq(results, "4.partialFingerprints.rcaudit/v1", "RCA-003:old");
	js_eq(results, "4.locations.0.logicalLocations.0.fullyQualifiedName",
	    DN_C);

	/* Exit status 1: findings fail the run. */
	ck_assert(json_is_true(jpath(s,
	    "runs.0.invocations.0.executionSuccessful")));
	ck_assert_int_eq(json_integer_value(jpath(s,
	    "runs.0.invocations.0.exitCode")), 1);
	js_eq(s, "runs.0.properties.source.uri", "t.ldif");
	json_decref(s);
	json_decref(m);
}
END_TEST

/* severity -> level */
static const struct {
	const char	*severity;
	const char	*level;
	const char	*score;		/* security-severity or NULL */
} sarif_levels[] = {
	{ "critical", "error", "9.5" },
	{ "high", "error", "8.0" },
	{ "medium", "warning", "5.5" },
	{ "low", "note", "3.0" },
	{ "info", "note", NULL },
	{ "bogus", "error", "9.5" },	/* unknown counts as critical */
};

START_TEST(test_sarif_level)
{
	json_t *m = json_pack("{s:[{s:s, s:s, s:s, s:s, s:s}]}", "findings",
	    "rule", "R", "title", "T", "severity", sarif_levels[_i].severity,
	    "identity", "I", "dn", "CN=I"), *s = sarif_of(m);
	const json_t *sc;

	js_eq(s, "runs.0.results.0.level", sarif_levels[_i].level);
	js_eq(s, "runs.0.tool.driver.rules.0.defaultConfiguration.level",
	    sarif_levels[_i].level);
	sc = jpath(s, "runs.0.tool.driver.rules.0.properties."
	    "security-severity");
	if (sarif_levels[_i].score == NULL)
		ck_assert_ptr_null(sc);
	else
		ck_assert_str_eq(json_string_value(sc),
		    sarif_levels[_i].score);
	/* No summary: success, no exit code claimed. */
	ck_assert(json_is_true(jpath(s,
	    "runs.0.invocations.0.executionSuccessful")));
	ck_assert_ptr_null(jpath(s, "runs.0.invocations.0.exitCode"));
	json_decref(s);
	json_decref(m);
}
END_TEST

/* summary (unevaluated, failing) -> exitCode, executionSuccessful */
static const struct {
	int	unevaluated;
	int	failing;
	int	code;
	bool	ok;
} sarif_exits[] = {
	{ 0, 0, 0, true },
	{ 0, 3, 1, true },
	{ 1, 0, 4, false },
	{ 2, 5, 4, false },	/* "could not see" wins over findings */
};

START_TEST(test_sarif_invocation)
{
	json_t *m = model_new(), *sum, *s;

	sum = json_object_get(m, "summary");
	json_object_set_new(sum, "unevaluated",
	    json_integer(sarif_exits[_i].unevaluated));
	json_object_set_new(sum, "failing",
	    json_integer(sarif_exits[_i].failing));
	s = sarif_of(m);
	ck_assert_int_eq(json_integer_value(jpath(s,
	    "runs.0.invocations.0.exitCode")), sarif_exits[_i].code);
	ck_assert(json_boolean_value(jpath(s,
	    "runs.0.invocations.0.executionSuccessful")) ==
	    sarif_exits[_i].ok);
	ck_assert_uint_eq(json_array_size(jpath(s,
	    "runs.0.invocations.0.toolExecutionNotifications")),
	    sarif_exits[_i].ok ? 0 : 1);
	json_decref(s);
	json_decref(m);
}
END_TEST

/* Hostile strings come back byte for byte (jansson escapes them). */
START_TEST(test_sarif_hostile)
{
	static const char id[] = "EX01\\\"}]<script>\x01\x1b\n\xe2\x80\xae";
	json_t *m = json_pack("{s:[{s:s, s:s, s:s, s:s, s:s, s:s}]}",
	    "findings", "rule", "R", "title", "T", "severity", "high",
	    "identity", id, "dn", id, "fingerprint", "R:\"x\""), *s;

	s = sarif_of(m);
	js_eq(s, "runs.0.results.0.locations.0.logicalLocations.0.name", id);
	js_eq(s, "runs.0.results.0.locations.0.logicalLocations.0."
	    "fullyQualifiedName", id);
	js_eq(s, "runs.0.results.0.partialFingerprints.rcaudit/v1",
	    "R:\"x\"");
	json_decref(s);
	json_decref(m);
}
END_TEST

/* Rules known only from findings: the highest severity they have. */
START_TEST(test_sarif_rules_from_findings)
{
	json_t *m = json_pack("{s:[{s:s, s:s, s:s, s:s, s:s}, "
	    "{s:s, s:s, s:s, s:s, s:s}], s:[{s:s, s:s, s:s, s:s}]}",
	    "findings",
	    "rule", "R1", "title", "Lower", "severity", "medium",
	    "identity", "I", "dn", "CN=I",
	    "rule", "R1", "title", "Lower", "severity", "high",
	    "identity", "J", "dn", "CN=J",
	    "resolved", "rule", "R9", "severity", "low", "identity", "K",
	    "dn", "CN=K"), *s;

	s = sarif_of(m);
	ck_assert_uint_eq(json_array_size(jpath(s,
	    "runs.0.tool.driver.rules")), 2);
	js_eq(s, "runs.0.tool.driver.rules.0.defaultConfiguration.level",
	    "error");
	js_eq(s, "runs.0.tool.driver.rules.1.id", "R9");
	ck_assert_int_eq(json_integer_value(jpath(s,
	    "runs.0.results.2.ruleIndex")), 1);
	json_decref(s);
	json_decref(m);
}
END_TEST

Suite *
suite_report_formats(void)
{
	Suite *s = suite_create("report_formats");
	TCase *tc;

	tc = tcase_create("report_csv_write");
	tcase_add_loop_test(tc, test_csv_field, 0, NELEM(csv_cases));
	tcase_add_test(tc, test_csv_file);
	tcase_add_test(tc, test_csv_server_formula);
	tcase_add_test(tc, test_csv_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("report_junit_write");
	tcase_add_test(tc, test_junit_structure);
	tcase_add_loop_test(tc, test_junit_fail_on, 0, NELEM(junit_gates));
	tcase_add_test(tc, test_junit_minimal);
	tcase_add_test(tc, test_junit_empty);
	tcase_add_test(tc, test_junit_hostile);
	suite_add_tcase(s, tc);

	tc = tcase_create("report_sarif_write");
	tcase_add_test(tc, test_sarif_structure);
	tcase_add_loop_test(tc, test_sarif_level, 0, NELEM(sarif_levels));
	tcase_add_loop_test(tc, test_sarif_invocation, 0,
	    NELEM(sarif_exits));
	tcase_add_test(tc, test_sarif_hostile);
	tcase_add_test(tc, test_sarif_rules_from_findings);
	suite_add_tcase(s, tc);

	tc = tcase_create("report_formats_errors");
	tcase_add_loop_test(tc, test_no_findings, 0, NELEM(writers));
	suite_add_tcase(s, tc);
	return s;
}
