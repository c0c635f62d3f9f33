/* SPDX-License-Identifier: ISC */
/*
 * One interface over the two sources of entries: an LDIF snapshot
 * (snapshot.c) or the live directory (ad.c).
 *
 * The directory is read on a thread of its own, so that the network and
 * the server's work overlap with the caller's (descriptor decoding, rules,
 * reports): that thread runs ad_next() and hands the entries over through
 * a queue of SOURCE_QUEUE entries.  A full queue stops the reader, so
 * memory stays bounded however slow the caller is.  The search's end or
 * error goes through the queue behind the entries read before it, with
 * the same message as when read directly.  A snapshot is read on the
 * caller's thread.
 */
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ad.h"
#include "entry.h"
#include "err.h"
#include "snapshot.h"
#include "source.h"
#include "xmalloc.h"

/*
 * Entries read ahead of the caller: half a default page, a few MB at
 * most.  Enough to cover the round trip between pages; more does not make
 * the read faster.
 */
#define SOURCE_QUEUE	256
/*
 * A caller waiting for entries is woken when this many are queued, or
 * wakes itself after SOURCE_WAIT_NS, and then takes every queued entry at
 * once: a wake-up per entry cost more than the entry's audit (47,000
 * futex calls for 10,000 entries, strace -c).
 */
#define SOURCE_BATCH	32
#define SOURCE_WAIT_NS	1000000L
/*
 * Entries the caller is done with go back to the reader, which fills them
 * again (ad_recycle()): no malloc or free per entry, and no free on the
 * caller's thread of memory from the reader's malloc arena, which takes
 * that arena's lock.  At most what can be in flight: the queue and a
 * batch taken from it.
 */
#define SOURCE_DONE	(2 * SOURCE_QUEUE)

struct source {
	struct snapshot_reader	*sr;
	struct ad		*ad;
	struct source_info	 info;

	/* The directory's reader thread; the rest is guarded by mu. */
	bool			 threaded;	/* thread started, not joined */
	pthread_t		 thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 nonempty;	/* the caller waits on it */
	pthread_cond_t		 nonfull;	/* the reader waits on it */
	struct entry		*q[SOURCE_QUEUE];	/* owned */
	size_t			 head;		/* oldest entry */
	size_t			 count;
	bool			 reader_waits;	/* for room */
	bool			 caller_waits;	/* for an entry */
	bool			 ended;		/* status and err are final */
	int			 status;	/* 0 end, -1 error */
	struct err		 err;		/* status -1: why */
	bool			 stop;		/* source_close() was called */
	struct entry		*back[SOURCE_DONE];	/* for the reader */
	size_t			 nback;

	/* The caller's side: entries taken from q, not yet handed out. */
	struct entry		*taken[SOURCE_QUEUE];	/* owned */
	size_t			 ntaken, itaken;
	struct entry		*done[SOURCE_DONE];	/* source_done() */
	size_t			 ndone;

	/* The reader's side: entries from back, on their way to ad. */
	struct entry		*reuse[SOURCE_DONE];
};

/*
 * The reader thread: ad_next() until the end, an error, or stop.  It
 * owns the LDAP handle until joined (ad.h).
 */
static void *
source_reader(void *arg)
{
	struct source *s = arg;
	struct entry *ent = NULL;
	struct err e;
	size_t i, nreuse = 0;
	int r;

	for (;;) {
		for (i = 0; i < nreuse; i++)
			ad_recycle(s->ad, s->reuse[i]);
		nreuse = 0;
		err_clear(&e);
		r = ad_next(s->ad, &ent, &e);
		pthread_mutex_lock(&s->mu);
		while (r == 1 && s->count == SOURCE_QUEUE && !s->stop) {
			s->reader_waits = true;
			pthread_cond_wait(&s->nonfull, &s->mu);
		}
		if (s->stop) {
			pthread_mutex_unlock(&s->mu);
			entry_free(ent);
			return NULL;
		}
		if (r != 1) {
			s->ended = true;
			s->status = r;
			s->err = e;
			pthread_cond_signal(&s->nonempty);
			pthread_mutex_unlock(&s->mu);
			return NULL;
		}
		s->q[(s->head + s->count) % SOURCE_QUEUE] = ent;
		s->count++;
		ent = NULL;
		if (s->nback > 0) {
			nreuse = s->nback;
			memcpy(s->reuse, s->back, nreuse * sizeof(*s->back));
			s->nback = 0;
		}
		if (s->caller_waits && s->count >= SOURCE_BATCH)
			pthread_cond_signal(&s->nonempty);
		pthread_mutex_unlock(&s->mu);
	}
}

/*
 * Start the reader thread, with every signal blocked in it so that they
 * go to the caller's thread as before.  If it cannot be started the
 * caller's thread reads, as for a snapshot.
 */
