/* SPDX-License-Identifier: MIT */
/*
 * asm/bug.h for the linux-memblock port, in place of the user-space
 * shim of the same name (same include guard).  mm/memblock.c WARNs on a
 * caller's odd input (an add over memory of another node, a free of
 * what is not reserved): Linux goes on, and so does the port.  Each WARN
 * goes to kenv_warn(), which prints it only when the environment asks
 * (PAGEFUZZ_LINUX_WARN=1), so a fuzzer's log is not flooded by what is
 * legitimate kernel behaviour.
 */
#ifndef _TOOLS_ASM_BUG_H
#define _TOOLS_ASM_BUG_H

#include <linux/compiler.h>

void kenv_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define __WARN_printf(arg...)	kenv_warn(arg)

#define WARN(condition, format...) ({				\
	int pf_warn_hit = !!(condition);			\
	if (pf_warn_hit)					\
		kenv_warn(format);				\
	pf_warn_hit;						\
})

#define WARN_ON(condition) ({					\
	int pf_warn_hit = !!(condition);			\
	if (pf_warn_hit)					\
		kenv_warn("WARN_ON at %s:%d\n", __FILE__, __LINE__); \
	pf_warn_hit;						\
})

/* Once per process in the kernel; every time here (no state kept between runs). */
#define WARN_ON_ONCE(condition)		WARN_ON(condition)
#define WARN_ONCE(condition, format...)	WARN(condition, format)

#endif /* _TOOLS_ASM_BUG_H */
