/* SPDX-License-Identifier: ISC */
/*
 * A raw directory entry: a DN and attributes whose values are byte strings.
 * The LDIF reader and the live directory reader both build entries, and
 * the connector model reads them, so the core never knows where the data
 * came from.  Attribute names compare case-insensitively (RFC 4512 2.5);
 * "name;options" descriptions keep their options beside the name.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "entry.h"
#include "xmalloc.h"

/*
 * Arrays grow to the next power of two, so that n appends cost O(n)
 * copying without a capacity field in the public structs.
 */
static bool
grow_needed(size_t n)
{
	return n == 0 || (n & (n - 1)) == 0;
}

/*
 * Everything an entry holds but the struct itself (the DN, the attribute
 * and value arrays, names, options and values) lives in a pool of blocks
 * owned by the entry: one allocation per 8 KiB instead of one per string
 * or array (an entry has hundreds of RemoteIPRanges values, and a
 * snapshot 100,000 entries).  That matters twice for the live reader,
 * whose entries are freed on another thread: each free() there takes the
 * reader's malloc arena lock.
 */
#define POOL_BLOCK	8192
#define POOL_ALIGN	(sizeof(void *) > sizeof(size_t) ? \
			    sizeof(void *) : sizeof(size_t))

struct entry_block {
	struct entry_block	*next;
	size_t			 used;
	size_t			 cap;
	char			 data[];
};

static char *
pool_alloc(struct entry *e, size_t n)
{
	struct entry_block *b = e->pool, *nb;

	if (b != NULL && b->cap - b->used >= n) {
		b->used += n;
		return b->data + b->used - n;
	}
	if (n > SIZE_MAX - sizeof(*nb))
		xoom();
	nb = xmalloc(sizeof(*nb) + (n > POOL_BLOCK ? n : POOL_BLOCK));
	nb->cap = n > POOL_BLOCK ? n : POOL_BLOCK;
	nb->used = n;
	if (b != NULL && n > POOL_BLOCK) {
		/* A big value gets a block of its own behind the current one. */
		nb->next = b->next;
		b->next = nb;
	} else {
		nb->next = b;
		e->pool = nb;
	}
	return nb->data;
}

/*
 * n bytes aligned for the arrays of pointers and sizes kept in the pool.
 * The blocks' data start aligned (struct entry_block is three words).
 */
static void *
pool_alloc_aligned(struct entry *e, size_t n)
{
	struct entry_block *b = e->pool;
	size_t pad;

	if (b != NULL) {
		pad = (POOL_ALIGN - b->used % POOL_ALIGN) % POOL_ALIGN;
		if (b->cap - b->used >= pad && b->cap - b->used - pad >= n)
			b->used += pad;
	}
	return pool_alloc(e, n);
}

