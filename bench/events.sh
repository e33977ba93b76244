#!/bin/bash
# Events per second through cgnatd's encoders to RFC 5424 and IPFIX over
# UDP on loopback, on one core (taskset), from a recording of the kernel's
# own event messages scaled to N events. Prints a BENCHMARKS.md section.
# Usage: bench/events.sh [N]     (needs $WORK/vm/events-6.1.bin from the VM tests)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/cgnat-work}
n=${1:-500000}
rec=$WORK/vm/events-6.1.bin
[ -s "$rec" ] || { echo "run tests/vm/run.sh first (no $rec)" >&2; exit 1; }
make -s -C "$top/userspace"
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
python3 "$top/bench/scale_recording.py" "$rec" "$tmp/big.bin" "$n"
for p in 26514 26739; do socat -u UDP-RECV:$p,bind=127.0.0.1 OPEN:/dev/null & done
sleep 1
runs=()
for i in 1 2 3; do
	start=$(date +%s.%N)
	taskset -c 0 "$top/userspace/build/cgnatd" --replay "$tmp/big.bin" -o syslog=off \
		-o state_db=off -o status_file="$tmp/st" -o queue=1048576 \
		-o remote_syslog=udp://127.0.0.1:26514 -o ipfix=udp://127.0.0.1:26739
	end=$(date +%s.%N)
	grep -q '"dropped":[1-9]' "$tmp/st" && { echo "records dropped: $(cat "$tmp/st")" >&2; exit 1; }
	runs+=("$(python3 -c "print(round($n / ($end - $start)))")")
done
sent=$(grep -o '"sent":[0-9]*' "$tmp/st" | tr '\n' ' ')
sorted=$(printf '%s\n' "${runs[@]}" | sort -n | tr '\n' ' ')
median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
cat <<MD
## cgnatd: events per second through the encoders (issue cgnatd)

Measured $(date +%F) by \`bench/events.sh $n\` on the host (2 cores, Debian 12):
$n block allocation/release events, copied from a recording of the kernel's
own messages (\`cgnatctl monitor --record\` in the PBA VM test) and renumbered,
replayed by \`cgnatd --replay\` pinned to one core (\`taskset -c 0\`; the reader
and both output threads share it) to an RFC 5424 receiver and an IPFIX
collector over UDP on loopback (socat sinks), every record sent
($sent). Wall time from start to the last record handed to the kernel.

Runs: $sorted events/s. **Median: $median events/s** (target >= 200 000/s on one core).
MD
