# SPDX-License-Identifier: ISC
# A small git-style TAP library for the end-to-end scripts.
#   test_expect_success 'title' 'commands'
#   test_expect_code N 'title' 'commands'   (last command's exit status)
#   test_done
# Each script runs in its own scratch directory ($TRASH); fixtures are
# compiled there from tests/data/dir/*.ldif.in with mkldif.

set -u
: "${RCAUDIT:?RCAUDIT must name the rcaudit binary}"
: "${MKLDIF:?MKLDIF must name the mkldif tool}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DATA=$TOP/tests/data
EXPECTED=$TOP/tests/e2e/expected
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/rca-e2e.XXXXXX")
trap 'rm -rf "$TRASH"' EXIT
cd "$TRASH" || exit 1

test_count=0
test_failed=0

# rcaudit under $VALGRIND when set (make valgrind, which makes valgrind
# exit 99 on an error or leak); such a run fails the script at test_done
# even where the test itself only looks at the output.
rca() {
	# shellcheck disable=SC2086
	${VALGRIND:-} "$RCAUDIT" "$@"
	_rca_rc=$?
	if [ -n "${VALGRIND:-}" ] && [ $_rca_rc -eq 99 ]; then
		echo "rcaudit $*" >> "$TRASH/.valgrind-errors"
	fi
	return $_rca_rc
}

# fixture NAME: compile tests/data/dir/NAME.ldif.in to ./NAME.ldif
fixture() {
	"$MKLDIF" "$DATA/dir/$1.ldif.in" > "$1.ldif" || {
		echo "# cannot compile fixture $1" >&2
		return 1
	}
}

# compare EXPECTED-NAME ACTUAL-FILE: diff against a golden file;
# UPDATE_GOLDEN=1 rewrites it instead.
compare() {
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$2" "$EXPECTED/$1"
		return 0
	fi
	diff -u "$EXPECTED/$1" "$2"
}

_run() {
	test_count=$((test_count + 1))
	( eval "$2" ) > "$TRASH/.out" 2>&1
	_rc=$?
	if [ "$1" = ok ] && [ $_rc -eq 0 ]; then
		echo "ok $test_count - $3"
	elif [ "$1" != ok ] && [ $_rc -eq "$1" ]; then
		echo "ok $test_count - $3"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $3 (exit $_rc)"
		sed 's/^/#   /' "$TRASH/.out"
	fi
}

test_expect_success() { _run ok "$2" "$1"; }
test_expect_code() { _run "$1" "$3" "$2"; }

test_done() {
	echo "1..$test_count"
	if [ -s "$TRASH/.valgrind-errors" ]; then
		echo "# valgrind reported errors in:"
		sed 's/^/#   /' "$TRASH/.valgrind-errors"
		return 1
	fi
	[ "$test_failed" -eq 0 ]
}
