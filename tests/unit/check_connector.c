/* SPDX-License-Identifier: ISC */
/* Unit tests for the connector model (src/connector.c). */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "connector.h"
#include "sd.h"
#include "testutil.h"
#include "xmalloc.h"

#define TAIL "CN=Servers,CN=Exchange Administrative Group " \
	"(FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Org,CN=Microsoft " \
	"Exchange,CN=Services,CN=Configuration,DC=corp,DC=example"

static const struct {
	const char	*dn;
	const char	*server;	/* NULL: not under CN=Protocols */
	const char	*name;
} dn_cases[] = {
	{ "CN=Default EX01,CN=SMTP Receive Connectors,CN=Protocols,"
	    "CN=EX01," TAIL, "EX01", "Default EX01" },
	{ "CN=Relay\\, Printers,CN=SMTP Receive Connectors,CN=Protocols,"
	    "CN=EX01," TAIL, "EX01", "Relay, Printers" },
	{ "CN=A\\2CB \\3Cx\\3E,CN=SMTP Receive Connectors,CN=Protocols,"
	    "CN=EX\\#2," TAIL, "EX#2", "A,B <x>" },
	{ "cn=Lower,cn=smtp receive connectors,cn=protocols,cn=EX03," TAIL,
	    "EX03", "Lower" },
	{ "CN=Elsewhere,CN=Somewhere,DC=corp,DC=example", NULL,
	    "Elsewhere" },
	{ "CN=Caf\\C3\\A9,CN=SMTP Receive Connectors,CN=Protocols,CN=EX01,"
	    TAIL, "EX01", "Caf\xc3\xa9" },
};

START_TEST(test_dn_identity)
{
	char *server, *name;
	struct err e;

	ck_assert_int_eq(connector_dn_identity(dn_cases[_i].dn, &server,
	    &name, &e), 0);
	if (dn_cases[_i].server == NULL)
		ck_assert_ptr_null(server);
	else
		ck_assert_str_eq(server, dn_cases[_i].server);
	ck_assert_str_eq(name, dn_cases[_i].name);
	free(server);
	free(name);
}
END_TEST

START_TEST(test_dn_identity_bad)
{
	char *server = (char *)1, *name = (char *)1;
	struct err e;

	ck_assert_int_eq(connector_dn_identity("CN=x\\", &server, &name,
	    &e), -1);
	ck_assert_str_eq(e.msg, "dn ends with a lone '\\'");
	ck_assert_ptr_null(server);
	ck_assert_ptr_null(name);
	ck_assert_int_eq(connector_dn_identity("nothing", &server, &name,
	    &e), -1);
	ck_assert_str_eq(e.msg, "rdn 'nothing' has no '='");
}
END_TEST

/* A connector entry with the given descriptor (SDDL), auth and ranges. */
static struct entry *
mkentry(const char *sddl, const char *auth, const char *const *ranges)
{
	return tu_conn_entry("CN=Relay,CN=SMTP Receive Connectors,"
	    "CN=Protocols,CN=EX01," TAIL, "Relay", auth, NULL, ranges, sddl);
}

#define AR "5c82f031-4e4c-4326-88e1-8c4f0cad9de5"
#define XS "S-1-9-1419165041-1139599005-3936102811-1022490595-23"

