/* SPDX-License-Identifier: ISC */
/*
 * LDIF snapshots (RFC 2849) in and out, on libldap's LDIF functions:
 * ldif_read_record() splits records, ldif_getline() unfolds lines and skips
 * comments, ldif_parse_line2() splits "type: value" and decodes base64,
 * ldif_sput_wrap() writes and folds.  We add what they do not check.
 *
 * What libldap 2.5 does that a snapshot reader must not allow, and what we
 * do about it (see libraries/libldap/ldif.c):
 *   - ldif_parse_line2() fetches "attr:< URL" values with ldif_fetch_url()
 *     (file:// opens local files): we find ":<" first and refuse it.
 *   - ldif_read_record() follows "include: URL" at the start of a record
 *     with ldif_open_url(): the whole input is read into memory and
 *     scanned before the library sees it, and such lines are refused.
 *   - ldif_read_record() silently drops a line starting with a digit at
 *     the start of a record (slapcat indexes): refused by the same scan.
 *   - it measures its fgets() chunks with strlen(): a NUL byte silently
 *     cuts the line, and one at the start of a line makes it read
 *     line[-1].  NUL bytes are refused by the scan.
 *   - it squashes CR LF only inside one 4 KB fgets() chunk, and treats
 *     every CR as a fold marker: a CR that is not part of CR LF is
 *     refused, and CRs left over from a split CR LF are dropped.
 *   - the base64 decoder accepts '=' anywhere, ignores what follows
 *     padding, and prints to stderr on a bad character: base64 values
 *     are validated here first.
 *   - ldif_read_record() returns 0 (end of file) when realloc fails: we
 *     check that the end of the input was really reached.
 *   - it grows its buffer one 4 KB chunk at a time, quadratic on a long
 *     line whenever realloc moves the block: the scan measures the largest
 *     record and the buffer is allocated that large up front.
 * The whole input is held in memory (ldif_open_mem()), so a snapshot
 * costs its size in memory, once.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <lber.h>
#include <ldif.h>

#include "entry.h"
#include "err.h"
#include "snapshot.h"
#include "xmalloc.h"

#define SNAPSHOT_WRAP		76		/* RFC 2849 folds at 76 */
#define SNAPSHOT_MAX_RECORD	(1UL << 30)	/* libldap counts in int */
#define SNAPSHOT_UTF16 \
	"the file is UTF-16; convert it with 'iconv -f UTF-16 -t UTF-8'"

struct snapshot_reader {
	char		*name;		/* path, or "<stdin>" */
	char		*data;		/* the whole input */
	size_t		 len;
	LDIFFP		*lfp;		/* NULL for an empty input */
	char		*rec;		/* ldif_read_record()'s buffer */
	int		 reclen;
	unsigned long	 lno;		/* last line ldif_read_record() read */
	bool		 first;		/* no record read yet: "version:" */
	bool		 done;
	struct err	 failed;	/* first error, sticky */
};

struct snapshot_writer {
	FILE		*fp;		/* borrowed */
	char		*buf;
	size_t		 size;
	int		 werr;		/* errno of the first failed write */
};

/*
 * Copy at most 60 bytes of s into buf for an error message, with '?' for
 * bytes that are not printable ASCII, "..." if cut short.
 */
static const char *
msgstr(const char *s, size_t len, char *buf, size_t size)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 4 < size && i < 60; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (i < len && n + 4 <= size) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

/*
 * Is desc a valid attribute description, "type" or "type;opt;opt"
 * (RFC 2849 AttributeDescription)?  A type is a name or a numeric OID;
 * options also allow '=' and '*' because Active Directory returns
 * "member;range=1500-*".
 */
static bool
desc_ok(const char *desc, size_t len)
{
	size_t i = 0;
	bool opt = false, empty = true;

	if (len == 0 || !isalnum((unsigned char)desc[0]))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)desc[i];

		if (c == ';') {
			if (empty)
				return false;
			opt = true;
			empty = true;
			continue;
		}
		empty = false;
		if (c < 0x80 && (isalnum(c) || c == '-'))
			continue;
		if (!opt && c == '.')
			continue;
		if (opt && (c == '=' || c == '*'))
			continue;
		return false;
	}
	return !empty;
}

