/* SPDX-License-Identifier: ISC */
/*
 * The receive-connector model.  connector_new() reads the attributes of an
 * msExchSmtpReceiveConnector entry, decodes nTSecurityDescriptor and
 * computes the relay verdicts as Exchange does: an unauthenticated session
 * is checked with a context holding S-1-5-7 alone, or the Externally
 * Secured Servers SID alone when AuthMechanism has ExternalAuthoritative
 * (exchange-facts.md 5.3, 5.4).  Anything that cannot be read yields -1
 * ("could not evaluate"), never "no relay".
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "connector.h"
#include "guid.h"
#include "utf8.h"
#include "xmalloc.h"

/* Exchange Permission bits (guid_right_bit) of the permission groups. */
#define P_SUBMIT		0x1
#define P_ANY_RECIPIENT		0x4
#define P_AUTH_FLAG		0x8
#define P_ANY_SENDER		0x10
#define P_AUTHORITATIVE		0x20
#define P_BYPASS_SPAM		0x40
#define P_BYPASS_SIZE		0x80
#define P_ACCEPT_EXCH50		0x200
#define P_HDR_ROUTING		0x400

#define PG_ANON_SET	(P_SUBMIT | P_ANY_SENDER | P_AUTHORITATIVE | \
			 P_HDR_ROUTING)
#define PG_USERS_SET	(P_SUBMIT | P_ANY_RECIPIENT | P_BYPASS_SPAM | \
			 P_HDR_ROUTING)
#define PG_SERVERS_SET	(P_SUBMIT | P_ANY_RECIPIENT | P_AUTH_FLAG | \
			 P_ANY_SENDER | P_AUTHORITATIVE | P_BYPASS_SPAM | \
			 P_BYPASS_SIZE | P_ACCEPT_EXCH50 | P_HDR_ROUTING)
#define PG_PARTNER_SET	(P_SUBMIT | P_HDR_ROUTING)

static void __attribute__((__format__(printf, 2, 3)))
add_problem(struct connector *c, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	char *p;

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	p = utf8_dup(buf);
	c->problems = xreallocarray(c->problems, c->nproblems + 1,
	    sizeof(*c->problems));
	c->problems[c->nproblems++] = p;
}

/* An integer attribute; def when absent, a problem when malformed. */
static long
get_long(struct connector *c, const struct entry *e, const char *attr,
    long def, bool *bad)
{
	const struct entry_val *v;
	char *end;
	long n;

	if (bad != NULL)
		*bad = false;
	if ((v = entry_get1(e, attr)) == NULL)
		return def;
	errno = 0;
	n = strtol(v->val, &end, 10);
	if (v->len == 0 || end != v->val + v->len || errno != 0 ||
	    isspace((unsigned char)v->val[0])) {
		add_problem(c, "%s: '%s' is not a decimal integer", attr,
		    v->val);
		if (bad != NULL)
			*bad = true;
		return def;
	}
	return n;
}

/* Is a named attr (len bytes)?  The stored length first: most differ. */
static bool
attr_is(const struct entry_attr *a, const char *attr, size_t len)
{
	return a->namelen == len && strcasecmp(a->name, attr) == 0;
}

/*
 * Where the values of attr are (also when split over "attr;range=..."
 * parts): the first and last attribute that hold them, and their bytes
 * with a NUL each.  Returns how many values there are.
 */
static size_t
attr_span(const struct entry *e, const char *attr, size_t *first,
    size_t *last, size_t *bytes)
{
	size_t i, j, n = 0, len = strlen(attr);

	*first = *last = *bytes = 0;
	for (i = 0; i < e->nattrs; i++) {
		if (!attr_is(&e->attrs[i], attr, len))
			continue;
		if (n == 0)
			*first = i;
		*last = i;
		n += e->attrs[i].nvals;
		for (j = 0; j < e->attrs[i].nvals; j++)
			*bytes += e->attrs[i].vals[j].len + 1;
	}
	return n;
}

