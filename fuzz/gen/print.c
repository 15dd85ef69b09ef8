/* SPDX-License-Identifier: MIT */
/*
 * print.c - scenario -> .trace text (TRACE.md), the form people read in
 * crash reports and check into repro/cases.  parse.c reads it back to the
 * same scenario, so the output is canonical: a fixed order of lines and
 * keys, addresses and pfns in 0x hex, other numbers in decimal, and an
 * optional key left out exactly when it holds the value the parser assumes
 * without it (gfp GFP_KERNEL, cpu 0 / all, nid and zone "any").
 *
 * Slot names are scn_name() when given, else `s<i>`, which the parser
 * maps back to slot i.  Every ALLOC and CONTIG that binds a slot prints its
 * `-> NAME`; an unnamed one (SCN_SLOT_NONE, a .trace only) prints none.
 */
#include <inttypes.h>
#include <stdio.h>
#include <pagefuzz/vocab.h>
#include "gen_internal.h"

static void print_name(const struct scn_names *names, unsigned int slot, FILE *out)
{
	const char *name = scn_name(names, slot);

	if (name)
		fprintf(out, "%.*s", SCN_NAME_LEN, name);
	else
		fprintf(out, "s%u", slot);
}

/* `ok=K fail=M`: M from the runs of the op before @op, when @s holds it. */
static void print_expect_count(const struct scenario *s, const struct scn_op *op, FILE *out)
{
	fprintf(out, " ok=%" PRIu32, op->times);
	long i = -1;

	if (s && op >= s->ops && op < s->ops + SCN_MAX_OPS)
		i = op - s->ops;
	else if (s && s->more_ops && op >= s->more_ops && op < s->more_ops + s->more_cap)
		i = SCN_MAX_OPS + (op - s->more_ops);
	if (i > 0 && i < (long)s->nr_ops) {
		uint32_t runs = scenario_runs_before(s, (unsigned int)i);

		if (runs >= op->times)
			fprintf(out, " fail=%" PRIu32, runs - op->times);
	}
}

/* Does the scenario hold an `expect` (then `expect=off` is worth saying)? */
static bool has_expect(const struct scenario *s)
{
	for (unsigned int i = 0; i < s->nr_ops; i++)
		if (scenario_op(s, i)->kind == OP_EXPECT)
			return true;
	return false;
}

static void print_config(const struct scenario *s, FILE *out)
{
	const struct scn_config *c = &s->cfg;

	fprintf(out, "config max_order=%u pageblock_order=%u cpus=%u nodes=%u",
		c->max_order, c->pageblock_order, c->nr_cpus, c->nr_nodes);
	if (!c->pcp_auto)
		fprintf(out, " pcp_high=%" PRIu32 " pcp_batch=%" PRIu32, c->pcp_high, c->pcp_batch);
	if (!c->min_free_auto)
		fprintf(out, " min_free_kbytes=%" PRIu32, c->min_free_kbytes);
	fprintf(out, " mobility=%s check_every=%u", c->mobility ? "on" : "off", c->check_every);
	if (c->host_fail)
		fprintf(out, " host_fail=%u", c->host_fail);
	fputs(c->expect_off && has_expect(s) ? " expect=off\n" : "\n", out);
	for (unsigned int i = 0; i < SCN_MAX_NODES; i++) {
		bool any = false;

		for (unsigned int j = 0; j < SCN_MAX_NODES; j++) {
			if (!c->distance[i][j])
				continue;
			if (!any)
				fprintf(out, "node %u distance", i);
			fprintf(out, " %u=%u", j, c->distance[i][j]);
			any = true;
		}
		if (any)
			fputc('\n', out);
	}
}

/**
 * scenario_print_boot_op - one boot-phase line: `memblock ...`, `expect`, `dump memblock`
 * @op: the boot op
 * @out: where to print
 */
void scenario_print_boot_op(const struct scn_boot_op *op, FILE *out)
{
	static const char *const words[NR_MB_KINDS] = {
		[BOOT_MB_ADD] = "add", [BOOT_MB_RESERVE] = "reserve",
		[BOOT_MB_REMOVE] = "remove", [BOOT_MB_FREE] = "free",
		[BOOT_MB_ALLOC] = "alloc",
	};

	if (op->kind == BOOT_EXPECT) {
		fprintf(out, "expect %s\n", op->arg ? "ok" : "fail");
		return;
	}
	if (op->kind == BOOT_DUMP) {
		fprintf(out, "dump memblock\n");
		return;
	}
	if (op->kind >= NR_MB_KINDS) {
		fprintf(out, "# bad boot op kind %u\n", op->kind);
		return;
	}
	fprintf(out, "memblock %s ", words[op->kind]);
	if (op->kind != BOOT_MB_ALLOC) {
		fprintf(out, "0x%" PRIx64 " 0x%" PRIx64, op->base, op->size);
		if (op->kind == BOOT_MB_ADD && op->nid)
			fprintf(out, " nid=%d", op->nid);
		fputc('\n', out);
		return;
	}
	fprintf(out, "0x%" PRIx64 " 0x%" PRIx64, op->size, op->align);
	if (op->nid >= 0)
		fprintf(out, " nid=%d", op->nid);
	if (op->min_addr)
		fprintf(out, " min=0x%" PRIx64, op->min_addr);
	if (op->max_addr)
		fprintf(out, " max=0x%" PRIx64, op->max_addr);
	fprintf(out, "%s\n", op->bottom_up ? " bottom_up" : "");
}

