/* SPDX-License-Identifier: ISC */
/*
 * The audit as SARIF 2.1.0 (OASIS Static Analysis Results Interchange
 * Format), for code-scanning dashboards: GitHub code scanning, Azure
 * DevOps, SARIF viewers.  Rendered with jansson from the JSON model of
 * the audit, so that escaping holds by construction.
 *
 * One run; tool.driver describes rcaudit and its rules (reportingDescriptor:
 * id, a PascalCase name, the title as shortDescription, the description as
 * fullDescription, help as text and Markdown with the references,
 * defaultConfiguration.level, and properties.security-severity and tags).
 * Each reported finding is one result: its level follows the severity
 * (critical and high: error, medium: warning, low and info: note), the
 * message is the title, the connector and the evidence, and the location
 * is logical (the connector: fullyQualifiedName its DN, name its
 * identity, kind "object"), since a directory object has no file and
 * line.  partialFingerprints["rcaudit/v1"] is the finding's fingerprint;
 * an active waiver is an external, accepted suppression; the baseline
 * mark is baselineState (changed is "updated"), and each finding of the
 * baseline that was not seen again is a result with baselineState
 * "absent", kind "pass" and level "none" (SARIF 3.27.9: a result whose
 * kind is not "fail" has level "none").  The invocation's exitCode and
 * executionSuccessful follow rcaudit's exit status as the summary implies
 * it: 4 (incomplete, not successful) when a connector could not be
 * evaluated, else 1 when a finding fails the run, else 0.
 *
 * The output validates against the OASIS SARIF 2.1.0 schema (errata 01;
 * tests/schemas/sarif-schema-2.1.0.json).
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report.h"
#include "xmalloc.h"

#ifndef RCA_VERSION
#define RCA_VERSION "unknown"
#endif

#define SARIF_SCHEMA	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/" \
			"errata01/os/schemas/sarif-schema-2.1.0.json"
#define SARIF_FP_KEY	"rcaudit/v1"

/* A rule descriptor, from the model's "rules" or from its findings. */
struct sa_rule {
	const char	*id;
	const char	*title;
	const char	*description;	/* or NULL */
	const json_t	*refs;		/* [{title, url}] or NULL */
	int		 rank;		/* severity */
	bool		 enabled;
	bool		 described;	/* from the model's "rules" */
};

struct sa {
	const json_t	*model;
	struct sa_rule	*rules;
	size_t		 nrules;
};

/* A growing string; sa_buf_add() appends. */
struct sa_buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