/*
 * Every value of attr (also when split over "attr;range=..." parts) as a
 * new NULL-free array of strings; the array and the strings are one
 * allocation, freed with free(3).  NULL when there are none.
 */
static char **
get_strings(const struct entry *e, const char *attr, size_t *np)
{
	const struct entry_attr *a;
	const struct entry_val *ev;
	size_t i, j, n, bytes, first, last, len = strlen(attr);
	char **v, *p;

	*np = 0;
	if ((n = attr_span(e, attr, &first, &last, &bytes)) == 0)
		return NULL;
	v = xmalloc(n * sizeof(*v) + 3 * bytes);	/* room for U+FFFD */
	p = (char *)(v + n);
	/* Only [first, last] can match: one name compared, not all again. */
	for (i = first; i <= last; i++) {
		a = &e->attrs[i];
		if (i != first && i != last && !attr_is(a, attr, len))
			continue;
		for (j = 0; j < a->nvals; j++) {
			ev = &a->vals[j];
			v[(*np)++] = p;
			p += utf8_clean_into(p, ev->val, ev->len) + 1;
		}
	}
	return v;
}

/*
 * Split one RDN value off *p (RFC 4514), unescaping it; *p moves past the
 * separating comma.  The attribute type is skipped.  Returns a new
 * string, or NULL with e set.
 */
static char *
rdn_next(const char **p, struct err *e)
{
	const char *s = *p, *eq;
	char *out;
	size_t n = 0;

	if ((eq = strchr(s, '=')) == NULL)
		return err_set(e, ERR_DATA, "rdn '%s' has no '='", s), NULL;
	s = eq + 1;
	out = xmalloc(strlen(s) + 1);
	while (*s != '\0' && *s != ',' && *s != ';') {
		if (*s != '\\') {
			out[n++] = *s++;
			continue;
		}
		s++;
		if (isxdigit((unsigned char)s[0]) &&
		    isxdigit((unsigned char)s[1])) {
			char hex[3] = { s[0], s[1], '\0' };

			out[n++] = (char)strtol(hex, NULL, 16);
			s += 2;
		} else if (*s != '\0') {
			out[n++] = *s++;
		} else {
			free(out);
			return err_set(e, ERR_DATA,
			    "dn ends with a lone '\\'"), NULL;
		}
	}
	out[n] = '\0';
	if (*s == ',' || *s == ';')
		s++;
	while (*s == ' ')
		s++;
	*p = s;
	return out;
}

/*
 * Identity from a connector DN: the first RDN value is the connector's
 * name; the server is the RDN value after "CN=Protocols" (the 4th RDN,
 * exchange-facts.md 1.1).  *server is NULL when the DN has another shape.
 */
int
connector_dn_identity(const char *dn, char **server, char **name,
    struct err *e)
{
	const char *p = dn;
	char *vals[4] = { NULL, NULL, NULL, NULL };
	size_t i, n = 0;
	int ret = -1;

	*server = NULL;
	*name = NULL;
	while (*p != '\0' && n < 4) {
		if ((vals[n] = rdn_next(&p, e)) == NULL)
			goto fail;
		n++;
	}
	if (n == 0) {
		err_set(e, ERR_DATA, "empty dn");
		goto fail;
	}
	*name = vals[0];
	vals[0] = NULL;
	if (n == 4 && strcasecmp(vals[1], "SMTP Receive Connectors") == 0 &&
	    strcasecmp(vals[2], "Protocols") == 0) {
		*server = vals[3];
		vals[3] = NULL;
	}
	ret = 0;
fail:
	for (i = 0; i < 4; i++)
		free(vals[i]);
	return ret;
}

