/* tests/test_vk_backend.c: alpha_vk.h as a device of alpha_tensor.h (alpha_vk_backend), on lavapipe
   (or whatever Vulkan device there is) with the validation layer on. Every op with a Vulkan kernel
   runs on random data of odd shapes and layouts (views, broadcasts, transposes) on the CPU and on
   the device of the same context; results must agree within 1e-5 (relative, absolute below 1);
   dropout masks, casts and topk indices bit for bit. A tiny GPT (alpha_model.h) on the device
   gives the CPU's loss and gradients (1e-4 relative) and the same 20-step AdamW loss trajectory
   with no kernel run on the CPU. Casts to and from f16/bf16 equal the CPU's bit for bit (every
   16-bit pattern, ties, NaN, Inf, subnormals, strided views); an op without a kernel (a 16-bit
   fill) must fail with ALPHA_ERR_UNSUPPORTED and run nothing on the CPU; the
   device arena must follow alpha_ctx_mark/alpha_ctx_reset, and a tensor beyond it is ALPHA_ERR_OOM
   naming the device; mixing the CPU and two Vulkan runtimes in one op is ALPHA_ERR_INVALID naming
   both devices (tests/check_vk_errors.sh has the other failures: no loader, no device, device
   memory exhausted); no validation message may appear.
   Without volk, a loader or a device: "skip: <reason>" and 0 passed, 0 failed. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test.h"
#if defined(__has_include)
#if __has_include(<volk.h>)
#define TEST_HAVE_VOLK 1
#endif
#endif
#ifdef TEST_HAVE_VOLK
#define VOLK_IMPLEMENTATION
#include <volk.h>
#define ALPHA_VULKAN
#endif
#define ALPHA_IMPLEMENTATION
#include "alpha_vk.h"
#include "alpha_model.h"
#include "alpha_train.h"

#ifdef ALPHA_TEST_SANITIZE
/* The Vulkan driver (mesa, LLVM) keeps allocations until exit; they are not ours. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_leaks=0"; }
#endif

static alpha_vk *vk;
static alpha_ctx *ctx;
static alpha_backend be;   /* a copy of what alpha_vk_backend filled (for mark) */
static int dev;

static void vk_logger(void *user, alpha_log_level level, const char *msg) {
    (void)user; (void)level;
    if (strncmp(msg, "alpha_vk validation", 19) == 0) printf("    %s\n", msg);
}
static void quiet(void *u, alpha_log_level l, const char *m) { (void)u; (void)l; (void)m; }

static uint32_t rng_state = 777u;
static float frand(float lo, float hi) {
    rng_state = rng_state * 1664525u + 1013904223u;
    return lo + (hi - lo) * (float)((rng_state >> 8) & 0xFFFFFF) / 16777216.0f;
}
static int64_t irand(int64_t lo, int64_t hi) { return lo + (int64_t)(frand(0, 1) * (float)(hi - lo + 1)) % (hi - lo + 1); }

/* a CPU tensor of random values in [lo, hi) */
static alpha_tensor *rnd(alpha_shape s, float lo, float hi) {
    static float buf[1 << 16];
    int64_t i, n = 1;
    int d;
    for (d = 0; d < s.ndim; d++) n *= s.d[d];
    if (n > (int64_t)(sizeof buf / sizeof buf[0])) return NULL;
    for (i = 0; i < n; i++) buf[i] = frand(lo, hi);
    return alpha_from_data(ctx, ALPHA_F32, s, buf);
}
static alpha_tensor *on_dev(alpha_tensor *t) { return alpha_to_device(ctx, t, dev); }

/* device result d vs CPU result c: same shape, values within tol * max(1, |c|); NaNs match */
static int same_tol(const char *what, alpha_tensor *c, alpha_tensor *d, double tol) {
    static float hc[1 << 16], hd[1 << 16];
    int64_t i, n;
    double worst = 0;
    int64_t wi = -1;
    char b1[96], b2[96];
    if (!c || !d) {
        CHECK(0, "%s: %s result is NULL: %s", what, c ? "device" : "CPU", alpha_ctx_last_error(ctx));
        alpha_ctx_clear_error(ctx);
        return 0;
    }
    if (alpha_tensor_device(d) != dev || alpha_tensor_device(c) != 0) {
        CHECK(0, "%s: devices %d and %d", what, alpha_tensor_device(c), alpha_tensor_device(d));
        return 0;
    }
    if (c->ndim != d->ndim || memcmp(c->shape, d->shape, (size_t)c->ndim * sizeof c->shape[0])) {
        CHECK(0, "%s: shapes %s vs %s", what, alpha_tensor_describe(c, b1, sizeof b1), alpha_tensor_describe(d, b2, sizeof b2));
        return 0;
    }
    n = alpha_tensor_numel(c);
    if (n > (int64_t)(sizeof hc / sizeof hc[0])) { CHECK(0, "%s: too large for the test", what); return 0; }
    if (alpha_tensor_to_f32(ctx, c, hc, n) != ALPHA_OK || alpha_tensor_to_f32(ctx, d, hd, n) != ALPHA_OK) {
        CHECK(0, "%s: read back failed: %s", what, alpha_ctx_last_error(ctx));
        alpha_ctx_clear_error(ctx);
        return 0;
    }
    for (i = 0; i < n; i++) {
        double ref = hc[i], got = hd[i], err;
        if (ref != ref || got != got) {
            if ((ref != ref) != (got != got)) { worst = INFINITY; wi = i; break; }
            continue;
        }
        if (ref == got) continue;   /* also equal infinities */
        err = fabs(ref - got) / (fabs(ref) > 1 ? fabs(ref) : 1);
        if (!(err <= worst)) { worst = err; wi = i; }
    }
    CHECK(worst <= tol, "%s %s: element %lld: CPU %.9g, device %.9g (error %.3g)", what, alpha_tensor_describe(c, b1, sizeof b1),
          (long long)wi, wi >= 0 ? hc[wi] : 0.0, wi >= 0 ? hd[wi] : 0.0, worst);
    return worst <= tol;
}
static int same(const char *what, alpha_tensor *c, alpha_tensor *d) { return same_tol(what, c, d, 1e-5); }
static void no_error(const char *what) {
    CHECK(alpha_ctx_status(ctx) == ALPHA_OK, "%s: %s", what, alpha_ctx_last_error(ctx));
    alpha_ctx_clear_error(ctx);
}

/* random shape of nd dims with sizes in [1, hi] */
static alpha_shape rshape(int nd, int64_t hi) {
    int64_t d[ALPHA_MAX_DIMS];
    int i;
    for (i = 0; i < nd; i++) d[i] = irand(1, hi);
    return alpha_shape_n(nd, d);
}

TEST(test_fill) {
    alpha_mark mk = alpha_ctx_mark(ctx);
    float v[100];
    int32_t iv[100];
    int i, ok = 1;
    alpha_tensor *t = alpha_full_on(ctx, dev, ALPHA_F32, alpha_shape2(7, 13), 3.25);
    CHECK(t && alpha_tensor_device(t) == dev, "full_on");
    if (t && alpha_tensor_to_f32(ctx, t, v, 91) == ALPHA_OK) for (i = 0; i < 91; i++) ok &= v[i] == 3.25f;
    CHECK(ok, "fill f32");
    t = alpha_full_on(ctx, dev, ALPHA_I32, alpha_shape1(97), -7.9);
    ok = t != NULL;
    if (t && alpha_tensor_read(ctx, t, iv, sizeof(int32_t) * 97) == ALPHA_OK) for (i = 0; i < 97; i++) ok &= iv[i] == -7;
    else ok = 0;
    CHECK(ok, "fill i32 (truncates): %d", (int)iv[0]);
    alpha_ctx_set_device(ctx, dev);
    t = alpha_zeros(ctx, ALPHA_F32, alpha_shape3(3, 1, 5));
    ok = t && alpha_tensor_to_f32(ctx, t, v, 15) == ALPHA_OK;
    for (i = 0; ok && i < 15; i++) ok &= v[i] == 0.0f;
    CHECK(ok, "zeros on the device");
    t = alpha_ones(ctx, ALPHA_F32, alpha_shape1(1));
    CHECK(t && alpha_tensor_item(ctx, t) == 1.0, "ones");
    alpha_ctx_set_device(ctx, 0);
    no_error("fill");
    alpha_ctx_reset(ctx, mk);
}

TEST(test_copy_layouts) {
    int it;
    for (it = 0; it < 6; it++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_shape s = rshape(4, 9);
        alpha_tensor *c = rnd(s, -2, 2), *d = on_dev(c), *cd[2], *dd[2];
        int perm[4] = {2, 0, 3, 1};
        same("contiguous copy", alpha_copy(ctx, c), alpha_copy(ctx, d));
        same("transpose", alpha_contiguous(ctx, alpha_transpose(ctx, c, 0, 3)), alpha_contiguous(ctx, alpha_transpose(ctx, d, 0, 3)));
        same("permute", alpha_contiguous(ctx, alpha_permute(ctx, c, perm)), alpha_contiguous(ctx, alpha_permute(ctx, d, perm)));
        same("slice step 2", alpha_contiguous(ctx, alpha_slice(ctx, c, 1, 0, s.d[1], 2)),
             alpha_contiguous(ctx, alpha_slice(ctx, d, 1, 0, s.d[1], 2)));
        same("narrow of a transpose", alpha_contiguous(ctx, alpha_narrow(ctx, alpha_transpose(ctx, c, 1, 2), 3, s.d[3] / 2, s.d[3] - s.d[3] / 2)),
             alpha_contiguous(ctx, alpha_narrow(ctx, alpha_transpose(ctx, d, 1, 2), 3, s.d[3] / 2, s.d[3] - s.d[3] / 2)));
        {   /* expand a [1, n] row to [m, n] and copy */
            alpha_tensor *rc = rnd(alpha_shape2(1, s.d[3]), -1, 1), *rd = on_dev(rc);
            alpha_shape e = alpha_shape3(s.d[0], s.d[1], s.d[3]);
            same("expand", alpha_contiguous(ctx, alpha_expand(ctx, rc, e)), alpha_contiguous(ctx, alpha_expand(ctx, rd, e)));
        }
        {   /* alpha_assign into a strided slice of a bigger tensor, with a broadcast source */
            alpha_tensor *bc = rnd(alpha_shape2(2 * s.d[0] + 1, s.d[1]), -1, 1), *bd = on_dev(bc);
            alpha_tensor *src_c = rnd(alpha_shape1(s.d[1]), 5, 6), *src_d = on_dev(src_c);
            CHECK(alpha_assign(ctx, alpha_slice(ctx, bc, 0, 1, 2 * s.d[0] + 1, 2), src_c) == ALPHA_OK, "assign cpu");
            CHECK(alpha_assign(ctx, alpha_slice(ctx, bd, 0, 1, 2 * s.d[0] + 1, 2), src_d) == ALPHA_OK, "assign device: %s",
                  alpha_ctx_last_error(ctx));
            same("assign into a slice", bc, bd);
        }
        cd[0] = c; cd[1] = rnd(alpha_shape4(s.d[0], s.d[1], 3, s.d[3]), -1, 1);
        dd[0] = d; dd[1] = on_dev(cd[1]);
        same("concat", alpha_concat(ctx, cd, 2, 2), alpha_concat(ctx, dd, 2, 2));
        {   /* 8-dim non-mergeable view */
            int64_t dims[8] = {2, 3, 2, 3, 2, 3, 2, 2};
            int p8[8] = {7, 5, 3, 1, 6, 4, 2, 0};
            alpha_tensor *c8 = rnd(alpha_shape_n(8, dims), -1, 1), *d8 = on_dev(c8);
            same("8-dim permute", alpha_contiguous(ctx, alpha_permute(ctx, c8, p8)), alpha_contiguous(ctx, alpha_permute(ctx, d8, p8)));
        }
        no_error("copies");
        alpha_ctx_reset(ctx, mk);
    }
}

typedef alpha_tensor *(*binop)(alpha_ctx *, alpha_tensor *, alpha_tensor *);
TEST(test_binary_broadcast) {
    static const binop ops[5] = {alpha_add, alpha_sub, alpha_mul, alpha_div, alpha_equal};
    static const char *const names[5] = {"add", "sub", "mul", "div", "equal"};
    int k, it;
    for (k = 0; k < 5; k++) {
        for (it = 0; it < 2; it++) {
            alpha_mark mk = alpha_ctx_mark(ctx);
            int64_t M = irand(1, 40), N = irand(1, 70), B = irand(2, 4);
            float lo = k == 3 ? 0.5f : -2, hi = k == 3 ? 1.5f : 2;
            alpha_tensor *a = rnd(alpha_shape2(M, N), -2, 2), *ad = on_dev(a);
            alpha_tensor *b = rnd(alpha_shape2(M, N), lo, hi), *bd = on_dev(b);
            alpha_tensor *row = rnd(alpha_shape1(N), lo, hi), *rowd = on_dev(row);
            alpha_tensor *col = rnd(alpha_shape2(M, 1), lo, hi), *cold = on_dev(col);
            alpha_tensor *sc = rnd(alpha_shape_n(0, NULL), lo, hi), *scd = on_dev(sc);
            alpha_tensor *b3 = rnd(alpha_shape3(B, 1, N), lo, hi), *b3d = on_dev(b3);
            alpha_tensor *bt = rnd(alpha_shape2(N, M), lo, hi), *btd = on_dev(bt);
            char what[64];
            snprintf(what, sizeof what, "%s same shape", names[k]);
            same(what, ops[k](ctx, a, b), ops[k](ctx, ad, bd));
            if (k == 4) same("equal with itself", ops[k](ctx, a, a), ops[k](ctx, ad, ad));
            snprintf(what, sizeof what, "%s scalar", names[k]);
            same(what, ops[k](ctx, a, sc), ops[k](ctx, ad, scd));
            same(what, ops[k](ctx, sc, a), ops[k](ctx, scd, ad));
            snprintf(what, sizeof what, "%s row vector", names[k]);
            same(what, ops[k](ctx, a, row), ops[k](ctx, ad, rowd));
            snprintf(what, sizeof what, "%s column", names[k]);
            same(what, ops[k](ctx, a, col), ops[k](ctx, ad, cold));
            snprintf(what, sizeof what, "%s [B,1,N] with [M,N]", names[k]);
            same(what, ops[k](ctx, b3, a), ops[k](ctx, b3d, ad));
            snprintf(what, sizeof what, "%s transposed operand", names[k]);
            same(what, ops[k](ctx, a, alpha_transpose(ctx, bt, 0, 1)), ops[k](ctx, ad, alpha_transpose(ctx, btd, 0, 1)));
            no_error(names[k]);
            alpha_ctx_reset(ctx, mk);
        }
    }
}

TEST(test_unary) {
    int k;
    for (k = ALPHA_OP_NEG; k <= ALPHA_OP_CLAMP; k++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_op op = (alpha_op)k;
        int positive = op == ALPHA_OP_LOG || op == ALPHA_OP_SQRT || op == ALPHA_OP_RSQRT;
        alpha_shape s = alpha_shape3(irand(1, 5), irand(1, 33), irand(1, 65));
        alpha_tensor *c = rnd(s, positive ? 0.01f : -6, positive ? 9 : 6), *d = on_dev(c), *yc = NULL, *yd = NULL, *tc, *td;
        int rep;
        for (rep = 0; rep < 2; rep++) {
            tc = rep ? alpha_transpose(ctx, c, 0, 2) : c;   /* second round: a strided view */
            td = rep ? alpha_transpose(ctx, d, 0, 2) : d;
            switch (op) {
            case ALPHA_OP_NEG: yc = alpha_neg(ctx, tc); yd = alpha_neg(ctx, td); break;
            case ALPHA_OP_SCALE: yc = alpha_scale(ctx, tc, -1.75f); yd = alpha_scale(ctx, td, -1.75f); break;
            case ALPHA_OP_ADD_SCALAR: yc = alpha_add_scalar(ctx, tc, 0.3f); yd = alpha_add_scalar(ctx, td, 0.3f); break;
            case ALPHA_OP_EXP: yc = alpha_exp(ctx, tc); yd = alpha_exp(ctx, td); break;
            case ALPHA_OP_LOG: yc = alpha_log(ctx, tc); yd = alpha_log(ctx, td); break;
            case ALPHA_OP_SQRT: yc = alpha_sqrt(ctx, tc); yd = alpha_sqrt(ctx, td); break;
            case ALPHA_OP_RSQRT: yc = alpha_rsqrt(ctx, tc); yd = alpha_rsqrt(ctx, td); break;
            case ALPHA_OP_POW:
                yc = alpha_pow(ctx, tc, 3.0f); yd = alpha_pow(ctx, td, 3.0f);
                same("pow 3 (negative bases)", yc, yd);
                yc = alpha_pow(ctx, tc, 2.0f); yd = alpha_pow(ctx, td, 2.0f);
                same("pow 2", yc, yd);
                yc = alpha_pow(ctx, alpha_abs(ctx, tc), 0.7f); yd = alpha_pow(ctx, alpha_abs(ctx, td), 0.7f);
                break;
            case ALPHA_OP_ABS: yc = alpha_abs(ctx, tc); yd = alpha_abs(ctx, td); break;
            case ALPHA_OP_TANH: yc = alpha_tanh(ctx, tc); yd = alpha_tanh(ctx, td); break;
            case ALPHA_OP_SIGMOID: yc = alpha_sigmoid(ctx, tc); yd = alpha_sigmoid(ctx, td); break;
            case ALPHA_OP_RELU: yc = alpha_relu(ctx, tc); yd = alpha_relu(ctx, td); break;
            case ALPHA_OP_GELU: yc = alpha_gelu(ctx, tc); yd = alpha_gelu(ctx, td); break;
            case ALPHA_OP_SILU: yc = alpha_silu(ctx, tc); yd = alpha_silu(ctx, td); break;
            case ALPHA_OP_CLAMP: yc = alpha_clamp(ctx, tc, -1.5f, 2.25f); yd = alpha_clamp(ctx, td, -1.5f, 2.25f); break;
            default: break;
            }
            same(alpha_op_name(op), yc, yd);
        }
        no_error(alpha_op_name(op));
        alpha_ctx_reset(ctx, mk);
    }
    {   /* large magnitudes: tanh, gelu, sigmoid saturate */
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor *c = rnd(alpha_shape1(999), -100, 100), *d = on_dev(c);
        same("tanh large", alpha_tanh(ctx, c), alpha_tanh(ctx, d));
        same("gelu large", alpha_gelu(ctx, c), alpha_gelu(ctx, d));
        same("sigmoid large", alpha_sigmoid(ctx, c), alpha_sigmoid(ctx, d));
        same("silu large", alpha_silu(ctx, c), alpha_silu(ctx, d));
        no_error("large");
        alpha_ctx_reset(ctx, mk);
    }
}

TEST(test_softmax) {
    int it;
    for (it = 0; it < 4; it++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_shape s = alpha_shape3(irand(1, 4), irand(1, 9), irand(1, 300));
        alpha_tensor *c = rnd(s, -8, 8), *d = on_dev(c);
        same("softmax last axis", alpha_softmax(ctx, c, -1), alpha_softmax(ctx, d, -1));
        same("softmax axis 1", alpha_softmax(ctx, c, 1), alpha_softmax(ctx, d, 1));
        same("log_softmax last axis", alpha_log_softmax(ctx, c, -1), alpha_log_softmax(ctx, d, -1));
        {
            alpha_tensor *gc = rnd(s, -1, 1), *gd = on_dev(gc), *yc = alpha_softmax(ctx, c, 1), *yd = alpha_softmax(ctx, d, 1);
            same("softmax backward axis 1", alpha_softmax_backward(ctx, yc, gc, 1), alpha_softmax_backward(ctx, yd, gd, 1));
            yc = alpha_log_softmax(ctx, c, -1); yd = alpha_log_softmax(ctx, d, -1);
            same("log_softmax backward", alpha_log_softmax_backward(ctx, yc, gc, -1), alpha_log_softmax_backward(ctx, yd, gd, -1));
        }
        same("softmax of a transposed view", alpha_softmax(ctx, alpha_transpose(ctx, c, 0, 2), -1),
             alpha_softmax(ctx, alpha_transpose(ctx, d, 0, 2), -1));
        no_error("softmax");
        alpha_ctx_reset(ctx, mk);
    }
    {   /* causal mask rows (-inf entries) */
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor *c = alpha_add(ctx, rnd(alpha_shape2(9, 9), -1, 1), alpha_causal_mask(ctx, 9)), *d = on_dev(c);
        same("masked softmax", alpha_softmax(ctx, c, -1), alpha_softmax(ctx, d, -1));
        no_error("masked softmax");
        alpha_ctx_reset(ctx, mk);
    }
}

