# SPDX-License-Identifier: ISC
# The live tests' library: the e2e TAP library (tests/e2e/lib.sh) plus a
# private slapd in the script's scratch directory.  Never touches a system
# slapd: ours listens on free loopback ports and a socket in $TRASH, runs
# from a generated slapd.conf, and only its own PID is ever signalled.
#
#   slapd_start          set up (once: certificates, sasldb, config) and
#                        start; sets PORT, SPORT, LDAP, LDAPS, LDAPI
#                        (the ports change at every start)
#   slapd_stop           stop our slapd (the EXIT trap does it too)
#   dir_load FILE...     restart slapd on a tree made of these LDIF files
#                        (parents created as AD-like containers) and the
#                        accounts
#   ldif_of NAME         compile examples/NAME or tests/data/dir/NAME
#
# Accounts (password "secret" for all, also in $TRASH/pw):
#   CN=Auditor,DC=example   reads everything
#   CN=NoSD,DC=example      nTSecurityDescriptor hidden by an ACL
#   CN=Capped,DC=example    server size limit of 5 entries (paged total)
#   SASL reader/realm EXAMPLE in sasldb -> CN=Auditor,DC=example
#   ldapi EXTERNAL as root  -> CN=Auditor,DC=example

# LIVE_DIR: this directory, for scripts elsewhere (bench/live).
LIVE=${LIVE_DIR:-$(cd "$(dirname "$0")" && pwd)}
. "$LIVE/../e2e/lib.sh"

SLAPD=${SLAPD:-/usr/sbin/slapd}
SD=$TRASH/slapd
SLAPD_PID=
export LDAPNOINIT=1	# no ~/.ldaprc or /etc/ldap/ldap.conf in the tools
unset RCAUDIT_PASSWORD
printf 'secret\n' > "$TRASH/pw"

_live_cleanup() {
	slapd_stop
	rm -rf "$TRASH"
}
trap _live_cleanup EXIT
trap 'exit 130' INT TERM

# Skip the whole script, visibly, when slapd is not there.
live_prereq() {
	for t in "$SLAPD" ldapadd ldapsearch saslpasswd2 openssl; do
		if ! command -v "$t" > /dev/null 2>&1; then
			echo "1..0 # SKIP $t not installed (scripts/install-deps live)"
			exit 0
		fi
	done
}

_certs() {
	cd "$SD" || return 1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	    -nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=rcaudit test CA' \
	    -addext basicConstraints=critical,CA:TRUE \
	    -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	    -keyout server.key -out server.csr -subj "/CN=rcaudit test server" \
	    2>/dev/null &&
	printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' \
	    > ext.cnf &&
	openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key \
	    -CAcreateserial -days 2 -extfile ext.cnf -out server.pem \
	    2>/dev/null &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	    -nodes -keyout other.key -out other-ca.pem -days 2 \
	    -subj '/CN=some other CA' 2>/dev/null
	_rc=$?
	cd "$TRASH" || return 1
	return $_rc
}

_setup() {
	mkdir -p "$SD/db" "$SD/sasl2" || return 1
	_certs || { echo "# cannot make certificates" >&2; return 1; }
	cat > "$SD/sasl2/slapd.conf" <<-EOF
	pwcheck_method: auxprop
	auxprop_plugin: sasldb
	sasldb_path: $SD/sasldb2
	mech_list: EXTERNAL DIGEST-MD5 SCRAM-SHA-1 SCRAM-SHA-256
	EOF
	echo secret | saslpasswd2 -p -f "$SD/sasldb2" -u EXAMPLE -c reader ||
	    return 1
	cat > "$SD/rootdse.ldif" <<-EOF
	dn:
	configurationNamingContext: CN=Configuration,DC=corp,DC=example
	defaultNamingContext: DC=corp,DC=example
	dnsHostName: localhost
	EOF
	cat > "$SD/slapd.conf" <<-EOF
	include /etc/ldap/schema/core.schema
	include $LIVE/ad.schema
	pidfile $SD/slapd.pid
	argsfile $SD/slapd.args
	modulepath /usr/lib/ldap
	moduleload back_mdb
	rootDSE $SD/rootdse.ldif
	TLSCACertificateFile $SD/ca.pem
	TLSCertificateFile $SD/server.pem
	TLSCertificateKeyFile $SD/server.key
	sizelimit unlimited
	timelimit unlimited
	authz-regexp "^uid=reader,cn=example,cn=[^,]*,cn=auth\$" "CN=Auditor,DC=example"
	authz-regexp "^uid=reader,cn=[^,]*,cn=auth\$" "CN=Auditor,DC=example"
	authz-regexp "^gidnumber=0.uidnumber=0,cn=peercred,cn=external,cn=auth\$" "CN=Auditor,DC=example"
	database mdb
	suffix "DC=example"
	rootdn "CN=admin,DC=example"
	rootpw secret
	directory $SD/db
	maxsize 1073741824
	index objectClass eq
	index objectSid eq
	limits dn.exact="CN=Capped,DC=example" size.prtotal=5 size.soft=5 size.hard=5
	access to attrs=userPassword by anonymous auth by * none
	access to attrs=nTSecurityDescriptor by dn.exact="CN=NoSD,DC=example" none by * read
	access to * by * read
	EOF
}

# A port number that is free now (the start is retried if we lose a race).
_port() {
	_p=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	echo $((20000 + _p % 40000))
}

