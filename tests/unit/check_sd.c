/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for security descriptors (src/sd.c): the byte-exact vectors
 * of exchange-facts 7, every malformation with its exact message, SDDL
 * both ways, the readable ACE form, and the fixtures in tests/data/sd.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "err.h"
#include "guid.h"
#include "sd.h"
#include "sid.h"
#include "testutil.h"
#include "xmalloc.h"

#define AAR	"5c82f031-4e4c-4326-88e1-8c4f0cad9de5"
#define OTHER	"0e0f9a43-1c4e-4b3c-9d0a-2f1e3c4b5a69"
#define ESS	"S-1-9-1419165041-1139599005-3936102811-1022490595-23"

/* exchange-facts 7: the ACE Exchange writes for (OA;CI;CR;AAR;;AN). */
#define ACE40 \
	"05 02 28 00  00 01 00 00  01 00 00 00" \
	"31 f0 82 5c 4c 4e 26 43 88 e1 8c 4f 0c ad 9d e5" \
	"01 01 00 00 00 00 00 05 07 00 00 00"
/* The minimal self-relative SD holding just that DACL (68 bytes). */
#define SD68 \
	"01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00" \
	"04 00 30 00 01 00 00 00" ACE40
/* The same grant to Externally Secured Servers (56 bytes). */
#define ACE56 \
	"05 02 38 00 00 01 00 00 01 00 00 00" \
	"31 f0 82 5c 4c 4e 26 43 88 e1 8c 4f 0c ad 9d e5" \
	"01 05 00 00 00 00 00 09 71 bd 96 54 9d e6 ec 43 9b 29 9c ea" \
	"e3 f7 f1 3c 17 00 00 00"

static struct sd *
must_sddl(const char *s)
{
	struct sd *sd = NULL;
	struct err e;

	ck_assert_msg(sd_parse_sddl(s, &sd, &e) == 0, "%s: %s", s, e.msg);
	return sd;
}

static struct sd *
must_parse(const uint8_t *b, size_t n)
{
	struct sd *sd = NULL;
	struct err e;

	ck_assert_msg(sd_parse(b, n, &sd, &e) == 0, "%s", e.msg);
	return sd;
}

static void
ace_eq(const struct ace *a, const struct ace *b)
{
	ck_assert_uint_eq(a->type, b->type);
	ck_assert_uint_eq(a->flags, b->flags);
	ck_assert_uint_eq(a->size, b->size);
	ck_assert_uint_eq(a->offset, b->offset);
	ck_assert_int_eq(a->kind, b->kind);
	ck_assert_uint_eq(a->extralen, b->extralen);
	if (a->extralen > 0)
		ck_assert_mem_eq(a->extra, b->extra, a->extralen);
	if (a->kind == ACE_K_OPAQUE)
		return;
	ck_assert_uint_eq(a->mask, b->mask);
	ck_assert_uint_eq(a->oflags, b->oflags);
	ck_assert(sid_is_equal(&a->sid, &b->sid));
	if (a->oflags & ACE_OBJ_TYPE_PRESENT)
		ck_assert(guid_is_equal(&a->object, &b->object));
	if (a->oflags & ACE_OBJ_INHERITED_TYPE_PRESENT)
		ck_assert(guid_is_equal(&a->inherited, &b->inherited));
}

static void
sd_eq(const struct sd *a, const struct sd *b)
{
	size_t i;

	ck_assert_uint_eq(a->rev, b->rev);
	ck_assert_uint_eq(a->control, b->control);
	ck_assert_int_eq(a->has_owner, b->has_owner);
	ck_assert_int_eq(a->has_group, b->has_group);
	if (a->has_owner)
		ck_assert(sid_is_equal(&a->owner, &b->owner));
	if (a->has_group)
		ck_assert(sid_is_equal(&a->group, &b->group));
	ck_assert_int_eq(a->dacl, b->dacl);
	ck_assert_uint_eq(a->nace, b->nace);
	if (a->dacl == SD_DACL_PRESENT)
		ck_assert_uint_eq(a->dacl_rev, b->dacl_rev);
	for (i = 0; i < a->nace; i++)
		ace_eq(&a->aces[i], &b->aces[i]);
}

/* ---- sd_parse: the vectors ------------------------------------- */

