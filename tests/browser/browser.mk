# SPDX-License-Identifier: ISC
# The HTML report in a real headless Chromium: a fragment of the top
# Makefile (included at its end, so BUILD, CPPFLAGS, LDLIBS, ... are set).
#
#   make browser      install Chromium and Node (scripts/install-deps
#                     browser) and playwright-core (npm ci, from the
#                     committed package-lock.json), then run
#                     tests/browser/html.test.js; screenshots go to
#                     build/browser/*.png
#
# The tests drive Debian's /usr/bin/chromium: playwright never downloads a
# browser of its own.  htmlgen renders a saved JSON model with
# report_html_write(), so a page can be made from any model.

HTMLGEN		:= $(BUILD)/htmlgen
BROWSER_DIR	:= tests/browser
BROWSER_OUT	:= build/browser
BROWSER_NPM	:= $(BROWSER_DIR)/node_modules/.package-lock.json

CHECK_EXTRA	+= browser

.PHONY: browser browser-deps

$(BUILD)/tools/%.o: tests/browser/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BROWSER_NPM): $(BROWSER_DIR)/package.json $(BROWSER_DIR)/package-lock.json
	cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --loglevel=error

browser-deps:
	@scripts/install-deps browser
	@$(MAKE) --no-print-directory $(BROWSER_NPM)

browser: $(BIN) $(TOOLS) $(HTMLGEN) browser-deps
	@mkdir -p $(BROWSER_OUT)
	@RCAUDIT=$(abspath $(BIN)) MKLDIF=$(abspath $(BUILD)/mkldif) \
	    HTMLGEN=$(abspath $(HTMLGEN)) OUT=$(abspath $(BROWSER_OUT)) \
	    node --test --test-reporter=spec $(BROWSER_DIR)/html.test.js

# tests/e2e/t0008-html.sh renders pages with the htmlgen beside rcaudit.
e2e: $(HTMLGEN)
.SECONDARY: $(BUILD)/tools/htmlgen.o
