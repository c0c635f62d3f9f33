/* SPDX-License-Identifier: ISC */
/*
 * The live directory reader (see ad.h): libldap with Cyrus SASL.  One
 * connection, tried over each URI in turn; certificates verified unless
 * told otherwise; passwords only from a file, the environment or a
 * prompt, zeroed after the bind.  The search streams: one LDAP message is
 * held at a time and the next page is asked for only when the current one
 * is used up, so memory is bounded by the largest entry.  Every way the
 * search can end early is an error: nothing that looks complete is
 * returned from a partial read (docs/design.md, "Fail closed").
 *
 * After ad_open(), ad_next() may run on another thread (source.c reads
 * the directory on one while main evaluates on its own); every libldap
 * call then stays on that thread until it is joined, and ad_cancel() is
 * the one function that may be called concurrently with it.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <ldap.h>
#include <sasl/sasl.h>

#include "ad.h"
#include "entry.h"
#include "err.h"
#include "rd.h"
#include "sid.h"
#include "xmalloc.h"

/* LDAP_SERVER_SD_FLAGS_OID, [MS-ADTS] 3.1.1.3.4.1.11. */
#define AD_OID_SDFLAGS	"1.2.840.113556.1.4.801"
/* SEQUENCE { INTEGER 7 }: OWNER, GROUP and DACL, no SACL. */
static char ad_sdflags_ber[] = { 0x30, 0x03, 0x02, 0x01, 0x07 };

#define AD_FILTER	"(objectClass=msExchSmtpReceiveConnector)"
#define AD_PASSWORD_MAX	1024
/* How often a wait for the server looks at ad_cancel(), milliseconds. */
#define AD_SLICE_MS	100
/* Bytes read from the connection at once (ad_readahead()). */
#define AD_READAHEAD	65536

/* What src/connector.c reads, plus the descriptor (exchange-facts §1). */
static char *ad_attrs[] = {
	"objectClass", "cn", "name", "objectGUID", "whenChanged",
	"msExchSmtpReceiveEnabled", "msExchSmtpReceiveRole",
	"msExchSMTPReceiveInboundSecurityFlag",
	"msExchSmtpReceiveProtocolRestrictions",
	"msExchSmtpReceiveMaxMessageSize", "msExchSMTPReceiveConnectorFQDN",
	"msExchSmtpReceiveBindings", "msExchSmtpReceiveRemoteIPRanges",
	"nTSecurityDescriptor", NULL
};

static char *ad_rootdse_attrs[] = {
	"configurationNamingContext", "defaultNamingContext", "dnsHostName",
	"supportedControl", "supportedSASLMechanisms", NULL
};

/* Names for evidence (names.h): what names_learn() reads. */
static char *ad_xref_attrs[] = {
	"objectClass", "cn", "nCName", "nETBIOSName", NULL
};
static char *ad_right_attrs[] = {
	"objectClass", "cn", "rightsGuid", NULL
};
static char *ad_principal_attrs[] = {
	"objectClass", "objectSid", "sAMAccountName", NULL
};
/*
 * At most this many SIDs in one objectSid search, and connectors held back
 * while their new SIDs wait for one: a search per batch, not per
 * connector.
 */
#define AD_SIDS_PER_SEARCH	64
/* A domain principal's SID in bytes: S-1-5-21-A-B-C-RID. */
#define AD_DOMAIN_SID		28
/* Entries kept for reuse (ad_recycle()): what the source has in flight. */
#define AD_SPARE		512
#define AD_HOLD_MAX		64

struct ad;
static void	ad_names_open(struct ad *);

struct ad {
	LDAP		*ld;
	struct ad_opts	 o;		/* strings borrowed from the caller */
	struct ad_info	 info;
	char		*uri;		/* info.uri */
	char		*server;	/* info.server */
	char		*base;		/* info.base */
	char		*identity;	/* info.identity */
	char		*mech;		/* info.mech */
	char		*tls;		/* info.tls */
	char		*skipped;	/* info.skipped */
	char		 password[AD_PASSWORD_MAX];
	size_t		 password_len;
	LDAPControl	 sdflags;
	struct berval	 cookie;	/* paged-results cookie, owned */
	int		 msgid;		/* the current page, -1 if none */
	bool		 done;
	size_t		 pages;
	size_t		 entries;
	struct timeval	 tv;
	atomic_bool	 cancel;	/* ad_cancel(): from another thread */

	/* Names for evidence, handed out before the connectors. */
	char		*config_nc;	/* RootDSE, or NULL */
	char		*default_nc;	/* RootDSE, or NULL */
	struct entry	**pend;		/* queued entries, owned */
	size_t		 npend, ipend, pend_size;
	/* Domain SIDs looked up, as 28 raw bytes: a hash set (ad_sid_is_new). */
	uint8_t		(*asked)[AD_DOMAIN_SID];
	size_t		 nasked, asked_size;	/* asked_size: a power of 2 */
	uint8_t		 last_sid[AD_DOMAIN_SID];	/* the last one seen */
	struct sid	 want[AD_SIDS_PER_SEARCH];	/* to look up */
	size_t		 nwant;
	struct entry	*spare[AD_SPARE];	/* for entry_renew() */
	size_t		 nspare;
	struct entry	*held[AD_HOLD_MAX];	/* connectors waiting for */
	size_t		 nheld;			/* the lookup of want */
	char		*names_error;	/* info.names_error */
	char		**attrs;	/* ad_attrs with ranges asked, or NULL */
};

/*
 * Set e to "what: ldap_err2string(rc) (diagnostic message)" (ERR_DIR).
 * The diagnostic message is the server's text (AD puts its Win32 error
 * code there) or libldap's (TLS errors).
 */
static int __attribute__((__format__(printf, 4, 5)))
ad_fail(LDAP *ld, int rc, struct err *e, const char *fmt, ...)
{
	char what[512], *diag = NULL;
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (ld != NULL)
		(void)ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag);
	if (diag != NULL && *diag != '\0')
		err_set(e, ERR_DIR, "%s: %s (%s)", what, ldap_err2string(rc),
		    diag);
	else
		err_set(e, ERR_DIR, "%s: %s", what, ldap_err2string(rc));
	ldap_memfree(diag);
	return -1;
}

/* Strip one trailing "\n" or "\r\n". */
static void
ad_chomp(char *s, size_t *len)
{
	if (*len > 0 && s[*len - 1] == '\n')
		s[--*len] = '\0';
	if (*len > 0 && s[*len - 1] == '\r')
		s[--*len] = '\0';
}

/*
 * The password, never from the command line: -y FILE ("-" for stdin),
 * else $RCAUDIT_PASSWORD, else a prompt with echo off when stdin is a
 * terminal.
 */