START_TEST(test_sd_parse_68)
{
	uint8_t b[128], *enc;
	size_t n = tu_hex(SD68, b, sizeof(b)), elen;
	struct sd *sd = must_parse(b, n);
	const struct ace *a;
	struct err e;
	char *s;

	ck_assert_uint_eq(n, 68);
	ck_assert_uint_eq(sd->rev, 1);
	ck_assert_uint_eq(sd->control, 0x8004);
	ck_assert(!sd->has_owner && !sd->has_group);
	ck_assert_int_eq(sd->dacl, SD_DACL_PRESENT);
	ck_assert_uint_eq(sd->dacl_rev, 4);
	ck_assert_uint_eq(sd->nace, 1);
	a = &sd->aces[0];
	ck_assert_uint_eq(a->type, ACE_T_ALLOWED_OBJECT);
	ck_assert_uint_eq(a->flags, ACE_F_CONTAINER_INHERIT);
	ck_assert_uint_eq(a->size, 40);
	ck_assert_uint_eq(a->offset, 28);
	ck_assert_int_eq(a->kind, ACE_K_OBJECT);
	ck_assert_uint_eq(a->mask, ADS_RIGHT_CONTROL_ACCESS);
	ck_assert_uint_eq(a->oflags, ACE_OBJ_TYPE_PRESENT);
	ck_assert(guid_is_equal(&a->object, &GUID_ACCEPT_ANY_RECIPIENT));
	ck_assert(sid_is_equal(&a->sid, &SID_ANONYMOUS));
	ck_assert_uint_eq(a->extralen, 0);
	ck_assert_ptr_null(a->extra);
	s = sd_sddl(sd);
	ck_assert_str_eq(s, "D:(OA;CI;CR;" AAR ";;AN)");
	free(s);
	/* Encoding what was parsed gives back the same 68 bytes. */
	ck_assert_int_eq(sd_encode(sd, &enc, &elen, &e), 0);
	ck_assert_uint_eq(elen, 68);
	ck_assert_mem_eq(enc, b, 68);
	free(enc);
	sd_free(sd);
}
END_TEST

/* SDDL -> binary must give the facts file's bytes exactly. */
static const struct {
	const char	*sddl;
	const char	*hex;		/* expected bytes at offset 'at' */
	size_t		 at;
} encvecs[] = {
	{ "D:(OA;CI;CR;" AAR ";;AN)", SD68, 0 },
	{ "D:(OA;CI;CR;{5C82F031-4E4C-4326-88E1-8C4F0CAD9DE5};;S-1-5-7)",
	    SD68, 0 },
	{ "D:(OA;CI;CR;" AAR ";;" ESS ")", ACE56, 28 },
	{ "D:(OA;CIID;CR;" AAR ";;AN)", "05 12 28 00", 28 },
	{ "D:(A;;CR;;;AN)", "02 00 1c 00 01 00 00 00 00 00 14 00 00 01 00 00"
	    "01 01 00 00 00 00 00 05 07 00 00 00", 20 },
	{ "O:BAG:SY", "01 00 00 80 14 00 00 00 24 00 00 00 00 00 00 00"
	    "00 00 00 00 01 02 00 00 00 00 00 05 20 00 00 00 20 02 00 00"
	    "01 01 00 00 00 00 00 05 12 00 00 00", 0 },
	{ "D:NO_ACCESS_CONTROL", "01 00 04 80 00 00 00 00 00 00 00 00"
	    "00 00 00 00 00 00 00 00", 0 },
	{ "D:PAI", "01 00 04 94 00 00 00 00 00 00 00 00 00 00 00 00"
	    "14 00 00 00 02 00 08 00 00 00 00 00", 0 },
};

START_TEST(test_sd_encode_vec)
{
	uint8_t want[256], *enc;
	size_t n = tu_hex(encvecs[_i].hex, want, sizeof(want)), elen;
	struct sd *sd = must_sddl(encvecs[_i].sddl), *back;
	struct err e;

	ck_assert_int_eq(sd_encode(sd, &enc, &elen, &e), 0);
	ck_assert_uint_ge(elen, encvecs[_i].at + n);
	ck_assert_mem_eq(enc + encvecs[_i].at, want, n);
	back = must_parse(enc, elen);
	sd_eq(sd, back);
	sd_free(back);
	free(enc);
	sd_free(sd);
}
END_TEST

START_TEST(test_sd_encode_limits)
{
	struct sd *sd = must_sddl("D:(XA;;CR;;;AN)");
	uint8_t *enc = (uint8_t *)"x";
	size_t elen = 1;
	struct err e;

	sd->aces[0].extralen = 70000;
	sd->aces[0].extra = xcalloc(1, 70000);
	ck_assert_int_eq(sd_encode(sd, &enc, &elen, &e), -1);
	ck_assert_str_eq(e.msg, "encode: ace 0 is larger than 65535 bytes");
	ck_assert_ptr_null(enc);
	ck_assert_uint_eq(elen, 0);
	sd->aces[0].extralen = 65000;
	ck_assert_int_eq(sd_encode(sd, &enc, &elen, &e), 0);
	free(enc);
	sd_free(sd);
}
END_TEST

/* The three DACL states, and owner/group. */
static const struct {
	const char	*hex;
	enum sd_dacl	 dacl;
	size_t		 nace;
	const char	*sddl;
} states[] = {
	{ "01 00 00 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
	    SD_DACL_ABSENT, 0, "" },
	/* DACL_PRESENT clear: a (valid) DACL offset is not used. */
	{ "01 00 00 80 00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00"
	    "02 00 08 00 00 00 00 00", SD_DACL_ABSENT, 0, "" },
	{ "01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
	    SD_DACL_NULL, 0, "D:NO_ACCESS_CONTROL" },
	{ "01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00"
	    "02 00 08 00 00 00 00 00", SD_DACL_PRESENT, 0, "D:" },
	{ "01 00 04 94 00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00"
	    "02 00 08 00 00 00 00 00", SD_DACL_PRESENT, 0, "D:PAI" },
	{ "01 00 04 81 14 00 00 00 20 00 00 00 00 00 00 00 00 00 00 00"
	    "01 01 00 00 00 00 00 05 12 00 00 00"
	    "01 01 00 00 00 00 00 05 07 00 00 00", SD_DACL_NULL, 0,
	    "O:SYG:AND:ARNO_ACCESS_CONTROL" },
	/* Padding after the ACL and after an ACE's SID is ignored. */
	{ "01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00"
	    "02 00 20 00 01 00 00 00"
	    "00 00 18 00 00 01 00 00 01 01 00 00 00 00 00 01 00 00 00 00"
	    "ff ff ff ff  ee ee ee ee", SD_DACL_PRESENT, 1, "D:(A;;CR;;;WD)" },
	/* A SACL is range-checked and skipped. */
	{ "01 00 14 80 00 00 00 00 00 00 00 00 14 00 00 00 1c 00 00 00"
	    "02 00 08 00 00 00 00 00  02 00 08 00 00 00 00 00",
	    SD_DACL_PRESENT, 0, "D:" },
};

