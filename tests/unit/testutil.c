/* SPDX-License-Identifier: ISC */
/* Helpers shared by the unit tests. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "entry.h"
#include "err.h"
#include "rules.h"
#include "sd.h"
#include "testutil.h"
#include "xmalloc.h"

struct ruleset tu_rules;

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

size_t
tu_hex(const char *s, uint8_t *buf, size_t size)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s))
			continue;
		v = hexval((unsigned char)*s);
		ck_assert_msg(v >= 0, "bad hex digit '%c'", *s);
		if (hi < 0) {
			hi = v;
			continue;
		}
		ck_assert_msg(n < size, "hex buffer too small");
		buf[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	ck_assert_msg(hi < 0, "odd number of hex digits");
	return n;
}

uint8_t *
tu_slurp(const char *path, size_t *lenp)
{
	FILE *fp;
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = xreallocarray(buf, cap, 1);
		}
		n = fread(buf + len, 1, cap - len, fp);
		if (n == 0)
			break;
		len += n;
	}
	fclose(fp);
	*lenp = len;
	return buf;
}

/*
 * Checked fixture: load TU_RULES (schema TU_RULES_SCHEMA) into tu_rules,
 * aborting the test if they do not load; tu_rules_teardown() frees them.
 */
void
tu_rules_setup(void)
{
	struct err e;

	memset(&tu_rules, 0, sizeof(tu_rules));
	err_clear(&e);
	ck_assert_msg(rules_load(&tu_rules, TU_RULES, TU_RULES_SCHEMA, &e) == 0,
	    "%s", e.msg);
}

/* Checked fixture: free the rules tu_rules_setup() loaded into tu_rules. */
void
tu_rules_teardown(void)
{
	rules_clear(&tu_rules);
}

/*
 * A receive connector entry (usn 1) named dn, with objectClass and cn,
 * then each that is not NULL: auth as msExchSMTPReceiveInboundSecurityFlag,
 * binding as msExchSmtpReceiveBindings, the NULL-terminated ranges as
 * msExchSmtpReceiveRemoteIPRanges and sddl encoded as nTSecurityDescriptor
 * (aborts the test if it does not parse).  The caller frees the entry with
 * entry_free().
 */
struct entry *
tu_conn_entry(const char *dn, const char *cn, const char *auth,
    const char *binding, const char *const *ranges, const char *sddl)
{
	struct entry *e = entry_new(dn, 1);
	struct sd *sd = NULL;
	struct err err;
	uint8_t *bin;
	size_t len;

	entry_add(e, "objectClass", "msExchSmtpReceiveConnector", 26);
	entry_add(e, "cn", cn, strlen(cn));
	if (auth != NULL)
		entry_add(e, "msExchSMTPReceiveInboundSecurityFlag", auth,
		    strlen(auth));
	if (binding != NULL)
		entry_add(e, "msExchSmtpReceiveBindings", binding,
		    strlen(binding));
	for (; ranges != NULL && *ranges != NULL; ranges++)
		entry_add(e, "msExchSmtpReceiveRemoteIPRanges", *ranges,
		    strlen(*ranges));
	if (sddl != NULL) {
		ck_assert_msg(sd_parse_sddl(sddl, &sd, &err) == 0, "%s",
		    err.msg);
		ck_assert_int_eq(sd_encode(sd, &bin, &len, &err), 0);
		entry_add(e, "nTSecurityDescriptor", bin, len);
		free(bin);
		sd_free(sd);
	}
	return e;
}
