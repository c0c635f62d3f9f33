/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the control-access check (src/access.c), table-driven:
 * DACL in SDDL, the SID set, the right, and the expected decision.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "access.h"
#include "err.h"
#include "guid.h"
#include "sd.h"
#include "sid.h"
#include "xmalloc.h"

#define AAR	"5c82f031-4e4c-4326-88e1-8c4f0cad9de5"
#define SUBMIT	"a18293f1-0685-4540-aa63-e32df421b3a2"
/* Not an Exchange right: stands in for "Create public folder" & co. */
#define OTHER	"0e0f9a43-1c4e-4b3c-9d0a-2f1e3c4b5a69"
#define ESS	"S-1-9-1419165041-1139599005-3936102811-1022490595-23"
#define INH	"bf967aba-0de6-11d0-a285-00aa003049e2"
#define OPAQUE	"(#14;00;01020304)"

enum { NO_DACL = ACCESS_BY_NO_DACL, DEF = ACCESS_BY_DEFAULT,
    ACE = ACCESS_BY_ACE, UNEV = ACCESS_BY_UNEVALUABLE };
enum { NONE = ACCESS_GRANT_NONE, OBJ = ACCESS_GRANT_OBJECT,
    ALLX = ACCESS_GRANT_ALL_EXTENDED, FULL = ACCESS_GRANT_FULL_CONTROL,
    GALL = ACCESS_GRANT_GENERIC_ALL };

