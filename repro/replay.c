// SPDX-License-Identifier: MIT
/*
 * replay.c - run .trace files or binary fuzz inputs through the same
 * runner the fuzz targets use, with dumps on stdout and the failure report
 * on stderr.
 *
 *   replay [--port NAME] [--verbose] [--print] [--no-contents] FILE...
 *   replay --port NAME --diff OTHER FILE...   (differential mode, diff.c)
 *   replay --list-ports
 *
 * A file ending in .trace is parsed (its `expect` lines are checked); any
 * other file is a binary input decoded for the port's capabilities.
 * --print shows the scenario as a .trace instead of running it.
 * A file named <port>--<rest> (scripts/fuzz.sh names its crash files so)
 * was found under that port: without --port it replays on that port, with
 * another --port it says so; either way a note on stderr tells the user.
 * Exit status: 0 every file ran clean, 1 a check or expect failed, 2 a
 * file could not be read or parsed (nothing of it ran), or a .trace's
 * `boot` cannot run on its map (said on the line of `boot`; a binary
 * input with such a map is skipped quietly, as while fuzzing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz/check/run.h"

#define MAX_INPUT (1u << 20)

struct replay_args {
	const struct port_ops *port;
	bool port_given;		/* --port was on the command line */
	const struct port_ops *diff;	/* --diff NAME: differential mode */
	bool verbose, print, contents;
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static int load(const char *path, const struct replay_args *a, struct scenario *s,
		struct scn_names *names, bool *is_trace)
{
	char err[512];
	uint8_t *buf;
	size_t n;
	FILE *f;

	*is_trace = ends_with(path, ".trace");
	if (*is_trace) {
		if (scenario_parse_file(path, s, names, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		return 0;
	}
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 2;
	}
	buf = malloc(MAX_INPUT);
	n = buf ? fread(buf, 1, MAX_INPUT, f) : 0;
	fclose(f);
	if (!buf)
		return 2;
	scenario_decode(buf, n, port_op_caps(a->port), s);
	free(buf);
	return 0;
}

/* The port a file's name records ("<port>--..."), or NULL. */
static const struct port_ops *recorded_port(const char *path)
{
	const char *base = strrchr(path, '/'), *sep;
	char name[64];

	base = base ? base + 1 : path;
	sep = strstr(base, "--");
	if (!sep || sep == base || (size_t)(sep - base) >= sizeof(name))
		return NULL;
	memcpy(name, base, (size_t)(sep - base));
	name[sep - base] = 0;
	return port_find(name);
}

/* The port to replay @path on, with a note when its name records another. */
static const struct port_ops *port_for(const char *path, const struct replay_args *a)
{
	const struct port_ops *rec = recorded_port(path);

	if (!rec || rec == a->port)
		return a->port;
	if (a->port_given) {
		fprintf(stderr, "replay: note: %s was found under port %s; replaying on %s as asked\n",
			path, rec->name, a->port->name);
		return a->port;
	}
	fprintf(stderr, "replay: note: %s was found under port %s; replaying on %s "
		"(--port NAME for another)\n", path, rec->name, rec->name);
	return rec;
}

/*
 * run_scenario(), and when it fails on a pfn range, a second run up to the
 * failing op prints the port's view of that range before the op: the
 * report shows "port before" and "port after" lines (the runs are
 * deterministic, page memory included).
 */
static void run_scenario_with_before(const struct scenario *s, struct run_opts *opts,
				     struct run_result *r)
{
	char *report = NULL, *before = NULL, *sig;
	size_t report_len = 0, before_len = 0;
	struct run_opts again = *opts;
	struct run_result r2;
	FILE *err = opts->err;

	opts->err = open_memstream(&report, &report_len);
	if (!opts->err) {
		opts->err = err;
		run_scenario(s, opts, r);
		return;
	}
	run_scenario(s, opts, r);
	fclose(opts->err);
	opts->err = err;
	if (r->status != RUN_OK && r->start_pfn < r->end_pfn && opts->port->describe_pfn &&
	    (r->failed_op >= 0 || r->at_end)) {
		again.describe_before = true;
		again.before_op = r->at_end ? (int)s->nr_ops : r->failed_op;
		again.before_start = r->start_pfn;
		again.before_end = r->end_pfn;
		again.verbose = false;
		again.out = NULL;
		again.report = NULL;
		again.err = open_memstream(&before, &before_len);
		if (again.err) {
			run_scenario(s, &again, &r2);
			fclose(again.err);
		}
	}
	sig = report ? strstr(report, "port after ") : NULL;
	if (!sig && report)
		sig = strstr(report, "signature  ");
	if (sig && before) {
		fwrite(report, 1, (size_t)(sig - report), err);
		fputs(before, err);
		fputs(sig, err);
	} else if (report) {
		fputs(report, err);
	}
	free(report);
	free(before);
}

static int replay_one(const char *path, const struct replay_args *given, struct scenario *s,
		      struct scn_names *names)
{
	struct replay_args args = *given;
	const struct replay_args *a = &args;
	struct run_opts opts = { 0 };
	struct run_result r;
	bool is_trace;
	int rc;

