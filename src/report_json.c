/* SPDX-License-Identifier: ISC */
/*
 * The connector facts as JSON (jansson).  The shape is a contract for CI
 * jobs and later for the baseline; docs/facts-json.md documents every
 * field.  Verdicts are true, false or null (could not be evaluated).
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "guid.h"
#include "report.h"
#include "xmalloc.h"

/* true, false or null for a tri-state verdict; a new reference. */
json_t *
report_json_verdict(int v)
{
	return v == 1 ? json_true() : v == 0 ? json_false() : json_null();
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* Address counts are decimal strings: 2^128 does not fit a number. */
static json_t *
count_json(const struct ipr *r)
{
	char buf[U128_STR_MAX + 1];

	(void)ipr_count_fmt(r, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *
v6_json(const struct ipr_summary *rs)
{
	char buf[U128_STR_MAX + 1];

	(void)ipr_summary_ipv6_fmt(rs, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *
strings(char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static const char *
how_name(enum access_how how)
{
	switch (how) {
	case ACCESS_BY_NO_DACL:
		return "no_dacl";
	case ACCESS_BY_DEFAULT:
		return "no_matching_ace";
	case ACCESS_BY_ACE:
		return "ace";
	case ACCESS_BY_UNEVALUABLE:
		return "unevaluable_ace";
	}
	return "unknown";
}

static json_t *
ace_json(const struct names *nm, const struct conn_ace *ca, bool sddl)
{
	char buf[1024];

	return str_or_null(connector_ace_fmt(ca, nm, sddl, buf, sizeof(buf)));
}

static json_t *
decision(const struct names *nm, const struct access_decision *d,
    const struct conn_ace *ca, bool evaluated)
{
	if (!evaluated)
		return json_null();
	return json_pack("{s:o, s:s, s:s, s:o, s:o, s:o}",
	    "result", report_json_verdict(d->result),
	    "how", how_name(d->how),
	    "grant", access_grant_name(d->grant),
	    "ace_index", ca->present ? json_integer((json_int_t)d->ace) :
	    json_null(),
	    "ace", ace_json(nm, ca, true),
	    "ace_text", ace_json(nm, ca, false));
}

static json_t *
ranges(const struct connector *c)
{
	const struct ipr_summary *rs = &c->rsum;
	json_t *o, *inv, *parsed;
	char buf[IPR_STR_MAX + 1];
	size_t i;

	inv = json_array();
	for (i = 0; i < c->nbad; i++)
		json_array_append_new(inv, json_pack("{s:s, s:s}",
		    "value", c->bad[i].value, "error", c->bad[i].error));
	parsed = json_array();
	for (i = 0; i < c->nranges; i++) {
		const struct ipr *r = &c->ranges[i];

		(void)ipr_fmt(r, buf, sizeof(buf));
		json_array_append_new(parsed, json_pack(
		    "{s:s, s:i, s:o, s:b, s:b}",
		    "range", buf, "family", r->af,
		    "addresses", count_json(r),
		    "single_host", ipr_is_single_host(r),
		    "public", ipr_reaches_public(r)));
	}
	o = json_pack("{s:o, s:o, s:o, s:b, s:b, s:b, s:b, s:I, s:o}",
	    "values", strings(c->range_values, c->nrange_values),
	    "parsed", parsed,
	    "invalid", inv,
	    "wider_than_one_host", rs->wider_than_one_host,
	    "covers_all_ipv4", rs->covers_all_ipv4,
	    "covers_all_ipv6", rs->covers_all_ipv6,
	    "reaches_public", rs->reaches_public,
	    "ipv4_addresses", (json_int_t)rs->ipv4_addresses,
	    "ipv6_addresses", v6_json(rs));
	if (c->nranges > 0) {
		(void)ipr_fmt(&c->ranges[rs->widest], buf, sizeof(buf));
		json_object_set_new(o, "widest", json_pack("{s:s, s:o}",
		    "range", buf, "addresses",
		    count_json(&c->ranges[rs->widest])));
	} else {
		json_object_set_new(o, "widest", json_null());
	}
	return o;
}

static json_t *
sid_json(const struct names *nm, const struct sid *s)
{
	char buf[SID_STR_MAX];

	(void)sid_fmt(s, buf, sizeof(buf));
	return json_pack("{s:s, s:o}", "sid", buf, "name",
	    str_or_null(names_sid(nm, s)));
}

static json_t *
descriptor(const struct connector *c)
{
	static const char *const states[] = { "ok", "missing", "invalid" };
	static const char *const dacls[] = { "absent", "null", "present" };
	const struct sd *sd = c->sd;
	json_t *o, *aces;
	char buf[1024], *sddl;
	size_t i;

	o = json_pack("{s:s, s:o}", "state", states[c->sd_state],
	    "error", str_or_null(c->sd_error));
	if (sd == NULL)
		return o;
	json_object_set_new(o, "owner", sd->has_owner ?
	    sid_json(c->names, &sd->owner) : json_null());
	json_object_set_new(o, "group", sd->has_group ?
	    sid_json(c->names, &sd->group) : json_null());
	json_object_set_new(o, "control", json_integer(sd->control));
	json_object_set_new(o, "dacl", json_string(dacls[sd->dacl]));
	sddl = sd_sddl(sd);
	json_object_set_new(o, "sddl", json_string(sddl));
	free(sddl);
	aces = json_array();
	for (i = 0; i < sd->nace; i++) {
		const struct ace *a = &sd->aces[i];
		json_t *ao;

		(void)ace_fmt_sddl(a, buf, sizeof(buf));
		ao = json_pack("{s:I, s:s, s:s, s:i, s:i, s:I}",
		    "index", (json_int_t)i, "sddl", buf,
		    "type", ace_type_name(a->type), "type_code", a->type,
		    "flags", a->flags, "mask", (json_int_t)a->mask);
		(void)ace_fmt(a, c->names, buf, sizeof(buf));
		json_object_set_new(ao, "text", json_string(buf));
		json_object_set_new(ao, "inherited",
		    json_boolean(a->flags & ACE_F_INHERITED));
		json_object_set_new(ao, "inherit_only",
		    json_boolean(a->flags & ACE_F_INHERIT_ONLY));
		if (a->kind != ACE_K_OPAQUE) {
			json_t *so = sid_json(c->names, &a->sid);

			json_object_update(ao, so);
			json_decref(so);
		}
		if (a->kind == ACE_K_OBJECT &&
		    (a->oflags & ACE_OBJ_TYPE_PRESENT)) {
			(void)guid_fmt(&a->object, buf, sizeof(buf));
			json_object_set_new(ao, "object_type",
			    json_string(buf));
			json_object_set_new(ao, "object_type_name",
			    str_or_null(names_right(c->names, &a->object)));
		}
		json_array_append_new(aces, ao);
	}
	json_object_set_new(o, "aces", aces);
	return o;
}

static json_t *
holders(const struct connector *c)
{
	json_t *a = json_array(), *h;
	size_t i;

	for (i = 0; i < c->nholders; i++) {
		const struct conn_holder *ch = &c->holders[i];

		h = sid_json(c->names, &ch->sid);
		json_object_set_new(h, "result",
		    report_json_verdict(ch->dec.result));
		json_object_set_new(h, "grant",
		    json_string(access_grant_name(ch->dec.grant)));
		json_object_set_new(h, "ace", ace_json(c->names, &ch->ace, true));
		json_object_set_new(h, "ace_text", ace_json(c->names, &ch->ace, false));
		json_array_append_new(a, h);
	}
	return a;
}

static json_t *
pg_names(uint32_t pg)
{
	static const char *const names[] = { "AnonymousUsers",
	    "ExchangeUsers", "ExchangeServers", "ExchangeLegacyServers",
	    "Partners", "Custom" };
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < 6; i++)
		if (pg & (1U << i))
			json_array_append_new(a, json_string(names[i]));
	return a;
}

static json_t *
auth_names(long v)
{
	static const char *const names[] = { "Tls", "Integrated",
	    "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer",
	    "ExternalAuthoritative" };
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < 6; i++)
		if (v >= 0 && (v & (1L << i)))
			json_array_append_new(a, json_string(names[i]));
	return a;
}

static json_t *
relay(const struct connector *c)
{
	bool ev = c->sd_state == CONN_SD_OK;
	const struct conn_ace *deciding;

	/*
	 * The ACE behind the unauthenticated verdict: that of the path that
	 * granted relay, or that blocked evaluation; for "no", the anonymous
	 * path's (a deny ACE, or none when nothing matched).
	 */
	if (c->relay_unauth == 1)
		deciding = c->relay_anonymous == 1 ? &c->anon_ace :
		    &c->ext_ace;
	else if (c->relay_unauth == -1)
		deciding = c->relay_anonymous == -1 ? &c->anon_ace :
		    &c->ext_ace;
	else
		deciding = &c->anon_ace;
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "anonymous", report_json_verdict(c->relay_anonymous),
	    "externally_secured", report_json_verdict(c->relay_external),
	    "unauthenticated", report_json_verdict(c->relay_unauth),
	    "external_authoritative", report_json_verdict(c->ext_flag),
	    "deciding_ace", ace_json(c->names, deciding, true),
	    "anonymous_check", decision(c->names, &c->anon_dec, &c->anon_ace, ev),
	    "externally_secured_check", decision(c->names, &c->ext_dec,
	    &c->ext_ace, ev));
}

/*
 * The facts of c as a new JSON object that the caller releases with
 * json_decref().  Field by field in docs/facts-json.md.
 */
json_t *
report_json_connector(const struct connector *c)
{
	json_t *o;

	o = json_pack("{s:s, s:o, s:s, s:o, s:s, s:b, s:b}",
	    "dn", c->dn, "object_guid", str_or_null(c->guid),
	    "identity", c->identity, "server", str_or_null(c->server),
	    "name", c->name, "enabled", c->enabled == 1,
	    "evaluated", connector_is_evaluated(c));
	if (c->line > 0)
		json_object_set_new(o, "source_line",
		    json_integer((json_int_t)c->line));
	json_object_set_new(o, "role", json_pack("{s:I, s:s}", "value",
	    (json_int_t)c->role, "name", connector_role_name(c->role)));
	json_object_set_new(o, "auth_mechanism", json_pack("{s:I, s:o}",
	    "value", (json_int_t)c->auth, "names", auth_names(c->auth)));
	json_object_set_new(o, "permission_groups",
	    c->sd_state == CONN_SD_OK ? pg_names(c->perm_groups) :
	    json_null());
	json_object_set_new(o, "fqdn", str_or_null(c->fqdn));
	json_object_set_new(o, "bindings", strings(c->bindings,
	    c->nbindings));
	json_object_set_new(o, "max_message_size", c->max_message_size >= 0 ?
	    json_integer(c->max_message_size) : json_null());
	json_object_set_new(o, "require_tls", c->protocol_restrictions >= 0 ?
	    json_boolean(c->protocol_restrictions & 0x8) : json_null());
	json_object_set_new(o, "relay", relay(c));
	json_object_set_new(o, "relay_holders", c->sd_state == CONN_SD_OK ?
	    holders(c) : json_null());
	json_object_set_new(o, "ranges", ranges(c));
	json_object_set_new(o, "security_descriptor", descriptor(c));
	json_object_set_new(o, "problems", strings(c->problems,
	    c->nproblems));
	return o;
}

/*
 * A finding as JSON: rule id, title, severity, connector identity, DN,
 * objectGUID, fingerprint, evidence, remediation, verification, the
 * baseline mark ("new", "changed", "unchanged"; null without a baseline)
 * and the waiver that matched it (null, or its state and text).
 */
json_t *
report_json_finding(const struct finding *f)
{
	json_t *o, *ev, *refs;
	const char *text, *href;
	size_t i;

	ev = json_array();
	for (i = 0; i < f->nevidence; i++)
		json_array_append_new(ev, json_string(f->evidence[i]));
	refs = json_array();
	for (i = 0; (text = rule_reference(f->rule, i, &href)) != NULL; i++)
		json_array_append_new(refs, json_pack("{s:s, s:s}", "title",
		    text, "url", href));
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:s, s:o, s:o, "
	    "s:o, s:s, s:o}",
	    "rule", rule_id(f->rule),
	    "title", rule_title(f->rule),
	    "severity", severity_name(f->severity),
	    "identity", f->identity,
	    "dn", f->dn,
	    "object_guid", str_or_null(f->guid),
	    "connector_enabled", f->enabled,
	    "fingerprint", f->fingerprint,
	    "evidence", ev,
	    "remediation", str_or_null(f->remediation),
	    "verify", str_or_null(f->verify),
	    "description", rule_description(f->rule),
	    "references", refs);
	json_object_set_new(o, "baseline",
	    str_or_null(baseline_mark_name(f->base)));
	json_object_set_new(o, "waiver", f->waiver == NULL ? json_null() :
	    json_pack("{s:s, s:s, s:s, s:o, s:s}",
	    "state", f->waiver->active ? "active" : "expired",
	    "justification", f->waiver->justification,
	    "approver", f->waiver->approver,
	    "ticket", str_or_null(f->waiver->ticket),
	    "expires", f->waiver->expires));
	return o;
}

/*
 * The waivers after waivers_apply(): rule, connector, justification,
 * approver, ticket, expiry, where in the file, state, why it does not
 * waive (expired, stale; null when active) and the findings it matched.
 */
json_t *
report_json_waivers(const struct waiverset *ws)
{
	json_t *a = json_array(), *hits;
	char why[64];
	size_t i, j;

	for (i = 0; i < ws->n; i++) {
		const struct waiver *w = &ws->w[i];
		enum waiver_state st = waiver_state(w);

		hits = json_array();
		for (j = 0; j < w->nhits; j++)
			json_array_append_new(hits, json_pack("{s:s, s:s, s:s}",
			    "identity", w->hits[j].identity,
			    "dn", w->hits[j].dn,
			    "fingerprint", w->hits[j].fingerprint));
		if (st == WAIVER_EXPIRED)
			(void)snprintf(why, sizeof(why), "waiver expired on %s",
			    w->expires);
		else
			(void)snprintf(why, sizeof(why), "matches no finding");
		json_array_append_new(a, json_pack("{s:s, s:{s:s}, s:s, s:s, "
		    "s:o, s:s, s:s, s:I, s:s, s:o, s:o}",
		    "rule", w->rule,
		    "connector", waiver_by_name(w->by), w->connector,
		    "justification", w->justification,
		    "approver", w->approver,
		    "ticket", str_or_null(w->ticket),
		    "expires", w->expires,
		    "file", ws->file,
		    "line", (json_int_t)w->line,
		    "state", waiver_state_name(st),
		    "reason", st == WAIVER_ACTIVE ? json_null() :
		    json_string(why),
		    "matched", hits));
	}
	return a;
}

/*
 * The findings of the baseline that this run did not see again, with
 * the fields the baseline gave: rule, title, severity, identity, DN,
 * objectGUID, fingerprint.
 */
json_t *
report_json_resolved(const struct baseline *b)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct baseline_finding *bf = &b->f[i];

		if (!baseline_is_resolved(bf))
			continue;
		json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:s, s:s, "
		    "s:o, s:s}",
		    "rule", bf->rule,
		    "title", str_or_null(bf->title),
		    "severity", str_or_null(bf->severity),
		    "identity", bf->identity,
		    "dn", bf->dn,
		    "object_guid", str_or_null(bf->guid),
		    "fingerprint", bf->fingerprint));
	}
	return a;
}
