# postreply: one Makefile for the whole tree. Output goes to $(B)
# (build/ by default; the test build uses build/san with sanitizers).

B ?= build
CC ?= cc
PKGS = libpq json-c libcurl gmime-3.0
# The package's version, from debian/changelog (heartbeats report it).
VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)
CFLAGS_BASE = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -O2 \
	-DPOSTREPLY_VERSION='"$(VERSION)"' \
	-Ilib -I$(B)/gen $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# GCC leaves float-cast-overflow out of "undefined": a huge number in a
# reply converted to int would otherwise go unseen by the test build.
SAN_FLAGS = -fsanitize=address,undefined,float-cast-overflow \
	-fno-omit-frame-pointer -fno-sanitize-recover=undefined,float-cast-overflow
ifeq ($(SAN),1)
CFLAGS_BASE += $(SAN_FLAGS)
LDFLAGS += $(SAN_FLAGS)
endif
CFLAGS += $(CFLAGS_BASE) -MMD -MP
LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread

LIB_SRC = $(wildcard lib/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(B)/obj/%.o) $(B)/obj/gen/migrations.o
MILTER_OBJ = $(patsubst %.c,$(B)/obj/%.o,$(wildcard milter/*.c))
CTL_OBJ = $(patsubst %.c,$(B)/obj/%.o,$(wildcard ctl/*.c))
POLICYD_OBJ = $(patsubst %.c,$(B)/obj/%.o,$(wildcard policyd/*.c))
ANALYZER_SRC = $(filter-out analyzer/main.c,$(wildcard analyzer/*.c))
ANALYZER_OBJ = $(ANALYZER_SRC:%.c=$(B)/obj/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

PROGS = $(B)/bin/postreply-milter $(B)/bin/postreplyctl \
	$(B)/bin/postreply-policyd $(B)/bin/postreply-analyzer

.PHONY: all deps check unit fuzz fuzz-run integration bench bench-programs demo \
	demo-stop clean format install deb
all: $(PROGS)

deps:
	@scripts/deps

$(B)/gen/migrations.c: scripts/embed-sql $(sort $(wildcard sql/*.sql))
	@mkdir -p $(@D)
	@scripts/embed-sql $@ $(sort $(wildcard sql/*.sql))

$(B)/obj/gen/migrations.o: $(B)/gen/migrations.c
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -c -o $@ $<

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

$(B)/libpostreply.a: $(LIB_OBJ)
	ar rcs $@ $^

$(B)/bin/postreply-milter: $(MILTER_OBJ) $(B)/libpostreply.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/bin/postreply-policyd: $(POLICYD_OBJ) $(B)/libpostreply.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/bin/postreply-analyzer: $(B)/obj/analyzer/main.o $(ANALYZER_OBJ) $(B)/libpostreply.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

# postreplyctl checks working hours and zones as the analyzer reads them.
$(B)/bin/postreplyctl: $(CTL_OBJ) $(B)/obj/analyzer/schedule.o \
	$(B)/obj/analyzer/tz.o $(B)/libpostreply.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

# Unit tests link the module under test from the library, and the
# milter's libmilter-free modules and the analyzer's modules.
$(B)/tests/%: tests/unit/%.c $(filter-out %/main.o %/milter.o,$(MILTER_OBJ)) $(filter-out %/main.o,$(POLICYD_OBJ)) $(ANALYZER_OBJ) $(B)/libpostreply.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka $(LIBS)

unit: $(UNIT_BIN)

# libFuzzer targets, one per parser, built with clang from the sources so
# that all of the code is instrumented. fuzz-run gives each a few seconds,
# starting from the seeds in tests/fuzz/corpus/<target>/.
$(B)/fuzz/%: tests/fuzz/%.c $(LIB_SRC) milter/message.c milter/authres.c milter/engine.c policyd/request.c \
	$(ANALYZER_SRC) $(B)/gen/migrations.c
	@mkdir -p $(@D)
	clang $(CFLAGS_BASE) $(FUZZ_FLAGS) -o $@ $(filter %.c,$^) $(LIBS)

fuzz: $(FUZZ_BIN)

# make fuzz-run FUZZ_SECONDS=600 for a longer run than make check's.
fuzz-run: fuzz
	tests/run $(B) fuzz

# The whole test suite, under AddressSanitizer and UBSan. The bench's
# programs are built too, so that make bench does not rot unseen.
check: deps
	$(MAKE) B=build/san SAN=1 all unit fuzz bench-programs
	tests/run build/san

$(B)/bench/%: tests/bench/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< -lpthread

# The references: Postfix's side of a milter and a policy server that do
# nothing of postreply's own work.
$(B)/bench/null_milter: tests/bench/null_milter.c $(B)/obj/milter/engine.o \
	$(B)/libpostreply.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Imilter $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/bench/null_policy: tests/bench/null_policy.c $(B)/libpostreply.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# The reading of a reply in a process of its own, against in-process.
$(B)/bench/reading_bench: tests/bench/reading_bench.c $(ANALYZER_OBJ) \
	$(B)/libpostreply.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

BENCH_BIN = $(addprefix $(B)/bench/,policyd_bench smtp_load null_milter \
	null_policy reading_bench)

bench-programs: $(BENCH_BIN)

# Performance, measured on this machine: see README "Performance".
bench: deps all bench-programs
	scripts/bench

demo: deps all
	scripts/demo

# Installation, for those who do not use the Debian package (make deb),
# which installs the same files through this rule with PREFIX=/usr. An
# existing configuration file is left as it is.
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
SYSTEMDDIR ?= $(PREFIX)/lib/systemd
UNITS = postreply-milter postreply-policyd postreply-analyzer
MANPAGES = $(wildcard man/*.[58])

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(SYSCONFDIR)/postreply \
		$(DESTDIR)$(SYSTEMDDIR)/system $(DESTDIR)$(PREFIX)/lib/sysusers.d \
		$(DESTDIR)$(PREFIX)/lib/tmpfiles.d $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man8
	install -m 755 $(PROGS) $(DESTDIR)$(SBINDIR)
	[ -e $(DESTDIR)$(SYSCONFDIR)/postreply/postreply.conf ] || \
		install -m 640 conf/postreply.conf.sample \
		$(DESTDIR)$(SYSCONFDIR)/postreply/postreply.conf
	for u in $(UNITS); do \
		sed 's|@SBINDIR@|$(SBINDIR)|g' systemd/$$u.service.in \
		>$(DESTDIR)$(SYSTEMDDIR)/system/$$u.service || exit 1; \
		chmod 644 $(DESTDIR)$(SYSTEMDDIR)/system/$$u.service; \
	done
	install -m 644 systemd/postreply.sysusers \
		$(DESTDIR)$(PREFIX)/lib/sysusers.d/postreply.conf
	install -m 644 systemd/postreply.tmpfiles \
		$(DESTDIR)$(PREFIX)/lib/tmpfiles.d/postreply.conf
	for m in $(MANPAGES); do \
		install -m 644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.} || exit 1; \
	done

# The Debian package, built with debhelper into build/deb/.
deb:
	scripts/deb

demo-stop:
	scripts/demo stop

format:
	clang-format -i $(wildcard lib/*.[ch] milter/*.[ch] policyd/*.[ch] \
		analyzer/*.[ch] ctl/*.[ch] tests/unit/*.c tests/fuzz/*.c \
		tests/bench/*.c)

clean:
	rm -rf build

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