static const struct {
	const char	*sddl;
	const char	*auth;
	int		 anon, ext, unauth, evaluated;
} verdict_cases[] = {
	{ "D:(OA;CI;CR;" AR ";;AN)", "1", 1, 0, 1, 1 },
	{ "D:(OD;CI;CR;" AR ";;AN)(OA;CI;CR;" AR ";;AN)", "1", 0, 0, 0, 1 },
	{ "D:(OA;CI;CR;" AR ";;" XS ")", "33", 0, 1, 1, 1 },
	{ "D:(OA;CI;CR;" AR ";;" XS ")", "1", 0, 0, 0, 1 },
	/* AuthMechanism absent: the schema default 29 has no 0x20. */
	{ "D:(OA;CI;CR;" AR ";;" XS ")", NULL, 0, 0, 0, 1 },
	/* AuthMechanism unreadable: the external path is unknown... */
	{ "D:(OA;CI;CR;" AR ";;" XS ")", "x", 0, -1, -1, 0 },
	/* ...unless the right is not held anyway. */
	{ "D:(OA;CI;CR;" AR ";;AU)", "x", 0, 0, 0, 1 },
	/* ...and anonymous relay is decided without it. */
	{ "D:(OA;CI;CR;" AR ";;AN)", "x", 1, 0, 1, 1 },
	{ "D:(OA;CI;CR;" AR ";;AN)(OA;CI;CR;" AR ";;" XS ")", "x", 1, -1, 1,
	    0 },
	{ NULL, "1", -1, 0, -1, 0 },
	{ NULL, "33", -1, -1, -1, 0 },
	{ "D:(XA;CI;CR;;;AN)", "1", -1, 0, -1, 0 },
};

START_TEST(test_verdicts)
{
	static const char *const r[] = { "10.0.0.0/24", NULL };
	struct entry *e = mkentry(verdict_cases[_i].sddl,
	    verdict_cases[_i].auth, r);
	struct connector *c = connector_new(e, NULL);

	ck_assert_int_eq(c->relay_anonymous, verdict_cases[_i].anon);
	ck_assert_int_eq(c->relay_external, verdict_cases[_i].ext);
	ck_assert_int_eq(c->relay_unauth, verdict_cases[_i].unauth);
	ck_assert_int_eq(connector_is_evaluated(c),
	    verdict_cases[_i].evaluated);
	ck_assert_str_eq(c->identity, "EX01\\Relay");
	connector_free(c);
	entry_free(e);
}
END_TEST

START_TEST(test_sd_states)
{
	struct entry *e = mkentry(NULL, "1", NULL);
	struct connector *c = connector_new(e, NULL);

	ck_assert_int_eq(c->sd_state, CONN_SD_MISSING);
	connector_free(c);
	entry_add(e, "nTSecurityDescriptor", "\x01\x00", 2);
	c = connector_new(e, NULL);
	ck_assert_int_eq(c->sd_state, CONN_SD_INVALID);
	ck_assert_ptr_nonnull(c->sd_error);
	ck_assert_int_eq(c->relay_unauth, -1);
	connector_free(c);
	entry_free(e);
}
END_TEST

START_TEST(test_ranges)
{
	static const char *const r[] = { "192.168.5.10", "10.0.0.0/33",
	    "192.168.5.11", NULL };
	struct entry *e = mkentry("D:(OA;CI;CR;" AR ";;AN)", "1", r);
	struct connector *c = connector_new(e, NULL);

	ck_assert_uint_eq(c->nrange_values, 3);
	ck_assert_uint_eq(c->nranges, 2);
	ck_assert_uint_eq(c->nbad, 1);
	ck_assert_str_eq(c->bad[0].value, "10.0.0.0/33");
	ck_assert(!c->rsum.wider_than_one_host);
	ck_assert_uint_eq(c->rsum.ipv4_addresses, 2);
	connector_free(c);
	entry_free(e);
}
END_TEST

#define GRP(r) "(OA;CI;CR;" r ";;AN)"
START_TEST(test_permission_groups)
{
	/* AnonymousUsers: Submit, Any-Sender, Authoritative-Domain-Sender, Routing headers */
	struct entry *e = mkentry("D:"
	    GRP("a18293f1-0685-4540-aa63-e32df421b3a2")
	    GRP("b857b50b-94a2-4b53-93f6-41cebd2fced0")
	    GRP("c22841f4-96cb-498a-ac02-f9a87c74eb14")
	    GRP("04031f4f-7c36-43ea-9b49-4bd0f5f1e6af")
	    "(OA;CI;CR;a18293f1-0685-4540-aa63-e32df421b3a2;;"
	    "S-1-5-21-1-2-3-4444)", "1", NULL);
	struct connector *c = connector_new(e, NULL);
	char buf[128];

	ck_assert_uint_eq(c->perm_groups, CONN_PG_ANONYMOUS | CONN_PG_CUSTOM);
	(void)connector_pg_fmt(c->perm_groups, buf, sizeof(buf));
	ck_assert_str_eq(buf, "AnonymousUsers, Custom");
	ck_assert_int_eq(c->relay_anonymous, 0);
	ck_assert_uint_eq(c->nholders, 0);
	connector_free(c);
	entry_free(e);
}
END_TEST

