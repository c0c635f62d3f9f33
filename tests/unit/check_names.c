/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for names for evidence (src/names.c): what is learned from
 * controlAccessRight, crossRef and principal entries, what wins over what,
 * and what a hostile entry can and cannot do to a name.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "entry.h"
#include "err.h"
#include "guid.h"
#include "names.h"
#include "sd.h"
#include "sid.h"
#include "testutil.h"

#define RECV_AS		"ab721a56-1e2f-11d0-9819-00aa0040529b"
#define RELAY_APPS	"S-1-5-21-1-2-3-1105"

static struct sid
sid_of(const char *s)
{
	struct sid sid;
	struct err e;

	ck_assert_int_eq(sid_parse(s, &sid, &e), 0);
	return sid;
}

static struct guid
guid_of(const char *s)
{
	struct guid g;
	struct err e;

	ck_assert_int_eq(guid_parse(s, &g, &e), 0);
	return g;
}

static struct entry *
right_entry(const char *cn, const char *guid)
{
	struct entry *e = entry_new("CN=x,CN=Extended-Rights,CN=Configuration,"
	    "DC=corp,DC=example", 0);

	entry_add(e, "objectClass", "top", 3);
	entry_add(e, "objectClass", "controlAccessRight", 18);
	if (cn != NULL)
		entry_add(e, "cn", cn, strlen(cn));
	if (guid != NULL)
		entry_add(e, "rightsGuid", guid, strlen(guid));
	return e;
}

static struct entry *
domain_entry(const char *nc, const char *netbios)
{
	struct entry *e = entry_new("CN=x,CN=Partitions,CN=Configuration,"
	    "DC=corp,DC=example", 0);

	entry_add(e, "objectClass", "crossRef", 8);
	entry_add(e, "nCName", nc, strlen(nc));
	entry_add(e, "nETBIOSName", netbios, strlen(netbios));
	return e;
}

/* A principal entry; extra bytes after the SID when trailing > 0. */
static struct entry *
principal_entry(const char *dn, const char *sid, const char *sam,
    size_t trailing)
{
	struct entry *e = entry_new(dn, 0);
	struct sid s = sid_of(sid);
	uint8_t buf[128];
	size_t n;

	n = sid_encode(&s, buf);
	memset(buf + n, 0, trailing);
	entry_add(e, "objectClass", "group", 5);
	entry_add(e, "objectSid", buf, n + trailing);
	if (sam != NULL)
		entry_add(e, "sAMAccountName", sam, strlen(sam));
	return e;
}

/* Learn from e and free it; returns what names_learn() did. */
static bool
learn(struct names *n, struct entry *e)
{
	bool r = names_learn(n, e);

	entry_free(e);
	return r;
}

static void
counts_are(const struct names *n, size_t r, size_t d, size_t p)
{
	size_t nr, nd, np;

	names_counts(n, &nr, &nd, &np);
	ck_assert_uint_eq(nr, r);
	ck_assert_uint_eq(nd, d);
	ck_assert_uint_eq(np, p);
}

START_TEST(test_builtin_only)
{
	struct sid dom = sid_of(RELAY_APPS);
	struct guid relay = GUID_ACCEPT_ANY_RECIPIENT, recv = guid_of(RECV_AS);
	struct names *n = names_new();

	ck_assert_str_eq(names_sid(NULL, &SID_ANONYMOUS),
	    "NT AUTHORITY\\ANONYMOUS LOGON");
	ck_assert_ptr_null(names_sid(NULL, &dom));
	ck_assert_ptr_null(names_sid(n, &dom));
	ck_assert_str_eq(names_right(NULL, &relay),
	    "ms-Exch-SMTP-Accept-Any-Recipient");
	ck_assert_str_eq(names_right(n, &relay),
	    "ms-Exch-SMTP-Accept-Any-Recipient");
	ck_assert_ptr_null(names_right(n, &recv));
	counts_are(n, 0, 0, 0);
	names_free(n);
	names_free(NULL);
}
END_TEST

START_TEST(test_rights)
{
	struct guid relay = GUID_ACCEPT_ANY_RECIPIENT, recv = guid_of(RECV_AS);
	struct names *n = names_new();

	ck_assert(learn(n, right_entry("Receive-As", RECV_AS)));
	ck_assert_str_eq(names_right(n, &recv), "Receive-As");
	/* The directory's name comes first, then the built-in table. */
	ck_assert(learn(n, right_entry("Accept-Any-Recipient (site)",
	    "{5C82F031-4E4C-4326-88E1-8C4F0CAD9DE5}")));
	ck_assert_str_eq(names_right(n, &relay),
	    "Accept-Any-Recipient (site)");
	/* The first name stays. */
	ck_assert(learn(n, right_entry("Receive-As-Again", RECV_AS)));
	ck_assert_str_eq(names_right(n, &recv), "Receive-As");
	counts_are(n, 2, 0, 0);
	names_free(n);
}
END_TEST