static void
read_identity(struct connector *c, const struct entry *e)
{
	const struct entry_val *v;
	struct err err;
	char *server = NULL, *name = NULL;
	size_t sl, nl;

	if (connector_dn_identity(e->dn, &server, &name, &err) == -1)
		add_problem(c, "%s: %s", "dn", err.msg);
	if ((v = entry_get1(e, "name")) != NULL ||
	    (v = entry_get1(e, "cn")) != NULL)
		c->name = utf8_ndup(v->val, strlen(v->val));
	else
		c->name = utf8_dup(name != NULL ? name : e->dn);
	free(name);
	if (server != NULL) {
		c->server = utf8_dup(server);
		free(server);
	}
	if (c->server == NULL) {
		c->identity = xstrdup(c->name);
		return;
	}
	/* "<server>\\<name>" */
	sl = strlen(c->server);
	nl = strlen(c->name);
	c->identity = xmalloc(sl + 1 + nl + 1);
	memcpy(c->identity, c->server, sl);
	c->identity[sl] = '\\';
	memcpy(c->identity + sl + 1, c->name, nl + 1);
}

static void
read_guid(struct connector *c, const struct entry *e)
{
	const struct entry_val *v;
	struct guid g;
	char buf[GUID_STR_LEN + 1];

	if ((v = entry_get1(e, "objectGUID")) == NULL)
		return;
	if (v->len == 16) {
		memcpy(g.b, v->val, 16);
		(void)guid_fmt(&g, buf, sizeof(buf));
		c->guid = xstrdup(buf);
	} else if (guid_parse(v->val, &g, NULL) == 0) {
		/* Some exports write the GUID as text. */
		(void)guid_fmt(&g, buf, sizeof(buf));
		c->guid = xstrdup(buf);
	} else {
		add_problem(c, "%s: %s", "objectGUID",
		    "value is neither 16 bytes nor a GUID string");
	}
}

/*
 * The RemoteIPRanges values, as stored (range_values, laid out as
 * get_strings() does: one block), parsed (ranges) or not (bad), and
 * summarised.  get_strings() is not used: it would clean each value's
 * UTF-8 and ipr_parse() would read it again.  Here a value that
 * ipr_parse_common() reads whole from the raw bytes is plain ASCII,
 * which cleaning leaves as it is, so its bytes are copied with the
 * parse done; only the rest (invalid or unusual values) are cleaned and
 * parsed as before.  That is nearly all values, and it was a quarter of
 * this function.
 */
static void
read_ranges(struct connector *c, const struct entry *e)
{
	static const char attr[] = "msExchSmtpReceiveRemoteIPRanges";
	const struct entry_attr *a;
	const struct entry_val *ev;
	struct err err;
	size_t i, j, n, bytes, first, last;
	char *p = NULL;

	n = attr_span(e, attr, &first, &last, &bytes);
	/*
	 * Not zeroed: each slot that nranges counts is written, and nothing
	 * reads past nranges.  At least one slot, as before.
	 */
	c->ranges = xreallocarray(NULL, n > 0 ? n : 1, sizeof(*c->ranges));
	c->range_values = NULL;
	if (n > 0) {
		c->range_values = xmalloc(n * sizeof(*c->range_values) +
		    3 * bytes);		/* room for U+FFFD, as get_strings() */
		p = (char *)(c->range_values + n);
	}
	for (i = first; n > 0 && i <= last; i++) {
		a = &e->attrs[i];
		if (i != first && i != last &&
		    !attr_is(a, attr, sizeof(attr) - 1))
			continue;
		for (j = 0; j < a->nvals; j++) {
			ev = &a->vals[j];
			c->range_values[c->nrange_values++] = p;
			if (ipr_parse_common(ev->val, ev->len,
			    &c->ranges[c->nranges])) {
				memcpy(p, ev->val, ev->len + 1);
				p += ev->len + 1;
				c->nranges++;
				continue;
			}
			p += utf8_clean_into(p, ev->val, ev->len) + 1;
			if (ipr_parse(c->range_values[c->nrange_values - 1],
			    &c->ranges[c->nranges], &err) == 0) {
				c->nranges++;
				continue;
			}
			if (c->bad == NULL)
				c->bad = xcalloc(n, sizeof(*c->bad));
			c->bad[c->nbad].value =
			    xstrdup(c->range_values[c->nrange_values - 1]);
			c->bad[c->nbad].error = utf8_dup(err.msg);
			c->nbad++;
		}
	}
	ipr_summarise(c->ranges, c->nranges, &c->rsum);
	c->rsum.nvalues = c->nrange_values;
	c->rsum.ninvalid = c->nbad;
}