/*
 * Is s (len bytes) valid base64: characters from the RFC 4648 alphabet,
 * a multiple of 4 long, '=' only as the final one or two?  libldap's
 * decoder lets '=' stand anywhere, ignores what follows it, and prints
 * to stderr on a bad character, so it only ever sees valid input.
 */
static bool
b64_ok(const char *s, size_t len)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n;

	if (len % 4 != 0)
		return false;
	n = strspn(s, alphabet);
	return n == len || (n + 1 == len && s[n] == '=') ||
	    (n + 2 == len && s[n] == '=' && s[n + 1] == '=');
}

/*
 * Scan the raw input before libldap sees it: NUL bytes, a CR that is not
 * part of CR LF, "include:" and digit lines where ldif_read_record()
 * starts a record, records too long for its int counters.  The record
 * logic mirrors ldif_read_record(): blank lines end a record; between
 * records, comment lines and their continuations are skipped (but kept in
 * its buffer).  Stores in *maxrec the most bytes one record puts in
 * ldif_read_record()'s buffer.
 */
static int
prescan(const char *name, const char *p, size_t len, size_t *maxrec,
    struct err *e)
{
	const char *s = p, *end = p + len, *eol, *q;
	unsigned long line = 1, recline = 0;
	size_t reclen = 0, n;
	bool in = false, topcomment = false;

	*maxrec = 0;

	for (; s < end; s = eol + 1, line++) {
		eol = memchr(s, '\n', (size_t)(end - s));
		if (eol == NULL)
			eol = end;
		n = (size_t)(eol - s);
		if (memchr(s, '\0', n) != NULL) {
			return err_set(e, ERR_DATA, "%s:%lu: unexpected NUL "
			    "byte (is this a binary file?)", name, line);
		}
		q = memchr(s, '\r', n);
		if (q != NULL && (q != eol - 1 || eol == end)) {
			return err_set(e, ERR_DATA, "%s:%lu: carriage return "
			    "without a line feed", name, line);
		}
		if (q != NULL)
			n--;
		if (n == 0) {
			in = topcomment = false;
			reclen = 0;
			continue;
		}
		if (!in) {
			if (s[0] == '#')
				topcomment = true;
			else if (!(topcomment && s[0] == ' ')) {
				in = true;
				recline = line;
				if (isdigit((unsigned char)s[0])) {
					return err_set(e, ERR_DATA, "%s:%lu: "
					    "expected 'dn:' at the start of "
					    "a record", name, line);
				}
				if (n >= 8 && strncasecmp(s, "include:", 8) == 0) {
					return err_set(e, ERR_DATA, "%s:%lu: "
					    "'include:' lines are not followed",
					    name, line);
				}
			}
		}
		reclen += (size_t)(eol - s) + 1;
		if (reclen > SNAPSHOT_MAX_RECORD) {
			return err_set(e, ERR_DATA, "%s:%lu: record is longer "
			    "than 1 GiB", name, in ? recline : line);
		}
		if (reclen > *maxrec)
			*maxrec = reclen;
	}
	return 0;
}

/*
 * Does the first line hold NUL bytes at alternate offsets only, as
 * UTF-16 text without a byte order mark does?
 */
static bool
looks_utf16(const char *p, size_t len)
{
	size_t i, nul[2] = { 0, 0 }, other[2] = { 0, 0 };

	for (i = 0; i < len && i < 256 && p[i] != '\n'; i++) {
		if (p[i] == '\0')
			nul[i % 2]++;
		else
			other[i % 2]++;
	}
	return (nul[0] > 0 && other[0] == 0 && nul[1] == 0) ||
	    (nul[1] > 0 && other[1] == 0 && nul[0] == 0);
}

