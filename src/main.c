/* SPDX-License-Identifier: ISC */
/*
 * rcaudit: which Exchange receive connectors let a host relay mail
 * without authenticating, and from where?  This file holds the command
 * line, the wiring and the exit status; it is the only place that prints
 * diagnostics and exits.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "connector.h"
#include "entry.h"
#include "err.h"
#include "report.h"
#include "snapshot.h"
#include "xmalloc.h"

#ifndef RCA_VERSION
#define RCA_VERSION "0.0.0"
#endif

enum exit_code {
	EXIT_OK = 0,		/* evaluated, nothing that fails the run */
	EXIT_FINDINGS = 1,	/* unauthenticated relay wider than a host */
	EXIT_USAGE = 2,		/* usage or configuration error */
	EXIT_SOURCE = 3,	/* the source failed, or output failed */
	EXIT_INCOMPLETE = 4,	/* some connector could not be evaluated */
	EXIT_INTERNAL = 5	/* out of memory, failed invariant */
};

enum cmd { CMD_AUDIT, CMD_SHOW };
enum fmt { FMT_TEXT, FMT_JSON };

struct opts {
	enum cmd	 cmd;
	enum fmt	 format;
	const char	*file;		/* -f */
	const char	*output;	/* -o, NULL = stdout */
	bool		 quiet;
	int		 verbose;
	char		**select;	/* show: connectors to print */
	int		 nselect;
};

/* A line of the audit's text output, kept until the end for sorting. */
struct finding {
	int	 rank;		/* 0 could not evaluate, 1 fails, 2 other */
	char	*identity;
	char	*text;
};

struct tally {
	size_t	 entries;
	size_t	 connectors;
	size_t	 relaying;	/* unauthenticated relay: yes */
	size_t	 failing;	/* relaying, enabled, wider or invalid */
	size_t	 public;	/* relaying and reaching public space */
	size_t	 unevaluated;
	size_t	 shown;
	struct finding *f;
	size_t	 nf;
};

static const char usage_text[] =
"usage: rcaudit [audit] -f FILE.ldif [--format text|json] [-o FILE] [-q] [-v]\n"
"       rcaudit show -f FILE.ldif [--format text|json] [-o FILE] [CONNECTOR...]\n"
"       rcaudit --help | --version\n";

