/* SPDX-License-Identifier: ISC */
/*
 * The rule engine: load the *.xml files of rules/ (validated with libxml2's RELAX NG,
 * parsed without network or entity expansion), and evaluate each rule's
 * condition on a connector with three-valued logic.  Every problem of a
 * rules file is reported, each as "file:line: message", not only the
 * first one (OpenSMTPD's parse.y habit).
 */
#define _GNU_SOURCE		/* FNM_CASEFOLD */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "rules.h"
#include "xmlconf.h"
#include "xmalloc.h"

enum pred {
	P_ALL, P_ANY, P_NOT,
	P_RELAY, P_HOLDER, P_GRANTED_BY, P_RANGES, P_RANGE_WIDER,
	P_ADDR_MORE, P_UNEVALUATED, P_ENABLED, P_DEFAULT, P_ROLE, P_PORT,
	P_AUTH, P_PGROUP, P_NAME, P_DESCRIPTOR
};

struct cond {
	enum pred	  kind;
	long		  n;		/* numeric argument */
	long		  n2;
	char		 *s;		/* string argument */
	struct sid	  sid;		/* P_HOLDER with a SID */
	struct cond	**kid;
	size_t		  nkid;
};

struct rule {
	char		*id;
	enum severity	 severity;
	bool		 enabled;
	char		*title;
	char		*description;
	char		*remediation;
	char		*verify;
	char		**ref_href;
	char		**ref_text;
	size_t		 nref;
	struct cond	*when;
	char		*file;
	long		 line;
};

/* ------------------------------------------------------------ parsing */

static const char *const pred_names[] = {
	"all", "any", "not", "relay", "holder", "granted-by", "ranges",
	"range-wider-than", "addresses-more-than", "unevaluated", "enabled",
	"default-connector", "role", "binding-port", "auth-mechanism",
	"permission-group", "name", "descriptor"
};

static void cond_free(struct cond *);

static struct cond *
cond_parse(xmlNodePtr n, struct xproblems *xp, const char *file)
{
	struct cond *c = xcalloc(1, sizeof(*c));
	xmlNodePtr k;
	char *v = NULL;
	size_t i;

	for (i = 0; i < sizeof(pred_names) / sizeof(pred_names[0]); i++)
		if (strcmp((const char *)n->name, pred_names[i]) == 0)
			break;
	if (i == sizeof(pred_names) / sizeof(pred_names[0])) {
		/* RELAX NG rejects it first; kept for safety. */
		xp_add(xp, file, xmlGetLineNo(n), "unknown predicate '%s'",
		    (const char *)n->name);
		free(c);
		return NULL;
	}
	c->kind = (enum pred)i;
	switch (c->kind) {
	case P_ALL:
	case P_ANY:
	case P_NOT:
		for (k = n->children; k != NULL; k = k->next) {
			struct cond *kc;

			if (!xmlconf_is_elem(k, NULL))
				continue;
			if ((kc = cond_parse(k, xp, file)) == NULL)
				continue;
			c->kid = xreallocarray(c->kid, c->nkid + 1,
			    sizeof(*c->kid));
			c->kid[c->nkid++] = kc;
		}
		break;
	case P_RELAY:
		v = xmlconf_attr(n, "path");
		c->n = v == NULL || strcmp(v, "unauthenticated") == 0 ? 0 :
		    strcmp(v, "anonymous") == 0 ? 1 : 2;
		break;
	case P_HOLDER:
		c->s = xmlconf_attr(n, "principal");
		if (c->s != NULL && strncmp(c->s, "S-", 2) == 0 &&
		    sid_parse(c->s, &c->sid, NULL) == -1)
			xp_add(xp, file, xmlGetLineNo(n),
			    "'%s' is not a SID", c->s);
		break;
	case P_GRANTED_BY:
		c->s = xmlconf_attr(n, "kind");
		break;
	case P_RANGES:
		c->s = xmlconf_attr(n, "are");
		break;
	case P_RANGE_WIDER:
		v = xmlconf_attr(n, "ipv4-prefix");
		c->n = v != NULL ? strtol(v, NULL, 10) : 32;
		free(v);
		v = xmlconf_attr(n, "ipv6-prefix");
		c->n2 = v != NULL ? strtol(v, NULL, 10) : c->n + 96;
		break;
	case P_ADDR_MORE:
		v = xmlconf_attr(n, "count");
		errno = 0;
		c->n = v != NULL ? strtol(v, NULL, 10) : 0;
		if (errno != 0 || c->n < 0)
			xp_add(xp, file, xmlGetLineNo(n),
			    "count '%s' is out of range", v ? v : "");
		break;
	case P_ROLE:
		v = xmlconf_attr(n, "is");
		c->n = v == NULL ? 0 : strcmp(v, "HubTransport") == 0 ?
		    CONN_ROLE_HUB : strcmp(v, "Edge") == 0 ? CONN_ROLE_EDGE :
		    CONN_ROLE_FRONTEND;
		break;
	case P_PORT:
		v = xmlconf_attr(n, "port");
		c->n = v != NULL ? strtol(v, NULL, 10) : 0;
		break;
	case P_AUTH:
	case P_PGROUP:
		c->s = xmlconf_attr(n, "has");
		break;
	case P_NAME:
		c->s = xmlconf_attr(n, "glob");
		break;
	case P_DESCRIPTOR:
		c->s = xmlconf_attr(n, "is");
		break;
	default:
		break;
	}
	free(v);
	return c;
}

static void
cond_free(struct cond *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nkid; i++)
		cond_free(c->kid[i]);
	free(c->kid);
	free(c->s);
	free(c);
}

static void
rule_free(struct rule *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->id);
	free(r->title);
	free(r->description);
	free(r->remediation);
	free(r->verify);
	for (i = 0; i < r->nref; i++) {
		free(r->ref_href[i]);
		free(r->ref_text[i]);
	}
	free(r->ref_href);
	free(r->ref_text);
	cond_free(r->when);
	free(r->file);
	free(r);
}

