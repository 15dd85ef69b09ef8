// SPDX-License-Identifier: MIT
/*
 * test_platform.c - platform.c's host memory: large blocks are kept when
 * freed and handed out again, zeroed over exactly the bytes asked for,
 * only to a request that fits (not larger, not a quarter or less), and
 * the injected host failure still comes first.
 */
#include <stdint.h>
#include <string.h>
#include "platform.h"
#include "tests/testlib.h"

TEST_STATE_DEFINE;

#define BIG	(256UL << 10)

static bool all_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void test_reuse_zeroed(void)
{
	uint8_t *a, *b;

	TEST_BEGIN("kept/reuse_zeroed");
	a = platform_zalloc(BIG);
	EXPECT_TRUE(a && all_zero(a, BIG));
	memset(a, 0x5a, BIG);
	platform_free(a);
	b = platform_zalloc(BIG - 4096);	/* fits the kept block */
	EXPECT_TRUE(b == a);
	EXPECT_TRUE(b && all_zero(b, BIG - 4096));
	platform_free(b);
	b = platform_zalloc(BIG);		/* the whole block, zeroed again */
	EXPECT_TRUE(b == a);
	EXPECT_TRUE(b && all_zero(b, BIG));
	platform_free(b);
}

static void test_fit(void)
{
	uint8_t *a, *b, *c;

	TEST_BEGIN("kept/fit");
	a = platform_zalloc(BIG);
	platform_free(a);
	b = platform_zalloc(2 * BIG);		/* larger than any kept block: a new one */
	EXPECT_TRUE(b && b != a && all_zero(b, 2 * BIG));
	c = platform_zalloc(BIG / 4);		/* a quarter of the kept one: not it */
	EXPECT_TRUE(c && c != a && all_zero(c, BIG / 4));
	platform_free(c);
	platform_free(b);
	c = platform_zalloc(BIG);		/* best fit: the 256 KiB block, not 512 */
	EXPECT_TRUE(c == a);
	platform_free(c);
}

static void test_injected_failure_first(void)
{
	void *a;

	TEST_BEGIN("kept/injected_failure");
	a = platform_zalloc(BIG);
	platform_free(a);
	platform_inject_alloc_failure(1);
	EXPECT_TRUE(platform_zalloc(BIG) == NULL);	/* even with a block kept */
	EXPECT_TRUE(platform_inject_alloc_failure(-1));
	a = platform_zalloc(BIG);
	EXPECT_TRUE(a != NULL);
	platform_free(a);
	platform_free(NULL);
}

int main(void)
{
	test_reuse_zeroed();
	test_fit();
	test_injected_failure_first();
	return test_main_end();
}
