// SPDX-License-Identifier: MIT
/*
 * report.c - the failure report of a run: which op (in .trace form), which
 * invariant, the pfn range as the oracle sees it and as the port sees it,
 * the port's buddyinfo, and last a stable one-line signature
 * "<port>:<invariant>:<op>" that crash dedup and the minimizer compare.
 * Only the first failure of a run is reported.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "run_internal.h"

/* The op's .trace keyword(s): "alloc", "misuse double_free", "boot". */
static void op_word(const struct run_ctx *c, char *buf, size_t len)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f;
	size_t n = 0;

	snprintf(buf, len, c->at_end ? "end" : "boot");
	if (c->at_end || (c->cur_op < 0 && c->cur_boot < 0) || !(f = open_memstream(&text, &size)))
		return;
	if (c->cur_op >= 0)
		scenario_print_op(c->s, &c->s->ops[c->cur_op], c->o->names, f);
	else
		scenario_print_boot_op(&c->s->boot[c->cur_boot], f);
	fclose(f);
	while (text[n] && text[n] != ' ' && text[n] != '\n')
		n++;
	if (!strncmp(text, "misuse ", 7) || !strncmp(text, "memblock ", 9)) {
		n = strchr(text, ' ') - text + 1;
		while (text[n] && text[n] != ' ' && text[n] != '\n')
			n++;
	}
	snprintf(buf, len, "%.*s", (int)n, text);
	free(text);
}

/**
 * run_port_view - the port's describe_pfn() of the ends of a range (all of
 * it up to 4 pages), one "port LABEL pfn ..." line each.
 */
void run_port_view(struct run_ctx *c, FILE *err, const char *label, unsigned long start,
		   unsigned long end)
{
	char buf[200];
	unsigned long pfn, step;

	if (!c->p || !c->booted || !c->port->describe_pfn || start >= end)
		return;
	step = end - start > 4 ? end - start - 1 : 1;
	for (pfn = start; pfn < end; pfn += step) {
		c->port->describe_pfn(c->p, pfn, buf, sizeof(buf));
		fprintf(err, "port %-6s pfn 0x%lx: %s\n", label, pfn, buf);
	}
}

bool run_fail(struct run_ctx *c, const char *id, unsigned long start_pfn,
	      unsigned long end_pfn, const char *fmt, ...)
{
	FILE *err = c->o->err ? c->o->err : stderr;
	char word[48], buf[240];
	va_list ap;

	if (c->failed)
		return false;
	c->failed = true;
	op_word(c, word, sizeof(word));
	c->r->status = RUN_FAILED;
	c->r->failed_op = c->cur_op;
	snprintf(c->r->invariant, sizeof(c->r->invariant), "%s", id);
	snprintf(c->r->signature, sizeof(c->r->signature), "%s:%s:%s", c->port->name, id, word);
	c->r->start_pfn = start_pfn;
	c->r->end_pfn = end_pfn;
	c->r->at_end = c->at_end;
	if (c->o->quiet && !c->o->abort_on_failure)
		return false;
	fprintf(err, "==== pagefuzz: invariant violated ====\n");
	fprintf(err, "port       %s\n", c->port->name);
	if (c->at_end) {
		fprintf(err, "op         end of run (after %u op(s)): every block freed, order-0 "
			"allocations until failure, the largest block\n", c->s->nr_ops);
	} else if (c->cur_op >= 0) {
		const struct scn_op *op = &c->s->ops[c->cur_op];

		fprintf(err, "op         #%d", c->cur_op);
		if (op->line)
			fprintf(err, " (line %u)", op->line);
		fprintf(err, ": ");
		scenario_print_op(c->s, op, c->o->names, err);
	} else if (c->cur_boot >= 0) {
		const struct scn_boot_op *b = &c->s->boot[c->cur_boot];

		fprintf(err, "op         boot #%d", c->cur_boot);
		if (b->line)
			fprintf(err, " (line %u)", b->line);
		fprintf(err, ": ");
		scenario_print_boot_op(b, err);
	} else {
		fprintf(err, "op         boot");
		if (c->s->boot_line)
			fprintf(err, " (line %u)", c->s->boot_line);
		fprintf(err, "\n");
	}
	fprintf(err, "invariant  %s\n", id);
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(err, "detail     %s\n", buf);
	if (c->reason[0])
		fprintf(err, "port says  %s\n", c->reason);
	if (c->orc && start_pfn < end_pfn) {
		oracle_describe(c->orc, start_pfn, end_pfn, buf, sizeof(buf));
		fprintf(err, "oracle     %s\n", buf);
	}
	run_port_view(c, err, "after", start_pfn, end_pfn);
	if (c->p && c->port->dump && c->booted) {
		fprintf(err, "port state (buddyinfo):\n");
		c->port->dump(c->p, DUMP_BUDDYINFO, err);
	} else if (c->p && c->port->dump && (c->port->caps & PORT_CAP_MEMBLOCK)) {
		fprintf(err, "port state (memblock):\n");
		c->port->dump(c->p, DUMP_MEMBLOCK, err);
	}
	fprintf(err, "signature  %s\n", c->r->signature);
	fflush(err);
	if (c->o->abort_on_failure)
		abort();
	return false;
}

void run_note(struct run_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->o->verbose || !c->o->out)
		return;
	va_start(ap, fmt);
	vfprintf(c->o->out, fmt, ap);
	va_end(ap);
}
