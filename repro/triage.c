// SPDX-License-Identifier: MIT
/*
 * triage.c - a folder of crash files, grouped by failure signature: one
 * line per distinct bug with how many files show it and the smallest one
 * (fewest ops, then fewest bytes, then first by name), optionally minimized.
 *
 *   triage [--port NAME] [--minimize] [-o OUTDIR] DIR
 *
 * Every regular file of DIR except *.txt, *.md, *.log and dot files is an
 * input (a .trace or a binary crash, as replay reads them); each runs in a
 * child process, so one that kills the runner (a sanitizer report, an
 * abort inside the allocator) is grouped as "<port>:crash:<signal>" and the
 * rest still run.  Files that run clean are counted apart (fixed, or found
 * on another port).  --minimize writes each group's smallest file,
 * minimized, as OUTDIR/<signature-slug>.trace and .bin (default OUTDIR:
 * DIR/minimized).
 *
 * Exit status: 0 no file fails, 1 at least one does, 2 bad usage.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "input.h"
#include "shrink.h"

#define MAX_GROUPS 256

struct group {
	char signature[160];
	unsigned int count;
	char smallest[4096];		/* path of the smallest file */
	size_t bytes;
	unsigned int ops;
	const struct port_ops *port;
};

struct triage {
	const struct port_ops *port;	/* --port, or NULL: headers, else ref */
	bool minimize;
	const char *dir, *outdir;
	struct group groups[MAX_GROUPS];
	unsigned int nr_groups, nr_files, nr_clean, nr_unreadable;
	struct scenario *s;
	struct scn_names *names;
};

static bool skipped_name(const char *name)
{
	size_t n = strlen(name);

	if (name[0] == '.')
		return true;
	return (n > 4 && (!strcmp(name + n - 4, ".txt") || !strcmp(name + n - 4, ".log"))) ||
	       (n > 3 && !strcmp(name + n - 3, ".md"));
}

static struct group *group_of(struct triage *t, const char *signature)
{
	unsigned int i;

	for (i = 0; i < t->nr_groups; i++)
		if (!strcmp(t->groups[i].signature, signature))
			return &t->groups[i];
	if (t->nr_groups == MAX_GROUPS)
		return NULL;
	memset(&t->groups[t->nr_groups], 0, sizeof(t->groups[0]));
	snprintf(t->groups[t->nr_groups].signature, sizeof(t->groups[0].signature), "%s", signature);
	return &t->groups[t->nr_groups++];
}

/* What the last file loaded holds past the fixed arrays (ops past 4096, names past 64). */
static void release_input(struct triage *t)
{
	scenario_release(t->s);
	scn_names_release(t->names);
}

static void triage_file(struct triage *t, const char *path)
{
	struct repro_input in;
	struct shrink sh;
	struct run_result r;
	struct group *g;

	t->nr_files++;
	release_input(t);
	if (repro_load(path, t->port, t->s, t->names, &in)) {
		t->nr_unreadable++;
		return;
	}
	if (shrink_init(&sh, in.port, in.is_trace))
		return;
	if (shrink_run(&sh, t->s, &r) != RUN_FAILED) {
		t->nr_clean++;
		shrink_fini(&sh);
		return;
	}
	shrink_fini(&sh);
	g = group_of(t, r.signature);
	if (!g)
		return;
	g->count++;
	if (g->count == 1 || shrink_nr_ops(t->s) < g->ops ||
	    (shrink_nr_ops(t->s) == g->ops && in.bytes < g->bytes)) {
		snprintf(g->smallest, sizeof(g->smallest), "%s", path);
		g->bytes = in.bytes;
		g->ops = shrink_nr_ops(t->s);
		g->port = in.port;
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The inputs of the folder, sorted by name so the output is deterministic. */
static int scan(struct triage *t)
{
	DIR *d = opendir(t->dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	if (!d) {
		perror(t->dir);
		return 2;
	}
	while ((e = readdir(d))) {
		char path[4096];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", t->dir, e->d_name);
		if (skipped_name(e->d_name) || stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			char **bigger = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof(*names));

			if (!bigger)
				break;
			names = bigger;
		}
		names[n++] = strdup(path);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		if (names[i])
			triage_file(t, names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

static int by_count(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->signature, y->signature);
}

static void minimize_group(struct triage *t, struct group *g)
{
	struct repro_input in;
	struct shrink sh;
	char slug[160], out[4096];

	release_input(t);
	if (repro_load(g->smallest, g->port, t->s, t->names, &in) ||
	    shrink_init(&sh, in.port, in.is_trace))
		return;
	snprintf(sh.signature, sizeof(sh.signature), "%s", g->signature);
	shrink_minimize(&sh, t->s);
	repro_slug(g->signature, slug, sizeof(slug));
	snprintf(out, sizeof(out), "%s/%s", t->outdir, slug);
	if (!shrink_write(out, g->smallest, &sh, t->s, g->ops, g->bytes))
		printf("      minimized: %s.trace (%u ops)\n", out, shrink_nr_ops(t->s));
	shrink_fini(&sh);
}

static void report(struct triage *t)
{
	unsigned int i;

	if (t->nr_groups)
		qsort(t->groups, t->nr_groups, sizeof(t->groups[0]), by_count);
	printf("triage %s: %u file(s), %u distinct failure(s), %u clean, %u unreadable\n", t->dir,
	       t->nr_files, t->nr_groups, t->nr_clean, t->nr_unreadable);
	if (t->minimize && t->nr_groups)
		mkdir(t->outdir, 0777);
	for (i = 0; i < t->nr_groups; i++) {
		struct group *g = &t->groups[i];

		printf("%6u  %s\n        smallest: %s (%zu bytes, %u ops)\n", g->count, g->signature,
		       g->smallest, g->bytes, g->ops);
		fflush(stdout);
		if (t->minimize)
			minimize_group(t, g);
	}
}

static int usage(void)
{
	fprintf(stderr, "usage: triage [--port NAME] [--minimize] [-o OUTDIR] DIR\n");
	return 2;
}

int main(int argc, char **argv)
{
	static struct triage t;
	char outdir[4096];
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc) {
			if (!(t.port = port_find(argv[++i]))) {
				fprintf(stderr, "triage: no port '%s'; ports:\n", argv[i]);
				port_list(stderr);
				return 2;
			}
		} else if (!strcmp(argv[i], "--minimize")) {
			t.minimize = true;
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			t.outdir = argv[++i];
		} else if (argv[i][0] == '-' || t.dir) {
			return usage();
		} else {
			t.dir = argv[i];
		}
	}
	if (!t.dir)
		return usage();
	if (!t.outdir) {
		snprintf(outdir, sizeof(outdir), "%s/minimized", t.dir);
		t.outdir = outdir;
	}
	t.s = calloc(1, sizeof(*t.s));		/* scenario_release() needs it zeroed */
	t.names = calloc(1, sizeof(*t.names));	/* as scn_names_release() */
	if (!t.s || !t.names)
		return 2;
	rc = scan(&t);
	if (!rc) {
		report(&t);
		rc = t.nr_groups ? 1 : 0;
	}
	release_input(&t);
	free(t.s);
	free(t.names);
	return rc;
}
