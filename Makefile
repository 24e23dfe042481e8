# nlrs: build and install the C library.
#
#   make                     release build of libnlrs.so / libnlrs.a, then c-examples/ if present
#   make install PREFIX=/p   install libraries, SONAME links, headers (C and C++) and pkg-config file
#                            (DESTDIR, LIBDIR, INCLUDEDIR, PKGCONFIGDIR may be set as usual)
#   make uninstall PREFIX=/p remove what `make install` put there
#   make test                every test (in private network namespaces), Rust, C, C++ and Python
#   make test-python         the Python package's tests alone (pytest, in $(TARGET_DIR)/pyenv)
#   make demo                build everything, run the C examples in a throwaway namespace
#   make bench               the benchmark suite
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

# The package version, from the first `version = "..."` line of Cargo.toml (the package's).
VERSION := $(shell sed -n 's/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -n 1)
MAJOR   := $(word 1,$(subst ., ,$(VERSION)))
MINOR   := $(word 2,$(subst ., ,$(VERSION)))

# libnlrs.so.0.<minor> before 1.0, libnlrs.so.<major> after; build.rs sets the same SONAME.
SONAME   := libnlrs.so.$(if $(filter 0,$(MAJOR)),0.$(MINOR),$(MAJOR))
REALNAME := libnlrs.so.$(VERSION)

.PHONY: all build c-examples install uninstall test test-python demo bench

all: build c-examples

build:
	$(CARGO) build --release --lib

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
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    nlrs.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/nlrs.pc
	chmod 0644 $(DESTDIR)$(PKGCONFIGDIR)/nlrs.pc

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(REALNAME) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	      $(DESTDIR)$(LIBDIR)/libnlrs.so $(DESTDIR)$(LIBDIR)/libnlrs.a \
	      $(DESTDIR)$(INCLUDEDIR)/libnlrs.h $(DESTDIR)$(INCLUDEDIR)/nlrs.hpp \
	      $(DESTDIR)$(PKGCONFIGDIR)/nlrs.pc

# Every test. They create private network namespaces: as root each test thread unshares its
# own; a normal user runs the suite inside a user + network namespace (`unshare -rn`), after
# fetching crates outside it (the namespace has no network).
test:
	@if [ "$$(id -u)" = 0 ]; then \
		echo "$(CARGO) test"; $(CARGO) test; \
	else \
		$(CARGO) fetch && echo "unshare -rn $(CARGO) test --offline" && \
		unshare -rn $(CARGO) test --offline; \
	fi
	$(MAKE) test-python

# The Python package as users install it (pip builds the library and bundles it), into a
# virtual environment that also sees the system's packages (pytest, when installed there);
# then pytest, each test in a network namespace of its own (python/tests/conftest.py).
PYENV := $(TARGET_DIR)/pyenv
test-python:
	python3 -m venv --system-site-packages $(PYENV)
	$(PYENV)/bin/pip install -q --disable-pip-version-check './python[test]'
	@if [ "$$(id -u)" = 0 ]; then \
		echo "$(PYENV)/bin/pytest python/tests"; $(PYENV)/bin/pytest python/tests; \
	else \
		echo "unshare -rn $(PYENV)/bin/pytest python/tests"; unshare -rn $(PYENV)/bin/pytest python/tests; \
	fi

# Builds the library and the C examples, runs them in a throwaway network namespace.
demo:
	CARGO=$(CARGO) c-examples/demo.sh

# The benchmark suite against raw C, libmnl and iproute2, in a private network namespace
# (README.md, Performance); BENCH_ARGS=--quick for a small, fast run.
bench:
	bash bench/run.sh $(BENCH_ARGS)
