/* SPDX-License-Identifier: ISC */
/*
 * The control-access check of MS-ADTS 5.1.3.2.x: does a set of SIDs hold an
 * extended right on a descriptor, and which ACE decided it.
 */
#ifndef RCA_ACCESS_H
#define RCA_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "guid.h"
#include "sd.h"
#include "sid.h"

enum access_how {
	ACCESS_BY_NO_DACL,	/* absent or NULL DACL: granted */
	ACCESS_BY_DEFAULT,	/* no ACE matched (or empty DACL): denied */
	ACCESS_BY_ACE,		/* ace decided */
	ACCESS_BY_UNEVALUABLE	/* ace (callback/opaque) blocked the walk */
};

/* Why a deciding ACE covers the right. */
enum access_grant {
	ACCESS_GRANT_NONE,
	ACCESS_GRANT_OBJECT,		/* CONTROL_ACCESS with ObjectType == right */
	ACCESS_GRANT_ALL_EXTENDED,	/* CONTROL_ACCESS, no ObjectType */
	ACCESS_GRANT_FULL_CONTROL,	/* mask has all of 0xF01FF */
	ACCESS_GRANT_GENERIC_ALL	/* GENERIC_ALL */
};

struct access_decision {
	int			result;	/* 1 granted, 0 denied, -1 unknown */
	enum access_how		how;
	enum access_grant	grant;
	size_t			ace;	/* index into sd->aces when BY_ACE/BY_UNEVALUABLE */
};

/*
 * Walk sd's DACL in stored order for the SIDs sids[0..n) and right:
 * INHERIT_ONLY ACEs are skipped; the first allow or deny ACE whose SID is
 * in the set and that covers the right decides.  Returns d->result:
 * 1 granted, 0 denied, -1 when an ACE that cannot be evaluated (callback,
 * opaque) applies before a decision.
 */
int	access_check(const struct sd *, const struct sid *, size_t,
	    const struct guid *, struct access_decision *);
/*
 * Does ace cover the extended right at all (regardless of SID)?  Only
 * allow and deny ACEs (plain, object, callback) can; every other type
 * and opaque ACEs give ACCESS_GRANT_NONE.
 */
enum access_grant access_ace_covers(const struct ace *, const struct guid *);
/* "object", "all-extended-rights", "full-control", "generic-all", "none". */
const char *access_grant_name(enum access_grant);

/*
 * access_check() for nright rights at once: out[i] is the decision for
 * rights[i] (out has nright entries).  One walk of the DACL.  Returns 0.
 */
int	access_check_rights(const struct sd *, const struct sid *, size_t,
	    const struct guid *, size_t, struct access_decision *);

/*
 * access_check_rights() for a SID set that no allow or deny ACE of the
 * DACL names (such as a principal access_check_principals() does not
 * list), without comparing SIDs: every right is granted when there is no
 * DACL, unknown when an opaque ACE applies (d->ace is the first), else
 * denied.  out has nright entries.  Returns 0.
 */
int	access_check_unnamed(const struct sd *, size_t,
	    struct access_decision *);

/* One principal named by an allow or deny ACE, with its decisions. */
struct access_principal {
	struct sid		 sid;
	struct access_decision	*dec;	/* nright entries; owned */
};

/*
 * Every distinct SID of the DACL's allow and deny ACEs (callback ones
 * included), in order of first appearance, each with the decisions of
 * access_check() for that SID alone and each of rights[0..nright).
 * O(n log n) in the number of ACEs.  *out is a new array of *nout
 * entries freed with access_principals_free(); *out is NULL (and *nout
 * 0) when there are none.  Returns 0.
 */
int	access_check_principals(const struct sd *, const struct guid *,
	    size_t, struct access_principal **, size_t *);
/* Free what access_check_principals() returned; NULL is a no-op. */
void	access_principals_free(struct access_principal *, size_t);

/*
 * What a caller that only counts granted rights and explains one of
 * them reads of a principal: access_check_principals() without writing
 * every decision.
 */
struct access_summary {
	const struct sid	*sid;		/* an ACE's SID: borrowed from sd */
	uint64_t		 granted;	/* bit r: rights[r] has result 1 */
	struct access_decision	 dec;		/* the decision for rights[focus] */
};

/*
 * The principals of access_check_principals(sd, rights, nright), in the
 * same order and with the same decisions, summarised: out[i].granted has
 * bit r set when rights[r] is granted and out[i].dec is the decision for
 * rights[focus].  A principal that no right is granted to and whose
 * rights[focus] is denied by default (ACCESS_BY_DEFAULT) is left out:
 * what it holds is what access_check_unnamed() says of a SID the DACL
 * does not name.  out is caller storage for sd->nace entries; *nout is
 * how many were written.  nright is 1 to 64 and focus < nright; returns
 * 0, or -1 (nothing written, *nout 0) when they are not.
 */
int	access_check_summary(const struct sd *, const struct guid *, size_t,
	    size_t, struct access_summary *, size_t *);

#endif /* RCA_ACCESS_H */
