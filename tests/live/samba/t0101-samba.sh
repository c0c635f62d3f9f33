#!/bin/sh
# rcaudit against a real Active Directory implementation: a throwaway
# Samba AD DC (Debian's samba-ad-dc) provisioned into the scratch
# directory, its schema extended with msExchSmtpReceiveConnector, an
# Exchange-shaped tree with connectors whose descriptors Samba built
# (inherited ACEs, generic rights mapped).  An ordinary user with a simple
# bind over LDAPS and StartTLS, Administrator with Kerberos (GSSAPI) over
# plain LDAP with a security layer and over TLS, a snapshot audited
# offline, and what a hardened DC answers.  docs/samba-testbed.md.
. "$(dirname "$0")/lib.sh"
samba_prereq "$@"

_t0=$(date +%s)
if ! samba_provision || ! samba_start; then
	echo "Bail out! the Samba DC could not be set up (see above)"
	exit 1
fi
echo "# Samba DC provisioned and started in $(($(date +%s) - _t0)) s"

CA="--ca-file $SB/private/tls/ca.pem"
UDN="CN=auditor,CN=Users,$DOMAIN_DN"
USER_AUTH="-D $UDN -y $TRASH/user.pw"
ADMIN_AUTH="-D CN=Administrator,CN=Users,$DOMAIN_DN -y $TRASH/admin.pw"
BASE="CN=Microsoft Exchange,CN=Services,$CONFIG_DN"
CONN="CN=SMTP Receive Connectors,CN=Protocols,CN=EX01,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Corp\\, Inc.,$BASE"
FILTER='(objectClass=msExchSmtpReceiveConnector)'

# per_connector JSON: "identity: rule rule..." for every connector read
# ("-": no finding), sorted.
per_connector() {
	jq -r '(.findings | group_by(.identity) |
	    map({key: .[0].identity, value: (map(.rule) | sort | join(" "))}) |
	    from_entries) as $f |
	    .connectors[].identity | "\(.): \($f[.] // "-")"' "$1" |
	    LC_ALL=C sort
}

# What every reader sees; the ordinary user cannot read Hidden's
# descriptor (RCA-030), Administrator can (anonymous relay from a /24).
cat > common.txt <<'EOF'
EX01\Blanket GA: RCA-004 RCA-021
EX01\Default EX01: -
EX01\Deny First: -
EX01\Devices: RCA-004
EX01\Everyone Relay: RCA-040
EX01\ExtSec LAN: RCA-013
EX01\ExtSec Wide: RCA-011
EX01\Open Relay: RCA-001
EX01\Relais für Drucker: RCA-003
EX01\Relay LAN: RCA-003
EX01\Scanners; floor=2 "B" #1 <x> + y: RCA-004
EOF
{ cat common.txt; echo 'EX01\Hidden: RCA-030'; } | LC_ALL=C sort > user.exp
{ cat common.txt; echo 'EX01\Hidden: RCA-003'; } | LC_ALL=C sort > admin.exp

# --- facts of the testbed: what Samba stores and returns ---

test_expect_success 'Samba stores GA as 0xF01FF (plus an inherit-only GA)' "
	sddl_of 'CN=Blanket GA,$CONN' > ga.sd && cat ga.sd &&
	grep -F 'ace type=0 flags=0x0a mask=0x10000000 sid=S-1-5-7' ga.sd &&
	grep -F 'ace type=0 flags=0x00 mask=0xf01ff sid=S-1-5-7' ga.sd
"

test_expect_success 'Samba keeps explicit ACEs first, inherited ones after' "
	sddl_of 'CN=Relay LAN,$CONN' > lan.sd && cat lan.sd &&
	sed -n 's/^ace type=\([0-9]*\) flags=\(0x[0-9a-f]*\).*/\1 \2/p' \
	    lan.sd > order &&
	head -2 order | grep -c '^5 0x02\$' | grep -qx 2 &&
	tail -n +3 order | grep -v ' 0x12\$' | wc -l | grep -qx 0 &&
	test \$(wc -l < order) -gt 2
"

test_expect_success 'a user without the SD-flags control gets no descriptor' "
	lds -H ldaps://$DC -x -D '$UDN' -y $TRASH/user.pw.nonl -b '$BASE' \
	    '$FILTER' nTSecurityDescriptor > nocontrol.ldif &&
	test \$(grep -c '^dn' nocontrol.ldif) -eq 12 &&
	! grep -q '^nTSecurityDescriptor' nocontrol.ldif
"

test_expect_success 'with it, every descriptor but the one it may not read' "
	lds -H ldaps://$DC -x -D '$UDN' -y $TRASH/user.pw.nonl -b '$BASE' \
	    -E '$SDFLAGS' '$FILTER' nTSecurityDescriptor > control.ldif &&
	test \$(grep -c '^dn' control.ldif) -eq 12 &&
	test \$(grep -c '^nTSecurityDescriptor:: ' control.ldif) -eq 11 &&
	grep -A1 '^dn: CN=Hidden,' control.ldif | grep -q '^\$'
