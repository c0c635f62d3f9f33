#!/bin/sh
# Waivers (--waivers, rcaudit-waivers(5)) and baselines (--baseline,
# --fail-on-new) on tests/data/dir/waivers.ldif.in, whose findings are
# RCA-001 critical (EX02\App Relay), RCA-050 high (EX01\Scanner), RCA-003
# medium (EX01\Printers) and RCA-004 info (EX02\Copier): exit 1 unwaived.
. "$(dirname "$0")/lib.sh"

fixture waivers || exit 1
fixture mixed || exit 1
W=$DATA/waivers/good
cp -R "$DATA/waivers/bad" bad || exit 1
RCAUDIT_TODAY=2026-01-15
export RCAUDIT_TODAY

# rename FROM TO: a copy of the fixture with a connector renamed (cn and
# DN); its objectGUID stays.
rename() {
	sed -e "s/^cn: $1\$/cn: $2/" -e "s/^dn: CN=$1,/dn: CN=$2,/" \
	    "$DATA/dir/waivers.ldif.in" > renamed.ldif.in &&
	"$MKLDIF" renamed.ldif.in > renamed.ldif
}

# ------------------------------------------------------------ waivers

test_expect_code 1 'without waivers the estate fails the run' '
	rca audit -q -f waivers.ldif
'

test_expect_success 'an active waiver makes a failing run pass' '
	rca audit -f waivers.ldif --waivers "$W/active.xml" > a.out
	test $? -eq 0 || { cat a.out; false; }
'

test_expect_success 'a waived finding is still listed, marked accepted' '
	rca audit -f waivers.ldif --waivers "$W/active.xml" > a.out
	grep -A1 "RCA-050  Relay with a RemoteIPRanges value" a.out |
	    grep -q "accepted until 2030-12-31 (approved by Dana Smith; ticket CHG-1001): The scanner" &&
	grep -A1 "RCA-001  " a.out |
	    grep -q "accepted until 2030-12-31 (approved by Lee Park): Honeypot" &&
	grep -q "1 critical, 1 high, 1 medium, 0 low, 1 info; 3 accepted$" a.out
'