static struct rule *
rule_parse(xmlNodePtr n, struct xproblems *xp, const char *file)
{
	struct rule *r = xcalloc(1, sizeof(*r));
	xmlNodePtr k, c;
	char *v;

	r->file = xstrdup(file);
	r->line = xmlGetLineNo(n);
	r->id = xmlconf_attr(n, "id");
	v = xmlconf_attr(n, "severity");
	r->severity = (enum severity)severity_parse(v ? v : "info");
	free(v);
	v = xmlconf_attr(n, "enabled");
	r->enabled = v == NULL || strcmp(v, "false") != 0;
	free(v);
	for (k = n->children; k != NULL; k = k->next) {
		const char *name = (const char *)k->name;

		if (!xmlconf_is_elem(k, NULL))
			continue;
		if (strcmp(name, "title") == 0) {
			r->title = xmlconf_text(k);
		} else if (strcmp(name, "description") == 0) {
			r->description = xmlconf_text(k);
		} else if (strcmp(name, "remediation") == 0) {
			r->remediation = xmlconf_text(k);
		} else if (strcmp(name, "verify") == 0) {
			r->verify = xmlconf_text(k);
		} else if (strcmp(name, "reference") == 0) {
			r->ref_href = xreallocarray(r->ref_href, r->nref + 1,
			    sizeof(*r->ref_href));
			r->ref_text = xreallocarray(r->ref_text, r->nref + 1,
			    sizeof(*r->ref_text));
			r->ref_href[r->nref] = xmlconf_attr(k, "href");
			r->ref_text[r->nref] = xmlconf_text(k);
			r->nref++;
		} else if (strcmp(name, "when") == 0) {
			for (c = k->children; c != NULL && !xmlconf_is_elem(c, NULL);
			    c = c->next)
				;
			if (c != NULL)
				r->when = cond_parse(c, xp, file);
		}
	}
	return r;
}

static ssize_t
find_rule(const struct ruleset *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i]->id, id) == 0)
			return (ssize_t)i;
	return -1;
}

/* The placeholders a remediation or verify text may use. */
static const char *const placeholders[] = {
	"identity", "name", "server", "dn", "guid", "principal",
	"single_hosts", "count", "widest", "sample_host", "fqdn", "port",
	"ranges"
};

static void
check_placeholders(const char *text, struct xproblems *xp, const char *file,
    long line)
{
	const char *p = text, *end;
	size_t i, n;

	while ((p = strchr(p, '{')) != NULL) {
		if ((end = strchr(p, '}')) == NULL) {
			xp_add(xp, file, line, "'{' without '}'");
			return;
		}
		n = (size_t)(end - p - 1);
		for (i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]);
		    i++)
			if (strlen(placeholders[i]) == n &&
			    strncmp(placeholders[i], p + 1, n) == 0)
				break;
		if (i == sizeof(placeholders) / sizeof(placeholders[0]))
			xp_add(xp, file, line, "unknown placeholder "
			    "'{%.*s}'", (int)n, p + 1);
		p = end + 1;
	}
}

/*
 * Our own checks before RELAX NG, for messages that say what to write
 * instead of libxml2's "failed to validate attributes".
 */
struct seen {
	char	**id;
	long	 *line;
	size_t	  n;
};

static void
lint_tree(xmlNodePtr n, bool in_when, struct xproblems *xp, const char *file,
    struct seen *seen)
{
	static const char *const rule_elems[] = { "title", "when",
	    "description", "remediation", "verify", "reference" };
	xmlNodePtr k;
	char *v;
	size_t i;

	for (; n != NULL; n = n->next) {
		const char *name = (const char *)n->name;
		long line = xmlGetLineNo(n);

		if (!xmlconf_is_elem(n, NULL))
			continue;
		if (in_when) {
			for (i = 0; i < sizeof(pred_names) /
			    sizeof(pred_names[0]); i++)
				if (strcmp(name, pred_names[i]) == 0)
					break;
			if (i == sizeof(pred_names) / sizeof(pred_names[0]))
				xp_add(xp, file, line, "unknown predicate "
				    "'%s' (see rcaudit-rules(5))", name);
			lint_tree(n->children, true, xp, file, seen);
			continue;
		}
		if (strcmp(name, "rule") == 0 || strcmp(name, "override") == 0 ||
		    strcmp(name, "disable") == 0 || strcmp(name, "enable") == 0) {
			v = xmlconf_attr(n, strcmp(name, "rule") == 0 ? "id" : "rule");
			if (v != NULL && !xmlconf_is_rule_id(v))
				xp_add(xp, file, line, "rule id '%s' is not "
				    "of the form ABC-123", v);
			if (v != NULL && strcmp(name, "rule") == 0) {
				for (i = 0; i < seen->n; i++)
					if (strcmp(seen->id[i], v) == 0)
						xp_add(xp, file, line, "rule "
						    "'%s' is defined twice (first "
						    "at line %ld)", v,
						    seen->line[i]);
				seen->id = xreallocarray(seen->id, seen->n + 1,
				    sizeof(*seen->id));
				seen->line = xreallocarray(seen->line,
				    seen->n + 1, sizeof(*seen->line));
				seen->id[seen->n] = xstrdup(v);
				seen->line[seen->n++] = line;
			}
			free(v);
			v = xmlconf_attr(n, "severity");
			if (v != NULL && severity_parse(v) == -1)
				xp_add(xp, file, line, "unknown severity "
				    "'%s' (expected critical, high, medium, "
				    "low or info)", v);
			free(v);
		}
		if (strcmp(name, "rule") == 0) {
			for (k = n->children; k != NULL; k = k->next) {
				if (!xmlconf_is_elem(k, NULL))
					continue;
				for (i = 0; i < sizeof(rule_elems) /
				    sizeof(rule_elems[0]); i++)
					if (strcmp((const char *)k->name,
					    rule_elems[i]) == 0)
						break;
				if (i == sizeof(rule_elems) /
				    sizeof(rule_elems[0]))
					xp_add(xp, file, xmlGetLineNo(k),
					    "unknown element '%s' in a rule",
					    (const char *)k->name);
				else if (strcmp((const char *)k->name,
				    "when") == 0)
					lint_tree(k->children, true, xp, file,
					    seen);
				else if (strcmp((const char *)k->name,
				    "remediation") == 0 ||
				    strcmp((const char *)k->name, "verify") == 0) {
					v = xmlconf_text(k);
					check_placeholders(v, xp, file,
					    xmlGetLineNo(k));
					free(v);
				}
			}
		}
	}
}

