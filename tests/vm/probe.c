// SPDX-License-Identifier: GPL-2.0
/*
 * probe: traffic for the VM tests, built static so the guest needs no libs.
 *
 *   probe serve PORT            log every TCP/UDP/ICMP-echo peer, as
 *                               "tcp|udp|icmp PUBLIC_ADDR PORT_OR_ID SENDER"
 *                               (SENDER is what the client wrote in the
 *                               payload: the subscriber address it bound)
 *   probe client SERVER PORT SRC...
 *                               from each SRC: one TCP connection, one UDP
 *                               datagram, one ICMP echo; prints
 *                               "ok|fail PROTO SRC" per attempt
 *   probe hold SERVER PORT SRC PROTO N
 *                               open N TCP or UDP flows from SRC and keep
 *                               them; prints "opened K", then, after one
 *                               more attempt, "extra ok|fail", then checks
 *                               the first K still answer: "alive J"
 *   probe asuser UID CMD...     run CMD with UID and no capabilities
 *   probe keep SERVER PORT SECONDS SRC...
 *                               one TCP connection from each SRC, held
 *                               open for SECONDS (a CPE's keepalive)
 *   probe sink PORT FILE        append every UDP datagram to FILE, one
 *                               a line
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_MS 1500

static struct sockaddr_in sin_of(const char *addr, int port)
{
	struct sockaddr_in s = { .sin_family = AF_INET, .sin_port = htons(port) };

	if (inet_pton(AF_INET, addr, &s.sin_addr) != 1) {
		fprintf(stderr, "probe: bad address %s\n", addr);
		exit(2);
	}
	return s;
}

static int wait_fd(int fd, short ev)
{
	struct pollfd p = { .fd = fd, .events = ev };

	return poll(&p, 1, TIMEOUT_MS) == 1 && !(p.revents & (POLLERR | POLLHUP)) ? 0 : -1;
}

static int bound_socket(int type, int proto, const char *src)
{
	struct sockaddr_in s = sin_of(src, 0);
	int fd = socket(AF_INET, type | SOCK_NONBLOCK, proto);

	if (fd < 0 || bind(fd, (void *)&s, sizeof(s)) < 0) {
		perror("probe: socket/bind");
		exit(2);
	}
	return fd;
}

/* send "from SRC" and wait for any answer */
static int ask(int fd, const char *src, const struct sockaddr_in *to, size_t hdr)
{
	char buf[256];

	snprintf(buf + hdr, sizeof(buf) - hdr, "from %s\n", src);
	if (sendto(fd, buf, hdr + strlen(buf + hdr), 0, (const void *)to,
		   to ? sizeof(*to) : 0) < 0)
		return -1;
	if (wait_fd(fd, POLLIN))
		return -1;
	return recv(fd, buf, sizeof(buf), 0) > 0 ? 0 : -1;
}

static int tcp_open(const char *server, int port, const char *src)
{
	struct sockaddr_in to = sin_of(server, port);
	int fd = bound_socket(SOCK_STREAM, 0, src), err = 0;
	socklen_t len = sizeof(err);

	if (connect(fd, (void *)&to, sizeof(to)) < 0 && errno != EINPROGRESS)
		goto fail;
	if (wait_fd(fd, POLLOUT) || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) || err)
		goto fail;
	if (ask(fd, src, NULL, 0))
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

