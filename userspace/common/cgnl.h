/* SPDX-License-Identifier: GPL-2.0 */
/* Generic Netlink helpers shared by cgnatctl and cgnatd (libmnl). */
#ifndef CGNAT_CGNL_H
#define CGNAT_CGNL_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct cgnl;

struct cgnl *cgnl_open(const char **why);
/* cgnl_open() that prints why it failed */
struct cgnl *cgnl_connect(void);
void cgnl_close(struct cgnl *nl);
struct nlmsghdr *cgnl_request(struct cgnl *nl, uint8_t cmd, bool dump);
int cgnl_talk(struct cgnl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data);
struct mnl_socket *cgnl_socket(struct cgnl *nl);
uint32_t cgnl_events_group(struct cgnl *nl);
char *cgnl_buf(struct cgnl *nl, size_t *len);
/* print a readable message for a failed request (EPERM explained) */
void cgnl_report(int err, const char *what);

#endif