static const struct {
	const char	*what;
	const char	*sddl;
	const char	*sids;		/* space-separated */
	const char	*right;
	int		 result;
	int		 how;
	int		 grant;
	size_t		 ace;
} rows[] = {
	{ "exchange's grant", "D:(OA;CI;CR;" AAR ";;AN)", "AN", AAR,
	    1, ACE, OBJ, 0 },
	{ "another right", "D:(OA;CI;CR;" AAR ";;AN)", "AN", SUBMIT,
	    0, DEF, NONE, 0 },
	{ "deny before allow", "D:(OD;;CR;" AAR ";;AN)(OA;;CR;" AAR ";;AN)",
	    "AN", AAR, 0, ACE, OBJ, 0 },
	{ "allow before deny", "D:(OA;;CR;" AAR ";;AN)(OD;;CR;" AAR ";;AN)",
	    "AN", AAR, 1, ACE, OBJ, 0 },
	{ "inherited allow", "D:(OA;CIID;CR;" AAR ";;AN)", "AN", AAR,
	    1, ACE, OBJ, 0 },
	{ "explicit deny before inherited allow",
	    "D:(OD;CI;CR;" AAR ";;AN)(OA;CIID;CR;" AAR ";;AN)", "AN", AAR,
	    0, ACE, OBJ, 0 },
	{ "inherited allow stored before explicit deny",
	    "D:(OA;CIID;CR;" AAR ";;AN)(OD;CI;CR;" AAR ";;AN)", "AN", AAR,
	    1, ACE, OBJ, 0 },
	{ "inherit-only allow skipped", "D:(OA;CIIO;CR;" AAR ";;AN)", "AN",
	    AAR, 0, DEF, NONE, 0 },
	{ "inherit-only deny skipped",
	    "D:(OD;CIIO;CR;" AAR ";;AN)(OA;;CR;" AAR ";;AN)", "AN", AAR,
	    1, ACE, OBJ, 1 },
	{ "blanket control access", "D:(A;;CR;;;AN)", "AN", AAR,
	    1, ACE, ALLX, 0 },
	{ "blanket control access, any right", "D:(A;;CR;;;AN)", "AN",
	    OTHER, 1, ACE, ALLX, 0 },
	{ "object ace without object type",
	    "D:(OA;;CR;;" INH ";AN)", "AN", AAR, 1, ACE, ALLX, 0 },
	{ "blanket deny", "D:(D;;CR;;;AN)(OA;;CR;" AAR ";;AN)", "AN", AAR,
	    0, ACE, ALLX, 0 },
	{ "full control", "D:(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;AN)", "AN",
	    AAR, 1, ACE, FULL, 0 },
	{ "full control plus more", "D:(A;;0x1f01ff;;;AN)", "AN", AAR,
	    1, ACE, FULL, 0 },
	{ "generic all", "D:(A;;GA;;;AN)", "AN", AAR, 1, ACE, GALL, 0 },
	{ "deny generic all", "D:(D;;GA;;;AN)(OA;;CR;" AAR ";;AN)", "AN",
	    AAR, 0, ACE, GALL, 0 },
	{ "read/write property only", "D:(A;;RPWP;;;AN)", "AN", AAR,
	    0, DEF, NONE, 0 },
	{ "everyone only, anonymous asks", "D:(OA;;CR;" AAR ";;WD)", "AN",
	    AAR, 0, DEF, NONE, 0 },
	{ "everyone, authenticated session", "D:(OA;;CR;" AAR ";;WD)",
	    "AN WD", AAR, 1, ACE, OBJ, 0 },
	{ "authenticated users", "D:(OA;;CR;" AAR ";;AU)", "AN", AAR,
	    0, DEF, NONE, 0 },
	{ "externally secured", "D:(OA;CI;CR;" AAR ";;" ESS ")", ESS, AAR,
	    1, ACE, OBJ, 0 },
	{ "object ace for another GUID", "D:(OA;;CR;" OTHER ";;AN)", "AN",
	    AAR, 0, DEF, NONE, 0 },
	{ "generic all for another GUID", "D:(OA;;GA;" OTHER ";;AN)", "AN",
	    AAR, 0, DEF, NONE, 0 },
	{ "full control for another GUID",
	    "D:(OA;;CCDCLCSWRPWPDTLOCRSDRCWDWO;" OTHER ";;AN)", "AN", AAR,
	    0, DEF, NONE, 0 },
	{ "deny for another GUID ignored",
	    "D:(OD;;CR;" OTHER ";;AN)(OA;;CR;" AAR ";;AN)", "AN", AAR,
	    1, ACE, OBJ, 1 },
	{ "inherited object type ignored",
	    "D:(OA;;CR;" AAR ";" INH ";AN)", "AN", AAR, 1, ACE, OBJ, 0 },
	{ "callback before decision", "D:(XA;;CR;;;AN)(OA;;CR;" AAR ";;AN)",
	    "AN", AAR, -1, UNEV, ALLX, 0 },
	{ "callback deny before decision",
	    "D:(XD;;CR;;;AN)(OA;;CR;" AAR ";;AN)", "AN", AAR,
	    -1, UNEV, ALLX, 0 },
	{ "callback object for the right",
	    "D:(ZA;;CR;" AAR ";;AN)", "AN", AAR, -1, UNEV, OBJ, 0 },
	{ "callback after decision", "D:(OA;;CR;" AAR ";;AN)(XA;;CR;;;AN)",
	    "AN", AAR, 1, ACE, OBJ, 0 },
	{ "callback for another SID",
	    "D:(XA;;CR;;;WD)(OA;;CR;" AAR ";;AN)", "AN", AAR, 1, ACE, OBJ, 1 },
	{ "callback for another GUID",
	    "D:(ZA;;CR;" OTHER ";;AN)(OA;;CR;" AAR ";;AN)", "AN", AAR,
	    1, ACE, OBJ, 1 },
	{ "callback without control access",
	    "D:(XA;;RP;;;AN)(OA;;CR;" AAR ";;AN)", "AN", AAR, 1, ACE, OBJ, 1 },
	{ "callback audit ignored", "D:(XU;SA;CR;;;AN)", "AN", AAR,
	    0, DEF, NONE, 0 },
	{ "opaque before decision", "D:" OPAQUE "(OA;;CR;" AAR ";;AN)", "AN",
	    AAR, -1, UNEV, NONE, 0 },
	{ "opaque with no grant at all", "D:(A;;RP;;;AN)" OPAQUE, "AN", AAR,
	    -1, UNEV, NONE, 1 },
	{ "opaque after decision", "D:(OA;;CR;" AAR ";;AN)" OPAQUE, "AN", AAR,
	    1, ACE, OBJ, 0 },
	{ "opaque inherit-only", "D:(#14;08;01020304)(OA;;CR;" AAR ";;AN)",
	    "AN", AAR, 1, ACE, OBJ, 1 },
	{ "audit, alarm, label, policy ignored",
	    "D:(AU;SA;CR;;;AN)(AL;SA;CR;;;AN)(OU;SA;CR;" AAR ";;AN)"
	    "(ML;;CR;;;AN)(SP;;CR;;;AN)", "AN", AAR, 0, DEF, NONE, 0 },
	{ "NULL dacl", "O:BAD:NO_ACCESS_CONTROL", "AN", AAR,
	    1, NO_DACL, NONE, 0 },
	{ "absent dacl", "O:BAG:BA", "AN", AAR, 1, NO_DACL, NONE, 0 },
	{ "empty dacl", "D:P", "AN", AAR, 0, DEF, NONE, 0 },
	{ "no SIDs at all", "D:(A;;CR;;;AN)", "", AAR, 0, DEF, NONE, 0 },
	{ "second SID of the set decides",
	    "D:(A;;CR;;;S-1-5-21-1-2-3-1105)(D;;CR;;;AN)", "AN "
	    "S-1-5-21-1-2-3-1105", AAR, 1, ACE, ALLX, 0 },
};
#define NROWS	(sizeof(rows) / sizeof(rows[0]))

