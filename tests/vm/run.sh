#!/bin/bash
# Host side of the VM tests: for each Debian kernel (6.1, 6.12) build the
# module against its headers, build the initramfs once, boot qemu with every
# guest script in guest/ (or the ones named), and count PASS/FAIL lines.
# Prints "vm: N passed, N failed"; exit status 1 on any failure.
# Usage: tests/vm/run.sh [SCRIPT...]      (default: guest/*.sh but testlib)
# VM_KERNELS="6.1" limits the kernels (series names from kernels.sh).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/vm
WORK=${WORK:-/tmp/cgnat-work}
"$top/scripts/kernels.sh" > /dev/null
make -s -C "$top/userspace" > /dev/null
mkdir -p "$WORK/vm"
gcc -static -O2 -Wall -Wextra -Werror -o "$WORK/vm/probe" "$here/probe.c"
gcc -static -O2 -Wall -Wextra -Werror -o "$WORK/vm/connload" "$top/bench/connload.c"

scripts=("$@")
[ ${#scripts[@]} -gt 0 ] || mapfile -t scripts < <(ls "$here"/guest/*.sh | grep -v testlib.sh)
passed=0 failed=0
while read -r series kver kdir img; do
	[ -z "${VM_KERNELS:-}" ] || [[ " $VM_KERNELS " == *" $series "* ]] || continue
	build=$WORK/vm/build-$kver
	if ! "$top/scripts/build-module.sh" "$kdir" "$build" > "$build.log" 2>&1; then
		cat "$build.log"; echo "FAIL $series: module build"; failed=$((failed + 1)); continue
	fi
	base=$("$here/base.sh" "$img" "$kver")
	for s in "${scripts[@]}"; do
		name=$(basename "$s" .sh)
		log=$WORK/vm/$name-$series.log
		echo "== vm $name on $series ($kver)"
		VM_TIMEOUT=${VM_TIMEOUT:-900} "$here/run-vm.sh" "$img/boot/vmlinuz-$kver" "$base" "$kver" "$s" \
			"$build/xt_CGNAT.ko" "$top/userspace/build/cgnatctl" \
			"$top/userspace/build/cgnatd" \
			"$top/userspace/build/libxt_CGNAT.so" "$WORK/vm/probe" \
			"$WORK/vm/connload" > "$log" 2>&1 || true
		tr -d '\r' < "$log" | grep -E '^(PASS|FAIL) ' | sed "s/^/  [$series] /"
		if grep -q '^RECORD-BEGIN' "$log"; then	# recorded kernel events
			tr -d '\r' < "$log" | sed -n '/^RECORD-BEGIN/,/^RECORD-END/p' |
				grep -v '^RECORD-' | base64 -d > "$WORK/vm/events-$series.bin"
		fi
		p=$(tr -d '\r' < "$log" | grep -c '^PASS ' || true)
		f=$(tr -d '\r' < "$log" | grep -c '^FAIL ' || true)
		if ! tr -d '\r' < "$log" | grep -q '^VM: test exit'; then
			echo "  [$series] FAIL $name: the VM did not finish (crash or timeout), see $log"
			tr -d '\r' < "$log" | tail -n 30
			f=$((f + 1))
		elif [ "$p" -eq 0 ]; then
			echo "  [$series] FAIL $name: no test ran"; f=$((f + 1))
		fi
		passed=$((passed + p)) failed=$((failed + f))
	done
done < "$WORK/k/kernels.txt"
echo "vm: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