	args.port = port_for(path, given);
	rc = load(path, a, s, names, &is_trace);
	if (rc)
		return rc;
	if (a->print) {
		scenario_print(s, is_trace ? names : NULL, stdout);
		return 0;
	}
	opts.port = a->port;
	opts.honour_expect = is_trace;
	opts.page_contents = a->contents;
	opts.verbose = a->verbose;
	opts.out = stdout;
	opts.report = a->verbose ? stdout : NULL;
	opts.err = stderr;
	opts.names = is_trace ? names : NULL;
	if (a->diff)
		run_diff(s, &opts, a->diff, &r);
	else
		run_scenario_with_before(s, &opts, &r);
	fflush(stdout);
	if (r.status == RUN_NOT_BOOTED) {
		/* a .trace asked for a `boot` that cannot run: its author must know */
		if (is_trace) {
			fprintf(stderr, "%s:%u: boot: %s\n", path, s->boot_line, r.boot_why);
			return 2;
		}
		if (a->verbose)
			fprintf(stderr, "%s: skipped: boot %s\n", path, r.boot_why);
		return 0;
	}
	if (r.status != RUN_OK)
		return 1;
	if (a->verbose)
		fprintf(stderr, "%s: ok, %u ops run, %u skipped\n", path, r.ops_run, r.ops_skipped);
	return 0;
}

static bool port_usable(const struct port_ops *port);

/* --diff: two usable ports of one level that take the same op kinds. */
static bool diff_usable(const struct replay_args *a)
{
	if (!port_usable(a->diff))
		return false;
	if (a->diff->level != a->port->level || port_op_caps(a->diff) != port_op_caps(a->port)) {
		fprintf(stderr, "replay: --diff needs two ports of one level taking the same op "
			"kinds: %s is level %u (ops 0x%x), %s level %u (ops 0x%x)\n",
			a->port->name, a->port->level, port_op_caps(a->port), a->diff->name,
			a->diff->level, port_op_caps(a->diff));
		return false;
	}
	return true;
}

static int usage(void)
{
	fprintf(stderr, "usage: replay [--port NAME] [--verbose] [--print] [--no-contents] FILE...\n"
			"       replay --port NAME --diff OTHER FILE...\n"
			"       replay --list-ports\n"
			"ports:\n");
	port_list(stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct replay_args a = { port_find(NULL), false, NULL, false, false, true };
	struct scenario *s = malloc(sizeof(*s));
	struct scn_names *names = malloc(sizeof(*names));
	int i, rc = 0, files = 0;

	if (!s || !names)
		return 2;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc) {
			a.port = port_find(argv[++i]);
			a.port_given = true;
			if (!a.port)
				return usage();
		} else if (!strcmp(argv[i], "--diff") && i + 1 < argc) {
			a.diff = port_find(argv[++i]);
			if (!a.diff)
				return usage();
		} else if (!strcmp(argv[i], "--list-ports")) {
			port_list(stdout);
			free(s);
			free(names);
			return 0;
		} else if (!strcmp(argv[i], "--verbose")) {
			a.verbose = true;
		} else if (!strcmp(argv[i], "--print")) {
			a.print = true;
		} else if (!strcmp(argv[i], "--no-contents")) {
			a.contents = false;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage();
		} else {
			int r = port_usable(a.port) && (!a.diff || diff_usable(&a)) ?
				replay_one(argv[i], &a, s, names) : 2;

			files++;
			if (r > rc)
				rc = r;
		}
	}
	free(s);
	free(names);
	return files ? rc : usage();
}

/* A port that declares what it lacks is refused before any file. */
static bool port_usable(const struct port_ops *port)
{
	char why[300];

	if (!port_check(port, why, sizeof(why)))
		return true;
	fprintf(stderr, "replay: refusing %s\n", why);
	return false;
}
