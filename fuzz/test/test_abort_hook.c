// SPDX-License-Identifier: MIT
/*
 * test_abort_hook.c - an internal check of the allocator that fails
 * (platform_check_failed -> platform_abort, told to the runner through the
 * port's set_abort_hook) reaches the user as the runner's full report: the
 * op, invariant internal.<function>, a signature.  A planted port fails its
 * own check on the first alloc; each run happens in a child process: as the
 * replayer runs (report, exit 1), as the fuzz targets run (report, then
 * SIGABRT), on the reference port (no failure at all), and with a check
 * failing after a run (the hook is gone: a bare abort).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "alloc/platform.h"
#include "fuzz/check/run.h"
#include "fuzz/port/port_ref.h"
#include "tests/testlib.h"

TEST_STATE_DEFINE;

static int planted_alloc(void *port, uint32_t gfp, unsigned int order, unsigned int cpu,
			 int nid, unsigned long *pfn)
{
	(void)port, (void)gfp, (void)order, (void)cpu, (void)nid, (void)pfn;
	platform_check_failed("planted_alloc", "planted", __FILE__, __LINE__);
	return -1;	/* not reached; coverage builds drop noreturn (alloc/platform.h) */
}

static const char scenario_text[] =
	"config max_order=4 pageblock_order=2 pcp_high=0 min_free_kbytes=0\n"
	"memblock add 0 0x40000\n"
	"boot\n"
	"alloc 0 -> a\n";

static bool fail_after_run;

/* Run @text on @port in a child; its stderr lands in @report. Returns the wait status. */
static int run_child(const struct port_ops *port, const char *text, bool abort_on_failure,
		     char *report, size_t len)
{
	static struct scenario s;
	static struct scn_names names;
	char err[256];
	FILE *f = tmpfile();
	size_t n;
	pid_t pid;
	int status = -1;

	EXPECT_TRUE(f != NULL);
	EXPECT_EQ(scenario_parse(text, "planted.trace", &s, &names, err, sizeof(err)), 0);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		struct run_opts o = { .port = port, .abort_on_failure = abort_on_failure,
				      .err = f, .names = &names };
		struct run_result r;

		signal(SIGABRT, SIG_DFL);
		run_scenario(&s, &o, &r);
		if (fail_after_run)	/* the hook must be gone with the run */
			platform_check_failed("outside", "after the run", __FILE__, __LINE__);
		_exit(42);	/* the planted check did not stop the run */
	}
	waitpid(pid, &status, 0);
	rewind(f);
	n = fread(report, 1, len - 1, f);
	report[n] = 0;
	fclose(f);
	return status;
}

static struct port_ops planted;

int main(void)
{
	static char report[16384];
	int st;

	planted = port_ref;
	planted.name = "planted";
	planted.alloc = planted_alloc;

	TEST_BEGIN("replay: report, then exit 1");
	st = run_child(&planted, scenario_text, false, report, sizeof(report));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	EXPECT_TRUE(strstr(report, "==== pagefuzz: invariant violated ====") != NULL);
	EXPECT_TRUE(strstr(report, "op         #0 (line 4): alloc 0") != NULL);
	EXPECT_TRUE(strstr(report, "invariant  internal.planted_alloc") != NULL);
	EXPECT_TRUE(strstr(report, "detail     CHECK FAILED [planted_alloc] planted") != NULL);
	EXPECT_TRUE(strstr(report, "signature  planted:internal.planted_alloc:alloc\n") != NULL);

	TEST_BEGIN("fuzzing: report, then abort");
	st = run_child(&planted, scenario_text, true, report, sizeof(report));
	EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
	EXPECT_TRUE(strstr(report, "signature  planted:internal.planted_alloc:alloc\n") != NULL);

	TEST_BEGIN("the planted port is the only cause: ref runs clean");
	st = run_child(&port_ref, scenario_text, false, report, sizeof(report));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 42);
	EXPECT_TRUE(strstr(report, "signature") == NULL);

	TEST_BEGIN("the hook is removed after a run: a later failure only aborts");
	fail_after_run = true;
	st = run_child(&port_ref, scenario_text, false, report, sizeof(report));
	EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
	EXPECT_TRUE(strstr(report, "signature") == NULL);
	return test_main_end();
}
