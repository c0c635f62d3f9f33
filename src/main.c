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
#include "rules.h"
#include "snapshot.h"
#include "xmalloc.h"

#ifndef RCA_VERSION
#define RCA_VERSION "0.0.0"
#endif
#ifndef RCA_DATADIR
#define RCA_DATADIR "/usr/local/share/rcaudit"
#endif

enum exit_code {
	EXIT_OK = 0,		/* evaluated, nothing that fails the run */
	EXIT_FINDINGS = 1,	/* findings at or above --fail-on */
	EXIT_USAGE = 2,		/* usage or configuration error */
	EXIT_SOURCE = 3,	/* the source failed, or output failed */
	EXIT_INCOMPLETE = 4,	/* some connector could not be evaluated */
	EXIT_INTERNAL = 5	/* out of memory, failed invariant */
};

enum cmd { CMD_AUDIT, CMD_SHOW, CMD_RULES };
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
	const char	**rules;	/* --rules, in order */
	int		 nrules;
	bool		 no_default_rules;
	const char	*check;		/* rules --check FILE */
	int		 fail_on;	/* a severity, or -1 for never */
	int		 min_severity;
};

struct tally {
	size_t		 entries;
	size_t		 connectors;
	size_t		 unevaluated;
	size_t		 shown;
	size_t		 by_sev[5];
	size_t		 failing;	/* findings at or above --fail-on */
	struct finding	*f;
	size_t		 nf;
};

