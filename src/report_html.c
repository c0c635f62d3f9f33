/* SPDX-License-Identifier: ISC */
/*
 * The audit as one self-contained HTML page for an auditor: a header that
 * says what was audited and how, a banner when the audit is incomplete, a
 * summary with a picture of the exposure, the findings (a table that sorts
 * and filters in the browser, then each finding in full), every
 * connector's settings, ranges and DACL, the accepted risks and the
 * changes against the baseline.  The page loads nothing: its style and
 * its one small script are inline and allowed by a Content-Security-Policy
 * that names them by hash, the exposure picture is an SVG data: image, and
 * it reads the same with scripts off and on paper.
 *
 * Everything is built as a libxml2 HTML tree, so that every directory
 * string is escaped by the serialiser; no markup is ever pasted together
 * from data.  Directory strings are also cleaned first: invalid UTF-8
 * becomes U+FFFD, and control, bidirectional-override and invisible
 * characters are shown as "[U+XXXX]" so that a name cannot hide or
 * reorder what the auditor reads.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "err.h"
#include "report.h"
#include "sha256.h"
#include "xmalloc.h"

#define NSEV		5
#define SVG_WIDTH	1080
#define SVG_ROW		38
#define SVG_AXIS	34
#define SVG_LABEL_MAX	90

static const char *const sev_names[NSEV] = {
	"critical", "high", "medium", "low", "info"
};

/*
 * The page's style.  Hashed into the Content-Security-Policy, so it is a
 * constant: nothing from the model ever goes into it.
 */
static const char page_css[] =
":root{--ink:#1d2733;--muted:#5b6775;--line:#d5dbe3;--bg:#f4f6f9;"
"--card:#fff;--accent:#1f4e79;--crit:#a4161a;--high:#d9480f;"
"--med:#b7791f;--low:#1971c2;--info:#5f6b76;--ok:#2b8a3e}\n"
"*{box-sizing:border-box}\n"
"html{background:var(--bg)}\n"
"body{margin:0;color:var(--ink);font:14px/1.5 system-ui,-apple-system,"
"\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif}\n"
".page{max-width:1180px;margin:0 auto;padding:0 24px 48px}\n"
".masthead{background:var(--accent);color:#fff;padding:22px 24px 18px;"
"margin:0 -24px 20px}\n"
".masthead h1{margin:0 0 2px;font-size:22px;font-weight:600}\n"
".masthead .org{font-size:17px;opacity:.92;margin:0 0 14px}\n"
".facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 18px;"
"margin:0;font-size:13px}\n"
".facts dt{opacity:.8}\n.facts dd{margin:0;overflow-wrap:anywhere}\n"
".toc{margin:0 0 18px;font-size:13px}\n"
".toc a{margin-right:16px;color:var(--accent)}\n"
"h2{font-size:19px;margin:34px 0 12px;padding-bottom:6px;"
"border-bottom:2px solid var(--accent);color:var(--accent)}\n"
"h3{font-size:16px;margin:0 0 8px}\n"
"h4{font-size:13px;margin:14px 0 4px;color:var(--muted);"
"text-transform:uppercase;letter-spacing:.04em}\n"
"a{color:var(--accent)}\n"
".alert{border:3px solid var(--crit);background:#fff0f0;color:#5c0a0c;"
"padding:14px 18px;margin:0 0 18px;border-radius:4px}\n"
".alert h2{margin:0 0 6px;border:0;color:var(--crit);padding:0}\n"
".verdict{padding:10px 14px;border-left:5px solid var(--ok);"
"background:var(--card);margin:0 0 14px}\n"
".verdict.failing{border-color:var(--crit)}\n"
".tiles{display:flex;flex-wrap:wrap;gap:10px;margin:0 0 14px}\n"
".tile{flex:1 1 120px;background:var(--card);border:1px solid var(--line);"
"border-top:5px solid var(--info);border-radius:4px;padding:8px 12px}\n"
".tile .n{font-size:26px;font-weight:600;display:block}\n"
".tile.sev-critical{border-top-color:var(--crit)}"
".tile.sev-high{border-top-color:var(--high)}"
".tile.sev-medium{border-top-color:var(--med)}"
".tile.sev-low{border-top-color:var(--low)}\n"
".card{background:var(--card);border:1px solid var(--line);"
"border-radius:4px;padding:14px 16px;margin:0 0 14px}\n"
".figure img{max-width:100%;height:auto;display:block}\n"
".caption{color:var(--muted);font-size:12px;margin:6px 0 0}\n"
"table{border-collapse:collapse;width:100%;background:var(--card);"
"font-size:13px;margin:0 0 10px}\n"
"th,td{border:1px solid var(--line);padding:5px 8px;text-align:left;"
"vertical-align:top;overflow-wrap:break-word}\n"
"td code,td [dir]{overflow-wrap:anywhere}\n"
"thead th{background:#e9edf2}\n"
"table.kv th{width:240px;background:#f7f9fb;font-weight:600}\n"
"#stats th{width:360px}\n"
"td.num,th.num{text-align:right;white-space:nowrap}\n"
"code,pre{font-family:ui-monospace,\"DejaVu Sans Mono\",Menlo,Consolas,"
"monospace;font-size:12px}\n"
"pre{background:#f1f3f6;border:1px solid var(--line);padding:8px 10px;"
"white-space:pre-wrap;overflow-wrap:anywhere;margin:0}\n"
"pre.sddl{word-break:break-all}\n"
".sev{display:inline-block;min-width:64px;text-align:center;"
"padding:1px 6px;border-radius:3px;color:#fff;font-size:12px;"
"white-space:nowrap;"
"font-weight:600;background:var(--info)}\n"
".sev.sev-critical{background:var(--crit)}.sev.sev-high{background:"
"var(--high)}.sev.sev-medium{background:var(--med)}.sev.sev-low{"
"background:var(--low)}\n"
".tag{display:inline-block;padding:0 6px;border-radius:3px;"
"white-space:nowrap;"
"border:1px solid var(--line);font-size:12px;margin-left:4px;"
"background:#f7f9fb}\n"
".tag.bad{border-color:var(--crit);color:var(--crit)}\n"
".tag.warn{border-color:var(--high);color:var(--high)}\n"
".tag.good{border-color:var(--ok);color:var(--ok)}\n"
".finding{border-left:5px solid var(--info)}\n"
".finding.sev-critical{border-left-color:var(--crit)}"
".finding.sev-high{border-left-color:var(--high)}"
".finding.sev-medium{border-left-color:var(--med)}"
".finding.sev-low{border-left-color:var(--low)}\n"
".meta{color:var(--muted);font-size:13px;margin:0 0 6px}\n"
".waiver{background:#fff8e6;border:1px solid #f0d58c;padding:6px 10px;"
"margin:8px 0 0}\n"
".waiver.expired{background:#fff0f0;border-color:#f1aeb5}\n"
"table.dacl{font-size:12px}table.dacl td{padding:3px 8px}\n"
"tr.relay-grant td{background:#ffe3e3}\n"
"tr.relay-holder td{background:#fff4db}\n"
"tr.relay-deny td{background:#e7f5ff}\n"
"td.mark{font-weight:600;white-space:nowrap}\n"
"[dir=auto]{unicode-bidi:isolate}\n"
".filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;"
"margin:0 0 8px;font-size:13px}\n"
".filters[hidden]{display:none}\n"
".filters select{margin-left:4px;font:inherit}\n"
"button.sort{font:inherit;font-weight:600;border:0;background:none;"
"padding:0;cursor:pointer;color:inherit;text-align:left}\n"
"th[aria-sort=ascending] button.sort::after{content:\" \\25B2\"}\n"
"th[aria-sort=descending] button.sort::after{content:\" \\25BC\"}\n"
".muted{color:var(--muted)}\n.nw{white-space:nowrap}\n"
".footer{margin-top:36px;color:var(--muted);font-size:12px}\n"
"@media print{\n"
"@page{size:A4;margin:14mm}\n"
"html,body{background:#fff;font-size:10pt}\n"
".page{max-width:none;padding:0}\n"
".masthead{margin:0 0 12px;-webkit-print-color-adjust:exact;"
"print-color-adjust:exact}\n"
".toc,.filters,button.sort::after{display:none}\n"
"button.sort{font-weight:600}\n"
"tr[hidden]{display:table-row}\n"
".sev,.tile,.alert,tr.relay-grant td,tr.relay-holder td,"
"tr.relay-deny td{-webkit-print-color-adjust:exact;"
"print-color-adjust:exact}\n"
".card,.finding{break-inside:avoid-page}\n"
".connector{break-before:page}\n"
"h2,h3,h4{break-after:avoid-page}\n"
"thead{display:table-header-group}\n"
"a.ref::after{content:\" <\" attr(href) \">\";font-size:9pt;"
"color:var(--muted)}\n"
"}\n";

/*
 * The page's one script: sorting and filtering of the findings table.  It
 * only moves rows and sets "hidden"; it reads data-* attributes whose
 * values are numbers or the fixed severity names, and it writes text with
 * textContent.  With scripts off the table is complete and the filter bar
 * stays hidden.
 */
static const char page_js[] =
"(function () {\n"
"'use strict';\n"
"var table = document.getElementById('findings-table');\n"
"var bar = document.getElementById('filters');\n"
"if (!table || !bar) return;\n"
"var body = table.tBodies[0];\n"
"var rows = Array.prototype.slice.call(body.rows);\n"
"var keys = ['severity', 'server', 'rule'];\n"
"var sel = {};\n"
"keys.forEach(function (k) {\n"
"  sel[k] = document.getElementById('filter-' + k);\n"
"});\n"
"var count = document.getElementById('filter-count');\n"
"function apply() {\n"
"  var n = 0;\n"
"  rows.forEach(function (r) {\n"
"    var show = keys.every(function (k) {\n"
"      var v = sel[k].value;\n"
"      return v === '' || r.getAttribute('data-' + k) === v;\n"
"    });\n"
"    r.hidden = !show;\n"
"    if (show) n++;\n"
"  });\n"
"  count.textContent = n + ' of ' + rows.length + ' findings shown';\n"
"}\n"
"keys.forEach(function (k) {\n"
"  sel[k].addEventListener('change', apply);\n"
"});\n"
"document.getElementById('filter-reset').addEventListener('click',\n"
"    function () {\n"
"  keys.forEach(function (k) { sel[k].value = ''; });\n"
"  apply();\n"
"});\n"
"var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);\n"
"function sortBy(th) {\n"
"  var key = 'data-k-' + th.getAttribute('data-key');\n"
"  var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;\n"
"  heads.forEach(function (h) {\n"
"    if (h.hasAttribute('data-key')) h.setAttribute('aria-sort', 'none');\n"
"  });\n"
"  th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');\n"
"  rows.sort(function (a, b) {\n"
"    var d = Number(a.getAttribute(key)) - Number(b.getAttribute(key));\n"
"    if (d !== 0) return d * dir;\n"
"    return Number(a.getAttribute('data-index')) -\n"
"        Number(b.getAttribute('data-index'));\n"
"  });\n"
"  rows.forEach(function (r) { body.appendChild(r); });\n"
"}\n"
"heads.forEach(function (th) {\n"
"  if (!th.hasAttribute('data-key')) return;\n"
"  var b = document.createElement('button');\n"
"  b.type = 'button';\n"
"  b.className = 'sort';\n"
"  while (th.firstChild) b.appendChild(th.firstChild);\n"
"  th.appendChild(b);\n"
"  th.setAttribute('aria-sort', 'none');\n"
"  b.addEventListener('click', function () { sortBy(th); });\n"
"});\n"
"bar.hidden = false;\n"
"apply();\n"
"})();\n";

/* A growing string. */
struct sbuf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->cap - b->len < n + 1) {
		size_t cap = b->cap ? b->cap : 64;

