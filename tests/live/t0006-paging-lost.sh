#!/bin/sh
# A server that loses the paged-results state in the middle of a search:
# a later page ends without the paged-results control, so nothing says
# whether more connectors were left.  slapd itself never answers so (it
# keeps the control on every page, and a stale cookie is an error), so a
# relay (relay.pl) takes the control off the SearchResultDone of one page
# of slapd's real answer.  rcaudit must stop with exit 3 and one line,
# never report the connectors read so far as the whole forest.  Without
# the control on the first page, the server did not page (it may ignore
# the control, which rcaudit sends non-critical) and that page was the
# whole answer, unless it held exactly --page-size entries: then the rest
# may be missing, and that is exit 3 too (src/ad.c, ad_page_end()).
. "$(dirname "$0")/lib.sh"
live_prereq
: "${GENORG:?GENORG must name the genorg tool}"
"$GENORG" 12 > org.ldif && dir_load org.ldif || exit 1

BASE='CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=corp,DC=example'

# unpaged N ARGS...: rcaudit ARGS... through a new relay that takes the
# controls off the end of the N-th page (its URI appended); exit status in
# rc, the URI in RURI.
unpaged() {
	_page=$1
	shift
	via_relay "perl '$LIVE/relay.pl' port $PORT unpage $_page" "$@"
}

test_expect_success 'the relay passes an intact answer unchanged' "
	rca audit -H $LDAP --page-size 5 > direct.txt; a=\$?
	unpaged 99 audit --page-size 5 > relayed.txt
	test \$rc -eq \$a && diff -u direct.txt relayed.txt &&
	grep -q '^12 connectors read' relayed.txt
"

# Pages of 5, 5 and 2: even the last page must say that it is the last.
for pn in 2:10 3:12; do
	page=${pn%:*}
	n=${pn#*:}
	test_expect_success "page $page of 3 without the control: exit 3" "
		unpaged $page audit --page-size 5 --json r.json > out 2> err
		cat err
		test \$rc -eq 3 && test ! -s out && test ! -e r.json &&
		test \$(wc -l < err) -eq 1 &&
		test \"\$(cat err)\" = \"rcaudit: \$RURI: search of '$BASE' ended early after $n entries: the server dropped the paged-results state\"
	"
done

test_expect_success 'a snapshot stops the same way, and leaves no file' "
	unpaged 2 snapshot --page-size 5 -o snap.ldif > out 2> err
	cat err
	test \$rc -eq 3 && test ! -e snap.ldif &&
	grep -F 'the server dropped the paged-results state' err
"

test_expect_success 'a whole page without the control: exit 3' "
	unpaged 1 audit --page-size 5 > out 2> err
	cat err
	test \$rc -eq 3 && test ! -s out && test \$(wc -l < err) -eq 1 &&
	test \"\$(cat err)\" = \"rcaudit: \$RURI: search of '$BASE' ended after exactly --page-size (5) entries without the paged-results control: more may have been left; give another --page-size\"
"

test_expect_success 'less than a page without the control: the whole answer' "
	rca audit -H $LDAP --page-size 20 > direct.txt; a=\$?
	unpaged 1 audit --page-size 20 > first.txt
	test \$rc -eq \$a && diff -u direct.txt first.txt &&
	grep -q '^12 connectors read' first.txt
"

test_done