TEST(test_matmul) {
    /* (the last two span several 128x128 output tiles and K tiles of 8) */
    static const int64_t mnk[][3] = {{1, 1, 1}, {17, 13, 9}, {33, 65, 40}, {8, 8, 8}, {5, 70, 1}, {150, 131, 37}, {257, 3, 130}};
    int i;
    for (i = 0; i < 7; i++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        int64_t M = mnk[i][0], N = mnk[i][1], K = mnk[i][2];
        alpha_tensor *a = rnd(alpha_shape2(M, K), -1, 1), *b = rnd(alpha_shape2(K, N), -1, 1), *ad = on_dev(a), *bd = on_dev(b);
        alpha_tensor *at = rnd(alpha_shape2(K, M), -1, 1), *bt = rnd(alpha_shape2(N, K), -1, 1), *atd = on_dev(at), *btd = on_dev(bt);
        same("matmul 2-D", alpha_matmul(ctx, a, b), alpha_matmul(ctx, ad, bd));
        same("matmul a^T", alpha_matmul(ctx, alpha_transpose(ctx, at, 0, 1), b), alpha_matmul(ctx, alpha_transpose(ctx, atd, 0, 1), bd));
        same("matmul b^T", alpha_matmul(ctx, a, alpha_transpose(ctx, bt, 0, 1)), alpha_matmul(ctx, ad, alpha_transpose(ctx, btd, 0, 1)));
        same("matmul a^T b^T", alpha_matmul(ctx, alpha_transpose(ctx, at, 0, 1), alpha_transpose(ctx, bt, 0, 1)),
             alpha_matmul(ctx, alpha_transpose(ctx, atd, 0, 1), alpha_transpose(ctx, btd, 0, 1)));
        no_error("matmul");
        alpha_ctx_reset(ctx, mk);
    }
    {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor *a = rnd(alpha_shape3(3, 5, 7), -1, 1), *b = rnd(alpha_shape3(3, 7, 4), -1, 1), *ad = on_dev(a), *bd = on_dev(b);
        alpha_tensor *a4 = rnd(alpha_shape4(2, 3, 5, 7), -1, 1), *b2 = rnd(alpha_shape2(7, 11), -1, 1), *a4d = on_dev(a4), *b2d = on_dev(b2);
        alpha_tensor *b1 = rnd(alpha_shape3(1, 7, 6), -1, 1), *b1d = on_dev(b1);
        alpha_tensor *q = rnd(alpha_shape4(2, 3, 9, 5), -1, 1), *qd = on_dev(q);   /* attention-like: q @ k^T */
        same("batched", alpha_matmul(ctx, a, b), alpha_matmul(ctx, ad, bd));
        same("4-D @ 2-D", alpha_matmul(ctx, a4, b2), alpha_matmul(ctx, a4d, b2d));
        same("batch broadcast [3,5,7] @ [1,7,6]", alpha_matmul(ctx, a, b1), alpha_matmul(ctx, ad, b1d));
        same("q @ q^T (batched, transposed view)", alpha_matmul(ctx, q, alpha_transpose(ctx, q, 2, 3)),
             alpha_matmul(ctx, qd, alpha_transpose(ctx, qd, 2, 3)));
        same("batched over a permuted view", alpha_matmul(ctx, alpha_transpose(ctx, a4, 0, 1), b2),
             alpha_matmul(ctx, alpha_transpose(ctx, a4d, 0, 1), b2d));
        no_error("batched matmul");
        alpha_ctx_reset(ctx, mk);
    }
}

/* products with few output tiles and long k, split along k into 3 and 8 chunks (the last one
   partial), CPU and device each against float64 with long_sums_vs_f64's rounding bound over the
   k terms of each output: two f32 summation orders differ by more than 1e-5 over 1000 terms */
static void matmul_vs_f64(const char *what, alpha_tensor *a, alpha_tensor *b, alpha_tensor *cpu, alpha_tensor *device) {
    static float ha[1 << 19], hb[1 << 19], hc[1 << 12], hd[1 << 12];
    int64_t M = a->shape[0], K = a->shape[1], N = b->shape[1], i, j, k;
    if (M * K > (int64_t)(sizeof ha / sizeof ha[0]) || K * N > (int64_t)(sizeof hb / sizeof hb[0]) || M * N > (int64_t)(sizeof hc / sizeof hc[0])) {
        CHECK(0, "%s: too large for the test", what);
        return;
    }
    if (alpha_tensor_to_f32(ctx, a, ha, M * K) != ALPHA_OK || alpha_tensor_to_f32(ctx, b, hb, K * N) != ALPHA_OK ||
        alpha_tensor_to_f32(ctx, cpu, hc, M * N) != ALPHA_OK || alpha_tensor_to_f32(ctx, device, hd, M * N) != ALPHA_OK) {
        CHECK(0, "%s: read back: %s", what, alpha_ctx_last_error(ctx));
        alpha_ctx_clear_error(ctx);
        return;
    }
    for (i = 0; i < M; i++)
        for (j = 0; j < N; j++) {
            double exact = 0, ssq = 0, bound;
            for (k = 0; k < K; k++) {
                double p = (double)ha[i * K + k] * hb[k * N + j];
                exact += p; ssq += p * p;
            }
            bound = 8.0 * ldexp(1.0, -24) * sqrt((double)K) * sqrt(ssq);
            CHECK(fabs(hc[i * N + j] - exact) <= bound, "%s [%lld,%lld]: CPU %.9g, exact %.9g (bound %.3g)", what, (long long)i, (long long)j,
                  hc[i * N + j], exact, bound);
            CHECK(fabs(hd[i * N + j] - exact) <= bound, "%s [%lld,%lld]: device %.9g, exact %.9g (bound %.3g)", what, (long long)i, (long long)j,
                  hd[i * N + j], exact, bound);
        }
}
TEST(test_matmul_long_k) {
    static const int64_t mnk[][3] = {{40, 30, 1000}, {24, 20, 2100}};   /* (rnd: at most 2^16 elements) */
    int i;
    for (i = 0; i < 2; i++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        int64_t M = mnk[i][0], N = mnk[i][1], K = mnk[i][2];
        alpha_tensor *a = rnd(alpha_shape2(M, K), -1, 1), *b = rnd(alpha_shape2(K, N), -1, 1), *ad = on_dev(a), *bd = on_dev(b);
        alpha_tensor *at = alpha_contiguous(ctx, alpha_transpose(ctx, a, 0, 1)), *bt = alpha_contiguous(ctx, alpha_transpose(ctx, b, 0, 1));
        alpha_tensor *atd = on_dev(at), *btd = on_dev(bt);
        matmul_vs_f64("matmul long k", a, b, alpha_matmul(ctx, a, b), alpha_matmul(ctx, ad, bd));
        matmul_vs_f64("matmul long k, a^T b^T", a, b, alpha_matmul(ctx, alpha_transpose(ctx, at, 0, 1), alpha_transpose(ctx, bt, 0, 1)),
                      alpha_matmul(ctx, alpha_transpose(ctx, atd, 0, 1), alpha_transpose(ctx, btd, 0, 1)));
        no_error("matmul long k");
        alpha_ctx_reset(ctx, mk);
    }
}

/* The cooperative-matrix tier (ALPHA_VK_MATMUL_BF16/F16) against the CPU's f32 product of the
   operands rounded to bf16/f16 the same way: the products are then exact in f32 and only the
   order of the f32 sums differs, so 1e-4 (bf16 rounding itself is 4e-3: a wrong element or tile
   shows). Every layout variant (A and B each plain or transposed), shapes that are not multiples
   of the 128x128 tile or of the 32-deep k step (or of 4: the scalar-load path), batches, and
   long k with few tiles (split along k: 2 and 8 chunks, the last one partial). Where the device has no
   cooperative matrices (lavapipe), after checking that asking for them is a clear error, the
   emulated tier runs the same PACK copies and layouts through the scalar GEMM. */
static alpha_tensor *rounded(alpha_tensor *t, alpha_dtype dt) { return alpha_cast(ctx, alpha_cast(ctx, t, dt), ALPHA_F32); }
/* the emulated 16-bit tier (alpha_vk's emulate16) on or off; 0 where the backend's internals are not built */
static int emulate16(int on) {
#ifdef TEST_HAVE_VOLK
    vk->emulate16 = on;
    return 1;
#else
    (void)on;
    return 0;
#endif
}
/* a 16-bit matmul precision: on cooperative matrices, else emulated (1), else not at all (0) */
static int precision16(int prec) {
    return alpha_vk_set_matmul_precision(vk, prec) == ALPHA_OK || (emulate16(1) && alpha_vk_set_matmul_precision(vk, prec) == ALPHA_OK);
}
TEST(test_matmul_coopmat) {
    static const int64_t mnk[][3] = {{1, 1, 1}, {17, 13, 9}, {128, 128, 32}, {150, 131, 37}, {257, 3, 130}, {300, 200, 100}, {64, 96, 600}, {20, 30, 2100}};
    static const int prec[2] = {ALPHA_VK_MATMUL_BF16, ALPHA_VK_MATMUL_F16};
    static const alpha_dtype dts[2] = {ALPHA_BF16, ALPHA_F16};
    int p, i;
    for (p = 0; p < 2; p++) {
        alpha_result r = alpha_vk_set_matmul_precision(vk, prec[p]);
        if (r != ALPHA_OK) {
            CHECK(r == ALPHA_ERR_UNSUPPORTED && strstr(alpha_vk_last_error(vk), "cooperative") != NULL, "precision %d: %s", prec[p], alpha_vk_last_error(vk));
            CHECK(alpha_vk_matmul_precision(vk) == ALPHA_VK_MATMUL_FP32, "a refused precision must leave fp32 on");
            if (!emulate16(1) || alpha_vk_set_matmul_precision(vk, prec[p]) != ALPHA_OK) {
                printf("    (%s products skipped: %s)\n", p ? "f16" : "bf16", alpha_vk_last_error(vk));
                continue;
            }
            printf("    (%s products emulated: PACK's copies through the scalar GEMM)\n", p ? "f16" : "bf16");
        }
        for (i = 0; i < (int)(sizeof mnk / sizeof mnk[0]); i++) {
            alpha_mark mk = alpha_ctx_mark(ctx);
            int64_t M = mnk[i][0], N = mnk[i][1], K = mnk[i][2];
            alpha_tensor *a = rnd(alpha_shape2(M, K), -1, 1), *b = rnd(alpha_shape2(K, N), -1, 1), *ad = on_dev(a), *bd = on_dev(b);
            alpha_tensor *at = rnd(alpha_shape2(K, M), -1, 1), *bt = rnd(alpha_shape2(N, K), -1, 1), *atd = on_dev(at), *btd = on_dev(bt);
            alpha_tensor *ar = rounded(a, dts[p]), *br = rounded(b, dts[p]), *atr = rounded(at, dts[p]), *btr = rounded(bt, dts[p]);
            same_tol("coop matmul", alpha_matmul(ctx, ar, br), alpha_matmul(ctx, ad, bd), 1e-4);
            same_tol("coop matmul a^T", alpha_matmul(ctx, alpha_transpose(ctx, atr, 0, 1), br), alpha_matmul(ctx, alpha_transpose(ctx, atd, 0, 1), bd), 1e-4);
            same_tol("coop matmul b^T", alpha_matmul(ctx, ar, alpha_transpose(ctx, btr, 0, 1)), alpha_matmul(ctx, ad, alpha_transpose(ctx, btd, 0, 1)), 1e-4);
            same_tol("coop matmul a^T b^T", alpha_matmul(ctx, alpha_transpose(ctx, atr, 0, 1), alpha_transpose(ctx, btr, 0, 1)),
                     alpha_matmul(ctx, alpha_transpose(ctx, atd, 0, 1), alpha_transpose(ctx, btd, 0, 1)), 1e-4);
            no_error("coop matmul");
            alpha_ctx_reset(ctx, mk);
        }
        {
            alpha_mark mk = alpha_ctx_mark(ctx);
            alpha_tensor *a4 = rnd(alpha_shape4(2, 3, 50, 70), -1, 1), *b2 = rnd(alpha_shape2(70, 11), -1, 1), *a4d = on_dev(a4), *b2d = on_dev(b2);
            alpha_tensor *q = rnd(alpha_shape4(2, 3, 9, 5), -1, 1), *qd = on_dev(q), *qr = rounded(q, dts[p]);
            same_tol("coop 4-D @ 2-D", alpha_matmul(ctx, rounded(a4, dts[p]), rounded(b2, dts[p])), alpha_matmul(ctx, a4d, b2d), 1e-4);
            same_tol("coop q @ q^T", alpha_matmul(ctx, qr, alpha_transpose(ctx, qr, 2, 3)), alpha_matmul(ctx, qd, alpha_transpose(ctx, qd, 2, 3)), 1e-4);
            {   /* each operand broadcast over a different batch dim (each 16-bit copy packs its own
                   dims once), and views with no unit stride (every other column) */
                alpha_tensor *x = rnd(alpha_shape4(2, 1, 21, 19), -1, 1), *y = rnd(alpha_shape4(1, 3, 19, 23), -1, 1), *z = rnd(alpha_shape2(40, 60), -1, 1);
                alpha_tensor *zr = rounded(z, dts[p]), *zd = on_dev(z);
                same_tol("coop broadcast batches", alpha_matmul(ctx, rounded(x, dts[p]), rounded(y, dts[p])), alpha_matmul(ctx, on_dev(x), on_dev(y)), 1e-4);
                same_tol("coop strided views", alpha_matmul(ctx, alpha_slice(ctx, zr, 1, 0, 60, 2), alpha_slice(ctx, alpha_transpose(ctx, zr, 0, 1), 0, 0, 60, 2)),
                         alpha_matmul(ctx, alpha_slice(ctx, zd, 1, 0, 60, 2), alpha_slice(ctx, alpha_transpose(ctx, zd, 0, 1), 0, 0, 60, 2)), 1e-4);
            }
            no_error("coop batched matmul");
            alpha_ctx_reset(ctx, mk);
        }
        {   /* and far from the exact product it is not: bf16/f16 rounding is visible against unrounded operands */
            alpha_mark mk = alpha_ctx_mark(ctx);
            alpha_tensor *a = rnd(alpha_shape2(64, 64), -1, 1), *b = rnd(alpha_shape2(64, 64), -1, 1);
            alpha_tensor *c = alpha_matmul(ctx, a, b), *d = alpha_matmul(ctx, on_dev(a), on_dev(b));
            float hc[64 * 64], hd[64 * 64];
            double num = 0, den = 0;
            int k;
            CHECK(c && d && alpha_tensor_to_f32(ctx, c, hc, 4096) == ALPHA_OK && alpha_tensor_to_f32(ctx, d, hd, 4096) == ALPHA_OK, "read back");
            for (k = 0; k < 4096; k++) { num += (hc[k] - hd[k]) * (double)(hc[k] - hd[k]); den += (double)hc[k] * hc[k]; }
            CHECK(sqrt(num / den) > 1e-6 && sqrt(num / den) < (p ? 2e-3 : 1e-2), "%s relative error %.3g", p ? "f16" : "bf16", sqrt(num / den));
            alpha_ctx_reset(ctx, mk);
        }
    }
    CHECK(alpha_vk_set_matmul_precision(vk, ALPHA_VK_MATMUL_FP32) == ALPHA_OK && alpha_vk_matmul_precision(vk) == ALPHA_VK_MATMUL_FP32, "back to fp32");
    CHECK(alpha_vk_set_matmul_precision(vk, 7) == ALPHA_ERR_INVALID, "precision 7 is not one");
    emulate16(0);
}

/* Every variant of the cooperative-matrix GEMM module (A k-fast, B n-fast, f16, DEEP, WIDE) and of the PACK
   module that makes its 16-bit operands builds, through a binding and through the device
   address: on devices without cooperative matrices nothing else makes the GEMM (and lavapipe's
   spirv-val predates SPV_KHR_cooperative_matrix: the H100 run checks it; PACK also runs here for
   casts: test_cast16_special_values, test_cast16_every_pattern). */
/* with ALPHA_VK_SPIRV_DUMP=<dir>, a module built here (not made into a pipeline: no device
   runs it) goes to <dir>/<name>.spv too, for tests/check_spirv_generated.sh */
static void dump_module(const char *name, const uint32_t *words, size_t n) {
    const char *dir = getenv("ALPHA_VK_SPIRV_DUMP");
    char path[512];
    FILE *f;
    if (!dir || !dir[0] || !words) return;
    snprintf(path, sizeof path, "%s/%s.spv", dir, name);
    if ((f = fopen(path, "wb")) != NULL) {
        CHECK(fwrite(words, 4, n, f) == n, "write %s", path);
        fclose(f);
    }
}
TEST(test_matmul_coopmat_modules) {
#ifdef TEST_HAVE_VOLK   /* the backend's internals exist only with ALPHA_VULKAN */
    uint32_t v;
    int bda, kind;
    for (kind = 0; kind < 2; kind++)
        for (bda = 0; bda < 2; bda++)
            for (v = 0; v < (kind ? 4u : 32u); v++) {   /* PACK: bit 1 VEC4; MMC: bits 3 and 4 stand for DEEP and WIDE */
                alpha_spirv_module *m = NULL;
                const uint32_t *words = NULL;
                size_t n = 0;
                uint32_t variant = kind ? v : (v & 7u) | (v & 8u ? ALPHA__VKT_MC_DEEP : 0u) | (v & 16u ? ALPHA__VKT_MC_WIDE : 0u);
                alpha_result r = alpha__vkt_module(kind ? ALPHA__VKT_PACK : ALPHA__VKT_MMC, kind ? ALPHA_OP_CAST : ALPHA_OP_MATMUL, variant, bda, &m);
                CHECK(r == ALPHA_OK && m && alpha_spirv_module_finish(m, &words, &n) == ALPHA_OK && n > 100, "%s variant %u bda %d: %s",
                      kind ? "PACK" : "MMC", v, bda, m ? alpha_spirv_module_last_error(m) : alpha_result_str(r));
                if (r == ALPHA_OK && words) {
                    char name[64];
                    snprintf(name, sizeof name, "built_%s_v%u_bda%d", kind ? "pack" : "mmc", variant, bda);
                    dump_module(name, words, n);
                }
                alpha_spirv_module_destroy(m);
            }
#endif
}

/* sums over the leading dims of x [a, b, c] (c outputs of a b terms each), CPU and device, each
   against float64: |sum - exact| <= 8 u sqrt(n) sqrt(sum x^2), u = 2^-24. Two f32 summation
   orders (the CPU's and the device's) legitimately differ by more than 1e-5 over thousands of
   terms; each must stay at rounding distance from the exact sum (a lost or doubled term is
   ~0.5 off). */
static void long_sums_vs_f64(const char *what, alpha_tensor *x, alpha_tensor *cpu, alpha_tensor *device) {
    static float hx[1 << 16];
    float hc[128], hd[128];
    int64_t n = alpha_tensor_numel(x), c = x->shape[x->ndim - 1], i, j;
    CHECK(n <= (int64_t)(sizeof hx / sizeof hx[0]) && c <= 128 && alpha_tensor_numel(cpu) == c && alpha_tensor_numel(device) == c, "%s: sizes", what);
    if (alpha_tensor_to_f32(ctx, x, hx, n) != ALPHA_OK || alpha_tensor_to_f32(ctx, cpu, hc, c) != ALPHA_OK ||
        alpha_tensor_to_f32(ctx, device, hd, c) != ALPHA_OK) {
        CHECK(0, "%s: read back: %s", what, alpha_ctx_last_error(ctx));
        alpha_ctx_clear_error(ctx);
        return;
    }
    for (j = 0; j < c; j++) {
        double exact = 0, ssq = 0, bound;
        for (i = j; i < n; i += c) { exact += hx[i]; ssq += (double)hx[i] * hx[i]; }
        bound = 8.0 * ldexp(1.0, -24) * sqrt((double)(n / c)) * sqrt(ssq);
        CHECK(fabs(hc[j] - exact) <= bound, "%s [%lld]: CPU %.9g, exact %.9g (bound %.3g)", what, (long long)j, hc[j], exact, bound);
        CHECK(fabs(hd[j] - exact) <= bound, "%s [%lld]: device %.9g, exact %.9g (bound %.3g)", what, (long long)j, hd[j], exact, bound);
    }
}

