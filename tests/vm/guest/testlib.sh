# Sourced by guest test scripts. Busybox ash runs its own applets before
# PATH, so the real tools are called by path.
ip() { /sbin/ip "$@"; }
modprobe() { /sbin/modprobe "$@"; }
rmmod() { /sbin/rmmod "$@"; }
lsmod() { /sbin/lsmod "$@"; }
n() { ns=$1; shift; /sbin/ip netns exec "$ns" "$@"; }

FAILED=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; FAILED=1; }
# check NAME COMMAND...: PASS if the command succeeds
check() { name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
# refused COMMAND...: the command fails
refused() { ! "$@" 2>/dev/null; }
# contains TEXT PART: TEXT has PART in it
contains() { case $1 in *"$2"*) return 0 ;; esac; return 1; }
# expect_eq NAME GOT WANT
expect_eq() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3'"; fi; }

# json_field FIELD: first value of "FIELD":... in the JSON on stdin
json_field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" | head -n 1; }

# The kernel log must be free of warnings, oopses and KASAN reports.
check_dmesg() {
	if dmesg | grep -E 'BUG:|WARNING:|Call Trace|KASAN|general protection|refcount_t'; then
		fail "$1: kernel log has warnings"
	else
		pass "$1"
	fi
}

# veth pair: link NS1 IF1 NS2 IF2
link() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
	n "$1" ip link set "$2" up
	n "$3" ip link set "$4" up
}

# topology ADDR...: the three namespaces of the NAT tests
#   sub  ADDR... on s0, default route via 100.64.0.1
#   nat  n0 100.64.0.1/16, n1 192.0.2.254/24, forwarding
#   pub  p0 192.0.2.1/24, 203.0.113.0/24 routed back via nat
topology() {
	for ns in sub nat pub; do ip netns add $ns; n $ns ip link set lo up; done
	link sub s0 nat n0
	link nat n1 pub p0
	n nat ip addr add 100.64.0.1/16 dev n0
	n nat ip addr add 192.0.2.254/24 dev n1
	n nat sysctl -qw net.ipv4.ip_forward=1
	n pub ip addr add 192.0.2.1/24 dev p0
	n pub ip route add 203.0.113.0/24 via 192.0.2.254
	for a in "$@"; do echo "addr add $a/16 dev s0"; done > /tmp/addrs
	n sub ip -batch /tmp/addrs
	n sub ip route add default via 100.64.0.1
	n sub sysctl -qw net.ipv4.ping_group_range="0 2147483647"
}
