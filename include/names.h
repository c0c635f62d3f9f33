/* SPDX-License-Identifier: ISC */
/*
 * Names for evidence: what the directory calls a domain principal
 * ("CORP\Relay Apps") and an extended right, learned from entries that
 * travel with the connectors.  The live reader fetches them before the
 * connectors that need them (ad.c: the controlAccessRight objects under
 * CN=Extended-Rights, the crossRef objects under CN=Partitions, the
 * principals found by objectSid), snapshots keep them, and main hands each
 * one that is not a connector to names_learn().
 *
 * Names are for reading only: no verdict depends on them, and a table
 * that learned nothing still renders every SID and GUID (as itself, or
 * from the built-in tables of sid.c and guid.c).  The well-known SIDs keep
 * their built-in names whatever the directory says.
 */
#ifndef RCA_NAMES_H
#define RCA_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "entry.h"
#include "guid.h"
#include "sid.h"

struct names;

/* An empty table; free with names_free(). */
struct names *names_new(void);
/* names_free(NULL) is a no-op. */
void	names_free(struct names *);

/*
 * Learn from one entry (borrowed; the table keeps copies):
 *   objectClass controlAccessRight with rightsGuid and cn: a right;
 *   objectClass crossRef with nCName and nETBIOSName: a domain's NetBIOS
 *     name, for the principals learned after it;
 *   objectSid (binary) with sAMAccountName: a principal, named
 *     "NETBIOS\sAMAccountName" after the crossRef whose nCName ends its
 *     DN, else after the DN's DC= labels ("corp.example\name").
 * Strings are made valid UTF-8 and each part is cut to 64 bytes (AD's are
 * shorter), so that a name cannot crowd an evidence line; an unreadable
 * GUID or SID, or a second
 * name for the same one, is ignored (the first name stays).  Returns true
 * when the entry was one of these kinds, false otherwise.
 */
bool	names_learn(struct names *, const struct entry *);

/*
 * The name to show for a SID: the built-in well-known name (sid_name()),
 * else the learned one, else NULL.  n may be NULL.  Borrowed, valid until
 * names_free().
 */
const char *names_sid(const struct names *, const struct sid *);
/*
 * The name to show for an object-type GUID: the learned right, else the
 * built-in table (guid_right_name()), else NULL.  n may be NULL.
 */
const char *names_right(const struct names *, const struct guid *);
/* How many rights, domains and principals the table holds. */
void	names_counts(const struct names *, size_t *, size_t *, size_t *);

#endif /* RCA_NAMES_H */
