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
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/xmlmemory.h>

#include "baseline.h"
#include "connector.h"
#include "entry.h"
#include "err.h"
#include "names.h"
#include "report.h"
#include "sha256.h"
#include "rules.h"
#include "snapshot.h"
#include "source.h"
#include "waivers.h"
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

enum cmd { CMD_AUDIT, CMD_SHOW, CMD_RULES, CMD_SNAPSHOT };
/* Report formats; the ones after FMT_JSON are rendered from its model. */
enum fmt { FMT_TEXT, FMT_JSON, FMT_HTML, FMT_JUNIT, FMT_SARIF, FMT_CSV,
	NFMT };

static const char *const fmt_names[NFMT] = { "text", "json", "html",
    "junit", "sarif", "csv" };

static int (*const fmt_writers[NFMT])(FILE *, const json_t *,
    struct err *) = { NULL, NULL, report_html_write, report_junit_write,
    report_sarif_write, report_csv_write };

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
	const char	*waivers;	/* --waivers FILE */
	const char	*baseline;	/* --baseline OLD.json */
	bool		 fail_on_new;	/* only new or changed ones fail */
	struct source_opts src;		/* -f, or -H and the LDAP options */
	const char	*extra[NFMT];	/* --json FILE, --html FILE, ... */
	bool		 timestamp;	/* --timestamp: record the time */
	const char	**uris;		/* -H, in order */
	size_t		 nuris;
};

struct tally {
	size_t		 entries;
	size_t		 connectors;
	size_t		 unevaluated;
	size_t		 shown;
	size_t		 by_sev[5];
	size_t		 failing;	/* findings at or above --fail-on */
	size_t		 accepted;	/* accepted by an active waiver */
	struct baseline_counts base;	/* with --baseline */
	bool		 has_waivers;
	bool		 has_baseline;
	struct finding	*f;
	size_t		 nf;
	char		*source;	/* how the source was read */
	FILE		*jfp;		/* the JSON report, when one is made */
};

static const char usage_text[] =
"usage: rcaudit [audit] -f FILE.ldif [--rules PATH] [--no-default-rules]\n"
"           [--fail-on SEVERITY|never] [--min-severity SEVERITY]\n"
"           [--waivers FILE] [--baseline OLD.json [--fail-on-new]]\n"
"           [--format FMT] [-o FILE] [--json|--html|--junit|--sarif|--csv FILE]\n"
"           [--timestamp] [-qv]\n"
"       rcaudit show -f FILE.ldif [--format text|json] [-o FILE] [CONNECTOR...]\n"
"       rcaudit snapshot -H URI... [LDAP options] -o FILE.ldif\n"
"       rcaudit rules [--rules PATH] [--no-default-rules] [--check FILE]\n"
"       rcaudit --help | --version\n"
"source: -f FILE.ldif | -H URI [-H URI...] [-b BASE] [-Z] [--ca-file FILE]\n"
"        [--insecure] [-D DN] [-y FILE] [--allow-cleartext] [-Y MECH]\n"
"        [-U AUTHCID] [-R REALM] [-X AUTHZID] [-O SECPROPS] [-N]\n"
"        [--page-size N] [--timeout SECONDS] [--time-limit SECONDS]\n";

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
"  snapshot  save every connector read from the source as LDIF (-o FILE)\n"
"\n"
"options:\n"
"  -f, --file FILE          read an LDIF snapshot ('-' for stdin)\n"
"  -H, --uri URI            read the directory: ldap://, ldaps://, ldapi://\n"
"                           (repeatable: tried in order)\n"
"  -b, --base DN            search base (default: CN=Microsoft Exchange,\n"
"                           CN=Services,<configurationNamingContext>)\n"
"  -Z, --starttls           StartTLS on ldap://\n"
"      --ca-file FILE       trust the CA certificates in FILE (default: the\n"
"                           system store)\n"
"      --insecure           do not verify the server certificate\n"
"  -D, --bind-dn DN         simple bind as DN (password: -y, RCAUDIT_PASSWORD\n"
"                           or a prompt)\n"
"  -y, --bind-password-file FILE  the password ('-' for stdin)\n"
"      --allow-cleartext    allow a simple bind without TLS\n"
"  -Y, --sasl-mech MECH     SASL bind: GSSAPI, GSS-SPNEGO, EXTERNAL, ...\n"
"  -U, --sasl-authcid ID    -R, --sasl-realm REALM   -X, --sasl-authzid ID\n"
"  -O, --sasl-secprops P    -N, --sasl-nocanon (no reverse DNS for GSSAPI)\n"
"      --page-size N        entries per page (default 500)\n"
"      --timeout SECONDS    network timeout (default 60; 0 none)\n"
"      --time-limit SECONDS server-side search time limit (default none)\n"
"      --rules PATH         add a rules file or directory (repeatable)\n"
"      --no-default-rules   do not load the shipped catalogue\n"
"      --check FILE         rules: validate FILE and report every problem\n"
"      --fail-on SEV        findings at or above SEV fail the run (default\n"
"                           high; critical, high, medium, low, info, never)\n"
"      --min-severity SEV   report findings at or above SEV (default info)\n"
"      --waivers FILE       accepted risks: waived findings are listed as\n"
"                           accepted and do not fail the run\n"
"      --baseline OLD.json  mark findings new, changed or unchanged since an\n"
"                           earlier JSON report; list the resolved ones\n"
"      --fail-on-new        with --baseline: only new or changed findings\n"
"                           fail the run\n"
"      --format FMT         text (default), json, html, junit, sarif or csv\n"
"      --json FILE          also write the JSON report to FILE (and so\n"
"      --html FILE          for each format: several reports from one run,\n"
"      --junit FILE         all rendered from the same JSON model)\n"
"      --sarif FILE\n"
"      --csv FILE\n"
"      --timestamp          record the time of the audit in the reports\n"
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