/* Three-valued logic: 1 true, 0 false, -1 unknown. */
static int
tri_and(int a, int b)
{
	if (a == 0 || b == 0)
		return 0;
	if (a == 1 && b == 1)
		return 1;
	return -1;
}

static int
tri_or(int a, int b)
{
	if (a == 1 || b == 1)
		return 1;
	if (a == 0 && b == 0)
		return 0;
	return -1;
}

/* Keep a copy of the ACE that decided d, if one did. */
static void
keep_ace(const struct sd *sd, const struct access_decision *d,
    struct conn_ace *ca)
{
	memset(ca, 0, sizeof(*ca));
	if (sd == NULL || (d->how != ACCESS_BY_ACE &&
	    d->how != ACCESS_BY_UNEVALUABLE) || d->ace >= sd->nace)
		return;
	ca->present = true;
	ca->ace = sd->aces[d->ace];
	if (ca->ace.extralen > 0)
		ca->ace.extra = xmemdup(ca->ace.extra, ca->ace.extralen);
	else
		ca->ace.extra = NULL;
}

/*
 * Format a kept ACE into buf (SDDL, or the readable form, named from nm);
 * returns buf, or NULL when no ACE decided.
 */
const char *
connector_ace_fmt(const struct conn_ace *ca, const struct names *nm,
    bool sddl, char *buf, size_t size)
{
	if (!ca->present)
		return NULL;
	if (sddl)
		(void)ace_fmt_sddl(&ca->ace, buf, size);
	else
		(void)ace_fmt(&ca->ace, nm, buf, size);
	return buf;
}

/*
 * The receive rights that make up the permission groups are the first
 * entries of guid.c's table, which is in Exchange Permission-bit order
 * (Submit 0x1 ... Accept-Headers-Routing 0x400); one walk of the DACL
 * decides them all.  RIGHT_RELAY is Accept-Any-Recipient, bit 0x4.
 */
#define NRIGHTS		11
#define RIGHT_RELAY	2

struct rightset {
	struct guid	guid[NRIGHTS];
	uint32_t	bit[NRIGHTS];
};

static void
rightset_init(struct rightset *rs)
{
	const struct guid_right *t;
	size_t i, n;

	t = guid_rights(&n);
	for (i = 0; i < NRIGHTS && i < n; i++) {
		rs->guid[i] = t[i].guid;
		rs->bit[i] = t[i].bit;
	}
}

/* Exchange Permission bits from decisions d[0, NRIGHTS). */
static uint32_t
perm_bits(const struct rightset *rs, const struct access_decision *d)
{
	uint32_t bits = 0;
	size_t i;

	for (i = 0; i < NRIGHTS; i++)
		if (d[i].result == 1)
			bits |= rs->bit[i];
	return bits;
}

/* Exchange Permission bits from granted, bit i for rights[i]. */
static uint32_t
granted_bits(const struct rightset *rs, uint64_t granted)
{
	uint32_t bits = 0;
	size_t i;

	for (i = 0; i < NRIGHTS; i++)
		if (granted & (uint64_t)1 << i)
			bits |= rs->bit[i];
	return bits;
}

/* The index of sid among the principals pr[0..npr), or npr. */
static size_t
find_principal(const struct access_summary *pr, size_t npr,
    const struct sid *sid)
{
	size_t i;

	for (i = 0; i < npr; i++)
		if (sid_is_equal(pr[i].sid, sid))
			break;
	return i;
}

