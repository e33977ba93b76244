#!/bin/sh
# Deterministic CGNAT through a real iptables-nft rule, real conntrack and
# real sockets; every public address:port the server sees is resolved with
# cgnatctl and must name the subscriber that sent it.
#
#   sub  100.64.0.10-69 (60 subscribers), 100.64.1.5 (not --inside),
#    |   100.64.2.1-2 (tiny 5-port ranges, for exhaustion)
#    | s0 -- n0 100.64.0.1/16
#   nat  iptables-nft CGNAT on n1 (rule A: 100.64.2.0/30 -> 203.0.113.100,
#    |   rule B: 100.64.0.10-69 -> 203.0.113.1-7)
#    | n1 192.0.2.254/24 -- p0 192.0.2.1/24
#   pub  probe serve: logs "proto public port sender"
. /etc/testlib.sh
set -u
SUBS=$(i=10; while [ $i -le 69 ]; do echo 100.64.0.$i; i=$((i + 1)); done)

setup() {
	modprobe xt_CGNAT || fail "modprobe xt_CGNAT"
	# shellcheck disable=SC2086
	topology $SUBS 100.64.1.5 100.64.2.1 100.64.2.2
	n pub probe serve 7777 > /tmp/server.log 2>&1 &
}

rules() {
	check "rule A (tiny ranges) accepted" n nat iptables-nft -t nat -A POSTROUTING -o n1 -s 100.64.2.0/24 \
		-j CGNAT --mode deterministic --inside 100.64.2.0/30 --outside 203.0.113.100 --ports 2000-2019
	check "rule B (60 on 7, odd sizes) accepted" n nat iptables-nft -t nat -A POSTROUTING -o n1 -s 100.64.0.0/16 \
		-j CGNAT --mode deterministic --inside 100.64.0.10-100.64.0.69 --outside 203.0.113.1-203.0.113.7
	n nat nft list ruleset > /tmp/ruleset
	check "nft list ruleset shows the rule" grep -q CGNAT /tmp/ruleset
}

traffic() {
	# shellcheck disable=SC2086
	n sub probe client 192.0.2.1 7777 $SUBS > /tmp/client.log
	expect_eq "60 subscribers x tcp/udp/icmp all answered" \
		"$(grep -c '^ok' /tmp/client.log)" 180
	sleep 1
	for p in tcp udp icmp; do
		expect_eq "server saw 60 $p subscribers" \
			"$(grep "^$p 203\.0\.113\." /tmp/server.log | awk '{print $4}' | sort -u | wc -l)" 60
	done
}

# Every (public address, port/id) the server saw resolves to its sender,
# and lies in the range cgnatctl gives for that sender.
verify_lookups() {
	bad=0 lines=0
	while read -r proto pub port sender; do
		lines=$((lines + 1))
		got=$(n nat cgnatctl -j lookup "$pub:$port" | json_field subscriber)
		[ "$got" = "$sender" ] || { echo "  $proto $pub:$port from $sender -> '$got'"; bad=$((bad + 1)); }
		fwd=$(n nat cgnatctl -j lookup "$sender")
		[ "$(echo "$fwd" | json_field public)" = "$pub" ] &&
			[ "$port" -ge "$(echo "$fwd" | json_field port_first)" ] &&
			[ "$port" -le "$(echo "$fwd" | json_field port_last)" ] ||
			{ echo "  $proto $pub:$port not in $sender's range: $fwd"; bad=$((bad + 1)); }
	done < /tmp/server.log
	expect_eq "every server-side address:port resolves to its sender ($lines)" "$bad" 0
}

stat_of() {	# stat_of OUTSIDE FIELD: a counter of the instance with that --outside
	n nat cgnatctl -j show | tr '}' '\n' | grep "\"outside\":\"$1\"" | json_field "$2"
}

not_inside() {
	n sub probe hold 192.0.2.1 7777 100.64.1.5 udp 0 > /tmp/ni.log
	expect_eq "source outside --inside is not translated" "$(grep extra /tmp/ni.log)" "extra fail"
	expect_eq "drop_not_inside counts it" "$(stat_of 203.0.113.1-203.0.113.7 drop_not_inside)" 1
	check "nothing from 100.64.1.5 reached the server" sh -c "! grep -q ' 100.64.1.5$' /tmp/server.log"
}

