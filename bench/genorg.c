/* SPDX-License-Identifier: ISC */
/*
 * genorg: write a synthetic Exchange organisation of N receive connectors
 * as an LDIF snapshot on stdout, shaped like `ldapsearch -LLL -o
 * ldif-wrap=no` output, for the benchmark.  Deterministic for a given N
 * and seed.  Each connector has a realistic descriptor of 20 to 60 ACEs
 * (the permission-group ACEs Exchange writes plus inherited ones) and 1 to
 * 200 RemoteIPRanges values; about one in ten relays anonymously.
 *
 * usage: genorg N [SEED]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guid.h"
#include "sd.h"
#include "sid.h"
#include "xmalloc.h"

static uint64_t rng_state;

static uint32_t
rnd(void)
{
	/* xorshift64*: fast and good enough for synthetic data. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static uint32_t
between(uint32_t lo, uint32_t hi)
{
	return lo + rnd() % (hi - lo + 1);
}

static const char *const rights[] = {
	"ms-Exch-SMTP-Submit", "ms-Exch-SMTP-Accept-Any-Recipient",
	"ms-Exch-SMTP-Accept-Authentication-Flag",
	"ms-Exch-SMTP-Accept-Any-Sender",
	"ms-Exch-SMTP-Accept-Authoritative-Domain-Sender",
	"ms-Exch-Bypass-Anti-Spam", "ms-Exch-Bypass-Message-Size-Limit",
	"ms-Exch-SMTP-Accept-Exch50", "ms-Exch-Accept-Headers-Routing",
	"ms-Exch-Accept-Headers-Forest", "ms-Exch-Accept-Headers-Organization",
	"ms-Exch-SMTP-Accept-XShadow", "ms-Exch-SMTP-Accept-XProxyFrom",
};
#define NR (sizeof(rights) / sizeof(rights[0]))

static void
add_ace(struct sd *sd, uint8_t type, uint8_t flags, uint32_t mask,
    const char *right, const struct sid *sid)
{
	struct ace *a;

	sd->aces = xreallocarray(sd->aces, sd->nace + 1, sizeof(*sd->aces));
	a = &sd->aces[sd->nace++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	a->flags = flags;
	a->mask = mask;
	a->sid = *sid;
	if (type == ACE_T_ALLOWED_OBJECT || type == ACE_T_DENIED_OBJECT) {
		a->kind = ACE_K_OBJECT;
		if (right != NULL) {
			a->oflags = ACE_OBJ_TYPE_PRESENT;
			(void)guid_right_lookup(right, &a->object);
		}
	} else {
		a->kind = ACE_K_BASIC;
	}
}

static struct sid
domain_sid(uint32_t rid)
{
	struct sid s = { 1, 5, 5, { 21, 1004336348, 1177238915, 682003330,
	    0 } };

	s.sub[4] = rid;
	return s;
}

static void
group(struct sd *sd, const struct sid *sid, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < NR; i++)
		add_ace(sd, ACE_T_ALLOWED_OBJECT, ACE_F_CONTAINER_INHERIT,
		    ADS_RIGHT_CONTROL_ACCESS, rights[i], sid);
}

static struct sd *
make_sd(int relay)
{
	struct sd *sd = xcalloc(1, sizeof(*sd));
	struct sid exs = domain_sid(1118), orgm = domain_sid(1105), s;
	size_t target = between(20, 60), i;

	sd->rev = 1;
	sd->control = SD_CTRL_SELF_RELATIVE | SD_CTRL_DACL_PRESENT |
	    SD_CTRL_DACL_AUTO_INHERITED;
	sd->has_owner = sd->has_group = true;
	sd->owner = sd->group = orgm;
	sd->dacl = SD_DACL_PRESENT;
	sd->dacl_rev = 4;
	group(sd, &exs, NR);
	group(sd, &SID_EXCH_HUB, between(4, NR));
	group(sd, &SID_AUTH_USERS, 4);
	if (relay)
		add_ace(sd, ACE_T_ALLOWED_OBJECT, ACE_F_CONTAINER_INHERIT,
		    ADS_RIGHT_CONTROL_ACCESS,
		    "ms-Exch-SMTP-Accept-Any-Recipient", &SID_ANONYMOUS);
	/* Inherited ACEs from the organisation container fill up. */
	for (i = sd->nace; i < target; i++) {
		s = domain_sid(1100 + between(0, 400));
		if (rnd() % 3 == 0)
			add_ace(sd, ACE_T_ALLOWED, ACE_F_CONTAINER_INHERIT |
			    ACE_F_INHERITED, 0x20094, NULL, &s);
		else
			add_ace(sd, ACE_T_ALLOWED_OBJECT,
			    ACE_F_CONTAINER_INHERIT | ACE_F_INHERITED,
			    ADS_RIGHT_READ_PROP, NULL, &s);
	}
	return sd;
}

