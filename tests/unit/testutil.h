/* SPDX-License-Identifier: ISC */
/* Helpers shared by the unit tests. */
#ifndef RCA_TESTUTIL_H
#define RCA_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

struct entry;
struct ruleset;

/* The shipped rules and their schema, relative to tests/unit. */
#define TU_RULES	"../../rules/default.xml"
#define TU_RULES_SCHEMA	"../../rules/rules.rng"

/*
 * Decode a hex string ("01 00 04 80 ..."; spaces and newlines ignored)
 * into buf; returns the number of bytes, or aborts the test on bad hex.
 */
size_t	tu_hex(const char *, uint8_t *, size_t);
/* Read a whole file from tests/data (path relative to tests/unit). */
uint8_t	*tu_slurp(const char *, size_t *);

/* Checked fixture: tu_rules holds TU_RULES; the teardown frees them. */
extern struct ruleset tu_rules;
void	tu_rules_setup(void);
void	tu_rules_teardown(void);
/* A connector entry from SDDL and literals; caller frees, entry_free(). */
struct entry *tu_conn_entry(const char *, const char *, const char *,
	    const char *, const char *const *, const char *);

#endif
