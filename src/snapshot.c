/* SPDX-License-Identifier: ISC */
/*
 * LDIF snapshots (RFC 2849) in and out.  The reader streams: it reads the
 * input in SNAPSHOT_CHUNK pieces into one buffer, splits it into records
 * itself, checks each record's raw bytes, and only then hands the record's
 * lines to libldap's line functions: ldif_getline() unfolds lines and skips
 * comments, ldif_parse_line2() splits "type: value" and decodes base64.
 * The writer uses ldif_sput_wrap(), which writes and folds.  The buffer
 * holds one record (and the rest of the chunk it came in), so memory is
 * bounded by the largest record, not by the input.
 *
 * What libldap 2.5 does that a snapshot reader must not allow, and what we
 * do about it (see libraries/libldap/ldif.c):
 *   - ldif_parse_line2() fetches "attr:< URL" values with ldif_fetch_url()
 *     (file:// opens local files): we find ":<" first and refuse it.
 *   - ldif_read_record() follows "include: URL" at the start of a record
 *     with ldif_open_url(), silently drops a line starting with a digit
 *     there (slapcat indexes), measures its fgets() chunks with strlen()
 *     (a NUL byte cuts the line, one at the start of a line makes it read
 *     line[-1]), squashes CR LF only inside one 4 KB chunk, returns 0 (end
 *     of file) when realloc fails, and grows its buffer 4 KB at a time
 *     (quadratic on a long line): we do not call it, nor ldif_open_mem().
 *     Our splitter refuses "include:" and digit lines where a record
 *     starts, NUL bytes, and a CR that is not part of CR LF.
 *   - ldif_getline() treats every CR as a fold marker: the CRs of CR LF
 *     pairs are dropped before it sees the record.
 *   - the base64 decoder accepts '=' anywhere, ignores what follows
 *     padding, and prints to stderr on a bad character: base64 values
 *     are validated here first.
 */
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
#define SNAPSHOT_MAX_RECORD	(1UL << 30)	/* bounds the buffer */
#define SNAPSHOT_UTF16 \
	"the file is UTF-16; convert it with 'iconv -f UTF-16 -t UTF-8'"

/*
 * The read buffer: buf[off, len) is read but not consumed yet; it starts
 * with the line (or the record) being split.  len < cap always, so that
 * a record at the end of the input can be NUL-terminated in place.
 */
struct snapshot_reader {
	char		*name;		/* path, "<stdin>", or the mem name */
	FILE		*fp;		/* NULL for snapshot_open_mem() */
	bool		 ownfp;		/* fp is ours to fclose (not stdin) */
	char		*mem;		/* snapshot_open_mem()'s copy */
	size_t		 memlen;
	size_t		 memoff;	/* next byte of mem to read */
	char		*buf;
	size_t		 cap;
	size_t		 off;
	size_t		 len;
	size_t		 peak;		/* largest cap so far */
	bool		 eof;		/* the source has no more bytes */
	unsigned long	 lno;		/* number of the line being split */
	bool		 first;		/* no record read yet: "version:" */
	bool		 done;
	struct err	 failed;	/* first error, sticky */
};

/* One record split from the input, in the reader's buffer. */
struct snapshot_rec {
	char		*text;		/* NUL-terminated, parsed in place */
	unsigned long	 line;		/* line number of text[0] */
	bool		 cr;		/* holds CR LF line ends */
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

/* ASCII letter, digit or '-': no locale, no function call per byte. */
static bool
is_alnum_dash(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-';
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

	if (len == 0 || !is_alnum_dash((unsigned char)desc[0]) ||
	    desc[0] == '-')
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
		if (is_alnum_dash(c))
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
	if (r->ownfp)
		(void)fclose(r->fp);
	free(r->buf);
	free(r->mem);
	free(r->name);
	free(r);
}

/*
 * Read more of the input into r's buffer, keeping buf[off, len): move it
 * to the front, and double the buffer when it would stay more than half
 * full, so that every read fills at least half the buffer and no byte is
 * moved more than a constant number of times on average.  Sets r->eof at
 * the end of the input.  Returns 0, or -1 with ERR_IO.
 */
static int
reader_fill(struct snapshot_reader *r, struct err *e)
{
	size_t keep = r->len - r->off, want, n;

	if (r->off > 0) {
		memmove(r->buf, r->buf + r->off, keep);
		r->off = 0;
		r->len = keep;
	}
	if (r->cap == 0 || keep >= (r->cap - 1) / 2) {
		r->cap = r->cap == 0 ? SNAPSHOT_CHUNK + 1 : 2 * r->cap - 1;
		r->buf = xreallocarray(r->buf, r->cap, 1);
		if (r->cap > r->peak)
			r->peak = r->cap;
	}
	want = r->cap - 1 - r->len;
	if (r->fp == NULL) {
		n = r->memlen - r->memoff;
		if (n > want)
			n = want;
		memcpy(r->buf + r->len, r->mem + r->memoff, n);
		r->memoff += n;
		r->len += n;
		if (r->memoff == r->memlen)
			r->eof = true;
		return 0;
	}
	errno = 0;
	n = fread(r->buf + r->len, 1, want, r->fp);
	r->len += n;
	if (n < want) {
		if (ferror(r->fp)) {
			return err_set(e, ERR_IO, "%s: %s", r->name,
			    strerror(errno != 0 ? errno : EIO));
		}
		r->eof = true;
	}
	return 0;
}

/*
 * Split the next record from the input: its lines from the first one
 * that starts a record up to the blank line (or the end of the input)
 * that ends it, NUL-terminated in r's buffer and valid until the next
 * call.  The logic mirrors ldif_read_record(): blank lines ("" or CR LF)
 * end a record; between records, comment lines and their continuations
 * are skipped.  A line of spaces is a continuation, not a blank line
 * (RFC 2849: SEP is an empty line), so between records it starts one.
 * Every line is checked as it is read: NUL bytes, a CR that is not part
 * of CR LF; where a record starts, "include:" and digit lines.  Returns
 * 1 with *rec, 0 at the end of the input, -1 on error ("file:line: ...",
 * ERR_DATA, or ERR_IO if reading failed).
 */
static int
reader_record(struct snapshot_reader *r, struct snapshot_rec *rec,
    struct err *e)
{
	size_t pos = 0, scan = 0, avail, end, n;
	unsigned long recline = 0;
	bool in = false, topcomment = false, cr = false, nl;
	char *line, *p, *q;

