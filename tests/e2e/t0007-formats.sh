#!/bin/sh
# The CI report formats (--junit, --sarif, --csv, beside --json): each
# validates against its schema (tests/schemas/junit.xsd, the JUnit format
# CI servers read; the SARIF 2.1.0 schema as Microsoft publishes it in the
# npm package @microsoft/jest-sarif, fetched by npm ci into
# tests/schemas/node_modules; docs/report-schema.json for the JSON report), the
# CSV parses as RFC 4180, and all four say the same: the same findings
# (rule and connector), the same counts, the same waivers and baseline.
# Run on the example organisation with waivers and a baseline, on every
# fixture of tests/data/dir, and on hostile names (markup, quotes, control
# characters, spreadsheet formulas).
. "$(dirname "$0")/lib.sh"

RCAUDIT_TODAY=2026-01-15
export RCAUDIT_TODAY
PY=/usr/bin/python3		# Debian's, with python3-jsonschema
SCHEMAS=$TOP/tests/schemas
JSON_SCHEMA=$TOP/docs/report-schema.json
JUNIT_XSD=$SCHEMAS/junit.xsd
SARIF_SCHEMA=$SCHEMAS/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json
if [ ! -f "$SARIF_SCHEMA" ] && command -v npm > /dev/null; then
	(cd "$SCHEMAS" && npm ci --no-audit --no-fund --loglevel=error) > /dev/null 2>&1
fi
if [ ! -f "$SARIF_SCHEMA" ]; then
	echo "# SARIF schema not available (npm ci in tests/schemas failed):" \
	    "SARIF is checked for structure only"
	SARIF_SCHEMA=
fi

# Until rcaudit writes these reports, say so once and skip (visible in
# the TAP): the options may be missing, or the writers not linked in.
fixture open || exit 1
"$RCAUDIT" audit -q -f open.ldif --junit probe.xml --sarif probe.sarif \
    --csv probe.csv > probe.out 2>&1
if ! test -s probe.xml || ! test -s probe.sarif || ! test -s probe.csv; then
	echo "1..0 # SKIP rcaudit cannot write --junit/--sarif/--csv yet:" \
	    "$(head -n 1 probe.out)"
	exit 0
fi

# validate.py SCHEMA DOC...: JSON Schema validation (the draft is the one
# the schema names: SARIF's is draft-04, ours 2020-12).
cat > validate.py <<'EOF'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
v = cls(schema)
bad = 0
for path in sys.argv[2:]:
    doc = json.load(open(path, encoding="utf-8"))
    for e in sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))[:10]:
        print("%s: %s: %s" % (path, "/".join(map(str, e.absolute_path)), e.message[:300]))
        bad += 1
sys.exit(1 if bad else 0)
EOF

# agree.py BASE EXIT: BASE.json, BASE.xml, BASE.sarif and BASE.csv of one
# run that exited EXIT tell the same story.
cat > agree.py <<'EOF'
import csv, io, json, re, sys
import xml.etree.ElementTree as ET
from collections import Counter

base, code = sys.argv[1], int(sys.argv[2])
problems = []
def check(cond, what):
    if not cond:
        problems.append(what)

model = json.load(open(base + ".json", encoding="utf-8"))
findings = model["findings"]
SEV = ["info", "low", "medium", "high", "critical"]
fail_on = model["options"]["fail_on"]
fail_rank = 99 if fail_on == "never" else SEV.index(fail_on)
def active(f):
    return f["waiver"] is not None and f["waiver"]["state"] == "active"
def failing(f):
    if active(f) or SEV.index(f["severity"]) < fail_rank:
        return False
    return not (model["options"]["fail_on_new"] and f["baseline"] == "unchanged")
# XML 1.0 cannot carry C0 controls but TAB, LF, CR: the JUnit writer
# puts U+FFFD there.
def xmlsafe(s):
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "\ufffd", s)

want = Counter((f["rule"], f["identity"]) for f in findings)
want_xml = Counter((r, xmlsafe(i)) for r, i in want.elements())
n_fail = sum(1 for f in findings if failing(f))
n_active = sum(1 for f in findings if active(f))
enabled = sorted(set(r["id"] for r in model["rules"] if r["enabled"]) |
                 set(f["rule"] for f in findings))

