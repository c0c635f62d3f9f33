/* SPDX-License-Identifier: ISC */
/*
 * Baselines: an earlier JSON report of `rcaudit audit --format json`
 * against which the findings of this run are marked new, changed (same
 * rule and connector, another fingerprint: a range widened, say) or
 * unchanged, and the findings that are gone are listed as resolved.  A
 * connector is the same when its objectGUID is (so a rename is no
 * change), else when its DN is.
 */
#ifndef RCA_BASELINE_H
#define RCA_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "rules.h"

/* A finding of the baseline report (copies of its fields). */
struct baseline_finding {
	char		*rule;
	char		*title;		/* or NULL */
	char		*severity;	/* or NULL */
	char		*identity;
	char		*dn;
	char		*guid;		/* or NULL */
	char		*fingerprint;
	bool		 seen;		/* set by baseline_apply() */
};

struct baseline {
	char		*file;		/* as given, for messages */
	struct baseline_finding *f;	/* in report order */
	size_t		 n;
};

/* What baseline_apply() counted. */
struct baseline_counts {
	size_t		 new;
	size_t		 changed;
	size_t		 unchanged;
	size_t		 resolved;
};

/*
 * Read the JSON report at path into b (which must be empty).  Returns 0,
 * or -1 with ERR_CONFIG and a message that names the file: it cannot be
 * read, is not JSON (with line and column), or is not an rcaudit audit
 * report (no "findings" array or "summary" object, or a finding without
 * its rule, identity, DN or fingerprint).  Release b with
 * baseline_clear().
 */
int	baseline_load(struct baseline *, const char *, struct err *);
/* As baseline_load(), from len bytes of text; name is used in messages. */
int	baseline_parse(struct baseline *, const char *, size_t, const char *,
	    struct err *);
/* Free what b owns and empty it; an empty b is fine. */
void	baseline_clear(struct baseline *);
/*
 * Set f->base of each of the n findings, mark the baseline findings seen
 * again, and count into *c (which may be NULL).  Calling it again starts
 * over.  Cannot fail.
 */
void	baseline_apply(struct baseline *, struct finding *, size_t,
	    struct baseline_counts *);
/* Was this finding of the baseline not seen again (resolved)? */
bool	baseline_is_resolved(const struct baseline_finding *);
/* "new", "changed", "unchanged", or NULL for FINDING_BASE_NONE. */
const char *baseline_mark_name(enum finding_base);

#endif /* RCA_BASELINE_H */