slapd_start() {
	[ -f "$SD/slapd.conf" ] || _setup || return 1
	for _try in 1 2 3 4 5; do
		PORT=$(_port)
		SPORT=$((PORT + 1))
		LDAP=ldap://127.0.0.1:$PORT
		LDAPS=ldaps://127.0.0.1:$SPORT
		LDAPI=ldapi://$(printf %s "$SD/ldapi" | sed 's|/|%2F|g')
		SASL_CONF_PATH=$SD/sasl2 "$SLAPD" -d stats -f "$SD/slapd.conf" \
		    -h "ldap://127.0.0.1:$PORT/ ldaps://127.0.0.1:$SPORT/ $LDAPI" \
		    > "$SD/log" 2>&1 &
		SLAPD_PID=$!
		for _i in $(seq 1 100); do
			if ! kill -0 "$SLAPD_PID" 2>/dev/null; then
				wait "$SLAPD_PID" 2>/dev/null
				SLAPD_PID=
				break
			fi
			if ldapsearch -x -H "$LDAPI" -b '' -s base \
			    '(objectClass=*)' > /dev/null 2>&1; then
				return 0
			fi
			sleep 0.1
		done
		[ -n "$SLAPD_PID" ] && slapd_stop
	done
	echo "# slapd does not start; its log:" >&2
	sed 's/^/#   /' "$SD/log" >&2
	return 1
}

slapd_stop() {
	[ -n "$SLAPD_PID" ] || return 0
	kill "$SLAPD_PID" 2>/dev/null
	wait "$SLAPD_PID" 2>/dev/null
	SLAPD_PID=
}

# slapd_kill: kill -9 our slapd (a server that goes away).
slapd_kill() {
	[ -n "$SLAPD_PID" ] || return 0
	kill -9 "$SLAPD_PID" 2>/dev/null
	wait "$SLAPD_PID" 2>/dev/null
	SLAPD_PID=
}

# Every ancestor of every DN in the LDIF files, below DC=example, that the
# files do not hold themselves, parents first, as AD-like containers.
_parents() {
	cat "$@" | awk '	# unfold RFC 2849 continuation lines
	/^ / { l = l substr($0, 2); next }
	{ if (NR > 1) print l; l = $0 }
	END { print l }' | awk '
	/^dn: / {
		dn = substr($0, 5)
		own[dn] = 1
		gsub(/\\,/, "\001", dn)	# escaped commas stay in their RDN
		n = split(dn, rdn, ",")
		p = rdn[n]
		for (i = n - 1; i >= 2; i--) {
			p = rdn[i] "," p
			q = p
			gsub(/\001/, "\\,", q)
			if (!(q in depth))
				depth[q] = n - i
		}
	}
	END {
		for (d in depth)
			if (!(d in own) && tolower(d) != "dc=example")
				printf "%d\t%s\n", depth[d], d
	}' | sort -t "$(printf '\t')" -k1,1n | cut -f2 | while read -r dn; do
		rdn=${dn%%,*}
		case $rdn in
		[Dd][Cc]=*)	printf 'dn: %s\nobjectClass: domainDNS\ndc: %s\n\n' \
				    "$dn" "${rdn#*=}" ;;
		[Oo][Uu]=*)	printf 'dn: %s\nobjectClass: organizationalUnit\nou: %s\n\n' \
				    "$dn" "${rdn#*=}" ;;
		*)		printf 'dn: %s\nobjectClass: container\ncn: %s\n\n' \
				    "$dn" "${rdn#*=}" ;;
		esac
	done
}

_accounts() {
	cat <<-EOF
	dn: DC=example
	objectClass: domainDNS
	dc: example

	EOF
	for u in Auditor NoSD Capped; do
		printf 'dn: CN=%s,DC=example\nobjectClass: user\ncn: %s\n' \
		    "$u" "$u"
		printf 'userPassword: secret\n\n'
	done
}

# dir_load FILE...: stop slapd, make the tree exactly the accounts and
# these files (slapadd into an empty database), start slapd again.
dir_load() {
	[ -f "$SD/slapd.conf" ] || _setup || return 1
	slapd_stop
	rm -rf "$SD/db" && mkdir "$SD/db" || return 1
	{
		_accounts
		_parents "$@"
		for _f in "$@"; do
			sed '/^version: /d' "$_f"
			echo
		done
	} > "$SD/load.ldif"
	if ! "${SLAPD%slapd}slapadd" -q -f "$SD/slapd.conf" -l "$SD/load.ldif" \
	    > "$SD/add.log" 2>&1; then
		echo "# cannot load $*:" >&2
		tail -5 "$SD/add.log" | sed 's/^/#   /' >&2
		return 1
	fi
	slapd_start
}

# ldif_of NAME: ./NAME.ldif from examples/NAME.ldif.in or a fixture.
ldif_of() {
	if [ -f "$TOP/examples/$1.ldif.in" ]; then
		"$MKLDIF" "$TOP/examples/$1.ldif.in" > "$1.ldif"
	else
		fixture "$1"
	fi
}

# via_relay 'RELAY...' ARGS...: start RELAY (a command line that writes
# the port it listens on to ./port and relays to slapd), then rca ARGS...
# -H ldap://127.0.0.1:<that port>; the relay is stopped after.  Sets rc
# to rca's exit status and RURI to the relay's URI.
via_relay() {
	_cmd=$1
	shift
	rm -f port
	sh -c "exec $_cmd" &
	_relay=$!
	_n=0
	while [ ! -s port ] && [ $_n -lt 100 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	RURI=ldap://127.0.0.1:$(cat port)
	rca "$@" -H "$RURI"
	rc=$?
	kill "$_relay" 2>/dev/null
	wait "$_relay" 2>/dev/null
	return 0
}
