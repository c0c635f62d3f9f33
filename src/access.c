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
 * What an allow or deny ACE says about every right at once.  The grant
 * depends only on the mask and on whether ObjectType is present, so it is
 * the same for each right the ACE covers: with ObjectType, the rights
 * equal to it; without, every right.  Full control is reported before
 * CONTROL_ACCESS, which is reported before GENERIC_ALL.
 */
struct cover {
	enum access_grant	 grant;	/* ACCESS_GRANT_NONE: covers nothing */
	const struct guid	*only;	/* the ObjectType, or NULL: every right */
};

static void
ace_cover(const struct ace *a, struct cover *cv)
{
	bool obj;

	obj = a->kind == ACE_K_OBJECT && (a->oflags & ACE_OBJ_TYPE_PRESENT);
	cv->only = obj ? &a->object : NULL;
	if ((a->mask & ADS_RIGHT_FULL_CONTROL) == ADS_RIGHT_FULL_CONTROL)
		cv->grant = ACCESS_GRANT_FULL_CONTROL;
	else if (a->mask & ADS_RIGHT_CONTROL_ACCESS)
		cv->grant = obj ? ACCESS_GRANT_OBJECT :
		    ACCESS_GRANT_ALL_EXTENDED;
	else if (a->mask & ADS_RIGHT_GENERIC_ALL)
		cv->grant = ACCESS_GRANT_GENERIC_ALL;
	else
		cv->grant = ACCESS_GRANT_NONE;
}

/*
 * How ace covers right: an object ACE whose ObjectType is present
 * applies only to that object type (MS-DTYP 2.5.3.2), so it covers
 * nothing else, not even with GENERIC_ALL; a plain ACE, or an object
 * ACE without ObjectType, applies to every right.  InheritedObjectType
 * is ignored.  Returns ACCESS_GRANT_NONE for ACE types that neither
 * allow nor deny.
 */
