// SPDX-License-Identifier: MIT
/*
 * shrink_bytes.c - a second starting point for the scenario passes: the
 * binary form shrunk byte-wise, as afl-tmin does it (delete blocks from a
 * sixteenth of the input down to single bytes, then zero bytes one by
 * one), keeping each step that still fails with the same signature.
 * Because decoding is total, deleting bytes that straddle records makes
 * scenarios the scenario passes never reach from the crash (another
 * address width, a hole where a record was cut); minimize.c runs the
 * scenario passes from both starting points and keeps the smaller.
 * Each accepted step shortens the input or zeroes a byte, so it ends.
 */
#include <stdlib.h>
#include <string.h>
#include "shrink.h"

static bool bytes_fail_same(struct shrink *sh, const uint8_t *buf, size_t n)
{
	scenario_decode(buf, n, port_op_caps(sh->port), sh->cand);
	return shrink_try(sh, sh->cand);
}

static size_t delete_blocks(struct shrink *sh, uint8_t *buf, size_t n, uint8_t *scratch)
{
	size_t del = 1;

	while (del * 16 < n)
		del <<= 1;
	for (; del >= 1; del >>= 1) {
		size_t pos = 0;

		while (pos < n) {
			size_t len = del < n - pos ? del : n - pos;

			memcpy(scratch, buf, pos);
			memcpy(scratch + pos, buf + pos + len, n - pos - len);
			if (n - len > 0 && bytes_fail_same(sh, scratch, n - len)) {
				memcpy(buf, scratch, n - len);
				n -= len;
			} else {
				pos += len;
			}
		}
	}
	return n;
}

static void zero_bytes(struct shrink *sh, uint8_t *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t old = buf[i];

		if (!old)
			continue;
		buf[i] = 0;
		if (!bytes_fail_same(sh, buf, n))
			buf[i] = old;
	}
}

bool shrink_bytes(struct shrink *sh, const uint8_t *data, size_t n, struct scenario *out)
{
	uint8_t *buf = malloc(n + 1), *scratch = malloc(n + 1);
	bool ok = false;

	if (buf && scratch && n) {
		memcpy(buf, data, n);
		if (bytes_fail_same(sh, buf, n)) {
			n = delete_blocks(sh, buf, n, scratch);
			zero_bytes(sh, buf, n);
			scenario_decode(buf, n, port_op_caps(sh->port), out);
			ok = true;
		}
	}
	free(buf);
	free(scratch);
	return ok;
}
