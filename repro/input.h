/* SPDX-License-Identifier: MIT */
/*
 * input.h - how the repro tools read one input: a .trace (parsed, with its
 * case header) or a binary fuzz input (decoded for the port's op kinds).
 *
 * A case header is a set of comment lines anywhere in a .trace:
 *   # port: NAME                 the port the scenario was found on
 *   # expect-signature: SIG      it must fail with exactly SIG (broken ports)
 *   # signature: SIG             the failure it showed when it was minimized
 *   # caught: TEXT               what it caught and the fix commit
 * They are comments to the parser, so a case is a plain .trace.
 */
#ifndef PAGEFUZZ_REPRO_INPUT_H
#define PAGEFUZZ_REPRO_INPUT_H

#include <stdbool.h>
#include "fuzz/check/run.h"

#define REPRO_MAX_INPUT (1u << 20)	/* binary inputs are read up to 1 MiB, as the engines cap them */

struct repro_header {
	char port[64];			/* "" if none */
	char expect_signature[160];	/* "" if none */
	char signature[160];		/* "" if none */
	char caught[256];		/* "" if none */
};

struct repro_input {
	bool is_trace;
	struct repro_header hdr;
	const struct port_ops *port;	/* the port to run it on */
	size_t bytes;			/* the file's size */
};

/*
 * repro_load - read @path into @s (and @names for a .trace).
 * @port: the port asked for on the command line, or NULL: then the case
 *        header's port, else the port a file named "<port>--..." records
 *        (scripts/fuzz.sh names crash files so), else "ref".  Binary
 *        inputs decode for its caps.  A recorded port other than the one
 *        used is noted on stderr.
 * Return: 0, or 2 after printing why on stderr (nothing to run).
 */
int repro_load(const char *path, const struct port_ops *port, struct scenario *s,
	       struct scn_names *names, struct repro_input *in);

/* repro_is_trace - a .trace by its name. */
bool repro_is_trace(const char *path);

/* repro_slug - "ref:oracle.x:alloc" -> "ref-oracle.x-alloc" (file-name safe). */
void repro_slug(const char *signature, char *out, size_t len);

#endif /* PAGEFUZZ_REPRO_INPUT_H */