test_expect_success 'waivers by objectGUID (any case), identity (any case) and glob' '
	rca audit -f waivers.ldif --waivers "$W/active.xml" --format json \
	    > a.json 2>/dev/null
	jq -e "[.findings[] | select(.waiver.state == \"active\") | .rule] | sort ==
	    [\"RCA-001\", \"RCA-003\", \"RCA-050\"]" a.json &&
	jq -e "[.waivers[] | .state] == [\"active\", \"active\", \"active\"]" a.json &&
	jq -e ".waivers[2].connector == {\"identity-glob\": \"EX0?\\\\Print*\"} and
	    .waivers[2].matched[0].identity == \"EX01\\\\Printers\"" a.json
'

test_expect_success 'JSON: the waiver of a finding, and the summary' '
	jq -e "(.findings[] | select(.rule == \"RCA-050\") | .waiver) ==
	    {\"state\": \"active\", \"justification\": \"The scanner'"'"'s second range is a typo that Exchange ignores; cleaned up in the next change window.\",
	     \"approver\": \"Dana Smith\", \"ticket\": \"CHG-1001\", \"expires\": \"2030-12-31\"}" a.json &&
	jq -e "(.findings[] | select(.rule == \"RCA-004\") | .waiver) == null and
	    .summary.failing == 0 and .summary.accepted == 3 and
	    .summary.baseline == null and .resolved == null and
	    all(.findings[]; .baseline == null)" a.json
'

test_expect_success 'without --waivers, JSON has "waivers": null and no waiver marks' '
	rca audit -f waivers.ldif --format json > n.json 2>/dev/null
	test $? -eq 1 &&
	jq -e ".waivers == null and all(.findings[]; .waiver == null) and
	    .summary.accepted == 0" n.json
'

test_expect_success 'a waiver waives on its expiry date' '
	RCAUDIT_TODAY=2026-01-31 rca audit -q -f waivers.ldif \
	    --waivers "$W/expiring.xml"
'

test_expect_success 'an expired waiver stops waiving and says why' '
	RCAUDIT_TODAY=2026-02-01 rca audit -f waivers.ldif \
	    --waivers "$W/expiring.xml" > x.out
	test $? -eq 1 &&
	grep -A1 "RCA-001  " x.out | grep -q "waiver expired on 2026-01-31, no longer accepted (approved by Lee Park; ticket CHG-2002): Migration weekend only." &&
	grep -q "expiring.xml:10: expired: RCA-001 on identity .EX02.App Relay., expired on 2026-01-31; 1 finding no longer accepted$" x.out &&
	grep -q "expiring.xml:5: active: RCA-050 on guid .7b2e0002-5a1c-4c3d-8e2f-000000000002., until 2030-12-31; accepts 1 finding$" x.out
'

test_expect_success 'JSON: an expired waiver' '
	RCAUDIT_TODAY=2026-02-01 rca audit -f waivers.ldif \
	    --waivers "$W/expiring.xml" --format json > x.json 2>/dev/null
	test $? -eq 1 &&
	jq -e "(.findings[] | select(.rule == \"RCA-001\") | .waiver.state) == \"expired\" and
	    .waivers[1].state == \"expired\" and
	    .waivers[1].reason == \"waiver expired on 2026-01-31\" and
	    .summary.failing == 1 and .summary.accepted == 1" x.json
'

test_expect_success 'a waiver that matches no finding is reported as stale' '
	rca audit -f waivers.ldif --waivers "$W/stale.xml" > s.out
	test $? -eq 0 &&
	sed -n "/^Waivers$/,/^$/p" s.out > s.section &&
	test "$(grep -c ": stale: " s.section)" -eq 2 &&
	grep -q "stale.xml:15: stale: RCA-002 on identity-glob .EX09.\*., until 2030-12-31; matches no finding$" s.section &&
	grep -q "stale.xml:20: stale: RCA-003 on guid .7b2e00ff-5a1c-4c3d-8e2f-0000000000ff., until 2030-12-31; matches no finding$" s.section &&
	rca audit -f waivers.ldif --waivers "$W/stale.xml" --format json \
	    > s.json 2>/dev/null
	jq -e "[.waivers[] | .state] == [\"active\", \"active\", \"stale\", \"stale\"] and
	    .waivers[2].matched == [] and .waivers[2].reason == \"matches no finding\" and
	    .waivers[0].file == \"$W/stale.xml\" and .waivers[0].line == 5" s.json
'

test_expect_success 'a waiver by objectGUID survives a rename; one by identity goes stale' '
	rename Scanner "Document Scanner" &&
	rca audit -f renamed.ldif --waivers "$W/active.xml" > r.out
	test $? -eq 0 &&
	grep -A1 "RCA-050  " r.out | grep -q "accepted until 2030-12-31" &&
	grep -q "^  EX01.Document Scanner$" r.out &&
	rename "App Relay" "Old Relay" &&
	rca audit -f renamed.ldif --waivers "$W/active.xml" > r2.out
	test $? -eq 1 &&
	grep -q "active.xml:12: stale: RCA-001 on identity .ex02.app relay." r2.out
'

test_expect_success 'waivers never hide "could not evaluate": the run stays incomplete' '
	rca audit -f mixed.ldif --waivers "$W/unevaluated.xml" > u.out
	test $? -eq 4 &&
	grep -A1 "RCA-030  " u.out | grep -q "accepted until 2030-12-31" &&
	rca audit -f mixed.ldif --waivers "$W/unevaluated.xml" --fail-on never -q
	test $? -eq 4
'

# bad waivers files: exit 2, every problem with its line (bad/*.err)
for f in bad/*.xml; do
	n=${f#bad/}
	n=${n%.xml}
	test_expect_success "bad waivers file $n: exit 2 and every problem" "
		rca audit -f waivers.ldif --waivers $f > out 2> err
		test \$? -eq 2 && test ! -s out && diff -u bad/$n.err err
	"
done

test_expect_success 'every problem of a malformed file is reported, with its line' '
	test "$(wc -l < bad/malformed.err)" -ge 10 &&
	! grep -v "^rcaudit: bad/malformed.xml:[0-9][0-9]*: " bad/malformed.err
'

test_expect_success 'a waivers file that does not exist is exit 2' '
	rca audit -f waivers.ldif --waivers no-such.xml 2> err
	test $? -eq 2 &&
	test "$(cat err)" = "rcaudit: no-such.xml: No such file or directory"
'

test_expect_success 'a bad RCAUDIT_TODAY is exit 2' '
	RCAUDIT_TODAY=2026-13-01 rca audit -f waivers.ldif \
	    --waivers "$W/active.xml" 2> err
	test $? -eq 2 &&
	test "$(cat err)" = "rcaudit: RCAUDIT_TODAY '"'"'2026-13-01'"'"' is not a date (YYYY-MM-DD)"
'

test_expect_success 'without RCAUDIT_TODAY the local date decides' '
	unset RCAUDIT_TODAY
	rca audit -q -f waivers.ldif --waivers "$W/active.xml"
'

test_expect_success 'the example waivers file validates against rules/waivers.rng' '
	xmllint --noout --nonet --relaxng "$TOP/rules/waivers.rng" \
	    "$TOP/examples/waivers.xml" "$W"/*.xml
'

# ------------------------------------------------------------ baselines

# The next run: Printers' range widened (changed), Copier gone (resolved),
# a new connector (new), App Relay renamed (unchanged: same objectGUID).
next_run() {
	sed -e "s|^msExchSmtpReceiveRemoteIPRanges: 10.20.30.0/24\$|msExchSmtpReceiveRemoteIPRanges: 10.20.0.0/16|" \
	    -e "s/^cn: App Relay\$/cn: Old Relay/" \
	    -e "s/^dn: CN=App Relay,/dn: CN=Old Relay,/" \
	    "$DATA/dir/waivers.ldif.in" | awk '
		/^dn: CN=Copier,/ { skip = 1 }
		/^$/ { skip = 0 }
		!skip' > next.ldif.in &&
	cat >> next.ldif.in <<-'EOF'

	dn: CN=Fax,CN=SMTP Receive Connectors,CN=Protocols,CN=EX02,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Test Org,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=test,DC=example
	objectClass: top
	objectClass: msExchSmtpReceiveConnector
	cn: Fax
	x-rcaudit-guid: 7b2e0005-5a1c-4c3d-8e2f-000000000005
	msExchSmtpReceiveEnabled: TRUE
	msExchSmtpReceiveRole: 16384
	msExchSMTPReceiveInboundSecurityFlag: 1
	msExchSmtpReceiveBindings: 0.0.0.0:25
	msExchSmtpReceiveRemoteIPRanges: 80.81.82.0/24
	x-rcaudit-sddl: D:(OA;CI;CR;5c82f031-4e4c-4326-88e1-8c4f0cad9de5;;AN)
	EOF
	"$MKLDIF" next.ldif.in > next.ldif
}

test_expect_success 'setup: a baseline report and the next run' '
	rca audit -f waivers.ldif --format json -o base.json 2>/dev/null
	test $? -eq 1 && next_run &&
	rca audit -f next.ldif --baseline base.json --format json > next.json 2>/dev/null
	test $? -eq 1
'

test_expect_success 'the same estate against its baseline: everything unchanged' '
	rca audit -f waivers.ldif --baseline base.json > same.out
	test $? -eq 1 &&
	test "$(grep -c "  \[unchanged\]$" same.out)" -eq 4 &&
	! grep -q "^Resolved" same.out &&
	grep -q "; since the baseline: 0 new, 0 changed, 4 unchanged, 0 resolved$" same.out
'

test_expect_success 'a widened range is a changed finding (same rule and connector, new fingerprint)' '
	jq -e "(.findings[] | select(.rule == \"RCA-003\")) as \$f |
	    \$f.baseline == \"changed\" and \$f.identity == \"EX01\\\\Printers\"" next.json &&
	old=$(jq -r ".findings[] | select(.rule == \"RCA-003\") | .fingerprint" base.json) &&
	new=$(jq -r ".findings[] | select(.rule == \"RCA-003\") | .fingerprint" next.json) &&
	test "$old" != "$new"
'

test_expect_success 'new, unchanged (a rename keeps the objectGUID) and resolved' '
	jq -e "[.findings[] | [.rule, .baseline]] | sort ==
	    [[\"RCA-001\", \"unchanged\"], [\"RCA-002\", \"new\"],
	     [\"RCA-003\", \"changed\"], [\"RCA-050\", \"unchanged\"]]" next.json &&
	jq -e "[.resolved[] | [.rule, .identity, .severity]] ==
	    [[\"RCA-004\", \"EX02\\\\Copier\", \"info\"]]" next.json &&
	jq -e ".summary.baseline == {\"new\": 1, \"changed\": 1, \"unchanged\": 2, \"resolved\": 1}" next.json
'

test_expect_success 'text: the marks and the Resolved section' '
	rca audit -f next.ldif --baseline base.json > next.out
	grep -q "RCA-002  Anonymous relay reaches public address space  \[new\]$" next.out &&
	grep -q "RCA-003  Anonymous relay from more addresses than devices need  \[changed\]$" next.out &&
	grep -q "RCA-001  Anonymous relay open to the whole Internet  \[unchanged\]$" next.out &&
	sed -n "/^Resolved since the baseline$/,/^$/p" next.out > res.section &&
	test "$(cat res.section)" = "Resolved since the baseline
  RCA-004  EX02\\Copier  Anonymous relay scoped to single hosts (was info)" &&
	tail -n 1 next.out | grep -q "; since the baseline: 1 new, 1 changed, 2 unchanged, 1 resolved$"
'

# --fail-on-new: only new or changed findings at or above --fail-on fail
while read -r ldif failon code; do
	test_expect_code $code "--fail-on-new --fail-on $failon on $ldif exits $code" "
		rca audit -q -f $ldif.ldif --baseline base.json --fail-on-new \
		    --fail-on $failon
	"
done <<'TABLE'
waivers  high      0
waivers  info      0
next     high      1
next     critical  0
next     medium    1
TABLE

test_expect_success '--fail-on-new: a changed finding alone fails the run' '
	sed "s|^msExchSmtpReceiveRemoteIPRanges: 10.20.30.0/24\$|msExchSmtpReceiveRemoteIPRanges: 10.20.0.0/16|" \
	    "$DATA/dir/waivers.ldif.in" > wider.ldif.in &&
	"$MKLDIF" wider.ldif.in > wider.ldif &&
	rca audit -f wider.ldif --baseline base.json --fail-on-new \
	    --fail-on medium > w.out
	test $? -eq 1 && grep -q "\[changed\]" w.out &&
	rca audit -q -f wider.ldif --baseline base.json --fail-on-new \
	    --fail-on high
'

test_expect_success 'waivers and a baseline together' '
	rca audit -f next.ldif --baseline base.json --waivers "$W/active.xml" \
	    --format json > both.json 2>/dev/null
	test $? -eq 1 &&
	jq -e "(.findings[] | select(.rule == \"RCA-002\")) |
	    .baseline == \"new\" and .waiver == null" both.json &&
	jq -e "(.findings[] | select(.rule == \"RCA-003\")) |
	    .baseline == \"changed\" and .waiver.state == \"active\"" both.json &&
	jq -e "[.waivers[].state] == [\"active\", \"stale\", \"active\"]" both.json
'

test_expect_success 'a baseline that is not an audit report is exit 2, naming the file' '
	rca show -f waivers.ldif --format json > show.json &&
	rca audit -f waivers.ldif --baseline show.json 2> err
	test $? -eq 2 &&
	test "$(cat err)" = "rcaudit: show.json: not an rcaudit audit report: no \"findings\" array (a report of '"'"'rcaudit audit --format json'"'"' is needed)"
'

test_expect_success 'a baseline that is not JSON is exit 2, naming the file and line' '
	printf "{\"findings\": [\n  oops\n" > broken.json &&
	rca audit -f waivers.ldif --baseline broken.json 2> err
	test $? -eq 2 && grep -q "^rcaudit: broken.json:2:[0-9]*: not JSON: " err
'

test_expect_success 'a missing baseline is exit 2' '
	rca audit -f waivers.ldif --baseline no-such.json 2> err
	test $? -eq 2 &&
	test "$(cat err)" = "rcaudit: no-such.json: No such file or directory"
'

test_expect_code 2 '--fail-on-new without --baseline is a usage error' '
	rca audit -f waivers.ldif --fail-on-new
'

test_expect_code 2 '--waivers belongs to audit' '
	rca show -f waivers.ldif --waivers "$W/active.xml"
'

test_done
