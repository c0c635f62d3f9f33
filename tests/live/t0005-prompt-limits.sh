#!/bin/sh
# The password prompt and the server-side time limit (src/ad.c).
#
# A simple or SASL bind with neither -y nor RCAUDIT_PASSWORD asks on the
# terminal with echo off: driven here through a real pseudo-terminal, it
# reads as -y does, the typed password is never shown, echo is back on
# afterwards, an empty answer is exit 2; without a terminal, exit 2.
#
# --time-limit N is the time limit of the search, enforced by the server.
# slapd only looks at it between entries, so a search of a few entries
# never reaches it; here a relay stops reading slapd's answer for longer
# than the limit, slapd blocks writing an entry larger than its socket
# buffers, and when it goes on it finds the limit passed: exit 3, one
# line, no report.
#
# A server that loses the paged-results state: t0006.
. "$(dirname "$0")/lib.sh"
live_prereq
if ! command -v python3 > /dev/null 2>&1; then
	echo "1..0 # SKIP python3 not installed"
	exit 0
fi
ldif_of contoso && dir_load contoso.ldif || exit 1

CA="--ca-file $SD/ca.pem"
WHO=CN=Auditor,DC=example

# on_tty TYPED CMD...: run CMD with stdin and stderr on a new terminal
# (its session's controlling terminal), stdout as is; when the terminal
# shows "Password for ", type TYPED (Python escapes: '\n', '\x04').
# What the terminal showed goes to ./tty.out (CRs removed), whether echo
# was on after CMD to ./tty.echo.  CMD's exit status; 124 if it is still
# running after 20 s (then killed).
cat > tty.py <<'EOF'
import fcntl, os, select, subprocess, sys, termios, time

typed = sys.argv[1].encode().decode('unicode_escape').encode('latin-1')
master, slave = os.openpty()


def ctty():
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


p = subprocess.Popen(sys.argv[2:], stdin=slave, stderr=slave,
                     start_new_session=True, preexec_fn=ctty)
os.close(slave)
shown, sent, rc = b'', False, None
deadline = time.monotonic() + 20
while True:
    if time.monotonic() > deadline:
        p.kill()
        rc = 124
        break
    r, _, _ = select.select([master], [], [], 0.05)
    if r:
        try:
            d = os.read(master, 4096)
        except OSError:		# EIO: the terminal has no one left
            d = b''
        if not d:
            break
        shown += d
        if not sent and b'Password for ' in shown:
            os.write(master, typed)
            sent = True
    elif p.poll() is not None:
        break
status = p.wait()
if rc is None:
    rc = status if status >= 0 else 128 - status
echo = termios.tcgetattr(master)[3] & termios.ECHO
with open('tty.out', 'wb') as f:
    f.write(shown.replace(b'\r', b''))
with open('tty.echo', 'w') as f:
    f.write('on\n' if echo else 'off\n')
sys.exit(rc)
EOF

on_tty() {
	python3 "$TRASH/tty.py" "$@"
}

test_expect_success 'no -y: the terminal prompt reads as -y does' "
	rca audit -H $LDAPS $CA -D $WHO -y $TRASH/pw > ref.txt; a=\$?
	on_tty 'secret\n' \"\$RCAUDIT\" audit -H $LDAPS $CA -D $WHO > tty.txt
	b=\$?
	cat tty.out
	test \$a -eq 1 && test \$b -eq \$a && diff -u ref.txt tty.txt &&
	grep -q 'connectors read' tty.txt
"

test_expect_success 'the terminal shows the prompt, not the password' "
	cat tty.out
	test \"\$(cat tty.out)\" = 'Password for $WHO: ' &&
	! grep -F secret tty.out
"

test_expect_success 'echo is back on after the prompt' "
	test \"\$(cat tty.echo)\" = on
"

