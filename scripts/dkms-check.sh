#!/bin/bash
# dkms add + build of this tree against the installed 6.1 headers, then
# remove it again, leaving the system as it was.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
kver=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 | grep -o 'linux-headers-[^ ,]*' | head -1 | sed s/^linux-headers-//)
cleanup() { dkms remove -m cgnat -v "$ver" --all > /dev/null 2>&1 || true; rm -rf "/usr/src/cgnat-$ver"; }
cleanup
trap cleanup EXIT
mkdir -p "/usr/src/cgnat-$ver"
(cd "$top" && cp -r dkms.conf Kbuild Makefile kmod include "/usr/src/cgnat-$ver/")
dkms add -m cgnat -v "$ver"
dkms build -m cgnat -v "$ver" -k "$kver"
find "/var/lib/dkms/cgnat/$ver/$kver" -name 'xt_CGNAT.ko*' | grep -q . 
echo "dkms: built xt_CGNAT for $kver"
