/* SPDX-License-Identifier: ISC */
/*
 * Valid UTF-8 from untrusted directory strings (RFC 3629): each byte of an
 * invalid sequence, an overlong form or a surrogate becomes U+FFFD.
 */
#ifndef RCA_UTF8_H
#define RCA_UTF8_H

#include <stddef.h>

/*
 * Copy len bytes of src into dst, cleaned; dst holds at least 3 * len + 1
 * bytes.  Returns the length written (dst is NUL-terminated).
 */
size_t	utf8_clean_into(char *, const char *, size_t);
/* A cleaned copy of the C string s; free(3) it. */
char	*utf8_dup(const char *);
/* A cleaned copy of len bytes of s (a NUL inside becomes NUL); free(3) it. */
char	*utf8_ndup(const char *, size_t);

#endif /* RCA_UTF8_H */
