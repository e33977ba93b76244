#!/bin/bash
# Build the base initramfs for the VM tests from a Debian kernel image:
# busybox, the real network tools (ip, nft, iptables-nft/legacy, conntrack,
# socat, kmod) with their libraries and xtables plugins, and the netfilter,
# veth and dummy modules with every module they depend on.
# Usage: mkinitramfs.sh IMAGE_DIR KVER OUT.cpio
set -euo pipefail
img=$1 kver=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 0755 "$root"

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc,proc,sys,dev,tmp,run,var,lib/modules}
cp /bin/busybox "$root/bin/"
for app in $(/bin/busybox --list); do
	[ -e "$root/bin/$app" ] || ln -s busybox "$root/bin/$app"
done

copy_with_libs() {	# copy binaries and the shared libraries they need
	local f lib
	for f in "$@"; do
		mkdir -p "$root$(dirname "$f")"
		cp -L "$f" "$root$f"
		for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*'); do
			[ -e "$root$lib" ] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
		done
	done
}

xtdir=$(pkg-config --variable=xtlibdir xtables)
copy_with_libs "$(command -v ip)" /usr/sbin/nft /usr/sbin/xtables-nft-multi \
	/usr/sbin/xtables-legacy-multi /usr/sbin/conntrack /usr/bin/socat /usr/bin/kmod \
	"$xtdir"/*.so
ln -sf "$(command -v ip)" "$root/sbin/ip"
for t in iptables ip6tables; do
	for s in "" -save -restore; do
		ln -sf xtables-nft-multi "$root/usr/sbin/$t-nft$s"
		ln -sf xtables-legacy-multi "$root/usr/sbin/$t-legacy$s"
		ln -sf xtables-nft-multi "$root/usr/sbin/$t$s"
	done
done
for t in modprobe insmod rmmod lsmod depmod modinfo; do
	ln -sf /usr/bin/kmod "$root/sbin/$t"
done
cp /etc/protocols /etc/services "$root/etc/"
echo 'root:x:0:0:root:/:/bin/sh' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
mkdir -p "$root/etc/xtables" "$root/var/lib/nfs"

# Modules: netfilter, veth, dummy, and the closure of their dependencies;
# crc32c too, which libcrc32c needs at load time (a softdep, not in modules.dep).
src=$img/lib/modules/$kver
dst=$root/lib/modules/$kver
mkdir -p "$dst"
cp "$src"/modules.order "$src"/modules.builtin* "$dst/"
(cd "$src" && grep -E '^kernel/(net/(netfilter|ipv4/netfilter|ipv6/netfilter)|drivers/net/(veth|dummy)|crypto/crc32c|arch/x86/crypto/crc32c)' modules.dep) |
	tr -d ':' | tr ' ' '\n' | sort -u | while read -r m; do
		[ -n "$m" ] || continue
		mkdir -p "$dst/$(dirname "$m")"
		cp "$src/$m" "$dst/$m"
	done
/sbin/depmod -b "$root" "$kver"

install -m 0755 "$here/init" "$root/init"
install -m 0644 "$here/guest/testlib.sh" "$root/etc/testlib.sh"
(cd "$root" && find . | cpio -o -H newc --quiet) > "$out.tmp"
mv "$out.tmp" "$out"
