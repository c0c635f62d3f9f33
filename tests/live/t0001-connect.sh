#!/bin/sh
# Transports, binds and their failures against a private slapd: ldap://
# with StartTLS, ldaps://, ldapi:// with EXTERNAL, SASL DIGEST-MD5 and
# SCRAM from a sasldb, failover, and one clear line (exit 3, or 2 for
# refused cleartext) for each way it can go wrong.
. "$(dirname "$0")/lib.sh"
live_prereq
ldif_of contoso && dir_load contoso.ldif || exit 1

AUTH="-D CN=Auditor,DC=example -y $TRASH/pw"
CA="--ca-file $SD/ca.pem"

test_expect_code 1 'ldaps:// with --ca-file and a simple bind' "
	rca audit -q -H $LDAPS $CA $AUTH
"

test_expect_success 'StartTLS (-Z): -v says server, identity, mechanism, TLS' "
	rca audit -q -v -H $LDAP -Z $CA $AUTH 2> err
	test \$? -eq 1 &&
	grep -F 'rcaudit: reading $LDAP (server localhost, base CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=corp,DC=example, identity dn:cn=Auditor,dc=example, mechanism simple, SASL SSF 0, TLS TLS1.' err
"

test_expect_success 'ldapi:// with SASL EXTERNAL' "
	rca audit -q -v -H $LDAPI -Y EXTERNAL 2> err
	test \$? -eq 1 &&
	grep -F 'identity dn:cn=auditor,dc=example, mechanism EXTERNAL' err
"

test_expect_success 'SASL DIGEST-MD5 on ldap:// negotiates a security layer' "
	rca audit -q -v -H $LDAP -Y DIGEST-MD5 -U reader -R EXAMPLE \
	    -y $TRASH/pw 2> err
	test \$? -eq 1 &&
	grep -F 'mechanism DIGEST-MD5, SASL SSF 128, TLS none' err
"

test_expect_success 'SASL on StartTLS asks for no security layer (maxssf=0)' "
	rca audit -q -v -H $LDAP -Z $CA -Y DIGEST-MD5 -U reader -y $TRASH/pw \
	    2> err
	test \$? -eq 1 &&
	grep -F 'mechanism DIGEST-MD5, SASL SSF 0, TLS TLS1.' err
"

test_expect_success 'SASL SCRAM-SHA-256 over ldaps://' "
	rca audit -q -v -H $LDAPS $CA -Y SCRAM-SHA-256 -U reader -y $TRASH/pw \
	    2> err
	test \$? -eq 1 &&
	grep -F 'identity dn:cn=auditor,dc=example, mechanism SCRAM-SHA-256' err
"

test_expect_code 1 'the password from RCAUDIT_PASSWORD' "
	RCAUDIT_PASSWORD=secret rca audit -q -H $LDAPS $CA \
	    -D CN=Auditor,DC=example
"

test_expect_code 1 'the password from stdin (-y -)' "
	echo secret | rca audit -q -H $LDAPS $CA -D CN=Auditor,DC=example -y -
"

test_expect_success 'no password and no terminal: exit 2, says how' "
	rca audit -q -H $LDAPS $CA -D CN=Auditor,DC=example < /dev/null 2> err
	test \$? -eq 2 &&
	grep -F 'no password for' err && grep -F RCAUDIT_PASSWORD err
"

test_expect_success 'a simple bind over plain ldap:// is refused (exit 2)' "
	rca audit -q -H $LDAP $AUTH > out 2> err
	test \$? -eq 2 && test ! -s out &&
	grep -F -- '-Z' err && grep -F 'ldaps://' err &&
	grep -F -- '--allow-cleartext' err
"

test_expect_code 1 '--allow-cleartext allows it' "
	rca audit -q -H $LDAP --allow-cleartext $AUTH
"

