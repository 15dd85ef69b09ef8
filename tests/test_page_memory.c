// SPDX-License-Identifier: MIT
/*
 * test_page_memory.c - the page memory the harness lends a port: pfn p at
 * an address aligned like p << 12 up to 4096 << PORT_PAGE_ALIGN_ORDER, the
 * declared room right in front of it, and both zeroed at the start of
 * every run, so a run (and its replay) never sees what an earlier run of
 * the same process wrote.  A probe port checks all of that in boot()
 * and then scribbles over its room and every usable page (it declares
 * PORT_CAP_PAGE_METADATA, so the harness does not poison them); the same
 * scenario runs three times in one process, with maps of two sizes.
 * (Without the zeroing at teardown, runs 2 and 3 report dirty memory.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz/check/run.h"

#define ROOM_BYTES	10000	/* not a page multiple: the harness rounds up */

static int problems;

static void problem(const char *what)
{
	fprintf(stderr, "FAIL: %s\n", what);
	problems++;
}

static void *probe_create(const struct scn_config *cfg, const struct port_env *env, int *err)
{
	(void)cfg;
	(void)err;
	return (void *)env;
}

static int probe_boot(void *port, const struct port_map *map)
{
	const struct port_env *env = port;
	const uint8_t *room = env->metadata;
	unsigned long p, i;
	size_t b;

	if (!env->page_memory || !room) {
		problem("no page memory or no room lent");
		return PF_EINVAL;
	}
	if ((uintptr_t)env->page_memory % (4096UL << PORT_PAGE_ALIGN_ORDER))
		problem("page memory is not aligned to the largest block");
	if (env->metadata_bytes < ROOM_BYTES || room + env->metadata_bytes != env->page_memory)
		problem("the room is not right in front of page memory, or too small");
	for (b = 0; b < env->metadata_bytes; b++)
		if (room[b]) {
			problem("the room is not zeroed at the start of a run");
			break;
		}
	for (p = 0; p < map->end_pfn; p++) {
		const uint8_t *page = (const uint8_t *)env->page_memory + p * 4096;

		for (i = 0; i < 4096; i++)
			if (page[i]) {
				problem("page memory is not zeroed at the start of a run");
				p = map->end_pfn;
				break;
			}
	}
	memset(env->metadata, 0xa5, env->metadata_bytes);	/* a port's own use */
	memset(env->page_memory, 0x5a, map->end_pfn * 4096);
	return 0;
}

static void probe_destroy(void *port)
{
	(void)port;
}

static int probe_alloc(void *port, uint32_t gfp, unsigned int order, unsigned int cpu, int nid,
		       unsigned long *pfn)
{
	(void)port;
	(void)gfp;
	(void)order;
	(void)cpu;
	(void)nid;
	(void)pfn;
	return PF_ENOMEM;
}

static int probe_free(void *port, unsigned long pfn, unsigned int order, unsigned int cpu)
{
	(void)port;
	(void)pfn;
	(void)order;
	(void)cpu;
	return PF_ENOENT;
}

static const struct port_ops probe = {
	.name = "probe", .level = PORT_LEVEL_ARENA, .caps = PORT_CAP_PAGE_METADATA,
	.metadata_bytes = ROOM_BYTES, .create = probe_create, .boot = probe_boot,
	.destroy = probe_destroy,
	.alloc = probe_alloc, .free = probe_free,
};

static void run_once(const char *text)
{
	struct scenario *s = malloc(sizeof(*s));
	struct run_opts opts = { .port = &probe, .page_contents = true };
	struct run_result r;
	char err[256];

	if (!s || scenario_parse(text, "probe", s, NULL, err, sizeof(err))) {
		problem(s ? err : "out of memory");
		free(s);
		return;
	}
	run_scenario(s, &opts, &r);
	free(s);
}

int main(void)
{
	run_once("memblock add 0 0x40000\nboot\n");
	run_once("memblock add 0 0x40000\nboot\n");
	run_once("memblock add 0 0x20000\nboot\n");
	if (!problems)
		printf("page memory: aligned, room in front, zeroed for each of 3 runs\n");
	return problems != 0;
}
