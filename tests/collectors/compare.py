#!/usr/bin/env python3
"""Compare what real collectors decoded with what the kernel announced.

Reads DIR/expected.jsonl (cgnatctl -j monitor --replay of the recording),
DIR/cap.pcapng (tshark), DIR/nf (nfcapd), DIR/nfcapd.log, DIR/rsyslog.out.
Writes PASS/FAIL lines to DIR/compare.log; exit 1 on any failure.
"""
import collections
import datetime
import json
import os
import re
import subprocess
import sys

d = sys.argv[1]
out = open(os.path.join(d, "compare.log"), "w")
fails = 0


def check(ok, what):
    global fails
    out.write(("PASS " if ok else "FAIL ") + what + "\n")
    fails += not ok


env = dict(os.environ, TZ="UTC")
events = [json.loads(l) for l in open(os.path.join(d, "expected.jsonl")) if l.startswith("{")]
blocks = [e for e in events if e["event"] in ("block-alloc", "block-release")]
NATEV = {"block-alloc": 16, "block-release": 17}
want_ipfix = collections.Counter(
    (NATEV[e["event"]], e["time_ns"] // 1000000, e["subscriber"], e["public"], e["port_first"],
     e["port_last"], 1, e["port_last"] - e["port_first"] + 1, e["instance"]) for e in blocks)


def ms_of(s):  # "Nov 22, 2026 00:49:21.895000000 UTC"
    t = datetime.datetime.strptime(s[:-4][:-3], "%b %d, %Y %H:%M:%S.%f")
    return int(t.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000 + 0.5)


# tshark: every IPFIX block record, field by field
pk = json.loads(subprocess.run(
    ["tshark", "-r", os.path.join(d, "cap.pcapng"), "-d", "udp.port==24739,cflow",
     "-Y", "udp.dstport==24739", "-T", "json", "--no-duplicate-keys"],
    capture_output=True, text=True, env=env).stdout or "[]")
got = collections.Counter()
seqs = []
for p in pk:
    cf = p["_source"]["layers"].get("cflow")
    if not cf:
        continue
    seqs.append((int(cf["cflow.sequence"]), cf))
    for k, s in cf.items():
        if not k.startswith("Set ") or not isinstance(s, dict):
            continue
        for fk, f in s.items():
            if fk.startswith("Flow ") and f.get("cflow.nat_event") in ("16", "17"):
                got[(int(f["cflow.nat_event"]), ms_of(f["cflow.observation_time_milliseconds"]),
                     f["cflow.srcaddr"], f["cflow.post_natsource_ipv4_address"],
                     int(f["cflow.port_range_start"]), int(f["cflow.port_range_end"]),
                     int(f["cflow.port_range_step_size"]), int(f["cflow.port_range_num_ports"]),
                     int(f["cflow.nat_pool_id"]))] += 1
check(got == want_ipfix, f"tshark: {sum(got.values())} IPFIX block records equal the kernel's "
      f"{len(blocks)} events field by field")
if got != want_ipfix:
    out.write(f"  missing {list((want_ipfix - got).items())[:3]} extra {list((got - want_ipfix).items())[:3]}\n")

# ipfixDump (libfixbuf, strict): the same bytes, no warnings
payload = subprocess.run(["tshark", "-r", os.path.join(d, "cap.pcapng"), "-Y", "udp.dstport==24739",
                          "-T", "fields", "-e", "udp.payload"], capture_output=True, text=True).stdout
raw = b"".join(bytes.fromhex(l.strip().replace(":", "")) for l in payload.splitlines() if l.strip())
open(os.path.join(d, "x.ipfix"), "wb").write(raw)
r = subprocess.run(["ipfixDump", "--in", os.path.join(d, "x.ipfix")], capture_output=True, text=True)
bad = [l for l in r.stderr.splitlines() if re.search(r"illegal|sequence|error|warn", l, re.I)]
check(r.returncode == 0 and not bad, f"ipfixDump: no illegal-length or out-of-sequence warning {bad[:2]}")
n_nat = len(re.findall(r"natEvent", r.stdout))
check(n_nat >= len(blocks), f"ipfixDump decoded {n_nat} natEvent fields (>= {len(blocks)} block events)")

# nfcapd/nfdump
log = open(os.path.join(d, "nfcapd.log")).read()
m = re.search(r"Sequence Errors: (\d+)", log)
check(m is not None and m.group(1) == "0", f"nfcapd: Sequence Errors: {m.group(1) if m else '?'}")
nf = subprocess.run(["nfdump", "-R", os.path.join(d, "nf"), "-q", "-o", "json"],
                    capture_output=True, text=True, env=env).stdout
recs = json.loads(nf) if nf.strip().startswith("[") else json.loads("[" + nf.strip().rstrip(",") + "]")
def nf_time(t):  # nfdump 1.7.1 prints the milliseconds unpadded: ".7" is 7 ms
    sec, _, frac = t.partition(".")
    return sec, int(frac or 0)


got_nf = collections.Counter((int(x["nat_event_id"]), x["src4_addr"], x["src4_xlt_ip"], nf_time(x["t_event"]))
                             for x in recs if x.get("nat_event_id") in ("16", "17"))
want_nf = collections.Counter(
    (NATEV[e["event"]], e["subscriber"], e["public"],
     (datetime.datetime.fromtimestamp(e["time_ns"] // 10**9, datetime.timezone.utc)
      .strftime("%Y-%m-%dT%H:%M:%S"), e["time_ns"] // 10**6 % 1000)) for e in blocks)
check(got_nf == want_nf, f"nfdump: {sum(got_nf.values())} NAT block records (event, subscriber, "
      "public address, time) equal the kernel's")

# rsyslog + mmpstrucdata, over UDP and TCP
lines = [l.rstrip("\n").split("\t") for l in open(os.path.join(d, "rsyslog.out"))]
want_sd = collections.Counter((str(e["seq"]), e["subscriber"], e["public"],
                               f'{e["port_first"]}-{e["port_last"]}') for e in blocks)
for inp in ("udp", "tcp"):
    mine = [l for l in lines if l[0] == inp]
    check(mine and all(l[1] == "1" for l in mine), f"rsyslog/{inp}: {len(mine)} messages parsed as RFC 5424")
    sd = collections.Counter()
    for l in mine:
        if l[2].startswith("block-"):
            p = json.loads(l[3])["cgnat@32473"]
            sd[(p["seq"], p["subscriber"], p["public"], p["ports"])] += 1
    check(sd == want_sd, f"rsyslog/{inp}: structured data of {sum(sd.values())} block events equals the kernel's")

# RFC 5424 grammar, checked here too (rsyslog accepts an unescaped ']')
msgs = subprocess.run(["tshark", "-r", os.path.join(d, "cap.pcapng"), "-Y", "udp.dstport==25514",
                       "-T", "fields", "-e", "udp.payload"], capture_output=True, text=True).stdout.split()
pv = r'"(?:[^"\\\]]|\\["\\\]])*"'
grammar = re.compile(r"^<(\d{1,3})>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,6}Z \S{1,255} \S{1,48} \d+ [!-~]{1,32} "
                     r"\[[!-~]+@\d+(?: [!-<>-~]{1,32}=" + pv + r")+\] .*$")
ok = [bool(grammar.match(bytes.fromhex(m.replace(":", "")).decode())) for m in msgs]
check(ok and all(ok), f"RFC 5424 grammar holds for all {len(ok)} UDP messages")
out.close()
sys.exit(1 if fails else 0)