static const char usage_text[] =
"usage: rcaudit [audit] -f FILE.ldif [--rules PATH] [--no-default-rules]\n"
"           [--fail-on SEVERITY|never] [--min-severity SEVERITY]\n"
"           [--format text|json] [-o FILE] [-qv]\n"
"       rcaudit show -f FILE.ldif [--format text|json] [-o FILE] [CONNECTOR...]\n"
"       rcaudit rules [--rules PATH] [--no-default-rules] [--check FILE]\n"
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
"  audit   run the rules on every connector and report the findings (default)\n"
"  show    print every connector's decoded facts: ranges, DACL, verdicts\n"
"  rules   list the rule catalogue, or validate a rules file with --check\n"
"\n"
"options:\n"
"  -f, --file FILE          read an LDIF snapshot ('-' for stdin)\n"
"      --rules PATH         add a rules file or directory (repeatable)\n"
"      --no-default-rules   do not load the shipped catalogue\n"
"      --check FILE         rules: validate FILE and report every problem\n"
"      --fail-on SEV        findings at or above SEV fail the run (default\n"
"                           high; critical, high, medium, low, info, never)\n"
"      --min-severity SEV   report findings at or above SEV (default info)\n"
"      --format FMT         text (default) or json\n"
"  -o, --output FILE        write the report to FILE instead of stdout\n"
"  -q, --quiet              audit: print only the summary line\n"
"  -v, --verbose            more detail on stderr\n"
"  -h, --help               this help\n"
"  -V, --version            the version\n"
"\n"
"exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or rules\n"
"error, 3 source or output failed, 4 incomplete, 5 internal error.\n",
	    stdout);
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	enum {
		OPT_CHECK = 256, OPT_FAIL_ON, OPT_MIN_SEV, OPT_NO_DEFAULT_RULES,
		OPT_RULES
	};
	static const struct option longopts[] = {
		{ "check",	required_argument,	NULL, OPT_CHECK },
		{ "fail-on",	required_argument,	NULL, OPT_FAIL_ON },
		{ "file",	required_argument,	NULL, 'f' },
		{ "format",	required_argument,	NULL, 'F' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "min-severity", required_argument,	NULL, OPT_MIN_SEV },
		{ "no-default-rules", no_argument,	NULL,
		    OPT_NO_DEFAULT_RULES },
		{ "output",	required_argument,	NULL, 'o' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "rules",	required_argument,	NULL, OPT_RULES },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	int ch;

	memset(o, 0, sizeof(*o));
	o->fail_on = SEV_HIGH;
	o->min_severity = SEV_INFO;
	if (argc > 1 && argv[1][0] != '-') {
		if (strcmp(argv[1], "audit") == 0)
			o->cmd = CMD_AUDIT;
		else if (strcmp(argv[1], "show") == 0)
			o->cmd = CMD_SHOW;
		else if (strcmp(argv[1], "rules") == 0)
			o->cmd = CMD_RULES;
		else
			usage("unknown command '%s'", argv[1]);
		argc--;
		argv++;
	}
	while ((ch = getopt_long(argc, argv, "+f:ho:qvV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_CHECK:
			o->check = optarg;
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "never") == 0)
				o->fail_on = -1;
			else if ((o->fail_on = severity_parse(optarg)) == -1)
				usage("unknown severity '%s' (expected "
				    "critical, high, medium, low, info or "
				    "never)", optarg);
			break;
		case OPT_MIN_SEV:
			if ((o->min_severity = severity_parse(optarg)) == -1)
				usage("unknown severity '%s' (expected "
				    "critical, high, medium, low or info)",
				    optarg);
			break;
		case OPT_NO_DEFAULT_RULES:
			o->no_default_rules = true;
			break;
		case OPT_RULES:
			o->rules = xreallocarray(o->rules,
			    (size_t)o->nrules + 1, sizeof(*o->rules));
			o->rules[o->nrules++] = optarg;
			break;
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
	if (o->check != NULL && o->cmd != CMD_RULES)
		usage("--check belongs to 'rcaudit rules'");
	if (o->file == NULL && o->cmd != CMD_RULES)
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
audit_one(const struct opts *o, const struct ruleset *rs, struct tally *t,
    const struct connector *c)
{
	size_t i, first = t->nf;

	if (!connector_is_evaluated(c))
		t->unevaluated++;
	rules_eval(rs, c, &t->f, &t->nf);
	for (i = first; i < t->nf; i++) {
		t->by_sev[t->f[i].severity]++;
		if (o->fail_on >= 0 && (int)t->f[i].severity >= o->fail_on)
			t->failing++;
	}
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
run(const struct opts *o, const struct ruleset *rs, struct tally *t,
    struct out *out, struct err *e)
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
			audit_one(o, rs, t, c);
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

/* Print every line of a (multi-line) error message, each prefixed. */
static void
warn_lines(const char *msg)
{
	const char *nl;

	while ((nl = strchr(msg, '\n')) != NULL) {
		fprintf(stderr, "rcaudit: %.*s\n", (int)(nl - msg), msg);
		msg = nl + 1;
	}
	warnx("%s", msg);
}

/*
 * Where the shipped rules live: $RCAUDIT_RULES_DIR, else the installed
 * DATADIR/rules, else the source tree's rules/ (running from a build).
 */
static const char *
default_rules_dir(void)
{
	const char *env = getenv("RCAUDIT_RULES_DIR");

	if (env != NULL && *env != '\0')
		return env;
	if (access(RCA_DATADIR "/rules/rules.rng", R_OK) == 0)
		return RCA_DATADIR "/rules";
#ifdef RCA_SRCDIR
	return RCA_SRCDIR "/rules";
#else
	return RCA_DATADIR "/rules";
#endif
}

static int
load_rules(const struct opts *o, struct ruleset *rs, struct err *e)
{
	const char *dir = default_rules_dir();
	char *schema;
	int i, r = 0;

	(void)xasprintf(&schema, "%s/rules.rng", dir);
	if (o->check != NULL) {
		r = rules_check(o->check, schema, e);
		free(schema);
		return r;
	}
	if (!o->no_default_rules)
		r = rules_load(rs, dir, schema, e);
	for (i = 0; r == 0 && i < o->nrules; i++)
		r = rules_load(rs, o->rules[i], schema, e);
	free(schema);
	if (r == 0 && rs->nrules == 0)
		r = err_set(e, ERR_CONFIG, "no rules: give --rules PATH "
		    "or drop --no-default-rules");
	return r;
}

static int
list_rules(const struct ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];

		printf("%-8s  %-8s  %s%s\n", rule_id(r),
		    severity_name(rule_severity(r)), rule_title(r),
		    rule_is_enabled(r) ? "" : "  (disabled)");
	}
	return fflush(stdout) == EOF ? EXIT_SOURCE : EXIT_OK;
}

static void
write_summary(FILE *fp, const struct tally *t, bool json)
{
	if (json) {
		fprintf(fp, "{\"connectors\": %zu, \"unevaluated\": %zu, "
		    "\"findings\": {\"critical\": %zu, \"high\": %zu, "
		    "\"medium\": %zu, \"low\": %zu, \"info\": %zu}, "
		    "\"failing\": %zu}", t->connectors, t->unevaluated,
		    t->by_sev[SEV_CRITICAL], t->by_sev[SEV_HIGH],
		    t->by_sev[SEV_MEDIUM], t->by_sev[SEV_LOW],
		    t->by_sev[SEV_INFO], t->failing);
		return;
	}
	fprintf(fp, "%zu %s read, %zu could not be evaluated; findings: "
	    "%zu critical, %zu high, %zu medium, %zu low, %zu info\n",
	    t->connectors, plural(t->connectors, "connector", "connectors"),
	    t->unevaluated, t->by_sev[SEV_CRITICAL], t->by_sev[SEV_HIGH],
	    t->by_sev[SEV_MEDIUM], t->by_sev[SEV_LOW], t->by_sev[SEV_INFO]);
}

int
main(int argc, char **argv)
{
	struct ruleset rs = { NULL, 0 };
	struct opts o;
	struct tally t;
	struct out out;
	struct err e;
	size_t i, shown = 0;
	int code = EXIT_OK;

	parse_args(argc, argv, &o);
	memset(&t, 0, sizeof(t));
	err_clear(&e);
	if ((o.cmd == CMD_AUDIT || o.cmd == CMD_RULES) &&
	    load_rules(&o, &rs, &e) == -1) {
		warn_lines(e.msg);
		rules_clear(&rs);
		return EXIT_USAGE;
	}
	if (o.cmd == CMD_RULES) {
		if (o.check != NULL)
			printf("%s: ok\n", o.check);
		else
			code = list_rules(&rs);
		rules_clear(&rs);
		return code;
	}
	if (out_open(&out, o.output, &e) == -1) {
		warnx("%s", e.msg);
		rules_clear(&rs);
		return EXIT_SOURCE;
	}
	if (run(&o, &rs, &t, &out, &e) == -1) {
		warnx("%s", e.msg);
		code = e.kind == ERR_NOMEM ? EXIT_INTERNAL : EXIT_SOURCE;
		goto fail;
	}
	if (t.connectors == 0) {
		warnx("%s: no %s entries in %zu %s (is this a snapshot of the "
		    "Exchange configuration?)", o.file, CONN_CLASS, t.entries,
		    plural(t.entries, "entry", "entries"));
		code = EXIT_SOURCE;
		goto fail;
	}
	if (o.cmd == CMD_SHOW && o.nselect > 0 && t.shown == 0) {
		warnx("no connector matches '%s'", o.select[0]);
		code = EXIT_USAGE;
		goto fail;
	}

	findings_sort(t.f, t.nf);
	if (o.format == FMT_JSON) {
		fputs(t.shown ? "\n]" : "]", out.fp);
		if (o.cmd == CMD_AUDIT) {
			fputs(",\n\"findings\": [", out.fp);
			for (i = 0; i < t.nf; i++) {
				json_t *f;

				if ((int)t.f[i].severity < o.min_severity)
					continue;
				f = report_json_finding(&t.f[i]);
				fputs(shown++ ? ",\n" : "\n", out.fp);
				(void)json_dumpf(f, out.fp, JSON_INDENT(2) |
				    JSON_PRESERVE_ORDER);
				json_decref(f);
			}
			fputs(shown ? "\n],\n\"summary\": " :
			    "],\n\"summary\": ", out.fp);
			write_summary(out.fp, &t, true);
		}
		fputs("}\n", out.fp);
	} else if (o.cmd == CMD_AUDIT) {
		if (!o.quiet) {
			(void)report_text_findings(out.fp, t.f, t.nf,
			    (enum severity)o.min_severity);
			if (t.nf > 0)
				fputc('\n', out.fp);
		}
		write_summary(out.fp, &t, false);
	}
	if (out_commit(&out, &e) == -1) {
		warnx("%s", e.msg);
		code = EXIT_SOURCE;
		goto done;
	}
	if (o.cmd == CMD_AUDIT) {
		/* "Could not see" is never "clean": 4 wins over 1. */
		if (t.unevaluated > 0)
			code = EXIT_INCOMPLETE;
		else if (t.failing > 0)
			code = EXIT_FINDINGS;
		if (o.format == FMT_JSON || o.output != NULL)
			write_summary(stderr, &t, false);
	}
	goto done;
fail:
	out_abort(&out);
done:
	for (i = 0; i < t.nf; i++)
		finding_clear(&t.f[i]);
	free(t.f);
	free(o.rules);
	rules_clear(&rs);
	return code;
}
