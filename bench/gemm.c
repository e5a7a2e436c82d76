/* bench/gemm: the tensor backend's matrix product on a Vulkan device, TFLOP/s per shape and
   precision (ALPHA_VK_MATMUL_FP32: the scalar tiled kernel; BF16/F16: cooperative matrices with
   f32 accumulation), with each low-precision result's relative error against the fp32 one.
   Shapes: those of a `gpt2` training step at B=16, T=1024 (forward nn, the input gradient nt,
   the weight gradient tn) and the squares 4096^3 and 8192^3. One JSON line per measurement;
   bench/gemm_torch.py times PyTorch's matmul on the same shapes.
     cc -O2 -DALPHA_VULKAN -I. bench/gemm.c -o bench_gemm -lm -lpthread -ldl
     ./bench_gemm [--modes fp32,bf16,f16] [--reps N] [--square-only] [--quick] */
#ifdef ALPHA_VULKAN
#define VOLK_IMPLEMENTATION
#include <volk.h>
#endif
#define ALPHA_IMPLEMENTATION
#include "alpha_vk.h"
#include "alpha_train.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct shape { const char *name, *layout; int64_t m, n, k; } shape;
/* layout: nn = A[M,K] B[K,N]; nt = B given as [N,K] (x @ W^T); tn = A given as [K,M] (x^T @ dy); tt both */
static const shape shapes[] = {
    {"gpt2 qkv", "nn", 16384, 2304, 768},      {"gpt2 attn proj", "nn", 16384, 768, 768},
    {"gpt2 fc", "nn", 16384, 3072, 768},       {"gpt2 fc proj", "nn", 16384, 768, 3072},
    {"gpt2 lm head", "nt", 16384, 50304, 768}, {"gpt2 fc dx", "nt", 16384, 768, 3072},
    {"gpt2 fc dw", "tn", 768, 3072, 16384},    {"square 4096", "nn", 4096, 4096, 4096},
    {"square 8192", "nn", 8192, 8192, 8192},   {"square 4096 nt", "nt", 4096, 4096, 4096},
    {"square 4096 tn", "tn", 4096, 4096, 4096}, {"square 4096 tt", "tt", 4096, 4096, 4096},
};
static const char *const mode_names[3] = {"fp32", "bf16", "f16"};

static void quiet(void *u, alpha_log_level l, const char *m) { (void)u; if (l >= ALPHA_LOG_WARN) fprintf(stderr, "%s\n", m); }

/* a device tensor of uniform values in [-1, 1) (made on the host in slices, then copied up) */
static alpha_tensor *random_dev(alpha_ctx *ctx, int dev, int64_t rows, int64_t cols, uint32_t seed) {
    float *h = (float *)malloc((size_t)(rows * cols) * sizeof *h);
    alpha_tensor *t = NULL;
    int64_t i;
    if (!h) return NULL;
    for (i = 0; i < rows * cols; i++) {
        seed = seed * 1664525u + 1013904223u;
        h[i] = (float)((seed >> 8) & 0xFFFFFF) / 8388608.0f - 1.0f;
    }
    t = alpha_to_device(ctx, alpha_from_data(ctx, ALPHA_F32, alpha_shape2(rows, cols), h), dev);
    free(h);
    return t;
}

/* relative Frobenius distance of two device results, read back in row blocks */
static double rel_err(alpha_ctx *ctx, alpha_tensor *ref, alpha_tensor *got) {
    int64_t n = alpha_tensor_numel(ref), i;
    float *a = (float *)malloc((size_t)n * sizeof *a), *b = (float *)malloc((size_t)n * sizeof *b);
    double num = 0, den = 0;
    if (!a || !b || alpha_tensor_to_f32(ctx, ref, a, n) != ALPHA_OK || alpha_tensor_to_f32(ctx, got, b, n) != ALPHA_OK) {
        free(a); free(b);
        return -1;
    }
    for (i = 0; i < n; i++) {
        double d = (double)a[i] - b[i];
        if (b[i] != b[i]) { num = INFINITY; break; }
        num += d * d; den += (double)a[i] * a[i];
    }
    free(a); free(b);
    return den > 0 ? sqrt(num / den) : 0;
}

static alpha_tensor *product(alpha_ctx *ctx, const shape *s, alpha_tensor *a, alpha_tensor *b) {
    if (s->layout[0] == 't') a = alpha_transpose(ctx, a, 0, 1);
    if (s->layout[1] == 't') b = alpha_transpose(ctx, b, 0, 1);
    return alpha_matmul(ctx, a, b);
}

/* ms per product over n products recorded into one submit (back to back on the device) */
static double time_products(alpha_ctx *ctx, alpha_vk *vk, const shape *s, alpha_tensor *a, alpha_tensor *b, int n) {
    double t0 = alpha_train_now();
    int r;
    for (r = 0; r < n; r++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        product(ctx, s, a, b);
        alpha_ctx_reset(ctx, mk);
    }
    alpha_vk_submit_and_wait(vk);
    return (alpha_train_now() - t0) * 1e3 / n;
}