/* Free r and everything it holds; r may be NULL. */
static void
reader_free(struct snapshot_reader *r)
{
	if (r == NULL)
		return;
	if (r->lfp != NULL)
		ldif_close(r->lfp);
	ber_memfree(r->rec);
	free(r->data);
	free(r->name);
	free(r);
}

/*
 * A reader over data (len bytes, taken over and freed by the reader);
 * name is copied for messages.  NULL on error (ERR_DATA, ERR_IO).
 */
static struct snapshot_reader *
reader_new(const char *name, char *data, size_t len, struct err *e)
{
	struct snapshot_reader *r;
	size_t off = 0, maxrec;

	r = xcalloc(1, sizeof(*r));
	r->name = xstrdup(name);
	r->data = data;
	r->len = len;
	r->first = true;

	if (len >= 2 && (((unsigned char)data[0] == 0xff &&
	    (unsigned char)data[1] == 0xfe) ||
	    ((unsigned char)data[0] == 0xfe &&
	    (unsigned char)data[1] == 0xff))) {
		err_set(e, ERR_DATA, "%s: " SNAPSHOT_UTF16, name);
		goto fail;
	}
	if (looks_utf16(data, len)) {
		err_set(e, ERR_DATA, "%s: " SNAPSHOT_UTF16, name);
		goto fail;
	}
	/* ldifde writes a UTF-8 byte order mark. */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		off = 3;
	if (prescan(name, data + off, len - off, &maxrec, e) == -1)
		goto fail;
	if (len - off == 0) {
		r->done = true;
		return r;
	}
	/*
	 * ldif_read_record() grows its buffer by one 4 KB chunk at a time:
	 * quadratic copying on a long line whenever realloc moves the block
	 * (sanitizers, valgrind, other allocators).  Size it for the
	 * largest record up front, plus the newline it may add and a NUL.
	 */
	r->reclen = (int)(maxrec + 8192);
	if ((r->rec = ber_memalloc((ber_len_t)r->reclen)) == NULL) {
		err_set(e, ERR_NOMEM, "%s: out of memory", name);
		goto fail;
	}
	r->lfp = ldif_open_mem(data + off, len - off, "r");
	if (r->lfp == NULL) {
		err_set(e, ERR_IO, "%s: %s", name, strerror(errno));
		goto fail;
	}
	return r;
fail:
	reader_free(r);
	return NULL;
}

/* Read all of fp into a new buffer (free(3) it); ERR_IO on failure. */
static int
slurp(FILE *fp, const char *name, char **bufp, size_t *lenp, struct err *e)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	*bufp = NULL;
	*lenp = 0;
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0)
		cap = (size_t)st.st_size + 1;
	if (cap == 0)
		cap = 65536;
	buf = xmalloc(cap);
	for (;;) {
		if (len == cap) {
			if (cap > ((size_t)-1) / 2) {
				free(buf);
				return err_set(e, ERR_IO, "%s: file too large",
				    name);
			}
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		free(buf);
		return err_set(e, ERR_IO, "%s: %s", name, strerror(errno));
	}
	*bufp = buf;
	*lenp = len;
	return 0;
}

/*
 * Open path ("-" for stdin) and read it whole.  The returned reader is
 * freed with snapshot_close().  NULL on error: ERR_IO ("path: No such
 * file or directory"), or ERR_DATA for a UTF-16 file or a "file:line:"
 * problem found by the scan of the raw bytes (NUL bytes, a lone CR,
 * "include:").
 */
