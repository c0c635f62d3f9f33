/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: the waivers loader (waivers_load) and waivers_apply on the
 * waivers it accepts.  Input: a waivers file.  Properties checked, beyond
 * "no crash": a file is either accepted or refused with ERR_CONFIG and
 * every line of the message naming the file; accepted waivers applied to
 * a few findings leave every finding either unwaived or marked with a
 * waiver that has a justification, an approver and an expiry.
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
#include "waivers.h"

#ifndef RCA_SRCDIR
#define RCA_SRCDIR "."
#endif
#define RULES	RCA_SRCDIR "/rules"
#define SCHEMA	RCA_SRCDIR "/rules/waivers.rng"

static char path[] = "/tmp/rca-fuzz-waivers-XXXXXX";
static struct ruleset rs;
static struct connector *conn;

static void
setup(void)
{
	struct entry *e;
	struct sd *sd = NULL;
	struct err err;
	uint8_t *bin;
	size_t len;
	int fd;

	if ((fd = mkstemp(path)) == -1)
		abort();
	close(fd);
	if (rules_load(&rs, RULES, RULES "/rules.rng", &err) == -1)
		abort();
	e = entry_new("CN=Printers,CN=SMTP Receive Connectors,CN=Protocols,"
	    "CN=EX01,CN=Servers,DC=x", 1);
	entry_add(e, "objectClass", "msExchSmtpReceiveConnector", 26);
	entry_add(e, "objectGUID", "0123456789abcdef", 16);
	entry_add(e, "msExchSmtpReceiveRemoteIPRanges", "10.20.0.0/16", 12);
	if (sd_parse_sddl("D:(OA;CI;CR;5c82f031-4e4c-4326-88e1-8c4f0cad9de5;;"
	    "AN)(OA;CI;CR;5c82f031-4e4c-4326-88e1-8c4f0cad9de5;;WD)", &sd,
	    NULL) == 0 && sd_encode(sd, &bin, &len, NULL) == 0) {
		entry_add(e, "nTSecurityDescriptor", bin, len);
		free(bin);
	}
	sd_free(sd);
	conn = connector_new(e, NULL);
	entry_free(e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct waiverset ws;
	struct finding *f = NULL;
	size_t nf = 0, i;
	struct err e;
	const char *p;
	FILE *fp;

	if (conn == NULL)
		setup();
	if ((fp = fopen(path, "w")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, fp) != size)
		abort();
	fclose(fp);

	if (waivers_load(&ws, path, SCHEMA, &e) == -1) {
		FUZZ_CHECK(e.kind == ERR_CONFIG, "kind %d", (int)e.kind);
		for (p = e.msg; p != NULL && *p != '\0';
		    p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
			FUZZ_CHECK(strncmp(p, path, strlen(path)) == 0,
			    "a problem line without the file: %s", p);
		return 0;
	}
	rules_eval(&rs, conn, &f, &nf);
	waivers_apply(&ws, f, nf, "2026-06-01");
	for (i = 0; i < nf; i++) {
		if (f[i].waiver != NULL)
			FUZZ_CHECK(f[i].waiver->justification != NULL &&
			    f[i].waiver->approver != NULL &&
			    f[i].waiver->expires != NULL,
			    "a waiver mark without its parts");
		finding_clear(&f[i]);
	}
	free(f);
	waivers_clear(&ws);
	return 0;
}
