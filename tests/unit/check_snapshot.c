/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for snapshot.c: one TCase per function.  Fixtures live in
 * tests/data/ldif/{good,bad}; the runner's working directory is
 * tests/unit.  Every bad fixture asserts the exact message.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "entry.h"
#include "err.h"
#include "snapshot.h"
#include "xmalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define GOOD		"../data/ldif/good/"
#define BAD		"../data/ldif/bad/"
#define UTF16		"the file is UTF-16; convert it with " \
			"'iconv -f UTF-16 -t UTF-8'"
#define CHANGE(t)	"changetype '" t "' is not supported (a snapshot " \
			"holds entries)"

Suite	*suite_snapshot(void);

/* Append len bytes of s to fp: printable ASCII as is, others \xHH. */
static void
put_escaped(FILE *fp, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			fputc(c, fp);
		else
			fprintf(fp, "\\x%02x", c);
	}
}

/*
 * Read every entry of r into a text dump: "LINE DN", then " name: value"
 * per value (values over 48 bytes cut to 16 and their length).  Stores
 * snapshot_next()'s last result in *rc; the caller frees the dump.
 */
static char *
dump(struct snapshot_reader *r, struct err *e, int *rc)
{
	struct entry *ent;
	char *buf = NULL;
	size_t size = 0, i, j;
	FILE *fp;

	fp = open_memstream(&buf, &size);
	ck_assert_ptr_nonnull(fp);
	while ((*rc = snapshot_next(r, &ent, e)) == 1) {
		fprintf(fp, "%lu ", ent->line);
		put_escaped(fp, ent->dn, strlen(ent->dn));
		fputc('\n', fp);
		for (i = 0; i < ent->nattrs; i++) {
			const struct entry_attr *a = &ent->attrs[i];

			for (j = 0; j < a->nvals; j++) {
				const struct entry_val *v = &a->vals[j];

				ck_assert_int_eq(v->val[v->len], '\0');
				fprintf(fp, " %s%s%s: ", a->name,
				    a->options ? ";" : "",
				    a->options ? a->options : "");
				if (v->len > 48) {
					put_escaped(fp, v->val, 16);
					fprintf(fp, "... (%zu)", v->len);
				} else
					put_escaped(fp, v->val, v->len);
				fputc('\n', fp);
			}
		}
		entry_free(ent);
	}
	ck_assert_ptr_null(ent);
	fclose(fp);
	return buf;
}

/*
 * Write len bytes to a new temporary file; its path goes to path (at
 * least 64 bytes).  The caller unlinks it.
 */
