/* SPDX-License-Identifier: ISC */
/*
 * Directory strings made safe to print: every report format needs valid
 * UTF-8, and a hostile snapshot or directory need not give it.
 */
#include <stdint.h>
#include <string.h>

#include "utf8.h"
#include "xmalloc.h"

/*
 * Copy len bytes of src into dst as valid UTF-8 (RFC 3629): each byte of
 * an invalid sequence becomes U+FFFD.  dst holds at least 3 * len + 1
 * bytes.  Returns the length written.
 *
 * Bytes below 0x80 pass through unchanged (NUL and control bytes too),
 * and directory strings are almost always ASCII: eight such bytes are
 * copied at a time, tested with one mask.
 */
size_t
utf8_clean_into(char *dst, const char *src, size_t len)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, o = 0, n, k;
	uint64_t w;
	uint32_t cp;

	while (i < len) {
		unsigned char b;

		if (len - i >= sizeof(w)) {
			memcpy(&w, s + i, sizeof(w));	/* unaligned load */
			if ((w & UINT64_C(0x8080808080808080)) == 0) {
				memcpy(dst + o, &w, sizeof(w));
				i += sizeof(w);
				o += sizeof(w);
				continue;
			}
		}
		b = s[i];

		if (b < 0x80) {
			dst[o++] = (char)b;
			i++;
			continue;
		}
		n = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 :
		    b >= 0xc2 && b <= 0xdf ? 2 : 0;
		if (b >= 0xf5)
			n = 0;
		cp = n == 2 ? b & 0x1f : n == 3 ? b & 0x0f : b & 0x07;
		for (k = 1; n > 0 && k < n; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80) {
				n = 0;
				break;
			}
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
			n = 0;		/* overlong or a surrogate */
		if (n == 4 && (cp < 0x10000 || cp > 0x10ffff))
			n = 0;
		if (n == 0) {
			dst[o++] = (char)0xef;
			dst[o++] = (char)0xbf;
			dst[o++] = (char)0xbd;
			i++;
			continue;
		}
		memcpy(dst + o, s + i, n);
		o += n;
		i += n;
	}
	dst[o] = '\0';
	return o;
}


/* utf8_dup(): see utf8.h. */
char *
utf8_dup(const char *s)
{
	return utf8_ndup(s, strlen(s));
}

/* utf8_ndup(): see utf8.h. */
char *
utf8_ndup(const char *s, size_t len)
{
	char *d = xmalloc(3 * len + 1);

	(void)utf8_clean_into(d, s, len);
	return d;
}