START_TEST(test_sd_parse_states)
{
	uint8_t b[128];
	size_t n = tu_hex(states[_i].hex, b, sizeof(b));
	struct sd *sd = must_parse(b, n);
	char *s;

	ck_assert_int_eq(sd->dacl, states[_i].dacl);
	ck_assert_uint_eq(sd->nace, states[_i].nace);
	s = sd_sddl(sd);
	ck_assert_str_eq(s, states[_i].sddl);
	free(s);
	sd_free(sd);
}
END_TEST

/* ---- sd_parse: malformed input, exact messages ------------------ */

/* Patches applied to SD68 (offset, hex), then an optional new length. */
static const struct {
	struct {
		size_t		 off;
		const char	*hex;
	} p[3];
	size_t		 len;		/* 0: keep 68 */
	const char	*msg;
} bads[] = {
	{ { { 0, NULL } }, 4, "byte 0: header: truncated (4 bytes, need 20)" },
	{ { { 0, "02" } }, 0, "byte 0: header: revision 2 is not 1" },
	{ { { 2, "04 00" } }, 0,
	    "byte 2: header: control 0x0004 is not self-relative" },
	{ { { 16, "64" } }, 0,
	    "byte 16: dacl: offset 100 is outside the descriptor (68 bytes)" },
	{ { { 16, "44" } }, 0,
	    "byte 16: dacl: offset 68 is outside the descriptor (68 bytes)" },
	{ { { 16, "40" } }, 0,
	    "byte 16: dacl: offset 64 is outside the descriptor (68 bytes)" },
	{ { { 16, "08" } }, 0,
	    "byte 16: dacl: offset 8 points into the header" },
	{ { { 16, "16" } }, 0,
	    "byte 16: dacl: offset 22 is not a multiple of 4" },
	{ { { 16, "00 00 00 f0" } }, 0,
	    "byte 16: dacl: offset 4026531840 is outside the descriptor "
	    "(68 bytes)" },
	{ { { 4, "40" } }, 0,
	    "byte 4: owner: offset 64 is outside the descriptor (68 bytes)" },
	{ { { 8, "ff ff ff ff" } }, 0, "byte 8: group: offset 4294967295 "
	    "is not a multiple of 4" },
	{ { { 12, "c8" } }, 0,
	    "byte 12: sacl: offset 200 is outside the descriptor (68 bytes)" },
	/* Owner pointing at the ACE: its first byte (05) is no revision. */
	{ { { 4, "1c" } }, 0, "byte 28: owner: sid: revision 5 is not 1" },
	/* Group pointing at the ACE's SID with sub-authority count 16. */
	{ { { 8, "38" }, { 57, "10" } }, 0,
	    "byte 56: group: sid: sub-authority count 16 exceeds 15" },
	{ { { 20, "03" } }, 0, "byte 20: dacl: revision 3 is not 2 or 4" },
	/* The SACL's header is checked too (here: the DACL's bytes). */
	{ { { 12, "14" }, { 20, "03" } }, 0,
	    "byte 20: sacl: revision 3 is not 2 or 4" },
	{ { { 12, "14" }, { 22, "04" } }, 0,
	    "byte 20: sacl: size 4 is smaller than the acl header" },
	{ { { 12, "14" }, { 22, "34" } }, 0,
	    "byte 20: sacl: size 52 overruns the descriptor (68 bytes)" },
	{ { { 12, "14" }, { 24, "0b" } }, 0,
	    "byte 20: sacl: 11 aces cannot fit in 48 bytes" },
	/* A SACL that is only range-checked: its ACEs are not parsed. */
	{ { { 12, "14" }, { 30, "06" } }, 0,
	    "byte 28: ace 0: size 6 is not a multiple of 4" },
	{ { { 22, "00 10" } }, 0,
	    "byte 20: dacl: size 4096 overruns the descriptor (68 bytes)" },
	{ { { 22, "34" } }, 0,
	    "byte 20: dacl: size 52 overruns the descriptor (68 bytes)" },
	{ { { 22, "04" } }, 0,
	    "byte 20: dacl: size 4 is smaller than the acl header" },
	{ { { 24, "0b" } }, 0,
	    "byte 20: dacl: 11 aces cannot fit in 48 bytes" },
	{ { { 24, "ff ff" } }, 0,
	    "byte 20: dacl: 65535 aces cannot fit in 48 bytes" },
	{ { { 24, "02" } }, 0,
	    "byte 68: ace 1: header runs past the dacl (0 bytes left)" },
	{ { { 30, "00" } }, 0,
	    "byte 28: ace 0: size 0 is smaller than the ace header" },
	{ { { 30, "06" } }, 0,
	    "byte 28: ace 0: size 6 is not a multiple of 4" },
	{ { { 30, "2c" } }, 0,
	    "byte 28: ace 0: size 44 overruns the dacl (40 bytes left)" },
	{ { { 30, "08" } }, 0,
	    "byte 28: ace 0: object flags run past the ace" },
	{ { { 30, "04" } }, 0, "byte 28: ace 0: mask runs past the ace" },
	{ { { 30, "18" } }, 0,
	    "byte 28: ace 0: object type runs past the ace" },
	{ { { 36, "03" } }, 0,
	    "byte 28: ace 0: inherited object type runs past the ace" },
	{ { { 57, "10" } }, 0,
	    "byte 28: ace 0: sid: sub-authority count 16 exceeds 15" },
	{ { { 57, "02" } }, 0,
	    "byte 28: ace 0: sid: 2 sub-authorities need 16 bytes, 12 left" },
	{ { { 56, "00" } }, 0, "byte 28: ace 0: sid: revision 0 is not 1" },
	/* A basic ACE whose SID does not fit: type 0, SID at ace+8. */
	{ { { 28, "00" }, { 37, "07" } }, 0,
	    "byte 28: ace 0: sid: 7 sub-authorities need 36 bytes, "
	    "32 left" },
	/* ACE size 32 (AclSize 40): the SID runs past the ACE. */
	{ { { 22, "28" }, { 30, "20" } }, 0,
	    "byte 28: ace 0: sid: truncated (4 bytes left, need 8)" },
};

