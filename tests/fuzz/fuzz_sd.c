/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: the security-descriptor parser (sd_parse) and the access
 * check on what it returns.  Input: the bytes of a self-relative
 * descriptor, as in an nTSecurityDescriptor value.  Properties checked,
 * beyond "no crash, no sanitizer report":
 *   - an error is ERR_DATA and reads "byte N: ...";
 *   - sd_encode() of a parsed descriptor parses again to the same
 *     header and ACEs (the normal form: padding after the SID of types
 *     without extra data is dropped, and the ACL revision is 4 exactly
 *     when an object ACE is present, sd.h), and encodes to the same
 *     bytes;
 *   - every proper prefix of that normal form fails cleanly ("byte N"),
 *     and every prefix of the input either parses or fails cleanly;
 *   - sd_sddl() of the normal form reads back with sd_parse_sddl() to
 *     the same ACEs, sizes and offsets (SDDL keeps of the control word
 *     only DACL_PRESENT, and P, AI, AR when there is a DACL);
 *   - access_check_principals() agrees with access_check() and
 *     access_check_rights() for every principal and right, and the
 *     decisions are the same on the input and on its normal form;
 *   - the ACE formatters are snprintf-style.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "err.h"
#include "fuzz.h"
#include "guid.h"
#include "sd.h"
#include "sid.h"

#define MAX_RIGHTS	24	/* the rights table plus a few object types */
#define ALL_PREFIXES	512	/* longer inputs: a sample of prefixes */
#define CTRL_SDDL	(SD_CTRL_DACL_PRESENT | SD_CTRL_DACL_PROTECTED | \
	SD_CTRL_DACL_AUTO_INHERITED | SD_CTRL_DACL_AUTO_INHERIT_REQ)

static void
check_error(const struct err *e, const char *what)
{
	FUZZ_CHECK(e->kind == ERR_DATA, "%s: error kind %d: %s", what,
	    (int)e->kind, e->msg);
	FUZZ_CHECK(strncmp(e->msg, "byte ", 5) == 0 &&
	    e->msg[5] >= '0' && e->msg[5] <= '9', "%s: message '%s'", what,
	    e->msg);
}

/* Prefix k of p must parse or fail cleanly; must fail if must_fail. */
static void
check_prefix(const uint8_t *p, size_t k, int must_fail)
{
	struct sd *sd = NULL;
	struct err e;
	uint8_t *copy;

	/* A copy of exactly k bytes: ASan catches a read past it. */
	copy = malloc(k > 0 ? k : 1);
	FUZZ_CHECK(copy != NULL, "out of memory");
	memcpy(copy, p, k);
	if (sd_parse(copy, k, &sd, &e) == -1) {
		FUZZ_CHECK(sd == NULL, "prefix %zu: out set on error", k);
		check_error(&e, "prefix");
	} else {
		FUZZ_CHECK(!must_fail, "prefix %zu of the normal form parses",
		    k);
		sd_free(sd);
	}
	free(copy);
}

static void
check_prefixes(const uint8_t *p, size_t len, int must_fail)
{
	size_t k, step;

	if (len <= ALL_PREFIXES) {
		for (k = 0; k < len; k++)
			check_prefix(p, k, must_fail);
		return;
	}
	step = len / 64;
	for (k = 0; k < len; k += step)
		check_prefix(p, k, must_fail);
	for (k = len - 8; k < len; k++)
		check_prefix(p, k, must_fail);
}

static int
same_decision(const struct access_decision *a,
    const struct access_decision *b)
{
	if (a->result != b->result || a->how != b->how ||
	    a->grant != b->grant)
		return 0;
	if (a->how == ACCESS_BY_ACE || a->how == ACCESS_BY_UNEVALUABLE)
		return a->ace == b->ace;
	return 1;
}

/* Rights to ask about: Exchange's table, then object types in the DACL. */
static size_t
collect_rights(const struct sd *sd, struct guid *rights)
{
	const struct guid_right *tab;
	size_t n, ntab, i;

	tab = guid_rights(&ntab);
	for (n = 0; n < ntab && n < MAX_RIGHTS; n++)
		rights[n] = tab[n].guid;
	for (i = 0; i < sd->nace && n < MAX_RIGHTS; i++)
		if (sd->aces[i].kind == ACE_K_OBJECT &&
		    (sd->aces[i].oflags & ACE_OBJ_TYPE_PRESENT))
			rights[n++] = sd->aces[i].object;
	return n;
}

static void
check_decision(const struct sd *sd, const struct access_decision *d)
{
	FUZZ_CHECK(d->result >= -1 && d->result <= 1, "result %d",
	    d->result);
	if (d->how == ACCESS_BY_ACE || d->how == ACCESS_BY_UNEVALUABLE)
		FUZZ_CHECK(d->ace < sd->nace, "decision names ace %zu of %zu",
		    d->ace, sd->nace);
	if (d->how == ACCESS_BY_UNEVALUABLE)
		FUZZ_CHECK(d->result == -1, "unevaluable but result %d",
		    d->result);
	if (d->how == ACCESS_BY_NO_DACL)
		FUZZ_CHECK(d->result == 1 && sd->dacl != SD_DACL_PRESENT,
		    "no-dacl decision on a dacl");
}

/*
 * access_check_principals() against access_check() and
 * access_check_rights(), for every principal and right; and the same
 * decisions on sd2 (the normal form) as on sd.
 */
