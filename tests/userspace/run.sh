#!/bin/bash
# Userspace tests: unit tests of the shared code, then cgnatctl and the
# iptables plugin through their real front ends.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
b=$top/tests/userspace/build
mkdir -p "$b"
make -s -C "$top/userspace" || { echo "userspace: 0 passed, 1 failed"; exit 1; }
gcc -std=gnu11 -Wall -Wextra -Werror -I"$top/include/uapi" -I"$top/kmod" -I"$top/userspace/common" \
	-o "$b/test_units" "$top/tests/userspace/test_units.c" "$top/kmod/det.c" "$top/userspace/common/range.c"
gcc -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$top/userspace/cgnatd" \
	-I"$top/userspace/common" -I"$top/include/uapi" \
	-o "$b/test_encoders" "$top/tests/userspace/test_encoders.c" \
	"$top/userspace/cgnatd/ipfix.c" "$top/userspace/cgnatd/syslogfmt.c" \
	"$top/userspace/common/names.c"
u=$("$b/test_units"; "$b/test_encoders"); echo "$u"
c=$("$top/tests/userspace/test_cli.sh"); echo "$c"
sum() { sed -nE "s/.* ([0-9]+) $1.*/\1/p" | awk '{s += $1} END {print s + 0}'; }
p=$(printf '%s\n%s\n' "$u" "$c" | grep -E 'passed, [0-9]+ failed' | sum passed)
f=$(printf '%s\n%s\n' "$u" "$c" | grep -E 'passed, [0-9]+ failed' | sum failed)
echo "userspace: $p passed, $f failed"
[ "$f" -eq 0 ]
