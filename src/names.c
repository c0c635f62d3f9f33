/* SPDX-License-Identifier: ISC */
/*
 * Names for evidence (names.h).  One open-addressing hash table holds both
 * kinds of name, keyed by a tag byte and the binary SID or GUID; the
 * domains are a short list searched by DN suffix.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "names.h"
#include "rd.h"
#include "utf8.h"
#include "xmalloc.h"

#define KEY_SID		0
#define KEY_GUID	1
#define KEY_MAX		(1 + 8 + 4 * SID_MAX_SUBAUTH)
/*
 * Bytes kept of each part of a name.  AD's are shorter (cn 64 characters,
 * sAMAccountName 20, NetBIOS 15); the cap keeps a hostile name from
 * crowding the rest out of an evidence line.  A sequence cut in two
 * becomes U+FFFD.
 */
#define PART_MAX	64

struct name_slot {
	uint8_t		 key[KEY_MAX];
	size_t		 klen;		/* 0: empty slot */
	char		*name;
};

struct name_domain {
	char		*nc;		/* nCName, as the directory spells it */
	char		*netbios;
};

struct names {
	struct name_slot *slots;
	size_t		 size;		/* a power of two */
	size_t		 used;
	struct name_domain *doms;
	size_t		 ndoms;
	size_t		 nrights;
	size_t		 nprincipals;
};

/* FNV-1a: the keys are short and the table small. */
static size_t
key_hash(const uint8_t *k, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= k[i];
		h *= 0x100000001b3ULL;
	}
	return (size_t)h;
}

static struct name_slot *
slot_find(const struct names *n, const uint8_t *k, size_t len)
{
	size_t i;

	if (n->size == 0)
		return NULL;
	for (i = key_hash(k, len) & (n->size - 1);; i = (i + 1) & (n->size - 1)) {
		struct name_slot *s = &n->slots[i];

		if (s->klen == 0)
			return s;
		if (s->klen == len && memcmp(s->key, k, len) == 0)
			return s;
	}
}

static void
grow(struct names *n)
{
	struct name_slot *old = n->slots, *s;
	size_t osize = n->size, i;

	n->size = osize == 0 ? 64 : osize * 2;
	n->slots = xcalloc(n->size, sizeof(*n->slots));
	for (i = 0; i < osize; i++) {
		if (old[i].klen == 0)
			continue;
		s = slot_find(n, old[i].key, old[i].klen);
		*s = old[i];
	}
	free(old);
}

/* Add key -> a copy of name unless the key has a name; true if added. */
static bool
put(struct names *n, const uint8_t *k, size_t len, char *name)
{
	struct name_slot *s;

	if ((n->used + 1) * 2 > n->size)
		grow(n);
	s = slot_find(n, k, len);
	if (s->klen != 0) {
		free(name);
		return false;
	}
	memcpy(s->key, k, len);
	s->klen = len;
	s->name = name;
	n->used++;
	return true;
}

static size_t
sid_key(const struct sid *sid, uint8_t *k)
{
	k[0] = KEY_SID;
	return 1 + sid_encode(sid, k + 1);
}

static size_t
guid_key(const struct guid *g, uint8_t *k)
{
	k[0] = KEY_GUID;
	memcpy(k + 1, g->b, sizeof(g->b));
	return 1 + sizeof(g->b);
}

/* names_new(): see names.h. */
struct names *
names_new(void)
{
	return xcalloc(1, sizeof(struct names));
}

/* names_free(): see names.h. */
void
names_free(struct names *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->size; i++)
		free(n->slots[i].name);
	for (i = 0; i < n->ndoms; i++) {
		free(n->doms[i].nc);
		free(n->doms[i].netbios);
	}
	free(n->slots);
	free(n->doms);
	free(n);
}

/* s cleaned and cut to PART_MAX bytes; free(3) it. */
static char *
part_dup(const char *s, size_t len)
{
	return utf8_ndup(s, len > PART_MAX ? PART_MAX : len);
}

/* The first value of attr as a part_dup(), or NULL if none or empty. */
static char *
first_str(const struct entry *e, const char *attr)
{
	const struct entry_val *v = entry_get1(e, attr);

	if (v == NULL || v->len == 0)
		return NULL;
	return part_dup(v->val, v->len);
}

static void
learn_right(struct names *n, const struct entry *e)
{
	const struct entry_val *v = entry_get1(e, "rightsGuid");
	uint8_t k[KEY_MAX];
	struct guid g;
	struct err err;
	char *cn;

	if (v == NULL || strlen(v->val) != v->len ||
	    guid_parse(v->val, &g, &err) == -1 ||
	    (cn = first_str(e, "cn")) == NULL)
		return;
	if (put(n, k, guid_key(&g, k), cn))
		n->nrights++;
}

