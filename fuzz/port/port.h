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
 * (dump()), SCN_CAP_CORRUPT (corrupt(): its self-check can be shown to bite),
 * SCN_CAP_BAD_CALL (refuses bad calls), SCN_CAP_HOST_FAIL (host_fail()), PORT_CAP_ZONE_COUNTERS, PORT_CAP_SELF_CHECK, PORT_CAP_STRICT_FAIL,
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
 * pagefuzz_add_port() (cmake/pagefuzzPorts.cmake, also what
 * find_package(pagefuzz) provides; README, "Check your own allocator");
 * fuzz/port/template/adapter_template.c is a commented start.
 *
 * Life of a port instance: create() (config only), the boot phase (the
 * memblock ops, for a port with PORT_CAP_MEMBLOCK), boot() on the final
 * memory map, the run-phase calls, destroy().  After a failure, the
 * report's "before" view comes from a rerun of the input in a new
 * instance, up to the failing op (describe_pfn() there); a fuzz target
 * does it before aborting, while the failed instance still exists (it is
 * never called again).  A port that cannot have two instances at once may
 * refuse the second (create() fails): the report then lacks that view.
 *
 * Differential mode (replay --port A --diff B; fuzz/check/diff.c) runs a
 * scenario on two ports and compares them at the lower level, under
 * no-watermark semantics: requests whose outcome depends only on the free
 * pages they may use (GFPF_NO_WATERMARKS at level >= 2) must get the same
 * answer when the free pages they may use are as many (order 0) or the
 * same (any order: equal oracle states), and with every block freed at the
 * end of a run both must give the same largest block.
 *
 * Run-phase addresses and sizes are pfns and orders, boot-phase ones
 * bytes; a port that works on pointers converts at its edge.  Return codes
 * are PF_* of <pagefuzz/vocab.h>: 0 success, PF_ENOMEM for a legitimate
 * failure, any other negative value for a rejected (caller-mistake) call.
 * This header and vocab.h are all an adapter includes.
 */
#ifndef PAGEFUZZ_PORT_H
#define PAGEFUZZ_PORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <pagefuzz/vocab.h>
#include "../gen/scenario.h"

struct port_policy_ops;

/* Capability bits and levels: SCN_CAP_*, PORT_CAP_*, PORT_LEVEL_* of <pagefuzz/vocab.h>. */

struct port_region {
	uint64_t base;		/* bytes */
	uint64_t size;		/* bytes */
	int nid;
};

/*
 * The final memory map, handed to boot().  The judge computes it from the
 * scenario's boot ops with its own memblock model (oracle/mb_model.c); for
 * a PORT_CAP_MEMBLOCK port it is the port's own memblock state after the
 * boot ops, judged equal to the model's, so the port may ignore it.
 * memory[] and reserved[] are sorted, disjoint and merged (maximal runs of
 * one nid); reserved regions added without a node have nid
 * PF_MEMBLOCK_NO_NODE.  `scn` gives the raw scenario, for information.
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
 * ---- the boot phase of a port with its own memblock (PORT_CAP_MEMBLOCK) ----
 *
 * The harness creates the port instance before any boot op (create()),
 * passes every `memblock` op of the scenario to memblock(), and after each
 * one asks memblock_report() for the port's `memory` and `reserved`
 * arrays.  The judge compares them, region by region, with its own model
 * of the same ops: equal regions (base, size, nid, flags; both sorted and
 * merged as the kernel keeps them), equal total_size, cnt <= max.  The one
 * allowed difference is the memory a port reserves for its own region
 * arrays when one grows (the kernel's memblock_double_array()): the port
 * says where each array lies (array_base / array_bytes, 0 / 0 for the
 * initial static arrays); a new placement must lie in memory that was
 * free before the op, page aligned, and not on the range the op itself
 * reserves (unless that range starts at 0: the kernel's second search then
 * spans all memory); the judge then frees the old array's range and
 * reserves the new one, in that order, as the kernel does.  An array's max
 * may only change by doubling (once or more), when its placement changes.
 *
 * The judge's rules are mm/memblock.c's as of v6.11 (oracle/mb_model.c):
 *  - regions given no node, every reserved one included (a `memblock
 *    alloc` too), have nid PF_MEMBLOCK_NO_NODE (MAX_NUMNODES), flags 0;
 *  - a free over the array's own reservation is accepted (as
 *    memblock_phys_free()): that memory simply stops being reserved;
 *  - an alloc that succeeds is aligned, at or above the first page, ends
 *    at or below max_addr, lies in one memory region on nothing reserved,
 *    and follows memblock_alloc_internal()'s passes: (min, nid), (min,
 *    any node), (0, nid), (0, any node) - it must be above min and on nid
 *    whenever a fit existed there;
 *  - PF_ENOMEM from an alloc needs no fit anywhere below max_addr (or a
 *    full reserved array whose growth may have failed); from add / reserve
 *    / remove / free, an array without the slots the op needs; any other
 *    error is reported.  A failed op must leave the arrays as they were.
 * A disagreement is a normal report at that boot op, with its signature.
 *
 * Then boot() builds the machine.  A port without PORT_CAP_MEMBLOCK gets
 * only create() and boot(): the judge computes the map from the boot ops
 * with its model (a `memblock alloc` then takes the address the kernel's
 * first fit would: the highest, or with bottom_up the lowest, fit).
 */
