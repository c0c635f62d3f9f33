#!/bin/sh
# Names for evidence: principals and extended rights named from the
# entries that come before the connectors in a snapshot (names.h), in
# every format; well-known SIDs keep their names; hostile names are shown
# harmlessly; a name that comes after a connector does not name it.
. "$(dirname "$0")/lib.sh"

fixture names || exit 1
ESC=$(printf '\033')

test_expect_success 'show: principals and rights by name' '
	rca show -f names.ldif > show.out &&
	grep -F "    Allow  TEST\\Relay Apps  ms-Exch-SMTP-Accept-Any-Recipient" show.out &&
	grep -F "  Receive-As" show.out &&
	grep -F "Allow  NT AUTHORITY\\ANONYMOUS LOGON  ms-Exch-SMTP-Submit" show.out &&
	! grep -F "not anonymous" show.out
'

test_expect_success 'show: a hostile name is printed harmlessly' '
	! grep -F "$ESC" show.out &&
	grep -F "TEST\\" show.out | grep -F "<script>" > evil.out &&
	test $(wc -l < evil.out) -eq 1
'

test_expect_success 'show: a principal after the connector does not name it' '
	grep -F "O:S-1-5-21-1-2-3-512" show.out &&
	! grep -F "Domain Admins" show.out
'

test_expect_success 'JSON: the name beside each SID and right' '
	rca show -f names.ldif --format json > show.json &&
	jq -e ".connectors[0] |
	    (.relay_holders[] | select(.sid == \"S-1-5-21-1-2-3-1105\") |
	        .name == \"TEST\\\\Relay Apps\") and
	    (.security_descriptor.owner == {sid: \"S-1-5-21-1-2-3-512\", name: null}) and
	    ([.security_descriptor.aces[] | select(.object_type_name == \"Receive-As\")]
	        | length == 1) and
	    ([.security_descriptor.aces[] | select(.sid == \"S-1-5-7\")][0].name ==
	        \"NT AUTHORITY\\\\ANONYMOUS LOGON\")" show.json
'

cat > holder.xml <<'XML'
<rules version="1">
  <rule id="X-001" severity="high">
    <title>Relay Apps may relay</title>
    <when><holder principal="S-1-5-21-1-2-3-1105"/></when>
    <description>d</description>
    <remediation>r</remediation>
  </rule>
</rules>
XML

test_expect_success 'audit: a rule on a SID names it in the evidence' '
	rca audit -f names.ldif --rules holder.xml --json audit.json \
	    > audit.out; test $? -eq 1 &&
	grep -F "TEST\\Relay Apps holds ms-Exch-SMTP-Accept-Any-Recipient: (OA;CI;CR;5c82f031-4e4c-4326-88e1-8c4f0cad9de5;;S-1-5-21-1-2-3-1105)" audit.out &&
	jq -e "[.findings[] | select(.rule == \"X-001\")][0].evidence[0] |
	    startswith(\"TEST\\\\Relay Apps holds\")" audit.json
'

test_expect_success 'HTML and SARIF carry the names' '
	rca audit -q -f names.ldif --rules holder.xml --html a.html \
	    --sarif a.sarif; test $? -eq 1 &&
	grep -F "TEST\\Relay Apps" a.html &&
	grep -F "&lt;script&gt;" a.html &&
	! grep -F "$ESC" a.html &&
	grep -F "TEST\\\\Relay Apps holds" a.sarif
'

test_expect_success 'a snapshot keeps the names: same findings offline' '
	rca snapshot -f names.ldif -o again.ldif &&
	grep -F "sAMAccountName: Relay Apps" again.ldif &&
	rca audit -f again.ldif --rules holder.xml --json again.json \
	    > /dev/null; test $? -eq 1 &&
	jq -S .findings audit.json > f1 && jq -S .findings again.json > f2 &&
	cmp f1 f2
'

test_done