		while (cap - b->len < n + 1)
			cap *= 2;
		b->p = xreallocarray(b->p, cap, 1);
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* The string built so far; the caller owns it. */
static char *
sb_take(struct sbuf *b)
{
	char *p = b->p;

	if (p == NULL)
		p = xstrdup("");
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

/*
 * Decode one UTF-8 sequence at s (n bytes left); *cp gets the code point,
 * the return value the bytes used; -1 for an invalid sequence (overlong,
 * surrogate, past U+10FFFF or truncated).
 */
static int
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		c = s[0] & 0x1f;
		len = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		c = s[0] & 0x0f;
		len = 3;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		c = s[0] & 0x07;
		len = 4;
	} else {
		return -1;
	}
	if (n < len)
		return -1;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	return (int)len;
}

/*
 * Characters that would hide or reorder text: controls, bidirectional
 * embeddings, overrides, isolates and marks, zero-width characters, line
 * and paragraph separators, and the non-characters XML does not allow.
 */
static int
is_hidden(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c ||
	    (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) ||
	    (c >= 0x2060 && c <= 0x2069) || c == 0xfeff ||
	    (c & 0xfffe) == 0xfffe || (c >= 0xfdd0 && c <= 0xfdef);
}

/*
 * s cleaned for display, as a new string (caller frees): invalid UTF-8
 * becomes U+FFFD and hidden characters become "[U+XXXX]".  With multiline,
 * newline and tab stay as they are (for descriptions and commands shown in
 * <pre>); directory names always show them.  NULL gives "".
 */
static char *
clean(const char *s, int multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	struct sbuf b = { NULL, 0, 0 };
	size_t n;
	uint32_t c;
	int len;
	char tmp[16];

	if (s == NULL)
		return xstrdup("");
	n = strlen(s);
	while (n > 0) {
		if ((len = utf8_next(p, n, &c)) == -1) {
			sb_str(&b, "\xef\xbf\xbd");
			p++;
			n--;
			continue;
		}
		if (is_hidden(c) && !(multiline && (c == '\n' || c == '\t'))) {
			(void)snprintf(tmp, sizeof(tmp), "[U+%04X]",
			    (unsigned)c);
			sb_str(&b, tmp);
		} else {
			sb_add(&b, (const char *)p, (size_t)len);
		}
		p += len;
		n -= (size_t)len;
	}
	return sb_take(&b);
}

/* ------------------------------------------------------------------ */
/* The model */

static const char *
jstr(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static json_int_t
jint(const json_t *o, const char *k, json_int_t dflt)
{
	const json_t *v = json_object_get(o, k);

	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

/* 1 true, 0 false, -1 null or absent. */
static int
jtri(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	return json_is_true(v) ? 1 : json_is_false(v) ? 0 : -1;
}

static const json_t *
jobj(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	return json_is_object(v) ? v : NULL;
}

static const json_t *
jarr(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	return json_is_array(v) ? v : NULL;
}

static int
sev_rank(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < NSEV; i++)
		if (strcmp(s, sev_names[i]) == 0)
			return i;
	return NSEV;
}

/* A string with its position, to rank strings without global state. */
struct rankent {
	const char	*s;
	size_t		 i;
};

static int
rankent_cmp(const void *a, const void *b)
{
	const struct rankent *x = a, *y = b;
	int c = strcmp(x->s, y->s);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Dense ranks of the n strings v (NULL sorts as ""): rank[i] is the place
 * of v[i] among the distinct values in byte order; returns the number of
 * distinct values.  With uniq, (*uniq)[r] is the value of rank r (a new
 * array of borrowed strings; caller frees the array).
 */
static size_t
rank_strings(const char *const *v, size_t n, size_t *rank,
    const char ***uniq)
{
	struct rankent *e = xcalloc(n, sizeof(*e));
	const char **u = xcalloc(n, sizeof(*u));
	size_t i, r = 0;

	for (i = 0; i < n; i++) {
		e[i].s = v[i] != NULL ? v[i] : "";
		e[i].i = i;
	}
	qsort(e, n, sizeof(*e), rankent_cmp);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(e[i].s, e[i - 1].s) != 0)
			r++;
		rank[e[i].i] = r;
		u[r] = e[i].s;
	}
	free(e);
	if (uniq != NULL)
		*uniq = u;
	else
		free(u);
	return n > 0 ? r + 1 : 0;
}

/* Position of the connector whose dn is dn, or -1. */
static long
conn_find(const struct rankent *bydn, size_t n, const char *dn)
{
	size_t lo = 0, hi = n;

	if (dn == NULL)
		return -1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(bydn[mid].s, dn);

		if (c == 0) {
			while (mid > 0 && strcmp(bydn[mid - 1].s, dn) == 0)
				mid--;
			return (long)bydn[mid].i;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * The value of the next RDN of the DN at *pp, unescaped per RFC 4514, and
 * its type; both new strings (caller frees).  NULL at the end of the DN.
 */
static char *
rdn_take(const char **pp, char **type)
{
	const char *p = *pp;
	struct sbuf t = { NULL, 0, 0 }, v = { NULL, 0, 0 };
	static const char hex[] = "0123456789abcdef";

	*type = NULL;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return NULL;
	while (*p != '\0' && *p != '=' && *p != ',')
		sb_add(&t, p++, 1);
	if (*p == '=')
		p++;
	while (*p != '\0' && *p != ',' && *p != '+') {
		const char *h1, *h2;

		if (*p == '\\' && p[1] != '\0') {
			/* "\XX" is a byte in hex, "\c" the character c. */
			h1 = strchr(hex, p[1] | 0x20);
			h2 = p[2] != '\0' ? strchr(hex, p[2] | 0x20) : NULL;
			if (h1 != NULL && h2 != NULL) {
				char ch = (char)((h1 - hex) << 4 | (h2 - hex));

				sb_add(&v, &ch, 1);
				p += 3;
			} else {
				sb_add(&v, p + 1, 1);
				p += 2;
			}
			continue;
		}
		sb_add(&v, p++, 1);
	}
	/* A multi-valued RDN: the rest of it is not a separate RDN. */
	while (*p != '\0' && *p != ',') {
		if (*p == '\\' && p[1] != '\0')
			p++;
		p++;
	}
	if (*p == ',')
		p++;
	*pp = p;
	*type = sb_take(&t);
	return sb_take(&v);
}

/*
 * The organisation of a connector's DN: the value of the RDN just above
 * "CN=Microsoft Exchange,CN=Services"; a new string, or NULL.
 */
static char *
dn_org(const char *dn)
{
	const char *p = dn;
	char *prev = NULL, *val, *type, *org = NULL;

	if (dn == NULL)
		return NULL;
	while ((val = rdn_take(&p, &type)) != NULL) {
		int hit = strcasecmp(type, "CN") == 0 &&
		    strcasecmp(val, "Microsoft Exchange") == 0;

		free(type);
		if (hit && prev != NULL) {
			const char *q = p;
			char *t2 = NULL, *v2 = rdn_take(&q, &t2);

			if (v2 != NULL && strcasecmp(t2, "CN") == 0 &&
			    strcasecmp(v2, "Services") == 0) {
				org = prev;
				prev = NULL;
			}
			free(v2);
			free(t2);
			free(val);
			break;
		}
		free(prev);
		prev = val;
	}
	free(prev);
	return org;
}

/* log2(n) for n >= 1, near enough to size a bar (no libm). */
static double
bits_of(double n)
{
	double b = 0;

	if (n < 1)
		return 0;
	while (n >= 2) {
		n /= 2;
		b += 1;
	}
	return b + (n - 1);
}

/* "4294967296" as "4,294,967,296"; a new string. */
static char *
group_digits(const char *dec)
{
	struct sbuf b = { NULL, 0, 0 };
	size_t n, i;

	if (dec == NULL)
		return xstrdup("unknown");
	n = strlen(dec);
	if (n == 0 || strspn(dec, "0123456789") != n)
		return xstrdup(dec);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			sb_add(&b, ",", 1);
		sb_add(&b, dec + i, 1);
	}
	return sb_take(&b);
}

static const char base64_digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* n bytes of p in base64 (RFC 4648, padded), appended to b. */
static void
base64_add(struct sbuf *b, const unsigned char *p, size_t n)
{
	char q[4];
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		q[0] = base64_digits[p[i] >> 2];
		q[1] = base64_digits[(p[i] & 3) << 4 | p[i + 1] >> 4];
		q[2] = base64_digits[(p[i + 1] & 15) << 2 | p[i + 2] >> 6];
		q[3] = base64_digits[p[i + 2] & 63];
		sb_add(b, q, 4);
	}
	if (n - i == 1) {
		q[0] = base64_digits[p[i] >> 2];
		q[1] = base64_digits[(p[i] & 3) << 4];
		q[2] = q[3] = '=';
		sb_add(b, q, 4);
	} else if (n - i == 2) {
		q[0] = base64_digits[p[i] >> 2];
		q[1] = base64_digits[(p[i] & 3) << 4 | p[i + 1] >> 4];
		q[2] = base64_digits[(p[i + 1] & 15) << 2];
		q[3] = '=';
		sb_add(b, q, 4);
	}
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * The CSP source expression for a script or style: "'sha256-<base64 of
 * the raw digest>'" of its text, appended to b.
 */
static void
csp_hash_add(struct sbuf *b, const char *text)
{
	struct sha256 s;
	char hex[65];
	unsigned char raw[32];
	size_t i;

	sha256_init(&s);
	sha256_update(&s, text, strlen(text));
	sha256_hex(&s, hex);
	for (i = 0; i < 32; i++)
		raw[i] = (unsigned char)(hexval(hex[2 * i]) << 4 |
		    hexval(hex[2 * i + 1]));
	sb_str(b, "'sha256-");
	base64_add(b, raw, sizeof(raw));
	sb_str(b, "'");
}

/* ------------------------------------------------------------------ */
/* The tree */

/* The rendering state; everything borrowed from the model except noted. */
struct page {
	xmlDocPtr	 doc;
	const json_t	*model;
	const json_t	*conns;		/* "connectors" */
	const json_t	*finds;		/* "findings" */
	size_t		 nconn;
	size_t		 nfind;
	struct rankent	*bydn;		/* connectors sorted by dn (owned) */
	size_t		*conn_nfind;	/* findings per connector (owned) */
	int		*conn_worst;	/* worst severity rank (owned) */
};

static void
attr(xmlNodePtr n, const char *name, const char *val)
{
	char *c = clean(val, 1);

	(void)xmlNewProp(n, BAD_CAST name, BAD_CAST c);
	free(c);
}

static void	attrf(xmlNodePtr, const char *, const char *, ...)
		    __attribute__((__format__(printf, 3, 4)));
static void	textf(xmlNodePtr, const char *, ...)
		    __attribute__((__format__(printf, 2, 3)));

/* An attribute whose value is formatted (numbers: nothing to clean). */
static void
attrf(xmlNodePtr n, const char *name, const char *fmt, ...)
{
	va_list ap;
	char buf[64];

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	(void)xmlNewProp(n, BAD_CAST name, BAD_CAST buf);
}

/* An element without text, with class cls when not NULL. */
static xmlNodePtr
el(xmlNodePtr parent, const char *tag, const char *cls)
{
	xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST tag, NULL);

	if (cls != NULL)
		attr(n, "class", cls);
	return n;
}

/* Text appended to n, cleaned (multiline keeps newlines). */
static void
text_add(xmlNodePtr n, const char *s, int multiline)
{
	char *c = clean(s, multiline);

	(void)xmlAddChild(n, xmlNewDocText(n->doc, BAD_CAST c));
	free(c);
}

/* An element holding text s (cleaned; multiline keeps newlines). */
static xmlNodePtr
tx(xmlNodePtr parent, const char *tag, const char *cls, const char *s,
    int multiline)
{
	xmlNodePtr n = el(parent, tag, cls);

	text_add(n, s, multiline);
	return n;
}