"

test_expect_success 'Samba hex-escapes ; and = in the DNs it returns' "
	grep -F 'dn: CN=Scanners\\3B floor\\3D2 \\\"B\\\" \\#1 \\<x\\> \\+ y,' \
	    control.ldif &&
	grep -F ',CN=Corp\\, Inc.,' control.ldif &&
	grep -q '^dn:: ' control.ldif
"

# --- an ordinary domain user, simple bind over TLS ---

test_expect_success 'user, LDAPS: exit 4, one connector not evaluated' "
	rca audit -v -H ldaps://$DC $CA $USER_AUTH --format json \
	    > user-ldaps.json 2> err
	test \$? -eq 4 && cat err &&
	grep -F 'rcaudit: reading ldaps://$DC (server DC1.corp.example, base $BASE, identity dn:$UDN, mechanism simple, SASL SSF 0, TLS TLS1.' err
"

test_expect_success 'user, LDAPS: the findings per connector' "
	per_connector user-ldaps.json > user-ldaps.txt &&
	diff -u user.exp user-ldaps.txt
"

test_expect_success 'user, LDAPS: Hidden could not be evaluated (text)' "
	rca audit -H ldaps://$DC $CA $USER_AUTH > user.txt
	test \$? -eq 4 &&
	grep -F 'EX01\\Hidden' user.txt &&
	grep -F 'nTSecurityDescriptor is missing' user.txt &&
	grep -F '12 connectors read, 1 could not be evaluated' user.txt
"

