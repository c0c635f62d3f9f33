/* SPDX-License-Identifier: ISC */
/*
 * Safe reading of XML configuration files (rules, waivers) and the list
 * of problems they report; see include/xmlconf.h.  Shared by rules.c and
 * waivers.c, so that both refuse the same dangerous input the same way.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "xmlconf.h"
#include "xmalloc.h"

static void
xp_push(struct xproblems *xp, const char *file, long line, bool ours,
    const char *msg)
{
	struct xproblem *p;
	size_t k = strlen(msg);

	while (k > 0 && (msg[k - 1] == '\n' || msg[k - 1] == ' '))
		k--;
	xp->p = xreallocarray(xp->p, xp->n + 1, sizeof(*xp->p));
	p = &xp->p[xp->n];
	p->file = xstrdup(file);
	p->line = line > 0 ? line : 0;
	p->seq = xp->n++;
	p->ours = ours;
	p->msg = xstrndup(msg, k);
	/*
	 * One problem, one line: libxml2 puts newlines in some messages
	 * ("... indicate encoding !\nBytes: 0xA9 ..."), and quoted input may
	 * hold control characters.
	 */
	for (k = 0; p->msg[k] != '\0'; k++)
		if ((unsigned char)p->msg[k] < 0x20 || p->msg[k] == 0x7f)
			p->msg[k] = ' ';
}

/* Record a problem found by the loader itself. */
void
xp_add(struct xproblems *xp, const char *file, long line, const char *fmt,
    ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	xp_push(xp, file, line, true, msg);
}

/* Free the problems; the list is empty again. */
void
xp_free(struct xproblems *xp)
{
	size_t i;

	for (i = 0; i < xp->n; i++) {
		free(xp->p[i].file);
		free(xp->p[i].msg);
	}
	free(xp->p);
	xp->p = NULL;
	xp->n = 0;
}

/*
 * Is libxml2's message x about what one of our own problems already
 * names?  Its RELAX NG attribute and datatype messages are generic
 * ("Element rule failed to validate attributes", reported on the line of
 * the element or the one after its start tag); "Did not expect element
 * X there" is covered when ours names 'X'.
 */
static bool
covered(const struct xproblems *xp, const struct xproblem *x)
{
	static const char *const vague[] = {
		"failed to validate attributes",
		"Error validating datatype",
		"failed to validate content",
		"Expecting an element",
		"Invalid attribute"
	};
	char quoted[128];
	const char *end;
	size_t i;
	bool v = false;

	if (strncmp(x->msg, "Did not expect element ", 23) == 0 &&
	    (end = strchr(x->msg + 23, ' ')) != NULL) {
		(void)snprintf(quoted, sizeof(quoted), "'%.*s'",
		    (int)(end - x->msg - 23), x->msg + 23);
		for (i = 0; i < xp->n; i++)
			if (xp->p[i].ours && xp->p[i].line == x->line &&
			    strcmp(xp->p[i].file, x->file) == 0 &&
			    strstr(xp->p[i].msg, quoted) != NULL)
				return true;
		return false;
	}
	for (i = 0; i < sizeof(vague) / sizeof(vague[0]); i++)
		if (strstr(x->msg, vague[i]) != NULL)
			v = true;
	if (!v || x->line == 0)
		return false;
	for (i = 0; i < xp->n; i++)
		if (xp->p[i].ours && strcmp(xp->p[i].file, x->file) == 0 &&
		    (xp->p[i].line == x->line ||
		    xp->p[i].line + 1 == x->line))
			return true;
	return false;
}

