#!/bin/sh
# Port-block allocation through a real iptables-nft rule: every public
# address:port the server sees must lie in a block that `cgnatctl monitor`
# reported allocated to that subscriber before the connection and not
# released before it ended; blocks are released by conntrack itself
# (close, timeout, conntrack -F), also while conntrack -E holds ctnetlink.
#
#   sub  100.64.0.10-69 (60 subscribers), 100.64.2.1-2 (quota test)
#    | s0 -- n0 100.64.0.1/16
#   nat  CGNAT --mode pba --outside 203.0.113.1-4, blocks of 64, 2 each
#    | n1 192.0.2.254/24 -- p0 192.0.2.1/24
#   pub  probe serve
. /etc/testlib.sh
set -u
SUBS=$(i=10; while [ $i -le 69 ]; do echo 100.64.0.$i; i=$((i + 1)); done)
RULE="-o n1 -s 100.64.0.0/16 -j CGNAT --mode pba --outside 203.0.113.1-203.0.113.4 --ports 1024-2047 --block-size 64 --max-blocks 2 --quarantine 2 --threshold 50"

setup() {
	modprobe xt_CGNAT || fail "modprobe xt_CGNAT"
	# shellcheck disable=SC2086
	topology $SUBS 100.64.2.1 100.64.2.2
	for t in tcp_timeout_time_wait tcp_timeout_close tcp_timeout_fin_wait tcp_timeout_close_wait \
		tcp_timeout_last_ack udp_timeout udp_timeout_stream icmp_timeout; do
		n nat sysctl -qw net.netfilter.nf_conntrack_$t=2
	done
	n pub probe serve 7777 > /tmp/server.log 2>&1 &
	n nat cgnatctl -j monitor --record /tmp/events.bin > /tmp/mon.log 2>&1 &
	MON=$!
	# cgnatd: local syslog (busybox syslogd) and RFC 5424 over UDP
	n nat ip link set lo up
	n nat syslogd -n -O /tmp/messages &
	n nat probe sink 5514 /tmp/rfc5424.log &
	n nat cgnatd -o remote_syslog=udp://127.0.0.1:5514 -o status_file=/tmp/cgnatd.status \
		-o syslog_facility=local4 -o state_db=/tmp/cgnatd.db -o flows=on -o interim=5 \
		> /tmp/cgnatd.out 2>&1 &
	CGNATD=$!
	sleep 1
	# shellcheck disable=SC2086
	check "pba rule accepted" n nat iptables-nft -t nat -A POSTROUTING $RULE
	n nat iptables-nft-save -t nat > /tmp/save1
	n nat iptables-nft -t nat -F
	n nat iptables-nft-restore < /tmp/save1
	n nat iptables-nft-save -t nat > /tmp/save2
	grep -v '^#' /tmp/save1 > /tmp/s1; grep -v '^#' /tmp/save2 > /tmp/s2
	check "pba rule: save/restore round trip is byte-identical" cmp /tmp/s1 /tmp/s2
	grep CGNAT /tmp/s1
}

# Block events from the monitor as "event sub pub first last time_ns".
blocks_from_monitor() {
	grep '"event":"block-' /tmp/mon.log | sed 's/.*"time_ns":\([0-9]*\),"event":"\([a-z-]*\)".*"subscriber":"\([0-9.]*\)","public":"\([0-9.]*\)","port_first":\([0-9]*\),"port_last":\([0-9]*\).*/\2 \3 \4 \5 \6 \1/'
}

# For each line the server logged since line $3: a block of the sender
# holding the port, allocated before the sender's traffic ended ("done" in
# client log $2) and not released before that.
verify_blocks() {
	blocks_from_monitor > /tmp/blocks
	awk -v phase="$1" -v client="$2" -v from="$3" '
	FILENAME == client { if ($1 == "done") done[$2] = $3; next }
	FILENAME == "/tmp/blocks" {
		k = $2 " " $3 " " $4
		last[k] = $5
		if ($1 == "block-alloc") { na[k]++; A[k, na[k]] = $6 }
		else if (na[k]) R[k, na[k]] = $6
		next
	}
	FNR > from {
		n++
		if ($2 !~ /^203\.0\.113\./) { print "  untranslated: " $0; bad++; next }
		ok = 0; seen = 0
		for (k in na) {
			split(k, f, " ")
			if (f[1] != $4 || f[2] != $2 || $3 < f[3] || $3 > last[k]) continue
			seen = 1
			for (i = 1; i <= na[k]; i++)
				if (A[k, i] <= done[$4] && (!((k, i) in R) || R[k, i] > done[$4]))
					ok = 1
		}
		if (!seen) { print "  no block reported for: " $0; bad++ }
		else if (!ok) { print "  no allocation covering the use: " $0; bad++ }
	}
	END { print phase ": " n + 0 " server lines, " bad + 0 " bad"; exit (bad > 0 || n == 0) }
	' "$2" /tmp/blocks /tmp/server.log
}