TEST(test_reductions) {
    int it;
    for (it = 0; it < 3; it++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_shape s = alpha_shape3(irand(1, 7), irand(1, 37), irand(1, 29));
        alpha_tensor *c = rnd(s, -1, 1), *d = on_dev(c), *ct = alpha_transpose(ctx, c, 0, 2), *dt = alpha_transpose(ctx, d, 0, 2);
        same("sum over dim 0", alpha_sum(ctx, c, ALPHA_AXIS(0), 0), alpha_sum(ctx, d, ALPHA_AXIS(0), 0));
        same("sum over leading dims", alpha_sum(ctx, c, ALPHA_AXIS(0) | ALPHA_AXIS(1), 0), alpha_sum(ctx, d, ALPHA_AXIS(0) | ALPHA_AXIS(1), 0));
        same("sum over the last dim, keepdim", alpha_sum(ctx, c, ALPHA_AXIS(2), 1), alpha_sum(ctx, d, ALPHA_AXIS(2), 1));
        same("sum of all", alpha_sum(ctx, c, ALPHA_ALL_AXES, 0), alpha_sum(ctx, d, ALPHA_ALL_AXES, 0));
        same("sum of a transposed view", alpha_sum(ctx, ct, ALPHA_AXIS(0) | ALPHA_AXIS(1), 0), alpha_sum(ctx, dt, ALPHA_AXIS(0) | ALPHA_AXIS(1), 0));
        same("mean", alpha_mean(ctx, c, ALPHA_AXIS(1), 0), alpha_mean(ctx, d, ALPHA_AXIS(1), 0));
        same("max", alpha_max(ctx, c, ALPHA_AXIS(2), 0), alpha_max(ctx, d, ALPHA_AXIS(2), 0));
        same("min", alpha_min(ctx, ct, ALPHA_AXIS(0) | ALPHA_AXIS(2), 1), alpha_min(ctx, dt, ALPHA_AXIS(0) | ALPHA_AXIS(2), 1));
        same("argmax", alpha_cast(ctx, alpha_argmax(ctx, c, -1, 0), ALPHA_F32), alpha_to_device(ctx, alpha_cast(ctx, alpha_to_device(ctx, alpha_argmax(ctx, d, -1, 0), 0), ALPHA_F32), dev));
        no_error("reductions");
        alpha_ctx_reset(ctx, mk);
    }
    {   /* the bias-gradient shape: [B*T, C] summed over rows */
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor *c = rnd(alpha_shape3(4, 33, 65), -1, 1), *d = on_dev(c);
        alpha_tensor *c2 = rnd(alpha_shape3(16, 300, 7), -1, 1), *d2 = on_dev(c2), *c3 = rnd(alpha_shape3(3, 1000, 5), -1, 1), *d3 = on_dev(c3);
        alpha_tensor *c4 = rnd(alpha_shape3(16, 40, 70), -1, 1), *d4 = on_dev(c4);
        same("sum over leading dims [4,33,65]", alpha_sum(ctx, c, ALPHA_AXIS(0) | ALPHA_AXIS(1), 0), alpha_sum(ctx, d, ALPHA_AXIS(0) | ALPHA_AXIS(1), 0));
        /* long reductions (a workgroup per output) */
        long_sums_vs_f64("sum over leading dims [16,300,7]", c2, alpha_sum(ctx, c2, ALPHA_AXIS(0) | ALPHA_AXIS(1), 0),
                         alpha_sum(ctx, d2, ALPHA_AXIS(0) | ALPHA_AXIS(1), 0));
        /* many outputs: 64 chunks of 10 rows, then the 64 partial sums of each output */
        long_sums_vs_f64("sum over leading dims [16,40,70]", c4, alpha_sum(ctx, c4, ALPHA_AXIS(0) | ALPHA_AXIS(1), 0),
                         alpha_sum(ctx, d4, ALPHA_AXIS(0) | ALPHA_AXIS(1), 0));
        same("mean over a strided middle dim", alpha_mean(ctx, c3, ALPHA_AXIS(1), 1), alpha_mean(ctx, d3, ALPHA_AXIS(1), 1));
        long_sums_vs_f64("sum of a transposed view, long", c2, alpha_sum(ctx, alpha_transpose(ctx, c2, 0, 2), ALPHA_AXIS(1) | ALPHA_AXIS(2), 0),
                         alpha_sum(ctx, alpha_transpose(ctx, d2, 0, 2), ALPHA_AXIS(1) | ALPHA_AXIS(2), 0));
        no_error("bias grad");
        alpha_ctx_reset(ctx, mk);
    }
}

TEST(test_nn_forward) {
    int it;
    for (it = 0; it < 3; it++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        int64_t B = irand(1, 4), T = irand(1, 9), C = irand(1, 70), V = irand(2, 50), i;
        alpha_tensor *x = rnd(alpha_shape3(B, T, C), -3, 3), *xd = on_dev(x);
        alpha_tensor *w = rnd(alpha_shape1(C), 0.5f, 1.5f), *wd = on_dev(w), *bb = rnd(alpha_shape1(C), -1, 1), *bd = on_dev(bb);
        alpha_tensor *tab = rnd(alpha_shape2(V, C), -1, 1), *tabd = on_dev(tab), *ic, *idv;
        int32_t idx[40];
        for (i = 0; i < B * T; i++) idx[i] = (int32_t)irand(0, V - 1);
        ic = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(B, T), idx);
        idv = on_dev(ic);
        {   /* through the tape: the saved per-row mean and rstd too */
            alpha_node n0, n1;
            alpha_tensor *yc, *yd;
            memset(&n0, 0, sizeof n0); memset(&n1, 0, sizeof n1);
            alpha_ctx_tape_clear(ctx);
            x->requires_grad = xd->requires_grad = 1;
            yc = alpha_layernorm(ctx, x, w, bb, 1e-5f);
            if (alpha_ctx_tape_len(ctx) == 1) n0 = *alpha_ctx_tape_node(ctx, 0);
            yd = alpha_layernorm(ctx, xd, wd, bd, 1e-5f);
            if (alpha_ctx_tape_len(ctx) == 2) n1 = *alpha_ctx_tape_node(ctx, 1);
            same("layernorm", yc, yd);
            CHECK(n0.op == ALPHA_OP_LAYERNORM && n1.op == ALPHA_OP_LAYERNORM, "layernorm nodes on the tape");
            if (n0.op == ALPHA_OP_LAYERNORM && n1.op == ALPHA_OP_LAYERNORM) {
                same("layernorm mean", n0.saved[0], n1.saved[0]);
                same("layernorm rstd", n0.saved[1], n1.saved[1]);
            }
            x->requires_grad = xd->requires_grad = 0;
            alpha_ctx_tape_clear(ctx);
        }
        same("layernorm without affine", alpha_layernorm(ctx, x, NULL, NULL, 1e-5f), alpha_layernorm(ctx, xd, NULL, NULL, 1e-5f));
        same("layernorm of a transposed view", alpha_layernorm(ctx, alpha_transpose(ctx, x, 0, 1), w, NULL, 1e-5f),
             alpha_layernorm(ctx, alpha_transpose(ctx, xd, 0, 1), wd, NULL, 1e-5f));
        same("embedding", alpha_embedding(ctx, tab, ic), alpha_embedding(ctx, tabd, idv));
        no_error("nn forward");
        alpha_ctx_reset(ctx, mk);
    }
}

TEST(test_unary_backward) {   /* odd sizes (one element per invocation) and multiples of 4 (four) */
    int k;
    for (k = 2 * ALPHA_OP_NEG; k <= 2 * ALPHA_OP_CLAMP + 1; k++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_op op = (alpha_op)(k / 2);
        int positive = op == ALPHA_OP_LOG || op == ALPHA_OP_SQRT || op == ALPHA_OP_RSQRT || op == ALPHA_OP_POW;
        alpha_shape s = k & 1 ? alpha_shape2(2 * irand(1, 16), 2 * irand(1, 32)) : alpha_shape2(2 * irand(0, 16) + 1, 2 * irand(0, 32) + 1);
        alpha_tensor *x = rnd(s, positive ? 0.1f : -4, positive ? 4 : 4), *xd = on_dev(x), *g = rnd(s, -1, 1), *gd = on_dev(g), *y, *yd;
        float f0 = op == ALPHA_OP_CLAMP ? -1.0f : op == ALPHA_OP_POW ? 1.5f : 0.7f, f1 = 2.0f;
        y = x;   /* the output matters only where the derivative uses it */
        switch (op) {
        case ALPHA_OP_EXP: y = alpha_exp(ctx, x); break;
        case ALPHA_OP_SQRT: y = alpha_sqrt(ctx, x); break;
        case ALPHA_OP_RSQRT: y = alpha_rsqrt(ctx, x); break;
        case ALPHA_OP_TANH: y = alpha_tanh(ctx, x); break;
        case ALPHA_OP_SIGMOID: y = alpha_sigmoid(ctx, x); break;
        default: break;
        }
        yd = on_dev(y);
        same(alpha_op_name(op), alpha_unary_backward(ctx, op, x, y, g, f0, f1), alpha_unary_backward(ctx, op, xd, yd, gd, f0, f1));
        no_error(alpha_op_name(op));
        alpha_ctx_reset(ctx, mk);
    }
}

TEST(test_adamw) {
    alpha_mark mk = alpha_ctx_mark(ctx);
    alpha_adamw_params hp;
    alpha_tensor *pc = rnd(alpha_shape2(37, 29), -1, 1), *gc = rnd(alpha_shape2(37, 29), -1, 1);
    alpha_tensor *mc = rnd(alpha_shape2(37, 29), -0.1f, 0.1f), *vc = rnd(alpha_shape2(37, 29), 0, 0.01f);
    alpha_tensor *pd = on_dev(pc), *gd = on_dev(gc), *md = on_dev(mc), *vd = on_dev(vc);
    /* steps 1-2 without a norm, 3 clipped, 4 with an Inf norm (skipped), 5 with a small norm */
    static const float sumsq[5] = {0, 0, 400.0f, INFINITY, 1e-4f};
    int step;
    memset(&hp, 0, sizeof hp);
    hp.beta1 = 0.9f; hp.beta2 = 0.95f; hp.eps = 1e-8f; hp.weight_decay = 0.1f; hp.grad_scale = 0.5f; hp.clip_norm = 1.0f;
    for (step = 1; step <= 5; step++) {
        float sc[3];
        alpha_tensor *schc, *sqc;
        alpha_adamw_schedule(sc, 1e-2f / (float)step, hp.beta1, hp.beta2, step);
        schc = alpha_from_data(ctx, ALPHA_F32, alpha_shape1(3), sc);
        sqc = step > 2 ? alpha_from_data(ctx, ALPHA_F32, alpha_shape1(1), &sumsq[step - 1]) : NULL;
        CHECK(alpha_adamw_update(ctx, pc, gc, mc, vc, schc, sqc, &hp) == ALPHA_OK, "cpu adamw");
        CHECK(alpha_adamw_update(ctx, pd, gd, md, vd, on_dev(schc), sqc ? on_dev(sqc) : NULL, &hp) == ALPHA_OK,
              "device adamw: %s", alpha_ctx_last_error(ctx));
    }
    same("adamw p", pc, pd);
    same("adamw m", mc, md);
    same("adamw v", vc, vd);
    no_error("adamw");
    alpha_ctx_reset(ctx, mk);
}

/* host copies of a CPU and a device tensor (any dtype) must be bit-identical */
static int identical(const char *what, alpha_tensor *c, alpha_tensor *d) {
    static unsigned char hc[1 << 18], hd[1 << 18];
    int64_t n = c && d ? alpha_tensor_numel(c) : 0, i;
    size_t sz = c ? alpha_dtype_size(c->dtype) : 4, bytes = (size_t)n * sz;
    int ok = c && d && c->dtype == d->dtype && n == alpha_tensor_numel(d) && bytes <= sizeof hc &&
             alpha_tensor_read(ctx, c, hc, bytes) == ALPHA_OK && alpha_tensor_read(ctx, d, hd, bytes) == ALPHA_OK;
    CHECK(ok, "%s: results missing or of different dtypes or sizes (%s)", what, alpha_ctx_last_error(ctx));
    for (i = 0; ok && i < n; i++)
        if (memcmp(hc + i * sz, hd + i * sz, sz)) {
            uint32_t bc = 0, bd = 0;
            memcpy(&bc, hc + i * sz, sz); memcpy(&bd, hd + i * sz, sz);   /* little-endian host: the low bytes */
            CHECK(0, "%s: element %lld: CPU bits 0x%08x, device bits 0x%08x", what, (long long)i, (unsigned)bc, (unsigned)bd);
            ok = 0;
        }
    alpha_ctx_clear_error(ctx);
    return ok;
}

TEST(test_where) {
    int it;
    for (it = 0; it < 3; it++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        int64_t A = irand(1, 5), B = irand(1, 7), C = irand(1, 33), i, n;
        alpha_tensor *cf = rnd(alpha_shape3(A, 1, C), -1, 1), *a = rnd(alpha_shape2(B, C), -5, 5), *bs = rnd(alpha_shape1(1), -9, 9), *ci;
        float *cv;
        int32_t iv[64];
        /* exact zeros, -0 and NaN in the f32 condition; zeros and negatives in the i32 one */
        cv = (float *)alpha_tensor_data(cf);
        n = A * C;
        for (i = 0; i < n; i++) if (i % 3 == 0) cv[i] = i % 2 ? -0.0f : 0.0f; else if (i % 7 == 1) cv[i] = NAN;
        for (i = 0; i < C && i < 64; i++) iv[i] = (int32_t)(i % 3) - 1;
        ci = alpha_from_data(ctx, ALPHA_I32, alpha_shape1(C), iv);
        same("where f32 cond, broadcasts", alpha_where(ctx, cf, a, bs), alpha_where(ctx, on_dev(cf), on_dev(a), on_dev(bs)));
        same("where i32 cond", alpha_where(ctx, ci, bs, a), alpha_where(ctx, on_dev(ci), on_dev(bs), on_dev(a)));
        same("where of transposed views", alpha_where(ctx, alpha_transpose(ctx, a, 0, 1), alpha_transpose(ctx, a, 0, 1), bs),
             alpha_where(ctx, alpha_transpose(ctx, on_dev(a), 0, 1), alpha_transpose(ctx, on_dev(a), 0, 1), on_dev(bs)));
        same("masked_fill", alpha_masked_fill(ctx, a, ci, -1e9f), alpha_masked_fill(ctx, on_dev(a), on_dev(ci), -1e9f));
        no_error("where");
        alpha_ctx_reset(ctx, mk);
    }
}

TEST(test_dropout) {
    static const uint64_t seeds[3] = {1u, 0x123456789ABCDEF0ull, 42u};
    static const uint64_t offs[3] = {0u, 0xFFFFFF00ull, 0x100000005ull};   /* the middle one carries into the high word */
    int it;
    for (it = 0; it < 3; it++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor *x = rnd(alpha_shape2(irand(1, 37), irand(1, 41)), -2, 2), *yc, *yd;
        alpha_rng_state st;
        float p = it == 0 ? 0.1f : it == 1 ? 0.5f : 0.0f;
        st.seed = seeds[it]; st.offset = offs[it];
        yc = alpha_dropout_at(ctx, x, p, st);
        yd = alpha_dropout_at(ctx, on_dev(x), p, st);
        same("dropout", yc, yd);
        identical("dropout mask and values", yc, yd);
        no_error("dropout");
        alpha_ctx_reset(ctx, mk);
    }
}

TEST(test_cast) {
    alpha_mark mk = alpha_ctx_mark(ctx);
    static const float fv[] = {0.0f, -0.0f, 2.7f, -2.7f, 0.5f, -0.999f, 1e9f, -1e9f, 3e9f, -3e9f, 2147483520.0f, -2147483648.0f,
                               2147483648.0f, 1e30f, -1e30f, 12345.678f, -7.0f, 16777217.0f};
    static const int32_t ivals[] = {0, 1, -1, 16777217, -16777217, 2147483647, -2147483647 - 1, 123456789, -987654321, 33554435, 7};
    float f[21];
    alpha_tensor *x, *xi, *m;
    memcpy(f, fv, sizeof fv);
    f[18] = NAN; f[19] = INFINITY; f[20] = -INFINITY;
    x = alpha_from_data(ctx, ALPHA_F32, alpha_shape2(3, 7), f);
    xi = alpha_from_data(ctx, ALPHA_I32, alpha_shape1(11), ivals);
    identical("cast f32 -> i32", alpha_cast(ctx, x, ALPHA_I32), alpha_cast(ctx, on_dev(x), ALPHA_I32));
    identical("cast of a transposed view", alpha_cast(ctx, alpha_transpose(ctx, x, 0, 1), ALPHA_I32),
              alpha_cast(ctx, alpha_transpose(ctx, on_dev(x), 0, 1), ALPHA_I32));
    identical("cast i32 -> f32", alpha_cast(ctx, xi, ALPHA_F32), alpha_cast(ctx, on_dev(xi), ALPHA_F32));
    m = alpha_cast(ctx, alpha_cast(ctx, on_dev(x), ALPHA_I32), ALPHA_F32);
    identical("round trip", alpha_cast(ctx, alpha_cast(ctx, x, ALPHA_I32), ALPHA_F32), m);
    if (m) {
        float back[21];
        alpha_tensor_to_f32(ctx, m, back, 21);
        CHECK(back[2] == 2.0f && back[3] == -2.0f && back[8] == 2147483647.0f && back[9] == -2147483648.0f && back[18] == 0.0f &&
              back[19] == 2147483647.0f && back[20] == -2147483648.0f, "truncation, saturation, NaN: %g %g %g %g %g", back[2], back[3],
              back[8], back[9], back[18]);
    }
    no_error("cast");
    alpha_ctx_reset(ctx, mk);
}

/* f16 and bf16 casts, bit for bit with the CPU (alpha_f32_to_f16 / alpha_f32_to_bf16: round to
   nearest even, NaN quieted, overflow to Inf, f16 subnormals) */
static const alpha_dtype half_types[2] = {ALPHA_F16, ALPHA_BF16};
TEST(test_cast16_every_pattern) {
    static uint16_t bits[65536];
    int h, i;
    for (i = 0; i < 65536; i++) bits[i] = (uint16_t)i;
    for (h = 0; h < 2; h++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor *x = alpha_from_data(ctx, half_types[h], alpha_shape1(65536), bits), *xd = on_dev(x), *back;
        char what[64];
        uint64_t cpu_before = alpha_ctx_dispatches(ctx, 0);
        snprintf(what, sizeof what, "all 65536 %s patterns -> f32", alpha_dtype_name(half_types[h]));
        identical(what, alpha_cast(ctx, x, ALPHA_F32), alpha_cast(ctx, xd, ALPHA_F32));
        /* and back: every pattern survives 16 -> 32 -> 16 but NaNs, which come back quiet */
        snprintf(what, sizeof what, "all %s patterns -> f32 -> %s", alpha_dtype_name(half_types[h]), alpha_dtype_name(half_types[h]));
        back = alpha_cast(ctx, alpha_cast(ctx, xd, ALPHA_F32), half_types[h]);
        identical(what, alpha_cast(ctx, alpha_cast(ctx, x, ALPHA_F32), half_types[h]), back);
        snprintf(what, sizeof what, "all %s patterns -> the other 16-bit type", alpha_dtype_name(half_types[h]));
        identical(what, alpha_cast(ctx, x, half_types[1 - h]), alpha_cast(ctx, xd, half_types[1 - h]));
        CHECK(alpha_ctx_dispatches(ctx, 0) == cpu_before + 4, "CPU kernels: only the 4 reference casts");
        no_error(what);
        alpha_ctx_reset(ctx, mk);
    }
}
TEST(test_cast16_special_values) {
    /* ties at both precisions, the edges of f16 (max, overflow, subnormals, underflow), f32
       subnormals, NaNs with payloads (quiet and signaling), infinities, signed zeros */
    static const uint32_t special[] = {
        0x00000000u, 0x80000000u, 0x7F800000u, 0xFF800000u, 0x7FC00000u, 0xFFC00001u, 0x7F800001u, 0xFF812345u, 0x7FBFFFFFu,
        0x3F801000u, 0x3F803000u, 0x3F801001u, 0x3F800FFFu, 0x3F808000u, 0x3F818000u, 0x3F808001u, 0x3F807FFFu,
        0x477FE000u, 0x477FEFFFu, 0x477FF000u, 0x477FF001u, 0x47800000u, 0xC77FF000u, 0x7F7FFFFFu, 0xFF7FFFFFu, 0x7F7F8000u,
        0x38800000u, 0x387FE000u, 0x387FF000u, 0x33800000u, 0x33000000u, 0x33000001u, 0x33400000u, 0x33C00000u, 0x34200000u,
        0x32FFFFFFu, 0xB3000001u, 0x00000001u, 0x807FFFFFu, 0x00400000u, 0x3E2AAAABu, 0xBF7FFFFFu, 0x4B000001u};
    enum { NS = sizeof special / sizeof special[0] };
    static float v[NS + 1000];
    int h, i, n;
    memcpy(v, special, sizeof special);
    for (i = NS; i < NS + 1000; i++) {   /* random magnitudes over the whole f32 range */
        uint32_t u;
        rng_state = rng_state * 1664525u + 1013904223u;
        u = rng_state;
        memcpy(&v[i], &u, 4);
    }
    for (h = 0; h < 2; h++) {
        /* odd sizes: a last element alone in its 32-bit word; multiples of 8: whole 16-byte runs
           (the PACK kernel, as for the GEMM's 16-bit operand copies; from an aligned source by
           16-byte loads, ALPHA__VKT_PACK_VEC4) */
        static const int sizes[] = {NS, NS + 1000, 1, 7, 8, 1040};
        int s;
        for (s = 0; s < 6; s++) {
            alpha_mark mk = alpha_ctx_mark(ctx);
            alpha_tensor *x, *xd;
            char what[64];
            n = sizes[s];
            x = alpha_from_data(ctx, ALPHA_F32, alpha_shape1(n), v);
            xd = on_dev(x);
            snprintf(what, sizeof what, "%d special f32 -> %s", n, alpha_dtype_name(half_types[h]));
            identical(what, alpha_cast(ctx, x, half_types[h]), alpha_cast(ctx, xd, half_types[h]));
            if (n == 1040) {   /* runs of 8 from a strided and from a broadcast source */
                identical("every third f32 -> 16-bit", alpha_cast(ctx, alpha_slice(ctx, x, 0, 1, 1 + 3 * 96, 3), half_types[h]),
                          alpha_cast(ctx, alpha_slice(ctx, xd, 0, 1, 1 + 3 * 96, 3), half_types[h]));
                identical("a unit-stride f32 run from an odd offset -> 16-bit (word loads: not 16-byte aligned)",
                          alpha_cast(ctx, alpha_narrow(ctx, x, 0, 1, 1032), half_types[h]), alpha_cast(ctx, alpha_narrow(ctx, xd, 0, 1, 1032), half_types[h]));
                identical("a broadcast f32 -> 16-bit", alpha_cast(ctx, alpha_expand(ctx, alpha_narrow(ctx, x, 0, 5, 1), alpha_shape1(24)), half_types[h]),
                          alpha_cast(ctx, alpha_expand(ctx, alpha_narrow(ctx, xd, 0, 5, 1), alpha_shape1(24)), half_types[h]));
            }
            no_error(what);
            alpha_ctx_reset(ctx, mk);
        }
    }
    {   /* i32 <-> 16-bit: through f32 like the CPU (16777217 rounds twice; 65520 overflows f16) */
        static const int32_t iv[] = {0, 1, -1, 2049, 2051, 65504, 65519, 65520, -65536, 16777217, 2147483647, -2147483647 - 1, 300};
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor *x = alpha_from_data(ctx, ALPHA_I32, alpha_shape1(13), iv);
        for (h = 0; h < 2; h++) {
            alpha_tensor *c = alpha_cast(ctx, x, half_types[h]), *d = alpha_cast(ctx, on_dev(x), half_types[h]);
            identical("i32 -> 16-bit", c, d);
            identical("16-bit -> i32", alpha_cast(ctx, c, ALPHA_I32), alpha_cast(ctx, d, ALPHA_I32));
        }
        no_error("i32 casts");
        alpha_ctx_reset(ctx, mk);
    }
}
/* strided sources and destinations: transposed and sliced views on either side, 16-bit copies,
   views that start at an odd 16-bit element (half a 32-bit word) */