/*
 * Parse and validate one file; on success add its rules to rs (when rs is
 * not NULL).  Problems go to xp.
 */
static void
load_file(struct ruleset *rs, const char *file, xmlRelaxNGPtr schema,
    struct xproblems *xp)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root, n;
	struct rule **mine = NULL;
	size_t nmine = 0, before = xp->n, i;
	bool valid;

	if ((doc = xmlconf_read(file, schema, "rules", xp, &valid)) == NULL)
		return;
	root = xmlDocGetRootElement(doc);
	/* Our own checks run either way, so that every problem is found. */
	if (root != NULL && strcmp((const char *)root->name, "rules") == 0) {
		struct seen seen = { NULL, NULL, 0 };

		lint_tree(root->children, false, xp, file, &seen);
		for (i = 0; i < seen.n; i++)
			free(seen.id[i]);
		free(seen.id);
		free(seen.line);
	}
	if (!valid || xp->n > before)
		goto done;
	for (n = root->children; n != NULL; n = n->next) {
		const char *name = (const char *)n->name;
		char *id, *sev;
		ssize_t at;

		if (!xmlconf_is_elem(n, NULL))
			continue;
		if (strcmp(name, "rule") == 0) {
			struct rule *r = rule_parse(n, xp, file);

			mine = xreallocarray(mine, nmine + 1, sizeof(*mine));
			mine[nmine++] = r;
			continue;
		}
		/* <override>, <disable>, <enable> change an earlier rule. */
		id = xmlconf_attr(n, "rule");
		at = rs != NULL ? find_rule(rs, id) : -1;
		for (i = 0; at < 0 && i < nmine; i++)
			if (strcmp(mine[i]->id, id) == 0)
				at = -2 - (ssize_t)i;
		if (at == -1 && rs != NULL) {
			xp_add(xp, file, xmlGetLineNo(n), "%s of unknown "
			    "rule '%s'", name, id);
		} else if (at != -1) {
			struct rule *r = at >= 0 ? rs->rules[at] :
			    mine[-2 - at];

			if (strcmp(name, "disable") == 0) {
				r->enabled = false;
			} else if (strcmp(name, "enable") == 0) {
				r->enabled = true;
			} else {
				sev = xmlconf_attr(n, "severity");
				r->severity = (enum severity)
				    severity_parse(sev);
				free(sev);
			}
		}
		free(id);
	}
	if (xp->n > before || rs == NULL) {
		for (i = 0; i < nmine; i++)
			rule_free(mine[i]);
		goto done;
	}
	for (i = 0; i < nmine; i++) {
		ssize_t at = find_rule(rs, mine[i]->id);

		if (at >= 0) {
			/* A later file's rule with the same id replaces it. */
			rule_free(rs->rules[at]);
			rs->rules[at] = mine[i];
			continue;
		}
		rs->rules = xreallocarray(rs->rules, rs->nrules + 1,
		    sizeof(*rs->rules));
		rs->rules[rs->nrules++] = mine[i];
	}
done:
	free(mine);
	xmlFreeDoc(doc);
}

static int
rule_cmp(const void *a, const void *b)
{
	const struct rule *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
load_path(struct ruleset *rs, const char *path, const char *schema_path,
    struct err *e)
{
	struct xproblems xp = { NULL, 0 };
	xmlRelaxNGPtr schema;
	struct stat st;
	char **files = NULL;
	size_t nfiles = 0, i;
	DIR *d;
	struct dirent *de;

	if (stat(path, &st) == -1)
		return err_set(e, ERR_CONFIG, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		if ((d = opendir(path)) == NULL)
			return err_set(e, ERR_CONFIG, "%s: %s", path,
			    strerror(errno));
		while ((de = readdir(d)) != NULL) {
			size_t len = strlen(de->d_name);

			if (len < 5 || strcmp(de->d_name + len - 4, ".xml"))
				continue;
			files = xreallocarray(files, nfiles + 1,
			    sizeof(*files));
			(void)xasprintf(&files[nfiles++], "%s/%s", path,
			    de->d_name);
		}
		closedir(d);
		if (nfiles == 0)
			return err_set(e, ERR_CONFIG, "%s: no *.xml rules "
			    "files", path);
		qsort(files, nfiles, sizeof(*files), name_cmp);
	} else {
		files = xcalloc(1, sizeof(*files));
		files[nfiles++] = xstrdup(path);
	}
	if ((schema = xmlconf_schema(schema_path, &xp)) != NULL) {
		for (i = 0; i < nfiles; i++)
			load_file(rs, files[i], schema, &xp);
		xmlRelaxNGFree(schema);
	}
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	if (xp.n > 0)
		return xp_fail(&xp, e);
	if (rs != NULL)
		qsort(rs->rules, rs->nrules, sizeof(*rs->rules), rule_cmp);
	return 0;
}

/*
 * Load a rules file, or every *.xml in a directory (in name order), into
 * rs; see include/rules.h.  Returns 0, or -1 with every problem in e.
 */
int
rules_load(struct ruleset *rs, const char *path, const char *schema_path,
    struct err *e)
{
	return load_path(rs, path, schema_path, e);
}

/* Validate a rules file (or directory) without keeping it. */
int
rules_check(const char *path, const char *schema_path, struct err *e)
{
	return load_path(NULL, path, schema_path, e);
}

/* Free every rule of rs and reset it. */
void
rules_clear(struct ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++)
		rule_free(rs->rules[i]);
	free(rs->rules);
	rs->rules = NULL;
	rs->nrules = 0;
}

/* ------------------------------------------------------------ evaluation */

/*
 * Evidence gathered while a condition is evaluated.  rules_eval() decides
 * first with no struct ev (NULL) and the predicates then format nothing:
 * most rules do not fire, and formatting ACEs, SIDs and ranges was most
 * of the cost of a rule.
 */
struct ev {
	char	**s;
	size_t	  n;
};

