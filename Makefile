# jobhash: see README.md. Targets: all, check, demo, install, clean, bench.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DESTDIR ?=
PKG_CONFIG ?= pkg-config
PACKAGES = libgit2 yaml-0.1 libcrypto

CC ?= cc
BUILD ?= build
SANITIZE ?= 0
VERSION := 1.0.0

WARNINGS = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wvla -Wpointer-arith -Wcast-qual
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread $(WARNINGS) \
	-Iinclude -DJOBHASH_VERSION='"$(VERSION)"' $(CFLAGS) \
	$(shell $(PKG_CONFIG) --cflags $(PACKAGES) 2>/dev/null)
LIBS = $(shell $(PKG_CONFIG) --libs $(PACKAGES) 2>/dev/null) -pthread
LDFLAGS ?=

ifeq ($(SANITIZE),1)
BUILD = build-sanitize
ALL_CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

SOURCES = $(wildcard src/*.c)
LIB_SOURCES = $(filter-out src/main.c,$(SOURCES))
LIB_OBJECTS = $(LIB_SOURCES:src/%.c=$(BUILD)/obj/%.o)
UNIT_SOURCES = $(wildcard tests/unit/test_*.c)
UNIT_BINARIES = $(UNIT_SOURCES:tests/unit/%.c=$(BUILD)/tests/%)
BIN = $(BUILD)/jobhash

.PHONY: all deps check check-unit check-e2e check-sanitize demo install clean bench

all: $(BIN)

# Installs the Debian packages that the build and the tests need, when missing.
deps:
	@sh scripts/install-deps.sh

# Quiet by default; make V=1 shows the full commands.
V ?= 0
ifeq ($(V),0)
Q = @
SAY = @echo
else
Q =
SAY = @true
endif

$(BUILD)/obj/%.o: src/%.c $(wildcard include/jobhash/*.h) | $(BUILD)/obj
	$(SAY) "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

$(BUILD)/libjobhash.a: $(LIB_OBJECTS)
	$(Q)rm -f $@
	$(SAY) "  AR      $@"
	$(Q)ar rcs $@ $^

$(BIN): $(BUILD)/obj/main.o $(BUILD)/libjobhash.a
	$(SAY) "  LINK    $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libjobhash.a | $(BUILD)/tests
	$(SAY) "  TEST    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null) -o $@ $< \
		$(BUILD)/libjobhash.a $(LDFLAGS) $(LIBS) $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

# Runs the unit tests and the end-to-end cases, as tests/run.sh describes.
check: deps
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BINARIES)
	@sh tests/run.sh $(BUILD) $(SANITIZE)

check-unit: deps
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BINARIES)
	@sh tests/run.sh $(BUILD) $(SANITIZE) unit

check-e2e: deps
	@$(MAKE) --no-print-directory $(BIN)
	@sh tests/run.sh $(BUILD) $(SANITIZE) e2e

# The same suite against the AddressSanitizer and UndefinedBehaviorSanitizer
# build in build-sanitize/.
check-sanitize:
	@$(MAKE) --no-print-directory check SANITIZE=1

demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	@sh scripts/demo.sh $(BIN)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/jobhash

bench: deps
	@$(MAKE) --no-print-directory $(BIN)
	@sh bench/run.sh $(BIN)

clean:
	rm -rf build build-sanitize