static void print_zones(const struct scn_zones *z, FILE *out)
{
	if (!z->set)
		return;
	fprintf(out, "zones dma=0x%" PRIx64 " dma32=0x%" PRIx64 " normal=0x%" PRIx64,
		z->max_zone_pfn[0], z->max_zone_pfn[1], z->max_zone_pfn[2]);
	if (z->has_movable)
		fprintf(out, " movable=0x%" PRIx64, z->movable_pfn);
	fputc('\n', out);
}

/* The positional arguments, in the order OPF_* lists them. */
static void print_positional(const struct scn_op *op, unsigned int f,
			     const struct scn_names *names, FILE *out)
{
	if (f & OPF_CALL)
		fprintf(out, " %s", scn_bad_call_name(op->arg));
	if (f & OPF_CORRUPT)
		fprintf(out, " %s", op->arg < PF_NR_CORRUPT ? ops_corrupt_names[op->arg] : "?");
	if (f & OPF_REF) {
		fputc(' ', out);
		print_name(names, op->slot, out);
	}
	if (f & OPF_PFN)
		fprintf(out, " 0x%" PRIx64, op->pfn);
	if (f & OPF_NR)
		fprintf(out, " %" PRIu64, op->nr_pages);
	if (f & OPF_ORDER)
		fprintf(out, " %u", op->order);
	if ((f & OPF_EXPECT) && op->arg != EXPECT_COUNT)
		fprintf(out, " %s", op->arg == EXPECT_OK ? "ok" : "fail");
	if (f & OPF_DUMP)
		fprintf(out, " %s", op->arg < NR_DUMPS ? ops_dump_names[op->arg] : "?");
}

/* The key=value arguments that differ from the parser's defaults. */
static void print_keyed(const struct scn_op *op, unsigned int f, FILE *out)
{
	if ((f & OPF_GFP) && op->gfp != GFPF_KERNEL) {
		char gfp[SCN_GFP_TEXT_LEN];

		scn_gfp_format(op->gfp, gfp, sizeof(gfp));
		fprintf(out, " gfp=%s", gfp);
	}
	if (((f & OPF_CPU) && op->cpu != 0) || ((f & OPF_CPU_ALL) && op->cpu >= 0))
		fprintf(out, " cpu=%d", op->cpu);
	if ((f & OPF_NID) && op->nid >= 0)
		fprintf(out, " nid=%d", op->nid);
	if ((f & OPF_ZONE) && op->zone >= 0)
		fprintf(out, " zone=%s", op->zone < PF_NR_ZONES ? ops_zone_names[op->zone] : "?");
	if ((f & OPF_PIN) && op->arg)
		fprintf(out, " pinned");
	if (f & OPF_ORDER_KEY)
		fprintf(out, " order=%u", op->order);
}

/**
 * scenario_print_op - one run-phase op line, as in a .trace
 * @s: the scenario the op belongs to (for context; may be NULL)
 * @op: the op
 * @names: slot names, or NULL for s<N>
 * @out: where to print; the line ends in a newline
 */
void scenario_print_op(const struct scenario *s, const struct scn_op *op,
		       const struct scn_names *names, FILE *out)
{
	unsigned int f;

	if (op->kind >= NR_OP_KINDS) {
		fprintf(out, "# bad op kind %u\n", op->kind);
		return;
	}
	f = ops_desc[op->kind].fields;
	fputs(ops_desc[op->kind].name, out);
	print_positional(op, f, names, out);
	if ((f & OPF_EXPECT) && op->arg == EXPECT_COUNT)
		print_expect_count(s, op, out);
	print_keyed(op, f, out);
	if ((f & OPF_TIMES) && op->times)
		fprintf(out, " x %" PRIu32, op->times);
	if ((f & OPF_BIND) && op->slot != SCN_SLOT_NONE) {
		fputs(" -> ", out);
		print_name(names, op->slot, out);
	}
	fputc('\n', out);
}

/**
 * scenario_print - the whole scenario as a .trace
 * @s: the scenario
 * @names: slot names, or NULL for s<N>
 * @out: where to print
 *
 * Order: config, node distances, memblock ops, zones, boot, run ops.
 */
void scenario_print(const struct scenario *s, const struct scn_names *names, FILE *out)
{
	print_config(s, out);
	for (unsigned int i = 0; i < s->nr_boot && i < SCN_MAX_BOOT_OPS; i++)
		scenario_print_boot_op(&s->boot[i], out);
	print_zones(&s->zones, out);
	if (!s->booted)
		return;
	fputs("boot\n", out);
	for (unsigned int i = 0; i < s->nr_ops; i++)
		scenario_print_op(s, scenario_op(s, i), names, out);
}