# --- JUnit
root = ET.parse(base + ".xml").getroot()
check(root.tag == "testsuites", "junit: root is %s" % root.tag)
cases = root.findall("testsuite/testcase")
got = Counter()
states = Counter()
for tc in cases:
    kids = [k.tag for k in tc]
    if kids:
        got[(tc.get("name").split(" ")[0], tc.get("classname"))] += 1
    if "failure" in kids:
        states["failure"] += 1
    elif "skipped" in kids:
        states["skipped"] += 1
check(got == want_xml, "junit findings differ: %s" % ((got - want_xml) + (want_xml - got)))
check(len(cases) == len(model["connectors"]) * len(enabled),
      "junit: %d testcases, want %d connectors x %d rules" %
      (len(cases), len(model["connectors"]), len(enabled)))
check(int(root.get("tests")) == len(cases), "junit: tests attribute")
check(int(root.get("failures")) == states["failure"] == n_fail,
      "junit: %s failures, %d failing testcases, want %d" %
      (root.get("failures"), states["failure"], n_fail))
check(sum(int(s.get("skipped")) for s in root) == states["skipped"] == n_active,
      "junit: skipped %d, want %d" % (states["skipped"], n_active))
servers = [s.get("name") for s in root]
want_servers = sorted(set(c["server"] for c in model["connectors"] if c["server"] is not None))
if any(c["server"] is None for c in model["connectors"]):
    want_servers.append("(no server)")
check(servers == [xmlsafe(s) for s in want_servers],
      "junit suites %s, want %s" % (servers, want_servers))
if model["options"]["min_severity"] == "info":
    check(states["failure"] == model["summary"]["failing"], "junit failures != summary.failing")

# --- SARIF
sarif = json.load(open(base + ".sarif", encoding="utf-8"))
run = sarif["runs"][0]
rules = run["tool"]["driver"]["rules"]
results = [r for r in run["results"] if r.get("baselineState") != "absent"]
absent = [r for r in run["results"] if r.get("baselineState") == "absent"]
got = Counter((r["ruleId"], r["locations"][0]["logicalLocations"][0]["name"]) for r in results)
check(got == want, "sarif findings differ: %s" % ((got - want) + (want - got)))
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
BASE = {"new": "new", "changed": "updated", "unchanged": "unchanged", None: None}
for f, r in zip(findings, results):
    check(r["ruleId"] == f["rule"], "sarif: order")
    check(r["level"] == LEVEL[f["severity"]], "sarif: level of %s" % f["fingerprint"])
    check(r["partialFingerprints"]["rcaudit/v1"] == f["fingerprint"], "sarif: fingerprint")
    check(r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == f["dn"], "sarif: dn")
    check(r.get("baselineState") == BASE[f["baseline"]], "sarif: baseline of %s" % f["fingerprint"])
    check(("suppressions" in r) == active(f), "sarif: suppression of %s" % f["fingerprint"])
    check(rules[r["ruleIndex"]]["id"] == r["ruleId"], "sarif: ruleIndex")
resolved = model["resolved"] or []
check(sorted((r["ruleId"], r["locations"][0]["logicalLocations"][0]["name"]) for r in absent) ==
      sorted((r["rule"], r["identity"]) for r in resolved), "sarif: absent != resolved")
check(sorted(r["id"] for r in rules) == sorted(r["id"] for r in model["rules"]), "sarif: rules")
inv = run["invocations"][0]
check(inv.get("exitCode") == code, "sarif: exitCode %s, rcaudit exited %d" % (inv.get("exitCode"), code))
check(inv["executionSuccessful"] == (code in (0, 1)), "sarif: executionSuccessful")

# --- CSV
raw = open(base + ".csv", "rb").read()
check(raw.endswith(b"\r\n"), "csv: last line does not end with CRLF")
rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
check(rows[0] == ["severity", "rule", "title", "identity", "server", "dn", "object_guid",
                  "enabled", "evidence", "remediation", "verify", "fingerprint",
                  "baseline", "waiver"], "csv: header %s" % rows[0])