static int
xp_cmp(const void *a, const void *b)
{
	const struct xproblem *x = a, *y = b;
	int r;

	if ((r = strcmp(x->file, y->file)) != 0)
		return r;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Report every problem through e; see include/xmlconf.h.  Returns -1. */
int
xp_fail(struct xproblems *xp, struct err *e)
{
	char *text, *n, line[1100];
	size_t i, kept = 0, shown = 0, len;

	for (i = 0; i < xp->n; i++) {
		if (!xp->p[i].ours && covered(xp, &xp->p[i])) {
			free(xp->p[i].file);
			free(xp->p[i].msg);
			continue;
		}
		xp->p[kept++] = xp->p[i];
	}
	xp->n = kept;
	qsort(xp->p, xp->n, sizeof(*xp->p), xp_cmp);
	text = xstrdup("");
	for (i = 0; i < xp->n; i++) {
		if (xp->p[i].line > 0)
			(void)snprintf(line, sizeof(line), "%s:%ld: %s",
			    xp->p[i].file, xp->p[i].line, xp->p[i].msg);
		else
			(void)snprintf(line, sizeof(line), "%s: %s",
			    xp->p[i].file, xp->p[i].msg);
		len = strlen(text);
		/* Keep room for the "... and N more problems" line. */
		if (len + strlen(line) + 2 > sizeof(e->msg) - 64)
			break;
		(void)xasprintf(&n, "%s%s%s", text, len ? "\n" : "", line);
		free(text);
		text = n;
		shown++;
	}
	if (shown < xp->n)
		err_set(e, ERR_CONFIG, "%s\n%s: ... and %zu more problems",
		    text, xp->p[shown].file, xp->n - shown);
	else
		err_set(e, ERR_CONFIG, "%s", text);
	free(text);
	xp_free(xp);
	return -1;
}

struct xctx {
	struct xproblems	*xp;
	const char		*file;
};

static void
xml_error(void *arg, xmlErrorPtr x)
{
	struct xctx *ctx = arg;

	if (x == NULL || x->level == XML_ERR_WARNING)
		return;
	xp_push(ctx->xp, ctx->file, x->line, false,
	    x->message != NULL ? x->message : "XML error");
}

/*
 * The line of the first "<!DOCTYPE" in the file, or 0.  It is refused
 * before libxml2 reads the file: an internal subset is where entity
 * bombs and external entities live, and configuration files need none.
 */
static long
doctype_line(const char *path)
{
	static const char tag[] = "<!DOCTYPE";
	const size_t tlen = sizeof(tag) - 1;
	char buf[4096];
	long line = 1, found = 0;
	size_t n, i, keep = 0;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	while (found == 0 && (n = fread(buf + keep, 1,
	    sizeof(buf) - keep, fp)) > 0) {
		n += keep;
		/* Scan up to where a "<!DOCTYPE" could still be cut off. */
		for (i = 0; i + tlen <= n; i++) {
			if (memcmp(buf + i, tag, tlen) == 0) {
				found = line;
				break;
			}
			if (buf[i] == '\n')
				line++;
		}
		keep = n - i;
		memmove(buf, buf + i, keep);
	}
	fclose(fp);
	return found;
}

/* Load a RELAX NG schema; NULL with a problem recorded. */
xmlRelaxNGPtr
xmlconf_schema(const char *path, struct xproblems *xp)
{
	struct xctx ctx = { xp, path };
	xmlRelaxNGParserCtxtPtr pctx;
	xmlRelaxNGPtr schema;
	size_t before = xp->n;

	xmlSetStructuredErrorFunc(&ctx, xml_error);
	pctx = xmlRelaxNGNewParserCtxt(path);
	xmlRelaxNGSetParserStructuredErrors(pctx, xml_error, &ctx);
	schema = xmlRelaxNGParse(pctx);
	xmlRelaxNGFreeParserCtxt(pctx);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (schema == NULL && xp->n == before)
		xp_add(xp, path, 0, "cannot load the schema");
	return schema;
}

/* Read and validate a configuration file; see include/xmlconf.h. */
xmlDocPtr
xmlconf_read(const char *path, xmlRelaxNGPtr schema, const char *what,
    struct xproblems *xp, bool *valid)
{
	struct xctx ctx = { xp, path };
	xmlRelaxNGValidCtxtPtr vctx;
	xmlDocPtr doc;
	size_t before = xp->n;
	FILE *fp;
	long dt;

	*valid = false;
	if ((fp = fopen(path, "r")) == NULL) {
		xp_add(xp, path, 0, "%s", strerror(errno));
		return NULL;
	}
	fclose(fp);
	if ((dt = doctype_line(path)) > 0) {
		xp_add(xp, path, dt, "DOCTYPE declarations are not allowed in "
		    "%s files", what);
		return NULL;
	}
	xmlSetStructuredErrorFunc(&ctx, xml_error);
	/* No network, no entity expansion, no DTD loading. */
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	if (doc == NULL) {
		if (xp->n == before)
			xp_add(xp, path, 0, "cannot parse the file");
		xmlSetStructuredErrorFunc(NULL, NULL);
		return NULL;
	}
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		/* One the byte scan missed (another encoding). */
		xp_add(xp, path, 0, "DOCTYPE declarations are not allowed in "
		    "%s files", what);
		xmlFreeDoc(doc);
		xmlSetStructuredErrorFunc(NULL, NULL);
		return NULL;
	}
	vctx = xmlRelaxNGNewValidCtxt(schema);
	xmlRelaxNGSetValidStructuredErrors(vctx, xml_error, &ctx);
	*valid = xmlRelaxNGValidateDoc(vctx, doc) == 0;
	xmlRelaxNGFreeValidCtxt(vctx);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!*valid && xp->n == before)
		xp_add(xp, path, 0, "does not match the %s schema", what);
	return doc;
}

/* An attribute's value as a new string (free(3)), or NULL. */
char *
xmlconf_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (v == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* The text of n with runs of white space collapsed; a new string. */
char *
xmlconf_text(xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s, *p, *q;

	s = xstrdup(v != NULL ? (const char *)v : "");
	xmlFree(v);
	for (p = q = s; *p != '\0'; p++) {
		if (isspace((unsigned char)*p)) {
			if (q > s && q[-1] != ' ')
				*q++ = ' ';
			continue;
		}
		*q++ = *p;
	}
	while (q > s && q[-1] == ' ')
		q--;
	*q = '\0';
	return s;
}

/* Is n an element (named name, unless name is NULL)? */
bool
xmlconf_is_elem(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    (name == NULL || strcmp((const char *)n->name, name) == 0);
}

/* [A-Z][A-Z0-9]*-[0-9]{3,}, as rules/rules.rng says. */
bool
xmlconf_is_rule_id(const char *s)
{
	const char *dash = strchr(s, '-'), *p;

	if (dash == NULL || dash == s || !isupper((unsigned char)s[0]) ||
	    strlen(dash + 1) < 3)
		return false;
	for (p = s; p < dash; p++)
		if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p))
			return false;
	for (p = dash + 1; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return true;
}