static struct sd *
row_sd(size_t i)
{
	struct sd *sd = NULL;
	struct err e;

	ck_assert_msg(sd_parse_sddl(rows[i].sddl, &sd, &e) == 0, "%s: %s",
	    rows[i].what, e.msg);
	return sd;
}

static size_t
row_sids(size_t i, struct sid *out, size_t max)
{
	char buf[256], *p, *tok, *save = NULL;
	size_t n = 0;
	struct err e;

	(void)snprintf(buf, sizeof(buf), "%s", rows[i].sids);
	for (p = buf; (tok = strtok_r(p, " ", &save)) != NULL; p = NULL) {
		ck_assert(n < max);
		ck_assert_msg(sid_parse(tok, &out[n], &e) == 0, "%s", e.msg);
		n++;
	}
	return n;
}

static struct guid
row_right(size_t i)
{
	struct guid g;

	ck_assert_int_eq(guid_parse(rows[i].right, &g, NULL), 0);
	return g;
}

START_TEST(test_access_check)
{
	struct sd *sd = row_sd(_i);
	struct sid sids[4];
	size_t n = row_sids(_i, sids, 4);
	struct guid g = row_right(_i);
	struct access_decision d;

	memset(&d, 0x5a, sizeof(d));
	ck_assert_int_eq(access_check(sd, sids, n, &g, &d), rows[_i].result);
	ck_assert_msg(d.result == rows[_i].result, "%s: result %d",
	    rows[_i].what, d.result);
	ck_assert_msg((int)d.how == rows[_i].how, "%s: how %d", rows[_i].what,
	    d.how);
	ck_assert_msg((int)d.grant == rows[_i].grant, "%s: grant %d",
	    rows[_i].what, d.grant);
	if (d.how == ACCESS_BY_ACE || d.how == ACCESS_BY_UNEVALUABLE)
		ck_assert_msg(d.ace == rows[_i].ace, "%s: ace %zu",
		    rows[_i].what, d.ace);
	sd_free(sd);
}
END_TEST

/* The same walk through the binary form of the 68-byte SD. */
START_TEST(test_access_check_binary)
{
	static const uint8_t sd68[] = {
		0x01, 0x00, 0x04, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x14, 0, 0, 0, 0x04, 0x00, 0x30, 0x00, 0x01, 0x00, 0x00, 0x00,
		0x05, 0x02, 0x28, 0x00, 0x00, 0x01, 0x00, 0x00,
		0x01, 0x00, 0x00, 0x00, 0x31, 0xf0, 0x82, 0x5c, 0x4c, 0x4e,
		0x26, 0x43, 0x88, 0xe1, 0x8c, 0x4f, 0x0c, 0xad, 0x9d, 0xe5,
		0x01, 0x01, 0, 0, 0, 0, 0, 0x05, 0x07, 0, 0, 0,
	};
	struct sd *sd = NULL;
	struct err e;
	struct access_decision d;

	ck_assert_int_eq(sd_parse(sd68, sizeof(sd68), &sd, &e), 0);
	ck_assert_int_eq(access_check(sd, &SID_ANONYMOUS, 1,
	    &GUID_ACCEPT_ANY_RECIPIENT, &d), 1);
	ck_assert_int_eq(d.grant, ACCESS_GRANT_OBJECT);
	ck_assert_int_eq(access_check(sd, &SID_EVERYONE, 1,
	    &GUID_ACCEPT_ANY_RECIPIENT, &d), 0);
	ck_assert_int_eq(access_check(sd, &SID_EXCH_EXTSECURED, 1,
	    &GUID_ACCEPT_ANY_RECIPIENT, &d), 0);
	sd_free(sd);
}
END_TEST

