# rcaudit: audit Exchange receive connectors for unauthenticated relay.
# GNU make; see README for the targets.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share/rcaudit
PKG_CONFIG ?= pkg-config

BUILD	?= build/release
CC	?= cc
# The release build is optimised across modules: a connector's hot path
# runs through rd, sid, sd, access and ipr, and -O3 with link-time
# optimisation spends 21% fewer instructions in it (callgrind) and 20% less
# CPU on a live audit (docs/performance.md).  Other flavours keep -O2.
ifeq ($(BUILD),build/release)
OPT	?= -O3 -flto=auto
endif
OPT	?= -O2
CFLAGS	?= $(OPT) -g
CFLAGS	+= -std=c11 -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wpointer-arith -Wvla
CPPFLAGS += -Iinclude -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -MMD -MP \
	    -DRCA_DATADIR='"$(DATADIR)"' -DRCA_SRCDIR='"$(CURDIR)"'
XML_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags libxml-2.0 2>/dev/null)
XML_LIBS   ?= $(shell $(PKG_CONFIG) --libs libxml-2.0 2>/dev/null || echo -lxml2)
JSON_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags jansson 2>/dev/null)
JSON_LIBS  ?= $(shell $(PKG_CONFIG) --libs jansson 2>/dev/null || echo -ljansson)
LDAP_LIBS  ?= $(shell $(PKG_CONFIG) --libs ldap 2>/dev/null || echo -lldap) -llber
SASL_LIBS  ?= $(shell $(PKG_CONFIG) --libs libsasl2 2>/dev/null || echo -lsasl2)
CHECK_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS ?= $(shell $(PKG_CONFIG) --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)
CPPFLAGS += $(XML_CFLAGS) $(JSON_CFLAGS)
LDFLAGS	+= -Wl,--as-needed $(filter -O% -flto%,$(CFLAGS))
LDLIBS	+= $(JSON_LIBS) $(XML_LIBS) $(LDAP_LIBS) $(SASL_LIBS) -pthread

ifdef SANITIZE
CFLAGS	+= -fsanitize=$(SANITIZE) -fno-sanitize-recover=$(SANITIZE) \
	   -fno-omit-frame-pointer
LDFLAGS	+= -fsanitize=$(SANITIZE)
endif
ifdef COVERAGE
CFLAGS	+= --coverage -O0
LDFLAGS	+= --coverage
endif

VERSION	:= $(shell cat VERSION)
CPPFLAGS += -DRCA_VERSION='"$(VERSION)"'

LIB_SRCS := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/src/%.o)
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%.o)
TOOLS	:= $(BUILD)/mkldif $(BUILD)/genorg

BIN	:= $(BUILD)/rcaudit
LIBRCA	:= $(BUILD)/librca.a
UNIT	:= $(BUILD)/unit-tests

MANS	:= docs/rcaudit.1 docs/rcaudit-rules.5 docs/rcaudit-waivers.5

.PHONY: all deps deps-check demo check unit e2e asan valgrind install \
	uninstall clean lint hdrcheck bench tools

all: $(BIN)

deps:
	@scripts/install-deps build

deps-check:
	@scripts/install-deps check

$(BUILD)/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/unit/%.o: tests/unit/%.c $(BUILD)/tests/unit/suites.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -I$(BUILD)/tests/unit $(CHECK_CFLAGS) $(CFLAGS) \
	    -Wno-missing-prototypes -c -o $@ $<

# Every tests/unit/check_<module>.c defines suite_<module>().
$(BUILD)/tests/unit/suites.h: $(wildcard tests/unit/check_*.c)
	@mkdir -p $(@D)
	@for f in $(sort $(notdir $(basename $(wildcard tests/unit/check_*.c)))); do \
		echo "SUITE($${f#check_})"; done > $@.tmp && mv $@.tmp $@

$(BUILD)/tools/%.o: tests/tools/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tools/%.o: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIBRCA): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(BUILD)/src/main.o $(LIBRCA)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(UNIT): $(UNIT_OBJS) $(LIBRCA)
	$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)

$(BUILD)/%: $(BUILD)/tools/%.o $(LIBRCA)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

tools: $(TOOLS)

# Fixtures written in readable form (SDDL) are compiled to real LDIF.
FIXTURE_INS := $(wildcard tests/data/dir/*.ldif.in) $(wildcard examples/*.ldif.in)

demo: deps
	@$(MAKE) --no-print-directory all tools
	@scripts/demo $(BIN)

unit: $(UNIT)
	cd tests/unit && CK_VERBOSITY=$${CK_VERBOSITY:-normal} $(VALGRIND) ../../$(UNIT)

e2e: $(BIN) $(TOOLS)
	@RCAUDIT=$(abspath $(BIN)) MKLDIF=$(abspath $(BUILD)/mkldif) \
	    GENORG=$(abspath $(BUILD)/genorg) VALGRIND="$(VALGRIND)" \
	    tests/e2e/run

# Fragments add test targets to CHECK_EXTRA (run after e2e, before asan).
CHECK_EXTRA ?=
check: deps-check
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory e2e
	@for t in $(CHECK_EXTRA); do \
		$(MAKE) --no-print-directory $$t || exit 1; done
	@$(MAKE) --no-print-directory asan

ASAN_MAKE = $(MAKE) --no-print-directory BUILD=build/asan CC=clang \
	    SANITIZE=address,undefined
asan:
	@$(ASAN_MAKE) unit
	@$(ASAN_MAKE) e2e

# CFLAGS through the environment, so that the += flags above still apply.
VG_MAKE = CFLAGS="-O1 -g" $(MAKE) --no-print-directory BUILD=build/valgrind \
	    VALGRIND="valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect"
valgrind:
	@CK_FORK=no $(VG_MAKE) unit
	@$(VG_MAKE) e2e

bench: $(BIN) $(TOOLS)
	bench/run $(BIN) $(BUILD)/genorg

lint: hdrcheck
	mandoc -Tlint -W warning $(MANS)

hdrcheck:
	@for h in include/*.h; do \
		echo "#include \"$$(basename $$h)\"" | \
		    $(CC) $(filter-out -MMD -MP,$(CPPFLAGS)) $(CFLAGS) \
		    -x c -fsyntax-only - || exit 1; \
	done; echo "hdrcheck: ok"

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/rules
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/rcaudit
	for m in $(MANS); do sec=$${m##*.}; \
	    install -d $(DESTDIR)$(MANDIR)/man$$sec && \
	    install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$sec/ || exit 1; done
	install -m 644 rules/*.xml rules/*.rng $(DESTDIR)$(DATADIR)/rules/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/rcaudit
	for m in $(MANS); do sec=$${m##*.}; \
	    rm -f $(DESTDIR)$(MANDIR)/man$$sec/$$(basename $$m); done
	for f in rules/*.xml rules/*.rng; do \
	    rm -f $(DESTDIR)$(DATADIR)/rules/$$(basename "$$f"); done
	-rmdir $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(DATADIR)

clean:
	rm -rf build

# Fuzzing and coverage (tests/fuzz/fuzz.mk); live-directory tests
# (tests/live/live.mk).  Each fragment adds its own targets.
-include tests/fuzz/fuzz.mk
-include tests/live/live.mk
-include tests/browser/browser.mk

-include $(shell find build -name '*.d' 2>/dev/null)