START_TEST(test_sd_parse_bad)
{
	uint8_t b[128];
	size_t n = tu_hex(SD68, b, sizeof(b)), k, off;
	struct sd *sd = (struct sd *)&n;
	struct err e;
	uint8_t patch[8];

	for (k = 0; k < 3 && bads[_i].p[k].hex != NULL; k++) {
		off = bads[_i].p[k].off;
		memcpy(b + off, patch, tu_hex(bads[_i].p[k].hex, patch,
		    sizeof(patch)));
	}
	if (bads[_i].len != 0)
		n = bads[_i].len;
	ck_assert_int_eq(sd_parse(b, n, &sd, &e), -1);
	ck_assert_ptr_null(sd);
	ck_assert_int_eq(e.kind, ERR_DATA);
	ck_assert_str_eq(e.msg, bads[_i].msg);
}
END_TEST

/* Every proper prefix of the 68-byte SD fails cleanly. */
START_TEST(test_sd_parse_prefix)
{
	uint8_t b[128], *p;
	struct sd *sd = NULL;
	struct err e;

	(void)tu_hex(SD68, b, sizeof(b));
	/* A copy of exactly _i bytes, so ASan sees any overread. */
	p = xmemdup(b, (size_t)_i);
	ck_assert_int_eq(sd_parse(p, (size_t)_i, &sd, &e), -1);
	ck_assert_ptr_null(sd);
	ck_assert(strncmp(e.msg, "byte ", 5) == 0);
	if (_i < 20)
		ck_assert(strstr(e.msg, "header: truncated") != NULL);
	else
		ck_assert_msg(strstr(e.msg, "dacl") != NULL, "%s", e.msg);
	free(p);
}
END_TEST

/*
 * The largest DACL the format allows: AclSize and AceCount are 16-bit
 * (MS-DTYP 2.4.5), so an ACL holds at most 16381 4-byte ACEs; 100,000
 * ACEs cannot be encoded.  Parse the maximum, timed.
 */
START_TEST(test_sd_parse_max)
{
	size_t nace = (0xffff - 8) / 4, len = 20 + 8 + 4 * nace, i;
	uint8_t *b = xcalloc(1, len);
	struct sd *sd;

	b[0] = 1;
	b[2] = 0x04;
	b[3] = 0x80;
	b[16] = 20;
	b[20] = 2;
	b[22] = (uint8_t)((len - 20) & 0xff);
	b[23] = (uint8_t)((len - 20) >> 8);
	b[24] = (uint8_t)(nace & 0xff);
	b[25] = (uint8_t)(nace >> 8);
	for (i = 0; i < nace; i++) {
		b[28 + 4 * i] = 0x14;		/* opaque, 4 bytes */
		b[28 + 4 * i + 2] = 4;
	}
	sd = must_parse(b, len);
	ck_assert_uint_eq(sd->nace, 16381);
	ck_assert_uint_eq(sd->aces[16380].offset, len - 4);
	ck_assert_int_eq(sd->aces[16380].kind, ACE_K_OPAQUE);
	sd_free(sd);
	free(b);
}
END_TEST

