/* SPDX-License-Identifier: ISC */
/*
 * The control-access check (MS-ADTS 5.1.3.2, exchange-facts 7): walk the
 * DACL in stored order; the first allow or deny ACE for a SID in the set
 * that covers the extended right decides.  An ACE that cannot be
 * evaluated (callback, opaque) met before a decision makes the answer
 * unknown: rcaudit fails closed rather than guess.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "guid.h"
#include "sd.h"
#include "sid.h"
#include "xmalloc.h"

/*
 * How ace covers right: an object ACE whose ObjectType is present
 * applies only to that object type (MS-DTYP 2.5.3.2), so it covers
 * nothing else, not even with GENERIC_ALL; a plain ACE, or an object
 * ACE without ObjectType, applies to every right.  Full control is
 * reported before CONTROL_ACCESS, which is reported before GENERIC_ALL.
 * InheritedObjectType is ignored.  Returns ACCESS_GRANT_NONE for ACE
 * types that neither allow nor deny.
 */
enum access_grant
access_ace_covers(const struct ace *a, const struct guid *right)
{
	bool obj;

	if (!ace_is_allow(a) && !ace_is_deny(a))
		return ACCESS_GRANT_NONE;
	obj = a->kind == ACE_K_OBJECT && (a->oflags & ACE_OBJ_TYPE_PRESENT);
	if (obj && !guid_is_equal(&a->object, right))
		return ACCESS_GRANT_NONE;
	if ((a->mask & ADS_RIGHT_FULL_CONTROL) == ADS_RIGHT_FULL_CONTROL)
		return ACCESS_GRANT_FULL_CONTROL;
	if (a->mask & ADS_RIGHT_CONTROL_ACCESS)
		return obj ? ACCESS_GRANT_OBJECT : ACCESS_GRANT_ALL_EXTENDED;
	if (a->mask & ADS_RIGHT_GENERIC_ALL)
		return ACCESS_GRANT_GENERIC_ALL;
	return ACCESS_GRANT_NONE;
}

/* A short stable name for g (used in reports and JSON). */
const char *
access_grant_name(enum access_grant g)
{
	switch (g) {
	case ACCESS_GRANT_OBJECT:
		return "object_type";
	case ACCESS_GRANT_ALL_EXTENDED:
		return "all_extended_rights";
	case ACCESS_GRANT_FULL_CONTROL:
		return "full_control";
	case ACCESS_GRANT_GENERIC_ALL:
		return "generic_all";
	default:
		return "none";
	}
}

static bool
sid_in(const struct sid *s, const struct sid *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (sid_is_equal(s, &set[i]))
			return true;
	return false;
}

static void
decide(struct access_decision *d, int result, enum access_how how,
    enum access_grant grant, size_t ace)
{
	d->result = result;
	d->how = how;
	d->grant = grant;
	d->ace = ace;
}

/*
 * Apply ACE i (SID already matched) to the undecided rights; returns
 * the number of rights it decided.
 */
static size_t
apply_ace(const struct ace *a, size_t i, const struct guid *rights,
    size_t nright, struct access_decision *out, bool *done)
{
	enum access_grant g;
	size_t r, n = 0;

	for (r = 0; r < nright; r++) {
		if (done[r])
			continue;
		if ((g = access_ace_covers(a, &rights[r])) == ACCESS_GRANT_NONE)
			continue;
		if (ace_is_callback(a))
			decide(&out[r], -1, ACCESS_BY_UNEVALUABLE, g, i);
		else
			decide(&out[r], ace_is_allow(a) ? 1 : 0,
			    ACCESS_BY_ACE, g, i);
		done[r] = true;
		n++;
	}
	return n;
}

/* Finish: an opaque ACE at 'opaque' blocks what is still undecided. */
static void
finish(size_t nright, struct access_decision *out, const bool *done,
    bool blocked, size_t opaque)
{
	size_t r;

	for (r = 0; r < nright; r++) {
		if (done[r])
			continue;
		if (blocked)
			decide(&out[r], -1, ACCESS_BY_UNEVALUABLE,
			    ACCESS_GRANT_NONE, opaque);
		else
			decide(&out[r], 0, ACCESS_BY_DEFAULT,
			    ACCESS_GRANT_NONE, 0);
	}
}

/*
 * Decide nright rights for the SIDs sids[0..nsid) in one walk of sd's
 * DACL; out[i] (caller storage, nright entries) gets rights[i]'s
 * decision.  Returns 0.
 */
int
access_check_rights(const struct sd *sd, const struct sid *sids,
    size_t nsid, const struct guid *rights, size_t nright,
    struct access_decision *out)
{
	const struct ace *a;
	bool *done = NULL, blocked = false;
	size_t i, r, left = nright, opaque = 0;