static void
sa_buf_addn(struct sa_buf *b, const char *s, size_t n)
{
	if (b->cap - b->len <= n) {
		while (b->cap - b->len <= n)
			b->cap = b->cap == 0 ? 256 : b->cap * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sa_buf_add(struct sa_buf *b, const char *s)
{
	sa_buf_addn(b, s, strlen(s));
}

static const char *
sa_str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static const char *
sa_str0(const json_t *o, const char *k)
{
	const char *s = sa_str(o, k);

	return s != NULL ? s : "";
}

/* A severity's rank; unknown ones count as critical (fail closed). */
static int
sa_rank(const char *sev)
{
	int r = sev != NULL ? severity_parse(sev) : -1;

	return r == -1 ? SEV_CRITICAL : r;
}

static const char *
sa_level(int rank)
{
	switch (rank) {
	case SEV_CRITICAL:
	case SEV_HIGH:
		return "error";
	case SEV_MEDIUM:
		return "warning";
	default:
		return "note";
	}
}

/*
 * GitHub's security-severity (a CVSS-like score: 9.0 and above critical,
 * 7.0 high, 4.0 medium, 0.1 low); NULL for info, which is no risk score.
 */
static const char *
sa_security_severity(int rank)
{
	switch (rank) {
	case SEV_CRITICAL:
		return "9.5";
	case SEV_HIGH:
		return "8.0";
	case SEV_MEDIUM:
		return "5.5";
	case SEV_LOW:
		return "3.0";
	default:
		return NULL;
	}
}

static struct sa_rule *
sa_rule_find(const struct sa *s, const char *id, size_t *index)
{
	size_t i;

	for (i = 0; i < s->nrules; i++)
		if (strcmp(s->rules[i].id, id) == 0) {
			if (index != NULL)
				*index = i;
			return &s->rules[i];
		}
	return NULL;
}

/* A rule that fired (or was resolved) but is not in the model's "rules". */
static void
sa_rule_from(struct sa *s, const json_t *f)
{
	const char *id = sa_str(f, "rule");
	struct sa_rule *r;
	int rank = sa_rank(sa_str(f, "severity"));

	if (id == NULL)
		return;
	if ((r = sa_rule_find(s, id, NULL)) != NULL) {
		if (!r->described && r->rank < rank)
			r->rank = rank;
		return;
	}
	s->rules = xreallocarray(s->rules, s->nrules + 1, sizeof(*s->rules));
	s->rules[s->nrules++] = (struct sa_rule){ .id = id,
	    .title = sa_str0(f, "title"), .description = sa_str(f,
	    "description"), .refs = NULL, .rank = rank, .enabled = true };
	r = &s->rules[s->nrules - 1];
	if (json_is_array(json_object_get(f, "references")))
		r->refs = json_object_get(f, "references");
}

/*
 * Every rule of the model's "rules" (disabled ones too, with
 * defaultConfiguration.enabled false), then the rules of findings and
 * resolved findings that it lacks.  The severity of a rule known only
 * from findings is the highest they have (a finding on a disabled
 * connector is one lower than its rule).
 */
static void
sa_rules(struct sa *s)
{
	const json_t *rs = json_object_get(s->model, "rules"), *r, *f;
	size_t i;

	json_array_foreach(rs, i, r) {
		const char *id = sa_str(r, "id");

		if (id == NULL || sa_rule_find(s, id, NULL) != NULL)
			continue;
		s->rules = xreallocarray(s->rules, s->nrules + 1,
		    sizeof(*s->rules));
		s->rules[s->nrules++] = (struct sa_rule){ .id = id,
		    .title = sa_str0(r, "title"),
		    .description = sa_str(r, "description"),
		    .refs = json_object_get(r, "references"),
		    .rank = sa_rank(sa_str(r, "severity")),
		    .enabled = !json_is_false(json_object_get(r, "enabled")),
		    .described = true };
		if (!json_is_array(s->rules[s->nrules - 1].refs))
			s->rules[s->nrules - 1].refs = NULL;
	}
	json_array_foreach(json_object_get(s->model, "findings"), i, f)
		sa_rule_from(s, f);
	json_array_foreach(json_object_get(s->model, "resolved"), i, f)
		sa_rule_from(s, f);
}

/* "Anonymous relay open to ..." -> "AnonymousRelayOpenTo..." (ASCII). */
static json_t *
sa_name(const struct sa_rule *r)
{
	struct sa_buf b = { NULL, 0, 0 };
	bool start = true;
	const char *p;
	json_t *j;
	char c;

	for (p = r->title; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) || (unsigned char)*p > 0x7f) {
			start = true;
			continue;
		}
		c = start ? (char)toupper((unsigned char)*p) : *p;
		sa_buf_addn(&b, &c, 1);
		start = false;
	}
	j = json_string(b.s != NULL ? b.s : r->id);
	free(b.s);
	return j;
}

/* s with Markdown's inline syntax characters backslash-escaped. */
static void
sa_md(struct sa_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("\\`*_[]<>|~#", *s) != NULL)
			sa_buf_add(b, "\\");
		sa_buf_addn(b, s, 1);
	}
}

/* An http(s) URL that can stand in a Markdown link and in helpUri. */
static bool
sa_url_ok(const char *u)
{
	const char *p;

	if (u == NULL || (strncmp(u, "https://", 8) != 0 &&
	    strncmp(u, "http://", 7) != 0))
		return false;
	for (p = u; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("()<>\"\\`", *p) != NULL)
			return false;
	return true;
}

