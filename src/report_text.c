/* SPDX-License-Identifier: ISC */
/*
 * The decoded facts of a connector as text, for `rcaudit show`.  Strings
 * from the directory are printed with control characters escaped, so a
 * hostile connector name cannot move the cursor or forge lines.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "xmalloc.h"

/* Print s with C0/DEL control characters as \xNN. */
static void
put_safe(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20 || ch == 0x7f)
			fprintf(fp, "\\x%02x", ch);
		else
			fputc(ch, fp);
	}
}

static void
field(FILE *fp, const char *label, const char *value)
{
	fprintf(fp, "  %-20s ", label);
	put_safe(fp, value != NULL ? value : "-");
	fputc('\n', fp);
}

static const char *
reason_missing(void)
{
	return "nTSecurityDescriptor is missing: the reader lacks "
	    "READ_CONTROL, or read it without the SD-flags control";
}

static void
ranges(FILE *fp, const struct connector *c)
{
	const struct ipr_summary *rs = &c->rsum;
	char buf[IPR_STR_MAX + 1], cnt[U128_STR_MAX + 1];
	size_t i;

	(void)ipr_summary_ipv6_fmt(rs, cnt, sizeof(cnt));
	fprintf(fp, "  remote ranges        %zu value%s; %llu IPv4 and %s IPv6 "
	    "addresses; %s\n", rs->nvalues, rs->nvalues == 1 ? "" : "s",
	    (unsigned long long)rs->ipv4_addresses, cnt,
	    rs->reaches_public ? "reaches public address space" :
	    "private address space only");
	if (rs->covers_all_ipv4)
		fprintf(fp, "                       covers all of IPv4\n");
	if (rs->covers_all_ipv6)
		fprintf(fp, "                       covers all of IPv6\n");
	for (i = 0; i < c->nranges; i++) {
		const struct ipr *r = &c->ranges[i];
		(void)ipr_fmt(r, buf, sizeof(buf));
		(void)ipr_count_fmt(r, cnt, sizeof(cnt));
		fprintf(fp, "    %-40s %s address%s, %s%s\n", buf, cnt,
		    ipr_is_single_host(r) ? "" : "es",
		    ipr_reaches_public(r) ? "public" : "private",
		    ipr_is_single_host(r) ? "" : ", wider than one host");
	}
	for (i = 0; i < c->nbad; i++) {
		fprintf(fp, "    invalid: ");
		put_safe(fp, c->bad[i].error);
		fputc('\n', fp);
	}
}

static void
verdict(FILE *fp, const char *label, int v, const char *text,
    const char *why)
{
	fprintf(fp, "    %-20s %s", label, connector_verdict(v));
	if (text != NULL || why != NULL)
		fprintf(fp, "%*s", (int)(8 - strlen(connector_verdict(v))), "");
	if (text != NULL) {
		fputs("by: ", fp);
		put_safe(fp, text);
	} else if (why != NULL) {
		fputs(why, fp);
	}
	fputc('\n', fp);
}

static const char *
nodecision(const struct connector *c, const struct access_decision *d)
{
	if (c->sd_state == CONN_SD_MISSING)
		return "security descriptor missing";
	if (c->sd_state == CONN_SD_INVALID)
		return "security descriptor unreadable";
	if (d->how == ACCESS_BY_NO_DACL)
		return "the descriptor has no DACL: everyone has every right";
	if (d->how == ACCESS_BY_DEFAULT)
		return "no ACE grants it";
	return NULL;
}

/*
 * Print the decoded facts of c to fp.  Returns 0, or -1 when the stream
 * reports an error.
 */
