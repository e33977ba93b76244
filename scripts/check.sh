#!/bin/bash
# make check: everything, in the order that fails fastest. Each step prints
# its own "N passed, N failed"; the last line sums them all.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export WORK=${WORK:-/tmp/cgnat-work}
mkdir -p "$WORK"
P=0 F=0
step() {	# step NAME COMMAND...: run, add its counts (or 1 pass/fail)
	local name=$1 out rc line
	shift
	echo "=== $name"
	out=$("$@" 2>&1); rc=$?
	echo "$out"
	line=$(grep -E '^[a-z0-9 ._-]*:? *[0-9]+ passed, [0-9]+ failed' <<< "$out" | tail -n 1)
	if [ -n "$line" ]; then
		P=$((P + $(sed -E 's/.* ([0-9]+) passed.*/\1/' <<< "$line")))
		F=$((F + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<< "$line")))
		[ "$rc" -eq 0 ] || [ "$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<< "$line")" -gt 0 ] || F=$((F + 1))
	elif [ "$rc" -eq 0 ]; then
		P=$((P + 1))
	else
		echo "FAIL $name (exit $rc)"; F=$((F + 1))
	fi
}

scripts/deps.sh check || { echo "0 passed, 1 failed"; exit 1; }
scripts/kernels.sh || { echo "0 passed, 1 failed"; exit 1; }
while read -r series kver kdir img; do
	step "module builds warning-free against $series ($kver)" scripts/build-module.sh "$kdir" "$WORK/build-$series"
done < "$WORK/k/kernels.txt"
step "checkpatch --strict" scripts/checkpatch.sh
step "userspace builds (-Wall -Wextra -Werror)" make -s -C userspace
step "userspace tests" tests/userspace/run.sh
step "dkms add/build against 6.1 headers" scripts/dkms-check.sh
step "KUnit (UML, KASAN, lockdep)" tests/kunit/run.sh
step "VM tests on 6.1 and 6.12" tests/vm/run.sh
step "collectors decode cgnatd's export of the kernel's events" tests/collectors/run.sh
echo "=== total"
echo "$P passed, $F failed"
[ "$F" -eq 0 ]
