/* SPDX-License-Identifier: ISC */
/*
 * Waivers: accepted risks.  A waivers file (XML, rcaudit-waivers(5),
 * validated against rules/waivers.rng) names, per waiver, a rule id, a
 * connector (by objectGUID, so that a rename does not break it, or by
 * identity, exactly or as a glob), a justification, an approver, an
 * optional ticket and an expiry date.  A finding that an active waiver
 * matches is still reported, marked accepted, and does not fail the run;
 * an expired waiver waives nothing and says so; a waiver that matches no
 * finding is stale.  Waivers never change whether a run is complete.
 */
#ifndef RCA_WAIVERS_H
#define RCA_WAIVERS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "rules.h"

#define WAIVER_DATE_LEN	10		/* "YYYY-MM-DD" */

enum waiver_by {
	WAIVER_BY_GUID,			/* objectGUID, any case */
	WAIVER_BY_IDENTITY,		/* <server>\<name>, any case */
	WAIVER_BY_GLOB			/* fnmatch(3) on the identity */
};

enum waiver_state {
	WAIVER_ACTIVE,			/* in force, matched a finding */
	WAIVER_EXPIRED,			/* expiry date before today */
	WAIVER_STALE			/* in force, matched no finding */
};

/* A finding that a waiver matched (copies). */
struct waiver_hit {
	char		*identity;
	char		*dn;
	char		*fingerprint;
};

struct waiver {
	char		*rule;
	enum waiver_by	 by;
	char		*connector;	/* the GUID, identity or glob */
	char		*justification;
	char		*approver;
	char		*ticket;	/* or NULL */
	char		 expires[WAIVER_DATE_LEN + 1];
	long		 line;		/* of <waiver> in the file */
	/* Set by waivers_apply(). */
	bool		 expired;
	struct waiver_hit *hits;
	size_t		 nhits;
};

struct waiverset {
	char		*file;		/* as given, for messages */
	struct waiver	*w;		/* in file order */
	size_t		 n;
};

/*
 * Load the waivers file at path into ws (which must be empty), after
 * validating it against the RELAX NG schema at schema_path and checking
 * every date against the calendar.  The file is parsed without network
 * access and without entity expansion; a DOCTYPE is refused.  Returns 0,
 * or -1 with ERR_CONFIG and every problem of the file in e, one
 * "file:line: message" per line; ws is then left empty.  Release ws with
 * waivers_clear().
 */
int	waivers_load(struct waiverset *, const char *, const char *,
	    struct err *);
/* Free what ws owns and empty it; an empty ws is fine. */
void	waivers_clear(struct waiverset *);
/*
 * Does w name f's rule and connector?  1 yes, 0 no, -1 the glob could
 * not be evaluated (never a match).
 */
int	waiver_match(const struct waiver *, const struct finding *);
/*
 * Mark the findings that the waivers of ws match, given today's date
 * (YYYY-MM-DD): each gets a copy of the first active waiver that matches
 * it, else of the first expired one (f->waiver, freed by finding_clear).
 * Records in each waiver whether it expired and what it matched (replacing
 * what an earlier call recorded).  Cannot fail.
 */
void	waivers_apply(struct waiverset *, struct finding *, size_t,
	    const char *);
/* What waivers_apply() made of w. */
enum waiver_state waiver_state(const struct waiver *);
/* "active", "expired" or "stale". */
const char *waiver_state_name(enum waiver_state);
/* "guid", "identity" or "identity-glob": the attribute of <connector>. */
const char *waiver_by_name(enum waiver_by);
/* Is s a date of the calendar written YYYY-MM-DD? */
bool	waiver_date_is_valid(const char *);
/*
 * Today's date as YYYY-MM-DD into buf (WAIVER_DATE_LEN + 1 bytes): env
 * when it is set and not empty (the value of RCAUDIT_TODAY, for tests),
 * else the local date.  Returns 0, or -1 with ERR_USAGE when env is not a
 * valid date or the clock cannot be read.
 */
int	waivers_today(const char *, char *, struct err *);

#endif /* RCA_WAIVERS_H */
