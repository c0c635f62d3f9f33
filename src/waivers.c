/* SPDX-License-Identifier: ISC */
/*
 * Waivers (include/waivers.h, rcaudit-waivers(5)): load a waivers file
 * the way rules are loaded (libxml2 without network access or entity
 * expansion, no DOCTYPE, RELAX NG validation against rules/waivers.rng),
 * check what the schema cannot (calendar dates, blank text, repeated
 * waivers), report every problem as "file:line: message" in line order,
 * and match waivers to findings.
 */
#define _GNU_SOURCE		/* FNM_CASEFOLD */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "waivers.h"
#include "xmlconf.h"
#include "xmalloc.h"

/* ------------------------------------------------------------ errors */

/* ------------------------------------------------------------ checks */

static bool
is_guid(const char *s)
{
	static const size_t groups[] = { 8, 4, 4, 4, 12 };
	size_t g, i;

	for (g = 0; g < 5; g++) {
		for (i = 0; i < groups[g]; i++, s++)
			if (!isxdigit((unsigned char)*s))
				return false;
		if (*s != (g < 4 ? '-' : '\0'))
			return false;
		s++;
	}
	return true;
}

/*
 * Is s a date of the proleptic Gregorian calendar written YYYY-MM-DD
 * (years 0001 to 9999)?
 */
bool
waiver_date_is_valid(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d, i, max;

	if (s == NULL || strlen(s) != WAIVER_DATE_LEN)
		return false;
	for (i = 0; i < WAIVER_DATE_LEN; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (!isdigit((unsigned char)s[i])) {
			return false;
		}
	}
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return false;
	max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d <= max;
}

/* One <waiver> as read, before it is kept. */
struct wdraft {
	char		*rule;
	char		*expires;
	enum waiver_by	 by;
	char		*connector;
	char		*justification;
	char		*approver;
	char		*ticket;
	long		 line;
};

static void
wdraft_clear(struct wdraft *d)
{
	free(d->rule);
	free(d->expires);
	free(d->connector);
	free(d->justification);
	free(d->approver);
	free(d->ticket);
	memset(d, 0, sizeof(*d));
}

/* Non-blank text of a child element, or a problem. */
static char *
required_text(xmlNodePtr k, struct xproblems *xp, const char *file)
{
	char *s = xmlconf_text(k);

	if (*s == '\0')
		xp_add(xp, file, xmlGetLineNo(k), "'%s' is empty",
		    (const char *)k->name);
	return s;
}

/*
 * Read one <waiver> element into d, checking what the schema does not
 * (or says vaguely).  Missing parts stay NULL.
 */
static void
waiver_read(xmlNodePtr n, struct wdraft *d, struct xproblems *xp,
    const char *file)
{
	static const char *const bys[] = { "guid", "identity",
	    "identity-glob" };
	xmlNodePtr k;
	bool connector = false;
	char *v;
	size_t i;

	memset(d, 0, sizeof(*d));
	d->line = xmlGetLineNo(n);
	d->rule = xmlconf_attr(n, "rule");
	if (d->rule == NULL)
		xp_add(xp, file, d->line, "waiver has no 'rule'");
	else if (!xmlconf_is_rule_id(d->rule))
		xp_add(xp, file, d->line, "rule '%.64s' is not a rule id (such as "
		    "RCA-003)", d->rule);
	d->expires = xmlconf_attr(n, "expires");
	if (d->expires == NULL)
		xp_add(xp, file, d->line, "waiver has no 'expires' date");
	else if (!waiver_date_is_valid(d->expires))
		xp_add(xp, file, d->line, "expires '%.64s' is not a date "
		    "(YYYY-MM-DD)", d->expires);
	for (k = n->children; k != NULL; k = k->next) {
		if (!xmlconf_is_elem(k, NULL))
			continue;
		if (strcmp((const char *)k->name, "connector") == 0) {
			if (!connector && !xmlHasProp(k,
			    (const xmlChar *)"guid") && !xmlHasProp(k,
			    (const xmlChar *)"identity") && !xmlHasProp(k,
			    (const xmlChar *)"identity-glob"))
				xp_add(xp, file, xmlGetLineNo(k), "connector has no "
				    "'guid', 'identity' or 'identity-glob'");
			connector = true;
			for (i = 0; i < 3; i++) {
				if ((v = xmlconf_attr(k, bys[i])) == NULL)
					continue;
				if (d->connector == NULL) {
					d->by = (enum waiver_by)i;
					d->connector = v;
				} else {
					free(v);	/* the schema says it */
					continue;
				}
				if (i == WAIVER_BY_GUID && !is_guid(v))
					xp_add(xp, file, xmlGetLineNo(k), "guid "
					    "'%.64s' is not an objectGUID "
					    "(xxxxxxxx-xxxx-xxxx-xxxx-"
					    "xxxxxxxxxxxx)", v);
				else if (*v == '\0')
					xp_add(xp, file, xmlGetLineNo(k), "'%s' is "
					    "empty", bys[i]);
			}
		} else if (strcmp((const char *)k->name,
		    "justification") == 0 && d->justification == NULL) {
			d->justification = required_text(k, xp, file);
		} else if (strcmp((const char *)k->name, "approver") == 0 &&
		    d->approver == NULL) {
			d->approver = required_text(k, xp, file);
		} else if (strcmp((const char *)k->name, "ticket") == 0 &&
		    d->ticket == NULL) {
			d->ticket = required_text(k, xp, file);
		}
	}
	if (!connector)
		xp_add(xp, file, d->line, "waiver has no <connector>");
	if (d->justification == NULL)
		xp_add(xp, file, d->line, "waiver has no <justification>");
	if (d->approver == NULL)
		xp_add(xp, file, d->line, "waiver has no <approver>");
}

