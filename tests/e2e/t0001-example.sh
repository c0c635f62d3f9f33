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
	     \"EX02\\\\Legacy Fax\", \"EX02\\\\Old Migration\", \"EX02\\\\Scanner Relay\"]" all.json
'

test_done