int main(int argc, char **argv) {
    alpha_vk *vk = NULL;
    alpha_vk_desc vd;
    alpha_ctx *ctx = NULL;
    alpha_ctx_desc cd;
    alpha_backend be;
    int modes[3] = {1, 1, 1}, reps = 3, square_only = 0, quick = 0, dev, i, mo, r, bad = 0;
    size_t si;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--modes") && i + 1 < argc) {
            char list[64], *tok;
            snprintf(list, sizeof list, "%s", argv[++i]);
            modes[0] = modes[1] = modes[2] = 0;
            for (tok = strtok(list, ","); tok; tok = strtok(NULL, ","))
                for (mo = 0; mo < 3; mo++) if (strcmp(tok, mode_names[mo]) == 0) modes[mo] = 1;
        } else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--square-only")) square_only = 1;
        else if (!strcmp(argv[i], "--quick")) quick = 1;
        else { fprintf(stderr, "usage: bench_gemm [--modes fp32,bf16,f16] [--reps N] [--square-only] [--quick]\n"); return 2; }
    }
    if (reps < 1) reps = 1;
    memset(&vd, 0, sizeof vd);
    vd.logger.func = quiet;
    memset(&cd, 0, sizeof cd);
    cd.logger.func = quiet;
    if (alpha_vk_create(&vk, &vd) != ALPHA_OK || alpha_ctx_create(&ctx, &cd) != ALPHA_OK ||
        alpha_vk_backend(vk, (size_t)(quick ? 1 : 14) << 30, &be) != ALPHA_OK || alpha_ctx_add_device(ctx, &be, &dev) != ALPHA_OK) {
        fprintf(stderr, "bench_gemm: no Vulkan device or arena: %s\n", vk ? alpha_vk_last_error(vk) : "no runtime");
        alpha_ctx_destroy(ctx);
        alpha_vk_destroy(vk);
        return 1;
    }
    {
        const alpha_vk_info *in = alpha_vk_get_info(vk);
        printf("{\"bench\":\"gemm\",\"device\":\"%s\",\"coopmat_khr\":%d,\"coopmat_bf16\":%d,\"coopmat_f16\":%d,\"coopmat2_nv\":%d,"
               "\"subgroup\":%u,\"shared_memory\":%u}\n", in->device_name, in->coopmat_khr, in->coopmat_bf16, in->coopmat_f16,
               in->coopmat2_nv, in->subgroup_size, in->max_shared_memory);
    }
    for (si = 0; si < sizeof shapes / sizeof shapes[0]; si++) {
        const shape *s = &shapes[si];
        alpha_mark outer = alpha_ctx_mark(ctx);
        int64_t M = quick ? (s->m + 7) / 8 : s->m, N = quick ? (s->n + 7) / 8 : s->n, K = quick ? (s->k + 7) / 8 : s->k;
        alpha_tensor *a, *b, *ref = NULL;
        if (square_only && strncmp(s->name, "square", 6) != 0) continue;
        a = s->layout[0] == 't' ? random_dev(ctx, dev, K, M, 11u + (uint32_t)si) : random_dev(ctx, dev, M, K, 11u + (uint32_t)si);
        b = s->layout[1] == 't' ? random_dev(ctx, dev, N, K, 97u + (uint32_t)si) : random_dev(ctx, dev, K, N, 97u + (uint32_t)si);
        for (mo = 0; mo < 3; mo++) {
            alpha_tensor *c;
            double t0, ms, err = 0;
            if (!modes[mo] && (mo > 0 || !(modes[1] || modes[2]))) continue;   /* fp32 is the reference of the others */
            if (alpha_vk_set_matmul_precision(vk, mo) != ALPHA_OK) {
                printf("{\"bench\":\"gemm\",\"shape\":\"%s\",\"mode\":\"%s\",\"skipped\":\"%s\"}\n", s->name, mode_names[mo], alpha_vk_last_error(vk));
                continue;
            }
            c = product(ctx, s, a, b);   /* makes the pipeline; kept as the result */
            alpha_vk_submit_and_wait(vk);
            /* warm up for 0.3 s (clocks rise), then the median of 3 runs of >= 0.1 s each */
            ms = time_products(ctx, vk, s, a, b, 1);
            for (t0 = alpha_train_now(); alpha_train_now() - t0 < 0.3;) time_products(ctx, vk, s, a, b, (int)(50.0 / ms) + 1);
            {
                int n = (int)(100.0 / ms) + 1;
                double t[3];
                if (n < reps) n = reps;
                for (r = 0; r < 3; r++) t[r] = time_products(ctx, vk, s, a, b, n);
                ms = t[0] < t[1] ? (t[1] < t[2] ? t[1] : t[0] < t[2] ? t[2] : t[0]) : (t[0] < t[2] ? t[0] : t[1] < t[2] ? t[2] : t[1]);
            }
            if (mo == 0) ref = c;
            else if (ref) err = rel_err(ctx, ref, c);
            if (alpha_ctx_status(ctx) != ALPHA_OK) {
                printf("{\"bench\":\"gemm\",\"shape\":\"%s\",\"mode\":\"%s\",\"error\":\"%s\"}\n", s->name, mode_names[mo], alpha_ctx_last_error(ctx));
                alpha_ctx_clear_error(ctx);
                bad = 1;
                continue;
            }
            if (!modes[mo]) continue;
            printf("{\"bench\":\"gemm\",\"device\":\"%s\",\"shape\":\"%s\",\"layout\":\"%s\",\"M\":%lld,\"N\":%lld,\"K\":%lld,\"mode\":\"%s\","
                   "\"ms\":%.4f,\"tflops\":%.2f,\"rel_err_vs_fp32\":%.3g}\n",
                   alpha_vk_get_info(vk)->device_name, s->name, s->layout, (long long)M, (long long)N, (long long)K, mode_names[mo], ms,
                   2.0 * (double)M * (double)N * (double)K / (ms * 1e-3) / 1e12, err);
            fflush(stdout);
        }
        alpha_ctx_reset(ctx, outer);
    }
    alpha_ctx_destroy(ctx);
    alpha_vk_destroy(vk);
    return bad;
}
