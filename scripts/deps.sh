#!/bin/bash
# Install what building and testing cgnat needs on Debian 12 (idempotent;
# apt runs only when something is missing).
# Usage: scripts/deps.sh [build|check|demo]
set -euo pipefail
build=(gcc make libc6-dev pkg-config libmnl-dev libxtables-dev iptables uthash-dev
	libnetfilter-conntrack-dev libsqlite3-dev)
kernel=(linux-headers-amd64 dwarves xz-utils kmod dkms)
check=(linux-source-6.1 flex bison bc libelf-dev python3 qemu-system-x86
	busybox-static cpio nftables conntrack socat iproute2 util-linux groff-base
	tshark nfdump libfixbuf-tools rsyslog)
case ${1:-check} in
build) want=("${build[@]}" "${kernel[@]}") ;;
check | demo) want=("${build[@]}" "${kernel[@]}" "${check[@]}") ;;
*) echo "usage: $0 [build|check|demo]" >&2; exit 2 ;;
esac
missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 -qq update
apt-get -o DPkg::Lock::Timeout=600 -qq install -y --no-install-recommends "${missing[@]}" > /dev/null
