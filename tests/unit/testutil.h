/* SPDX-License-Identifier: ISC */
/* Helpers shared by the unit tests. */
#ifndef RCA_TESTUTIL_H
#define RCA_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode a hex string ("01 00 04 80 ..."; spaces and newlines ignored)
 * into buf; returns the number of bytes, or aborts the test on bad hex.
 */
size_t	tu_hex(const char *, uint8_t *, size_t);
/* Read a whole file from tests/data (path relative to tests/unit). */
uint8_t	*tu_slurp(const char *, size_t *);

#endif