/* access_ace_covers on single ACEs, whatever the SID. */
static const struct {
	const char	*ace;
	const char	*right;
	int		 grant;
} covers[] = {
	{ "(OA;;CR;" AAR ";;WD)", AAR, OBJ },
	{ "(OA;;CR;" AAR ";;WD)", SUBMIT, NONE },
	{ "(A;;CR;;;WD)", SUBMIT, ALLX },
	{ "(A;;GA;;;WD)", SUBMIT, GALL },
	{ "(OA;;GA;" AAR ";;WD)", AAR, GALL },
	{ "(D;;0xf01ff;;;WD)", AAR, FULL },
	{ "(D;;0xf00ff;;;WD)", AAR, NONE },
	{ "(XD;;CR;;;WD)", AAR, ALLX },
	{ "(AU;SA;CR;;;WD)", AAR, NONE },
	{ "(ML;;CR;;;WD)", AAR, NONE },
	{ OPAQUE, AAR, NONE },
};

START_TEST(test_access_ace_covers)
{
	char sddl[256];
	struct sd *sd = NULL;
	struct err e;
	struct guid g;

	(void)snprintf(sddl, sizeof(sddl), "D:%s", covers[_i].ace);
	ck_assert_int_eq(sd_parse_sddl(sddl, &sd, &e), 0);
	ck_assert_int_eq(guid_parse(covers[_i].right, &g, NULL), 0);
	ck_assert_int_eq(access_ace_covers(&sd->aces[0], &g),
	    covers[_i].grant);
	sd_free(sd);
}
END_TEST

START_TEST(test_access_grant_name)
{
	ck_assert_str_eq(access_grant_name(ACCESS_GRANT_NONE), "none");
	ck_assert_str_eq(access_grant_name(ACCESS_GRANT_OBJECT), "object_type");
	ck_assert_str_eq(access_grant_name(ACCESS_GRANT_ALL_EXTENDED),
	    "all_extended_rights");
	ck_assert_str_eq(access_grant_name(ACCESS_GRANT_FULL_CONTROL),
	    "full_control");
	ck_assert_str_eq(access_grant_name(ACCESS_GRANT_GENERIC_ALL),
	    "generic_all");
}
END_TEST

static void
dec_eq(const struct access_decision *a, const struct access_decision *b)
{
	ck_assert_int_eq(a->result, b->result);
	ck_assert_int_eq(a->how, b->how);
	ck_assert_int_eq(a->grant, b->grant);
	if (a->how == ACCESS_BY_ACE || a->how == ACCESS_BY_UNEVALUABLE)
		ck_assert_uint_eq(a->ace, b->ace);
}

/* Every right of the table at once == one access_check per right. */
START_TEST(test_access_check_rights)
{
	struct sd *sd = row_sd(_i);
	struct sid sids[4];
	size_t n = row_sids(_i, sids, 4), nr, r;
	const struct guid_right *t = guid_rights(&nr);
	struct guid *g = xcalloc(nr + 1, sizeof(*g));
	struct access_decision *all = xcalloc(nr + 1, sizeof(*all)), one;

	for (r = 0; r < nr; r++)
		g[r] = t[r].guid;
	g[nr] = row_right(_i);
	ck_assert_int_eq(access_check_rights(sd, sids, n, g, nr + 1, all), 0);
	for (r = 0; r <= nr; r++) {
		(void)access_check(sd, sids, n, &g[r], &one);
		dec_eq(&all[r], &one);
	}
	free(all);
	free(g);
	sd_free(sd);
}
END_TEST

/*
 * access_check_summary() against access_check_principals(): the same
 * principals in the same order, less those that hold nothing and whose
 * focus right is denied by default; the same granted rights and focus
 * decision.  nr is at most 64.
 */
