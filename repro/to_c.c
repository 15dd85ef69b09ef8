// SPDX-License-Identifier: MIT
/*
 * to_c.c - write a scenario as a standalone C program, the way syzkaller
 * gives a C reproducer: no fuzzer, no parser, no input file, no op loop.
 * The program fills a struct scenario with plain assignments (the report
 * prints ops from it), then makes every call in straight-line code, each
 * under a comment with its .trace line: the port's create(), each boot op
 * (the port's memblock(), for a port with its own memblock), `boot`, then
 * per op the port's alloc() / free() / drain() called directly, its answer
 * handed to the judge's function for that kind (fuzz/check/step.h: the
 * oracle's verdict and bookkeeping, as the runner does it), and the per-op
 * checks.  Compaction, isolation, contig, misuse, expect, check and dump
 * go through step_op(): their port calls need the harness in the middle
 * (the migrate callback, snapshots before and after, the page contents).
 * The program stops at the first failing op with the runner's report, a
 * line "reproduced at ...: SIGNATURE", and exit 1 (3: failed, but not
 * with the signature to-c saw); exit 0 if it runs clean.
 *
 *   to-c [--port NAME] IN -o OUT.c
 *
 * The program names the port's table directly (port_<name>, the symbol
 * pagefuzz_add_port() expects), so it links with that port's library and
 * the harness and nothing else, e.g. from a configured build directory B:
 * cc -I. -Ifuzz/port/include OUT.c B/fuzz/libpagefuzz_port_ref.a
 * B/fuzz/libpfcheck.a B/fuzz/policy/libpfpolicy.a B/fuzz/gen/libpfgen.a B/oracle/libpforacle.a
 * B/alloc/libpfalloc.a (plus the build's sanitizer flags), or with
 * add_executable() as repro/test/CMakeLists.txt does.
 */
#include <stdlib.h>
#include <string.h>
#include "input.h"

static const char *const boot_kinds[NR_BOOT_KINDS] = {
	"BOOT_MB_ADD", "BOOT_MB_RESERVE", "BOOT_MB_REMOVE", "BOOT_MB_FREE", "BOOT_MB_ALLOC",
	"BOOT_EXPECT", "BOOT_DUMP",
};

static const char *const op_kinds[NR_OP_KINDS] = {
	"OP_ALLOC", "OP_FREE", "OP_DRAIN", "OP_COMPACT", "OP_ISOLATE", "OP_UNISOLATE",
	"OP_CONTIG", "OP_DOUBLE_FREE", "OP_WRONG_ORDER", "OP_FREE_PFN", "OP_EXPECT",
	"OP_CHECK", "OP_DUMP", "OP_CORRUPT", "OP_BAD_CALL",
};

static void emit_config(FILE *f, const struct scn_config *c)
{
	unsigned int i, j;

	fprintf(f, "\ts->cfg.max_order = %u;\n\ts->cfg.pageblock_order = %u;\n", c->max_order,
		c->pageblock_order);
	fprintf(f, "\ts->cfg.nr_cpus = %u;\n\ts->cfg.nr_nodes = %u;\n", c->nr_cpus, c->nr_nodes);
	fprintf(f, "\ts->cfg.pcp_auto = %s;\n\ts->cfg.pcp_high = %u;\n\ts->cfg.pcp_batch = %u;\n",
		c->pcp_auto ? "true" : "false", c->pcp_high, c->pcp_batch);
	fprintf(f, "\ts->cfg.min_free_auto = %s;\n\ts->cfg.min_free_kbytes = %u;\n",
		c->min_free_auto ? "true" : "false", c->min_free_kbytes);
	fprintf(f, "\ts->cfg.mobility = %s;\n\ts->cfg.check_every = %u;\n",
		c->mobility ? "true" : "false", c->check_every);
	fprintf(f, "\ts->cfg.expect_off = %s;\n", c->expect_off ? "true" : "false");
	for (i = 0; i < SCN_MAX_NODES; i++)
		for (j = 0; j < SCN_MAX_NODES; j++)
			if (c->distance[i][j])
				fprintf(f, "\ts->cfg.distance[%u][%u] = %u;\n", i, j, c->distance[i][j]);
}

static void emit_boot(FILE *f, const struct scenario *s)
{
	unsigned int i;

	for (i = 0; i < s->nr_boot; i++) {
		const struct scn_boot_op *b = &s->boot[i];

		fprintf(f, "\ts->boot[%u] = (struct scn_boot_op){ .kind = %s, .nid = %d, "
			".bottom_up = %s,\n\t\t.base = 0x%llx, .size = 0x%llx, .align = 0x%llx, "
			".min_addr = 0x%llx, .max_addr = 0x%llx, .arg = %u };\n", i, boot_kinds[b->kind], b->nid,
			b->bottom_up ? "true" : "false", (unsigned long long)b->base,
			(unsigned long long)b->size, (unsigned long long)b->align,
			(unsigned long long)b->min_addr, (unsigned long long)b->max_addr, b->arg);
	}
	fprintf(f, "\ts->nr_boot = %u;\n", s->nr_boot);
}

