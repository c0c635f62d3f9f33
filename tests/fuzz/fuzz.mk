# SPDX-License-Identifier: ISC
# Fuzzing and coverage: a fragment of the top Makefile (included at its
# end, so LIB_SRCS, CPPFLAGS, LDLIBS, ... are set).  See docs/robustness.md.
#
#   make fuzz-build                 libFuzzer targets in build/fuzz/, and
#                                   their replay builds in build/fuzz/replay/
#   make fuzz-regress               replay tests/fuzz/regressions/ and the
#                                   corpora (ASan+UBSan, no libFuzzer)
#   make fuzz [FUZZ_SECONDS=60]     fuzz-regress, then each target for N s
#   make fuzz-corpus                re-minimise tests/fuzz/corpus/ (-merge=1)
#                                   from the seeds and what fuzzing found
#   make coverage                   unit + e2e coverage of src/ (gcovr), and
#                                   the parsers' coverage by the corpus alone
#
# The library (all of LIB_SRCS) is built again for each flavour by a
# sub-make with its own BUILD, so build/release is never touched.  CFLAGS
# goes to the sub-make through the environment, not the command line, so
# that the top Makefile's "CFLAGS +=" lines (warnings, -std, SANITIZE,
# COVERAGE) still apply.

FUZZ_TARGETS	:= sd sddl ipr ldif audit rules waivers
FUZZ_SECONDS	?= 60
FUZZ_OPTS	?=
# Edges only (no hit counts) when minimising: ~100 files a target, not 500.
FUZZ_CORPUS_OPTS ?= -use_counters=0
FUZZ_DIR	:= build/fuzz
FUZZ_CC		:= clang
FUZZ_SAN	:= address,undefined
FUZZ_CFLAGS	:= -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link
FUZZ_WARN	:= -std=c11 -Wall -Wextra -Wformat=2 -Wshadow \
		   -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith \
		   -Wvla
FUZZ_TCFLAGS	:= $(FUZZ_CFLAGS) $(FUZZ_WARN) -fsanitize=$(FUZZ_SAN) \
		   -fno-sanitize-recover=$(FUZZ_SAN) -Itests/fuzz
# A dictionary helps the two LDIF targets find attribute names.
FUZZ_DICT_ldif	:= -dict=tests/fuzz/ldif.dict
FUZZ_DICT_audit	:= -dict=tests/fuzz/ldif.dict
FUZZ_DICT_sddl	:= -dict=tests/fuzz/sddl.dict
# Inputs of the LDIF targets stay under 16 KB, so that each execution and
# the corpus stay small.
FUZZ_DICT_ldif	+= -max_len=16384
FUZZ_DICT_audit	+= -max_len=16384

FUZZ_LIB	:= $(FUZZ_DIR)/librca.a
FCOV_LIB	:= build/fuzz-cov/librca.a

FUZZ_BINS	:= $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_REPLAYS	:= $(FUZZ_TARGETS:%=$(FUZZ_DIR)/replay/fuzz_%)
FUZZ_UTIL	:= $(FUZZ_DIR)/fuzz/fuzz_util.o

# The coverage build of the replay drivers (gcc, so that gcovr's gcov
# reads its notes).
FCOV_DIR	:= build/fuzz-cov
FCOV_BINS	:= $(FUZZ_TARGETS:%=$(FCOV_DIR)/replay/fuzz_%)
COV_DIR		:= build/coverage
GCOVR		?= gcovr
# The parsers, whose coverage by the corpus alone is reported.
FUZZ_PARSERS	:= src/rd.c src/sid.c src/guid.c src/sd.c src/access.c \
		   src/ipr.c src/snapshot.c src/entry.c

.PHONY: fuzz fuzz-build fuzz-regress fuzz-corpus fuzz-seed coverage \
	fuzz-lib fcov-lib deps-fuzz

# clang, its libFuzzer runtime, gcovr (scripts/install-deps fuzz).
deps-fuzz:
	@scripts/install-deps fuzz

