// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "range.h"

static int parse_addr(const char *s, size_t len, uint32_t *addr)
{
	char buf[INET_ADDRSTRLEN];
	struct in_addr in;

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, &in) != 1)
		return -EINVAL;
	*addr = ntohl(in.s_addr);
	return 0;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || *end || *v > max)
		return -EINVAL;
	return 0;
}

static int parse_prefix(const char *s, const char *slash, uint32_t *first,
			uint32_t *last, const char **why)
{
	unsigned long len;
	uint32_t mask, a;

	if (parse_addr(s, slash - s, &a)) {
		*why = "not an IPv4 address before '/'";
		return -EINVAL;
	}
	if (parse_uint(slash + 1, 32, &len)) {
		*why = "prefix length must be 0-32";
		return -EINVAL;
	}
	mask = len ? ~0U << (32 - len) : 0;
	if (a & ~mask) {
		*why = "address has bits set beyond the prefix length";
		return -EINVAL;
	}
	*first = a;
	*last = a | ~mask;
	return 0;
}

int range_parse_addrs(const char *s, uint32_t *first, uint32_t *last,
		      const char **why)
{
	const char *sep;

	sep = strchr(s, '/');
	if (sep)
		return parse_prefix(s, sep, first, last, why);
	sep = strchr(s, '-');
	if (!sep)
		sep = s + strlen(s);
	if (parse_addr(s, sep - s, first) ||
	    (*sep && parse_addr(sep + 1, strlen(sep + 1), last))) {
		*why = "expected ADDR, ADDR/LEN or FIRST-LAST (IPv4)";
		return -EINVAL;
	}
	if (!*sep)
		*last = *first;
	if (*first > *last) {
		*why = "range is inverted (first address above last)";
		return -EINVAL;
	}
	return 0;
}

int range_parse_ports(const char *s, uint32_t *first, uint32_t *last,
		      const char **why)
{
	char buf[16], *sep;
	unsigned long a, b;

	if (strlen(s) >= sizeof(buf)) {
		*why = "expected PORT or FIRST-LAST";
		return -EINVAL;
	}
	strcpy(buf, s);
	sep = strpbrk(buf, "-:");
	if (sep)
		*sep++ = '\0';
	if (parse_uint(buf, 65535, &a) || (sep && parse_uint(sep, 65535, &b))) {
		*why = "expected PORT or FIRST-LAST with ports 1-65535";
		return -EINVAL;
	}
	if (!sep)
		b = a;
	if (a < 1) {
		*why = "port 0 cannot be used; ports are 1-65535";
		return -EINVAL;
	}
	if (a > b) {
		*why = "port range is inverted (first above last)";
		return -EINVAL;
	}
	*first = a;
	*last = b;
	return 0;
}

int range_parse_endpoint(const char *s, uint32_t *addr, int32_t *port,
			 const char **why)
{
	const char *colon = strchr(s, ':');
	unsigned long p;

	if (parse_addr(s, colon ? (size_t)(colon - s) : strlen(s), addr)) {
		*why = "expected an IPv4 address, optionally with :PORT";
		return -EINVAL;
	}
	*port = -1;
	if (!colon)
		return 0;
	if (parse_uint(colon + 1, 65535, &p)) {
		*why = "port must be a number 0-65535";
		return -EINVAL;
	}
	*port = (int32_t)p;
	return 0;
}

void range_format_addr(char *buf, uint32_t addr)
{
	struct in_addr in = { .s_addr = htonl(addr) };

	inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN);
}

void range_format_addrs(char *buf, uint32_t first, uint32_t last)
{
	uint64_t size = (uint64_t)last - first + 1;
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	int len = 32;

	range_format_addr(a, first);
	if (size == 1) {
		snprintf(buf, RANGE_STRLEN, "%s", a);
		return;
	}
	while (len > 0 && ((uint64_t)1 << (32 - len)) < size)
		len--;
	if (((uint64_t)1 << (32 - len)) == size &&
	    (first & (uint32_t)(size - 1)) == 0) {
		snprintf(buf, RANGE_STRLEN, "%s/%d", a, len);
		return;
	}
	range_format_addr(b, last);
	snprintf(buf, RANGE_STRLEN, "%s-%s", a, b);
}