test_expect_success 'user, LDAPS: owners named DOMAIN\\name from the directory' "
	jq -e '[.connectors[].security_descriptor.owner.name | select(. != null)]
	    | unique == [\"CORP\\\\Domain Admins\"]' user-ldaps.json &&
	! grep -F 'names for evidence' err
"

test_expect_success 'user, StartTLS: the same findings' "
	rca audit -v -H ldap://$DC -Z $CA $USER_AUTH --format json \
	    > user-starttls.json 2> err
	test \$? -eq 4 && grep -F 'mechanism simple, SASL SSF 0, TLS TLS1.' err &&
	per_connector user-starttls.json > user-starttls.txt &&
	diff -u user.exp user-starttls.txt
"

test_expect_success 'the certificate names the DC, not 127.0.0.1: exit 3' "
	rca audit -H ldaps://127.0.0.1 $CA $USER_AUTH 2> err
	test \$? -eq 3 && cat err && grep -F 'certificate name mismatch' err
"

test_expect_success 'user: a snapshot audited offline = the live audit' "
	rca snapshot -H ldaps://$DC $CA $USER_AUTH -o user-snap.ldif &&
	test \$(grep -c '^objectClass: msExchSmtpReceiveConnector' user-snap.ldif) -eq 12 &&
	test \$(grep -c '^nTSecurityDescriptor:: ' user-snap.ldif) -eq 11 &&
	grep -Fx 'nETBIOSName: CORP' user-snap.ldif &&
	grep -Fx 'sAMAccountName: Domain Admins' user-snap.ldif &&
	test \$(grep -c '^rightsGuid: ' user-snap.ldif) -ge 14 &&
	rca audit -f user-snap.ldif > user-off.txt
	test \$? -eq 4 && diff -u user-off.txt user.txt
"

# --- a hardened DC: ldap server require strong auth = yes (the default) ---

test_expect_success 'simple bind on plain ldap://: exit 3, strong auth required' "
	rca audit -H ldap://$DC --allow-cleartext $USER_AUTH > out 2> err
	test \$? -eq 3 && cat err && test ! -s out &&
	grep -F \"rcaudit: ldap://$DC: bind as '$UDN' failed: Strong(er) authentication required\" err &&
	grep -F 'Transport encryption required' err
"

# --- Administrator with Kerberos ---

test_expect_success 'kinit Administrator (ticket cache in the scratch dir)' "
	kinit Administrator@$REALM < $TRASH/admin.pw > /dev/null &&
	klist | grep -F krbtgt/$REALM@$REALM
"

test_expect_success 'GSSAPI on loopback without -N asks for ldap/<hostname>: exit 3' "
	rca audit -q -H ldap://$DC -Y GSSAPI 2> err
	test \$? -eq 3 && cat err &&
	grep -F 'SASL GSSAPI bind failed' err &&
	grep -F 'Server not found in Kerberos database' err
"

test_expect_success 'GSSAPI -N on plain ldap://: a security layer (SSF > 0)' "
	rca audit -v -H ldap://$DC -N -Y GSSAPI --format json > admin-gss.json \
	    2> err
	test \$? -eq 1 && cat err &&
	grep -F 'identity u:Administrator@$REALM, mechanism GSSAPI, SASL SSF ' err &&
	grep -F ', TLS none)' err &&
	! grep -F 'SASL SSF 0,' err &&
	test \$(jq .source.sasl_ssf admin-gss.json) -gt 0
"

test_expect_success 'Administrator: the findings per connector' "
	per_connector admin-gss.json > admin-gss.txt &&
	diff -u admin.exp admin-gss.txt
"

test_expect_success 'Administrator: 1600 RemoteIPRanges values all read' "
	rca show -H ldap://$DC -N -Y GSSAPI --format json > show.json &&
	jq -e '.connectors[] | select(.name == \"Devices\") |
	    (.ranges.values | length) == 1600 and (.ranges.parsed | length) == 1600' show.json
"

# Samba, like AD, answers "name;range=0-99" with that range and the last
# one with "name;range=N-*": with RCAUDIT_RANGE_STEP rcaudit asks for the
# values that many at a time, so the 1600 values come in 16 (or 229)
# rounds of range retrieval; every connector reads the same as without.
for step in 100 7; do
	test_expect_success "range retrieval, $step values at a time: the same" "
		RCAUDIT_RANGE_STEP=$step rca show -H ldap://$DC -N -Y GSSAPI \\
		    --format json > ranged-$step.json &&
		jq -e '.connectors[] | select(.name == \"Devices\") |
		    (.ranges.values | length) == 1600' ranged-$step.json &&
		jq -S . show.json > whole.n && jq -S . ranged-$step.json > ranged.n &&
		cmp whole.n ranged.n
	"
done

test_expect_success 'Administrator: simple bind on LDAPS = GSSAPI' "
	rca audit -H ldaps://$DC $CA $ADMIN_AUTH > admin-simple.txt
	test \$? -eq 1 &&
	rca audit -H ldap://$DC -N -Y GSSAPI > admin-gss-text.txt
	test \$? -eq 1 && diff -u admin-simple.txt admin-gss-text.txt
"

test_expect_success 'snapshot over GSSAPI, audited offline = live' "
	rca snapshot -H ldap://$DC -N -Y GSSAPI -o snap.ldif &&
	grep -F '# source: ldap://$DC (server DC1.corp.example' snap.ldif &&
	test \$(grep -c '^objectClass: msExchSmtpReceiveConnector' snap.ldif) -eq 12 &&
	test \$(grep -c '^nTSecurityDescriptor:: ' snap.ldif) -eq 12 &&
	rca audit -f snap.ldif > off.txt
	test \$? -eq 1 && diff -u off.txt admin-gss-text.txt
"

test_expect_success 'snapshot: the JSON report offline = live (but source)' "
	rca audit -f snap.ldif --format json > off.json
	per_connector off.json > off-per.txt && diff -u admin.exp off-per.txt &&
	jq -S 'del(.source) | del(.. | .source_line?)' off.json > off.n &&
	jq -S 'del(.source) | del(.. | .source_line?)' admin-gss.json > live.n &&
	diff -u off.n live.n
"

# Samba (unlike Windows) refuses a SASL bind without signing or sealing
# even on TLS unless 'ldap server require strong auth =
# allow_sasl_over_tls'; and rcaudit asks for no layer on TLS (Windows DCs
# refuse one there; so does Samba).
test_expect_success 'GSSAPI on LDAPS, Samba default: exit 3, says why' "
	rca audit -q -H ldaps://$DC $CA -N -Y GSSAPI 2> err
	test \$? -eq 3 && cat err &&
	grep -F 'SASL GSSAPI bind failed: Strong(er) authentication required' err &&
	grep -F 'Sign or Seal are required' err
"

samba_stop
printf '\tldap server require strong auth = allow_sasl_over_tls\n' > strong.conf
sed -i "/^\[global\]/r strong.conf" "$SB/etc/smb.conf"
samba_start || { echo "Bail out! samba does not restart"; exit 1; }

test_expect_success 'the DC restarted with allow_sasl_over_tls' "
	grep -F 'ldap server require strong auth = allow_sasl_over_tls' \
	    $SB/etc/smb.conf &&
	kill -0 $SAMBA_PID
"

test_expect_success 'GSSAPI on LDAPS: no SASL layer (SSF 0), TLS' "
	rca audit -v -H ldaps://$DC $CA -N -Y GSSAPI --format json \
	    > admin-gss-tls.json 2> err
	test \$? -eq 1 && cat err &&
	grep -F 'identity u:Administrator@$REALM, mechanism GSSAPI, SASL SSF 0, TLS TLS1.' err &&
	per_connector admin-gss-tls.json > admin-gss-tls.txt &&
	diff -u admin.exp admin-gss-tls.txt
"

test_expect_success 'GSSAPI on StartTLS: no SASL layer (SSF 0), TLS' "
	rca audit -q -v -H ldap://$DC -Z $CA -N -Y GSSAPI 2> err
	test \$? -eq 1 && cat err &&
	grep -F 'mechanism GSSAPI, SASL SSF 0, TLS TLS1.' err
"

kdestroy > /dev/null 2>&1
echo "# total $(($(date +%s) - _t0)) s"
test_done
