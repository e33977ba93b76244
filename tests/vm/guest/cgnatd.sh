#!/bin/sh
# cgnatd loses nothing: a burst of >100 000 block events while the daemon
# is stopped (SIGSTOP) with a 64 KiB receive buffer; the kernel drops
# events (ENOBUFS); after SIGCONT the daemon must see the gaps, resync,
# and leave a log (local syslog, busybox syslogd) whose open blocks -
# allocated and not released - are exactly the kernel's live blocks.
# Then the same with kill -9 in the middle of a burst and a restart.
. /etc/testlib.sh
set -u
RULE="-o n1 -s 100.64.0.0/16 -j CGNAT --mode pba --outside 203.0.113.1-203.0.113.4 --block-size 1 --max-blocks 64 --quarantine 0 --threshold 0"

setup() {
	modprobe xt_CGNAT || fail "modprobe xt_CGNAT"
	# 1000 subscribers: neighbour and conntrack limits are global (initial netns)
	sysctl -qw net.ipv4.neigh.default.gc_thresh1=4096 net.ipv4.neigh.default.gc_thresh2=8192 \
		net.ipv4.neigh.default.gc_thresh3=16384 net.netfilter.nf_conntrack_max=262144
	# shellcheck disable=SC2046
	topology $(awk 'BEGIN { for (i = 0; i < 1000; i++) printf "100.64.%d.%d\n", 8 + int(i / 256), i % 256 }')
	n nat sysctl -qw net.netfilter.nf_conntrack_udp_timeout=600
	# shellcheck disable=SC2086
	check "pba rule with 1-port blocks" n nat iptables-nft -t nat -A POSTROUTING $RULE
	n nat ip link set lo up
	syslogd -n -O /tmp/messages &
	start_daemon
}

start_daemon() {
	n nat cgnatd -o rcvbuf=65536 -o status_file=/tmp/st -o syslog_facility=local4 \
		-o state_db=/tmp/state/cgnatd.db \
		> /tmp/cgnatd.out 2>&1 &
	CGNATD=$!
	sleep 2
}

# wait until the daemon has caught up with the kernel and its queues are empty
settle() {
	i=0
	while [ $i -lt "$1" ]; do
		seq=$(n nat cgnatctl -j stats | json_field event_seq)
		if [ -s /tmp/st ] && [ "$(json_field last_seq < /tmp/st)" = "$seq" ] &&
			! grep -q '"queued":[1-9]' /tmp/st; then
			sleep 2	# syslogd writes the last lines
			return 0
		fi
		sleep 1; i=$((i + 1))
	done
	return 1
}

# blocks the log shows allocated and not released, vs the kernel's live ones
compare_open() {
	awk '/cgnatd\[[0-9]*\]: event=block-/ {
		for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		k = f["public"] " " f["ports"]
		if (f["event"] == "block-alloc") open[k] = f["subscriber"]; else delete open[k]
	} END { for (k in open) print k, open[k] }' /tmp/messages | sort > /tmp/log_open
	n nat cgnatctl -j blocks | tr '{' '\n' | sed -n \
		's/.*"subscriber":"\([0-9.]*\)","public":"\([0-9.]*\)","port_first":\([0-9]*\),"port_last":\([0-9]*\).*/\2 \3-\4 \1/p' |
		sort > /tmp/kernel_open
	echo "  log shows $(wc -l < /tmp/log_open) open blocks, the kernel has $(wc -l < /tmp/kernel_open)"
	cmp -s /tmp/log_open /tmp/kernel_open
}

burst_while_stopped() {
	kill -STOP $CGNATD
	n sub connload udp 192.0.2.1 9 100.64.8.0 1000 55
	n nat conntrack -F 2>/dev/null
	n sub connload udp 192.0.2.1 9 100.64.8.0 200 3	# these stay alive
	seq=$(n nat cgnatctl -j stats | json_field event_seq)
	check "the kernel numbered over 100 000 events ($seq)" [ "$seq" -gt 100000 ]
	check "the kernel failed to deliver some (events_failed)" \
		[ "$(n nat cgnatctl -j stats | json_field events_failed)" -gt 0 ]
	kill -CONT $CGNATD
	check "cgnatd caught up" settle 300
	cat /tmp/st; echo
	check "cgnatd saw the loss (ENOBUFS or a gap)" [ "$(json_field enobufs < /tmp/st)" -gt 0 -o "$(json_field gaps < /tmp/st)" -gt 0 ]
	check "cgnatd resynchronised" [ "$(json_field resyncs < /tmp/st)" -gt 0 ]
	check "the log says events were lost" grep -q 'event=loss' /tmp/messages
	check "no output dropped a record" sh -c "! grep -q '\"dropped\":[1-9]' /tmp/st"
	check "the log's open blocks are exactly the kernel's live blocks" compare_open
}

killed_mid_burst() {
	n sub connload udp 192.0.2.1 9 100.64.8.0 1000 30 > /dev/null &
	burst=$!
	sleep 3
	kill -9 $CGNATD
	wait $burst
	n nat conntrack -F 2>/dev/null
	n sub connload udp 192.0.2.1 9 100.64.8.0 150 2	# alive at the end
	rm -f /tmp/st
	start_daemon
	check "restarted cgnatd caught up" settle 300
	cat /tmp/st; echo
	check "the restart logged the events it missed as lost" \
		[ "$(grep -c 'event=loss' /tmp/messages)" -ge 2 ]
	check "after kill -9 and restart the log's open blocks are the kernel's" compare_open
}

setup
burst_while_stopped
killed_mid_burst
kill $CGNATD
n nat iptables-nft -t nat -F
exit $FAILED