/*
 * A directory string (a name, a DN): shown with every hidden character
 * made visible, and isolated (dir="auto") so that right-to-left text
 * cannot reorder what surrounds it.
 */
static xmlNodePtr
dname(xmlNodePtr parent, const char *tag, const char *s)
{
	xmlNodePtr n = tx(parent, tag, NULL, s != NULL ? s : "\xe2\x80\x94", 0);

	attr(n, "dir", "auto");
	return n;
}

/* Formatted text appended to n. */
static void
textf(xmlNodePtr n, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	text_add(n, buf, 0);
}

static const char *
yesno(int v)
{
	return v == 1 ? "yes" : v == 0 ? "no" : "unknown";
}

/* A tag of kind cls ("bad", "warn", "good" or NULL) after n. */
static xmlNodePtr
tag(xmlNodePtr n, const char *cls, const char *s)
{
	char buf[32];

	(void)snprintf(buf, sizeof(buf), "tag%s%s", cls ? " " : "",
	    cls ? cls : "");
	return tx(n, "span", buf, s, 0);
}

static xmlNodePtr
sev_badge(xmlNodePtr n, const char *sev)
{
	char cls[32];

	(void)snprintf(cls, sizeof(cls), "sev sev-%s",
	    sev_rank(sev) < NSEV ? sev : "unknown");
	return tx(n, "span", cls, sev != NULL ? sev : "unknown", 0);
}

/* A row of a key/value table: th key, and a td returned for the value. */
static xmlNodePtr
kv_row(xmlNodePtr table, const char *key)
{
	xmlNodePtr tr = el(table, "tr", NULL);

	tx(tr, "th", NULL, key, 0);
	return el(tr, "td", NULL);
}

static void
kv_text(xmlNodePtr table, const char *key, const char *val)
{
	text_add(kv_row(table, key), val != NULL ? val : "\xe2\x80\x94", 1);
}

/* A header row of th cells from a NULL-terminated list. */
static xmlNodePtr
thead_row(xmlNodePtr table, const char *const *cols)
{
	xmlNodePtr tr = el(el(table, "thead", NULL), "tr", NULL);

	for (; *cols != NULL; cols++)
		tx(tr, "th", NULL, *cols, 0);
	return tr;
}

/* A link to connector i of the page. */
static xmlNodePtr
conn_link(xmlNodePtr parent, long i, const char *identity)
{
	xmlNodePtr a;

	if (i < 0)
		return dname(parent, "span", identity);
	a = el(parent, "a", NULL);
	attrf(a, "href", "#c-%ld", i + 1);
	dname(a, "span", identity);
	return a;
}

/*
 * A reference link.  Only http and https URLs made of URL characters
 * alone become links (the serialiser writes href values unescaped, so an
 * "&" or a quote would not survive it as they are); anything else is
 * shown as text beside the title, to be copied by hand.
 */
static void
ref_link(xmlNodePtr li, const char *title, const char *url)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$()*+,;=%";
	xmlNodePtr a;

	if (url == NULL || (strncasecmp(url, "https://", 8) != 0 &&
	    strncasecmp(url, "http://", 7) != 0) ||
	    strspn(url, ok) != strlen(url)) {
		text_add(li, title != NULL ? title : "", 1);
		if (url != NULL) {
			text_add(li, " (", 0);
			tx(li, "code", NULL, url, 0);
			text_add(li, ")", 0);
		}
		return;
	}
	a = tx(li, "a", "ref", title != NULL ? title : url, 1);
	(void)xmlNewProp(a, BAD_CAST "href", BAD_CAST url);
	attr(a, "rel", "noreferrer noopener");
}

/* ------------------------------------------------------------------ */
/* Header */

static void
add_header(struct page *pg, xmlNodePtr body)
{
	const json_t *tool = jobj(pg->model, "tool");
	const json_t *src = jobj(pg->model, "source");
	const json_t *opts = jobj(pg->model, "options");
	xmlNodePtr hd, dl, dd, t;
	char **orgs = xcalloc(pg->nconn + 1, sizeof(*orgs));
	const char **uniq = NULL;
	size_t *rank = xcalloc(pg->nconn + 1, sizeof(*rank));
	size_t i, norg = 0, nuniq;
	struct sbuf b = { NULL, 0, 0 };
	char *orgtext;

	for (i = 0; i < pg->nconn; i++) {
		char *o = dn_org(jstr(json_array_get(pg->conns, i), "dn"));

		if (o != NULL)
			orgs[norg++] = o;
	}
	nuniq = rank_strings((const char *const *)orgs, norg, rank, &uniq);
	for (i = 0; i < nuniq; i++) {
		if (i > 0)
			sb_str(&b, ", ");
		sb_str(&b, uniq[i]);
	}
	orgtext = sb_take(&b);

	hd = el(body, "div", "masthead");
	attr(hd, "role", "banner");
	tx(hd, "h1", NULL, "Exchange receive connector relay audit", 0);
	t = tx(hd, "p", "org", nuniq > 0 ? orgtext : "organisation not found "
	    "in the connectors' DNs", 0);
	attr(t, "dir", "auto");
	attr(t, "id", "org");

	dl = el(hd, "dl", "facts");
	tx(dl, "dt", NULL, "Organisation", 0);
	dname(dl, "dd", nuniq > 0 ? orgtext : "not found");
	tx(dl, "dt", NULL, "Source", 0);
	dd = el(dl, "dd", NULL);
	if (src == NULL) {
		text_add(dd, "not recorded", 0);
	} else {
		const char *kind = jstr(src, "kind");

		text_add(dd, kind != NULL && strcmp(kind, "ldap") == 0 ?
		    "live directory " : kind != NULL &&
		    strcmp(kind, "ldif") == 0 ? "LDIF snapshot " : "", 0);
		dname(dd, "code", jstr(src, "uri"));
	}
	tx(dl, "dt", NULL, "Snapshot SHA-256", 0);
	dd = el(dl, "dd", NULL);
	if (src != NULL && jstr(src, "sha256") != NULL)
		tx(dd, "code", NULL, jstr(src, "sha256"), 0);
	else
		text_add(dd, "not recorded", 0);
	tx(dl, "dt", NULL, "Time of audit", 0);
	dd = el(dl, "dd", NULL);
	attr(dd, "id", "generated");
	text_add(dd, jstr(pg->model, "generated") != NULL ?
	    jstr(pg->model, "generated") : "not recorded", 0);
	tx(dl, "dt", NULL, "Tool", 0);
	dd = el(dl, "dd", NULL);
	if (tool != NULL) {
		text_add(dd, jstr(tool, "name") ? jstr(tool, "name") :
		    "rcaudit", 0);
		text_add(dd, " ", 0);
		text_add(dd, jstr(tool, "version") ? jstr(tool, "version") :
		    "(version not recorded)", 0);
	} else {
		text_add(dd, "rcaudit (version not recorded)", 0);
	}
	tx(dl, "dt", NULL, "Directory read", 0);
	dd = el(dl, "dd", NULL);
	attr(dd, "id", "read-how");
	if (src == NULL) {
		text_add(dd, "not recorded", 0);
	} else {
		const char *k[] = { "server", "base", "identity", "mechanism",
		    "tls" };
		const char *lbl[] = { "server ", "base ", "bound as ",
		    "mechanism ", "TLS " };
		int any = 0;

		for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
			if (jstr(src, k[i]) == NULL)
				continue;
			text_add(dd, any ? "; " : "", 0);
			text_add(dd, lbl[i], 0);
			dname(dd, "span", jstr(src, k[i]));
			any = 1;
			if (i == 3 && json_is_integer(json_object_get(src,
			    "sasl_ssf")))
				textf(dd, "; SASL SSF %lld", (long long)
				    jint(src, "sasl_ssf", 0));
		}
		if (!any)
			text_add(dd, jstr(src, "kind") != NULL &&
			    strcmp(jstr(src, "kind"), "ldif") == 0 ?
			    "offline, from the snapshot (no directory "
			    "connection)" : "not recorded", 0);
		else if (jstr(src, "tls") == NULL &&
		    jstr(src, "kind") != NULL &&
		    strcmp(jstr(src, "kind"), "ldap") == 0)
			text_add(dd, "; no TLS", 0);
	}
	if (opts != NULL) {
		tx(dl, "dt", NULL, "Options", 0);
		dd = el(dl, "dd", NULL);
		text_add(dd, "fail on ", 0);
		text_add(dd, jstr(opts, "fail_on") ? jstr(opts, "fail_on") :
		    "\xe2\x80\x94", 0);
		text_add(dd, "; report from ", 0);
		text_add(dd, jstr(opts, "min_severity") ?
		    jstr(opts, "min_severity") : "\xe2\x80\x94", 0);
	}

	for (i = 0; i < norg; i++)
		free(orgs[i]);
	free(orgs);
	free(rank);
	free(uniq);
	free(orgtext);
}

static void
add_toc(xmlNodePtr body)
{
	static const char *const items[][2] = {
		{ "#summary", "Summary" },
		{ "#findings", "Findings" },
		{ "#connectors", "Connectors" },
		{ "#waivers", "Accepted risks" },
		{ "#changes", "Changes since the baseline" },
	};
	xmlNodePtr nav = el(body, "div", "toc");
	size_t i;

	attr(nav, "role", "navigation");
	for (i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		xmlNodePtr a = tx(nav, "a", NULL, items[i][1], 0);

		attr(a, "href", items[i][0]);
	}
}

/* Why connector c could not be evaluated, appended to li. */
static void
unevaluated_reason(xmlNodePtr li, const json_t *c)
{
	const json_t *sd = jobj(c, "security_descriptor");
	const json_t *relay = jobj(c, "relay");
	const json_t *probs = jarr(c, "problems");
	const char *state = sd ? jstr(sd, "state") : NULL;
	const char *const checks[] = { "anonymous_check",
	    "externally_secured_check" };
	size_t i;

	text_add(li, ": ", 0);
	if (state != NULL && strcmp(state, "ok") != 0) {
		text_add(li, strcmp(state, "missing") == 0 ?
		    "no security descriptor could be read" :
		    "the security descriptor does not parse", 0);
		if (jstr(sd, "error") != NULL) {
			text_add(li, " (", 0);
			text_add(li, jstr(sd, "error"), 0);
			text_add(li, ")", 0);
		}
		text_add(li, "; ", 0);
	}
	for (i = 0; relay != NULL && i < 2; i++) {
		const json_t *ck = jobj(relay, checks[i]);
		const char *how = ck ? jstr(ck, "how") : NULL;

		if (how != NULL && strcmp(how, "unevaluable_ace") == 0) {
			text_add(li, "an ACE that cannot be evaluated decides ",
			    0);
			tx(li, "code", NULL, jstr(ck, "ace"), 0);
			text_add(li, "; ", 0);
		}
	}
	for (i = 0; probs != NULL && i < json_array_size(probs); i++) {
		text_add(li, json_string_value(json_array_get(probs, i)), 0);
		text_add(li, "; ", 0);
	}
	text_add(li, "relay is unknown, not \"no\"", 0);
}

static void
add_incomplete(struct page *pg, xmlNodePtr body)
{
	const json_t *sum = jobj(pg->model, "summary");
	json_int_t unev = sum ? jint(sum, "unevaluated", 0) : 0;
	xmlNodePtr box, ul;
	size_t i;

	if (unev <= 0)
		return;
	box = el(body, "div", "alert");
	attr(box, "role", "alert");
	attr(box, "id", "incomplete");
	tx(box, "h2", NULL, "Audit incomplete", 0);
	textf(tx(box, "p", NULL, "", 0), "%lld connector(s) could not be "
	    "evaluated.  Their relay verdict is unknown: this report cannot "
	    "call them clean.", (long long)unev);
	ul = el(box, "ul", NULL);
	for (i = 0; i < pg->nconn; i++) {
		const json_t *c = json_array_get(pg->conns, i);
		xmlNodePtr li;

		if (jtri(c, "evaluated") != 0)
			continue;
		li = el(ul, "li", NULL);
		conn_link(li, (long)i, jstr(c, "identity"));
		unevaluated_reason(li, c);
	}
}