START_TEST(test_holders)
{
	struct entry *e = mkentry("D:(OA;CI;CR;" AR ";;WD)(A;CI;CR;;;AU)"
	    "(OD;CI;CR;" AR ";;AN)(OA;CI;CR;" AR ";;AN)", "1", NULL);
	struct connector *c = connector_new(e, NULL);
	char buf[SID_STR_MAX], buf2[256];

	ck_assert_uint_eq(c->nholders, 2);
	(void)sid_fmt(&c->holders[0].sid, buf, sizeof(buf));
	ck_assert_str_eq(buf, "S-1-1-0");
	(void)sid_fmt(&c->holders[1].sid, buf, sizeof(buf));
	ck_assert_str_eq(buf, "S-1-5-11");
	ck_assert_int_eq(c->holders[1].dec.grant, ACCESS_GRANT_ALL_EXTENDED);
	ck_assert_str_eq(connector_ace_fmt(&c->anon_ace, NULL, true, buf2,
	    sizeof(buf2)), "(OD;CI;CR;" AR ";;AN)");
	ck_assert_ptr_null(connector_ace_fmt(&c->ext_ace, NULL, true, buf2,
	    sizeof(buf2)));
	connector_free(c);
	entry_free(e);
}
END_TEST

/*
 * decide() takes the Anonymous and Externally Secured decisions from the
 * principals' walk, or from access_check_unnamed() for a SID the DACL
 * does not name: each must be access_check()'s, ACE index included, and
 * the holders those of access_check_principals(); PermissionGroups are
 * what they were when each took its own walk.
 */
static const struct {
	const char	*sddl;
	uint32_t	 pg;	/* PermissionGroups (as before the change) */
} relay_cases[] = {
	{ "D:(OA;CI;CR;" AR ";;AN)(OA;CI;CR;" AR ";;" XS ")", 0 },
	{ "D:(OA;CI;CR;" AR ";;AU)", 0 },
	{ "D:(A;CI;RP;;;AU)(#14;00;01020304)(OA;CI;CR;" AR ";;AN)", 0 },
	{ "D:(#14;08;01020304)(OA;CI;CR;" AR ";;AU)", 0 },
	{ "D:(OA;CIIO;CR;" AR ";;AN)(ZA;CI;CR;" AR ";;" XS ")", 0 },
	{ "D:(D;CI;GA;;;AN)(A;CI;0xf01ff;;;" XS ")", 0 },
	/* No DACL: every SID, named or not, holds every right. */
	{ "O:BAG:BA", CONN_PG_ANONYMOUS | CONN_PG_EXCHANGE_USERS |
	    CONN_PG_EXCHANGE_SERVERS | CONN_PG_PARTNERS },
	{ "O:BAG:BAD:NO_ACCESS_CONTROL", CONN_PG_ANONYMOUS |
	    CONN_PG_EXCHANGE_USERS | CONN_PG_EXCHANGE_SERVERS |
	    CONN_PG_PARTNERS },
	{ "D:P", 0 },
	{ "D:(A;CI;CR;;;S-1-5-21-1-2-3-4)(A;CI;CR;;;AN)(A;CI;CR;;;AU)",
	    CONN_PG_ANONYMOUS | CONN_PG_EXCHANGE_USERS },
	{ "D:(#14;00;01020304)", 0 },
	{ "D:(#14;08;01020304)", 0 },
};

