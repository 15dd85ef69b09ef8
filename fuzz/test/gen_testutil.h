/* SPDX-License-Identifier: MIT */
/* gen_testutil.h - helpers shared by the generator self-tests (gen_testutil.c). */
#ifndef PAGEFUZZ_GEN_TESTUTIL_H
#define PAGEFUZZ_GEN_TESTUTIL_H

#include <stdint.h>
#include <stdio.h>
#include "tests/testlib.h"
#include <pagefuzz/vocab.h>
#include "gen_internal.h"

/* xorshift64 with a fixed seed: the same sequence on every run */
uint64_t rng(void);
/* scenario_init()ed on the heap; exits 2 when out of memory */
struct scenario *new_scenario(void);
/* The text scenario_print() gives; the caller frees it. */
char *print_to_string(const struct scenario *s, const struct scn_names *names);
/* print -> parse gives @s back. */
void check_print_parse(const struct scenario *s, const char *what);
/* encode -> decode gives @s back, and encode refuses a buffer one byte short. */
void check_encode_decode(const struct scenario *s, const char *what);
/* both of the above */
void check_round_trips(const struct scenario *s, const char *what);

#endif
