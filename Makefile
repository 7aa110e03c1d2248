# SPDX-License-Identifier: BSD-2-Clause
# postreply: one Makefile for the whole tree. Output goes to $(B)
# (build/ by default; the test build uses build/san with sanitizers).

B ?= build
CC ?= cc
# make CFLAGS=... (or dpkg-buildflags' CFLAGS, CPPFLAGS and LDFLAGS)
# changes optimisation and hardening; the rest below always applies.
CFLAGS ?= -g -O2
# The package's version, from debian/changelog (heartbeats report it).
VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)
pkg_cflags = $(shell pkg-config --cflags $(1) 2>/dev/null)
pkg_libs = $(shell pkg-config --libs $(1) 2>/dev/null)
ALL_PKGS = libpq json-c libcurl gmime-3.0 glib-2.0 libmicrohttpd
# util: generic code. core: postreply's facts and the database. reading:
# mail as text and analysis, no database. Programs: milter, policyd,
# analyzer, ctl.
INCLUDES = -Iutil -Icore -Ireading -I$(B)/gen
WARN = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror
# GCC leaves float-cast-overflow out of "undefined": a huge number in a
# reply converted to int would otherwise go unseen by the test build.
SAN_FLAGS = -fsanitize=address,undefined,float-cast-overflow \
	-fno-omit-frame-pointer -fno-sanitize-recover=undefined,float-cast-overflow
ifeq ($(SAN),1)
SAN_CFLAGS = $(SAN_FLAGS)
SAN_LDFLAGS = $(SAN_FLAGS)
endif
CFLAGS_BASE = $(WARN) -DPOSTREPLY_VERSION='"$(VERSION)"' $(INCLUDES) \
	$(call pkg_cflags,$(ALL_PKGS)) $(SAN_CFLAGS)
