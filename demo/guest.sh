#!/bin/sh
# The demo's story, run inside the VM: rule -> traffic -> lookups.
. /etc/testlib.sh
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { echo "\$ $*"; n cgn "$@"; }
modprobe xt_CGNAT

say "1. A CGNAT box 'cgn' between 6 subscribers (100.64.0.10-15) and a server (192.0.2.1)"
for ns in home cgn net; do ip netns add $ns; n $ns ip link set lo up; done
link home eth0 cgn lan
link cgn wan net eth0
n cgn ip addr add 100.64.0.1/24 dev lan
n cgn ip addr add 192.0.2.254/24 dev wan
n cgn sysctl -qw net.ipv4.ip_forward=1
n net ip addr add 192.0.2.1/24 dev eth0
n net ip route add 203.0.113.0/24 via 192.0.2.254
for i in 10 11 12 13 14 15; do n home ip addr add 100.64.0.$i/24 dev eth0; done
n home ip route add default via 100.64.0.1
n home sysctl -qw net.ipv4.ping_group_range="0 2147483647"
n net probe serve 7777 > /tmp/server.log 2>&1 &
echo "(subscribers in netns 'home', the Internet in netns 'net')"

say "2. One rule: 6 subscribers share 2 public addresses, each with its own port range"
run iptables-nft -t nat -A POSTROUTING -o wan -s 100.64.0.0/24 -j CGNAT --mode deterministic \
	--inside 100.64.0.10-100.64.0.15 --outside 203.0.113.1-203.0.113.2
run iptables-nft -t nat -S POSTROUTING
run cgnatctl show

say "3. Every subscriber opens a TCP connection, sends a UDP datagram and pings the server"
n home probe client 192.0.2.1 7777 100.64.0.10 100.64.0.11 100.64.0.12 100.64.0.13 100.64.0.14 100.64.0.15 | grep -E '^(ok|fail)' |
	awk '{r[$3] = r[$3] " " $2 " " $1} END {for (s in r) print "  " s ":" r[s]}' | sort
sleep 1
echo "What the server saw (protocol, source address, source port or ICMP id, sender's claim):"
sed 's/^/  /' /tmp/server.log

say "4. The abuse desk: 'who had this address and port?'"
set -- $(grep '^tcp' /tmp/server.log | sed -n 4p)
run cgnatctl lookup "$2:$3"
echo "(the server log says it came from $4)"

say "5. And the other way round: where does a subscriber appear?"
run cgnatctl lookup 100.64.0.12

say "6. Months later, from the saved rules (no kernel state needed)"
n cgn iptables-nft-save > /tmp/rules-saved.txt
echo "\$ iptables-nft-save > /tmp/rules-saved.txt"
run cgnatctl -j lookup --rules /tmp/rules-saved.txt "$2:$3"

say "7. A subscriber outside --inside is never translated; counters say so"
n home ip addr add 100.64.0.99/24 dev eth0
n home probe hold 192.0.2.1 7777 100.64.0.99 udp 0 > /dev/null
run cgnatctl show

say "8. Port-block allocation: blocks of ports on one address, every block announced"
n cgn iptables-nft -t nat -F
n cgn cgnatctl -j monitor --record /tmp/events.bin > /tmp/events.log 2>&1 &
n cgn ip link set lo up
syslogd -n -O /tmp/messages &
n cgn probe sink 5514 /tmp/rfc5424.log &
n cgn cgnatd -o state_db=/tmp/cgnatd.db -o status_file=/tmp/cgnatd.status \
	-o remote_syslog=udp://127.0.0.1:5514 > /dev/null 2>&1 &
echo "(cgnatd runs in 'cgn': local syslog + an RFC 5424 receiver)"
sleep 1
run iptables-nft -t nat -A POSTROUTING -o wan -s 100.64.0.0/24 -j CGNAT --mode pba \
	--outside 203.0.113.1-203.0.113.2 --block-size 256 --max-blocks 4 --quarantine 5
n home probe client 192.0.2.1 7777 100.64.0.10 100.64.0.11 100.64.0.12 > /dev/null
sleep 1
echo "What 'cgnatctl monitor' printed (one line per block, not per connection):"
n cgn cgnatctl monitor --timeout 1 > /dev/null 2>&1
sed 's/,"time_ns":[0-9]*//; s/^/  /' /tmp/events.log | cut -c1-180
run cgnatctl pool
set -- $(grep '^udp' /tmp/server.log | tail -n 1)
run cgnatctl lookup "$2:$3"
echo "(the server log says it came from $4)"
run cgnatctl stats

say "9. What the auditor's SIEM received from cgnatd"
sleep 2
echo "local syslog (facility local4):"
grep 'event=block' /tmp/messages | head -n 3 | cut -c1-270 | sed 's/^/  /'
echo "RFC 5424 with structured data:"
grep 'block-alloc' /tmp/rfc5424.log | head -n 1 | sed 's/^/  /'
echo "cgnatd status:"
sed 's/^/  /' /tmp/cgnatd.status
echo RECORD-BEGIN; base64 /tmp/events.bin; echo RECORD-END