/* help: {text, markdown}: the description and the references. */
static json_t *
sa_help(const struct sa_rule *r)
{
	struct sa_buf t = { NULL, 0, 0 }, m = { NULL, 0, 0 };
	const json_t *ref;
	json_t *j;
	size_t i;

	sa_buf_add(&t, r->title);
	sa_buf_add(&m, "**");
	sa_md(&m, r->title);
	sa_buf_add(&m, "**");
	if (r->description != NULL) {
		sa_buf_add(&t, "\n\n");
		sa_buf_add(&t, r->description);
		sa_buf_add(&m, "\n\n");
		sa_md(&m, r->description);
	}
	if (json_array_size(r->refs) > 0) {
		sa_buf_add(&t, "\n\nReferences:");
		sa_buf_add(&m, "\n\nReferences:\n");
	}
	json_array_foreach(r->refs, i, ref) {
		const char *title = sa_str0(ref, "title"), *url =
		    sa_str(ref, "url");

		sa_buf_add(&t, "\n- ");
		sa_buf_add(&t, title);
		if (url != NULL) {
			sa_buf_add(&t, ": ");
			sa_buf_add(&t, url);
		}
		sa_buf_add(&m, "\n- ");
		if (sa_url_ok(url)) {
			sa_buf_add(&m, "[");
			sa_md(&m, title);
			sa_buf_add(&m, "](");
			sa_buf_add(&m, url);
			sa_buf_add(&m, ")");
		} else {
			sa_md(&m, title);
			if (url != NULL) {
				sa_buf_add(&m, ": ");
				sa_md(&m, url);
			}
		}
	}
	j = json_pack("{s:s, s:s}", "text", t.s, "markdown", m.s);
	free(t.s);
	free(m.s);
	return j;
}

/* A reportingDescriptor for r. */
static json_t *
sa_descriptor(const struct sa_rule *r)
{
	const char *sec = sa_security_severity(r->rank);
	const json_t *ref0 = json_array_get(r->refs, 0);
	json_t *d, *props;

	props = json_pack("{s:s, s:[s, s, s]}",
	    "severity", severity_name((enum severity)r->rank),
	    "tags", "security", "exchange", "smtp-relay");
	if (sec != NULL)
		json_object_set_new(props, "security-severity",
		    json_string(sec));
	d = json_pack("{s:s, s:o, s:{s:s}}", "id", r->id, "name", sa_name(r),
	    "shortDescription", "text", r->title);
	json_object_set_new(d, "fullDescription", json_pack("{s:s}", "text",
	    r->description != NULL ? r->description : r->title));
	if (sa_url_ok(sa_str(ref0, "url")))
		json_object_set_new(d, "helpUri",
		    json_string(sa_str(ref0, "url")));
	json_object_set_new(d, "help", sa_help(r));
	json_object_set_new(d, "defaultConfiguration", json_pack(
	    "{s:b, s:s}", "enabled", r->enabled, "level", sa_level(r->rank)));
	json_object_set_new(d, "properties", props);
	return d;
}

/* The connector of a finding as a SARIF location. */
static json_t *
sa_location(const json_t *f)
{
	const char *id = sa_str0(f, "identity"), *dn = sa_str(f, "dn");

	return json_pack("{s:[{s:s, s:s, s:s}]}", "logicalLocations",
	    "name", id, "fullyQualifiedName", dn != NULL ? dn : id,
	    "kind", "object");
}

/* ruleId and, when the rule is described, ruleIndex. */
static void
sa_rule_ref(const struct sa *s, json_t *res, const json_t *f)
{
	const char *id = sa_str(f, "rule");
	size_t index;

	if (id == NULL)
		return;
	json_object_set_new(res, "ruleId", json_string(id));
	if (sa_rule_find(s, id, &index) != NULL)
		json_object_set_new(res, "ruleIndex",
		    json_integer((json_int_t)index));
}

