/* SPDX-License-Identifier: ISC */
/*
 * LDIF snapshots (RFC 2849) in and out, on libldap's own LDIF API.  The
 * reader never follows "attr:< URL" values: a snapshot from elsewhere must
 * not make rcaudit read local files.
 */
#ifndef RCA_SNAPSHOT_H
#define RCA_SNAPSHOT_H

#include <stdio.h>

#include "entry.h"
#include "err.h"

struct snapshot_reader;
struct snapshot_writer;

/*
 * Open path ("-" for stdin) for reading.  Returns NULL on error (ERR_IO
 * "path: No such file or directory", or ERR_DATA for a UTF-16 file).
 * The input is streamed: memory is bounded by the largest record, not the
 * file, and the raw bytes of each record are checked when snapshot_next()
 * reaches it, so ERR_DATA "path:line: ..." for NUL bytes, a CR without
 * LF, or an "include:" line comes from snapshot_next().
 */
struct snapshot_reader *snapshot_open(const char *, struct err *);
/* Like snapshot_open() over a copy of len bytes; name is for messages. */
struct snapshot_reader *snapshot_open_mem(const char *, const void *,
	    size_t, struct err *);
/*
 * Read the next entry into *out (caller frees with entry_free).  Returns
 * 1 with an entry, 0 at the end, -1 on error with "file:line: message"
 * (ERR_DATA).  Entries of every class are returned; changetype: add
 * records read as entries, other change types are errors.
 */
int	snapshot_next(struct snapshot_reader *, struct entry **, struct err *);
void	snapshot_close(struct snapshot_reader *);

/* The reader reads its input SNAPSHOT_CHUNK bytes at a time. */
#define SNAPSHOT_CHUNK	65536
/*
 * The largest read buffer the reader has held so far, in bytes: at most
 * a few times the largest record (or SNAPSHOT_CHUNK).  For tests.
 */
size_t	snapshot_buffer_peak(const struct snapshot_reader *);

/*
 * Write entries to fp (borrowed, not closed).  The header lines, if not
 * NULL, are written as "# " comments before "version: 1".
 */
struct snapshot_writer *snapshot_writer_new(FILE *, const char *const *);
/* Binary and unsafe values are written base64, long lines folded. */
int	snapshot_write(struct snapshot_writer *, const struct entry *,
	    struct err *);
/* Flush the stream; ERR_IO if any write failed.  fp stays open. */
int	snapshot_writer_end(struct snapshot_writer *, struct err *);
void	snapshot_writer_free(struct snapshot_writer *);

#endif /* RCA_SNAPSHOT_H */