static void
b64(const uint8_t *p, size_t n)
{
	static const char t[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char out[4];
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		out[0] = t[p[i] >> 2];
		out[1] = t[(p[i] & 3) << 4 | p[i + 1] >> 4];
		out[2] = t[(p[i + 1] & 15) << 2 | p[i + 2] >> 6];
		out[3] = t[p[i + 2] & 63];
		fwrite(out, 1, 4, stdout);
	}
	if (i < n) {
		out[0] = t[p[i] >> 2];
		if (i + 1 < n) {
			out[1] = t[(p[i] & 3) << 4 | p[i + 1] >> 4];
			out[2] = t[(p[i + 1] & 15) << 2];
		} else {
			out[1] = t[(p[i] & 3) << 4];
			out[2] = '=';
		}
		out[3] = '=';
		fwrite(out, 1, 4, stdout);
	}
}

static void
ranges(int relay)
{
	size_t n, i;

	if (!relay && rnd() % 5 != 0) {
		puts("msExchSmtpReceiveRemoteIPRanges: 0.0.0.0-255.255.255.255");
		puts("msExchSmtpReceiveRemoteIPRanges: "
		    "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
		return;
	}
	n = between(1, 200);
	for (i = 0; i < n; i++) {
		uint32_t a = between(0, 255), b = between(0, 255);

		switch (rnd() % 4) {
		case 0:
			printf("msExchSmtpReceiveRemoteIPRanges: 10.%u.%u.%u\n",
			    a, b, between(1, 254));
			break;
		case 1:
			printf("msExchSmtpReceiveRemoteIPRanges: "
			    "192.168.%u.0/24\n", a);
			break;
		case 2:
			printf("msExchSmtpReceiveRemoteIPRanges: "
			    "172.16.%u.1-172.16.%u.99\n", a, a);
			break;
		default:
			printf("msExchSmtpReceiveRemoteIPRanges: "
			    "2001:db8:%x::/64\n", a << 8 | b);
			break;
		}
	}
}

int
main(int argc, char **argv)
{
	struct err e;
	unsigned long n, i;
	uint8_t *bin;
	size_t len;

	if (argc < 2 || (n = strtoul(argv[1], NULL, 10)) == 0) {
		fprintf(stderr, "usage: genorg N [SEED]\n");
		return 2;
	}
	rng_state = argc > 2 ? strtoull(argv[2], NULL, 10) | 1 :
	    0x9e3779b97f4a7c15ULL;
	for (i = 0; i < n; i++) {
		int relay = rnd() % 10 == 0;
		struct sd *sd = make_sd(relay);
		unsigned long srv = i / 8;

		printf("dn: CN=Connector %lu,CN=SMTP Receive Connectors,"
		    "CN=Protocols,CN=EX%05lu,CN=Servers,CN=Exchange "
		    "Administrative Group (FYDIBOHF23SPDLT),CN=Administrative "
		    "Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,"
		    "CN=Configuration,DC=corp,DC=example\n", i, srv);
		puts("objectClass: top");
		puts("objectClass: msExchSmtpReceiveConnector");
		printf("cn: Connector %lu\n", i);
		printf("objectGUID:: ");
		{
			uint8_t g[16];
			size_t k;

			for (k = 0; k < 16; k++)
				g[k] = (uint8_t)rnd();
			b64(g, 16);
		}
		putchar('\n');
		puts("msExchSmtpReceiveEnabled: TRUE");
		printf("msExchSmtpReceiveRole: %d\n", relay ? 16384 : 32);
		printf("msExchSMTPReceiveInboundSecurityFlag: %d\n",
		    relay ? 1 : 29);
		puts("msExchSmtpReceiveBindings: 0.0.0.0:25");
		puts("msExchSmtpReceiveBindings: [::]:25");
		ranges(relay);
		printf("msExchSMTPReceiveConnectorFQDN: ex%05lu.corp.example\n",
		    srv);
		if (sd_encode(sd, &bin, &len, &e) == -1) {
			fprintf(stderr, "genorg: %s\n", e.msg);
			return 1;
		}
		printf("nTSecurityDescriptor:: ");
		b64(bin, len);
		fputs("\n\n", stdout);
		free(bin);
		sd_free(sd);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