static void
summary_eq(const struct sd *sd, const struct guid *g, size_t nr,
    size_t focus)
{
	struct access_principal *pr = NULL;
	struct access_summary *su;
	size_t np, ns = 99, i, j, k;
	uint64_t granted;

	su = xcalloc(sd->nace + 1, sizeof(*su));
	ck_assert_int_eq(access_check_principals(sd, g, nr, &pr, &np), 0);
	ck_assert_int_eq(access_check_summary(sd, g, nr, focus, su, &ns), 0);
	for (i = 0, j = 0; i < np; i++) {
		for (k = 0, granted = 0; k < nr; k++)
			if (pr[i].dec[k].result == 1)
				granted |= (uint64_t)1 << k;
		if (granted == 0 && pr[i].dec[focus].how == ACCESS_BY_DEFAULT)
			continue;
		ck_assert_uint_lt(j, ns);
		ck_assert(sid_is_equal(su[j].sid, &pr[i].sid));
		ck_assert(su[j].granted == granted);
		dec_eq(&su[j].dec, &pr[i].dec[focus]);
		j++;
	}
	ck_assert_uint_eq(j, ns);
	access_principals_free(pr, np);
	free(su);
}

/* Each principal's decisions == access_check for that SID alone. */
START_TEST(test_access_check_principals)
{
	struct sd *sd = row_sd(_i);
	struct access_principal *pr = NULL;
	struct access_decision one;
	size_t np = 99, i, j, k, nr;
	const struct guid_right *t = guid_rights(&nr);
	struct guid *g = xcalloc(nr + 1, sizeof(*g));
	bool seen;

	for (i = 0; i < nr; i++)
		g[i] = t[i].guid;
	g[nr] = row_right(_i);
	ck_assert_int_eq(access_check_principals(sd, g, nr + 1, &pr, &np), 0);
	for (i = 0; i < np; i++) {
		for (j = 0; j < i; j++)
			ck_assert(!sid_is_equal(&pr[i].sid, &pr[j].sid));
		for (k = 0; k <= nr; k++) {
			(void)access_check(sd, &pr[i].sid, 1, &g[k], &one);
			dec_eq(&pr[i].dec[k], &one);
		}
	}
	/* Every allow/deny SID is listed, in order of first appearance. */
	for (i = 0, j = 0; i < sd->nace; i++) {
		if (!ace_is_allow(&sd->aces[i]) && !ace_is_deny(&sd->aces[i]))
			continue;
		for (k = 0, seen = false; k < j; k++)
			if (sid_is_equal(&pr[k].sid, &sd->aces[i].sid))
				seen = true;
		if (!seen) {
			ck_assert_uint_lt(j, np);
			ck_assert(sid_is_equal(&pr[j].sid, &sd->aces[i].sid));
			j++;
		}
	}
	ck_assert_uint_eq(j, np);
	access_principals_free(pr, np);
	free(g);
	sd_free(sd);
}
END_TEST

/*
 * access_check_unnamed() is access_check_rights() for a SID no ACE
 * names (none of the rows uses this one).
 */
START_TEST(test_access_check_unnamed)
{
	struct sd *sd = row_sd(_i);
	struct sid s;
	size_t nr, r;
	const struct guid_right *t = guid_rights(&nr);
	struct guid *g = xcalloc(nr + 1, sizeof(*g));
	struct access_decision *a = xcalloc(nr + 1, sizeof(*a));
	struct access_decision *b = xcalloc(nr + 1, sizeof(*b));

	ck_assert_int_eq(sid_parse("S-1-5-21-7-7-7-7777", &s, NULL), 0);
	for (r = 0; r < nr; r++)
		g[r] = t[r].guid;
	g[nr] = row_right(_i);
	ck_assert_int_eq(access_check_unnamed(sd, nr + 1, a), 0);
	ck_assert_int_eq(access_check_rights(sd, &s, 1, g, nr + 1, b), 0);
	for (r = 0; r <= nr; r++)
		dec_eq(&a[r], &b[r]);
	free(b);
	free(a);
	free(g);
	sd_free(sd);
}
END_TEST

/* access_check_summary() for each row, with each right in focus. */
START_TEST(test_access_check_summary)
{
	struct sd *sd = row_sd(_i);
	size_t nr, i, f;
	const struct guid_right *t = guid_rights(&nr);
	struct guid g[65];

	ck_assert_uint_le(nr, 63);
	for (i = 0; i < nr; i++)
		g[i] = t[i].guid;
	g[nr] = row_right(_i);
	for (f = 0; f <= nr; f++)
		summary_eq(sd, g, nr + 1, f);
	/* One right, the row's; and the same right asked twice. */
	summary_eq(sd, &g[nr], 1, 0);
	g[nr + 1] = g[nr];
	summary_eq(sd, &g[nr], 2, 1);
	sd_free(sd);
}
END_TEST

