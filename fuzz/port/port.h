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

struct port_policy_ops;

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

	/* PORT_CAP_LINUX_POLICY: the introspection the policy judge reads (below). */
	const struct port_policy_ops *policy;
};

/* ---- Linux policy introspection (PORT_CAP_LINUX_POLICY) ----
 *
 * A port that claims to make Linux's decisions (watermarks, per-cpu list
 * sizing, zone choice, migratetype fallback, highatomic reserve) declares
 * PORT_CAP_LINUX_POLICY and fills port_ops.policy; the policy judge
 * (fuzz/policy/) then recomputes each decision and compares.  Everything
 * here is read-only and must not change the port's state.
 */
#define PORT_CAP_LINUX_POLICY	(1u << 14)	/* judged by fuzz/policy against Linux */

#define PORT_POLICY_ORDERS	13	/* orders 0..12 */
#define PORT_POLICY_MTS		6	/* UNMOVABLE MOVABLE RECLAIMABLE HIGHATOMIC CMA ISOLATE */
#define PORT_POLICY_PCP_ORDERS	4	/* orders with per-cpu lists */
#define PORT_POLICY_PCP_MTS	3	/* UNMOVABLE MOVABLE RECLAIMABLE */

struct port_zone_policy {
	unsigned long start_pfn, spanned, present, managed;
	unsigned long wmark[3];				/* min, low, high */
	unsigned long lowmem_reserve[4];
	unsigned long nr_reserved_highatomic;		/* pages */
	unsigned long nr_free[PORT_POLICY_ORDERS][PORT_POLICY_MTS]; /* free buddy blocks per list */
};

struct port_pcp_policy {
	unsigned long count;				/* pages */
	unsigned int high, batch;
	unsigned long blocks[PORT_POLICY_PCP_ORDERS][PORT_POLICY_PCP_MTS];
};

enum port_block_state { PORT_BLOCK_OTHER, PORT_BLOCK_FREE, PORT_BLOCK_PCP, PORT_BLOCK_ALLOCATED };

/* The block holding a pfn, as the port sees it. */
struct port_block_policy {
	enum port_block_state state;
	unsigned long head_pfn;
	unsigned int order;
	int nid, zone;			/* -1 if none */
	int pageblock_mt;		/* type of the pfn's pageblock, -1 if none */
	int list_mt;			/* FREE/PCP: the list it sits on */
	int cpu;			/* PCP: its cpu */
};

struct port_policy_ops {
	/* Return: 0, or < 0 for a bad nid/zone(/cpu). */
	int (*zone)(void *port, int nid, int zone, struct port_zone_policy *out);
	int (*pcp)(void *port, int nid, int zone, unsigned int cpu, struct port_pcp_policy *out);
	void (*block)(void *port, unsigned long pfn, struct port_block_policy *out);
	unsigned long (*min_free_kbytes)(void *port);
	/*
	 * The block the next allocation from a list takes (its first entry):
	 * the zone's free list of @order and @mt (@cpu < 0) or @cpu's per-cpu
	 * list.  Return: 0 and *@pfn, or < 0 for an empty list.
	 */
	int (*list_head)(void *port, int nid, int zone, int cpu, unsigned int order, int mt,
			 unsigned long *pfn);
};

/* Ports known to this build (port_registry.c). */
const struct port_ops *port_find(const char *name);
void port_list(FILE *out);

#endif /* PAGEFUZZ_PORT_H */