/*
 * The Exchange Permission bits that sid alone holds: from the
 * principals' walk when it lists sid, else those of a SID the DACL does
 * not name, un[] (nothing, unless there is no DACL).
 */
static uint32_t
sid_perms(const struct rightset *rs, const struct access_summary *pr,
    size_t npr, const struct access_decision *un, const struct sid *sid)
{
	size_t i;

	if ((i = find_principal(pr, npr, sid)) < npr)
		return granted_bits(rs, pr[i].granted);
	return perm_bits(rs, un);
}

/*
 * access_check() of Accept-Any-Recipient for sid alone into *d: the
 * principals' walk already decided it when it lists sid (the same
 * decision, include/access.h), else it is that of a SID the DACL does
 * not name, un[].
 */
static void
relay_decision(const struct sd *sd, const struct rightset *rs,
    const struct access_summary *pr, size_t npr,
    const struct access_decision *un, const struct sid *sid,
    struct access_decision *d)
{
	size_t i;

	if (!guid_is_equal(&rs->guid[RIGHT_RELAY], &GUID_ACCEPT_ANY_RECIPIENT))
		(void)access_check(sd, sid, 1, &GUID_ACCEPT_ANY_RECIPIENT, d);
	else if ((i = find_principal(pr, npr, sid)) < npr)
		*d = pr[i].dec;
	else
		*d = un[RIGHT_RELAY];
}

static bool
has_all(uint32_t have, uint32_t want)
{
	return (have & want) == want;
}

/* Up to this many ACEs, compute_rights() keeps the principals on the stack. */
#define STACK_PRINCIPALS	64

/*
 * The relay decisions of Anonymous and Externally Secured Servers, who
 * holds Accept-Any-Recipient, and PermissionGroups as
 * Get-ReceiveConnector computes them: a group is shown when its
 * principals hold at least the group's permission set.  The domain groups
 * (Exchange Servers, ExchangeLegacyInterop) have SIDs that differ per
 * forest; offline we recognise the well-known principals, count a domain
 * principal holding the servers' set as one of those groups, and report
 * Custom for any other principal holding receive rights.
 */
static void
compute_rights(struct connector *c)
{
	const struct sd *sd = c->sd;
	struct access_summary spr[STACK_PRINCIPALS], *pr = spr;
	struct access_decision un[NRIGHTS];
	struct rightset rs;
	size_t npr = 0, nh = 0, i;
	uint32_t pg = 0, p;

	rightset_init(&rs);
	/*
	 * One walk gives every principal's rights (linear in the DACL); it
	 * leaves out those that hold nothing and whose relay right is
	 * denied by default, as un[] says of them.
	 */
	if (sd->nace > STACK_PRINCIPALS)
		pr = xreallocarray(NULL, sd->nace, sizeof(*pr));
	(void)access_check_summary(sd, rs.guid, NRIGHTS, RIGHT_RELAY, pr,
	    &npr);
	/* And the rights of every SID it does not name, once. */
	(void)access_check_unnamed(sd, NRIGHTS, un);
	relay_decision(sd, &rs, pr, npr, un, &SID_ANONYMOUS, &c->anon_dec);
	relay_decision(sd, &rs, pr, npr, un, &SID_EXCH_EXTSECURED,
	    &c->ext_dec);

	if (has_all(sid_perms(&rs, pr, npr, un, &SID_ANONYMOUS), PG_ANON_SET))
		pg |= CONN_PG_ANONYMOUS;
	if (has_all(sid_perms(&rs, pr, npr, un, &SID_AUTH_USERS),
	    PG_USERS_SET))
		pg |= CONN_PG_EXCHANGE_USERS;
	if (has_all(sid_perms(&rs, pr, npr, un, &SID_EXCH_HUB),
	    PG_SERVERS_SET) &&
	    has_all(sid_perms(&rs, pr, npr, un, &SID_EXCH_EXTSECURED),
	    PG_SERVERS_SET))
		pg |= CONN_PG_EXCHANGE_SERVERS;
	if (has_all(sid_perms(&rs, pr, npr, un, &SID_EXCH_PARTNER),
	    PG_PARTNER_SET))
		pg |= CONN_PG_PARTNERS;

	/* The holders array is sized once, not grown one by one. */
	for (i = 0; i < npr; i++)
		if (pr[i].dec.result != 0)
			nh++;
	if (nh > 0)
		c->holders = xreallocarray(NULL, nh, sizeof(*c->holders));
	for (i = 0; i < npr; i++) {
		p = granted_bits(&rs, pr[i].granted);
		if (pr[i].dec.result != 0) {
			c->holders[c->nholders].sid = *pr[i].sid;
			c->holders[c->nholders].dec = pr[i].dec;
			c->holders[c->nholders].perms = p;
			keep_ace(sd, &pr[i].dec, &c->holders[c->nholders].ace);
			c->nholders++;
		}
		/*
		 * A principal that is not well known: the Exchange Servers or
		 * ExchangeLegacyInterop group when it holds the servers'
		 * set, otherwise a custom grant.  sid_name() is a table
		 * search: asked last.
		 */
		if (p != 0 &&
		    !has_all(p, PG_SERVERS_SET & ~(uint32_t)P_ANY_RECIPIENT) &&
		    sid_name(pr[i].sid) == NULL)
			pg |= CONN_PG_CUSTOM;
	}
	if (pr != spr)
		free(pr);
	c->perm_groups = pg;
}

