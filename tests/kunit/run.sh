#!/bin/bash
# Run the KUnit suites in UML: graft the module into linux-source-6.1 as
# net/netfilter/cgnat (built in, with its tests) and run kunit.py with KASAN
# and lockdep. Prints "kunit: N passed, N failed"; exit status 1 on failure.
# Usage: tests/kunit/run.sh [suite-glob]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/cgnat-work}
tree=$WORK/linux-6.1
dst=$tree/net/netfilter/cgnat
[ -e "$tree/.done" ] || "$top/scripts/kernels.sh" >/dev/null

graft() {
	mkdir -p "$dst.new/kmod" "$dst.new/tests/kunit" "$dst.new/include/uapi/linux/netfilter"
	cp "$top/Kbuild" "$top/Kconfig" "$dst.new/"
	cp "$top"/kmod/*.[ch] "$dst.new/kmod/"
	cp "$top"/tests/kunit/*.c "$dst.new/tests/kunit/"
	cp "$top"/include/uapi/linux/*.h "$dst.new/include/uapi/linux/"
	cp "$top"/include/uapi/linux/netfilter/*.h "$dst.new/include/uapi/linux/netfilter/"
	# Replace only what changed, so kbuild rebuilds only that.
	if [ -d "$dst" ]; then
		(cd "$dst.new" && find . -type f) | while read -r f; do
			cmp -s "$dst.new/$f" "$dst/$f" || { mkdir -p "$(dirname "$dst/$f")"; cp "$dst.new/$f" "$dst/$f"; }
		done
		(cd "$dst" && find . -type f) | while read -r f; do
			[ -e "$dst.new/$f" ] || rm -f "$dst/$f"
		done
		rm -rf "$dst.new"
	else
		mv "$dst.new" "$dst"
	fi
	grep -q 'net/netfilter/cgnat/Kconfig' "$tree/net/netfilter/Kconfig" ||
		printf '\nsource "net/netfilter/cgnat/Kconfig"\n' >> "$tree/net/netfilter/Kconfig"
	grep -q '^obj-y += cgnat/' "$tree/net/netfilter/Makefile" ||
		echo 'obj-y += cgnat/' >> "$tree/net/netfilter/Makefile"
}

graft
grep -q 'net/netfilter/cgnat/Kconfig' "$tree/net/netfilter/Kconfig" || {
	echo "kunit: could not hook Kconfig" >&2; exit 1; }
json=$WORK/kunit.json
log=$WORK/kunit.log
rm -f "$json"
set +e
(cd "$tree" && python3 tools/testing/kunit/kunit.py run --arch=um --jobs="$(nproc)" \
	--build_dir="$WORK/kunit-build" --kunitconfig="$top/tests/kunit/.kunitconfig" \
	--kconfig_add CONFIG_DEBUG_KERNEL=y --kconfig_add CONFIG_KASAN=y \
	--kconfig_add CONFIG_PROVE_LOCKING=y --kconfig_add CONFIG_DEBUG_LIST=y \
	--json="$json" ${1:+"$1"}) > "$log" 2>&1
rc=$?
set -e
grep -E '^\[..:..:..\] +(\[(PASSED|FAILED|SKIPPED)\]|#|.*(Expected|ASSERT|EXPECT|not ok|ok ))|Testing complete|ERROR|error:' "$log" | tail -60
# Kernel warnings during the run count as failures (KASAN, lockdep, WARN).
bad=$(grep -E 'BUG:|WARNING:|KASAN|possible circular|lockdep' "$WORK/kunit-build/test.log" 2>/dev/null |
	grep -v 'virt-pci.c:886\|No virtio device ID' || true)
read -r passed failed < <(python3 - "$json" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception:
    print(0, 1); sys.exit()
p = f = 0
def walk(t):
    global p, f
    for c in t.get("sub_groups", []) + t.get("test_cases", []):
        if c.get("sub_groups") or c.get("test_cases"):
            walk(c)
        elif c.get("status") == "PASS":
            p += 1
        elif c.get("status") != "SKIP":
            f += 1
walk(d)
print(p, f)
PY
)
if [ -n "$bad" ]; then
	echo "kunit: kernel warnings during the run:"; echo "$bad" | head -20
	failed=$((failed + 1))
fi
[ "$rc" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "kunit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
