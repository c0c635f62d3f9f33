/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: the LDIF snapshot reader (snapshot_open_mem,
 * snapshot_next) and writer (snapshot_write).  Input: an LDIF file.
 * Properties checked, beyond "no crash, no sanitizer report, no file
 * read":
 *   - an error from snapshot_next() is ERR_DATA (bad input is never an
 *     internal error) and reads
 *     "fuzz:LINE: ..." with LINE a line of the input; the error is
 *     sticky (the next call fails too);
 *   - every entry's line is a line of the input;
 *   - the entries read before the end (or the error), written back with
 *     snapshot_writer and read again, are the same entries: DN, then
 *     attribute names, options and values, byte for byte, in order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "err.h"
#include "fuzz.h"
#include "snapshot.h"

#define NAME		"fuzz"
#define MAX_ENTRIES	256

static unsigned long
count_lines(const uint8_t *p, size_t n)
{
	unsigned long lines = 1;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '\n')
			lines++;
	return lines;
}

static void
check_error(const struct err *e, unsigned long lines)
{
	const char *p = e->msg + strlen(NAME ":");
	char *end;
	unsigned long lno;

	FUZZ_CHECK(e->kind == ERR_DATA, "error kind %d: %s", (int)e->kind,
	    e->msg);
	FUZZ_CHECK(strncmp(e->msg, NAME ":", strlen(NAME ":")) == 0,
	    "message does not start with the name: '%s'", e->msg);
	FUZZ_CHECK(*p >= '0' && *p <= '9', "no line number: '%s'", e->msg);
	lno = strtoul(p, &end, 10);
	FUZZ_CHECK(*end == ':', "no ':' after the line number: '%s'",
	    e->msg);
	FUZZ_CHECK(lno >= 1 && lno <= lines, "line %lu of %lu: '%s'", lno,
	    lines, e->msg);
}

static void
same_entry(const struct entry *a, const struct entry *b, size_t k)
{
	const struct entry_attr *x, *y;
	size_t i, j;

	FUZZ_CHECK(strcmp(a->dn, b->dn) == 0, "entry %zu: dn '%s' vs '%s'",
	    k, a->dn, b->dn);
	FUZZ_CHECK(a->nattrs == b->nattrs, "entry %zu: %zu attrs vs %zu", k,
	    a->nattrs, b->nattrs);
	for (i = 0; i < a->nattrs; i++) {
		x = &a->attrs[i];
		y = &b->attrs[i];
		FUZZ_CHECK(strcmp(x->name, y->name) == 0, "entry %zu: attr "
		    "'%s' vs '%s'", k, x->name, y->name);
		FUZZ_CHECK((x->options == NULL) == (y->options == NULL) &&
		    (x->options == NULL ||
		    strcmp(x->options, y->options) == 0), "entry %zu: attr "
		    "'%s': options '%s' vs '%s'", k, x->name,
		    x->options ? x->options : "(none)",
		    y->options ? y->options : "(none)");
		FUZZ_CHECK(x->nvals == y->nvals, "entry %zu: attr '%s': %zu "
		    "values vs %zu", k, x->name, x->nvals, y->nvals);
		for (j = 0; j < x->nvals; j++)
			FUZZ_CHECK(x->vals[j].len == y->vals[j].len &&
			    memcmp(x->vals[j].val, y->vals[j].val,
			    x->vals[j].len) == 0, "entry %zu: attr '%s': "
			    "value %zu differs (%zu vs %zu bytes)", k,
			    x->name, j, x->vals[j].len, y->vals[j].len);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snapshot_reader *r;
	struct snapshot_writer *w;
	struct entry *ents[MAX_ENTRIES], *ent = NULL;
	struct err e;
	unsigned long lines = count_lines(data, size);
	size_t n = 0, k, outlen = 0;
	char *out = NULL;
	FILE *fp;
	int rc;

	if ((r = snapshot_open_mem(NAME, data, size, &e)) == NULL) {
		FUZZ_CHECK(strncmp(e.msg, NAME ": ", strlen(NAME ": ")) == 0,
		    "open: '%s'", e.msg);
		return 0;
	}
	while (n < MAX_ENTRIES && (rc = snapshot_next(r, &ent, &e)) == 1) {
		FUZZ_CHECK(ent != NULL && ent->dn != NULL, "no entry");
		FUZZ_CHECK(ent->line >= 1 && ent->line <= lines,
		    "entry line %lu of %lu", ent->line, lines);
		ents[n++] = ent;
		ent = NULL;
	}
	if (n < MAX_ENTRIES && rc == -1) {
		check_error(&e, lines);
		FUZZ_CHECK(snapshot_next(r, &ent, &e) == -1,
		    "error is not sticky");
	}
	snapshot_close(r);

	/* Write back what was read, read it again. */
	fp = open_memstream(&out, &outlen);
	FUZZ_CHECK(fp != NULL, "open_memstream");
	w = snapshot_writer_new(fp, NULL);
	for (k = 0; k < n; k++)
		FUZZ_CHECK(snapshot_write(w, ents[k], &e) == 0,
		    "entry %zu read but not written: %s", k, e.msg);
	FUZZ_CHECK(snapshot_writer_end(w, &e) == 0, "writer: %s", e.msg);
	snapshot_writer_free(w);
	fclose(fp);

	r = snapshot_open_mem(NAME, out, outlen, &e);
	FUZZ_CHECK(r != NULL, "reopen: %s", e.msg);
	for (k = 0; k < n; k++) {
		rc = snapshot_next(r, &ent, &e);
		FUZZ_CHECK(rc == 1, "entry %zu written but not read back: %s"
		    "\n--- written:\n%s", k, rc == -1 ? e.msg : "end", out);
		same_entry(ents[k], ent, k);
		entry_free(ent);
		ent = NULL;
	}
	rc = snapshot_next(r, &ent, &e);
	FUZZ_CHECK(rc == 0, "more than was written: %d", rc);
	snapshot_close(r);

	for (k = 0; k < n; k++)
		entry_free(ents[k]);
	free(out);
	return 0;
}
