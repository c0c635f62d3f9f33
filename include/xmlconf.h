/* SPDX-License-Identifier: ISC */
/*
 * Configuration files in XML (rules, waivers): read safely (no network,
 * no entities, DOCTYPE refused before libxml2 sees it), validated with
 * RELAX NG, and every problem gathered as "file:line: message" before
 * failing, in line order.  libxml2's vaguer RELAX NG messages give way to
 * the loader's own when both speak of the same line.
 */
#ifndef RCA_XMLCONF_H
#define RCA_XMLCONF_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/relaxng.h>
#include <libxml/tree.h>

#include "err.h"

struct xproblem {
	char	*file;
	long	 line;		/* 0: the file as a whole */
	size_t	 seq;		/* order of discovery */
	bool	 ours;		/* from the loader, not from libxml2 */
	char	*msg;
};

struct xproblems {
	struct xproblem	*p;
	size_t		 n;
};

/* Record a problem of the loader's own (file:line: message). */
void	xp_add(struct xproblems *, const char *, long, const char *, ...)
	    __attribute__((__format__(printf, 4, 5)));
/*
 * Move the problems into e (ERR_CONFIG), one "file:line: message" per
 * line, sorted by file and line, whole lines only with a count of those
 * that did not fit; frees them.  Returns -1.
 */
int	xp_fail(struct xproblems *, struct err *);
void	xp_free(struct xproblems *);

/* Load a RELAX NG schema; NULL with a problem recorded. */
xmlRelaxNGPtr xmlconf_schema(const char *, struct xproblems *);
/*
 * Read path and validate it against schema.  Returns the document (the
 * caller frees it with xmlFreeDoc), also when validation failed, so that
 * the loader's own checks can add their problems; *valid says whether it
 * matched the schema.  Returns NULL when the file cannot be read or
 * parsed, or holds a DOCTYPE; what ("rules") names the kind of file in
 * messages.
 */
xmlDocPtr xmlconf_read(const char *, xmlRelaxNGPtr, const char *,
	    struct xproblems *, bool *);
/* An attribute's value as a new string, or NULL. */
char	*xmlconf_attr(xmlNodePtr, const char *);
/* The text of n, runs of white space collapsed to one space; new string. */
char	*xmlconf_text(xmlNodePtr);
/* An element, named name (any name when NULL)? */
bool	xmlconf_is_elem(xmlNodePtr, const char *);
/* A rule id: [A-Z][A-Z0-9]*-[0-9]{3,}, as in rules/rules.rng. */
bool	xmlconf_is_rule_id(const char *);

#endif /* RCA_XMLCONF_H */
