/* SPDX-License-Identifier: ISC */
/*
 * The audit as JUnit XML, for the test report pages of CI systems
 * (GitLab, Jenkins, GitHub actions that read JUnit).  Rendered from the
 * JSON model of the audit, with libxml2's tree API so that escaping holds
 * by construction.
 *
 * One <testsuite> per server (connectors without one go to "(no
 * server)"), one <testcase> per connector and enabled rule: classname is
 * the connector's identity, name the rule id and title.  A testcase
 * passes when the rule did not fire on the connector; a finding at or
 * above --fail-on (and, with --fail-on-new, new or changed) is a
 * <failure> (message the title, type the severity, text the evidence and
 * remediation); a finding that an active waiver accepts is <skipped
 * message="accepted: ..."/>; a finding below --fail-on passes with a
 * <system-out> that reports it.  The counts agree with the JSON summary:
 * failures = summary.failing.
 *
 * The output validates against the JUnit schema of Jenkins' xUnit plugin
 * (tests/schemas/junit-10.xsd, which GitLab's and Jenkins' readers
 * accept).  XML 1.0 cannot carry most control characters at all, not even
 * escaped: those, and bytes that are not UTF-8, become U+FFFD.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/tree.h>

#include "report.h"
#include "xmalloc.h"

#ifndef RCA_VERSION
#define RCA_VERSION "unknown"
#endif

#define JU_NO_SERVER	"(no server)"

/* A rule that gets a testcase on every connector. */
struct ju_rule {
	const char	*id;
	const char	*title;
};

/* A connector: from the model's "connectors", or made up for a finding. */
struct ju_conn {
	const char	*identity;
	const char	*dn;		/* or NULL */
	const char	*server;	/* NULL: no server */
	size_t		 first;		/* byconn[first..+n) */
	size_t		 n;
};

/* What a finding does to its testcase, in increasing precedence. */
enum ju_kind {
	JU_NOTE,			/* reported, does not fail the run */
	JU_SKIP,			/* accepted by an active waiver */
	JU_FAIL
};

struct ju {
	const json_t	 *model;
	int		  fail_on;	/* severity rank; INT_MAX: never */
	const char	 *fail_on_name;
	bool		  fail_on_new;
	struct ju_rule	 *rules;
	size_t		  nrules;
	struct ju_conn	 *conns;
	size_t		  nconns;
	const json_t	**byconn;	/* findings grouped by connector */
	size_t		  nfindings;
	unsigned long	  tests, failures, skipped;
};

/* A growing string; ju_buf_add() appends. */
struct ju_buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