static void
tmp_write(const void *buf, size_t len, char *path)
{
	const char *dir = getenv("TMPDIR");
	FILE *fp;
	int fd;

	snprintf(path, 64, "%s/rcaudit-snapshot-XXXXXX",
	    dir != NULL && strlen(dir) < 32 ? dir : "/tmp");
	fd = mkstemp(path);
	ck_assert_int_ne(fd, -1);
	fp = fdopen(fd, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(buf, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

#define CONTOSO "CN=SMTP Receive Connectors,CN=Protocols,CN=EX01," \
	"CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT)," \
	"CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange," \
	"CN=Services,CN=Configuration,DC=contoso,DC=com"
#define GUID16	"\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\x09" \
	"\\x0a\\x0b\\x0c\\x0d\\x0e\\x0f"
#define SD72	"\\x01\\x00\\x04\\x80\\x00\\x00\\x00\\x00\\x00\\x00" \
	"\\x00\\x00\\x00\\x00\\x00\\x00... (72)"

static const struct {
	const char	*path;
	const char	*dump;
} good_cases[] = {
	/* ldapsearch -LLL -o ldif-wrap=no */
	{ GOOD "ldapsearch.ldif",
	    "1 CN=Default EX01," CONTOSO "\n"
	    " objectClass: top\n"
	    " objectClass: msExchSmtpReceiveConnector\n"
	    " cn: Default EX01\n"
	    " msExchSmtpReceiveBindings: 0.0.0.0:25\n"
	    " msExchSmtpReceiveBindings: [::]:25\n"
	    " msExchSmtpReceiveRemoteIPRanges: 0.0.0.0-255.255.255.255\n"
	    " msExchSmtpReceiveRemoteIPRanges: ::-ffff:ffff:ffff:ffff:"
	    "ffff:ffff:ffff:ffff\n"
	    " objectGUID: " GUID16 "\n"
	    " nTSecurityDescriptor: " SD72 "\n"
	    "12 CN=R\\xc3\\xa9ception Anonyme," CONTOSO "\n"
	    " objectClass: top\n"
	    " objectClass: msExchSmtpReceiveConnector\n"
	    " cn: R\\xc3\\xa9ception Anonyme\n"
	    " msExchSmtpReceiveRemoteIPRanges;range=0-1: 10.0.0.1\n"
	    " msExchSmtpReceiveRemoteIPRanges;range=0-1: 10.0.0.2\n"
	    " description: \n"
	    " nTSecurityDescriptor: " SD72 "\n"
	    "21 " CONTOSO "\n"
	    " objectClass: top\n"
	    " objectClass: container\n"
	    " cn: SMTP Receive Connectors\n" },
	/* ldifde: BOM, CRLF, changetype: add, folded at 76 columns */
	{ GOOD "ldifde.ldif",
	    "1 CN=Client Frontend EX01," CONTOSO "\n"
	    " objectClass: top\n"
	    " objectClass: msExchSmtpReceiveConnector\n"
	    " cn: Client Frontend EX01\n"
	    " msExchSmtpReceiveBindings: 0.0.0.0:587\n"
	    " msExchSmtpReceiveRemoteIPRanges: 192.168.0.0/16\n"
	    " msExchSmtpReceiveRemoteIPRanges: 10.0.0.0/8\n"
	    " nTSecurityDescriptor: " SD72 "\n"
	    " objectGUID: " GUID16 "\n"
	    "16 " CONTOSO "\n"
	    " objectClass: top\n"
	    " objectClass: container\n"
	    " cn: SMTP Receive Connectors\n" },
	/* version, comments (folded too), folded name and value, empty
	 * values, case-insensitive gathering, no final newline */
	{ GOOD "features.ldif",
	    "6 cn=features,dc=example,dc=com\n"
	    " objectClass: top\n"
	    " objectClass: person\n"
	    " cn: features\n"
	    " description: a folded value with a kept space\n"
	    " empty: \n"
	    " emptyb64: \n"
	    " bin: \\x00\\x01\\x02\\xff\n"
	    " MULTI: one\n"
	    " MULTI: two\n"
	    " Multi;lang-en: three\n"
	    " trailing: spaces  \n"
	    " numeric-oid-1.2: x\n"
	    "25 cn=last,dc=example,dc=com\n"
	    " cn: last\n" },
};

START_TEST(test_next_good)
{
	struct snapshot_reader *r;
	struct err e = { 0 };
	struct entry *ent;
	char *got;
	int rc;

	r = snapshot_open(good_cases[_i].path, &e);
	ck_assert_msg(r != NULL, "%s", e.msg);
	got = dump(r, &e, &rc);
	ck_assert_msg(rc == 0, "%s", e.msg);
	ck_assert_str_eq(got, good_cases[_i].dump);
	/* The end is sticky. */
	ck_assert_int_eq(snapshot_next(r, &ent, &e), 0);
	ck_assert_ptr_null(ent);
	free(got);
	snapshot_close(r);
}
END_TEST

static const struct {
	const char	*path;
	int		 nentries;	/* read before the error */
	const char	*msg;
} bad_next_cases[] = {
	{ BAD "url.ldif", 0, BAD "url.ldif:3: attribute 'description': "
	    "URL values (':<') are not followed" },
	{ BAD "url-folded.ldif", 0, BAD "url-folded.ldif:2: attribute "
	    "'description': URL values (':<') are not followed" },
	{ BAD "url-dn.ldif", 0, BAD "url-dn.ldif:1: attribute 'dn': "
	    "URL values (':<') are not followed" },
	{ BAD "b64-char.ldif", 0, BAD "b64-char.ldif:3: attribute "
	    "'nTSecurityDescriptor': invalid base64" },
	{ BAD "b64-len.ldif", 0, BAD "b64-len.ldif:2: attribute "
	    "'objectGUID': invalid base64" },
	{ BAD "b64-pad.ldif", 0, BAD "b64-pad.ldif:2: attribute "
	    "'objectGUID': invalid base64" },
	{ BAD "b64-dn.ldif", 0, BAD "b64-dn.ldif:1: attribute 'dn': "
	    "invalid base64" },
	{ BAD "modify.ldif", 1, BAD "modify.ldif:6: " CHANGE("modify") },
	{ BAD "crlf-modify.ldif", 1, BAD "crlf-modify.ldif:6: "
	    CHANGE("modify") },
	{ BAD "delete.ldif", 0, BAD "delete.ldif:2: " CHANGE("delete") },
	{ BAD "modrdn.ldif", 0, BAD "modrdn.ldif:4: " CHANGE("modrdn") },
	{ BAD "moddn.ldif", 0, BAD "moddn.ldif:2: " CHANGE("moddn") },
	{ BAD "no-dn.ldif", 1, BAD "no-dn.ldif:5: expected 'dn:' at the "
	    "start of a record" },
	{ BAD "garbage.ldif", 0, BAD "garbage.ldif:1: expected 'dn:' at "
	    "the start of a record" },
	{ BAD "no-colon.ldif", 0, BAD "no-colon.ldif:3: expected "
	    "'attribute: value'" },
	{ BAD "bad-name.ldif", 0, BAD "bad-name.ldif:3: invalid attribute "
	    "name 'bad name'" },
	{ BAD "version.ldif", 0, BAD "version.ldif:1: unsupported LDIF "
	    "version '2'" },
	{ BAD "two-dn.ldif", 0, BAD "two-dn.ldif:4: second 'dn:' in a "
	    "record (is a blank line missing?)" },
	{ BAD "control.ldif", 0, BAD "control.ldif:2: 'control:' lines are "
	    "not supported (a snapshot holds entries)" },
	{ BAD "changetype-late.ldif", 0, BAD "changetype-late.ldif:3: "
	    "'changetype:' must directly follow 'dn:'" },
	{ BAD "dn-nul.ldif", 0, BAD "dn-nul.ldif:1: the dn holds a NUL "
	    "byte" },
	/* Raw bytes, checked as the reader streams through the records. */
	{ BAD "nul.ldif", 0, BAD "nul.ldif:3: unexpected NUL byte "
	    "(is this a binary file?)" },
	{ BAD "png.ldif", 0, BAD "png.ldif:3: unexpected NUL byte "
	    "(is this a binary file?)" },
	{ BAD "cr.ldif", 0, BAD "cr.ldif:1: carriage return without "
	    "a line feed" },
	{ BAD "include.ldif", 0, BAD "include.ldif:3: 'include:' "
	    "lines are not followed" },
	{ BAD "digit.ldif", 1, BAD "digit.ldif:4: expected 'dn:' at "
	    "the start of a record" },
};

START_TEST(test_next_bad)
{
	struct snapshot_reader *r;
	struct err e = { 0 };
	struct entry *ent;
	int n = 0, rc;

	r = snapshot_open(bad_next_cases[_i].path, &e);
	ck_assert_msg(r != NULL, "%s", e.msg);
	while ((rc = snapshot_next(r, &ent, &e)) == 1) {
		entry_free(ent);
		n++;
	}
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_null(ent);
	ck_assert_int_eq(n, bad_next_cases[_i].nentries);
	ck_assert_int_eq(e.kind, ERR_DATA);
	ck_assert_str_eq(e.msg, bad_next_cases[_i].msg);
	/* An error is sticky: never taken for the end. */
	err_clear(&e);
	ck_assert_int_eq(snapshot_next(r, &ent, &e), -1);
	ck_assert_str_eq(e.msg, bad_next_cases[_i].msg);
	snapshot_close(r);
}
END_TEST

/* Errors found when opening: I/O, and UTF-16 in the first bytes. */
static const struct {
	const char	*path;
	enum err_kind	 kind;
	const char	*msg;
} bad_open_cases[] = {
	{ BAD "missing.ldif", ERR_IO, BAD "missing.ldif: No such file or "
	    "directory" },
	{ "../data/ldif", ERR_IO, "../data/ldif: Is a directory" },
	{ BAD "utf16le.ldif", ERR_DATA, BAD "utf16le.ldif: " UTF16 },
	{ BAD "utf16be.ldif", ERR_DATA, BAD "utf16be.ldif: " UTF16 },
	{ BAD "utf16-nobom.ldif", ERR_DATA, BAD "utf16-nobom.ldif: " UTF16 },
};

START_TEST(test_open_bad)
{
	struct err e = { 0 };

	ck_assert_ptr_null(snapshot_open(bad_open_cases[_i].path, &e));
	ck_assert_int_eq(e.kind, bad_open_cases[_i].kind);
	ck_assert_str_eq(e.msg, bad_open_cases[_i].msg);
}
END_TEST

START_TEST(test_open_stdin)
{
	struct snapshot_reader *r;
	struct err e = { 0 };
	struct entry *ent;

	/* "-" reads stdin and names it "<stdin>" in messages. */
	ck_assert_ptr_nonnull(freopen(BAD "url.ldif", "rb", stdin));
	r = snapshot_open("-", &e);
	ck_assert_msg(r != NULL, "%s", e.msg);
	ck_assert_int_eq(snapshot_next(r, &ent, &e), -1);
	ck_assert_str_eq(e.msg, "<stdin>:3: attribute 'description': URL "
	    "values (':<') are not followed");
	snapshot_close(r);
}
END_TEST

/* Inputs built in memory: edges of the record and line logic. */
static const struct {
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	int		 rc;		/* snapshot_open_mem() NULL: -2 */
	const char	*out;		/* dump, or the message */
} mem_cases[] = {
	{ "", 0, 0, "" },
	{ "\xef\xbb\xbf", 0, 0, "" },
	{ "\n\n\r\n\n", 0, 0, "" },
	{ "version: 1\n", 0, 0, "" },
	{ "version: 1\n\n# numResponses: 0\n", 0, 0, "" },
	{ "# only\n#  comments\n  folded\n", 0, 0, "" },
	{ "version: 1\ndn: cn=a\ncn: a\n", 0, 0, "2 cn=a\n cn: a\n" },
	{ "dn:\nobjectClass: top\n", 0, 0, "1 \n objectClass: top\n" },
	{ "dn: cn=a\n", 0, 0, "1 cn=a\n" },
	{ "dn: cn=a\ncn:: \nx::QUJD\n", 0, 0, "1 cn=a\n cn: \n x: ABC\n" },
	{ "DN: cn=a\nChangeType: ADD\ncn: a\n", 0, 0, "1 cn=a\n cn: a\n" },
	{ "dn: cn=a\r\n\r\n\r\ndn: cn=b\r\n", 0, 0, "1 cn=a\n4 cn=b\n" },
	{ "\xef\xbb\xbf\r\ndn: cn=a\r\n", 0, 0, "2 cn=a\n" },
	{ "dn: cn=a\n\n\n\n", 0, 0, "1 cn=a\n" },
	{ "dn: cn=a\nc\n n: a\n\n# x\n\ndn: cn=b\n", 0, 0,
	    "1 cn=a\n cn: a\n7 cn=b\n" },
	{ "dn: cn=a\ncn: a\nversion: 2\n", 0, 0,
	    "1 cn=a\n cn: a\n version: 2\n" },
	{ "dn: cn=a\ncn: a\n\nversion: 1\n", 0, -1,
	    "<mem>:4: expected 'dn:' at the start of a record" },
	{ "dn: cn=a\ncn\n", 0, -1, "<mem>:2: expected 'attribute: value'" },
	{ " dn: cn=a\n", 0, -1,
	    "<mem>:1: expected 'dn:' at the start of a record" },
	{ "dn: cn=a\n\tcn: a\n", 0, -1,
	    "<mem>:2: invalid attribute name '?cn'" },
	{ "dn: cn=a\ncn : a\n", 0, -1,
	    "<mem>:2: invalid attribute name 'cn '" },
	{ "dn: cn=a\ncn;: a\n", 0, -1,
	    "<mem>:2: invalid attribute name 'cn;'" },
	{ "dn: cn=a\n;x: a\n", 0, -1,
	    "<mem>:2: invalid attribute name ';x'" },
	{ "dn: cn=a\ncn::QQ\n", 0, -1,
	    "<mem>:2: attribute 'cn': invalid base64" },
	{ "dn: cn=a\ncn:: Q===\n", 0, -1,
	    "<mem>:2: attribute 'cn': invalid base64" },
	{ "dn: cn=a\ncn:: QUJD \n", 0, -1,
	    "<mem>:2: attribute 'cn': invalid base64" },
	{ "dn: cn=a\ncn:: QU\n JD\n", 0, 0, "1 cn=a\n cn: ABC\n" },
	{ "dn: cn=a\ncn:\n < file:///etc/passwd\n", 0, -1,
	    "<mem>:2: attribute 'cn': URL values (':<') are not followed" },
	{ "dn: cn=a\ncn: <not a url\ncn: :colon\n", 0, 0,
	    "1 cn=a\n cn: <not a url\n cn: :colon\n" },
	{ "dn: cn=a\n\n1 index\ndn: cn=b\n", 0, -1,
	    "<mem>:3: expected 'dn:' at the start of a record" },
	{ "dn: cn=a\n\n# c\nInclude: file:///etc/passwd\n", 0, -1,
	    "<mem>:4: 'include:' lines are not followed" },
	{ "dn: cn=a\ninclude: x\n", 0, 0, "1 cn=a\n include: x\n" },
	{ "dn: cn=a\ncn: a\r", 0, -1,
	    "<mem>:2: carriage return without a line feed" },
	{ "dn: cn=a\ncn: a\0b\n", 15, -1,
	    "<mem>:2: unexpected NUL byte (is this a binary file?)" },
	{ "\0\0\0\0\n", 5, -1,
	    "<mem>:1: unexpected NUL byte (is this a binary file?)" },
	{ "\0d\0n\0:\0 \0x\0\n", 12, -2, "<mem>: " UTF16 },
	{ "dn: cn=a\n\n\ndn: cn=b\ncn: \x1b[31mred\ndescription:: G1sy\n"
	    "changetype: modify\x1b[0m\n", 0, -1,
	    "<mem>:7: 'changetype:' must directly follow 'dn:'" },
	{ "dn: cn=a\nchangetype: \x1b]0;x\x07\n", 0, -1,
	    "<mem>:2: changetype '?]0;x?' is not supported (a snapshot "
	    "holds entries)" },
};

START_TEST(test_open_mem)
{
	struct snapshot_reader *r;
	struct err e = { 0 };
	size_t len = mem_cases[_i].len;
	char *got;
	int rc;

	if (len == 0)
		len = strlen(mem_cases[_i].in);
	r = snapshot_open_mem("<mem>", mem_cases[_i].in, len, &e);
	if (mem_cases[_i].rc == -2) {
		ck_assert_ptr_null(r);
		ck_assert_int_eq(e.kind, ERR_DATA);
		ck_assert_str_eq(e.msg, mem_cases[_i].out);
		return;
	}
	ck_assert_msg(r != NULL, "%s", e.msg);
	got = dump(r, &e, &rc);
	ck_assert_int_eq(rc, mem_cases[_i].rc);
	if (rc == 0)
		ck_assert_str_eq(got, mem_cases[_i].out);
	else
		ck_assert_str_eq(e.msg, mem_cases[_i].out);
	free(got);
	snapshot_close(r);
}
END_TEST

/*
 * ldif_read_record() read 4 KB fgets() chunks: a CR LF or a fold that
 * straddled two chunks must read the same as anywhere else, and the line
 * numbers must stay right.  Kept as a regression test; the reader's own
 * boundary is tested by test_open_mem_boundary.
 */
START_TEST(test_open_mem_chunks)
{
	struct snapshot_reader *r;
	struct err e = { 0 };
	struct entry *ent;
	const struct entry_val *v;
	char *in, *p;
	size_t vlen, n;
	int rc;

	/* value lengths put "\r\n", "\n " around offset 4095 */
	for (vlen = 4085; vlen < 4100; vlen++) {
		in = xmalloc(2 * vlen + 100);
		p = in;
		p += sprintf(p, "dn: cn=a\r\nx: ");
		memset(p, 'v', vlen);
		p += vlen;
		p += sprintf(p, "\r\ny: ");
		memset(p, 'w', vlen);
		p += vlen;
		p += sprintf(p, "\r\n w\r\n\r\ndn: cn=b\r\n");
		n = (size_t)(p - in);
		r = snapshot_open_mem("<mem>", in, n, &e);
		ck_assert_msg(r != NULL, "%s", e.msg);
		rc = snapshot_next(r, &ent, &e);
		ck_assert_msg(rc == 1, "%s", e.msg);
		v = entry_get1(ent, "x");
		ck_assert_uint_eq(v->len, vlen);
		ck_assert_ptr_null(memchr(v->val, '\r', v->len));
		v = entry_get1(ent, "y");
		ck_assert_uint_eq(v->len, vlen + 1);
		ck_assert_ptr_null(memchr(v->val, '\r', v->len));
		ck_assert_ptr_null(memchr(v->val, ' ', v->len));
		entry_free(ent);
		rc = snapshot_next(r, &ent, &e);
		ck_assert_msg(rc == 1, "%s", e.msg);
		ck_assert_uint_eq(ent->line, 6);
		entry_free(ent);
		ck_assert_int_eq(snapshot_next(r, &ent, &e), 0);
		snapshot_close(r);
		free(in);
	}
}
END_TEST

/*
 * A 10 MB line (an absurd security descriptor) reads, and fast: the
 * buffer doubles, it does not grow by a chunk at a time.
 */
START_TEST(test_open_mem_long)
{
	struct snapshot_reader *r;
	struct err e = { 0 };
	struct entry *ent;
	const struct entry_val *v;
	size_t b64 = 10 * 1024 * 1024, n;
	char *in, path[64];

	in = xmalloc(b64 + 100);
	n = (size_t)sprintf(in, "dn: cn=a\nnTSecurityDescriptor:: ");
	memset(in + n, 'A', b64);
	n += b64;
	n += (size_t)sprintf(in + n, "\ncn: a\n");
	r = snapshot_open_mem("<mem>", in, n, &e);
	ck_assert_msg(r != NULL, "%s", e.msg);
	ck_assert_int_eq(snapshot_next(r, &ent, &e), 1);
	v = entry_get1(ent, "nTSecurityDescriptor");
	ck_assert_uint_eq(v->len, b64 / 4 * 3);
	ck_assert_ptr_nonnull(entry_get1(ent, "cn"));
	entry_free(ent);
	ck_assert_int_eq(snapshot_next(r, &ent, &e), 0);
	ck_assert_uint_le(snapshot_buffer_peak(r), 4 * n + 1);
	snapshot_close(r);

	/* The same from a file, through fread(). */
	tmp_write(in, n, path);
	r = snapshot_open(path, &e);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_msg(r != NULL, "%s", e.msg);
	ck_assert_int_eq(snapshot_next(r, &ent, &e), 1);
	v = entry_get1(ent, "nTSecurityDescriptor");
	ck_assert_uint_eq(v->len, b64 / 4 * 3);
	ck_assert_uint_eq(entry_get1(ent, "cn")->len, 1);
	entry_free(ent);
	ck_assert_int_eq(snapshot_next(r, &ent, &e), 0);
	ck_assert_uint_le(snapshot_buffer_peak(r), 4 * n + 1);
	snapshot_close(r);

	/* The same line as a plain value with a bad byte at its end. */
	memset(in, 'x', b64);
	memcpy(in, "dn: cn=a\ndescription:: ", 23);
	in[b64 - 1] = '!';
	r = snapshot_open_mem("<mem>", in, b64, &e);
	ck_assert_msg(r != NULL, "%s", e.msg);
	ck_assert_int_eq(snapshot_next(r, &ent, &e), -1);
	ck_assert_str_eq(e.msg, "<mem>:2: attribute 'description': invalid "
	    "base64");
	snapshot_close(r);
	free(in);
}
END_TEST

/*
 * Records across the first read-buffer boundary: the tail below starts
 * at every offset from SNAPSHOT_CHUNK - strlen(tail) - 1 to
 * SNAPSHOT_CHUNK, after a padding record, so that each of its bytes (a
 * CR LF pair, a fold, a blank line, a comment) straddles the boundary
 * once.  The entries and their line numbers must not change.
 */
static const struct {
	const char	*tail;
	size_t		 len;		/* 0: strlen(tail) */
	int		 rc;		/* snapshot_next()'s last result */
	const char	*out;		/* dump after the padding entry, or
					 * the message */
} boundary_cases[] = {
	{ "# comment\r\n"
	  "dn: cn=a,dc=example\r\n"
	  "cn: a\r\n"
	  "description: fol\r\n"
	  " ded\r\n"
	  "# inner\r\n"
	  " folded comment\r\n"
	  "objectGUID:: AAECAwQFBgcI\r\n"
	  " CQoLDA0ODw==\r\n"
	  "\r\n"
	  "\r\n"
	  "dn: cn=b\n"
	  "cn: b", 0, 0,
	    "5 cn=a,dc=example\n"
	    " cn: a\n"
	    " description: folded\n"
	    " objectGUID: " GUID16 "\n"
	    "15 cn=b\n"
	    " cn: b\n" },
	{ "dn: cn=a\r\ncn: a\r\n", 0, 0, "4 cn=a\n cn: a\n" },
	{ "dn: cn=a\r\ncn: a\rb\r\n", 0, -1,
	    "<mem>:5: carriage return without a line feed" },
	{ "dn: cn=a\r\ncn: a\r", 0, -1,
	    "<mem>:5: carriage return without a line feed" },
	{ "dn: cn=a\n\n# x\n\n\ninclude: x\n", 0, -1,
	    "<mem>:9: 'include:' lines are not followed" },
	{ "dn: cn=a\n\n7\n", 0, -1,
	    "<mem>:6: expected 'dn:' at the start of a record" },
	{ "dn: cn=a\ncn: a\0\n", 17, -1,
	    "<mem>:5: unexpected NUL byte (is this a binary file?)" },
	{ "dn: cn=a\ncn:< file:///etc/passwd\n", 0, -1,
	    "<mem>:5: attribute 'cn': URL values (':<') are not followed" },
};

START_TEST(test_open_mem_boundary)
{
	const char *tail = boundary_cases[_i].tail;
	size_t tlen = boundary_cases[_i].len, pad, k, n;
	struct snapshot_reader *r;
	struct err e = { 0 };
	char *in, *got, *want = NULL;
	int rc;

	if (tlen == 0)
		tlen = strlen(tail);
	in = xmalloc(SNAPSHOT_CHUNK + tlen);
	for (k = 0; k <= tlen + 1; k++) {
		/* "dn: cn=pad\ndescription: " pad "\n\n", then the tail */
		pad = SNAPSHOT_CHUNK - k - 26;
		n = (size_t)sprintf(in, "dn: cn=pad\ndescription: ");
		memset(in + n, 'p', pad);
		n += pad;
		in[n++] = '\n';
		in[n++] = '\n';
		ck_assert_uint_eq(n, SNAPSHOT_CHUNK - k);
		memcpy(in + n, tail, tlen);
		n += tlen;
		(void)xasprintf(&want, "1 cn=pad\n description: "
		    "pppppppppppppppp... (%zu)\n%s", pad,
		    boundary_cases[_i].rc == 0 ?
		    boundary_cases[_i].out : "");
		r = snapshot_open_mem("<mem>", in, n, &e);
		ck_assert_msg(r != NULL, "%s", e.msg);
		got = dump(r, &e, &rc);
		ck_assert_msg(rc == boundary_cases[_i].rc, "k %zu: %s", k,
		    e.msg);
		if (rc == -1)
			ck_assert_str_eq(e.msg, boundary_cases[_i].out);
		if (rc == -1 && strncmp(tail, "dn: cn=a\n\n", 10) == 0) {
			/* cn=a was read before the error */
			ck_assert_ptr_nonnull(strstr(got, "\n4 cn=a\n"));
		} else
			ck_assert_str_eq(got, want);
		ck_assert_uint_le(snapshot_buffer_peak(r), SNAPSHOT_CHUNK + 1);
		free(got);
		free(want);
		snapshot_close(r);
	}
	free(in);
}
END_TEST

/*
 * The input is streamed: a 50 MB file of records shaped like a snapshot
 * (a 2.5 KB nTSecurityDescriptor each), with one 1 MB record in the
 * middle, reads with a buffer of at most a few times that record, and
 * without it in one SNAPSHOT_CHUNK.  Read from a path and from stdin.
 */
START_TEST(test_open_bounded)
{
	static const size_t total = 50 * 1024 * 1024, sdlen = 2500,
	    biglen = 1024 * 1024;
	struct snapshot_reader *r;
	struct entry *ent;
	struct err e = { 0 };
	const struct entry_val *v;
	char path[64], *sd, *in;
	size_t n = 0, nrec = 0, i, big, maxrec = 0, start, pass;
	FILE *fp;

	sd = xmalloc(biglen);
	memset(sd, 'A', biglen);
	in = xmalloc(total + biglen + 200);
	for (pass = 0; pass < 2; pass++) {
		/* pass 0 without the big record, pass 1 with it */
		n = nrec = maxrec = 0;
		big = pass == 0 ? (size_t)-1 : 9000;
		while (n < total) {
			start = n;
			n += (size_t)sprintf(in + n,
			    "dn: cn=c%06zu,dc=example\n"
			    "objectClass: top\ncn: c%06zu\n"
			    "nTSecurityDescriptor:: ", nrec, nrec);
			memcpy(in + n, sd, nrec == big ? biglen : sdlen);
			n += nrec == big ? biglen : sdlen;
			n += (size_t)sprintf(in + n, "\n\n");
			if (n - start > maxrec)
				maxrec = n - start;
			nrec++;
		}
		tmp_write(in, n, path);
		if (pass == 0) {
			r = snapshot_open(path, &e);
		} else {
			fp = freopen(path, "rb", stdin);
			ck_assert_ptr_nonnull(fp);
			r = snapshot_open("-", &e);
		}
		ck_assert_int_eq(unlink(path), 0);
		ck_assert_msg(r != NULL, "%s", e.msg);
		for (i = 0; i < nrec; i++) {
			ck_assert_int_eq(snapshot_next(r, &ent, &e), 1);
			ck_assert_uint_eq(ent->line, 1 + 5 * i);
			v = entry_get1(ent, "nTSecurityDescriptor");
			ck_assert_uint_eq(v->len, (i == big ? biglen : sdlen) /
			    4 * 3);
			entry_free(ent);
		}
		ck_assert_int_eq(snapshot_next(r, &ent, &e), 0);
		if (pass == 0) {
			ck_assert_uint_le(snapshot_buffer_peak(r),
			    SNAPSHOT_CHUNK + 1);
		} else {
			ck_assert_uint_ge(snapshot_buffer_peak(r), maxrec);
			ck_assert_uint_le(snapshot_buffer_peak(r),
			    4 * maxrec + 1);
		}
		snapshot_close(r);
	}
	free(in);
	free(sd);
}
END_TEST

START_TEST(test_close)
{
	struct err e = { 0 };
	struct snapshot_reader *r;

	snapshot_close(NULL);
	/* Closing before the end frees everything. */
	r = snapshot_open(GOOD "ldapsearch.ldif", &e);
	ck_assert_ptr_nonnull(r);
	snapshot_close(r);
}
END_TEST

/* Everything written to a memory stream by f(w), as a string. */
static char *
written(const char *const *header, const struct entry *const *ents,
    size_t n, struct err *e, int *rc)
{
	struct snapshot_writer *w;
	char *buf = NULL;
	size_t size = 0, i;
	FILE *fp;

	fp = open_memstream(&buf, &size);
	ck_assert_ptr_nonnull(fp);
	w = snapshot_writer_new(fp, header);
	*rc = 0;
	for (i = 0; i < n && *rc == 0; i++)
		*rc = snapshot_write(w, ents[i], e);
	if (*rc == 0)
		*rc = snapshot_writer_end(w, e);
	snapshot_writer_free(w);
	fclose(fp);
	return buf;
}

/* Is every line of s at most 76 columns? */
static bool
lines_fit(const char *s)
{
	const char *nl;

	for (; *s != '\0'; s = nl + 1) {
		nl = strchr(s, '\n');
		ck_assert_ptr_nonnull(nl);
		if (nl - s > 76)
			return false;
	}
	return true;
}

START_TEST(test_writer_new)
{
	const char *hdr[] = { "rcaudit snapshot", "two\r\nlines", "", NULL };
	const char *empty[] = { NULL };
	char *got, longhdr[200];
	const char *lhdr[] = { longhdr, NULL };
	struct err e = { 0 };
	int rc;

	got = written(NULL, NULL, 0, &e, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(got, "version: 1\n\n");
	free(got);
	got = written(empty, NULL, 0, &e, &rc);
	ck_assert_str_eq(got, "version: 1\n\n");
	free(got);
	/* A newline in a header cannot end the comment. */
	got = written(hdr, NULL, 0, &e, &rc);
	ck_assert_str_eq(got, "# rcaudit snapshot\n# two\n# lines\n#\n"
	    "version: 1\n\n");
	free(got);
	/* Long comments fold (a folded comment is still a comment). */
	memset(longhdr, 'h', sizeof(longhdr) - 1);
	longhdr[sizeof(longhdr) - 1] = '\0';
	got = written(lhdr, NULL, 0, &e, &rc);
	ck_assert(lines_fit(got));
	ck_assert_int_eq(strncmp(got, "# hhh", 5), 0);
	ck_assert_ptr_nonnull(strstr(got, "\n hhh"));
	free(got);
}
END_TEST

START_TEST(test_write)
{
	struct entry *ent;
	const struct entry *ents[1];
	struct err e = { 0 };
	char *got;
	int rc;

	ent = entry_new("cn=Default EX01,dc=example", 0);
	entry_add(ent, "objectClass", "top", 3);
	entry_add(ent, "objectClass", "msExchSmtpReceiveConnector", 26);
	entry_add(ent, "member;range=0-1", "cn=a", 4);
	entry_add(ent, "description", " lead", 5);
	entry_add(ent, "description", "", 0);
	entry_add(ent, "objectGUID", "\x00\x01\x02", 3);
	entry_add(ent, "description", "0123456789012345678901234567890123"
	    "456789012345678901234567890123456789", 70);
	ents[0] = ent;
	got = written(NULL, ents, 1, &e, &rc);
	ck_assert_msg(rc == 0, "%s", e.msg);
	ck_assert_str_eq(got, "version: 1\n\n"
	    "dn: cn=Default EX01,dc=example\n"
	    "objectClass: top\n"
	    "objectClass: msExchSmtpReceiveConnector\n"
	    "member;range=0-1: cn=a\n"
	    "description:: IGxlYWQ=\n"
	    "description:\n"
	    "description: 0123456789012345678901234567890123456789012345678"
	    "90123456789012\n"
	    " 3456789\n"
	    "objectGUID:: AAEC\n"
	    "\n");
	free(got);
	entry_free(ent);

	/* A name LDIF cannot carry is an error, not a broken file. */
	ent = entry_new("cn=x", 0);
	entry_add(ent, "bad\nname", "x", 1);
	ents[0] = ent;
	got = written(NULL, ents, 1, &e, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(e.kind, ERR_DATA);
	ck_assert_str_eq(e.msg, "cn=x: invalid attribute name 'bad?name'");
	ck_assert_str_eq(got, "version: 1\n\n");
	free(got);
	entry_free(ent);
}
END_TEST

/* Values that must survive a write and a read unchanged. */
static const struct {
	const char	*val;
	size_t		 len;		/* 0: strlen(val) */
} rt_cases[] = {
	{ "plain", 0 },
	{ "", 0 },
	{ " leading space", 0 },
	{ "trailing space ", 0 },
	{ "  ", 0 },
	{ ":colon first", 0 },
	{ "<angle first", 0 },
	{ "<file:///etc/passwd", 0 },
	{ "mid: colon < angle", 0 },
	{ "non-ASCII \xc3\xa9\xc3\xbc \xe4\xb8\xad", 0 },
	{ "line\nbreak", 0 },
	{ "cr\rhere", 0 },
	{ "crlf\r\n", 0 },
	{ "\n", 0 },
	{ "tab\there", 0 },
	{ "del\x7f", 0 },
	{ "a\0b", 3 },
	{ "\0", 1 },
	{ "#not a comment", 0 },
	{ "-", 0 },
	{ "=", 0 },
	{ "dn: cn=fake\n\ndn: cn=injected", 0 },
	{ "\xef\xbb\xbf" "bom", 0 },
	{ "\xff\xfe", 0 },
};

/* Write an entry with dn and one value, read it back, compare. */
static void
round_trip(const char *dn, const char *desc, const char *val, size_t len)
{
	struct snapshot_reader *r;
	struct entry *ent, *back;
	const struct entry *ents[1];
	const struct entry_attr *a;
	struct err e = { 0 };
	char *out;
	int rc;

	ent = entry_new(dn, 0);
	entry_add(ent, desc, val, len);
	entry_add(ent, desc, val, len);
	ents[0] = ent;
	out = written(NULL, ents, 1, &e, &rc);
	ck_assert_msg(rc == 0, "%s", e.msg);
	ck_assert(lines_fit(out));
	r = snapshot_open_mem("<rt>", out, strlen(out), &e);
	ck_assert_msg(r != NULL, "%s", e.msg);
	rc = snapshot_next(r, &back, &e);
	ck_assert_msg(rc == 1, "%s\n%s", e.msg, out);
	ck_assert_str_eq(back->dn, dn);
	ck_assert_uint_eq(back->line, 3);
	ck_assert_uint_eq(back->nattrs, 1);
	a = &back->attrs[0];
	ck_assert_str_eq(a->name, ent->attrs[0].name);
	if (ent->attrs[0].options == NULL)
		ck_assert_ptr_null(a->options);
	else
		ck_assert_str_eq(a->options, ent->attrs[0].options);
	ck_assert_uint_eq(a->nvals, 2);
	ck_assert_uint_eq(a->vals[0].len, len);
	ck_assert_uint_eq(a->vals[1].len, len);
	ck_assert_int_eq(memcmp(a->vals[0].val, val, len), 0);
	ck_assert_int_eq(memcmp(a->vals[1].val, val, len), 0);
	entry_free(back);
	ck_assert_int_eq(snapshot_next(r, &back, &e), 0);
	snapshot_close(r);
	entry_free(ent);
	free(out);
}

START_TEST(test_write_round_trip)
{
	size_t len = rt_cases[_i].len;

	if (len == 0)
		len = strlen(rt_cases[_i].val);
	round_trip("cn=x,dc=example", "description", rt_cases[_i].val, len);
	round_trip("cn=x,dc=example", "member;range=0-1499",
	    rt_cases[_i].val, len);
	/* The same bytes as a DN, where they hold no NUL. */
	if (memchr(rt_cases[_i].val, '\0', len) == NULL)
		round_trip(rt_cases[_i].val, "cn", "x", 1);
}
END_TEST

START_TEST(test_write_round_trip_binary)
{
	char bin[256], text[301];
	size_t i;

	for (i = 0; i < sizeof(bin); i++)
		bin[i] = (char)i;
	round_trip("cn=bin", "nTSecurityDescriptor", bin, sizeof(bin));
	round_trip("cn=bin", "nTSecurityDescriptor", bin + 1, 254);
	round_trip("cn=bin", "nTSecurityDescriptor", bin + 2, 253);
	for (i = 0; i < sizeof(text) - 1; i++)
		text[i] = (char)('a' + i % 26);
	text[300] = '\0';
	round_trip("cn=text", "description", text, 300);
	round_trip(text + 200, "description", text, 76);
}
END_TEST

START_TEST(test_writer_end)
{
	struct snapshot_writer *w;
	struct entry *ent;
	struct err e = { 0 };
	FILE *fp;

	fp = fopen("/dev/full", "w");
	if (fp == NULL)
		return;			/* no /dev/full here */
	ent = entry_new("cn=x", 0);
	entry_add(ent, "cn", "x", 1);
	w = snapshot_writer_new(fp, NULL);
	(void)snapshot_write(w, ent, &e);
	ck_assert_int_eq(snapshot_writer_end(w, &e), -1);
	ck_assert_int_eq(e.kind, ERR_IO);
	ck_assert_str_eq(e.msg, "cannot write the snapshot: No space left "
	    "on device");
	/* Sticky: later writes fail too. */
	err_clear(&e);
	ck_assert_int_eq(snapshot_write(w, ent, &e), -1);
	ck_assert_int_eq(e.kind, ERR_IO);
	snapshot_writer_free(w);
	entry_free(ent);
	fclose(fp);
}
END_TEST

START_TEST(test_writer_free)
{
	snapshot_writer_free(NULL);
}
END_TEST

Suite *
suite_snapshot(void)
{
	Suite *s = suite_create("snapshot");
	TCase *tc;

	tc = tcase_create("snapshot_open");
	tcase_add_loop_test(tc, test_open_bad, 0, NELEM(bad_open_cases));
	tcase_add_test(tc, test_open_stdin);
	tcase_add_test(tc, test_open_bounded);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	tc = tcase_create("snapshot_open_mem");
	tcase_add_loop_test(tc, test_open_mem, 0, NELEM(mem_cases));
	tcase_add_test(tc, test_open_mem_chunks);
	tcase_add_test(tc, test_open_mem_long);
	tcase_add_loop_test(tc, test_open_mem_boundary, 0,
	    NELEM(boundary_cases));
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	tc = tcase_create("snapshot_next");
	tcase_add_loop_test(tc, test_next_good, 0, NELEM(good_cases));
	tcase_add_loop_test(tc, test_next_bad, 0, NELEM(bad_next_cases));
	suite_add_tcase(s, tc);
	tc = tcase_create("snapshot_close");
	tcase_add_test(tc, test_close);
	suite_add_tcase(s, tc);
	tc = tcase_create("snapshot_writer_new");
	tcase_add_test(tc, test_writer_new);
	suite_add_tcase(s, tc);
	tc = tcase_create("snapshot_write");
	tcase_add_test(tc, test_write);
	tcase_add_loop_test(tc, test_write_round_trip, 0, NELEM(rt_cases));
	tcase_add_test(tc, test_write_round_trip_binary);
	suite_add_tcase(s, tc);
	tc = tcase_create("snapshot_writer_end");
	tcase_add_test(tc, test_writer_end);
	suite_add_tcase(s, tc);
	tc = tcase_create("snapshot_writer_free");
	tcase_add_test(tc, test_writer_free);
	suite_add_tcase(s, tc);
	return s;
}
