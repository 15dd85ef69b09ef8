/* SPDX-License-Identifier: MIT */
/*
 * port.h - the port interface: how the harness, the replayer and the
 * minimizer reach any allocator under test.  It is all an adapter needs.
 *
 * A port is a table of function pointers, a capability level and a mask
 * of independent capability bits.  Levels (each includes the ones below):
 *
 *   1 PORT_LEVEL_ARENA    one arena: alloc(order) -> pfn, free(pfn, order).
 *                         gfp, cpu and nid are passed but mean nothing; the
 *                         port is never judged on zones or nodes (a block
 *                         may straddle them), only on pages: in the map,
 *                         not reserved, free, aligned to its order.
 *   2 PORT_LEVEL_ZONES    + zones, nodes, gfp: placement by gfp_zone(), the
 *                         zonelist and __GFP_THISNODE is judged; zone
 *                         counters, if any, are per node and zone.
 *   3 PORT_LEVEL_PCP      + per-cpu lists: drain() is required.
 *   4 PORT_LEVEL_MIGRATE  + compaction, isolation, contig: compact(),
 *                         isolate() and contig() are required.
 *
 * Independent bits: SCN_CAP_DOUBLE_FREE / SCN_CAP_WRONG_ORDER /
 * SCN_CAP_FREE_PFN (each misuse kind the port rejects), SCN_CAP_DUMP
 * (dump()), PORT_CAP_ZONE_COUNTERS, PORT_CAP_SELF_CHECK, PORT_CAP_STRICT_FAIL,
 * PORT_CAP_PAGE_METADATA, PORT_CAP_PROTECTION.  SCN_CAP_DRAIN, _COMPACT,
 * _ISOLATE and _CONTIG follow from the level: a port may leave them out of
 * `caps`, and may not declare them above its level.  port_check() refuses a
 * table whose level or bits promise a function pointer that is NULL; every
 * entry point runs it first and exits 2 with its message.
 *
 * Every level is judged on what needs no introspection: every answer
 * against the oracle, the contents of live pages, and at the end of a run
 * (fuzz/check/run_end.c): every live block freed; with
 * PORT_CAP_STRICT_FAIL, the largest block the map allows allocated again,
 * and on small maps order-0 allocations until failure must yield exactly
 * the usable page count.
 *
 * Adding a port: one C file defining a `const struct port_ops`, built with
 * pagefuzz_add_port() (cmake/pagefuzzConfig.cmake; README, "Check your own
 * allocator"); fuzz/port/template/adapter_template.c is a commented start.
 *
 * Addresses and sizes are pfns and orders; a port that works on bytes or
 * pointers converts at its edge.  Return codes are PF_* values:
 * 0 success, PF_ENOMEM (-1) for a legitimate failure, any other negative
 * value for a rejected (caller-mistake) call (PF_E* below).
 */
#ifndef PAGEFUZZ_PORT_H
#define PAGEFUZZ_PORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "../gen/scenario.h"

/* Return codes (shared vocabulary; alloc/alloc.h's ALLOC_E* have the same values). */
#ifndef PF_ENOMEM
#define PF_OK			0
#define PF_ENOMEM		(-1)	/* no memory (legitimate failure) */
#define PF_EINVAL		(-2)	/* argument outside its domain */
#define PF_ENOENT		(-3)	/* no allocation of that order starts at that pfn */
#endif

#define PORT_LEVEL_ARENA	1
#define PORT_LEVEL_ZONES	2
#define PORT_LEVEL_PCP		3
#define PORT_LEVEL_MIGRATE	4

/* What the port can tell or promises (beyond the op kinds in SCN_CAP_*). */
#define PORT_CAP_ZONE_COUNTERS	(1u << 8)	/* zone_counters(); level 1: nid = zone = -1, the arena */
#define PORT_CAP_SELF_CHECK	(1u << 9)	/* check_all() / check_touched() */
/*
 * Failures are judged: level 1, every failure (no watermarks exist);
 * level >= 2, failures of requests with GFPF_NO_WATERMARKS (the port
 * drains and ignores watermarks and reserves for them).  Also enables the
 * end-of-run page count and largest-block checks.
 */
#define PORT_CAP_STRICT_FAIL	(1u << 10)
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
 * page_memory + p * 4096: the address of pfn p is aligned like p << 12 up to
 * PORT_PAGE_ALIGN_ORDER (so a block aligned by pfn is aligned by address),
 * only touched pages cost, and every run starts with it zeroed (a replay
 * sees what the fuzzer saw).  metadata is the port's declared room
 * (port_ops.metadata_bytes), right in front of page_memory and also zeroed
 * for every run; NULL when the port declared none or when the run has no
 * page memory (replay --no-contents).
 *
 * A port that migrates pages (compaction, contig) calls migrate() once per
 * moved block before reusing the old pfns; the harness moves the contents
 * and judges it.  A port may attach a reason to its next failure or
 * refusal with port_reason(): the report shows it.
 */
#define PORT_PAGE_ALIGN_ORDER	12	/* page_memory is aligned to 4096 << 12 bytes */

struct port_env {
	void *page_memory;
	void *metadata;			/* metadata_bytes of zeroed room before page_memory */
	size_t metadata_bytes;
	void (*migrate)(void *ctx, unsigned long old_pfn, unsigned long new_pfn,
			unsigned int order);
	void *migrate_ctx;
	FILE *report;		/* where the port may print failure reports; may be NULL */
	void (*reason)(void *ctx, const char *text);	/* see port_reason() */
	void *reason_ctx;
};

/* port_reason - tell the harness why the next answer is what it is. */
__attribute__((format(printf, 2, 3)))
static inline void port_reason(const struct port_env *env, const char *fmt, ...)
{
	char text[200];
	va_list ap;

	if (!env || !env->reason)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	env->reason(env->reason_ctx, text);
}

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
	unsigned int level;	/* PORT_LEVEL_*: 1..4 */
	unsigned int caps;	/* SCN_CAP_* | PORT_CAP_* */
	size_t metadata_bytes;	/* room wanted in front of page memory (port_env.metadata) */

	/*
	 * Return: the port instance, or NULL with *err < 0: a map it cannot
	 * take, a clean refusal (the run ends without judging; the reason
	 * given with port_reason() is shown by the replayer).
	 */
	void *(*create)(const struct scn_config *cfg, const struct port_map *map,
			const struct port_env *env, int *err);
	void (*destroy)(void *port);

	int (*alloc)(void *port, uint32_t gfp, unsigned int order, unsigned int cpu,
		     int nid, unsigned long *pfn);
	int (*free)(void *port, unsigned long pfn, unsigned int order, unsigned int cpu);
	int (*drain)(void *port, int cpu);					/* level 3 */
	int (*compact)(void *port, int nid, int zone, unsigned int order);	/* level 4 */
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
};

/*
 * The op kinds (SCN_CAP_*) a port takes: its caps plus what its level
 * brings.  The decoder is given this mask.
 */
unsigned int port_op_caps(const struct port_ops *port);
/*
 * port_check - is the table usable?  Return: NULL, or a message saying
 * what the port declared but does not implement (port_check.c).
 */
const char *port_check(const struct port_ops *port, char *buf, size_t len);

/* Ports known to this binary (port_registry.c), the first is the default. */
const struct port_ops *port_find(const char *name);
void port_list(FILE *out);

#endif /* PAGEFUZZ_PORT_H */