START_TEST(test_rights_bad)
{
	struct names *n = names_new();
	struct entry *e;

	/* A name source that cannot be read teaches nothing. */
	ck_assert(learn(n, right_entry("Receive-As", "not-a-guid")));
	ck_assert(learn(n, right_entry(NULL, RECV_AS)));
	ck_assert(learn(n, right_entry("", RECV_AS)));
	ck_assert(learn(n, right_entry("Receive-As", NULL)));
	e = right_entry("Receive-As", NULL);
	entry_add(e, "rightsGuid", RECV_AS "\0x", sizeof(RECV_AS) + 1);
	ck_assert(learn(n, e));
	counts_are(n, 0, 0, 0);
	names_free(n);
}
END_TEST

START_TEST(test_principal_domains)
{
	struct sid a = sid_of(RELAY_APPS), b = sid_of("S-1-5-21-4-5-6-1106"),
	    c = sid_of("S-1-5-21-1-2-3-1107"), d = sid_of("S-1-5-21-1-2-3-512");
	struct names *n = names_new();

	ck_assert(learn(n, domain_entry("DC=corp,DC=example", "CORP")));
	ck_assert(learn(n, domain_entry("DC=eu,DC=corp,DC=example", "EU")));
	ck_assert(learn(n, domain_entry("dc=CORP,dc=EXAMPLE", "AGAIN")));
	ck_assert(learn(n, principal_entry("CN=Relay Apps,OU=Groups,DC=corp,"
	    "DC=example", RELAY_APPS, "Relay Apps", 0)));
	/* The deepest domain whose nCName ends the DN names it. */
	ck_assert(learn(n, principal_entry("CN=Printers,OU=x,DC=eu,DC=corp,"
	    "DC=example", "S-1-5-21-4-5-6-1106", "Printers", 0)));
	/* "DC=corp,DC=example" does not end "...,DC=xcorp,DC=example". */
	ck_assert(learn(n, principal_entry("CN=Scanners,DC=xcorp,DC=example",
	    "S-1-5-21-1-2-3-1107", "Scanners", 0)));
	ck_assert(learn(n, principal_entry("CN=Domain Admins,CN=Users,"
	    "DC=CORP,DC=EXAMPLE", "S-1-5-21-1-2-3-512", "Domain Admins", 0)));
	ck_assert_str_eq(names_sid(n, &a), "CORP\\Relay Apps");
	ck_assert_str_eq(names_sid(n, &b), "EU\\Printers");
	ck_assert_str_eq(names_sid(n, &c), "xcorp.example\\Scanners");
	ck_assert_str_eq(names_sid(n, &d), "CORP\\Domain Admins");
	counts_are(n, 0, 2, 4);
	names_free(n);
}
END_TEST

START_TEST(test_principal_fallbacks)
{
	struct sid a = sid_of(RELAY_APPS), b = sid_of("S-1-5-21-1-2-3-1200");
	struct names *n = names_new();

	/* No crossRef: the DC= labels; none: the account name alone. */
	ck_assert(learn(n, principal_entry("CN=Relay\\, Apps,OU=a\\,DC=b,"
	    "DC=corp,DC=example", RELAY_APPS, "Relay Apps", 0)));
	ck_assert(learn(n, principal_entry("CN=Loner,O=nowhere",
	    "S-1-5-21-1-2-3-1200", "Loner", 0)));
	ck_assert_str_eq(names_sid(n, &a), "corp.example\\Relay Apps");
	ck_assert_str_eq(names_sid(n, &b), "Loner");
	names_free(n);
}
END_TEST

START_TEST(test_principal_bad)
{
	struct names *n = names_new();
	struct entry *e;

	ck_assert(learn(n, principal_entry("CN=a,DC=x", RELAY_APPS, NULL, 0)) ==
	    false);
	ck_assert(learn(n, principal_entry("CN=a,DC=x", RELAY_APPS, "", 0)));
	ck_assert(learn(n, principal_entry("CN=a,DC=x", RELAY_APPS, "a", 4)));
	e = entry_new("CN=a,DC=x", 0);
	entry_add(e, "objectSid", "\x01\x05\x00", 3);
	entry_add(e, "sAMAccountName", "a", 1);
	ck_assert(learn(n, e));
	counts_are(n, 0, 0, 0);
	/* Not a name source at all. */
	e = entry_new("CN=a,DC=x", 0);
	entry_add(e, "objectClass", "msExchSmtpReceiveConnector", 26);
	ck_assert(!learn(n, e));
	names_free(n);
}
END_TEST

