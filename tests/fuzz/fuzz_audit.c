/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: the whole audit path on an LDIF snapshot, as `rcaudit
 * audit` and `rcaudit show` run it: snapshot reader, entry, connector_new
 * on each msExchSmtpReceiveConnector entry, then both report writers
 * (report_json_connector, report_text_connector).  Input: an LDIF file.
 * Properties checked, beyond "no crash, no sanitizer report":
 *   - fail closed: a connector whose descriptor is missing or does not
 *     parse has relay_anonymous -1 and is not "evaluated"; every stored
 *     RemoteIPRanges value either parsed or is listed as invalid;
 *   - the JSON facts serialise and parse back (jansson);
 *   - the text report holds no control character but newline, whatever
 *     the directory strings hold (report_text.c escapes them).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "connector.h"
#include "entry.h"
#include "err.h"
#include "fuzz.h"
#include "report.h"
#include "snapshot.h"

#define MAX_CONNECTORS	64

/* Is s (NUL-terminated) valid UTF-8, as jansson's json_string() wants? */
static bool
utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n;

	if (s == NULL)
		return true;
	while (*p != '\0') {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf)
			n = 1;
		else if (*p >= 0xe0 && *p <= 0xef)
			n = 2;
		else if (*p >= 0xf0 && *p <= 0xf4)
			n = 3;
		else
			return false;
		for (p++; n > 0; n--, p++)
			if ((*p & 0xc0) != 0x80)
				return false;
	}
	return true;
}

/* Bug 1: does c hold a directory string that is not UTF-8? */
static bool
has_non_utf8(const struct connector *c)
{
	size_t i;

	if (!utf8_ok(c->dn) || !utf8_ok(c->name) || !utf8_ok(c->server) ||
	    !utf8_ok(c->identity) || !utf8_ok(c->fqdn) || !utf8_ok(c->guid) ||
	    !utf8_ok(c->sd_error))
		return true;
	for (i = 0; i < c->nbindings; i++)
		if (!utf8_ok(c->bindings[i]))
			return true;
	for (i = 0; i < c->nrange_values; i++)
		if (!utf8_ok(c->range_values[i]))
			return true;
	for (i = 0; i < c->nbad; i++)
		if (!utf8_ok(c->bad[i].value) || !utf8_ok(c->bad[i].error))
			return true;
	for (i = 0; i < c->nproblems; i++)
		if (!utf8_ok(c->problems[i]))
			return true;
	return false;
}

static void
check_connector(const struct connector *c)
{
	FUZZ_CHECK(c->identity != NULL && c->name != NULL, "no identity");
	FUZZ_CHECK(c->nranges + c->nbad == c->nrange_values, "%zu ranges + "
	    "%zu bad of %zu values", c->nranges, c->nbad, c->nrange_values);
	if (c->sd_state != CONN_SD_OK) {
		FUZZ_CHECK(c->sd == NULL, "descriptor kept when not ok");
		FUZZ_CHECK(c->relay_anonymous == -1, "sd state %d but "
		    "relay_anonymous %d", (int)c->sd_state,
		    c->relay_anonymous);
		FUZZ_CHECK(!connector_is_evaluated(c), "sd state %d but "
		    "evaluated", (int)c->sd_state);
		FUZZ_CHECK(c->relay_unauth != 0, "sd state %d but "
		    "relay_unauth 0", (int)c->sd_state);
	}
	if (c->sd_state == CONN_SD_INVALID)
		FUZZ_CHECK(c->sd_error != NULL, "invalid sd without a message");
}

static void
check_json(const struct connector *c)
{
	json_t *o, *back;
	json_error_t je;
	char *s;

	o = report_json_connector(c);
	FUZZ_CHECK(o != NULL && json_is_object(o), "no JSON object");
	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	FUZZ_CHECK(s != NULL, "JSON does not serialise");
	back = json_loads(s, JSON_ALLOW_NUL, &je);
	FUZZ_CHECK(back != NULL, "JSON does not parse back: %s", je.text);
	FUZZ_CHECK(json_equal(o, back), "JSON differs after a round trip");
	json_decref(back);
	free(s);
	json_decref(o);
}

static void
check_text(const struct connector *c)
{
	char *out = NULL;
	size_t len = 0, i;
	FILE *fp;

	fp = open_memstream(&out, &len);
	FUZZ_CHECK(fp != NULL, "open_memstream");
	(void)report_text_connector(fp, c);
	fclose(fp);
	for (i = 0; i < len; i++)
		FUZZ_CHECK(out[i] == '\n' ||
		    ((unsigned char)out[i] >= 0x20 && out[i] != 0x7f),
		    "control character 0x%02x at byte %zu of the text "
		    "report:\n%s", (unsigned char)out[i], i, out);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snapshot_reader *r;
	struct entry *ent = NULL;
	struct connector *c;
	struct names *nm;
	struct err e;
	char buf[8192];
	size_t n = 0, i;

	if ((r = snapshot_open_mem("fuzz", data, size, &e)) == NULL)
		return 0;
	nm = names_new();
	while (n < MAX_CONNECTORS && snapshot_next(r, &ent, &e) == 1) {
		if (!entry_has_class(ent, CONN_CLASS)) {
			/* As main does: names for the connectors after it. */
			(void)names_learn(nm, ent);
			entry_free(ent);
			continue;
		}
		n++;
		c = connector_new(ent, nm);
		/* Every string a report prints is UTF-8, whatever came in. */
		FUZZ_CHECK(!has_non_utf8(c), "connector strings not UTF-8");
		entry_free(ent);
		check_connector(c);
		check_json(c);
		check_text(c);
		(void)connector_ace_fmt(&c->anon_ace, nm, true, buf,
		    sizeof(buf));
		/* Learned names are cut short: the text is never cut. */
		for (i = 0; i < c->nholders; i++)
			if (connector_ace_fmt(&c->holders[i].ace, nm, false,
			    buf, sizeof(buf)) != NULL)
				FUZZ_CHECK(strlen(buf) < sizeof(buf) - 1 &&
				    utf8_ok(buf), "ACE text cut or not UTF-8");
		/* What main does to save memory: reports still work. */
		connector_drop_sd(c);
		check_json(c);
		connector_free(c);
	}
	snapshot_close(r);
	names_free(nm);
	return 0;
}
