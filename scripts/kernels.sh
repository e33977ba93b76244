#!/bin/bash
# Fetch the kernels cgnat is built and proven against into $WORK (idempotent):
#   $WORK/k/<kver>/headers  build tree (KDIR) for out-of-tree modules
#   $WORK/k/<kver>/image    unpacked linux-image (vmlinuz + modules) for qemu
#   $WORK/linux-6.1         linux-source-6.1 for KUnit (UML) and checkpatch
# Prints one line per kernel: "<series> <kver> <KDIR> <image dir>".
# Kernel versions are resolved from Debian's meta packages, never hard-coded.
set -euo pipefail
WORK=${WORK:-/tmp/cgnat-work}
mkdir -p "$WORK/k"
cd "$WORK/k"

meta_kver() {	# meta package -> kernel ABI version it depends on
	apt-cache depends "$1" 2>/dev/null | sed -n 's/.*Depends: linux-headers-\(.*\)$/\1/p' | head -1
}

unpack() {	# unpack PKG... into DIR
	local dir=$1; shift
	mkdir -p "$dir" dl
	(cd dl && apt-get download "$@" >/dev/null 2>&1)
	local p
	for p in "$@"; do dpkg -x dl/"${p}"_*.deb "$dir"; done
}

fetch() {	# series meta-package
	local series=$1 kver hdr img common
	kver=$(meta_kver "$2")
	[ -n "$kver" ] || { echo "kernels.sh: cannot resolve $2" >&2; exit 1; }
	common=$(apt-cache depends "linux-headers-$kver" | sed -n 's/.*Depends: \(linux-headers-.*-common\)$/\1/p' | head -1)
	hdr=$WORK/k/$kver/headers
	img=$WORK/k/$kver/image
	if [ ! -e "$hdr/.done" ]; then
		local kbuild
		kbuild=$(apt-cache depends "linux-headers-$kver" | sed -n 's/.*Depends: \(linux-kbuild-[^ ]*\)$/\1/p' | head -1)
		rm -rf "$hdr.x"
		unpack "$hdr.x" "linux-headers-$kver" "$common" "$kbuild"
		# The arch tree includes the common tree by absolute path: point it here.
		sed -i "s|/usr/src/$common|$hdr.x/usr/src/$common|g" \
			"$hdr.x/usr/src/linux-headers-$kver/Makefile"
		# The kbuild tools are symlinked to /usr/lib/linux-kbuild-*: repoint them.
		find "$hdr.x/usr/src" -maxdepth 3 -type l -lname '/usr/lib/linux-kbuild*' | while read -r l; do
			ln -sfn "$hdr.x$(readlink "$l")" "$l"
		done
		rm -rf "$hdr"; mkdir -p "$hdr"
		ln -sfn "$hdr.x/usr/src/linux-headers-$kver" "$hdr/tree"
		touch "$hdr/.done"
	fi
	if [ ! -e "$img/.done" ]; then
		rm -rf "$img"
		unpack "$img" "linux-image-$kver"
		/sbin/depmod -b "$img" "$kver"
		touch "$img/.done"
	fi
	echo "$series $kver $hdr/tree $img"
}

# written whole and renamed: several runs may read it at once
{ fetch 6.1 linux-headers-amd64; fetch 6.12 linux-headers-6.12-amd64; } > kernels.txt.$$
mv kernels.txt.$$ kernels.txt

if [ ! -e "$WORK/linux-6.1/.done" ]; then
	rm -rf "$WORK/linux-6.1" "$WORK/linux-source-6.1"
	tar -C "$WORK" -xf /usr/src/linux-source-6.1.tar.xz
	mv "$WORK/linux-source-6.1" "$WORK/linux-6.1"
	touch "$WORK/linux-6.1/.done"
fi
cat kernels.txt
