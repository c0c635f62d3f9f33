/* SPDX-License-Identifier: ISC */
/*
 * Self-relative security descriptors (MS-DTYP 2.4.6): owner, group and
 * DACL with every ACE kept in stored order.  Parsing is bounded and never
 * reads outside the blob; a malformed blob is an error naming the byte
 * offset.  ACEs render readably and in SDDL (MS-DTYP 2.5.1).
 */
#ifndef RCA_SD_H
#define RCA_SD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "guid.h"
#include "sid.h"

/* SECURITY_DESCRIPTOR Control bits */
#define SD_CTRL_OWNER_DEFAULTED		0x0001
#define SD_CTRL_GROUP_DEFAULTED		0x0002
#define SD_CTRL_DACL_PRESENT		0x0004
#define SD_CTRL_DACL_DEFAULTED		0x0008
#define SD_CTRL_SACL_PRESENT		0x0010
#define SD_CTRL_DACL_AUTO_INHERIT_REQ	0x0100
#define SD_CTRL_DACL_AUTO_INHERITED	0x0400
#define SD_CTRL_DACL_PROTECTED		0x1000
#define SD_CTRL_SELF_RELATIVE		0x8000

/* AceType (MS-DTYP 2.4.4.1) */
#define ACE_T_ALLOWED			0x00
#define ACE_T_DENIED			0x01
#define ACE_T_AUDIT			0x02
#define ACE_T_ALARM			0x03
#define ACE_T_ALLOWED_COMPOUND		0x04
#define ACE_T_ALLOWED_OBJECT		0x05
#define ACE_T_DENIED_OBJECT		0x06
#define ACE_T_AUDIT_OBJECT		0x07
#define ACE_T_ALARM_OBJECT		0x08
#define ACE_T_ALLOWED_CALLBACK		0x09
#define ACE_T_DENIED_CALLBACK		0x0a
#define ACE_T_ALLOWED_CALLBACK_OBJECT	0x0b
#define ACE_T_DENIED_CALLBACK_OBJECT	0x0c
#define ACE_T_AUDIT_CALLBACK		0x0d
#define ACE_T_ALARM_CALLBACK		0x0e
#define ACE_T_AUDIT_CALLBACK_OBJECT	0x0f
#define ACE_T_ALARM_CALLBACK_OBJECT	0x10
#define ACE_T_MANDATORY_LABEL		0x11
#define ACE_T_RESOURCE_ATTRIBUTE	0x12
#define ACE_T_SCOPED_POLICY_ID		0x13

/* AceFlags */
#define ACE_F_OBJECT_INHERIT		0x01
#define ACE_F_CONTAINER_INHERIT		0x02
#define ACE_F_NO_PROPAGATE		0x04
#define ACE_F_INHERIT_ONLY		0x08
#define ACE_F_INHERITED			0x10
#define ACE_F_SUCCESSFUL_ACCESS		0x40
#define ACE_F_FAILED_ACCESS		0x80

/* Object ACE Flags */
#define ACE_OBJ_TYPE_PRESENT		0x1
#define ACE_OBJ_INHERITED_TYPE_PRESENT	0x2

/* Access mask bits for directory objects */
#define ADS_RIGHT_CREATE_CHILD		0x00000001
#define ADS_RIGHT_DELETE_CHILD		0x00000002
#define ADS_RIGHT_LIST			0x00000004
#define ADS_RIGHT_SELF			0x00000008
#define ADS_RIGHT_READ_PROP		0x00000010
#define ADS_RIGHT_WRITE_PROP		0x00000020
#define ADS_RIGHT_DELETE_TREE		0x00000040
#define ADS_RIGHT_LIST_OBJECT		0x00000080
#define ADS_RIGHT_CONTROL_ACCESS	0x00000100
#define ADS_RIGHT_DELETE		0x00010000
#define ADS_RIGHT_READ_CONTROL		0x00020000
#define ADS_RIGHT_WRITE_DAC		0x00040000
#define ADS_RIGHT_WRITE_OWNER		0x00080000
#define ADS_RIGHT_FULL_CONTROL		0x000f01ff
#define ADS_RIGHT_GENERIC_ALL		0x10000000

/* How an ACE's layout is known to the parser. */
enum ace_kind {
	ACE_K_BASIC,		/* header, mask, SID (0x00-0x03, 0x09, ...) */
	ACE_K_OBJECT,		/* header, mask, flags, GUIDs, SID */
	ACE_K_OPAQUE		/* unknown or reserved layout: bytes kept */
};

struct names;

