// SPDX-License-Identifier: GPL-2.0
/*
 * connload: new-connection load for the NAT benchmarks (static, in the VM).
 *
 *   connload serve PORT
 *       accept and close TCP connections forever
 *   connload tcp SERVER PORT FIRST_SRC NSRC MILLISECONDS INFLIGHT
 *       open TCP connections from FIRST_SRC..+NSRC-1 round-robin, INFLIGHT
 *       at a time, each closed with RST (SO_LINGER 0, so no TIME_WAIT);
 *       prints "connections N failed M ms T"
 *   connload udp SERVER PORT FIRST_SRC NSRC [PER_SRC]
 *       PER_SRC datagrams (default 1) from each source, each from a new
 *       socket (so a new flow each), then exit
 *
 * Under qemu -icount the guest clock counts instructions, so "per second"
 * means per 10^9 guest instructions: see BENCHMARKS.md.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static int serve(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0), c;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (void *)&a, sizeof(a)) || listen(fd, 8192)) {
		perror("connload serve");
		return 2;
	}
	for (;;) {
		c = accept(fd, NULL, NULL);
		if (c >= 0)
			close(c);
	}
}

static int start(int ep, struct sockaddr_in *dst, uint32_t src)
{
	struct sockaddr_in s = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(src) };
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	struct epoll_event ev = { .events = EPOLLOUT };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	if (bind(fd, (void *)&s, sizeof(s)) ||
	    (connect(fd, (void *)dst, sizeof(*dst)) && errno != EINPROGRESS)) {
		close(fd);
		return -1;
	}
	ev.data.fd = fd;
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	return 0;
}

static int tcp(char **argv)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
	struct in_addr first;
	int nsrc = atoi(argv[3]), inflight = atoi(argv[5]), ep = epoll_create1(0), i, n;
	long long ms = atoll(argv[4]), t0, ok = 0, bad = 0, next = 0;
	struct epoll_event evs[64];

	inet_pton(AF_INET, argv[0], &dst.sin_addr);
	inet_pton(AF_INET, argv[2], &first);
	t0 = now_ms();
	for (i = 0; i < inflight; i++)
		start(ep, &dst, ntohl(first.s_addr) + next++ % nsrc);
	while (now_ms() - t0 < ms) {
		n = epoll_wait(ep, evs, 64, 100);
		for (i = 0; i < n; i++) {
			int fd = evs[i].data.fd, err = 0;
			socklen_t len = sizeof(err);

			getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
			err ? bad++ : ok++;
			close(fd);
			while (start(ep, &dst, ntohl(first.s_addr) + next++ % nsrc))
				bad++;
		}
	}
	printf("connections %lld failed %lld ms %lld\n", ok, bad, now_ms() - t0);
	return 0;
}

static int udp(char **argv)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
	struct in_addr first;
	int nsrc = atoi(argv[3]), per = argv[4] ? atoi(argv[4]) : 1, i, fd, bad = 0;

	inet_pton(AF_INET, argv[0], &dst.sin_addr);
	inet_pton(AF_INET, argv[2], &first);
	for (i = 0; i < nsrc * per; i++) {
		struct sockaddr_in s = { .sin_family = AF_INET,
					 .sin_addr.s_addr = htonl(ntohl(first.s_addr) + i % nsrc) };

		fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (fd < 0 || bind(fd, (void *)&s, sizeof(s)) ||
		    sendto(fd, "x", 1, 0, (void *)&dst, sizeof(dst)) != 1)
			bad++;
		if (fd >= 0)
			close(fd);
	}
	printf("datagrams %d failed %d\n", nsrc * per - bad, bad);
	return bad != 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "serve"))
		return serve(atoi(argv[2]));
	if (argc == 8 && !strcmp(argv[1], "tcp"))
		return tcp(argv + 2);
	if ((argc == 6 || argc == 7) && !strcmp(argv[1], "udp"))
		return udp(argv + 2);
	fprintf(stderr, "usage: see the comment at the top of connload.c\n");
	return 2;
}
