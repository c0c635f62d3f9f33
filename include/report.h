/* SPDX-License-Identifier: ISC */
/*
 * Rendering connectors: the decoded facts as text for a terminal and as
 * JSON (the facts contract documented in docs/facts-json.md).
 */
#ifndef RCA_REPORT_H
#define RCA_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "baseline.h"
#include "connector.h"
#include "err.h"
#include "rules.h"
#include "waivers.h"

/*
 * The facts of c as a new JSON object (caller json_decref()s it).  The
 * DACL is included when c still holds its descriptor.
 */
json_t	*report_json_connector(const struct connector *);
/* Text of a verdict for JSON: true, false or null. */
json_t	*report_json_verdict(int);
/*
 * A finding as a new JSON object (caller json_decref()s it), with its
 * "baseline" mark and "waiver" (null when there is none).
 */
json_t	*report_json_finding(const struct finding *);
/*
 * The waivers of ws after waivers_apply(), each with its state and what
 * it matched, as a new JSON array (caller json_decref()s it).
 */
json_t	*report_json_waivers(const struct waiverset *);
/*
 * The findings of b that baseline_apply() did not see again, as a new
 * JSON array (caller json_decref()s it).
 */
json_t	*report_json_resolved(const struct baseline *);
/*
 * The findings at or above min, for a terminal: grouped by severity, then
 * identity; one line per finding with the rule id, the title and the
 * baseline mark, then the waiver (accepted, or expired), the evidence,
 * the remediation and the verification.  With colour, severity headings
 * and rule lines are coloured with ANSI escapes (for a terminal).
 * Returns 0, -1 on a stream error.
 */
int	report_text_findings(FILE *, const struct finding *, size_t,
	    enum severity, bool);
/*
 * The "Waivers" section: one line per waiver of ws with its place in the
 * file, state and what it matched.  Returns 0, -1 on a stream error.
 */
int	report_text_waivers(FILE *, const struct waiverset *);
/*
 * The "Resolved" section: the findings of b not seen again; nothing when
 * there are none.  Returns 0, -1 on a stream error.
 */
int	report_text_resolved(FILE *, const struct baseline *);
/* The decoded facts of c, for `rcaudit show`. */
int	report_text_connector(FILE *, const struct connector *);

/*
 * Writers of the whole audit from its JSON model: the report that
 * `rcaudit audit --format json` writes (docs/facts-json.md), loaded back.
 * Every format is rendered from that one document, so they agree.  Each
 * writes to fp (borrowed) and returns 0, or -1 with e set.
 */
int	report_html_write(FILE *, const json_t *, struct err *);
int	report_junit_write(FILE *, const json_t *, struct err *);
int	report_sarif_write(FILE *, const json_t *, struct err *);
int	report_csv_write(FILE *, const json_t *, struct err *);

#endif /* RCA_REPORT_H */
