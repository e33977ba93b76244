/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included into every kernel object. Kernel features are detected by
 * probing the tree in Kbuild (CGNAT_HAVE_*), never by version numbers.
 */
#ifndef _CGNAT_COMPAT_H
#define _CGNAT_COMPAT_H

/* Kbuild refuses kernels older than 6.1 (no genl resv_start_op). */

#endif /* _CGNAT_COMPAT_H */