/* "<title> on <identity>: <evidence>; <evidence>". */
static json_t *
sa_message(const json_t *f, const char *tail)
{
	const json_t *ev = json_object_get(f, "evidence"), *v;
	struct sa_buf b = { NULL, 0, 0 };
	json_t *m;
	size_t i, n = 0;

	sa_buf_add(&b, sa_str0(f, "title"));
	sa_buf_add(&b, " on ");
	sa_buf_add(&b, sa_str0(f, "identity"));
	json_array_foreach(ev, i, v) {
		if (!json_is_string(v))
			continue;
		sa_buf_add(&b, n++ == 0 ? ": " : "; ");
		sa_buf_add(&b, json_string_value(v));
	}
	if (tail != NULL)
		sa_buf_add(&b, tail);
	m = json_pack("{s:s}", "text", b.s);
	free(b.s);
	return m;
}

/* A reported finding as a result. */
static json_t *
sa_result(const struct sa *s, const json_t *f)
{
	const json_t *w = json_object_get(f, "waiver");
	const char *base = sa_str(f, "baseline"), *fp = sa_str(f,
	    "fingerprint");
	int rank = sa_rank(sa_str(f, "severity"));
	json_t *res = json_object(), *props;

	sa_rule_ref(s, res, f);
	json_object_set_new(res, "level", json_string(sa_level(rank)));
	json_object_set_new(res, "message", sa_message(f, NULL));
	json_object_set_new(res, "locations", json_pack("[o]",
	    sa_location(f)));
	if (fp != NULL)
		json_object_set_new(res, "partialFingerprints",
		    json_pack("{s:s}", SARIF_FP_KEY, fp));
	if (json_is_object(w) && strcmp(sa_str0(w, "state"), "active") == 0) {
		json_t *sp = json_pack("{s:s, s:s?, s:s?}", "approver",
		    sa_str0(w, "approver"), "ticket", sa_str(w, "ticket"),
		    "expires", sa_str(w, "expires"));

		json_object_set_new(res, "suppressions", json_pack(
		    "[{s:s, s:s, s:s, s:o}]", "kind", "external",
		    "status", "accepted", "justification",
		    sa_str0(w, "justification"), "properties", sp));
	}
	if (base != NULL && (strcmp(base, "new") == 0 ||
	    strcmp(base, "unchanged") == 0))
		json_object_set_new(res, "baselineState", json_string(base));
	else if (base != NULL && strcmp(base, "changed") == 0)
		json_object_set_new(res, "baselineState",
		    json_string("updated"));
	props = json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s?}",
	    "severity", severity_name((enum severity)rank),
	    "identity", sa_str0(f, "identity"),
	    "objectGuid", sa_str(f, "object_guid"),
	    "remediation", sa_str(f, "remediation"),
	    "verify", sa_str(f, "verify"),
	    "baseline", base);
	if (json_is_boolean(json_object_get(f, "connector_enabled")))
		json_object_set_new(props, "connectorEnabled", json_boolean(
		    json_is_true(json_object_get(f, "connector_enabled"))));
	if (json_is_object(w))
		json_object_set_new(props, "waiver", json_deep_copy(w));
	json_object_set_new(res, "properties", props);
	return res;
}

/* A finding of the baseline that this run did not see again. */
static json_t *
sa_absent(const struct sa *s, const json_t *f)
{
	const char *fp = sa_str(f, "fingerprint");
	int rank = sa_rank(sa_str(f, "severity"));
	json_t *res = json_object();

	sa_rule_ref(s, res, f);
	json_object_set_new(res, "kind", json_string("pass"));
	json_object_set_new(res, "level", json_string("none"));
	json_object_set_new(res, "message", sa_message(f,
	    " (resolved since the baseline)"));
	json_object_set_new(res, "locations", json_pack("[o]",
	    sa_location(f)));
	if (fp != NULL)
		json_object_set_new(res, "partialFingerprints",
		    json_pack("{s:s}", SARIF_FP_KEY, fp));
	json_object_set_new(res, "baselineState", json_string("absent"));
	json_object_set_new(res, "properties", json_pack("{s:s, s:s, s:s?}",
	    "severity", severity_name((enum severity)rank),
	    "identity", sa_str0(f, "identity"),
	    "objectGuid", sa_str(f, "object_guid")));
	return res;
}

