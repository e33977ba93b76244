#!/bin/bash
# checkpatch.pl --strict (from linux-source-6.1) over the kernel code.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/cgnat-work}
cp=$WORK/linux-6.1/scripts/checkpatch.pl
p=0 f=0
for file in "$top"/kmod/*.[ch] "$top"/tests/kunit/*.c "$top"/include/uapi/linux/*.h "$top"/include/uapi/linux/netfilter/*.h; do
	ignore=SPDX_LICENSE_TAG,FILE_PATH_CHANGES,NEW_TYPEDEFS
	case $file in */uapi/*) ignore=$ignore,BIT_MACRO ;; esac	# BIT() is not uapi
	out=$("$cp" --strict --no-tree --terse --show-types --ignore "$ignore" -f "$file" 2>&1)
	if grep -qE '(ERROR|WARNING|CHECK):' <<< "$out"; then
		echo "$out"; f=$((f + 1))
	else
		p=$((p + 1))
	fi
done
echo "checkpatch: $p passed, $f failed"
[ "$f" -eq 0 ]
