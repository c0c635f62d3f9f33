/* SPDX-License-Identifier: ISC */
/*
 * Shared by the fuzz targets (tests/fuzz/fuzz_*.c): the libFuzzer entry
 * point every target defines, and FUZZ_CHECK, which stops the run with a
 * message when a property does not hold.  A property failure aborts, so
 * libFuzzer saves the input as a crash and the replay driver (replay.c)
 * exits non-zero; it is the same outcome as a sanitizer report.
 */
#ifndef RCA_FUZZ_H
#define RCA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "sd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What fuzz_same_sd() compares beyond the ACEs. */
#define FUZZ_CMP_SIZES	0x1	/* ACE sizes and offsets too */
#define FUZZ_CMP_HEADER	0x2	/* owner, group, DACL state */
#define FUZZ_CMP_REV	0x4	/* the ACL revision (sd_encode normalises it) */

/*
 * Abort unless a and b hold the same ACEs: type, flags, kind, mask,
 * object flags, the GUIDs those flags say are present, the SID (unless
 * opaque) and the extra bytes.  what names the comparison in messages.
 * (fuzz_util.c)
 */
void	fuzz_same_sd(const struct sd *, const struct sd *, int,
	    const char *);
/* Abort unless the snprintf-style formatters agree on a's length. */
void	fuzz_check_ace_fmt(const struct ace *);

/* Test code: a macro that hides abort() is fine here (STYLE.md 10). */
#define FUZZ_CHECK(cond, ...) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: property failed: %s: ",		\
		    __FILE__, __LINE__, #cond);				\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

#endif /* RCA_FUZZ_H */
