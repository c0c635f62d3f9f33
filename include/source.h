/* SPDX-License-Identifier: ISC */
/*
 * Where entries come from: an LDIF snapshot (snapshot.h) or the live
 * directory (ad.h), behind one small interface, so that main reads both
 * the same way.
 */
#ifndef RCA_SOURCE_H
#define RCA_SOURCE_H

#include <stddef.h>

#include "ad.h"
#include "entry.h"
#include "err.h"

struct source_opts {
	const char	*file;		/* -f: an LDIF snapshot, "-" stdin */
	struct ad_opts	 ad;		/* else: the directory (-H ...) */
};

/* How the source was read; strings borrowed from the source. */
struct source_info {
	const char	*kind;		/* "ldif" or "ldap" */
	const char	*uri;		/* the file, or the URI that answered */
	const char	*server;	/* dnsHostName, or NULL */
	const char	*base;		/* search base, NULL for a file */
	const char	*identity;	/* bind identity, NULL for a file */
	const char	*mech;		/* bind mechanism, NULL for a file */
	unsigned	 ssf;		/* SASL security strength factor */
	const char	*tls;		/* TLS version, or NULL */
	const char	*skipped;	/* failed URIs before this one, or NULL */
	const char	*names_error;	/* names for evidence not read, or NULL */
};

struct source;

/*
 * Open the snapshot (opts->file set) or connect to the directory; the
 * directory is then read ahead on a thread of its own (source.c).
 * Returns NULL with the reader's error (ERR_IO/ERR_DATA for a file,
 * ERR_USAGE/ERR_DIR for the directory).  Free with source_close().
 */
struct source *source_open(const struct source_opts *, struct err *);
/*
 * The next entry into *out (give it back with source_done()): 1 with an
 * entry, 0 at the end, -1 on error; like snapshot_next().  Call it
 * from source_open()'s thread only.
 */
int	source_next(struct source *, struct entry **, struct err *);
/*
 * Done with an entry from source_next(): free it, or keep its memory for
 * the next entries.  Same thread as source_next().
 */
void	source_done(struct source *, struct entry *);
/* Borrowed, valid until source_close(). */
const struct source_info *source_info(const struct source *);
/*
 * One line describing how the source was read, e.g. "ldaps://dc01/
 * (server dc01.corp.example, base ..., identity ..., mechanism GSSAPI,
 * SASL SSF 0, TLS TLS1.3)"; snprintf-style return value.
 */
int	source_info_fmt(const struct source_info *, char *, size_t);
/*
 * Stop reading (the directory's search may still be running: it is
 * abandoned), free what the source holds; source_close(NULL) is a no-op.
 */
void	source_close(struct source *);

#endif /* RCA_SOURCE_H */