enum port_mb_kind { PORT_MB_ADD, PORT_MB_RESERVE, PORT_MB_REMOVE, PORT_MB_FREE, PORT_MB_ALLOC };

/* One memblock op, byte addresses; fields an op does not use are 0 (nid -1). */
struct port_mb_op {
	enum port_mb_kind kind;
	uint64_t base;		/* ADD/RESERVE/REMOVE/FREE */
	uint64_t size;
	int nid;		/* ADD: 0..nodes-1; ALLOC: preferred node or PF_NUMA_NO_NODE */
	uint64_t align;		/* ALLOC: a power of two, never 0 (the trace's 0 arrives as 32) */
	uint64_t min_addr;	/* ALLOC: preference (memblock_alloc_try_nid retries from 0) */
	uint64_t max_addr;	/* ALLOC: exclusive hard limit; 0 = no limit */
	bool bottom_up;		/* ALLOC: lowest fit instead of highest */
};

/* A region as the port keeps it (struct memblock_region). */
struct port_mb_region {
	uint64_t base;		/* bytes */
	uint64_t size;		/* bytes */
	int nid;		/* PF_MEMBLOCK_NO_NODE when added without a node */
	uint32_t flags;		/* MEMBLOCK_* flags */
};

/* One array (struct memblock_type) as the port reports it. */
struct port_mb_type {
	unsigned long cnt;			/* regions in use */
	unsigned long max;			/* capacity */
	uint64_t total_size;			/* bytes, as the port counts them */
	const struct port_mb_region *regions;	/* cnt entries; the port's memory, read at once */
	uint64_t array_base, array_bytes;	/* where a grown array sits; 0, 0: initial array */
};

/* What memblock_report() fills: both arrays, valid until the next port call. */
struct port_mb_state {
	struct port_mb_type memory;
	struct port_mb_type reserved;
};

/*
 * What the harness lends the port.  The struct passed to create() stays
 * valid (and may be kept) for the life of the instance; page_memory and
 * metadata are filled in only before boot(), when the map is known.
 * page_memory, if not NULL, backs pfn p at page_memory + p * 4096: the
 * address of pfn p is aligned like p << 12 up to PORT_PAGE_ALIGN_ORDER (so
 * a block aligned by pfn is aligned by address), only touched pages cost,
 * and every run starts with it zeroed (a replay sees what the fuzzer saw).
 * metadata is the port's declared room (port_ops.metadata_bytes rounded up
 * to pages), right in front of page_memory and also zeroed for every run;
 * NULL when the port declared none or the run has no page memory (replay
 * --no-contents).
 *
 * A port that migrates pages (compaction, contig) calls migrate() once per
 * block it wants to move, before reusing the old pfns: on 0 the harness has
 * judged the move and copied the contents, and the port must make it; on
 * any other value the owner refused (a pinned page) and the block stays.  A port may attach a reason to its next failure or
 * refusal with port_reason(): the report shows it.
 */