TEST(test_cast16_layouts) {
    int h, it;
    for (h = 0; h < 2; h++) {
        alpha_dtype t16 = half_types[h];
        for (it = 0; it < 6; it++) {
            alpha_mark mk = alpha_ctx_mark(ctx);
            int64_t r = irand(1, 9), c = irand(1, 13);
            alpha_tensor *x = rnd(alpha_shape2(r, c), -70000, 70000), *xd = on_dev(x), *hc, *hd;
            char what[80];
            snprintf(what, sizeof what, "%s [%lld,%lld]", alpha_dtype_name(t16), (long long)r, (long long)c);
            /* strided f32 -> contiguous 16-bit */
            identical(what, alpha_cast(ctx, alpha_transpose(ctx, x, 0, 1), t16), alpha_cast(ctx, alpha_transpose(ctx, xd, 0, 1), t16));
            hc = alpha_cast(ctx, x, t16);
            hd = alpha_cast(ctx, xd, t16);
            /* strided 16-bit -> f32, and 16-bit -> 16-bit copies of views (odd offsets, steps) */
            identical(what, alpha_cast(ctx, alpha_transpose(ctx, hc, 0, 1), ALPHA_F32), alpha_cast(ctx, alpha_transpose(ctx, hd, 0, 1), ALPHA_F32));
            identical(what, alpha_contiguous(ctx, alpha_transpose(ctx, hc, 0, 1)), alpha_contiguous(ctx, alpha_transpose(ctx, hd, 0, 1)));
            identical(what, alpha_contiguous(ctx, alpha_slice(ctx, hc, 1, c > 1 ? 1 : 0, c, 2)),
                      alpha_contiguous(ctx, alpha_slice(ctx, hd, 1, c > 1 ? 1 : 0, c, 2)));
            identical(what, alpha_cast(ctx, alpha_slice(ctx, alpha_transpose(ctx, hc, 0, 1), 0, c / 2, c, 1), ALPHA_F32),
                      alpha_cast(ctx, alpha_slice(ctx, alpha_transpose(ctx, hd, 0, 1), 0, c / 2, c, 1), ALPHA_F32));
            /* a broadcast 16-bit source */
            identical(what, alpha_cast(ctx, alpha_expand(ctx, alpha_narrow(ctx, hc, 0, 0, 1), alpha_shape3(3, r, c)), ALPHA_F32),
                      alpha_cast(ctx, alpha_expand(ctx, alpha_narrow(ctx, hd, 0, 0, 1), alpha_shape3(3, r, c)), ALPHA_F32));
            no_error(what);
            alpha_ctx_reset(ctx, mk);
        }
    }
}

TEST(test_sum_squares) {
    static const int64_t ns[4] = {1, 7, 1001, 20011};
    int it;
    for (it = 0; it < 4; it++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor *x = rnd(alpha_shape1(ns[it]), -3, 3), *d = on_dev(x), *a, *b2;
        same("sum_squares", alpha_sum_squares(ctx, x), a = alpha_sum_squares(ctx, d));
        b2 = alpha_sum_squares(ctx, d);
        identical("sum_squares is deterministic", a, b2);
        no_error("sum_squares");
        alpha_ctx_reset(ctx, mk);
    }
    {   /* more elements than one workgroup takes (16 per invocation): G workgroups of partial sums,
           then one adds them; odd sizes, and a view at an odd offset as the flat optimizer makes */
        static const int64_t big[4] = {16385, 100003, 333331, (1 << 20) + 17};
        for (it = 0; it < 4; it++) {
            alpha_mark mk = alpha_ctx_mark(ctx);
            alpha_tensor *x = alpha_rand(ctx, alpha_shape1(big[it]), -2, 2), *d = on_dev(x), *a, *b2;
            same("sum_squares (several workgroups)", alpha_sum_squares(ctx, x), a = alpha_sum_squares(ctx, d));
            b2 = alpha_sum_squares(ctx, d);
            identical("sum_squares (several workgroups) is deterministic", a, b2);
            same("sum_squares of a slice", alpha_sum_squares(ctx, alpha_narrow(ctx, x, 0, 3, big[it] - 8)),
                 alpha_sum_squares(ctx, alpha_narrow(ctx, d, 0, 3, big[it] - 8)));
            no_error("sum_squares (several workgroups)");
            alpha_ctx_reset(ctx, mk);
        }
    }
    {   /* of a transposed view: made contiguous first */
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor *x = rnd(alpha_shape2(13, 17), -1, 1);
        same("sum_squares of a view", alpha_sum_squares(ctx, alpha_transpose(ctx, x, 0, 1)), alpha_sum_squares(ctx, alpha_transpose(ctx, on_dev(x), 0, 1)));
        no_error("sum_squares view");
        alpha_ctx_reset(ctx, mk);
    }
}

TEST(test_cross_entropy) {
    int it;
    /* rounds 3, 4: rows longer than the kernel's 64 invocations (each keeps a running max and
       sum over several logits, rescaled at each new max: logits rising along the row), round 4
       with -inf logits (exp(-inf) = 0, never -inf - -inf), none of them a target */
    for (it = 0; it < 5; it++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        int64_t B = irand(1, 3), T = irand(1, 9), V = it >= 3 ? irand(200, 900) : irand(2, 61), i;
        int ignore = it == 0 ? -100 : -1;
        alpha_tensor *x = rnd(alpha_shape3(B, T, V), -4, 4), *xd, *tc, *td, *lc, *ld, *gl = rnd(alpha_shape_n(0, NULL), 0.5f, 2);
        int32_t tg[40];
        alpha_node n0, n1;
        if (it >= 3) {
            float *xv = (float *)alpha_tensor_data(x);
            for (i = 0; i < B * T * V; i++) xv[i] += 12.0f * (float)(i % V) / (float)V;
            if (it == 4) for (i = 0; i < B * T * V; i += 7) xv[i] = -INFINITY;
        }
        xd = on_dev(x);
        for (i = 0; i < B * T; i++) {
            tg[i] = (it > 0 && i % 3 == 1) ? -1 : (int32_t)irand(0, V - 1);
            if (it == 4 && tg[i] >= 0 && (i * V + tg[i]) % 7 == 0) tg[i] = tg[i] + 1 < V ? tg[i] + 1 : tg[i] - 1;
        }
        if (it == 2) for (i = 0; i < B * T; i++) tg[i] = -1;   /* everything ignored: loss 0 */
        tc = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(B, T), tg);
        td = on_dev(tc);
        memset(&n0, 0, sizeof n0); memset(&n1, 0, sizeof n1);
        alpha_ctx_tape_clear(ctx);
        x->requires_grad = xd->requires_grad = 1;
        lc = alpha_cross_entropy(ctx, x, tc, ignore);
        if (alpha_ctx_tape_len(ctx) == 1) n0 = *alpha_ctx_tape_node(ctx, 0);
        ld = alpha_cross_entropy(ctx, xd, td, ignore);
        if (alpha_ctx_tape_len(ctx) == 2) n1 = *alpha_ctx_tape_node(ctx, 1);
        x->requires_grad = xd->requires_grad = 0;
        alpha_ctx_tape_clear(ctx);
        same("cross_entropy", lc, ld);
        CHECK(n0.op == ALPHA_OP_CROSS_ENTROPY && n1.op == ALPHA_OP_CROSS_ENTROPY, "cross-entropy nodes on the tape");
        if (n0.op == ALPHA_OP_CROSS_ENTROPY && n1.op == ALPHA_OP_CROSS_ENTROPY) {
            same("cross_entropy row losses", n0.saved[0], n1.saved[0]);
            if (it == 0) same("cross_entropy lse", n0.saved[1], n1.saved[1]);
            same("cross_entropy backward with lse", alpha_cross_entropy_backward(ctx, x, tc, ignore, gl, n0.saved[1]),
                 alpha_cross_entropy_backward(ctx, xd, td, ignore, on_dev(gl), n1.saved[1]));
        }
        same("cross_entropy backward", alpha_cross_entropy_backward(ctx, x, tc, ignore, gl, NULL),
             alpha_cross_entropy_backward(ctx, xd, td, ignore, on_dev(gl), NULL));
        no_error("cross_entropy");
        alpha_ctx_reset(ctx, mk);
    }
}

TEST(test_layernorm_backward) {
    int it;
    for (it = 0; it < 4; it++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        int64_t B = irand(1, 4), T = irand(1, 23), C = irand(1, 45);
        alpha_tensor *x = rnd(alpha_shape3(B, T, C), -3, 3), *xd = on_dev(x), *w = rnd(alpha_shape1(C), 0.5f, 1.5f), *wd = on_dev(w);
        alpha_tensor *gy = rnd(alpha_shape3(B, T, C), -1, 1), *gyd = on_dev(gy);
        alpha_tensor *gxc = NULL, *gwc = NULL, *gbc = NULL, *gxd = NULL, *gwd = NULL, *gbd = NULL;
        alpha_node n0, n1;
        int affine = it != 1;
        memset(&n0, 0, sizeof n0); memset(&n1, 0, sizeof n1);
        alpha_ctx_tape_clear(ctx);
        x->requires_grad = xd->requires_grad = 1;
        alpha_layernorm(ctx, x, affine ? w : NULL, NULL, 1e-5f);
        if (alpha_ctx_tape_len(ctx) == 1) n0 = *alpha_ctx_tape_node(ctx, 0);
        alpha_layernorm(ctx, xd, affine ? wd : NULL, NULL, 1e-5f);
        if (alpha_ctx_tape_len(ctx) == 2) n1 = *alpha_ctx_tape_node(ctx, 1);
        x->requires_grad = xd->requires_grad = 0;
        alpha_ctx_tape_clear(ctx);
        CHECK(n0.op == ALPHA_OP_LAYERNORM && n1.op == ALPHA_OP_LAYERNORM, "layernorm nodes on the tape");
        if (n0.op != ALPHA_OP_LAYERNORM || n1.op != ALPHA_OP_LAYERNORM) { alpha_ctx_reset(ctx, mk); continue; }
        /* the CPU gets the device's saved statistics too, so only the backward kernels are compared */
        CHECK(alpha_layernorm_backward(ctx, x, affine ? w : NULL, n0.saved[0], n0.saved[1], gy, &gxc, affine ? &gwc : NULL,
                                       it == 3 ? NULL : &gbc) == ALPHA_OK, "cpu: %s", alpha_ctx_last_error(ctx));
        CHECK(alpha_layernorm_backward(ctx, xd, affine ? wd : NULL, n1.saved[0], n1.saved[1], gyd, &gxd, affine ? &gwd : NULL,
                                       it == 3 ? NULL : &gbd) == ALPHA_OK, "device: %s", alpha_ctx_last_error(ctx));
        alpha_ctx_clear_error(ctx);
        same("layernorm_backward gx", gxc, gxd);
        if (affine) same("layernorm_backward gw", gwc, gwd);
        if (it != 3) same("layernorm_backward gb", gbc, gbd);
        no_error("layernorm_backward");
        alpha_ctx_reset(ctx, mk);
    }
}

/* the residual add fused with layernorm: y, the sum, the saved mean and rstd in one device
   dispatch; then its backward through the tape with both outputs used (loss = f(y) + g(s)) */
/* d loss / d s of add_layernorm's loss below, CPU and device each against float64 within 16 u of
   the terms it adds: the LN part is rstd (dxh - mean dxh - xh mean(dxh xh)), and with C = 1 (or
   a near-constant row) rstd is 1/sqrt(eps) = 316: two f32 evaluations then legitimately differ
   by 316 ulps of dxh, past any fixed tolerance, while a wrong term is off by far more */
static void add_ln_grad_vs_f64(alpha_tensor *x, alpha_tensor *r, alpha_tensor *w, alpha_tensor *c1, alpha_tensor *c2, alpha_tensor *cpu,
                               alpha_tensor *device) {
    static float hx[1 << 15], hr[1 << 15], h1[1 << 15], h2[1 << 15], hc[1 << 15], hd[1 << 15], hw[512];
    int64_t n = alpha_tensor_numel(x), C = x->shape[x->ndim - 1], row, i;
    const double u = ldexp(1.0, -24);
    if (n > (int64_t)(sizeof hx / sizeof hx[0]) || C > 512 || alpha_tensor_to_f32(ctx, x, hx, n) != ALPHA_OK || alpha_tensor_to_f32(ctx, r, hr, n) != ALPHA_OK ||
        alpha_tensor_to_f32(ctx, c1, h1, n) != ALPHA_OK || alpha_tensor_to_f32(ctx, c2, h2, n) != ALPHA_OK || alpha_tensor_to_f32(ctx, cpu, hc, n) != ALPHA_OK ||
        alpha_tensor_to_f32(ctx, device, hd, n) != ALPHA_OK || (w && alpha_tensor_to_f32(ctx, w, hw, C) != ALPHA_OK)) {
        CHECK(0, "add_layernorm gradient vs float64: sizes or read back: %s", alpha_ctx_last_error(ctx));
        alpha_ctx_clear_error(ctx);
        return;
    }
    for (row = 0; row < n / C; row++) {
        const float *xr = hx + row * C, *rr = hr + row * C, *g1 = h1 + row * C, *g2 = h2 + row * C;
        double s[512], mean = 0, var = 0, rs, a1 = 0, a2 = 0;
        for (i = 0; i < C; i++) { s[i] = (float)(xr[i] + rr[i]); mean += s[i]; }
        mean /= (double)C;
        for (i = 0; i < C; i++) var += (s[i] - mean) * (s[i] - mean);
        rs = 1.0 / sqrt(var / (double)C + 1e-5f);
        for (i = 0; i < C; i++) {
            double dxh = g1[i] * (w ? hw[i] : 1.0f);
            a1 += dxh; a2 += dxh * (s[i] - mean) * rs;
        }
        a1 /= (double)C; a2 /= (double)C;
        for (i = 0; i < C; i++) {
            double dxh = g1[i] * (w ? hw[i] : 1.0f), xh = (s[i] - mean) * rs, th = tanh(s[i]);
            double exact = rs * (dxh - a1 - xh * a2) + (1 - th * th) * g2[i];
            double bound = 16 * u * (rs * (fabs(dxh) + fabs(a1) + fabs(xh * a2)) + fabs(g2[i]) + fabs(exact));
            CHECK(fabs(hc[row * C + i] - exact) <= bound, "add_layernorm gx [%lld]: CPU %.9g, exact %.9g (bound %.3g)", (long long)(row * C + i),
                  hc[row * C + i], exact, bound);
            CHECK(fabs(hd[row * C + i] - exact) <= bound, "add_layernorm gx [%lld]: device %.9g, exact %.9g (bound %.3g)", (long long)(row * C + i),
                  hd[row * C + i], exact, bound);
        }
    }
}
TEST(test_add_layernorm) {
    int it;
    for (it = 0; it < 6; it++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        int64_t B = irand(1, 4), T = irand(1, 17), C = it == 0 ? 1 : it == 5 ? irand(200, 300) : irand(2, 70);
        alpha_shape sh = alpha_shape3(B, T, C);
        alpha_tensor *x = rnd(sh, -3, 3), *xd = on_dev(x), *r = rnd(sh, -3, 3), *rd = on_dev(r);
        alpha_tensor *w = rnd(alpha_shape1(C), 0.5f, 1.5f), *wd = on_dev(w), *bb = rnd(alpha_shape1(C), -1, 1), *bd = on_dev(bb);
        alpha_tensor *c1 = rnd(sh, -1, 1), *c1d = on_dev(c1), *c2 = rnd(sh, -1, 1), *c2d = on_dev(c2);
        alpha_tensor *in[2][4], *y[2], *sum[2], *loss[2];
        alpha_node nd[2];
        int use_w = it % 3 != 1, use_b = it % 3 != 2, k, p;
        uint64_t dev_before, cpu_before;
        in[0][0] = x; in[0][1] = r; in[0][2] = use_w ? w : NULL; in[0][3] = use_b ? bb : NULL;
        in[1][0] = xd; in[1][1] = rd; in[1][2] = use_w ? wd : NULL; in[1][3] = use_b ? bd : NULL;
        memset(nd, 0, sizeof nd);
        alpha_ctx_tape_clear(ctx);
        for (p = 0; p < 2; p++) {
            for (k = 0; k < 4; k++) if (in[p][k]) { in[p][k]->grad = NULL; alpha_requires_grad(ctx, in[p][k]); }
            dev_before = alpha_ctx_dispatches(ctx, dev); cpu_before = alpha_ctx_dispatches(ctx, 0);
            y[p] = alpha_add_layernorm(ctx, in[p][0], in[p][1], in[p][2], in[p][3], 1e-5f, &sum[p]);
            if (p) CHECK(alpha_ctx_dispatches(ctx, dev) == dev_before + 1 && alpha_ctx_dispatches(ctx, 0) == cpu_before,
                         "one device dispatch, none on the CPU");
            if (alpha_ctx_tape_len(ctx) >= 1) nd[p] = *alpha_ctx_tape_node(ctx, alpha_ctx_tape_len(ctx) - 1);
        }
        CHECK(nd[0].op == ALPHA_OP_ADD_LAYERNORM && nd[1].op == ALPHA_OP_ADD_LAYERNORM, "add_layernorm nodes on the tape");
        same("add_layernorm y", y[0], y[1]);
        same("add_layernorm sum", sum[0], sum[1]);
        if (nd[0].op == ALPHA_OP_ADD_LAYERNORM && nd[1].op == ALPHA_OP_ADD_LAYERNORM) {
            same("add_layernorm mean", nd[0].saved[0], nd[1].saved[0]);
            same("add_layernorm rstd", nd[0].saved[1], nd[1].saved[1]);
        }
        alpha_ctx_tape_clear(ctx);
        /* the backward of each, from its own loss (the tape holds both: run them one at a time) */
        for (p = 0; p < 2; p++) {
            alpha_ctx_tape_clear(ctx);
            for (k = 0; k < 4; k++) if (in[p][k]) { in[p][k]->grad = NULL; alpha_requires_grad(ctx, in[p][k]); }
            y[p] = alpha_add_layernorm(ctx, in[p][0], in[p][1], in[p][2], in[p][3], 1e-5f, &sum[p]);
            loss[p] = alpha_add(ctx, alpha_sum(ctx, alpha_mul(ctx, y[p], p ? c1d : c1), ALPHA_ALL_AXES, 0),
                                alpha_sum(ctx, alpha_mul(ctx, alpha_tanh(ctx, sum[p]), p ? c2d : c2), ALPHA_ALL_AXES, 0));
            cpu_before = alpha_ctx_dispatches(ctx, 0);
            CHECK(alpha_backward(ctx, loss[p], NULL) == ALPHA_OK, "backward %d: %s", p, alpha_ctx_last_error(ctx));
            if (p) CHECK(alpha_ctx_dispatches(ctx, 0) == cpu_before, "the device backward runs nothing on the CPU");
        }
        same("add_layernorm loss", loss[0], loss[1]);
        add_ln_grad_vs_f64(x, r, use_w ? w : NULL, c1, c2, x->grad, xd->grad);
        add_ln_grad_vs_f64(x, r, use_w ? w : NULL, c1, c2, r->grad, rd->grad);   /* gr = gx = d loss / d s */
        if (use_w) same("add_layernorm gw", w->grad, wd->grad);
        if (use_b) same("add_layernorm gb", bb->grad, bd->grad);
        for (p = 0; p < 2; p++) for (k = 0; k < 4; k++) if (in[p][k]) { in[p][k]->requires_grad = 0; in[p][k]->grad = NULL; }
        {   /* a transposed (non-contiguous) residual, no affine */
            alpha_tensor *rt = rnd(alpha_shape3(T, B, C), -3, 3), *rtd = on_dev(rt);
            same("add_layernorm of a transposed r", alpha_add_layernorm(ctx, x, alpha_transpose(ctx, rt, 0, 1), NULL, NULL, 1e-5f, NULL),
                 alpha_add_layernorm(ctx, xd, alpha_transpose(ctx, rtd, 0, 1), NULL, NULL, 1e-5f, NULL));
        }
        no_error("add_layernorm");
        alpha_ctx_reset(ctx, mk);
    }
}

