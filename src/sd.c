/* SPDX-License-Identifier: ISC */
/*
 * Self-relative security descriptors (MS-DTYP 2.4.6): a bounded parser
 * that names the byte of every defect, an encoder (used to build test
 * fixtures), and SDDL (MS-DTYP 2.5.1) in both directions, plus a
 * readable one-line form of an ACE for reports.
 *
 * Parse errors read "byte N: <component>: <what>", where N is the offset
 * in the blob of the component at fault: the header field for header
 * problems, the ACL for ACL problems, the ACE for ACE problems (its
 * SID's problems included).  SDDL errors read "sddl: char N: <what>",
 * N being the 0-based offset of the offending token.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "guid.h"
#include "names.h"
#include "rd.h"
#include "sd.h"
#include "sid.h"
#include "xmalloc.h"

#define SD_HDR_LEN	20
#define ACL_HDR_LEN	8
#define ACE_HDR_LEN	4

/* ---------------------------------------------------------------- */
/* ACE type tables                                                    */

static const struct {
	uint8_t		 type;
	const char	*sddl;
} ace_types[] = {
	{ ACE_T_ALLOWED, "A" },
	{ ACE_T_DENIED, "D" },
	{ ACE_T_AUDIT, "AU" },
	{ ACE_T_ALARM, "AL" },
	{ ACE_T_ALLOWED_OBJECT, "OA" },
	{ ACE_T_DENIED_OBJECT, "OD" },
	{ ACE_T_AUDIT_OBJECT, "OU" },
	{ ACE_T_ALARM_OBJECT, "OL" },
	{ ACE_T_ALLOWED_CALLBACK, "XA" },
	{ ACE_T_DENIED_CALLBACK, "XD" },
	{ ACE_T_ALLOWED_CALLBACK_OBJECT, "ZA" },
	{ ACE_T_AUDIT_CALLBACK, "XU" },
	{ ACE_T_MANDATORY_LABEL, "ML" },
	{ ACE_T_RESOURCE_ATTRIBUTE, "RA" },
	{ ACE_T_SCOPED_POLICY_ID, "SP" },
};
#define NACE_TYPES	(sizeof(ace_types) / sizeof(ace_types[0]))

static const struct {
	uint8_t		 flag;
	const char	*sddl;
} ace_flags[] = {
	{ ACE_F_OBJECT_INHERIT, "OI" },
	{ ACE_F_CONTAINER_INHERIT, "CI" },
	{ ACE_F_NO_PROPAGATE, "NP" },
	{ ACE_F_INHERIT_ONLY, "IO" },
	{ ACE_F_INHERITED, "ID" },
	{ ACE_F_SUCCESSFUL_ACCESS, "SA" },
	{ ACE_F_FAILED_ACCESS, "FA" },
};
#define NACE_FLAGS	(sizeof(ace_flags) / sizeof(ace_flags[0]))
#define ACE_F_SDDL	0xdf	/* the flags above */

/* Rendered in this order; the ones after "GX" are only parsed. */
static const struct {
	uint32_t	 mask;
	const char	*sddl;
} ace_rights[] = {
	{ ADS_RIGHT_CREATE_CHILD, "CC" },
	{ ADS_RIGHT_DELETE_CHILD, "DC" },
	{ ADS_RIGHT_LIST, "LC" },
	{ ADS_RIGHT_SELF, "SW" },
	{ ADS_RIGHT_READ_PROP, "RP" },
	{ ADS_RIGHT_WRITE_PROP, "WP" },
	{ ADS_RIGHT_DELETE_TREE, "DT" },
	{ ADS_RIGHT_LIST_OBJECT, "LO" },
	{ ADS_RIGHT_CONTROL_ACCESS, "CR" },
	{ ADS_RIGHT_DELETE, "SD" },
	{ ADS_RIGHT_READ_CONTROL, "RC" },
	{ ADS_RIGHT_WRITE_DAC, "WD" },
	{ ADS_RIGHT_WRITE_OWNER, "WO" },
	{ ADS_RIGHT_GENERIC_ALL, "GA" },
	{ 0x80000000u, "GR" },
	{ 0x40000000u, "GW" },
	{ 0x20000000u, "GX" },
	{ 0x001f01ffu, "FA" },
	{ 0x00120089u, "FR" },
	{ 0x00120116u, "FW" },
	{ 0x001200a0u, "FX" },
	{ 0x000f003fu, "KA" },
	{ 0x00020019u, "KR" },
	{ 0x00020006u, "KW" },
	{ 0x00020019u, "KX" },
};
#define NACE_RIGHTS	(sizeof(ace_rights) / sizeof(ace_rights[0]))
#define NACE_RIGHTS_OUT	17
#define ACE_RIGHTS_SDDL	0xf00f01ffu	/* what the first 17 cover */

static enum ace_kind
ace_kind_of(uint8_t type)
{
	switch (type) {
	case ACE_T_ALLOWED:
	case ACE_T_DENIED:
	case ACE_T_AUDIT:
	case ACE_T_ALARM:
	case ACE_T_ALLOWED_CALLBACK:
	case ACE_T_DENIED_CALLBACK:
	case ACE_T_AUDIT_CALLBACK:
	case ACE_T_ALARM_CALLBACK:
	case ACE_T_MANDATORY_LABEL:
	case ACE_T_RESOURCE_ATTRIBUTE:
	case ACE_T_SCOPED_POLICY_ID:
		return ACE_K_BASIC;
	case ACE_T_ALLOWED_OBJECT:
	case ACE_T_DENIED_OBJECT:
	case ACE_T_AUDIT_OBJECT:
	case ACE_T_ALARM_OBJECT:
	case ACE_T_ALLOWED_CALLBACK_OBJECT:
	case ACE_T_DENIED_CALLBACK_OBJECT:
	case ACE_T_AUDIT_CALLBACK_OBJECT:
	case ACE_T_ALARM_CALLBACK_OBJECT:
		return ACE_K_OBJECT;
	default:
		return ACE_K_OPAQUE;
	}
}