int
report_text_connector(FILE *fp, const struct connector *c)
{
	char buf[1024];
	size_t i;

	put_safe(fp, c->identity);
	fputc('\n', fp);
	field(fp, "dn", c->dn);
	field(fp, "objectGUID", c->guid);
	field(fp, "enabled", c->enabled ? "yes" : "no");
	snprintf(buf, sizeof(buf), "%s (%ld)", connector_role_name(c->role),
	    c->role);
	field(fp, "role", buf);
	(void)connector_auth_fmt(c->auth, buf, sizeof(buf));
	field(fp, "auth mechanism", buf);
	if (c->sd_state == CONN_SD_OK) {
		(void)connector_pg_fmt(c->perm_groups, buf, sizeof(buf));
		field(fp, "permission groups", buf);
	}
	field(fp, "fqdn", c->fqdn);
	fprintf(fp, "  %-20s ", "bindings");
	for (i = 0; i < c->nbindings; i++) {
		if (i > 0)
			fputs(", ", fp);
		put_safe(fp, c->bindings[i]);
	}
	fputc('\n', fp);
	ranges(fp, c);
	for (i = 0; i < c->nproblems; i++) {
		fputs("  problem: ", fp);
		put_safe(fp, c->problems[i]);
		fputc('\n', fp);
	}

	fprintf(fp, "  relay without authentication\n");
	verdict(fp, "anonymous", c->relay_anonymous,
	    connector_ace_fmt(&c->anon_ace, c->names, false, buf, sizeof(buf)),
	    nodecision(c, &c->anon_dec));
	verdict(fp, "externally secured", c->relay_external,
	    c->ext_flag == 0 ? NULL :
	    connector_ace_fmt(&c->ext_ace, c->names, false, buf, sizeof(buf)),
	    c->ext_flag == 0 ? "AuthMechanism lacks ExternalAuthoritative" :
	    nodecision(c, &c->ext_dec));
	verdict(fp, "either", c->relay_unauth, NULL, NULL);

	if (c->sd_state == CONN_SD_MISSING) {
		fprintf(fp, "  could not evaluate: %s\n", reason_missing());
	} else if (c->sd_state == CONN_SD_INVALID) {
		fputs("  could not evaluate: nTSecurityDescriptor: ", fp);
		put_safe(fp, c->sd_error);
		fputc('\n', fp);
	}
	if (c->nholders > 0) {
		fprintf(fp, "  holders of ms-Exch-SMTP-Accept-Any-Recipient\n");
		for (i = 0; i < c->nholders; i++) {
			const char *t = connector_ace_fmt(&c->holders[i].ace,
			    c->names, false, buf, sizeof(buf));

			fputs("    ", fp);
			put_safe(fp, t != NULL ? t : "(no DACL)");
			if (c->holders[i].dec.result == -1)
				fputs("  (cannot evaluate)", fp);
			fputc('\n', fp);
		}
	}
	if (c->sd != NULL) {
		char *sddl;

		if (c->sd->dacl == SD_DACL_ABSENT)
			fprintf(fp, "  dacl                 absent\n");
		else if (c->sd->dacl == SD_DACL_NULL)
			fprintf(fp, "  dacl                 NULL\n");
		else
			fprintf(fp, "  dacl                 %zu ACE%s\n",
			    c->sd->nace, c->sd->nace == 1 ? "" : "s");
		for (i = 0; i < c->sd->nace; i++) {
			(void)ace_fmt(&c->sd->aces[i], c->names, buf,
			    sizeof(buf));
			fprintf(fp, "    %3zu  ", i);
			put_safe(fp, buf);
			fputc('\n', fp);
		}
		sddl = sd_sddl(c->sd);
		field(fp, "sddl", sddl);
		free(sddl);
	}
	fputc('\n', fp);
	return ferror(fp) ? -1 : 0;
}

/*
 * "accepted: ..." under a waived finding, or why its waiver no longer
 * waives.  The waiver's text comes from a file and is escaped too.
 */
static void
waiver_line(FILE *fp, const struct finding_waiver *w)
{
	if (w->active)
		fprintf(fp, "      accepted until %s (approved by ",
		    w->expires);
	else
		fprintf(fp, "      waiver expired on %s, no longer accepted "
		    "(approved by ", w->expires);
	put_safe(fp, w->approver);
	if (w->ticket != NULL) {
		fputs("; ticket ", fp);
		put_safe(fp, w->ticket);
	}
	fputs("): ", fp);
	put_safe(fp, w->justification);
	fputc('\n', fp);
}

/*
 * The findings at or above min, grouped by severity then identity (the
 * order findings_sort() gives).  Directory strings are escaped.
 */
int
report_text_findings(FILE *fp, const struct finding *f, size_t n,
    enum severity min, bool colour)
{
	/* info, low, medium, high, critical: ANSI SGR colours */
	static const char *const sgr[] = { "\033[2m", "\033[36m",
	    "\033[33m", "\033[1;31m", "\033[1;97;41m" };
	const char *on = "", *off = "";