static int udp_open(const char *server, int port, const char *src)
{
	struct sockaddr_in to = sin_of(server, port);
	int fd = bound_socket(SOCK_DGRAM, 0, src);

	if (connect(fd, (void *)&to, sizeof(to)) < 0 || ask(fd, src, NULL, 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int icmp_echo(const char *server, const char *src)
{
	struct sockaddr_in to = sin_of(server, 0);
	int fd = bound_socket(SOCK_DGRAM, IPPROTO_ICMP, src), ret;
	struct icmphdr *h;
	char buf[256] = { 0 };

	h = (struct icmphdr *)buf;
	h->type = ICMP_ECHO;
	snprintf(buf + sizeof(*h), sizeof(buf) - sizeof(*h), "from %s\n", src);
	ret = sendto(fd, buf, sizeof(*h) + strlen(buf + sizeof(*h)), 0,
		     (void *)&to, sizeof(to)) < 0 || wait_fd(fd, POLLIN) ? -1 : 0;
	close(fd);
	return ret;
}

static unsigned long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return t.tv_sec * 1000000000ULL + t.tv_nsec;
}

static int client(char **argv, int n)
{
	int port = atoi(argv[1]), i, fd, bad = 0;

	for (i = 2; i < n; i++) {
		printf("start %s %llu\n", argv[i], now_ns());
		fd = tcp_open(argv[0], port, argv[i]);
		printf("%s tcp %s\n", fd >= 0 ? "ok" : "fail", argv[i]);
		bad += fd < 0;
		if (fd >= 0)
			close(fd);
		fd = udp_open(argv[0], port, argv[i]);
		printf("%s udp %s\n", fd >= 0 ? "ok" : "fail", argv[i]);
		bad += fd < 0;
		if (fd >= 0)
			close(fd);
		fd = icmp_echo(argv[0], argv[i]);
		printf("%s icmp %s\n", fd >= 0 ? "ok" : "fail", argv[i]);
		bad += fd < 0;
		printf("done %s %llu\n", argv[i], now_ns());
	}
	return bad ? 1 : 0;
}

static int hold(char **argv)
{
	int port = atoi(argv[1]), n = atoi(argv[4]), fds[1024], k = 0, i, alive = 0;
	int udp = !strcmp(argv[3], "udp"), fd;

	for (i = 0; i < n && i < 1024; i++) {
		fd = udp ? udp_open(argv[0], port, argv[2]) : tcp_open(argv[0], port, argv[2]);
		if (fd >= 0)
			fds[k++] = fd;
	}
	printf("opened %d\n", k);
	fd = udp ? udp_open(argv[0], port, argv[2]) : tcp_open(argv[0], port, argv[2]);
	printf("extra %s\n", fd >= 0 ? "ok" : "fail");
	for (i = 0; i < k; i++)
		alive += ask(fds[i], argv[2], NULL, 0) == 0;
	printf("alive %d\n", alive);
	fflush(stdout);
	return 0;
}

struct conn { int fd; char peer[64]; };

static void log_peer(const char *proto, struct in_addr a, unsigned int port,
		     const char *payload)
{
	char from[64] = "?";

	sscanf(payload, "from %63s", from);
	printf("%s %s %u %s\n", proto, inet_ntoa(a), port, from);
	fflush(stdout);
}

static void serve_tcp_data(struct pollfd *p, struct sockaddr_in *peer, int *logged)
{
	char buf[256];
	ssize_t n = recv(p->fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0) {
		close(p->fd);
		p->fd = -1;
		return;
	}
	buf[n] = '\0';
	if (!*logged)
		log_peer("tcp", peer->sin_addr, ntohs(peer->sin_port), buf);
	*logged = 1;
	send(p->fd, "ok\n", 3, MSG_NOSIGNAL);
}

static int serve(int port)
{
	struct sockaddr_in me = sin_of("0.0.0.0", port), peers[1024], from;
	int logged[1024], tfd, ufd, ifd, one = 1, i, nfds = 3;
	struct pollfd p[1024 + 3];
	socklen_t len;
	char buf[512];
	ssize_t n;

	tfd = socket(AF_INET, SOCK_STREAM, 0);
	ufd = socket(AF_INET, SOCK_DGRAM, 0);
	ifd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	setsockopt(tfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(tfd, (void *)&me, sizeof(me)) || listen(tfd, 512) ||
	    bind(ufd, (void *)&me, sizeof(me)) || ifd < 0) {
		perror("probe serve");
		return 2;
	}
	p[0] = (struct pollfd){ .fd = tfd, .events = POLLIN };
	p[1] = (struct pollfd){ .fd = ufd, .events = POLLIN };
	p[2] = (struct pollfd){ .fd = ifd, .events = POLLIN };
	for (;;) {
		if (poll(p, nfds, -1) < 0)
			continue;
		if (p[0].revents & POLLIN && nfds < 1024) {
			len = sizeof(peers[0]);
			p[nfds].fd = accept(tfd, (void *)&peers[nfds], &len);
			p[nfds].events = POLLIN;
			logged[nfds] = 0;
			if (p[nfds].fd >= 0)
				nfds++;
		}
		if (p[1].revents & POLLIN) {
			len = sizeof(from);
			n = recvfrom(ufd, buf, sizeof(buf) - 1, 0, (void *)&from, &len);
			if (n > 0) {
				buf[n] = '\0';
				log_peer("udp", from.sin_addr, ntohs(from.sin_port), buf);
				sendto(ufd, "ok\n", 3, 0, (void *)&from, len);
			}
		}
		if (p[2].revents & POLLIN) {
			n = recv(ifd, buf, sizeof(buf) - 1, 0);
			if (n > (ssize_t)(sizeof(struct iphdr) + sizeof(struct icmphdr))) {
				struct iphdr *ip = (void *)buf;
				struct icmphdr *ic = (void *)(buf + ip->ihl * 4);

				buf[n] = '\0';
				if (ic->type == ICMP_ECHO)
					log_peer("icmp", *(struct in_addr *)&ip->saddr,
						 ntohs(ic->un.echo.id), (char *)(ic + 1));
			}
		}
		for (i = 3; i < nfds; i++)
			if (p[i].fd >= 0 && p[i].revents)
				serve_tcp_data(&p[i], &peers[i], &logged[i]);
	}
}

static int asuser(char **argv)
{
	uid_t uid = atoi(argv[0]);

	if (setgroups(0, NULL) || setgid(uid) || setuid(uid)) {
		perror("probe asuser");
		return 2;
	}
	execvp(argv[1], argv + 1);
	perror("probe asuser exec");
	return 2;
}

static int keep(char **argv, int n)
{
	int port = atoi(argv[1]), secs = atoi(argv[2]), i, ok = 0;

	for (i = 3; i < n; i++)
		ok += tcp_open(argv[0], port, argv[i]) >= 0;
	printf("kept %d\n", ok);
	fflush(stdout);
	sleep(secs);
	return ok == n - 3 ? 0 : 1;
}

static int sink(int port, const char *path)
{
	struct sockaddr_in me = sin_of("127.0.0.1", port);
	int fd = socket(AF_INET, SOCK_DGRAM, 0), big = 4 << 20;
	FILE *f = fopen(path, "a");
	char buf[65536];
	ssize_t n;

	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
	if (!f || bind(fd, (void *)&me, sizeof(me))) {
		perror("probe sink");
		return 2;
	}
	while ((n = recv(fd, buf, sizeof(buf), 0)) >= 0) {
		fwrite(buf, 1, n, f);
		fputc('\n', f);
		fflush(f);
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "serve"))
		return serve(atoi(argv[2]));
	if (argc >= 5 && !strcmp(argv[1], "client"))
		return client(argv + 2, argc - 2);
	if (argc == 7 && !strcmp(argv[1], "hold"))
		return hold(argv + 2);
	if (argc >= 6 && !strcmp(argv[1], "keep"))
		return keep(argv + 2, argc - 2);
	if (argc == 4 && !strcmp(argv[1], "sink"))
		return sink(atoi(argv[2]), argv[3]);
	if (argc >= 4 && !strcmp(argv[1], "asuser"))
		return asuser(argv + 2);
	fprintf(stderr, "usage: see the comment at the top of probe.c\n");
	return 2;
}