/* Types that carry data after the SID (callback data, claims). */
static bool
ace_has_extra(uint8_t type)
{
	return (type >= ACE_T_ALLOWED_CALLBACK &&
	    type <= ACE_T_ALARM_CALLBACK_OBJECT) ||
	    type == ACE_T_RESOURCE_ATTRIBUTE;
}

/* "Allow", "Deny", "Audit", "Alarm", ... for an AceType.  Static. */
const char *
ace_type_name(uint8_t type)
{
	switch (type) {
	case ACE_T_ALLOWED:
	case ACE_T_ALLOWED_OBJECT:
	case ACE_T_ALLOWED_CALLBACK:
	case ACE_T_ALLOWED_CALLBACK_OBJECT:
		return "Allow";
	case ACE_T_DENIED:
	case ACE_T_DENIED_OBJECT:
	case ACE_T_DENIED_CALLBACK:
	case ACE_T_DENIED_CALLBACK_OBJECT:
		return "Deny";
	case ACE_T_AUDIT:
	case ACE_T_AUDIT_OBJECT:
	case ACE_T_AUDIT_CALLBACK:
	case ACE_T_AUDIT_CALLBACK_OBJECT:
		return "Audit";
	case ACE_T_ALARM:
	case ACE_T_ALARM_OBJECT:
	case ACE_T_ALARM_CALLBACK:
	case ACE_T_ALARM_CALLBACK_OBJECT:
		return "Alarm";
	case ACE_T_ALLOWED_COMPOUND:
		return "Compound";
	case ACE_T_MANDATORY_LABEL:
		return "Label";
	case ACE_T_RESOURCE_ATTRIBUTE:
		return "Resource";
	case ACE_T_SCOPED_POLICY_ID:
		return "Policy";
	default:
		return "Unknown";
	}
}

/* An access-allowed ACE of any layout (plain, object, callback). */
bool
ace_is_allow(const struct ace *a)
{
	return a->kind != ACE_K_OPAQUE && (a->type == ACE_T_ALLOWED ||
	    a->type == ACE_T_ALLOWED_OBJECT ||
	    a->type == ACE_T_ALLOWED_CALLBACK ||
	    a->type == ACE_T_ALLOWED_CALLBACK_OBJECT);
}

/* An access-denied ACE of any layout (plain, object, callback). */
bool
ace_is_deny(const struct ace *a)
{
	return a->kind != ACE_K_OPAQUE && (a->type == ACE_T_DENIED ||
	    a->type == ACE_T_DENIED_OBJECT ||
	    a->type == ACE_T_DENIED_CALLBACK ||
	    a->type == ACE_T_DENIED_CALLBACK_OBJECT);
}

/* A callback ACE (0x09-0x10): needs an application callback. */
bool
ace_is_callback(const struct ace *a)
{
	return a->type >= ACE_T_ALLOWED_CALLBACK &&
	    a->type <= ACE_T_ALARM_CALLBACK_OBJECT;
}

/* ---------------------------------------------------------------- */
/* Binary parsing                                                     */

static int
bfail(struct err *e, size_t at, const char *fmt, ...)
    __attribute__((__format__(printf, 3, 4)));

static int
bfail(struct err *e, size_t at, const char *fmt, ...)
{
	char msg[sizeof(e->msg)];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return err_set(e, ERR_DATA, "byte %zu: %s", at, msg);
}

/*
 * A component offset from the header field at 'field': 0 means absent;
 * otherwise it must point past the header, be 4-aligned (ACLs and SIDs
 * are DWORD-aligned in self-relative form) and leave room for min bytes.
 */
static int
check_off(size_t len, size_t field, const char *name, uint32_t off,
    size_t min, struct err *e)
{
	if (off < SD_HDR_LEN)
		return bfail(e, field, "%s: offset %u points into the header",
		    name, off);
	if (off % 4 != 0)
		return bfail(e, field, "%s: offset %u is not a multiple of 4",
		    name, off);
	if (off > len || len - off < min)
		return bfail(e, field, "%s: offset %u is outside the "
		    "descriptor (%zu bytes)", name, off, len);
	return 0;
}

static int
parse_sid_at(struct rd *blob, uint32_t off, const char *name,
    struct sid *s, struct err *e)
{
	/* check_off() left at least 8 bytes at off. */
	if (sid_decode(blob->buf + off, blob->len - off, s, e) == -1)
		return err_wrap(e, "byte %u: %s", off, name);
	return 0;
}

static uint16_t
get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * Parse the ACE at byte 'at' of the descriptor p into *a, where the ACL
 * has 'left' bytes from 'at' on; returns its AceSize, or -1.  'i' and
 * 'name' ("dacl") only go into messages.  This runs once an ACE, so it
 * reads the bytes directly instead of through a reader: each field's
 * length is checked against what is left of the ACE before it is read.
 * *a comes from malloc: every field is set here, and a->extra first of
 * all, since sd_free() frees it even when the ACE fails (the other
 * fields of a failed ACE are never read).
 */
