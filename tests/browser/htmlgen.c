/* SPDX-License-Identifier: ISC */
/*
 * htmlgen: the HTML report of a saved audit model, for the browser tests
 * (and for rendering a report again from its JSON):
 *
 *   htmlgen MODEL.json > REPORT.html
 *
 * MODEL.json is what `rcaudit audit --format json` writes; the page is
 * what report_html_write() makes of it.  Exit 0, 2 when the model cannot
 * be loaded or is not an audit report, 3 when the page cannot be written.
 */
#include <stdio.h>

#include <jansson.h>

#include "err.h"
#include "report.h"

/* Load the model named by argv[1] and write its page to stdout. */
int
main(int argc, char **argv)
{
	json_error_t je;
	json_t *model;
	struct err e;
	int rc = 0;

	if (argc != 2) {
		(void)fputs("usage: htmlgen MODEL.json > REPORT.html\n",
		    stderr);
		return 2;
	}
	if ((model = json_load_file(argv[1], 0, &je)) == NULL) {
		(void)fprintf(stderr, "htmlgen: %s:%d:%d: %s\n", argv[1],
		    je.line, je.column, je.text);
		return 2;
	}
	err_clear(&e);
	if (report_html_write(stdout, model, &e) == -1) {
		(void)fprintf(stderr, "htmlgen: %s: %s\n", argv[1], e.msg);
		rc = e.kind == ERR_IO ? 3 : 2;
	}
	json_decref(model);
	return rc;
}