static void emit_zones(FILE *f, const struct scn_zones *z)
{
	if (!z->set)
		return;
	fprintf(f, "\ts->zones.set = true;\n");
	fprintf(f, "\ts->zones.max_zone_pfn[0] = 0x%llx;\n\ts->zones.max_zone_pfn[1] = 0x%llx;\n"
		"\ts->zones.max_zone_pfn[2] = 0x%llx;\n", (unsigned long long)z->max_zone_pfn[0],
		(unsigned long long)z->max_zone_pfn[1], (unsigned long long)z->max_zone_pfn[2]);
	if (z->has_movable)
		fprintf(f, "\ts->zones.has_movable = true;\n\ts->zones.movable_pfn = 0x%llx;\n",
			(unsigned long long)z->movable_pfn);
}

static void emit_ops(FILE *f, const struct scenario *s)
{
	unsigned int i;

	for (i = 0; i < s->nr_ops; i++) {
		const struct scn_op *op = &s->ops[i];

		fprintf(f, "\ts->ops[%u] = (struct scn_op){ .kind = %s, .order = %u, .slot = %u, "
			".arg = %u, .cpu = %d,\n\t\t.nid = %d, .zone = %d, .gfp = 0x%x, .pfn = 0x%llx, "
			".nr_pages = %llu, .times = %u };\n", i, op_kinds[op->kind], op->order, op->slot,
			op->arg, op->cpu, op->nid, op->zone, op->gfp, (unsigned long long)op->pfn,
			(unsigned long long)op->nr_pages, op->times);
	}
	fprintf(f, "\ts->nr_ops = %u;\n\ts->nr_slots = %u;\n", s->nr_ops, s->nr_slots);
}

/* The port's `const struct port_ops`: port_<name> as a C identifier (pagefuzz_add_port's default). */
static void port_symbol(const char *name, char *buf, size_t len)
{
	size_t i, n = (size_t)snprintf(buf, len, "port_%s", name);

	for (i = 5; i < n && i < len; i++)
		if (!((buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= 'A' && buf[i] <= 'Z') ||
		      (buf[i] >= '0' && buf[i] <= '9')))
			buf[i] = '_';
}

/* A .trace line as a comment (ops print with their newline: drop it). */
static void comment_line(FILE *f, const char *indent, const struct scenario *s,
			 const struct scn_op *op, const struct scn_boot_op *b,
			 const struct scn_names *names)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	if (!m)
		return;
	if (op)
		scenario_print_op(s, op, names, m);
	else
		scenario_print_boot_op(b, m);
	fclose(m);
	while (len && text[len - 1] == '\n')
		text[--len] = 0;
	fprintf(f, "%s/* %s */\n", indent, text);
	free(text);
}

/* The boot phase: create, each boot op, `boot`. */
static void emit_boot_calls(FILE *f, const struct scenario *s, bool memblock)
{
	unsigned int i;

	fprintf(f, "\t/* the port's machine, and the judge's memblock model */\n"
		"\tc = step_open(&scn, &opts, &r);\n"
		"\tif (!c || !step_ok(c))\n\t\treturn finish(c, \"setup\");\n"
		"\tp = port->create(&scn.cfg, step_env(c), &err);\n"
		"\tif (!step_created(c, p, err))\n\t\treturn finish(c, \"create\");\n");
	for (i = 0; i < s->nr_boot; i++) {
		const struct scn_boot_op *b = &s->boot[i];

		fputc('\n', f);
		comment_line(f, "\t", s, NULL, b, NULL);
		if (memblock && b->kind < NR_MB_KINDS)
			fprintf(f, "\tstep_mb_op(c, %u, &mb);\n\taddr = 0;\n"
				"\terr = port->memblock(p, &mb, &addr);\n"
				"\tif (!step_judge_memblock(c, %u, &mb, err, addr))\n", i, i);
		else
			fprintf(f, "\tif (!step_boot_op(c, %u))\t/* %s */\n", i,
				b->kind < NR_MB_KINDS ? "the judge's memblock model decides" :
				"about the op before");
		fprintf(f, "\t\treturn finish(c, \"boot op %u\");\n", i);
	}
	fprintf(f, "\n\t/* %s */\n\tif (!step_boot(c))\n\t\treturn finish(c, \"boot\");\n",
		s->booted ? "boot" : "(no boot line)");
}