static void
ju_buf_add(struct ju_buf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->cap - b->len <= n) {
		while (b->cap - b->len <= n)
			b->cap = b->cap == 0 ? 256 : b->cap * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static const char *
ju_str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The string member k of o, or "" when it is absent, null or no string. */
static const char *
ju_str0(const json_t *o, const char *k)
{
	const char *s = ju_str(o, k);

	return s != NULL ? s : "";
}

/*
 * The length of the UTF-8 sequence at p if it is one that XML 1.0 allows
 * (Char production: TAB, LF, CR, U+0020..U+D7FF, U+E000..U+FFFD,
 * U+10000..U+10FFFF, shortest form), else 0.
 */
static size_t
ju_xml_char(const unsigned char *p)
{
	uint32_t cp;
	size_t n, k;

	if (p[0] < 0x80) {
		if (p[0] < 0x20 && p[0] != '\t' && p[0] != '\n' &&
		    p[0] != '\r')
			return 0;
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0) {
		cp = p[0] & 0x1f;
		n = 2;
	} else if ((p[0] & 0xf0) == 0xe0) {
		cp = p[0] & 0x0f;
		n = 3;
	} else if ((p[0] & 0xf8) == 0xf0) {
		cp = p[0] & 0x07;
		n = 4;
	} else
		return 0;
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80)	/* also stops at the NUL */
			return 0;
		cp = cp << 6 | (p[k] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

/*
 * A copy of s that XML 1.0 can carry: every byte that does not start an
 * allowed character becomes U+FFFD.  Caller frees.
 */
static char *
ju_xml_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = xreallocarray(NULL, strlen(s) + 1, 3), *o = out;
	size_t n;

	while (*p != '\0') {
		if ((n = ju_xml_char(p)) == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
			continue;
		}
		memcpy(o, p, n);
		o += n;
		p += n;
	}
	*o = '\0';
	return out;
}

static void
ju_prop(xmlNodePtr node, const char *name, const char *value)
{
	char *v = ju_xml_safe(value);

	(void)xmlNewProp(node, (const xmlChar *)name, (const xmlChar *)v);
	free(v);
}

static void
ju_prop_num(xmlNodePtr node, const char *name, unsigned long v)
{
	char buf[32];

	(void)snprintf(buf, sizeof(buf), "%lu", v);
	(void)xmlNewProp(node, (const xmlChar *)name, (const xmlChar *)buf);
}

/* A child element name of parent with text (escaped by libxml2). */
static xmlNodePtr
ju_child(xmlNodePtr parent, const char *name, const char *text)
{
	char *t = ju_xml_safe(text);
	xmlNodePtr n;

	n = xmlNewTextChild(parent, NULL, (const xmlChar *)name,
	    (const xmlChar *)t);
	free(t);
	return n;
}

/*
 * The rank of a finding's severity; an unknown one counts as critical, so
 * that a finding that cannot be ranked is never waved through.
 */
static int
ju_rank(const json_t *f)
{
	const char *s = ju_str(f, "severity");
	int r = s != NULL ? severity_parse(s) : -1;

	return r == -1 ? SEV_CRITICAL : r;
}

static bool
ju_waiver_active(const json_t *f)
{
	const json_t *w = json_object_get(f, "waiver");

	return json_is_object(w) && strcmp(ju_str0(w, "state"), "active") == 0;
}

static enum ju_kind
ju_classify(const struct ju *j, const json_t *f)
{
	if (ju_waiver_active(f))
		return JU_SKIP;
	if (ju_rank(f) < j->fail_on)
		return JU_NOTE;
	if (j->fail_on_new &&
	    strcmp(ju_str0(f, "baseline"), "unchanged") == 0)
		return JU_NOTE;
	return JU_FAIL;
}

/* --fail-on and --fail-on-new from the model's "options" (or defaults). */
static void
ju_options(struct ju *j)
{
	const json_t *o = json_object_get(j->model, "options");
	const char *fo = ju_str(o, "fail_on");
	int r;

	j->fail_on = SEV_HIGH;
	j->fail_on_name = "high";
	if (fo != NULL && strcmp(fo, "never") == 0) {
		j->fail_on = INT_MAX;
		j->fail_on_name = "never";
	} else if (fo != NULL && (r = severity_parse(fo)) != -1) {
		j->fail_on = r;
		j->fail_on_name = fo;
	}
	j->fail_on_new = json_is_true(json_object_get(o, "fail_on_new"));
}

static int
ju_rule_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ju_rule *)a)->id,
	    ((const struct ju_rule *)b)->id);
}

static void
ju_rule_add(struct ju *j, const char *id, const char *title)
{
	size_t i;

	for (i = 0; i < j->nrules; i++)
		if (strcmp(j->rules[i].id, id) == 0)
			return;
	j->rules = xreallocarray(j->rules, j->nrules + 1, sizeof(*j->rules));
	j->rules[j->nrules++] = (struct ju_rule){ .id = id,
	    .title = title != NULL ? title : "" };
}

/*
 * The rules that get a testcase: the enabled ones of the model's "rules"
 * when it has them, plus every rule that fired (a finding is never
 * dropped), in id order.
 */