# The two checks above can fail: a program that reads a line without
# turning echo off shows it, one that leaves echo off is seen.
test_expect_success 'the terminal does show a line read with echo on' "
	on_tty 'secret\n' sh -c 'printf \"Password for x: \" >&2; read -r p'
	cat tty.out
	grep -F 'Password for x: secret' tty.out && test \"\$(cat tty.echo)\" = on
"

test_expect_success 'and sees echo left off' "
	on_tty 'secret\n' sh -c 'stty -echo; printf \"Password for x: \" >&2; read -r p'
	test \"\$(cat tty.echo)\" = off && ! grep -F secret tty.out
"

test_expect_success 'SASL: the prompt names the authcid, reads as -y' "
	rca audit -H $LDAPS $CA -Y SCRAM-SHA-256 -U reader -y $TRASH/pw \
	    > sref.txt; a=\$?
	on_tty 'secret\n' \"\$RCAUDIT\" audit -H $LDAPS $CA -Y SCRAM-SHA-256 \
	    -U reader > stty.txt
	b=\$?
	cat tty.out
	test \$a -eq 1 && test \$b -eq \$a && diff -u sref.txt stty.txt &&
	test \"\$(cat tty.out)\" = 'Password for reader: ' &&
	test \"\$(cat tty.echo)\" = on
"

test_expect_success 'a wrong password at the prompt: exit 3, not shown' "
	on_tty 'wrong\n' \"\$RCAUDIT\" audit -H $LDAPS $CA -D $WHO > out
	rc=\$?
	cat tty.out
	test \$rc -eq 3 && test ! -s out &&
	grep -F \"bind as '$WHO' failed: Invalid credentials\" tty.out &&
	! grep -F wrong tty.out && test \"\$(cat tty.echo)\" = on
"

empty="rcaudit: empty password for '$WHO' (an empty password would be an unauthenticated bind)"

test_expect_success 'an empty line at the prompt: exit 2, empty password' "
	on_tty '\n' \"\$RCAUDIT\" audit -H $LDAPS -Z $CA -D $WHO > out
	rc=\$?
	cat tty.out
	test \$rc -eq 2 && test ! -s out &&
	test \"\$(cat tty.out)\" = \"\$(printf 'Password for %s: \n%s' '$WHO' \"\$empty\")\" &&
	test \"\$(cat tty.echo)\" = on
"

test_expect_success 'end of input (^D) at the prompt: exit 2, empty password' "
	on_tty '\x04' \"\$RCAUDIT\" audit -H $LDAPS $CA -D $WHO > out
	rc=\$?
	cat tty.out
	test \$rc -eq 2 && test ! -s out && grep -xF \"\$empty\" tty.out &&
	test \"\$(cat tty.echo)\" = on
"

nopw="rcaudit: no password for '$WHO': give -y FILE or set RCAUDIT_PASSWORD"

test_expect_success 'no terminal, no -y, no RCAUDIT_PASSWORD: exit 2' "
	rca audit -H $LDAPS $CA -D $WHO < /dev/null > out 2> err
	rc=\$?
	cat err
	test \$rc -eq 2 && test ! -s out && test \"\$(cat err)\" = \"\$nopw\"
"

test_expect_success 'a pipe on stdin is no terminal: not read without -y -' "
	echo secret | rca audit -H $LDAPS $CA -D $WHO > out 2> err
	rc=\$?
	cat err
	test \$rc -eq 2 && test ! -s out && test \"\$(cat err)\" = \"\$nopw\"
"