/* Same rule, same way of naming the connector, same name (any case)? */
static bool
wdraft_same(const struct wdraft *a, const struct wdraft *b)
{
	return a->rule != NULL && b->rule != NULL && a->connector != NULL &&
	    b->connector != NULL && a->by == b->by &&
	    strcmp(a->rule, b->rule) == 0 &&
	    strcasecmp(a->connector, b->connector) == 0;
}

/*
 * Read every <waiver> of root; keep them in ws only when the whole file
 * is free of problems (counting those the schema found).
 */
static void
waivers_read(struct waiverset *ws, xmlNodePtr root, struct xproblems *xp,
    const char *file)
{
	struct wdraft *d = NULL;
	size_t nd = 0, i, j;
	xmlNodePtr n;

	for (n = root->children; n != NULL; n = n->next) {
		if (!xmlconf_is_elem(n, "waiver"))
			continue;
		d = xreallocarray(d, nd + 1, sizeof(*d));
		waiver_read(n, &d[nd], xp, file);
		for (j = 0; j < nd; j++) {
			if (!wdraft_same(&d[j], &d[nd]))
				continue;
			xp_add(xp, file, d[nd].line, "a waiver of %s for %s '%.64s' "
			    "is already given at line %ld", d[nd].rule,
			    waiver_by_name(d[nd].by), d[nd].connector,
			    d[j].line);
			break;
		}
		nd++;
	}
	if (xp->n == 0 && nd > 0) {
		ws->w = xcalloc(nd, sizeof(*ws->w));
		for (i = 0; i < nd; i++) {
			struct waiver *w = &ws->w[i];

			w->rule = d[i].rule;
			w->by = d[i].by;
			w->connector = d[i].connector;
			w->justification = d[i].justification;
			w->approver = d[i].approver;
			w->ticket = d[i].ticket;
			(void)snprintf(w->expires, sizeof(w->expires), "%s",
			    d[i].expires);
			free(d[i].expires);
			w->line = d[i].line;
		}
		ws->n = nd;
	} else {
		for (i = 0; i < nd; i++)
			wdraft_clear(&d[i]);
	}
	free(d);
}

/* ------------------------------------------------------------ loading */

/*
 * Load and validate a waivers file; see include/waivers.h.  Every problem
 * is gathered before failing: those of the XML parser, those of the
 * schema and ours, in line order.
 */
int
waivers_load(struct waiverset *ws, const char *path, const char *schema_path,
    struct err *e)
{
	struct xproblems xp = { NULL, 0 };
	xmlRelaxNGPtr schema;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	bool valid;

	memset(ws, 0, sizeof(*ws));
	if ((schema = xmlconf_schema(schema_path, &xp)) == NULL) {
		xp_free(&xp);
		return err_set(e, ERR_CONFIG, "%s: cannot load the waivers "
		    "schema", schema_path);
	}
	doc = xmlconf_read(path, schema, "waivers", &xp, &valid);
	xmlRelaxNGFree(schema);
	/* Our checks run either way, so that every problem is reported. */
	if (doc != NULL && (root = xmlDocGetRootElement(doc)) != NULL &&
	    xmlconf_is_elem(root, "waivers"))
		waivers_read(ws, root, &xp, path);
	xmlFreeDoc(doc);
	if (xp.n > 0) {
		waivers_clear(ws);
		return xp_fail(&xp, e);
	}
	ws->file = xstrdup(path);
	return 0;
}

static void
hits_clear(struct waiver *w)
{
	size_t i;

	for (i = 0; i < w->nhits; i++) {
		free(w->hits[i].identity);
		free(w->hits[i].dn);
		free(w->hits[i].fingerprint);
	}
	free(w->hits);
	w->hits = NULL;
	w->nhits = 0;
}

/* Free every waiver of ws and what they recorded; ws is then empty. */
void
waivers_clear(struct waiverset *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++) {
		struct waiver *w = &ws->w[i];

		free(w->rule);
		free(w->connector);
		free(w->justification);
		free(w->approver);
		free(w->ticket);
		hits_clear(w);
	}
	free(ws->w);
	free(ws->file);
	memset(ws, 0, sizeof(*ws));
}

