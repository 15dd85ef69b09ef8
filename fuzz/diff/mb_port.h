/* SPDX-License-Identifier: MIT */
/*
 * mb_port.h - a memblock behind a small table of functions, for the
 * boot-phase differential (mb_diff.c): the reference memblock
 * (mb_port_ref.c, alloc/memblock.c) and Linux's own mm/memblock.c
 * (fuzz/port/memblock_linux/, built from the installed kernel source).
 *
 * A memblock port takes one scenario boot op at a time and reports its
 * two region arrays through a callback, field by field, so the judge
 * never reads either implementation's structures.  The vocabulary both
 * sides share is this header and fuzz/gen/scenario.h, nothing else.
 */
#ifndef PAGEFUZZ_MB_PORT_H
#define PAGEFUZZ_MB_PORT_H

#include <stdbool.h>
#include <stdint.h>
#include "fuzz/gen/scenario.h"

/* The "no node" nid of a reserved region, as both sides report it. */
#define MB_PORT_NO_NODE		8	/* MAX_NUMNODES with 8 nodes */

enum mb_port_type { MB_PORT_MEMORY, MB_PORT_RESERVED, MB_PORT_NR_TYPES };

struct mb_port_region {
	uint64_t base;		/* bytes */
	uint64_t size;		/* bytes */
	uint32_t flags;		/* MEMBLOCK_* flags */
	int nid;		/* node, or MB_PORT_NO_NODE */
};

/*
 * One region array as a port reports it: cnt regions at @regions (valid
 * only during the callback), capacity max, total_size == Σ size, and
 * where memblock placed the array when it grew.
 */
struct mb_port_array {
	unsigned long cnt;
	unsigned long max;
	uint64_t total_size;	/* bytes */
	const struct mb_port_region *regions;
	uint64_t array_base;	/* where a grown array lies; 0 for the initial one */
	uint64_t array_bytes;	/* its bytes; 0 for the initial one */
};

typedef void (*mb_port_report_fn)(void *arg, enum mb_port_type type,
				  const struct mb_port_array *array);

/*
 * The outcome of one boot op: ok is the op's own verdict (an add, remove,
 * reserve or free that returned 0; an alloc that found memory); addr is
 * an alloc's address, 0 when it failed or for other ops.
 */
struct mb_port_result {
	bool ok;
	uint64_t addr;		/* bytes */
	/*
	 * Non-NULL when the op left the port in a state it knows to be
	 * broken by a known bug of its own (which one, in words): the
	 * differential stops there, as the rest would compare garbage.
	 */
	const char *known_bug;
	/*
	 * Non-NULL when the op took the port past one of the differential's
	 * intended deviations (which one, in words; mb_diff.c lists them):
	 * from there on the states differ by design, so the differential
	 * stops too.
	 */
	const char *deviation;
};

struct mb_port_ops {
	const char *name;
	/* A fresh, empty memblock (both arrays empty); NULL if it cannot. */
	void *(*create)(void);
	/* Run one scenario boot op (enum scn_boot_kind). */
	struct mb_port_result (*op)(void *mb, const struct scn_boot_op *op);
	/* Call @fn once for memory, then once for reserved. */
	void (*report)(void *mb, mb_port_report_fn fn, void *arg);
	void (*destroy)(void *mb);
};

extern const struct mb_port_ops mb_port_ref_ops;
/* Defined only when the build found the kernel source (PF_HAVE_LINUX_MEMBLOCK). */
extern const struct mb_port_ops mb_port_linux_ops;

#endif /* PAGEFUZZ_MB_PORT_H */
