#!/bin/sh
# The directory is read on a thread of its own, ahead of the audit
# (src/source.c).  When the audit stops early (here: the snapshot cannot
# be written, a file size limit), the reader stops at once, whether it was
# reading, waiting for room in its queue, or waiting for a server that
# says nothing: exit 3 with the writer's message, no file left, no leak
# (make live-asan), no hang.
. "$(dirname "$0")/lib.sh"
live_prereq
: "${GENORG:?GENORG must name the genorg tool}"
"$GENORG" 1200 > org.ldif && dir_load org.ldif || exit 1

SRC="-H $LDAPS --ca-file $SD/ca.pem -D CN=Auditor,DC=example -y $TRASH/pw"
EFBIG='rcaudit: cannot write the snapshot: File too large'

# capped BLOCKS ARGS...: rca with files capped at BLOCKS 512-byte blocks
# (writing beyond fails with EFBIG, SIGXFSZ ignored), in the background;
# sets pid.
capped() {
	_b=$1
	shift
	(trap '' XFSZ; ulimit -f "$_b"; rca "$@") &
	pid=$!
}

# ended_within SECONDS: wait for $pid to end; its status in rc; false and
# kill it if it is still running after SECONDS.
ended_within() {
	_n=0
	while kill -0 "$pid" 2>/dev/null; do
		if [ $_n -ge $(($1 * 10)) ]; then
			echo "# still running after $1 s"
			kill "$pid"
			wait "$pid"
			return 1
		fi
		sleep 0.1
		_n=$((_n + 1))
	done
	wait "$pid"
	rc=$?
}

for ps in 500 20 1; do
	test_expect_success "stopped early while reading (pages of $ps)" "
		capped 40 snapshot $SRC --page-size $ps -o snap.ldif 2> err
		ended_within 10 &&
		cat err &&
		test \$rc -eq 3 && test ! -e snap.ldif &&
		test \"\$(cat err)\" = \"\$EFBIG\"
	"
done

# A relay between rcaudit and slapd (relay.pl) that passes the server's
# messages until the end of the fifth search and nothing after: the server
# then says nothing, as if hung.  The five: the RootDSE, the two searches
# for names (domains, extended rights), the first page, and the search for
# the principals the first connector's descriptor names.

# relay_port: wait (10 s at most) for the relay to say its port.
relay_port() {
	_n=0
	while [ ! -s port ] && [ $_n -lt 100 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
}

test_expect_success 'stopped early while the server says nothing: at once' "
	rm -f port
	perl \"\$LIVE/relay.pl\" port $PORT stall 5 &
	relay=\$!
	relay_port
	capped 1 snapshot -H ldap://127.0.0.1:\$(cat port) --page-size 1 \
	    -o snap.ldif 2> err
	ended_within 5
	ok=\$?
	kill \$relay 2>/dev/null
	wait \$relay
	cat err
	test \$ok -eq 0 && test \$rc -eq 3 && test ! -e snap.ldif &&
	test \"\$(cat err)\" = \"\$EFBIG\"
"

test_expect_success 'without the failure, the relay does stall the read' "
	rm -f port
	perl \"\$LIVE/relay.pl\" port $PORT stall 5 &
	relay=\$!
	relay_port
	rca snapshot -H ldap://127.0.0.1:\$(cat port) --page-size 1 \
	    --timeout 1 -o snap.ldif 2> err
	rc=\$?
	kill \$relay 2>/dev/null
	wait \$relay
	cat err
	test \$rc -eq 3 && test ! -e snap.ldif &&
	grep -F 'ended early after 1 entries: no answer within 1 second' err
"

test_done
