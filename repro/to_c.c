// SPDX-License-Identifier: MIT
/*
 * to_c.c - write a scenario as a standalone C program, the way syzkaller
 * gives a C reproducer: no fuzzer, no parser, no input file.  The program
 * fills a struct scenario with plain assignments (each op commented with
 * its .trace line), runs it on the named port through the runner (the port
 * API, judged by the oracle after every op), prints the failure report and
 * exits 1 if it fails, 0 if it runs clean.  With an expected signature it
 * also says whether the failure is the expected one (exit 3 if not).
 *
 *   to-c [--port NAME] IN -o OUT.c
 *
 * The program names the port's table directly (port_<name>, the symbol
 * pagefuzz_add_port() expects), so it links with that port's library and
 * the harness and nothing else, e.g. from a configured build directory B:
 * cc -I. -Ifuzz/port/include OUT.c B/fuzz/libpagefuzz_port_ref.a
 * B/fuzz/libpfcheck.a B/fuzz/gen/libpfgen.a B/oracle/libpforacle.a
 * B/alloc/libpfalloc.a (plus the build's sanitizer flags), or with
 * add_executable() as repro/test/CMakeLists.txt does.
 */
#include <stdlib.h>
#include <string.h>
#include "input.h"

static const char *const boot_kinds[] = {
	"BOOT_MB_ADD", "BOOT_MB_RESERVE", "BOOT_MB_REMOVE", "BOOT_MB_FREE", "BOOT_MB_ALLOC",
};

static const char *const op_kinds[] = {
	"OP_ALLOC", "OP_FREE", "OP_DRAIN", "OP_COMPACT", "OP_ISOLATE", "OP_UNISOLATE",
	"OP_CONTIG", "OP_DOUBLE_FREE", "OP_WRONG_ORDER", "OP_FREE_PFN", "OP_EXPECT",
	"OP_CHECK", "OP_DUMP",
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

		fputs("\t/* ", f);
		scenario_print_boot_op(b, f);
		fseek(f, -1, SEEK_CUR);		/* the printed line's newline */
		fprintf(f, " */\n\ts->boot[%u] = (struct scn_boot_op){ .kind = %s, .nid = %d, "
			".bottom_up = %s,\n\t\t.base = 0x%llx, .size = 0x%llx, .align = 0x%llx, "
			".min_addr = 0x%llx, .max_addr = 0x%llx };\n", i, boot_kinds[b->kind], b->nid,
			b->bottom_up ? "true" : "false", (unsigned long long)b->base,
			(unsigned long long)b->size, (unsigned long long)b->align,
			(unsigned long long)b->min_addr, (unsigned long long)b->max_addr);
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

		fputs("\t/* ", f);
		scenario_print_op(s, op, NULL, f);
		fseek(f, -1, SEEK_CUR);
		fprintf(f, " */\n\ts->ops[%u] = (struct scn_op){ .kind = %s, .order = %u, .slot = %u, "
			".arg = %u, .cpu = %d,\n\t\t.nid = %d, .zone = %d, .gfp = 0x%x, .pfn = 0x%llx, "
			".nr_pages = %llu };\n", i, op_kinds[op->kind], op->order, op->slot, op->arg,
			op->cpu, op->nid, op->zone, op->gfp, (unsigned long long)op->pfn,
			(unsigned long long)op->nr_pages);
	}
	fprintf(f, "\ts->nr_ops = %u;\n", s->nr_ops);
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

static void emit_main(FILE *f, const char *port, const char *expect)
{
	char sym[96];

	port_symbol(port, sym, sizeof(sym));
	fprintf(f, "\nextern const struct port_ops %s;\n", sym);
	fprintf(f, "\nint main(void)\n{\n"
		"\tstatic struct scenario scn;\n"
		"\tconst struct port_ops *port = &%s;\n"
		"\tstruct run_opts opts = { .port = port, .honour_expect = true, .page_contents = true,\n"
		"\t\t\t\t .out = stdout, .err = stderr };\n"
		"\tconst char *expect = \"%s\";\n"
		"\tstruct run_result r;\n\n"
		"\tif (strcmp(port->name, \"%s\")) {\n"
		"\t\tfprintf(stderr, \"%s is port %%s, not %s\\n\", port->name);\n"
		"\t\treturn 2;\n\t}\n"
		"\tbuild_scenario(&scn);\n"
		"\tif (scenario_validate(&scn)) {\n"
		"\t\tfprintf(stderr, \"invalid scenario: %%s\\n\", scenario_validate(&scn));\n"
		"\t\treturn 2;\n\t}\n"
		"\trun_scenario(&scn, &opts, &r);\n"
		"\tif (r.status == RUN_NOT_BOOTED) {\n"
		"\t\tfprintf(stderr, \"boot cannot run: %%s\\n\", r.boot_why);\n"
		"\t\treturn 2;\n\t}\n"
		"\tif (r.status == RUN_OK) {\n"
		"\t\tprintf(\"clean: %%u ops run, %%u skipped\\n\", r.ops_run, r.ops_skipped);\n"
		"\t\treturn 0;\n\t}\n"
		"\tif (*expect && strcmp(r.signature, expect)) {\n"
		"\t\tfprintf(stderr, \"failed, but not as expected (%%s)\\n\", expect);\n"
		"\t\treturn 3;\n\t}\n"
		"\treturn 1;\n}\n", sym, expect, port, sym, port);
}

static int emit(FILE *f, const char *in_path, const struct scenario *s,
		const struct repro_input *in, const char *expect)
{
	fprintf(f, "// Generated by repro/to-c from %s.\n", in_path);
	fprintf(f, "// A standalone reproducer: the scenario below, run on port \"%s\" through\n"
		"// the pagefuzz runner (port API + oracle).  Exit 0 clean, 1 failed%s%s.\n",
		in->port->name, *expect ? " with " : "", expect);
	if (in->hdr.caught[0])
		fprintf(f, "// Caught: %s\n", in->hdr.caught);
	fprintf(f, "#include <stdio.h>\n#include <string.h>\n#include \"fuzz/check/run.h\"\n\n");
	fprintf(f, "static void build_scenario(struct scenario *s)\n{\n\tscenario_init(s);\n");
	emit_config(f, &s->cfg);
	emit_boot(f, s);
	emit_zones(f, &s->zones);
	fprintf(f, "\ts->booted = %s;\n", s->booted ? "true" : "false");
	emit_ops(f, s);
	fprintf(f, "}\n");
	emit_main(f, in->port->name, expect);
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
	/* Run it once here: the program should expect the failure this build sees. */
	run_signature(s, in.port, true, &r);
	f = fopen(out_path, "w+");
	if (!f) {
		perror(out_path);
		return 2;
	}
	emit(f, in_path, s, &in, r.status == RUN_FAILED ? r.signature : "");
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
	s = malloc(sizeof(*s));
	names = malloc(sizeof(*names));
	rc = s && names ? to_c(in_path, out_path, port, s, names) : 2;
	free(s);
	free(names);
	return rc;
}
