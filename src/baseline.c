/* SPDX-License-Identifier: ISC */
/*
 * Baselines (include/baseline.h): read an earlier JSON report with
 * jansson, check that it is an rcaudit audit report, and mark this run's
 * findings new, changed or unchanged against it.  Fingerprints name the
 * rule, the connector and the evidence (src/rules.c), so an equal
 * fingerprint is an unchanged finding; the same rule on the same
 * connector with another fingerprint is a changed one.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "baseline.h"
#include "xmalloc.h"

#define NOT_REPORT	"not an rcaudit audit report"

/* "RULE:" and 16 hex digits, as rules_eval() writes them. */
static bool
is_fingerprint(const char *s)
{
	const char *colon = strrchr(s, ':');
	size_t i;

	if (colon == NULL || colon == s || strlen(colon + 1) != 16)
		return false;
	for (i = 1; i <= 16; i++)
		if (!isxdigit((unsigned char)colon[i]))
			return false;
	return true;
}

/*
 * The string member key of finding i, copied into *out; a missing member
 * is an error unless optional, and so is one of another type unless it
 * is an optional null.
 */
static int
member(json_t *o, const char *key, bool optional, char **out,
    const char *name, size_t i, struct err *e)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (json_is_string(v)) {
		*out = xstrdup(json_string_value(v));
		return 0;
	}
	if (optional && (v == NULL || json_is_null(v)))
		return 0;
	return err_set(e, ERR_CONFIG, "%s: " NOT_REPORT ": findings[%zu] has "
	    "no string \"%s\"", name, i, key);
}

static int
from_json(struct baseline *b, json_t *root, const char *name,
    struct err *e)
{
	json_t *findings, *o;
	struct baseline_finding *bf;
	size_t i, n;

	if (!json_is_object(root))
		return err_set(e, ERR_CONFIG, "%s: " NOT_REPORT ": the top "
		    "level is not an object", name);
	findings = json_object_get(root, "findings");
	if (!json_is_array(findings))
		return err_set(e, ERR_CONFIG, "%s: " NOT_REPORT ": no "
		    "\"findings\" array (a report of 'rcaudit audit "
		    "--format json' is needed)", name);
	if (!json_is_object(json_object_get(root, "summary")))
		return err_set(e, ERR_CONFIG, "%s: " NOT_REPORT ": no "
		    "\"summary\" object", name);
	n = json_array_size(findings);
	b->f = n > 0 ? xcalloc(n, sizeof(*b->f)) : NULL;
	for (i = 0; i < n; i++) {
		o = json_array_get(findings, i);
		bf = &b->f[b->n++];
		if (!json_is_object(o))
			return err_set(e, ERR_CONFIG, "%s: " NOT_REPORT ": "
			    "findings[%zu] is not an object", name, i);
		if (member(o, "rule", false, &bf->rule, name, i, e) == -1 ||
		    member(o, "identity", false, &bf->identity, name, i,
		    e) == -1 ||
		    member(o, "dn", false, &bf->dn, name, i, e) == -1 ||
		    member(o, "fingerprint", false, &bf->fingerprint, name, i,
		    e) == -1 ||
		    member(o, "object_guid", true, &bf->guid, name, i,
		    e) == -1 ||
		    member(o, "title", true, &bf->title, name, i, e) == -1 ||
		    member(o, "severity", true, &bf->severity, name, i,
		    e) == -1)
			return -1;
		if (!is_fingerprint(bf->fingerprint))
			return err_set(e, ERR_CONFIG, "%s: " NOT_REPORT ": "
			    "findings[%zu]: fingerprint '%.64s' is not "
			    "RULE:<16 hex digits>", name, i, bf->fingerprint);
	}
	b->file = xstrdup(name);
	return 0;
}

/*
 * The baseline in root (NULL when the text was not JSON: jerr says why);
 * name prefixes every message.  Consumes root.
 */
static int
from_root(struct baseline *b, json_t *root, const json_error_t *jerr,
    const char *name, struct err *e)
{
	int r;

	if (root == NULL)
		return err_set(e, ERR_CONFIG, "%s:%d:%d: not JSON: %s", name,
		    jerr->line, jerr->column, jerr->text);
	r = from_json(b, root, name, e);
	json_decref(root);
	if (r == -1)
		baseline_clear(b);
	return r;
}

/*
 * Read a baseline from len bytes of JSON text; name (the file) prefixes
 * every message.  See include/baseline.h.
 */
