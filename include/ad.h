/* SPDX-License-Identifier: ISC */
/*
 * The live directory reader: libldap and Cyrus SASL against Active
 * Directory (or any LDAP server shaped like it).  It connects (ldap://,
 * ldaps://, ldapi://, StartTLS, failover over several URIs), binds
 * (simple or SASL), reads the RootDSE, and streams the receive connectors
 * under the Exchange container page by page with the SD-flags control,
 * completing range-retrieved attributes.  This is the only module that
 * includes <ldap.h> and <sasl/sasl.h>.
 */
#ifndef RCA_AD_H
#define RCA_AD_H

#include <stdbool.h>
#include <stddef.h>

#include "entry.h"
#include "err.h"

/* How to reach and read the directory; every string is borrowed. */
struct ad_opts {
	const char *const *uris;	/* -H, tried in order */
	size_t		 nuris;
	const char	*base;		/* -b, NULL: from the RootDSE */
	bool		 starttls;	/* -Z */
	const char	*ca_file;	/* --ca-file, NULL: system store */
	bool		 insecure;	/* --insecure: no certificate check */
	const char	*bind_dn;	/* -D: simple bind */
	const char	*password_file;	/* -y, "-" for stdin */
	bool		 allow_cleartext; /* simple bind without TLS */
	const char	*mech;		/* -Y: SASL mechanism */
	const char	*authcid;	/* -U */
	const char	*realm;		/* -R */
	const char	*authzid;	/* -X */
	const char	*secprops;	/* -O */
	bool		 nocanon;	/* -N */
	int		 page_size;	/* --page-size, 0: AD_PAGE_SIZE */
	int		 timeout;	/* --timeout seconds, 0: none */
	int		 time_limit;	/* --time-limit seconds, 0: none */
	int		 range_step;	/* $RCAUDIT_RANGE_STEP, 0: the server's */
};

#define AD_PAGE_SIZE	500
#define AD_TIMEOUT	60

/* How the directory was read; strings owned by the reader. */
struct ad_info {
	const char	*uri;		/* the URI that answered */
	const char	*server;	/* RootDSE dnsHostName, or NULL */
	const char	*base;		/* the search base */
	const char	*identity;	/* whoami, else the bind DN or authcid */
	const char	*mech;		/* "simple", "anonymous" or SASL mech */
	unsigned	 ssf;		/* SASL security strength factor */
	const char	*tls;		/* "TLS1.3", or NULL without TLS */
	const char	*skipped;	/* URIs that failed before, or NULL */
	bool		 sdflags;	/* RootDSE lists the SD-flags control */
	const char	*names_error;	/* why names were not read, or NULL */
};

struct ad;

/*
 * Connect, bind and start the search.  Returns a reader to free with
 * ad_close(), or NULL with ERR_USAGE (cleartext password refused, no
 * password available, bad URI) or ERR_DIR (DNS, connection, TLS, bind,
 * RootDSE or base failures, with ldap_err2string() and the server's
 * diagnostic message).
 */
struct ad *ad_open(const struct ad_opts *, struct err *);
/*
 * The next connector entry into *out (caller frees with entry_free()):
 * 1 with an entry, 0 at the end of the search, -1 with ERR_DIR if the
 * search failed or ended early (server gone, limit, paging lost) or was
 * cancelled.  It may run on a thread other than ad_open()'s; the reader
 * is then that thread's alone (but for ad_cancel()) until it is joined.
 */
int	ad_next(struct ad *, struct entry **, struct err *);
/*
 * Make an ad_next() running on another thread, or the next one, return
 * -1 soon (within 100 ms even when the server says nothing; a range
 * retrieval in progress ends first).  Safe to call concurrently with
 * ad_next(); the reader still has to be freed with ad_close() once that
 * thread is done with it.
 */
void	ad_cancel(struct ad *);
/*
 * Give back an entry ad_next() returned, once done with it: its memory
 * makes the next entries (entry_renew()).  Call it where ad_next() runs.
 */
void	ad_recycle(struct ad *, struct entry *);
/* Borrowed; valid until ad_close(). */
const struct ad_info *ad_info(const struct ad *);
/* Unbind and free; ad_close(NULL) is a no-op. */
void	ad_close(struct ad *);

/*
 * Parse the "range=LO-HI" option of an attribute description such as
 * "member;range=0-1499" or "x;range=1500-*".  Returns 1 and sets *name_len
 * (length of the name before the options), *lo, *hi and *last (HI is
 * "*"), 0 when there is no range option, -1 when it is malformed.
 */
int	ad_range_parse(const char *, size_t *, unsigned long *,
	    unsigned long *, bool *);

#endif /* RCA_AD_H */
