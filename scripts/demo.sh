#!/bin/bash
# make demo: build, boot Debian's 6.1 kernel in qemu, and run demo/guest.sh.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export WORK=${WORK:-/tmp/cgnat-work}
echo "demo: installing prerequisites and fetching kernels (first run: a few minutes)"
"$top/scripts/deps.sh" demo
"$top/scripts/kernels.sh" > /dev/null
read -r series kver kdir img < "$WORK/k/kernels.txt"
echo "demo: building the module for $kver and the tools"
"$top/scripts/build-module.sh" "$kdir" "$WORK/demo-build" > "$WORK/demo-build.log" 2>&1 ||
	{ cat "$WORK/demo-build.log"; exit 1; }
make -s -C "$top/userspace"
mkdir -p "$WORK/vm"
gcc -static -O2 -o "$WORK/vm/probe" "$top/tests/vm/probe.c"
base=$("$top/tests/vm/base.sh" "$img" "$kver")
echo "demo: booting Linux $kver in qemu (software emulation: give it a minute)"
"$top/tests/vm/run-vm.sh" "$img/boot/vmlinuz-$kver" "$base" "$kver" "$top/demo/guest.sh" \
	"$WORK/demo-build/xt_CGNAT.ko" "$top/userspace/build/cgnatctl" \
	"$top/userspace/build/libxt_CGNAT.so" "$WORK/vm/probe" |
	tr -d '\r' | grep -v -E '^\[ *[0-9]+\.[0-9]+\]|^VM: |reboot: Power down'