TEST(test_embedding_backward) {
    int it;
    for (it = 0; it < 3; it++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        int64_t B = irand(1, 4), T = irand(1, 13), C = irand(1, 37), V = it == 0 ? 3 : irand(2, 41), i;
        int32_t idx[64];
        alpha_tensor *ic, *gy = rnd(alpha_shape3(B, T, C), -1, 1);
        for (i = 0; i < B * T; i++) idx[i] = (int32_t)irand(0, V - 1);   /* V = 3: many repeats */
        ic = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(B, T), idx);
        same("embedding_backward", alpha_embedding_backward(ctx, ic, gy, V), alpha_embedding_backward(ctx, on_dev(ic), on_dev(gy), V));
        no_error("embedding_backward");
        alpha_ctx_reset(ctx, mk);
    }
}

TEST(test_topk_scatter) {
    int it;
    for (it = 0; it < 3; it++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        int64_t R = irand(1, 9), L = irand(1, 40), i;
        int k = (int)irand(1, L);
        alpha_tensor *x = rnd(alpha_shape2(R, L), -2, 2), *ic = NULL, *id = NULL, *vc, *vd, *g;
        int32_t six[400];
        float *xv = (float *)alpha_tensor_data(x);
        for (i = 0; i < R * L; i += 5) xv[i] = 0.25f;   /* ties keep the first index */
        vc = alpha_topk(ctx, x, k, &ic);
        vd = alpha_topk(ctx, on_dev(x), k, &id);
        same("topk values", vc, vd);
        if (ic && id) identical("topk indices", ic, id);
        g = rnd(alpha_shape2(R, k), -1, 1);
        for (i = 0; i < R * k; i++) six[i] = (int32_t)irand(0, L - 1);   /* repeats add up */
        {
            alpha_tensor *sc = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(R, k), six);
            same("scatter_add_last", alpha_scatter_add_last(ctx, alpha_shape2(R, L), sc, g),
                 alpha_scatter_add_last(ctx, alpha_shape2(R, L), on_dev(sc), on_dev(g)));
        }
        no_error("topk/scatter");
        alpha_ctx_reset(ctx, mk);
    }
}

/* ---- a whole GPT training step on the device equals the CPU run ---- */
static alpha_ctx *gpt_ctx(int on_vk, int *dev_out) {
    alpha_ctx_desc cd;
    alpha_ctx *c = NULL;
    alpha_backend b2;
    memset(&cd, 0, sizeof cd);
    cd.seed = 11; cd.n_threads = 1; cd.logger.func = quiet;
    *dev_out = 0;
    if (alpha_ctx_create(&c, &cd) != ALPHA_OK) return NULL;
    if (on_vk && (alpha_vk_backend(vk, 16u << 20, &b2) != ALPHA_OK || alpha_ctx_add_device(c, &b2, dev_out) != ALPHA_OK)) {
        alpha_ctx_destroy(c);
        return NULL;
    }
    alpha_ctx_set_device(c, *dev_out);
    return c;
}
static alpha_gpt *gpt_model(alpha_ctx *c) {
    alpha_gpt_desc gd;
    alpha_gpt *g = NULL;
    memset(&gd, 0, sizeof gd);
    gd.vocab_size = 29; gd.block_size = 8; gd.n_layer = 2; gd.n_head = 2; gd.n_embd = 12; gd.dropout = 0.1f;
    return alpha_gpt_create(c, &gd, &g) == ALPHA_OK ? g : NULL;
}
/* loss of one forward + backward (gradients left in the parameters) */
static double gpt_fwd_bwd(alpha_ctx *c, alpha_gpt *g, int step) {
    int32_t tok[16], tg[16];
    alpha_tensor *l;
    double loss;
    int i;
    for (i = 0; i < 16; i++) { tok[i] = (i * 7 + 3 + step) % 29; tg[i] = (i * 5 + 1 + 3 * step) % 29; }
    l = alpha_gpt_loss(g, alpha_from_data(c, ALPHA_I32, alpha_shape2(2, 8), tok), alpha_from_data(c, ALPHA_I32, alpha_shape2(2, 8), tg), 1);
    loss = l ? alpha_tensor_item(c, l) : NAN;
    alpha_backward(c, l, NULL);
    return loss;
}
/* worst relative error of the device gradients against the CPU ones (per tensor: |d - c| / max(|c|, 1e-2 max|c|): elements
   that cancel to near zero carry the f32 rounding of their summands, not of their value) */
static double gpt_grad_err(alpha_ctx *c0, alpha_gpt *g0, alpha_ctx *c1, alpha_gpt *g1, int *n_checked) {
    static float a[4096], b[4096];
    double worst = 0;
    int i;
    *n_checked = 0;
    for (i = 0; i < g0->n_params && i < g1->n_params; i++) {
        int64_t n = alpha_tensor_numel(g0->params[i]), j;
        float mx = 0;
        if (n > 4096 || !g0->params[i]->grad || !g1->params[i]->grad ||
            alpha_tensor_to_f32(c0, g0->params[i]->grad, a, n) != ALPHA_OK || alpha_tensor_to_f32(c1, g1->params[i]->grad, b, n) != ALPHA_OK)
            return INFINITY;
        for (j = 0; j < n; j++) if (fabsf(a[j]) > mx) mx = fabsf(a[j]);
        for (j = 0; j < n; j++) {
            double den = fabs((double)a[j]) > 1e-2 * mx ? fabs((double)a[j]) : 1e-2 * mx, e;
            if (den == 0) den = 1;
            e = fabs((double)a[j] - (double)b[j]) / den;
            if (!(e <= worst)) worst = e;
        }
        (*n_checked)++;
    }
    return worst;
}

TEST(test_gpt_step_on_vulkan_equals_cpu) {
    int d0, d1, n_checked = 0, step;
    alpha_ctx *c0 = gpt_ctx(0, &d0), *c1 = gpt_ctx(1, &d1);
    alpha_gpt *g0 = c0 ? gpt_model(c0) : NULL, *g1 = c1 ? gpt_model(c1) : NULL;
    alpha_adamw *o0 = NULL, *o1 = NULL;
    alpha_adamw_desc od;
    double l0, l1, err, worst_loss = 0, l_first = 0, gpt_err = 0;
    uint64_t cpu_before, dev_before;
    alpha_mark m0, m1;
    CHECK(g0 && g1, "models: %s / %s", c0 ? alpha_ctx_last_error(c0) : "-", c1 ? alpha_ctx_last_error(c1) : "-");
    if (!g0 || !g1) goto done;
    CHECK(alpha_tensor_device(g1->params[0]) == d1 && d1 > 0, "parameters on the device");
    m0 = alpha_ctx_mark(c0); m1 = alpha_ctx_mark(c1);
    (void)m0; (void)m1;
    /* one forward + backward: loss and every gradient */
    l0 = gpt_fwd_bwd(c0, g0, 0);
    cpu_before = alpha_ctx_dispatches(c1, 0);
    dev_before = alpha_ctx_dispatches(c1, d1);
    l1 = gpt_fwd_bwd(c1, g1, 0);
    CHECK(alpha_ctx_status(c1) == ALPHA_OK, "device step: %s", alpha_ctx_last_error(c1));
    CHECK(alpha_ctx_dispatches(c1, 0) == cpu_before, "%llu kernels ran on the CPU during the device step",
          (unsigned long long)(alpha_ctx_dispatches(c1, 0) - cpu_before));
    CHECK(alpha_ctx_dispatches(c1, d1) > dev_before + 100, "device dispatches: %llu", (unsigned long long)(alpha_ctx_dispatches(c1, d1) - dev_before));
    CHECK(l0 > 0 && fabs(l0 - l1) <= 1e-4 * fabs(l0), "loss %.9g on the CPU, %.9g on the device", l0, l1);
    gpt_err = err = gpt_grad_err(c0, g0, c1, g1, &n_checked);
    CHECK(err <= 1e-4 && n_checked == g0->n_params && n_checked > 10, "gradients: worst relative error %.3g over %d tensors", err, n_checked);
    /* 20 AdamW steps (clipping included): the same loss trajectory */
    memset(&od, 0, sizeof od);
    od.lr = 1e-2f;
    CHECK(alpha_adamw_create(c0, g0->params, g0->n_params, &od, &o0) == ALPHA_OK, "cpu optimizer: %s", alpha_ctx_last_error(c0));
    CHECK(alpha_adamw_create(c1, g1->params, g1->n_params, &od, &o1) == ALPHA_OK, "device optimizer: %s", alpha_ctx_last_error(c1));
    if (!o0 || !o1) goto done;
    m0 = alpha_ctx_mark(c0); m1 = alpha_ctx_mark(c1);
    cpu_before = alpha_ctx_dispatches(c1, 0);
    for (step = 0; step < 20; step++) {
        alpha_zero_grad(c0, g0->params, g0->n_params);
        alpha_zero_grad(c1, g1->params, g1->n_params);
        l0 = gpt_fwd_bwd(c0, g0, step + 1);
        l1 = gpt_fwd_bwd(c1, g1, step + 1);
        alpha_ctx_reset(c0, m0); alpha_ctx_reset(c1, m1);
        alpha_adamw_step(o0, 1e-2f, 1.0f, NULL);
        alpha_adamw_step(o1, 1e-2f, 1.0f, NULL);
        alpha_ctx_reset(c0, m0); alpha_ctx_reset(c1, m1);
        err = fabs(l0 - l1) / fabs(l0);
        if (!(err <= worst_loss)) worst_loss = err;
        if (step == 0) l_first = l0;
        if (step == 19) CHECK(l0 < l_first - 0.1, "training learns: loss %g after 20 steps, %g at the first", l0, l_first);
    }
    CHECK(alpha_ctx_status(c0) == ALPHA_OK && alpha_ctx_status(c1) == ALPHA_OK, "training: %s / %s", alpha_ctx_last_error(c0), alpha_ctx_last_error(c1));
    printf("    gpt: gradient error %.3g, loss trajectory error %.3g, final loss %.6g\n", gpt_err, worst_loss, l0);
    CHECK(worst_loss <= 1e-4, "loss trajectories differ: worst relative error %.3g (last %.9g vs %.9g)", worst_loss, l0, l1);
    CHECK(alpha_ctx_dispatches(c1, 0) == cpu_before, "%llu kernels ran on the CPU during device training",
          (unsigned long long)(alpha_ctx_dispatches(c1, 0) - cpu_before));
done:
    alpha_ctx_destroy(c0);
    alpha_ctx_destroy(c1);
}

/* ---- fused attention forward and backward, against the CPU ---- */
TEST(test_attention) {
    /* B, H, T, S, D: head sizes 16, 32 and 64 take the tiled kernels (several row and key blocks,
       partial last blocks, S > T), the others the row kernels */
    static const int64_t shapes[][5] = {{2, 3, 17, 17, 8}, {1, 2, 5, 13, 64}, {3, 1, 1, 9, 7}, {1, 4, 70, 70, 16},
                                        {2, 2, 100, 100, 64}, {1, 3, 45, 77, 32}, {1, 1, 130, 131, 16}};
    int i;
    for (i = 0; i < 7; i++) {
        const int64_t *sh = shapes[i];
        alpha_mark mk = alpha_ctx_mark(ctx);
        /* q as a strided view [B, T, H, D] -> [B, H, T, D], like the model's */
        alpha_tensor *qc = rnd(alpha_shape4(sh[0], sh[2], sh[1], sh[4]), -1, 1), *kc = rnd(alpha_shape4(sh[0], sh[1], sh[3], sh[4]), -1, 1);
        alpha_tensor *vc = rnd(alpha_shape4(sh[0], sh[1], sh[3], sh[4]), -1, 1), *goc = rnd(alpha_shape4(sh[0], sh[1], sh[2], sh[4]), -1, 1);
        alpha_tensor *qd = on_dev(qc), *kd = on_dev(kc), *vd = on_dev(vc), *god = on_dev(goc), *o0, *o1;
        alpha_tensor *in0[3], *in1[3];
        int k;
        in0[0] = qc; in0[1] = kc; in0[2] = vc; in1[0] = qd; in1[1] = kd; in1[2] = vd;
        for (k = 0; k < 3; k++) { alpha_requires_grad(ctx, in0[k]); alpha_requires_grad(ctx, in1[k]); }
        /* d/d(q, k, v) of sum(o * go): the backward kernels through the tape (one backward
           consumes the tape, so the CPU and the device graph run one after the other) */
        o0 = alpha_attention(ctx, alpha_transpose(ctx, qc, 1, 2), kc, vc, 0.3f);
        CHECK(alpha_backward(ctx, alpha_sum(ctx, alpha_mul(ctx, o0, goc), ALPHA_ALL_AXES, 0), NULL) == ALPHA_OK, "cpu backward");
        o1 = alpha_attention(ctx, alpha_transpose(ctx, qd, 1, 2), kd, vd, 0.3f);
        CHECK(alpha_backward(ctx, alpha_sum(ctx, alpha_mul(ctx, o1, god), ALPHA_ALL_AXES, 0), NULL) == ALPHA_OK,
              "attention backward: %s", alpha_ctx_last_error(ctx));
        same("attention", o0, o1);
        same("attention gq", qc->grad, qd->grad);
        same("attention gk", kc->grad, kd->grad);
        same("attention gv", vc->grad, vd->grad);
        for (k = 0; k < 3; k++) { in0[k]->requires_grad = in1[k]->requires_grad = 0; in0[k]->grad = in1[k]->grad = NULL; }
        no_error("attention");
        alpha_ctx_reset(ctx, mk);
    }
}

/* ‖device − CPU‖ / ‖CPU‖ over all elements (NaN: infinite) */
static double rel_err(const char *what, alpha_tensor *c, alpha_tensor *d) {
    static float hc[1 << 16], hd[1 << 16];
    int64_t n = c && d ? alpha_tensor_numel(c) : 0, i;
    double num = 0, den = 0;
    if (!c || !d || n != alpha_tensor_numel(d) || n > (int64_t)(sizeof hc / sizeof hc[0]) ||
        alpha_tensor_to_f32(ctx, c, hc, n) != ALPHA_OK || alpha_tensor_to_f32(ctx, d, hd, n) != ALPHA_OK) {
        CHECK(0, "%s: no result to compare: %s", what, alpha_ctx_last_error(ctx));
        alpha_ctx_clear_error(ctx);
        return INFINITY;
    }
    for (i = 0; i < n; i++) { num += (hc[i] - hd[i]) * (double)(hc[i] - hd[i]); den += (double)hc[i] * hc[i]; }
    return num == num && den > 0 ? sqrt(num / den) : INFINITY;
}

/* dst += a @ b and dst += sum_to(g) in one kernel each on the device (ALPHA_BACKEND_CAP_ACCUMULATE),
   against the CPU's product or sum and add: plain and transposed operands, batches, a long k
   with few tiles (the split product's REDUCE adds into dst), bias-like sums over thousands of rows
   (the two-pass sum, the workgroup sum), short sums; and in the bf16 products' precision where the
   device has it (against the CPU product of rounded operands, as test_matmul_coopmat); and bit
   for bit the product or sum and the add run as two kernels on the device */