static int
ad_password(struct ad *a, const char *who, struct err *e)
{
	const char *env;
	struct termios t, saved;
	FILE *fp;
	size_t n;
	bool tty;

	if (a->o.password_file != NULL) {
		if (strcmp(a->o.password_file, "-") == 0)
			fp = stdin;
		else if ((fp = fopen(a->o.password_file, "r")) == NULL)
			return err_set(e, ERR_IO, "%s: %s", a->o.password_file,
			    strerror(errno));
		n = fread(a->password, 1, sizeof(a->password) - 1, fp);
		if (ferror(fp) || !feof(fp)) {
			if (fp != stdin)
				fclose(fp);
			explicit_bzero(a->password, sizeof(a->password));
			return err_set(e, ERR_IO, "%s: %s",
			    a->o.password_file, ferror(fp) ?
			    "read error" : "longer than 1023 bytes");
		}
		if (fp != stdin)
			fclose(fp);
		a->password[n] = '\0';
		a->password_len = n;
		ad_chomp(a->password, &a->password_len);
	} else if ((env = getenv("RCAUDIT_PASSWORD")) != NULL) {
		n = strlen(env);
		if (n >= sizeof(a->password))
			return err_set(e, ERR_USAGE, "RCAUDIT_PASSWORD: "
			    "longer than 1023 bytes");
		memcpy(a->password, env, n + 1);
		a->password_len = n;
	} else {
		if (!isatty(STDIN_FILENO))
			return err_set(e, ERR_USAGE, "no password for '%s': "
			    "give -y FILE or set RCAUDIT_PASSWORD", who);
		tty = tcgetattr(STDIN_FILENO, &saved) == 0;
		if (tty) {
			t = saved;
			t.c_lflag &= ~(tcflag_t)ECHO;
			(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
		}
		fprintf(stderr, "Password for %s: ", who);
		fflush(stderr);
		if (fgets(a->password, sizeof(a->password), stdin) == NULL)
			a->password[0] = '\0';
		if (tty)
			(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputc('\n', stderr);
		a->password_len = strlen(a->password);
		ad_chomp(a->password, &a->password_len);
	}
	if (a->password_len == 0)
		return err_set(e, ERR_USAGE, "empty password for '%s' (an "
		    "empty password would be an unauthenticated bind)", who);
	return 0;
}

static void
ad_password_clear(struct ad *a)
{
	explicit_bzero(a->password, sizeof(a->password));
	a->password_len = 0;
}

/* Does the mechanism need a password? */
static bool
ad_mech_has_password(const char *mech)
{
	static const char *const none[] = { "EXTERNAL", "GSSAPI",
	    "GSS-SPNEGO", "ANONYMOUS", NULL };
	size_t i;

	for (i = 0; none[i] != NULL; i++)
		if (strcasecmp(mech, none[i]) == 0)
			return false;
	return true;
}

/* Cyrus SASL asks through this callback (ldap_sasl_interactive_bind_s). */
static int
ad_sasl_interact(LDAP *ld, unsigned flags, void *defaults, void *in)
{
	struct ad *a = defaults;
	sasl_interact_t *i;
	const char *v;

	(void)ld;
	(void)flags;
	for (i = in; i->id != SASL_CB_LIST_END; i++) {
		switch (i->id) {
		case SASL_CB_GETREALM:
			v = a->o.realm;
			break;
		case SASL_CB_AUTHNAME:
			v = a->o.authcid;
			break;
		case SASL_CB_USER:
			v = a->o.authzid != NULL ? a->o.authzid : "";
			break;
		case SASL_CB_PASS:
			v = a->password;
			break;
		default:
			v = NULL;
			break;
		}
		if (v == NULL)
			v = i->defresult != NULL ? i->defresult : "";
		i->result = v;
		i->len = (unsigned)strlen(v);
	}
	return LDAP_SUCCESS;
}

static bool
ad_retryable(int rc)
{
	return rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR ||
	    rc == LDAP_TIMEOUT || rc == LDAP_UNAVAILABLE || rc == LDAP_BUSY;
}

/*
 * Can we open a TCP connection to one of the addresses?  libldap says
 * only "Can't contact LDAP server"; this says why (refused, timed out,
 * unreachable).  Returns 0 or an errno value.
 */
static int
ad_tcp_probe(struct addrinfo *ai, int timeout)
{
	struct pollfd pfd;
	socklen_t len;
	int fd, err = ECONNREFUSED, soerr;

	for (; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype,
		    ai->ai_protocol)) == -1) {
			err = errno;
			continue;
		}
		(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			close(fd);
			return 0;
		}
		if (errno != EINPROGRESS) {
			err = errno;
			close(fd);
			continue;
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		switch (poll(&pfd, 1, timeout > 0 ? timeout * 1000 : -1)) {
		case 0:
			err = ETIMEDOUT;
			break;
		case -1:
			err = errno;
			break;
		default:
			len = sizeof(soerr);
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr,
			    &len) == -1)
				err = errno;
			else if (soerr == 0) {
				close(fd);
				return 0;
			} else
				err = soerr;
		}
		close(fd);
	}
	return err;
}

/*
 * Does the DER certificate carry the name host (a DNS name, or an IPv4
 * or IPv6 iPAddress SAN)?  A byte search, not a parse: used only to word
 * the error message after libldap refused the certificate.
 */
static bool
ad_cert_names(const struct berval *der, const char *host)
{
	unsigned char ip[16 + 2];
	size_t n = strlen(host), iplen = 0, i;

	if (inet_pton(AF_INET, host, ip + 2) == 1)
		iplen = 4;
	else if (inet_pton(AF_INET6, host, ip + 2) == 1)
		iplen = 16;
	if (iplen > 0) {
		ip[0] = 0x87;		/* [7] iPAddress */
		ip[1] = (unsigned char)iplen;
		n = iplen + 2;
	}
	for (i = 0; der->bv_len >= n && i <= der->bv_len - n; i++) {
		if (iplen > 0 ? memcmp(der->bv_val + i, ip, n) == 0 :
		    strncasecmp(der->bv_val + i, host, n) == 0)
			return true;
	}
	return false;
}

/*
 * libldap reports every certificate failure as "(unknown error code)".
 * Connect again without verification: if that works, the certificate was
 * the problem; say whether it does not name the host or is not trusted.
 */
static int
ad_tls_why(struct ad *a, const char *uri, const char *host, bool starttls,
    int rc, struct err *e)
{
	struct berval der = { 0, NULL };
	char self[256];
	LDAP *ld = NULL;
	int v = LDAP_OPT_X_TLS_NEVER, ok = 0;
	bool named;

	if (a->o.insecure || ldap_initialize(&ld, uri) != LDAP_SUCCESS)
		return ad_fail(a->ld, rc, e, "%s: TLS handshake failed", uri);
	ok = ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &v) ==
	    LDAP_OPT_SUCCESS;
	v = 0;
	ok = ok && ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &v) ==
	    LDAP_OPT_SUCCESS;
	v = LDAP_VERSION3;
	(void)ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &v);
	if (a->o.timeout > 0) {
		struct timeval tv = { a->o.timeout, 0 };

		(void)ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
		(void)ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv);
	}
	ok = ok && ldap_connect(ld) == LDAP_SUCCESS;
	ok = ok && (!starttls || ldap_start_tls_s(ld, NULL, NULL) ==
	    LDAP_SUCCESS);
	ok = ok && ldap_get_option(ld, LDAP_OPT_X_TLS_PEERCERT, &der) ==
	    LDAP_OPT_SUCCESS && der.bv_val != NULL;
	if (!ok) {
		ldap_unbind_ext_s(ld, NULL, NULL);
		return ad_fail(a->ld, rc, e, "%s: TLS handshake failed", uri);
	}
	/* libldap checks "localhost" as this machine's name. */
	if (strcasecmp(host, "localhost") == 0 &&
	    gethostname(self, sizeof(self)) == 0) {
		self[sizeof(self) - 1] = '\0';
		host = self;
	}
	named = ad_cert_names(&der, host);
	ber_memfree(der.bv_val);
	ldap_unbind_ext_s(ld, NULL, NULL);
	if (!named)
		return err_set(e, ERR_DIR, "%s: TLS: the server certificate "
		    "does not name '%s' (certificate name mismatch): connect "
		    "with a name the certificate holds, or --insecure", uri,
		    host);
	return err_set(e, ERR_DIR, "%s: TLS: the server certificate is not "
	    "trusted (unknown issuer or invalid chain): give its CA with "
	    "--ca-file FILE, or --insecure", uri);
}

