# A leak in the program under test fails the case, with the report of
# valgrind (when JOBHASH_WRAPPER runs it) or of LeakSanitizer (in the
# sanitizer build), and never mixes that report into the captured stderr.

case ${JOBHASH_WRAPPER:-} in
*valgrind*)
	${CC:-cc} -o fake "$E2E_DIR/selftest/fake.c"
	;;
*)
	[ -n "${ASAN_OPTIONS:-}" ] ||
		skip "no leak checker: JOBHASH_WRAPPER is not valgrind and ASAN_OPTIONS is not set"
	${CC:-cc} -fsanitize=address -o fake "$E2E_DIR/selftest/fake.c"
	;;
esac
export JOBHASH="$PWD/fake"

run echo clean
expect_exit 0
expect_stderr </dev/null

if (run leak) >reason.txt 2>&1; then
	fail "a leaking program passed run"
fi
grep -q -F -e "64 bytes in 1 " -e "64 byte(s) in 1 " reason.txt || fail "the leak report is missing: $(cat reason.txt)"
grep -q -e "^failed: valgrind reported errors for: jobhash leak$" \
	-e "^failed: a sanitizer reported errors for: jobhash leak$" reason.txt ||
	fail "the reason does not name the run: $(cat reason.txt)"
[ ! -s "$STDERR" ] || fail "the leak report reached the captured stderr: $(cat "$STDERR")"