/* 4095 real ACEs of 16 bytes each, in a 65528-byte DACL. */
START_TEST(test_sd_parse_many)
{
	size_t nace = 4095, len = 20 + 8 + 16 * nace, i, o;
	uint8_t *b = xcalloc(1, len);
	struct sd *sd;

	b[0] = 1;
	b[2] = 0x04;
	b[3] = 0x80;
	b[16] = 20;
	b[20] = 2;
	b[22] = (uint8_t)((len - 20) & 0xff);
	b[23] = (uint8_t)((len - 20) >> 8);
	b[24] = (uint8_t)(nace & 0xff);
	b[25] = (uint8_t)(nace >> 8);
	for (i = 0, o = 28; i < nace; i++, o += 16) {
		b[o + 0] = (uint8_t)(i % 2);	/* allow, deny */
		b[o + 2] = 16;
		b[o + 5] = 1;			/* CR */
		b[o + 8] = 1;			/* S-1-5 */
		b[o + 15] = 5;
	}
	sd = must_parse(b, len);
	ck_assert_uint_eq(sd->nace, nace);
	ck_assert_uint_eq(sd->aces[nace - 1].type, 0);
	ck_assert_uint_eq(sd->aces[nace - 2].type, 1);
	sd_free(sd);
	free(b);
}
END_TEST

/* ---- SDDL ------------------------------------------------------- */

/* Input SDDL and sd_sddl()'s rendering of it. */
static const struct {
	const char	*in;
	const char	*out;
} sddls[] = {
	{ "O:BAG:SYD:PAI(A;;0x100;;;AN)", "O:BAG:SYD:PAI(A;;CR;;;AN)" },
	{ "D:(A;;0xF01FF;;;WD)", "D:(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;WD)" },
	{ "D:(OA;CI;CR;{5C82F031-4E4C-4326-88E1-8C4F0CAD9DE5};;AN)",
	    "D:(OA;CI;CR;" AAR ";;AN)" },
	{ "D:(OD;CIIO;RPWP;bf967aba-0de6-11d0-a285-00aa003049e2;"
	    "bf967a86-0de6-11d0-a285-00aa003049e2;AU)",
	    "D:(OD;CIIO;RPWP;bf967aba-0de6-11d0-a285-00aa003049e2;"
	    "bf967a86-0de6-11d0-a285-00aa003049e2;AU)" },
	{ "D:(OA;;RP;;bf967a86-0de6-11d0-a285-00aa003049e2;PS)",
	    "D:(OA;;RP;;bf967a86-0de6-11d0-a285-00aa003049e2;PS)" },
	{ "D:NO_ACCESS_CONTROL", "D:NO_ACCESS_CONTROL" },
	{ "D:PNO_ACCESS_CONTROL", "D:PNO_ACCESS_CONTROL" },
	{ "D:", "D:" },
	{ "", "" },
	{ "O:S-1-5-21-1-2-3-512G:S-1-5-21-1-2-3-513D:AI(A;ID;FA;;;BA)",
	    "O:S-1-5-21-1-2-3-512G:S-1-5-21-1-2-3-513"
	    "D:AI(A;ID;0x1f01ff;;;BA)" },
	{ "D:ARAIP(A;OICINPIOIDSAFA;GAGRGWGX;;;SY)",
	    "D:PAIAR(A;OICINPIOIDSAFA;GAGRGWGX;;;SY)" },
	{ "D:(A;;;;;AN)", "D:(A;;;;;AN)" },
	{ "D:(A;;256;;;AN)", "D:(A;;CR;;;AN)" },
	{ "D:(A;;KA;;;AN)", "D:(A;;CCDCLCSWRPWPSDRCWDWO;;;AN)" },
	{ "S:(AU;SA;CR;;;WD)D:(A;;CR;;;AN) (A;;CR;;;WD)\n",
	    "D:(A;;CR;;;AN)(A;;CR;;;WD)" },
	{ "O:S-1-0x000000000005-7D:(A;;CR;;;S-1-0x00000000000A-7)",
	    "O:AND:(A;;CR;;;S-1-10-7)" },
	{ "D:(XA;;CR;;;AN)(XD;;CR;;;AN)(ZA;;CR;" AAR ";;AN)(XU;SA;CR;;;AN)",
	    "D:(XA;;CR;;;AN)(XD;;CR;;;AN)(ZA;;CR;" AAR ";;AN)(XU;SA;CR;;;AN)" },
	{ "D:(AU;SA;WP;;;WD)(AL;FA;WP;;;WD)(OU;SA;CR;" AAR ";;WD)"
	    "(OL;SA;CR;;" AAR ";WD)(ML;;0x1;;;S-1-16-12288)(SP;;;;;S-1-17-1)",
	    "D:(AU;SA;WP;;;WD)(AL;FA;WP;;;WD)(OU;SA;CR;" AAR ";;WD)"
	    "(OL;SA;CR;;" AAR ";WD)(ML;;CC;;;S-1-16-12288)(SP;;;;;S-1-17-1)" },
	/* The hex form: opaque, reserved-type and exotic ACEs. */
	{ "D:(#14;00;01020304)", "D:(#14;00;01020304)" },
	{ "D:(#04;10;)", "D:(#04;10;)" },
	{ "D:(#0c;02;000100000100000031f0825c4c4e264388e18c4f0cad9de5"
	    "0101000000000005070000000a0b0c0d)",
	    "D:(#0c;02;000100000100000031f0825c4c4e264388e18c4f0cad9de5"
	    "0101000000000005070000000a0b0c0d)" },
	/* Callback data, and an unnamed flag bit, force the hex form. */
	{ "D:(#09;00;00010000010100000000000507000000aabbccdd)",
	    "D:(#09;00;00010000010100000000000507000000aabbccdd)" },
	{ "D:(#00;20;00010000010100000000000507000000)",
	    "D:(#00;20;00010000010100000000000507000000)" },
	/* The hex form of a representable ACE comes back as plain SDDL. */
	{ "D:(#00;02;00010000010100000000000507000000)", "D:(A;CI;CR;;;AN)" },
};