/*
 * Connect to one URI: returns 0 connected (TLS done), -1 with e set;
 * *retry says whether another URI is worth trying.
 */
static int
ad_connect(struct ad *a, const char *uri, bool *tls, bool *retry,
    struct err *e)
{
	LDAPURLDesc *lud = NULL;
	struct addrinfo hints, *ai = NULL;
	struct timeval tv;
	char port[16], host[256] = "";
	time_t start;
	int rc, v, gai, err;
	bool ldaps, ldapi;

	*retry = false;
	*tls = false;
	if (ldap_url_parse(uri, &lud) != LDAP_URL_SUCCESS)
		return err_set(e, ERR_USAGE, "'%s': not an LDAP URI "
		    "(ldap://, ldaps:// or ldapi://)", uri);
	ldaps = strcasecmp(lud->lud_scheme, "ldaps") == 0;
	ldapi = strcasecmp(lud->lud_scheme, "ldapi") == 0;
	if (!ldapi && lud->lud_host != NULL && *lud->lud_host != '\0') {
		/* Name resolution first, for a clear message. */
		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_STREAM;
		(void)snprintf(port, sizeof(port), "%d", lud->lud_port);
		if ((gai = getaddrinfo(lud->lud_host, port, &hints, &ai)) !=
		    0) {
			err_set(e, ERR_DIR, "%s: cannot resolve '%s': %s", uri,
			    lud->lud_host, gai_strerror(gai));
			ldap_free_urldesc(lud);
			*retry = true;
			return -1;
		}
		err = ad_tcp_probe(ai, a->o.timeout);
		freeaddrinfo(ai);
		if (err != 0) {
			err_set(e, ERR_DIR, "%s: cannot connect to '%s' port "
			    "%d: %s", uri, lud->lud_host, lud->lud_port,
			    strerror(err));
			ldap_free_urldesc(lud);
			*retry = true;
			return -1;
		}
		(void)snprintf(host, sizeof(host), "%s", lud->lud_host);
	}
	ldap_free_urldesc(lud);