static void
source_start(struct source *s)
{
	pthread_condattr_t ca;
	sigset_t all, old;
	int rc;

	if (pthread_mutex_init(&s->mu, NULL) != 0)
		return;
	/* The caller's timed wait runs on the monotonic clock. */
	if (pthread_condattr_init(&ca) != 0) {
		pthread_mutex_destroy(&s->mu);
		return;
	}
	rc = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0 ?
	    pthread_cond_init(&s->nonempty, &ca) : -1;
	(void)pthread_condattr_destroy(&ca);
	if (rc != 0) {
		pthread_mutex_destroy(&s->mu);
		return;
	}
	if (pthread_cond_init(&s->nonfull, NULL) != 0) {
		pthread_cond_destroy(&s->nonempty);
		pthread_mutex_destroy(&s->mu);
		return;
	}
	sigfillset(&all);
	(void)pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&s->thread, NULL, source_reader, s);
	(void)pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&s->nonfull);
		pthread_cond_destroy(&s->nonempty);
		pthread_mutex_destroy(&s->mu);
		return;
	}
	s->threaded = true;
}

/*
 * The next entry: from those taken before, else take every queued one
 * (waiting for SOURCE_BATCH of them, or SOURCE_WAIT_NS at a time, or the
 * end); like ad_next().
 */
static int
source_pop(struct source *s, struct entry **out, struct err *e)
{
	struct timespec t;
	size_t n;
	int r;

	*out = NULL;
	if (s->itaken < s->ntaken) {
		*out = s->taken[s->itaken];
		s->taken[s->itaken++] = NULL;
		return 1;
	}
	s->itaken = s->ntaken = 0;
	pthread_mutex_lock(&s->mu);
	/* Hand back the entries done with, as many as there is room for. */
	n = SOURCE_DONE - s->nback < s->ndone ? SOURCE_DONE - s->nback :
	    s->ndone;
	s->ndone -= n;
	memcpy(&s->back[s->nback], &s->done[s->ndone], n * sizeof(*s->done));
	s->nback += n;
	while (s->count == 0 && !s->ended) {
		s->caller_waits = true;
		(void)clock_gettime(CLOCK_MONOTONIC, &t);
		t.tv_nsec += SOURCE_WAIT_NS;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&s->nonempty, &s->mu, &t);
	}
	s->caller_waits = false;
	if (s->count > 0) {
		for (; s->count > 0; s->count--) {
			s->taken[s->ntaken++] = s->q[s->head];
			s->q[s->head] = NULL;
			s->head = (s->head + 1) % SOURCE_QUEUE;
		}
		/* The queue is empty now: a reader waiting for room goes on. */
		if (s->reader_waits) {
			s->reader_waits = false;
			pthread_cond_signal(&s->nonfull);
		}
		*out = s->taken[s->itaken];
		s->taken[s->itaken++] = NULL;
		r = 1;
	} else {
		r = s->status;
		if (r == -1)
			*e = s->err;
	}
	pthread_mutex_unlock(&s->mu);
	return r;
}

/*
 * Stop the reader thread (it may be waiting for room in the queue or for
 * the server), join it, and free the entries nobody took.
 */
static void
source_stop(struct source *s)
{
	pthread_mutex_lock(&s->mu);
	s->stop = true;
	pthread_cond_signal(&s->nonfull);
	pthread_mutex_unlock(&s->mu);
	ad_cancel(s->ad);
	pthread_join(s->thread, NULL);
	s->threaded = false;
	for (; s->count > 0; s->count--) {
		entry_free(s->q[s->head]);
		s->head = (s->head + 1) % SOURCE_QUEUE;
	}
	for (; s->itaken < s->ntaken; s->itaken++)
		entry_free(s->taken[s->itaken]);
	for (; s->ndone > 0; s->ndone--)
		entry_free(s->done[s->ndone - 1]);
	for (; s->nback > 0; s->nback--)
		entry_free(s->back[s->nback - 1]);
	pthread_cond_destroy(&s->nonfull);
	pthread_cond_destroy(&s->nonempty);
	pthread_mutex_destroy(&s->mu);
}

/*
 * source_open(): see source.h.  For the directory, the reader thread
 * starts here, once the search is under way.
 */
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
	s->info.names_error = ai->names_error;
	source_start(s);
	return s;
}

/* source_next(): see source.h. */
int
source_next(struct source *s, struct entry **out, struct err *e)
{
	if (s->sr != NULL)
		return snapshot_next(s->sr, out, e);
	if (s->threaded)
		return source_pop(s, out, e);
	return ad_next(s->ad, out, e);
}

/* source_done(): see source.h. */
void
source_done(struct source *s, struct entry *ent)
{
	if (ent == NULL)
		return;
	if (s->threaded && s->ndone < SOURCE_DONE)
		s->done[s->ndone++] = ent;
	else if (s->ad != NULL && !s->threaded)
		ad_recycle(s->ad, ent);
	else
		entry_free(ent);
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

/*
 * source_close(): see source.h.  The reader thread, if still reading, is
 * stopped and joined first: then ad_close() abandons the search.
 */
void
source_close(struct source *s)
{
	if (s == NULL)
		return;
	if (s->threaded)
		source_stop(s);
	snapshot_close(s->sr);
	ad_close(s->ad);
	free(s);
}
