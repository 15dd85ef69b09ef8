// SPDX-License-Identifier: MIT
/*
 * report.c - the failure report of a run: which op (in .trace form), which
 * invariant, the pfn range as the oracle sees it and as the port sees it,
 * the port's buddyinfo, and last a stable one-line signature
 * "<port>:<invariant>:<op>" that crash dedup and the minimizer compare.
 * Only the first failure of a run is reported.
 */
#include <stdarg.h>
#include <unistd.h>
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
		scenario_print_op(c->s, scenario_op(c->s, (unsigned int)c->cur_op), c->o->names, f);
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

/**
 * run_before_view - the "before" half of a report: rerun @s on @opts->port
 * (deterministic: page memory starts zeroed every run) up to the run of
 * the op that failed in @r (the end-of-run checks when r->at_end), and
 * describe the pfns @r names there.
 * Return: malloc'ed "port before ..." lines, or NULL (nothing to show:
 * no pfn range, no describe_pfn(), a boot-phase failure, no memory).
 */
char *run_before_view(const struct scenario *s, const struct run_opts *opts,
		      const struct run_result *r)
{
	struct run_opts again = *opts;
	struct run_result r2;
	char *text = NULL;
	size_t len = 0;

	if (r->status != RUN_FAILED || r->start_pfn >= r->end_pfn || !opts->port->describe_pfn ||
	    (r->failed_op < 0 && !r->at_end) || opts->describe_before)
		return NULL;
	again.describe_before = true;
	again.before_op = r->at_end ? (int)s->nr_ops : r->failed_op;
	again.before_run = r->at_end ? 0 : r->failed_run;
	again.before_start = r->start_pfn;
	again.before_end = r->end_pfn;
	again.verbose = false;
	again.quiet = true;
	again.abort_on_failure = false;
	again.at_end = NULL;		/* a picture is of the failure, not before it */
	again.trace = NULL;
	again.out = NULL;
	again.report = NULL;
	again.err = open_memstream(&text, &len);
	if (!again.err)
		return NULL;
	run_scenario(s, &again, &r2);
	fclose(again.err);
	if (!len) {
		free(text);
		return NULL;
	}
	return text;
}

/**
 * run_print_report - write @report to @out with @before (may be NULL)
 * inserted ahead of its "port after" lines, or of its signature line.
 */
void run_print_report(FILE *out, const char *report, const char *before)
{
	const char *at = before ? strstr(report, "port after ") : NULL;

	if (before && !at)
		at = strstr(report, "signature  ");
	if (at) {
		fwrite(report, 1, (size_t)(at - report), out);
		fputs(before, out);
		fputs(at, out);
	} else {
		fputs(report, out);
	}
	fflush(out);
}

