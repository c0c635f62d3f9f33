#!/bin/sh
# The bundled example organisation (examples/): the committed snapshot is
# what mkldif makes of its readable source, and auditing it gives the
# expected findings.
. "$(dirname "$0")/lib.sh"

EX=$TOP/examples

test_expect_success 'examples/contoso.ldif is up to date with its source' '
	"$MKLDIF" "$EX/contoso.ldif.in" > contoso.ldif &&
	cmp contoso.ldif "$EX/contoso.ldif"
'

test_expect_code 1 'auditing the example exits 1 (it has wide relays)' '
	rca audit -f "$EX/contoso.ldif"
'

test_expect_success 'audit text of the example' '
	rca audit -f "$EX/contoso.ldif" > audit.out
	compare audit-contoso.txt audit.out
'

test_expect_success 'show text of one connector' '
	rca show -f "$EX/contoso.ldif" "EX02\\Legacy Fax" > show.out &&
	compare show-legacy-fax.txt show.out
'

test_expect_success 'show --format json of the whole example' '
	rca show -f "$EX/contoso.ldif" --format json > show.json &&
	compare show-contoso.json show.json
'

test_expect_success 'show selects connectors by identity, name, DN or GUID' '
	rca show -f "$EX/contoso.ldif" --format json "Printers" > a.json &&
	jq -e ".connectors | length == 1" a.json &&
	g=$(jq -r ".connectors[0].object_guid" a.json) &&
	rca show -f "$EX/contoso.ldif" --format json "$g" > b.json &&
	cmp a.json b.json
'

test_expect_code 2 'show of a connector that does not exist is exit 2' '
	rca show -f "$EX/contoso.ldif" "EX09\\Nothing"
'

test_expect_success 'the classic one-liner traps are right in the example' '
	rca show -f "$EX/contoso.ldif" --format json > all.json &&
	jq -e "[.connectors[] | select(.relay.unauthenticated) | .identity] | sort ==
	    [\"EX01\\\\Anonymous Relay\", \"EX01\\\\Printers\", \"EX02\\\\App Relay\",
	     \"EX02\\\\Default Frontend EX02\",
	     \"EX02\\\\Legacy Fax\", \"EX02\\\\Old Migration\", \"EX02\\\\Scanner Relay\"]" all.json
'

rca audit -f "$EX/contoso.ldif" --format json > findings.json 2>/dev/null

# Every connector of the example and the rules that fire on it ("-": none),
# as "identity|rules".
while IFS='|' read -r id expect; do
	test_expect_success "example: $id: $expect" "
		got=\$(jq -r --arg i '$id' '[.findings[] | select(.identity == \$i) |
		    .rule] | sort | if length == 0 then \"-\" else join(\",\") end' findings.json)
		test \"\$got\" = '$expect' || { echo \"got \$got\"; false; }
	"
done <<'TABLE'
EX01\Default EX01|-
EX01\Client Proxy EX01|-
EX01\Default Frontend EX01|-
EX01\Outbound Proxy Frontend EX01|-
EX01\Client Frontend EX01|-
EX02\Default EX02|-
EX02\Client Proxy EX02|-
EX02\Default Frontend EX02|RCA-001,RCA-020
EX02\Outbound Proxy Frontend EX02|-
EX02\Client Frontend EX02|-
EX01\Anonymous Relay|RCA-004
EX01\Printers|RCA-003
EX02\App Relay|RCA-001
EX02\Scanner Relay|RCA-013
EX02\Legacy Fax|RCA-002,RCA-021
EX02\Locked Down|-
EX01\Internal Apps|RCA-040
EX02\Old Migration|RCA-003
EX01\Fabrikam Partner|-
TABLE

test_expect_success 'every connector of the example is in the table' '
	test "$(jq ".connectors | length" findings.json)" = 19
'

test_done
