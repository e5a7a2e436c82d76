/* bench/sgemm: alpha_sgemm (the public BLAS-style entry of alpha_tensor.h, on the context's
   thread pool) vs OpenBLAS cblas_sgemm in the same process: square sizes 256-2048 and the GEMMs of
   a training step of the `small` GPT (../shared/bench/torch_gpt.py) at B=8, T=256. Best-of-N
   wall-clock timing, alternating alpha / OpenBLAS twice per shape so both see the same noise.
   Needs Debian's libopenblas-dev.
   make build/bench_sgemm && ./build/bench_sgemm [threads=2] [min_seconds_per_shape=0.6] [filter: "square,qkv,..."]
   ALPHA_BENCH_CLOCK=cpu: time with process CPU time / threads instead of wall clock (only meaningful
   with 1 thread: robust to other processes on the machine; with 2 threads it undercounts).
   One JSON line per shape. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <stdint.h>
#include <time.h>
#include <cblas.h>
#define ALPHA_TENSOR_IMPLEMENTATION
#include "alpha_tensor.h"

void openblas_set_num_threads(int num_threads);

static int g_cpu_clock; /* ALPHA_BENCH_CLOCK=cpu: process CPU time / threads (tuning under noise) */
static int g_threads = 2;
static double now_s(void) {
    struct timespec ts;
    if (g_cpu_clock) {
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return ((double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec) / g_threads;
    }
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct { int m, n, k, ta, tb; const char *what; } shape;

/* C[m x n] = op(A) op(B); ta: A stored k x m (transposed), tb: B stored n x k */
static double time_alpha(alpha_ctx *p, const shape *s, const float *A, const float *B, float *C, int reps, double min_s) {
    double best = 1e30, t_start = now_s();
    int r = 0;
    int lda = s->ta ? s->m : s->k, ldb = s->tb ? s->k : s->n;
    while (r < reps || now_s() - t_start < min_s) {
        double t0 = now_s(), dt;
        alpha_sgemm(p, s->ta, s->tb, s->m, s->n, s->k, 1.0f, A, lda, B, ldb, 0.0f, C, s->n);
        dt = now_s() - t0;
        if (dt < best) best = dt;
        r++;
        if (r > 2000) break;
    }
    return best;
}

static double time_blas(const shape *s, const float *A, const float *B, float *C, int reps, double min_s) {
    double best = 1e30, t_start = now_s();
    int r = 0;
    int lda = s->ta ? s->m : s->k, ldb = s->tb ? s->k : s->n;
    while (r < reps || now_s() - t_start < min_s) {
        double t0 = now_s(), dt;
        cblas_sgemm(CblasRowMajor, s->ta ? CblasTrans : CblasNoTrans, s->tb ? CblasTrans : CblasNoTrans, s->m, s->n,
                    s->k, 1.0f, A, lda, B, ldb, 0.0f, C, s->n);
        dt = now_s() - t0;
        if (dt < best) best = dt;
        r++;
        if (r > 2000) break;
    }
    return best;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    double min_s = argc > 2 ? atof(argv[2]) : 0.6;
    const char *only = argc > 3 ? argv[3] : NULL;
    enum { TOK = 2048, D = 384, D3 = 1152, D4 = 1536, V = 4096 };
    shape shapes[64];
    int ns = 0, i;
    alpha_ctx *p;
    alpha_ctx_desc cd;
    size_t maxa = 0, maxb = 0, maxc = 0;
    float *A, *B, *C, *C2;
    static const int sq[] = {256, 512, 768, 1024, 1536, 2048};
    static const int gpt[][2] = {{D, D3}, {D, D}, {D, D4}, {D4, D}, {D, V}}; /* W: in x out */
    static const char *gname[] = {"qkv", "attn_proj", "fc", "fc_proj", "lm_head"};
    for (i = 0; i < 6; i++) {
        shape s = {sq[i], sq[i], sq[i], 0, 0, "square"};
        shapes[ns++] = s;
    }
    for (i = 0; i < 5; i++) {
        int in = gpt[i][0], out = gpt[i][1];
        shape f = {TOK, out, in, 0, 0, gname[i]};  /* Y = X @ W          [T x in][in x out] */
        shape dx = {TOK, in, out, 0, 1, gname[i]}; /* dX = dY @ W^T      [T x out][out x in] */
        shape dw = {in, out, TOK, 1, 0, gname[i]}; /* dW = X^T @ dY      [in x T][T x out] */
        shapes[ns++] = f;
        shapes[ns++] = dx;
        shapes[ns++] = dw;
    }
    for (i = 0; i < ns; i++) {
        size_t a = (size_t)shapes[i].m * shapes[i].k, b = (size_t)shapes[i].k * shapes[i].n,
               c = (size_t)shapes[i].m * shapes[i].n;
        if (a > maxa) maxa = a;
        if (b > maxb) maxb = b;
        if (c > maxc) maxc = c;
    }
    A = (float *)malloc(maxa * sizeof(float));
    B = (float *)malloc(maxb * sizeof(float));
    C = (float *)malloc(maxc * sizeof(float));
    C2 = (float *)malloc(maxc * sizeof(float));
    for (i = 0; i < (int)maxa; i++) A[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
    for (i = 0; i < (int)maxb; i++) B[i] = (float)((i * 104729) % 1000) / 1000.0f - 0.5f;
    g_threads = threads;
    g_cpu_clock = getenv("ALPHA_BENCH_CLOCK") && strcmp(getenv("ALPHA_BENCH_CLOCK"), "cpu") == 0;
    openblas_set_num_threads(threads);
    memset(&cd, 0, sizeof cd);
    cd.n_threads = threads;
    if (alpha_ctx_create(&p, &cd) != ALPHA_OK || alpha_ctx_threads(p) != threads) { fprintf(stderr, "context creation failed\n"); return 1; }
    for (i = 0; i < ns; i++) {
        const shape *s = &shapes[i];
        double flops = 2.0 * s->m * s->n * s->k, ta, tbl, maxdiff = 0;
        size_t j;
        if (only && !strstr(only, s->what)) continue;
        /* warm up both, check agreement */
        time_alpha(p, s, A, B, C, 1, 0);
        time_blas(s, A, B, C2, 1, 0);
        for (j = 0; j < (size_t)s->m * s->n; j++) {
            double d = fabs((double)C[j] - C2[j]);
            if (d > maxdiff) maxdiff = d;
        }
        /* interleave to share the noise fairly */
        ta = time_alpha(p, s, A, B, C, 3, min_s / 2);
        tbl = time_blas(s, A, B, C2, 3, min_s / 2);
        {
            double ta2 = time_alpha(p, s, A, B, C, 3, min_s / 2), tb2 = time_blas(s, A, B, C2, 3, min_s / 2);
            if (ta2 < ta) ta = ta2;
            if (tb2 < tbl) tbl = tb2;
        }
        printf("{\"bench\":\"sgemm\",\"what\":\"%s\",\"m\":%d,\"n\":%d,\"k\":%d,\"ta\":%d,\"tb\":%d,\"threads\":%d,"
               "\"alpha_gflops\":%.1f,\"openblas_gflops\":%.1f,\"ratio\":%.3f,\"maxdiff\":%.2g}\n",
               s->what, s->m, s->n, s->k, s->ta, s->tb, threads, flops / ta * 1e-9, flops / tbl * 1e-9, tbl / ta,
               maxdiff);
        fflush(stdout);
    }
    alpha_ctx_destroy(p);
    free(A); free(B); free(C); free(C2);
    return 0;
}