enum access_grant
access_ace_covers(const struct ace *a, const struct guid *right)
{
	struct cover cv;

	if (!ace_is_allow(a) && !ace_is_deny(a))
		return ACCESS_GRANT_NONE;
	ace_cover(a, &cv);
	if (cv.only != NULL && !guid_is_equal(cv.only, right))
		return ACCESS_GRANT_NONE;
	return cv.grant;
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
 * Which rights are decided is a bit set, one bit a right in 64-bit
 * words: a principal's first ACE often decides all of its rights at
 * once, and then every later ACE for it costs one comparison.  Up to
 * STACK_WORDS words (256 rights) live on the stack.
 */
#define WBITS		64
#define NWORDS(n)	(((n) + WBITS - 1) / WBITS)
#define STACK_WORDS	4

/* Is every right of rights[0..nright) set in done? */
static bool
all_done(const uint64_t *done, size_t nright)
{
	size_t w, nw = NWORDS(nright);

	for (w = 0; w < nw; w++)
		if (done[w] != (w + 1 < nw || nright % WBITS == 0 ?
		    UINT64_MAX : ((uint64_t)1 << nright % WBITS) - 1))
			return false;
	return true;
}

/* guid_is_equal() as two 64-bit compares, for apply_ace()'s inner loop. */
static bool
guid_eq(const struct guid *a, const struct guid *b)
{
	uint64_t a0, a1, b0, b1;

	memcpy(&a0, a->b, sizeof(a0));
	memcpy(&b0, b->b, sizeof(b0));
	memcpy(&a1, a->b + sizeof(a0), sizeof(a1));
	memcpy(&b1, b->b + sizeof(b0), sizeof(b1));
	return a0 == b0 && a1 == b1;
}

/*
 * Apply ACE i (an allow or deny ACE whose SID matched; cv its cover) to
 * the rights that done does not mark yet: each right it covers is
 * decided and marked.  Returns the number of rights it decided.
 */
static size_t
apply_ace(const struct ace *a, size_t i, const struct cover *cv,
    const struct guid *rights, size_t nright, struct access_decision *out,
    uint64_t *done)
{
	struct access_decision d;
	uint64_t bit;
	size_t r, n = 0;

	if (cv->grant == ACCESS_GRANT_NONE)
		return 0;
	if (ace_is_callback(a))
		decide(&d, -1, ACCESS_BY_UNEVALUABLE, cv->grant, i);
	else
		decide(&d, ace_is_allow(a) ? 1 : 0, ACCESS_BY_ACE, cv->grant,
		    i);
	for (r = 0; r < nright; r++) {
		/* Most object ACEs name one right: compare that first. */
		if (cv->only != NULL && !guid_eq(cv->only, &rights[r]))
			continue;
		bit = (uint64_t)1 << r % WBITS;
		if (done[r / WBITS] & bit)
			continue;
		out[r] = d;
		done[r / WBITS] |= bit;
		n++;
	}
	return n;
}

/* Finish: an opaque ACE at 'opaque' blocks what is still undecided. */
static void
finish(size_t nright, struct access_decision *out, const uint64_t *done,
    bool blocked, size_t opaque)
{
	struct access_decision d;
	size_t r;

	if (blocked)
		decide(&d, -1, ACCESS_BY_UNEVALUABLE, ACCESS_GRANT_NONE,
		    opaque);
	else
		decide(&d, 0, ACCESS_BY_DEFAULT, ACCESS_GRANT_NONE, 0);
	for (r = 0; r < nright; r++)
		if (!(done[r / WBITS] & (uint64_t)1 << r % WBITS))
			out[r] = d;
}

/*
 * What access_check_rights() decides for a SID that no allow or deny ACE
 * of sd names: only an opaque ACE can stop the walk for it.  See
 * include/access.h.
 */
int
access_check_unnamed(const struct sd *sd, size_t nright,
    struct access_decision *out)
{
	struct access_decision d;
	size_t i, r;

	if (sd->dacl != SD_DACL_PRESENT) {
		for (r = 0; r < nright; r++)
			decide(&out[r], 1, ACCESS_BY_NO_DACL,
			    ACCESS_GRANT_NONE, 0);
		return 0;
	}
	for (i = 0; i < sd->nace; i++)
		if (!(sd->aces[i].flags & ACE_F_INHERIT_ONLY) &&
		    sd->aces[i].kind == ACE_K_OPAQUE)
			break;
	/* As finish() with nothing decided. */
	if (i < sd->nace)
		decide(&d, -1, ACCESS_BY_UNEVALUABLE, ACCESS_GRANT_NONE, i);
	else
		decide(&d, 0, ACCESS_BY_DEFAULT, ACCESS_GRANT_NONE, 0);
	for (r = 0; r < nright; r++)
		out[r] = d;
	return 0;
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
	struct cover cv;
	uint64_t sdone[STACK_WORDS], *done = sdone;
	bool blocked = false;
	size_t i, r, left = nright, opaque = 0;

	if (sd->dacl != SD_DACL_PRESENT) {
		for (r = 0; r < nright; r++)
			decide(&out[r], 1, ACCESS_BY_NO_DACL,
			    ACCESS_GRANT_NONE, 0);
		return 0;
	}
	if (NWORDS(nright) > STACK_WORDS)
		done = xreallocarray(NULL, NWORDS(nright), sizeof(*done));
	memset(done, 0, NWORDS(nright) * sizeof(*done));
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
		ace_cover(a, &cv);
		left -= apply_ace(a, i, &cv, rights, nright, out, done);
	}
	finish(nright, out, done, blocked, opaque);
	if (done != sdone)
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

/* Up to this many ACEs, access_check_principals() does not allocate scratch. */
#define STACK_ACES	64

/*
 * Decisions for every principal of sd's DACL at once; see
 * include/access.h.  A hash table numbers the principals in the order of
 * their first ACE, then one walk decides every (principal, right) pair:
 * linear in the number of ACEs, so a hostile 16,000-ACE DACL costs no
 * more than it is long.  This runs once a connector: the scratch (the
 * table, each ACE's principal, the bits of the decided rights) is on the
 * stack for a DACL of up to STACK_ACES ACEs, and the result is one block
 * (principals, then their decisions), not zeroed since every decision is
 * written exactly once.
 */
int
access_check_principals(const struct sd *sd, const struct guid *rights,
    size_t nright, struct access_principal **out, size_t *nout)
{
	struct access_principal *pr;
	struct access_decision *dec;
	struct cover cv;
	size_t sbuf[4 * STACK_ACES], *buf = sbuf, *pid, *slot, *first;
	size_t nslot, np = 0, nw, per, i, h, opaque = 0;
	uint64_t sdone[STACK_ACES], *done = sdone, *pdone;
	bool blocked = false;
	const struct ace *a;

	*out = NULL;
	*nout = 0;
	if (sd->dacl != SD_DACL_PRESENT || sd->nace == 0)
		return 0;
	for (nslot = 16; nslot < sd->nace * 2; nslot *= 2)
		;
	/* At most 4 * nace + 16 entries: no overflow, the ACEs fit. */
	if (nslot + 2 * sd->nace > sizeof(sbuf) / sizeof(sbuf[0]))
		buf = xreallocarray(NULL, nslot + 2 * sd->nace,
		    sizeof(*buf));
	slot = buf;
	pid = slot + nslot;
	first = pid + sd->nace;		/* principal -> its first ACE */
	for (i = 0; i < nslot; i++)
		slot[i] = SIZE_MAX;
	for (i = 0; i < sd->nace; i++) {
		a = &sd->aces[i];
		pid[i] = SIZE_MAX;
		if (!ace_is_allow(a) && !ace_is_deny(a))
			continue;
		/* A principal's ACEs tend to come in a row: no hashing. */
		if (i > 0 && pid[i - 1] != SIZE_MAX &&
		    sid_is_equal(&sd->aces[i - 1].sid, &a->sid)) {
			pid[i] = pid[i - 1];
			continue;
		}
		for (h = sid_hash(&a->sid) & (nslot - 1);
		    slot[h] != SIZE_MAX; h = (h + 1) & (nslot - 1))
			if (sid_is_equal(&sd->aces[first[slot[h]]].sid,
			    &a->sid))
				break;
		if (slot[h] == SIZE_MAX) {
			first[np] = i;
			slot[h] = np++;
		}
		pid[i] = slot[h];
	}
	if (np == 0)
		goto done;
	nw = NWORDS(nright);
	if (nw > 0 && np > (sizeof(sdone) / sizeof(sdone[0])) / nw)
		done = xreallocarray(NULL, np, nw * sizeof(*done));
	memset(done, 0, np * nw * sizeof(*done));
	/* One block: np principals, then np * nright decisions. */
	if (nright > (SIZE_MAX - sizeof(*pr)) / sizeof(*dec))
		xoom();
	per = sizeof(*pr) + nright * sizeof(*dec);
	pr = xreallocarray(NULL, np, per);
	/* sizeof(*pr) is a multiple of the decisions' alignment. */
	dec = (struct access_decision *)(pr + np);
	for (i = 0; i < np; i++) {
		pr[i].sid = sd->aces[first[i]].sid;
		pr[i].dec = dec + i * nright;
	}
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
		pdone = done + pid[i] * nw;
		if (all_done(pdone, nright))
			continue;	/* an earlier ACE decided them all */
		ace_cover(a, &cv);
		(void)apply_ace(a, i, &cv, rights, nright, pr[pid[i]].dec,
		    pdone);
	}
	for (i = 0; i < np; i++)
		finish(nright, pr[i].dec, done + i * nw, blocked, opaque);
	*out = pr;
	*nout = np;
	if (done != sdone)
		free(done);
done:
	if (buf != sbuf)
		free(buf);
	return 0;
}