static void
check_access(const struct sd *sd, const struct sd *sd2)
{
	struct guid rights[MAX_RIGHTS];
	struct access_decision d, d2, multi[MAX_RIGHTS];
	struct access_principal *pr = NULL;
	struct sid all[2];
	size_t nr, np = 0, i, j;
	int r;

	nr = collect_rights(sd, rights);
	(void)access_check_principals(sd, rights, nr, &pr, &np);
	FUZZ_CHECK((np == 0) == (pr == NULL), "principals: %zu but %p", np,
	    (void *)pr);
	for (i = 0; i < np; i++) {
		for (j = 0; j < i; j++)
			FUZZ_CHECK(!sid_is_equal(&pr[i].sid, &pr[j].sid),
			    "principal %zu repeats %zu", i, j);
		(void)access_check_rights(sd, &pr[i].sid, 1, rights, nr,
		    multi);
		for (j = 0; j < nr; j++) {
			r = access_check(sd, &pr[i].sid, 1, &rights[j], &d);
			FUZZ_CHECK(r == d.result, "return %d, result %d", r,
			    d.result);
			check_decision(sd, &d);
			FUZZ_CHECK(same_decision(&d, &pr[i].dec[j]),
			    "principal %zu right %zu: check %d/%d/%d/%zu, "
			    "principals %d/%d/%d/%zu", i, j, d.result,
			    (int)d.how, (int)d.grant, d.ace,
			    pr[i].dec[j].result, (int)pr[i].dec[j].how,
			    (int)pr[i].dec[j].grant, pr[i].dec[j].ace);
			FUZZ_CHECK(same_decision(&d, &multi[j]),
			    "principal %zu right %zu: check %d/%d, rights "
			    "%d/%d", i, j, d.result, (int)d.how,
			    multi[j].result, (int)multi[j].how);
			(void)access_check(sd2, &pr[i].sid, 1, &rights[j],
			    &d2);
			FUZZ_CHECK(d.result == d2.result && d.how == d2.how &&
			    d.grant == d2.grant, "principal %zu right %zu: "
			    "normal form decides %d, input %d", i, j,
			    d2.result, d.result);
		}
	}
	access_principals_free(pr, np);

	/* The sets rcaudit asks about, and a two-SID set. */
	all[0] = SID_ANONYMOUS;
	all[1] = SID_EXCH_EXTSECURED;
	for (j = 0; j < nr; j++) {
		(void)access_check(sd, all, 2, &rights[j], &d);
		check_decision(sd, &d);
		(void)access_check(sd2, all, 2, &rights[j], &d2);
		FUZZ_CHECK(d.result == d2.result && d.how == d2.how,
		    "two-sid set: normal form differs");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sd *sd = NULL, *sd2 = NULL, *sd3 = NULL;
	struct err e;
	uint8_t *b2 = NULL, *b3 = NULL;
	size_t l2 = 0, l3 = 0, i;
	char *sddl = NULL;
	uint16_t c2, c3, ctl;

	if (sd_parse(data, size, &sd, &e) == -1) {
		FUZZ_CHECK(sd == NULL, "out set on error");
		check_error(&e, "sd_parse");
		return 0;
	}
	check_prefixes(data, size, 0);

	/* Normal form: encode, parse, encode again. */
	FUZZ_CHECK(sd_encode(sd, &b2, &l2, &e) == 0, "sd_encode: %s", e.msg);
	FUZZ_CHECK(sd_parse(b2, l2, &sd2, &e) == 0, "normal form: %s", e.msg);
	fuzz_same_sd(sd, sd2, FUZZ_CMP_HEADER, "encode round trip");
	FUZZ_CHECK(sd_encode(sd2, &b3, &l3, &e) == 0, "sd_encode 2: %s",
	    e.msg);
	FUZZ_CHECK(l2 == l3 && memcmp(b2, b3, l2) == 0,
	    "encoding is not stable (%zu vs %zu bytes)", l2, l3);
	free(b3);
	b3 = NULL;
	check_prefixes(b2, l2, 1);

	/* SDDL round trip of the normal form. */
	sddl = sd_sddl(sd2);
	FUZZ_CHECK(sd_parse_sddl(sddl, &sd3, &e) == 0, "sd_parse_sddl: %s: "
	    "%s", e.msg, sddl);
	fuzz_same_sd(sd2, sd3, FUZZ_CMP_HEADER | FUZZ_CMP_SIZES | FUZZ_CMP_REV,
	    "sddl round trip");
	/* The DACL flags are written after "D:", so only with a DACL. */
	ctl = sd2->dacl == SD_DACL_ABSENT ? SD_CTRL_DACL_PRESENT : CTRL_SDDL;
	FUZZ_CHECK((sd2->control & ctl) == (sd3->control & ctl),
	    "sddl: control 0x%04x vs 0x%04x", sd2->control, sd3->control);
	FUZZ_CHECK(sd_encode(sd3, &b3, &l3, &e) == 0, "sd_encode 3: %s",
	    e.msg);
	FUZZ_CHECK(l2 == l3, "sddl: %zu bytes vs %zu", l2, l3);
	c2 = (uint16_t)(b2[2] | b2[3] << 8);
	c3 = (uint16_t)(b3[2] | b3[3] << 8);
	FUZZ_CHECK((c2 & ctl) == (c3 & ctl), "sddl: control");
	FUZZ_CHECK(memcmp(b2 + 4, b3 + 4, l2 - 4) == 0,
	    "sddl: encoding differs after the control word: %s", sddl);

	for (i = 0; i < sd->nace; i++)
		fuzz_check_ace_fmt(&sd->aces[i]);
	check_access(sd, sd2);

	free(sddl);
	free(b3);
	free(b2);
	sd_free(sd3);
	sd_free(sd2);
	sd_free(sd);
	return 0;
}