/* ------------------------------------------------------------------ */
/* Summary and the exposure picture */

struct bar {
	long		 conn;
	const char	*identity;
	double		 addresses;
	double		 bits;
	char		*count;		/* "4,294,967,296" (owned) */
	int		 public;
	int		 enabled;
	int		 all4;
	int		 all6;
};

static int
bar_cmp(const void *a, const void *b)
{
	const struct bar *x = a, *y = b;

	if (x->bits != y->bits)
		return x->bits > y->bits ? -1 : 1;
	return x->conn < y->conn ? -1 : x->conn > y->conn;
}

/* The address count of connector c as a decimal string; a new string. */
static char *
conn_addresses(const json_t *r, double *n)
{
	const json_t *v4 = json_object_get(r, "ipv4_addresses");
	const char *v6 = jstr(r, "ipv6_addresses");
	char buf[64];

	*n = (json_is_integer(v4) ? (double)json_integer_value(v4) : 0) +
	    (v6 != NULL ? strtod(v6, NULL) : 0);
	if (v6 == NULL || strcmp(v6, "0") == 0) {
		(void)snprintf(buf, sizeof(buf), "%lld", json_is_integer(v4) ?
		    (long long)json_integer_value(v4) : 0LL);
		return group_digits(buf);
	}
	if (strlen(v6) <= 15 && (!json_is_integer(v4) ||
	    json_integer_value(v4) == 0))
		return group_digits(v6);
	/* Past 15 digits nobody reads the number: its power of two. */
	(void)snprintf(buf, sizeof(buf), "about 2^%.0f", bits_of(*n));
	return xstrdup(buf);
}

/* The identity of a bar's connector, cut short unless full. */
static void
bar_ident(const struct bar *b, struct sbuf *s, int full)
{
	char *id = clean(b->identity, 0);

	if (!full && strlen(id) > SVG_LABEL_MAX) {
		size_t n = SVG_LABEL_MAX;

		while (n > 0 && ((unsigned char)id[n] & 0xc0) == 0x80)
			n--;
		id[n] = '\0';
		sb_str(s, id);
		sb_str(s, "\xe2\x80\xa6");
	} else {
		sb_str(s, id);
	}
	free(id);
}

/* What a bar stands for, after the identity. */
static void
bar_rest(const struct bar *b, struct sbuf *s)
{
	sb_str(s, " \xe2\x80\x94 ");
	sb_str(s, b->count);
	sb_str(s, b->addresses == 1 ? " address" : " addresses");
	if (b->all4)
		sb_str(s, ", all of IPv4");
	if (b->all6)
		sb_str(s, ", all of IPv6");
	if (b->public)
		sb_str(s, ", reaches public addresses");
	if (!b->enabled)
		sb_str(s, " (disabled)");
}

static void
bar_label(const struct bar *b, struct sbuf *s)
{
	bar_ident(b, s, 1);
	bar_rest(b, s);
}

static xmlNodePtr
svg_el(xmlNodePtr parent, const char *tag, const char *const *attrs)
{
	xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST tag, NULL);

	for (; attrs != NULL && attrs[0] != NULL; attrs += 2)
		(void)xmlNewProp(n, BAD_CAST attrs[0], BAD_CAST attrs[1]);
	return n;
}

static void
svg_num(xmlNodePtr n, const char *name, double v)
{
	char buf[32];

	(void)snprintf(buf, sizeof(buf), "%.1f", v);
	(void)xmlNewProp(n, BAD_CAST name, BAD_CAST buf);
}

/*
 * The exposure picture as an SVG document (its own XML tree, escaped by
 * libxml2 like the page) in base64 for a data: URL, appended to out.
 */
static void
svg_exposure(const struct bar *bars, size_t n, struct sbuf *out)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr svg, g, t;
	xmlNsPtr ns;
	double maxbits = 32, x0 = 4, w = SVG_WIDTH - 24, step;
	int height = (int)n * SVG_ROW + SVG_AXIS + 8;
	xmlChar *mem = NULL;
	int len = 0;
	size_t i;
	double k;
	char buf[64];

	for (i = 0; i < n; i++)
		if (bars[i].bits > maxbits)
			maxbits = bars[i].bits;
	step = maxbits <= 32 ? 8 : maxbits <= 64 ? 16 : 32;
	maxbits = step * (double)(long)((maxbits + step - 0.001) / step);

	svg = xmlNewNode(NULL, BAD_CAST "svg");
	ns = xmlNewNs(svg, BAD_CAST "http://www.w3.org/2000/svg", NULL);
	xmlSetNs(svg, ns);
	(void)xmlDocSetRootElement(doc, svg);
	(void)snprintf(buf, sizeof(buf), "%d", SVG_WIDTH);
	(void)xmlNewProp(svg, BAD_CAST "width", BAD_CAST buf);
	(void)snprintf(buf, sizeof(buf), "%d", height);
	(void)xmlNewProp(svg, BAD_CAST "height", BAD_CAST buf);
	(void)snprintf(buf, sizeof(buf), "0 0 %d %d", SVG_WIDTH, height);
	(void)xmlNewProp(svg, BAD_CAST "viewBox", BAD_CAST buf);
	(void)xmlNewProp(svg, BAD_CAST "font-family",
	    BAD_CAST "DejaVu Sans, Arial, Helvetica, sans-serif");
	(void)xmlNewProp(svg, BAD_CAST "font-size", BAD_CAST "12");
	(void)xmlNewTextChild(svg, NULL, BAD_CAST "title", BAD_CAST
	    "Address space open to unauthenticated relay, per connector "
	    "(log scale)");
	svg_el(svg, "rect", (const char *const[]){ "width", "100%",
	    "height", "100%", "fill", "#ffffff", NULL });

	/* Grid and axis: one line every step bits. */
	for (k = 0; k <= maxbits; k += step) {
		double x = x0 + w * k / maxbits;

		t = svg_el(svg, "line", (const char *const[]){ "stroke",
		    "#d5dbe3", "stroke-width", "1", NULL });
		svg_num(t, "x1", x);
		svg_num(t, "x2", x);
		svg_num(t, "y1", 2);
		svg_num(t, "y2", (double)n * SVG_ROW + 6);
		if (k <= 16)
			(void)snprintf(buf, sizeof(buf), "%ld",
			    1L << (long)k);
		else
			(void)snprintf(buf, sizeof(buf), "2^%ld", (long)k);
		t = xmlNewTextChild(svg, NULL, BAD_CAST "text", BAD_CAST buf);
		svg_num(t, "x", x);
		svg_num(t, "y", (double)n * SVG_ROW + 22);
		(void)xmlNewProp(t, BAD_CAST "fill", BAD_CAST "#5b6775");
		(void)xmlNewProp(t, BAD_CAST "text-anchor", BAD_CAST
		    (k == 0 ? "start" : k >= maxbits ? "end" : "middle"));
	}

	for (i = 0; i < n; i++) {
		struct sbuf lab = { NULL, 0, 0 };
		char *s;
		double y = (double)i * SVG_ROW;

		g = svg_el(svg, "g", NULL);
		bar_label(&bars[i], &lab);
		s = sb_take(&lab);
		(void)xmlNewTextChild(g, NULL, BAD_CAST "title", BAD_CAST s);
		free(s);
		/* The name isolated: right-to-left text stays in its place. */
		t = xmlNewChild(g, NULL, BAD_CAST "text", NULL);
		bar_ident(&bars[i], &lab, 0);
		s = sb_take(&lab);
		(void)xmlNewProp(xmlNewTextChild(t, NULL, BAD_CAST "tspan",
		    BAD_CAST s), BAD_CAST "unicode-bidi", BAD_CAST "isolate");
		free(s);
		bar_rest(&bars[i], &lab);
		s = sb_take(&lab);
		(void)xmlNewTextChild(t, NULL, BAD_CAST "tspan", BAD_CAST s);
		free(s);
		svg_num(t, "x", x0);
		svg_num(t, "y", y + 14);
		(void)xmlNewProp(t, BAD_CAST "fill", BAD_CAST "#1d2733");
		t = svg_el(g, "rect", NULL);
		svg_num(t, "x", x0);
		svg_num(t, "y", y + 19);
		/* Even one address is a visible bar: it does relay. */
		svg_num(t, "width", 4 + (w - 4) * bars[i].bits / maxbits);
		svg_num(t, "height", 13);
		(void)xmlNewProp(t, BAD_CAST "rx", BAD_CAST "2");
		(void)xmlNewProp(t, BAD_CAST "fill", BAD_CAST
		    (bars[i].public ? "#c92a2a" : "#e8890c"));
		if (!bars[i].enabled)
			(void)xmlNewProp(t, BAD_CAST "fill-opacity",
			    BAD_CAST "0.4");
	}
	xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
	sb_str(out, "data:image/svg+xml;base64,");
	if (mem != NULL && len > 0)
		base64_add(out, mem, (size_t)len);
	xmlFree(mem);
	xmlFreeDoc(doc);
}

