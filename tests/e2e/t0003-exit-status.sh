#!/bin/sh
# rcaudit audit: the exit status of the design contract and the exact text
# of each kind of result (golden files in tests/e2e/expected/).
. "$(dirname "$0")/lib.sh"

for f in clean single-hosts wide badrange nosd mixed disabled open badsd many \
    noconn; do
	fixture $f || exit 1
done

# fixture  expected-exit
while read -r name code; do
	test_expect_success "audit $name exits $code, output as expected" "
		rca audit -f $name.ldif > $name.out 2> $name.err
		rc=\$?
		cat $name.err >> $name.out
		compare audit-$name.txt $name.out &&
		test \$rc -eq $code
	"
done <<'TABLE'
clean         0
single-hosts  0
wide          0
badrange      1
nosd          4
mixed         4
disabled      0
open          1
many          0
badsd         4
noconn        3
TABLE

# --fail-on decides what fails the run; --min-severity what is reported.
while read -r name failon code; do
	test_expect_code $code "audit $name --fail-on $failon exits $code" "
		rca audit -q -f $name.ldif --fail-on $failon
	"
done <<'TABLE'
wide          medium    1
wide          high      0
wide          never     0
disabled      medium    0
disabled      low       1
single-hosts  info      1
open          critical  1
open          never     0
nosd          never     4
TABLE

test_expect_success '--min-severity hides what it does not report, not the exit' '
	rca audit -f open.ldif --min-severity critical > o.out; rc=$?
	test $rc -eq 1 && grep -q "RCA-001" o.out &&
	rca audit -f single-hosts.ldif --min-severity low > s.out &&
	! grep -q "RCA-004" s.out && grep -q "1 info" s.out
'

test_expect_code 2 'an unknown --fail-on is a usage error' '
	rca audit -f open.ldif --fail-on severe
'

test_expect_code 3 'a missing snapshot is exit 3' '
	rca audit -f does-not-exist.ldif
'

test_expect_success 'a missing snapshot names the file and the reason' '
	rca audit -f does-not-exist.ldif 2> err
	test "$(cat err)" = "rcaudit: does-not-exist.ldif: No such file or directory"
'

test_expect_code 2 'an unknown option is a usage error' '
	rca audit --no-such-option -f clean.ldif
'

test_expect_code 2 'no source is a usage error' '
	rca audit
'

test_expect_code 2 'an unknown format is a usage error' '
	rca audit -f clean.ldif --format yaml
'

test_expect_success 'a bad RCAUDIT_RANGE_STEP is a usage error that names it' '
	RCAUDIT_RANGE_STEP=0 rca audit -f clean.ldif 2> err; test $? -eq 2 &&
	head -1 err > err1 &&
	test "$(cat err1)" = "rcaudit: RCAUDIT_RANGE_STEP: '"'0'"' is not a number from 1 to 1000000"
'

test_expect_success 'audit is the default command' '
	rca -f open.ldif > a.out; rc=$?
	rca audit -f open.ldif > b.out
	test $rc -eq 1 && cmp a.out b.out
'

test_expect_success 'stdin is read with -f -' '
	rca audit -f - < wide.ldif > a.out; rc=$?
	test $rc -eq 0 && grep -q "Printers" a.out
'

test_expect_success '-q prints only the summary line' '
	rca audit -q -f wide.ldif > q.out
	test "$(wc -l < q.out)" -eq 1 && grep -q "^2 connectors read, " q.out
'

test_expect_success '-o writes the report and nothing else to stdout' '
	rca audit -f wide.ldif -o report.txt > stdout.out 2> stderr.out
	test $? -eq 0 && test ! -s stdout.out && grep -q Printers report.txt &&
	grep -q "^2 connectors read, " stderr.out
'

test_expect_success 'a failed audit leaves no report behind' '
	rm -f report.txt
	rca audit -f noconn.ldif -o report.txt
	test $? -eq 3 && test ! -e report.txt && test -z "$(ls report.txt.tmp* 2>/dev/null)"
'

test_expect_success 'an output folder that does not exist is exit 3' '
	rca audit -f open.ldif -o no/such/dir/report.txt 2> err
	test $? -eq 3 && grep -q "^rcaudit: no/such/dir/report.txt: No such file or directory" err
'

test_expect_success 'audit --format json is valid JSON with a summary' '
	rca audit -f mixed.ldif --format json > m.json 2>/dev/null
	test $? -eq 4 &&
	jq -e ".summary.unevaluated == 1 and .summary.findings.high == 1 and
	    .summary.findings.medium == 1 and .summary.failing == 1 and
	    (.connectors | length) == 2 and (.findings | length) == 2 and
	    ([.findings[].rule] | sort) == [\"RCA-003\", \"RCA-030\"]" m.json
'

test_expect_success 'colour on a terminal, not in a pipe, not with NO_COLOR' '
	command -v script >/dev/null || { echo "# no script(1): skipped"; exit 0; }
	script -qc "$RCAUDIT audit -f open.ldif" /dev/null > tty.out
	grep -q "$(printf "\033")\[" tty.out &&
	NO_COLOR=1 script -qc "$RCAUDIT audit -f open.ldif" /dev/null > tty2.out
	! grep -q "$(printf "\033")\[" tty2.out &&
	rca audit -f open.ldif > pipe.out
	! grep -q "$(printf "\033")" pipe.out
'

test_expect_success '--version and --help' '
	rca --version | grep -q "^rcaudit [0-9]" &&
	rca --help | grep -q "^usage: rcaudit"
'

test_done