struct snapshot_reader *
snapshot_open(const char *path, struct err *e)
{
	FILE *fp;
	const char *name = path;
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (strcmp(path, "-") == 0) {
		fp = stdin;
		name = "<stdin>";
	} else if ((fp = fopen(path, "rb")) == NULL) {
		err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	rc = slurp(fp, name, &data, &len, e);
	if (fp != stdin)
		(void)fclose(fp);
	if (rc == -1)
		return NULL;
	return reader_new(name, data, len, e);
}

/*
 * Like snapshot_open(), over a copy of the len bytes at buf; name is used
 * in messages.  For tests and fuzzing.
 */
struct snapshot_reader *
snapshot_open_mem(const char *name, const void *buf, size_t len,
    struct err *e)
{
	return reader_new(name, xmemdup(buf, len), len, e);
}

/* Remove every byte c from the string s in place. */
static void
strip_char(char *s, char c)
{
	char *d;

	if ((s = strchr(s, c)) == NULL)
		return;
	for (d = s; *s != '\0'; s++) {
		if (*s != c)
			*d++ = *s;
	}
	*d = '\0';
}

/*
 * Physical lines in [a, b), text that ldif_getline() skipped (comments):
 * each line end became a NUL, each fold ("\n ") two CRs.
 */
static unsigned long
count_lines(const char *a, const char *b)
{
	unsigned long n = 0, cr = 0;

	for (; a < b; a++) {
		if (*a == '\0')
			n++;
		else if (*a == '\r')
			cr++;
	}
	return n + cr / 2;
}

/*
 * Unfold the line s in place: drop the CR pairs that ldif_getline() put
 * where "\n " stood.  Returns how many physical lines s spanned.
 */
static unsigned long
unfold(char *s)
{
	unsigned long cr = 0;
	char *d;

	if ((s = strchr(s, '\r')) == NULL)
		return 1;
	for (d = s; *s != '\0'; s++) {
		if (*s == '\r')
			cr++;
		else
			*d++ = *s;
	}
	*d = '\0';
	return 1 + cr / 2;
}

/*
 * Parse the record in r->rec.  Returns 1 with an entry in *out, 0 if the
 * record held no entry (only "version: 1"), -1 on error.
 */
static int
parse_record(struct snapshot_reader *r, struct entry **out, struct err *e)
{
	enum { WANT_VERSION, WANT_DN, WANT_CHANGETYPE, ATTRS } st;
	struct entry *ent = NULL;
	struct berval type, value;
	char *next, *line, *cur, *colon, *v;
	char tmp[80];
	unsigned long lno, curline, nl = 0;
	const char *p;
	size_t vlen, dlen;
	int freeval;

	/*
	 * The scan let through only CR LF pairs; ldif_read_record() leaves
	 * a CR when the pair straddles its 4 KB fgets() chunks, and
	 * ldif_getline() would take it for a fold marker.
	 */
	strip_char(r->rec, '\r');
	for (p = r->rec; (p = strchr(p, '\n')) != NULL; p++)
		nl++;
	/*
	 * r->lno is the last line read: the blank line that ended the
	 * record, or its last line at the end of the input.
	 */
	curline = r->lno - nl + 1 - (feof(r->lfp->fp) ? 0 : 1);

	st = r->first ? WANT_VERSION : WANT_DN;
	r->first = false;
	cur = next = r->rec;
	while ((line = ldif_getline(&next)) != NULL) {
		lno = curline;
		if (line != cur)
			lno += count_lines(cur, line);
		curline = lno + unfold(line);
		cur = next;

		colon = strchr(line, ':');
		vlen = 0;
		if (st == WANT_VERSION || st == WANT_DN) {
			if (colon == NULL || !desc_ok(line,
			    (size_t)(colon - line)) ||
			    (strncasecmp(line, "dn:", 3) != 0 &&
			    (st != WANT_VERSION ||
			    strncasecmp(line, "version:", 8) != 0))) {
				err_set(e, ERR_DATA, "%s:%lu: expected 'dn:' at "
				    "the start of a record", r->name, lno);
				goto fail;
			}
		}
		if (colon == NULL) {
			err_set(e, ERR_DATA, "%s:%lu: expected "
			    "'attribute: value'", r->name, lno);
			goto fail;
		}
		dlen = (size_t)(colon - line);
		if (!desc_ok(line, dlen)) {
			err_set(e, ERR_DATA, "%s:%lu: invalid attribute name "
			    "'%s'", r->name, lno, msgstr(line, dlen, tmp,
			    sizeof(tmp)));
			goto fail;
		}
		/* ldif_parse_line2() would fetch the URL: never call it. */
		if (colon[1] == '<') {
			err_set(e, ERR_DATA, "%s:%lu: attribute '%.*s': URL "
			    "values (':<') are not followed", r->name, lno,
			    (int)dlen, line);
			goto fail;
		}
		if (colon[1] == ':') {
			for (v = colon + 2; *v == ' '; v++)
				;
			vlen = strlen(v);
			if (!b64_ok(v, vlen)) {
				err_set(e, ERR_DATA, "%s:%lu: attribute '%.*s': "
				    "invalid base64", r->name, lno, (int)dlen,
				    line);
				goto fail;
			}
		}
		if (colon[1] == ':' && vlen == 0) {
			/* "attr::" is an empty value; the library refuses. */
			*colon = '\0';
			type.bv_val = line;
			type.bv_len = dlen;
			value.bv_val = colon;
			value.bv_len = 0;
		} else if (ldif_parse_line2(line, &type, &value,
		    &freeval) != 0 || freeval) {
			if (freeval)
				ber_memfree(value.bv_val);
			err_set(e, ERR_INTERNAL, "%s:%lu: attribute '%.*s': "
			    "libldap could not parse the line", r->name, lno,
			    (int)dlen, line);
			goto fail;
		}
		/* Decoded in place, shorter than the text: room for a NUL. */
		value.bv_val[value.bv_len] = '\0';

		switch (st) {
		case WANT_VERSION:
			if (strcasecmp(type.bv_val, "version") == 0) {
				if (value.bv_len != 1 || value.bv_val[0] != '1') {
					err_set(e, ERR_DATA, "%s:%lu: unsupported "
					    "LDIF version '%s'", r->name, lno,
					    msgstr(value.bv_val, value.bv_len,
					    tmp, sizeof(tmp)));
					goto fail;
				}
				st = WANT_DN;
				continue;
			}
			/* FALLTHROUGH */
		case WANT_DN:
			if (memchr(value.bv_val, '\0', value.bv_len) != NULL) {
				err_set(e, ERR_DATA, "%s:%lu: the dn holds a NUL "
				    "byte", r->name, lno);
				goto fail;
			}
			ent = entry_new(value.bv_val, lno);
			st = WANT_CHANGETYPE;
			continue;
		case WANT_CHANGETYPE:
			st = ATTRS;
			if (strcasecmp(type.bv_val, "control") == 0) {
				err_set(e, ERR_DATA, "%s:%lu: 'control:' lines "
				    "are not supported (a snapshot holds "
				    "entries)", r->name, lno);
				goto fail;
			}
			if (strcasecmp(type.bv_val, "changetype") != 0)
				break;
			if (value.bv_len != 3 ||
			    strncasecmp(value.bv_val, "add", 3) != 0) {
				err_set(e, ERR_DATA, "%s:%lu: changetype '%s' is "
				    "not supported (a snapshot holds entries)",
				    r->name, lno, msgstr(value.bv_val,
				    value.bv_len, tmp, sizeof(tmp)));
				goto fail;
			}
			continue;
		case ATTRS:
			break;
		}
		if (strcasecmp(type.bv_val, "dn") == 0) {
			err_set(e, ERR_DATA, "%s:%lu: second 'dn:' in a record "
			    "(is a blank line missing?)", r->name, lno);
			goto fail;
		}
		if (strcasecmp(type.bv_val, "changetype") == 0 ||
		    strcasecmp(type.bv_val, "control") == 0) {
			err_set(e, ERR_DATA, "%s:%lu: '%s:' must directly "
			    "follow 'dn:'", r->name, lno, type.bv_val);
			goto fail;
		}
		entry_add(ent, type.bv_val, value.bv_val, value.bv_len);
	}
	if (ent == NULL)
		return 0;
	*out = ent;
	return 1;
fail:
	entry_free(ent);
	return -1;
}

/*
 * Read the next entry into *out; the caller frees it with entry_free().
 * Returns 1 with an entry, 0 at the end of the input, -1 on error with
 * "file:line: message" (ERR_DATA; ERR_NOMEM or ERR_INTERNAL if libldap
 * fails).  After an error every call fails the same way, so an error is
 * never taken for the end.
 */
int
snapshot_next(struct snapshot_reader *r, struct entry **out, struct err *e)
{
	int rc;

	*out = NULL;
	if (r->failed.kind != ERR_NONE) {
		if (e != NULL)
			*e = r->failed;
		return -1;
	}
	while (!r->done) {
		rc = ldif_read_record(r->lfp, &r->lno, &r->rec, &r->reclen);
		if (r->lfp->prev != NULL) {
			/* Cannot happen: prescan() refuses "include:". */
			err_set(&r->failed, ERR_INTERNAL, "%s:%lu: libldap "
			    "followed an 'include:' line", r->name, r->lno);
			break;
		}
		if (rc == 0 && !feof(r->lfp->fp)) {
			/* ldif_read_record() returns 0 when realloc fails. */
			err_set(&r->failed, ERR_NOMEM, "%s:%lu: libldap could "
			    "not read the record (out of memory)", r->name,
			    r->lno);
			break;
		}
		if (rc == 0) {
			r->done = true;
			break;
		}
		if (rc < 0) {
			err_set(&r->failed, ERR_INTERNAL, "%s:%lu: libldap "
			    "could not read the record", r->name, r->lno);
			break;
		}
		rc = parse_record(r, out, &r->failed);
		if (rc == 1)
			return 1;
		if (rc == -1)
			break;
	}
	if (r->failed.kind != ERR_NONE) {
		if (e != NULL)
			*e = r->failed;
		return -1;
	}
	return 0;
}

/* Close the reader and free what it holds; NULL is a no-op. */
void
snapshot_close(struct snapshot_reader *r)
{
	reader_free(r);
}

/*
 * RFC 2849 SAFE-STRING, narrowed to printable ASCII: no leading space,
 * ':' or '<', no trailing space, no control or non-ASCII bytes.  Other
 * values are written base64.
 */
static bool
safe_string(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return true;
	if (s[0] == ' ' || s[0] == ':' || s[0] == '<' || s[len - 1] == ' ')
		return false;
	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	}
	return true;
}

