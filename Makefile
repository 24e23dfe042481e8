# nlrs: build and install the C library.
#
#   make                     release build of libnlrs.so / libnlrs.a, then c-examples/ if present
#   make install PREFIX=/p   install libraries, SONAME links, headers (C and C++) and pkg-config file
#                            (DESTDIR, LIBDIR, INCLUDEDIR, PKGCONFIGDIR may be set as usual)
#   make uninstall PREFIX=/p remove what `make install` put there
#   make test                every test (in private network namespaces), Rust (the `tokio` feature's
#                            too), C, C++ and Python (demo, test and bench first install the
#                            system packages they need when run as root, or name the missing
#                            ones: scripts/deps.sh)
#   make test-python         the Python package's tests alone (pytest, in $(TARGET_DIR)/pyenv)
#   make demo                build everything, run the C examples in a throwaway namespace
#   make bench               the benchmark suite
#   make fuzz                every fuzz target for FUZZ_SECONDS seconds (nightly, cargo-fuzz)
#   make check-asan          the Rust tests under AddressSanitizer (nightly)
#   make check-tsan          the threaded tests under ThreadSanitizer (nightly)
#
# CARGO_TARGET_DIR is honoured when set.

CARGO        ?= cargo
PREFIX       ?= /usr/local
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR      ?=
INSTALL      ?= install

TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
RELEASE    := $(TARGET_DIR)/release