static int
parse_ace(const uint8_t *p, size_t at, size_t left, const char *name,
    size_t i, struct ace *a, struct err *e)
{
	const uint8_t *q;
	size_t n;
	uint16_t size;
	int sl;

	a->extra = NULL;
	a->extralen = 0;
	if (left < ACE_HDR_LEN)
		return bfail(e, at, "ace %zu: header runs past the %s "
		    "(%zu bytes left)", i, name, left);
	q = p + at;
	size = get_u16(q + 2);
	a->type = q[0];
	a->flags = q[1];
	a->size = size;
	a->offset = at;
	a->kind = ace_kind_of(a->type);
	if (size % 4 != 0)
		return bfail(e, at, "ace %zu: size %u is not a multiple of 4",
		    i, size);
	if (size < ACE_HDR_LEN)
		return bfail(e, at, "ace %zu: size %u is smaller than the "
		    "ace header", i, size);
	if (size > left)
		return bfail(e, at, "ace %zu: size %u overruns the %s "
		    "(%zu bytes left)", i, size, name, left);
	/* The body: the n bytes after the header, q its cursor. */
	q += ACE_HDR_LEN;
	n = size - ACE_HDR_LEN;
	/* The fields a layout lacks are zero, as sd_parse_sddl() leaves them. */
	a->mask = 0;
	a->oflags = 0;
	memset(&a->object, 0, sizeof(a->object));
	memset(&a->inherited, 0, sizeof(a->inherited));
	if (a->kind == ACE_K_OPAQUE) {
		memset(&a->sid, 0, sizeof(a->sid));
		a->extralen = n;
		if (n > 0)
			a->extra = xmemdup(q, n);
		return size;
	}
	if (n < 4)
		return bfail(e, at, "ace %zu: mask runs past the ace", i);
	a->mask = get_u32(q);
	q += 4;
	n -= 4;
	if (a->kind == ACE_K_OBJECT) {
		/* Stop at the first field that does not fit, as a reader. */
		if (n < 4)
			return bfail(e, at, "ace %zu: object flags run past "
			    "the ace", i);
		a->oflags = get_u32(q);
		q += 4;
		n -= 4;
		if (a->oflags & ACE_OBJ_TYPE_PRESENT) {
			if (n < sizeof(a->object.b))
				return bfail(e, at, "ace %zu: object type "
				    "runs past the ace", i);
			memcpy(a->object.b, q, sizeof(a->object.b));
			q += sizeof(a->object.b);
			n -= sizeof(a->object.b);
		}
		if (a->oflags & ACE_OBJ_INHERITED_TYPE_PRESENT) {
			if (n < sizeof(a->inherited.b))
				return bfail(e, at, "ace %zu: inherited "
				    "object type runs past the ace", i);
			memcpy(a->inherited.b, q, sizeof(a->inherited.b));
			q += sizeof(a->inherited.b);
			n -= sizeof(a->inherited.b);
		}
	}
	if ((sl = sid_decode(q, n, &a->sid, e)) == -1)
		return err_wrap(e, "byte %zu: ace %zu", at, i);
	/* Trailing bytes of other types are padding (advance by AceSize). */
	q += sl;
	n -= (size_t)sl;
	if (ace_has_extra(a->type) && n > 0) {
		a->extra = xmemdup(q, n);
		a->extralen = n;
	}
	return size;
}

/*
 * Parse the ACL at off (already range-checked for its header).  With
 * sd == NULL only the header is validated (the SACL).
 */
static int
parse_acl(struct rd *blob, uint32_t off, const char *name, struct sd *sd,
    struct err *e)
{
	const uint8_t *p = blob->buf;
	uint8_t rev;
	uint16_t size, count;
	size_t i, at, end, left = blob->len - off;
	int n;

	/* check_off() left room for the 8-byte header. */
	if (left < ACL_HDR_LEN)
		return bfail(e, off, "%s: truncated", name);
	rev = p[off];
	size = get_u16(p + off + 2);
	count = get_u16(p + off + 4);
	if (rev != 2 && rev != 4)
		return bfail(e, off, "%s: revision %u is not 2 or 4", name,
		    rev);
	if (size < ACL_HDR_LEN)
		return bfail(e, off, "%s: size %u is smaller than the acl "
		    "header", name, size);
	if (size > left)
		return bfail(e, off, "%s: size %u overruns the descriptor "
		    "(%zu bytes)", name, size, blob->len);
	/* Every ACE has at least its 4-byte header: bound before alloc. */
	if (count > (size - ACL_HDR_LEN) / ACE_HDR_LEN)
		return bfail(e, off, "%s: %u aces cannot fit in %u bytes",
		    name, count, size);
	if (sd == NULL)
		return 0;
	sd->dacl_rev = rev;
	/* Not zeroed: parse_ace() sets every field (a third of the cost). */
	sd->aces = xreallocarray(NULL, count, sizeof(*sd->aces));
	end = (size_t)off + size;
	for (i = 0, at = (size_t)off + ACL_HDR_LEN; i < count; i++) {
		sd->nace = i + 1;	/* so sd_free sees this ACE's extra */
		if ((n = parse_ace(p, at, end - at, name, i, &sd->aces[i],
		    e)) == -1)
			return -1;
		at += (size_t)n;
	}
	sd->nace = count;
	return 0;
}

/*
 * Parse a self-relative security descriptor of len bytes at p (borrowed).
 * On success *out is a new descriptor, freed with sd_free(); on error
 * *out stays NULL and e (ERR_DATA) reads "byte N: <where>: <what>".
 * The SACL is range-checked but not kept.  Returns 0 or -1.
 */
int
sd_parse(const void *p, size_t len, struct sd **out, struct err *e)
{
	struct sd *sd = NULL;
	struct rd r;
	uint8_t rev, sbz1;
	uint16_t control;
	uint32_t oo, og, os, od;

	*out = NULL;
	rd_init(&r, p, len);
	if (len < SD_HDR_LEN)
		return bfail(e, 0, "header: truncated (%zu bytes, need %d)",
		    len, SD_HDR_LEN);
	(void)rd_u8(&r, &rev);
	(void)rd_u8(&r, &sbz1);
	(void)rd_u16(&r, &control);
	(void)rd_u32(&r, &oo);
	(void)rd_u32(&r, &og);
	(void)rd_u32(&r, &os);
	(void)rd_u32(&r, &od);
	if (rev != 1)
		return bfail(e, 0, "header: revision %u is not 1", rev);
	if (!(control & SD_CTRL_SELF_RELATIVE))
		return bfail(e, 2, "header: control 0x%04x is not "
		    "self-relative", control);
	if (oo != 0 && check_off(len, 4, "owner", oo, 8, e) == -1)
		return -1;
	if (og != 0 && check_off(len, 8, "group", og, 8, e) == -1)
		return -1;
	if (os != 0 && check_off(len, 12, "sacl", os, ACL_HDR_LEN, e) == -1)
		return -1;
	if (od != 0 && check_off(len, 16, "dacl", od, ACL_HDR_LEN, e) == -1)
		return -1;

	sd = xcalloc(1, sizeof(*sd));
	sd->rev = rev;
	sd->control = control;
	if (oo != 0) {
		if (parse_sid_at(&r, oo, "owner", &sd->owner, e) == -1)
			goto fail;
		sd->has_owner = true;
	}
	if (og != 0) {
		if (parse_sid_at(&r, og, "group", &sd->group, e) == -1)
			goto fail;
		sd->has_group = true;
	}
	if (os != 0 && parse_acl(&r, os, "sacl", NULL, e) == -1)
		goto fail;
	if (!(control & SD_CTRL_DACL_PRESENT)) {
		/* A stray DACL offset is range-checked above, not used. */
		sd->dacl = SD_DACL_ABSENT;
	} else if (od == 0) {
		sd->dacl = SD_DACL_NULL;
	} else {
		sd->dacl = SD_DACL_PRESENT;
		if (parse_acl(&r, od, "dacl", sd, e) == -1)
			goto fail;
	}
	*out = sd;
	return 0;
fail:
	sd_free(sd);
	return -1;
}