/* ------------------------------------------------------------ matching */

/*
 * Does w name the rule and the connector of f?  Identities and GUIDs
 * compare in any case (Active Directory names are case-insensitive); a
 * glob is fnmatch(3) with FNM_NOESCAPE, since identities contain a
 * backslash.  Returns 1, 0, or -1 when fnmatch fails (never a match).
 */
int
waiver_match(const struct waiver *w, const struct finding *f)
{
	int r;

	if (strcmp(w->rule, rule_id(f->rule)) != 0)
		return 0;
	switch (w->by) {
	case WAIVER_BY_GUID:
		return f->guid != NULL && strcasecmp(w->connector,
		    f->guid) == 0;
	case WAIVER_BY_IDENTITY:
		return strcasecmp(w->connector, f->identity) == 0;
	case WAIVER_BY_GLOB:
		r = fnmatch(w->connector, f->identity,
		    FNM_NOESCAPE | FNM_CASEFOLD);
		return r == 0 ? 1 : r == FNM_NOMATCH ? 0 : -1;
	}
	return -1;
}

static struct finding_waiver *
mark_new(const struct waiver *w)
{
	struct finding_waiver *fw = xcalloc(1, sizeof(*fw));

	fw->active = !w->expired;
	fw->justification = xstrdup(w->justification);
	fw->approver = xstrdup(w->approver);
	fw->ticket = w->ticket != NULL ? xstrdup(w->ticket) : NULL;
	fw->expires = xstrdup(w->expires);
	return fw;
}

static void
mark_free(struct finding_waiver *fw)
{
	if (fw == NULL)
		return;
	free(fw->justification);
	free(fw->approver);
	free(fw->ticket);
	free(fw->expires);
	free(fw);
}

/*
 * Mark the findings that the waivers match; see include/waivers.h.  A
 * waiver expires after its expiry date: on that day it still waives.
 */
void
waivers_apply(struct waiverset *ws, struct finding *f, size_t n,
    const char *today)
{
	const struct waiver *best;
	struct waiver *w;
	struct waiver_hit *h;
	size_t i, j;

	for (j = 0; j < ws->n; j++) {
		hits_clear(&ws->w[j]);
		ws->w[j].expired = strcmp(ws->w[j].expires, today) < 0;
	}
	for (i = 0; i < n; i++) {
		best = NULL;
		for (j = 0; j < ws->n; j++) {
			w = &ws->w[j];
			if (waiver_match(w, &f[i]) != 1)
				continue;
			w->hits = xreallocarray(w->hits, w->nhits + 1,
			    sizeof(*w->hits));
			h = &w->hits[w->nhits++];
			h->identity = xstrdup(f[i].identity);
			h->dn = xstrdup(f[i].dn);
			h->fingerprint = xstrdup(f[i].fingerprint);
			if (best == NULL || (best->expired && !w->expired))
				best = w;
		}
		mark_free(f[i].waiver);
		f[i].waiver = best != NULL ? mark_new(best) : NULL;
	}
}

/* Active, expired or stale (see waivers_apply). */
enum waiver_state
waiver_state(const struct waiver *w)
{
	if (w->expired)
		return WAIVER_EXPIRED;
	return w->nhits > 0 ? WAIVER_ACTIVE : WAIVER_STALE;
}

/* The state as it is written in reports. */
const char *
waiver_state_name(enum waiver_state s)
{
	switch (s) {
	case WAIVER_ACTIVE:
		return "active";
	case WAIVER_EXPIRED:
		return "expired";
	case WAIVER_STALE:
		return "stale";
	}
	return "unknown";
}

/* How a waiver names its connector, as the attribute of <connector>. */
const char *
waiver_by_name(enum waiver_by by)
{
	switch (by) {
	case WAIVER_BY_GUID:
		return "guid";
	case WAIVER_BY_IDENTITY:
		return "identity";
	case WAIVER_BY_GLOB:
		return "identity-glob";
	}
	return "unknown";
}

/*
 * Today as YYYY-MM-DD: env (RCAUDIT_TODAY) when set, else the local date.
 * Returns 0, or -1 with ERR_USAGE.
 */
int
waivers_today(const char *env, char *buf, struct err *e)
{
	struct tm tm;
	time_t now;

	if (env != NULL && *env != '\0') {
		if (!waiver_date_is_valid(env))
			return err_set(e, ERR_USAGE, "RCAUDIT_TODAY '%.64s' is "
			    "not a date (YYYY-MM-DD)", env);
		memcpy(buf, env, WAIVER_DATE_LEN + 1);
		return 0;
	}
	now = time(NULL);
	if (now == (time_t)-1 || localtime_r(&now, &tm) == NULL ||
	    strftime(buf, WAIVER_DATE_LEN + 1, "%Y-%m-%d", &tm) !=
	    WAIVER_DATE_LEN)
		return err_set(e, ERR_USAGE, "cannot read today's date");
	return 0;
}