/* Write buf to w's stream, remembering the first failure. */
static void
writer_out(struct snapshot_writer *w, const char *buf, size_t len)
{
	if (w->werr != 0)
		return;
	if (fwrite(buf, 1, len, w->fp) != len || ferror(w->fp))
		w->werr = errno != 0 ? errno : EIO;
}

/*
 * Write one line "name: value" or "name:: base64", folded, through
 * ldif_sput_wrap() into w's buffer.  type is LDIF_PUT_COMMENT for a
 * comment (name NULL).
 */
static void
writer_put(struct snapshot_writer *w, int type, const char *name,
    const char *val, size_t len)
{
	size_t nlen = name != NULL ? strlen(name) : 0, need;
	ber_len_t wrap = SNAPSHOT_WRAP;
	char *p;

	if (type != LDIF_PUT_COMMENT)
		type = safe_string(val, len) ? LDIF_PUT_VALUE : LDIF_PUT_BINARY;
	/*
	 * ldif_sput_wrap() folds comments when a line holds more than wrap
	 * characters, values when it holds wrap: give comments one less so
	 * that no line exceeds SNAPSHOT_WRAP.
	 */
	if (type == LDIF_PUT_COMMENT)
		wrap--;
	/* name ":: " base64, each continuation adds "\n "; and "\n\0". */
	need = nlen + 4 + len / 3 * 4 + 4;
	need += need / (SNAPSHOT_WRAP - 2) * 2 + 4;
	if (need > w->size) {
		w->buf = xreallocarray(w->buf, need, 1);
		w->size = need;
	}
	p = w->buf;
	ldif_sput_wrap(&p, type, name, val, len, wrap);
	writer_out(w, w->buf, (size_t)(p - w->buf));
}

