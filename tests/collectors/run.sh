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

# A TCP collector that is down at first: cgnatd keeps the records queued,
# retries, and once connected sends the templates first, then everything.
python3 - "$tmp/tcp.ipfix" 24741 > "$tmp/late.log" 2>&1 <<'PY' &
import socket, sys, time
time.sleep(3)                       # down for the first 3 seconds
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[2]))); s.listen(1); s.settimeout(30)
c, _ = s.accept(); c.settimeout(3)
with open(sys.argv[1], "wb") as f:
    while True:
        try:
            b = c.recv(65536)
        except socket.timeout:
            break
        if not b:
            break
        f.write(b)
PY
late=$!
"$d" --replay "$rec" -o syslog=off -o status_file="$tmp/status2" -o ipfix=tcp://127.0.0.1:24741
wait $late
grep -q '"errors":[1-9]' "$tmp/status2" && ok "cgnatd counted the failed connection attempts" ||
	bad "no connection error counted: $(cat "$tmp/status2")"
grep -q '"sent":[1-9][0-9]*,"dropped":0' "$tmp/status2" && ok "nothing dropped while the collector was down" ||
	bad "late TCP collector: $(cat "$tmp/status2")"
python3 - "$tmp/tcp.ipfix" "$n" <<'PY' && ok "TCP stream starts with the templates and holds every block record" || bad "TCP stream"
import struct, sys
b = open(sys.argv[1], "rb").read()
off, first_set, recs = 0, None, 0
while off + 16 <= len(b):
    ver, length = struct.unpack_from(">HH", b, off)
    assert ver == 10 and length >= 16, "bad message"
    pos = off + 16
    while pos + 4 <= off + length:          # every set of the message
        sid, slen = struct.unpack_from(">HH", b, pos)
        first_set = first_set if first_set is not None else sid
        if sid == 256:
            recs += (slen - 4) // 29
        pos += slen
    off += length
assert off == len(b) and first_set == 2, (off, len(b), first_set)
assert recs == int(sys.argv[2]), (recs, sys.argv[2])
PY
r=$(ipfixDump --in "$tmp/tcp.ipfix" 2>&1 >/dev/null)
[ -z "$r" ] && ok "ipfixDump reads the TCP stream without a warning" || bad "ipfixDump on TCP stream: $r"

# A TCP collector that drops the connection mid-session: cgnatd reconnects,
# and the new transport session starts with sequence 0 and the templates.
python3 "$top/bench/scale_recording.py" "$rec" "$tmp/big.bin" 100000
python3 - "$tmp/s1.ipfix" "$tmp/s2.ipfix" 24743 > "$tmp/drop.log" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[3]))); s.listen(1); s.settimeout(30)
c, _ = s.accept()
open(sys.argv[1], "wb").write(c.recv(4096))    # a little, then hang up
c.close()
c, _ = s.accept(); c.settimeout(5)
with open(sys.argv[2], "wb") as f:
    while True:
        try:
            b = c.recv(1 << 20)
        except socket.timeout:
            break
        if not b:
            break
        f.write(b)
PY
drop=$!
sleep 1
"$d" --replay "$tmp/big.bin" -o syslog=off -o status_file="$tmp/status3" -o ipfix=tcp://127.0.0.1:24743
wait $drop
grep -q '"reconnects":[1-9]' "$tmp/status3" && ok "cgnatd reconnected after the collector hung up" ||
	bad "no reconnect: $(cat "$tmp/status3")"
python3 - "$tmp/s2.ipfix" <<'PY' && ok "the new session starts at sequence 0 with the templates" || bad "second TCP session"
import struct, sys
b = open(sys.argv[1], "rb").read()
ver, length, t, seq, dom = struct.unpack_from(">HHIII", b, 0)
sid = struct.unpack_from(">H", b, 16)[0]
assert ver == 10 and seq == 0 and sid == 2, (ver, seq, sid)
PY
r=$(ipfixDump --in "$tmp/s2.ipfix" 2>&1 >/dev/null)
[ -z "$r" ] && ok "ipfixDump reads the new session without a warning" || bad "ipfixDump on the new session: $r"

python3 "$top/tests/collectors/compare.py" "$tmp" && ok "fields compared" || bad "field comparison"
passed=$((passed + $(grep -c '^PASS' "$tmp/compare.log"))) failed=$((failed + $(grep -c '^FAIL' "$tmp/compare.log")))
cat "$tmp/compare.log"
echo "collectors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
