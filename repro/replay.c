// SPDX-License-Identifier: MIT
/*
 * replay.c - run .trace files or binary fuzz inputs through the same
 * runner the fuzz targets use, with dumps on stdout and the failure report
 * on stderr.
 *
 *   replay [--port NAME] [--verbose] [--print] [--no-contents] [--svg OUT.svg] FILE...
 *
 * A file ending in .trace is parsed (its `expect` lines are checked); any
 * other file is a binary input decoded for the port's capabilities.
 * Without --port, a .trace's case header (`# port: NAME`, see input.h)
 * picks the port, else "ref"; a header's `# expect-signature: SIG` makes
 * exactly that failure the passing verdict (a case of a broken port).
 * --print shows the scenario as a .trace instead of running it; --svg
 * draws the memory map as the run left it (at the failure) into OUT.svg.
 * Exit status: 0 every file ran clean, 1 a check or expect failed, 2 a
 * file could not be read or parsed (nothing of it ran), or a .trace's
 * `boot` cannot run on its map (said on the line of `boot`; a binary
 * input with such a map is skipped quietly, as while fuzzing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "input.h"
#include "svg.h"

struct replay_args {
	const struct port_ops *port;	/* --port, or NULL: the file's header, else ref */
	bool verbose, print, contents;
	const char *svg;		/* --svg OUT.svg: the memory map at the end */
};

static void draw_svg(const struct run_view *view, void *arg)
{
	const char *path = arg;
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return;
	}
	svg_write(view, f);
	if (fclose(f))
		perror(path);
	else
		fprintf(stderr, "memory map written to %s\n", path);
}

/* A case header's expect-signature: the run must fail with exactly it. */
static int expected_failure(const char *path, const struct repro_input *in,
			    const struct run_result *r)
{
	const char *want = in->hdr.expect_signature;

	if (r->status == RUN_FAILED && !strcmp(r->signature, want)) {
		fprintf(stderr, "%s: fails as its header expects: %s\n", path, want);
		return 0;
	}
	fprintf(stderr, "%s: expected the failure '%s', got %s%s\n", path, want,
		r->status == RUN_FAILED ? "" : "a clean run",
		r->status == RUN_FAILED ? r->signature : "");
	return 1;
}

static int replay_one(const char *path, const struct replay_args *a, struct scenario *s,
		      struct scn_names *names)
{
	struct run_opts opts = { 0 };
	struct repro_input in;
	struct run_result r;
	int rc = repro_load(path, a->port, s, names, &in);

	if (rc)
		return rc;
	if (a->print) {
		scenario_print(s, in.is_trace ? names : NULL, stdout);
		return 0;
	}
	if (!a->port && in.hdr.port[0])
		fprintf(stderr, "%s: port %s (from the file's header)\n", path, in.port->name);
	opts.port = in.port;
	opts.honour_expect = in.is_trace;
	opts.page_contents = a->contents;
	opts.verbose = a->verbose;
	opts.out = stdout;
	opts.report = a->verbose ? stdout : NULL;
	opts.err = stderr;
	opts.names = in.is_trace ? names : NULL;
	if (a->svg) {
		opts.at_end = draw_svg;
		opts.at_end_arg = (void *)a->svg;
	}
	run_scenario(s, &opts, &r);
	fflush(stdout);
	if (r.status == RUN_NOT_BOOTED) {
		/* a .trace asked for a `boot` that cannot run: its author must know */
		if (in.is_trace) {
			fprintf(stderr, "%s:%u: boot: %s\n", path, s->boot_line, r.boot_why);
			return 2;
		}
		if (a->verbose)
			fprintf(stderr, "%s: skipped: boot %s\n", path, r.boot_why);
		return 0;
	}
	if (in.hdr.expect_signature[0])
		return expected_failure(path, &in, &r);
	if (r.status != RUN_OK)
		return 1;
	if (a->verbose)
		fprintf(stderr, "%s: ok, %u ops run, %u skipped\n", path, r.ops_run, r.ops_skipped);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: replay [--port NAME] [--verbose] [--print] [--no-contents] "
			"[--svg OUT.svg] FILE...\n"
			"ports:\n");
	port_list(stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct replay_args a = { NULL, false, false, true, NULL };
	struct scenario *s = malloc(sizeof(*s));
	struct scn_names *names = malloc(sizeof(*names));
	int i, rc = 0, files = 0;

	if (!s || !names)
		return 2;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc) {
			a.port = port_find(argv[++i]);
			if (!a.port)
				return usage();
		} else if (!strcmp(argv[i], "--svg") && i + 1 < argc) {
			a.svg = argv[++i];
		} else if (!strcmp(argv[i], "--verbose")) {
			a.verbose = true;
		} else if (!strcmp(argv[i], "--print")) {
			a.print = true;
		} else if (!strcmp(argv[i], "--no-contents")) {
			a.contents = false;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage();
		} else {
			int r = replay_one(argv[i], &a, s, names);

			files++;
			if (r > rc)
				rc = r;
		}
	}
	free(s);
	free(names);
	return files ? rc : usage();
}