static void __attribute__((__format__(printf, 2, 3)))
ev_add(struct ev *ev, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	size_t i;

	if (ev == NULL)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (i = 0; i < ev->n; i++)
		if (strcmp(ev->s[i], buf) == 0)
			return;
	ev->s = xreallocarray(ev->s, ev->n + 1, sizeof(*ev->s));
	ev->s[ev->n++] = xstrdup(buf);
}

static const char *
ace_sddl(const struct conn_ace *ca, char *buf, size_t size)
{
	const char *s = connector_ace_fmt(ca, NULL, true, buf, size);

	return s != NULL ? s : "(no DACL)";
}

/* The decision behind unauthenticated relay, or NULL when none relays. */
static const struct access_decision *
relay_decision(const struct connector *c, const struct conn_ace **ca)
{
	if (c->relay_anonymous == 1) {
		*ca = &c->anon_ace;
		return &c->anon_dec;
	}
	if (c->relay_external == 1) {
		*ca = &c->ext_ace;
		return &c->ext_dec;
	}
	*ca = NULL;
	return NULL;
}

static int
p_relay(const struct cond *p, const struct connector *c, struct ev *ev)
{
	char buf[512];
	int v;

	v = p->n == 1 ? c->relay_anonymous : p->n == 2 ? c->relay_external :
	    c->relay_unauth;
	if (v != 1 || ev == NULL)
		return v;
	if (c->relay_anonymous == 1 && p->n != 2)
		ev_add(ev, "NT AUTHORITY\\ANONYMOUS LOGON may relay: %s",
		    ace_sddl(&c->anon_ace, buf, sizeof(buf)));
	if (c->relay_external == 1 && p->n != 1)
		ev_add(ev, "AuthMechanism has ExternalAuthoritative and MS "
		    "Exchange\\Externally Secured Servers may relay: %s",
		    ace_sddl(&c->ext_ace, buf, sizeof(buf)));
	return 1;
}

static int
p_holder(const struct cond *p, const struct connector *c, struct ev *ev)
{
	const struct sid *want;
	struct sid tmp;
	char buf[512], sbuf[SID_STR_MAX];
	const char *name;
	size_t i;

	if (strcmp(p->s, "anonymous") == 0)
		want = &SID_ANONYMOUS;
	else if (strcmp(p->s, "everyone") == 0)
		want = &SID_EVERYONE;
	else if (strcmp(p->s, "authenticated-users") == 0)
		want = &SID_AUTH_USERS;
	else if (strcmp(p->s, "externally-secured") == 0)
		want = &SID_EXCH_EXTSECURED;
	else if (strcmp(p->s, "partners") == 0)
		want = &SID_EXCH_PARTNER;
	else {
		tmp = p->sid;
		want = &tmp;
	}
	if (c->sd_state != CONN_SD_OK)
		return -1;
	if (ev != NULL) {
		(void)sid_fmt(want, sbuf, sizeof(sbuf));
		name = names_sid(c->names, want) != NULL ?
		    names_sid(c->names, want) : sbuf;
	} else
		name = NULL;
	if (c->sd->dacl != SD_DACL_PRESENT) {
		ev_add(ev, "%s holds ms-Exch-SMTP-Accept-Any-Recipient: the "
		    "descriptor has no DACL", name);
		return 1;
	}
	for (i = 0; i < c->nholders; i++) {
		if (!sid_is_equal(&c->holders[i].sid, want))
			continue;
		if (c->holders[i].dec.result != 1)
			return -1;
		if (ev != NULL)
			ev_add(ev, "%s holds ms-Exch-SMTP-Accept-Any-Recipient: "
			    "%s", name, ace_sddl(&c->holders[i].ace, buf,
			    sizeof(buf)));
		return 1;
	}
	/* Not named: denied, unless an opaque ACE leaves it unknown. */
	for (i = 0; i < c->sd->nace; i++)
		if (c->sd->aces[i].kind == ACE_K_OPAQUE &&
		    !(c->sd->aces[i].flags & ACE_F_INHERIT_ONLY))
			return -1;
	return 0;
}

static int
p_granted_by(const struct cond *p, const struct connector *c, struct ev *ev)
{
	const struct access_decision *d;
	const struct conn_ace *ca;
	char buf[512];
	int v = 0;

	if ((d = relay_decision(c, &ca)) == NULL)
		return c->relay_unauth == -1 ? -1 : 0;
	if (strcmp(p->s, "no-dacl") == 0) {
		v = d->how == ACCESS_BY_NO_DACL;
		if (v)
			ev_add(ev, "relay is granted because the descriptor "
			    "has no DACL");
		return v;
	}
	if (d->how != ACCESS_BY_ACE || !ca->present)
		return 0;
	if (strcmp(p->s, "blanket") == 0)
		v = d->grant == ACCESS_GRANT_ALL_EXTENDED ||
		    d->grant == ACCESS_GRANT_FULL_CONTROL ||
		    d->grant == ACCESS_GRANT_GENERIC_ALL;
	else if (strcmp(p->s, "object-ace") == 0)
		v = d->grant == ACCESS_GRANT_OBJECT;
	else if (strcmp(p->s, "inherited") == 0)
		v = (ca->ace.flags & ACE_F_INHERITED) != 0;
	else if (strcmp(p->s, "explicit") == 0)
		v = (ca->ace.flags & ACE_F_INHERITED) == 0;
	if (v && ev != NULL)
		ev_add(ev, "relay is granted by %s (%s ACE): %s",
		    d->grant == ACCESS_GRANT_ALL_EXTENDED ?
		    "all extended rights" : d->grant ==
		    ACCESS_GRANT_FULL_CONTROL ? "full control" : d->grant ==
		    ACCESS_GRANT_GENERIC_ALL ? "GENERIC_ALL" :
		    "the right itself",
		    (ca->ace.flags & ACE_F_INHERITED) ? "inherited" :
		    "explicit", connector_ace_fmt(ca, c->names, false, buf,
		    sizeof(buf)));
	return v;
}

static void
range_text(const struct ipr *r, char *buf, size_t size)
{
	char t[IPR_STR_MAX + 1], n[U128_STR_MAX + 1];

	(void)ipr_fmt(r, t, sizeof(t));
	(void)ipr_count_fmt(r, n, sizeof(n));
	(void)snprintf(buf, size, "%s (%s address%s)", t, n,
	    ipr_is_single_host(r) ? "" : "es");
}