/*
 * A writer on fp (borrowed: neither flushed nor closed by the writer).
 * Writes each header line, if header is not NULL (a NULL-terminated
 * array), as a "# " comment, then "version: 1" and a blank line.  A
 * header line with newlines becomes several comment lines.  Never NULL;
 * free with snapshot_writer_free().  A write error is reported by the
 * next snapshot_write() or snapshot_writer_end().
 */
struct snapshot_writer *
snapshot_writer_new(FILE *fp, const char *const *header)
{
	struct snapshot_writer *w;
	const char *s, *nl;
	size_t n;

	w = xcalloc(1, sizeof(*w));
	w->fp = fp;
	for (; header != NULL && *header != NULL; header++) {
		for (s = *header;; s = nl + 1) {
			nl = strchr(s, '\n');
			n = nl != NULL ? (size_t)(nl - s) : strlen(s);
			if (n > 0 && s[n - 1] == '\r')
				n--;
			writer_put(w, LDIF_PUT_COMMENT, NULL, s, n);
			if (nl == NULL)
				break;
		}
	}
	writer_out(w, "version: 1\n\n", 12);
	return w;
}

/*
 * Write entry ent as one LDIF record followed by a blank line: "dn:",
 * then every value of every attribute as "name;options: value".  Values
 * that are not a safe string (see safe_string()) are written base64;
 * lines are folded at 76 columns.  Returns 0, or -1 with ERR_DATA for an
 * attribute name that LDIF cannot carry, ERR_IO for a write error.
 */