/* What step_op() does for the kinds the program does not call itself. */
static const char *harness_note(unsigned int kind)
{
	switch (kind) {
	case OP_EXPECT:
		return "the op before's outcome, as the runner judges it";
	case OP_CHECK:
		return "the port's full walk, the counters, every live page";
	case OP_DUMP:
		return "the port's dump (the policy judge reads it back)";
	case OP_DOUBLE_FREE:
	case OP_WRONG_ORDER:
	case OP_FREE_PFN:
		return "the port's free(), counters compared before and after";
	case OP_BAD_CALL:
		return "the port's call with a bad argument or in the wrong phase, its answer "
		       "and its counters judged";
	case OP_CORRUPT:
		return "the port's corrupt(), then its self-check must report it; the run ends";
	default:
		return "the port's call, its migrate callback judged as it runs";
	}
}

/* One op, every run of it (`x N`): the port call, its judge, the per-op checks. */
static void emit_op_call(FILE *f, const struct scenario *s, unsigned int i,
			 const struct scn_names *names)
{
	const struct scn_op *op = scenario_op(s, i);
	uint32_t runs = op->times && op->kind != OP_EXPECT ? op->times : 1;
	const char *in = runs > 1 ? "\t\t" : "\t";

	fputc('\n', f);
	comment_line(f, "\t", s, op, NULL, names);
	fprintf(f, "\top = &scn.ops[%u];\n", i);
	if (runs > 1)
		fprintf(f, "\tfor (run = 0; run < %u; run++) {\n", runs);
	else
		fprintf(f, "\trun = 0;\n");
	switch (op->kind) {
	case OP_ALLOC:
		fprintf(f, "%sif (step_begin(c, %u, run) && step_alloc_prepare(c, op, &slot)) {\n"
			"%s\tpfn = 0;\n"
			"%s\terr = port->alloc(p, 0x%x, %u, %u, %d, &pfn);\n"
			"%s\tstep_judge_alloc(c, op, slot, err, pfn);\t/* oracle_check_alloc or "
			"oracle_check_failure, oracle_note_alloc */\n%s}\n",
			in, i, in, in, op->gfp, op->order, (unsigned int)op->cpu, op->nid, in, in);
		break;
	case OP_FREE:
		fprintf(f, "%sif (step_begin(c, %u, run) && step_free_prepare(c, op, &pfn, &order)) {\n"
			"%s\terr = port->free(p, pfn, order, %u);\t/* the slot's block, as the "
			"oracle holds it */\n"
			"%s\tstep_judge_free(c, op, pfn, order, err);\t/* oracle_note_free */\n%s}\n",
			in, i, in, (unsigned int)op->cpu, in, in);
		break;
	case OP_DRAIN:
		fprintf(f, "%sif (step_begin(c, %u, run)) {\n%s\terr = port->drain(p, %d);\n"
			"%s\tstep_judge_drain(c, op, err);\n%s}\n", in, i, in, op->cpu, in, in);
		break;
	default:
		fprintf(f, "%sif (step_begin(c, %u, run))\n%s\tstep_op(c, op);\t/* %s */\n", in, i, in,
			harness_note(op->kind));
		break;
	}
	fprintf(f, "%sif (!step_after(c, op, run))\t/* counters, self-check, walk */\n"
		"%s\treturn finish(c, \"op %u\");\n", in, in, i);
	if (runs > 1)
		fprintf(f, "\t}\n");
}