/* Release sd and everything it owns; NULL is a no-op. */
void
sd_free(struct sd *sd)
{
	size_t i;

	if (sd == NULL)
		return;
	for (i = 0; i < sd->nace; i++)
		free(sd->aces[i].extra);
	free(sd->aces);
	free(sd);
}

/* ---------------------------------------------------------------- */
/* Encoding                                                           */

/* Wire size of a's body-less parts plus body, rounded up to 4. */
static size_t
ace_wire_size(const struct ace *a)
{
	size_t n = ACE_HDR_LEN;

	if (a->kind != ACE_K_OPAQUE) {
		n += 4 + sid_size(&a->sid);
		if (a->kind == ACE_K_OBJECT) {
			n += 4;
			if (a->oflags & ACE_OBJ_TYPE_PRESENT)
				n += 16;
			if (a->oflags & ACE_OBJ_INHERITED_TYPE_PRESENT)
				n += 16;
		}
	}
	n += a->extralen;
	return (n + 3) & ~(size_t)3;
}

static void
put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Write a (ace_wire_size(a) bytes, size field clamped) at p. */
static size_t
ace_encode(const struct ace *a, uint8_t *p)
{
	size_t n = ace_wire_size(a), o = ACE_HDR_LEN;

	memset(p, 0, n);
	p[0] = a->type;
	p[1] = a->flags;
	put_u16(p + 2, n > 0xffff ? 0xfffc : (uint16_t)n);
	if (a->kind != ACE_K_OPAQUE) {
		put_u32(p + o, a->mask);
		o += 4;
		if (a->kind == ACE_K_OBJECT) {
			put_u32(p + o, a->oflags);
			o += 4;
			if (a->oflags & ACE_OBJ_TYPE_PRESENT) {
				memcpy(p + o, a->object.b, 16);
				o += 16;
			}
			if (a->oflags & ACE_OBJ_INHERITED_TYPE_PRESENT) {
				memcpy(p + o, a->inherited.b, 16);
				o += 16;
			}
		}
		o += sid_encode(&a->sid, p + o);
	}
	if (a->extralen > 0)
		memcpy(p + o, a->extra, a->extralen);
	return n;
}

static bool
sd_has_object_ace(const struct sd *sd)
{
	size_t i;

	for (i = 0; i < sd->nace; i++)
		if (sd->aces[i].kind == ACE_K_OBJECT)
			return true;
	return false;
}

/*
 * Set every ACE's size and offset to what sd_encode() will write, and
 * dacl_rev; returns the DACL's size (0 when there is none to write).
 */
static size_t
sd_layout(struct sd *sd)
{
	size_t off = SD_HDR_LEN, acl, i;

	if (sd->has_owner)
		off += sid_size(&sd->owner);
	if (sd->has_group)
		off += sid_size(&sd->group);
	if (sd->dacl != SD_DACL_PRESENT)
		return 0;
	sd->dacl_rev = sd_has_object_ace(sd) ? 4 : 2;
	acl = ACL_HDR_LEN;
	for (i = 0; i < sd->nace; i++) {
		sd->aces[i].offset = off + acl;
		sd->aces[i].size = (uint16_t)ace_wire_size(&sd->aces[i]);
		acl += ace_wire_size(&sd->aces[i]);
	}
	return acl;
}

/*
 * Encode sd as a self-relative blob: header, owner, group, DACL (the
 * ACL revision is 4 when an object ACE is present, else 2); no SACL.
 * On success *out is a malloc'd buffer of *outlen bytes the caller
 * frees.  Fails (ERR_DATA) when an ACE, the DACL or the ACE count does
 * not fit its 16-bit field.  Returns 0 or -1.
 */
int
sd_encode(const struct sd *sd, uint8_t **out, size_t *outlen,
    struct err *e)
{
	uint8_t *p = NULL;
	size_t len = SD_HDR_LEN, oo = 0, og = 0, od = 0, acl = 0, i, o;
	uint16_t control;

	*out = NULL;
	*outlen = 0;
	if (sd->has_owner) {
		oo = len;
		len += sid_size(&sd->owner);
	}
	if (sd->has_group) {
		og = len;
		len += sid_size(&sd->group);
	}
	if (sd->dacl == SD_DACL_PRESENT) {
		if (sd->nace > 0xffff)
			return err_set(e, ERR_DATA, "encode: %zu aces do not "
			    "fit an acl", sd->nace);
		acl = ACL_HDR_LEN;
		for (i = 0; i < sd->nace; i++) {
			if (ace_wire_size(&sd->aces[i]) > 0xffff)
				return err_set(e, ERR_DATA, "encode: ace %zu "
				    "is larger than 65535 bytes", i);
			acl += ace_wire_size(&sd->aces[i]);
		}
		if (acl > 0xffff)
			return err_set(e, ERR_DATA, "encode: dacl of %zu "
			    "bytes is larger than 65535", acl);
		od = len;
		len += acl;
	}
	control = sd->control | SD_CTRL_SELF_RELATIVE;
	control &= ~SD_CTRL_SACL_PRESENT;
	if (sd->dacl == SD_DACL_ABSENT)
		control &= ~SD_CTRL_DACL_PRESENT;
	else
		control |= SD_CTRL_DACL_PRESENT;