static void
add_summary(struct page *pg, xmlNodePtr main)
{
	const json_t *sum = jobj(pg->model, "summary");
	const json_t *counts = sum ? jobj(sum, "findings") : NULL;
	const json_t *opts = jobj(pg->model, "options");
	xmlNodePtr tiles, t, kv, p, card;
	json_int_t bysev[NSEV] = { 0 }, failing, accepted, nrelay = 0;
	const char **servers = xcalloc(pg->nconn + 1, sizeof(*servers));
	size_t *rank = xcalloc(pg->nconn + 1, sizeof(*rank));
	struct bar *bars = xcalloc(pg->nconn + 1, sizeof(*bars));
	size_t i, nserv = 0, nbars = 0;
	struct sbuf b = { NULL, 0, 0 };
	char *s;

	for (i = 0; i < pg->nfind; i++) {
		int r = sev_rank(jstr(json_array_get(pg->finds, i),
		    "severity"));

		if (counts == NULL && r < NSEV)
			bysev[r]++;
	}
	for (i = 0; counts != NULL && i < NSEV; i++)
		bysev[i] = jint(counts, sev_names[i], 0);
	failing = sum ? jint(sum, "failing", 0) : 0;
	accepted = sum ? jint(sum, "accepted", 0) : 0;
	for (i = 0; i < pg->nconn; i++) {
		const json_t *c = json_array_get(pg->conns, i);
		const json_t *relay = jobj(c, "relay");
		const json_t *r = jobj(c, "ranges");

		if (jstr(c, "server") != NULL)
			servers[nserv++] = jstr(c, "server");
		if (relay == NULL || jtri(relay, "unauthenticated") != 1)
			continue;
		nrelay++;
		bars[nbars].conn = (long)i;
		bars[nbars].identity = jstr(c, "identity");
		bars[nbars].count = conn_addresses(r, &bars[nbars].addresses);
		bars[nbars].bits = bits_of(bars[nbars].addresses);
		bars[nbars].public = r ? jtri(r, "reaches_public") == 1 : 0;
		bars[nbars].all4 = r ? jtri(r, "covers_all_ipv4") == 1 : 0;
		bars[nbars].all6 = r ? jtri(r, "covers_all_ipv6") == 1 : 0;
		bars[nbars].enabled = jtri(c, "enabled") != 0;
		nbars++;
	}
	nserv = rank_strings(servers, nserv, rank, NULL);
	qsort(bars, nbars, sizeof(*bars), bar_cmp);

	t = tx(main, "h2", NULL, "Summary", 0);
	attr(t, "id", "summary");
	p = el(main, "p", failing > 0 ? "verdict failing" : "verdict");
	attr(p, "id", "verdict");
	if (failing > 0)
		textf(p, "%lld finding(s) fail the audit", (long long)failing);
	else
		text_add(p, "No finding fails the audit", 0);
	if (opts != NULL && jstr(opts, "fail_on") != NULL) {
		text_add(p, " (at or above ", 0);
		text_add(p, jstr(opts, "fail_on"), 0);
		text_add(p, ", not accepted)", 0);
	}
	if (accepted > 0)
		textf(p, "; %lld accepted by a waiver", (long long)accepted);
	text_add(p, ".", 0);

	tiles = el(main, "div", "tiles");
	attr(tiles, "id", "severity-counts");
	for (i = 0; i < NSEV; i++) {
		char cls[32];
		xmlNodePtr tile, n;

		(void)snprintf(cls, sizeof(cls), "tile sev-%s", sev_names[i]);
		tile = el(tiles, "div", cls);
		attr(tile, "data-severity", sev_names[i]);
		n = el(tile, "span", "n");
		textf(n, "%lld", (long long)bysev[i]);
		tx(tile, "span", NULL, sev_names[i], 0);
	}

	kv = el(main, "table", "kv");
	attr(kv, "id", "stats");
	textf(kv_row(kv, "Connectors audited"), "%lld",
	    (long long)(sum ? jint(sum, "connectors", (json_int_t)pg->nconn) :
	    (json_int_t)pg->nconn));
	textf(kv_row(kv, "Servers"), "%lld", (long long)nserv);
	textf(kv_row(kv, "Connectors that relay without authentication"),
	    "%lld", (long long)nrelay);
	textf(kv_row(kv, "Connectors that could not be evaluated"), "%lld",
	    (long long)(sum ? jint(sum, "unevaluated", 0) : 0));
	textf(kv_row(kv, "Findings"), "%lld", (long long)pg->nfind);
	textf(kv_row(kv, "Findings that fail the audit"), "%lld",
	    (long long)failing);
	textf(kv_row(kv, "Findings accepted by a waiver"), "%lld",
	    (long long)accepted);

	card = el(main, "div", "card figure");
	attr(card, "id", "exposure");
	tx(card, "h3", NULL, "Exposure: who can relay without "
	    "authenticating", 0);
	if (nbars == 0) {
		tx(card, "p", NULL, "No connector relays without "
		    "authentication.", 0);
	} else {
		xmlNodePtr img = el(card, "img", NULL), tbl, tr, td;
		static const char *const cols[] = { "Connector", "Addresses",
		    "Reaches public addresses", "Enabled", NULL };

		svg_exposure(bars, nbars, &b);
		s = sb_take(&b);
		(void)xmlNewProp(img, BAD_CAST "src", BAD_CAST s);
		free(s);
		bar_label(&bars[0], &b);
		s = sb_take(&b);
		sb_str(&b, "Bar chart, log scale: the address space each of ");
		sb_str(&b, nbars == 1 ? "the connector" : "the connectors");
		sb_str(&b, " that relay without authentication accepts "
		    "mail from. Widest: ");
		sb_str(&b, s);
		free(s);
		s = sb_take(&b);
		attr(img, "alt", s);
		free(s);
		attrf(img, "width", "%d", SVG_WIDTH);
		tx(card, "p", "caption", "One bar per connector that relays "
		    "without authentication, its length the logarithm of the "
		    "number of remote addresses it accepts; red bars reach "
		    "public addresses, faded bars are disabled connectors.",
		    0);
		tbl = el(card, "table", NULL);
		attr(tbl, "id", "exposure-table");
		thead_row(tbl, cols);
		tbl = el(tbl, "tbody", NULL);
		for (i = 0; i < nbars; i++) {
			tr = el(tbl, "tr", NULL);
			conn_link(el(tr, "td", NULL), bars[i].conn,
			    bars[i].identity);
			td = tx(tr, "td", "num", bars[i].count, 0);
			if (bars[i].all4)
				tag(td, "bad", "all of IPv4");
			if (bars[i].all6)
				tag(td, "bad", "all of IPv6");
			tx(tr, "td", NULL, bars[i].public ? "yes" : "no", 0);
			tx(tr, "td", NULL, bars[i].enabled ? "yes" : "no", 0);
		}
	}
	for (i = 0; i < nbars; i++)
		free(bars[i].count);
	free(bars);
	free(servers);
	free(rank);
}

/* ------------------------------------------------------------------ */
/* Findings */

static const char *
finding_status(const json_t *f, char *buf, size_t len)
{
	const json_t *w = jobj(f, "waiver");
	const char *ws = w ? jstr(w, "state") : NULL;
	const char *bl = jstr(f, "baseline");

	(void)snprintf(buf, len, "%s%s%s",
	    ws == NULL ? "open" : strcmp(ws, "active") == 0 ? "accepted" :
	    "waiver expired", bl != NULL ? ", " : "", bl != NULL ? bl : "");
	return buf;
}

static void
add_findings_table(struct page *pg, xmlNodePtr main)
{
	static const char *const keys[] = { "sev", "rule", "title",
	    "identity", "server", "status" };
	static const char *const heads[] = { "Severity", "Rule", "Finding",
	    "Connector", "Server", "Status" };
	const char **v[6];
	size_t *rank[6], nuniq[6], i, j;
	const char **urules = NULL, **userv = NULL;
	char (*status)[64] = xcalloc(pg->nfind + 1, sizeof(*status));
	long *conn = xcalloc(pg->nfind + 1, sizeof(*conn));
	xmlNodePtr bar, lab, s, o, table, tr, th, tbody, td;

	for (j = 0; j < 6; j++) {
		v[j] = xcalloc(pg->nfind + 1, sizeof(*v[j]));
		rank[j] = xcalloc(pg->nfind + 1, sizeof(*rank[j]));
	}
	for (i = 0; i < pg->nfind; i++) {
		const json_t *f = json_array_get(pg->finds, i);

		conn[i] = conn_find(pg->bydn, pg->nconn, jstr(f, "dn"));
		v[1][i] = jstr(f, "rule");
		v[2][i] = jstr(f, "title");
		v[3][i] = jstr(f, "identity");
		v[4][i] = conn[i] >= 0 ? jstr(json_array_get(pg->conns,
		    (size_t)conn[i]), "server") : NULL;
		v[5][i] = finding_status(f, status[i], sizeof(status[i]));
	}
	for (j = 1; j < 6; j++)
		nuniq[j] = rank_strings(v[j], pg->nfind, rank[j],
		    j == 1 ? &urules : j == 4 ? &userv : NULL);

	bar = el(main, "div", "filters");
	attr(bar, "id", "filters");
	attr(bar, "hidden", "hidden");
	lab = tx(bar, "label", NULL, "Severity", 0);
	s = el(lab, "select", NULL);
	attr(s, "id", "filter-severity");
	attr(tx(s, "option", NULL, "all", 0), "value", "");
	for (i = 0; i < NSEV; i++)
		attr(tx(s, "option", NULL, sev_names[i], 0), "value",
		    sev_names[i]);
	lab = tx(bar, "label", NULL, "Server", 0);
	s = el(lab, "select", NULL);
	attr(s, "id", "filter-server");
	attr(tx(s, "option", NULL, "all", 0), "value", "");
	for (i = 0; i < nuniq[4]; i++) {
		o = el(s, "option", NULL);
		text_add(o, userv[i][0] != '\0' ? userv[i] : "(no server)", 0);
		attrf(o, "value", "s%ld", (long)i);
	}
	lab = tx(bar, "label", NULL, "Rule", 0);
	s = el(lab, "select", NULL);
	attr(s, "id", "filter-rule");
	attr(tx(s, "option", NULL, "all", 0), "value", "");
	for (i = 0; i < nuniq[1]; i++) {
		o = el(s, "option", NULL);
		text_add(o, urules[i], 0);
		attrf(o, "value", "r%ld", (long)i);
	}
	o = tx(bar, "button", NULL, "Show all", 0);
	attr(o, "type", "button");
	attr(o, "id", "filter-reset");
	o = el(bar, "span", "muted");
	attr(o, "id", "filter-count");
	attr(o, "aria-live", "polite");

	table = el(main, "table", NULL);
	attr(table, "id", "findings-table");
	tr = el(el(table, "thead", NULL), "tr", NULL);
	for (j = 0; j < 6; j++) {
		th = tx(tr, "th", NULL, heads[j], 0);
		attr(th, "data-key", keys[j]);
	}
	tbody = el(table, "tbody", NULL);
	for (i = 0; i < pg->nfind; i++) {
		const json_t *f = json_array_get(pg->finds, i);
		const char *sev = jstr(f, "severity");
		int r = sev_rank(sev);
		xmlNodePtr a;

		tr = el(tbody, "tr", NULL);
		attrf(tr, "data-index", "%ld", (long)i);
		attr(tr, "data-severity", r < NSEV ? sev : "unknown");
		attrf(tr, "data-server", "s%ld", (long)rank[4][i]);
		attrf(tr, "data-rule", "r%ld", (long)rank[1][i]);
		attrf(tr, "data-k-sev", "%ld", (long)r);
		for (j = 1; j < 6; j++) {
			char name[16];

			(void)snprintf(name, sizeof(name), "data-k-%s",
			    keys[j]);
			attrf(tr, name, "%ld", (long)rank[j][i]);
		}
		sev_badge(el(tr, "td", NULL), sev);
		a = tx(el(tr, "td", "nw"), "a", NULL, v[1][i], 0);
		attrf(a, "href", "#f-%ld", (long)i + 1);
		tx(tr, "td", NULL, v[2][i], 0);
		td = el(tr, "td", NULL);
		conn_link(td, conn[i], v[3][i]);
		if (jtri(f, "connector_enabled") == 0)
			tag(td, NULL, "disabled");
		dname(el(tr, "td", NULL), "span", v[4][i]);
		tx(tr, "td", NULL, v[5][i], 0);
	}
	if (pg->nfind == 0) {
		tr = el(tbody, "tr", NULL);
		td = tx(tr, "td", NULL, "No findings.", 0);
		attr(td, "colspan", "6");
	}
	for (j = 0; j < 6; j++) {
		free(v[j]);
		free(rank[j]);
	}
	free(urules);
	free(userv);
	free(status);
	free(conn);
}

static void
add_waiver_note(xmlNodePtr parent, const json_t *w)
{
	const char *state = jstr(w, "state");
	int active = state != NULL && strcmp(state, "active") == 0;
	xmlNodePtr p = el(parent, "p", active ? "waiver" : "waiver expired");

	tx(p, "strong", NULL, active ? "Accepted risk" : "Waiver expired", 0);
	text_add(p, active ? " until " : " on ", 0);
	text_add(p, jstr(w, "expires"), 0);
	text_add(p, active ? "" : "; no longer accepted", 0);
	text_add(p, " (approved by ", 0);
	dname(p, "span", jstr(w, "approver"));
	if (jstr(w, "ticket") != NULL) {
		text_add(p, "; ticket ", 0);
		dname(p, "span", jstr(w, "ticket"));
	}
	text_add(p, "): ", 0);
	text_add(p, jstr(w, "justification"), 1);
}

