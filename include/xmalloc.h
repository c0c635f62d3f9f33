/* SPDX-License-Identifier: ISC */
/*
 * Allocation wrappers.  On failure they print "rcaudit: out of memory" and
 * exit 5 (the only exits below main).  Everything they return is freed
 * with free(3).
 */
#ifndef RCA_XMALLOC_H
#define RCA_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
void	*xmemdup(const void *, size_t);
/* "rcaudit: out of memory" and exit 5, for a size that cannot be. */
void	 xoom(void) __attribute__((__noreturn__));
int	 xasprintf(char **, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));

#endif /* RCA_XMALLOC_H */