bool run_fail(struct run_ctx *c, const char *id, unsigned long start_pfn,
	      unsigned long end_pfn, const char *fmt, ...)
{
	FILE *err = c->o->err ? c->o->err : stderr, *dest = err, *mem = NULL;
	char word[48], buf[240], *text = NULL, *before;
	size_t text_len = 0;
	va_list ap;

	if (c->failed)
		return false;
	c->failed = true;
	op_word(c, word, sizeof(word));
	c->r->status = RUN_FAILED;
	c->r->failed_op = c->cur_op;
	c->r->failed_run = c->cur_run;
	snprintf(c->r->invariant, sizeof(c->r->invariant), "%s", id);
	snprintf(c->r->signature, sizeof(c->r->signature), "%s:%s:%s", c->port->name, id, word);
	c->r->start_pfn = start_pfn;
	c->r->end_pfn = end_pfn;
	c->r->at_end = c->at_end;
	if (c->o->quiet && !c->o->abort_on_failure)
		return false;
	/*
	 * Fuzzing, the process aborts below: the "before" view comes from a
	 * rerun in a second port instance right here (this one is never used
	 * again), spliced into the report, which is held in memory meanwhile.
	 */
	if (c->o->abort_on_failure && !c->internal && start_pfn < end_pfn &&
	    c->port->describe_pfn && (c->cur_op >= 0 || c->at_end) && !c->o->describe_before)
		mem = open_memstream(&text, &text_len);
	if (mem)
		err = mem;
	fprintf(err, "==== pagefuzz: invariant violated ====\n");
	fprintf(err, "port       %s\n", c->port->name);
	if (c->at_end) {
		fprintf(err, "op         end of run (after %u op(s)): every block freed, order-0 "
			"allocations until failure, the largest block\n", c->s->nr_ops);
	} else if (c->cur_op >= 0) {
		const struct scn_op *op = scenario_op(c->s, (unsigned int)c->cur_op);

		fprintf(err, "op         #%d", c->cur_op);
		if (op->line)
			fprintf(err, " (line %u)", op->line);
		fprintf(err, ": ");
		scenario_print_op(c->s, op, c->o->names, err);
		if (op->times && op->kind != OP_EXPECT)
			fprintf(err, "run        %u of %u\n", c->cur_run + 1, op->times);
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
	/* After an internal failure the port's state is broken: ask it nothing more. */
	if (!c->internal)
		run_port_view(c, err, "after", start_pfn, end_pfn);
	if (c->internal) {
		fprintf(err, "port state not shown: the allocator stopped on its own check\n");
	} else if (c->p && c->port->dump && c->booted) {
		fprintf(err, "port state (buddyinfo):\n");
		c->port->dump(c->p, DUMP_BUDDYINFO, err);
	} else if (c->p && (c->port->caps & PORT_CAP_MEMBLOCK) && c->port->memblock_report) {
		/* what the port reports, not its dump: its memblock may not be its allocator's */
		fprintf(err, "port state (memblock):\n");
		run_dump_port_memblock(c, err);
	}
	fprintf(err, "signature  %s\n", c->r->signature);
	fflush(err);
	if (mem) {
		fclose(mem);
		before = text ? run_before_view(c->s, c->o, c->r) : NULL;
		if (text)
			run_print_report(dest, text, before);
		free(before);
		free(text);
	}
	if (c->o->abort_on_failure)
		abort();
	return false;
}

/*
 * run_internal_failure - an internal check of the allocator failed
 * (debug_check() -> platform_check_failed() -> platform_abort(), which
 * calls the hook run_scenario() installed through port->set_abort_hook).  It
 * becomes a report like any other violation: invariant
 * "internal.<function>", the op being run, a signature.  Fuzzing, the
 * abort then goes on and the engine records the crash; replaying, the
 * process exits 1 ("a check failed") at once: nothing can run on a
 * broken allocator, and its memory is not worth freeing.
 */
void run_internal_failure(const char *what, void *arg)
{
	struct run_ctx *c = arg;
	const char *open = strchr(what, '['), *close = open ? strchr(open, ']') : NULL;
	char id[64];

	if (c->failed)
		return;
	if (open && close && close - open > 1)
		snprintf(id, sizeof(id), "internal.%.*s", (int)(close - open - 1), open + 1);
	else
		snprintf(id, sizeof(id), "internal.abort");
	/*
	 * The report is written to a buffer first, then to the run's error
	 * stream and, when that is not stderr (the replayer collects reports in
	 * memory to add the port's "before" view), to stderr as well: the
	 * process ends here, and a report left in memory would be lost.
	 */
	const struct run_opts *o = c->o;
	struct run_opts here = *o;
	FILE *dest = o->err ? o->err : stderr;
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	c->internal = true;
	here.err = m ? m : dest;
	here.abort_on_failure = false;
	c->o = &here;
	run_fail(c, id, 0, 0, "%s", what);
	c->o = o;
	if (m) {
		fclose(m);
		fwrite(text, 1, len, dest);
		fflush(dest);
		if (dest != stderr && !o->abort_on_failure) {
			fwrite(text, 1, len, stderr);
			fflush(stderr);
		}
		free(text);
	}
	if (o->abort_on_failure)
		return;
	fflush(stdout);
	_exit(1);
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