static void
add_finding(struct page *pg, xmlNodePtr main, size_t i)
{
	const json_t *f = json_array_get(pg->finds, i);
	const char *sev = jstr(f, "severity");
	const json_t *ev = jarr(f, "evidence"), *refs = jarr(f, "references");
	const json_t *w = jobj(f, "waiver");
	long c = conn_find(pg->bydn, pg->nconn, jstr(f, "dn"));
	xmlNodePtr card, h, p, ul;
	char cls[48];
	size_t k;

	(void)snprintf(cls, sizeof(cls), "card finding sev-%s",
	    sev_rank(sev) < NSEV ? sev : "unknown");
	card = el(main, "div", cls);
	attrf(card, "id", "f-%ld", (long)i + 1);
	h = el(card, "h3", NULL);
	sev_badge(h, sev);
	text_add(h, " ", 0);
	text_add(h, jstr(f, "rule"), 0);
	text_add(h, " \xe2\x80\x94 ", 0);
	text_add(h, jstr(f, "title"), 0);

	p = el(card, "p", "meta");
	text_add(p, "Connector ", 0);
	conn_link(p, c, jstr(f, "identity"));
	if (jtri(f, "connector_enabled") == 0)
		tag(p, NULL, "disabled");
	if (jstr(f, "baseline") != NULL)
		tag(p, strcmp(jstr(f, "baseline"), "unchanged") == 0 ? NULL :
		    "warn", jstr(f, "baseline"));
	text_add(p, " \xc2\xb7 fingerprint ", 0);
	tx(p, "code", NULL, jstr(f, "fingerprint"), 0);
	if (jstr(f, "object_guid") != NULL) {
		text_add(p, " \xc2\xb7 objectGUID ", 0);
		tx(p, "code", NULL, jstr(f, "object_guid"), 0);
	}
	if (w != NULL)
		add_waiver_note(card, w);

	tx(card, "h4", NULL, "Why it matters", 0);
	tx(card, "p", NULL, jstr(f, "description") ? jstr(f, "description") :
	    "No description in the rule.", 1);
	tx(card, "h4", NULL, "Evidence", 0);
	ul = el(card, "ul", "evidence");
	for (k = 0; ev != NULL && k < json_array_size(ev); k++)
		tx(el(ul, "li", NULL), "code", NULL,
		    json_string_value(json_array_get(ev, k)), 1);
	tx(card, "h4", NULL, "Remediation", 0);
	tx(el(card, "pre", "remediation"), "code", NULL,
	    jstr(f, "remediation") ? jstr(f, "remediation") : "\xe2\x80\x94",
	    1);
	tx(card, "h4", NULL, "Verification", 0);
	tx(el(card, "pre", "verify"), "code", NULL,
	    jstr(f, "verify") ? jstr(f, "verify") : "\xe2\x80\x94", 1);
	if (refs != NULL && json_array_size(refs) > 0) {
		tx(card, "h4", NULL, "References", 0);
		ul = el(card, "ul", "refs");
		for (k = 0; k < json_array_size(refs); k++) {
			const json_t *r = json_array_get(refs, k);

			ref_link(el(ul, "li", NULL), jstr(r, "title"),
			    jstr(r, "url"));
		}
	}
}

static void
add_findings(struct page *pg, xmlNodePtr main)
{
	xmlNodePtr h;
	size_t i;

	h = tx(main, "h2", NULL, "Findings", 0);
	attr(h, "id", "findings");
	add_findings_table(pg, main);
	for (i = 0; i < pg->nfind; i++)
		add_finding(pg, main, i);
}

/* ------------------------------------------------------------------ */
/* Connectors */

static void
add_conn_overview(struct page *pg, xmlNodePtr main)
{
	static const char *const cols[] = { "Connector", "Enabled", "Role",
	    "Remote ranges", "Relays without authentication", "Findings",
	    NULL };
	xmlNodePtr table = el(main, "table", NULL), tbody, tr, td;
	size_t i;

	attr(table, "id", "connectors-table");
	thead_row(table, cols);
	tbody = el(table, "tbody", NULL);
	for (i = 0; i < pg->nconn; i++) {
		const json_t *c = json_array_get(pg->conns, i);
		const json_t *r = jobj(c, "ranges"), *relay = jobj(c, "relay");
		const json_t *w = r ? jobj(r, "widest") : NULL;
		int u = relay ? jtri(relay, "unauthenticated") : -1;

		tr = el(tbody, "tr", NULL);
		conn_link(el(tr, "td", NULL), (long)i, jstr(c, "identity"));
		tx(tr, "td", NULL, yesno(jtri(c, "enabled")), 0);
		tx(tr, "td", NULL, jobj(c, "role") ?
		    jstr(jobj(c, "role"), "name") : NULL, 0);
		td = el(tr, "td", NULL);
		if (w != NULL) {
			char *n = group_digits(jstr(w, "addresses"));

			text_add(td, "widest ", 0);
			tx(td, "code", NULL, jstr(w, "range"), 0);
			text_add(td, " (", 0);
			text_add(td, n, 0);
			text_add(td, ")", 0);
			free(n);
		} else {
			text_add(td, "none", 0);
		}
		if (r != NULL && jtri(r, "reaches_public") == 1)
			tag(td, "bad", "public");
		td = el(tr, "td", NULL);
		if (jtri(c, "evaluated") == 0)
			tag(td, "bad", "could not be evaluated");
		else
			tag(td, u == 1 ? "bad" : u == 0 ? "good" : NULL,
			    yesno(u));
		td = el(tr, "td", "num");
		textf(td, "%lld", (long long)pg->conn_nfind[i]);
		if (pg->conn_nfind[i] > 0)
			sev_badge(td, sev_names[pg->conn_worst[i]]);
	}
}

/* How an ACE covers Accept-Any-Recipient, in words. */
static const char *
grant_text(const char *g)
{
	static const char *const names[][2] = {
		{ "object_type", "the extended right itself" },
		{ "all_extended_rights", "all extended rights" },
		{ "full_control", "full control" },
		{ "generic_all", "GENERIC_ALL" },
		{ "none", "not granted" },
	};
	size_t i;

	for (i = 0; g != NULL && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(g, names[i][0]) == 0)
			return names[i][1];
	return g;
}

static void
add_check_row(xmlNodePtr kv, const char *label, const json_t *ck)
{
	xmlNodePtr td = kv_row(kv, label);
	const char *how;

	if (ck == NULL) {
		text_add(td, "unknown (no readable descriptor)", 0);
		return;
	}
	how = jstr(ck, "how");
	tag(td, jtri(ck, "result") == 1 ? "bad" : jtri(ck, "result") == 0 ?
	    "good" : NULL, yesno(jtri(ck, "result")));
	text_add(td, " ", 0);
	if (how != NULL && strcmp(how, "no_dacl") == 0)
		text_add(td, "no DACL: everything is allowed", 0);
	else if (how != NULL && strcmp(how, "no_matching_ace") == 0)
		text_add(td, "no ACE grants or denies it", 0);
	else if (how != NULL && strcmp(how, "unevaluable_ace") == 0)
		text_add(td, "an ACE that cannot be evaluated comes first", 0);
	if (json_is_integer(json_object_get(ck, "ace_index"))) {
		textf(td, "ACE #%lld: ", (long long)jint(ck, "ace_index", 0));
		text_add(td, jstr(ck, "ace_text"), 0);
		if (jstr(ck, "grant") != NULL &&
		    strcmp(jstr(ck, "grant"), "none") != 0) {
			text_add(td, " (by ", 0);
			text_add(td, grant_text(jstr(ck, "grant")), 0);
			text_add(td, ")", 0);
		}
	}
}

/* The text of a list of strings joined with ", "; a new string. */
static char *
join_strings(const json_t *a)
{
	struct sbuf b = { NULL, 0, 0 };
	size_t i;

	for (i = 0; a != NULL && i < json_array_size(a); i++) {
		const char *s = json_string_value(json_array_get(a, i));

		if (s == NULL)
			continue;
		if (b.len > 0)
			sb_str(&b, ", ");
		sb_str(&b, s);
	}
	return sb_take(&b);
}

static void
add_settings(xmlNodePtr card, const json_t *c)
{
	const json_t *role = jobj(c, "role"), *am = jobj(c, "auth_mechanism");
	const json_t *b = jarr(c, "bindings");
	xmlNodePtr kv = el(card, "table", "kv"), td;
	char *s, num[32];

	dname(kv_row(kv, "Identity"), "span", jstr(c, "identity"));
	dname(kv_row(kv, "Name"), "span", jstr(c, "name"));
	dname(kv_row(kv, "Server"), "span", jstr(c, "server"));
	dname(kv_row(kv, "Distinguished name"), "code", jstr(c, "dn"));
	kv_text(kv, "objectGUID", jstr(c, "object_guid"));
	kv_text(kv, "Enabled", yesno(jtri(c, "enabled")));
	td = kv_row(kv, "Role");
	text_add(td, role ? jstr(role, "name") : NULL, 0);
	if (role != NULL && json_is_integer(json_object_get(role, "value")))
		textf(td, " (%lld)", (long long)jint(role, "value", 0));
	td = kv_row(kv, "Authentication (AuthMechanism)");
	s = join_strings(am ? jarr(am, "names") : NULL);
	text_add(td, s[0] != '\0' ? s : "None", 0);
	free(s);
	if (am != NULL && json_is_integer(json_object_get(am, "value")))
		textf(td, " (%lld)", (long long)jint(am, "value", 0));
	s = join_strings(jarr(c, "permission_groups"));
	kv_text(kv, "Permission groups", jarr(c, "permission_groups") ?
	    (s[0] != '\0' ? s : "None") : "unknown (no readable descriptor)");
	free(s);
	kv_text(kv, "FQDN", jstr(c, "fqdn"));
	s = join_strings(b);
	kv_text(kv, "Bindings", s[0] != '\0' ? s : NULL);
	free(s);
	td = kv_row(kv, "Maximum message size");
	if (json_is_integer(json_object_get(c, "max_message_size"))) {
		(void)snprintf(num, sizeof(num), "%lld",
		    (long long)jint(c, "max_message_size", 0));
		s = group_digits(num);
		text_add(td, s, 0);
		text_add(td, " bytes", 0);
		free(s);
	} else {
		text_add(td, "\xe2\x80\x94", 0);
	}
	kv_text(kv, "Require TLS", yesno(jtri(c, "require_tls")));
	if (json_is_integer(json_object_get(c, "source_line")))
		textf(kv_row(kv, "Line in the snapshot"), "%lld",
		    (long long)jint(c, "source_line", 0));
}

static void
add_relay(xmlNodePtr card, const json_t *c)
{
	const json_t *relay = jobj(c, "relay");
	xmlNodePtr kv, td;
	int u;

	tx(card, "h4", NULL, "Relay without authentication", 0);
	kv = el(card, "table", "kv");
	if (relay == NULL) {
		kv_text(kv, "Verdict", "not in the report");
		return;
	}
	u = jtri(relay, "unauthenticated");
	td = kv_row(kv, "Unauthenticated relay");
	tag(td, u == 1 ? "bad" : u == 0 ? "good" : NULL, yesno(u));
	if (u == -1)
		text_add(td, " could not be decided: this is not \"no\"", 0);
	add_check_row(kv, "ANONYMOUS LOGON may relay",
	    jobj(relay, "anonymous_check"));
	add_check_row(kv, "Externally Secured Servers may relay",
	    jobj(relay, "externally_secured_check"));
	kv_text(kv, "ExternalAuthoritative",
	    yesno(jtri(relay, "external_authoritative")));
	td = kv_row(kv, "Deciding ACE");
	if (jstr(relay, "deciding_ace") != NULL)
		tx(td, "code", NULL, jstr(relay, "deciding_ace"), 0);
	else
		text_add(td, "none", 0);
}