exhaustion() {
	n sub probe hold 192.0.2.1 7777 100.64.2.1 udp 5 > /tmp/ex.log
	expect_eq "udp: 5 flows fit a 5-port range" "$(grep opened /tmp/ex.log)" "opened 5"
	expect_eq "udp: the 6th is dropped" "$(grep extra /tmp/ex.log)" "extra fail"
	expect_eq "udp: the 5 existing flows still work" "$(grep alive /tmp/ex.log)" "alive 5"
	expect_eq "drop_exhausted is exactly 1" "$(stat_of 203.0.113.100 drop_exhausted)" 1
	n sub probe client 192.0.2.1 7777 100.64.2.2 > /tmp/ex2.log
	expect_eq "the neighbour on the same public address still works" "$(grep -c '^ok' /tmp/ex2.log)" 3
	n sub probe hold 192.0.2.1 7777 100.64.2.1 tcp 5 > /tmp/ex3.log
	expect_eq "tcp: 5 connections, the 6th dropped, 5 alive" "$(tr '\n' ' ' < /tmp/ex3.log)" "opened 5 extra fail alive 5 "
	sleep 1
	verify_lookups
}

refusals() {
	n nat iptables-nft -t nat -N CG2
	check "an identical rule in another chain is accepted" n nat iptables-nft -t nat -A CG2 -o n1 \
		-j CGNAT --mode deterministic --inside 100.64.0.10-100.64.0.69 --outside 203.0.113.1-203.0.113.7
	expect_eq "identical rules share one instance" "$(n nat cgnatctl -j show | grep -o '"id"' | wc -l)" 2
	dmesg -c > /dev/null
	check "an overlapping --outside is refused" refused n nat iptables-nft -t nat -A CG2 -j CGNAT \
		--mode deterministic --inside 10.9.0.0/24 --outside 203.0.113.7-203.0.113.9
	check "the refusal names the overlap" sh -c "dmesg | grep -q 'overlaps the --outside 203.0.113.1-203.0.113.7'"
	out=$(n nat iptables-nft -t nat -A CG2 -j CGNAT --mode deterministic --inside 10.0.0.0/8 \
		--outside 198.18.0.1 --ports 1024-1100 2>&1)
	check "too few ports is refused with the reason" contains "$out" 'a subscriber would get no port'
}

save_restore() {
	n nat iptables-nft-save -t nat > /tmp/save1
	n nat iptables-nft -t nat -F
	n nat iptables-nft-restore < /tmp/save1
	n nat iptables-nft-save -t nat > /tmp/save2
	grep -v '^#' /tmp/save1 > /tmp/s1
	grep -v '^#' /tmp/save2 > /tmp/s2
	check "iptables-nft-save/-restore round trip is byte-identical" cmp /tmp/s1 /tmp/s2
	grep CGNAT /tmp/save1 | head -n 2
	got=$(n nat cgnatctl -j lookup --rules /tmp/save2 203.0.113.3:20000 | json_field subscriber)
	want=$(n nat cgnatctl -j lookup 203.0.113.3:20000 | json_field subscriber)
	check "offline lookup from saved rules agrees with the kernel ($want)" [ -n "$want" ] && [ "$got" = "$want" ]
}

legacy_and_netns() {
	ip netns add leg
	check "legacy iptables: first rule" n leg iptables-legacy -t nat -A POSTROUTING -o lo -j CGNAT \
		--mode deterministic --inside 10.0.0.0/24 --outside 203.0.113.1-203.0.113.7
	check "legacy iptables: second rule (table re-checked, instance shared)" n leg iptables-legacy -t nat \
		-A POSTROUTING -o lo -j CGNAT --mode deterministic --inside 10.1.0.0/24 --outside 198.51.100.0/30 --ports 4000-4999
	n leg iptables-legacy-save -t nat > /tmp/leg1
	n leg iptables-legacy -t nat -F
	n leg iptables-legacy-restore < /tmp/leg1
	n leg iptables-legacy-save -t nat > /tmp/leg2
	check "iptables-legacy-save/-restore round trip" sh -c "grep -v '^#' /tmp/leg1 > /tmp/l1; grep -v '^#' /tmp/leg2 > /tmp/l2; cmp /tmp/l1 /tmp/l2"
	expect_eq "instances are per network namespace" "$(n leg cgnatctl -j show | grep -o '"id"' | wc -l)" 2
	expect_eq "same --outside in another namespace is allowed" \
		"$(n leg cgnatctl -j lookup 10.0.0.5 | json_field public)" 203.0.113.1
}

permissions() {
	out=$(n nat probe asuser 65534 cgnatctl show 2>&1)
	check "unprivileged cgnatctl gets EPERM" contains "$out" "permission denied" || echo "  got: $out"
}

unload() {
	n nat iptables-nft -t nat -F
	n nat iptables-nft -t nat -X CG2
	ip netns del leg	# rules still in it: netns exit must release them
	i=0
	while [ "$(lsmod | awk '$1 == "xt_CGNAT" {print $3}')" != 0 ] && [ $i -lt 30 ]; do
		sleep 1; i=$((i + 1))
	done
	check "module unload after traffic" rmmod xt_CGNAT
	check_dmesg "kernel log clean"
}

setup
rules
traffic
verify_lookups
not_inside
exhaustion
refusals
save_restore
legacy_and_netns
permissions
unload
kill %1 2>/dev/null
exit $FAILED
