#!/bin/sh
# The HTML report: well-formed, self-contained (no asset from the
# network), every hostile directory string escaped, a Content-Security-
# Policy that names the page's one script by its hash, and the same bytes
# for the same input.  The page is made from the JSON model by htmlgen
# (built beside rcaudit) and, once main has it, by `rcaudit audit --html`.
# tests/browser/ checks the same pages in a real Chromium.
. "$(dirname "$0")/lib.sh"

HTMLGEN=${HTMLGEN:-$(dirname "$RCAUDIT")/htmlgen}
EX=$TOP/examples
# Waivers expire: audit on a fixed date.
RCAUDIT_TODAY=2026-06-01
export RCAUDIT_TODAY

# test_skip TITLE REASON: a visible skip, as git's prerequisites do.
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count # skip $1 ($2)"
}

# page NAME: NAME.json rendered to NAME.html (under $VALGRIND when set:
# make valgrind makes it exit 99 on an error or a leak)
page() {
	# shellcheck disable=SC2086
	${VALGRIND:-} "$HTMLGEN" "$1.json" > "$1.html"
}

# count XPATH FILE: the number xmllint's XPath gives
count() {
	xmllint --html --nonet --xpath "count($1)" "$2" 2>/dev/null
}

test_expect_success 'setup: the models of the example and of a hostile directory' '
	test -x "$HTMLGEN" &&
	fixture hostile &&
	rca audit -f "$EX/contoso.ldif" --waivers "$EX/waivers.xml" \
	    --format json -o contoso.json 2>/dev/null
	test $? -eq 1 &&
	rca audit -f hostile.ldif --format json -o hostile.json 2>/dev/null
	test $? -eq 4 &&
	jq -e ".generated == null" contoso.json hostile.json
'

test_expect_success 'the pages are written' '
	page contoso && page hostile &&
	for p in contoso hostile; do
		test "$(head -n 1 $p.html)" = "<!DOCTYPE html>" || return 1
		test "$(tail -n 1 $p.html)" = "</html>" || return 1
	done
'

test_expect_success 'the pages are well-formed HTML (xmllint --html: no errors)' '
	for p in contoso hostile; do
		xmllint --html --nonet --noout $p.html 2> $p.err &&
		test ! -s $p.err || { cat $p.err; return 1; }
	done
'