TEST(test_accumulate_into) {
    static const int64_t mm[][4] = {{1, 17, 13, 9}, {1, 150, 131, 37}, {1, 20, 30, 2100}, {3, 33, 40, 50}};
    static const int64_t sums[][3] = {{1024, 64, 0}, {300, 7, 0}, {5, 9, 0}, {4, 64, 100}};
    int i, p;
    for (p = 0; p < 2; p++) {
        if (p && !precision16(ALPHA_VK_MATMUL_BF16)) { printf("    (bf16 accumulate skipped)\n"); break; }
        for (i = 0; i < (int)(sizeof mm / sizeof mm[0]); i++) {
            alpha_mark mk = alpha_ctx_mark(ctx);
            int64_t B = mm[i][0], M = mm[i][1], N = mm[i][2], K = mm[i][3];
            alpha_tensor *a = rnd(B > 1 ? alpha_shape3(B, M, K) : alpha_shape2(M, K), -1, 1), *bt = rnd(alpha_shape2(N, K), -1, 1);
            alpha_tensor *c = rnd(B > 1 ? alpha_shape3(B, M, N) : alpha_shape2(M, N), -1, 1), *cd = on_dev(c), *ad = on_dev(a), *bd = on_dev(bt), *want, *unfused;
            alpha_tensor *ar = p ? rounded(a, ALPHA_BF16) : a, *br = p ? rounded(bt, ALPHA_BF16) : bt;
            uint64_t before;
            double e;
            want = alpha_add(ctx, c, alpha_matmul(ctx, ar, alpha_transpose(ctx, br, 0, 1)));
            unfused = alpha_add(ctx, cd, alpha_matmul(ctx, ad, alpha_transpose(ctx, bd, 0, 1)));
            before = alpha_ctx_dispatches(ctx, dev);
            CHECK(alpha_matmul_add_into(ctx, cd, ad, alpha_transpose(ctx, bd, 0, 1)) == ALPHA_OK, "matmul_add_into: %s", alpha_ctx_last_error(ctx));
            if (!p && K < 256) CHECK(alpha_ctx_dispatches(ctx, dev) - before == 1, "one kernel, not %llu", (unsigned long long)(alpha_ctx_dispatches(ctx, dev) - before));
            e = rel_err("matmul_add_into", want, cd);
            CHECK(e < (p ? 1e-5 : 1e-6), "matmul_add_into %lldx%lldx%lld (batch %lld, %s): relative error %.3g against the CPU", (long long)M, (long long)N,
                  (long long)K, (long long)B, p ? "bf16" : "fp32", e);
            CHECK(rel_err("matmul_add_into", unfused, cd) == 0, "fused and unfused on the device differ");
            no_error("matmul_add_into");
            alpha_ctx_reset(ctx, mk);
        }
    }
    CHECK(alpha_vk_set_matmul_precision(vk, ALPHA_VK_MATMUL_FP32) == ALPHA_OK, "back to fp32");
    for (i = 0; i < (int)(sizeof sums / sizeof sums[0]); i++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        int64_t R = sums[i][0], C = sums[i][1], L = sums[i][2];
        alpha_tensor *g = rnd(L ? alpha_shape3(R, L, C) : alpha_shape2(R, C), -1, 1), *b = rnd(alpha_shape1(C), -1, 1), *bd = on_dev(b);
        alpha_tensor *b2 = rnd(alpha_shape2(1, C), -1, 1), *b2d = on_dev(b2), *gd = on_dev(g);
        alpha_tensor *unfused = alpha_add(ctx, bd, alpha_sum_to(ctx, gd, alpha_tensor_shape(b)));
        CHECK(alpha_sum_to_add_into(ctx, bd, gd) == ALPHA_OK && alpha_sum_to_add_into(ctx, b2d, gd) == ALPHA_OK, "sum_to_add_into: %s", alpha_ctx_last_error(ctx));
        CHECK(rel_err("sum_to_add_into [C]", alpha_add(ctx, b, alpha_sum_to(ctx, g, alpha_tensor_shape(b))), bd) < 1e-6, "sum_to_add_into [C], case %d", i);
        CHECK(rel_err("sum_to_add_into [1, C]", alpha_add(ctx, b2, alpha_sum_to(ctx, g, alpha_tensor_shape(b2))), b2d) < 1e-6, "sum_to_add_into [1, C], case %d", i);
        CHECK(rel_err("sum_to_add_into", unfused, bd) == 0, "fused and unfused sums on the device differ (case %d)", i);
        no_error("sum_to_add_into");
        alpha_ctx_reset(ctx, mk);
    }
    {   /* embedding gradients into a weight's: repeated indices, rows no index names; no add kernel */
        alpha_mark mk = alpha_ctx_mark(ctx);
        int32_t ids[9] = {3, 0, 3, 6, 3, 1, 0, 8, 3};
        alpha_tensor *idx = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(3, 3), ids), *idxd = on_dev(idx);
        alpha_tensor *g = rnd(alpha_shape3(3, 3, 37), -1, 1), *gd = on_dev(g), *w = rnd(alpha_shape2(10, 37), -1, 1), *wd = on_dev(w);
        alpha_tensor *unfused = alpha_add(ctx, wd, alpha_embedding_backward(ctx, idxd, gd, 10));
        uint64_t before = alpha_ctx_dispatches(ctx, dev);
        CHECK(alpha_embedding_backward_add_into(ctx, wd, idxd, gd) == ALPHA_OK, "embedding_backward_add_into: %s", alpha_ctx_last_error(ctx));
        CHECK(alpha_ctx_dispatches(ctx, dev) - before == 1, "%llu nodes, not one (the unfused path adds a second, the add)",
              (unsigned long long)(alpha_ctx_dispatches(ctx, dev) - before));
        CHECK(rel_err("embedding_backward_add_into", alpha_add(ctx, w, alpha_embedding_backward(ctx, idx, g, 10)), wd) == 0,
              "embedding_backward_add_into differs from the CPU's sums and add");
        CHECK(rel_err("embedding_backward_add_into", unfused, wd) == 0, "fused and unfused embedding gradients on the device differ");
        CHECK(alpha_embedding_backward_add_into(ctx, wd, idxd, rnd(alpha_shape3(3, 3, 5), -1, 1)) != ALPHA_OK, "a gradient of the wrong width is refused");
        alpha_ctx_clear_error(ctx);
        no_error("embedding_backward_add_into");
        alpha_ctx_reset(ctx, mk);
    }
    for (p = 0; p < 2; p++) {   /* a @ b + bias in the epilogue, also for a shape a product without bias would split along k */
        static const int64_t lin[][3] = {{300, 200, 100}, {20, 30, 2100}, {5, 1, 7}};
        if (p && !precision16(ALPHA_VK_MATMUL_BF16)) break;
        for (i = 0; i < 3; i++) {
            alpha_mark mk = alpha_ctx_mark(ctx);
            int64_t M = lin[i][0], N = lin[i][1], K = lin[i][2];
            alpha_tensor *x = rnd(alpha_shape2(M, K), -1, 1), *w = rnd(alpha_shape2(K, N), -1, 1), *bias = rnd(alpha_shape1(N), -1, 1);
            alpha_tensor *xr = p ? rounded(x, ALPHA_BF16) : x, *wr = p ? rounded(w, ALPHA_BF16) : w, *xd = on_dev(x), *wd = on_dev(w), *bd = on_dev(bias);
            alpha_tensor *got = alpha_matmul_bias(ctx, xd, wd, bd);
            double e = rel_err("matmul_bias", alpha_add(ctx, alpha_matmul(ctx, xr, wr), bias), got);
            CHECK(e < (p ? 1e-5 : 1e-6), "matmul_bias %lldx%lldx%lld (%s): relative error %.3g", (long long)M, (long long)N, (long long)K, p ? "bf16" : "fp32", e);
            if (K < 256) CHECK(rel_err("matmul_bias", alpha_add(ctx, alpha_matmul(ctx, xd, wd), bd), got) == 0, "fused and unfused bias on the device differ");
            no_error("matmul_bias");
            alpha_ctx_reset(ctx, mk);
        }
    }
    for (p = 0; p < 2; p++) {   /* (a @ b) * gelu'(h) in the epilogue (alpha_matmul_gelu_backward), batched too */
        static const int64_t lin[][4] = {{1, 300, 200, 100}, {1, 20, 30, 2100}, {3, 17, 40, 9}};
        if (!p) CHECK(alpha_vk_set_matmul_precision(vk, ALPHA_VK_MATMUL_FP32) == ALPHA_OK, "fp32");
        if (p && !precision16(ALPHA_VK_MATMUL_BF16)) break;
        for (i = 0; i < 3; i++) {
            alpha_mark mk = alpha_ctx_mark(ctx);
            int64_t B = lin[i][0], M = lin[i][1], N = lin[i][2], K = lin[i][3];
            alpha_shape sa = B > 1 ? alpha_shape3(B, M, K) : alpha_shape2(M, K), sc = B > 1 ? alpha_shape3(B, M, N) : alpha_shape2(M, N);
            alpha_tensor *x = rnd(sa, -1, 1), *w = rnd(alpha_shape2(N, K), -1, 1), *h = rnd(sc, -3, 3);
            alpha_tensor *xr = p ? rounded(x, ALPHA_BF16) : x, *wr = p ? rounded(w, ALPHA_BF16) : w, *xd = on_dev(x), *wd = on_dev(w), *hd = on_dev(h);
            alpha_tensor *got = alpha_matmul_gelu_backward(ctx, xd, alpha_transpose(ctx, wd, 0, 1), hd), *prod;
            double e;
            prod = alpha_matmul(ctx, xr, alpha_transpose(ctx, wr, 0, 1));
            e = rel_err("matmul_gelu_backward", alpha_unary_backward(ctx, ALPHA_OP_GELU, h, h, prod, 0, 0), got);
            CHECK(e < (p ? 1e-5 : 1e-6), "matmul_gelu_backward %lldx%lldx%lld (%s): relative error %.3g", (long long)M, (long long)N, (long long)K, p ? "bf16" : "fp32", e);
            if (K < 256) {
                alpha_tensor *pd = alpha_matmul(ctx, xd, alpha_transpose(ctx, wd, 0, 1));
                CHECK(rel_err("matmul_gelu_backward", alpha_unary_backward(ctx, ALPHA_OP_GELU, hd, hd, pd, 0, 0), got) == 0, "fused and unfused gelu' on the device differ");
            }
            no_error("matmul_gelu_backward");
            alpha_ctx_reset(ctx, mk);
        }
    }
    CHECK(alpha_vk_set_matmul_precision(vk, ALPHA_VK_MATMUL_FP32) == ALPHA_OK, "back to fp32");
    emulate16(0);
    {   /* shapes that do not make dst are refused, dst unchanged */
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor *c = rnd(alpha_shape2(4, 5), -1, 1), *cd = on_dev(c);
        CHECK(alpha_matmul_add_into(ctx, cd, on_dev(rnd(alpha_shape2(4, 3), -1, 1)), on_dev(rnd(alpha_shape2(3, 6), -1, 1))) == ALPHA_ERR_INVALID &&
              strstr(alpha_ctx_last_error(ctx), "does not make") != NULL, "a [4, 6] product into [4, 5]: %s", alpha_ctx_last_error(ctx));
        alpha_ctx_clear_error(ctx);
        same("refused matmul_add_into leaves dst", c, cd);
        alpha_ctx_reset(ctx, mk);
    }
}

/* Attention on cooperative matrices (the bf16/f16 matmul precision; head sizes 16, 32, 64)
   against the CPU's f32 attention of the same inputs rounded to the 16-bit type: what remains is
   the kernels' own rounding of the weights p and ds to 16 bits, ~1e-3 relative for bf16 and
   ~1e-4 for f16 (bounds 1e-2 and 2e-3, as for the GEMM; a lost block or wrong mask is O(1)).
   Several row and key blocks, partial last blocks, S > T, several (b, h). Skipped where the
   device has no cooperative matrices (lavapipe: test_attention_coop_modules builds them there). */
TEST(test_attention_coop) {
#ifdef TEST_HAVE_VOLK   /* the backend's internals exist only with ALPHA_VULKAN */
    static const int64_t shapes[][5] = {{1, 2, 100, 100, 64}, {2, 1, 45, 77, 32}, {1, 3, 130, 131, 16}, {1, 1, 64, 64, 64}, {2, 2, 200, 230, 64}};
    static const int prec[2] = {ALPHA_VK_MATMUL_BF16, ALPHA_VK_MATMUL_F16};
    static const alpha_dtype dts[2] = {ALPHA_BF16, ALPHA_F16};
    int p, i, k, was = vk->coop_attention;
    vk->coop_attention = 1;   /* whatever ALPHA_VK_COOP_ATTENTION says */
    for (p = 0; p < 2; p++) {
        double bound = p ? 2e-3 : 1e-2, worst = 0;
        if (alpha_vk_set_matmul_precision(vk, prec[p]) != ALPHA_OK) {
            printf("    (%s attention skipped: %s)\n", p ? "f16" : "bf16", alpha_vk_last_error(vk));
            continue;
        }
        for (i = 0; i < (int)(sizeof shapes / sizeof shapes[0]); i++) {
            const int64_t *sh = shapes[i];
            alpha_mark mk = alpha_ctx_mark(ctx);
            alpha_tensor *q = rnd(alpha_shape4(sh[0], sh[2], sh[1], sh[4]), -1, 1), *kk = rnd(alpha_shape4(sh[0], sh[1], sh[3], sh[4]), -1, 1);
            alpha_tensor *v = rnd(alpha_shape4(sh[0], sh[1], sh[3], sh[4]), -1, 1), *go = rnd(alpha_shape4(sh[0], sh[1], sh[2], sh[4]), -1, 1);
            alpha_tensor *in0[3], *in1[3], *o0, *o1;
            const char *names[3] = {"gq", "gk", "gv"};
            double e;
            in0[0] = rounded(q, dts[p]); in0[1] = rounded(kk, dts[p]); in0[2] = rounded(v, dts[p]);
            in1[0] = on_dev(q); in1[1] = on_dev(kk); in1[2] = on_dev(v);
            for (k = 0; k < 3; k++) { alpha_requires_grad(ctx, in0[k]); alpha_requires_grad(ctx, in1[k]); }
            o0 = alpha_attention(ctx, alpha_transpose(ctx, in0[0], 1, 2), in0[1], in0[2], 0.125f);
            CHECK(alpha_backward(ctx, alpha_sum(ctx, alpha_mul(ctx, o0, rounded(go, dts[p])), ALPHA_ALL_AXES, 0), NULL) == ALPHA_OK, "cpu backward");
            o1 = alpha_attention(ctx, alpha_transpose(ctx, in1[0], 1, 2), in1[1], in1[2], 0.125f);
            CHECK(alpha_backward(ctx, alpha_sum(ctx, alpha_mul(ctx, o1, on_dev(go)), ALPHA_ALL_AXES, 0), NULL) == ALPHA_OK,
                  "coop attention backward: %s", alpha_ctx_last_error(ctx));
            e = rel_err("coop attention", o0, o1);
            if (e > worst) worst = e;
            CHECK(e < bound, "%s attention B%lld H%lld T%lld S%lld D%lld: relative error %.3g", p ? "f16" : "bf16", (long long)sh[0], (long long)sh[1],
                  (long long)sh[2], (long long)sh[3], (long long)sh[4], e);
            for (k = 0; k < 3; k++) {
                e = rel_err(names[k], in0[k]->grad, in1[k]->grad);
                if (e > worst) worst = e;
                CHECK(e < bound, "%s attention %s (shape %d): relative error %.3g", p ? "f16" : "bf16", names[k], i, e);
            }
            no_error("coop attention");
            alpha_ctx_reset(ctx, mk);
        }
        printf("    %s attention on cooperative matrices: worst relative error %.3g (bound %.0e)\n", p ? "f16" : "bf16", worst, bound);
    }
    vk->coop_attention = was;
    CHECK(alpha_vk_set_matmul_precision(vk, ALPHA_VK_MATMUL_FP32) == ALPHA_OK, "back to fp32");
#endif
}

/* dx = gy w^T (gy seen as [3, 100, 90]) and gw += x^T gy in one capture (a 4-element fill
   between them, or after them): the capture's dispatches; dx as [300, 70] */
static uint32_t dx_dw_dispatches(alpha_tensor *gyd, alpha_tensor *wd, alpha_tensor *xd, alpha_tensor *gw, int fill_between, alpha_tensor **dx) {
    alpha_tensor *f = alpha_empty_on(ctx, dev, ALPHA_F32, alpha_shape1(4));
    alpha_graph *g = NULL;
    uint32_t n = 0;
    CHECK(alpha_capture_begin(ctx, dev) == ALPHA_OK, "capture_begin: %s", alpha_ctx_last_error(ctx));
    *dx = alpha_matmul(ctx, alpha_reshape(ctx, gyd, alpha_shape3(3, 100, 90)), alpha_transpose(ctx, wd, 0, 1));
    if (fill_between) alpha_fill(ctx, f, 0.0);
    CHECK(alpha_matmul_add_into(ctx, gw, alpha_transpose(ctx, xd, 0, 1), gyd) == ALPHA_OK, "dw: %s", alpha_ctx_last_error(ctx));
    if (!fill_between) alpha_fill(ctx, f, 0.0);
    if (alpha_capture_end(ctx, &g) == ALPHA_OK && g) n = alpha_vk_capture_dispatches((alpha_vk_capture *)g->handle);
    CHECK(g != NULL, "capture_end: %s", alpha_ctx_last_error(ctx));
    alpha_graph_destroy(ctx, g);
    *dx = alpha_reshape(ctx, *dx, alpha_shape2(300, 70));
    return n;
}

/* A product's 16-bit operand copies reused by the next product (a linear layer's backward packs
   gy once for dx = gy w^T and dw += x^T gy, gy 3-D in dx as the autograd has it): one dispatch
   fewer than with a node in between (which forgets the copies), the same values, and a copy of
   memory the first product overwrote is not reused. Only where the device has bf16
   cooperative matrices (lavapipe: the products are f32, no copies). */
TEST(test_pack_reuse) {
    alpha_mark mk = alpha_ctx_mark(ctx);
    alpha_tensor *x, *w, *gy, *xd, *wd, *gyd, *gw, *gw2, *dx, *dx2, *a, *ad, *bd, *y;
    uint32_t n0, n1;
    if (!precision16(ALPHA_VK_MATMUL_BF16)) {
        printf("    (skipped: no bf16 products)\n");
        return;
    }
    x = rnd(alpha_shape2(300, 70), -1, 1); w = rnd(alpha_shape2(70, 90), -1, 1); gy = rnd(alpha_shape2(300, 90), -1, 1);
    xd = on_dev(x); wd = on_dev(w); gyd = on_dev(gy);
    gw = on_dev(rnd(alpha_shape2(70, 90), -1, 1)); gw2 = alpha_copy(ctx, gw);
    /* dx as the autograd makes it (gy [3, 100, 90] against the shared w^T: one [300, 90]
       product), then dw on the 2-D views; each pair captured, to count its dispatches */
    n0 = dx_dw_dispatches(gyd, wd, xd, gw, 0, &dx);
    n1 = dx_dw_dispatches(gyd, wd, xd, gw2, 1, &dx2);
    CHECK(n0 + 1 == n1, "dw after dx packs gy once: %u dispatches, %u with a node in between", n0, n1);
    CHECK(rel_err("pack reuse dx", dx, dx2) == 0 && rel_err("pack reuse dw", gw2, gw) == 0, "a reused copy gave other values than a new one");
    CHECK(rel_err("pack reuse dx", alpha_matmul(ctx, rounded(gy, ALPHA_BF16), alpha_transpose(ctx, rounded(w, ALPHA_BF16), 0, 1)), dx) < 1e-5,
          "dx against the CPU");
    /* y = a b, then a += a s (reusing a's copy, then writing a: the copy is stale), then a b again */
    a = rnd(alpha_shape2(64, 40), -1, 1); ad = on_dev(a); bd = on_dev(rnd(alpha_shape2(40, 24), -1, 1));
    y = alpha_matmul(ctx, ad, bd);
    CHECK(alpha_matmul_add_into(ctx, ad, ad, on_dev(rnd(alpha_shape2(40, 40), -1, 1))) == ALPHA_OK, "a += a s: %s", alpha_ctx_last_error(ctx));
    y = alpha_matmul(ctx, ad, bd);
    CHECK(rel_err("pack reuse after a write", alpha_matmul(ctx, alpha_copy(ctx, ad), bd), y) == 0, "a product read a stale copy of its operand");
    no_error("pack reuse");
    CHECK(alpha_vk_set_matmul_precision(vk, ALPHA_VK_MATMUL_FP32) == ALPHA_OK, "back to fp32");
    emulate16(0);
    alpha_ctx_reset(ctx, mk);
}

/* A training forward's 16-bit copies are kept for its backward: y = x w with x and w needing
   gradients (grad mode on) keeps its copies of x and w, and the backward's dx = gy w^T and
   dw += x^T gy (grad mode off, as alpha_backward runs them; other nodes in between) read them:
   two PACKs fewer than after a forward without grad mode, the same values. A node that writes
   w in between (w += 1) makes the next product pack it again. */
static uint32_t forward_backward_dispatches(int keep, alpha_tensor *xd, alpha_tensor *wd, alpha_tensor *gyd, alpha_tensor *gw, alpha_tensor **dx) {
    alpha_tensor *f = alpha_empty_on(ctx, dev, ALPHA_F32, alpha_shape1(4));
    alpha_graph *g = NULL;
    uint32_t n = 0;
    int prev;
    CHECK(alpha_capture_begin(ctx, dev) == ALPHA_OK, "capture_begin: %s", alpha_ctx_last_error(ctx));
    prev = alpha_ctx_set_grad_enabled(ctx, keep);
    alpha_scale(ctx, alpha_matmul(ctx, xd, wd), 2.0f);
    alpha_ctx_set_grad_enabled(ctx, 0);
    *dx = alpha_matmul(ctx, gyd, alpha_transpose(ctx, wd, 0, 1));
    alpha_fill(ctx, f, 0.0);
    CHECK(alpha_matmul_add_into(ctx, gw, alpha_transpose(ctx, xd, 0, 1), gyd) == ALPHA_OK, "dw: %s", alpha_ctx_last_error(ctx));
    alpha_ctx_set_grad_enabled(ctx, prev);
    if (alpha_capture_end(ctx, &g) == ALPHA_OK && g) n = alpha_vk_capture_dispatches((alpha_vk_capture *)g->handle);
    CHECK(g != NULL, "capture_end: %s", alpha_ctx_last_error(ctx));
    alpha_graph_destroy(ctx, g);
    alpha_tape_free(ctx);
    return n;
}
TEST(test_pack_kept) {
    alpha_mark mk = alpha_ctx_mark(ctx);
    alpha_tensor *x = rnd(alpha_shape2(300, 70), -1, 1), *w = rnd(alpha_shape2(70, 90), -1, 1), *gy = rnd(alpha_shape2(300, 90), -1, 1);
    alpha_tensor *xd, *wd, *gyd = on_dev(gy), *gw[2], *dx[2], *dx3;
    uint32_t n[2];
    int keep;
    if (!precision16(ALPHA_VK_MATMUL_BF16)) { printf("    (skipped: no bf16 products)\n"); alpha_ctx_reset(ctx, mk); return; }
    xd = alpha_requires_grad(ctx, on_dev(x)); wd = alpha_requires_grad(ctx, on_dev(w));
    for (keep = 0; keep < 2; keep++) {
        gw[keep] = on_dev(alpha_zeros(ctx, ALPHA_F32, alpha_shape2(70, 90)));
        n[keep] = forward_backward_dispatches(keep, xd, wd, gyd, gw[keep], &dx[keep]);
    }
    CHECK(n[1] + 2 == n[0], "the backward reads the forward's copies of x and w: %u dispatches, %u without them", n[1], n[0]);
    CHECK(rel_err("kept dx", dx[0], dx[1]) == 0 && rel_err("kept dw", gw[0], gw[1]) == 0, "kept copies gave other values than new ones");
    CHECK(rel_err("kept dx", alpha_matmul(ctx, rounded(gy, ALPHA_BF16), alpha_transpose(ctx, rounded(w, ALPHA_BF16), 0, 1)), dx[1]) < 1e-5, "dx against the CPU");
    alpha_matmul(ctx, xd, wd);   /* grad mode on: keeps w's copy */
    CHECK(alpha_add_into(ctx, wd, on_dev(alpha_full(ctx, ALPHA_F32, alpha_shape2(70, 90), 1.0))) == ALPHA_OK, "w += 1: %s", alpha_ctx_last_error(ctx));
    dx3 = alpha_matmul(ctx, gyd, alpha_transpose(ctx, wd, 0, 1));
    CHECK(rel_err("after w += 1", alpha_matmul(ctx, rounded(gy, ALPHA_BF16), alpha_transpose(ctx, rounded(alpha_add_scalar(ctx, w, 1.0f), ALPHA_BF16), 0, 1)), dx3) < 1e-5,
          "a product read a kept copy of w from before w changed");
    alpha_tape_free(ctx);
    no_error("pack kept");
    CHECK(alpha_vk_set_matmul_precision(vk, ALPHA_VK_MATMUL_FP32) == ALPHA_OK, "back to fp32");
    emulate16(0);
    alpha_ctx_reset(ctx, mk);
}

/* every cooperative-matrix attention module (forward, both backward kernels; bf16 and f16; head
   sizes 16, 32, 64; binding and device address; the next block loaded ahead or not) builds,
   also where no device runs them */