/* nright 0 or over 64, or focus out of range: -1, nothing written. */
START_TEST(test_access_check_summary_args)
{
	struct sd *sd = row_sd(0);
	struct access_summary su[8];
	struct guid g[65];
	size_t n = 99;

	memset(g, 0, sizeof(g));
	ck_assert_uint_le(sd->nace, 8);
	ck_assert_int_eq(access_check_summary(sd, g, 0, 0, su, &n), -1);
	ck_assert_uint_eq(n, 0);
	n = 99;
	ck_assert_int_eq(access_check_summary(sd, g, 65, 0, su, &n), -1);
	ck_assert_uint_eq(n, 0);
	n = 99;
	ck_assert_int_eq(access_check_summary(sd, g, 3, 3, su, &n), -1);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(access_check_summary(sd, g, 64, 63, su, &n), 0);
	sd_free(sd);
}
END_TEST

/*
 * More rights than one 64-bit word (and than the 256 kept on the stack),
 * with a repeated right, and more ACEs and principals than the stack
 * scratch of access_check_principals() holds: every decision is still
 * access_check()'s.  ACE i is for principal i % 70 and right i % 300,
 * with a blanket grant, a deny, a callback, an inherit-only ACE and an
 * opaque one mixed in.
 */
#define WIDE_RIGHTS	300
#define WIDE_ACES	400
#define WIDE_SIDS	70

START_TEST(test_access_wide)
{
	struct sd sd;
	struct guid *g = xcalloc(WIDE_RIGHTS, sizeof(*g));
	struct access_decision *all, one;
	struct access_principal *pr = NULL;
	struct ace *a;
	size_t np, i, k, nr;

	for (k = 0; k < WIDE_RIGHTS; k++) {
		g[k].b[0] = (uint8_t)k;
		g[k].b[1] = (uint8_t)(k >> 8);
		g[k].b[15] = 0x5a;
	}
	g[WIDE_RIGHTS - 1] = g[5];	/* asked twice */
	memset(&sd, 0, sizeof(sd));
	sd.rev = 1;
	sd.control = SD_CTRL_SELF_RELATIVE | SD_CTRL_DACL_PRESENT;
	sd.dacl = SD_DACL_PRESENT;
	sd.dacl_rev = 4;
	sd.nace = WIDE_ACES;
	sd.aces = xcalloc(WIDE_ACES, sizeof(*sd.aces));
	for (i = 0; i < WIDE_ACES; i++) {
		a = &sd.aces[i];
		a->type = i % 7 == 3 ? ACE_T_DENIED_OBJECT :
		    ACE_T_ALLOWED_OBJECT;
		a->kind = ACE_K_OBJECT;
		a->mask = ADS_RIGHT_CONTROL_ACCESS;
		a->oflags = ACE_OBJ_TYPE_PRESENT;
		a->object = g[(i * 7) % WIDE_RIGHTS];
		(void)sid_parse("S-1-5-21-1-2-3", &a->sid, NULL);
		a->sid.sub[a->sid.nsub++] = (uint32_t)(i % WIDE_SIDS);
		if (i % 50 == 1)
			a->oflags = 0;		/* every right */
		if (i % 61 == 2)
			a->type = ACE_T_ALLOWED_CALLBACK_OBJECT;
		if (i % 13 == 4)
			a->flags = ACE_F_INHERIT_ONLY;
	}
	for (nr = 1; nr <= WIDE_RIGHTS; nr += WIDE_RIGHTS - 1) {
		all = xcalloc(nr, sizeof(*all));
		ck_assert_int_eq(access_check_principals(&sd, g, nr, &pr,
		    &np), 0);
		ck_assert_uint_eq(np, WIDE_SIDS);
		for (i = 0; i < np; i++) {
			ck_assert_int_eq(access_check_rights(&sd, &pr[i].sid,
			    1, g, nr, all), 0);
			for (k = 0; k < nr; k++) {
				(void)access_check(&sd, &pr[i].sid, 1, &g[k],
				    &one);
				dec_eq(&pr[i].dec[k], &one);
				dec_eq(&all[k], &one);
			}
		}
		access_principals_free(pr, np);
		free(all);
		/* The summary of the first 64 rights, each in focus. */
		for (k = 0; k < 64 && k < nr; k++)
			summary_eq(&sd, g, nr < 64 ? nr : 64, k);
		/* An opaque ACE half way: what is undecided is unknown. */
		sd.aces[WIDE_ACES / 2].kind = ACE_K_OPAQUE;
		sd.aces[WIDE_ACES / 2].type = 0x14;
	}
	free(sd.aces);
	free(g);
}
END_TEST