static int
p_ranges(const struct cond *p, const struct connector *c, struct ev *ev)
{
	const struct ipr_summary *rs = &c->rsum;
	char buf[256];
	size_t i;
	int v;
	/* A fact found false may still hide in a value that did not parse. */
	int unknown_if_false = c->nbad > 0 ? -1 : 0;

	if (strcmp(p->s, "invalid") == 0) {
		if (c->nrange_values == 0) {
			ev_add(ev, "msExchSmtpReceiveRemoteIPRanges has no "
			    "value");
			return 1;
		}
		for (i = 0; i < c->nbad; i++)
			ev_add(ev, "invalid RemoteIPRanges value: %s",
			    c->bad[i].error);
		return c->nbad > 0;
	}
	if (strcmp(p->s, "covering-all-ipv4") == 0 ||
	    strcmp(p->s, "covering-all") == 0) {
		if (rs->covers_all_ipv4) {
			ev_add(ev, "RemoteIPRanges cover all of IPv4 "
			    "(4294967296 addresses)");
			if (strcmp(p->s, "covering-all") == 0 ||
			    strcmp(p->s, "covering-all-ipv4") == 0)
				return 1;
		}
		if (strcmp(p->s, "covering-all-ipv4") == 0)
			return unknown_if_false;
	}
	if (strcmp(p->s, "covering-all-ipv6") == 0 ||
	    strcmp(p->s, "covering-all") == 0) {
		if (rs->covers_all_ipv6) {
			ev_add(ev, "RemoteIPRanges cover all of IPv6 "
			    "(340282366920938463463374607431768211456 "
			    "addresses)");
			return 1;
		}
		return unknown_if_false;
	}
	if (strcmp(p->s, "reaching-public") == 0) {
		if (!rs->reaches_public)
			return unknown_if_false;
		for (i = 0; ev != NULL && i < c->nranges; i++) {
			if (!ipr_reaches_public(&c->ranges[i]))
				continue;
			range_text(&c->ranges[i], buf, sizeof(buf));
			ev_add(ev, "RemoteIPRanges reach public address "
			    "space: %s", buf);
			break;
		}
		return 1;
	}
	if (strcmp(p->s, "wider-than-one-host") == 0) {
		if (!rs->wider_than_one_host)
			return unknown_if_false;
		if (ev == NULL)
			return 1;
		range_text(&c->ranges[rs->widest], buf, sizeof(buf));
		ev_add(ev, "a RemoteIPRanges value covers more than one "
		    "host: %s", buf);
		return 1;
	}
	if (strcmp(p->s, "single-hosts-only") == 0 ||
	    strcmp(p->s, "several-single-hosts") == 0) {
		if (rs->wider_than_one_host || c->nrange_values == 0)
			return 0;
		if (c->nbad > 0)
			return -1;
		v = strcmp(p->s, "single-hosts-only") == 0 ||
		    c->nranges > 1;
		if (v)
			ev_add(ev, "%zu single-host RemoteIPRanges value%s",
			    c->nranges, c->nranges == 1 ? "" : "s");
		return v;
	}
	return 0;
}

static int
p_range_wider(const struct cond *p, const struct connector *c,
    struct ev *ev)
{
	char buf[256];
	size_t i;
	int bits;

	for (i = 0; i < c->nranges; i++) {
		const struct ipr *r = &c->ranges[i];
		struct u128 n = ipr_count(r), lim = { 0, 0 };

		bits = r->af == 4 ? 32 - (int)p->n : 128 - (int)p->n2;
		if (bits < 0)
			bits = 0;
		if (bits >= 128)
			continue;	/* nothing is wider than everything */
		if (bits >= 64)
			lim.hi = (uint64_t)1 << (bits - 64);
		else
			lim.lo = (uint64_t)1 << bits;
		if (u128_cmp(n, lim) > 0) {
			if (ev == NULL)
				return 1;
			range_text(r, buf, sizeof(buf));
			ev_add(ev, "%s is wider than a /%ld", buf,
			    r->af == 4 ? p->n : p->n2);
			return 1;
		}
	}
	return c->nbad > 0 ? -1 : 0;
}

static int
p_addr_more(const struct cond *p, const struct connector *c, struct ev *ev)
{
	const struct ipr_summary *rs = &c->rsum;
	char buf[U128_STR_MAX + 1];

	if (rs->ipv6_addresses.hi != 0 || rs->ipv6_addresses.lo > (uint64_t)
	    p->n || rs->ipv4_addresses > (uint64_t)p->n ||
	    rs->ipv4_addresses + rs->ipv6_addresses.lo > (uint64_t)p->n) {
		if (ev == NULL)
			return 1;
		(void)ipr_summary_ipv6_fmt(rs, buf, sizeof(buf));
		ev_add(ev, "RemoteIPRanges hold %llu IPv4 and %s IPv6 "
		    "addresses", (unsigned long long)rs->ipv4_addresses, buf);
		return 1;
	}
	return c->nbad > 0 ? -1 : 0;
}

/* Is the connector's name one that Exchange setup gives its own? */
static int
p_default(const struct connector *c, struct ev *ev)
{
	static const char *const prefixes[] = { "Default ",
	    "Default Frontend ", "Client Frontend ", "Client Proxy ",
	    "Outbound Proxy Frontend " };
	size_t i, len;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		len = strlen(prefixes[i]);
		if (strncasecmp(c->name, prefixes[i], len) != 0)
			continue;
		if (c->server != NULL ? strcasecmp(c->name + len,
		    c->server) != 0 : strchr(c->name + len, ' ') != NULL)
			continue;
		ev_add(ev, "'%s' is a connector that Exchange setup creates",
		    c->name);
		return 1;
	}
	return 0;
}

static int
p_port(const struct cond *p, const struct connector *c)
{
	const char *colon;
	size_t i;

	for (i = 0; i < c->nbindings; i++)
		if ((colon = strrchr(c->bindings[i], ':')) != NULL &&
		    strtol(colon + 1, NULL, 10) == p->n)
			return 1;
	return 0;
}