	const char *last_id = NULL;
	int last_sev = -1;
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (f[i].severity < min)
			continue;
		if ((int)f[i].severity != last_sev) {
			char up[16];

			for (j = 0; severity_name(f[i].severity)[j] != '\0' &&
			    j + 1 < sizeof(up); j++)
				up[j] = (char)(severity_name(f[i].severity)[j] -
				    'a' + 'A');
			up[j] = '\0';
			if (colour) {
				on = sgr[f[i].severity];
				off = "\033[0m";
			}
			fprintf(fp, "%s%s%s%s\n", last_sev == -1 ? "" : "\n",
			    on, up, off);
			last_sev = (int)f[i].severity;
			last_id = NULL;
		}
		if (last_id == NULL || strcmp(last_id, f[i].identity) != 0) {
			fputs("  ", fp);
			put_safe(fp, f[i].identity);
			if (!f[i].enabled)
				fputs("  (connector disabled)", fp);
			fputc('\n', fp);
			last_id = f[i].identity;
		}
		fprintf(fp, "    %s  %s", rule_id(f[i].rule),
		    rule_title(f[i].rule));
		if (baseline_mark_name(f[i].base) != NULL)
			fprintf(fp, "  [%s]", baseline_mark_name(f[i].base));
		fputc('\n', fp);
		if (f[i].waiver != NULL)
			waiver_line(fp, f[i].waiver);
		for (j = 0; j < f[i].nevidence; j++) {
			fputs("      - ", fp);
			put_safe(fp, f[i].evidence[j]);
			fputc('\n', fp);
		}
		if (f[i].remediation != NULL) {
			fputs("      fix:    ", fp);
			put_safe(fp, f[i].remediation);
			fputc('\n', fp);
		}
		if (f[i].verify != NULL) {
			fputs("      verify: ", fp);
			put_safe(fp, f[i].verify);
			fputc('\n', fp);
		}
	}
	return ferror(fp) ? -1 : 0;
}

/*
 * The "Waivers" section after waivers_apply(): each waiver as
 * "file:line: state: rule on how 'connector', date; what it matched".
 */
int
report_text_waivers(FILE *fp, const struct waiverset *ws)
{
	size_t i;

	if (ws->n == 0)
		return ferror(fp) ? -1 : 0;
	fputs("Waivers\n", fp);
	for (i = 0; i < ws->n; i++) {
		const struct waiver *w = &ws->w[i];
		enum waiver_state st = waiver_state(w);

		fputs("  ", fp);
		put_safe(fp, ws->file);
		fprintf(fp, ":%ld: %s: %s on %s '", w->line,
		    waiver_state_name(st), w->rule, waiver_by_name(w->by));
		put_safe(fp, w->connector);
		if (st == WAIVER_EXPIRED)
			fprintf(fp, "', expired on %s; ", w->expires);
		else
			fprintf(fp, "', until %s; ", w->expires);
		if (w->nhits == 0)
			fputs("matches no finding\n", fp);
		else if (st == WAIVER_EXPIRED)
			fprintf(fp, "%zu finding%s no longer accepted\n",
			    w->nhits, w->nhits == 1 ? "" : "s");
		else
			fprintf(fp, "accepts %zu finding%s\n", w->nhits,
			    w->nhits == 1 ? "" : "s");
	}
	return ferror(fp) ? -1 : 0;
}

/*
 * The "Resolved" section: the findings of the baseline that this run did
 * not see again, in the baseline's order.
 */
int
report_text_resolved(FILE *fp, const struct baseline *b)
{
	bool first = true;
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct baseline_finding *bf = &b->f[i];

		if (!baseline_is_resolved(bf))
			continue;
		if (first) {
			fputs("Resolved since the baseline\n", fp);
			first = false;
		}
		fprintf(fp, "  %s  ", bf->rule);
		put_safe(fp, bf->identity);
		if (bf->title != NULL) {
			fputs("  ", fp);
			put_safe(fp, bf->title);
		}
		if (bf->severity != NULL) {
			fputs(" (was ", fp);
			put_safe(fp, bf->severity);
			fputc(')', fp);
		}
		fputc('\n', fp);
	}
	return ferror(fp) ? -1 : 0;
}