	p = xcalloc(1, len);
	p[0] = 1;
	put_u16(p + 2, control);
	put_u32(p + 4, (uint32_t)oo);
	put_u32(p + 8, (uint32_t)og);
	put_u32(p + 16, (uint32_t)od);
	if (sd->has_owner)
		(void)sid_encode(&sd->owner, p + oo);
	if (sd->has_group)
		(void)sid_encode(&sd->group, p + og);
	if (od != 0) {
		p[od] = sd_has_object_ace(sd) ? 4 : 2;
		put_u16(p + od + 2, (uint16_t)acl);
		put_u16(p + od + 4, (uint16_t)sd->nace);
		o = od + ACL_HDR_LEN;
		for (i = 0; i < sd->nace; i++)
			o += ace_encode(&sd->aces[i], p + o);
	}
	*out = p;
	*outlen = len;
	return 0;
}

/* ---------------------------------------------------------------- */
/* Rendering                                                          */

/* An snprintf-style output cursor: len counts what would be written. */
struct out {
	char	*buf;
	size_t	 size;
	size_t	 len;
};

static void
out_printf(struct out *o, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));

static void
out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->len < o->size ? o->buf + o->len : NULL,
	    o->len < o->size ? o->size - o->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

static int
out_done(struct out *o)
{
	if (o->size > 0 && o->len >= o->size)
		o->buf[o->size - 1] = '\0';
	return o->len > 0x7fffffff ? -1 : (int)o->len;
}

static const char *
type_sddl(uint8_t type)
{
	size_t i;

	for (i = 0; i < NACE_TYPES; i++)
		if (ace_types[i].type == type)
			return ace_types[i].sddl;
	return NULL;
}

static void
fmt_rights(struct out *o, uint32_t mask)
{
	size_t i;

	if (mask & ~ACE_RIGHTS_SDDL) {
		out_printf(o, "0x%x", mask);
		return;
	}
	for (i = 0; i < NACE_RIGHTS_OUT; i++)
		if (mask & ace_rights[i].mask)
			out_printf(o, "%s", ace_rights[i].sddl);
}

static void
fmt_sid(struct out *o, const struct sid *s)
{
	char buf[SID_STR_MAX];
	const char *alias = sid_alias(s);

	if (alias != NULL) {
		out_printf(o, "%s", alias);
		return;
	}
	(void)sid_fmt(s, buf, sizeof(buf));
	out_printf(o, "%s", buf);
}

/* Can a be written in plain SDDL without losing anything? */
static bool
ace_sddl_exact(const struct ace *a)
{
	if (a->kind == ACE_K_OPAQUE || type_sddl(a->type) == NULL)
		return false;
	if ((a->flags & ~ACE_F_SDDL) != 0 || a->extralen > 0)
		return false;
	if (a->kind == ACE_K_OBJECT &&
	    (a->oflags & ~(uint32_t)(ACE_OBJ_TYPE_PRESENT |
	    ACE_OBJ_INHERITED_TYPE_PRESENT)) != 0)
		return false;
	return true;
}

/*
 * One ACE in SDDL (MS-DTYP 2.5.1): "(OA;CI;CR;5c82f031-...;;AN)".  An
 * ACE that plain SDDL cannot carry exactly (an opaque or reserved type,
 * a type without an SDDL string, an unnamed flag bit, callback data or
 * resource-attribute claims, unknown object flags) is written in
 * rcaudit's hex form "(#TT;FF;BODY)": the AceType and AceFlags as two
 * hex digits each and the bytes after the 4-byte ACE header in hex;
 * sd_parse_sddl() reads it back through the binary ACE parser.
 * Returns the snprintf-style length.
 */
int
ace_fmt_sddl(const struct ace *a, char *buf, size_t size)
{
	struct out o = { buf, size, 0 };
	char g[GUID_STR_LEN + 1];
	uint8_t *p;
	size_t i, n;

	if (!ace_sddl_exact(a)) {
		n = ace_wire_size(a);
		p = xmalloc(n);
		(void)ace_encode(a, p);
		out_printf(&o, "(#%02x;%02x;", a->type, a->flags);
		for (i = ACE_HDR_LEN; i < n; i++)
			out_printf(&o, "%02x", p[i]);
		out_printf(&o, ")");
		free(p);
		return out_done(&o);
	}
	out_printf(&o, "(%s;", type_sddl(a->type));
	for (i = 0; i < NACE_FLAGS; i++)
		if (a->flags & ace_flags[i].flag)
			out_printf(&o, "%s", ace_flags[i].sddl);
	out_printf(&o, ";");
	fmt_rights(&o, a->mask);
	out_printf(&o, ";");
	if (a->kind == ACE_K_OBJECT && (a->oflags & ACE_OBJ_TYPE_PRESENT)) {
		(void)guid_fmt(&a->object, g, sizeof(g));
		out_printf(&o, "%s", g);
	}
	out_printf(&o, ";");
	if (a->kind == ACE_K_OBJECT &&
	    (a->oflags & ACE_OBJ_INHERITED_TYPE_PRESENT)) {
		(void)guid_fmt(&a->inherited, g, sizeof(g));
		out_printf(&o, "%s", g);
	}
	out_printf(&o, ";");
	fmt_sid(&o, &a->sid);
	out_printf(&o, ")");
	return out_done(&o);
}

/*
 * One ACE readably, fields separated by two spaces: type word, principal
 * (names_sid() or the S-1 string), what is granted, then "[inherited]",
 * "[inherit-only]" and "[callback: cannot evaluate]" as they apply.  An
 * opaque ACE reads "Unknown  ?  type 0x14, 20 bytes  [opaque: cannot
 * evaluate]".  Returns the snprintf-style length.
 */