struct ace {
	uint8_t		 type;
	uint8_t		 flags;
	uint16_t	 size;
	size_t		 offset;	/* of the ACE in the descriptor */
	enum ace_kind	 kind;
	uint32_t	 mask;
	uint32_t	 oflags;	/* object ACEs: ACE_OBJ_* */
	struct guid	 object;	/* valid if oflags & ACE_OBJ_TYPE_PRESENT */
	struct guid	 inherited;	/* valid if ..._INHERITED_TYPE_PRESENT */
	struct sid	 sid;		/* valid unless kind == ACE_K_OPAQUE */
	uint8_t		*extra;		/* callback application data, or the */
	size_t		 extralen;	/* body of an opaque ACE; owned */
};
/*
 * extra holds the bytes after the SID for callback types (0x09-0x10) and
 * resource attributes (0x12); for opaque ACEs, everything after the
 * 4-byte header.  Trailing bytes of other types are padding and dropped.
 */

enum sd_dacl {
	SD_DACL_ABSENT,		/* SE_DACL_PRESENT clear: everyone has access */
	SD_DACL_NULL,		/* present bit set, offset 0: everyone */
	SD_DACL_PRESENT		/* a DACL, possibly with zero ACEs: nobody */
};

struct sd {
	uint8_t		 rev;
	uint16_t	 control;
	bool		 has_owner;
	bool		 has_group;
	struct sid	 owner;
	struct sid	 group;
	enum sd_dacl	 dacl;
	uint8_t		 dacl_rev;
	size_t		 nace;
	struct ace	*aces;		/* nace entries, stored order */
};

/*
 * Parse a self-relative descriptor of len bytes.  On success *out is a new
 * descriptor the caller frees with sd_free().  On error *out stays NULL and
 * e reads like "byte 52: ace 3: size 6 is not a multiple of 4" (ERR_DATA).
 * The byte is that of the component at fault: the header field (0-19),
 * the ACL ("byte 20: dacl: ..."), the ACE ("byte 28: ace 0: ..."), the
 * owner or group SID.  The SACL is range-checked, not kept.
 */
int	sd_parse(const void *, size_t, struct sd **, struct err *);
/*
 * Parse SDDL ("O:BAG:BAD:PAI(OA;CI;CR;5c82f031-...;;AN)") into a
 * descriptor; errors name the 0-based character offset (ERR_DATA):
 * "sddl: char 3: unknown ace type 'QQ'".  Reads all that sd_sddl()
 * writes, including the hex ACE form of ace_fmt_sddl(); an "S:" part is
 * parsed and dropped.  ACE sizes and offsets are set to what sd_encode()
 * will write.
 */
int	sd_parse_sddl(const char *, struct sd **, struct err *);
/*
 * Encode as a self-relative blob (header, owner, group, DACL; ACL
 * revision 4 when an object ACE is present, else 2; no SACL) so that
 * sd_parse(sd_encode(x)) == x.  *out is malloc'd, caller frees; fails
 * (ERR_DATA) when an ACE or the DACL exceeds 65535 bytes.
 */
int	sd_encode(const struct sd *, uint8_t **, size_t *, struct err *);
void	sd_free(struct sd *);

/*
 * One ACE in SDDL: "(OA;CI;CR;5c82f031-...;;AN)"; snprintf-style.  An
 * ACE plain SDDL cannot carry exactly (opaque or reserved type, a type
 * without an SDDL string such as 0x0c, flag bit 0x20, callback data or
 * claims in extra, unknown object flags) is written "(#TT;FF;BODY)":
 * AceType and AceFlags as two hex digits each, then the bytes after the
 * 4-byte ACE header in lower-case hex, e.g. "(#14;00;01020304)".
 */
int	ace_fmt_sddl(const struct ace *, char *, size_t);
/*
 * One ACE readably, fields two spaces apart, snprintf-style:
 * "Allow  NT AUTHORITY\ANONYMOUS LOGON  ms-Exch-SMTP-Accept-Any-Recipient
 * [inherited]" (one line).  Opaque ACEs: "Unknown  ?  type 0x14, 8 bytes
 * [opaque: cannot evaluate]".  Principals and rights are named with
 * names_sid() and names_right() (names may be NULL: built-in names only).
 */
int	ace_fmt(const struct ace *, const struct names *, char *, size_t);
/* Whole descriptor as SDDL; returns a malloc'd string the caller frees. */
char	*sd_sddl(const struct sd *);
/* "Allow", "Deny", "Audit", ..., by ACE type. */
const char *ace_type_name(uint8_t);
bool	ace_is_allow(const struct ace *);
bool	ace_is_deny(const struct ace *);
bool	ace_is_callback(const struct ace *);

#endif /* RCA_SD_H */
