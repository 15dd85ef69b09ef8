/* SPDX-License-Identifier: MIT */
/*
 * testlib.h - the expectation macros of every C unit test.
 *
 * Each EXPECT_* counts one expectation and, on failure, prints the test
 * path (TEST_BEGIN names) with file and line.  test_main_end() fails the
 * program when any expectation failed or when none ran at all: a test that
 * asserts nothing is a broken test.
 */
#ifndef PAGEFUZZ_TESTLIB_H
#define PAGEFUZZ_TESTLIB_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct test_state {
	const char *current;
	unsigned long expectations;
	unsigned long failures;
};
extern struct test_state test_state;

#define TEST_STATE_DEFINE struct test_state test_state

#define TEST_BEGIN(name) (test_state.current = (name))

#define EXPECT_TRUE(cond)                                                       \
	do {                                                                    \
		test_state.expectations++;                                      \
		if (!(cond)) {                                                  \
			test_state.failures++;                                  \
			fprintf(stderr, "FAIL %s: %s (%s:%d)\n",                \
				test_state.current ? test_state.current : "?",  \
				#cond, __FILE__, __LINE__);                     \
		}                                                               \
	} while (0)

#define EXPECT_OP(a, op, b)                                                     \
	do {                                                                    \
		long long ea_ = (long long)(a), eb_ = (long long)(b);           \
		test_state.expectations++;                                      \
		if (!(ea_ op eb_)) {                                            \
			test_state.failures++;                                  \
			fprintf(stderr, "FAIL %s: %s %s %s: %lld vs %lld (%s:%d)\n", \
				test_state.current ? test_state.current : "?",  \
				#a, #op, #b, ea_, eb_, __FILE__, __LINE__);     \
		}                                                               \
	} while (0)

#define EXPECT_EQ(a, b) EXPECT_OP(a, ==, b)
#define EXPECT_NE(a, b) EXPECT_OP(a, !=, b)
#define EXPECT_LT(a, b) EXPECT_OP(a, <, b)
#define EXPECT_LE(a, b) EXPECT_OP(a, <=, b)
#define EXPECT_GT(a, b) EXPECT_OP(a, >, b)
#define EXPECT_GE(a, b) EXPECT_OP(a, >=, b)
#define EXPECT_STREQ(a, b)                                                      \
	do {                                                                    \
		const char *sa_ = (a), *sb_ = (b);                              \
		test_state.expectations++;                                      \
		if (strcmp(sa_, sb_) != 0) {                                    \
			test_state.failures++;                                  \
			fprintf(stderr, "FAIL %s: %s == %s:\n  got  '%s'\n  want '%s' (%s:%d)\n", \
				test_state.current ? test_state.current : "?",  \
				#a, #b, sa_, sb_, __FILE__, __LINE__);          \
		}                                                               \
	} while (0)

static inline int test_main_end(void)
{
	printf("%lu expectations, %lu failed\n", test_state.expectations,
	       test_state.failures);
	if (test_state.expectations == 0) {
		fprintf(stderr, "FAIL: no expectation ran\n");
		return 1;
	}
	return test_state.failures ? 1 : 0;
}

#endif /* PAGEFUZZ_TESTLIB_H */