#define PORT_PAGE_ALIGN_ORDER	12	/* page_memory is aligned to 4096 << 12 bytes */

struct port_env {
	void *page_memory;
	void *metadata;			/* metadata_bytes of zeroed room before page_memory */
	size_t metadata_bytes;
	int (*migrate)(void *ctx, unsigned long old_pfn, unsigned long new_pfn,
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
	unsigned long isolated_free;	/* level 4: the free pages that are isolated */
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
	unsigned int level;	/* PORT_LEVEL_*: 1..4 */
	unsigned int caps;	/* SCN_CAP_* | PORT_CAP_* */
	size_t metadata_bytes;	/* room wanted in front of page memory (port_env.metadata) */

	/*
	 * create - the instance, before any boot op: config and environment
	 * only, no memory yet.  Return: the instance, or NULL with *err < 0.
	 */
	void *(*create)(const struct scn_config *cfg, const struct port_env *env, int *err);
	/*
	 * memblock - one boot op on the port's memblock (PORT_CAP_MEMBLOCK;
	 * NULL otherwise).  Return: 0 (and *addr for PORT_MB_ALLOC),
	 * PF_ENOMEM (nothing fits, or an array could not grow: the arrays are
	 * then as before the op), PF_EINVAL for an op outside its domain.
	 */
	int (*memblock)(void *port, const struct port_mb_op *op, uint64_t *addr);
	/* memblock_report - the port's arrays now (PORT_CAP_MEMBLOCK; NULL otherwise). */
	void (*memblock_report)(void *port, struct port_mb_state *out);
	/*
	 * boot - build the machine on @map (see struct port_map): zones,
	 * memmap, every usable page free.  Return: 0, or < 0 for a map the
	 * port cannot take: any negative value is a clean refusal (the run
	 * ends unjudged; a reason given with port_reason() is shown by the
	 * replayer); the harness then only calls destroy().
	 */
	int (*boot)(void *port, const struct port_map *map);
	void (*destroy)(void *port);

	int (*alloc)(void *port, uint32_t gfp, unsigned int order, unsigned int cpu,
		     int nid, unsigned long *pfn);
	int (*free)(void *port, unsigned long pfn, unsigned int order, unsigned int cpu);
	int (*drain)(void *port, int cpu);					/* level 3 */
	int (*compact)(void *port, int nid, int zone, unsigned int order);	/* level 4 */
	int (*isolate)(void *port, unsigned long start_pfn, unsigned long nr_pages, bool on);
	/* take exactly the range; each page is then freed as order 0 */
	int (*contig)(void *port, unsigned long start_pfn, unsigned long nr_pages);

	int (*zone_counters)(void *port, int nid, int zone, struct port_zone_counters *out);
	/* Return: number of violations; stop after @limit (0 = all). */
	unsigned int (*check_all)(void *port, port_violation_fn fn, void *ctx, unsigned int limit);
	unsigned int (*check_touched)(void *port, port_violation_fn fn, void *ctx, unsigned int limit);
	/* The port's view of a pfn, one line, for reports; may be NULL. */
	void (*describe_pfn)(void *port, unsigned long pfn, char *buf, size_t len);
	/*
	 * TRACE.md dumps; may be NULL.  Called after boot() only: before it,
	 * `dump memblock` prints what memblock_report() says (or the judge's
	 * model, for a port without PORT_CAP_MEMBLOCK), in the same format.
	 */
	void (*dump)(void *port, enum scn_dump what, FILE *out);
	/*
	 * Install (@fn) or remove (NULL) the hook above for every instance of
	 * the port; called outside any instance, before boot.  May be NULL: an
	 * internal failure then aborts with the allocator's own message only.
	 */
	void (*set_abort_hook)(port_abort_hook_fn fn, void *arg);
	/*
	 * corrupt - break one named piece of the port's own metadata
	 * (SCN_CAP_CORRUPT, which needs PORT_CAP_SELF_CHECK; NULL otherwise):
	 * @what is an enum pf_corrupt, the piece taken at or after @pfn, else
	 * the first one (vocab.h).  Return: 0 when it is broken (*@where: a
	 * pfn it concerns, or ~0UL), after which the judge calls check_all()
	 * (and check_touched() first, which may see it) and requires a
	 * violation, then ends the run: the instance is only destroyed.
	 * PF_ENOENT when there is no such piece now, PF_ENOTSUP for a piece
	 * the design has not: nothing changed, the run goes on.
	 */
	int (*corrupt)(void *port, unsigned int what, unsigned long pfn, unsigned long *where);
	/*
	 * host_fail - make the port's @nth host allocation from now on fail
	 * (SCN_CAP_HOST_FAIL; NULL otherwise); 0 disarms, -1 only asks.
	 * Called outside any instance: before create() with the scenario's
	 * `config host_fail=N`, with -1 after a call that failed, with 0 after
	 * boot and at teardown.  Return: whether the failure armed last has
	 * happened.  The call that met it (create(), a memblock op, boot())
	 * must answer PF_ENOMEM (create(): NULL and *err PF_ENOMEM) and leave
	 * what it reports as before; the run ends there (fuzz/check/run_boot.c).
	 */
	bool (*host_fail)(long nth);

	/* PORT_CAP_LINUX_POLICY: the introspection the policy judge reads (below). */
	const struct port_policy_ops *policy;
};

/* ---- Linux policy introspection (PORT_CAP_LINUX_POLICY) ----
 *
 * A port that claims to make Linux's decisions (watermarks, per-cpu list
 * sizing, zone choice, migratetype fallback, highatomic reserve, whether
 * and where compaction runs) declares
 * PORT_CAP_LINUX_POLICY and fills port_ops.policy; the policy judge
 * (fuzz/policy/) then recomputes each decision and compares.  Everything
 * here is read-only and must not change the port's state.
 */
/* PORT_CAP_LINUX_POLICY is in <pagefuzz/vocab.h> with the other capability bits. */

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

/* What a zone's latest compaction came to (port_policy_ops.compact_result). */
enum port_compact_result {
	PORT_COMPACT_NONE,		/* never compacted, or no answer */
	PORT_COMPACT_SKIPPED,		/* compaction_suitable(): too few free pages */
	PORT_COMPACT_NOT_SUITABLE,	/* the fragmentation index: not fragmented */
	PORT_COMPACT_SUCCESS,		/* the block was free, or the run made it */
	PORT_COMPACT_COMPLETE,		/* the scanners met without it */
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
	/*
	 * The outcome (enum port_compact_result) of the zone's latest
	 * compaction, a `compact` op's or an allocation's direct compaction;
	 * PORT_COMPACT_NONE if the zone was never compacted.  Read right
	 * after a `compact` op for each zone it selected, and around a costly
	 * allocation that fails after the drain stage.  May be NULL: the
	 * judge then holds the op's answer and its migrations to Linux's
	 * decisions, not each zone's outcome, and does not judge direct
	 * compaction.
	 */
	int (*compact_result)(void *port, int nid, int zone);
};

/*
 * The op kinds (SCN_CAP_*) a port takes: its caps plus what its level
 * brings.  The decoder is given this mask.
 */
unsigned int port_op_caps(const struct port_ops *port);
/* One run of usable pages [start_pfn, end_pfn) on node @nid. */
typedef void (*port_usable_fn)(void *arg, uint64_t start_pfn, uint64_t end_pfn, int nid);

/**
 * port_map_for_each_usable - the usable pages of @map by the judge's rule
 * (wholly inside memory, touching no reserved region, below the end of
 * ZONE_NORMAL), as ascending runs, region ends saturated at 2^64 - 1.
 * @map: the map boot() was given
 * @fn: called once per run (may be NULL, to count only)
 * @arg: passed to @fn
 * Return: the number of usable pages (what the judge counts after boot).
 */
unsigned long port_map_for_each_usable(const struct port_map *map, port_usable_fn fn, void *arg);

/*
 * port_check - is the table usable?  Return: NULL, or a message saying
 * what the port declared but does not implement (port_check.c).
 */
const char *port_check(const struct port_ops *port, char *buf, size_t len);

/* Ports known to this binary (port_registry.c), the first is the default. */
const struct port_ops *port_find(const char *name);
void port_list(FILE *out);

#endif /* PAGEFUZZ_PORT_H */