	if ((rc = ldap_initialize(&a->ld, uri)) != LDAP_SUCCESS)
		return err_set(e, ERR_USAGE, "'%s': %s", uri,
		    ldap_err2string(rc));
	v = LDAP_VERSION3;
	(void)ldap_set_option(a->ld, LDAP_OPT_PROTOCOL_VERSION, &v);
	(void)ldap_set_option(a->ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
	if (a->o.timeout > 0) {
		tv.tv_sec = a->o.timeout;
		tv.tv_usec = 0;
		(void)ldap_set_option(a->ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
		(void)ldap_set_option(a->ld, LDAP_OPT_TIMEOUT, &tv);
	}
	v = a->o.insecure ? LDAP_OPT_X_TLS_NEVER : LDAP_OPT_X_TLS_HARD;
	if (ldap_set_option(a->ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &v) !=
	    LDAP_OPT_SUCCESS)
		return err_set(e, ERR_DIR, "%s: cannot set up TLS", uri);
	if (a->o.ca_file != NULL && ldap_set_option(a->ld,
	    LDAP_OPT_X_TLS_CACERTFILE, a->o.ca_file) != LDAP_OPT_SUCCESS)
		return err_set(e, ERR_DIR, "%s: cannot use '%s'", uri,
		    a->o.ca_file);
	v = 0;
	if ((rc = ldap_set_option(a->ld, LDAP_OPT_X_TLS_NEWCTX, &v)) !=
	    LDAP_OPT_SUCCESS) {
		if (a->o.ca_file != NULL)
			return err_set(e, ERR_DIR, "%s: cannot load the CA "
			    "certificates in '%s'", uri, a->o.ca_file);
		return err_set(e, ERR_DIR, "%s: cannot set up TLS", uri);
	}
	if (a->o.nocanon)
		(void)ldap_set_option(a->ld, LDAP_OPT_X_SASL_NOCANON,
		    LDAP_OPT_ON);

	/*
	 * libldap 2.5 polls with the network timeout during the TLS
	 * handshake only for asynchronous connections; otherwise a server
	 * that accepts and says nothing makes it spin for ever.
	 */
	if (ldaps && a->o.timeout > 0)
		(void)ldap_set_option(a->ld, LDAP_OPT_CONNECT_ASYNC,
		    LDAP_OPT_ON);
	start = time(NULL);
	if ((rc = ldap_connect(a->ld)) != LDAP_SUCCESS) {
		*retry = ad_retryable(rc);
		/* libldap times the TLS handshake out with NETWORK_TIMEOUT. */
		if (rc == LDAP_TIMEOUT || (a->o.timeout > 0 &&
		    time(NULL) - start >= a->o.timeout)) {
			*retry = true;
			return err_set(e, ERR_DIR, "%s: no answer within %d "
			    "second%s%s (--timeout)", uri, a->o.timeout,
			    a->o.timeout == 1 ? "" : "s",
			    ldaps ? " during the TLS handshake" : "");
		}
		if (ldaps)
			return ad_tls_why(a, uri, host, false, rc, e);
		return ad_fail(a->ld, rc, e, "%s: cannot connect", uri);
	}
	*tls = ldaps;
	if (a->o.starttls && !ldaps) {
		if ((rc = ldap_start_tls_s(a->ld, NULL, NULL)) !=
		    LDAP_SUCCESS) {
			*retry = ad_retryable(rc);
			if (rc == LDAP_CONNECT_ERROR)
				return ad_tls_why(a, uri, host, true, rc, e);
			return ad_fail(a->ld, rc, e, "%s: StartTLS failed",
			    uri);
		}
		*tls = true;
	}
	return 0;
}

/* Bind as asked: anonymous, simple, or SASL. */
static int
ad_bind(struct ad *a, const char *uri, bool tls, bool local, struct err *e)
{
	struct berval cred;
	char *secprops = NULL;
	const char *who;
	int rc;

	if (a->o.mech == NULL && a->o.bind_dn == NULL) {
		a->mech = xstrdup("anonymous");
		return 0;
	}
	if (a->o.mech == NULL) {
		if (!tls && !local && !a->o.allow_cleartext)
			return err_set(e, ERR_USAGE, "%s: refusing to send "
			    "the password for '%s' unencrypted: use -Z "
			    "(StartTLS) or ldaps://, or --allow-cleartext",
			    uri, a->o.bind_dn);
		if (ad_password(a, a->o.bind_dn, e) == -1)
			return -1;
		cred.bv_val = a->password;
		cred.bv_len = a->password_len;
		rc = ldap_sasl_bind_s(a->ld, a->o.bind_dn, LDAP_SASL_SIMPLE,
		    &cred, NULL, NULL, NULL);
		ad_password_clear(a);
		if (rc != LDAP_SUCCESS)
			return ad_fail(a->ld, rc, e, "%s: bind as '%s' failed",
			    uri, a->o.bind_dn);
		a->mech = xstrdup("simple");
		return 0;
	}

	if (!tls && !local && !a->o.allow_cleartext &&
	    (strcasecmp(a->o.mech, "PLAIN") == 0 ||
	    strcasecmp(a->o.mech, "LOGIN") == 0))
		return err_set(e, ERR_USAGE, "%s: refusing to send a SASL %s "
		    "password unencrypted: use -Z (StartTLS) or ldaps://, or "
		    "--allow-cleartext", uri, a->o.mech);
	/*
	 * AD refuses a SASL security layer inside TLS: on TLS ask for none
	 * (maxssf=0; -O can still override) and bind the SASL exchange to
	 * the TLS channel (tls-server-end-point).  On plain ldap:// the
	 * mechanism negotiates integrity and confidentiality.
	 */
	if (tls) {
		if (a->o.secprops != NULL)
			(void)xasprintf(&secprops, "maxssf=0,%s",
			    a->o.secprops);
		else
			secprops = xstrdup("maxssf=0");
#ifdef LDAP_OPT_X_SASL_CBINDING
		if (strcasecmp(a->o.mech, "EXTERNAL") != 0) {
			int cb = LDAP_OPT_X_SASL_CBINDING_TLS_ENDPOINT;

			(void)ldap_set_option(a->ld, LDAP_OPT_X_SASL_CBINDING,
			    &cb);
		}
#endif
	} else if (a->o.secprops != NULL)
		secprops = xstrdup(a->o.secprops);
	if (secprops != NULL && ldap_set_option(a->ld,
	    LDAP_OPT_X_SASL_SECPROPS, secprops) != LDAP_OPT_SUCCESS) {
		err_set(e, ERR_USAGE, "invalid SASL security properties '%s'",
		    secprops);
		free(secprops);
		return -1;
	}
	free(secprops);
	if (ad_mech_has_password(a->o.mech)) {
		who = a->o.authcid != NULL ? a->o.authcid : a->o.mech;
		if (ad_password(a, who, e) == -1)
			return -1;
	}
	rc = ldap_sasl_interactive_bind_s(a->ld, NULL, a->o.mech, NULL, NULL,
	    LDAP_SASL_QUIET, ad_sasl_interact, a);
	ad_password_clear(a);
	if (rc != LDAP_SUCCESS)
		return ad_fail(a->ld, rc, e, "%s: SASL %s bind%s%s failed",
		    uri, a->o.mech, a->o.authcid != NULL ? " as " : "",
		    a->o.authcid != NULL ? a->o.authcid : "");
	a->mech = xstrdup(a->o.mech);
	return 0;
}

/* Who the server says we are, the SSF and the TLS version. */
static void
ad_who(struct ad *a)
{
	struct berval *authzid = NULL;
	sasl_ssf_t ssf = 0;
	char *s = NULL;

	if (ldap_whoami_s(a->ld, &authzid, NULL, NULL) == LDAP_SUCCESS &&
	    authzid != NULL && authzid->bv_len > 0)
		a->identity = xstrndup(authzid->bv_val, authzid->bv_len);
	ber_bvfree(authzid);
	if (a->identity == NULL) {
		if (a->o.bind_dn != NULL)
			(void)xasprintf(&a->identity, "dn:%s", a->o.bind_dn);
		else if (a->o.authcid != NULL)
			(void)xasprintf(&a->identity, "u:%s", a->o.authcid);
		else if (a->o.mech == NULL)
			a->identity = xstrdup("anonymous");
		else if (ldap_get_option(a->ld, LDAP_OPT_X_SASL_USERNAME,
		    &s) == LDAP_OPT_SUCCESS && s != NULL) {
			(void)xasprintf(&a->identity, "u:%s", s);
			ldap_memfree(s);
			s = NULL;
		} else
			a->identity = xstrdup("unknown");
	}
	if (a->o.mech != NULL &&
	    ldap_get_option(a->ld, LDAP_OPT_X_SASL_SSF, &ssf) ==
	    LDAP_OPT_SUCCESS)
		a->info.ssf = (unsigned)ssf;
	if (ldap_get_option(a->ld, LDAP_OPT_X_TLS_VERSION, &s) ==
	    LDAP_OPT_SUCCESS && s != NULL) {
		a->tls = xstrdup(s);
		ldap_memfree(s);
	}
}

/* A copy of the first value of attr in entry m, or NULL. */
static char *
ad_first(LDAP *ld, LDAPMessage *m, const char *attr)
{
	struct berval **v;
	char *s = NULL;

	if ((v = ldap_get_values_len(ld, m, attr)) == NULL)
		return NULL;
	if (v[0] != NULL)
		s = xstrndup(v[0]->bv_val, v[0]->bv_len);
	ldap_value_free_len(v);
	return s;
}

/* Read the RootDSE; choose the base unless -b gave it. */
static int
ad_rootdse(struct ad *a, struct err *e)
{
	LDAPMessage *res = NULL, *m;
	struct berval **v;
	char *config = NULL;
	size_t i;
	int rc;

	rc = ldap_search_ext_s(a->ld, "", LDAP_SCOPE_BASE, "(objectClass=*)",
	    ad_rootdse_attrs, 0, NULL, NULL, a->o.timeout > 0 ? &a->tv : NULL,
	    0, &res);
	if (rc != LDAP_SUCCESS || (m = ldap_first_entry(a->ld, res)) ==
	    NULL) {
		ldap_msgfree(res);
		if (a->o.base != NULL)
			goto base;	/* the RootDSE is only a help then */
		return ad_fail(a->ld, rc, e, "%s: cannot read the RootDSE",
		    a->uri);
	}
	a->server = ad_first(a->ld, m, "dnsHostName");
	config = ad_first(a->ld, m, "configurationNamingContext");
	a->default_nc = ad_first(a->ld, m, "defaultNamingContext");
	if ((v = ldap_get_values_len(a->ld, m, "supportedControl")) != NULL) {
		for (i = 0; v[i] != NULL; i++)
			if (v[i]->bv_len == strlen(AD_OID_SDFLAGS) &&
			    memcmp(v[i]->bv_val, AD_OID_SDFLAGS,
			    v[i]->bv_len) == 0)
				a->info.sdflags = true;
		ldap_value_free_len(v);
	}
	ldap_msgfree(res);
base:
	if (a->o.base != NULL)
		a->base = xstrdup(a->o.base);
	else if (config == NULL)
		return err_set(e, ERR_DIR, "%s: the RootDSE has no "
		    "configurationNamingContext (is this Active Directory?); "
		    "give the search base with -b", a->uri);
	else
		(void)xasprintf(&a->base, "CN=Microsoft Exchange,CN=Services,"
		    "%s", config);
	a->config_nc = config;
	return 0;
}

/*
 * $RCAUDIT_RANGE_STEP: ask for the connectors' multi-valued attributes
 * that many values at a time ("name;range=0-99"), as AD hands them out
 * above its MaxValRange.  Servers that return every value at once (slapd,
 * Samba) then exercise range retrieval too; slapd does not know the
 * option and returns no value: for testing against AD and Samba only.
 */
static void
ad_ask_ranges(struct ad *a)
{
	size_t i, n;

	for (n = 0; ad_attrs[n] != NULL; n++)
		continue;
	a->attrs = xcalloc(n + 1, sizeof(*a->attrs));
	for (i = 0; i < n; i++)
		if (strcmp(ad_attrs[i], "msExchSmtpReceiveBindings") == 0 ||
		    strcmp(ad_attrs[i], "msExchSmtpReceiveRemoteIPRanges") == 0)
			(void)xasprintf(&a->attrs[i], "%s;range=0-%d",
			    ad_attrs[i], a->o.range_step - 1);
		else
			a->attrs[i] = xstrdup(ad_attrs[i]);
}

/* Ask for the next page (the first when the cookie is empty). */
static int
ad_search_page(struct ad *a, struct err *e)
{
	LDAPControl *pr = NULL, *ctrls[3];
	struct timeval limit;
	int rc;

	rc = ldap_create_page_control(a->ld, (ber_int_t)a->o.page_size,
	    a->cookie.bv_len > 0 ? &a->cookie : NULL, 0, &pr);
	if (rc != LDAP_SUCCESS)
		return ad_fail(a->ld, rc, e, "%s: paged-results control",
		    a->uri);
	ctrls[0] = &a->sdflags;
	ctrls[1] = pr;
	ctrls[2] = NULL;
	limit.tv_sec = a->o.time_limit;
	limit.tv_usec = 0;
	rc = ldap_search_ext(a->ld, a->base, LDAP_SCOPE_SUBTREE, AD_FILTER,
	    a->attrs != NULL ? a->attrs : ad_attrs, 0, ctrls, NULL,
	    a->o.time_limit > 0 ? &limit : NULL, 0, &a->msgid);
	ldap_control_free(pr);
	if (rc != LDAP_SUCCESS) {
		a->msgid = -1;
		if (a->pages > 0)
			return ad_fail(a->ld, rc, e, "%s: search of '%s' ended "
			    "early after %zu %s", a->uri, a->base, a->entries,
			    a->entries == 1 ? "entry" : "entries");
		return ad_fail(a->ld, rc, e, "%s: search of '%s' failed",
		    a->uri, a->base);
	}
	a->pages++;
	return 0;
}

/*
 * ad_open(): connect over each URI in turn until one answers, bind, read
 * the RootDSE and start the search.
 */
/*
 * Read the connection AD_READAHEAD bytes at a time.  libldap reads each
 * message with two read(2)s, one for its header and one for the rest (a
 * read-ahead layer is only stacked for UDP), so a search of 10,000 entries
 * costs 20,000 system calls; with the layer it costs one per 64 KiB.  The
 * layer goes on the connection's lowest level, right above the socket:
 * TLS and a SASL security layer, on higher levels, read through it, and
 * libldap asks every level whether it holds data before it polls the
 * socket (LBER_SB_OPT_DATA_READY).  If it cannot be stacked, reading is
 * only slower.
 */
static void
ad_readahead(struct ad *a)
{
	Sockbuf *sb = NULL;
	int size = AD_READAHEAD;

	if (ldap_get_option(a->ld, LDAP_OPT_SOCKBUF, &sb) != LDAP_OPT_SUCCESS ||
	    sb == NULL)
		return;
	(void)ber_sockbuf_add_io(sb, &ber_sockbuf_io_readahead,
	    LBER_SBIOD_LEVEL_PROVIDER, &size);
}

struct ad *
ad_open(const struct ad_opts *o, struct err *e)
{
	struct ad *a;
	struct err e1;
	size_t i;
	bool tls = false, retry, local;
	char *s;

	a = xcalloc(1, sizeof(*a));
	a->o = *o;
	a->msgid = -1;
	atomic_init(&a->cancel, false);
	if (a->o.page_size <= 0)
		a->o.page_size = AD_PAGE_SIZE;
	a->tv.tv_sec = a->o.timeout;
	a->sdflags.ldctl_oid = AD_OID_SDFLAGS;
	a->sdflags.ldctl_value.bv_val = ad_sdflags_ber;
	a->sdflags.ldctl_value.bv_len = sizeof(ad_sdflags_ber);
	a->sdflags.ldctl_iscritical = 0;	/* ignored where unknown */

	if (o->nuris == 0) {
		err_set(e, ERR_USAGE, "no LDAP URI");
		goto fail;
	}
	/* A server that goes away must be an error, not a signal. */
	(void)signal(SIGPIPE, SIG_IGN);

	for (i = 0; i < o->nuris; i++) {
		err_clear(&e1);
		if (ad_connect(a, o->uris[i], &tls, &retry, &e1) == 0)
			break;
		if (a->ld != NULL) {
			ldap_unbind_ext_s(a->ld, NULL, NULL);
			a->ld = NULL;
		}
		if (!retry || i + 1 == o->nuris) {
			*e = e1;
			if (a->skipped != NULL)
				err_wrap(e, "%s", a->skipped);
			goto fail;
		}
		if (a->skipped == NULL)
			a->skipped = xstrdup(e1.msg);
		else {
			(void)xasprintf(&s, "%s; %s", a->skipped, e1.msg);
			free(a->skipped);
			a->skipped = s;
		}
	}
	a->uri = xstrdup(o->uris[i]);
	local = strncasecmp(a->uri, "ldapi:", 6) == 0;
	if (ad_bind(a, a->uri, tls, local, e) == -1)
		goto fail;
	ad_readahead(a);
	ad_who(a);
	if (ad_rootdse(a, e) == -1)
		goto fail;
	ad_names_open(a);
	if (a->o.range_step > 0)
		ad_ask_ranges(a);
	if (ad_search_page(a, e) == -1)
		goto fail;
	a->info.uri = a->uri;
	a->info.server = a->server;
	a->info.base = a->base;
	a->info.identity = a->identity;
	a->info.mech = a->mech;
	a->info.tls = a->tls;
	a->info.skipped = a->skipped;
	a->info.names_error = a->names_error;
	return a;
fail:
	ad_close(a);
	return NULL;
}

/*
 * ad_range_parse(): see ad.h.  AD writes "attr;range=0-1499" for the
 * first values of a large multi-valued attribute and "attr;range=N-*" for
 * the last ones ([MS-ADTS] 3.1.1.3.1.3.3).
 */
int
ad_range_parse(const char *desc, size_t *name_len, unsigned long *lo,
    unsigned long *hi, bool *last)
{
	const char *p, *opt;
	char *end;

	*name_len = strcspn(desc, ";");
	for (p = desc + *name_len; *p == ';'; p += strcspn(p + 1, ";") + 1) {
		opt = p + 1;
		if (strncasecmp(opt, "range=", 6) != 0)
			continue;
		opt += 6;
		if (*opt < '0' || *opt > '9')
			return -1;
		errno = 0;
		*lo = strtoul(opt, &end, 10);
		if (errno != 0 || *end != '-')
			return -1;
		opt = end + 1;
		if (*opt == '*') {
			*last = true;
			*hi = 0;
			opt++;
		} else {
			if (*opt < '0' || *opt > '9')
				return -1;
			*last = false;
			*hi = strtoul(opt, &end, 10);
			if (errno != 0 || *hi < *lo)
				return -1;
			opt = end;
		}
		if (*opt != '\0' && *opt != ';')
			return -1;
		return 1;
	}
	return 0;
}

/* Copy the values of desc into ent under name (without range option). */
static void
ad_add_values(struct entry *ent, const char *name, struct berval **v)
{
	size_t i, at;

	if (v == NULL || v[0] == NULL)
		return;
	at = entry_attr_index(ent, name);
	for (i = 0; v[i] != NULL; i++)
		entry_add_at(ent, at, v[i]->bv_val, v[i]->bv_len);
}

/*
 * Range retrieval: ask the entry again for "name;range=LO-*" (with
 * $RCAUDIT_RANGE_STEP, LO-HI) until the server answers with a range ending
 * in "*".
 */
static int
ad_range_rest(struct ad *a, struct entry *ent, const char *name,
    unsigned long lo, struct err *e)
{
	LDAPMessage *res = NULL, *m;
	BerElement *ber = NULL;
	struct berval **v;
	char *attrs[2], *want = NULL, *desc;
	unsigned long rlo, rhi;
	size_t nlen;
	bool last = false, found;
	int rc, rounds;

	for (rounds = 0; !last; rounds++) {
		if (rounds > 100000)
			return err_set(e, ERR_DIR, "%s: %s: range retrieval "
			    "does not end", ent->dn, name);
		if (a->o.range_step > 0)
			(void)xasprintf(&want, "%s;range=%lu-%lu", name, lo,
			    lo + (unsigned long)a->o.range_step - 1);
		else
			(void)xasprintf(&want, "%s;range=%lu-*", name, lo);
		attrs[0] = want;
		attrs[1] = NULL;
		rc = ldap_search_ext_s(a->ld, ent->dn, LDAP_SCOPE_BASE,
		    "(objectClass=*)", attrs, 0, NULL, NULL,
		    a->o.timeout > 0 ? &a->tv : NULL, 0, &res);
		free(want);
		if (rc != LDAP_SUCCESS) {
			ldap_msgfree(res);
			return ad_fail(a->ld, rc, e, "%s: %s: range retrieval "
			    "from %lu failed", ent->dn, name, lo);
		}
		found = false;
		if ((m = ldap_first_entry(a->ld, res)) != NULL) {
			for (desc = ldap_first_attribute(a->ld, m, &ber);
			    desc != NULL;
			    desc = ldap_next_attribute(a->ld, m, ber)) {
				if (!found && ad_range_parse(desc, &nlen, &rlo,
				    &rhi, &last) == 1 &&
				    nlen == strlen(name) &&
				    strncasecmp(desc, name, nlen) == 0 &&
				    rlo == lo) {
					found = true;
					v = ldap_get_values_len(a->ld, m, desc);
					ad_add_values(ent, name, v);
					ldap_value_free_len(v);
					lo = rhi + 1;
				}
				ldap_memfree(desc);
			}
			ber_free(ber, 0);
			ber = NULL;
		}
		ldap_msgfree(res);
		res = NULL;
		if (!found)
			return err_set(e, ERR_DIR, "%s: %s: range retrieval "
			    "from %lu returned nothing", ent->dn, name, lo);
	}
	return 0;
}

/*
 * bv as a C string: copied into buf if it fits, else into *heap (the
 * caller frees it).  Like ldap_get_dn(), it ends at a NUL inside bv.
 */
static const char *
ad_cstr(const struct berval *bv, char *buf, size_t len, char **heap)
{
	*heap = NULL;
	if (bv->bv_len < len) {
		memcpy(buf, bv->bv_val, bv->bv_len);
		buf[bv->bv_len] = '\0';
		return buf;
	}
	*heap = xstrndup(bv->bv_val, bv->bv_len);
	return *heap;
}

/*
 * Convert a search entry; complete ranged attributes.  The DN, names and
 * values are read in place from the message (ldap_get_attribute_ber(),
 * as ldapsearch does) and copied once, into the entry.
 */
static struct entry *
ad_entry(struct ad *a, LDAPMessage *m, struct err *e)
{
	BerElement *ber = NULL;
	struct berval dn, attr, *v = NULL;
	struct entry *ent;
	char buf[256], *heap = NULL, *name;
	const char *desc;
	unsigned long lo, hi;
	size_t nlen, i, at;
	bool last;
	int r, failed = 0;

	if (ldap_get_dn_ber(a->ld, m, &ber, &dn) != LDAP_SUCCESS ||
	    dn.bv_val == NULL) {
		ber_free(ber, 0);
		ad_fail(a->ld, LDAP_DECODING_ERROR, e, "%s: an entry without "
		    "a DN", a->uri);
		return NULL;
	}
	ent = entry_renew(a->nspare > 0 ? a->spare[--a->nspare] : NULL,
	    ad_cstr(&dn, buf, sizeof(buf), &heap), 0);
	free(heap);
	/* As ldap_next_attribute(): the attributes end at a decoding error. */
	while (ldap_get_attribute_ber(a->ld, m, ber, &attr, &v) ==
	    LDAP_SUCCESS && attr.bv_val != NULL) {
		if (failed) {
			ber_memfree(v);
			v = NULL;
			continue;
		}
		desc = ad_cstr(&attr, buf, sizeof(buf), &heap);
		r = ad_range_parse(desc, &nlen, &lo, &hi, &last);
		name = r == 1 ? xstrndup(desc, nlen) : NULL;
		if (r != -1 && v != NULL && v[0].bv_val != NULL) {
			at = entry_attr_index(ent, name != NULL ? name : desc);
			for (i = 0; v[i].bv_val != NULL; i++)
				entry_add_at(ent, at, v[i].bv_val,
				    v[i].bv_len);
		}
		if (r == -1)
			failed = err_set(e, ERR_DIR, "%s: attribute '%s': "
			    "malformed range option", ent->dn, desc);
		else if (r == 1 && !last &&
		    ad_range_rest(a, ent, name, hi + 1, e) == -1)
			failed = -1;
		free(name);
		free(heap);
		ber_memfree(v);
		v = NULL;
	}
	ber_memfree(v);
	ber_free(ber, 0);
	if (failed) {
		entry_free(ent);
		return NULL;
	}
	return ent;
}

/*
 * ldap_result() for msgid: the next message (all: the whole result) into
 * *msg.  It waits in slices of AD_SLICE_MS so that ad_cancel() is seen
 * even while the server says nothing, and at most --timeout seconds in
 * all.  Returns what ldap_result() does (0 when --timeout passed), or -2
 * if cancelled.
 */
static int
ad_wait(struct ad *a, int msgid, int all, LDAPMessage **msg)
{
	struct timespec t0, now;
	struct timeval slice;
	long long left;
	int rc;

	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (atomic_load(&a->cancel))
			return -2;
		left = AD_SLICE_MS;
		if (a->o.timeout > 0) {
			(void)clock_gettime(CLOCK_MONOTONIC, &now);
			left = (long long)a->o.timeout * 1000 -
			    ((long long)(now.tv_sec - t0.tv_sec) * 1000 +
			    (now.tv_nsec - t0.tv_nsec) / 1000000);
			if (left <= 0)
				return 0;
			if (left > AD_SLICE_MS)
				left = AD_SLICE_MS;
		}
		slice.tv_sec = 0;
		slice.tv_usec = (suseconds_t)(left * 1000);
		rc = ldap_result(a->ld, msgid, all, &slice, msg);
		if (rc != 0)
			return rc;
	}
}

/* Queue ent (owned) to be handed out by ad_next() before reading on. */
static void
ad_push(struct ad *a, struct entry *ent)
{
	if (a->npend == a->pend_size) {
		a->pend_size = a->pend_size == 0 ? 16 : a->pend_size * 2;
		a->pend = xreallocarray(a->pend, a->pend_size,
		    sizeof(*a->pend));
	}
	a->pend[a->npend++] = ent;
}

/* The next queued entry into *out: true, or false when none is left. */
static bool
ad_pop(struct ad *a, struct entry **out)
{
	if (a->ipend == a->npend)
		return false;
	*out = a->pend[a->ipend++];
	if (a->ipend == a->npend)
		a->ipend = a->npend = 0;
	return true;
}

/*
 * Search for name entries (names.h) and queue them.  Names only help the
 * reader of a report, and no verdict depends on them, so a failure is not
 * an error: the first one is kept for -v (info.names_error) and the SIDs
 * and GUIDs are shown as they are.
 */
static void
ad_names_search(struct ad *a, const char *base, int scope,
    const char *filter, char **attrs, const char *what)
{
	LDAPMessage *res = NULL, *m;
	struct entry *ent;
	struct err e;
	int rc, msgid, r;

	err_clear(&e);
	rc = ldap_search_ext(a->ld, base, scope, filter, attrs, 0, NULL,
	    NULL, NULL, 0, &msgid);
	if (rc == LDAP_SUCCESS) {
		r = ad_wait(a, msgid, LDAP_MSG_ALL, &res);
		if (r == 0 || r == -2) {
			(void)ldap_abandon_ext(a->ld, msgid, NULL, NULL);
			err_set(&e, ERR_DIR, "%s not read from '%s': %s", what,
			    base, r == 0 ? "no answer in time (--timeout)" :
			    "cancelled");
		} else if (r == -1) {
			(void)ldap_get_option(a->ld, LDAP_OPT_RESULT_CODE, &rc);
		} else if (ldap_parse_result(a->ld, res, &r, NULL, NULL,
		    NULL, NULL, 0) == LDAP_SUCCESS) {
			rc = r;	/* the server's result code */
		}
	}
	if (rc != LDAP_SUCCESS)
		(void)ad_fail(a->ld, rc, &e, "%s not read from '%s'", what,
		    base);
	if (e.msg[0] != '\0' && a->names_error == NULL)
		a->names_error = xstrdup(e.msg);
	/* What came before a size or time limit is still good. */
	for (m = res != NULL ? ldap_first_entry(a->ld, res) : NULL;
	    m != NULL; m = ldap_next_entry(a->ld, m))
		if ((ent = ad_entry(a, m, &e)) != NULL)
			ad_push(a, ent);
	ldap_msgfree(res);
}

/*
 * Names read once, before the connectors: the NetBIOS names of the
 * forest's domains (crossRef objects with nETBIOSName under CN=Partitions)
 * and the extended rights (controlAccessRight objects, rightsGuid and cn,
 * under CN=Extended-Rights), both in the configuration naming context
 * ([MS-ADTS] "Configuration NC").  Without a configuration naming
 * context (no RootDSE) there is nothing to read.
 */
static void
ad_names_open(struct ad *a)
{
	char *base;

	if (a->config_nc == NULL)
		return;
	(void)xasprintf(&base, "CN=Partitions,%s", a->config_nc);
	ad_names_search(a, base, LDAP_SCOPE_ONELEVEL,
	    "(&(objectClass=crossRef)(nETBIOSName=*))", ad_xref_attrs,
	    "domain names");
	free(base);
	(void)xasprintf(&base, "CN=Extended-Rights,%s", a->config_nc);
	ad_names_search(a, base, LDAP_SCOPE_ONELEVEL,
	    "(objectClass=controlAccessRight)", ad_right_attrs,
	    "extended rights");
	free(base);
}

/*
 * The slot of the domain SID p (AD_DOMAIN_SID bytes) in the hash set
 * asked: where it is, or the empty slot where it goes.  An empty slot
 * starts with 0, and a SID starts with its revision, 1.  The hash (FNV-1a)
 * covers the 16 bytes after the S-1-5-21 prefix that all share.
 */
static size_t
ad_asked_slot(const struct ad *a, const uint8_t *p)
{
	uint32_t h = 2166136261u;
	size_t i, mask = a->asked_size - 1;

	for (i = 12; i < AD_DOMAIN_SID; i++)
		h = (h ^ p[i]) * 16777619u;
	for (i = h & mask; a->asked[i][0] != 0; i = (i + 1) & mask)
		if (memcmp(a->asked[i], p, AD_DOMAIN_SID) == 0)
			break;
	return i;
}

/*
 * Is the domain SID p (AD_DOMAIN_SID bytes) one not looked up yet?  Then
 * it is marked as looked up, found or not: each is asked for once.  The
 * set stays at most half full.
 */
static bool
ad_sid_is_new(struct ad *a, const uint8_t *p)
{
	uint8_t (*old)[AD_DOMAIN_SID];
	size_t i, n;

	/* ACEs for one principal come in runs. */
	if (memcmp(p, a->last_sid, AD_DOMAIN_SID) == 0)
		return false;
	memcpy(a->last_sid, p, AD_DOMAIN_SID);
	if (a->asked_size > 0 && a->asked[ad_asked_slot(a, p)][0] != 0)
		return false;
	if (2 * (a->nasked + 1) > a->asked_size) {
		old = a->asked;
		n = a->asked_size;
		a->asked_size = n == 0 ? 64 : n * 2;
		a->asked = xcalloc(a->asked_size, sizeof(*a->asked));
		for (i = 0; i < n; i++)
			if (old[i][0] != 0)
				memcpy(a->asked[ad_asked_slot(a, old[i])],
				    old[i], AD_DOMAIN_SID);
		free(old);
	}
	memcpy(a->asked[ad_asked_slot(a, p)], p, AD_DOMAIN_SID);
	a->nasked++;
	return true;
}

/*
 * One search of the default naming context for these SIDs, by their
 * binary form escaped as RFC 4515 asks: (|(objectSid=\01\05...)...).
 */
static void
ad_sids_search(struct ad *a, const struct sid *sids, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t bin[8 + 4 * SID_MAX_SUBAUTH];
	char *f, *p;
	size_t i, j, len;

	/* "(|" + n * ("(objectSid=" + 3 per byte + ")") + ")" + NUL */
	f = p = xmalloc(4 + n * (12 + 3 * sizeof(bin)));
	*p++ = '(';
	*p++ = '|';
	for (i = 0; i < n; i++) {
		len = sid_encode(&sids[i], bin);
		memcpy(p, "(objectSid=", 11);
		p += 11;
		for (j = 0; j < len; j++) {
			*p++ = '\\';
			*p++ = hex[bin[j] >> 4];
			*p++ = hex[bin[j] & 0xf];
		}
		*p++ = ')';
	}
	*p++ = ')';
	*p = '\0';
	ad_names_search(a, a->default_nc, LDAP_SCOPE_SUBTREE, f,
	    ad_principal_attrs, "principals");
	free(f);
}

/*
 * Look up the SIDs in want, queue what was found, then the connectors
 * held for them: every principal before the first connector naming it.
 */
static void
ad_flush(struct ad *a)
{
	size_t i;

	if (a->nwant > 0)
		ad_sids_search(a, a->want, a->nwant);
	a->nwant = 0;
	for (i = 0; i < a->nheld; i++)
		ad_push(a, a->held[i]);
	a->nheld = 0;
}

/*
 * The domain principals ent's descriptor names that were not looked up
 * yet, added to want (looked up by ad_flush() when it is full, when the
 * connectors held for it are many, and at the end of each page).
 *
 * A domain principal's SID is S-1-5-21-A-B-C-RID, 28 bytes that begin
 * with 01 05 00 00 00 00 00 05 15 00 00 00 wherever it is in the
 * descriptor (owner, group, any ACE), so the bytes are scanned for that
 * prefix instead of parsing the descriptor again (main does that): about
 * 40% of the reader's time otherwise.  A match that is not a SID costs
 * one lookup that finds nothing; no verdict depends on names.
 */
static void
ad_principals(struct ad *a, const struct entry *ent)
{
	static const uint8_t prefix[12] = { 1, 5, 0, 0, 0, 0, 0, 5, 21,
	    0, 0, 0 };
	const struct entry_val *v;
	const uint8_t *b, *end, *q;
	struct sid sid;
	struct rd r;
	struct err e;

	if (a->default_nc == NULL ||
	    (v = entry_get1(ent, "nTSecurityDescriptor")) == NULL ||
	    v->len < AD_DOMAIN_SID)
		return;
	b = (const uint8_t *)v->val;
	end = b + v->len;
	/* The 0x15 (21) at offset 8 is rarer than the prefix's first bytes. */
	for (q = b + 8; q + 20 <= end; q++) {
		q = memchr(q, 21, (size_t)(end - 20 - q) + 1);
		if (q == NULL)
			break;
		if (memcmp(q - 8, prefix, sizeof(prefix)) != 0 ||
		    !ad_sid_is_new(a, q - 8))
			continue;
		rd_init(&r, q - 8, AD_DOMAIN_SID);
		if (sid_read(&r, &sid, &e) == -1)
			continue;
		a->want[a->nwant++] = sid;
		if (a->nwant == AD_SIDS_PER_SEARCH)
			ad_flush(a);
	}
}

/* The search result that ends a page: next page, end, or error. */
static int
ad_page_end(struct ad *a, LDAPMessage *msg, struct err *e)
{
	LDAPControl **ctrls = NULL, *c;
	struct berval cookie = { 0, NULL };
	char *diag = NULL, *matched = NULL;
	ber_int_t count;
	int rc, err = LDAP_SUCCESS;

	a->msgid = -1;
	rc = ldap_parse_result(a->ld, msg, &err, &matched, &diag, NULL,
	    &ctrls, 1);
	if (rc != LDAP_SUCCESS)
		return ad_fail(a->ld, rc, e, "%s: search of '%s': bad result",
		    a->uri, a->base);
	if (err != LDAP_SUCCESS) {
		if (err == LDAP_NO_SUCH_OBJECT && a->entries == 0)
			err_set(e, ERR_DIR, "%s: the search base '%s' does not "
			    "exist (no Exchange organisation in this forest? "
			    "give the base with -b): %s%s%s%s", a->uri,
			    a->base, ldap_err2string(err),
			    diag != NULL && *diag ? " (" : "",
			    diag != NULL ? diag : "",
			    diag != NULL && *diag ? ")" : "");
		else
			err_set(e, ERR_DIR, "%s: search of '%s' %s after %zu "
			    "%s: %s%s%s%s%s", a->uri, a->base, a->entries > 0 ||
			    a->pages > 1 ? "ended early" : "failed",
			    a->entries, a->entries == 1 ? "entry" : "entries",
			    ldap_err2string(err),
			    diag != NULL && *diag ? " (" : "",
			    diag != NULL ? diag : "",
			    diag != NULL && *diag ? ")" : "",
			    err == LDAP_TIMELIMIT_EXCEEDED &&
			    a->o.time_limit > 0 ? " (--time-limit, or the "
			    "server's own limit)" : "");
		ldap_memfree(diag);
		ldap_memfree(matched);
		ldap_controls_free(ctrls);
		return -1;
	}
	ldap_memfree(diag);
	ldap_memfree(matched);
	c = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, ctrls, NULL);
	if (c == NULL) {
		ldap_controls_free(ctrls);
		if (a->cookie.bv_len > 0)
			return err_set(e, ERR_DIR, "%s: search of '%s' ended "
			    "early after %zu entries: the server dropped the "
			    "paged-results state", a->uri, a->base,
			    a->entries);
		/*
		 * No paging: a server that ignores the (non-critical)
		 * control sends everything at once.  Unless exactly a page
		 * came: then a server that paged but dropped the control
		 * may have left the rest unsaid (fail closed).
		 */
		if (a->entries == (size_t)a->o.page_size)
			return err_set(e, ERR_DIR, "%s: search of '%s' ended "
			    "after exactly --page-size (%zu) entries without "
			    "the paged-results control: more may have been "
			    "left; give another --page-size", a->uri, a->base,
			    a->entries);
		a->done = true;
		return 0;
	}
	rc = ldap_parse_pageresponse_control(a->ld, c, &count, &cookie);
	ldap_controls_free(ctrls);
	if (rc != LDAP_SUCCESS)
		return ad_fail(a->ld, rc, e, "%s: bad paged-results response",
		    a->uri);
	free(a->cookie.bv_val);
	a->cookie.bv_val = NULL;
	a->cookie.bv_len = 0;
	if (cookie.bv_len == 0) {
		ber_memfree(cookie.bv_val);
		a->done = true;
		return 0;
	}
	a->cookie.bv_val = xmemdup(cookie.bv_val, cookie.bv_len);
	a->cookie.bv_len = cookie.bv_len;
	ber_memfree(cookie.bv_val);
	/* Hand out what a page brought before asking for the next one. */
	ad_flush(a);
	return ad_search_page(a, e);
}

