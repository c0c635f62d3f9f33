/* SPDX-License-Identifier: ISC */
/*
 * Errors as values: the innermost code says what went wrong, each caller
 * prepends where with err_wrap(), and only main prints the result.
 */
#ifndef RCA_ERR_H
#define RCA_ERR_H

enum err_kind {
	ERR_NONE = 0,
	ERR_USAGE,		/* bad option or argument */
	ERR_CONFIG,		/* invalid rules, waivers, ... */
	ERR_DATA,		/* malformed input bytes or text */
	ERR_DIR,		/* the directory source failed */
	ERR_IO,			/* a file could not be read or written */
	ERR_NOMEM,
	ERR_INTERNAL
};

struct err {
	enum err_kind	kind;
	char		msg[1024];	/* "context: context: what went wrong" */
};

/* Both return -1 so that callers can write "return err_set(...)". */
int	err_set(struct err *, enum err_kind, const char *, ...)
	    __attribute__((__format__(printf, 3, 4)));
int	err_wrap(struct err *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));
void	err_clear(struct err *);

#endif /* RCA_ERR_H */