	if (sd->dacl != SD_DACL_PRESENT) {
		for (r = 0; r < nright; r++)
			decide(&out[r], 1, ACCESS_BY_NO_DACL,
			    ACCESS_GRANT_NONE, 0);
		return 0;
	}
	done = xcalloc(nright, sizeof(*done));
	for (i = 0; i < sd->nace && left > 0; i++) {
		a = &sd->aces[i];
		if (a->flags & ACE_F_INHERIT_ONLY)
			continue;
		if (a->kind == ACE_K_OPAQUE) {
			/* Unknown layout: it might allow or deny anything. */
			blocked = true;
			opaque = i;
			break;
		}
		if (!ace_is_allow(a) && !ace_is_deny(a))
			continue;	/* audit, alarm, label, claims, ... */
		if (!sid_in(&a->sid, sids, nsid))
			continue;
		left -= apply_ace(a, i, rights, nright, out, done);
	}
	finish(nright, out, done, blocked, opaque);
	free(done);
	return 0;
}

/*
 * Walk sd's DACL for the SIDs sids[0..n) and the extended right: see
 * include/access.h.  *d is filled in; returns d->result (1 granted,
 * 0 denied, -1 unknown).
 */
int
access_check(const struct sd *sd, const struct sid *sids, size_t n,
    const struct guid *right, struct access_decision *d)
{
	(void)access_check_rights(sd, sids, n, right, 1, d);
	return d->result;
}

/* FNV-1a over the SID's fields, for the principal table. */
static uint64_t
sid_hash(const struct sid *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

#define MIX(v) do { h ^= (uint64_t)(v); h *= 0x100000001b3ULL; } while (0)
	MIX(s->nsub);
	MIX(s->auth);
	for (i = 0; i < s->nsub && i < SID_MAX_SUBAUTH; i++)
		MIX(s->sub[i]);
#undef MIX
	return h;
}

/*
 * Decisions for every principal of sd's DACL at once; see
 * include/access.h.  A hash table numbers the principals in the order of
 * their first ACE, then one walk decides every (principal, right) pair:
 * linear in the number of ACEs, so a hostile 16,000-ACE DACL costs no
 * more than it is long.
 */
int
access_check_principals(const struct sd *sd, const struct guid *rights,
    size_t nright, struct access_principal **out, size_t *nout)
{
	struct access_principal *pr = NULL;
	size_t *pid = NULL, *slot = NULL, nslot, np = 0, i, h, opaque = 0;
	bool *done = NULL, blocked = false;
	const struct ace *a;

	*out = NULL;
	*nout = 0;
	if (sd->dacl != SD_DACL_PRESENT || sd->nace == 0)
		return 0;
	for (nslot = 16; nslot < sd->nace * 2; nslot *= 2)
		;
	slot = xreallocarray(NULL, nslot, sizeof(*slot));
	for (i = 0; i < nslot; i++)
		slot[i] = SIZE_MAX;
	pid = xreallocarray(NULL, sd->nace, sizeof(*pid));
	pr = xreallocarray(NULL, sd->nace, sizeof(*pr));	/* np <= nace */
	for (i = 0; i < sd->nace; i++) {
		a = &sd->aces[i];
		pid[i] = SIZE_MAX;
		if (!ace_is_allow(a) && !ace_is_deny(a))
			continue;
		for (h = sid_hash(&a->sid) & (nslot - 1);
		    slot[h] != SIZE_MAX; h = (h + 1) & (nslot - 1))
			if (sid_is_equal(&pr[slot[h]].sid, &a->sid))
				break;
		if (slot[h] == SIZE_MAX) {
			pr[np].sid = a->sid;
			pr[np].dec = NULL;
			slot[h] = np++;
		}
		pid[i] = slot[h];
	}
	if (np == 0)
		goto done;
	/* One block for every decision: pr[0].dec owns it. */
	pr[0].dec = xcalloc(np * (nright == 0 ? 1 : nright),
	    sizeof(*pr[0].dec));
	for (i = 1; i < np; i++)
		pr[i].dec = pr[0].dec + i * nright;
	done = xcalloc(np, nright == 0 ? 1 : nright * sizeof(*done));
	for (i = 0; i < sd->nace; i++) {
		a = &sd->aces[i];
		if (a->flags & ACE_F_INHERIT_ONLY)
			continue;
		if (a->kind == ACE_K_OPAQUE) {
			blocked = true;
			opaque = i;
			break;
		}
		if (pid[i] == SIZE_MAX)
			continue;
		(void)apply_ace(a, i, rights, nright, pr[pid[i]].dec,
		    done + pid[i] * nright);
	}
	for (i = 0; i < np; i++)
		finish(nright, pr[i].dec, done + i * nright, blocked, opaque);
	*out = pr;
	*nout = np;
	pr = NULL;
done:
	free(pr);
	free(done);
	free(pid);
	free(slot);
	return 0;
}

/*
 * Free n principals from access_check_principals(); NULL is a no-op.  The
 * decisions of all of them are one block, held by the first.
 */
void
access_principals_free(struct access_principal *pr, size_t n)
{
	if (pr == NULL)
		return;
	if (n > 0)
		free(pr[0].dec);
	free(pr);
}
