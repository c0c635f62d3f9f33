#!/bin/sh
# What the live reader sees is what a snapshot holds: auditing the
# directory, auditing `rcaudit snapshot` of it offline, and auditing the
# fixture it was loaded from give the same findings and the same facts.
. "$(dirname "$0")/lib.sh"
live_prereq
ldif_of contoso && dir_load contoso.ldif || exit 1

SRC="-H $LDAPS --ca-file $SD/ca.pem -D CN=Auditor,DC=example -y $TRASH/pw"

test_expect_success 'snapshot writes the header and every connector' "
	rca snapshot $SRC -o snap.ldif &&
	grep -F '# source: $LDAPS (server localhost' snap.ldif &&
	grep '^# time: 20[0-9-]*T[0-9:]*Z\$' snap.ldif &&
	grep '^# rcaudit version: ' snap.ldif &&
	test \$(grep -c '^objectClass: msExchSmtpReceiveConnector' snap.ldif) -eq 19 &&
	test \$(grep -c '^nTSecurityDescriptor:: ' snap.ldif) -eq 19
"

# Names for evidence: the domain's crossRef and the extended rights come
# first, each principal before the first connector whose descriptor names
# it (the first one names all three groups), and each only once.
test_expect_success 'snapshot: names before the connectors that use them' "
	grep -F 'nETBIOSName: CORP' snap.ldif &&
	grep -F 'rightsGuid: 5c82f031-4e4c-4326-88e1-8c4f0cad9de5' snap.ldif &&
	test \$(grep -c '^sAMAccountName: ' snap.ldif) -eq 3 &&
	grep -Fx 'sAMAccountName: ExchangeLegacyInterop' snap.ldif &&
	first=\$(grep -n '^objectClass: msExchSmtpReceiveConnector' snap.ldif |
	    head -1 | cut -d: -f1) &&
	last=\$(grep -n '^sAMAccountName: ' snap.ldif | tail -1 | cut -d: -f1) &&
	test \$last -lt \$first
"

test_expect_success 'show: principals named as DOMAIN\\name, live' "
	rca show $SRC 'EX02\\Legacy Fax' > fax.txt &&
	grep -F 'Allow  CORP\\Exchange Servers  All extended rights' fax.txt &&
	grep -F 'Allow  CORP\\Organization Management  Full control' fax.txt &&
	! grep -F 'S-1-5-21-1004336348-1177238915-682003330-1118' fax.txt |
	    grep -v '^  sddl'
"

test_expect_success 'audit: live and the snapshot offline agree' "
	rca audit $SRC > live.txt; a=\$?
	rca audit -f snap.ldif > off.txt; b=\$?
	test \$a -eq \$b && test \$a -eq 1 && diff -u off.txt live.txt
"

test_expect_success 'audit: live and the original fixture agree' "
	rca audit -f contoso.ldif > orig.txt
	diff -u orig.txt live.txt
"

# The JSON of a snapshot says on which line of the file each connector
# was (source_line), and the audit report says how the directory was read
# (.source: the file and its digest, or the server, identity, mechanism
# and TLS); those differ by design.  Everything else is the same.
noline() {
	jq -S 'del(.. | .source_line?) | del(.source?)' "$1"
}

test_expect_success 'show --format json: live and the snapshot agree' "
	rca show --format json $SRC > live.json &&
	rca show --format json -f snap.ldif > off.json &&
	! grep -q source_line live.json &&
	noline off.json > off.n && noline live.json > live.n &&
	diff -u off.n live.n
"

test_expect_success 'audit --format json: live and the snapshot agree' "
	rca audit --format json $SRC > live-a.json 2> /dev/null
	rca audit --format json -f snap.ldif > off-a.json 2> /dev/null
	noline off-a.json > off-a.n && noline live-a.json > live-a.n &&
	diff -u off-a.n live-a.n
"

test_expect_success 'a failed snapshot leaves no file behind' "
	RCAUDIT_PASSWORD=wrong rca snapshot -H $LDAPS --ca-file $SD/ca.pem \
	    -D CN=Auditor,DC=example -o bad.ldif
	test \$? -eq 3 && test ! -e bad.ldif && ! ls bad.ldif.tmp* 2>/dev/null
"

# Every e2e fixture, loaded into the directory, audits as offline.
for name in clean single-hosts wide badrange nosd mixed disabled open \
    badsd many verdicts; do
	fixture $name || exit 1
	dir_load $name.ldif || exit 1
	test_expect_success "fixture $name: live audit = offline audit" "
		rca audit -H $LDAPS --ca-file $SD/ca.pem -D CN=Auditor,DC=example \
		    -y $TRASH/pw -b DC=test,DC=example > $name.live; a=\$?
		rca audit -f $name.ldif > $name.off; b=\$?
		test \$a -eq \$b && diff -u $name.off $name.live
	"
done

# A forest without CN=Partitions or CN=Extended-Rights (the fixtures are
# not a whole configuration partition): names are not an error, -v says so.
test_expect_success 'names that cannot be read: said with -v, exit as before' "
	rca audit -v -H $LDAPS --ca-file $SD/ca.pem -D CN=Auditor,DC=example \
	    -y $TRASH/pw -b DC=test,DC=example > v.out 2> v.err; a=\$?
	rca audit -q -f verdicts.ldif; b=\$?
	cat v.err && test \$a -eq \$b &&
	grep -Fx \"rcaudit: names for evidence: domain names not read from 'CN=Partitions,CN=Configuration,DC=corp,DC=example': No such object; SIDs and GUIDs are shown as they are\" v.err &&
	diff -u verdicts.off v.out
"

test_expect_success 'nTSecurityDescriptor hidden by an ACL: exit 4, never clean' "
	rca audit -H $LDAPS --ca-file $SD/ca.pem -D CN=NoSD,DC=example \
	    -y $TRASH/pw -b DC=test,DC=example > out
	test \$? -eq 4 &&
	grep -iF 'could not evaluate' out &&
	grep -F 'nTSecurityDescriptor is missing' out
"

test_done
