# SPDX-License-Identifier: ISC
# A relay on loopback between rcaudit and the test's slapd (plain
# ldap://) that spoils the server's answer in one way, as a broken network
# or server would.  It frames the LDAPMessages of both directions (BER:
# 0x30, length, messageID, protocolOp, controls).
#
# usage: perl relay.pl PORTFILE TO MODE N
#   MODE stall:  pass the server's messages until the end of its N-th
#                search (its N-th SearchResultDone), then nothing: the
#                server seems hung.
#   MODE unpage: remove the controls from the SearchResultDone that ends
#                the N-th page of the connector search (the request that
#                names msExchSmtpReceiveConnector), as a server that lost
#                the paged-results state would answer.
# It listens on a free port, writes it to PORTFILE, and relays one
# connection after another (rcaudit first probes the port) until killed.
use strict;
use IO::Select;
use IO::Socket::INET;

my ($portfile, $to, $mode, $n) = @ARGV;
die "usage: relay.pl PORTFILE TO stall|unpage N\n"
    unless defined $n && $mode =~ /^(stall|unpage)$/;
my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
    Listen => 1, ReuseAddr => 1) or die "listen: $!";
open(my $f, '>', "$portfile.tmp") or die;
print $f $l->sockport, "\n";
close $f;
rename("$portfile.tmp", $portfile) or die;
for (;;) {
	my $c = $l->accept or die "accept: $!";
	relay($c);
	close($c);
}

# BER length at offset $i of $s: (length, offset after it), or () when
# $s ends before it.
sub ber_len {
	my ($s, $i) = @_;
	return () if length($s) <= $i;
	my $len = ord(substr($s, $i, 1));
	return ($len, $i + 1) unless $len & 0x80;
	my $k = $len & 0x7f;
	return () if length($s) < $i + 1 + $k;
	$len = 0;
	$len = $len * 256 + ord(substr($s, $i + 1 + $_, 1)) for 0 .. $k - 1;
	return ($len, $i + 1 + $k);
}

sub ber_len_enc {
	my ($len) = @_;
	return chr($len) if $len < 0x80;
	my $b = '';
	for (; $len > 0; $len >>= 8) {
		$b = chr($len & 0xff) . $b;
	}
	return chr(0x80 | length($b)) . $b;
}

# Take the whole LDAPMessages off the front of $$buf: a list of
# [message, messageID, protocolOp tag, offset of the op, end of the op].
sub messages {
	my ($buf) = @_;
	my @m;
	for (;;) {
		my ($len, $hl) = ber_len($$buf, 1);
		last unless defined $hl && length($$buf) >= $hl + $len;
		my $m = substr($$buf, 0, $hl + $len, '');
		my ($idlen, $idat) = ber_len($m, $hl + 1);
		my $id = 0;
		$id = $id * 256 + ord(substr($m, $idat + $_, 1))
		    for 0 .. $idlen - 1;
		my $op = $idat + $idlen;
		my ($oplen, $opat) = ber_len($m, $op + 1);
		push @m, [$m, $id, ord(substr($m, $op, 1)), $hl, $opat + $oplen];
	}
	return @m;
}

sub relay {
	my ($c) = @_;
	my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
	    PeerPort => $to) or die "connect: $!";
	my $sel = IO::Select->new($c, $s);
	my ($up, $down, $dones, $pages) = ('', '', 0, 0);
	my %conn;
	for (;;) {
		for my $h ($sel->can_read) {
			my $d;
			return unless sysread($h, $d, 65536);
			if ($h == $c) {
				# Requests: remember the connector search's IDs.
				$up .= $d;
				for my $r (messages(\$up)) {
					# 0x63: SearchRequest.
					$conn{$r->[1]} = 1 if $r->[2] == 0x63 &&
					    index($r->[0],
					    'msExchSmtpReceiveConnector') >= 0;
					syswrite($s, $r->[0]);
				}
				next;
			}
			next if $mode eq 'stall' && $dones >= $n;
			$down .= $d;
			for my $r (messages(\$down)) {
				my ($m, $id, $op, $hl, $end) = @$r;
				# 0x65: SearchResultDone.
				if ($op == 0x65 && $mode eq 'unpage' &&
				    $conn{$id} && ++$pages == $n) {
					my $body = substr($m, $hl, $end - $hl);
					$m = "\x30" . ber_len_enc(length($body)) .
					    $body;
				}
				syswrite($c, $m);
				if ($op == 0x65 && $mode eq 'stall' &&
				    ++$dones == $n) {
					$down = '';
					last;
				}
			}
		}
	}
}
