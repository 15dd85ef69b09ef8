// SPDX-License-Identifier: MIT
/*
 * replay.c - run .trace files or binary fuzz inputs through the same
 * runner the fuzz targets use, with dumps on stdout and the failure report
 * on stderr.
 *
 *   replay [--port NAME] [--verbose] [--print] [--no-contents] FILE...
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
	scenario_decode(buf, n, a->port->caps, s);
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
	run_scenario(s, &opts, &r);
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

static int usage(void)
{
	fprintf(stderr, "usage: replay [--port NAME] [--verbose] [--print] [--no-contents] FILE...\n"
			"ports:\n");
	port_list(stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct replay_args a = { port_find(NULL), false, false, false, true };
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