/* A copy of the n bytes at s, NUL-terminated, in the pool. */
static char *
pool_strndup(struct entry *e, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		xoom();
	p = pool_alloc(e, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/*
 * Grow the array at *arr of n elements of size sz to 2n (1 for n == 0)
 * in the pool; the old array is left behind, so that an array of n costs
 * at most 2n elements of pool.
 */
static void
pool_grow(struct entry *e, void *arr, size_t n, size_t sz)
{
	void **ap = arr;
	size_t cap = n ? n * 2 : 1;
	void *na;

	if (n > SIZE_MAX / 2 / sz)
		xoom();
	na = pool_alloc_aligned(e, cap * sz);
	if (n > 0)
		memcpy(na, *ap, n * sz);
	*ap = na;
}

/*
 * A new entry with a copy of dn and the snapshot line of its "dn:" (0 for
 * the live directory).  Never NULL; the caller frees it with entry_free().
 */
struct entry *
entry_new(const char *dn, unsigned long line)
{
	struct entry *e;

	e = xcalloc(1, sizeof(*e));
	e->dn = pool_strndup(e, dn, strlen(dn));
	e->line = line;
	return e;
}

/* Release e, its attributes and their values; entry_free(NULL) is a no-op. */
void
entry_free(struct entry *e)
{
	if (e == NULL)
		return;
	while (e->pool != NULL) {
		struct entry_block *next = e->pool->next;

		free(e->pool);
		e->pool = next;
	}
	free(e);
}

/*
 * entry_renew(): see entry.h.  Only a block of the usual size is kept: a
 * block that once held a huge value goes back to malloc.
 */
struct entry *
entry_renew(struct entry *e, const char *dn, unsigned long line)
{
	struct entry_block *keep;

	if (e == NULL)
		return entry_new(dn, line);
	keep = e->pool;
	if (keep != NULL && keep->cap != POOL_BLOCK)
		keep = NULL;
	else if (keep != NULL)
		e->pool = keep->next;
	while (e->pool != NULL) {
		struct entry_block *next = e->pool->next;

		free(e->pool);
		e->pool = next;
	}
	if (keep != NULL) {
		keep->next = NULL;
		keep->used = 0;
	}
	e->pool = keep;
	e->nattrs = 0;
	e->attrs = NULL;
	e->line = line;
	e->dn = pool_strndup(e, dn, strlen(dn));
	return e;
}

/* Do the options strings a and b (either may be NULL) match? */
static bool
options_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcasecmp(a, b) == 0;
}

/*
 * The index in e->attrs of the attribute described by desc, "name" or
 * "name;options", added without values if there is none yet.  Names and
 * options compare case-insensitively; a new attribute keeps the spelling
 * of its first description.  Cannot fail (allocation failure exits).
 */
size_t
entry_attr_index(struct entry *e, const char *desc)
{
	struct entry_attr *a;
	const char *semi, *opts;
	size_t i, nlen;

	semi = strchr(desc, ';');
	nlen = semi != NULL ? (size_t)(semi - desc) : strlen(desc);
	opts = semi != NULL ? semi + 1 : NULL;
	/*
	 * Values of one attribute come one after another, so look from the
	 * last attribute back; nothing is allocated unless it is new.
	 */
	for (i = e->nattrs; i-- > 0; ) {
		if (e->attrs[i].namelen == nlen &&
		    strncasecmp(e->attrs[i].name, desc, nlen) == 0 &&
		    options_eq(e->attrs[i].options, opts))
			return i;
	}
	if (grow_needed(e->nattrs))
		pool_grow(e, &e->attrs, e->nattrs, sizeof(*e->attrs));
	a = &e->attrs[e->nattrs];
	a->name = pool_strndup(e, desc, nlen);
	a->namelen = nlen;
	a->options = opts != NULL ? pool_strndup(e, opts, strlen(opts)) : NULL;
	a->nvals = 0;
	a->vals = NULL;
	return e->nattrs++;
}

/*
 * Append a copy of the len bytes at val (NUL-terminated in the copy) to
 * the attribute at index i of e->attrs (from entry_attr_index()).
 */
void
entry_add_at(struct entry *e, size_t i, const void *val, size_t len)
{
	struct entry_attr *a = &e->attrs[i];
	struct entry_val *v;

	if (grow_needed(a->nvals))
		pool_grow(e, &a->vals, a->nvals, sizeof(*a->vals));
	v = &a->vals[a->nvals++];
	v->val = pool_strndup(e, val, len);
	v->len = len;
}

/*
 * Append a copy of the len bytes at val to the attribute described by
 * desc (entry_attr_index()): values of the same name and options are
 * gathered in one attribute, in the order they were added.
 */
void
entry_add(struct entry *e, const char *desc, const void *val, size_t len)
{
	entry_add_at(e, entry_attr_index(e, desc), val, len);
}

/*
 * The first attribute named name (case-insensitive) whatever its options,
 * or NULL.  A query with options, "name;options", matches only those
 * options (case-insensitive); "name;" matches only the bare name.  The
 * result is borrowed from e.
 */
const struct entry_attr *
entry_get(const struct entry *e, const char *name)
{
	const char *semi;
	size_t i, nlen;

	semi = strchr(name, ';');
	nlen = semi != NULL ? (size_t)(semi - name) : strlen(name);
	for (i = 0; i < e->nattrs; i++) {
		const struct entry_attr *a = &e->attrs[i];

		if (a->namelen != nlen ||
		    strncasecmp(a->name, name, nlen) != 0)
			continue;
		if (semi == NULL)
			return a;
		if (semi[1] == '\0' ? a->options == NULL :
		    (a->options != NULL && strcasecmp(a->options, semi + 1) == 0))
			return a;
	}
	return NULL;
}

/*
 * The first value of the attribute entry_get() finds, or NULL if there is
 * no such attribute.  Borrowed from e.
 */
const struct entry_val *
entry_get1(const struct entry *e, const char *name)
{
	const struct entry_attr *a;

	if ((a = entry_get(e, name)) == NULL || a->nvals == 0)
		return NULL;
	return &a->vals[0];
}

/*
 * Does the entry's objectClass (any options) hold cls?  Object class
 * names compare case-insensitively; a value must match whole, so a value
 * with an embedded NUL never matches.
 */
bool
entry_has_class(const struct entry *e, const char *cls)
{
	size_t i, j, clen = strlen(cls);

	for (i = 0; i < e->nattrs; i++) {
		const struct entry_attr *a = &e->attrs[i];

		if (a->namelen != sizeof("objectClass") - 1 ||
		    strcasecmp(a->name, "objectClass") != 0)
			continue;
		for (j = 0; j < a->nvals; j++) {
			if (a->vals[j].len == clen &&
			    strncasecmp(a->vals[j].val, cls, clen) == 0)
				return true;
		}
	}
	return false;
}
