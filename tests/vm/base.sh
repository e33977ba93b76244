#!/bin/bash
# Print the path of the base initramfs for a kernel, (re)building it when
# the scripts that make it have changed. Usage: base.sh IMAGE_DIR KVER
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
img=$1 kver=$2
WORK=${WORK:-/tmp/cgnat-work}
mkdir -p "$WORK/vm"
base=$WORK/vm/base-$kver.cpio
stamp=$(cat "$here/mkinitramfs.sh" "$here/init" "$here/guest/testlib.sh" | md5sum | cut -c1-8)
if [ ! -e "$base.$stamp" ] || [ ! -e "$base" ]; then
	"$here/mkinitramfs.sh" "$img" "$kver" "$base" >&2
	rm -f "$base".[0-9a-f]*
	touch "$base.$stamp"
fi
echo "$base"