ALL_CFLAGS = $(CFLAGS_BASE) $(CPPFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(SAN_LDFLAGS) $(LDFLAGS)

# What each program links: only the libraries it uses. (libcurl for the
# milter and policyd only while core/conf.c checks submit_url with it.)
MILTER_LIBS = $(call pkg_libs,libpq) -lpthread
POLICYD_LIBS = $(call pkg_libs,libpq) -lpthread
CTL_LIBS = $(call pkg_libs,libpq json-c libcurl gmime-3.0 glib-2.0) -lcrypt
ANALYZER_LIBS = $(call pkg_libs,libpq json-c libcurl gmime-3.0 glib-2.0) -lpthread
WEB_LIBS = $(call pkg_libs,libpq json-c libmicrohttpd libcurl gmime-3.0 glib-2.0) -lcrypt -lpthread
LIBS = $(ANALYZER_LIBS) $(call pkg_libs,libmicrohttpd) -lcrypt

objs = $(patsubst %.c,$(B)/obj/%.o,$(wildcard $(1)/*.c))
UTIL_OBJ = $(call objs,util)
CORE_OBJ = $(call objs,core) $(B)/obj/gen/migrations.o
READING_OBJ = $(call objs,reading)
MILTER_OBJ = $(call objs,milter)
POLICYD_OBJ = $(call objs,policyd)
ANALYZER_OBJ = $(call objs,analyzer)
CTL_OBJ = $(call objs,ctl)
WEB_OBJ = $(call objs,web) $(B)/obj/gen/assets.o
# The libraries, in link order: a library only uses those after it.
LIBUTIL = $(B)/libutil.a
LIBCORE = $(B)/libcore.a
LIBREADING = $(B)/libreading.a
ARCHIVES = $(LIBREADING) $(LIBCORE) $(LIBUTIL)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

PROGS = $(B)/bin/postreply-milter $(B)/bin/postreplyctl \
	$(B)/bin/postreply-policyd $(B)/bin/postreply-analyzer \
	$(B)/bin/postreply-web

.PHONY: all deps check unit fuzz fuzz-run integration bench bench-web bench-programs demo \
	demo-stop clean format install deb
all: $(PROGS)

deps:
	@scripts/deps

$(B)/gen/migrations.c: scripts/embed-sql $(sort $(wildcard sql/*.sql))
	@mkdir -p $(@D)
	@scripts/embed-sql $@ $(sort $(wildcard sql/*.sql))

# The web's pages, embedded as the migrations are.
$(B)/gen/assets.c: scripts/embed-assets $(sort $(wildcard web/assets/*))
	@mkdir -p $(@D)
	@scripts/embed-assets $@ $(sort $(wildcard web/assets/*))

$(B)/obj/gen/assets.o: $(B)/gen/assets.c
	@mkdir -p $(@D)
	@$(CC) $(ALL_CFLAGS) -Iweb -c -o $@ $<

$(B)/obj/gen/migrations.o: $(B)/gen/migrations.c
	@mkdir -p $(@D)
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBUTIL): $(UTIL_OBJ)
	ar rcs $@ $^
$(LIBCORE): $(CORE_OBJ)
	ar rcs $@ $^
$(LIBREADING): $(READING_OBJ)
	ar rcs $@ $^
# A program's modules but its main, for the unit tests and benches.
$(B)/milter-modules.a: $(filter-out %/main.o,$(MILTER_OBJ))
	ar rcs $@ $^
$(B)/policyd-modules.a: $(filter-out %/main.o,$(POLICYD_OBJ))
	ar rcs $@ $^
$(B)/analyzer-modules.a: $(filter-out %/main.o,$(ANALYZER_OBJ))
	ar rcs $@ $^

# The milter takes only autoreply.o of libreading (no GMime): the archive
# lets the linker pick the objects it needs.
$(B)/bin/postreply-milter: $(MILTER_OBJ) $(LIBREADING) $(LIBCORE) $(LIBUTIL)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(MILTER_LIBS)

$(B)/bin/postreply-policyd: $(POLICYD_OBJ) $(LIBCORE) $(LIBUTIL)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(POLICYD_LIBS)

$(B)/bin/postreply-analyzer: $(ANALYZER_OBJ) $(ARCHIVES)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(ANALYZER_LIBS)

$(B)/bin/postreply-web: $(WEB_OBJ) $(LIBREADING) $(LIBCORE) $(LIBUTIL)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(WEB_LIBS)

$(B)/bin/postreplyctl: $(CTL_OBJ) $(LIBCORE) $(LIBUTIL)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CTL_LIBS)

# A unit test links its module from the archives (the linker takes only
# the objects it needs), the programs' modules included.
TEST_ARCHIVES = $(B)/milter-modules.a $(B)/policyd-modules.a \
	$(B)/analyzer-modules.a $(ARCHIVES)
$(B)/tests/%: tests/unit/%.c $(TEST_ARCHIVES)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ -lcmocka $(LIBS)

unit: $(UNIT_BIN)

# libFuzzer targets, one per parser, built with clang from the sources so
# that all of the code is instrumented. fuzz-run gives each a few seconds,
# starting from the seeds in tests/fuzz/corpus/<target>/.
FUZZ_LIB_SRC = $(wildcard util/*.c core/*.c reading/*.c) \
	milter/message.c milter/authres.c milter/engine.c policyd/request.c \
	$(filter-out analyzer/main.c,$(wildcard analyzer/*.c))
$(B)/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB_SRC) $(B)/gen/migrations.c
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
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< -lpthread

# The references: Postfix's side of a milter and a policy server that do
# nothing of postreply's own work.
$(B)/bench/null_milter: tests/bench/null_milter.c $(B)/milter-modules.a \
	$(LIBREADING) $(LIBCORE) $(LIBUTIL)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Imilter $(ALL_LDFLAGS) -o $@ $^ $(MILTER_LIBS)

$(B)/bench/null_policy: tests/bench/null_policy.c $(LIBCORE) $(LIBUTIL)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(POLICYD_LIBS)

# The reading of a reply in a process of its own, against in-process.
$(B)/bench/reading_bench: tests/bench/reading_bench.c \
	$(B)/analyzer-modules.a $(ARCHIVES)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

BENCH_BIN = $(addprefix $(B)/bench/,policyd_bench smtp_load null_milter \
	null_policy reading_bench)

bench-programs: $(BENCH_BIN)

# Performance, measured on this machine: see README "Performance".
bench: deps all bench-programs
	scripts/bench
	scripts/bench-web

# postreply-web alone, at 100,000 conversations.
bench-web: deps all
	scripts/bench-web

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
UNITS = postreply-milter postreply-policyd postreply-analyzer postreply-web
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
	clang-format -i $(wildcard util/*.[ch] core/*.[ch] reading/*.[ch] \
		milter/*.[ch] policyd/*.[ch] analyzer/*.[ch] ctl/*.[ch] web/*.[ch] tests/unit/*.[ch] tests/fuzz/*.c \
		tests/bench/*.c)

clean:
	rm -rf build

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