static void
read_sd(struct connector *c, const struct entry *e)
{
	const struct entry_val *v;
	struct err err;

	if ((v = entry_get1(e, "nTSecurityDescriptor")) == NULL) {
		c->sd_state = CONN_SD_MISSING;
		return;
	}
	if (sd_parse(v->val, v->len, &c->sd, &err) == -1) {
		c->sd_state = CONN_SD_INVALID;
		c->sd_error = xstrdup(err.msg);
		return;
	}
	c->sd_state = CONN_SD_OK;
}

static void
decide(struct connector *c, bool auth_bad)
{
	int anon = -1, ext_right = -1;

	c->ext_flag = auth_bad ? -1 :
	    (c->auth & CONN_AUTH_EXTERNAL_AUTHORITATIVE) != 0;
	if (c->sd_state == CONN_SD_OK) {
		compute_rights(c);
		anon = c->anon_dec.result;
		ext_right = c->ext_dec.result;
		keep_ace(c->sd, &c->anon_dec, &c->anon_ace);
		keep_ace(c->sd, &c->ext_dec, &c->ext_ace);
	}
	c->relay_anonymous = anon;
	c->relay_external = tri_and(c->ext_flag, ext_right);
	c->relay_unauth = tri_or(c->relay_anonymous, c->relay_external);
}

/*
 * Build a connector from an entry (borrowed).  Returns a new connector;
 * free it with connector_free().
 */
struct connector *
connector_new(const struct entry *e, const struct names *nm)
{
	struct connector *c;
	const struct entry_val *v;
	bool auth_bad;

	c = xcalloc(1, sizeof(*c));
	c->dn = utf8_dup(e->dn);
	if (strcmp(c->dn, e->dn) != 0)
		add_problem(c, "%s", "dn: not valid UTF-8; invalid bytes are "
		    "shown as U+FFFD");
	c->line = e->line;
	c->names = nm;
	read_identity(c, e);
	read_guid(c, e);

	c->enabled = 1;
	if ((v = entry_get1(e, "msExchSmtpReceiveEnabled")) != NULL) {
		if (strcasecmp(v->val, "TRUE") == 0)
			c->enabled = 1;
		else if (strcasecmp(v->val, "FALSE") == 0)
			c->enabled = 0;
		else
			add_problem(c, "%s: '%s' is not TRUE or FALSE",
			    "msExchSmtpReceiveEnabled", v->val);
	}
	c->role = get_long(c, e, "msExchSmtpReceiveRole", CONN_ROLE_HUB,
	    NULL);
	c->auth = get_long(c, e, "msExchSMTPReceiveInboundSecurityFlag",
	    CONN_AUTH_DEFAULT, &auth_bad);
	c->protocol_restrictions = get_long(c, e,
	    "msExchSmtpReceiveProtocolRestrictions", -1, NULL);
	c->max_message_size = get_long(c, e,
	    "msExchSmtpReceiveMaxMessageSize", -1, NULL);
	if ((v = entry_get1(e, "msExchSMTPReceiveConnectorFQDN")) != NULL)
		c->fqdn = utf8_dup(v->val);
	c->bindings = get_strings(e, "msExchSmtpReceiveBindings",
	    &c->nbindings);
	read_ranges(c, e);
	read_sd(c, e);
	decide(c, auth_bad);
	return c;
}