TEST(test_attention_coop_modules) {
#ifdef TEST_HAVE_VOLK   /* the backend's internals exist only with ALPHA_VULKAN */
    static const uint32_t Ds[3] = {16, 32, 64};
    int kind, f16, bda, d;
    for (kind = 0; kind < 3; kind++)
        for (f16 = 0; f16 < 2; f16++)
            for (bda = 0; bda < 2; bda++)
                for (d = 0; d < 6; d++) {   /* d >= 3: with ALPHA__VKT_FA_PRE */
                    alpha_spirv_module *m = NULL;
                    const uint32_t *words = NULL;
                    size_t n = 0;
                    uint32_t v = Ds[d % 3] | ALPHA__VKT_FA_COOP | (f16 ? ALPHA__VKT_FA_F16 : 0u) | (d >= 3 ? ALPHA__VKT_FA_PRE : 0u);
                    alpha_result r = alpha__vkt_module(kind == 2 ? ALPHA__VKT_FAKV : ALPHA__VKT_FA, kind ? ALPHA_OP_ATTENTION_BACKWARD : ALPHA_OP_ATTENTION, v, bda, &m);
                    CHECK(r == ALPHA_OK && m && alpha_spirv_module_finish(m, &words, &n) == ALPHA_OK && n > 100, "coop attention kind %d variant %#x bda %d: %s",
                          kind, (unsigned)v, bda, m ? alpha_spirv_module_last_error(m) : alpha_result_str(r));
                    if (r == ALPHA_OK && words) {
                        char name[64];
                        snprintf(name, sizeof name, "built_fa%d_v%x_bda%d", kind, (unsigned)v, bda);
                        dump_module(name, words, n);
                    }
                    alpha_spirv_module_destroy(m);
                }
#endif
}

/* ---- profiling: timestamps per dispatch, summed per pipeline ---- */
TEST(test_profile) {
    alpha_vk *pv = NULL;
    alpha_vk_desc d;
    alpha_vk_buffer *a = NULL, *y = NULL;
    char text[4096];
    FILE *f = tmpfile();
    size_t n;
    int i;
    memset(&d, 0, sizeof d);
    d.flags = ALPHA_VK_DESC_PROFILE | (getenv("ALPHA_TEST_NO_VALIDATION") ? 0 : ALPHA_VK_DESC_VALIDATION);
    d.logger.func = vk_logger;
    CHECK(f && alpha_vk_create(&pv, &d) == ALPHA_OK, "profiling runtime: %s", pv ? alpha_vk_last_error(pv) : "");
    if (!f || !pv) goto done;
    CHECK(alpha_vk_buffer_create(pv, 4096, &a) == ALPHA_OK && alpha_vk_buffer_create(pv, 4096, &y) == ALPHA_OK, "buffers");
    for (i = 0; i < 3; i++) CHECK(alpha_vk_add(pv, a, a, y, 1024) == ALPHA_OK, "add");
    CHECK(alpha_vk_scale(pv, y, a, 2.0f, 1024) == ALPHA_OK, "scale");
    CHECK(alpha_vk_submit_and_wait(pv) == ALPHA_OK, "submit: %s", alpha_vk_last_error(pv));
    alpha_vk_profile_print(pv, f);
    rewind(f);
    n = fread(text, 1, sizeof text - 1, f);
    text[n] = 0;
    CHECK(strstr(text, "\"profile\":\"kernel_add\",\"dispatches\":3,") && strstr(text, "\"profile\":\"kernel_scale\",\"dispatches\":1,") &&
          strstr(text, "\"profile\":\"total\",\"dispatches\":4,\"untimed\":0,"), "profile lines:\n%s", text);
    alpha_vk_profile_reset(pv);
    rewind(f);
    alpha_vk_profile_print(pv, f);
    CHECK(alpha_vk_validation_messages(pv) == 0, "no validation message");
done:
    if (pv) { alpha_vk_buffer_free(pv, a); alpha_vk_buffer_free(pv, y); }
    alpha_vk_destroy(pv);
    if (f) fclose(f);
}

/* ---- tensors past 4 GiB of the arena (devices with buffer device addresses and the memory:
   not lavapipe, whose heap is 2 GiB; the H100 runs it) ---- */
TEST(test_past_4gib) {
    const alpha_vk_info *in = alpha_vk_get_info(vk);
    alpha_ctx *c = NULL;
    alpha_ctx_desc cd;
    alpha_backend b2;
    int d2 = 0;
    alpha_tensor *x, *w, *xd, *wd, *pad;
    if (!in->buffer_device_address || getenv("ALPHA_TEST_NO_BDA") || in->device_local_bytes < ((uint64_t)7 << 30)) {
        printf("    (skipped: needs the arena through its device address and 7 GiB of device memory)\n");
        return;
    }
    memset(&cd, 0, sizeof cd);
    cd.n_threads = 1; cd.logger.func = quiet;
    CHECK(alpha_ctx_create(&c, &cd) == ALPHA_OK && alpha_vk_backend(vk, (size_t)6 << 30, &b2) == ALPHA_OK &&
          alpha_ctx_add_device(c, &b2, &d2) == ALPHA_OK, "a 6 GiB arena: %s", alpha_vk_last_error(vk));
    if (!d2) { alpha_ctx_destroy(c); return; }
    alpha_ctx_set_device(c, d2);
    pad = alpha_empty(c, ALPHA_F32, alpha_shape1(((int64_t)9 << 30) / 8));   /* 4.5 GiB, never touched */
    alpha_ctx_set_device(c, 0);
    x = alpha_randn(c, alpha_shape2(300, 70), 0, 1); w = alpha_randn(c, alpha_shape2(70, 90), 0, 1);
    xd = alpha_to_device(c, x, d2); wd = alpha_to_device(c, w, d2);
    CHECK(pad && xd && wd, "tensors past 4 GiB: %s", alpha_ctx_last_error(c));
    if (xd && wd) {
        static float h0[300 * 90], h1[300 * 90];
        int64_t i, bad = 0;
        alpha_tensor *y0 = alpha_add(c, alpha_matmul(c, x, w), alpha_sum(c, x, ALPHA_AXIS(1), 1));
        alpha_tensor *y1 = alpha_add(c, alpha_matmul(c, xd, wd), alpha_sum(c, xd, ALPHA_AXIS(1), 1));
        CHECK(alpha_tensor_read(c, y0, h0, sizeof h0) == ALPHA_OK && alpha_tensor_read(c, y1, h1, sizeof h1) == ALPHA_OK, "read");
        for (i = 0; i < 300 * 90; i++) bad += fabsf(h0[i] - h1[i]) > 1e-4f * (1 + fabsf(h0[i]));
        CHECK(bad == 0, "%lld of %d values past 4 GiB differ from the CPU", (long long)bad, 300 * 90);
    }
    alpha_ctx_destroy(c);
}

/* ---- step capture: record once, replay with new inputs, no host work per op ---- */
TEST(test_capture_replay) {
    alpha_mark mk = alpha_ctx_mark(ctx);
    alpha_tensor *ac = rnd(alpha_shape2(33, 7), -2, 2), *bc = rnd(alpha_shape1(7), -1, 1);
    alpha_tensor *a = on_dev(ac), *b = on_dev(bc), *y = alpha_full_on(ctx, dev, ALPHA_F32, alpha_shape2(33, 7), 0.0);
    alpha_graph *g = NULL;
    alpha_mark start;
    uint64_t n_dispatch;
    float host[33 * 7];
    int round;
    CHECK(alpha_capture_begin(ctx, 0) == ALPHA_ERR_INVALID, "the CPU has no capture");
    alpha_ctx_clear_error(ctx);
    start = alpha_ctx_mark(ctx);
    CHECK(alpha_capture_begin(ctx, dev) == ALPHA_OK, "capture_begin: %s", alpha_ctx_last_error(ctx));
    CHECK(alpha_capture_begin(ctx, dev) == ALPHA_ERR_STATE, "a second capture_begin fails");
    alpha_ctx_clear_error(ctx);
    alpha_assign(ctx, y, alpha_add(ctx, alpha_mul(ctx, a, a), b));   /* y = a^2 + b (b broadcast) */
    CHECK(alpha_tensor_read(ctx, y, host, sizeof host) == ALPHA_ERR_STATE, "reading while capturing fails");
    CHECK(strstr(alpha_ctx_last_error(ctx), "captured") != NULL, "the message says why: %s", alpha_ctx_last_error(ctx));
    alpha_ctx_clear_error(ctx);
    CHECK(alpha_tensor_write(ctx, a, host, sizeof host) == ALPHA_ERR_STATE, "writing while capturing fails");
    alpha_ctx_clear_error(ctx);
    {
        alpha_rng_state r0 = {1, 0};
        CHECK(alpha_dropout_at(ctx, a, 0.5f, r0) == NULL && alpha_ctx_status(ctx) == ALPHA_ERR_UNSUPPORTED, "dropout is refused");
        alpha_ctx_clear_error(ctx);
    }
    CHECK(alpha_capture_end(ctx, &g) == ALPHA_OK && g, "capture_end: %s", alpha_ctx_last_error(ctx));
    alpha_ctx_reset(ctx, start);
    n_dispatch = alpha_ctx_dispatches(ctx, dev);
    for (round = 0; round < 3; round++) {
        alpha_tensor *want = alpha_add(ctx, alpha_mul(ctx, ac, ac), bc);   /* on the CPU */
        int64_t i, bad = 0;
        if (round > 0) {   /* new inputs, then one replay */
            alpha_ctx_reset(ctx, start);
            ac = rnd(alpha_shape2(33, 7), -2, 2);
            want = alpha_add(ctx, alpha_mul(ctx, ac, ac), bc);
            CHECK(alpha_tensor_write(ctx, a, alpha_tensor_data(ac), sizeof host) == ALPHA_OK, "write a");
            CHECK(alpha_graph_replay(ctx, g) == ALPHA_OK, "replay: %s", alpha_ctx_last_error(ctx));
        }
        CHECK(alpha_tensor_read(ctx, y, host, sizeof host) == ALPHA_OK, "read y");
        for (i = 0; i < 33 * 7; i++) bad += host[i] != ((float *)alpha_tensor_data(want))[i];
        CHECK(bad == 0, "round %d: %lld values differ from the CPU", round, (long long)bad);
    }
    CHECK(alpha_ctx_dispatches(ctx, dev) == n_dispatch, "replays record nothing on the host (%llu -> %llu)",
          (unsigned long long)n_dispatch, (unsigned long long)alpha_ctx_dispatches(ctx, dev));
    alpha_graph_destroy(ctx, g);
    no_error("capture");
    alpha_ctx_reset(ctx, mk);
}

/* ---- the trainer on the device: captured steps equal op-by-op steps bit for bit, and the CPU ---- */
static alpha_trainer *scaled_trainer(const int32_t *tokens, size_t n, int on_vk, int no_capture, float loss_scale) {
    alpha_trainer_desc td;
    alpha_backend b2;
    alpha_trainer *tr = NULL;
    memset(&td, 0, sizeof td);
    td.model.vocab_size = 29; td.model.block_size = 16; td.model.n_layer = 2; td.model.n_head = 2; td.model.n_embd = 16;
    td.batch_size = 3; td.seq_len = 13; td.accum_steps = 2; td.steps = 6; td.seed = 5; td.n_threads = 1;
    td.optim.lr = 3e-3f;
    td.logger.func = quiet;
    td.no_capture = no_capture;
    td.loss_scale = loss_scale;
    if (on_vk) {
        if (alpha_vk_backend(vk, 16u << 20, &b2) != ALPHA_OK) return NULL;
        td.device = &b2;
    }
    return alpha_trainer_create(&td, tokens, n, &tr) == ALPHA_OK ? tr : NULL;
}
static alpha_trainer *small_trainer(const int32_t *tokens, size_t n, int on_vk, int no_capture) {
    return scaled_trainer(tokens, n, on_vk, no_capture, 0.0f);
}
static int params_identical(alpha_trainer *a, alpha_trainer *b) {
    static float ha[1 << 14], hb[1 << 14];
    int i;
    for (i = 0; i < a->model->n_params; i++) {
        size_t bytes = (size_t)alpha_tensor_numel(a->model->params[i]) * 4;
        if (bytes > sizeof ha || alpha_tensor_read(a->ctx, a->model->params[i], ha, bytes) != ALPHA_OK ||
            alpha_tensor_read(b->ctx, b->model->params[i], hb, bytes) != ALPHA_OK || memcmp(ha, hb, bytes)) return 0;
    }
    return 1;
}
TEST(test_trainer_capture) {
    static int32_t tokens[3000];
    alpha_trainer *cpu, *eager, *cap;
    uint64_t cpu_kernels, after_first = 0;
    double worst = 0;
    size_t i;
    int step, same_loss = 1;
    for (i = 0; i < 3000; i++) tokens[i] = (int32_t)((i * 7 + (i / 13) * 3) % 29);
    cpu = small_trainer(tokens, 3000, 0, 0);
    eager = small_trainer(tokens, 3000, 1, 1);
    cap = small_trainer(tokens, 3000, 1, 0);
    CHECK(cpu && eager && cap, "trainers: %s", cap ? "" : alpha_vk_last_error(vk));
    if (!cpu || !eager || !cap) goto done;
    CHECK(alpha_ctx_device(cap->ctx) != 0 && cap->capture == 1 && eager->capture == 0, "the device trainer captures, the other does not");
    CHECK(cap->model->params[1]->storage == cap->model->params[0]->storage && cap->opt->flat[0] && eager->opt->flat[0],
          "the device trainers' optimizers use the flat layout");
    cpu_kernels = alpha_ctx_dispatches(cap->ctx, 0);
    for (step = 0; step < 6; step++) {
        alpha_step_stats s0, s1, s2;
        CHECK(alpha_trainer_step(cpu, &s0) == ALPHA_OK && alpha_trainer_step(eager, &s1) == ALPHA_OK &&
              alpha_trainer_step(cap, &s2) == ALPHA_OK, "step %d: %s %s", step, alpha_ctx_last_error(eager->ctx), alpha_ctx_last_error(cap->ctx));
        same_loss &= s1.loss == s2.loss && s1.grad_norm == s2.grad_norm;
        if (fabs(s0.loss - s2.loss) / fabs(s0.loss) > worst) worst = fabs(s0.loss - s2.loss) / fabs(s0.loss);
        if (step == 0) after_first = alpha_ctx_dispatches(cap->ctx, alpha_ctx_device(cap->ctx));
    }
    printf("    trainer: captured vs CPU loss error %.3g over 6 steps\n", worst);
    CHECK(same_loss, "captured and op-by-op steps give the same losses and norms");
    CHECK(params_identical(eager, cap), "captured and op-by-op steps give the same parameters bit for bit");
    CHECK(worst <= 1e-4, "captured steps follow the CPU: worst relative loss error %g", worst);
    CHECK(alpha_ctx_dispatches(cap->ctx, 0) == cpu_kernels, "no kernel ran on the CPU");
    CHECK(alpha_ctx_dispatches(cap->ctx, alpha_ctx_device(cap->ctx)) == after_first, "steps 2..6 were replays");
done:
    alpha_trainer_destroy(cpu);
    alpha_trainer_destroy(eager);
    alpha_trainer_destroy(cap);
    no_error("trainer capture");
}

/* the trainer with bf16 products (cooperative matrices, or the emulated tier on lavapipe) follows
   the CPU's f32 steps: the loss within 2% at each of 6 steps (the bf16 rounding shows, a wrong
   operand copy or layout would not stay that close), captured and replayed like fp32 */
TEST(test_trainer_bf16) {
    static int32_t tokens[3000];
    alpha_trainer *cpu = NULL, *bf = NULL;
    double worst = 0;
    size_t i;
    int step;
    if (!precision16(ALPHA_VK_MATMUL_BF16)) { printf("    (skipped: no bf16 products)\n"); return; }
    for (i = 0; i < 3000; i++) tokens[i] = (int32_t)((i * 7 + (i / 13) * 3) % 29);
    cpu = small_trainer(tokens, 3000, 0, 0);
    bf = small_trainer(tokens, 3000, 1, 0);
    CHECK(cpu && bf, "trainers: %s", alpha_vk_last_error(vk));
    for (step = 0; cpu && bf && step < 6; step++) {
        alpha_step_stats s0, s1;
        CHECK(alpha_trainer_step(cpu, &s0) == ALPHA_OK && alpha_trainer_step(bf, &s1) == ALPHA_OK, "step %d: %s", step, alpha_ctx_last_error(bf->ctx));
        if (fabs(s0.loss - s1.loss) / fabs(s0.loss) > worst) worst = fabs(s0.loss - s1.loss) / fabs(s0.loss);
    }
    printf("    trainer, bf16 products: worst relative loss error %.3g against the CPU's f32 over 6 steps\n", worst);
    CHECK(worst > 0 && worst < 0.02, "bf16 steps: worst relative loss error %g", worst);
    CHECK(bf && bf->capture == 1, "the bf16 trainer captures its step");
    alpha_trainer_destroy(cpu);
    alpha_trainer_destroy(bf);
    CHECK(alpha_vk_set_matmul_precision(vk, ALPHA_VK_MATMUL_FP32) == ALPHA_OK, "back to fp32");
    emulate16(0);
    no_error("trainer bf16");
}

/* f16 products with dynamic loss scaling. At 1024 the steps follow the CPU's f32 steps (loss
   within 2% at each of 6). At 2^24 the 16-bit copies of the gradients overflow (f16 tops out at
   65504): the first steps are skipped, each halving the scale, until one fits; the step is
   captured again at each new scale, and training goes on with finite losses. */
TEST(test_trainer_f16_loss_scale) {
    static int32_t tokens[3000];
    alpha_trainer *cpu = NULL, *f16 = NULL;
    double worst = 0;
    size_t i;
    int step, skipped = 0, good = 0, halved = 1;
    if (!precision16(ALPHA_VK_MATMUL_F16)) { printf("    (skipped: no f16 products)\n"); return; }
    for (i = 0; i < 3000; i++) tokens[i] = (int32_t)((i * 7 + (i / 13) * 3) % 29);
    cpu = small_trainer(tokens, 3000, 0, 0);
    f16 = scaled_trainer(tokens, 3000, 1, 0, 1024.0f);
    CHECK(cpu && f16, "trainers: %s", alpha_vk_last_error(vk));
    for (step = 0; cpu && f16 && step < 6; step++) {
        alpha_step_stats s0, s1;
        CHECK(alpha_trainer_step(cpu, &s0) == ALPHA_OK && alpha_trainer_step(f16, &s1) == ALPHA_OK, "step %d: %s", step, alpha_ctx_last_error(f16->ctx));
        CHECK(!s1.skipped && s1.loss_scale == 1024.0f, "step %d at 1024: skipped %d, scale %g", step, s1.skipped, (double)s1.loss_scale);
        if (fabs(s0.loss - s1.loss) / fabs(s0.loss) > worst) worst = fabs(s0.loss - s1.loss) / fabs(s0.loss);
    }
    alpha_trainer_destroy(f16);
    f16 = scaled_trainer(tokens, 3000, 1, 0, 16777216.0f);
    CHECK(f16 != NULL, "trainer: %s", alpha_vk_last_error(vk));
    for (step = 0; f16 && step < 40 && good < 4; step++) {
        alpha_step_stats s1;
        CHECK(alpha_trainer_step(f16, &s1) == ALPHA_OK && s1.loss == s1.loss, "step %d: %s", step, alpha_ctx_last_error(f16->ctx));
        if (s1.skipped) { skipped++; halved &= !good && f16->loss_scale == s1.loss_scale * 0.5f; }
        else good++;
    }
    printf("    trainer, f16 products: worst relative loss error %.3g against the CPU over 6 steps at scale 1024; at 2^24, %d steps skipped (-> %g)\n",
           worst, skipped, f16 ? (double)f16->loss_scale : 0.0);
    CHECK(worst > 0 && worst < 0.02, "f16 at scale 1024: worst relative loss error %g", worst);
    CHECK(skipped > 0 && halved && good == 4, "f16 from 2^24: %d skipped (each halving: %d), then %d good steps", skipped, halved, good);
    CHECK(f16 && f16->capture == 1 && f16->graph != NULL && f16->graph_scale == f16->loss_scale, "the step is captured at the current scale");
    alpha_trainer_destroy(cpu);
    alpha_trainer_destroy(f16);
    CHECK(alpha_vk_set_matmul_precision(vk, ALPHA_VK_MATMUL_FP32) == ALPHA_OK, "back to fp32");
    emulate16(0);
    no_error("trainer f16 loss scale");
}

/* AdamW over flat buffers on the device: a step is 4 kernels (the norm, its copy into the
   optimizer's tensor, the decayed range, the rest) instead of 3 per parameter; it equals the
   per-tensor optimizer bit for bit without clipping, and the CPU's flat optimizer within 1e-5 */
