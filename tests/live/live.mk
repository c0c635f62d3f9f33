# SPDX-License-Identifier: ISC
# Live-directory tests (included by the top Makefile): rcaudit against a
# private slapd on loopback that the tests set up and start themselves.
#   make live         release build
#   make live-asan    the same under ASan+UBSan (build/asan/rcaudit)

CHECK_EXTRA += live live-asan

.PHONY: live live-asan

live: $(BIN) $(TOOLS)
	@scripts/install-deps live
	@RCAUDIT=$(abspath $(BIN)) MKLDIF=$(abspath $(BUILD)/mkldif) \
	    GENORG=$(abspath $(BUILD)/genorg) tests/live/run

live-asan:
	@$(ASAN_MAKE) live