static void
add_ranges(xmlNodePtr card, const json_t *c)
{
	static const char *const cols[] = { "Range", "Family", "Addresses",
	    "Single host", "Public", NULL };
	static const char *const bcols[] = { "Value", "Error", NULL };
	const json_t *r = jobj(c, "ranges");
	const json_t *parsed = r ? jarr(r, "parsed") : NULL;
	const json_t *bad = r ? jarr(r, "invalid") : NULL;
	xmlNodePtr t, tr, p;
	size_t i;
	char *n, buf[32];

	tx(card, "h4", NULL, "Remote IP ranges", 0);
	if (r == NULL) {
		tx(card, "p", NULL, "Not in the report.", 0);
		return;
	}
	p = el(card, "p", NULL);
	(void)snprintf(buf, sizeof(buf), "%lld",
	    (long long)jint(r, "ipv4_addresses", 0));
	n = group_digits(buf);
	text_add(p, "IPv4 addresses: ", 0);
	text_add(p, n, 0);
	free(n);
	n = group_digits(jstr(r, "ipv6_addresses"));
	text_add(p, "; IPv6 addresses: ", 0);
	text_add(p, n, 0);
	free(n);
	if (jtri(r, "covers_all_ipv4") == 1)
		tag(p, "bad", "all of IPv4");
	if (jtri(r, "covers_all_ipv6") == 1)
		tag(p, "bad", "all of IPv6");
	if (jtri(r, "reaches_public") == 1)
		tag(p, "bad", "reaches public addresses");
	if (parsed != NULL && json_array_size(parsed) > 0) {
		t = el(card, "table", "ranges");
		thead_row(t, cols);
		t = el(t, "tbody", NULL);
		for (i = 0; i < json_array_size(parsed); i++) {
			const json_t *e = json_array_get(parsed, i);

			tr = el(t, "tr", NULL);
			tx(el(tr, "td", NULL), "code", NULL,
			    jstr(e, "range"), 0);
			textf(el(tr, "td", NULL), "IPv%lld",
			    (long long)jint(e, "family", 0));
			n = group_digits(jstr(e, "addresses"));
			tx(tr, "td", "num", n, 0);
			free(n);
			tx(tr, "td", NULL, yesno(jtri(e, "single_host")), 0);
			tx(tr, "td", NULL, yesno(jtri(e, "public")), 0);
		}
	} else {
		tx(card, "p", "muted", "No remote range parsed.", 0);
	}
	if (bad != NULL && json_array_size(bad) > 0) {
		tx(card, "p", NULL, "Values that do not parse (Exchange "
		    "ignores or rejects them):", 0);
		t = el(card, "table", "ranges-invalid");
		thead_row(t, bcols);
		t = el(t, "tbody", NULL);
		for (i = 0; i < json_array_size(bad); i++) {
			const json_t *e = json_array_get(bad, i);

			tr = el(t, "tr", NULL);
			dname(el(tr, "td", NULL), "code", jstr(e, "value"));
			tx(tr, "td", NULL, jstr(e, "error"), 0);
		}
	}
}

static void
add_holders(xmlNodePtr card, const json_t *c)
{
	static const char *const cols[] = { "Principal", "SID", "May relay",
	    "Granted by", "ACE", NULL };
	const json_t *h = jarr(c, "relay_holders");
	xmlNodePtr t, tr;
	size_t i;

	tx(card, "h4", NULL, "Who may relay (ms-Exch-SMTP-Accept-Any-"
	    "Recipient)", 0);
	if (h == NULL) {
		tx(card, "p", NULL, "Unknown: no readable descriptor.", 0);
		return;
	}
	if (json_array_size(h) == 0) {
		tx(card, "p", NULL, "Nobody.", 0);
		return;
	}
	t = el(card, "table", "holders");
	thead_row(t, cols);
	t = el(t, "tbody", NULL);
	for (i = 0; i < json_array_size(h); i++) {
		const json_t *e = json_array_get(h, i);

		tr = el(t, "tr", NULL);
		tx(tr, "td", NULL, jstr(e, "name") ? jstr(e, "name") :
		    "(not a well-known principal)", 0);
		tx(el(tr, "td", NULL), "code", NULL, jstr(e, "sid"), 0);
		tx(tr, "td", NULL, jtri(e, "result") == 1 ? "yes" :
		    "unknown", 0);
		tx(tr, "td", NULL, grant_text(jstr(e, "grant")), 0);
		tx(el(tr, "td", NULL), "code", NULL, jstr(e, "ace"), 0);
	}
}

/*
 * The access part of an ACE's text ("Allow  NAME  RIGHTS  [inherited]"):
 * the rights, without the type, the principal and the inheritance that
 * have columns of their own; the whole text if it does not have that
 * shape.  A new string.
 */
static char *
ace_access(const char *text, const char *type, const char *principal)
{
	static const char inh[] = "  [inherited]";
	size_t tl, pl, n;

	if (text == NULL || type == NULL || principal == NULL)
		return xstrdup(text != NULL ? text : "");
	tl = strlen(type);
	pl = strlen(principal);
	if (strncmp(text, type, tl) != 0 || strncmp(text + tl, "  ", 2) != 0 ||
	    strncmp(text + tl + 2, principal, pl) != 0 ||
	    strncmp(text + tl + 2 + pl, "  ", 2) != 0)
		return xstrdup(text);
	text += tl + 2 + pl + 2;
	n = strlen(text);
	if (n > sizeof(inh) - 1 &&
	    strcmp(text + n - (sizeof(inh) - 1), inh) == 0)
		n -= sizeof(inh) - 1;
	return xstrndup(text, n);
}


/* A principal {sid, name} of the model as "name <code>sid</code>", or "none". */
static void
principal_cell(xmlNodePtr td, const json_t *p)
{
	if (p == NULL) {
		text_add(td, "none", 0);
		return;
	}
	text_add(td, jstr(p, "name") ? jstr(p, "name") : "", 0);
	text_add(td, " ", 0);
	tx(td, "code", NULL, jstr(p, "sid"), 0);
}
static void
add_dacl(xmlNodePtr card, const json_t *c)
{
	static const char *const cols[] = { "#", "Type", "Principal",
	    "Access", "Inherited", "Relay", NULL };
	const json_t *sd = jobj(c, "security_descriptor");
	const json_t *relay = jobj(c, "relay");
	const json_t *holders = jarr(c, "relay_holders");
	const json_t *aces = sd ? jarr(sd, "aces") : NULL;
	const char *state = sd ? jstr(sd, "state") : NULL;
	const char *const checks[] = { "anonymous_check",
	    "externally_secured_check" };
	const char *const who[] = { "anonymous relay",
	    "relay by Externally Secured Servers" };
	xmlNodePtr t, tr, td, p;
	size_t i, k;

	tx(card, "h4", NULL, "Security descriptor", 0);
	if (sd == NULL || state == NULL || strcmp(state, "ok") != 0) {
		p = el(card, "p", NULL);
		tag(p, "bad", state != NULL ? state : "unknown");
		text_add(p, state != NULL && strcmp(state, "missing") == 0 ?
		    " no nTSecurityDescriptor in the entry (no READ_CONTROL, "
		    "or read without the SD-flags control)" :
		    " the descriptor could not be decoded", 0);
		if (sd != NULL && jstr(sd, "error") != NULL) {
			text_add(p, ": ", 0);
			tx(p, "code", NULL, jstr(sd, "error"), 0);
		}
		return;
	}
	t = el(card, "table", "kv");
	principal_cell(kv_row(t, "Owner"), jobj(sd, "owner"));
	principal_cell(kv_row(t, "Group"), jobj(sd, "group"));
	td = kv_row(t, "DACL");
	text_add(td, jstr(sd, "dacl"), 0);
	if (jstr(sd, "dacl") != NULL && strcmp(jstr(sd, "dacl"), "present")
	    != 0)
		tag(td, "bad", "grants everything");

	if (aces != NULL && json_array_size(aces) > 0) {
		t = el(card, "table", "dacl");
		thead_row(t, cols);
		t = el(t, "tbody", NULL);
		for (i = 0; i < json_array_size(aces); i++) {
			const json_t *a = json_array_get(aces, i);
			json_int_t idx = jint(a, "index", (json_int_t)i);
			const char *sddl = jstr(a, "sddl");
			const char *principal = jstr(a, "name") ?
			    jstr(a, "name") : jstr(a, "sid");
			struct sbuf mark = { NULL, 0, 0 };
			const char *cls = NULL;
			char *m;

			for (k = 0; relay != NULL && k < 2; k++) {
				const json_t *ck = jobj(relay, checks[k]);

				if (ck == NULL || jint(ck, "ace_index", -1) !=
				    idx)
					continue;
				if (mark.len > 0)
					sb_str(&mark, "; ");
				sb_str(&mark, jtri(ck, "result") == 1 ?
				    "grants " : jtri(ck, "result") == 0 ?
				    "denies " : "blocks evaluation of ");
				sb_str(&mark, who[k]);
				if (jtri(ck, "result") == 1)
					cls = "relay-grant";
				else if (cls == NULL)
					cls = "relay-deny";
			}
			for (k = 0; holders != NULL && sddl != NULL &&
			    k < json_array_size(holders); k++) {
				const json_t *h = json_array_get(holders, k);

				if (jstr(h, "ace") == NULL ||
				    strcmp(jstr(h, "ace"), sddl) != 0 ||
				    jtri(h, "result") != 1)
					continue;
				if (cls == NULL || strcmp(cls, "relay-deny") ==
				    0)
					cls = "relay-holder";
				if (mark.len == 0)
					sb_str(&mark, "grants relay");
				break;
			}
			tr = el(t, "tr", cls);
			attr(tr, "title", sddl);
			textf(tx(tr, "td", "num", "", 0), "%lld",
			    (long long)idx);
			tx(tr, "td", NULL, jstr(a, "type"), 0);
			td = el(tr, "td", NULL);
			text_add(td, principal, 0);
			if (jstr(a, "name") != NULL && jstr(a, "sid") != NULL) {
				text_add(td, " ", 0);
				tx(td, "code", "muted", jstr(a, "sid"), 0);
			}
			m = ace_access(jstr(a, "text"), jstr(a, "type"),
			    principal);
			tx(tr, "td", NULL, m, 0);
			free(m);
			tx(tr, "td", NULL, jtri(a, "inherited") == 1 ?
			    (jtri(a, "inherit_only") == 1 ?
			    "yes, inherit only" : "yes") :
			    jtri(a, "inherit_only") == 1 ? "inherit only" :
			    "no", 0);
			m = sb_take(&mark);
			tx(tr, "td", "mark", m, 0);
			free(m);
		}
	} else {
		tx(card, "p", NULL, "The DACL has no ACE.", 0);
	}
	tx(card, "h4", NULL, "SDDL (evidence)", 0);
	tx(card, "pre", "sddl", jstr(sd, "sddl"), 0);
}

static void
add_connectors(struct page *pg, xmlNodePtr main)
{
	xmlNodePtr h, card;
	size_t i, k;

	h = tx(main, "h2", NULL, "Connectors", 0);
	attr(h, "id", "connectors");
	add_conn_overview(pg, main);
	for (i = 0; i < pg->nconn; i++) {
		const json_t *c = json_array_get(pg->conns, i);
		const json_t *relay = jobj(c, "relay");
		const json_t *probs = jarr(c, "problems");

		card = el(main, "div", "card connector");
		attrf(card, "id", "c-%ld", (long)i + 1);
		h = el(card, "h3", NULL);
		dname(h, "span", jstr(c, "identity"));
		if (jtri(c, "evaluated") == 0)
			tag(h, "bad", "could not be evaluated");
		else if (relay != NULL && jtri(relay, "unauthenticated") == 1)
			tag(h, "bad", "relays without authentication");
		if (jtri(c, "enabled") == 0)
			tag(h, NULL, "disabled");
		add_settings(card, c);
		if (probs != NULL && json_array_size(probs) > 0) {
			xmlNodePtr ul;

			tx(card, "h4", NULL, "Attributes that could not be "
			    "read", 0);
			ul = el(card, "ul", NULL);
			for (k = 0; k < json_array_size(probs); k++)
				tx(ul, "li", NULL, json_string_value(
				    json_array_get(probs, k)), 0);
		}
		add_relay(card, c);
		add_ranges(card, c);
		add_holders(card, c);
		add_dacl(card, c);
	}
}

