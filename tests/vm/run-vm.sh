#!/bin/bash
# Boot a Debian kernel in qemu (TCG) with the base initramfs plus an overlay
# holding the test script and the files to test, and print the console.
# Usage: run-vm.sh VMLINUZ BASE.cpio KVER GUEST_SCRIPT [FILE...]
#   *.ko go to /lib/modules/KVER/extra, libxt_*.so to the xtables dir,
#   anything else to /usr/local/bin.
# Environment: VM_TIMEOUT (s, default 600), VM_APPEND (extra kernel args),
# VM_QEMU_ARGS (extra qemu args, e.g. -icount for benchmarks).
set -euo pipefail
vmlinuz=$1 base=$2 kver=$3 script=$4
shift 4
ov=$(mktemp -d)
trap 'rm -rf "$ov"' EXIT
chmod 0755 "$ov"
xtdir=$(pkg-config --variable=xtlibdir xtables)
mkdir -p "$ov/lib/modules/$kver/extra" "$ov/usr/local/bin" "$ov$xtdir"
install -m 0755 "$script" "$ov/test.sh"
for f in "$@"; do
	case $f in
	*.ko) cp "$f" "$ov/lib/modules/$kver/extra/" ;;
	*/libxt_*.so) cp "$f" "$ov$xtdir/" ;;
	*) cp "$f" "$ov/usr/local/bin/" ;;
	esac
	case $f in
	*.ko) ;;
	*)	# and the shared libraries it needs (static ones have none)
		for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*'); do
			mkdir -p "$ov$(dirname "$lib")"
			cp -L "$lib" "$ov$lib"
		done ;;
	esac
done
(cd "$ov" && find . | cpio -o -H newc --quiet) > "$ov.cpio"
cat "$base" "$ov.cpio" > "$ov/initrd"
rm -f "$ov.cpio"
# shellcheck disable=SC2086
timeout "${VM_TIMEOUT:-600}" qemu-system-x86_64 -accel tcg -M q35 -cpu max -smp 1 -m 1024 \
	-nodefaults -display none -serial stdio -no-reboot ${VM_QEMU_ARGS:-} \
	-kernel "$vmlinuz" -initrd "$ov/initrd" \
	-append "console=ttyS0 panic=-1 oops=panic loglevel=4 mitigations=off ${VM_APPEND:-}" </dev/null