fuzz-lib: deps-fuzz
	@CFLAGS='$(FUZZ_CFLAGS)' $(MAKE) --no-print-directory \
	    BUILD=$(FUZZ_DIR) CC=$(FUZZ_CC) SANITIZE=$(FUZZ_SAN) $(FUZZ_LIB)

$(FUZZ_DIR)/fuzz/%.o: tests/fuzz/%.c tests/fuzz/fuzz.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_TCFLAGS) -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/fuzz/fuzz_%.o $(FUZZ_UTIL) fuzz-lib
	$(FUZZ_CC) -fsanitize=fuzzer,$(FUZZ_SAN) $(LDFLAGS) -o $@ \
	    $< $(FUZZ_UTIL) $(FUZZ_LIB) $(LDLIBS)

$(FUZZ_DIR)/replay/fuzz_%: $(FUZZ_DIR)/fuzz/fuzz_%.o $(FUZZ_UTIL) \
    $(FUZZ_DIR)/fuzz/replay.o fuzz-lib
	@mkdir -p $(@D)
	$(FUZZ_CC) -fsanitize=$(FUZZ_SAN) $(LDFLAGS) -o $@ $< $(FUZZ_UTIL) \
	    $(FUZZ_DIR)/fuzz/replay.o $(FUZZ_LIB) $(LDLIBS)

fuzz-build: $(FUZZ_BINS) $(FUZZ_REPLAYS)

fuzz-regress: $(FUZZ_REPLAYS)
	@tests/fuzz/regress $(FUZZ_DIR)/replay $(FUZZ_TARGETS)

# Each target reads its corpus and writes what it finds to build/fuzz/work/: the
# checked-in corpus only changes through fuzz-corpus.  A crash leaves its
# input in build/fuzz/artifacts/<target>/: copy it to
# tests/fuzz/regressions/<target>/.
fuzz: fuzz-build
	@$(MAKE) --no-print-directory fuzz-regress
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_DIR)/work/$$t $(FUZZ_DIR)/artifacts/$$t \
		    $(FUZZ_DIR)/log; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		if ! $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
		    -timeout=25 -print_final_stats=1 \
		    -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t/ \
		    $(FUZZ_DICT_$$t) $(FUZZ_OPTS) $(FUZZ_DIR)/work/$$t \
		    tests/fuzz/corpus/$$t > $(FUZZ_DIR)/log/$$t.txt 2>&1; \
		then \
			tail -60 $(FUZZ_DIR)/log/$$t.txt; \
			echo "fuzz: $$t FAILED; the input is in" \
			    "$(FUZZ_DIR)/artifacts/$$t/"; exit 1; \
		fi; \
		grep -E '^stat::(number_of_executed_units|peak_rss)' \
		    $(FUZZ_DIR)/log/$$t.txt | sed "s/^/fuzz: $$t: /"; \
	done; echo "fuzz: every target ran $(FUZZ_SECONDS) s clean"

fuzz-seed: $(BUILD)/mkldif
	@tests/fuzz/seed $(BUILD)/mkldif $(FUZZ_DIR)/seed

# -merge=1 keeps the smallest set of inputs that reaches every feature
# the seeds, the old corpus and the fuzzing work reach together.
fuzz-corpus: fuzz-build fuzz-seed
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_DIR)/work/$$t; \
		rm -rf tests/fuzz/corpus/$$t.new; \
		mkdir -p tests/fuzz/corpus/$$t.new; \
		$(FUZZ_DIR)/fuzz_$$t -merge=1 $(FUZZ_CORPUS_OPTS) \
		    $(FUZZ_DICT_$$t) \
		    tests/fuzz/corpus/$$t.new $(FUZZ_DIR)/seed/$$t \
		    $$( [ -d tests/fuzz/corpus/$$t ] && \
		    echo tests/fuzz/corpus/$$t ) $(FUZZ_DIR)/work/$$t \
		    > $(FUZZ_DIR)/merge-$$t.log 2>&1 || { \
		    tail -20 $(FUZZ_DIR)/merge-$$t.log; exit 1; }; \
		rm -rf tests/fuzz/corpus/$$t; \
		mv tests/fuzz/corpus/$$t.new tests/fuzz/corpus/$$t; \
		echo "fuzz-corpus: $$t: $$(ls tests/fuzz/corpus/$$t | wc -l)" \
		    "files"; \
	done