# --time-limit.  Two connectors, the first (lowest entry ID, so the first
# slapd sends) with a value larger than twice the largest TCP send buffer
# (tcp_wmem): slapd cannot hand it all to the kernel and blocks writing it
# while the relay below does not read.
wmax=$(awk '{ print $3 }' /proc/sys/net/ipv4/tcp_wmem 2>/dev/null)
case $wmax in
''|*[!0-9]*) wmax=4194304 ;;
esac
head -c $((2 * wmax + 1048576)) /dev/zero | tr '\0' a > big.txt
B='CN=SMTP Receive Connectors,CN=Protocols,CN=EX1,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Slow,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=corp,DC=example'
for c in Big Small; do
	printf 'dn: CN=%s,%s\nobjectClass: top\n' "$c" "$B"
	printf 'objectClass: msExchSmtpReceiveConnector\ncn: %s\nname: %s\n' \
	    "$c" "$c"
	printf 'msExchSmtpReceiveEnabled: TRUE\nmsExchSmtpReceiveRole: 1\n'
	printf 'msExchSmtpReceiveBindings: 0.0.0.0:25\n'
	printf 'msExchSmtpReceiveRemoteIPRanges: 10.0.0.0-10.255.255.255\n'
	if [ $c = Big ]; then
		printf 'msExchSMTPReceiveConnectorFQDN:< file://%s/big.txt\n' \
		    "$TRASH"
	fi
	echo
done > slow.ldif
dir_load slow.ldif || exit 1

# A relay between rcaudit and slapd (ldap://, so it sees the requests)
# that, once it has passed the connector search to slapd, reads nothing
# from slapd for HOLD seconds, with a receive buffer as small as the
# kernel allows; then it passes everything.  It writes its port to
# PORTFILE, and "held" to ./held each time it held; it ends by itself
# after 60 s.
cat > hold.py <<'EOF'
import os, select, socket, sys, time

portfile, to, hold = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
end = time.monotonic() + 60
lsn = socket.socket()
lsn.bind(('127.0.0.1', 0))
lsn.listen(4)
with open(portfile + '.tmp', 'w') as f:
    f.write('%d\n' % lsn.getsockname()[1])
os.rename(portfile + '.tmp', portfile)


def relay(c):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)
    s.connect(('127.0.0.1', to))
    until = None
    while time.monotonic() < end:
        now = time.monotonic()
        held = until is not None and now < until
        r, _, _ = select.select([c] if held else [c, s], [], [],
                                until - now if held else 1)
        for h in r:
            d = h.recv(65536)
            if not d:
                s.close()
                return
            if h is s:
                c.sendall(d)
                continue
            s.sendall(d)
            if until is None and b'msExchSmtpReceiveConnector' in d:
                until = time.monotonic() + hold
                with open('held', 'a') as f:
                    f.write('held\n')
    s.close()


# One connection after another, until the end.
while time.monotonic() < end:
    r, _, _ = select.select([lsn], [], [], 1)
    if r:
        c, _ = lsn.accept()
        relay(c)
        c.close()
EOF

# held_read HOLD ARGS...: rcaudit ARGS... through a new relay holding
# slapd's answer HOLD seconds (its URI appended); exit status in rc.
held_read() {
	_hold=$1
	shift
	via_relay "python3 '$TRASH/hold.py' port $PORT $_hold" "$@"
}

test_expect_success 'a held read within --time-limit is complete' "
	rca audit -H $LDAP > direct.txt; a=\$?
	held_read 2.5 audit --time-limit 20 > held.txt
	test \$(cat held | wc -l) -eq 1 &&
	test \$rc -eq \$a && diff -u direct.txt held.txt &&
	grep -q '^2 connectors read' held.txt
"

test_expect_success '--time-limit 1 passed in the server: exit 3, one line' "
	held_read 2.5 audit --time-limit 1 --json r.json > out 2> err
	cat err
	test \$(cat held | wc -l) -eq 2 &&
	test \$rc -eq 3 && test ! -s out && test ! -e r.json &&
	test \$(wc -l < err) -eq 1 &&
	test \"\$(cat err)\" = \"rcaudit: \$RURI: search of 'CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=corp,DC=example' ended early after 1 entry: Time limit exceeded (--time-limit, or the server's own limit)\"
"

test_expect_success 'it was slapd that ended the search (err=3)' "
	grep 'SEARCH RESULT tag=101 err=3 .*nentries=1 ' $SD/log
"

test_done