static void
learn_domain(struct names *n, const struct entry *e)
{
	char *nc, *nb;
	size_t i;

	if ((nc = first_str(e, "nCName")) == NULL)
		return;
	if ((nb = first_str(e, "nETBIOSName")) == NULL) {
		free(nc);
		return;
	}
	for (i = 0; i < n->ndoms; i++)
		if (strcasecmp(n->doms[i].nc, nc) == 0) {
			free(nc);
			free(nb);
			return;
		}
	n->doms = xreallocarray(n->doms, n->ndoms + 1, sizeof(*n->doms));
	n->doms[n->ndoms].nc = nc;
	n->doms[n->ndoms].netbios = nb;
	n->ndoms++;
}

/* Does dn end with ",suffix" (or equal it), ignoring case? */
static bool
dn_under(const char *dn, const char *suffix)
{
	size_t dl = strlen(dn), sl = strlen(suffix);

	if (sl > dl || strcasecmp(dn + dl - sl, suffix) != 0)
		return false;
	return dl == sl || dn[dl - sl - 1] == ',';
}

/*
 * The domain part of a principal's name: the NetBIOS name of the deepest
 * domain whose nCName ends dn, else its DC= labels joined by dots ("corp.
 * example"), else NULL.  Caller frees.
 */
static char *
domain_of(const struct names *n, const char *dn)
{
	const struct name_domain *best = NULL;
	const char *p, *q;
	char *out = NULL, *t;
	size_t i, len;

	for (i = 0; i < n->ndoms; i++)
		if (dn_under(dn, n->doms[i].nc) && (best == NULL ||
		    strlen(n->doms[i].nc) > strlen(best->nc)))
			best = &n->doms[i];
	if (best != NULL)
		return xstrdup(best->netbios);	/* already a part */
	/* RDNs split at commas that are not escaped ("\,"). */
	for (p = dn; *p != '\0'; p = *q == ',' ? q + 1 : q) {
		for (q = p; *q != '\0' && *q != ','; q++)
			if (*q == '\\' && q[1] != '\0')
				q++;
		while (*p == ' ')
			p++;
		if (strncasecmp(p, "DC=", 3) != 0)
			continue;
		len = (size_t)(q - p - 3);
		if (out == NULL) {
			out = xstrndup(p + 3, len);
		} else {
			(void)xasprintf(&t, "%s.%.*s", out, (int)len, p + 3);
			free(out);
			out = t;
		}
	}
	if (out != NULL && strlen(out) > PART_MAX) {
		t = part_dup(out, strlen(out));
		free(out);
		out = t;
	}
	return out;
}

static void
learn_principal(struct names *n, const struct entry *e,
    const struct entry_val *sv)
{
	uint8_t k[KEY_MAX];
	struct sid sid;
	struct rd rd;
	struct err err;
	char *sam, *dom, *dn, *name;

	rd_init(&rd, sv->val, sv->len);
	if (sid_read(&rd, &sid, &err) == -1 || rd_left(&rd) != 0 ||
	    (sam = first_str(e, "sAMAccountName")) == NULL)
		return;
	dn = utf8_dup(e->dn);
	dom = domain_of(n, dn);
	free(dn);
	if (dom != NULL) {
		(void)xasprintf(&name, "%s\\%s", dom, sam);
		free(sam);
		free(dom);
	} else {
		name = sam;
	}
	if (put(n, k, sid_key(&sid, k), name))
		n->nprincipals++;
}

/* names_learn(): see names.h. */
bool
names_learn(struct names *n, const struct entry *e)
{
	const struct entry_val *sv;

	if (entry_has_class(e, "controlAccessRight"))
		learn_right(n, e);
	else if (entry_has_class(e, "crossRef"))
		learn_domain(n, e);
	else if ((sv = entry_get1(e, "objectSid")) != NULL &&
	    entry_get1(e, "sAMAccountName") != NULL)
		learn_principal(n, e, sv);
	else
		return false;
	return true;
}

/* names_sid(): see names.h. */
const char *
names_sid(const struct names *n, const struct sid *sid)
{
	const struct name_slot *s;
	const char *wk;
	uint8_t k[KEY_MAX];

	if ((wk = sid_name(sid)) != NULL || n == NULL)
		return wk;
	s = slot_find(n, k, sid_key(sid, k));
	return s != NULL && s->klen != 0 ? s->name : NULL;
}

/* names_right(): see names.h. */
const char *
names_right(const struct names *n, const struct guid *g)
{
	const struct name_slot *s;
	uint8_t k[KEY_MAX];

	if (n != NULL) {
		s = slot_find(n, k, guid_key(g, k));
		if (s != NULL && s->klen != 0)
			return s->name;
	}
	return guid_right_name(g);
}

/* names_counts(): see names.h. */
void
names_counts(const struct names *n, size_t *rights, size_t *domains,
    size_t *principals)
{
	*rights = n->nrights;
	*domains = n->ndoms;
	*principals = n->nprincipals;
}