/* Could all three relay verdicts be decided? */
bool
connector_is_evaluated(const struct connector *c)
{
	return c->relay_anonymous != -1 && c->relay_external != -1 &&
	    c->relay_unauth != -1;
}

/* Release the decoded descriptor (verdicts and holders are kept). */
void
connector_drop_sd(struct connector *c)
{
	sd_free(c->sd);
	c->sd = NULL;
}

static void
free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Free c and everything it owns; NULL is a no-op. */
void
connector_free(struct connector *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->dn);
	free(c->guid);
	free(c->server);
	free(c->name);
	free(c->identity);
	free(c->fqdn);
	free(c->bindings);		/* one block, see get_strings() */
	free(c->range_values);
	free(c->ranges);
	for (i = 0; i < c->nbad; i++) {
		free(c->bad[i].value);
		free(c->bad[i].error);
	}
	free(c->bad);
	free_strings(c->problems, c->nproblems);
	free(c->sd_error);
	sd_free(c->sd);
	for (i = 0; i < c->nholders; i++)
		free(c->holders[i].ace.ace.extra);
	free(c->holders);
	free(c->anon_ace.ace.extra);
	free(c->ext_ace.ace.extra);
	free(c);
}

static int
flags_fmt(uint32_t v, const char *const *names, size_t n, char *buf,
    size_t size)
{
	size_t i, len = 0;
	int r;

	if (size > 0)
		buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!(v & (1U << i)))
			continue;
		r = snprintf(buf + (len < size ? len : size),
		    len < size ? size - len : 0, "%s%s", len ? ", " : "",
		    names[i]);
		if (r < 0)
			return r;
		len += (size_t)r;
	}
	if (len == 0) {
		r = snprintf(buf, size, "None");
		return r;
	}
	return (int)len;
}

/* PermissionGroups names; snprintf-style. */
int
connector_pg_fmt(uint32_t pg, char *buf, size_t size)
{
	static const char *const names[] = { "AnonymousUsers",
	    "ExchangeUsers", "ExchangeServers", "ExchangeLegacyServers",
	    "Partners", "Custom" };

	return flags_fmt(pg, names, 6, buf, size);
}

/* AuthMechanism names; snprintf-style. */
int
connector_auth_fmt(long v, char *buf, size_t size)
{
	static const char *const names[] = { "Tls", "Integrated",
	    "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer",
	    "ExternalAuthoritative" };

	if (v < 0 || v > 0x3f)
		return snprintf(buf, size, "%ld", v);
	return flags_fmt((uint32_t)v, names, 6, buf, size);
}

/* TransportRole name of an msExchSmtpReceiveRole value. */
const char *
connector_role_name(long role)
{
	switch (role) {
	case CONN_ROLE_HUB:
		return "HubTransport";
	case CONN_ROLE_EDGE:
		return "Edge";
	case CONN_ROLE_FRONTEND:
		return "FrontendTransport";
	default:
		return "unknown";
	}
}

/* "yes", "no" or "unknown" for a tri-state verdict. */
const char *
connector_verdict(int v)
{
	return v == 1 ? "yes" : v == 0 ? "no" : "unknown";
}
