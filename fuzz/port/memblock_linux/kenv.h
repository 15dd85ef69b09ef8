/* SPDX-License-Identifier: MIT */
/*
 * kenv.h - the part of kenv.c that the port's glue uses: how a kernel
 * BUG (or undefined behaviour the port checks for, include/pf_lnx_hooks.h)
 * returns to the op that reached it instead of ending the process.
 */
#ifndef PAGEFUZZ_KENV_H
#define PAGEFUZZ_KENV_H

#include <setjmp.h>

/*
 * Set to a jmp_buf around each call into mm/memblock.c; kenv_bug() fills
 * kenv_bug_message and longjmp()s there.  NULL: kenv_bug() aborts.
 */
extern jmp_buf *kenv_bug_jump;
extern char kenv_bug_message[192];	/* "<what> in <function>() (<file:line>)" */

#endif /* PAGEFUZZ_KENV_H */
