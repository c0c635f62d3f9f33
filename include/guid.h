/* SPDX-License-Identifier: ISC */
/*
 * GUIDs in the mixed-endian wire order of MS-DTYP 2.3.4 (Data1..Data3
 * little-endian), formatted "5c82f031-4e4c-4326-88e1-8c4f0cad9de5", and the
 * table of Exchange's receive-connector extended rights.
 */
#ifndef RCA_GUID_H
#define RCA_GUID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define GUID_STR_LEN	36

struct guid {
	uint8_t	b[16];			/* as stored in an ACE */
};

extern const struct guid GUID_ACCEPT_ANY_RECIPIENT;	/* 5c82f031-... */

/*
 * Text (with or without braces, any case) to wire order; *g is written
 * only on success.  Errors (ERR_DATA): "guid 'X': not a GUID".
 */
int	guid_parse(const char *, struct guid *, struct err *);
/* Lower-case text form; snprintf-style return. */
int	guid_fmt(const struct guid *, char *, size_t);
bool	guid_is_equal(const struct guid *, const struct guid *);
/* "ms-Exch-SMTP-Accept-Any-Recipient" etc., or NULL. */
const char *guid_right_name(const struct guid *);
/* Reverse lookup by name (case-insensitive); 0 found, -1 not. */
int	guid_right_lookup(const char *, struct guid *);
/* Exchange's Permission bit for a right (WellKnownPermission), 0 if none. */
uint32_t guid_right_bit(const struct guid *);

/* One row of the extended-rights table (exchange-facts 4). */
struct guid_right {
	const char	*name;		/* controlAccessRight CN */
	struct guid	 guid;
	uint32_t	 bit;		/* Exchange Permission bit */
};
/* The whole table, in Permission-bit order; *n gets its length. */
const struct guid_right *guid_rights(size_t *);

#endif /* RCA_GUID_H */
