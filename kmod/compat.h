/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included into every kernel object. Kernel features are detected by
 * probing the tree in Kbuild (CGNAT_HAVE_*), never by version numbers.
 */
#ifndef _CGNAT_COMPAT_H
#define _CGNAT_COMPAT_H

#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "cgnat supports Linux 6.1 and later"
#endif

#endif /* _CGNAT_COMPAT_H */