static void
ju_rules(struct ju *j)
{
	const json_t *rs = json_object_get(j->model, "rules"), *r, *f;
	const json_t *fs = json_object_get(j->model, "findings");
	size_t i;

	json_array_foreach(rs, i, r) {
		const char *id = ju_str(r, "id");

		if (id != NULL &&
		    !json_is_false(json_object_get(r, "enabled")))
			ju_rule_add(j, id, ju_str(r, "title"));
	}
	json_array_foreach(fs, i, f) {
		const char *id = ju_str(f, "rule");

		if (id != NULL)
			ju_rule_add(j, id, ju_str(f, "title"));
	}
	if (j->nrules > 1)
		qsort(j->rules, j->nrules, sizeof(*j->rules), ju_rule_cmp);
}

/* Index of the connectors by DN, for matching findings. */
struct ju_dn {
	const char	*dn;
	size_t		 conn;
};

static int
ju_dn_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ju_dn *)a)->dn,
	    ((const struct ju_dn *)b)->dn);
}

static size_t
ju_conn_add(struct ju *j, const char *identity, const char *dn,
    const char *server)
{
	j->conns = xreallocarray(j->conns, j->nconns + 1, sizeof(*j->conns));
	j->conns[j->nconns] = (struct ju_conn){ .identity = identity,
	    .dn = dn, .server = server };
	return j->nconns++;
}

/* The server part of an identity "<server>\<name>" (NULL if none). */
static char *
ju_identity_server(const char *identity)
{
	const char *bs = strchr(identity, '\\');

	return bs != NULL ? xstrndup(identity, (size_t)(bs - identity)) :
	    NULL;
}

/*
 * The connectors of the model, and the findings grouped by connector: a
 * finding belongs to the connector with its DN; one whose connector is
 * not in the model gets a connector of its own (by identity), whose
 * server is the part of the identity before the backslash.  Such server
 * names are kept in *extra (caller frees each and the array).
 */
static void
ju_conns(struct ju *j, char ***extra, size_t *nextra)
{
	const json_t *cs = json_object_get(j->model, "connectors"), *c, *f;
	const json_t *fs = json_object_get(j->model, "findings");
	struct ju_dn *idx, key, *hit;
	size_t i, k, nidx = 0, nreal, *fconn, *fill;

	*extra = NULL;
	*nextra = 0;
	json_array_foreach(cs, i, c) {
		const char *id = ju_str(c, "identity");

		if (!json_is_object(c))
			continue;
		if (id == NULL)
			id = ju_str(c, "dn");
		(void)ju_conn_add(j, id != NULL ? id : "(unnamed)",
		    ju_str(c, "dn"), ju_str(c, "server"));
	}
	nreal = j->nconns;
	idx = xreallocarray(NULL, nreal + 1, sizeof(*idx));
	for (i = 0; i < nreal; i++)
		if (j->conns[i].dn != NULL)
			idx[nidx++] = (struct ju_dn){ .dn = j->conns[i].dn,
			    .conn = i };
	qsort(idx, nidx, sizeof(*idx), ju_dn_cmp);

	fconn = xreallocarray(NULL, json_array_size(fs) + 1, sizeof(*fconn));
	json_array_foreach(fs, i, f) {
		const char *dn = ju_str(f, "dn"), *id = ju_str0(f, "identity");

		fconn[i] = SIZE_MAX;
		if (!json_is_object(f))
			continue;
		key.dn = dn;
		hit = dn != NULL && nidx > 0 ? bsearch(&key, idx, nidx,
		    sizeof(*idx), ju_dn_cmp) : NULL;
		if (hit != NULL) {
			fconn[i] = hit->conn;
			continue;
		}
		for (k = nreal; k < j->nconns; k++)
			if (strcmp(j->conns[k].identity, id) == 0)
				break;
		if (k == j->nconns) {
			char *srv = ju_identity_server(id);

			if (srv != NULL) {
				*extra = xreallocarray(*extra, *nextra + 1,
				    sizeof(**extra));
				(*extra)[(*nextra)++] = srv;
			}
			k = ju_conn_add(j, id, dn, srv);
		}
		fconn[i] = k;
	}
	free(idx);

	/* Counting sort of the findings by connector. */
	json_array_foreach(fs, i, f)
		if (fconn[i] != SIZE_MAX)
			j->conns[fconn[i]].n++;
	for (i = 0, k = 0; i < j->nconns; i++) {
		j->conns[i].first = k;
		k += j->conns[i].n;
	}
	j->nfindings = k;
	j->byconn = xreallocarray(NULL, k + 1, sizeof(*j->byconn));
	fill = xcalloc(j->nconns + 1, sizeof(*fill));
	json_array_foreach(fs, i, f)
		if (fconn[i] != SIZE_MAX) {
			k = fconn[i];
			j->byconn[j->conns[k].first + fill[k]++] = f;
		}
	free(fill);
	free(fconn);
}

