#!/bin/bash
# make bench: the deterministic CGNAT target vs nftables' own deterministic
# snat map, same VM, same boot, alternating, under qemu -icount so the
# result counts guest instructions (stable to ~1 %) instead of host time.
# Prints the per-round figures and the median ratio; with --write, puts them
# into BENCHMARKS.md.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export WORK=${WORK:-/tmp/cgnat-work}
"$top/scripts/deps.sh" check
"$top/scripts/kernels.sh" > /dev/null
read -r series kver kdir img < "$WORK/k/kernels.txt"
"$top/scripts/build-module.sh" "$kdir" "$WORK/bench-build" > /dev/null
make -s -C "$top/userspace"
mkdir -p "$WORK/vm"
gcc -static -O2 -Wall -Wextra -Werror -o "$WORK/vm/connload" "$top/bench/connload.c"
base=$("$top/tests/vm/base.sh" "$img" "$kver")
log=$WORK/bench.log
echo "ROUNDS=${ROUNDS:-5} MS=${MS:-1000}" > "$WORK/vm/bench.env"
VM_TIMEOUT=3600 VM_QEMU_ARGS="${VM_QEMU_ARGS--icount shift=0,sleep=off}" "$top/tests/vm/run-vm.sh" \
	"$img/boot/vmlinuz-$kver" "$base" "$kver" "$top/bench/guest.sh" \
	"$WORK/bench-build/xt_CGNAT.ko" "$top/userspace/build/cgnatctl" \
	"$top/userspace/build/libxt_CGNAT.so" "$WORK/vm/connload" "$WORK/vm/bench.env" | tr -d '\r' > "$log"
grep -E '^RESULT|^map elements' "$log"
python3 "$top/bench/report.py" "$log" "$kver" "$WORK/bench-build/xt_CGNAT.ko" "${1:-}" "$top/BENCHMARKS.md"