check(all(len(r) == 14 for r in rows), "csv: a row without 14 fields")
check(len(rows) == 1 + len(findings), "csv: %d rows, want %d" % (len(rows) - 1, len(findings)))
# A formula-looking cell starts with a single quote; take it off.
def cell(s):
    if s[:1] == "'" and s[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return s[1:]
    check(s[:1] not in ("=", "+", "-", "@", "\t", "\r"), "csv: formula cell %r" % s)
    return s
for f, r in zip(findings, rows[1:]):
    if len(r) != 14:
        continue
    r = [cell(x) for x in r]
    check(r[0] == f["severity"] and r[1] == f["rule"] and r[3] == f["identity"] and
          r[5] == f["dn"] and r[11] == f["fingerprint"], "csv: row of %s" % f["fingerprint"])
    check(r[8] == " | ".join(f["evidence"]), "csv: evidence of %s" % f["fingerprint"])
    check(r[12] == (f["baseline"] or ""), "csv: baseline of %s" % f["fingerprint"])
    check(r[13] == (f["waiver"]["state"] if f["waiver"] else ""), "csv: waiver")
    check(r[7] == ("true" if f["connector_enabled"] else "false"), "csv: enabled")

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF

# run NAME ARGS...: audit with every report at once; NAME.rc is the exit
# status, NAME.{json,xml,sarif,csv} the reports.
run() {
	_n=$1
	shift
	rca audit -q "$@" --json "$_n.json" --junit "$_n.xml" \
	    --sarif "$_n.sarif" --csv "$_n.csv" 2> "$_n.err"
	echo $? > "$_n.rc"
}

# formats NAME: the checks of one run, as three tests.
formats() {
	test_expect_success "$1: JUnit validates against the JUnit XSD" "
		xmllint --noout --nonet --schema '$JUNIT_XSD' $1.xml
	"
	test_expect_success "$1: SARIF and JSON validate against their schemas" "
		{ test -z '$SARIF_SCHEMA' || $PY validate.py '$SARIF_SCHEMA' $1.sarif; } &&
		$PY validate.py '$JSON_SCHEMA' $1.json
	"
	test_expect_success "$1: JSON, JUnit, SARIF and CSV agree" "
		$PY agree.py $1 \$(cat $1.rc)
	"
}

test_expect_success 'the schemas are valid schemas' '
	xmllint --noout --nonet "$JUNIT_XSD" &&
	$PY -c "import jsonschema" &&
	{ test -z "$SARIF_SCHEMA" || $PY validate.py "$SARIF_SCHEMA"; } &&
	$PY validate.py "$JSON_SCHEMA"
'

# ------------------------------------------------ example organisation

# The baseline: the example with Printers' range narrower (so this run's
# RCA-003 on it is changed), without App Relay (its findings are new) and
# with a Fax connector that this run no longer has (resolved).
test_expect_success 'setup: the example organisation, waivers and a baseline' '
	sed "s|^msExchSmtpReceiveRemoteIPRanges: 10.20.0.0/16\$|msExchSmtpReceiveRemoteIPRanges: 10.20.30.0/24|" \
	    "$TOP/examples/contoso.ldif.in" | awk "
		/^dn: CN=App Relay,/ { skip = 1 }
		/^\$/ { skip = 0 }
		!skip" > old.ldif.in &&
	cat >> old.ldif.in <<-\EOF &&

	dn: CN=Fax,CN=SMTP Receive Connectors,CN=Protocols,CN=EX02,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=corp,DC=example
	objectClass: top
	objectClass: msExchSmtpReceiveConnector
	cn: Fax
	x-rcaudit-guid: 6a1e00f0-2b7c-4d1e-9f00-5eed000000f0
	msExchSmtpReceiveEnabled: TRUE
	msExchSmtpReceiveRole: 16384
	msExchSMTPReceiveInboundSecurityFlag: 1
	msExchSmtpReceiveBindings: 0.0.0.0:25
	msExchSmtpReceiveRemoteIPRanges: 80.81.82.0/24
	x-rcaudit-sddl: D:(OA;CI;CR;5c82f031-4e4c-4326-88e1-8c4f0cad9de5;;AN)
	EOF
	"$MKLDIF" old.ldif.in > old.ldif &&
	rca audit -q -f old.ldif --format json -o old.json
	test $? -eq 1 &&
	run contoso -f "$TOP/examples/contoso.ldif" \
	    --waivers "$TOP/examples/waivers.xml" --baseline old.json &&
	test "$(cat contoso.rc)" -eq 1 &&
	jq -e "[.findings[].baseline] | (index(\"new\") != null) and
	    (index(\"changed\") != null) and (index(\"unchanged\") != null)" \
	    contoso.json &&
	jq -e ".resolved | length > 0" contoso.json &&
	jq -e "[.findings[] | select(.waiver.state == \"active\")] | length == 3" \
	    contoso.json
'
formats contoso

test_expect_success 'example: JUnit says what the summary says' '
	test "$(xmllint --xpath "string(/testsuites/@failures)" contoso.xml)" = \
	    "$(jq .summary.failing contoso.json)" &&
	test "$(xmllint --xpath "sum(//testsuite/@skipped)" contoso.xml)" = \
	    "$(jq .summary.accepted contoso.json)" &&
	test "$(xmllint --xpath "count(//testsuite)" contoso.xml)" = 2 &&
	test "$(xmllint --xpath "string(//testcase[@classname=\"EX01\\Printers\" and starts-with(@name, \"RCA-003 \")]/skipped/@message)" contoso.xml)" = \
	    "accepted: $(jq -r ".findings[] | select(.rule == \"RCA-003\" and .identity == \"EX01\\\\Printers\") | .waiver.justification" contoso.json)"
'

test_expect_success 'example: SARIF results, suppressions and baseline states' '
	jq -e ".runs[0].results | map(select(.baselineState != \"absent\")) | length ==
	    $(jq ".findings | length" contoso.json)" contoso.sarif &&
	jq -e "[.runs[0].results[] | select(.suppressions)] | length == 3" contoso.sarif &&
	jq -e "[.runs[0].results[] | select(.baselineState == \"absent\")] |
	    map(.ruleId + \" \" + .locations[0].logicalLocations[0].name) ==
	    [\"RCA-002 EX02\\\\Fax\"]" contoso.sarif &&
	jq -e "[.runs[0].results[].baselineState] | index(\"updated\") != null" contoso.sarif &&
	jq -e ".runs[0].tool.driver.rules | length == 16" contoso.sarif
'

test_expect_success 'example: --format junit|sarif|csv write the same as the files' '
	for f in junit:xml sarif:sarif csv:csv; do
		rca audit -q -f "$TOP/examples/contoso.ldif" \
		    --waivers "$TOP/examples/waivers.xml" --baseline old.json \
		    --format ${f%%:*} -o one.${f#*:}
		test $? -eq 1 && cmp one.${f#*:} contoso.${f#*:} || exit 1
	done
'

test_expect_success 'example, --fail-on-new: only new and changed findings fail' '
	run new -f "$TOP/examples/contoso.ldif" --baseline old.json \
	    --fail-on-new --fail-on medium &&
	test "$(xmllint --xpath "string(/testsuites/@failures)" new.xml)" = \
	    "$(jq .summary.failing new.json)" &&
	test "$(jq "[.findings[] | select(.baseline != \"unchanged\" and
	    (.severity == \"critical\" or .severity == \"high\" or .severity == \"medium\"))] |
	    length" new.json)" = "$(jq .summary.failing new.json)"
'
formats new

test_expect_success 'example, --min-severity high --fail-on never' '
	run high -f "$TOP/examples/contoso.ldif" --min-severity high \
	    --fail-on never &&
	test "$(cat high.rc)" -eq 0 &&
	test "$(xmllint --xpath "string(/testsuites/@failures)" high.xml)" = 0
'
formats high

# ------------------------------------------------ every fixture

for f in "$DATA"/dir/*.ldif.in; do
	n=${f##*/}
	n=${n%.ldif.in}
	test "$n" = noconn && continue		# no report: exit 3
	test_expect_success "setup: fixture $n" "
		fixture $n && run $n -f $n.ldif && test -s $n.json
	"
	formats "$n"
done

# ------------------------------------------------ hostile names

# Names that are spreadsheet formulas, with control characters, quotes,
# commas and markup, on a server whose name starts with '+'; and one
# connector outside CN=Protocols, whose identity is its bare name.
b64() { printf '%s' "$1" | base64 | tr -d '\n'; }
# shellcheck disable=SC2034  # Q and EX9 are used in the test bodies
Q="'"
# shellcheck disable=SC2034
EX9=",CN=SMTP Receive Connectors,CN=Protocols,CN=\\+EX9,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Org,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=test,DC=example"
conn() {	# RDN DN-TAIL NAME GUID
	cat <<-EOF

	dn:: $(b64 "CN=$1$2")
	objectClass: top
	objectClass: msExchSmtpReceiveConnector
	cn:: $(b64 "$3")
	name:: $(b64 "$3")
	x-rcaudit-guid: $4
	msExchSmtpReceiveEnabled: TRUE
	msExchSmtpReceiveRole: 16384
	msExchSMTPReceiveInboundSecurityFlag: 1
	msExchSmtpReceiveBindings: 0.0.0.0:25
	msExchSmtpReceiveRemoteIPRanges: 10.0.0.0/8
	x-rcaudit-sddl: D:(OA;CI;CR;5c82f031-4e4c-4326-88e1-8c4f0cad9de5;;AN)
	EOF
}

test_expect_success 'setup: hostile names' '
	{
		echo "version: 1"
		conn Formula "$EX9" "=HYPERLINK(\"http://evil.example/\",\"x\")" \
		    0bad1000-0000-4000-8000-000000000001
		conn Sum "$EX9" "@SUM(1+1)$(printf "\001\033")[2J$(printf "\t")tab" \
		    0bad1000-0000-4000-8000-000000000002
		conn "Quote\\\"\\,x" "$EX9" "-2+3, comma \"quote\" <b>&amp;</b>" \
		    0bad1000-0000-4000-8000-000000000003
		conn Bare ",CN=Connections,DC=test,DC=example" \
		    "=cmd|$Q /C calc$Q!A0" 0bad1000-0000-4000-8000-000000000004
	} > evil.ldif.in &&
	"$MKLDIF" evil.ldif.in > evil.ldif &&
	run evil -f evil.ldif &&
	jq -e "[.connectors[].identity] | length == 4" evil.json &&
	jq -e "[.findings[].identity] | unique | length == 4" evil.json &&
	jq -e "[.connectors[].server] | sort == [null, \"+EX9\", \"+EX9\", \"+EX9\"]" evil.json
'
formats evil

test_expect_success 'hostile names: no CSV cell can start a formula' '
	$PY - <<-\EOF
	import csv, io
	raw = open("evil.csv", "rb").read().decode("utf-8")
	rows = list(csv.reader(io.StringIO(raw, newline="")))
	cells = [c for r in rows[1:] for c in r]
	bad = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
	assert not bad, bad
	assert sorted(r[4] for r in rows[1:]) == ["", "\x27+EX9", "\x27+EX9", "\x27+EX9"], rows
	assert "\x27=cmd|\x27 /C calc\x27!A0" in [r[3] for r in rows[1:]], rows
	EOF
'

test_expect_success 'hostile names: JUnit carries them as text, controls as U+FFFD' '
	test "$(xmllint --xpath "count(//testsuite[@name=\"+EX9\"])" evil.xml)" = 1 &&
	test "$(xmllint --xpath "count(//testsuite[@name=\"(no server)\"])" evil.xml)" = 1 &&
	test "$(xmllint --xpath "string(//testcase[contains(@classname, \"SUM\")]/@classname)" evil.xml)" = \
	    "$(printf "+EX9\\\\@SUM(1+1)\357\277\275\357\277\275[2J\ttab")"
'

test_done
