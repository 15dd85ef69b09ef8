// SPDX-License-Identifier: MIT
/*
 * shrink_core.c - the minimizer's test: is a candidate scenario valid,
 * does it have a binary form, and does it fail with the signature we
 * keep?  Each candidate runs through the same runner as the fuzz targets
 * (run_signature(): page contents on, no report printed).  With
 * sh->isolate it runs in a forked worker process that takes candidates
 * one after another over a pipe, so that a candidate which makes the port
 * abort (an allocator's internal check) or hang costs that candidate and
 * a new worker only, while the others run at in-process speed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "shrink.h"

#define CANDIDATE_TIMEOUT_S 30	/* a worker running one candidate longer is killed */

static int worker_stop(struct shrink *sh);

int shrink_init(struct shrink *sh, const struct port_ops *port, bool honour_expect)
{
	memset(sh, 0, sizeof(*sh));
	sh->port = port;
	sh->honour_expect = honour_expect;
	sh->isolate = true;
	sh->binary = true;
	sh->cand = malloc(sizeof(*sh->cand));
	return sh->cand ? 0 : -1;
}

void shrink_fini(struct shrink *sh)
{
	worker_stop(sh);
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

static bool write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* The part of a scenario a run reads: everything up to the ops, and the ops. */
static size_t scenario_bytes(const struct scenario *s)
{
	return offsetof(struct scenario, ops) + s->nr_ops * sizeof(s->ops[0]);
}

/* The worker: read a scenario, run it, answer; until the pipe closes. */
static void worker_loop(struct shrink *sh, int in, int out)
{
	struct scenario *s = malloc(sizeof(*s));
	struct run_result r;
	size_t head = offsetof(struct scenario, ops);

	while (s && read_all(in, s, head) && s->nr_ops <= SCN_MAX_OPS &&
	       read_all(in, s->ops, s->nr_ops * sizeof(s->ops[0]))) {
		alarm(CANDIDATE_TIMEOUT_S);
		run_signature(s, sh->port, sh->honour_expect, &r);
		alarm(0);
		if (!write_all(out, &r, sizeof(r)))
			break;
	}
	_exit(0);
}

static bool worker_start(struct shrink *sh)
{
	int req[2], resp[2];
	pid_t pid;

	if (pipe(req))
		return false;
	if (pipe(resp)) {
		close(req[0]);
		close(req[1]);
		return false;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(req[0]);
		close(req[1]);
		close(resp[0]);
		close(resp[1]);
		return false;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		/* an allocator's CHECK FAILED line or a sanitizer report, once per candidate, is noise */
		if (null >= 0)
			dup2(null, STDERR_FILENO);
		close(req[1]);
		close(resp[0]);
		worker_loop(sh, req[0], resp[1]);
	}
	close(req[0]);
	close(resp[1]);
	sh->worker_pid = pid;
	sh->to_worker = req[1];
	sh->from_worker = resp[0];
	return true;
}

/* Close the pipes and reap the worker; its exit status, or -1. */
static int worker_stop(struct shrink *sh)
{
	int status = 0;

	if (!sh->worker_pid)
		return -1;
	close(sh->to_worker);
	close(sh->from_worker);
	while (waitpid(sh->worker_pid, &status, 0) < 0 && errno == EINTR)
		;
	sh->worker_pid = 0;
	return status;
}

static enum run_status run_in_worker(struct shrink *sh, const struct scenario *s,
				     struct run_result *r)
{
	int status;

	if (!sh->worker_pid && !worker_start(sh))
		return run_signature(s, sh->port, sh->honour_expect, r);
	if (write_all(sh->to_worker, s, scenario_bytes(s)) &&
	    read_all(sh->from_worker, r, sizeof(*r)))
		return r->status;
	status = worker_stop(sh);	/* it died on this candidate */
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
	if (sh->isolate && s->nr_ops <= SCN_MAX_OPS)	/* the worker takes ops[] only */
		return run_in_worker(sh, s, r);
	return run_signature(s, sh->port, sh->honour_expect, r);
}

bool shrink_try(struct shrink *sh, const struct scenario *cand)
{
	struct run_result r;

	if (sh->binary ? scenario_encodable(cand) != NULL : scenario_validate(cand) != NULL)
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

static void rounds(struct shrink *sh, struct scenario *s, const char *start)
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
		changed |= shrink_trade(sh, s);
		if (!sh->binary)	/* fewer ops now: maybe few enough names */
			changed |= shrink_to_binary(sh, s);
		if (sh->progress)
			fprintf(stderr, "minimize: %s, round %u: %u -> %u ops, %lu runs, %.1f s\n",
				start, round, before, shrink_nr_ops(s), sh->runs, shrink_now() - t0);
		if (!changed)
			break;
	}
	shrink_boot_canonical_map(sh, s);
}

/* Fewer ops first, then fewer encoded bytes. */
static bool smaller(const struct scenario *a, const struct scenario *b)
{
	if (shrink_nr_ops(a) != shrink_nr_ops(b))
		return shrink_nr_ops(a) < shrink_nr_ops(b);
	return shrink_encoded_bytes(a) < shrink_encoded_bytes(b);
}

/*
 * From two starting points: the scenario itself (brought to a binary form
 * first if it can be: shrink_binary.c), and its binary form shrunk
 * byte-wise (shrink_bytes.c); the smaller result wins.
 */
void shrink_minimize(struct shrink *sh, struct scenario *s)
{
	static uint8_t bytes[SCN_MAX_ENCODED];
	struct scenario *alt;
	size_t n;

	shrink_to_binary(sh, s);
	n = sh->binary ? scenario_encode(s, bytes, sizeof(bytes)) : 0;
	rounds(sh, s, "from the scenario");
	alt = malloc(sizeof(*alt));
	if (!alt)
		return;
	if (n && shrink_bytes(sh, bytes, n, alt)) {
		if (sh->progress)
			fprintf(stderr, "minimize: byte-wise start: %u ops, %lu runs\n",
				shrink_nr_ops(alt), sh->runs);
		rounds(sh, alt, "from the bytes");
		if (smaller(alt, s))
			memcpy(s, alt, sizeof(*s));
	}
	free(alt);
}