/* The invocation, as far as the summary tells it (see the top). */
static json_t *
sa_invocation(const struct sa *s)
{
	const json_t *sum = json_object_get(s->model, "summary");
	json_int_t unev = json_integer_value(json_object_get(sum,
	    "unevaluated"));
	json_int_t failing = json_integer_value(json_object_get(sum,
	    "failing"));
	json_t *inv;
	char *msg = NULL;

	if (!json_is_object(sum))
		return json_pack("{s:b}", "executionSuccessful", 1);
	if (unev > 0) {
		(void)xasprintf(&msg, "incomplete: %lld connector%s could not "
		    "be evaluated", (long long)unev, unev == 1 ? "" : "s");
		inv = json_pack("{s:b, s:i, s:s, s:[{s:{s:s}, s:s}]}",
		    "executionSuccessful", 0, "exitCode", 4,
		    "exitCodeDescription", msg,
		    "toolExecutionNotifications", "message", "text", msg,
		    "level", "error");
	} else if (failing > 0) {
		(void)xasprintf(&msg, "%lld finding%s at or above --fail-on",
		    (long long)failing, failing == 1 ? "" : "s");
		inv = json_pack("{s:b, s:i, s:s}", "executionSuccessful", 1,
		    "exitCode", 1, "exitCodeDescription", msg);
	} else
		inv = json_pack("{s:b, s:i, s:s}", "executionSuccessful", 1,
		    "exitCode", 0, "exitCodeDescription",
		    "no finding at or above --fail-on");
	free(msg);
	return inv;
}

/* What the run read and decided, copied into run.properties. */
static json_t *
sa_run_properties(const struct sa *s)
{
	static const char *const keys[] = { "schema_version", "source",
	    "generated", "options", "summary" };
	json_t *p = json_object();
	const json_t *v;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if ((v = json_object_get(s->model, keys[i])) != NULL)
			json_object_set_new(p, keys[i], json_deep_copy(v));
	return p;
}

/*
 * Write the audit in model (the JSON report, borrowed) to fp as one SARIF
 * 2.1.0 log; see the top of this file for the mapping.  Returns 0, or -1
 * with e set: ERR_DATA when model has no "findings" array, ERR_IO when
 * fp fails.
 */
int
report_sarif_write(FILE *fp, const json_t *model, struct err *e)
{
	struct sa s = { .model = model };
	const json_t *tool = json_object_get(model, "tool"), *f;
	json_t *log, *driver, *rules, *results;
	const char *version = sa_str(tool, "version");
	size_t i;
	int rc;

	if (!json_is_array(json_object_get(model, "findings")))
		return err_set(e, ERR_DATA,
		    "report model: no \"findings\" array");
	sa_rules(&s);
	rules = json_array();
	for (i = 0; i < s.nrules; i++)
		json_array_append_new(rules, sa_descriptor(&s.rules[i]));
	driver = json_pack("{s:s, s:s}", "name", "rcaudit", "version",
	    version != NULL ? version : RCA_VERSION);
	if (sa_url_ok(sa_str(tool, "information_uri")))
		json_object_set_new(driver, "informationUri",
		    json_string(sa_str(tool, "information_uri")));
	json_object_set_new(driver, "rules", rules);

	results = json_array();
	json_array_foreach(json_object_get(model, "findings"), i, f)
		if (json_is_object(f))
			json_array_append_new(results, sa_result(&s, f));
	json_array_foreach(json_object_get(model, "resolved"), i, f)
		if (json_is_object(f))
			json_array_append_new(results, sa_absent(&s, f));

	log = json_pack("{s:s, s:s, s:[{s:{s:o}, s:[o], s:o, s:o}]}",
	    "$schema", SARIF_SCHEMA, "version", "2.1.0", "runs",
	    "tool", "driver", driver, "invocations", sa_invocation(&s),
	    "results", results, "properties", sa_run_properties(&s));
	free(s.rules);
	if (log == NULL)
		return err_set(e, ERR_INTERNAL,
		    "SARIF report: cannot build the document");
	rc = json_dumpf(log, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(log);
	if (rc == -1 || fputc('\n', fp) == EOF || fflush(fp) == EOF)
		return err_set(e, ERR_IO, "SARIF report: %s", strerror(errno));
	return 0;
}
