/* SPDX-License-Identifier: ISC */
/*
 * The rule engine.  Rules are data (the *.xml files of rules/, validated against
 * rules/rules.rng with libxml2's RELAX NG): an id, a severity, a title, a
 * condition built from predicates with all/any/not, a description, a
 * remediation and a verification recipe with the connector's values
 * substituted, and references.  The engine knows the predicates; the
 * catalogue says which connectors are bad and how bad.
 *
 * Conditions are three-valued: a predicate about something that could not
 * be evaluated (a relay verdict of a connector without a readable
 * descriptor) is "unknown", and a rule fires only when its condition is
 * true.  Unknown is never "clean": such connectors are caught by the
 * descriptor rules and make the run incomplete.
 */
#ifndef RCA_RULES_H
#define RCA_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "connector.h"
#include "err.h"

enum severity {
	SEV_INFO,
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL
};

struct cond;
struct rule;

/*
 * What a baseline (an earlier JSON report, include/baseline.h) says of a
 * finding; FINDING_BASE_NONE without --baseline.
 */
enum finding_base {
	FINDING_BASE_NONE,
	FINDING_BASE_NEW,	/* no finding of the rule on the connector */
	FINDING_BASE_CHANGED,	/* same rule and connector, new fingerprint */
	FINDING_BASE_UNCHANGED	/* same fingerprint */
};

/* The waiver that matched a finding (include/waivers.h); owned copies. */
struct finding_waiver {
	bool		 active;	/* false: expired, waives no more */
	char		*justification;
	char		*approver;
	char		*ticket;	/* or NULL */
	char		*expires;	/* YYYY-MM-DD */
};

struct ruleset {
	struct rule	**rules;	/* in id order */
	size_t		  nrules;
};

/* A rule that fired on a connector. */
struct finding {
	const struct rule *rule;	/* borrowed from the ruleset */
	enum severity	 severity;	/* after overrides and "disabled" */
	char		*identity;
	char		*dn;
	char		*guid;		/* or NULL */
	bool		 enabled;
	char		**evidence;	/* what made the condition true */
	size_t		 nevidence;
	char		*remediation;	/* values substituted */
	char		*verify;
	char		*fingerprint;	/* stable: rule, connector, evidence */
	struct finding_waiver *waiver;	/* or NULL; owned, see waivers_apply */
	enum finding_base base;		/* set by baseline_apply */
};

/*
 * Load every *.xml of a directory, or one file, into rs (additive: call
 * again with another path to add a user's file; a later rule with an id
 * that exists replaces it, <override> and <disable> change earlier ones).
 * Each file is validated against the RELAX NG schema at schema_path,
 * parsed with no network and no entity expansion.  On error every problem
 * of the file is in e, one "file:line: message" per line (ERR_CONFIG).
 */
int	rules_load(struct ruleset *, const char *, const char *, struct err *);
void	rules_clear(struct ruleset *);
/*
 * Validate one file without keeping it; same errors as rules_load.
 */
int	rules_check(const char *, const char *, struct err *);
/*
 * Evaluate every enabled rule on c; append findings to *fv (grown with
 * xreallocarray; *nf counts them).  Cannot fail.
 */
void	rules_eval(const struct ruleset *, const struct connector *,
	    struct finding **, size_t *);
void	finding_clear(struct finding *);
/* Sort by (severity descending, identity, rule id). */
void	findings_sort(struct finding *, size_t);

const char *rule_id(const struct rule *);
const char *rule_title(const struct rule *);
const char *rule_description(const struct rule *);
const struct rule *rules_find(const struct ruleset *, const char *);
enum severity rule_severity(const struct rule *);
bool	rule_is_enabled(const struct rule *);
/* References: n-th href and text, or NULL past the end. */
const char *rule_reference(const struct rule *, size_t, const char **);

const char *severity_name(enum severity);
/* "critical" ... "info" (case-insensitive) to a severity; -1 if unknown. */
int	severity_parse(const char *);

#endif /* RCA_RULES_H */