START_TEST(test_well_known_stay)
{
	struct names *n = names_new();

	ck_assert(learn(n, principal_entry("CN=x,DC=corp,DC=example",
	    "S-1-5-7", "harmless", 0)));
	ck_assert(learn(n, principal_entry("CN=y,DC=corp,DC=example",
	    "S-1-1-0", "nobody", 0)));
	ck_assert_str_eq(names_sid(n, &SID_ANONYMOUS),
	    "NT AUTHORITY\\ANONYMOUS LOGON");
	ck_assert_str_eq(names_sid(n, &SID_EVERYONE), "Everyone");
	names_free(n);
}
END_TEST

START_TEST(test_hostile_strings)
{
	struct sid a = sid_of(RELAY_APPS), b = sid_of("S-1-5-21-1-2-3-1300");
	struct names *n = names_new();
	char sam[200];
	const char *s;

	ck_assert(learn(n, domain_entry("DC=corp,DC=example", "C\xff" "RP")));
	ck_assert(learn(n, principal_entry("CN=a,DC=corp,DC=example",
	    RELAY_APPS, "r\xc3(", 0)));
	ck_assert_str_eq(names_sid(n, &a),
	    "C\xef\xbf\xbdRP\\r\xef\xbf\xbd(");
	/* 63 ASCII bytes and a 2-byte sequence cut after its first byte. */
	memset(sam, 'x', 63);
	memcpy(sam + 63, "\xc3\xa9", 2);
	memset(sam + 65, 'y', 100);
	sam[165] = '\0';
	ck_assert(learn(n, principal_entry("CN=b,DC=corp,DC=example",
	    "S-1-5-21-1-2-3-1300", sam, 0)));
	s = names_sid(n, &b);
	ck_assert_uint_eq(strlen(s), strlen("C\xef\xbf\xbdRP\\") + 63 + 3);
	ck_assert_str_eq(s + strlen(s) - 3, "\xef\xbf\xbd");
	names_free(n);
}
END_TEST

START_TEST(test_many)
{
	struct names *n = names_new();
	char sid[64], sam[32];
	struct sid s;
	int i;

	for (i = 0; i < 5000; i++) {
		(void)snprintf(sid, sizeof(sid), "S-1-5-21-7-8-9-%d", 1000 + i);
		(void)snprintf(sam, sizeof(sam), "user%d", i);
		ck_assert(learn(n, principal_entry("CN=u,DC=corp,DC=example",
		    sid, sam, 0)));
	}
	counts_are(n, 0, 0, 5000);
	for (i = 0; i < 5000; i += 7) {
		(void)snprintf(sid, sizeof(sid), "S-1-5-21-7-8-9-%d", 1000 + i);
		(void)snprintf(sam, sizeof(sam), "corp.example\\user%d", i);
		s = sid_of(sid);
		ck_assert_str_eq(names_sid(n, &s), sam);
	}
	s = sid_of("S-1-5-21-7-8-9-999");
	ck_assert_ptr_null(names_sid(n, &s));
	names_free(n);
}
END_TEST

/* The readable ACE form uses both kinds of name. */
START_TEST(test_ace_fmt)
{
	struct names *n = names_new();
	struct sd *sd;
	struct err e;
	char buf[512];

	ck_assert_int_eq(sd_parse_sddl("D:(OA;;CR;" RECV_AS ";;" RELAY_APPS
	    ")", &sd, &e), 0);
	(void)ace_fmt(&sd->aces[0], n, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Allow  " RELAY_APPS "  CR " RECV_AS);
	ck_assert(learn(n, domain_entry("DC=corp,DC=example", "CORP")));
	ck_assert(learn(n, right_entry("Receive-As", RECV_AS)));
	ck_assert(learn(n, principal_entry("CN=Relay Apps,DC=corp,"
	    "DC=example", RELAY_APPS, "Relay Apps", 0)));
	(void)ace_fmt(&sd->aces[0], n, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Allow  CORP\\Relay Apps  Receive-As");
	sd_free(sd);
	names_free(n);
}
END_TEST

Suite	*suite_names(void);

Suite *
suite_names(void)
{
	Suite *s = suite_create("names");
	TCase *tc;

	tc = tcase_create("learn");
	tcase_add_test(tc, test_builtin_only);
	tcase_add_test(tc, test_rights);
	tcase_add_test(tc, test_rights_bad);
	tcase_add_test(tc, test_principal_domains);
	tcase_add_test(tc, test_principal_fallbacks);
	tcase_add_test(tc, test_principal_bad);
	tcase_add_test(tc, test_well_known_stay);
	tcase_add_test(tc, test_hostile_strings);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_ace_fmt);
	suite_add_tcase(s, tc);
	return s;
}
