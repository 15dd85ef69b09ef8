/* SPDX-License-Identifier: MIT */
/*
 * port_ref.h - the reference allocator's port functions, shared with the
 * deliberately broken wrapper ports of port_buggy.c that prove the
 * harness bites.
 */
#ifndef PAGEFUZZ_PORT_REF_H
#define PAGEFUZZ_PORT_REF_H

#include "port.h"

extern const struct port_ops port_ref;
extern const struct port_policy_ops port_ref_policy;

struct alloc_machine *ref_machine(void *port);
void *ref_create(const struct scn_config *cfg, const struct port_env *env, int *err);
int ref_memblock(void *port, const struct port_mb_op *op, uint64_t *addr);
void ref_memblock_report(void *port, struct port_mb_state *out);
int ref_boot(void *port, const struct port_map *map);
void ref_destroy(void *port);
int ref_alloc(void *port, uint32_t gfp, unsigned int order, unsigned int cpu, int nid,
	      unsigned long *pfn);
int ref_free(void *port, unsigned long pfn, unsigned int order, unsigned int cpu);
int ref_drain(void *port, int cpu);
int ref_compact(void *port, int nid, int zone, unsigned int order);
int ref_isolate(void *port, unsigned long start_pfn, unsigned long nr_pages, bool on);
int ref_contig(void *port, unsigned long start_pfn, unsigned long nr_pages);
int ref_zone_counters(void *port, int nid, int zone, struct port_zone_counters *out);
unsigned int ref_check_all(void *port, port_violation_fn fn, void *ctx, unsigned int limit);
unsigned int ref_check_touched(void *port, port_violation_fn fn, void *ctx, unsigned int limit);
void ref_describe_pfn(void *port, unsigned long pfn, char *buf, size_t len);
void ref_dump(void *port, enum scn_dump what, FILE *out);
void ref_set_abort_hook(port_abort_hook_fn fn, void *arg);
/* port_ref_corrupt.c: break one named piece of alloc/'s metadata (port.h, corrupt) */
int ref_corrupt(void *port, unsigned int what, unsigned long pfn, unsigned long *where);

/* Level 4: zones, nodes, gfp, per-cpu lists, compaction, isolation and contig. */
#define PORT_REF_LEVEL PORT_LEVEL_MIGRATE
#define PORT_REF_CAPS (SCN_CAP_DRAIN | SCN_CAP_MISUSE | SCN_CAP_DUMP | PORT_CAP_ZONE_COUNTERS | \
		       PORT_CAP_SELF_CHECK | PORT_CAP_STRICT_FAIL | PORT_CAP_PROTECTION | \
		       PORT_CAP_MEMBLOCK)

#endif /* PAGEFUZZ_PORT_REF_H */
