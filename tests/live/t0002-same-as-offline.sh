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

test_expect_success 'nTSecurityDescriptor hidden by an ACL: exit 4, never clean' "
	rca audit -H $LDAPS --ca-file $SD/ca.pem -D CN=NoSD,DC=example \
	    -y $TRASH/pw -b DC=test,DC=example > out
	test \$? -eq 4 &&
	grep -iF 'could not evaluate' out &&
	grep -F 'nTSecurityDescriptor is missing' out
"

test_done
