/* SPDX-License-Identifier: ISC */
/*
 * Checks shared by the descriptor targets (fuzz_sd.c, fuzz_sddl.c):
 * whether two parsed descriptors hold the same ACEs, and whether the
 * snprintf-style ACE formatters return what they write.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "sd.h"
#include "sid.h"

static void
same_ace(const struct ace *x, const struct ace *y, size_t i, int how,
    const char *what)
{
	FUZZ_CHECK(x->type == y->type, "%s: ace %zu: type %u vs %u", what, i,
	    x->type, y->type);
	FUZZ_CHECK(x->flags == y->flags, "%s: ace %zu: flags 0x%02x vs 0x%02x",
	    what, i, x->flags, y->flags);
	FUZZ_CHECK(x->kind == y->kind, "%s: ace %zu: kind", what, i);
	if (how & FUZZ_CMP_SIZES) {
		FUZZ_CHECK(x->size == y->size, "%s: ace %zu: size %u vs %u",
		    what, i, x->size, y->size);
		FUZZ_CHECK(x->offset == y->offset, "%s: ace %zu: offset %zu "
		    "vs %zu", what, i, x->offset, y->offset);
	}
	FUZZ_CHECK(x->extralen == y->extralen, "%s: ace %zu: extralen %zu "
	    "vs %zu", what, i, x->extralen, y->extralen);
	FUZZ_CHECK(x->extralen == 0 ||
	    memcmp(x->extra, y->extra, x->extralen) == 0,
	    "%s: ace %zu: extra bytes differ", what, i);
	if (x->kind == ACE_K_OPAQUE)
		return;
	FUZZ_CHECK(x->mask == y->mask, "%s: ace %zu: mask 0x%08x vs 0x%08x",
	    what, i, x->mask, y->mask);
	FUZZ_CHECK(sid_is_equal(&x->sid, &y->sid), "%s: ace %zu: sid", what,
	    i);
	if (x->kind != ACE_K_OBJECT)
		return;
	FUZZ_CHECK(x->oflags == y->oflags, "%s: ace %zu: oflags 0x%x vs 0x%x",
	    what, i, x->oflags, y->oflags);
	if (x->oflags & ACE_OBJ_TYPE_PRESENT)
		FUZZ_CHECK(guid_is_equal(&x->object, &y->object),
		    "%s: ace %zu: object type", what, i);
	if (x->oflags & ACE_OBJ_INHERITED_TYPE_PRESENT)
		FUZZ_CHECK(guid_is_equal(&x->inherited, &y->inherited),
		    "%s: ace %zu: inherited object type", what, i);
}

/*
 * Abort unless a and b hold the same ACEs (and, with FUZZ_CMP_HEADER,
 * the same owner, group and DACL state; with FUZZ_CMP_REV, the same ACL
 * revision).
 */
void
fuzz_same_sd(const struct sd *a, const struct sd *b, int how,
    const char *what)
{
	size_t i;

	if (how & FUZZ_CMP_HEADER) {
		FUZZ_CHECK(a->has_owner == b->has_owner, "%s: owner", what);
		FUZZ_CHECK(!a->has_owner || sid_is_equal(&a->owner, &b->owner),
		    "%s: owner sid", what);
		FUZZ_CHECK(a->has_group == b->has_group, "%s: group", what);
		FUZZ_CHECK(!a->has_group || sid_is_equal(&a->group, &b->group),
		    "%s: group sid", what);
		FUZZ_CHECK(a->dacl == b->dacl, "%s: dacl state %d vs %d", what,
		    (int)a->dacl, (int)b->dacl);
		if (a->dacl == SD_DACL_PRESENT && (how & FUZZ_CMP_REV))
			FUZZ_CHECK(a->dacl_rev == b->dacl_rev, "%s: acl "
			    "revision %u vs %u", what, a->dacl_rev,
			    b->dacl_rev);
	}
	FUZZ_CHECK(a->nace == b->nace, "%s: %zu aces vs %zu", what, a->nace,
	    b->nace);
	for (i = 0; i < a->nace; i++)
		same_ace(&a->aces[i], &b->aces[i], i, how, what);
}

/*
 * ace_fmt() and ace_fmt_sddl() are snprintf-style: the length returned
 * for a NULL buffer, for a short one and for a large one is the same,
 * and equals what the large one holds; a short buffer is terminated.
 */
void
fuzz_check_ace_fmt(const struct ace *a)
{
	char big[8192], small[8];
	int n0, n1, n2;

	n0 = ace_fmt(a, NULL, NULL, 0);
	n1 = ace_fmt(a, NULL, small, sizeof(small));
	n2 = ace_fmt(a, NULL, big, sizeof(big));
	FUZZ_CHECK(n0 == n1 && n1 == n2, "ace_fmt lengths %d %d %d", n0, n1,
	    n2);
	FUZZ_CHECK(n2 < 0 || (size_t)n2 >= sizeof(big) ||
	    strlen(big) == (size_t)n2, "ace_fmt: length %d, wrote %zu", n2,
	    strlen(big));
	FUZZ_CHECK(memchr(small, '\0', sizeof(small)) != NULL,
	    "ace_fmt: short buffer not terminated");
	n0 = ace_fmt_sddl(a, NULL, 0);
	n1 = ace_fmt_sddl(a, small, sizeof(small));
	n2 = ace_fmt_sddl(a, big, sizeof(big));
	FUZZ_CHECK(n0 == n1 && n1 == n2, "ace_fmt_sddl lengths %d %d %d", n0,
	    n1, n2);
	FUZZ_CHECK(n2 < 0 || (size_t)n2 >= sizeof(big) ||
	    strlen(big) == (size_t)n2, "ace_fmt_sddl: length %d, wrote %zu",
	    n2, strlen(big));
	FUZZ_CHECK(memchr(small, '\0', sizeof(small)) != NULL,
	    "ace_fmt_sddl: short buffer not terminated");
}