static int
flag_bit(const char *const *names, size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], want) == 0)
			return 1 << i;
	return 0;
}

static int
p_auth(const struct cond *p, const struct connector *c, struct ev *ev)
{
	static const char *const names[] = { "Tls", "Integrated",
	    "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer",
	    "ExternalAuthoritative" };

	if (c->ext_flag == -1)
		return -1;
	if ((c->auth & flag_bit(names, 6, p->s)) == 0)
		return 0;
	ev_add(ev, "AuthMechanism has %s", p->s);
	return 1;
}

static int
p_pgroup(const struct cond *p, const struct connector *c, struct ev *ev)
{
	static const char *const names[] = { "AnonymousUsers",
	    "ExchangeUsers", "ExchangeServers", "ExchangeLegacyServers",
	    "Partners", "Custom" };

	if (c->sd_state != CONN_SD_OK)
		return -1;
	if ((c->perm_groups & (uint32_t)flag_bit(names, 6, p->s)) == 0)
		return 0;
	ev_add(ev, "PermissionGroups include %s", p->s);
	return 1;
}

/*
 * Canonical DACL order (MS-DTYP 2.4.5): explicit deny, explicit allow,
 * then inherited ACEs.
 */
static bool
is_canonical(const struct sd *sd)
{
	size_t i;
	int stage = 0, s;

	for (i = 0; i < sd->nace; i++) {
		const struct ace *a = &sd->aces[i];

		if (a->flags & ACE_F_INHERITED)
			s = 2;
		else if (ace_is_deny(a))
			s = 0;
		else if (ace_is_allow(a))
			s = 1;
		else
			continue;
		if (s < stage)
			return false;
		stage = s;
	}
	return true;
}

static int
p_descriptor(const struct cond *p, const struct connector *c,
    struct ev *ev)
{
	const struct sd *sd = c->sd;
	char buf[512];
	size_t i;

	if (strcmp(p->s, "missing") == 0) {
		if (c->sd_state != CONN_SD_MISSING)
			return 0;
		ev_add(ev, "nTSecurityDescriptor is missing: the reader lacks "
		    "READ_CONTROL, or read without the SD-flags control");
		return 1;
	}
	if (strcmp(p->s, "invalid") == 0) {
		if (c->sd_state != CONN_SD_INVALID)
			return 0;
		ev_add(ev, "nTSecurityDescriptor: %s", c->sd_error);
		return 1;
	}
	if (c->sd_state != CONN_SD_OK || sd == NULL)
		return -1;
	if (strcmp(p->s, "null-dacl") == 0 && sd->dacl == SD_DACL_NULL) {
		ev_add(ev, "the DACL is NULL: every principal holds every "
		    "right");
		return 1;
	}
	if (strcmp(p->s, "absent-dacl") == 0 && sd->dacl == SD_DACL_ABSENT) {
		ev_add(ev, "the descriptor has no DACL (SE_DACL_PRESENT is "
		    "clear): every principal holds every right");
		return 1;
	}
	if (strcmp(p->s, "empty-dacl") == 0 && sd->dacl == SD_DACL_PRESENT &&
	    sd->nace == 0) {
		ev_add(ev, "the DACL is empty: nobody holds any right");
		return 1;
	}
	if (strcmp(p->s, "unevaluable") == 0) {
		for (i = 0; i < sd->nace; i++) {
			if (!ace_is_callback(&sd->aces[i]) &&
			    sd->aces[i].kind != ACE_K_OPAQUE)
				continue;
			if (ev == NULL)
				return 1;
			(void)ace_fmt_sddl(&sd->aces[i], buf, sizeof(buf));
			ev_add(ev, "ACE %zu cannot be evaluated: %s", i, buf);
			return 1;
		}
	}
	if (strcmp(p->s, "non-canonical") == 0 && !is_canonical(sd)) {
		ev_add(ev, "the DACL is not in canonical order (explicit "
		    "deny, explicit allow, inherited)");
		return 1;
	}
	return 0;
}

/* Could a verdict not be decided?  The evidence says why. */
static int
p_unevaluated(const struct connector *c, struct ev *ev)
{
	char buf[512];

	if (connector_is_evaluated(c))
		return 0;
	if (ev == NULL)
		return 1;
	if (c->sd_state == CONN_SD_MISSING)
		ev_add(ev, "nTSecurityDescriptor is missing: the reader lacks "
		    "READ_CONTROL, or read without the SD-flags control");
	else if (c->sd_state == CONN_SD_INVALID)
		ev_add(ev, "nTSecurityDescriptor: %s", c->sd_error);
	else if (c->relay_anonymous == -1)
		ev_add(ev, "ACE %s cannot be evaluated before the anonymous "
		    "check is decided", ace_sddl(&c->anon_ace, buf,
		    sizeof(buf)));
	else if (c->ext_flag == -1)
		ev_add(ev, "msExchSMTPReceiveInboundSecurityFlag is not a "
		    "number, so the externally secured path is unknown");
	else
		ev_add(ev, "ACE %s cannot be evaluated before the externally "
		    "secured check is decided", ace_sddl(&c->ext_ace, buf,
		    sizeof(buf)));
	return 1;
}

