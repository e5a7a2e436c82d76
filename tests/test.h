/* tests/test.h: the tiny test harness every tests/test_*.c uses.
   CHECK(cond, fmt, ...) records a failure with a message and goes on;
   TEST(name) { ... } declares a test; RUN(name) runs it and prints "ok"/"FAIL";
   test_summary() prints the "N passed, N failed" line that tests/run.sh sums. */
#ifndef ALPHA_TEST_H
#define ALPHA_TEST_H
#include <stdio.h>
#include <stdarg.h>
#include <math.h>

static int test__passed, test__failed, test__cur_failed;

static void test__fail(const char *file, int line, const char *fmt, ...) {
    va_list ap;
    if (test__cur_failed < 5) {
        fprintf(stdout, "    %s:%d: ", file, line);
        va_start(ap, fmt); vfprintf(stdout, fmt, ap); va_end(ap);
        fputc('\n', stdout);
    }
    test__cur_failed++;
}

#define CHECK(cond, ...) do { if (!(cond)) test__fail(__FILE__, __LINE__, __VA_ARGS__); } while (0)
#define CHECK_NEAR(a, b, tol) do { double test__a = (a), test__b = (b); \
    if (!(fabs(test__a - test__b) <= (tol)) ) test__fail(__FILE__, __LINE__, "%s = %.9g, %s = %.9g, |diff| > %g", #a, test__a, #b, test__b, (double)(tol)); } while (0)
#define TEST(name) static void name(void)
#define RUN(name) do { test__cur_failed = 0; name(); \
    if (test__cur_failed) { test__failed++; printf("FAIL %s\n", #name); } \
    else { test__passed++; printf("ok   %s\n", #name); } fflush(stdout); } while (0)

static int test_summary(void) {
    printf("%d passed, %d failed\n", test__passed, test__failed);
    return test__failed ? 1 : 0;
}
#endif