static void emit_main(FILE *f, const struct scenario *s, const struct port_ops *port,
		      const struct scn_names *names, const char *expect)
{
	char sym[96];
	unsigned int i;

	port_symbol(port->name, sym, sizeof(sym));
	fprintf(f, "\nextern const struct port_ops %s;\n", sym);
	fprintf(f, "static const char expect[] = \"%s\";\n"
		"static struct scenario scn;\n"
		"static struct run_result r;\n\n", expect);
	fprintf(f, "/* The end of the run: its report is printed already; say where and how. */\n"
		"static int finish(struct run_ctx *c, const char *where)\n{\n"
		"\tenum run_status st = step_close(c);\n\n"
		"\tif (st == RUN_NOT_BOOTED) {\n"
		"\t\tfprintf(stderr, \"boot cannot run: %%s\\n\", r.boot_why);\n\t\treturn 2;\n\t}\n"
		"\tif (st == RUN_OK) {\n"
		"\t\tprintf(\"clean: %%u ops run, %%u skipped\\n\", r.ops_run, r.ops_skipped);\n"
		"\t\treturn 0;\n\t}\n"
		"\tfprintf(stderr, \"reproduced at %%s: %%s\\n\", where, r.signature);\n"
		"\tif (*expect && strcmp(r.signature, expect)) {\n"
		"\t\tfprintf(stderr, \"failed, but not as expected (%%s)\\n\", expect);\n"
		"\t\treturn 3;\n\t}\n\treturn 1;\n}\n");
	fprintf(f, "\nint main(void)\n{\n"
		"\tconst struct port_ops *port = &%s;\n"
		"\tstruct run_opts opts = { .port = port, .honour_expect = true, .page_contents = true,\n"
		"\t\t\t\t .out = stdout, .err = stderr };\n"
		"\tconst struct scn_op *op;\n"
		"\tstruct port_mb_op mb;\n"
		"\tstruct run_ctx *c;\n"
		"\tunsigned long pfn = 0;\n"
		"\tunsigned int slot, order;\n"
		"\tuint64_t addr;\n"
		"\tuint32_t run;\n"
		"\tvoid *p;\n"
		"\tint err = 0;\n\n"
		"\t(void)op; (void)mb; (void)pfn; (void)slot; (void)order; (void)addr; (void)run;\n"
		"\tbuild_scenario(&scn);\n", sym);
	emit_boot_calls(f, s, port->caps & PORT_CAP_MEMBLOCK);
	for (i = 0; i < s->nr_ops; i++)
		emit_op_call(f, s, i, names);
	fprintf(f, "\n\t/* the end of the run: the full walk, everything freed, the counters */\n"
		"\tstep_end(c);\n\treturn finish(c, \"the end-of-run checks\");\n}\n");
}

static int emit(FILE *f, const char *in_path, const struct scenario *s,
		const struct repro_input *in, const struct scn_names *names, const char *expect)
{
	fprintf(f, "// Generated by repro/to-c from %s.\n", in_path);
	fprintf(f, "// A standalone reproducer: the scenario below, call by call on port \"%s\",\n"
		"// each answer judged by the oracle (fuzz/check/step.h).  Exit 0 clean,\n"
		"// 1 failed%s%s, 3 failed otherwise.\n",
		in->port->name, *expect ? " with " : "", expect);
	if (in->hdr.caught[0])
		fprintf(f, "// Caught: %s\n", in->hdr.caught);
	fprintf(f, "#include <stdio.h>\n#include <string.h>\n#include \"fuzz/check/step.h\"\n\n");
	fprintf(f, "/* The scenario as data: the failure report prints ops from it. */\n");
	fprintf(f, "static void build_scenario(struct scenario *s)\n{\n\tscenario_init(s);\n");
	emit_config(f, &s->cfg);
	emit_boot(f, s);
	emit_zones(f, &s->zones);
	fprintf(f, "\ts->booted = %s;\n", s->booted ? "true" : "false");
	emit_ops(f, s);
	fprintf(f, "}\n");
	emit_main(f, s, in->port, names, expect);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: to-c [--port NAME] IN -o OUT.c\n");
	return 2;
}

static int to_c(const char *in_path, const char *out_path, const struct port_ops *port,
		struct scenario *s, struct scn_names *names)
{
	struct repro_input in;
	struct run_result r;
	FILE *f;
	int rc = repro_load(in_path, port, s, names, &in);

	if (rc)
		return rc;
	if (s->nr_ops > SCN_MAX_OPS) {
		fprintf(stderr, "to-c: %s has %u ops, more than the %u a reproducer holds "
			"(minimize it first)\n", in_path, s->nr_ops, SCN_MAX_OPS);
		return 2;
	}
	/* Run it once here: the program should expect the failure this build sees. */
	run_signature(s, in.port, true, &r);
	f = fopen(out_path, "w");
	if (!f) {
		perror(out_path);
		return 2;
	}
	emit(f, in_path, s, &in, names, r.status == RUN_FAILED ? r.signature : "");
	if (fclose(f)) {
		perror(out_path);
		return 2;
	}
	fprintf(stderr, "to-c: wrote %s (%s)\n", out_path,
		r.status == RUN_FAILED ? r.signature : "runs clean");
	return 0;
}

int main(int argc, char **argv)
{
	const struct port_ops *port = NULL;
	const char *in_path = NULL, *out_path = NULL;
	struct scenario *s;
	struct scn_names *names;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc) {
			if (!(port = port_find(argv[++i])))
				return usage();
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out_path = argv[++i];
		} else if (argv[i][0] == '-' || in_path) {
			return usage();
		} else {
			in_path = argv[i];
		}
	}
	if (!in_path || !out_path)
		return usage();
	s = calloc(1, sizeof(*s));		/* scenario_release() needs it zeroed */
	names = calloc(1, sizeof(*names));	/* as scn_names_release() */
	rc = s && names ? to_c(in_path, out_path, port, s, names) : 2;
	if (s)
		scenario_release(s);
	if (names)
		scn_names_release(names);
	free(s);
	free(names);
	return rc;
}
