#!/bin/sh
# The rule engine and the default catalogue: which rules fire on which
# connector (a positive and a negative case for each default rule), rules
# files of one's own (override, disable, add), and broken rules files,
# each of which must give all its problems with line numbers.
. "$(dirname "$0")/lib.sh"

fixture rulecases || exit 1
rca audit -f rulecases.ldif --format json > rc.json 2>/dev/null
echo "# audit exit $?"

# connector-name  the rules that fire (sorted), or "-" for none
while read -r name expect; do
	test_expect_success "rules on $name: $expect" "
		got=\$(jq -r --arg n '$name' '[.findings[] |
		    select(.identity | endswith(\"\\\\\" + \$n)) | .rule] |
		    sort | if length == 0 then \"-\" else join(\",\") end' rc.json)
		test \"\$got\" = '$expect' || { echo \"got \$got\"; false; }
	"
done <<'TABLE'
anon-all4                 RCA-001
anon-all6                 RCA-001
anon-halves               RCA-001
anon-public               RCA-002
anon-private              RCA-003
anon-single               RCA-004
ext-all                   RCA-011
ext-public                RCA-012
ext-private               RCA-013
ext-single                RCA-014
ext-no-flag               -
blanket-full              RCA-004,RCA-021
blanket-ga                RCA-004,RCA-021
blanket-cr                RCA-004,RCA-021
nosd                      RCA-030
callback                  RCA-030
null-dacl                 RCA-004,RCA-031,RCA-040
absent-dacl               RCA-004,RCA-031,RCA-040
everyone                  RCA-040
auth-users                -
bad-range-relay           RCA-050
bad-range-norelay         RCA-051
no-ranges                 RCA-050
deny-first                -
disabled-open             RCA-001
TABLE

test_expect_success 'RCA-020 fires on a setup-created name, not a look-alike' '
	jq -e "[.findings[] | select(.rule == \"RCA-020\") | .identity] ==
	    [\"EX01\\\\Default Frontend EX01\"]" rc.json
'

test_expect_success 'a disabled connector is reported one severity lower' '
	jq -e "[.findings[] | select(.identity == \"EX01\\\\disabled-open\")][0] |
	    .severity == \"high\" and .connector_enabled == false" rc.json
'

test_expect_success 'every finding has evidence, a remediation and a fingerprint' '
	jq -e "all(.findings[]; (.evidence | length) > 0 and
	    (.remediation | length) > 0 and (.fingerprint | test(\"^[A-Z]+-[0-9]+:[0-9a-f]{16}$\")))" rc.json
'

test_expect_success 'remediation is a PowerShell line with the identity' '
	jq -e ".findings[] | select(.identity == \"EX01\\\\anon-all4\") |
	    .remediation | startswith(\"Get-ReceiveConnector \\\"EX01\\\\anon-all4\\\" | Remove-ADPermission -User \\\"NT AUTHORITY\\\\ANONYMOUS LOGON\\\" -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\")" rc.json
'

test_expect_success 'fingerprints are stable from run to run' '
	rca audit -f rulecases.ldif --format json > rc2.json 2>/dev/null
	cmp rc.json rc2.json
'

test_expect_success 'rcaudit rules lists the catalogue' '
	rca rules > list.out &&
	grep -q "^RCA-001 *critical *Anonymous relay open to the whole Internet$" list.out &&
	grep -q "^RCA-041 .*(disabled)$" list.out &&
	test "$(wc -l < list.out)" -ge 16
'

test_expect_success 'the shipped catalogue validates' '
	rca rules --check "$TOP/rules/default.xml"
'

test_expect_success 'a site file overrides, disables and adds without copying' '
	rca audit -f rulecases.ldif --rules "$DATA/rules/good/override.xml" \
	    --format json > ov.json 2>/dev/null
	jq -e "
	    ([.findings[] | select(.rule == \"RCA-003\") | .severity] | unique) == [\"high\"] and
	    ([.findings[] | select(.rule == \"RCA-040\")] | length) == 0 and
	    ([.findings[] | select(.rule == \"RCA-041\")] | length) > 0 and
	    ([.findings[] | select(.rule == \"SITE-001\")] | length) > 0" ov.json
'

test_expect_success 'overrides and a site rule show in the listing' '
	rca rules --rules "$DATA/rules/good/override.xml" > l2.out &&
	grep -q "^RCA-003 *high" l2.out && grep -q "^RCA-040 .*(disabled)$" l2.out &&
	grep -q "^SITE-001 *medium" l2.out
'

test_expect_success 'a later rule with the same id replaces the shipped one' '
	rca rules --rules "$DATA/rules/good/enable.xml" > l3.out &&
	grep -q "^RCA-041 *low *Authenticated users may relay (site copy)$" l3.out
'

test_expect_code 2 '--no-default-rules without --rules is an error' '
	rca audit -f rulecases.ldif --no-default-rules
'

test_expect_success '--no-default-rules keeps only the given rules' '
	rca rules --no-default-rules --rules "$DATA/rules/good/enable.xml" > l4.out &&
	test "$(cut -d" " -f1 l4.out)" = RCA-041
'

# Each broken file: exit 2 and exactly the problems in its .err file.
for f in "$DATA"/rules/bad/*.xml; do
	b=$(basename "$f" .xml)
	test_expect_success "broken rules file $b: every problem, with its line" "
		cp '$f' $b.xml
		rca rules --check $b.xml 2> $b.got; rc=\$?
		test \$rc -eq 2 && diff -u '$DATA/rules/bad/$b.err' $b.got
	"
done

test_expect_success 'an external entity is never read' '
	cp "$DATA/rules/bad/xxe.xml" x.xml
	rca audit -f rulecases.ldif --rules x.xml > out 2> err
	test $? -eq 2 && ! grep -q "root:" out err
'

test_expect_success 'an entity bomb fails fast and cleanly' '
	cp "$DATA/rules/bad/bomb.xml" b.xml
	rca audit -f rulecases.ldif --rules b.xml > out 2> err
	test $? -eq 2 && test ! -s out &&
	grep -q "^rcaudit: b.xml:2: DOCTYPE declarations are not allowed" err
'

test_done
