/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: the RemoteIPRanges parser (ipr_parse) and the summary of a
 * connector's list of values (ipr_summarise).  Input: values one a line,
 * as a connector stores them (at most MAX_VALUES are read).  Properties
 * checked, beyond "no crash":
 *   - an error is ERR_DATA;
 *   - ipr_fmt() of a parsed value is at most IPR_STR_MAX characters and
 *     parses again to the same family, form and range;
 *   - a value contains its first and last address, and is one host iff
 *     its count is 1;
 *   - the union never counts more addresses than the sum of the parts,
 *     and at least the widest part, for each family; widest_count is
 *     the largest count; "covers all", "wider than one host" and
 *     "reaches public" agree with the parts.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fuzz.h"
#include "ipr.h"

#define MAX_VALUES	64
#define MAX_VALUE	256

static struct u128
add_sat(struct u128 a, struct u128 b)
{
	struct u128 r;

	r.lo = a.lo + b.lo;
	r.hi = a.hi + b.hi + (r.lo < a.lo);
	if (r.hi < a.hi || (r.hi == a.hi && r.lo < a.lo))
		r.hi = r.lo = UINT64_MAX;
	return r;
}

static struct u128
max128(struct u128 a, struct u128 b)
{
	return u128_cmp(a, b) >= 0 ? a : b;
}

static void
check_one(const char *text, const struct ipr *r)
{
	char buf[IPR_STR_MAX + 16], cnt[U128_STR_MAX + 1];
	struct ipr r2;
	struct err e;
	struct u128 c, one = { 0, 1 };
	int n;

	FUZZ_CHECK(r->af == 4 || r->af == 6, "'%s': family %d", text, r->af);
	FUZZ_CHECK(u128_cmp(r->lo, r->hi) <= 0, "'%s': lo > hi", text);
	if (r->af == 4)
		FUZZ_CHECK(r->hi.hi == 0 && r->hi.lo <= UINT32_MAX,
		    "'%s': IPv4 address above 2^32", text);
	n = ipr_fmt(r, buf, sizeof(buf));
	FUZZ_CHECK(n > 0 && n <= IPR_STR_MAX, "'%s': ipr_fmt length %d", text,
	    n);
	FUZZ_CHECK(ipr_fmt(r, NULL, 0) == n, "'%s': ipr_fmt lengths", text);
	FUZZ_CHECK(ipr_parse(buf, &r2, &e) == 0, "'%s': ipr_fmt gives '%s', "
	    "which does not parse: %s", text, buf, e.msg);
	FUZZ_CHECK(r2.af == r->af && r2.form == r->form &&
	    u128_cmp(r2.lo, r->lo) == 0 && u128_cmp(r2.hi, r->hi) == 0,
	    "'%s': '%s' parses to another range", text, buf);
	FUZZ_CHECK(ipr_contains(r, r->af, r->lo) &&
	    ipr_contains(r, r->af, r->hi), "'%s': does not contain its "
	    "ends", text);
	c = ipr_count(r);
	FUZZ_CHECK(ipr_is_single_host(r) == (u128_cmp(c, one) == 0),
	    "'%s': single host vs count", text);
	n = ipr_count_fmt(r, cnt, sizeof(cnt));
	FUZZ_CHECK(n > 0 && (size_t)n < sizeof(cnt), "'%s': count length %d",
	    text, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipr r[MAX_VALUES];
	struct ipr_summary s;
	struct err e;
	struct u128 sum4 = { 0, 0 }, sum6 = { 0, 0 }, max4 = { 0, 0 };
	struct u128 max6 = { 0, 0 }, maxall = { 0, 0 }, c, u4;
	char text[MAX_VALUE + 1];
	size_t i = 0, n = 0, len;
	const uint8_t *nl;
	bool wide = false, pub = false;

	while (i < size && n < MAX_VALUES) {
		nl = memchr(data + i, '\n', size - i);
		len = nl != NULL ? (size_t)(nl - (data + i)) : size - i;
		if (len <= MAX_VALUE && memchr(data + i, '\0', len) == NULL) {
			memcpy(text, data + i, len);
			text[len] = '\0';
			if (ipr_parse(text, &r[n], &e) == 0) {
				check_one(text, &r[n]);
				n++;
			} else {
				FUZZ_CHECK(e.kind == ERR_DATA, "'%s': error "
				    "kind %d", text, (int)e.kind);
			}
		}
		i += len + 1;
	}

	ipr_summarise(r, n, &s);
	FUZZ_CHECK(s.nvalues == n, "nvalues %zu of %zu", s.nvalues, n);
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		c = ipr_count(&r[i]);
		if (!ipr_is_single_host(&r[i]))
			wide = true;
		if (ipr_reaches_public(&r[i]))
			pub = true;
		maxall = max128(maxall, c);
		if (r[i].af == 4) {
			sum4 = add_sat(sum4, c);
			max4 = max128(max4, c);
		} else {
			sum6 = add_sat(sum6, c);
			max6 = max128(max6, c);
		}
	}
	u4.hi = 0;
	u4.lo = s.ipv4_addresses;
	FUZZ_CHECK(s.ipv4_addresses <= (uint64_t)1 << 32, "IPv4 union %llu",
	    (unsigned long long)s.ipv4_addresses);
	FUZZ_CHECK(u128_cmp(u4, sum4) <= 0, "IPv4 union above the sum");
	FUZZ_CHECK(u128_cmp(u4, max4) >= 0, "IPv4 union below the widest");
	FUZZ_CHECK(u128_cmp(s.ipv6_addresses, sum6) <= 0,
	    "IPv6 union above the sum");
	FUZZ_CHECK(u128_cmp(s.ipv6_addresses, max6) >= 0,
	    "IPv6 union below the widest");
	FUZZ_CHECK(s.widest < n, "widest %zu of %zu", s.widest, n);
	FUZZ_CHECK(u128_cmp(s.widest_count, maxall) == 0,
	    "widest_count is not the largest count");
	FUZZ_CHECK(u128_cmp(ipr_count(&r[s.widest]), maxall) == 0,
	    "widest is not the widest value");
	FUZZ_CHECK(s.wider_than_one_host == wide, "wider_than_one_host %d",
	    (int)s.wider_than_one_host);
	FUZZ_CHECK(s.reaches_public == pub, "reaches_public %d, parts %d",
	    (int)s.reaches_public, (int)pub);
	FUZZ_CHECK(!s.covers_all_ipv4 ||
	    s.ipv4_addresses == (uint64_t)1 << 32, "covers all IPv4 but "
	    "%llu addresses", (unsigned long long)s.ipv4_addresses);
	FUZZ_CHECK(s.covers_all_ipv4 ==
	    (s.ipv4_addresses == (uint64_t)1 << 32), "covers_all_ipv4");
	FUZZ_CHECK(!s.covers_all_ipv6 || (s.ipv6_addresses.hi == UINT64_MAX &&
	    s.ipv6_addresses.lo == UINT64_MAX), "covers all IPv6");
	return 0;
}
