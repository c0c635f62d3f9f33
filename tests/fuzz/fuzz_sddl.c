/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: the SDDL reader (sd_parse_sddl), which reads the
 * descriptors of the test fixtures and of rcaudit's own output, so the
 * other direction of the round trip in fuzz_sd.c.  Input: SDDL text (cut
 * at the first NUL).  Properties checked:
 *   - an error is ERR_DATA and starts "sddl: ";
 *   - what parses encodes (sd_encode), and the encoding parses back
 *     (sd_parse) to the same header, ACEs, sizes and offsets, which is
 *     what sd.h promises for the sizes sd_parse_sddl() sets;
 *   - sd_sddl() of it reads back to the same ACEs and encodes to the
 *     same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fuzz.h"
#include "sd.h"

#define MAX_SDDL	65536

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sd *sd = NULL, *sd2 = NULL, *sd3 = NULL;
	struct err e;
	uint8_t *b = NULL, *b3 = NULL;
	size_t l = 0, l3 = 0;
	char *s, *out = NULL;

	if (size > MAX_SDDL)
		return 0;
	s = malloc(size + 1);
	FUZZ_CHECK(s != NULL, "out of memory");
	memcpy(s, data, size);
	s[size] = '\0';
	if (sd_parse_sddl(s, &sd, &e) == -1) {
		FUZZ_CHECK(sd == NULL, "out set on error");
		FUZZ_CHECK(e.kind == ERR_DATA, "error kind %d", (int)e.kind);
		FUZZ_CHECK(strncmp(e.msg, "sddl: ", 6) == 0, "message '%s'",
		    e.msg);
		free(s);
		return 0;
	}
	FUZZ_CHECK(sd_encode(sd, &b, &l, &e) == 0, "sd_encode: %s", e.msg);
	FUZZ_CHECK(sd_parse(b, l, &sd2, &e) == 0, "sd_parse of the encoding: "
	    "%s", e.msg);
	fuzz_same_sd(sd, sd2, FUZZ_CMP_HEADER | FUZZ_CMP_SIZES |
	    FUZZ_CMP_REV,
	    "sddl -> binary");

	out = sd_sddl(sd);
	FUZZ_CHECK(sd_parse_sddl(out, &sd3, &e) == 0, "sd_sddl output does "
	    "not read back: %s: %s", e.msg, out);
	fuzz_same_sd(sd, sd3, FUZZ_CMP_HEADER | FUZZ_CMP_SIZES |
	    FUZZ_CMP_REV,
	    "sddl -> sddl");
	FUZZ_CHECK(sd_encode(sd3, &b3, &l3, &e) == 0, "sd_encode 3: %s",
	    e.msg);
	FUZZ_CHECK(l == l3 && memcmp(b, b3, l) == 0, "sddl -> sddl: "
	    "encoding differs: %s", out);

	free(b3);
	free(out);
	free(b);
	sd_free(sd3);
	sd_free(sd2);
	sd_free(sd);
	free(s);
	return 0;
}
