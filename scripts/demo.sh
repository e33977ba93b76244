#!/bin/bash
# make demo: build, boot Debian's 6.1 kernel in qemu, and run demo/guest.sh.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export WORK=${WORK:-/tmp/cgnat-work}
echo "demo: installing prerequisites and fetching kernels (first run: a few minutes)"
"$top/scripts/deps.sh" demo
"$top/scripts/kernels.sh" > /dev/null
read -r series kver kdir img < "$WORK/k/kernels.txt"
echo "demo: building the module for $kver and the tools"
"$top/scripts/build-module.sh" "$kdir" "$WORK/demo-build" > "$WORK/demo-build.log" 2>&1 ||
	{ cat "$WORK/demo-build.log"; exit 1; }
make -s -C "$top/userspace"
mkdir -p "$WORK/vm"
gcc -static -O2 -o "$WORK/vm/probe" "$top/tests/vm/probe.c"
base=$("$top/tests/vm/base.sh" "$img" "$kver")
echo "demo: booting Linux $kver in qemu (software emulation: give it a minute)"
"$top/tests/vm/run-vm.sh" "$img/boot/vmlinuz-$kver" "$base" "$kver" "$top/demo/guest.sh" \
	"$WORK/demo-build/xt_CGNAT.ko" "$top/userspace/build/cgnatctl" \
	"$top/userspace/build/cgnatd" "$top/userspace/build/libxt_CGNAT.so" "$WORK/vm/probe" |
	tr -d '\r' > "$WORK/demo.log"
sed '/^RECORD-BEGIN/,/^RECORD-END/d' "$WORK/demo.log" | grep -v -E '^\[ *[0-9]+\.[0-9]+\]|^VM: |reboot: Power down'
sed -n '/^RECORD-BEGIN/,/^RECORD-END/p' "$WORK/demo.log" | grep -v '^RECORD-' | base64 -d > "$WORK/demo-events.bin"

printf '\n\033[1m== 10. Back on the host: the same kernel events as IPFIX, decoded by tshark\033[0m\n'
cap=$WORK/demo.pcapng
rm -f "$cap"
dumpcap -q -i lo -f 'udp and dst port 24739' -w "$cap" > /dev/null 2>&1 &
dc=$!
sleep 2
"$top/userspace/build/cgnatd" --replay "$WORK/demo-events.bin" -o syslog=off \
	-o status_file="$WORK/demo.status" -o ipfix=udp://127.0.0.1:24739
sleep 1
kill -INT $dc; wait $dc 2>/dev/null || true
echo "\$ tshark -r demo.pcapng -d udp.port==24739,cflow  (natEvent 16 = port block allocation, 17 = release)"
TZ=UTC tshark -r "$cap" -d udp.port==24739,cflow -Y cflow.nat_event -T fields -E aggregator=' ' \
	-e cflow.nat_event -e cflow.srcaddr -e cflow.post_natsource_ipv4_address \
	-e cflow.port_range_start -e cflow.port_range_end 2>/dev/null | head -n 3 |
	awk '{ n = NF / 5; for (i = 1; i <= n && i <= 6; i++)
		printf "  natEvent %s subscriber %s public %s ports %s-%s\n", $i, $(i + n), $(i + 2 * n), $(i + 3 * n), $(i + 4 * n) }'
printf '\nDone: rule -> traffic -> lookups -> events -> syslog/RFC 5424/IPFIX.\n'