int
snapshot_write(struct snapshot_writer *w, const struct entry *ent,
    struct err *e)
{
	const struct entry_attr *a;
	char *desc = NULL;
	char tmp[80], tmp2[80];
	size_t i, j;

	for (i = 0; i < ent->nattrs; i++) {
		a = &ent->attrs[i];
		if (a->options != NULL)
			(void)xasprintf(&desc, "%s;%s", a->name, a->options);
		else
			desc = xstrdup(a->name);
		if (!desc_ok(desc, strlen(desc)) ||
		    strchr(a->name, ';') != NULL) {
			err_set(e, ERR_DATA, "%s: invalid attribute name '%s'",
			    msgstr(ent->dn, strlen(ent->dn), tmp, sizeof(tmp)),
			    msgstr(desc, strlen(desc), tmp2, sizeof(tmp2)));
			free(desc);
			return -1;
		}
		free(desc);
		desc = NULL;
	}
	writer_put(w, LDIF_PUT_VALUE, "dn", ent->dn, strlen(ent->dn));
	for (i = 0; i < ent->nattrs; i++) {
		a = &ent->attrs[i];
		if (a->options != NULL)
			(void)xasprintf(&desc, "%s;%s", a->name, a->options);
		else
			desc = xstrdup(a->name);
		for (j = 0; j < a->nvals; j++) {
			writer_put(w, LDIF_PUT_VALUE, desc, a->vals[j].val,
			    a->vals[j].len);
		}
		free(desc);
		desc = NULL;
	}
	writer_out(w, "\n", 1);
	if (w->werr != 0) {
		return err_set(e, ERR_IO, "cannot write the snapshot: %s",
		    strerror(w->werr));
	}
	return 0;
}

/*
 * Flush the stream and report any write error since the writer was made
 * (ERR_IO).  The stream stays open.
 */
int
snapshot_writer_end(struct snapshot_writer *w, struct err *e)
{
	if (w->werr == 0 && fflush(w->fp) != 0)
		w->werr = errno != 0 ? errno : EIO;
	if (w->werr != 0) {
		return err_set(e, ERR_IO, "cannot write the snapshot: %s",
		    strerror(w->werr));
	}
	return 0;
}

/* Free the writer (not its stream); NULL is a no-op. */
void
snapshot_writer_free(struct snapshot_writer *w)
{
	if (w == NULL)
		return;
	free(w->buf);
	free(w);
}
