/* SPDX-License-Identifier: MIT */
/*
 * port.h - the port interface: how the harness, the replayer and the
 * minimizer reach any allocator under test.
 *
 * A port is a table of function pointers plus a capability mask.  The
 * decoder emits only the op kinds in `caps` (SCN_CAP_* of scenario.h); the
 * runner asks only for what the PORT_CAP_* introspection bits say exists.
 * Adding a port is one C file defining a `const struct port_ops` and one
 * line in fuzz/port/CMakeLists (see README, "Adding a port").
 *
 * Addresses and sizes are pfns and orders; a port that works on bytes or
 * pointers converts at its edge.  Return codes are enum alloc_err values:
 * 0 success, ALLOC_ENOMEM for a legitimate failure, any other negative
 * value for a rejected (caller-mistake) call.
 */
#ifndef PAGEFUZZ_PORT_H
#define PAGEFUZZ_PORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "../gen/scenario.h"

/* What the port can tell (beyond the op kinds in SCN_CAP_*). */
#define PORT_CAP_ZONE_COUNTERS	(1u << 8)	/* zone_counters(): free/present/managed per zone */
#define PORT_CAP_SELF_CHECK	(1u << 9)	/* check_all() / check_touched() */
#define PORT_CAP_STRICT_FAIL	(1u << 10)	/* honours GFPF_NO_WATERMARKS: failures are judged */
#define PORT_CAP_ZONES		(1u << 11)	/* places by gfp zone and node (else: any free page) */
#define PORT_CAP_PAGE_METADATA	(1u << 12)	/* keeps metadata in free page memory: no poisoning */
#define PORT_CAP_PROTECTION	(1u << 13)	/* zone_counters() fills lowmem_reserve[] */

struct port_region {
	uint64_t base;		/* bytes */
	uint64_t size;		/* bytes */
	int nid;
};

/*
 * The final memory map, computed by the harness from the scenario's boot
 * ops with the reference memblock.  `scn` gives the raw boot ops for ports
 * that run a memblock of their own.
 */
struct port_map {
	const struct scenario *scn;
	const struct port_region *memory;
	unsigned int nr_memory;
	const struct port_region *reserved;
	unsigned int nr_reserved;
	uint64_t max_zone_pfn[3];
	bool has_movable;
	uint64_t movable_pfn;
	uint64_t end_pfn;	/* first pfn past all memory */
};

/*
 * What the harness lends the port.  page_memory, if not NULL, backs pfn p at
 * page_memory + p * 4096 (lazily: only touched pages cost).  A port that
 * migrates pages (compaction, contig) calls migrate() once per moved block
 * before reusing the old pfns; the harness moves the contents and judges it.
 */
struct port_env {
	void *page_memory;
	void (*migrate)(void *ctx, unsigned long old_pfn, unsigned long new_pfn,
			unsigned int order);
	void *migrate_ctx;
	FILE *report;		/* where the port may print failure reports; may be NULL */
};

struct port_zone_counters {
	unsigned long free_pages;	/* not allocated: buddy + per-cpu (+ isolated free) */
	unsigned long present;
	unsigned long managed;
	unsigned long lowmem_reserve[4];	/* PORT_CAP_PROTECTION: per highest zone idx */
};

/* A violation found by the port's own self-check. */
typedef void (*port_violation_fn)(void *ctx, const char *id, unsigned long pfn,
				  const char *detail);

/*
 * Told when the allocator behind a port stops on a broken internal
 * invariant of its own (a failed debug check), before the process dies:
 * @what is the failed check's line.  The runner prints its report there.
 */
typedef void (*port_abort_hook_fn)(const char *what, void *arg);

struct port_ops {
	const char *name;
	unsigned int caps;	/* SCN_CAP_* | PORT_CAP_* */

	/* Return: the port instance, or NULL with *err < 0 (a map it cannot take). */
	void *(*create)(const struct scn_config *cfg, const struct port_map *map,
			const struct port_env *env, int *err);
	void (*destroy)(void *port);

	int (*alloc)(void *port, uint32_t gfp, unsigned int order, unsigned int cpu,
		     int nid, unsigned long *pfn);
	int (*free)(void *port, unsigned long pfn, unsigned int order, unsigned int cpu);
	int (*drain)(void *port, int cpu);					/* SCN_CAP_DRAIN */
	int (*compact)(void *port, int nid, int zone, unsigned int order);	/* SCN_CAP_COMPACT */
	int (*isolate)(void *port, unsigned long start_pfn, unsigned long nr_pages, bool on);
	int (*contig)(void *port, unsigned long start_pfn, unsigned long nr_pages);

	int (*zone_counters)(void *port, int nid, int zone, struct port_zone_counters *out);
	/* Return: number of violations; stop after @limit (0 = all). */
	unsigned int (*check_all)(void *port, port_violation_fn fn, void *ctx, unsigned int limit);
	unsigned int (*check_touched)(void *port, port_violation_fn fn, void *ctx, unsigned int limit);
	/* The port's view of a pfn, one line, for reports; may be NULL. */
	void (*describe_pfn)(void *port, unsigned long pfn, char *buf, size_t len);
	/* TRACE.md dumps; may be NULL. */
	void (*dump)(void *port, enum scn_dump what, FILE *out);
	/*
	 * Install (@fn) or remove (NULL) the hook above for every instance of
	 * the port; called outside any instance, before boot.  May be NULL: an
	 * internal failure then aborts with the allocator's own message only.
	 */
	void (*set_abort_hook)(port_abort_hook_fn fn, void *arg);
};

/* Ports known to this build (port_registry.c). */
const struct port_ops *port_find(const char *name);
void port_list(FILE *out);

#endif /* PAGEFUZZ_PORT_H */
