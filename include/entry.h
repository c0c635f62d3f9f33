/* SPDX-License-Identifier: ISC */
/*
 * A raw directory entry: a DN and attributes with byte-string values.
 * Both sources (LDIF snapshots and the live directory) produce entries and
 * the connector model consumes them, so the core never knows where the
 * data came from.
 */
#ifndef RCA_ENTRY_H
#define RCA_ENTRY_H

#include <stdbool.h>
#include <stddef.h>

struct entry_val {
	char	*val;		/* len bytes plus a terminating NUL; owned by */
	size_t	 len;		/* the entry (its pool), valid until entry_free */
};

struct entry_attr {
	char		*name;		/* without options, as spelled */
	size_t		 namelen;	/* strlen(name) */
	char		*options;	/* "range=0-1499", "binary", or NULL */
	size_t		 nvals;
	struct entry_val *vals;
};

struct entry_block;

struct entry {
	char		*dn;
	unsigned long	 line;		/* line of the dn in a snapshot, 0 live */
	size_t		 nattrs;
	struct entry_attr *attrs;
	struct entry_block *pool;	/* private: where values live */
};

/* A new entry with a copy of dn; free with entry_free(). */
struct entry *entry_new(const char *, unsigned long);
void	entry_free(struct entry *);
/*
 * e emptied for reuse as a new entry with a copy of dn; its first block
 * of memory is kept, so that an entry the size of the last one allocates
 * nothing.  entry_renew(NULL, ...) is entry_new().
 */
struct entry *entry_renew(struct entry *, const char *, unsigned long);
/*
 * Append a copy of the value to attribute "name[;options]"; values of the
 * same name and options are gathered in one attribute, in order.
 */
void	entry_add(struct entry *, const char *, const void *, size_t);
/*
 * The same in two steps, for many values of one attribute: the index of
 * attribute "name[;options]" in attrs (added if new), then a value for it.
 */
size_t	entry_attr_index(struct entry *, const char *);
void	entry_add_at(struct entry *, size_t, const void *, size_t);
/*
 * The attribute named name (case-insensitive, any options), or NULL.
 * "name;options" asks for exactly those options, "name;" for none.
 */
const struct entry_attr *entry_get(const struct entry *, const char *);
/* Its first value, or NULL. */
const struct entry_val *entry_get1(const struct entry *, const char *);
/* Does objectClass hold cls (case-insensitive)? */
bool	entry_has_class(const struct entry *, const char *);

#endif /* RCA_ENTRY_H */