int
ace_fmt(const struct ace *a, const struct names *nm, char *buf,
    size_t size)
{
	struct out o = { buf, size, 0 };
	char g[GUID_STR_LEN + 1], s[SID_STR_MAX];
	const char *name, *right = NULL;
	bool obj;

	out_printf(&o, "%s  ", ace_type_name(a->type));
	if (a->kind == ACE_K_OPAQUE) {
		out_printf(&o, "?  type 0x%02x, %u bytes", a->type, a->size);
	} else {
		if ((name = names_sid(nm, &a->sid)) == NULL) {
			(void)sid_fmt(&a->sid, s, sizeof(s));
			name = s;
		}
		out_printf(&o, "%s  ", name);
		obj = a->kind == ACE_K_OBJECT &&
		    (a->oflags & ACE_OBJ_TYPE_PRESENT);
		if (obj)
			right = names_right(nm, &a->object);
		if (obj && right != NULL &&
		    a->mask == ADS_RIGHT_CONTROL_ACCESS) {
			out_printf(&o, "%s", right);
			obj = false;
		} else if (!obj && a->mask == ADS_RIGHT_CONTROL_ACCESS) {
			out_printf(&o, "All extended rights");
		} else if (a->mask == ADS_RIGHT_FULL_CONTROL) {
			out_printf(&o, "Full control");
		} else if (a->mask == ADS_RIGHT_GENERIC_ALL) {
			out_printf(&o, "GENERIC_ALL");
		} else if (a->mask == 0) {
			out_printf(&o, "(no rights)");
		} else {
			fmt_rights(&o, a->mask);
		}
		if (obj) {
			if (right == NULL) {
				(void)guid_fmt(&a->object, g, sizeof(g));
				right = g;
			}
			out_printf(&o, " %s", right);
		}
	}
	if (a->flags & ACE_F_INHERITED)
		out_printf(&o, "  [inherited]");
	if (a->flags & ACE_F_INHERIT_ONLY)
		out_printf(&o, "  [inherit-only]");
	if (a->kind == ACE_K_OPAQUE)
		out_printf(&o, "  [opaque: cannot evaluate]");
	else if (ace_is_callback(a))
		out_printf(&o, "  [callback: cannot evaluate]");
	return out_done(&o);
}

/*
 * The descriptor as SDDL: "O:<sid>G:<sid>D:<flags><aces>"; O:/G: are
 * left out when absent, D: when the DACL is absent, and a NULL DACL is
 * "D:<flags>NO_ACCESS_CONTROL".  DACL flags: P (protected), AI
 * (auto-inherited), AR (auto-inherit requested).  The SACL is not
 * rendered.  Returns a malloc'd string the caller frees.
 */
char *
sd_sddl(const struct sd *sd)
{
	struct out o = { NULL, 0, 0 };
	char *s;
	size_t i;
	int pass, n;

	/* Pass 0 measures, pass 1 writes. */
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			o.size = o.len + 1;
			o.buf = xmalloc(o.size);
			o.len = 0;
		}
		if (sd->has_owner) {
			out_printf(&o, "O:");
			fmt_sid(&o, &sd->owner);
		}
		if (sd->has_group) {
			out_printf(&o, "G:");
			fmt_sid(&o, &sd->group);
		}
		if (sd->dacl == SD_DACL_ABSENT)
			continue;
		out_printf(&o, "D:");
		if (sd->control & SD_CTRL_DACL_PROTECTED)
			out_printf(&o, "P");
		if (sd->control & SD_CTRL_DACL_AUTO_INHERITED)
			out_printf(&o, "AI");
		if (sd->control & SD_CTRL_DACL_AUTO_INHERIT_REQ)
			out_printf(&o, "AR");
		if (sd->dacl == SD_DACL_NULL) {
			out_printf(&o, "NO_ACCESS_CONTROL");
			continue;
		}
		for (i = 0; i < sd->nace; i++) {
			n = ace_fmt_sddl(&sd->aces[i],
			    o.buf == NULL ? NULL : o.buf + o.len,
			    o.buf == NULL ? 0 : o.size - o.len);
			if (n > 0)
				o.len += (size_t)n;
		}
	}
	s = o.buf;
	s[o.len < o.size ? o.len : o.size - 1] = '\0';
	return s;
}

/* ---------------------------------------------------------------- */
/* SDDL parsing                                                       */

struct sp {
	const char	*s;
	size_t		 i;
	struct err	*e;
};

static int
sfail(struct sp *p, size_t at, const char *fmt, ...)
    __attribute__((__format__(printf, 3, 4)));

static int
sfail(struct sp *p, size_t at, const char *fmt, ...)
{
	char msg[sizeof(p->e->msg)];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return err_set(p->e, ERR_DATA, "sddl: char %zu: %s", at, msg);
}

/* Length of the field at p->i: up to ';' or ')' or the end. */
static size_t
field_len(const struct sp *p)
{
	size_t n = 0;

	while (p->s[p->i + n] != '\0' && p->s[p->i + n] != ';' &&
	    p->s[p->i + n] != ')')
		n++;
	return n;
}

/* Copy a field of n chars into buf (bounded), for messages and parsers. */
static void
field_copy(const struct sp *p, size_t n, char *buf, size_t size)
{
	(void)snprintf(buf, size, "%.*s", (int)(n > 0x7fff ? 0x7fff : n),
	    p->s + p->i);
}

static int
expect(struct sp *p, char c)
{
	if (p->s[p->i] != c) {
		if (p->s[p->i] == '\0')
			return sfail(p, p->i, "expected '%c', found the end",
			    c);
		return sfail(p, p->i, "expected '%c', found '%c'", c,
		    p->s[p->i]);
	}
	p->i++;
	return 0;
}

/*
 * Length of a SID token at p->i outside an ACE ("O:", "G:"): "S-1-..."
 * with decimal or 0x-hex fields, or a 2-letter alias.
 */
static size_t
sid_token_len(const struct sp *p)
{
	const char *s = p->s + p->i, *q;
	int k;

	if ((s[0] == 'S' || s[0] == 's') && s[1] == '-') {
		q = s + 2;
		for (;;) {
			if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X') &&
			    isxdigit((unsigned char)q[2])) {
				q += 2;
				for (k = 0; k < 12 &&
				    isxdigit((unsigned char)*q); k++)
					q++;
			} else {
				while (isdigit((unsigned char)*q))
					q++;
			}
			if (q[0] == '-' && isdigit((unsigned char)q[1]))
				q++;
			else
				break;
		}
		return (size_t)(q - s);
	}
	if (isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]))
		return 2;
	return 0;
}