#define OPT_N 12
TEST(test_adamw_flat_dispatches) {
    alpha_mark mk = alpha_ctx_mark(ctx);
    alpha_tensor *host[OPT_N], *a[OPT_N], *b[OPT_N], *c[OPT_N];
    alpha_adamw *fa = NULL, *fb = NULL, *fc = NULL;
    alpha_adamw_desc od;
    static float g[4096];
    uint64_t per_flat = 0, per_tensor = 0, zero_flat = 0, zero_tensor = 0, d0;
    int i, k, step, clip;
    for (clip = 0; clip < 2; clip++) {
        alpha_mark m2 = alpha_ctx_mark(ctx);
        for (i = 0; i < OPT_N; i++) {   /* GPT-like: [C, 3C] weights, [3C] biases, [C] norms, odd sizes */
            alpha_shape s = i % 3 == 0 ? alpha_shape2(17 + i, 51) : i % 3 == 1 ? alpha_shape1(51 + i) : alpha_shape1(17);
            host[i] = rnd(s, -1, 1);
            a[i] = alpha_requires_grad(ctx, on_dev(host[i]));
            b[i] = alpha_requires_grad(ctx, on_dev(host[i]));
            c[i] = alpha_requires_grad(ctx, alpha_copy(ctx, host[i]));
        }
        a[3]->name = b[3]->name = c[3]->name = "wte";
        memset(&od, 0, sizeof od);
        od.clip_norm = clip ? 0.25f : -1.0f;
        CHECK(alpha_adamw_create(ctx, a, OPT_N, &od, &fa) == ALPHA_OK && alpha_adamw_create(ctx, c, OPT_N, &od, &fc) == ALPHA_OK, "create (flat)");
        od.separate_storage = 1;
        CHECK(alpha_adamw_create(ctx, b, OPT_N, &od, &fb) == ALPHA_OK, "create (per tensor)");
        if (!fa || !fb || !fc) break;
        CHECK(a[1]->storage == a[0]->storage && a[0]->storage != b[0]->storage && c[1]->storage == c[0]->storage, "flat on the device and the CPU");
        for (step = 0; step < 3; step++) {
            for (i = 0; i < OPT_N; i++) {
                int64_t n = alpha_tensor_numel(a[i]);
                for (k = 0; k < n; k++) g[k] = frand(-2, 2);
                alpha_tensor_from_f32(ctx, a[i]->grad, g, n);
                alpha_tensor_from_f32(ctx, b[i]->grad, g, n);
                alpha_tensor_from_f32(ctx, c[i]->grad, g, n);
            }
            alpha_adamw_prepare(fa, 0.01f); alpha_adamw_prepare(fb, 0.01f); alpha_adamw_prepare(fc, 0.01f);
            d0 = alpha_ctx_dispatches(ctx, dev);
            alpha_adamw_record(fa, 0.5f);
            per_flat = alpha_ctx_dispatches(ctx, dev) - d0;
            d0 = alpha_ctx_dispatches(ctx, dev);
            alpha_adamw_record(fb, 0.5f);
            per_tensor = alpha_ctx_dispatches(ctx, dev) - d0;
            alpha_adamw_record(fc, 0.5f);
            CHECK(alpha_adamw_finish(fa, NULL) == ALPHA_OK && alpha_adamw_finish(fb, NULL) == ALPHA_OK &&
                  alpha_adamw_finish(fc, NULL) == ALPHA_OK, "finish: %s", alpha_ctx_last_error(ctx));
        }
        for (i = 0; i < OPT_N; i++) {
            if (!clip) identical("flat vs per-tensor AdamW on the device", b[i], a[i]);
            same("flat AdamW on the device vs the CPU", c[i], a[i]);
            same("flat AdamW: m", fc->m[i], fa->m[i]);
            same("flat AdamW: v", fc->v[i], fa->v[i]);
        }
        d0 = alpha_ctx_dispatches(ctx, dev);
        alpha_adamw_zero_grad(fa);
        zero_flat = alpha_ctx_dispatches(ctx, dev) - d0;
        d0 = alpha_ctx_dispatches(ctx, dev);
        alpha_adamw_zero_grad(fb);
        zero_tensor = alpha_ctx_dispatches(ctx, dev) - d0;
        no_error("flat AdamW");
        alpha_ctx_reset(ctx, m2);
        fa = fb = fc = NULL;
    }
    printf("    AdamW step on the device, %d parameters: %llu dispatches flat, %llu per tensor; zero_grad %llu vs %llu\n", OPT_N,
           (unsigned long long)per_flat, (unsigned long long)per_tensor, (unsigned long long)zero_flat, (unsigned long long)zero_tensor);
    CHECK(per_flat == 4 && per_tensor == 3 * OPT_N, "optimizer dispatches: %llu flat, %llu per tensor",
          (unsigned long long)per_flat, (unsigned long long)per_tensor);
    CHECK(zero_flat == 1 && zero_tensor == OPT_N, "zero_grad dispatches: %llu flat, %llu per tensor", (unsigned long long)zero_flat,
          (unsigned long long)zero_tensor);
    alpha_ctx_reset(ctx, mk);
}

TEST(test_unsupported_no_fallback) {
    alpha_mark mk = alpha_ctx_mark(ctx);
    alpha_tensor *c = rnd(alpha_shape2(3, 8), -1, 1), *d = on_dev(c), *y;
    uint64_t cpu = alpha_ctx_dispatches(ctx, 0);
    y = alpha_full_on(ctx, dev, ALPHA_F16, alpha_shape1(5), 1.0);   /* 16-bit fill: no kernel */
    CHECK(y == NULL && alpha_ctx_status(ctx) == ALPHA_ERR_UNSUPPORTED, "fill f16: %s", alpha_ctx_last_error(ctx));
    CHECK(strstr(alpha_ctx_last_error(ctx), "fill") != NULL, "message: %s", alpha_ctx_last_error(ctx));
    alpha_ctx_clear_error(ctx);
    CHECK(alpha_ctx_dispatches(ctx, 0) == cpu, "%llu kernels ran on the CPU", (unsigned long long)(alpha_ctx_dispatches(ctx, 0) - cpu));
    {   /* a chain of supported ops runs nothing on the CPU and everything on the device */
        uint64_t dv = alpha_ctx_dispatches(ctx, dev);
        alpha_tensor *w = alpha_full_on(ctx, dev, ALPHA_F32, alpha_shape2(8, 5), 0.5);
        alpha_tensor *h = alpha_gelu(ctx, alpha_matmul(ctx, d, w));
        double s = alpha_tensor_item(ctx, alpha_sum(ctx, alpha_softmax(ctx, h, -1), ALPHA_ALL_AXES, 0));
        CHECK(fabs(s - 3.0) < 1e-5, "softmax rows add up to 1: %g", s);
        CHECK(alpha_ctx_dispatches(ctx, 0) == cpu, "%llu kernels ran on the CPU", (unsigned long long)(alpha_ctx_dispatches(ctx, 0) - cpu));
        CHECK(alpha_ctx_dispatches(ctx, dev) >= dv + 5, "device dispatches %llu", (unsigned long long)(alpha_ctx_dispatches(ctx, dev) - dv));
    }
    no_error("chain");
    alpha_ctx_reset(ctx, mk);
}

TEST(test_mark_reset) {
    size_t top = be.mark(be.user);
    alpha_mark mk = alpha_ctx_mark(ctx);
    alpha_tensor *t;
    alpha_ctx_set_device(ctx, dev);
    t = alpha_zeros(ctx, ALPHA_F32, alpha_shape2(100, 100));
    alpha_ctx_set_device(ctx, 0);
    CHECK(t && be.mark(be.user) >= top + 40000, "device allocation: %zu -> %zu", top, be.mark(be.user));
    CHECK(alpha_vk_backend_peak(&be) >= be.mark(be.user), "peak %zu covers what is in use, %zu", alpha_vk_backend_peak(&be), be.mark(be.user));
    alpha_ctx_reset(ctx, mk);
    CHECK(be.mark(be.user) == top, "reset frees device memory: %zu, was %zu", be.mark(be.user), top);
    CHECK(alpha_vk_backend_peak(&be) >= top + 40000, "the peak stays after a reset: %zu", alpha_vk_backend_peak(&be));
    {   /* a fresh backend: its peak is its tensors, then a split product's partial sums above them */
        alpha_ctx *c = NULL;
        alpha_ctx_desc cd;
        alpha_backend b2;
        int d2 = 0;
        memset(&cd, 0, sizeof cd);
        cd.n_threads = 1; cd.logger.func = quiet;
        CHECK(alpha_ctx_create(&c, &cd) == ALPHA_OK && alpha_vk_backend(vk, (size_t)1 << 20, &b2) == ALPHA_OK &&
              alpha_ctx_add_device(c, &b2, &d2) == ALPHA_OK, "a second backend: %s", alpha_vk_last_error(vk));
        if (d2) {
            alpha_tensor *a = alpha_full_on(c, d2, ALPHA_F32, alpha_shape2(40, 1000), 1.0), *w = alpha_full_on(c, d2, ALPHA_F32, alpha_shape2(1000, 30), 1.0);
            size_t in_use = b2.mark(b2.user);
            CHECK(alpha_vk_backend_peak(&b2) == in_use && in_use >= (40 + 30) * 1000 * 4, "peak %zu = in use %zu", alpha_vk_backend_peak(&b2), in_use);
            CHECK(a && w && alpha_matmul(c, a, w) != NULL, "split product: %s", alpha_ctx_last_error(c));
            /* 40 x 30 outputs, 3 chunks of k (see test_matmul_long_k) */
            CHECK(alpha_vk_backend_peak(&b2) >= b2.mark(b2.user) + 3 * 40 * 30 * 4, "peak %zu with the partial sums (in use %zu)",
                  alpha_vk_backend_peak(&b2), b2.mark(b2.user));
        }
        alpha_ctx_destroy(c);
    }
    CHECK(alpha_vk_backend_peak(NULL) == 0, "no backend, no peak");
    t = alpha_full_on(ctx, dev, ALPHA_F32, alpha_shape2(1 << 14, 1 << 14), 1.0);   /* 1 GiB: more than the arena */
    CHECK(t == NULL && alpha_ctx_status(ctx) == ALPHA_ERR_OOM, "oversized allocation: %s", alpha_result_str(alpha_ctx_status(ctx)));
    CHECK(strstr(alpha_ctx_last_error(ctx), "out of memory") && strstr(alpha_ctx_last_error(ctx), alpha_ctx_device_name(ctx, dev)) &&
          strstr(alpha_ctx_last_error(ctx), alpha_vk_get_info(vk)->device_name), "the message names the device: %s", alpha_ctx_last_error(ctx));
    CHECK(strstr(alpha_vk_last_error(vk), "arena") != NULL, "the runtime says the arena is full: %s", alpha_vk_last_error(vk));
    alpha_ctx_clear_error(ctx);
    alpha_ctx_reset(ctx, mk);
    CHECK(be.mark(be.user) == top, "after the failed allocation: %zu, was %zu", be.mark(be.user), top);
    no_error("mark/reset");
}

/* mixing devices in one op: ALPHA_ERR_INVALID naming both devices, nothing copied behind the
   caller's back; the CPU and each device go on working. Devices: the CPU, this runtime's backend
   and a backend of a second runtime (its own VkDevice) in one context. */
static int mixed_fails(alpha_ctx *c, alpha_tensor *y, const char *what, const char *name_a, int dev_a, const char *name_b, int dev_b) {
    const char *msg = alpha_ctx_last_error(c);
    char da[32], db[32];
    int ok;
    snprintf(da, sizeof da, "(device %d)", dev_a);
    snprintf(db, sizeof db, "(device %d)", dev_b);
    ok = y == NULL && alpha_ctx_status(c) == ALPHA_ERR_INVALID && strstr(msg, "different devices") && strstr(msg, name_a) &&
         strstr(msg, name_b) && strstr(msg, da) && strstr(msg, db);
    CHECK(ok, "%s: %s: %s", what, alpha_result_str(alpha_ctx_status(c)), msg);
    alpha_ctx_clear_error(c);
    return ok;
}
TEST(test_mixed_devices) {
    alpha_vk *vk2 = NULL;
    alpha_vk_desc d;
    alpha_ctx *c = NULL;
    alpha_ctx_desc cd;
    alpha_backend b1, b2;
    int d1 = 0, d2 = 0;
    uint64_t cpu0, dev0;
    alpha_result r;
    memset(&d, 0, sizeof d);
    d.flags = (getenv("ALPHA_TEST_NO_VALIDATION") ? 0 : ALPHA_VK_DESC_VALIDATION) | (getenv("ALPHA_TEST_NO_BDA") ? ALPHA_VK_DESC_NO_BDA : 0);
    d.logger.func = vk_logger;
    memset(&cd, 0, sizeof cd);
    cd.seed = 1; cd.n_threads = 1; cd.logger.func = quiet;
    r = alpha_vk_create(&vk2, &d);
    CHECK(r == ALPHA_OK, "a second runtime: %s", alpha_vk_last_error(vk2));
    if (r == ALPHA_OK) r = alpha_ctx_create(&c, &cd);
    if (r == ALPHA_OK) r = alpha_vk_backend(vk, 1u << 20, &b1);
    if (r == ALPHA_OK) r = alpha_ctx_add_device(c, &b1, &d1);
    if (r == ALPHA_OK) r = alpha_vk_backend(vk2, 1u << 20, &b2);
    if (r == ALPHA_OK) r = alpha_ctx_add_device(c, &b2, &d2);
    CHECK(r == ALPHA_OK && d1 == 1 && d2 == 2, "a context with two Vulkan devices: %s", alpha_result_str(r));
    if (r == ALPHA_OK) {
        float h[12];
        int i;
        alpha_tensor *x, *a, *b, *y;
        for (i = 0; i < 12; i++) h[i] = (float)i - 4.5f;
        x = alpha_from_data(c, ALPHA_F32, alpha_shape2(3, 4), h);
        a = alpha_to_device(c, x, d1);
        b = alpha_to_device(c, x, d2);
        CHECK(x && a && b && alpha_ctx_status(c) == ALPHA_OK, "tensors on the CPU and both devices: %s", alpha_ctx_last_error(c));
        if (!x || !a || !b) goto done;
        CHECK(strncmp(alpha_ctx_device_name(c, d1), "vulkan:", 7) == 0 && strstr(alpha_ctx_device_name(c, d1), alpha_vk_get_info(vk)->device_name),
              "the backend is named after the device: %s", alpha_ctx_device_name(c, d1));
        cpu0 = alpha_ctx_dispatches(c, 0); dev0 = alpha_ctx_dispatches(c, d1) + alpha_ctx_dispatches(c, d2);
        mixed_fails(c, alpha_add(c, x, a), "cpu + vulkan", "cpu", 0, alpha_ctx_device_name(c, d1), d1);
        mixed_fails(c, alpha_add(c, a, x), "vulkan + cpu", alpha_ctx_device_name(c, d1), d1, "cpu", 0);
        mixed_fails(c, alpha_add(c, a, b), "vulkan + the other vulkan", alpha_ctx_device_name(c, d2), d2, alpha_ctx_device_name(c, d1), d1);
        mixed_fails(c, alpha_matmul(c, b, alpha_transpose(c, a, 0, 1)), "matmul across the two runtimes", alpha_ctx_device_name(c, d1), d1,
                    alpha_ctx_device_name(c, d2), d2);
        mixed_fails(c, alpha_where(c, alpha_full_on(c, d1, ALPHA_I32, alpha_shape2(3, 4), 1), b, a), "where: an i32 mask on another device",
                    alpha_ctx_device_name(c, d1), d1, alpha_ctx_device_name(c, d2), d2);
        CHECK(alpha_ctx_dispatches(c, 0) == cpu0, "no kernel ran on the CPU");
        CHECK(alpha_ctx_dispatches(c, d1) + alpha_ctx_dispatches(c, d2) <= dev0 + 1, "no op ran across devices (the i32 fill aside)");
        /* each device and the CPU still work, and an explicit move makes the op legal */
        y = alpha_add(c, a, alpha_to_device(c, b, d1));
        CHECK(y && alpha_tensor_device(y) == d1 && fabs(alpha_tensor_item(c, alpha_sum(c, y, ALPHA_ALL_AXES, 0)) - 2.0 * 12) < 1e-5,
              "after the move: %s", alpha_ctx_last_error(c));
        y = alpha_mul(c, b, b);
        CHECK(y && alpha_tensor_device(y) == d2 && fabs(alpha_tensor_item(c, alpha_sum(c, y, ALPHA_ALL_AXES, 0)) - 155.0) < 1e-4,
              "the second device: %s", alpha_ctx_last_error(c));
        y = alpha_add(c, x, x);
        CHECK(y && alpha_tensor_device(y) == 0 && fabs(alpha_tensor_item(c, alpha_sum(c, y, ALPHA_ALL_AXES, 0)) - 2.0 * 12) < 1e-5,
              "the CPU: %s", alpha_ctx_last_error(c));
        CHECK(alpha_ctx_status(c) == ALPHA_OK, "%s", alpha_ctx_last_error(c));
    }
done:
    alpha_ctx_destroy(c);
    CHECK(alpha_vk_validation_messages(vk2) == 0, "%u validation messages on the second runtime", alpha_vk_validation_messages(vk2));
    alpha_vk_destroy(vk2);
}

TEST(test_validation_clean) {
    CHECK(alpha_vk_validation_messages(vk) == 0, "%u validation messages", alpha_vk_validation_messages(vk));
}

int main(void) {
    alpha_vk_desc d;
    alpha_ctx_desc cd;
    alpha_result r;
    if (access("/usr/share/vulkan/icd.d/lvp_icd.x86_64.json", R_OK) == 0)
        setenv("VK_ICD_FILENAMES", "/usr/share/vulkan/icd.d/lvp_icd.x86_64.json", 0);
#ifndef TEST_HAVE_VOLK
    printf("skip: volk.h not found at build time (Debian: libvulkan-volk-dev libvulkan-dev)\n");
    return test_summary();
#endif
    memset(&d, 0, sizeof d);
    d.flags = (getenv("ALPHA_TEST_NO_VALIDATION") ? 0 : ALPHA_VK_DESC_VALIDATION) | (getenv("ALPHA_TEST_NO_BDA") ? ALPHA_VK_DESC_NO_BDA : 0);
    d.logger.func = vk_logger;
    r = alpha_vk_create(&vk, &d);
    if (r != ALPHA_OK) {
        printf("skip: %s\n", vk ? alpha_vk_last_error(vk) : alpha_result_str(r));
        alpha_vk_destroy(vk);
        return test_summary();
    }
    printf("device: %s (validation %s, arena through %s)\n", alpha_vk_get_info(vk)->device_name, alpha_vk_get_info(vk)->validation ? "on" : "off",
           alpha_vk_get_info(vk)->buffer_device_address && !getenv("ALPHA_TEST_NO_BDA") ? "its device address" : "a storage-buffer binding");
    memset(&cd, 0, sizeof cd);
    cd.seed = 3; cd.n_threads = 1; cd.logger.func = quiet;
    if (alpha_ctx_create(&ctx, &cd) != ALPHA_OK || alpha_vk_backend(vk, 32u << 20, &be) != ALPHA_OK ||
        alpha_ctx_add_device(ctx, &be, &dev) != ALPHA_OK) {
        printf("FAIL setup: %s / %s\n", ctx ? alpha_ctx_last_error(ctx) : "no context", alpha_vk_last_error(vk));
        return 1;
    }
    RUN(test_fill);
    RUN(test_copy_layouts);
    RUN(test_binary_broadcast);
    RUN(test_unary);
    RUN(test_softmax);
    RUN(test_matmul);
    RUN(test_matmul_long_k);
    RUN(test_matmul_coopmat);
    RUN(test_matmul_coopmat_modules);
    RUN(test_reductions);
    RUN(test_nn_forward);
    RUN(test_unary_backward);
    RUN(test_adamw);
    RUN(test_where);
    RUN(test_dropout);
    RUN(test_cast);
    RUN(test_cast16_every_pattern);
    RUN(test_cast16_special_values);
    RUN(test_cast16_layouts);
    RUN(test_sum_squares);
    RUN(test_cross_entropy);
    RUN(test_layernorm_backward);
    RUN(test_add_layernorm);
    RUN(test_embedding_backward);
    RUN(test_topk_scatter);
    RUN(test_gpt_step_on_vulkan_equals_cpu);
    RUN(test_attention);
    RUN(test_attention_coop);
    RUN(test_accumulate_into);
    RUN(test_pack_reuse);
    RUN(test_pack_kept);
    RUN(test_attention_coop_modules);
    RUN(test_profile);
    RUN(test_past_4gib);
    RUN(test_capture_replay);
    RUN(test_trainer_capture);
    RUN(test_trainer_bf16);
    RUN(test_trainer_f16_loss_scale);
    RUN(test_adamw_flat_dispatches);
    RUN(test_unsupported_no_fallback);
    RUN(test_mark_reset);
    RUN(test_mixed_devices);
    RUN(test_validation_clean);
    alpha_ctx_destroy(ctx);   /* destroys the backend (frees the arena) */
    alpha_vk_destroy(vk);
    return test_summary();
}