/*
 * Free n principals from access_check_principals(); NULL is a no-op.  The
 * principals and all their decisions are one block.
 */
void
access_principals_free(struct access_principal *pr, size_t n)
{
	(void)n;
	free(pr);
}

/*
 * What access_check_summary() needs of an ACE type: allow or deny, and
 * whether it is a callback type (never evaluated).  A table, since the
 * walk asks it of every ACE; 0 for every other type.
 */
#define ROLE_ALLOW	0x1
#define ROLE_DENY	0x2
#define ROLE_CALLBACK	0x4

static const uint8_t ace_roles[] = {
	[ACE_T_ALLOWED] = ROLE_ALLOW,
	[ACE_T_DENIED] = ROLE_DENY,
	[ACE_T_ALLOWED_OBJECT] = ROLE_ALLOW,
	[ACE_T_DENIED_OBJECT] = ROLE_DENY,
	[ACE_T_ALLOWED_CALLBACK] = ROLE_ALLOW | ROLE_CALLBACK,
	[ACE_T_DENIED_CALLBACK] = ROLE_DENY | ROLE_CALLBACK,
	[ACE_T_ALLOWED_CALLBACK_OBJECT] = ROLE_ALLOW | ROLE_CALLBACK,
	[ACE_T_DENIED_CALLBACK_OBJECT] = ROLE_DENY | ROLE_CALLBACK,
};