START_TEST(test_sd_sddl)
{
	struct sd *sd = must_sddl(sddls[_i].in);
	char *s = sd_sddl(sd);

	ck_assert_str_eq(s, sddls[_i].out);
	free(s);
	sd_free(sd);
}
END_TEST

/* parse -> sd_sddl -> parse -> encode -> sd_parse: same descriptor. */
START_TEST(test_sd_sddl_roundtrip)
{
	struct sd *a = must_sddl(sddls[_i].in), *b, *c;
	char *s1 = sd_sddl(a), *s2;
	uint8_t *enc;
	size_t elen;
	struct err e;

	b = must_sddl(s1);
	sd_eq(a, b);
	ck_assert_int_eq(sd_encode(b, &enc, &elen, &e), 0);
	c = must_parse(enc, elen);
	sd_eq(b, c);
	s2 = sd_sddl(c);
	ck_assert_str_eq(s1, s2);
	free(s1);
	free(s2);
	free(enc);
	sd_free(a);
	sd_free(b);
	sd_free(c);
}
END_TEST

static const struct {
	const char	*in;
	const char	*msg;
} badsddl[] = {
	{ "D:(QQ;;CR;;;AN)", "sddl: char 3: unknown ace type 'QQ'" },
	{ "D:(A;XX;CR;;;AN)", "sddl: char 5: unknown ace flag 'XX'" },
	{ "D:(A;C;CR;;;AN)", "sddl: char 5: unknown ace flag 'C'" },
	{ "D:(A;;ZZ;;;AN)", "sddl: char 6: unknown right 'ZZ'" },
	{ "D:(A;;0x;;;AN)", "sddl: char 6: bad hex access mask" },
	{ "D:(A;;0x123456789;;;AN)", "sddl: char 6: bad hex access mask" },
	{ "D:(A;;4294967296;;;AN)",
	    "sddl: char 6: access mask is larger than 32 bits" },
	{ "D:(A;;CR;" AAR ";;AN)",
	    "sddl: char 9: object type on a non-object ace" },
	{ "D:(OA;;CR;nonsense;;AN)",
	    "sddl: char 10: guid 'nonsense': not a GUID" },
	{ "D:(A;;CR;;;QQ)",
	    "sddl: char 11: sid 'QQ': not a SID or known alias" },
	{ "D:(A;;CR;;;)", "sddl: char 11: missing sid" },
	{ "D:(A;;CR;;;AN", "sddl: char 13: expected ')', found the end" },
	{ "D:(A;;CR)", "sddl: char 8: expected ';', found ')'" },
	{ "D:(A;;CR;;;AN;(x))", "sddl: char 13: conditional expressions and "
	    "resource attributes are not supported" },
	{ "X:BA", "sddl: char 0: expected O:, G:, D: or S:" },
	{ "O:BAO:BA", "sddl: char 4: second owner" },
	{ "G:BAG:BA", "sddl: char 4: second group" },
	{ "D:D:", "sddl: char 2: second dacl" },
	{ "O:DA", "sddl: char 2: sid 'DA': alias is relative to a domain; "
	    "write the S-1-5-21-... form" },
	{ "O:", "sddl: char 2: missing sid" },
	{ "D:(A;;CR;;;AN)junk", "sddl: char 14: expected O:, G:, D: or S:" },
	{ "D:(#14;00;010)", "sddl: char 10: odd number of hex digits" },
	{ "D:(#14;00;01zz)", "sddl: char 12: bad hex digit" },
	{ "D:(#1;00;)", "sddl: char 3: bad hex ace type" },
	{ "D:(#14;0;)", "sddl: char 7: bad hex ace flags" },
	{ "D:(#14;00;0102)", "sddl: char 3: hex ace: byte 0: ace 0: size 6 "
	    "is not a multiple of 4" },
	{ "D:(#05;00;00010000)", "sddl: char 3: hex ace: byte 0: ace 0: "
	    "object flags run past the ace" },
};

START_TEST(test_sd_parse_sddl_bad)
{
	struct sd *sd = (struct sd *)&sd;
	struct err e;

	ck_assert_int_eq(sd_parse_sddl(badsddl[_i].in, &sd, &e), -1);
	ck_assert_ptr_null(sd);
	ck_assert_int_eq(e.kind, ERR_DATA);
	ck_assert_str_eq(e.msg, badsddl[_i].msg);
}
END_TEST

/* ---- ace_fmt_sddl / ace_fmt ------------------------------------- */

