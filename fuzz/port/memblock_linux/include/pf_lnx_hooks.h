/* SPDX-License-Identifier: MIT */
/*
 * pf_lnx_hooks.h - forced ahead of mm/memblock.c alone (-include), after
 * pf_lnx_rename.h: where the kernel would stop or rely on undefined
 * behaviour, the port takes control instead (kenv.c).
 *
 * - BUG_ON(): the kernel panics; the user-space shim asserts, which would
 *   end a fuzzer's process on a state Linux itself cannot handle.  Here
 *   kenv_bug() unwinds to the op that reached it (mb_port_linux.c), which
 *   reports the bug and ends the comparison.
 * - memcpy(): between overlapping ranges its result is undefined, and the
 *   kernel's memblock_double_array() copies between them when the new
 *   array lands on the old one (possible once a scenario has freed the
 *   old array's reservation).  Checked on physical addresses (physmem.h
 *   windows do not alias), reported the same way.
 *
 * The kernel's own test suite (linux_memblock_tests) is built without it.
 */
#ifndef PF_LNX_HOOKS_H
#define PF_LNX_HOOKS_H

#include <stddef.h>
#include <string.h>

void kenv_bug(const char *what, const char *func, int line) __attribute__((noreturn));
void *kenv_memcpy(void *dst, const void *src, size_t n, const char *func, int line);

#define BUG_ON(cond)	do { if (cond) kenv_bug("BUG_ON(" #cond ")", __func__, __LINE__); } while (0)
#define memcpy(dst, src, n)	kenv_memcpy(dst, src, n, __func__, __LINE__)

#endif /* PF_LNX_HOOKS_H */