test_expect_success 'nothing is loaded from the network; references are plain links' '
	for p in contoso hostile; do
		test "$(count "//script" $p.html)" = 1 &&
		test "$(count "//script[@src] | //link | //iframe | //object |
		    //embed | //base | //form | //audio | //video | //source" \
		    $p.html)" = 0 &&
		test "$(count "//img[not(starts-with(@src, \"data:image/svg+xml;base64,\"))]" \
		    $p.html)" = 0 &&
		test "$(count "//a[@href and not(starts-with(@href, \"#\")) and
		    not(starts-with(@href, \"https://\")) and
		    not(starts-with(@href, \"http://\"))]" $p.html)" = 0 ||
		    return 1
		sed "s|<a class=\"ref\" href=\"https\{0,1\}://[^\"]*\"||g" $p.html |
		    grep -Eio "[a-z-]+=[\"'\'']?(https?:)?//" > $p.urls
		test ! -s $p.urls || { cat $p.urls; return 1; }
		! grep -q "url(\|@import" $p.html || return 1
	done &&
	test "$(count "//a[@class=\"ref\"]" contoso.html)" -gt 0
'

test_expect_success 'the exposure picture is an SVG data: image with titles' '
	sed -n "s|.*<img src=\"data:image/svg+xml;base64,\([^\"]*\)\".*|\1|p" \
	    hostile.html | base64 -d > exposure.svg &&
	xmllint --nonet --noout exposure.svg &&
	test "$(xmllint --xpath "count(//*[local-name()=\"g\"]/*[local-name()=\"title\"])" \
	    exposure.svg)" = \
	    "$(jq "[.connectors[] | select(.relay.unauthenticated == true)] | length" hostile.json)" &&
	! grep -q "<script" exposure.svg &&
	grep -q "EX&lt;img src=x onerror=alert(2)&gt;" exposure.svg
'

test_expect_success 'hostile directory strings appear escaped, as text' '
	grep -qF "&lt;script&gt;alert(1)&lt;/script&gt;" hostile.html &&
	grep -qF "Quote \"double\" '"'"'single'"'"' &amp;amp; &amp;lt;b&amp;gt;" hostile.html &&
	grep -qF "&lt;img src=x onerror=\"window.__pwned='"'"'img'"'"';alert(3)\"&gt;" hostile.html &&
	grep -qF "&lt;/pre&gt;&lt;/code&gt;&lt;script&gt;alert(5)&lt;/script&gt;" hostile.html &&
	grep -qF "&lt;svg onload=alert(4)&gt;" hostile.html &&
	grep -qF ">Evil &lt;b&gt;Org&lt;/b&gt; &amp; \"Co\"<" hostile.html &&
	! grep -qiF "<script>alert" hostile.html &&
	! grep -qiF "<img src=x" hostile.html &&
	! grep -qiF "<svg" hostile.html &&
	test "$(count "//script" hostile.html)" = 1 &&
	test "$(count "//b | //i | //svg | //pre/script" hostile.html)" = 0 &&
	test "$(count "//@*[starts-with(name(), \"on\")]" hostile.html)" = 0
'

test_expect_success 'newlines, bidi overrides and right-to-left text in names' '
	grep -qF "Line one[U+000A]Line two [U+202E]evil[U+202C] Ümläut 中继 📧" hostile.html &&
	grep -qF "ממסר סורק ترحيل" hostile.html &&
	! grep -q "$(printf "\342\200\256")" hostile.html &&
	test "$(count "//span[@dir=\"auto\"][contains(., \"ממסר\")]" hostile.html)" -gt 0
'

test_expect_success 'an incomplete audit carries a banner naming the connector' '
	test "$(count "//*[@id=\"incomplete\"]//li" hostile.html)" = 1 &&
	xmllint --html --xpath "string(//*[@id=\"incomplete\"]//li)" hostile.html |
	    grep -qF "EX02\\</pre></code><script>alert(5)</script>" &&
	test "$(count "//*[@id=\"incomplete\"]" contoso.html)" = 0
'

test_expect_success 'the CSP allows the one script and the style by their hashes' '
	for p in contoso hostile; do
		csp=$(xmllint --html --xpath "string(//meta[@http-equiv=\"Content-Security-Policy\"]/@content)" $p.html) &&
		case "$csp" in
		"default-src '"'"'none'"'"'; script-src '"'"'sha256-"*) ;;
		*) echo "bad CSP: $csp"; return 1 ;;
		esac
		awk "/<script>/ { s = 1; sub(/.*<script>/, \"\") }
		    /<\\/script>/ { sub(/<\\/script>.*/, \"\"); printf \"%s\", \$0; s = 0 }
		    s { print }" $p.html > $p.js &&
		awk "/<style>/ { s = 1; sub(/.*<style>/, \"\") }
		    /<\\/style>/ { sub(/<\\/style>.*/, \"\"); printf \"%s\", \$0; s = 0 }
		    s { print }" $p.html > $p.css &&
		js=$(sha256sum < $p.js | cut -c1-64 | xxd -r -p | base64) &&
		css=$(sha256sum < $p.css | cut -c1-64 | xxd -r -p | base64) &&
		echo "$csp" | grep -qF "script-src '"'"'sha256-$js'"'"';" &&
		echo "$csp" | grep -qF "style-src '"'"'sha256-$css'"'"';" &&
		echo "$csp" | grep -qF "img-src data:" || return 1
	done
'

test_expect_success 'a print stylesheet' '
	grep -q "@media print" contoso.html
'

test_expect_success 'the same input gives the same bytes' '
	"$HTMLGEN" contoso.json > again.html && cmp contoso.html again.html &&
	rca audit -f hostile.ldif --format json -o hostile2.json 2>/dev/null
	test $? -eq 4 &&
	"$HTMLGEN" hostile2.json > hostile2.html && cmp hostile.html hostile2.html
'

test_expect_success 'counts in the page agree with the model' '
	for s in critical high medium low info; do
		test "$(xmllint --html --xpath "string(//*[@id=\"severity-counts\"]/*[@data-severity=\"$s\"]/span[1])" contoso.html)" = \
		    "$(jq ".summary.findings.$s" contoso.json)" || return 1
	done &&
	test "$(count "//table[@id=\"findings-table\"]/tbody/tr" contoso.html)" = \
	    "$(jq ".findings | length" contoso.json)" &&
	test "$(count "//div[contains(@class, \"connector\")]" contoso.html)" = \
	    "$(jq ".connectors | length" contoso.json)"
'

test_expect_code 2 'htmlgen refuses a document that is not an audit report' '
	rca show -f hostile.ldif --format json > show.json &&
	"$HTMLGEN" show.json > /dev/null
'

# `rcaudit audit --html FILE`, once main has it: the same page as htmlgen
# makes of the JSON model.
rca audit -q -f hostile.ldif --html probe.html > /dev/null 2>&1
if [ $? -eq 4 ] && [ -s probe.html ]; then
	test_expect_success 'rcaudit audit --html writes the same page as htmlgen' '
		rca audit -q -f hostile.ldif --html direct.html
		test $? -eq 4 && cmp direct.html hostile.html &&
		rca audit -q -f "$EX/contoso.ldif" --waivers "$EX/waivers.xml" \
		    --html direct2.html
		test $? -eq 1 && cmp direct2.html contoso.html
	'
else
	test_skip 'rcaudit audit --html writes the same page as htmlgen' \
	    'rcaudit audit --html is not available'
fi

test_done
