#!/bin/sh
# Paging: more connectors than a page, streamed; a server that stops
# answering in the middle (killed, or a size limit) is exit 3 with a clear
# message and nothing on stdout, never a report that looks complete.
. "$(dirname "$0")/lib.sh"
live_prereq
: "${GENORG:?GENORG must name the genorg tool}"
"$GENORG" 1200 > org.ldif && dir_load org.ldif || exit 1

SRC="-H $LDAPS --ca-file $SD/ca.pem -D CN=Auditor,DC=example -y $TRASH/pw"

test_expect_success '1,200 connectors in pages of 500: as offline' "
	rca audit $SRC --page-size 500 > live.txt; a=\$?
	rca audit -f org.ldif > off.txt; b=\$?
	test \$a -eq \$b && diff -u off.txt live.txt &&
	grep '^1200 connectors read' live.txt
"

test_expect_success 'the paged search asked three pages of 500' "
	test \$(grep -ic 'SRCH base=\"cn=microsoft exchange' $SD/log) -ge 3 &&
	grep -q 'SEARCH RESULT tag=101 err=0.*nentries=200 ' $SD/log
"

test_expect_success 'snapshot of 1,200 audits the same offline' "
	rca snapshot $SRC -o snap.ldif &&
	rca audit -f snap.ldif > snap.txt; diff -u off.txt snap.txt
"

test_expect_success 'a size limit in the middle: exit 3, nothing on stdout' "
	rca audit -H $LDAPS --ca-file $SD/ca.pem -D CN=Capped,DC=example \
	    -y $TRASH/pw --page-size 2 > out 2> err
	test \$? -eq 3 && test ! -s out &&
	grep -F 'ended early after 5 entries: Size limit exceeded' err
"

test_expect_success 'slapd killed in the middle of a paged search: exit 3' "
	rca audit $SRC --page-size 1 > out 2> err &
	pid=\$!
	n=0
	while [ \$(grep -ic 'SRCH base=\"cn=microsoft exchange' $SD/log) -lt 20 ] &&
	    [ \$n -lt 1000 ]; do
		sleep 0.01; n=\$((n + 1))
	done
	kill -STOP \$pid
	slapd_kill
	kill -CONT \$pid
	wait \$pid
	rc=\$?
	cat err
	test \$rc -eq 3 && test ! -s out &&
	grep -F 'ended early after' err &&
	grep -F \"Can't contact LDAP server\" err
"

test_done