int
baseline_parse(struct baseline *b, const char *text, size_t len,
    const char *name, struct err *e)
{
	json_error_t jerr;
	json_t *root;

	memset(b, 0, sizeof(*b));
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	return from_root(b, root, &jerr, name, e);
}

/* Read the baseline report at path; see include/baseline.h. */
int
baseline_load(struct baseline *b, const char *path, struct err *e)
{
	json_error_t jerr;
	json_t *root;
	FILE *fp;

	memset(b, 0, sizeof(*b));
	if ((fp = fopen(path, "r")) == NULL)
		return err_set(e, ERR_CONFIG, "%s: %s", path, strerror(errno));
	root = json_loadf(fp, JSON_REJECT_DUPLICATES, &jerr);
	fclose(fp);
	return from_root(b, root, &jerr, path, e);
}

/* Free every baseline finding; b is then empty. */
void
baseline_clear(struct baseline *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		struct baseline_finding *bf = &b->f[i];

		free(bf->rule);
		free(bf->title);
		free(bf->severity);
		free(bf->identity);
		free(bf->dn);
		free(bf->guid);
		free(bf->fingerprint);
	}
	free(b->f);
	free(b->file);
	memset(b, 0, sizeof(*b));
}

/*
 * The same connector: by objectGUID when both have one (a renamed
 * connector keeps it; a deleted and re-created one does not), else by
 * DN.  Both compare in any case, as Active Directory does.
 */
static bool
same_connector(const struct baseline_finding *bf, const struct finding *f)
{
	if (bf->guid != NULL && f->guid != NULL)
		return strcasecmp(bf->guid, f->guid) == 0;
	return strcasecmp(bf->dn, f->dn) == 0;
}

static int
fp_cmp(const void *a, const void *b)
{
	const struct baseline_finding *const *x = a, *const *y = b;

	return strcmp((*x)->fingerprint, (*y)->fingerprint);
}

static int
fp_key_cmp(const void *key, const void *elem)
{
	const struct baseline_finding *const *y = elem;

	return strcmp(key, (*y)->fingerprint);
}

/*
 * Mark the findings against b; see include/baseline.h.  Equal
 * fingerprints are looked up in a sorted index (the common case on a
 * stable estate); only the rest are compared by rule and connector.
 */
void
baseline_apply(struct baseline *b, struct finding *f, size_t n,
    struct baseline_counts *c)
{
	struct baseline_finding **idx = NULL, **hit;
	struct baseline_counts tmp = { 0, 0, 0, 0 };
	size_t i, j;

	for (j = 0; j < b->n; j++)
		b->f[j].seen = false;
	if (b->n > 0) {
		idx = xcalloc(b->n, sizeof(*idx));
		for (j = 0; j < b->n; j++)
			idx[j] = &b->f[j];
		qsort(idx, b->n, sizeof(*idx), fp_cmp);
	}
	for (i = 0; i < n; i++) {
		f[i].base = FINDING_BASE_NEW;
		hit = idx != NULL ? bsearch(f[i].fingerprint, idx, b->n,
		    sizeof(*idx), fp_key_cmp) : NULL;
		if (hit != NULL) {
			f[i].base = FINDING_BASE_UNCHANGED;
			(*hit)->seen = true;
			tmp.unchanged++;
			continue;
		}
		for (j = 0; j < b->n; j++) {
			if (strcmp(b->f[j].rule, rule_id(f[i].rule)) != 0 ||
			    !same_connector(&b->f[j], &f[i]))
				continue;
			f[i].base = FINDING_BASE_CHANGED;
			b->f[j].seen = true;
			break;
		}
		if (f[i].base == FINDING_BASE_CHANGED)
			tmp.changed++;
		else
			tmp.new++;
	}
	for (j = 0; j < b->n; j++)
		if (!b->f[j].seen)
			tmp.resolved++;
	free(idx);
	if (c != NULL)
		*c = tmp;
}

/* A finding of the baseline that this run did not see again. */
bool
baseline_is_resolved(const struct baseline_finding *bf)
{
	return !bf->seen;
}

/* The mark as it is written in reports; NULL when there is none. */
const char *
baseline_mark_name(enum finding_base m)
{
	switch (m) {
	case FINDING_BASE_NONE:
		return NULL;
	case FINDING_BASE_NEW:
		return "new";
	case FINDING_BASE_CHANGED:
		return "changed";
	case FINDING_BASE_UNCHANGED:
		return "unchanged";
	}
	return NULL;
}
