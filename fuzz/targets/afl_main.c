// SPDX-License-Identifier: MIT
/*
 * afl_main.c - AFL++ persistent mode with shared-memory test cases around
 * LLVMFuzzerTestOneInput.  Built without afl-cc, the same file reads one
 * input from stdin, so the binary doubles as a plain replayer.
 */
#include <stdint.h>
#include <stddef.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef __AFL_FUZZ_TESTCASE_LEN
static ssize_t fuzz_len;
static unsigned char fuzz_buf[1 << 16];
#define __AFL_FUZZ_TESTCASE_LEN fuzz_len
#define __AFL_FUZZ_TESTCASE_BUF fuzz_buf
#define __AFL_FUZZ_INIT() void afl_fuzz_init_unused(void)
#define __AFL_LOOP(x) ((fuzz_len = read(0, fuzz_buf, sizeof(fuzz_buf))) > 0 ? 1 : 0)
#endif

__AFL_FUZZ_INIT();

int main(int argc, char **argv)
{
	unsigned char *buf;

	LLVMFuzzerInitialize(&argc, &argv);
#ifdef __AFL_HAVE_MANUAL_CONTROL
	__AFL_INIT();
#endif
	buf = __AFL_FUZZ_TESTCASE_BUF;
	/*
	 * A run leaves nothing behind (run_scenario() frees what it made), so
	 * the process is restarted rarely: each restart forks, and the child
	 * faults in its heap again.
	 */
	while (__AFL_LOOP(100000)) {
		size_t len = (size_t)__AFL_FUZZ_TESTCASE_LEN;

		LLVMFuzzerTestOneInput(buf, len);
	}
	return 0;
}
