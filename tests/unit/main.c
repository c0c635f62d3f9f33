/* SPDX-License-Identifier: ISC */
/*
 * The unit test runner: one Check suite per module, registered from the
 * file names tests/unit/check_<module>.c (the Makefile writes suites.h).
 * Honours Check's CK_RUN_SUITE, CK_RUN_CASE, CK_FORK, CK_VERBOSITY,
 * CK_TAP_LOG_FILE_NAME and CK_XML_LOG_FILE_NAME.
 */
#include <stdlib.h>

#include <check.h>

#define SUITE(name) Suite *suite_##name(void);
#include "suites.h"
#undef SUITE

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(NULL);
#define SUITE(name) srunner_add_suite(sr, suite_##name());
#include "suites.h"
#undef SUITE
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
