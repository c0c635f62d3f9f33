/* SPDX-License-Identifier: ISC */
/*
 * One interface over the two sources of entries: an LDIF snapshot
 * (snapshot.c) or the live directory (ad.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ad.h"
#include "entry.h"
#include "err.h"
#include "snapshot.h"
#include "source.h"
#include "xmalloc.h"

struct source {
	struct snapshot_reader	*sr;
	struct ad		*ad;
	struct source_info	 info;
};

/* source_open(): see source.h. */
struct source *
source_open(const struct source_opts *o, struct err *e)
{
	struct source *s;
	const struct ad_info *ai;

	s = xcalloc(1, sizeof(*s));
	if (o->file != NULL) {
		if ((s->sr = snapshot_open(o->file, e)) == NULL) {
			free(s);
			return NULL;
		}
		s->info.kind = "ldif";
		s->info.uri = strcmp(o->file, "-") == 0 ? "<stdin>" : o->file;
		return s;
	}
	if ((s->ad = ad_open(&o->ad, e)) == NULL) {
		free(s);
		return NULL;
	}
	ai = ad_info(s->ad);
	s->info.kind = "ldap";
	s->info.uri = ai->uri;
	s->info.server = ai->server;
	s->info.base = ai->base;
	s->info.identity = ai->identity;
	s->info.mech = ai->mech;
	s->info.ssf = ai->ssf;
	s->info.tls = ai->tls;
	s->info.skipped = ai->skipped;
	return s;
}

/* source_next(): see source.h. */
int
source_next(struct source *s, struct entry **out, struct err *e)
{
	if (s->sr != NULL)
		return snapshot_next(s->sr, out, e);
	return ad_next(s->ad, out, e);
}

/* source_info(): see source.h. */
const struct source_info *
source_info(const struct source *s)
{
	return &s->info;
}

/* source_info_fmt(): see source.h. */
int
source_info_fmt(const struct source_info *i, char *buf, size_t len)
{
	if (strcmp(i->kind, "ldif") == 0)
		return snprintf(buf, len, "%s (LDIF snapshot)", i->uri);
	return snprintf(buf, len, "%s (server %s, base %s, identity %s, "
	    "mechanism %s, SASL SSF %u, TLS %s)", i->uri,
	    i->server != NULL ? i->server : "unknown", i->base, i->identity,
	    i->mech, i->ssf, i->tls != NULL ? i->tls : "none");
}

/* source_close(): see source.h. */
void
source_close(struct source *s)
{
	if (s == NULL)
		return;
	snapshot_close(s->sr);
	ad_close(s->ad);
	free(s);
}
