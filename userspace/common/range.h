/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Parsing and printing of IPv4 ranges and port ranges (host byte order). */
#ifndef CGNAT_RANGE_H
#define CGNAT_RANGE_H

#include <stdbool.h>
#include <stdint.h>

#define RANGE_STRLEN 40

/* "a.b.c.d", "a.b.c.d/len" or "a.b.c.d-e.f.g.h"; *why set on failure. */
int range_parse_addrs(const char *s, uint32_t *first, uint32_t *last,
		      const char **why);
/* "p" or "p-q" (also "p:q"), each 1..65535. */
int range_parse_ports(const char *s, uint32_t *first, uint32_t *last,
		      const char **why);
/* "a.b.c.d" or "a.b.c.d:port"; *port is -1 when absent. */
int range_parse_endpoint(const char *s, uint32_t *addr, int32_t *port,
			 const char **why);
/* CIDR when the range is one prefix, else "first-last". */
void range_format_addrs(char *buf, uint32_t first, uint32_t last);
void range_format_addr(char *buf, uint32_t addr);

#endif