START_TEST(test_ace_fmt_sddl)
{
	uint8_t b[128];
	size_t n = tu_hex(SD68, b, sizeof(b));
	struct sd *sd = must_parse(b, n);
	struct ace a;
	char buf[128], small[8];
	const char *want = "(OA;CI;CR;" AAR ";;AN)";

	ck_assert_int_eq(ace_fmt_sddl(&sd->aces[0], buf, sizeof(buf)),
	    (int)strlen(want));
	ck_assert_str_eq(buf, want);
	ck_assert_int_eq(ace_fmt_sddl(&sd->aces[0], small, sizeof(small)),
	    (int)strlen(want));
	ck_assert_str_eq(small, "(OA;CI;");
	ck_assert_int_eq(ace_fmt_sddl(&sd->aces[0], NULL, 0),
	    (int)strlen(want));
	/* Unknown object flags cannot be written in SDDL. */
	a = sd->aces[0];
	a.oflags |= 0x4;
	(void)ace_fmt_sddl(&a, buf, sizeof(buf));
	ck_assert_str_eq(buf, "(#05;02;000100000500000031f0825c4c4e264388e18c"
	    "4f0cad9de5010100000000000507000000)");
	sd_free(sd);
}
END_TEST

static const struct {
	const char	*ace;
	const char	*text;
} readable[] = {
	{ "(OA;CI;CR;" AAR ";;AN)", "Allow  NT AUTHORITY\\ANONYMOUS LOGON  "
	    "ms-Exch-SMTP-Accept-Any-Recipient" },
	{ "(OA;CIID;CR;" AAR ";;AN)", "Allow  NT AUTHORITY\\ANONYMOUS LOGON  "
	    "ms-Exch-SMTP-Accept-Any-Recipient  [inherited]" },
	{ "(OD;;CR;a7a9ea66-e08c-4e23-8fe7-68c40e49c6c0;;" ESS ")",
	    "Deny  MS Exchange\\Externally Secured Servers  "
	    "ms-Exch-Accept-Headers-Forest" },
	{ "(A;;CR;;;" ESS ")", "Allow  MS Exchange\\Externally Secured "
	    "Servers  All extended rights" },
	{ "(OA;;CR;;" AAR ";AU)", "Allow  NT AUTHORITY\\Authenticated Users  "
	    "All extended rights" },
	{ "(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;SY)",
	    "Allow  NT AUTHORITY\\SYSTEM  Full control" },
	{ "(A;;GA;;;BA)", "Allow  BUILTIN\\Administrators  GENERIC_ALL" },
	{ "(D;CIIO;RPWP;;;S-1-5-21-1-2-3-1105)",
	    "Deny  S-1-5-21-1-2-3-1105  RPWP  [inherit-only]" },
	{ "(OA;CIIOID;CR;" OTHER ";;WD)", "Allow  Everyone  CR " OTHER
	    "  [inherited]  [inherit-only]" },
	{ "(OA;;RPWP;" AAR ";;WD)", "Allow  Everyone  RPWP "
	    "ms-Exch-SMTP-Accept-Any-Recipient" },
	{ "(A;;0x1000000;;;NU)", "Allow  NT AUTHORITY\\NETWORK  0x1000000" },
	{ "(A;;;;;PS)", "Allow  NT AUTHORITY\\SELF  (no rights)" },
	{ "(XA;;CR;;;AN)", "Allow  NT AUTHORITY\\ANONYMOUS LOGON  "
	    "All extended rights  [callback: cannot evaluate]" },
	{ "(ZA;;CR;" AAR ";;AN)", "Allow  NT AUTHORITY\\ANONYMOUS LOGON  "
	    "ms-Exch-SMTP-Accept-Any-Recipient  [callback: cannot evaluate]" },
	{ "(AU;SA;CR;;;WD)", "Audit  Everyone  All extended rights" },
	{ "(#14;00;01020304)",
	    "Unknown  ?  type 0x14, 8 bytes  [opaque: cannot evaluate]" },
	{ "(#04;10;)",
	    "Compound  ?  type 0x04, 4 bytes  [inherited]  [opaque: cannot "
	    "evaluate]" },
};

START_TEST(test_ace_fmt)
{
	char sddl[256], buf[256];
	struct sd *sd;

	(void)snprintf(sddl, sizeof(sddl), "D:%s", readable[_i].ace);
	sd = must_sddl(sddl);
	ck_assert_uint_eq(sd->nace, 1);
	ck_assert_int_eq(ace_fmt(&sd->aces[0], NULL, buf, sizeof(buf)),
	    (int)strlen(readable[_i].text));
	ck_assert_str_eq(buf, readable[_i].text);
	ck_assert_int_eq(ace_fmt(&sd->aces[0], NULL, NULL, 0),
	    (int)strlen(readable[_i].text));
	sd_free(sd);
}
END_TEST

