# SPDX-License-Identifier: ISC
# Live-directory tests (included by the top Makefile): rcaudit against a
# private slapd on loopback that the tests set up and start themselves.
#   make live         release build
#   make live-asan    the same under ASan+UBSan (build/asan/rcaudit)
#   make live-samba   against a throwaway Samba AD DC (tests/live/samba,
#                     docs/samba-testbed.md; root, ~15-30 s)

CHECK_EXTRA += live live-asan live-samba

.PHONY: live live-asan live-samba

live: $(BIN) $(TOOLS)
	@scripts/install-deps live
	@RCAUDIT=$(abspath $(BIN)) MKLDIF=$(abspath $(BUILD)/mkldif) \
	    GENORG=$(abspath $(BUILD)/genorg) tests/live/run

live-asan:
	@$(ASAN_MAKE) live

live-samba: $(BIN)
	@scripts/install-deps samba
	@RCAUDIT=$(abspath $(BIN)) tests/live/samba/run
