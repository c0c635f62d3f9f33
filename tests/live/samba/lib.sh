# SPDX-License-Identifier: ISC
# The Samba live tests' library: the e2e TAP library (tests/e2e/lib.sh)
# plus a throwaway Samba AD domain controller provisioned into the
# script's scratch directory ($SB = $TRASH/samba).  See
# docs/samba-testbed.md.
#
#   samba_prereq      skip the whole script, visibly, when Samba cannot
#                     run here (not root, packages missing, the ports
#                     taken); then re-run the script in a private mount
#                     namespace whose /etc/hosts names the DC
#   samba_provision   provision the domain (fixed SID and GUID), fill it
#                     with setup.py and connectors.txt, write krb5.conf
#   samba_start       start our samba (SAMBA_PID); wait for LDAP
#   samba_stop        stop it, by its PID (the EXIT trap does it too)
#
# The DC: realm CORP.EXAMPLE, host dc1.corp.example = 127.0.0.1 (in the
# namespace's /etc/hosts only), LDAP 389, LDAPS 636, KDC 88; Samba's
# self-signed CA in $SB/private/tls/ca.pem.  Accounts: Administrator
# ($ADMIN_PW, $TRASH/admin.pw) and the ordinary user auditor ($USER_PW,
# $TRASH/user.pw).

SAMBA_LIB=$(cd "$(dirname "$0")" && pwd)
DC=dc1.corp.example

# Run the script again in a private mount namespace whose /etc/hosts also
# names the DC: Samba's certificate is for dc1.corp.example, and so is its
# Kerberos service.  Nothing outside the namespace sees the change.
if [ -z "${RCA_SAMBA_NS:-}" ] && [ "$(id -u)" -eq 0 ] &&
    command -v unshare > /dev/null 2>&1; then
	_hosts=$(mktemp "${TMPDIR:-/tmp}/rca-hosts.XXXXXX") &&
	{ echo "127.0.0.1 $DC dc1"; cat /etc/hosts; } > "$_hosts" &&
	RCA_SAMBA_NS=1 exec unshare --mount --propagation private sh -c '
		mount --bind "$1" /etc/hosts; rm -f "$1"; shift; exec sh "$@"
	' sh "$_hosts" "$SAMBA_LIB/$(basename "$0")" "$@"
fi
: "${MKLDIF:=/bin/false}"	# the e2e library wants it; unused here
. "$SAMBA_LIB/../../e2e/lib.sh"

SB=$TRASH/samba
SAMBA_PID=
SAMBA=${SAMBA:-/usr/sbin/samba}
PY=/usr/bin/python3	# Samba's bindings live in the system interpreter
REALM=CORP.EXAMPLE
DOMAIN_DN=DC=corp,DC=example
CONFIG_DN=CN=Configuration,$DOMAIN_DN
ADMIN_PW='Adm1n-Pass!23'
USER_PW='Aud1t-Pass!23'
DOMAIN_SID=S-1-5-21-1111111111-2222222222-3333333333
DOMAIN_GUID=4a2f8c1e-3b5d-4e6f-8a7b-9c0d1e2f3a4b
export LDAPNOINIT=1	# no ~/.ldaprc or /etc/ldap/ldap.conf in the tools
export KRB5_CONFIG="$TRASH/krb5.conf"
export KRB5CCNAME="FILE:$TRASH/krb5cc"
unset RCAUDIT_PASSWORD
# An ASan build of rcaudit: a leak in Cyrus SASL is not rcaudit's.
LSAN_OPTIONS="suppressions=$SAMBA_LIB/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
printf '%s\n' "$ADMIN_PW" > "$TRASH/admin.pw"
printf '%s\n' "$USER_PW" > "$TRASH/user.pw"

_samba_cleanup() {
	samba_stop
	rm -rf "$TRASH"
}
trap _samba_cleanup EXIT
trap 'exit 130' INT TERM

_skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# Something listening on 127.0.0.1:PORT?
_port_busy() {
	if command -v ss > /dev/null 2>&1; then
		ss -Hltn "src 127.0.0.1:$1" 2>/dev/null | grep -q . && return 0
		ss -Hltn "src 0.0.0.0:$1" 2>/dev/null | grep -q .
		return
	fi
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

samba_prereq() {
	[ "$(id -u)" -eq 0 ] ||
	    _skip_all "a Samba AD DC needs root (ports 88, 389, 636)"
	for t in "$SAMBA" samba-tool ldapsearch kinit kdestroy jq; do
		command -v "$t" > /dev/null 2>&1 ||
		    _skip_all "$t not installed (scripts/install-deps samba)"
	done
	[ -f /usr/share/samba/setup/ad-schema/AD_DS_Attributes__Windows_Server_2012_R2.ldf ] ||
	    _skip_all "samba-ad-provision not installed (scripts/install-deps samba)"
	"$PY" -c 'import samba.samdb' 2> /dev/null ||
	    _skip_all "python3-samba not installed for $PY"
	[ -f /usr/lib/x86_64-linux-gnu/sasl2/libgssapiv2.so ] ||
	    ls /usr/lib/*/sasl2/libgssapiv2.so > /dev/null 2>&1 ||
	    _skip_all "libsasl2-modules-gssapi-mit not installed"
	getent hosts $DC | grep -q '^127\.0\.0\.1 ' ||
	    _skip_all "$DC does not resolve to 127.0.0.1 (no mount namespace: unshare -m)"
	for p in 88 389 636 3268; do
		_port_busy $p &&
		    _skip_all "127.0.0.1:$p is already in use (another DC or test?)"
	done
	return 0
}

_provision() {
	rm -rf "$SB" && mkdir -p "$SB/run" "$SB/log" "$SB/winbindd" \
	    "$SB/ntp_signd" || return 1
	samba-tool domain provision --realm=$REALM --domain=CORP \
	    --server-role=dc --dns-backend=NONE \
	    --adminpass="$ADMIN_PW" --host-name=DC1 --host-ip=127.0.0.1 \
	    --domain-sid=$DOMAIN_SID --domain-guid=$DOMAIN_GUID \
	    --targetdir="$SB" \
	    --option="interfaces=127.0.0.1" \
	    --option="bind interfaces only=yes" \
	    --option="pid directory=$SB/run" \
	    --option="log file=$SB/log/samba.log" \
	    --option="server services=ldap, kdc, cldap" \
	    --option="dsdb:schema update allowed=true" \
	    --option="winbindd socket directory=$SB/winbindd" \
	    --option="ntp signd socket directory=$SB/ntp_signd" \
	    > "$TRASH/provision.log" 2>&1
	_rc=$?
	[ $_rc -eq 0 ] && return 0
	echo "# provisioning failed (exit $_rc):" >&2
	tail -40 "$TRASH/provision.log" | sed 's/^/#   /' >&2
	return 1
}

samba_provision() {
	# once more if it fails: the reason is in the TAP output either way
	_provision || _provision || return 1
	if ! "$PY" "$SAMBA_LIB/setup.py" "$SB" "$SAMBA_LIB/connectors.txt" \
	    auditor "$USER_PW" > "$SB/setup.log" 2>&1; then
		echo "# setup.py failed:" >&2
		tail -20 "$SB/setup.log" | sed 's/^/#   /' >&2
		return 1
	fi
	printf 'TLS_CACERT %s\nSASL_NOCANON on\n' "$SB/private/tls/ca.pem" \
	    > "$TRASH/ldap.conf"
	cat > "$KRB5_CONFIG" <<-EOF
	[libdefaults]
	    default_realm = $REALM
	    dns_lookup_realm = false
	    dns_lookup_kdc = false
	    rdns = false
	    dns_canonicalize_hostname = false
	[realms]
	    $REALM = {
	        kdc = 127.0.0.1
	    }
	[domain_realm]
	    .corp.example = $REALM
	    corp.example = $REALM
	EOF
}

# samba_start: start samba in the foreground of a background job, so
# that its PID is ours ($!); it stops by itself after 30 minutes should
# the script be killed hard.
samba_start() {
	"$SAMBA" -F --no-process-group -M single --maximum-runtime=1800 \
	    -s "$SB/etc/smb.conf" -l "$SB/log" > "$SB/log/stdout" 2>&1 &
	SAMBA_PID=$!
	for _i in $(seq 1 300); do
		if ! kill -0 "$SAMBA_PID" 2>/dev/null; then
			wait "$SAMBA_PID" 2>/dev/null
			SAMBA_PID=
			break
		fi
		if ldapsearch -x -H ldap://127.0.0.1 -b '' -s base \
		    '(objectClass=*)' dnsHostName > /dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	echo "# samba does not start; its log:" >&2
	tail -30 "$SB/log/log.samba" "$SB/log/stdout" 2>/dev/null |
	    sed 's/^/#   /' >&2
	samba_stop
	return 1
}

samba_stop() {
	[ -n "$SAMBA_PID" ] || return 0
	kill "$SAMBA_PID" 2>/dev/null
	wait "$SAMBA_PID" 2>/dev/null
	SAMBA_PID=
}

# lds ARGS: OpenLDAP's ldapsearch with $TRASH/ldap.conf (Samba's CA; no
# canonicalisation for GSSAPI), and no ~/.ldaprc: LDAPNOINIT would also
# ignore LDAPTLS_CACERT.
lds() {
	env -u LDAPNOINIT HOME="$TRASH" LDAPCONF="$TRASH/ldap.conf" \
	    ldapsearch -LLL -o ldif-wrap=no "$@"
}

# The SD-flags control (OWNER|GROUP|DACL), critical, for ldapsearch -E.
SDFLAGS='!1.2.840.113556.1.4.801=::MAMCAQc='

# sddl_of DN: the stored descriptor of DN as SDDL and one line per ACE,
# read as Administrator.
sddl_of() {
	lds -H "ldaps://$DC" -x -D "Administrator@corp.example" \
	    -y "$TRASH/admin.pw.nonl" -E "$SDFLAGS" -b "$1" -s base \
	    nTSecurityDescriptor |
	    sed -n 's/^nTSecurityDescriptor:: //p' |
	    "$PY" "$SAMBA_LIB/sddl.py" $DOMAIN_SID
}

(umask 077
printf '%s' "$ADMIN_PW" > "$TRASH/admin.pw.nonl"
printf '%s' "$USER_PW" > "$TRASH/user.pw.nonl")