START_TEST(test_ace_types)
{
	static const struct {
		uint8_t		 type;
		const char	*name;
		int		 allow, deny, callback;
	} t[] = {
		{ 0x00, "Allow", 1, 0, 0 }, { 0x01, "Deny", 0, 1, 0 },
		{ 0x02, "Audit", 0, 0, 0 }, { 0x03, "Alarm", 0, 0, 0 },
		{ 0x05, "Allow", 1, 0, 0 }, { 0x06, "Deny", 0, 1, 0 },
		{ 0x07, "Audit", 0, 0, 0 }, { 0x08, "Alarm", 0, 0, 0 },
		{ 0x09, "Allow", 1, 0, 1 }, { 0x0a, "Deny", 0, 1, 1 },
		{ 0x0b, "Allow", 1, 0, 1 }, { 0x0c, "Deny", 0, 1, 1 },
		{ 0x0d, "Audit", 0, 0, 1 }, { 0x0e, "Alarm", 0, 0, 1 },
		{ 0x0f, "Audit", 0, 0, 1 }, { 0x10, "Alarm", 0, 0, 1 },
		{ 0x11, "Label", 0, 0, 0 }, { 0x12, "Resource", 0, 0, 0 },
		{ 0x13, "Policy", 0, 0, 0 }, { 0x14, "Unknown", 0, 0, 0 },
	};
	struct ace a;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&a, 0, sizeof(a));
		a.type = t[i].type;
		a.kind = t[i].type == 0x14 ? ACE_K_OPAQUE : ACE_K_BASIC;
		ck_assert_str_eq(ace_type_name(a.type), t[i].name);
		ck_assert_int_eq(ace_is_allow(&a), t[i].allow);
		ck_assert_int_eq(ace_is_deny(&a), t[i].deny);
		ck_assert_int_eq(ace_is_callback(&a), t[i].callback);
	}
}
END_TEST

/* ---- fixtures in tests/data/sd ---------------------------------- */

static char *
slurp_text(const char *path)
{
	size_t n;
	uint8_t *b = tu_slurp(path, &n);
	char *s = xmalloc(n + 1);

	memcpy(s, b, n);
	s[n] = '\0';
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	free(b);
	return s;
}

static size_t
run_fixtures(const char *dir, const char *ext, int good)
{
	char path[512], want[512];
	DIR *d = opendir(dir);
	struct dirent *de;
	struct sd *sd;
	struct err e;
	uint8_t *b;
	size_t n, len, count = 0;
	char *exp, *got;

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".bin") != 0)
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		(void)snprintf(want, sizeof(want), "%s/%.*s%s", dir,
		    (int)(len - 4), de->d_name, ext);
		b = tu_slurp(path, &n);
		exp = slurp_text(want);
		if (good) {
			ck_assert_msg(sd_parse(b, n, &sd, &e) == 0, "%s: %s",
			    path, e.msg);
			got = sd_sddl(sd);
			ck_assert_msg(strcmp(got, exp) == 0, "%s: got %s",
			    path, got);
			free(got);
			sd_free(sd);
		} else {
			ck_assert_msg(sd_parse(b, n, &sd, &e) == -1,
			    "%s parsed", path);
			ck_assert_msg(strcmp(e.msg, exp) == 0, "%s: got %s",
			    path, e.msg);
		}
		free(exp);
		free(b);
		count++;
	}
	closedir(d);
	return count;
}

START_TEST(test_sd_fixtures)
{
	ck_assert_uint_ge(run_fixtures("../data/sd/good", ".sddl", 1), 6);
	ck_assert_uint_ge(run_fixtures("../data/sd/bad", ".err", 0), 9);
}
END_TEST

Suite	*suite_sd(void);

Suite *
suite_sd(void)
{
	Suite *s = suite_create("sd");
	TCase *tc;

	tc = tcase_create("sd_parse");
	tcase_add_test(tc, test_sd_parse_68);
	tcase_add_loop_test(tc, test_sd_parse_states, 0,
	    sizeof(states) / sizeof(states[0]));
	tcase_add_loop_test(tc, test_sd_parse_bad, 0,
	    sizeof(bads) / sizeof(bads[0]));
	tcase_add_loop_test(tc, test_sd_parse_prefix, 0, 68);
	tcase_add_test(tc, test_sd_parse_max);
	tcase_add_test(tc, test_sd_parse_many);
	tcase_add_test(tc, test_sd_fixtures);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	tc = tcase_create("sd_encode");
	tcase_add_loop_test(tc, test_sd_encode_vec, 0,
	    sizeof(encvecs) / sizeof(encvecs[0]));
	tcase_add_test(tc, test_sd_encode_limits);
	suite_add_tcase(s, tc);
	tc = tcase_create("sd_sddl");
	tcase_add_loop_test(tc, test_sd_sddl, 0,
	    sizeof(sddls) / sizeof(sddls[0]));
	tcase_add_loop_test(tc, test_sd_sddl_roundtrip, 0,
	    sizeof(sddls) / sizeof(sddls[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("sd_parse_sddl");
	tcase_add_loop_test(tc, test_sd_parse_sddl_bad, 0,
	    sizeof(badsddl) / sizeof(badsddl[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("ace_fmt_sddl");
	tcase_add_test(tc, test_ace_fmt_sddl);
	suite_add_tcase(s, tc);
	tc = tcase_create("ace_fmt");
	tcase_add_loop_test(tc, test_ace_fmt, 0,
	    sizeof(readable) / sizeof(readable[0]));
	tcase_add_test(tc, test_ace_types);
	suite_add_tcase(s, tc);
	return s;
}