	/* Offsets are relative to r->off, which reader_fill() may move. */
	for (;;) {
		avail = r->len - r->off;
		p = memchr(r->buf + r->off + scan, '\n', avail - scan);
		if (p == NULL && !r->eof) {
			if (avail > SNAPSHOT_MAX_RECORD) {
				return err_set(e, ERR_DATA, "%s:%lu: record "
				    "is longer than 1 GiB", r->name,
				    in ? recline : r->lno);
			}
			scan = avail;
			if (reader_fill(r, e) == -1)
				return -1;
			continue;
		}
		if (p == NULL && pos == avail)
			break;			/* the end of the input */
		nl = p != NULL;
		end = nl ? (size_t)(p - (r->buf + r->off)) : avail;
		line = r->buf + r->off + pos;
		n = end - pos;
		if (memchr(line, '\0', n) != NULL) {
			return err_set(e, ERR_DATA, "%s:%lu: unexpected NUL "
			    "byte (is this a binary file?)", r->name, r->lno);
		}
		q = memchr(line, '\r', n);
		if (q != NULL && (q != line + n - 1 || !nl)) {
			return err_set(e, ERR_DATA, "%s:%lu: carriage return "
			    "without a line feed", r->name, r->lno);
		}
		if (q != NULL) {
			cr = true;
			n--;
		}
		if (n == 0 && in) {
			/* The blank line ends the record: cut it there. */
			line[0] = '\0';
			rec->text = r->buf + r->off;
			rec->line = recline;
			rec->cr = cr;
			r->off += end + 1;
			r->lno++;
			return 1;
		}
		if (n == 0 || (!in && (line[0] == '#' ||
		    (topcomment && line[0] == ' ')))) {
			/* Blank or comment between records: consume it. */
			topcomment = n > 0;
			r->off += nl ? end + 1 : end;
			r->lno++;
			pos = scan = 0;
			cr = false;
			continue;
		}
		if (!in) {
			in = true;
			recline = r->lno;
			if (isdigit((unsigned char)line[0])) {
				return err_set(e, ERR_DATA, "%s:%lu: expected "
				    "'dn:' at the start of a record", r->name,
				    r->lno);
			}
			if (n >= 8 && strncasecmp(line, "include:", 8) == 0) {
				return err_set(e, ERR_DATA, "%s:%lu: "
				    "'include:' lines are not followed",
				    r->name, r->lno);
			}
		}
		pos = scan = nl ? end + 1 : end;
		r->lno++;
		if (pos > SNAPSHOT_MAX_RECORD) {
			return err_set(e, ERR_DATA, "%s:%lu: record is longer "
			    "than 1 GiB", r->name, recline);
		}
	}
	if (!in)
		return 0;
	/* The last record, without a blank line after it: len < cap. */
	r->buf[r->len] = '\0';
	rec->text = r->buf + r->off;
	rec->line = recline;
	rec->cr = cr;
	r->off = r->len;
	return 1;
}

/*
 * A reader on fp (ownfp: close it at the end) or, if fp is NULL, on mem
 * (len bytes, taken over and freed by the reader); name is copied for
 * messages.  Reads the first chunk to refuse UTF-16 and to skip a UTF-8
 * byte order mark.  NULL on error (ERR_DATA, ERR_IO).
 */
static struct snapshot_reader *
reader_new(const char *name, FILE *fp, bool ownfp, char *mem, size_t len,
    struct err *e)
{
	struct snapshot_reader *r;