# Coverage.  The unit and e2e tests run on a --coverage -O0 build of the
# whole tree (the top Makefile's COVERAGE=1); the corpus replays through a
# --coverage build of the replay drivers.  Counters are reset first.
fcov-lib:
	@CFLAGS='-O0 -g' $(MAKE) --no-print-directory BUILD=$(FCOV_DIR) \
	    COVERAGE=1 $(FCOV_LIB)

$(FCOV_DIR)/fuzz/%.o: tests/fuzz/%.c tests/fuzz/fuzz.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -O0 -g --coverage $(FUZZ_WARN) -Itests/fuzz \
	    -c -o $@ $<

$(FCOV_DIR)/replay/fuzz_%: $(FCOV_DIR)/fuzz/fuzz_%.o \
    $(FCOV_DIR)/fuzz/fuzz_util.o $(FCOV_DIR)/fuzz/replay.o fcov-lib
	@mkdir -p $(@D)
	$(CC) --coverage $(LDFLAGS) -o $@ $< $(FCOV_DIR)/fuzz/fuzz_util.o \
	    $(FCOV_DIR)/fuzz/replay.o $(FCOV_LIB) $(LDLIBS)

coverage: deps-fuzz
	@mkdir -p $(COV_DIR) $(FCOV_DIR)
	@find $(COV_DIR) $(FCOV_DIR) -name '*.gcda' -delete
	@CFLAGS='-O0 -g' $(MAKE) --no-print-directory BUILD=$(COV_DIR) \
	    COVERAGE=1 unit e2e > $(COV_DIR)/tests.log 2>&1 || { \
	    tail -40 $(COV_DIR)/tests.log; exit 1; }
	@$(MAKE) --no-print-directory $(FCOV_BINS)
	@for t in $(FUZZ_TARGETS); do \
		$(FCOV_DIR)/replay/fuzz_$$t tests/fuzz/corpus/$$t || exit 1; \
	done
	@{ echo "== unit + e2e: lines, src/"; \
	  $(GCOVR) -r . -f 'src/' $(COV_DIR); \
	  echo; echo "== unit + e2e: branches, src/"; \
	  $(GCOVR) -r . -f 'src/' --branches $(COV_DIR); \
	  echo; echo "== fuzz corpus alone: lines, parsers"; \
	  $(GCOVR) -r . $(FUZZ_PARSERS:%=-f '%') $(FCOV_DIR); \
	  echo; echo "== fuzz corpus alone: branches, parsers"; \
	  $(GCOVR) -r . $(FUZZ_PARSERS:%=-f '%') --branches $(FCOV_DIR); \
	  echo; echo "== fuzz corpus alone: lines, src/"; \
	  $(GCOVR) -r . -f 'src/' $(FCOV_DIR); \
	} | awk '/^(src\/|TOTAL|File )/ { printf "%-28s %7s %7s %6s\n", \
	    $$1, $$2, $$3, $$4; next } { print }' > $(COV_DIR)/coverage.txt
	@cat $(COV_DIR)/coverage.txt

# Keep the objects that the pattern chains above would delete.
.SECONDARY: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz/fuzz_%.o) $(FUZZ_UTIL) \
	$(FUZZ_DIR)/fuzz/replay.o $(FUZZ_TARGETS:%=$(FCOV_DIR)/fuzz/fuzz_%.o) \
	$(FCOV_DIR)/fuzz/fuzz_util.o $(FCOV_DIR)/fuzz/replay.o
