/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Optional per-flow records (NAT44 session create/delete, with the
 * destination) from conntrack events via libnetfilter_conntrack. Off by
 * default: RFC 6888 REQ-12 says a CGN should not log destinations.
 */
#ifndef CGNATD_FLOWS_H
#define CGNATD_FLOWS_H

#include <stdint.h>
#include "listen.h"

struct nfct_handle;

struct flows {
	struct nfct_handle *h;
	emit_fn emit;
	void *ctx;
	uint64_t lost;		/* conntrack event overflows */
};

int flows_open(struct flows *f, emit_fn emit, void *ctx);
int flows_fd(struct flows *f);
void flows_read(struct flows *f);
void flows_close(struct flows *f);

#endif
