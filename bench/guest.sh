#!/bin/sh
# Benchmark inside the VM (qemu -icount): new TCP connections through
#   nft   nftables' own deterministic NAT: snat ip to ip saddr map @det
#   cgnat iptables-nft -j CGNAT --mode deterministic, the same mapping
#   masq  nftables masquerade
#   pba   iptables-nft -j CGNAT --mode pba on 8 public addresses
# alternating, ROUNDS rounds of MS (virtual) milliseconds each; then the
# kernel memory of PBA subscribers against plain conntrack (masquerade).
#   cli 100.64.0.2-100.64.3.255 (1022 subscribers) -- nat (n0 | n1) -- srv 192.0.2.1
. /etc/testlib.sh
[ -f /usr/local/bin/bench.env ] && . /usr/local/bin/bench.env
ROUNDS=${ROUNDS:-5} MS=${MS:-1000}
modprobe nf_conntrack hashsize=65536
modprobe xt_CGNAT
sysctl -qw net.netfilter.nf_conntrack_max=262144
for ns in cli nat srv; do ip netns add $ns; n $ns ip link set lo up; done
link cli c0 nat n0
link nat n1 srv s0
n nat ip addr add 100.64.0.1/22 dev n0
n nat ip addr add 192.0.2.254/24 dev n1
n nat sysctl -qw net.ipv4.ip_forward=1
for t in close time_wait close_wait fin_wait last_ack syn_sent syn_recv; do
	n nat sysctl -qw net.netfilter.nf_conntrack_tcp_timeout_$t=1
done
n srv ip addr add 192.0.2.1/24 dev s0
n srv ip route add 198.51.100.0/24 via 192.0.2.254
n srv sysctl -qw net.core.somaxconn=8192 net.ipv4.tcp_max_syn_backlog=8192
i=2; while [ $i -lt 1024 ]; do
	echo "addr add 100.64.$((i / 256)).$((i % 256))/22 dev c0"; i=$((i + 1))
done > /tmp/addrs
n cli ip -batch /tmp/addrs
n cli ip route add default via 100.64.0.1
n cli sysctl -qw net.ipv4.ip_local_port_range="1024 65535" net.ipv4.tcp_tw_reuse=1
# neighbour table limits exist only in the initial namespace and cover all
sysctl -qw net.ipv4.neigh.default.gc_thresh1=4096 net.ipv4.neigh.default.gc_thresh2=8192 \
	net.ipv4.neigh.default.gc_thresh3=16384
n srv connload serve 80 &

# The same mapping for nftables, computed by cgnatctl from the rule.
RULE="-o n1 -s 100.64.0.0/22 -j CGNAT --mode deterministic --inside 100.64.0.0/22 --outside 198.51.100.1-198.51.100.8"
PBA="-o n1 -s 100.64.0.0/22 -j CGNAT --mode pba --outside 198.51.100.1-198.51.100.8"
cat > /tmp/masq.nft <<'NFT'
table ip m {
	chain post {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "n1" masquerade
	}
}
NFT
n srv ip route add 192.0.2.0/24 dev s0 2>/dev/null
printf '*nat\n-A POSTROUTING %s\nCOMMIT\n' "$RULE" > /tmp/rules
{
	echo "table ip natc {"
	echo " map det { type ipv4_addr : interval ipv4_addr . inet_service; flags interval; elements = {"
	for a in 1 2 3 4 5 6 7 8; do
		cgnatctl --rules /tmp/rules lookup 198.51.100.$a |
			sed -n 's/^subscriber \([0-9.]*\): public \([0-9.]*\) ports \([0-9-]*\) .*/  \1 : \2 . \3,/p'
	done
	echo " } }"
	echo " chain post { type nat hook postrouting priority srcnat; policy accept;"
	echo "  oifname \"n1\" meta l4proto { tcp, udp } snat ip to ip saddr map @det; }"
	echo "}"
} > /tmp/natc.nft
echo "map elements: $(grep -c ' : ' /tmp/natc.nft)"

scenario() {	# scenario nft|cgnat: install its ruleset, empty conntrack
	n nat nft flush ruleset
	# shellcheck disable=SC2086
	case $1 in
	nft) n nat nft -f /tmp/natc.nft ;;
	cgnat) n nat iptables-nft -t nat -A POSTROUTING $RULE ;;
	masq) n nat nft -f /tmp/masq.nft ;;
	pba) n nat iptables-nft -t nat -A POSTROUTING $PBA ;;
	esac
	n nat nft add table ip cnt
	n nat nft add chain ip cnt cnt_fwd '{ type filter hook forward priority 0; policy accept; }'
	n nat nft add rule ip cnt cnt_fwd ct state new counter
	n nat conntrack -F 2>/dev/null
	sleep 1
}

measure() {	# measure ROUND NAME [MS]
	scenario "$2"
	out=$(n cli connload tcp 192.0.2.1 80 100.64.0.2 1022 "${3:-$MS}" 8)
	new=$(n nat nft list chain ip cnt cnt_fwd | sed -n 's/.*packets \([0-9]*\).*/\1/p')
	echo "RESULT $1 $2 $out ctnew $new"
}

# warm-up long enough to resolve every subscriber's neighbour entry
for s in ${SCENARIOS:-nft cgnat masq pba}; do measure warmup $s 2000; done
r=1; while [ $r -le "$ROUNDS" ]; do
	for s in ${SCENARIOS:-nft cgnat masq pba}; do measure $r $s; done
	r=$((r + 1))
done

# Memory: 1000 subscribers, one UDP flow each, through masquerade and
# through PBA. The subscriber record comes from kmalloc-128, so the growth
# of that cache's object count, PBA minus masquerade, counts subscribers.
slab() { sed -n 's/^Slab: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
k128() { awk '$1 == "kmalloc-128" {print $2}' /proc/slabinfo; }
n nat sysctl -qw net.netfilter.nf_conntrack_udp_timeout=600
for s in masq pba masq pba masq pba; do
	scenario $s
	sleep 2
	before=$(slab) objs=$(k128)
	n cli connload udp 192.0.2.1 9 100.64.0.10 1000 > /dev/null
	sleep 2
	echo "MEMORY $s slab_kb $(( $(slab) - before )) k128 $(( $(k128) - objs )) flows $(n nat conntrack -C)"
done
n nat nft flush ruleset
