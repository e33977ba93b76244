# SPDX-License-Identifier: GPL-2.0
# cgnat: `make` builds the module (against KDIR) and the userspace tools;
# `make check` runs every test; `make demo` shows the whole path in a VM.
KVER ?= $(shell uname -r)
KDIR ?= $(firstword $(wildcard /lib/modules/$(KVER)/build) \
		$(lastword $(sort $(filter-out %-common,$(wildcard /usr/src/linux-headers-*)))))
PREFIX ?= /usr

all: module userspace

module:
	@test -n "$(KDIR)" -a -d "$(KDIR)" || { echo "No kernel build tree: install linux-headers-$(KVER) or set KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean-module:
	$(if $(KDIR),$(MAKE) -C $(KDIR) M=$(CURDIR) clean)

userspace:
	$(MAKE) -C userspace

install: module userspace
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	$(MAKE) -C userspace install PREFIX=$(PREFIX)

deps:
	scripts/deps.sh build

check:
	scripts/check.sh

demo:
	scripts/demo.sh

# NAT rates and memory (qemu -icount), log volume (VM), cgnatd events/s
# (host; needs the recording the VM tests make). Sections go to BENCHMARKS.md.
bench:
	bench/run.sh --write
	bench/logvolume.sh --write
	bench/events.sh

clean: clean-module
	$(MAKE) -C userspace clean
	rm -rf tests/userspace/build

.PHONY: all module clean-module userspace install deps check demo bench clean