/*
 * 100,000 ACEs (more than a binary ACL can hold: AclSize is 16-bit, so
 * the descriptor is built in memory): the walk and the principal table
 * stay fast.
 */
START_TEST(test_access_many)
{
	const size_t n = 100000;
	struct sd sd;
	struct sid s;
	struct access_decision d;
	struct access_principal *pr = NULL;
	size_t np, i;

	memset(&sd, 0, sizeof(sd));
	sd.rev = 1;
	sd.control = SD_CTRL_SELF_RELATIVE | SD_CTRL_DACL_PRESENT;
	sd.dacl = SD_DACL_PRESENT;
	sd.dacl_rev = 4;
	sd.nace = n;
	sd.aces = xcalloc(n, sizeof(*sd.aces));
	for (i = 0; i < n; i++) {
		sd.aces[i].type = ACE_T_ALLOWED_OBJECT;
		sd.aces[i].kind = ACE_K_OBJECT;
		sd.aces[i].mask = ADS_RIGHT_CONTROL_ACCESS;
		sd.aces[i].oflags = ACE_OBJ_TYPE_PRESENT;
		sd.aces[i].object = GUID_ACCEPT_ANY_RECIPIENT;
		(void)sid_parse("S-1-5-21-1-2-3", &sd.aces[i].sid, NULL);
		sd.aces[i].sid.sub[sd.aces[i].sid.nsub++] =
		    (uint32_t)(n - i);	/* reverse order: sorting matters */
	}
	s = sd.aces[n - 1].sid;
	ck_assert_int_eq(access_check(&sd, &s, 1, &GUID_ACCEPT_ANY_RECIPIENT,
	    &d), 1);
	ck_assert_uint_eq(d.ace, n - 1);
	ck_assert_int_eq(access_check(&sd, &SID_ANONYMOUS, 1,
	    &GUID_ACCEPT_ANY_RECIPIENT, &d), 0);
	ck_assert_int_eq(access_check_principals(&sd,
	    &GUID_ACCEPT_ANY_RECIPIENT, 1, &pr, &np), 0);
	ck_assert_uint_eq(np, n);
	for (i = 0; i < n; i += 9999) {
		ck_assert(sid_is_equal(&pr[i].sid, &sd.aces[i].sid));
		ck_assert_int_eq(pr[i].dec[0].result, 1);
		ck_assert_uint_eq(pr[i].dec[0].ace, i);
	}
	access_principals_free(pr, np);
	free(sd.aces);
}
END_TEST

Suite	*suite_access(void);

Suite *
suite_access(void)
{
	Suite *s = suite_create("access");
	TCase *tc;

	tc = tcase_create("access_check");
	tcase_add_loop_test(tc, test_access_check, 0, NROWS);
	tcase_add_test(tc, test_access_check_binary);
	suite_add_tcase(s, tc);
	tc = tcase_create("access_ace_covers");
	tcase_add_loop_test(tc, test_access_ace_covers, 0,
	    sizeof(covers) / sizeof(covers[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("access_grant_name");
	tcase_add_test(tc, test_access_grant_name);
	suite_add_tcase(s, tc);
	tc = tcase_create("access_check_rights");
	tcase_add_loop_test(tc, test_access_check_rights, 0, NROWS);
	tcase_add_loop_test(tc, test_access_check_unnamed, 0, NROWS);
	suite_add_tcase(s, tc);
	tc = tcase_create("access_check_principals");
	tcase_add_loop_test(tc, test_access_check_principals, 0, NROWS);
	tcase_add_test(tc, test_access_many);
	tcase_add_test(tc, test_access_wide);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	tc = tcase_create("access_check_summary");
	tcase_add_loop_test(tc, test_access_check_summary, 0, NROWS);
	tcase_add_test(tc, test_access_check_summary_args);
	suite_add_tcase(s, tc);
	return s;
}
