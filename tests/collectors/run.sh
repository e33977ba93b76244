#!/bin/bash
# Real collectors decode what cgnatd sends, for events the kernel itself
# produced: the PBA VM test records the kernel's event messages
# (cgnatctl monitor --record); here cgnatd replays them to tshark (pcap),
# nfcapd/nfdump and libfixbuf's ipfixDump (IPFIX over UDP), and a private
# rsyslog with mmpstrucdata (RFC 5424 over UDP and TCP). Every field must
# equal what the kernel announced; the strict decoders must not complain.
# Usage: tests/collectors/run.sh [RECORDING]   (default: $WORK/vm/events-6.1.bin)
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/cgnat-work}
rec=${1:-$WORK/vm/events-6.1.bin}
ctl=$top/userspace/build/cgnatctl
d=$top/userspace/build/cgnatd
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "PASS $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
if [ ! -s "$rec" ]; then
	echo "FAIL no recording of kernel events at $rec (run tests/vm/run.sh first)"
	echo "collectors: 0 passed, 1 failed"; exit 1
fi
export TZ=UTC

"$ctl" -j monitor --replay "$rec" > "$tmp/expected.jsonl"
n=$(grep -c '"event":"block-' "$tmp/expected.jsonl")
[ "$n" -ge 100 ] && ok "recording holds $n block events from the kernel" || bad "recording has only $n block events"

cat > "$tmp/rsyslog.conf" <<R
global(workDirectory="$tmp")
module(load="imudp")
module(load="imtcp")
module(load="mmpstrucdata")
template(name="sd" type="list") {
  property(name="inputname") constant(value="\t")
  property(name="protocol-version") constant(value="\t")
  property(name="msgid") constant(value="\t")
  property(name="\$!rfc5424-sd") constant(value="\n")
}
ruleset(name="cgnat") {
  action(type="mmpstrucdata" sd_name.lowercase="off")
  action(type="omfile" file="$tmp/rsyslog.out" template="sd")
}
input(type="imudp" address="127.0.0.1" port="25515" ruleset="cgnat" name="udp" rcvbufSize="16m")
input(type="imtcp" address="127.0.0.1" port="25601" ruleset="cgnat" name="tcp")
R
rsyslogd -n -f "$tmp/rsyslog.conf" -i "$tmp/rsyslog.pid" > "$tmp/rsyslog.log" 2>&1 &
pids+=($!)
mkdir -p "$tmp/nf"
nfcapd -w "$tmp/nf" -b 127.0.0.1 -p 24740 -t 3600 > "$tmp/nfcapd.log" 2>&1 &
nfpid=$!
dumpcap -q -i lo -f 'udp and dst host 127.0.0.1 and (dst port 24739 or dst port 25514)' \
	-w "$tmp/cap.pcapng" > "$tmp/dumpcap.log" 2>&1 &
dcpid=$!
sleep 3

"$d" --replay "$rec" -o syslog=off -o status_file="$tmp/status" \
	-o ipfix=udp://127.0.0.1:24739 -o ipfix=udp://127.0.0.1:24740 \
	-o remote_syslog=udp://127.0.0.1:25514 -o remote_syslog=udp://127.0.0.1:25515 \
	-o remote_syslog=tcp://127.0.0.1:25601 && ok "cgnatd replayed the recording" || bad "cgnatd --replay"
sleep 2
kill -INT "$dcpid"; kill -TERM "$nfpid"; wait "$dcpid" "$nfpid" 2>/dev/null
grep -q '"dropped":0,' "$tmp/status" && ! grep -q '"dropped":[1-9]' "$tmp/status" &&
	ok "no output dropped a record" || bad "drops: $(cat "$tmp/status")"

python3 "$top/tests/collectors/compare.py" "$tmp" && ok "fields compared" || bad "field comparison"
passed=$((passed + $(grep -c '^PASS' "$tmp/compare.log"))) failed=$((failed + $(grep -c '^FAIL' "$tmp/compare.log")))
cat "$tmp/compare.log"
echo "collectors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