/*
 * ad_next(): see ad.h.  Cancelled, it leaves the search outstanding for
 * ad_close() to abandon.
 */
int
ad_next(struct ad *a, struct entry **out, struct err *e)
{
	LDAPMessage *msg = NULL;
	struct entry *ent;
	int rc, code = LDAP_SUCCESS;

	*out = NULL;
	for (;;) {
		if (ad_pop(a, out))
			return 1;
		if (a->done && a->nheld == 0)
			return 0;
		if (a->done) {
			ad_flush(a);
			continue;
		}
		if (a->msgid == -1)
			return err_set(e, ERR_DIR, "%s: no search in progress",
			    a->uri);
		rc = ad_wait(a, a->msgid, LDAP_MSG_ONE, &msg);
		if (rc == -2)
			return err_set(e, ERR_DIR, "%s: search of '%s' "
			    "cancelled after %zu entries", a->uri, a->base,
			    a->entries);
		if (rc == 0) {
			(void)ldap_abandon_ext(a->ld, a->msgid, NULL, NULL);
			a->msgid = -1;
			return err_set(e, ERR_DIR, "%s: search of '%s' ended "
			    "early after %zu entries: no answer within %d "
			    "second%s (--timeout)", a->uri, a->base,
			    a->entries, a->o.timeout,
			    a->o.timeout == 1 ? "" : "s");
		}
		if (rc == -1) {
			(void)ldap_get_option(a->ld, LDAP_OPT_RESULT_CODE,
			    &code);
			a->msgid = -1;
			return ad_fail(a->ld, code, e, "%s: search of '%s' "
			    "ended early after %zu entries", a->uri, a->base,
			    a->entries);
		}
		switch (ldap_msgtype(msg)) {
		case LDAP_RES_SEARCH_ENTRY:
			ent = ad_entry(a, msg, e);
			ldap_msgfree(msg);
			if (ent == NULL)
				return -1;
			a->entries++;
			ad_principals(a, ent);
			a->held[a->nheld++] = ent;
			/* Nothing new to look up: no reason to hold it. */
			if (a->nwant == 0 || a->nheld == AD_HOLD_MAX)
				ad_flush(a);
			break;
		case LDAP_RES_SEARCH_RESULT:
			/* ldap_parse_result() frees msg. */
			if (ad_page_end(a, msg, e) == -1)
				return -1;
			break;
		default:
			/* Continuation references: other partitions. */
			ldap_msgfree(msg);
			break;
		}
	}
}