/* ace_is_allow() || ace_is_deny(), with ace_is_callback(): ROLE_* bits. */
static unsigned
ace_role(const struct ace *a)
{
	if (a->kind == ACE_K_OPAQUE || a->type >= sizeof(ace_roles))
		return 0;
	return ace_roles[a->type];
}


/*
 * The rights as a hash table from GUID to the bits of the rights equal
 * to it (a right asked twice has two), so that an object ACE finds the
 * rights it covers with one probe instead of one compare a right.  At
 * most 64 rights in RMAP_SLOTS slots: the table is never more than half
 * full, so a probe for an ACE's ObjectType (which the descriptor's
 * author chooses) ends at an empty slot soon.
 */
#define RMAP_SLOTS	128

struct rmap {
	struct {
		uint64_t	lo, hi;		/* the GUID's bytes */
		uint64_t	bits;		/* 0: empty */
	} slot[RMAP_SLOTS];
	size_t	mask;			/* slots used - 1 */
};

static size_t
rmap_hash(uint64_t lo, uint64_t hi, size_t mask)
{
	return (size_t)(((lo ^ hi) * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
}

static void
rmap_init(struct rmap *m, const struct guid *rights, size_t nright)
{
	uint64_t lo, hi;
	size_t n, r, h;

	for (n = 16; n < 2 * nright; n *= 2)
		;
	m->mask = n - 1;
	for (h = 0; h < n; h++)
		m->slot[h].bits = 0;
	for (r = 0; r < nright; r++) {
		memcpy(&lo, rights[r].b, sizeof(lo));
		memcpy(&hi, rights[r].b + sizeof(lo), sizeof(hi));
		for (h = rmap_hash(lo, hi, m->mask); m->slot[h].bits != 0;
		    h = (h + 1) & m->mask)
			if (m->slot[h].lo == lo && m->slot[h].hi == hi)
				break;
		m->slot[h].lo = lo;
		m->slot[h].hi = hi;
		m->slot[h].bits |= (uint64_t)1 << r;
	}
}

/* The bits of the rights equal to g (0: none). */
static uint64_t
rmap_get(const struct rmap *m, const struct guid *g)
{
	uint64_t lo, hi;
	size_t h;

	memcpy(&lo, g->b, sizeof(lo));
	memcpy(&hi, g->b + sizeof(lo), sizeof(hi));
	for (h = rmap_hash(lo, hi, m->mask); m->slot[h].bits != 0;
	    h = (h + 1) & m->mask)
		if (m->slot[h].lo == lo && m->slot[h].hi == hi)
			return m->slot[h].bits;
	return 0;
}

/*
 * access_check_principals() summarised; see include/access.h.  One walk
 * numbers the principals (as access_check_principals() does: the last
 * ACE's principal, else a hash table) and applies each ACE to its
 * principal's bit sets: the rights it decided, those it granted, and the
 * one decision kept.  An ACE that covers none of the rights costs its
 * principal's number only; one whose principal has every right decided
 * costs a compare more.
 */
int
access_check_summary(const struct sd *sd, const struct guid *rights,
    size_t nright, size_t focus, struct access_summary *out, size_t *nout)
{
	struct rmap rm;
	struct access_summary *s;
	enum access_grant grant;
	const struct ace *a;
	size_t sbuf[2 * STACK_ACES], *slot = sbuf;
	uint64_t sdone[STACK_ACES], *done = sdone, all, fbit, cov;
	size_t nslot, np = 0, i, h, p, last = SIZE_MAX, opaque = 0, n;
	unsigned role;
	bool blocked = false;

	*nout = 0;
	if (nright == 0 || nright > 64 || focus >= nright)
		return -1;
	if (sd->dacl != SD_DACL_PRESENT || sd->nace == 0)
		return 0;
	all = nright == 64 ? UINT64_MAX : ((uint64_t)1 << nright) - 1;
	fbit = (uint64_t)1 << focus;
	rmap_init(&rm, rights, nright);
	for (nslot = 16; nslot < sd->nace * 2; nslot *= 2)
		;
	if (nslot > sizeof(sbuf) / sizeof(sbuf[0])) {
		slot = xreallocarray(NULL, nslot, sizeof(*slot));
		done = xreallocarray(NULL, sd->nace, sizeof(*done));
	}
	for (i = 0; i < nslot; i++)
		slot[i] = SIZE_MAX;
	for (i = 0; i < sd->nace; i++) {
		a = &sd->aces[i];
		if ((role = ace_role(a)) == 0) {
			if (a->kind == ACE_K_OPAQUE && !blocked &&
			    !(a->flags & ACE_F_INHERIT_ONLY)) {
				/* Unknown layout: it might allow or deny anything. */
				blocked = true;
				opaque = i;
			}
			last = SIZE_MAX;
			continue;
		}
		/* A principal's ACEs tend to come in a row: no hashing. */
		if (last != SIZE_MAX && sid_is_equal(out[last].sid, &a->sid))
			p = last;
		else {
			for (h = sid_hash(&a->sid) & (nslot - 1);
			    slot[h] != SIZE_MAX; h = (h + 1) & (nslot - 1))
				if (sid_is_equal(out[slot[h]].sid, &a->sid))
					break;
			if (slot[h] == SIZE_MAX) {
				slot[h] = np;
				out[np].sid = &a->sid;
				out[np].granted = 0;
				done[np] = 0;
				np++;
			}
			p = slot[h];
		}
		last = p;
		/* Past an opaque ACE principals are only numbered. */
		if (blocked || (a->flags & ACE_F_INHERIT_ONLY) ||
		    done[p] == all)
			continue;
		/* As ace_cover(). */
		if ((a->mask & ADS_RIGHT_FULL_CONTROL) ==
		    ADS_RIGHT_FULL_CONTROL)
			grant = ACCESS_GRANT_FULL_CONTROL;
		else if (a->mask & ADS_RIGHT_CONTROL_ACCESS)
			grant = a->kind == ACE_K_OBJECT &&
			    (a->oflags & ACE_OBJ_TYPE_PRESENT) ?
			    ACCESS_GRANT_OBJECT : ACCESS_GRANT_ALL_EXTENDED;
		else if (a->mask & ADS_RIGHT_GENERIC_ALL)
			grant = ACCESS_GRANT_GENERIC_ALL;
		else
			continue;
		if (a->kind == ACE_K_OBJECT &&
		    (a->oflags & ACE_OBJ_TYPE_PRESENT))
			cov = rmap_get(&rm, &a->object) & ~done[p];
		else
			cov = all & ~done[p];
		if (cov == 0)
			continue;
		done[p] |= cov;
		s = &out[p];
		if (role & ROLE_CALLBACK) {
			if (cov & fbit)
				decide(&s->dec, -1, ACCESS_BY_UNEVALUABLE,
				    grant, i);
		} else if (role & ROLE_ALLOW) {
			s->granted |= cov;
			if (cov & fbit)
				decide(&s->dec, 1, ACCESS_BY_ACE, grant, i);
		} else if (cov & fbit)
			decide(&s->dec, 0, ACCESS_BY_ACE, grant, i);
	}
	/* As finish(); then drop who holds nothing, keeping the order. */
	for (p = 0, n = 0; p < np; p++) {
		if (!(done[p] & fbit)) {
			if (blocked)
				decide(&out[p].dec, -1, ACCESS_BY_UNEVALUABLE,
				    ACCESS_GRANT_NONE, opaque);
			else if (out[p].granted == 0)
				continue;
			else
				decide(&out[p].dec, 0, ACCESS_BY_DEFAULT,
				    ACCESS_GRANT_NONE, 0);
		}
		if (n != p)
			out[n] = out[p];
		n++;
	}
	*nout = n;
	if (slot != sbuf) {
		free(slot);
		free(done);
	}
	return 0;
}
