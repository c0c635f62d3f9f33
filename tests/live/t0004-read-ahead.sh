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

# A relay between rcaudit and slapd that passes the server's messages
# until the end of the fifth search and nothing after: the server then
# says nothing, as if hung.  The five: the RootDSE, the two searches for
# names (domains, extended rights), the first page, and the search for the
# principals the first connector's descriptor names.
cat > stall.pl <<'EOF'
use strict;
use IO::Select;
use IO::Socket::INET;
my ($portfile, $to) = @ARGV;
my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
    Listen => 1, ReuseAddr => 1) or die "listen: $!";
open(my $f, '>', "$portfile.tmp") or die;
print $f $l->sockport, "\n";
close $f;
rename("$portfile.tmp", $portfile) or die;
# One connection after another: rcaudit first probes the port.
for (;;) {
	my $c = $l->accept or die "accept: $!";
	relay($c);
	close($c);
}

sub relay {
	my ($c) = @_;
	my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
	    PeerPort => $to) or die "connect: $!";
	my $sel = IO::Select->new($c, $s);
	my ($buf, $done) = ('', 0);
	for (;;) {
		for my $h ($sel->can_read) {
			my $d;
			return unless sysread($h, $d, 65536);
			if ($h == $c) {
				syswrite($s, $d);
				next;
			}
			next if $done >= 5;
			$buf .= $d;
			# Whole LDAPMessages: 0x30, length, messageID, op.
			while (length($buf) >= 2) {
				my ($len, $hl) = (ord(substr($buf, 1, 1)), 2);
				if ($len & 0x80) {
					my $k = $len & 0x7f;
					last if length($buf) < 2 + $k;
					$len = 0;
					$len = $len * 256 +
					    ord(substr($buf, 2 + $_, 1))
					    for 0 .. $k - 1;
					$hl = 2 + $k;
				}
				last if length($buf) < $hl + $len;
				my $m = substr($buf, 0, $hl + $len, '');
				my $id = ord(substr($m, $hl + 1, 1));
				my $op = ord(substr($m, $hl + 2 + $id, 1));
				syswrite($c, $m);
				# 0x65: SearchResultDone.
				if ($op == 0x65 && ++$done == 5) {
					$buf = '';
					last;
				}
			}
		}
	}
}
EOF

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
	perl stall.pl port $PORT &
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
	perl stall.pl port $PORT &
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