# wait until no live block is left; `conntrack -L` reaps expired entries
wait_released() {
	i=0
	while [ $i -lt "$1" ]; do
		n nat conntrack -L > /dev/null 2>&1
		[ "$(n nat cgnatctl -j blocks | grep -c subscriber)" = 0 ] && return 0
		sleep 1; i=$((i + 1))
	done
	return 1
}

count_ev() { grep -c "\"event\":\"$1\"" /tmp/mon.log; }

traffic() {
	# shellcheck disable=SC2086
	n sub probe client 192.0.2.1 7777 $SUBS > /tmp/client.log
	expect_eq "60 subscribers x tcp/udp/icmp all answered" "$(grep -c '^ok' /tmp/client.log)" 180
	sleep 1
	check "every address:port the server saw lies in a block the monitor reported for the sender" \
		verify_blocks traffic /tmp/client.log 0
	expect_eq "one block per subscriber" "$(count_ev block-alloc)" 60
	check "threshold events for busy addresses" [ "$(count_ev threshold)" -ge 1 ]
	n nat cgnatctl pool | tee /tmp/pool
	check "pool marks busy addresses" grep -q BUSY /tmp/pool
	n nat cgnatctl -j lookup "$(awk '$1 == "udp" {print $2 ":" $3; exit}' /tmp/server.log)" > /tmp/live
	expect_eq "live lookup names the holder" "$(json_field subscriber < /tmp/live)" \
		"$(awk '$1 == "udp" {print $4; exit}' /tmp/server.log)"
}

release_on_close() {
	check "closing every connection releases every block" wait_released 60
	expect_eq "a release event for every allocation" "$(count_ev block-release)" "$(count_ev block-alloc)"
	sleep 3	# quarantine 2 s
	n nat cgnatctl -j stats > /tmp/stats
	cat /tmp/stats
	expect_eq "stats: no active subscriber" "$(json_field subscribers < /tmp/stats)" 0
	expect_eq "stats: quarantine over" "$(json_field blocks_quarantined < /tmp/stats)" 0
	expect_eq "stats: created = destroyed (tcp)" "$(json_field created_tcp < /tmp/stats)" "$(json_field destroyed_tcp < /tmp/stats)"
	expect_eq "stats: created = destroyed (udp)" "$(json_field created_udp < /tmp/stats)" "$(json_field destroyed_udp < /tmp/stats)"
}

flush_with_ctnetlink() {
	n nat conntrack -E > /tmp/ctevents 2>&1 &
	CTE=$!
	for t in udp_timeout udp_timeout_stream icmp_timeout; do n nat sysctl -qw net.netfilter.nf_conntrack_$t=300; done
	before=$(count_ev block-release)
	from=$(wc -l < /tmp/server.log)
	# shellcheck disable=SC2086
	n sub probe client 192.0.2.1 7777 $SUBS > /tmp/client2.log
	live=$(n nat cgnatctl -j blocks | grep -o subscriber | wc -l)
	check "live blocks after traffic ($live)" [ "$live" -ge 60 ]
	n nat conntrack -F 2>/dev/null
	check "conntrack -F releases every block, with conntrack -E running" wait_released 10
	expect_eq "release events for all of them" "$(($(count_ev block-release) - before))" "$live"
	check "conntrack -E kept receiving events" [ "$(grep -c NEW /tmp/ctevents)" -ge 60 ]
	kill $CTE
	check "the same holds for the second round" verify_blocks flush /tmp/client2.log "$from"
}