	r = xcalloc(1, sizeof(*r));
	r->name = xstrdup(name);
	r->fp = fp;
	r->ownfp = ownfp;
	r->mem = mem;
	r->memlen = len;
	r->lno = 1;
	r->first = true;

	/* The first line, up to 256 bytes, tells UTF-16 (looks_utf16()). */
	do {
		if (reader_fill(r, e) == -1)
			goto fail;
	} while (!r->eof && r->len < 256);
	if (r->len >= 2 && (((unsigned char)r->buf[0] == 0xff &&
	    (unsigned char)r->buf[1] == 0xfe) ||
	    ((unsigned char)r->buf[0] == 0xfe &&
	    (unsigned char)r->buf[1] == 0xff))) {
		err_set(e, ERR_DATA, "%s: " SNAPSHOT_UTF16, name);
		goto fail;
	}
	if (looks_utf16(r->buf, r->len)) {
		err_set(e, ERR_DATA, "%s: " SNAPSHOT_UTF16, name);
		goto fail;
	}
	/* ldifde writes a UTF-8 byte order mark. */
	if (r->len >= 3 && memcmp(r->buf, "\xef\xbb\xbf", 3) == 0)
		r->off = 3;
	return r;
fail:
	reader_free(r);
	return NULL;
}

/*
 * Open path ("-" for stdin) and read its first chunk.  The returned
 * reader is freed with snapshot_close(); it closes the file, never stdin.
 * NULL on error: ERR_IO ("path: No such file or directory"), or ERR_DATA
 * for a UTF-16 file.  Problems in the bytes further on (NUL bytes, a
 * lone CR, "include:") are reported by snapshot_next() when it reaches
 * the record that holds them.
 */
struct snapshot_reader *
snapshot_open(const char *path, struct err *e)
{
	FILE *fp;

	if (strcmp(path, "-") == 0)
		return reader_new("<stdin>", stdin, false, NULL, 0, e);
	if ((fp = fopen(path, "rb")) == NULL) {
		err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	return reader_new(path, fp, true, NULL, 0, e);
}

/*
 * Like snapshot_open(), over a copy of the len bytes at buf; name is used
 * in messages.  The copy is read through the same buffer as a file, in
 * SNAPSHOT_CHUNK pieces.  For tests and fuzzing.
 */
struct snapshot_reader *
snapshot_open_mem(const char *name, const void *buf, size_t len,
    struct err *e)
{
	return reader_new(name, NULL, false, xmemdup(buf, len), len, e);
}

/*
 * The largest read buffer r has held so far, in bytes: for the tests
 * that check memory stays bounded by the largest record.
 */
size_t
snapshot_buffer_peak(const struct snapshot_reader *r)
{
	return r->peak;
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
 * Parse rec, one record split by reader_record(), in place.  Returns 1
 * with an entry in *out, 0 if the record held no entry (only "version:
 * 1"), -1 on error.
 */
static int
parse_record(struct snapshot_reader *r, struct snapshot_rec *rec,
    struct entry **out, struct err *e)
{
	enum { WANT_VERSION, WANT_DN, WANT_CHANGETYPE, ATTRS } st;
	struct entry *ent = NULL;
	struct berval type, value;
	char *next, *line, *cur, *colon, *v;
	char tmp[80];
	unsigned long lno, curline;
	size_t vlen, dlen;
	int freeval;

	/*
	 * reader_record() let through only CR LF pairs; ldif_getline()
	 * would take the CRs for fold markers.
	 */
	if (rec->cr)
		strip_char(rec->text, '\r');
	curline = rec->line;

	st = r->first ? WANT_VERSION : WANT_DN;
	r->first = false;
	cur = next = rec->text;
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
 * "file:line: message" (ERR_DATA, ERR_INTERNAL if libldap fails), or
 * "file: message" (ERR_IO) if reading fails.  Errors in the raw bytes
 * (NUL bytes, a lone CR, "include:") come from here too, when the record
 * that holds them is reached: the entries before it have been returned.
 * After an error every call fails the same way, so an error is never
 * taken for the end.
 */
int
snapshot_next(struct snapshot_reader *r, struct entry **out, struct err *e)
{
	struct snapshot_rec rec = { .text = NULL };
	int rc;

	*out = NULL;
	if (r->failed.kind != ERR_NONE) {
		if (e != NULL)
			*e = r->failed;
		return -1;
	}
	while (!r->done) {
		rc = reader_record(r, &rec, &r->failed);
		if (rc == 0) {
			r->done = true;
			break;
		}
		if (rc == -1)
			break;
		rc = parse_record(r, &rec, out, &r->failed);
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