/* NULL (no server) sorts last. */
static int
ju_server_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	if (x == NULL || y == NULL)
		return (x == NULL) - (y == NULL);
	return strcmp(x, y);
}

static bool
ju_same_server(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* The evidence, remediation, verification, baseline and waiver of f. */
static void
ju_details(struct ju_buf *b, const json_t *f)
{
	const json_t *ev = json_object_get(f, "evidence"), *v;
	const json_t *w = json_object_get(f, "waiver");
	size_t i;

	ju_buf_add(b, ju_str0(f, "severity"));
	ju_buf_add(b, ": ");
	ju_buf_add(b, ju_str0(f, "title"));
	ju_buf_add(b, "\nconnector: ");
	ju_buf_add(b, ju_str0(f, "identity"));
	if (ju_str(f, "dn") != NULL) {
		ju_buf_add(b, " (");
		ju_buf_add(b, ju_str(f, "dn"));
		ju_buf_add(b, ")");
	}
	if (json_is_false(json_object_get(f, "connector_enabled")))
		ju_buf_add(b, " [disabled]");
	ju_buf_add(b, "\n");
	json_array_foreach(ev, i, v) {
		if (json_is_string(v)) {
			ju_buf_add(b, "evidence: ");
			ju_buf_add(b, json_string_value(v));
			ju_buf_add(b, "\n");
		}
	}
	if (ju_str(f, "remediation") != NULL) {
		ju_buf_add(b, "remediation: ");
		ju_buf_add(b, ju_str(f, "remediation"));
		ju_buf_add(b, "\n");
	}
	if (ju_str(f, "verify") != NULL) {
		ju_buf_add(b, "verify: ");
		ju_buf_add(b, ju_str(f, "verify"));
		ju_buf_add(b, "\n");
	}
	if (ju_str(f, "baseline") != NULL) {
		ju_buf_add(b, "baseline: ");
		ju_buf_add(b, ju_str(f, "baseline"));
		ju_buf_add(b, "\n");
	}
	if (json_is_object(w)) {
		ju_buf_add(b, "waiver: ");
		ju_buf_add(b, ju_str0(w, "state"));
		ju_buf_add(b, ", expires ");
		ju_buf_add(b, ju_str0(w, "expires"));
		ju_buf_add(b, ", approved by ");
		ju_buf_add(b, ju_str0(w, "approver"));
		if (ju_str(w, "ticket") != NULL) {
			ju_buf_add(b, ", ticket ");
			ju_buf_add(b, ju_str(w, "ticket"));
		}
		ju_buf_add(b, ": ");
		ju_buf_add(b, ju_str0(w, "justification"));
		ju_buf_add(b, "\n");
	}
	if (ju_str(f, "fingerprint") != NULL) {
		ju_buf_add(b, "fingerprint: ");
		ju_buf_add(b, ju_str(f, "fingerprint"));
		ju_buf_add(b, "\n");
	}
}

/* The result element of one finding, under its testcase tc. */
static void
ju_finding(const struct ju *j, xmlNodePtr tc, const json_t *f,
    enum ju_kind kind, enum ju_kind status)
{
	struct ju_buf b = { NULL, 0, 0 };
	xmlNodePtr n;
	char *msg = NULL;

	if (kind == JU_FAIL) {
		ju_details(&b, f);
		n = ju_child(tc, "failure", b.s);
		ju_prop(n, "message", ju_str0(f, "title"));
		ju_prop(n, "type", ju_str0(f, "severity"));
	} else if (kind == JU_SKIP && status == JU_SKIP) {
		ju_details(&b, f);
		n = ju_child(tc, "skipped", b.s);
		(void)xasprintf(&msg, "accepted: %s", ju_str0(
		    json_object_get(f, "waiver"), "justification"));
		ju_prop(n, "message", msg);
	} else {
		if (kind == JU_SKIP)
			ju_buf_add(&b, "finding accepted by a waiver: ");
		else if (ju_rank(f) < j->fail_on) {
			ju_buf_add(&b, "finding below --fail-on ");
			ju_buf_add(&b, j->fail_on_name);
			ju_buf_add(&b, ": ");
		} else
			ju_buf_add(&b, "finding unchanged since the baseline "
			    "(--fail-on-new): ");
		ju_details(&b, f);
		(void)ju_child(tc, "system-out", b.s);
	}
	free(msg);
	free(b.s);
}

/* The testcase of rule r on connector c. */
static void
ju_testcase(struct ju *j, xmlNodePtr suite, const struct ju_conn *c,
    const struct ju_rule *r, unsigned long *failures,
    unsigned long *skipped)
{
	enum ju_kind status = JU_NOTE, k;
	bool any = false;
	xmlNodePtr tc;
	size_t i;
	char *name;

	if (r->title[0] != '\0')
		(void)xasprintf(&name, "%s %s", r->id, r->title);
	else
		name = xstrdup(r->id);
	tc = xmlNewChild(suite, NULL, (const xmlChar *)"testcase", NULL);
	ju_prop(tc, "name", name);
	ju_prop(tc, "classname", c->identity);
	ju_prop(tc, "time", "0");
	free(name);
	for (i = c->first; i < c->first + c->n; i++) {
		if (strcmp(ju_str0(j->byconn[i], "rule"), r->id) != 0)
			continue;
		k = ju_classify(j, j->byconn[i]);
		if (!any || k > status)
			status = k;
		any = true;
	}
	if (!any)
		return;
	/* The deciding elements first, then the rest as system-out. */
	for (i = c->first; i < c->first + c->n; i++) {
		if (strcmp(ju_str0(j->byconn[i], "rule"), r->id) == 0 &&
		    ju_classify(j, j->byconn[i]) == status && status != JU_NOTE)
			ju_finding(j, tc, j->byconn[i], status, status);
	}
	for (i = c->first; i < c->first + c->n; i++) {
		if (strcmp(ju_str0(j->byconn[i], "rule"), r->id) != 0)
			continue;
		k = ju_classify(j, j->byconn[i]);
		if (k != status || status == JU_NOTE)
			ju_finding(j, tc, j->byconn[i], k, status);
	}
	if (status == JU_FAIL)
		(*failures)++;
	else if (status == JU_SKIP)
		(*skipped)++;
}

/* Run-wide facts as <properties>, when the model has them. */
static void
ju_properties(const struct ju *j, xmlNodePtr suite)
{
	const json_t *tool = json_object_get(j->model, "tool");
	const json_t *src = json_object_get(j->model, "source");
	const json_t *opt = json_object_get(j->model, "options");
	const char *kv[][2] = {
		{ "rcaudit.version", ju_str(tool, "version") },
		{ "source.kind", ju_str(src, "kind") },
		{ "source.uri", ju_str(src, "uri") },
		{ "source.sha256", ju_str(src, "sha256") },
		{ "fail_on", ju_str(opt, "fail_on") },
		{ "min_severity", ju_str(opt, "min_severity") },
	};
	xmlNodePtr props = NULL, p;
	size_t i;

	for (i = 0; i < sizeof(kv) / sizeof(kv[0]); i++) {
		if (kv[i][1] == NULL)
			continue;
		if (props == NULL)
			props = xmlNewChild(suite, NULL,
			    (const xmlChar *)"properties", NULL);
		p = xmlNewChild(props, NULL, (const xmlChar *)"property",
		    NULL);
		ju_prop(p, "name", kv[i][0]);
		ju_prop(p, "value", kv[i][1]);
	}
}

/* One <testsuite> for the connectors of server (NULL: none). */
static void
ju_suite(struct ju *j, xmlNodePtr root, const char *server)
{
	unsigned long tests = 0, failures = 0, skipped = 0;
	const char *when = ju_str(j->model, "generated");
	xmlNodePtr s;
	size_t i, k;

	s = xmlNewChild(root, NULL, (const xmlChar *)"testsuite", NULL);
	ju_prop(s, "name", server != NULL ? server : JU_NO_SERVER);
	ju_properties(j, s);
	for (i = 0; i < j->nconns; i++) {
		if (!ju_same_server(j->conns[i].server, server))
			continue;
		for (k = 0; k < j->nrules; k++) {
			ju_testcase(j, s, &j->conns[i], &j->rules[k],
			    &failures, &skipped);
			tests++;
		}
	}
	ju_prop_num(s, "tests", tests);
	ju_prop_num(s, "failures", failures);
	ju_prop_num(s, "errors", 0);
	ju_prop_num(s, "skipped", skipped);
	ju_prop(s, "time", "0");
	if (when != NULL)
		ju_prop(s, "timestamp", when);
	j->tests += tests;
	j->failures += failures;
	j->skipped += skipped;
}

/*
 * Write the audit in model (the JSON report, borrowed) to fp as JUnit
 * XML; see the top of this file for the mapping.  The rules come from the
 * model's "rules" (the enabled ones) plus every rule that fired; without
 * "rules", only the rules that fired get testcases.  Returns 0, or -1
 * with e set: ERR_DATA when model has no "findings" array, ERR_INTERNAL
 * when the document cannot be serialised, ERR_IO when fp fails.
 */
int
report_junit_write(FILE *fp, const json_t *model, struct err *e)
{
	struct ju j = { .model = model };
	const char **servers = NULL;
	char **extra = NULL;
	size_t i, nservers = 0, nextra = 0;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	xmlChar *mem = NULL;
	int size = 0, rc = -1;

	if (!json_is_array(json_object_get(model, "findings")))
		return err_set(e, ERR_DATA,
		    "report model: no \"findings\" array");
	ju_options(&j);
	ju_rules(&j);
	ju_conns(&j, &extra, &nextra);

	servers = xreallocarray(NULL, j.nconns + 1, sizeof(*servers));
	for (i = 0; i < j.nconns; i++)
		servers[i] = j.conns[i].server;
	qsort(servers, j.nconns, sizeof(*servers), ju_server_cmp);

	doc = xmlNewDoc((const xmlChar *)"1.0");
	root = xmlNewDocNode(doc, NULL, (const xmlChar *)"testsuites", NULL);
	(void)xmlDocSetRootElement(doc, root);
	ju_prop(root, "name", "rcaudit");
	for (i = 0; i < j.nconns; i++) {
		if (i > 0 && ju_same_server(servers[i], servers[i - 1]))
			continue;
		nservers++;
		ju_suite(&j, root, servers[i]);
	}
	ju_prop_num(root, "tests", j.tests);
	ju_prop_num(root, "failures", j.failures);
	ju_prop_num(root, "errors", 0);
	ju_prop(root, "time", "0");

	xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
	if (mem == NULL || size <= 0) {
		(void)err_set(e, ERR_INTERNAL,
		    "JUnit report: cannot serialise the document");
		goto fail;
	}
	if (fwrite(mem, 1, (size_t)size, fp) != (size_t)size ||
	    fflush(fp) == EOF) {
		(void)err_set(e, ERR_IO, "JUnit report: %s", strerror(errno));
		goto fail;
	}
	rc = 0;
fail:
	xmlFree(mem);
	xmlFreeDoc(doc);
	for (i = 0; i < nextra; i++)
		free(extra[i]);
	free(extra);
	free(servers);
	free(j.byconn);
	free(j.conns);
	free(j.rules);
	return rc;
}
