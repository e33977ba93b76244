#!/usr/bin/env python3
"""Make a recording of N block events from a recording of the kernel's.

usage: scale_recording.py IN OUT N

Copies the block allocation/release messages of IN (written by cgnatctl
monitor --record) over and over, renumbering CGNAT_A_SEQ from 1 and
shifting CGNAT_A_ALLOC_NS and CGNAT_A_TIMESTAMP_NS per copy, so that every
message is a distinct event of an unbroken sequence.
"""
import struct
import sys

A_ALLOC_NS, A_SEQ, A_EVENT, A_TIMESTAMP_NS = 23, 25, 26, 27
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, "rb").read()
msgs, off = [], 0
while off + 16 <= len(data):
    length = struct.unpack_from("=I", data, off)[0]
    msgs.append(bytearray(data[off:off + length]))
    off += (length + 3) & ~3


def attrs(m):
    pos = 20                                  # nlmsghdr + genlmsghdr
    while pos + 4 <= len(m):
        alen, atype = struct.unpack_from("=HH", m, pos)
        yield atype & 0x3fff, pos + 4
        pos += (alen + 3) & ~3


blocks = [m for m in msgs if any(t == A_EVENT and m[p] in (1, 2) for t, p in attrs(m))]
if not blocks:
    sys.exit("no block events in " + src)
with open(dst, "wb") as out:
    for i in range(n):
        m = bytearray(blocks[i % len(blocks)])
        shift = (i // len(blocks)) * 1000
        for t, p in attrs(m):
            if t == A_SEQ:
                struct.pack_into("=Q", m, p, i + 1)
            elif t in (A_ALLOC_NS, A_TIMESTAMP_NS):
                struct.pack_into("=Q", m, p, struct.unpack_from("=Q", m, p)[0] + shift)
        out.write(m)