static int
parse_sid_tok(struct sp *p, size_t n, struct sid *s)
{
	char buf[SID_STR_MAX + 8];
	struct err e2;

	if (n == 0)
		return sfail(p, p->i, "missing sid");
	if (n >= sizeof(buf))
		return sfail(p, p->i, "sid is too long");
	field_copy(p, n, buf, sizeof(buf));
	if (sid_parse(buf, s, &e2) == -1)
		return sfail(p, p->i, "%s", e2.msg);
	p->i += n;
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* "(#TT;FF;BODY)", after the '(' (see ace_fmt_sddl). */
static int
parse_hex_ace(struct sp *p, struct ace *a)
{
	struct err e2;
	uint8_t *blob = NULL;
	size_t at = p->i, n, i, k;
	int hi, lo, t, f;

	p->i++;		/* '#' */
	if ((t = hexval(p->s[p->i])) < 0 ||
	    (lo = hexval(p->s[p->i + 1])) < 0 || p->s[p->i + 2] != ';')
		return sfail(p, at, "bad hex ace type");
	t = t << 4 | lo;
	p->i += 3;
	if ((f = hexval(p->s[p->i])) < 0 ||
	    (lo = hexval(p->s[p->i + 1])) < 0 || p->s[p->i + 2] != ';')
		return sfail(p, p->i, "bad hex ace flags");
	f = f << 4 | lo;
	p->i += 3;
	n = field_len(p);
	if (n % 2 != 0)
		return sfail(p, p->i, "odd number of hex digits");
	if (n / 2 > 0xffff - ACE_HDR_LEN)
		return sfail(p, p->i, "hex ace is larger than 65535 bytes");
	blob = xmalloc(ACE_HDR_LEN + n / 2);
	blob[0] = (uint8_t)t;
	blob[1] = (uint8_t)f;
	put_u16(blob + 2, (uint16_t)(ACE_HDR_LEN + n / 2));
	for (i = 0, k = ACE_HDR_LEN; i < n; i += 2, k++) {
		hi = hexval(p->s[p->i + i]);
		lo = hexval(p->s[p->i + i + 1]);
		if (hi < 0 || lo < 0) {
			free(blob);
			return sfail(p, p->i + i, "bad hex digit");
		}
		blob[k] = (uint8_t)(hi << 4 | lo);
	}
	if (parse_ace(blob, 0, k, "ace", 0, a, &e2) == -1) {
		free(blob);
		return sfail(p, at, "hex ace: %s", e2.msg);
	}
	free(blob);
	p->i += n;
	return 0;
}

static int
parse_guid_field(struct sp *p, struct guid *g, bool *present)
{
	char buf[64];
	struct err e2;
	size_t n = field_len(p);

	*present = false;
	if (n == 0)
		return 0;
	if (n >= sizeof(buf))
		return sfail(p, p->i, "not a GUID");
	field_copy(p, n, buf, sizeof(buf));
	if (guid_parse(buf, g, &e2) == -1)
		return sfail(p, p->i, "%s", e2.msg);
	*present = true;
	p->i += n;
	return 0;
}

static int
parse_rights(struct sp *p, uint32_t *mask)
{
	const char *s = p->s + p->i;
	size_t n = field_len(p), k, j;
	unsigned long long v = 0;
	int d;

	*mask = 0;
	if (n > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (n == 2 || n > 10)
			return sfail(p, p->i, "bad hex access mask");
		for (k = 2; k < n; k++) {
			if ((d = hexval(s[k])) < 0)
				return sfail(p, p->i + k, "bad hex digit");
			v = v << 4 | (unsigned)d;
		}
		*mask = (uint32_t)v;
	} else if (n > 0 && isdigit((unsigned char)s[0])) {
		for (k = 0; k < n; k++) {
			if (!isdigit((unsigned char)s[k]))
				return sfail(p, p->i + k, "bad access mask");
			v = v * 10 + (unsigned)(s[k] - '0');
			if (v > 0xffffffffULL)
				return sfail(p, p->i, "access mask is larger "
				    "than 32 bits");
		}
		*mask = (uint32_t)v;
	} else {
		for (k = 0; k < n; k += 2) {
			for (j = 0; j < NACE_RIGHTS; j++)
				if (k + 1 < n &&
				    s[k] == ace_rights[j].sddl[0] &&
				    s[k + 1] == ace_rights[j].sddl[1])
					break;
			if (j == NACE_RIGHTS)
				return sfail(p, p->i + k, "unknown right "
				    "'%.*s'", k + 1 < n ? 2 : 1, s + k);
			*mask |= ace_rights[j].mask;
		}
	}
	p->i += n;
	return 0;
}

/* One "(...)" at p->i into *a. */
static int
parse_sddl_ace(struct sp *p, struct ace *a)
{
	char tok[8];
	size_t n, k, j, at;
	bool has_obj, has_inh;
	const char *s;

	memset(a, 0, sizeof(*a));
	if (expect(p, '(') == -1)
		return -1;
	if (p->s[p->i] == '#') {
		if (parse_hex_ace(p, a) == -1)
			return -1;
		return expect(p, ')');
	}
	/* type */
	n = field_len(p);
	field_copy(p, n, tok, sizeof(tok));
	for (k = 0; k < NACE_TYPES; k++)
		if (n == strlen(ace_types[k].sddl) &&
		    strncmp(p->s + p->i, ace_types[k].sddl, n) == 0)
			break;
	if (k == NACE_TYPES)
		return sfail(p, p->i, "unknown ace type '%s'", tok);
	a->type = ace_types[k].type;
	a->kind = ace_kind_of(a->type);
	p->i += n;
	if (expect(p, ';') == -1)
		return -1;
	/* flags */
	n = field_len(p);
	s = p->s + p->i;
	for (k = 0; k < n; k += 2) {
		for (j = 0; j < NACE_FLAGS; j++)
			if (k + 1 < n && s[k] == ace_flags[j].sddl[0] &&
			    s[k + 1] == ace_flags[j].sddl[1])
				break;
		if (j == NACE_FLAGS)
			return sfail(p, p->i + k, "unknown ace flag '%.*s'",
			    k + 1 < n ? 2 : 1, s + k);
		a->flags |= ace_flags[j].flag;
	}
	p->i += n;
	if (expect(p, ';') == -1 || parse_rights(p, &a->mask) == -1 ||
	    expect(p, ';') == -1)
		return -1;
	at = p->i;
	if (parse_guid_field(p, &a->object, &has_obj) == -1 ||
	    expect(p, ';') == -1 ||
	    parse_guid_field(p, &a->inherited, &has_inh) == -1 ||
	    expect(p, ';') == -1)
		return -1;
	if (a->kind != ACE_K_OBJECT && (has_obj || has_inh))
		return sfail(p, at, "object type on a non-object ace");
	if (has_obj)
		a->oflags |= ACE_OBJ_TYPE_PRESENT;
	if (has_inh)
		a->oflags |= ACE_OBJ_INHERITED_TYPE_PRESENT;
	if (parse_sid_tok(p, field_len(p), &a->sid) == -1)
		return -1;
	if (p->s[p->i] == ';')
		return sfail(p, p->i, "conditional expressions and resource "
		    "attributes are not supported");
	return expect(p, ')');
}

static void
skip_space(struct sp *p)
{
	while (isspace((unsigned char)p->s[p->i]))
		p->i++;
}

/* "D:" or "S:" body after the colon; aces go to sd when keep. */
static int
parse_acl_sddl(struct sp *p, struct sd *sd, bool keep)
{
	struct ace a;
	size_t cap = 0;
	uint16_t ctl = 0;

	for (;;) {
		if (p->s[p->i] == 'P') {
			ctl |= SD_CTRL_DACL_PROTECTED;
			p->i++;
		} else if (strncmp(p->s + p->i, "AI", 2) == 0) {
			ctl |= SD_CTRL_DACL_AUTO_INHERITED;
			p->i += 2;
		} else if (strncmp(p->s + p->i, "AR", 2) == 0) {
			ctl |= SD_CTRL_DACL_AUTO_INHERIT_REQ;
			p->i += 2;
		} else {
			break;
		}
	}
	if (keep) {
		sd->control |= ctl | SD_CTRL_DACL_PRESENT;
		sd->dacl = SD_DACL_PRESENT;
	}
	if (strncmp(p->s + p->i, "NO_ACCESS_CONTROL", 17) == 0) {
		p->i += 17;
		if (keep)
			sd->dacl = SD_DACL_NULL;
		return 0;
	}
	for (;;) {
		skip_space(p);
		if (p->s[p->i] != '(')
			return 0;
		if (parse_sddl_ace(p, &a) == -1) {
			free(a.extra);
			return -1;
		}
		if (!keep) {
			free(a.extra);
			continue;
		}
		if (sd->nace == cap) {
			cap = cap ? cap * 2 : 8;
			sd->aces = xreallocarray(sd->aces, cap,
			    sizeof(*sd->aces));
		}
		sd->aces[sd->nace++] = a;
	}
}

/*
 * Parse SDDL (MS-DTYP 2.5.1) into a new descriptor the caller frees with
 * sd_free(): "O:", "G:", "D:" (flags P, AI, AR; "NO_ACCESS_CONTROL" for
 * a NULL DACL), "S:" (parsed and dropped); ACE types as ace_fmt_sddl()
 * writes them, including its "(#TT;FF;BODY)" form; rights as aliases
 * (CC ... GX, FA/FR/FW/FX, KA/KR/KW/KX), 0x-hex or decimal.  Sizes and
 * offsets are set to what sd_encode() writes.  Errors (ERR_DATA) read
 * "sddl: char N: <what>" with N the 0-based offset.  Returns 0 or -1;
 * *out is NULL on error.
 */
int
sd_parse_sddl(const char *str, struct sd **out, struct err *e)
{
	struct sp p = { str, 0, e };
	struct sd *sd = NULL;
	size_t at;
	char c;

	*out = NULL;
	sd = xcalloc(1, sizeof(*sd));
	sd->rev = 1;
	sd->control = SD_CTRL_SELF_RELATIVE;
	sd->dacl = SD_DACL_ABSENT;
	for (;;) {
		skip_space(&p);
		if (str[p.i] == '\0')
			break;
		at = p.i;
		c = str[p.i];
		if ((c != 'O' && c != 'G' && c != 'D' && c != 'S') ||
		    str[p.i + 1] != ':') {
			(void)sfail(&p, at, "expected O:, G:, D: or S:");
			goto fail;
		}
		p.i += 2;
		if (c == 'O') {
			if (sd->has_owner) {
				(void)sfail(&p, at, "second owner");
				goto fail;
			}
			if (parse_sid_tok(&p, sid_token_len(&p),
			    &sd->owner) == -1)
				goto fail;
			sd->has_owner = true;
		} else if (c == 'G') {
			if (sd->has_group) {
				(void)sfail(&p, at, "second group");
				goto fail;
			}
			if (parse_sid_tok(&p, sid_token_len(&p),
			    &sd->group) == -1)
				goto fail;
			sd->has_group = true;
		} else if (c == 'D') {
			if (sd->dacl != SD_DACL_ABSENT) {
				(void)sfail(&p, at, "second dacl");
				goto fail;
			}
			if (parse_acl_sddl(&p, sd, true) == -1)
				goto fail;
		} else if (parse_acl_sddl(&p, NULL, false) == -1) {
			goto fail;
		}
	}
	if (sd_layout(sd) > 0xffff) {
		(void)err_set(e, ERR_DATA, "sddl: dacl is larger than 65535 "
		    "bytes");
		goto fail;
	}
	*out = sd;
	return 0;
fail:
	sd_free(sd);
	return -1;
}
