#!/bin/sh
# The relay verdicts of show --format json, one connector per case of the
# control-access walk (tests/data/dir/verdicts.ldif.in).
. "$(dirname "$0")/lib.sh"

fixture verdicts
rca show -f verdicts.ldif --format json > facts.json
echo "# show exit $?"

# name  anonymous  externally_secured  unauthenticated
while read -r name anon ext unauth; do
	test_expect_success "verdict: $name is $anon/$ext/$unauth" "
		jq -e --arg n '$name' '.connectors[] | select(.name == \$n) |
		    .relay.anonymous == $anon and
		    .relay.externally_secured == $ext and
		    .relay.unauthenticated == $unauth' facts.json
	"
done <<'TABLE'
explicit-allow       true   false  true
inherited-allow      true   false  true
inherit-only         false  false  false
deny-before-allow    false  false  false
allow-before-deny    true   false  true
blanket-cr           true   false  true
blanket-cr-basic     true   false  true
full-control         true   false  true
generic-all          true   false  true
other-right          false  false  false
read-only            false  false  false
everyone-only        false  false  false
auth-users           false  false  false
ext-flag-and-right   false  true   true
ext-right-no-flag    false  false  false
ext-flag-no-right    false  false  false
null-dacl            true   false  true
absent-dacl          true   false  true
empty-dacl           false  false  false
callback-first       null   false  null
callback-after       false  false  false
callback-other-sid   true   false  true
TABLE

test_expect_success 'every case of the table is in the fixture' '
	test "$(jq ".connectors | length" facts.json)" = 22
'

test_expect_success 'the deciding ACE of a deny is the deny, in SDDL' '
	jq -e ".connectors[] | select(.name == \"deny-before-allow\") |
	    .relay.deciding_ace == \"(OD;CI;CR;5c82f031-4e4c-4326-88e1-8c4f0cad9de5;;AN)\"" facts.json
'

test_expect_success 'a blanket grant is named as such' '
	jq -e ".connectors[] | select(.name == \"blanket-cr\") |
	    .relay.anonymous_check.grant == \"all_extended_rights\"" facts.json
'

test_expect_success 'the DACL states are told apart' '
	jq -e "[.connectors[] | select(.name | test(\"-dacl$\")) |
	    .security_descriptor.dacl] == [\"null\", \"absent\", \"present\"]" facts.json
'

test_expect_success 'Everyone holding the right is listed as a holder' '
	jq -e ".connectors[] | select(.name == \"everyone-only\") |
	    .relay_holders[0].sid == \"S-1-1-0\"" facts.json
'

test_expect_code 4 'audit of the fixture is incomplete (callback ACE)' '
	rca audit -f verdicts.ldif
'

test_done