/*
 * ad_cancel(): see ad.h.  Only an atomic flag: ad_next() looks at it
 * between messages and between slices of a wait.
 */
void
ad_cancel(struct ad *a)
{
	atomic_store(&a->cancel, true);
}

/* ad_recycle(): see ad.h. */
void
ad_recycle(struct ad *a, struct entry *ent)
{
	if (a->nspare < AD_SPARE)
		a->spare[a->nspare++] = ent;
	else
		entry_free(ent);
}

/* ad_info(): see ad.h. */
const struct ad_info *
ad_info(const struct ad *a)
{
	return &a->info;
}

/* ad_close(): abandon a search still running, unbind, free. */
void
ad_close(struct ad *a)
{
	size_t i;

	if (a == NULL)
		return;
	if (a->ld != NULL) {
		if (a->msgid != -1)
			(void)ldap_abandon_ext(a->ld, a->msgid, NULL, NULL);
		ldap_unbind_ext_s(a->ld, NULL, NULL);
	}
	ad_password_clear(a);
	while (a->ipend < a->npend)
		entry_free(a->pend[a->ipend++]);
	for (i = 0; i < a->nheld; i++)
		entry_free(a->held[i]);
	for (i = 0; i < a->nspare; i++)
		entry_free(a->spare[i]);
	free(a->pend);
	free(a->asked);
	free(a->config_nc);
	free(a->default_nc);
	free(a->names_error);
	for (i = 0; a->attrs != NULL && a->attrs[i] != NULL; i++)
		free(a->attrs[i]);
	free(a->attrs);
	free(a->cookie.bv_val);
	free(a->uri);
	free(a->server);
	free(a->base);
	free(a->identity);
	free(a->mech);
	free(a->tls);
	free(a->skipped);
	free(a);
}