static int
eval(const struct cond *p, const struct connector *c, struct ev *ev)
{
	size_t i;
	int v, r;

	switch (p->kind) {
	case P_ALL: {
		/* Evidence counts only when the whole conjunction holds. */
		struct ev tmp = { NULL, 0 };

		r = 1;
		for (i = 0; i < p->nkid && r != 0; i++) {
			v = eval(p->kid[i], c, ev != NULL ? &tmp : NULL);
			if (v == 0)
				r = 0;
			else if (v == -1)
				r = -1;
		}
		for (i = 0; i < tmp.n; i++) {
			if (r == 1)
				ev_add(ev, "%s", tmp.s[i]);
			free(tmp.s[i]);
		}
		free(tmp.s);
		return r;
	}
	case P_ANY:
		r = 0;
		for (i = 0; i < p->nkid; i++) {
			v = eval(p->kid[i], c, ev);
			if (v == 1)
				r = 1;
			else if (v == -1 && r == 0)
				r = -1;
		}
		return r;
	case P_NOT:
		/* Nothing under a "not" is evidence of the finding. */
		v = p->nkid > 0 ? eval(p->kid[0], c, NULL) : 0;
		return v == -1 ? -1 : !v;
	case P_RELAY:
		return p_relay(p, c, ev);
	case P_HOLDER:
		return p_holder(p, c, ev);
	case P_GRANTED_BY:
		return p_granted_by(p, c, ev);
	case P_RANGES:
		return p_ranges(p, c, ev);
	case P_RANGE_WIDER:
		return p_range_wider(p, c, ev);
	case P_ADDR_MORE:
		return p_addr_more(p, c, ev);
	case P_UNEVALUATED:
		return p_unevaluated(c, ev);
	case P_ENABLED:
		return c->enabled == 1;
	case P_DEFAULT:
		return p_default(c, ev);
	case P_ROLE:
		return c->role == p->n;
	case P_PORT:
		return p_port(p, c);
	case P_AUTH:
		return p_auth(p, c, ev);
	case P_PGROUP:
		return p_pgroup(p, c, ev);
	case P_NAME:
		return fnmatch(p->s, c->name, FNM_CASEFOLD) == 0;
	case P_DESCRIPTOR:
		return p_descriptor(p, c, ev);
	}
	return -1;
}

/* ------------------------------------------------------------ findings */

/* Append s to the growing string *out (len in *len), escaped for PowerShell. */
static void
put(char **out, size_t *len, size_t *cap, const char *s, bool ps)
{
	if (*out == NULL) {
		*cap = 256;
		*out = xmalloc(*cap);
	}
	for (; *s != '\0'; s++) {
		if (*len + 3 >= *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*out = xreallocarray(*out, *cap, 1);
		}
		/*
		 * Remediations are PowerShell lines with values inside double
		 * quotes: a backtick escapes ` " $ there.  Control characters
		 * cannot be pasted safely; they become '?'.
		 */
		if (ps && (*s == '`' || *s == '"' || *s == '$'))
			(*out)[(*len)++] = '`';
		(*out)[(*len)++] = (unsigned char)*s < 0x20 ? '?' : *s;
	}
	(*out)[*len] = '\0';
}

/*
 * Append s to the string of *off bytes in buf, as snprintf(buf + *off,
 * size - *off, "%s", s) would, truncating at size; *off grows by the
 * whole length of s even when truncated.  The lists below are long (a
 * connector may have hundreds of ranges): snprintf was most of their cost.
 */
static void
cat(char *buf, size_t size, size_t *off, const char *s)
{
	size_t n = strlen(s), room;

	if (*off < size) {
		room = size - *off - 1;
		memcpy(buf + *off, s, n < room ? n : room);
		buf[*off + (n < room ? n : room)] = '\0';
	}
	*off += n;
}

/* The ranges of c, comma-separated; only the single hosts if single. */
static void
list_ranges(const struct connector *c, bool single, char *buf, size_t size)
{
	size_t i, off = 0;
	char t[IPR_STR_MAX + 1];

	buf[0] = '\0';
	for (i = 0; i < c->nranges && off + 1 < size; i++) {
		if (single && !ipr_is_single_host(&c->ranges[i]))
			continue;
		(void)ipr_fmt(&c->ranges[i], t, sizeof(t));
		if (off > 0)
			cat(buf, size, &off, ",");
		cat(buf, size, &off, t);
	}
}

static void
single_hosts(const struct connector *c, char *buf, size_t size)
{
	list_ranges(c, true, buf, size);
	if (buf[0] == '\0')
		(void)snprintf(buf, size, "<the address of each device>");
}

static char *
substitute(const char *tmpl, const struct connector *c)
{
	char *out = NULL, val[2048];
	size_t len = 0, cap = 0, n;
	const char *p, *end;
	const struct ipr *w = c->nranges ? &c->ranges[c->rsum.widest] : NULL;
	bool ps;

	if (tmpl == NULL)
		return NULL;
	put(&out, &len, &cap, "", false);
	for (p = tmpl; *p != '\0'; p = end + 1) {
		if ((end = strchr(p, '{')) == NULL) {
			put(&out, &len, &cap, p, false);
			break;
		}
		n = (size_t)(end - p);
		if (n > 0) {
			char *chunk = xstrndup(p, n);

			put(&out, &len, &cap, chunk, false);
			free(chunk);
		}
		p = end + 1;
		if ((end = strchr(p, '}')) == NULL)
			break;	/* checked at load time */
		n = (size_t)(end - p);
		ps = true;
		val[0] = '\0';
		if (n == 8 && strncmp(p, "identity", n) == 0)
			(void)snprintf(val, sizeof(val), "%s", c->identity);
		else if (n == 4 && strncmp(p, "name", n) == 0)
			(void)snprintf(val, sizeof(val), "%s", c->name);
		else if (n == 6 && strncmp(p, "server", n) == 0)
			(void)snprintf(val, sizeof(val), "%s",
			    c->server ? c->server : "<server>");
		else if (n == 2 && strncmp(p, "dn", n) == 0)
			(void)snprintf(val, sizeof(val), "%s", c->dn);
		else if (n == 4 && strncmp(p, "guid", n) == 0)
			(void)snprintf(val, sizeof(val), "%s",
			    c->guid ? c->guid : "<objectGUID>");
		else if (n == 9 && strncmp(p, "principal", n) == 0)
			(void)snprintf(val, sizeof(val), "%s",
			    c->relay_anonymous == 1 ?
			    "NT AUTHORITY\\ANONYMOUS LOGON" :
			    "MS Exchange\\Externally Secured Servers");
		else if (n == 12 && strncmp(p, "single_hosts", n) == 0)
			single_hosts(c, val, sizeof(val));
		else if (n == 5 && strncmp(p, "count", n) == 0)
			(void)snprintf(val, sizeof(val), "%zu", c->nranges);
		else if (n == 6 && strncmp(p, "widest", n) == 0) {
			if (w != NULL)
				(void)ipr_fmt(w, val, sizeof(val));
		} else if (n == 11 && strncmp(p, "sample_host", n) == 0) {
			struct ipr one;

			if (w != NULL) {
				/* Not the network address of a wide range. */
				one = *w;
				one.form = IPR_SINGLE;
				if (u128_cmp(ipr_count(w),
				    (struct u128){ 0, 2 }) > 0 &&
				    one.lo.lo != UINT64_MAX)
					one.lo.lo++;
				one.hi = one.lo;
				(void)ipr_fmt(&one, val, sizeof(val));
			}
		} else if (n == 4 && strncmp(p, "fqdn", n) == 0)
			(void)snprintf(val, sizeof(val), "%s", c->fqdn ?
			    c->fqdn : c->server ? c->server : "<server>");
		else if (n == 4 && strncmp(p, "port", n) == 0) {
			const char *colon = c->nbindings ?
			    strrchr(c->bindings[0], ':') : NULL;

			(void)snprintf(val, sizeof(val), "%s",
			    colon ? colon + 1 : "25");
		} else if (n == 6 && strncmp(p, "ranges", n) == 0)
			list_ranges(c, false, val, sizeof(val));
		put(&out, &len, &cap, val, ps);
	}
	return out;
}

