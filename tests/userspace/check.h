/* SPDX-License-Identifier: GPL-2.0 */
/* The smallest test harness: count, and print what failed and where. */
#ifndef CGNAT_TEST_CHECK_H
#define CGNAT_TEST_CHECK_H

#include <stdio.h>

static int passed, failed;

#define CHECK(cond, ...) do {						\
	if (cond) {							\
		passed++;						\
	} else {							\
		failed++;						\
		printf("FAIL %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

#endif