# The version, from the first `version = "..."` line of Cargo.toml ([workspace.package]).
VERSION := $(shell sed -n 's/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -n 1)
MAJOR   := $(word 1,$(subst ., ,$(VERSION)))
MINOR   := $(word 2,$(subst ., ,$(VERSION)))

# libnlrs.so.0.<minor> before 1.0, libnlrs.so.<major> after; build.rs sets the same SONAME.
SONAME   := libnlrs.so.$(if $(filter 0,$(MAJOR)),0.$(MINOR),$(MAJOR))
REALNAME := libnlrs.so.$(VERSION)

.PHONY: all build c-examples install uninstall test test-python demo bench fuzz fuzz-tools check-asan check-tsan

all: build c-examples

build:
	$(CARGO) build --release -p nlrs-capi

c-examples: build
	@if [ -f c-examples/Makefile ]; then \
		echo "$(MAKE) -C c-examples"; $(MAKE) -C c-examples; \
	fi

install: build
	$(INSTALL) -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR)
	$(INSTALL) -m 0755 $(RELEASE)/libnlrs.so $(DESTDIR)$(LIBDIR)/$(REALNAME)
	ln -sfn $(REALNAME) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sfn $(SONAME) $(DESTDIR)$(LIBDIR)/libnlrs.so
	$(INSTALL) -m 0644 $(RELEASE)/libnlrs.a $(DESTDIR)$(LIBDIR)/libnlrs.a
	$(INSTALL) -m 0644 include/libnlrs.h include/nlrs.hpp $(DESTDIR)$(INCLUDEDIR)/
	$(INSTALL) -d $(DESTDIR)$(INCLUDEDIR)/nlrs
	$(INSTALL) -m 0644 include/nlrs/*.hpp $(DESTDIR)$(INCLUDEDIR)/nlrs/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    nlrs.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/nlrs.pc
	chmod 0644 $(DESTDIR)$(PKGCONFIGDIR)/nlrs.pc

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(REALNAME) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	      $(DESTDIR)$(LIBDIR)/libnlrs.so $(DESTDIR)$(LIBDIR)/libnlrs.a \
	      $(DESTDIR)$(INCLUDEDIR)/libnlrs.h $(DESTDIR)$(INCLUDEDIR)/nlrs.hpp \
	      $(DESTDIR)$(PKGCONFIGDIR)/nlrs.pc
	rm -f $(patsubst include/%,$(DESTDIR)$(INCLUDEDIR)/%,$(wildcard include/nlrs/*.hpp))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/nlrs

# Every test. They create private network namespaces: as root each test thread unshares its
# own; a normal user runs the suite inside a user + network namespace (`unshare -rn`), after
# fetching crates outside it (the namespace has no network).
# The `tokio` feature's test (tests/rtnl_async.rs) is built only with the feature: run after.
TOKIO_TEST := test -p nlrs --features tokio --test rtnl_async

test:
	scripts/deps.sh test
	@if [ "$$(id -u)" = 0 ]; then \
		echo "$(CARGO) test"; $(CARGO) test && \
		echo "$(CARGO) $(TOKIO_TEST)" && $(CARGO) $(TOKIO_TEST); \
	else \
		$(CARGO) fetch && echo "unshare -rn $(CARGO) test --offline" && \
		unshare -rn $(CARGO) test --offline && \
		echo "unshare -rn $(CARGO) $(TOKIO_TEST) --offline" && \
		unshare -rn $(CARGO) $(TOKIO_TEST) --offline; \
	fi
	$(MAKE) test-python

# The Python package as users install it (pip builds the library and bundles it), into a
# virtual environment that also sees the system's packages (pytest, when installed there: then
# the venv has no pytest script of its own, hence `python -m pytest`); then pytest, each test
# in a network namespace of its own (python/tests/conftest.py).
PYENV := $(TARGET_DIR)/pyenv
test-python:
	python3 -m venv --system-site-packages $(PYENV)
	$(PYENV)/bin/pip install -q --disable-pip-version-check './python[test]'
	@if [ "$$(id -u)" = 0 ]; then \
		echo "$(PYENV)/bin/python -m pytest python/tests"; $(PYENV)/bin/python -m pytest python/tests; \
	else \
		echo "unshare -rn $(PYENV)/bin/python -m pytest python/tests"; \
		unshare -rn $(PYENV)/bin/python -m pytest python/tests; \
	fi

# Builds the library and the C examples, runs them in a throwaway network namespace.
demo:
	scripts/deps.sh demo
	CARGO=$(CARGO) c-examples/demo.sh

# The benchmark suite against raw C, libmnl and iproute2, in a private network namespace
# (bench/README.md); BENCH_ARGS=--quick for a small, fast run.
bench:
	bash bench/run.sh $(BENCH_ARGS)

# Coverage-guided fuzzing (fuzz/, docs/developing.md): cargo-fuzz and libFuzzer on
# the nightly toolchain, with AddressSanitizer. Each target runs FUZZ_SECONDS seconds from the
# checked-in corpus plus a working corpus kept in the target directory; a crash stops the run
# and leaves its input in $(FUZZ_WORK)/artifacts/<target>/. FUZZ_TARGETS picks targets.
NIGHTLY      ?= +nightly
FUZZ_SECONDS ?= 15
FUZZ_TARGETS ?= $(sort $(basename $(notdir $(wildcard fuzz/fuzz_targets/*.rs))))
FUZZ_WORK    := $(abspath $(TARGET_DIR))/fuzz
FUZZ_RUN      = $(CARGO) $(NIGHTLY) fuzz run --fuzz-dir fuzz --target-dir $(FUZZ_WORK)/build

fuzz-tools:
	@$(CARGO) $(NIGHTLY) --version >/dev/null 2>&1 || \
		{ echo "make fuzz: no nightly toolchain (rustup toolchain install nightly)" >&2; exit 1; }
	@$(CARGO) fuzz --version >/dev/null 2>&1 || { echo "$(CARGO) install cargo-fuzz"; \
		$(CARGO) install cargo-fuzz; }

fuzz: fuzz-tools
	$(CARGO) $(NIGHTLY) fuzz build --fuzz-dir fuzz --target-dir $(FUZZ_WORK)/build
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_WORK)/corpus/$$t $(FUZZ_WORK)/artifacts/$$t; \
		echo "==> fuzz $$t for $(FUZZ_SECONDS) s"; \
		if $(FUZZ_RUN) $$t $(FUZZ_WORK)/corpus/$$t fuzz/corpus/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_WORK)/artifacts/$$t/ >$(FUZZ_WORK)/$$t.log 2>&1; then \
			grep -E '^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' $(FUZZ_WORK)/$$t.log; \
		else \
			tail -n 60 $(FUZZ_WORK)/$$t.log; \
			echo "fuzz $$t failed: log $(FUZZ_WORK)/$$t.log, input in $(FUZZ_WORK)/artifacts/$$t/" >&2; \
			exit 1; \
		fi; \
	done

# The sanitizers need the nightly toolchain (it ships their runtimes); without it these
# targets say so and succeed, so that CI on a machine with one toolchain is not failed by it.
# There is no rust-src here for -Zbuild-std, so the standard library itself is not
# instrumented: ASan still sees every access nlrs and the tests make (and every malloc/free),
# TSan every access they make, but not what happens inside std's own code.
# Both share one target directory: with --target, the build scripts and proc macros (cbindgen's
# dependencies) are built once, without the sanitizer.
SAN_TARGET  ?= $(shell rustc -vV | sed -n 's/^host: //p')
SAN_CARGO    = $(CARGO) $(NIGHTLY) test -p nlrs --target $(SAN_TARGET)
# Runs a test command as `make test` does: as root, or else inside `unshare -rn`.
as_root      = if [ "$$(id -u)" = 0 ]; then set -x; $(1); else \
		$(CARGO) $(NIGHTLY) fetch && set -x && unshare -rn sh -c '$(strip $(1)) --offline'; fi
NO_NIGHTLY   = if ! $(CARGO) $(NIGHTLY) --version >/dev/null 2>&1; then \
		echo "make $@: skipped: no nightly toolchain (rustup toolchain list)"; exit 0; fi

# The Rust tests under AddressSanitizer, leaks included (tests/lsan.supp lists a test's own
# deliberate leak). Left out: the tests that build or load libnlrs.so for C and C++ programs
# (every user of tests/common/cbuild.rs, found here, and the few that build it themselves),
# whose C side `make test` already runs under ASan and UBSan, ffi_threads (check-tsan's), and
# rust_user, a cargo build of a user's crate rather than a test of nlrs's code.
# Built with -Copt-level=1, debug assertions kept: unoptimised, ASan slows the property tests
# of tests/wire_fuzz.rs past the deadline they keep against loops.
# A test that uses cbuild in a module of its own folder (tests/NAME/*.rs) is NAME's.
CBUILD_TESTS := $(sort $(foreach f,$(shell grep -rl 'cbuild' tests --include='*.rs'), \
	$(firstword $(subst /, ,$(patsubst tests/%,%,$(basename $(f)))))))
ASAN_SKIP  := c_abi_symbols bench_smoke c_ffi_smoke c_header_names ffi_threads rust_user \
	$(CBUILD_TESTS)
ASAN_TESTS := $(filter-out $(ASAN_SKIP),$(basename $(notdir $(wildcard tests/*.rs))))

check-asan:
	@$(NO_NIGHTLY); $(call as_root, \
	RUSTFLAGS="-Zsanitizer=address -Copt-level=1" CARGO_TARGET_DIR=$(TARGET_DIR)/san \
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	$(SAN_CARGO) --lib $(addprefix --test ,$(ASAN_TESTS)))

# tests/ffi_threads.rs under ThreadSanitizer: handles used by several threads at once and handed
# from thread to thread. The threads synchronise only through spawn and join, which TSan sees
# (pthread_create/pthread_join), not through std's locks, which it would not; tests/tsan.supp
# says what is left out.
check-tsan:
	@$(NO_NIGHTLY); $(call as_root, \
	RUSTFLAGS="-Zsanitizer=thread -Cunsafe-allow-abi-mismatch=sanitizer" \
	CARGO_TARGET_DIR=$(TARGET_DIR)/san \
	TSAN_OPTIONS="halt_on_error=1 suppressions=$(CURDIR)/tests/tsan.supp" \
	$(SAN_CARGO) --test ffi_threads)