/* FNV-1a, 64 bits: a stable name for a finding, not a secret. */
static uint64_t
fnv(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	h ^= 0xff;			/* field separator */
	h *= 0x100000001b3ULL;
	return h;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Evaluate the enabled rules of rs on c and append a finding for each
 * whose condition is true.  Disabled connectors' findings are one
 * severity lower (info stays info).
 */
void
rules_eval(const struct ruleset *rs, const struct connector *c,
    struct finding **fv, size_t *nf)
{
	size_t i, j;

	for (i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];
		struct ev ev = { NULL, 0 };
		struct finding *f;
		uint64_t h;
		char fp[64], **sorted;

		if (!r->enabled || r->when == NULL)
			continue;
		/*
		 * Decide first without gathering evidence (most rules do not
		 * fire), then again with it for the rules that do.
		 */
		if (eval(r->when, c, NULL) != 1)
			continue;
		(void)eval(r->when, c, &ev);
		*fv = xreallocarray(*fv, *nf + 1, sizeof(**fv));
		f = &(*fv)[(*nf)++];
		memset(f, 0, sizeof(*f));
		f->rule = r;
		f->severity = r->severity;
		if (c->enabled != 1 && f->severity > SEV_INFO)
			f->severity--;
		f->identity = xstrdup(c->identity);
		f->dn = xstrdup(c->dn);
		f->guid = c->guid ? xstrdup(c->guid) : NULL;
		f->enabled = c->enabled == 1;
		f->evidence = ev.s;
		f->nevidence = ev.n;
		f->remediation = substitute(r->remediation, c);
		f->verify = substitute(r->verify, c);
		/*
		 * The fingerprint names the rule, the connector (objectGUID
		 * survives a rename) and the evidence in a fixed order, so
		 * a widened range makes a new fingerprint.
		 */
		sorted = xcalloc(f->nevidence + 1, sizeof(char *));
		for (j = 0; j < f->nevidence; j++)
			sorted[j] = f->evidence[j];
		if (f->nevidence > 1)
			qsort(sorted, f->nevidence, sizeof(char *), str_cmp);
		h = fnv(0xcbf29ce484222325ULL, r->id);
		h = fnv(h, c->guid ? c->guid : c->dn);
		for (j = 0; j < f->nevidence; j++)
			h = fnv(h, sorted[j]);
		free(sorted);
		(void)snprintf(fp, sizeof(fp), "%s:%016llx", r->id,
		    (unsigned long long)h);
		f->fingerprint = xstrdup(fp);
	}
}

/* Free what a finding owns (not the finding itself). */
void
finding_clear(struct finding *f)
{
	size_t i;

	free(f->identity);
	free(f->dn);
	free(f->guid);
	for (i = 0; i < f->nevidence; i++)
		free(f->evidence[i]);
	free(f->evidence);
	free(f->remediation);
	free(f->verify);
	free(f->fingerprint);
	if (f->waiver != NULL) {
		free(f->waiver->justification);
		free(f->waiver->approver);
		free(f->waiver->ticket);
		free(f->waiver->expires);
		free(f->waiver);
	}
	memset(f, 0, sizeof(*f));
}

static int
finding_cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int r;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if ((r = strcmp(x->identity, y->identity)) != 0)
		return r;
	if ((r = strcmp(x->rule->id, y->rule->id)) != 0)
		return r;
	return strcmp(x->dn, y->dn);
}

/* Sort findings: most severe first, then identity, then rule id. */
void
findings_sort(struct finding *f, size_t n)
{
	if (n > 1)
		qsort(f, n, sizeof(*f), finding_cmp);
}

/* ------------------------------------------------------------ accessors */

/* The rule's id ("RCA-001"). */
const char *
rule_id(const struct rule *r)
{
	return r->id;
}

/* The rule's title. */
const char *
rule_title(const struct rule *r)
{
	return r->title;
}

/* Why the rule matters. */
const char *
rule_description(const struct rule *r)
{
	return r->description;
}

/* The severity after overrides. */
enum severity
rule_severity(const struct rule *r)
{
	return r->severity;
}

/* Not disabled by the catalogue or an override? */
bool
rule_is_enabled(const struct rule *r)
{
	return r->enabled;
}

/* The i-th reference: returns its text and sets *href; NULL past the end. */
const char *
rule_reference(const struct rule *r, size_t i, const char **href)
{
	if (i >= r->nref)
		return NULL;
	*href = r->ref_href[i];
	return r->ref_text[i];
}

/* The rule with this id, or NULL. */
const struct rule *
rules_find(const struct ruleset *rs, const char *id)
{
	ssize_t at = find_rule(rs, id);

	return at >= 0 ? rs->rules[at] : NULL;
}

static const char *const sev_names[] = { "info", "low", "medium", "high",
    "critical" };

/* "critical", "high", "medium", "low" or "info". */
const char *
severity_name(enum severity s)
{
	return (unsigned)s < 5 ? sev_names[s] : "unknown";
}

/* Parse a severity name (any case); -1 when unknown. */
int
severity_parse(const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < 5; i++)
		if (strcasecmp(s, sev_names[i]) == 0)
			return i;
	return -1;
}