test_expect_success 'a wrong password: exit 3, Invalid credentials' "
	RCAUDIT_PASSWORD=wrong rca audit -q -H $LDAPS $CA \
	    -D CN=Auditor,DC=example > out 2> err
	test \$? -eq 3 && test ! -s out &&
	grep -F \"rcaudit: $LDAPS: bind as 'CN=Auditor,DC=example' failed: Invalid credentials\" err
"

test_expect_success 'an untrusted certificate: exit 3, says --ca-file' "
	rca audit -q -H $LDAPS --ca-file $SD/other-ca.pem $AUTH 2> err
	test \$? -eq 3 &&
	grep -F 'TLS: the server certificate is not trusted' err &&
	grep -F -- '--ca-file' err
"

test_expect_success 'the system store does not know the test CA: exit 3' "
	rca audit -q -H $LDAPS $AUTH 2> err
	test \$? -eq 3 && grep -F 'not trusted' err
"

test_expect_success 'StartTLS to an untrusted certificate: exit 3' "
	rca audit -q -H $LDAP -Z --ca-file $SD/other-ca.pem $AUTH 2> err
	test \$? -eq 3 && grep -F 'not trusted' err
"

test_expect_success 'a certificate for another name: exit 3, mismatch' "
	rca audit -q -H ldaps://localhost:$SPORT $CA $AUTH 2> err
	test \$? -eq 3 && grep -F 'certificate name mismatch' err
"

test_expect_success '--insecure skips verification, with a warning' "
	rca audit -q -H $LDAPS --insecure $AUTH 2> err
	test \$? -eq 1 && grep -F 'warning: --insecure' err
"

test_expect_success 'an unreachable port: exit 3, connection refused' "
	rca audit -q -H ldap://127.0.0.1:1 > out 2> err
	test \$? -eq 3 && test ! -s out &&
	test \"\$(cat err)\" = \"rcaudit: ldap://127.0.0.1:1: cannot connect to '127.0.0.1' port 1: Connection refused\"
"

test_expect_success 'a name that does not resolve: exit 3' "
	rca audit -q -H ldap://no-such-host.invalid 2> err
	test \$? -eq 3 && grep -F \"cannot resolve 'no-such-host.invalid'\" err
"

test_expect_success 'a server that accepts and says nothing: --timeout' "
	kill -STOP $SLAPD_PID
	rca audit -q -H $LDAPS $CA $AUTH --timeout 1 > out 2> err; a=\$?
	rca audit -q -H $LDAP -Z $CA $AUTH --timeout 1 2>> err; b=\$?
	rca audit -q -H $LDAP --timeout 1 2>> err; c=\$?
	kill -CONT $SLAPD_PID
	cat err
	test \$a -eq 3 && test \$b -eq 3 && test \$c -eq 3 && test ! -s out &&
	grep -F 'no answer within 1 second during the TLS handshake (--timeout)' err &&
	grep -F 'StartTLS failed: Timed out' err &&
	grep -F 'cannot read the RootDSE: Timed out' err
"

test_expect_success 'failover: the next -H is tried, -v says why' "
	rca audit -q -v -H ldap://127.0.0.1:1 -H $LDAPS $CA $AUTH 2> err
	test \$? -eq 1 &&
	grep -F 'failed over: ldap://127.0.0.1:1: cannot connect' err &&
	grep -F 'reading $LDAPS' err
"

test_expect_success 'a missing Exchange container: exit 3, clear' "
	rca audit -q -H $LDAPS $CA $AUTH -b CN=Nothing,DC=example 2> err
	test \$? -eq 3 &&
	grep -F \"the search base 'CN=Nothing,DC=example' does not exist\" err
"

test_expect_success 'no connector under an existing base: exit 3' "
	rca audit -q -H $LDAPS $CA $AUTH -b CN=Auditor,DC=example 2> err
	test \$? -eq 3 && grep -F 'no msExchSmtpReceiveConnector entries' err
"

test_expect_code 2 '-f and -H together are a usage error' "
	rca audit -f contoso.ldif -H $LDAPS
"

test_done