/* ------------------------------------------------------------------ */
/* Waivers and baseline */

static void
add_waivers(struct page *pg, xmlNodePtr main)
{
	static const char *const cols[] = { "Rule", "Connector", "State",
	    "Expires", "Approver", "Ticket", "Justification", "Matched",
	    "Defined at", NULL };
	const json_t *ws = jarr(pg->model, "waivers");
	xmlNodePtr h, t, tr, td;
	size_t i, k;

	h = tx(main, "h2", NULL, "Accepted risks", 0);
	attr(h, "id", "waivers");
	if (ws == NULL) {
		tx(main, "p", "muted", "No waivers file was given "
		    "(--waivers).", 0);
		return;
	}
	if (json_array_size(ws) == 0) {
		tx(main, "p", NULL, "The waivers file has no waiver.", 0);
		return;
	}
	t = el(main, "table", NULL);
	attr(t, "id", "waivers-table");
	thead_row(t, cols);
	t = el(t, "tbody", NULL);
	for (i = 0; i < json_array_size(ws); i++) {
		const json_t *w = json_array_get(ws, i);
		const json_t *cn = jobj(w, "connector");
		const json_t *m = jarr(w, "matched");
		const char *st = jstr(w, "state");
		const char *key = NULL;
		void *iter;

		tr = el(t, "tr", NULL);
		tx(tr, "td", "nw", jstr(w, "rule"), 0);
		td = el(tr, "td", NULL);
		iter = cn ? json_object_iter((json_t *)(uintptr_t)cn) : NULL;
		if (iter != NULL) {
			key = json_object_iter_key(iter);
			text_add(td, key, 0);
			text_add(td, " ", 0);
			dname(td, "code", json_string_value(
			    json_object_iter_value(iter)));
		}
		td = el(tr, "td", NULL);
		tag(td, st != NULL && strcmp(st, "active") == 0 ? "good" :
		    st != NULL && strcmp(st, "expired") == 0 ? "bad" : "warn",
		    st);
		if (jstr(w, "reason") != NULL) {
			text_add(td, " ", 0);
			text_add(td, jstr(w, "reason"), 0);
		}
		tx(tr, "td", "nw", jstr(w, "expires"), 0);
		dname(el(tr, "td", NULL), "span", jstr(w, "approver"));
		dname(el(tr, "td", NULL), "span", jstr(w, "ticket"));
		tx(tr, "td", NULL, jstr(w, "justification"), 1);
		td = el(tr, "td", NULL);
		for (k = 0; m != NULL && k < json_array_size(m); k++) {
			const json_t *e = json_array_get(m, k);

			if (k > 0)
				el(td, "br", NULL);
			conn_link(td, conn_find(pg->bydn, pg->nconn,
			    jstr(e, "dn")), jstr(e, "identity"));
		}
		if (m == NULL || json_array_size(m) == 0)
			text_add(td, "nothing", 0);
		td = el(tr, "td", NULL);
		dname(td, "code", jstr(w, "file"));
		textf(td, ":%lld", (long long)jint(w, "line", 0));
	}
}

static void
add_changes(struct page *pg, xmlNodePtr main)
{
	static const char *const cols[] = { "Change", "Severity", "Rule",
	    "Finding", "Connector", NULL };
	static const char *const rcols[] = { "Severity", "Rule", "Finding",
	    "Connector", "Fingerprint", NULL };
	const json_t *sum = jobj(pg->model, "summary");
	const json_t *bl = sum ? jobj(sum, "baseline") : NULL;
	const json_t *res = jarr(pg->model, "resolved");
	xmlNodePtr h, p, t, tr, a;
	size_t i, n = 0;

	h = tx(main, "h2", NULL, "Changes since the baseline", 0);
	attr(h, "id", "changes");
	if (bl == NULL && res == NULL) {
		tx(main, "p", "muted", "No baseline was given (--baseline).",
		    0);
		return;
	}
	p = el(main, "p", NULL);
	attr(p, "id", "baseline-counts");
	if (bl != NULL)
		textf(p, "%lld new, ", (long long)jint(bl, "new", 0));
	if (bl != NULL)
		textf(p, "%lld changed, ", (long long)jint(bl, "changed", 0));
	if (bl != NULL)
		textf(p, "%lld unchanged, ", (long long)jint(bl, "unchanged",
		    0));
	textf(p, "%lld resolved.", (long long)(bl != NULL ? jint(bl,
	    "resolved", 0) : (json_int_t)json_array_size(res)));

	t = el(main, "table", NULL);
	attr(t, "id", "changes-table");
	thead_row(t, cols);
	t = el(t, "tbody", NULL);
	for (i = 0; i < pg->nfind; i++) {
		const json_t *f = json_array_get(pg->finds, i);
		const char *mark = jstr(f, "baseline");

		if (mark == NULL || strcmp(mark, "unchanged") == 0)
			continue;
		n++;
		tr = el(t, "tr", NULL);
		tag(el(tr, "td", NULL), "warn", mark);
		sev_badge(el(tr, "td", NULL), jstr(f, "severity"));
		a = tx(el(tr, "td", "nw"), "a", NULL, jstr(f, "rule"), 0);
		attrf(a, "href", "#f-%ld", (long)i + 1);
		tx(tr, "td", NULL, jstr(f, "title"), 0);
		conn_link(el(tr, "td", NULL), conn_find(pg->bydn, pg->nconn,
		    jstr(f, "dn")), jstr(f, "identity"));
	}
	if (n == 0)
		attr(tx(el(t, "tr", NULL), "td", NULL,
		    "No new or changed finding.", 0), "colspan", "5");

	tx(main, "h3", NULL, "Resolved", 0);
	if (res == NULL || json_array_size(res) == 0) {
		tx(main, "p", NULL, "No finding of the baseline was "
		    "resolved.", 0);
		return;
	}
	t = el(main, "table", NULL);
	attr(t, "id", "resolved-table");
	thead_row(t, rcols);
	t = el(t, "tbody", NULL);
	for (i = 0; i < json_array_size(res); i++) {
		const json_t *f = json_array_get(res, i);

		tr = el(t, "tr", NULL);
		sev_badge(el(tr, "td", NULL), jstr(f, "severity"));
		tx(tr, "td", "nw", jstr(f, "rule"), 0);
		tx(tr, "td", NULL, jstr(f, "title"), 0);
		dname(el(tr, "td", NULL), "span", jstr(f, "identity"));
		tx(el(tr, "td", NULL), "code", NULL, jstr(f, "fingerprint"), 0);
	}
}

/* ------------------------------------------------------------------ */

static void
add_head(xmlNodePtr html, const char *org)
{
	xmlNodePtr head = el(html, "head", NULL), m;
	struct sbuf csp = { NULL, 0, 0 };
	char *s;

	m = el(head, "meta", NULL);
	attr(m, "charset", "utf-8");
	sb_str(&csp, "default-src 'none'; script-src ");
	csp_hash_add(&csp, page_js);
	sb_str(&csp, "; style-src ");
	csp_hash_add(&csp, page_css);
	sb_str(&csp, "; img-src data:; base-uri 'none'; form-action 'none'");
	s = sb_take(&csp);
	m = el(head, "meta", NULL);
	attr(m, "http-equiv", "Content-Security-Policy");
	attr(m, "content", s);
	free(s);
	m = el(head, "meta", NULL);
	attr(m, "name", "viewport");
	attr(m, "content", "width=device-width, initial-scale=1");
	m = el(head, "meta", NULL);
	attr(m, "name", "referrer");
	attr(m, "content", "no-referrer");
	m = el(head, "title", NULL);
	text_add(m, "Relay audit", 0);
	if (org != NULL) {
		text_add(m, " \xe2\x80\x94 ", 0);
		text_add(m, org, 0);
	}
	(void)xmlNewTextChild(head, NULL, BAD_CAST "style", BAD_CAST page_css);
}

/*
 * Write the HTML report of the audit model (the document of `rcaudit
 * audit --format json`, docs/facts-json.md) to fp (borrowed): one
 * self-contained page, the same bytes for the same model.  The model is
 * borrowed and not changed.  Returns 0, or -1 with e set: ERR_DATA when
 * model is not an audit report, ERR_IO when fp cannot be written.
 */
int
report_html_write(FILE *fp, const json_t *model, struct err *e)
{
	struct page pg;
	xmlNodePtr html, bodyel, body, main, foot;
	char *org = NULL;
	size_t i;
	int ret = -1;

	memset(&pg, 0, sizeof(pg));
	if (!json_is_object(model) || jarr(model, "connectors") == NULL ||
	    jarr(model, "findings") == NULL)
		return err_set(e, ERR_DATA, "not an rcaudit audit report: "
		    "no \"connectors\" and \"findings\" arrays");
	pg.model = model;
	pg.conns = jarr(model, "connectors");
	pg.finds = jarr(model, "findings");
	pg.nconn = json_array_size(pg.conns);
	pg.nfind = json_array_size(pg.finds);
	pg.bydn = xcalloc(pg.nconn + 1, sizeof(*pg.bydn));
	pg.conn_nfind = xcalloc(pg.nconn + 1, sizeof(*pg.conn_nfind));
	pg.conn_worst = xcalloc(pg.nconn + 1, sizeof(*pg.conn_worst));
	for (i = 0; i < pg.nconn; i++) {
		const char *dn = jstr(json_array_get(pg.conns, i), "dn");

		pg.bydn[i].s = dn != NULL ? dn : "";
		pg.bydn[i].i = i;
		pg.conn_worst[i] = NSEV - 1;
	}
	qsort(pg.bydn, pg.nconn, sizeof(*pg.bydn), rankent_cmp);
	for (i = 0; i < pg.nfind; i++) {
		const json_t *f = json_array_get(pg.finds, i);
		long c = conn_find(pg.bydn, pg.nconn, jstr(f, "dn"));
		int r = sev_rank(jstr(f, "severity"));

		if (c < 0)
			continue;
		pg.conn_nfind[c]++;
		if (r < pg.conn_worst[c])
			pg.conn_worst[c] = r;
	}
	for (i = 0; i < pg.nconn && org == NULL; i++)
		org = dn_org(jstr(json_array_get(pg.conns, i), "dn"));

	pg.doc = htmlNewDocNoDtD(NULL, NULL);
	html = xmlNewDocNode(pg.doc, NULL, BAD_CAST "html", NULL);
	(void)xmlDocSetRootElement(pg.doc, html);
	attr(html, "lang", "en");
	add_head(html, org);
	bodyel = el(html, "body", NULL);
	body = el(bodyel, "div", "page");
	add_header(&pg, body);
	add_toc(body);
	add_incomplete(&pg, body);
	main = el(body, "div", NULL);
	attr(main, "role", "main");
	add_summary(&pg, main);
	add_findings(&pg, main);
	add_connectors(&pg, main);
	add_waivers(&pg, main);
	add_changes(&pg, main);
	foot = el(body, "p", "footer");
	text_add(foot, "Written by rcaudit from the audit's JSON model. This "
	    "page is self-contained: it loads nothing, and reads the same "
	    "without scripts and on paper.", 0);
	(void)xmlNewTextChild(bodyel, NULL, BAD_CAST "script",
	    BAD_CAST page_js);

	if (fputs("<!DOCTYPE html>\n", fp) == EOF ||
	    htmlNodeDumpFileFormat(fp, pg.doc, html, "UTF-8", 1) < 0 ||
	    fputc('\n', fp) == EOF || fflush(fp) == EOF || ferror(fp)) {
		err_set(e, ERR_IO, "cannot write the HTML report");
		goto fail;
	}
	ret = 0;
fail:
	xmlFreeDoc(pg.doc);
	free(org);
	free(pg.bydn);
	free(pg.conn_nfind);
	free(pg.conn_worst);
	return ret;
}