START_TEST(test_relay_decisions)
{
	struct entry *e = mkentry(relay_cases[_i].sddl, "33", NULL);
	struct connector *c = connector_new(e, NULL);
	struct access_decision d;
	struct access_principal *pr = NULL;
	size_t np = 0, i, nh = 0;

	ck_assert_int_eq(c->sd_state, CONN_SD_OK);
	ck_assert_uint_eq(c->perm_groups, relay_cases[_i].pg);
	(void)access_check(c->sd, &SID_ANONYMOUS, 1,
	    &GUID_ACCEPT_ANY_RECIPIENT, &d);
	ck_assert_int_eq(c->anon_dec.result, d.result);
	ck_assert_int_eq(c->anon_dec.how, d.how);
	ck_assert_int_eq(c->anon_dec.grant, d.grant);
	ck_assert_uint_eq(c->anon_dec.ace, d.ace);
	ck_assert_int_eq(c->anon_ace.present, d.how == ACCESS_BY_ACE ||
	    d.how == ACCESS_BY_UNEVALUABLE);
	ck_assert_int_eq(c->relay_anonymous, d.result);
	(void)access_check(c->sd, &SID_EXCH_EXTSECURED, 1,
	    &GUID_ACCEPT_ANY_RECIPIENT, &d);
	ck_assert_int_eq(c->ext_dec.result, d.result);
	ck_assert_int_eq(c->ext_dec.how, d.how);
	ck_assert_int_eq(c->ext_dec.grant, d.grant);
	ck_assert_uint_eq(c->ext_dec.ace, d.ace);
	ck_assert_int_eq(c->relay_external, d.result);
	(void)access_check_principals(c->sd, &GUID_ACCEPT_ANY_RECIPIENT, 1,
	    &pr, &np);
	for (i = 0; i < np; i++) {
		if (pr[i].dec[0].result == 0)
			continue;
		ck_assert_uint_lt(nh, c->nholders);
		ck_assert(sid_is_equal(&c->holders[nh].sid, &pr[i].sid));
		ck_assert_int_eq(c->holders[nh].dec.result,
		    pr[i].dec[0].result);
		ck_assert_uint_eq(c->holders[nh].dec.ace, pr[i].dec[0].ace);
		nh++;
	}
	ck_assert_uint_eq(nh, c->nholders);
	ck_assert_int_eq(c->holders == NULL, nh == 0);
	access_principals_free(pr, np);
	connector_free(c);
	entry_free(e);
}
END_TEST

START_TEST(test_fmt)
{
	char buf[128];

	(void)connector_auth_fmt(29, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Tls, BasicAuth, BasicAuthRequireTLS, "
	    "ExchangeServer");
	(void)connector_auth_fmt(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "None");
	(void)connector_auth_fmt(0x21, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Tls, ExternalAuthoritative");
	ck_assert_str_eq(connector_role_name(16384), "FrontendTransport");
	ck_assert_str_eq(connector_role_name(7), "unknown");
	/* snprintf-style: the full length, a truncated, terminated buffer */
	ck_assert_int_eq(connector_pg_fmt(0x3f, buf, 10), (int)strlen(
	    "AnonymousUsers, ExchangeUsers, ExchangeServers, "
	    "ExchangeLegacyServers, Partners, Custom"));
	ck_assert_str_eq(buf, "Anonymous");
}
END_TEST

Suite *
suite_connector(void)
{
	Suite *s = suite_create("connector");
	TCase *tc;

	tc = tcase_create("dn_identity");
	tcase_add_loop_test(tc, test_dn_identity, 0,
	    sizeof(dn_cases) / sizeof(dn_cases[0]));
	tcase_add_test(tc, test_dn_identity_bad);
	suite_add_tcase(s, tc);
	tc = tcase_create("verdicts");
	tcase_add_loop_test(tc, test_verdicts, 0,
	    sizeof(verdict_cases) / sizeof(verdict_cases[0]));
	tcase_add_test(tc, test_sd_states);
	tcase_add_test(tc, test_holders);
	tcase_add_loop_test(tc, test_relay_decisions, 0,
	    sizeof(relay_cases) / sizeof(relay_cases[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("ranges");
	tcase_add_test(tc, test_ranges);
	suite_add_tcase(s, tc);
	tc = tcase_create("permission_groups");
	tcase_add_test(tc, test_permission_groups);
	suite_add_tcase(s, tc);
	tc = tcase_create("fmt");
	tcase_add_test(tc, test_fmt);
	suite_add_tcase(s, tc);
	return s;
}