quota() {
	sleep 3
	n sub probe hold 192.0.2.1 7777 100.64.2.1 udp 128 > /tmp/q.log
	expect_eq "2 blocks x 64 ports: 128 flows" "$(grep opened /tmp/q.log)" "opened 128"
	expect_eq "the 129th is dropped" "$(grep extra /tmp/q.log)" "extra fail"
	expect_eq "existing flows are never evicted" "$(grep alive /tmp/q.log)" "alive 128"
	check "quota-exceeded event" [ "$(count_ev quota-exceeded)" -ge 1 ]
	expect_eq "drop_quota counted" "$(n nat cgnatctl -j stats | json_field drop_quota)" 1
	n sub probe client 192.0.2.1 7777 100.64.2.2 > /tmp/q2.log
	expect_eq "another subscriber is not disturbed" "$(grep -c '^ok' /tmp/q2.log)" 3
	expect_eq "blocks --subscriber shows the 2 blocks" "$(n nat cgnatctl -j blocks --subscriber 100.64.2.1 | grep -o '"subscriber"' | wc -l)" 2
}

sequence() {
	awk -F'"seq":' 'NF > 1 { split($2, a, ","); s = a[1]; if (last && s != last + 1) bad++; last = s } END { exit bad > 0 }' /tmp/mon.log
	check "event sequence numbers have no gaps" [ $? = 0 ]
	check "no loss reported by the monitor" sh -c "! grep -q '\"lost\"' /tmp/mon.log"
	check "config-add event for the rule" [ "$(count_ev config-add)" -ge 1 ]
}

# cgnatd logged every kernel event once, with its sequence number, to
# local syslog and to the RFC 5424 receiver; no gap, no drop.
daemon() {
	sleep 2
	cat /tmp/cgnatd.out
	cat /tmp/cgnatd.status; echo
	events=$(grep -c '"seq"' /tmp/mon.log)
	expect_eq "cgnatd received every event" "$(json_field events_received < /tmp/cgnatd.status)" "$events"
	expect_eq "cgnatd saw no gap" "$(json_field gaps < /tmp/cgnatd.status)" 0
	missing=0
	for s in $(grep -o '"seq":[0-9]*' /tmp/mon.log | cut -d: -f2); do
		grep -q "seq=\"$s\"" /tmp/rfc5424.log || missing=$((missing + 1))
	done
	expect_eq "every event is in the RFC 5424 output ($events)" "$missing" 0
	expect_eq "every event is in local syslog" \
		"$(grep -c 'cgnatd\[[0-9]*\]: event=.* seq=[1-9][0-9]* .*origin=event' /tmp/messages)" "$events"
	# flows=on: per-connection records with the destination, from ctnetlink
	check "per-flow session records name the destination" \
		[ "$(grep 'event=session-create' /tmp/messages | grep -c 'destination=192.0.2.1 ')" -ge 180 ]
	check "per-flow session deletions too" [ "$(grep -c 'event=session-delete' /tmp/messages)" -ge 120 ]
	grep -m 1 'event=session-create' /tmp/messages
	# interim=5: live blocks are re-announced
	check "interim records re-announce live blocks" grep -q 'event=block-alloc .*origin=interim' /tmp/messages
	check "local syslog used facility local4" grep -q 'local4' /tmp/messages
	grep -m 2 'event=block' /tmp/messages
	grep -m 1 'block-release' /tmp/rfc5424.log
}

permissions() {
	out=$(n nat probe asuser 65534 cgnatctl monitor --timeout 1 2>&1)
	check "unprivileged monitor cannot join events (EPERM)" contains "$out" "permission denied"
	out=$(n nat probe asuser 65534 cgnatctl blocks 2>&1)
	check "unprivileged blocks dump gets EPERM" contains "$out" "permission denied"
}

unload() {
	n nat iptables-nft -t nat -F	# live blocks of 100.64.2.1 are closed
	sleep 1
	check "rule removal closes live blocks in the log" [ "$(count_ev block-release)" = "$(count_ev block-alloc)" ]
	check "config-del event" [ "$(count_ev config-del)" -ge 1 ]
	kill $MON
	kill $CGNATD
	check "module unload with live conntrack entries" rmmod xt_CGNAT
	check_dmesg "kernel log clean"
}

setup
traffic
release_on_close
flush_with_ctnetlink
quota
sequence
daemon
permissions
unload
# the kernel's own messages, for the collector tests on the host
echo RECORD-BEGIN; base64 /tmp/events.bin; echo RECORD-END
exit $FAILED
