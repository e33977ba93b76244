#!/bin/sh
# Log volume of one workload, measured (bench/logvolume.sh): N subscribers,
# each with one long-lived TCP connection (a CPE's keepalive) and M short
# UDP flows in bursts. cgnatd logs per-flow records (flows=on) and the port
# blocks at once; the bytes of each kind are counted from its syslog output,
# IPFIX bytes follow from the record counts and the templates' sizes.
. /etc/testlib.sh
[ -f /usr/local/bin/bench.env ] && . /usr/local/bin/bench.env
N=${N:-50} BURSTS=${BURSTS:-100} PER=${PER:-20}
modprobe xt_CGNAT
sysctl -qw net.ipv4.neigh.default.gc_thresh3=16384 net.netfilter.nf_conntrack_max=262144
# shellcheck disable=SC2046
topology $(awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "100.64.8.%d\n", i }')
n nat sysctl -qw net.netfilter.nf_conntrack_udp_timeout=2
n pub probe serve 7777 > /dev/null 2>&1 &
n nat ip link set lo up
syslogd -n -O /tmp/messages &
n nat iptables-nft -t nat -A POSTROUTING -o n1 -s 100.64.0.0/16 -j CGNAT --mode pba --outside 203.0.113.1-203.0.113.4
n nat cgnatd -o flows=on -o state_db=off -o status_file=/tmp/st > /dev/null 2>&1 &
sleep 2
# shellcheck disable=SC2046
n sub probe keep 192.0.2.1 7777 100000 $(awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "100.64.8.%d ", i }') &
sleep 3
b=1; while [ $b -le "$BURSTS" ]; do
	n sub connload udp 192.0.2.1 9 100.64.8.0 "$N" "$PER" > /dev/null
	b=$((b + 1))
done
sleep 4	# the last short flows expire
n nat conntrack -F 2>/dev/null
sleep 3
kind() { grep "cgnatd\[[0-9]*\]: event=$1" /tmp/messages; }
for k in block-alloc block-release session-create session-delete config-add; do
	echo "LOGVOLUME $k records $(kind $k | wc -l) syslog_bytes $(kind $k | sed 's/^.*cgnatd\[[0-9]*\]: //' | wc -c)"
done
echo "LOGVOLUME subscribers $N connections $(n nat cgnatctl -j stats | json_field created_udp)"
cat /tmp/st; echo