static void __attribute__((__format__(printf, 1, 2)))
warnx(const char *fmt, ...)
{
	va_list ap;

	fputs("rcaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void __attribute__((__noreturn__, __format__(printf, 1, 2)))
usage(const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		fputs("rcaudit: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fputs(usage_text, stderr);
	exit(EXIT_USAGE);
}

static void
help(void)
{
	fputs(usage_text, stdout);
	fputs(
"\n"
"Audit Exchange receive connectors for relay without authentication.\n"
"\n"
"commands:\n"
"  audit   report connectors that let unauthenticated clients relay (default)\n"
"  show    print every connector's decoded facts: ranges, DACL, verdicts\n"
"\n"
"options:\n"
"  -f, --file FILE      read an LDIF snapshot ('-' for stdin)\n"
"      --format FMT     text (default) or json\n"
"  -o, --output FILE    write the report to FILE instead of stdout\n"
"  -q, --quiet          audit: print only the summary line\n"
"  -v, --verbose        more detail on stderr\n"
"  -h, --help           this help\n"
"  -V, --version        the version\n"
"\n"
"exit status: 0 clean, 1 relay from more than one host, 2 usage error,\n"
"3 source or output failed, 4 incomplete, 5 internal error; see rcaudit(1).\n",
	    stdout);
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "file",	required_argument,	NULL, 'f' },
		{ "format",	required_argument,	NULL, 'F' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "output",	required_argument,	NULL, 'o' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	int ch;

	memset(o, 0, sizeof(*o));
	if (argc > 1 && argv[1][0] != '-') {
		if (strcmp(argv[1], "audit") == 0)
			o->cmd = CMD_AUDIT;
		else if (strcmp(argv[1], "show") == 0)
			o->cmd = CMD_SHOW;
		else
			usage("unknown command '%s'", argv[1]);
		argc--;
		argv++;
	}
	while ((ch = getopt_long(argc, argv, "+f:ho:qvV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			o->file = optarg;
			break;
		case 'F':
			if (strcmp(optarg, "text") == 0)
				o->format = FMT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				o->format = FMT_JSON;
			else
				usage("unknown format '%s' (expected text "
				    "or json)", optarg);
			break;
		case 'h':
			help();
			exit(EXIT_OK);
		case 'o':
			o->output = strcmp(optarg, "-") == 0 ? NULL : optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'V':
			printf("rcaudit %s\n", RCA_VERSION);
			exit(EXIT_OK);
		default:
			usage(NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (o->cmd == CMD_SHOW) {
		o->select = argv;
		o->nselect = argc;
	} else if (argc > 0) {
		usage("unexpected argument '%s'", argv[0]);
	}
	if (o->file == NULL)
		usage("no source: give a snapshot with -f FILE.ldif");
}

/*
 * The report is written to a temporary file first and put in place only
 * when the whole audit succeeded, so a failure never leaves a report that
 * looks complete (or half of one).
 */
struct out {
	FILE	*fp;
	char	*tmp;		/* -o: temporary path beside the target */
	const char *path;	/* -o target, or NULL for stdout */
};

static int
out_open(struct out *out, const char *path, struct err *e)
{
	int fd;

	memset(out, 0, sizeof(*out));
	out->path = path;
	if (path == NULL) {
		if ((out->fp = tmpfile()) == NULL)
			return err_set(e, ERR_IO, "temporary file: %s",
			    strerror(errno));
		return 0;
	}
	(void)xasprintf(&out->tmp, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(out->tmp)) == -1) {
		err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
		free(out->tmp);
		out->tmp = NULL;
		return -1;
	}
	(void)fchmod(fd, 0644);
	if ((out->fp = fdopen(fd, "w")) == NULL) {
		err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(out->tmp);
		free(out->tmp);
		out->tmp = NULL;
		return -1;
	}
	return 0;
}

/* Discard what was written. */
static void
out_abort(struct out *out)
{
	if (out->fp != NULL)
		fclose(out->fp);
	if (out->tmp != NULL)
		unlink(out->tmp);
	free(out->tmp);
	out->fp = NULL;
	out->tmp = NULL;
}

/* Put the report in place: rename, or copy the temporary file to stdout. */
static int
out_commit(struct out *out, struct err *e)
{
	char buf[65536];
	size_t n;
	int ret = 0;

	if (fflush(out->fp) == EOF || ferror(out->fp)) {
		err_set(e, ERR_IO, "%s: %s", out->path ? out->path :
		    "<stdout>", strerror(errno));
		out_abort(out);
		return -1;
	}
	if (out->path == NULL) {
		rewind(out->fp);
		while ((n = fread(buf, 1, sizeof(buf), out->fp)) > 0)
			if (fwrite(buf, 1, n, stdout) != n)
				break;
		if (ferror(out->fp) || fflush(stdout) == EOF ||
		    ferror(stdout))
			ret = err_set(e, ERR_IO, "<stdout>: %s",
			    strerror(errno));
		out_abort(out);
		return ret;
	}
	if (fsync(fileno(out->fp)) == -1 || fclose(out->fp) == EOF) {
		out->fp = NULL;
		err_set(e, ERR_IO, "%s: %s", out->path, strerror(errno));
		out_abort(out);
		return -1;
	}
	out->fp = NULL;
	if (rename(out->tmp, out->path) == -1) {
		err_set(e, ERR_IO, "%s: %s", out->path, strerror(errno));
		out_abort(out);
		return -1;
	}
	free(out->tmp);
	out->tmp = NULL;
	return 0;
}

static bool
selected(const struct opts *o, const struct connector *c)
{
	int i;

	if (o->nselect == 0)
		return true;
	for (i = 0; i < o->nselect; i++)
		if (strcasecmp(o->select[i], c->identity) == 0 ||
		    strcasecmp(o->select[i], c->name) == 0 ||
		    strcasecmp(o->select[i], c->dn) == 0 ||
		    (c->guid != NULL && strcasecmp(o->select[i], c->guid) == 0))
			return true;
	return false;
}

static void
add_finding(struct tally *t, int rank, const char *identity, char *text)
{
	t->f = xreallocarray(t->f, t->nf + 1, sizeof(*t->f));
	t->f[t->nf].rank = rank;
	t->f[t->nf].identity = xstrdup(identity);
	t->f[t->nf].text = text;
	t->nf++;
}

static int
finding_cmp(const void *a, const void *b)
{
	const struct finding *fa = a, *fb = b;
	int r;

	if (fa->rank != fb->rank)
		return fa->rank < fb->rank ? -1 : 1;
	if ((r = strcmp(fa->identity, fb->identity)) != 0)
		return r;
	return strcmp(fa->text, fb->text);
}

/* Strip control characters from directory strings in terminal output. */
static char *
safe(const char *s)
{
	char *o = xmalloc(strlen(s) * 4 + 1), *p = o;

	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20 || ch == 0x7f)
			p += sprintf(p, "\\x%02x", ch);
		else
			*p++ = (char)ch;
	}
	*p = '\0';
	return o;
}

static char *
describe_unevaluated(const struct connector *c)
{
	char *id = safe(c->identity), *t, *why;

	if (c->sd_state == CONN_SD_MISSING)
		why = xstrdup("nTSecurityDescriptor is missing (no "
		    "READ_CONTROL, or read without the SD-flags control)");
	else if (c->sd_state == CONN_SD_INVALID)
		(void)xasprintf(&why, "nTSecurityDescriptor: %s",
		    c->sd_error);
	else if (c->relay_anonymous == -1 || c->relay_external == -1) {
		char buf[1024];
		const char *ace = connector_ace_fmt(c->relay_anonymous == -1 ?
		    &c->anon_ace : &c->ext_ace, true, buf, sizeof(buf));

		if (c->ext_flag == -1 && c->relay_external == -1)
			why = xstrdup("msExchSMTPReceiveInboundSecurityFlag "
			    "is not a number");
		else
			(void)xasprintf(&why, "ACE %s cannot be evaluated",
			    ace != NULL ? ace : "?");
	} else
		why = xstrdup("unknown");
	(void)xasprintf(&t, "%s: could not evaluate: %s\n", id, why);
	free(id);
	free(why);
	return t;
}

#define MAX_RANGES_SHOWN	8

static void
range_line(FILE *fp, const struct ipr *r)
{
	char cnt[U128_STR_MAX + 1], buf[IPR_STR_MAX + 1];

	(void)ipr_fmt(r, buf, sizeof(buf));
	(void)ipr_count_fmt(r, cnt, sizeof(cnt));
	fprintf(fp, "    %s (%s address%s, %s)\n", buf, cnt,
	    ipr_is_single_host(r) ? "" : "es",
	    ipr_reaches_public(r) ? "public" : "private");
}

static char *
describe_relay(const struct connector *c, bool fails)
{
	const struct ipr_summary *rs = &c->rsum;
	const char *path, *ace, *what;
	char *t = NULL, *v;
	char acebuf[1024];
	size_t i, j, len = 0;
	FILE *fp;

	if (c->relay_anonymous == 1 && c->relay_external == 1)
		path = "anonymous and externally secured";
	else if (c->relay_anonymous == 1)
		path = "anonymous";
	else
		path = "externally secured";
	if (rs->covers_all_ipv4 || rs->covers_all_ipv6)
		what = "open to the whole Internet";
	else if (rs->reaches_public)
		what = "reaches public address space";
	else if (rs->wider_than_one_host)
		what = "more than one host, private space only";
	else if (c->nbad > 0)
		what = "a range value does not parse";
	else
		what = "single hosts only";
	ace = connector_ace_fmt(c->relay_anonymous == 1 ? &c->anon_ace :
	    &c->ext_ace, false, acebuf, sizeof(acebuf));
	if ((fp = open_memstream(&t, &len)) == NULL) {
		fputs("rcaudit: out of memory\n", stderr);
		exit(EXIT_INTERNAL);
	}
	v = safe(c->identity);
	fprintf(fp, "%s: relays without authentication (%s)%s: %s%s\n", v,
	    path, c->enabled ? "" : ", connector disabled", what,
	    fails ? "" : "; does not fail the run");
	free(v);
	v = safe(ace != NULL ? ace :
	    "no DACL: every principal holds every right");
	fprintf(fp, "  granted by: %s\n  remote ranges:\n", v);
	free(v);
	/*
	 * The invalid values, then the widest first, up to a screenful:
	 * `rcaudit show` lists every value.
	 */
	for (i = 0; i < c->nbad && i < MAX_RANGES_SHOWN; i++) {
		v = safe(c->bad[i].error);
		fprintf(fp, "    invalid: %s\n", v);
		free(v);
	}
	if (c->nranges > 0 && i < MAX_RANGES_SHOWN) {
		range_line(fp, &c->ranges[rs->widest]);
		i++;
	}
	for (j = 0; j < c->nranges && i < MAX_RANGES_SHOWN; j++) {
		if (j == rs->widest)
			continue;
		range_line(fp, &c->ranges[j]);
		i++;
	}
	if (c->nbad + c->nranges > i) {
		v = safe(c->identity);
		fprintf(fp, "    ... and %zu more (rcaudit show '%s' lists "
		    "them all)\n", c->nbad + c->nranges - i, v);
		free(v);
	}
	if (fclose(fp) == EOF || t == NULL) {
		fputs("rcaudit: out of memory\n", stderr);
		exit(EXIT_INTERNAL);
	}
	return t;
}

static void
audit_one(struct tally *t, const struct connector *c, bool quiet)
{
	bool wide, fails;

	if (!connector_is_evaluated(c) && c->relay_unauth != 1) {
		t->unevaluated++;
		if (!quiet)
			add_finding(t, 0, c->identity,
			    describe_unevaluated(c));
		return;
	}
	if (c->relay_unauth != 1) {
		if (c->nbad > 0 && !quiet) {
			char *id = safe(c->identity), *v = safe(c->bad[0].error),
			    *s;

			(void)xasprintf(&s, "%s: invalid RemoteIPRanges value "
			    "(no unauthenticated relay): %s\n", id, v);
			free(id);
			free(v);
			add_finding(t, 2, c->identity, s);
		}
		return;
	}
	t->relaying++;
	if (c->rsum.reaches_public)
		t->public++;
	wide = c->rsum.wider_than_one_host || c->nbad > 0;
	fails = wide && c->enabled;
	if (fails)
		t->failing++;
	if (!quiet)
		add_finding(t, fails ? 1 : 2, c->identity,
		    describe_relay(c, fails));
}

static int
emit_json(FILE *fp, const struct connector *c, bool first)
{
	json_t *o = report_json_connector(c);
	int r;

	if (!first)
		fputs(",\n", fp);
	r = json_dumpf(o, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	return r;
}

static int
run(const struct opts *o, struct tally *t, struct out *out, struct err *e)
{
	struct snapshot_reader *sr;
	struct entry *ent = NULL;
	struct connector *c;
	int r;

	if ((sr = snapshot_open(o->file, e)) == NULL)
		return -1;
	if (o->format == FMT_JSON)
		fputs("{\"connectors\": [\n", out->fp);
	while ((r = snapshot_next(sr, &ent, e)) == 1) {
		t->entries++;
		if (!entry_has_class(ent, CONN_CLASS)) {
			entry_free(ent);
			continue;
		}
		c = connector_new(ent);
		entry_free(ent);
		t->connectors++;
		if (o->cmd == CMD_SHOW && !selected(o, c)) {
			connector_free(c);
			continue;
		}
		if (o->cmd == CMD_AUDIT)
			audit_one(t, c, o->quiet);
		if (o->format == FMT_JSON)
			(void)emit_json(out->fp, c, t->shown == 0);
		else if (o->cmd == CMD_SHOW)
			(void)report_text_connector(out->fp, c);
		t->shown++;
		connector_free(c);
	}
	snapshot_close(sr);
	return r;
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct tally t;
	struct out out;
	struct err e;
	size_t i;
	int code = EXIT_OK;
	char *summary;

	parse_args(argc, argv, &o);
	memset(&t, 0, sizeof(t));
	err_clear(&e);
	if (out_open(&out, o.output, &e) == -1) {
		warnx("%s", e.msg);
		return EXIT_SOURCE;
	}
	if (run(&o, &t, &out, &e) == -1) {
		warnx("%s", e.msg);
		out_abort(&out);
		return e.kind == ERR_NOMEM ? EXIT_INTERNAL : EXIT_SOURCE;
	}
	if (t.connectors == 0) {
		warnx("%s: no %s entries in %zu %s (is this a snapshot of the "
		    "Exchange configuration?)", o.file, CONN_CLASS, t.entries,
		    plural(t.entries, "entry", "entries"));
		out_abort(&out);
		return EXIT_SOURCE;
	}
	if (o.cmd == CMD_SHOW && o.nselect > 0 && t.shown == 0) {
		warnx("no connector matches '%s'", o.select[0]);
		out_abort(&out);
		return EXIT_USAGE;
	}

	(void)xasprintf(&summary, "%zu %s read: %zu relay without "
	    "authentication (%zu fail the run, %zu reach public address "
	    "space), %zu could not be evaluated",
	    t.connectors, plural(t.connectors, "connector", "connectors"),
	    t.relaying, t.failing, t.public, t.unevaluated);
	if (o.format == FMT_JSON) {
		fputs(t.shown ? "\n]" : "]", out.fp);
		if (o.cmd == CMD_AUDIT)
			fprintf(out.fp, ",\n\"summary\": {\"connectors\": %zu, "
			    "\"relaying\": %zu, \"failing\": %zu, \"relaying_public\": %zu, "
			    "\"unevaluated\": %zu}", t.connectors, t.relaying,
			    t.failing, t.public, t.unevaluated);
		fputs("}\n", out.fp);
	} else if (o.cmd == CMD_AUDIT) {
		if (t.nf > 0)
			qsort(t.f, t.nf, sizeof(*t.f), finding_cmp);
		for (i = 0; i < t.nf && !o.quiet; i++)
			fputs(t.f[i].text, out.fp);
		if (t.nf > 0 && !o.quiet)
			fputc('\n', out.fp);
		fprintf(out.fp, "%s\n", summary);
	}
	for (i = 0; i < t.nf; i++) {
		free(t.f[i].identity);
		free(t.f[i].text);
	}
	free(t.f);
	if (out_commit(&out, &e) == -1) {
		warnx("%s", e.msg);
		free(summary);
		return EXIT_SOURCE;
	}
	if (o.cmd == CMD_AUDIT) {
		if (t.unevaluated > 0)
			code = EXIT_INCOMPLETE;
		else if (t.failing > 0)
			code = EXIT_FINDINGS;
		if (o.format == FMT_JSON || o.output != NULL)
			warnx("%s", summary);
	}
	free(summary);
	return code;
}
