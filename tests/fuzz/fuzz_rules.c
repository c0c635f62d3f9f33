/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: the rules loader (rules_check, rules_load) and the engine
 * on the rules it accepts (rules_eval).  Input: a rules file.  Properties
 * checked, beyond "no crash": a file is either accepted or refused with
 * ERR_CONFIG and every line of the message naming the file; a file that
 * rules_check() accepts, rules_load() accepts on top of the shipped
 * catalogue unless it overrides a rule that does not exist; the rules
 * evaluate on a few connectors (relaying, not relaying, unreadable) and
 * every finding has a rule, evidence strings and a fingerprint.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connector.h"
#include "fuzz.h"
#include "rules.h"
#include "sd.h"
#include "xmalloc.h"

#ifndef RCA_SRCDIR
#define RCA_SRCDIR "."
#endif
#define SCHEMA	RCA_SRCDIR "/rules/rules.rng"

static char path[] = "/tmp/rca-fuzz-rules-XXXXXX";
static struct connector *conns[3];

static struct connector *
mkconn(const char *name, const char *sddl, const char *range)
{
	char dn[256];
	struct entry *e;
	struct connector *c;
	struct sd *sd = NULL;
	uint8_t *bin;
	size_t len;

	snprintf(dn, sizeof(dn), "CN=%s,CN=SMTP Receive Connectors,"
	    "CN=Protocols,CN=EX01,CN=Servers,DC=x", name);
	e = entry_new(dn, 1);
	entry_add(e, "objectClass", "msExchSmtpReceiveConnector", 26);
	entry_add(e, "msExchSmtpReceiveBindings", "0.0.0.0:25", 10);
	entry_add(e, "msExchSmtpReceiveRemoteIPRanges", range, strlen(range));
	if (sddl != NULL && sd_parse_sddl(sddl, &sd, NULL) == 0 &&
	    sd_encode(sd, &bin, &len, NULL) == 0) {
		entry_add(e, "nTSecurityDescriptor", bin, len);
		free(bin);
	}
	sd_free(sd);
	c = connector_new(e, NULL);
	entry_free(e);
	return c;
}

static void
setup(void)
{
	int fd;

	if ((fd = mkstemp(path)) == -1)
		abort();
	close(fd);
	conns[0] = mkconn("Relay", "D:(OA;CI;CR;5c82f031-4e4c-4326-88e1-"
	    "8c4f0cad9de5;;AN)", "10.0.0.0/24");
	conns[1] = mkconn("Clean", "D:(A;CI;RP;;;AU)", "0.0.0.0/0");
	conns[2] = mkconn("Hidden", NULL, "256.1.1.1");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset rs = { NULL, 0 };
	struct finding *f = NULL;
	size_t nf = 0, i, j;
	struct err e;
	FILE *fp;
	int r;
	const char *p;

	if (conns[0] == NULL)
		setup();
	if ((fp = fopen(path, "w")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, fp) != size)
		abort();
	fclose(fp);

	r = rules_check(path, SCHEMA, &e);
	if (r == -1) {
		FUZZ_CHECK(e.kind == ERR_CONFIG, "kind %d", (int)e.kind);
		for (p = e.msg; p != NULL && *p != '\0';
		    p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
			FUZZ_CHECK(strncmp(p, path, strlen(path)) == 0,
			    "a problem line without the file: %s", p);
		return 0;
	}
	/*
	 * On top of the shipped catalogue, as --rules does.  A file that
	 * passed the check can still fail here only by naming, in an
	 * override, disable or enable, a rule that does not exist.
	 */
	FUZZ_CHECK(rules_load(&rs, RCA_SRCDIR "/rules", SCHEMA, &e) == 0,
	    "the shipped catalogue: %s", e.msg);
	if (rules_load(&rs, path, SCHEMA, &e) == -1) {
		for (p = e.msg; p != NULL && *p != '\0';
		    p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
			FUZZ_CHECK(strstr(p, " of unknown rule '") != NULL &&
			    (strchr(p, '\n') == NULL || strstr(p, " of unknown "
			    "rule '") < strchr(p, '\n')),
			    "checked but not loaded: %s", p);
	}
	for (i = 0; i < 3; i++)
		rules_eval(&rs, conns[i], &f, &nf);
	for (i = 0; i < nf; i++) {
		FUZZ_CHECK(f[i].rule != NULL && f[i].fingerprint != NULL,
		    "finding without a rule or a fingerprint");
		for (j = 0; j < f[i].nevidence; j++)
			FUZZ_CHECK(f[i].evidence[j] != NULL, "NULL evidence");
		finding_clear(&f[i]);
	}
	free(f);
	rules_clear(&rs);
	return 0;
}
