/* SPDX-License-Identifier: ISC */
/*
 * The findings as CSV (RFC 4180), for spreadsheets and ticket imports:
 * a header row, then one row per reported finding of the JSON model, in
 * the model's order.  Lines end with CRLF; a field is quoted when it holds
 * a comma, a double quote, CR or LF, and quotes inside are doubled.  No
 * byte-order mark is written: the text is UTF-8 as the directory gave it.
 *
 * Spreadsheet formula injection (CWE-1236): connector names, DNs and
 * evidence come from the directory, and a cell that starts with '=', '+',
 * '-', '@', TAB or CR is run as a formula by Excel, LibreOffice and Google
 * Sheets ("=HYPERLINK(...)", "@SUM(...)").  Such a field gets a leading
 * single quote, which these programs take as "this is text" and do not
 * show; a program that reads the CSV as data sees the quote.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report.h"
#include "xmalloc.h"

static const char *const csv_columns[] = {
	"severity", "rule", "title", "identity", "server", "dn",
	"object_guid", "enabled", "evidence", "remediation", "verify",
	"fingerprint", "baseline", "waiver"
};

/* The string member k of o, or "" when it is absent, null or no string. */
static const char *
str_of(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s != NULL ? s : "";
}

/* The string v, or "" when it is no string. */
static const char *
str_of_value(const json_t *v)
{
	const char *s = json_string_value(v);

	return s != NULL ? s : "";
}

/* True when a spreadsheet would read s as a formula (see the top). */
static bool
csv_is_formula(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r';
}

/* One field, preceded by a comma unless it is the first of its row. */
static void
csv_field(FILE *fp, const char *s, bool first)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	const char *p;

	if (!first)
		fputc(',', fp);
	if (quote)
		fputc('"', fp);
	if (csv_is_formula(s))
		fputc('\'', fp);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	if (quote)
		fputc('"', fp);
}

/* A connector of the model by DN, for finding a finding's server. */
struct csv_conn {
	const char	*dn;
	const json_t	*c;
};

static int
csv_conn_cmp(const void *a, const void *b)
{
	return strcmp(((const struct csv_conn *)a)->dn,
	    ((const struct csv_conn *)b)->dn);
}

/* The connectors of model that have a DN, sorted by it (caller frees). */
static struct csv_conn *
csv_conns(const json_t *model, size_t *n)
{
	const json_t *cs = json_object_get(model, "connectors"), *c;
	struct csv_conn *v;
	size_t i;

	*n = 0;
	v = xreallocarray(NULL, json_array_size(cs) + 1, sizeof(*v));
	json_array_foreach(cs, i, c) {
		const char *dn = json_string_value(json_object_get(c, "dn"));

		if (dn != NULL)
			v[(*n)++] = (struct csv_conn){ .dn = dn, .c = c };
	}
	qsort(v, *n, sizeof(*v), csv_conn_cmp);
	return v;
}

/*
 * The server of a finding: that of its connector in the model (matched by
 * DN), else the part of its identity before the backslash, else "".  The
 * connector's own field wins because a name may hold a backslash.
 */
static char *
csv_server(const struct csv_conn *cv, size_t ncv, const json_t *f)
{
	const char *id = str_of(f, "identity"), *bs;
	struct csv_conn key = { .dn = str_of(f, "dn") }, *hit;

	hit = ncv > 0 ? bsearch(&key, cv, ncv, sizeof(*cv), csv_conn_cmp) :
	    NULL;
	if (hit != NULL)
		return xstrdup(str_of(hit->c, "server"));
	if ((bs = strchr(id, '\\')) != NULL)
		return xstrndup(id, (size_t)(bs - id));
	return xstrdup("");
}

/* The evidence lines of f joined with " | " (caller frees). */
static char *
csv_evidence(const json_t *f)
{
	const json_t *ev = json_object_get(f, "evidence"), *v;
	size_t i, len = 1, off = 0, n;
	char *s;

	json_array_foreach(ev, i, v)
		len += strlen(str_of_value(v)) + 3;
	s = xmalloc(len);
	json_array_foreach(ev, i, v) {
		if (i > 0) {
			memcpy(s + off, " | ", 3);
			off += 3;
		}
		n = strlen(str_of_value(v));
		memcpy(s + off, str_of_value(v), n);
		off += n;
	}
	s[off] = '\0';
	return s;
}

static void
csv_row(FILE *fp, const struct csv_conn *cv, size_t ncv, const json_t *f)
{
	const json_t *w = json_object_get(f, "waiver");
	const json_t *en = json_object_get(f, "connector_enabled");
	char *server = csv_server(cv, ncv, f), *ev = csv_evidence(f);

	csv_field(fp, str_of(f, "severity"), true);
	csv_field(fp, str_of(f, "rule"), false);
	csv_field(fp, str_of(f, "title"), false);
	csv_field(fp, str_of(f, "identity"), false);
	csv_field(fp, server, false);
	csv_field(fp, str_of(f, "dn"), false);
	csv_field(fp, str_of(f, "object_guid"), false);
	csv_field(fp, json_is_boolean(en) ?
	    (json_is_true(en) ? "true" : "false") : "", false);
	csv_field(fp, ev, false);
	csv_field(fp, str_of(f, "remediation"), false);
	csv_field(fp, str_of(f, "verify"), false);
	csv_field(fp, str_of(f, "fingerprint"), false);
	csv_field(fp, str_of(f, "baseline"), false);
	csv_field(fp, json_is_object(w) ? str_of(w, "state") : "", false);
	fputs("\r\n", fp);
	free(ev);
	free(server);
}

/*
 * Write the findings of model (the JSON report, borrowed) to fp as CSV:
 * the header row, then one row per element of "findings".  Evidence lines
 * are joined with " | "; null and absent values are empty fields;
 * "enabled" is true or false; "baseline" is new, changed, unchanged or
 * empty; "waiver" is the waiver's state (active, expired) or empty.
 * Returns 0, or -1 with e set: ERR_DATA when model has no "findings"
 * array, ERR_IO when fp fails.
 */
int
report_csv_write(FILE *fp, const json_t *model, struct err *e)
{
	const json_t *fs = json_object_get(model, "findings"), *f;
	struct csv_conn *cv;
	size_t i, ncv;

	if (!json_is_array(fs))
		return err_set(e, ERR_DATA,
		    "report model: no \"findings\" array");
	for (i = 0; i < sizeof(csv_columns) / sizeof(csv_columns[0]); i++)
		csv_field(fp, csv_columns[i], i == 0);
	fputs("\r\n", fp);
	cv = csv_conns(model, &ncv);
	json_array_foreach(fs, i, f) {
		if (json_is_object(f))
			csv_row(fp, cv, ncv, f);
	}
	free(cv);
	if (fflush(fp) == EOF || ferror(fp))
		return err_set(e, ERR_IO, "CSV report: %s", strerror(errno));
	return 0;
}
