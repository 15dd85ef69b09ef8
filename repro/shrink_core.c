// SPDX-License-Identifier: MIT
/*
 * shrink_core.c - the minimizer's test: is a candidate scenario valid,
 * does it have a binary form, and does it fail with the signature we
 * keep?  Each candidate runs through the same runner as the fuzz targets
 * (run_signature(): page contents on, no report printed).  With
 * sh->isolate it runs in a forked child, so that a candidate which makes
 * the port abort (an allocator's internal check) or hang costs that
 * candidate only; the result comes back through a pipe.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "shrink.h"

#define CANDIDATE_TIMEOUT_S 30	/* a child running longer is killed */

int shrink_init(struct shrink *sh, const struct port_ops *port, bool honour_expect)
{
	memset(sh, 0, sizeof(*sh));
	sh->port = port;
	sh->honour_expect = honour_expect;
	sh->isolate = true;
	sh->cand = malloc(sizeof(*sh->cand));
	return sh->cand ? 0 : -1;
}

void shrink_fini(struct shrink *sh)
{
	free(sh->cand);
	sh->cand = NULL;
}

static bool read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static enum run_status run_in_child(struct shrink *sh, const struct scenario *s,
				    struct run_result *r)
{
	int fds[2], status = 0;
	pid_t pid;
	bool got;

	fflush(NULL);
	if (pipe(fds))
		return run_signature(s, sh->port, sh->honour_expect, r);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return run_signature(s, sh->port, sh->honour_expect, r);
	}
	if (pid == 0) {
		close(fds[0]);
		alarm(CANDIDATE_TIMEOUT_S);
		run_signature(s, sh->port, sh->honour_expect, r);
		_exit(write(fds[1], r, sizeof(*r)) == (ssize_t)sizeof(*r) ? 0 : 3);
	}
	close(fds[1]);
	got = read_all(fds[0], r, sizeof(*r));
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (got && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return r->status;
	memset(r, 0, sizeof(*r));
	r->status = RUN_FAILED;
	r->failed_op = -1;
	snprintf(r->signature, sizeof(r->signature), "%s:crash:%s", sh->port->name,
		 WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "exit");
	return RUN_FAILED;
}

enum run_status shrink_run(struct shrink *sh, const struct scenario *s, struct run_result *r)
{
	sh->runs++;
	if (sh->isolate)
		return run_in_child(sh, s, r);
	return run_signature(s, sh->port, sh->honour_expect, r);
}

bool shrink_try(struct shrink *sh, const struct scenario *cand)
{
	struct run_result r;

	if (scenario_encodable(cand))
		return false;
	if (shrink_run(sh, cand, &r) != RUN_FAILED)
		return false;
	return !strcmp(r.signature, sh->signature);
}

bool shrink_accept(struct shrink *sh, struct scenario *s, const struct scenario *cand,
		   const char *what)
{
	if (!shrink_try(sh, cand))
		return false;
	if (cand != s)
		memcpy(s, cand, sizeof(*s));
	sh->accepted++;
	if (sh->verbose)
		fprintf(stderr, "minimize:   %s (%u ops)\n", what, shrink_nr_ops(s));
	return true;
}

unsigned int shrink_nr_ops(const struct scenario *s)
{
	return s->nr_boot + s->nr_ops;
}

size_t shrink_encoded_bytes(const struct scenario *s)
{
	static uint8_t buf[SCN_MAX_ENCODED];

	return scenario_encode(s, buf, sizeof(buf));
}

double shrink_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void shrink_minimize(struct shrink *sh, struct scenario *s)
{
	double t0 = shrink_now();
	unsigned int round;

	for (round = 1; round <= SHRINK_MAX_ROUNDS; round++) {
		unsigned int before = shrink_nr_ops(s);
		bool changed = shrink_ops(sh, s);

		changed |= shrink_boot(sh, s);
		changed |= shrink_config(sh, s);
		changed |= shrink_fields(sh, s);
		changed |= shrink_slots(sh, s);
		if (sh->progress)
			fprintf(stderr, "minimize: round %u: %u -> %u ops, %lu runs, %.1f s\n", round,
				before, shrink_nr_ops(s), sh->runs, shrink_now() - t0);
		if (!changed)
			break;
	}
	shrink_boot_canonical_map(sh, s);
}