/* A whole decimal number in [min, max], or a usage error. */
static int
num_arg(const char *opt, const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < min || v > max)
		usage("%s: '%s' is not a number from %ld to %ld", opt, arg,
		    min, max);
	return (int)v;
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	enum {
		OPT_CHECK = 256, OPT_FAIL_ON, OPT_MIN_SEV, OPT_NO_DEFAULT_RULES,
		OPT_RULES, OPT_ALLOW_CLEARTEXT, OPT_CA_FILE, OPT_INSECURE,
		OPT_PAGE_SIZE, OPT_TIMEOUT, OPT_TIME_LIMIT
	};
	enum { OPT_BASELINE = 512, OPT_FAIL_ON_NEW, OPT_WAIVERS };
	enum { OPT_TIMESTAMP = 768, OPT_REPORT };	/* OPT_REPORT + fmt */
	static const struct option longopts[] = {
		{ "allow-cleartext", no_argument,	NULL,
		    OPT_ALLOW_CLEARTEXT },
		{ "base",	required_argument,	NULL, 'b' },
		{ "bind-dn",	required_argument,	NULL, 'D' },
		{ "bind-password-file", required_argument, NULL, 'y' },
		{ "ca-file",	required_argument,	NULL, OPT_CA_FILE },
		{ "insecure",	no_argument,		NULL, OPT_INSECURE },
		{ "page-size",	required_argument,	NULL, OPT_PAGE_SIZE },
		{ "sasl-authcid", required_argument,	NULL, 'U' },
		{ "sasl-authzid", required_argument,	NULL, 'X' },
		{ "sasl-mech",	required_argument,	NULL, 'Y' },
		{ "sasl-nocanon", no_argument,		NULL, 'N' },
		{ "sasl-realm",	required_argument,	NULL, 'R' },
		{ "sasl-secprops", required_argument,	NULL, 'O' },
		{ "starttls",	no_argument,		NULL, 'Z' },
		{ "time-limit",	required_argument,	NULL, OPT_TIME_LIMIT },
		{ "timeout",	required_argument,	NULL, OPT_TIMEOUT },
		{ "uri",	required_argument,	NULL, 'H' },
		{ "baseline",	required_argument,	NULL, OPT_BASELINE },
		{ "csv",	required_argument,	NULL, OPT_REPORT + FMT_CSV },
		{ "html",	required_argument,	NULL, OPT_REPORT + FMT_HTML },
		{ "json",	required_argument,	NULL, OPT_REPORT + FMT_JSON },
		{ "junit",	required_argument,	NULL,
		    OPT_REPORT + FMT_JUNIT },
		{ "sarif",	required_argument,	NULL,
		    OPT_REPORT + FMT_SARIF },
		{ "timestamp",	no_argument,		NULL, OPT_TIMESTAMP },
		{ "check",	required_argument,	NULL, OPT_CHECK },
		{ "fail-on",	required_argument,	NULL, OPT_FAIL_ON },
		{ "fail-on-new", no_argument,		NULL, OPT_FAIL_ON_NEW },
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
		{ "waivers",	required_argument,	NULL, OPT_WAIVERS },
		{ NULL,		0,			NULL, 0 }
	};
	const char *env;
	int ch, i;

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
		else if (strcmp(argv[1], "snapshot") == 0)
			o->cmd = CMD_SNAPSHOT;
		else
			usage("unknown command '%s'", argv[1]);
		argc--;
		argv++;
	}
	o->src.ad.timeout = AD_TIMEOUT;
	while ((ch = getopt_long(argc, argv, "+b:D:f:H:hNo:O:qR:U:vVX:y:Y:Z",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			o->src.ad.base = optarg;
			break;
		case 'D':
			o->src.ad.bind_dn = optarg;
			break;
		case 'H':
			o->uris = xreallocarray(o->uris, o->nuris + 1,
			    sizeof(*o->uris));
			o->uris[o->nuris++] = optarg;
			break;
		case 'N':
			o->src.ad.nocanon = true;
			break;
		case 'O':
			o->src.ad.secprops = optarg;
			break;
		case 'R':
			o->src.ad.realm = optarg;
			break;
		case 'U':
			o->src.ad.authcid = optarg;
			break;
		case 'X':
			o->src.ad.authzid = optarg;
			break;
		case 'y':
			o->src.ad.password_file = optarg;
			break;
		case 'Y':
			o->src.ad.mech = optarg;
			break;
		case 'Z':
			o->src.ad.starttls = true;
			break;
		case OPT_ALLOW_CLEARTEXT:
			o->src.ad.allow_cleartext = true;
			break;
		case OPT_CA_FILE:
			o->src.ad.ca_file = optarg;
			break;
		case OPT_INSECURE:
			o->src.ad.insecure = true;
			break;
		case OPT_PAGE_SIZE:
			o->src.ad.page_size = num_arg("--page-size", optarg,
			    1, 100000);
			break;
		case OPT_TIMEOUT:
			o->src.ad.timeout = num_arg("--timeout", optarg, 0,
			    86400);
			break;
		case OPT_TIME_LIMIT:
			o->src.ad.time_limit = num_arg("--time-limit", optarg,
			    0, 86400);
			break;
		case OPT_BASELINE:
			o->baseline = optarg;
			break;
		case OPT_FAIL_ON_NEW:
			o->fail_on_new = true;
			break;
		case OPT_WAIVERS:
			o->waivers = optarg;
			break;
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
			for (i = 0; i < NFMT; i++)
				if (strcmp(optarg, fmt_names[i]) == 0)
					break;
			if (i == NFMT)
				usage("unknown format '%s' (expected text, "
				    "json, html, junit, sarif or csv)", optarg);
			o->format = (enum fmt)i;
			break;
		case OPT_TIMESTAMP:
			o->timestamp = true;
			break;
		case OPT_REPORT + FMT_JSON:
		case OPT_REPORT + FMT_HTML:
		case OPT_REPORT + FMT_JUNIT:
		case OPT_REPORT + FMT_SARIF:
		case OPT_REPORT + FMT_CSV:
			o->extra[ch - OPT_REPORT] = optarg;
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
	if ((o->waivers != NULL || o->baseline != NULL || o->fail_on_new) &&
	    o->cmd != CMD_AUDIT)
		usage("--waivers, --baseline and --fail-on-new belong to "
		    "'rcaudit audit'");
	if (o->fail_on_new && o->baseline == NULL)
		usage("--fail-on-new needs --baseline OLD.json");
	if (o->file == NULL && o->nuris == 0 && o->cmd != CMD_RULES)
		usage("no source: give a snapshot with -f FILE.ldif or a "
		    "directory with -H URI");
	if (o->file != NULL && o->nuris > 0)
		usage("-f and -H are two sources: give one");
	o->src.file = o->file;
	o->src.ad.uris = o->uris;
	o->src.ad.nuris = o->nuris;
	if ((env = getenv("RCAUDIT_RANGE_STEP")) != NULL && *env != '\0')
		o->src.ad.range_step = num_arg("RCAUDIT_RANGE_STEP", env, 1,
		    1000000);
	if (o->src.ad.insecure && o->nuris > 0)
		warnx("warning: --insecure: the server certificate is not "
		    "verified; anyone on the path can read and change what "
		    "rcaudit sees");
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

/*
 * The temporary files not yet put in place, removed at exit: the x*
 * allocators exit(5) when memory runs out, on whichever thread (the
 * directory's reader too), and that must not leave a half-written report
 * beside its target.  Like git's tempfile list, the one piece of state
 * an atexit handler needs.
 */
static char *pending_tmp[NFMT + 2];

static void
pending_set(char *tmp, bool on)
{
	size_t i;

	for (i = 0; i < sizeof(pending_tmp) / sizeof(pending_tmp[0]); i++)
		if (on ? pending_tmp[i] == NULL : pending_tmp[i] == tmp) {
			pending_tmp[i] = on ? tmp : NULL;
			return;
		}
}

static void
pending_unlink(void)
{
	size_t i;

	for (i = 0; i < sizeof(pending_tmp) / sizeof(pending_tmp[0]); i++)
		if (pending_tmp[i] != NULL)
			(void)unlink(pending_tmp[i]);
}

/* realloc(3) for libxml2's xmlMemSetup(): out of memory exits 5. */
static void *
xrealloc_bytes(void *p, size_t n)
{
	return xreallocarray(p, n, 1);
}

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
	pending_set(out->tmp, true);
	if ((out->fp = fdopen(fd, "w")) == NULL) {
		pending_set(out->tmp, false);
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
	if (out->tmp != NULL) {
		unlink(out->tmp);
		pending_set(out->tmp, false);
	}
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
	pending_set(out->tmp, false);
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

/* What fails the run is counted in apply_marks(), after the waivers. */
static void
audit_one(const struct opts *o, const struct ruleset *rs, struct tally *t,
    const struct connector *c)
{
	size_t i, first = t->nf;

	(void)o;
	if (!connector_is_evaluated(c))
		t->unevaluated++;
	rules_eval(rs, c, &t->f, &t->nf);
	for (i = first; i < t->nf; i++)
		t->by_sev[t->f[i].severity]++;
}

/* The current UTC time as "2026-11-27T21:00:00Z"; false if unknown. */
static bool
stamp_now(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	return gmtime_r(&now, &tm) != NULL &&
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) != 0;
}

/*
 * The head of the JSON report: what wrote it, what it read and how, when
 * (only with --timestamp: output is deterministic otherwise), the options
 * that decide the findings, and the rules in force.
 */
static void
emit_json_head(FILE *fp, const struct opts *o, const struct ruleset *rs,
    const struct source_info *si)
{
	json_t *h, *src, *rules;
	char hex[65], stamp[32];
	const char *text, *href;
	struct err e;
	size_t i, j;

	src = json_pack("{s:s, s:s?, s:n, s:s?, s:s?, s:s?, s:s?, s:I, s:s?}",
	    "kind", si->kind, "uri", si->uri, "sha256", "server", si->server,
	    "base", si->base, "identity", si->identity, "mechanism", si->mech,
	    "sasl_ssf", (json_int_t)si->ssf, "tls", si->tls);
	/* Name the snapshot by its digest: evidence of what was audited. */
	if (o->src.file != NULL && strcmp(o->src.file, "-") != 0 &&
	    sha256_file(o->src.file, hex, &e) == 0)
		json_object_set_new(src, "sha256", json_string(hex));
	rules = json_array();
	for (i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];
		json_t *refs = json_array();

		for (j = 0; (text = rule_reference(r, j, &href)) != NULL; j++)
			json_array_append_new(refs, json_pack("{s:s, s:s}",
			    "title", text, "url", href));
		json_array_append_new(rules, json_pack("{s:s, s:s, s:s, s:b, "
		    "s:s, s:o}", "id", rule_id(r), "severity",
		    severity_name(rule_severity(r)), "title", rule_title(r),
		    "enabled", rule_is_enabled(r), "description",
		    rule_description(r), "references", refs));
	}
	h = json_pack("{s:i, s:{s:s, s:s}, s:o, s:o, s:{s:s, s:s, s:b}, s:o}",
	    "schema_version", 1,
	    "tool", "name", "rcaudit", "version", RCA_VERSION,
	    "source", src,
	    "generated", o->timestamp && stamp_now(stamp, sizeof(stamp)) ?
	    json_string(stamp) : json_null(),
	    "options", "fail_on", o->fail_on < 0 ? "never" :
	    severity_name((enum severity)o->fail_on), "min_severity",
	    severity_name((enum severity)o->min_severity), "fail_on_new",
	    o->fail_on_new,
	    "rules", rules);
	/* Written without its closing brace: "connectors" follows. */
	text = json_dumps(h, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fprintf(fp, "%.*s,\n\"connectors\": [\n", (int)(strlen(text) - 2),
	    text);
	free((void *)text);
	json_decref(h);
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

/* rcaudit snapshot: a writer with the header comment lines. */
static struct snapshot_writer *
snapshot_open_writer(FILE *fp, const char *info)
{
	char *hdr[4] = { NULL, NULL, NULL, NULL }, stamp[32];
	struct snapshot_writer *w;
	int i;

	if (!stamp_now(stamp, sizeof(stamp)))
		(void)snprintf(stamp, sizeof(stamp), "unknown");
	(void)xasprintf(&hdr[0], "source: %s", info);
	(void)xasprintf(&hdr[1], "time: %s", stamp);
	(void)xasprintf(&hdr[2], "rcaudit version: %s", RCA_VERSION);
	w = snapshot_writer_new(fp, (const char *const *)hdr);
	for (i = 0; i < 3; i++)
		free(hdr[i]);
	return w;
}

static int
run(const struct opts *o, const struct ruleset *rs, struct tally *t,
    struct out *out, struct err *e)
{
	struct source *src;
	struct snapshot_writer *w = NULL;
	struct entry *ent = NULL;
	struct connector *c;
	struct names *names;
	char info[2048];
	int r;

	if ((src = source_open(&o->src, e)) == NULL)
		return -1;
	names = names_new();
	(void)source_info_fmt(source_info(src), info, sizeof(info));
	t->source = xstrdup(info);
	if (o->verbose > 0 && source_info(src)->skipped != NULL)
		warnx("failed over: %s", source_info(src)->skipped);
	if (o->verbose > 0)
		warnx("reading %s", info);
	if (o->verbose > 0 && source_info(src)->names_error != NULL)
		warnx("names for evidence: %s; SIDs and GUIDs are shown as "
		    "they are", source_info(src)->names_error);
	if (o->cmd == CMD_SNAPSHOT)
		w = snapshot_open_writer(out->fp, info);
	else if (o->cmd == CMD_SHOW && o->format == FMT_JSON)
		fputs("{\"connectors\": [\n", out->fp);
	else if (t->jfp != NULL)
		emit_json_head(t->jfp, o, rs, source_info(src));
	while ((r = source_next(src, &ent, e)) == 1) {
		t->entries++;
		if (w != NULL) {
			if (entry_has_class(ent, CONN_CLASS))
				t->connectors++;
			r = snapshot_write(w, ent, e);
			source_done(src, ent);
			if (r == -1)
				break;
			continue;
		}
		if (!entry_has_class(ent, CONN_CLASS)) {
			/* Names for the evidence of the connectors after it. */
			(void)names_learn(names, ent);
			source_done(src, ent);
			continue;
		}
		c = connector_new(ent, names);
		source_done(src, ent);
		t->connectors++;
		if (o->cmd == CMD_SHOW && !selected(o, c)) {
			connector_free(c);
			continue;
		}
		if (o->cmd == CMD_AUDIT)
			audit_one(o, rs, t, c);
		if (o->cmd == CMD_SHOW && o->format == FMT_JSON)
			(void)emit_json(out->fp, c, t->shown == 0);
		else if (t->jfp != NULL)
			(void)emit_json(t->jfp, c, t->shown == 0);
		else if (o->cmd == CMD_SHOW)
			(void)report_text_connector(out->fp, c);
		t->shown++;
		connector_free(c);
	}
	if (w != NULL) {
		if (r == 0)
			r = snapshot_writer_end(w, e);
		snapshot_writer_free(w);
	}
	source_close(src);
	names_free(names);
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

/*
 * --waivers and --baseline, read before the source so that a bad file
 * costs no directory search.  The waivers schema sits beside rules.rng.
 */
static int
load_marks(const struct opts *o, struct waiverset *ws, struct baseline *b,
    char *today, struct err *e)
{
	char *schema;
	int r;

	if (o->waivers != NULL) {
		if (waivers_today(getenv("RCAUDIT_TODAY"), today, e) == -1)
			return -1;
		(void)xasprintf(&schema, "%s/waivers.rng",
		    default_rules_dir());
		r = waivers_load(ws, o->waivers, schema, e);
		free(schema);
		if (r == -1)
			return -1;
	}
	if (o->baseline != NULL && baseline_load(b, o->baseline, e) == -1)
		return -1;
	return 0;
}

/*
 * Mark the findings (waivers, baseline) and count what fails the run: a
 * finding at or above --fail-on that no active waiver accepts and, with
 * --fail-on-new, that is new or changed.  Waivers do not touch
 * t->unevaluated: a waived "could not evaluate" still makes the run
 * incomplete.
 */
static void
apply_marks(const struct opts *o, struct waiverset *ws, struct baseline *b,
    const char *today, struct tally *t)
{
	const struct finding *f;
	size_t i;

	t->has_waivers = o->waivers != NULL;
	t->has_baseline = o->baseline != NULL;
	if (t->has_waivers)
		waivers_apply(ws, t->f, t->nf, today);
	if (t->has_baseline)
		baseline_apply(b, t->f, t->nf, &t->base);
	t->failing = t->accepted = 0;
	for (i = 0; i < t->nf; i++) {
		f = &t->f[i];
		if (f->waiver != NULL && f->waiver->active) {
			t->accepted++;
			continue;
		}
		if (o->fail_on < 0 || (int)f->severity < o->fail_on)
			continue;
		if (o->fail_on_new && f->base != FINDING_BASE_NEW &&
		    f->base != FINDING_BASE_CHANGED)
			continue;
		t->failing++;
	}
}

/* The "waivers" and "resolved" members of the JSON report (or null). */
static void
emit_marks_json(FILE *fp, const struct opts *o, const struct waiverset *ws,
    const struct baseline *b)
{
	json_t *a;

	fputs(",\n\"waivers\": ", fp);
	a = o->waivers != NULL ? report_json_waivers(ws) : json_null();
	(void)json_dumpf(a, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);
	json_decref(a);
	fputs(",\n\"resolved\": ", fp);
	a = o->baseline != NULL ? report_json_resolved(b) : json_null();
	(void)json_dumpf(a, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);
	json_decref(a);
}

/* The "Waivers" and "Resolved" sections of the text report. */
static void
emit_marks_text(FILE *fp, const struct opts *o, const struct waiverset *ws,
    const struct baseline *b)
{
	size_t i;

	if (o->waivers != NULL && ws->n > 0) {
		(void)report_text_waivers(fp, ws);
		fputc('\n', fp);
	}
	for (i = 0; o->baseline != NULL && i < b->n; i++)
		if (baseline_is_resolved(&b->f[i]))
			break;
	if (o->baseline != NULL && i < b->n) {
		(void)report_text_resolved(fp, b);
		fputc('\n', fp);
	}
}

static void
write_summary(FILE *fp, const struct tally *t, bool json)
{
	if (json) {
		fprintf(fp, "{\"connectors\": %zu, \"unevaluated\": %zu, "
		    "\"findings\": {\"critical\": %zu, \"high\": %zu, "
		    "\"medium\": %zu, \"low\": %zu, \"info\": %zu}, "
		    "\"failing\": %zu, \"accepted\": %zu, \"baseline\": ",
		    t->connectors, t->unevaluated,
		    t->by_sev[SEV_CRITICAL], t->by_sev[SEV_HIGH],
		    t->by_sev[SEV_MEDIUM], t->by_sev[SEV_LOW],
		    t->by_sev[SEV_INFO], t->failing, t->accepted);
		if (t->has_baseline)
			fprintf(fp, "{\"new\": %zu, \"changed\": %zu, "
			    "\"unchanged\": %zu, \"resolved\": %zu}}",
			    t->base.new, t->base.changed, t->base.unchanged,
			    t->base.resolved);
		else
			fputs("null}", fp);
		return;
	}
	fprintf(fp, "%zu %s read, %zu could not be evaluated; findings: "
	    "%zu critical, %zu high, %zu medium, %zu low, %zu info",
	    t->connectors, plural(t->connectors, "connector", "connectors"),
	    t->unevaluated, t->by_sev[SEV_CRITICAL], t->by_sev[SEV_HIGH],
	    t->by_sev[SEV_MEDIUM], t->by_sev[SEV_LOW], t->by_sev[SEV_INFO]);
	if (t->has_waivers)
		fprintf(fp, "; %zu accepted", t->accepted);
	if (t->has_baseline)
		fprintf(fp, "; since the baseline: %zu new, %zu changed, "
		    "%zu unchanged, %zu resolved", t->base.new,
		    t->base.changed, t->base.unchanged, t->base.resolved);
	fputc('\n', fp);
}

/* Copy the whole of from (rewound) to to; -1 on a read or write error. */
static int
copy_stream(FILE *from, FILE *to)
{
	char buf[65536];
	size_t n;

	rewind(from);
	while ((n = fread(buf, 1, sizeof(buf), from)) > 0)
		if (fwrite(buf, 1, n, to) != n)
			return -1;
	return ferror(from) || ferror(to) ? -1 : 0;
}

/*
 * The reports made from the JSON model: the primary one (--format html,
 * junit, sarif or csv) into out, and each of --json/--html/--junit/
 * --sarif/--csv FILE into its own file, written beside it and renamed
 * into place only when complete.  The model is loaded only when a format
 * other than JSON needs it (need_model).
 */
static int
write_reports(const struct opts *o, bool need_model, struct out *out,
    FILE *jfp, struct err *e)
{
	json_error_t je;
	json_t *model = NULL;
	struct out x[NFMT];
	int k, r = 0;

	if (fflush(jfp) == EOF)
		return err_set(e, ERR_IO, "the JSON report: %s",
		    strerror(errno));
	rewind(jfp);
	/* --json alone is a copy: the whole model costs ~4 bytes per byte. */
	if (need_model &&
	    (model = json_loadf(jfp, 0, &je)) == NULL)
		return err_set(e, ERR_INTERNAL, "the JSON report does not "
		    "load back: line %d: %s", je.line, je.text);
	if (o->format > FMT_JSON)
		r = fmt_writers[o->format](out->fp, model, e);
	/* All written first, then all put in place: none from a failed run. */
	memset(x, 0, sizeof(x));
	for (k = FMT_JSON; r == 0 && k < NFMT; k++) {
		if (o->extra[k] == NULL)
			continue;
		if (out_open(&x[k], o->extra[k], e) == -1) {
			r = -1;
			break;
		}
		if (k == FMT_JSON)
			r = copy_stream(jfp, x[k].fp) == -1 ? err_set(e, ERR_IO,
			    "%s: %s", o->extra[k], strerror(errno)) : 0;
		else
			r = fmt_writers[k](x[k].fp, model, e);
		if (r == -1)
			(void)err_wrap(e, "%s", o->extra[k]);
	}
	for (k = FMT_JSON; k < NFMT; k++) {
		if (x[k].fp == NULL)
			continue;
		if (r == 0)
			r = out_commit(&x[k], e);
		else
			out_abort(&x[k]);
	}
	json_decref(model);
	return r;
}

int
main(int argc, char **argv)
{
	struct ruleset rs = { NULL, 0 };
	struct waiverset ws = { NULL, NULL, 0 };
	struct baseline base = { NULL, NULL, 0 };
	char today[WAIVER_DATE_LEN + 1] = "";
	struct opts o;
	struct tally t;
	struct out out, jout;
	struct err e;
	size_t i, shown = 0;
	int code = EXIT_OK, k;
	bool need_model = false;

	memset(&out, 0, sizeof(out));
	memset(&jout, 0, sizeof(jout));
	(void)atexit(pending_unlink);
	/* Out of memory in jansson or libxml2 is ours: exit 5 (xmalloc.h). */
	json_set_alloc_funcs(xmalloc, free);
	(void)xmlMemSetup(free, xmalloc, xrealloc_bytes, xstrdup);
	parse_args(argc, argv, &o);
	memset(&t, 0, sizeof(t));
	err_clear(&e);
	if ((o.cmd == CMD_AUDIT || o.cmd == CMD_RULES) &&
	    load_rules(&o, &rs, &e) == -1) {
		warn_lines(e.msg);
		code = EXIT_USAGE;
		goto done;
	}
	if (o.cmd == CMD_RULES) {
		if (o.check != NULL)
			printf("%s: ok\n", o.check);
		else
			code = list_rules(&rs);
		goto done;
	}
	if (load_marks(&o, &ws, &base, today, &e) == -1) {
		warn_lines(e.msg);
		code = EXIT_USAGE;
		goto done;
	}
	if (out_open(&out, o.output, &e) == -1) {
		warnx("%s", e.msg);
		code = EXIT_SOURCE;
		goto done;
	}
	/*
	 * Every report but text is made from one JSON document, streamed to
	 * a temporary file as connectors are read, then loaded back as the
	 * model the other writers render: the formats cannot disagree.
	 */
	if (o.cmd == CMD_AUDIT) {
		need_model = o.format > FMT_JSON;
		for (k = FMT_HTML; k < NFMT; k++)
			if (o.extra[k] != NULL)
				need_model = true;
		if (o.format == FMT_JSON) {
			t.jfp = out.fp;
		} else if (need_model || o.extra[FMT_JSON] != NULL) {
			if (out_open(&jout, NULL, &e) == -1) {
				warnx("%s", e.msg);
				code = EXIT_SOURCE;
				goto fail;
			}
			t.jfp = jout.fp;
		}
	}
	if (run(&o, &rs, &t, &out, &e) == -1) {
		warnx("%s", e.msg);
		code = e.kind == ERR_NOMEM ? EXIT_INTERNAL :
		    e.kind == ERR_USAGE ? EXIT_USAGE : EXIT_SOURCE;
		goto fail;
	}
	if (t.connectors == 0 && o.file == NULL) {
		warnx("%s: no %s entries under the search base (wrong base? "
		    "no rights?)", t.source, CONN_CLASS);
		code = EXIT_SOURCE;
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

	if (o.cmd == CMD_AUDIT)
		apply_marks(&o, &ws, &base, today, &t);
	findings_sort(t.f, t.nf);
	if (o.cmd == CMD_SNAPSHOT) {
		if (o.verbose > 0)
			warnx("%zu %s written", t.connectors,
			    plural(t.connectors, "connector", "connectors"));
	} else if (o.cmd == CMD_SHOW && o.format == FMT_JSON) {
		fputs(t.shown ? "\n]}\n" : "]}\n", out.fp);
	} else if (o.cmd == CMD_AUDIT && t.jfp != NULL) {
		FILE *fp = t.jfp;

		fputs(t.shown ? "\n]" : "]", fp);
		fputs(",\n\"findings\": [", fp);
		for (i = 0; i < t.nf; i++) {
			json_t *f;

			if ((int)t.f[i].severity < o.min_severity)
				continue;
			f = report_json_finding(&t.f[i]);
			fputs(shown++ ? ",\n" : "\n", fp);
			(void)json_dumpf(f, fp, JSON_INDENT(2) |
			    JSON_PRESERVE_ORDER);
			json_decref(f);
		}
		fputs(shown ? "\n]" : "]", fp);
		emit_marks_json(fp, &o, &ws, &base);
		fputs(",\n\"summary\": ", fp);
		write_summary(fp, &t, true);
		fputs("}\n", fp);
	}
	if (o.cmd == CMD_AUDIT && o.format == FMT_TEXT) {
		if (!o.quiet) {
			/* Colour for a terminal only, unless NO_COLOR is set. */
			(void)report_text_findings(out.fp, t.f, t.nf,
			    (enum severity)o.min_severity, o.output == NULL &&
			    isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL);
			if (t.nf > 0)
				fputc('\n', out.fp);
			emit_marks_text(out.fp, &o, &ws, &base);
		}
		write_summary(out.fp, &t, false);
	}
	if (o.cmd == CMD_AUDIT && (need_model || o.extra[FMT_JSON] != NULL) &&
	    write_reports(&o, need_model, &out, t.jfp, &e) == -1) {
		warn_lines(e.msg);
		code = e.kind == ERR_NOMEM || e.kind == ERR_INTERNAL ?
		    EXIT_INTERNAL : EXIT_SOURCE;
		goto fail;
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
		if (o.format != FMT_TEXT || o.output != NULL)
			write_summary(stderr, &t, false);
	}
	goto done;
fail:
	out_abort(&out);
done:
	if (jout.fp != NULL)
		out_abort(&jout);
	for (i = 0; i < t.nf; i++)
		finding_clear(&t.f[i]);
	free(t.f);
	free(t.source);
	free(o.rules);
	free(o.uris);
	waivers_clear(&ws);
	baseline_clear(&base);
	rules_clear(&rs);
	return code;
}
