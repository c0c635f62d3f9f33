/* SPDX-License-Identifier: ISC */
/*
 * The receive-connector model: one struct per msExchSmtpReceiveConnector
 * entry, with its identity, settings, parsed ranges, decoded security
 * descriptor and the relay verdicts computed the way Exchange decides
 * them (exchange-facts.md section 5.3).
 */
#ifndef RCA_CONNECTOR_H
#define RCA_CONNECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "access.h"
#include "entry.h"
#include "err.h"
#include "ipr.h"
#include "names.h"
#include "sd.h"

#define CONN_CLASS		"msExchSmtpReceiveConnector"

/* msExchSMTPReceiveInboundSecurityFlag (AuthMechanism) */
#define CONN_AUTH_TLS			0x01
#define CONN_AUTH_INTEGRATED		0x02
#define CONN_AUTH_BASIC			0x04
#define CONN_AUTH_BASIC_REQUIRE_TLS	0x08
#define CONN_AUTH_EXCHANGE_SERVER	0x10
#define CONN_AUTH_EXTERNAL_AUTHORITATIVE 0x20
#define CONN_AUTH_DEFAULT		29	/* schema default */

/* PermissionGroups, recomputed from the DACL */
#define CONN_PG_ANONYMOUS		0x01
#define CONN_PG_EXCHANGE_USERS		0x02
#define CONN_PG_EXCHANGE_SERVERS	0x04
#define CONN_PG_EXCHANGE_LEGACY		0x08
#define CONN_PG_PARTNERS		0x10
#define CONN_PG_CUSTOM			0x20

/* msExchSmtpReceiveRole */
#define CONN_ROLE_HUB			32
#define CONN_ROLE_EDGE			64
#define CONN_ROLE_FRONTEND		16384

enum conn_sd_state {
	CONN_SD_OK,
	CONN_SD_MISSING,	/* no nTSecurityDescriptor in the entry */
	CONN_SD_INVALID		/* present but does not parse */
};

/*
 * A copy of the ACE that decided a check, kept when the descriptor is
 * dropped; formatted only when a report asks for it.
 */
struct conn_ace {
	bool		present;	/* false: no ACE decided */
	struct ace	ace;		/* ace.extra is owned */
};

/* A principal that the DACL gives Accept-Any-Recipient to. */
struct conn_holder {
	struct sid		sid;
	struct access_decision	dec;	/* result 1 or -1 */
	uint32_t		perms;	/* Exchange Permission bits held */
	struct conn_ace		ace;	/* the deciding ACE */
};

/* A RemoteIPRanges value that did not parse. */
struct conn_badrange {
	char	*value;
	char	*error;
};

struct connector {
	char		*dn;
	unsigned long	 line;		/* snapshot line of the dn, 0 live */
	const struct names *names;	/* for evidence; borrowed, or NULL */
	char		*guid;		/* objectGUID text, or NULL */
	char		*server;	/* from the DN, or NULL */
	char		*name;
	char		*identity;	/* "<server>\<name>" */
	int		 enabled;	/* 1, 0 */
	long		 role;		/* msExchSmtpReceiveRole, default 32 */
	long		 auth;		/* AuthMechanism, default 29 */
	long		 protocol_restrictions;	/* -1 when absent */
	long		 max_message_size;	/* -1 when absent */
	char		*fqdn;		/* or NULL */
	char		**bindings;
	size_t		 nbindings;
	char		**range_values;	/* as stored */
	size_t		 nrange_values;
	struct ipr	*ranges;	/* the values that parsed */
	size_t		 nranges;
	struct conn_badrange *bad;	/* the values that did not */
	size_t		 nbad;
	struct ipr_summary rsum;
	char		**problems;	/* attributes that could not be read */
	size_t		 nproblems;

	enum conn_sd_state sd_state;
	char		*sd_error;	/* when CONN_SD_INVALID */
	struct sd	*sd;		/* when CONN_SD_OK */

	/* Verdicts: 1 yes, 0 no, -1 could not be evaluated. */
	int		 relay_anonymous;
	int		 relay_external;
	int		 relay_unauth;
	int		 ext_flag;	/* ExternalAuthoritative set? */
	struct access_decision anon_dec;
	struct access_decision ext_dec;
	struct conn_ace	 anon_ace;	/* the ACE that decided anon_dec */
	struct conn_ace	 ext_ace;
	struct conn_holder *holders;	/* who holds Accept-Any-Recipient */
	size_t		 nholders;
	uint32_t	 perm_groups;	/* CONN_PG_* */
};

/*
 * Build a connector from e (borrowed).  Never fails on bad data: what
 * cannot be read becomes a problem, an invalid range or an unreadable
 * descriptor, and the verdicts say -1.  nm (borrowed, may be NULL) names
 * principals and rights in the evidence; it must outlive the connector.
 * The caller frees the result with connector_free().
 */
struct connector *connector_new(const struct entry *, const struct names *);
void	connector_free(struct connector *);
/*
 * The kept ACE in SDDL (sddl true) or readable form (named from nm, which
 * may be NULL) into buf; NULL when no ACE decided, else buf.
 */
const char *connector_ace_fmt(const struct conn_ace *, const struct names *,
	    bool, char *, size_t);
/* Could every verdict be decided? */
bool	connector_is_evaluated(const struct connector *);
/* Drop the decoded descriptor to save memory once it is no longer needed. */
void	connector_drop_sd(struct connector *);
/*
 * The identity parts of a DN: RDN values unescaped per RFC 4514.  On
 * success *server (NULL when the DN is not under CN=Protocols) and *name
 * are new strings.
 */
int	connector_dn_identity(const char *, char **, char **, struct err *);
/* "AnonymousUsers, ExchangeServers"; snprintf-style. */
int	connector_pg_fmt(uint32_t, char *, size_t);
/* "Tls, BasicAuth, ..." for an AuthMechanism value; snprintf-style. */
int	connector_auth_fmt(long, char *, size_t);
/* "HubTransport", "FrontendTransport", "Edge", or the number. */
const char *connector_role_name(long);
/* Text of a tri-state verdict: "yes", "no", "unknown". */
const char *connector_verdict(int);

#endif /* RCA_CONNECTOR_H */
