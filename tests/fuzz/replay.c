/* SPDX-License-Identifier: ISC */
/*
 * Replay driver for the fuzz targets: linked instead of libFuzzer, it runs
 * LLVMFuzzerTestOneInput() once on each file named on the command line (a
 * directory stands for the regular files directly in it, in name order).
 * `make fuzz-regress` runs it on tests/fuzz/regressions/ and the corpora,
 * and `make coverage` on the corpora, so neither needs libFuzzer.  Prints
 * the number of inputs run; exits 0, or 1 when a path could not be read.
 * A property failure (FUZZ_CHECK) or a sanitizer report aborts.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static size_t	ninputs;

static void *
replay_alloc(void *p, size_t n)
{
	if ((p = realloc(p, n > 0 ? n : 1)) == NULL) {
		fprintf(stderr, "replay: out of memory\n");
		exit(5);
	}
	return p;
}

/* Run the target on the bytes of one file.  Returns 0 or -1. */
static int
replay_file(const char *path)
{
	FILE *fp;
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			buf = replay_alloc(buf, cap);
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	if (ferror(fp)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		fclose(fp);
		free(buf);
		return -1;
	}
	fclose(fp);
	/* Exactly len bytes, so that ASan sees a read past the end. */
	buf = replay_alloc(buf, len);
	(void)LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	ninputs++;
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files directly in a directory, sorted by name. */
static int
replay_dir(const char *path)
{
	struct stat st;
	struct dirent *de;
	DIR *d;
	char **names = NULL;
	size_t n = 0, i, sz;
	int rc = 0;

	if ((d = opendir(path)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = replay_alloc(names, (n + 1) * sizeof(*names));
		sz = strlen(path) + strlen(de->d_name) + 2;
		names[n] = replay_alloc(NULL, sz);
		(void)snprintf(names[n], sz, "%s/%s", path, de->d_name);
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode) &&
		    replay_file(names[i]) == -1)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	struct stat st;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == -1) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i]) == -1)
				rc = 1;
		} else if (replay_file(argv[i]) == -1) {
			rc = 1;
		}
	}
	fprintf(stderr, "replay: %zu input%s ran\n", ninputs,
	    ninputs == 1 ? "" : "s");
	return rc;
}
