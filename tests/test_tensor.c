/* Forward ops of alpha_tensor.h against naive double-precision references, on random shapes
   with odd sizes, broadcasting and non-contiguous views; errors; arenas; RNG; dtypes. */
#define ALPHA_TENSOR_IMPLEMENTATION
#include "alpha_tensor.h"
#include "test.h"
#include <stdlib.h>
#include <string.h>

static alpha_ctx *ctx;
static uint64_t rs = 12345;
static int rnd(int n) { rs = rs * 6364136223846793005ull + 1442695040888963407ull; return (int)((rs >> 33) % (uint64_t)n); }
static float rndf(void) { return (float)rnd(2000001) / 1000000.0f - 1.0f; }

static alpha_tensor *randt(alpha_shape s) {
    alpha_tensor *t = alpha_empty(ctx, ALPHA_F32, s);
    int64_t i, n = alpha_tensor_numel(t);
    for (i = 0; i < n; i++) ((float *)t->storage->data)[i] = rndf();
    return t;
}
/* element of t at the flat row-major index i, read through its strides */
static double at(const alpha_tensor *t, int64_t i) {
    int64_t idx[ALPHA_MAX_DIMS];
    int d;
    for (d = t->ndim - 1; d >= 0; d--) { idx[d] = i % t->shape[d]; i /= t->shape[d]; }
    return alpha_tensor_get(ctx, t, idx);
}
/* element of t broadcast to `shape` at the flat index i of that shape */
static double at_bc(const alpha_tensor *t, const alpha_shape *s, int64_t i) {
    int64_t idx[ALPHA_MAX_DIMS], ti[ALPHA_MAX_DIMS];
    int d, lead = s->ndim - t->ndim;
    for (d = s->ndim - 1; d >= 0; d--) { idx[d] = i % s->d[d]; i /= s->d[d]; }
    for (d = 0; d < t->ndim; d++) ti[d] = t->shape[d] == 1 ? 0 : idx[d + lead];
    return alpha_tensor_get(ctx, t, ti);
}
static int close_rel(double a, double b, double tol) { return fabs(a - b) <= tol * (1.0 + fabs(b)) || (a != a && b != b); }
/* a random shape of ndim dims with sizes 1..max */
static alpha_shape rshape(int ndim, int max) {
    alpha_shape s;
    int d;
    memset(&s, 0, sizeof s);
    s.ndim = ndim;
    for (d = 0; d < ndim; d++) s.d[d] = 1 + rnd(max);
    return s;
}
/* A non-contiguous tensor of shape s: a transposed copy of a random tensor, viewed back. */
static alpha_tensor *rand_noncontig(alpha_shape s) {
    alpha_shape t = s;
    alpha_tensor *base;
    if (s.ndim < 2) { /* a strided slice */
        alpha_shape big = s;
        big.d[0] = s.d[0] * 2;
        return alpha_slice(ctx, randt(big), 0, 0, big.d[0], 2);
    }
    t.d[0] = s.d[1]; t.d[1] = s.d[0];
    base = randt(t);
    return alpha_transpose(ctx, base, 0, 1);
}

TEST(test_f16_bf16_conversions) {
    uint32_t h;
    int bad = 0;
    /* every f16 value round-trips exactly through f32 */
    for (h = 0; h < 65536; h++) {
        float f = alpha_f16_to_f32((uint16_t)h);
        uint16_t back = alpha_f32_to_f16(f);
        if (f == f && back != h) bad++;
        if (f != f && (back & 0x7C00) != 0x7C00) bad++;
    }
    CHECK(bad == 0, "%d f16 values do not round-trip", bad);
    /* rounding to nearest even at halfway points, subnormals, overflow */
    CHECK(alpha_f32_to_f16(1.0f + 1.0f / 2048) == 0x3C00, "1+2^-11 rounds to even (1.0): %04x", alpha_f32_to_f16(1.0f + 1.0f / 2048));
    CHECK(alpha_f32_to_f16(1.0f + 3.0f / 2048) == 0x3C02, "1+3*2^-11 rounds up to even: %04x", alpha_f32_to_f16(1.0f + 3.0f / 2048));
    CHECK(alpha_f32_to_f16(65520.0f) == 0x7C00, "65520 overflows to inf");
    CHECK(alpha_f32_to_f16(65519.0f) == 0x7BFF, "65519 rounds to max");
    CHECK(alpha_f32_to_f16(5.9604645e-8f) == 0x0001, "smallest subnormal");
    CHECK(alpha_f32_to_f16(2.9802322e-8f) == 0x0000, "half the smallest subnormal rounds to even zero");
    CHECK(alpha_f32_to_f16(4.4703484e-8f) == 0x0001, "0.75 of smallest subnormal rounds up");
    CHECK(alpha_f32_to_f16(-0.0f) == 0x8000, "negative zero");
    /* against a double-precision reference on random floats */
    for (h = 0; h < 200000; h++) {
        float f = (float)ldexp(rndf(), rnd(40) - 26);
        double ref = alpha_f16_to_f32(alpha_f32_to_f16(f)), best = 1e30;
        int k;
        /* nearest f16 by search among neighbours */
        uint16_t c = alpha_f32_to_f16(f);
        for (k = -1; k <= 1; k++) {
            float g = alpha_f16_to_f32((uint16_t)(c + k));
            if (fabs((double)g - f) < best) best = fabs((double)g - f);
        }
        if (fabs(ref - f) > best) bad++;
    }
    CHECK(bad == 0, "%d f32->f16 conversions are not nearest", bad);
    /* bf16 */
    CHECK(alpha_f32_to_bf16(1.0f) == 0x3F80, "bf16 1.0");
    {
        uint32_t x = 0x3F808000u; float f; memcpy(&f, &x, 4);       /* exactly halfway, even below */
        CHECK(alpha_f32_to_bf16(f) == 0x3F80, "bf16 tie to even down");
        x = 0x3F818000u; memcpy(&f, &x, 4);
        CHECK(alpha_f32_to_bf16(f) == 0x3F82, "bf16 tie to even up");
        x = 0x3F808001u; memcpy(&f, &x, 4);
        CHECK(alpha_f32_to_bf16(f) == 0x3F81, "bf16 above half rounds up");
    }
    CHECK(alpha_bf16_to_f32(alpha_f32_to_bf16(NAN)) != alpha_bf16_to_f32(alpha_f32_to_bf16(NAN)), "bf16 keeps nan");
    CHECK(alpha_bf16_to_f32(alpha_f32_to_bf16(INFINITY)) == INFINITY, "bf16 keeps inf");
}

TEST(test_philox_known_answers) {
    /* Random123 known-answer vectors for Philox-4x32-10 */
    uint32_t c0[4] = {0, 0, 0, 0}, k0[2] = {0, 0}, e0[4] = {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u};
    uint32_t c1[4] = {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, k1[2] = {0xffffffffu, 0xffffffffu},
             e1[4] = {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu};
    uint32_t c2[4] = {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, k2[2] = {0xa4093822u, 0x299f31d0u},
             e2[4] = {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u};
    uint32_t o[4];
    alpha__philox4(c0, k0, o); CHECK(!memcmp(o, e0, 16), "zero vector: %08x %08x", o[0], o[1]);
    alpha__philox4(c1, k1, o); CHECK(!memcmp(o, e1, 16), "ones vector: %08x %08x", o[0], o[1]);
    alpha__philox4(c2, k2, o); CHECK(!memcmp(o, e2, 16), "pi vector: %08x %08x", o[0], o[1]);
}

TEST(test_rng_reproducible) {
    alpha_rng_state st = alpha_ctx_rng(ctx);
    alpha_tensor *a = alpha_randn(ctx, alpha_shape2(100, 37), 0, 1), *b, *u;
    float va[3700], vb[3700], vu[10000];
    double mean = 0, var = 0;
    int i;
    alpha_ctx_set_rng(ctx, st);
    b = alpha_randn(ctx, alpha_shape2(100, 37), 0, 1);
    alpha_tensor_to_f32(ctx, a, va, 3700);
    alpha_tensor_to_f32(ctx, b, vb, 3700);
    CHECK(!memcmp(va, vb, sizeof va), "same RNG state gives the same numbers");
    for (i = 0; i < 3700; i++) { mean += va[i]; var += (double)va[i] * va[i]; }
    mean /= 3700; var = var / 3700 - mean * mean;
    CHECK(fabs(mean) < 0.06 && fabs(var - 1) < 0.08, "randn mean %g var %g", mean, var);
    /* element i is a function of (seed, offset + i) alone: a second call continues the stream */
    alpha_ctx_set_rng(ctx, st);
    alpha_randn(ctx, alpha_shape1(3000), 0, 1);
    b = alpha_randn(ctx, alpha_shape1(700), 0, 1);
    alpha_tensor_to_f32(ctx, b, vb, 700);
    CHECK(!memcmp(va + 3000, vb, 700 * sizeof(float)), "counter-based: offsets continue");
    u = alpha_rand(ctx, alpha_shape1(10000), -2, 3);
    alpha_tensor_to_f32(ctx, u, vu, 10000);
    mean = 0;
    for (i = 0; i < 10000; i++) { CHECK(vu[i] >= -2 && vu[i] < 3, "rand range %g", vu[i]); mean += vu[i]; }
    CHECK(fabs(mean / 10000 - 0.5) < 0.05, "rand mean %g", mean / 10000);
}

TEST(test_creation_and_views) {
    alpha_tensor *a = alpha_arange(ctx, ALPHA_F32, 0, 24, 1), *b, *c, *d, *e;
    int64_t i;
    CHECK(alpha_tensor_numel(a) == 24, "arange numel");
    b = alpha_reshape(ctx, a, alpha_shape3(2, 3, 4));
    CHECK(b->storage == a->storage, "reshape of contiguous is a view");
    c = alpha_transpose(ctx, b, 0, 2);             /* [4,3,2] */
    CHECK(c->storage == a->storage && !alpha_tensor_is_contiguous(c), "transpose is a view");
    CHECK(at(c, 1) == 12 && at(c, 2) == 4, "transpose values %g %g", at(c, 1), at(c, 2));
    d = alpha_reshape(ctx, c, alpha_shape2(4, 6));  /* needs a copy */
    CHECK(d->storage != a->storage && alpha_tensor_is_contiguous(d), "reshape of non-contiguous copies");
    for (i = 0; i < 24; i++) CHECK(at(d, i) == at(c, i), "reshape copy value %lld", (long long)i);
    e = alpha_slice(ctx, b, 2, 1, 4, 2);            /* [2,3,2]: columns 1 and 3 */
    CHECK(e->shape[2] == 2 && at(e, 0) == 1 && at(e, 1) == 3 && at(e, 2) == 5, "slice values");
    e = alpha_narrow(ctx, b, 1, 1, 2);
    CHECK(e->shape[1] == 2 && at(e, 0) == 4, "narrow");
    e = alpha_expand(ctx, alpha_reshape(ctx, alpha_arange(ctx, ALPHA_F32, 0, 3, 1), alpha_shape2(3, 1)), alpha_shape3(2, 3, 5));
    CHECK(e->strides[0] == 0 && e->strides[2] == 0 && at(e, 5) == 1 && at(e, 29) == 2, "expand");
    e = alpha_contiguous(ctx, e);
    CHECK(alpha_tensor_is_contiguous(e) && at(e, 29) == 2, "contiguous of expand");
    e = alpha_reshape(ctx, a, alpha_shape2(-1, 8));
    CHECK(e->shape[0] == 3, "reshape infers -1");
    e = alpha_full(ctx, ALPHA_I32, alpha_shape1(3), 7);
    CHECK(at(e, 2) == 7, "full i32");
    e = alpha_ones(ctx, ALPHA_BF16, alpha_shape1(3));
    CHECK(at(e, 1) == 1, "ones bf16");
    {
        int32_t raw[4] = {1, -2, 3, 2000000000};
        e = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 2), raw);
        CHECK(at(e, 3) == 2000000000, "from_data i32 %g", at(e, 3));
    }
    {
        int perm[3] = {2, 0, 1};
        e = alpha_permute(ctx, b, perm);    /* [4,2,3] */
        CHECK(e->shape[0] == 4 && e->shape[1] == 2 && at(e, 1) == 4, "permute");
    }
    {
        alpha_tensor *parts[3];
        int64_t sizes[3] = {1, 2, 1};
        CHECK(alpha_split(ctx, b, 2, sizes, 3, parts) == ALPHA_OK, "split");
        CHECK(parts[1]->shape[2] == 2 && at(parts[1], 0) == 1 && at(parts[2], 0) == 3, "split values");
        e = alpha_concat(ctx, parts, 3, 2);
        for (i = 0; i < 24; i++) CHECK(at(e, i) == i, "concat restores %lld", (long long)i);
    }
}

static double ref_unary(alpha_op op, double x, double f0, double f1) {
    switch (op) {
    case ALPHA_OP_NEG: return -x;
    case ALPHA_OP_SCALE: return x * f0;
    case ALPHA_OP_ADD_SCALAR: return x + f0;
    case ALPHA_OP_EXP: return exp(x);
    case ALPHA_OP_LOG: return log(x);
    case ALPHA_OP_SQRT: return sqrt(x);
    case ALPHA_OP_RSQRT: return 1 / sqrt(x);
    case ALPHA_OP_POW: return pow(x, f0);
    case ALPHA_OP_ABS: return fabs(x);
    case ALPHA_OP_TANH: return tanh(x);
    case ALPHA_OP_SIGMOID: return 1 / (1 + exp(-x));
    case ALPHA_OP_RELU: return x > 0 ? x : 0;
    case ALPHA_OP_GELU: return 0.5 * x * (1 + tanh(sqrt(2 / 3.14159265358979323846) * (x + 0.044715 * x * x * x)));
    case ALPHA_OP_SILU: return x / (1 + exp(-x));
    case ALPHA_OP_CLAMP: return x < f0 ? f0 : x > f1 ? f1 : x;
    default: return 0;
    }
}
static alpha_tensor *apply_unary(alpha_op op, alpha_tensor *x, float f0, float f1) {
    switch (op) {
    case ALPHA_OP_NEG: return alpha_neg(ctx, x);
    case ALPHA_OP_SCALE: return alpha_scale(ctx, x, f0);
    case ALPHA_OP_ADD_SCALAR: return alpha_add_scalar(ctx, x, f0);
    case ALPHA_OP_EXP: return alpha_exp(ctx, x);
    case ALPHA_OP_LOG: return alpha_log(ctx, x);
    case ALPHA_OP_SQRT: return alpha_sqrt(ctx, x);
    case ALPHA_OP_RSQRT: return alpha_rsqrt(ctx, x);
    case ALPHA_OP_POW: return alpha_pow(ctx, x, f0);
    case ALPHA_OP_ABS: return alpha_abs(ctx, x);
    case ALPHA_OP_TANH: return alpha_tanh(ctx, x);
    case ALPHA_OP_SIGMOID: return alpha_sigmoid(ctx, x);
    case ALPHA_OP_RELU: return alpha_relu(ctx, x);
    case ALPHA_OP_GELU: return alpha_gelu(ctx, x);
    case ALPHA_OP_SILU: return alpha_silu(ctx, x);
    case ALPHA_OP_CLAMP: return alpha_clamp(ctx, x, f0, f1);
    default: return NULL;
    }
}

TEST(test_unary_ops) {
    int op, trial;
    for (op = ALPHA_OP_NEG; op <= ALPHA_OP_CLAMP; op++) {
        for (trial = 0; trial < 4; trial++) {
            alpha_mark m = alpha_ctx_mark(ctx);
            alpha_shape s = rshape(1 + rnd(4), 9);
            alpha_tensor *x = trial & 1 ? rand_noncontig(s) : randt(s), *y;
            int positive = op == ALPHA_OP_LOG || op == ALPHA_OP_SQRT || op == ALPHA_OP_RSQRT || op == ALPHA_OP_POW;
            int64_t i, n;
            float f0 = op == ALPHA_OP_CLAMP ? -0.3f : 1.7f, f1 = 0.4f;
            if (positive) x = alpha_add_scalar(ctx, alpha_abs(ctx, x), 0.1f);
            y = apply_unary((alpha_op)op, x, f0, f1);
            CHECK(y != NULL, "%s returned NULL", alpha_op_name((alpha_op)op));
            if (!y) continue;
            n = alpha_tensor_numel(y);
            for (i = 0; i < n; i++) {
                double ref = ref_unary((alpha_op)op, at(x, i), f0, f1);
                CHECK(close_rel(at(y, i), ref, 2e-6), "%s(%g) = %g, want %g", alpha_op_name((alpha_op)op), at(x, i), at(y, i), ref);
            }
            alpha_ctx_reset(ctx, m);
        }
    }
}

TEST(test_binary_broadcast) {
    int trial;
    for (trial = 0; trial < 40; trial++) {
        alpha_mark m = alpha_ctx_mark(ctx);
        int nd = 1 + rnd(4), d, op = trial % 5;
        alpha_shape s = rshape(nd, 6), sa = s, sb = s;
        alpha_tensor *a, *b, *y;
        int64_t i, n;
        for (d = 0; d < nd; d++) { if (rnd(3) == 0) sa.d[d] = 1; if (rnd(3) == 0) sb.d[d] = 1; }
        if (rnd(2)) { sb.ndim = nd - rnd(nd); memmove(sb.d, sb.d + (nd - sb.ndim), (size_t)sb.ndim * sizeof(int64_t)); }
        a = trial & 1 ? rand_noncontig(sa) : randt(sa);
        b = trial & 2 ? rand_noncontig(sb) : randt(sb);
        if (op == 3) b = alpha_add_scalar(ctx, alpha_abs(ctx, b), 0.5f);
        y = op == 0 ? alpha_add(ctx, a, b) : op == 1 ? alpha_sub(ctx, a, b) : op == 2 ? alpha_mul(ctx, a, b)
          : op == 3 ? alpha_div(ctx, a, b) : alpha_equal(ctx, a, alpha_contiguous(ctx, a));
        CHECK(y != NULL, "binary op %d failed: %s", op, alpha_ctx_last_error(ctx));
        if (!y) { alpha_ctx_clear_error(ctx); continue; }
        n = alpha_tensor_numel(y);
        CHECK(y->ndim == nd, "broadcast ndim");
        for (d = 0; d < nd; d++) {
            int jb = d - (nd - sb.ndim);
            int64_t eb = jb < 0 || op == 4 ? 1 : sb.d[jb], want = sa.d[d] > eb ? sa.d[d] : eb;
            CHECK(y->shape[d] == want, "broadcast dim %d: %lld, want %lld", d, (long long)y->shape[d], (long long)want);
        }
        {
            alpha_shape ys = alpha_tensor_shape(y);
            for (i = 0; i < n; i++) {
                double x1 = at_bc(a, &ys, i), x2 = op == 4 ? x1 : at_bc(b, &ys, i);
                double ref = op == 0 ? x1 + x2 : op == 1 ? x1 - x2 : op == 2 ? x1 * x2 : op == 3 ? x1 / x2 : 1.0;
                CHECK(close_rel(at(y, i), ref, 1e-6), "op %d elem %lld: %g vs %g", op, (long long)i, at(y, i), ref);
            }
        }
        alpha_ctx_reset(ctx, m);
    }
}

TEST(test_where_masked_fill) {
    alpha_tensor *x = randt(alpha_shape2(5, 7)), *mask = alpha_causal_mask(ctx, 7), *cond, *y;
    int32_t cm[7] = {1, 0, 1, 0, 0, 1, 1};
    int64_t i;
    cond = alpha_from_data(ctx, ALPHA_I32, alpha_shape1(7), cm);
    y = alpha_masked_fill(ctx, x, cond, -5.0f);
    for (i = 0; i < 35; i++) CHECK(at(y, i) == (cm[i % 7] ? -5.0 : at(x, i)), "masked_fill %lld", (long long)i);
    y = alpha_add(ctx, randt(alpha_shape2(7, 7)), mask);
    CHECK(at(y, 1) == -INFINITY && at(y, 7) > -2, "causal mask adds -inf above the diagonal");
    y = alpha_where(ctx, alpha_reshape(ctx, cond, alpha_shape2(7, 1)), x, alpha_zeros(ctx, ALPHA_F32, alpha_shape1(1)));
    CHECK(y == NULL, "where with shapes that do not broadcast fails");
    CHECK(strstr(alpha_ctx_last_error(ctx), "alpha_where") != NULL, "message names the op: %s", alpha_ctx_last_error(ctx));
    alpha_ctx_clear_error(ctx);
}

TEST(test_reductions) {
    int trial;
    for (trial = 0; trial < 30; trial++) {
        alpha_mark m = alpha_ctx_mark(ctx);
        int nd = 1 + rnd(4), op = trial % 4, keep = rnd(2), d;
        unsigned axes = (unsigned)(1 + rnd((1 << nd) - 1));
        alpha_shape s = rshape(nd, 7);
        alpha_tensor *x = trial & 4 ? rand_noncontig(s) : randt(s), *y;
        int64_t o, i, n = alpha_tensor_numel(x);
        y = op == 0 ? alpha_sum(ctx, x, axes, keep) : op == 1 ? alpha_mean(ctx, x, axes, keep)
          : op == 2 ? alpha_max(ctx, x, axes, keep) : alpha_min(ctx, x, axes, keep);
        CHECK(y != NULL, "reduce failed: %s", alpha_ctx_last_error(ctx));
        if (!y) { alpha_ctx_clear_error(ctx); continue; }
        for (o = 0; o < alpha_tensor_numel(y); o++) {
            double acc = op == 2 ? -1e30 : op == 3 ? 1e30 : 0;
            int64_t cnt = 0;
            for (i = 0; i < n; i++) {
                /* does input element i map to output o? compare kept coordinates */
                int64_t rem = i, idx[8], oo = 0;
                for (d = nd - 1; d >= 0; d--) { idx[d] = rem % s.d[d]; rem /= s.d[d]; }
                for (d = 0; d < nd; d++) if (!(axes >> d & 1u)) oo = oo * s.d[d] + idx[d];
                if (oo != o) continue;
                {
                    double v = at(x, i);
                    cnt++;
                    if (op <= 1) acc += v; else if (op == 2) { if (v > acc) acc = v; } else if (v < acc) acc = v;
                }
            }
            if (op == 1) acc /= (double)cnt;
            CHECK(close_rel(at(y, o), acc, 1e-5), "reduce op %d axes %x out %lld: %g vs %g", op, axes, (long long)o, at(y, o), acc);
        }
        if (keep) CHECK(y->ndim == nd, "keepdim keeps dims");
        alpha_ctx_reset(ctx, m);
    }
    {
        float v[6] = {1, 5, 5, -1, 7, 0};
        alpha_tensor *x = alpha_from_data(ctx, ALPHA_F32, alpha_shape2(2, 3), v);
        alpha_tensor *a = alpha_argmax(ctx, x, -1, 0);
        CHECK(a && a->dtype == ALPHA_I32 && at(a, 0) == 1 && at(a, 1) == 1, "argmax with ties takes the first");
        a = alpha_argmax(ctx, x, 0, 1);
        CHECK(a && a->ndim == 2 && at(a, 0) == 0 && at(a, 1) == 1 && at(a, 2) == 0, "argmax axis 0");
        CHECK(alpha_sum(ctx, x, ALPHA_AXIS(2), 0) == NULL, "axis out of range fails");
        alpha_ctx_clear_error(ctx);
    }
    {   /* a big sum over leading dims (the row-accumulating path) */
        alpha_tensor *x = randt(alpha_shape3(33, 17, 129)), *y = alpha_sum(ctx, x, ALPHA_AXIS(0) | ALPHA_AXIS(1), 0);
        int64_t c, r;
        for (c = 0; c < 129; c += 16) {
            double acc = 0;
            for (r = 0; r < 33 * 17; r++) acc += at(x, r * 129 + c);
            CHECK(close_rel(at(y, c), acc, 1e-5), "column sum %lld", (long long)c);
        }
    }
}

TEST(test_softmax_family) {
    int trial;
    for (trial = 0; trial < 12; trial++) {
        alpha_mark m = alpha_ctx_mark(ctx);
        int nd = 1 + rnd(3), axis = rnd(nd), d;
        alpha_shape s = rshape(nd, 9);
        alpha_tensor *x = trial & 1 ? rand_noncontig(s) : randt(s), *y, *ly;
        int64_t i, n = alpha_tensor_numel(x);
        x = alpha_scale(ctx, x, 4.0f);
        y = alpha_softmax(ctx, x, axis);
        ly = alpha_log_softmax(ctx, x, axis - nd);
        for (i = 0; i < n; i++) {
            int64_t idx[8], rem = i, j, base = 0, stride = 1;
            double mx = -1e30, sum = 0;
            for (d = nd - 1; d >= 0; d--) { idx[d] = rem % s.d[d]; rem /= s.d[d]; }
            for (d = nd - 1; d > axis; d--) stride *= s.d[d];
            base = i - idx[axis] * stride;
            for (j = 0; j < s.d[axis]; j++) if (at(x, base + j * stride) > mx) mx = at(x, base + j * stride);
            for (j = 0; j < s.d[axis]; j++) sum += exp(at(x, base + j * stride) - mx);
            CHECK(close_rel(at(y, i), exp(at(x, i) - mx) / sum, 1e-5), "softmax elem %lld", (long long)i);
            CHECK(close_rel(at(ly, i), at(x, i) - mx - log(sum), 1e-5), "log_softmax elem %lld", (long long)i);
        }
        alpha_ctx_reset(ctx, m);
    }
}

TEST(test_layernorm) {
    alpha_tensor *x = randt(alpha_shape3(3, 5, 37)), *w = randt(alpha_shape1(37)), *b = randt(alpha_shape1(37)), *y;
    int64_t r, j;
    y = alpha_layernorm(ctx, x, w, b, 1e-5f);
    for (r = 0; r < 15; r++) {
        double mean = 0, var = 0;
        for (j = 0; j < 37; j++) mean += at(x, r * 37 + j);
        mean /= 37;
        for (j = 0; j < 37; j++) var += (at(x, r * 37 + j) - mean) * (at(x, r * 37 + j) - mean);
        var /= 37;
        for (j = 0; j < 37; j++) {
            double ref = (at(x, r * 37 + j) - mean) / sqrt(var + 1e-5) * at(w, j) + at(b, j);
            CHECK(close_rel(at(y, r * 37 + j), ref, 1e-5), "layernorm %lld %lld", (long long)r, (long long)j);
        }
    }
    CHECK(alpha_layernorm(ctx, x, randt(alpha_shape1(36)), NULL, 1e-5f) == NULL, "wrong weight size fails");
    alpha_ctx_clear_error(ctx);
}

/* the fused residual add + layernorm is bit for bit alpha_add then alpha_layernorm, sum included,
   on odd shapes (rows split over the thread pool), views, with and without weight and bias */
static int same_bits(const alpha_tensor *a, const alpha_tensor *b) {
    int64_t n = alpha_tensor_numel(a);
    float *va, *vb;
    int ok;
    if (!a || !b || n != alpha_tensor_numel(b) || a->ndim != b->ndim) return 0;
    va = (float *)malloc((size_t)(n + 1) * sizeof *va); vb = (float *)malloc((size_t)(n + 1) * sizeof *vb);
    ok = va && vb && alpha_tensor_to_f32(ctx, a, va, n) == ALPHA_OK && alpha_tensor_to_f32(ctx, b, vb, n) == ALPHA_OK &&
         !memcmp(va, vb, (size_t)n * sizeof *va);
    free(va); free(vb);
    return ok;
}
TEST(test_add_layernorm) {
    static const int64_t shapes[][3] = {{1, 1, 1}, {3, 5, 37}, {1, 1, 257}, {7, 151, 33}, {2, 1000, 19}};
    int k, affine;
    for (k = 0; k < 5; k++) {
        alpha_mark m = alpha_ctx_mark(ctx);
        alpha_shape sh = alpha_shape3(shapes[k][0], shapes[k][1], shapes[k][2]);
        alpha_tensor *x = randt(sh), *r = k == 3 ? rand_noncontig(sh) : randt(sh), *sum = NULL, *y;
        alpha_tensor *w = randt(alpha_shape1(sh.d[2])), *b = randt(alpha_shape1(sh.d[2]));
        for (affine = 0; affine < 3; affine++) {
            alpha_tensor *wa = affine ? w : NULL, *ba = affine == 2 ? b : NULL, *ref = alpha_add(ctx, x, r);
            y = alpha_add_layernorm(ctx, x, r, wa, ba, 1e-5f, &sum);
            CHECK(y && sum && y != sum, "shape %d: two outputs", k);
            CHECK(same_bits(sum, ref), "shape %d affine %d: the sum is alpha_add's", k, affine);
            CHECK(same_bits(y, alpha_layernorm(ctx, ref, wa, ba, 1e-5f)), "shape %d affine %d: y is alpha_layernorm(alpha_add)", k, affine);
            CHECK(same_bits(alpha_add_layernorm(ctx, x, r, wa, ba, 1e-5f, NULL), y), "shape %d: the sum is optional", k);
        }
        alpha_ctx_reset(ctx, m);
    }
    {   /* against a double reference */
        alpha_tensor *x = randt(alpha_shape2(4, 29)), *r = randt(alpha_shape2(4, 29)), *w = randt(alpha_shape1(29)), *sum;
        alpha_tensor *y = alpha_add_layernorm(ctx, x, r, w, NULL, 1e-5f, &sum);
        int64_t row, j;
        for (row = 0; row < 4; row++) {
            double mean = 0, var = 0, v[29];
            for (j = 0; j < 29; j++) { v[j] = (double)(float)(at(x, row * 29 + j) + at(r, row * 29 + j)); mean += v[j]; }
            mean /= 29;
            for (j = 0; j < 29; j++) var += (v[j] - mean) * (v[j] - mean);
            var /= 29;
            for (j = 0; j < 29; j++) {
                CHECK(at(sum, row * 29 + j) == v[j], "sum %lld %lld", (long long)row, (long long)j);
                CHECK(close_rel(at(y, row * 29 + j), (v[j] - mean) / sqrt(var + 1e-5) * at(w, j), 1e-5), "add_layernorm %lld %lld",
                      (long long)row, (long long)j);
            }
        }
    }
    {   /* errors: shapes differ (no broadcasting), weight size, eps */
        alpha_tensor *x = randt(alpha_shape2(3, 8)), *sum = x;
        CHECK(alpha_add_layernorm(ctx, x, randt(alpha_shape1(8)), NULL, NULL, 1e-5f, &sum) == NULL && sum == NULL, "r of another shape fails");
        CHECK(strstr(alpha_ctx_last_error(ctx), "alpha_add_layernorm") != NULL, "the message names the op: %s", alpha_ctx_last_error(ctx));
        alpha_ctx_clear_error(ctx);
        CHECK(alpha_add_layernorm(ctx, x, x, randt(alpha_shape1(7)), NULL, 1e-5f, NULL) == NULL, "wrong weight size fails");
        alpha_ctx_clear_error(ctx);
        CHECK(alpha_add_layernorm(ctx, x, x, NULL, NULL, -1.0f, NULL) == NULL, "negative eps fails");
        alpha_ctx_clear_error(ctx);
    }
}

static void check_matmul(alpha_tensor *a, alpha_tensor *b) {
    alpha_tensor *c = alpha_matmul(ctx, a, b);
    int64_t M, N, K, i, j, k, bi, nb;
    alpha_shape cs;
    CHECK(c != NULL, "matmul failed: %s", alpha_ctx_last_error(ctx));
    if (!c) return;
    cs = alpha_tensor_shape(c);
    M = c->shape[c->ndim - 2]; N = c->shape[c->ndim - 1]; K = a->shape[a->ndim - 1];
    nb = M * N > 0 ? alpha_tensor_numel(c) / (M * N) : 1;
    for (bi = 0; bi < nb; bi += 1 + nb / 3) for (i = 0; i < M; i++) for (j = 0; j < N; j++) {
        double acc = 0;
        int64_t ia[8], ib[8], rem = bi;
        int d, nbd = c->ndim - 2;
        int64_t cidx[8];
        for (d = nbd - 1; d >= 0; d--) { cidx[d] = rem % cs.d[d]; rem /= cs.d[d]; }
        for (d = 0; d < a->ndim - 2; d++) { int jd = d + nbd - (a->ndim - 2); ia[d] = a->shape[d] == 1 ? 0 : cidx[jd]; }
        for (d = 0; d < b->ndim - 2; d++) { int jd = d + nbd - (b->ndim - 2); ib[d] = b->shape[d] == 1 ? 0 : cidx[jd]; }
        for (k = 0; k < K; k++) {
            ia[a->ndim - 2] = i; ia[a->ndim - 1] = k; ib[b->ndim - 2] = k; ib[b->ndim - 1] = j;
            acc += alpha_tensor_get(ctx, a, ia) * alpha_tensor_get(ctx, b, ib);
        }
        CHECK(close_rel(at(c, (bi * M + i) * N + j), acc, 1e-4), "matmul [%lld,%lld,%lld] = %g vs %g", (long long)bi, (long long)i,
              (long long)j, at(c, (bi * M + i) * N + j), acc);
    }
}
TEST(test_matmul) {
    int trial;
    for (trial = 0; trial < 24; trial++) {
        alpha_mark m = alpha_ctx_mark(ctx);
        int64_t M = 1 + rnd(trial < 12 ? 9 : 70), N = 1 + rnd(trial < 12 ? 9 : 70), K = 1 + rnd(trial < 12 ? 9 : 70);
        alpha_tensor *a, *b;
        /* transposed operands come from transposed views */
        a = trial & 1 ? alpha_transpose(ctx, randt(alpha_shape2(K, M)), 0, 1) : randt(alpha_shape2(M, K));
        b = trial & 2 ? alpha_transpose(ctx, randt(alpha_shape2(N, K)), 0, 1) : randt(alpha_shape2(K, N));
        if (trial & 4) a = alpha_contiguous(ctx, alpha_expand(ctx, alpha_reshape(ctx, alpha_contiguous(ctx, a), alpha_shape3(1, M, K)), alpha_shape3(3, M, K)));
        if (trial & 8) b = alpha_expand(ctx, alpha_reshape(ctx, alpha_contiguous(ctx, b), alpha_shape4(1, 1, K, N)), alpha_shape4(2, 1, K, N));
        check_matmul(a, b);
        alpha_ctx_reset(ctx, m);
    }
    check_matmul(randt(alpha_shape4(2, 3, 5, 4)), alpha_transpose(ctx, randt(alpha_shape4(2, 3, 6, 4)), 2, 3));
    check_matmul(randt(alpha_shape3(4, 130, 67)), randt(alpha_shape2(67, 129)));
    CHECK(alpha_matmul(ctx, randt(alpha_shape2(8, 768)), randt(alpha_shape2(512, 768))) == NULL, "inner dims mismatch fails");
    CHECK(strcmp(alpha_ctx_last_error(ctx), "alpha_matmul: a[8,768] @ b[512,768]: inner dims 768 != 512") == 0, "message: %s",
          alpha_ctx_last_error(ctx));
    alpha_ctx_clear_error(ctx);
    {   /* the raw BLAS-style entry */
        float A[6] = {1, 2, 3, 4, 5, 6}, B[6] = {1, 0, 0, 1, 1, 1}, C[4] = {9, 9, 9, 9};
        alpha_sgemm(ctx, 0, 1, 2, 2, 3, 1.0f, A, 3, B, 3, 0.0f, C, 2);  /* A[2,3] @ B^T where B is [2,3] */
        CHECK(C[0] == 1 && C[1] == 6 && C[2] == 4 && C[3] == 15, "sgemm trans_b %g %g %g %g", C[0], C[1], C[2], C[3]);
    }
}

TEST(test_embedding_cross_entropy) {
    alpha_tensor *w = randt(alpha_shape2(11, 6)), *idx, *e, *logits, *tg, *loss;
    int32_t ids[6] = {3, 0, 10, 3, 7, 3}, t2[6] = {1, -100, 4, 4, 0, 2};
    int64_t i, j;
    double ref = 0;
    idx = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 3), ids);
    e = alpha_embedding(ctx, w, idx);
    CHECK(e && e->ndim == 3 && e->shape[2] == 6, "embedding shape");
    for (i = 0; i < 6; i++) for (j = 0; j < 6; j++) CHECK(at(e, i * 6 + j) == at(w, ids[i] * 6 + j), "embedding value");
    ids[1] = 11;
    CHECK(alpha_embedding(ctx, w, alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 3), ids)) == NULL, "index out of range fails");
    CHECK(strstr(alpha_ctx_last_error(ctx), "index 11") != NULL, "message names the index: %s", alpha_ctx_last_error(ctx));
    alpha_ctx_clear_error(ctx);
    logits = alpha_scale(ctx, randt(alpha_shape2(6, 5)), 3.0f);
    tg = alpha_from_data(ctx, ALPHA_I32, alpha_shape1(6), t2);
    loss = alpha_cross_entropy(ctx, logits, tg, -100);
    for (i = 0; i < 6; i++) {
        double mx = -1e30, s = 0;
        if (t2[i] == -100) continue;
        for (j = 0; j < 5; j++) if (at(logits, i * 5 + j) > mx) mx = at(logits, i * 5 + j);
        for (j = 0; j < 5; j++) s += exp(at(logits, i * 5 + j) - mx);
        ref += mx + log(s) - at(logits, i * 5 + t2[i]);
    }
    ref /= 5;
    CHECK(loss && loss->ndim == 0 && close_rel(alpha_tensor_item(ctx, loss), ref, 1e-5), "cross entropy %g vs %g",
          loss ? alpha_tensor_item(ctx, loss) : 0.0, ref);
}

TEST(test_topk_dropout_cast) {
    float v[10] = {0.5f, 3, -1, 3, 2, 9, 0, 1, 1, -4};
    alpha_tensor *x = alpha_from_data(ctx, ALPHA_F32, alpha_shape2(2, 5), v), *idx, *vals, *d, *c;
    alpha_rng_state st;
    int64_t i, zeros = 0, n = 100000;
    vals = alpha_topk(ctx, x, 3, &idx);
    CHECK(vals && at(vals, 0) == 3 && at(vals, 1) == 3 && at(vals, 2) == 2, "topk values row 0");
    CHECK(at(idx, 0) == 1 && at(idx, 1) == 3 && at(idx, 2) == 4, "topk indices row 0 (ties in index order)");
    CHECK(at(vals, 3) == 9 && at(idx, 3) == 0 && at(vals, 5) == 1, "topk row 1");
    st = alpha_ctx_rng(ctx);
    x = alpha_ones(ctx, ALPHA_F32, alpha_shape1(n));
    d = alpha_dropout(ctx, x, 0.25f);
    for (i = 0; i < n; i++) { double e = at(d, i); if (e == 0) zeros++; else CHECK(fabs(e - 1 / 0.75) < 1e-6, "kept scaled"); }
    CHECK(fabs((double)zeros / n - 0.25) < 0.01, "dropout rate %g", (double)zeros / n);
    c = alpha_dropout_at(ctx, x, 0.25f, st);
    for (i = 0; i < n; i += 97) CHECK(at(c, i) == at(d, i), "dropout_at reproduces dropout");
    x = alpha_from_data(ctx, ALPHA_F32, alpha_shape2(2, 5), v);
    c = alpha_cast(ctx, alpha_cast(ctx, x, ALPHA_F16), ALPHA_F32);
    for (i = 0; i < 10; i++) CHECK(at(c, i) == v[i], "f16 round trip of small values");
    c = alpha_cast(ctx, alpha_scale(ctx, x, 1.7f), ALPHA_I32);
    CHECK(c->dtype == ALPHA_I32 && at(c, 1) == 5 && at(c, 2) == -1 && at(c, 9) == -6, "cast to i32 truncates");
    c = alpha_cast(ctx, alpha_transpose(ctx, x, 0, 1), ALPHA_BF16);
    CHECK(c->dtype == ALPHA_BF16 && at(c, 1) == 9, "cast of a view");
    CHECK(alpha_exp(ctx, c) == NULL && strstr(alpha_ctx_last_error(ctx), "needs f32"), "f32 ops reject bf16");
    alpha_ctx_clear_error(ctx);
}

TEST(test_errors_do_not_crash) {
    alpha_tensor *x = randt(alpha_shape2(3, 4));
    CHECK(alpha_add(ctx, x, randt(alpha_shape2(2, 4))) == NULL, "bad broadcast");
    CHECK(strstr(alpha_ctx_last_error(ctx), "alpha_add: cannot broadcast f32[3,4] with f32[2,4]") != NULL, "%s", alpha_ctx_last_error(ctx));
    CHECK(alpha_ctx_status(ctx) == ALPHA_ERR_INVALID, "sticky status");
    CHECK(alpha_exp(ctx, NULL) == NULL, "NULL propagates");
    CHECK(alpha_reshape(ctx, x, alpha_shape2(5, 3)) == NULL, "bad reshape");
    CHECK(alpha_transpose(ctx, x, 0, 2) == NULL, "bad axis");
    CHECK(alpha_slice(ctx, x, 1, 5, 6, 1) == NULL, "bad slice");
    CHECK(alpha_narrow(ctx, x, 1, 2, 3) == NULL, "bad narrow");
    CHECK(alpha_expand(ctx, x, alpha_shape2(3, 5)) == NULL, "bad expand");
    CHECK(alpha_topk(ctx, x, 5, NULL) == NULL, "bad k");
    CHECK(alpha_softmax(ctx, x, 2) == NULL, "bad softmax axis");
    CHECK(alpha_cross_entropy(ctx, x, alpha_zeros(ctx, ALPHA_I32, alpha_shape1(4)), -1) == NULL, "bad targets");
    CHECK(alpha_empty(ctx, ALPHA_F32, alpha_shape1(-3)) == NULL, "negative size");
    CHECK(alpha_arange(ctx, ALPHA_F32, 0, 1, 0) == NULL, "zero step");
    CHECK(alpha_clamp(ctx, x, 1, 0) == NULL, "clamp lo > hi");
    CHECK(alpha_dropout(ctx, x, 1.0f) == NULL, "dropout p = 1");
    CHECK(alpha_concat(ctx, NULL, 0, 0) == NULL, "empty concat");
    {
        float buf[4];
        CHECK(alpha_tensor_to_f32(ctx, x, buf, 4) == ALPHA_ERR_INVALID, "small buffer");
    }
    alpha_ctx_clear_error(ctx);
    CHECK(alpha_ctx_status(ctx) == ALPHA_OK && alpha_ctx_last_error(ctx)[0] == 0, "clear error");
}

TEST(test_optimizer_kernels) {
    alpha_tensor *p = randt(alpha_shape2(37, 11)), *g = randt(alpha_shape2(37, 11)), *m = randt(alpha_shape2(37, 11)), *v;
    alpha_tensor *p0 = alpha_copy(ctx, p), *m0 = alpha_copy(ctx, m), *v0, *ss, *sched;
    alpha_adamw_params hp;
    float sc[3];
    int64_t i;
    double acc = 0;
    v = alpha_abs(ctx, randt(alpha_shape2(37, 11)));
    v0 = alpha_copy(ctx, v);
    ss = alpha_sum_squares(ctx, g);
    for (i = 0; i < 37 * 11; i++) acc += at(g, i) * at(g, i);
    CHECK(close_rel(alpha_tensor_item(ctx, ss), acc, 1e-6), "sum_squares %g vs %g", alpha_tensor_item(ctx, ss), acc);
    memset(&hp, 0, sizeof hp);
    hp.beta1 = 0.9f; hp.beta2 = 0.95f; hp.eps = 1e-8f; hp.weight_decay = 0.1f; hp.grad_scale = 0.5f;
    alpha_adamw_schedule(sc, 0.01f, 0.9f, 0.95f, 3);
    CHECK(close_rel(sc[0], 0.01, 1e-7) && close_rel(sc[1], 1 / (1 - pow(0.9, 3)), 1e-6) && close_rel(sc[2], 1 / (1 - pow(0.95, 3)), 1e-6),
          "schedule %g %g %g", sc[0], sc[1], sc[2]);
    sched = alpha_from_data(ctx, ALPHA_F32, alpha_shape1(3), sc);
    CHECK(alpha_adamw_update(ctx, p, g, m, v, sched, NULL, &hp) == ALPHA_OK, "adamw");
    for (i = 0; i < 37 * 11; i++) {
        double gg = at(g, i) * 0.5, mm = 0.9 * at(m0, i) + 0.1 * gg, vv = 0.95 * at(v0, i) + 0.05 * gg * gg;
        double mh = mm / (1 - pow(0.9, 3)), vh = vv / (1 - pow(0.95, 3));
        double want = at(p0, i) * (1 - 0.01 * 0.1) - 0.01 * mh / (sqrt(vh) + 1e-8);
        CHECK(close_rel(at(m, i), mm, 1e-6) && close_rel(at(v, i), vv, 1e-5), "adamw moments %lld", (long long)i);
        CHECK(close_rel(at(p, i), want, 1e-5), "adamw param %lld: %g vs %g", (long long)i, at(p, i), want);
    }
    /* with the global norm: clipped to clip_norm (norm = sqrt(4 * sum g^2) * 0.5 = sqrt(acc)) */
    {
        alpha_tensor *m1 = alpha_copy(ctx, m), *sq = alpha_from_data(ctx, ALPHA_F32, alpha_shape1(1), (float[]){(float)(4 * acc)});
        double norm = sqrt(acc), clip = norm / 4;
        hp.clip_norm = (float)clip;
        CHECK(alpha_adamw_update(ctx, p, g, m, v, sched, sq, &hp) == ALPHA_OK, "adamw clipped");
        for (i = 0; i < 37 * 11; i++) {
            double gg = at(g, i) * 0.5 * clip / norm;
            CHECK(close_rel(at(m, i), 0.9 * at(m1, i) + 0.1 * gg, 1e-5), "clipped moment %lld", (long long)i);
        }
        /* a NaN or Inf norm skips the whole update */
        p0 = alpha_copy(ctx, p); m0 = alpha_copy(ctx, m); v0 = alpha_copy(ctx, v);
        sq = alpha_from_data(ctx, ALPHA_F32, alpha_shape1(1), (float[]){NAN});
        CHECK(alpha_adamw_update(ctx, p, g, m, v, sched, sq, &hp) == ALPHA_OK, "adamw nan");
        sq = alpha_from_data(ctx, ALPHA_F32, alpha_shape1(1), (float[]){INFINITY});
        CHECK(alpha_adamw_update(ctx, p, g, m, v, sched, sq, &hp) == ALPHA_OK, "adamw inf");
        for (i = 0; i < 37 * 11; i++)
            CHECK(at(p, i) == at(p0, i) && at(m, i) == at(m0, i) && at(v, i) == at(v0, i), "skipped update changed %lld", (long long)i);
    }
    CHECK(alpha_adamw_update(ctx, p, g, m, v, g, NULL, &hp) == ALPHA_ERR_INVALID, "a sched of the wrong size fails");
    CHECK(strstr(alpha_ctx_last_error(ctx), "sched") != NULL, "message names sched: %s", alpha_ctx_last_error(ctx));
    alpha_ctx_clear_error(ctx);
    {   /* the global sum of squares adds every tensor's */
        alpha_tensor *xs[3];
        double want = 0;
        xs[0] = g; xs[1] = p; xs[2] = m;
        for (i = 0; i < 37 * 11; i++) want += at(g, i) * at(g, i) + at(p, i) * at(p, i) + at(m, i) * at(m, i);
        CHECK(close_rel(alpha_tensor_item(ctx, alpha_global_sum_squares(ctx, xs, 3)), want, 1e-6), "global sum of squares");
    }
}

/* ---- a counting allocator: a repeated step allocates nothing after the first */
typedef struct counting { long allocs, frees; } counting;
static void *count_alloc(void *u, size_t n) { ((counting *)u)->allocs++; return malloc(n); }
static void count_free(void *u, void *p) { ((counting *)u)->frees++; free(p); }

static void some_step(alpha_ctx *c, alpha_tensor *w) {
    alpha_tensor *x = alpha_randn(c, alpha_shape3(4, 16, 32), 0, 1);
    alpha_tensor *h = alpha_gelu(c, alpha_matmul(c, x, w));
    alpha_tensor *s = alpha_softmax(c, alpha_layernorm(c, h, NULL, NULL, 1e-5f), -1);
    alpha_sum(c, alpha_matmul(c, s, alpha_transpose(c, h, 1, 2)), ALPHA_ALL_AXES, 0);
}
TEST(test_arena_steady_state) {
    counting cnt = {0, 0};
    alpha_ctx_desc d;
    alpha_ctx *c;
    alpha_tensor *w;
    alpha_mark m;
    long after_first;
    int i;
    memset(&d, 0, sizeof d);
    d.allocator.alloc = count_alloc; d.allocator.free = count_free; d.allocator.user_data = &cnt;
    d.arena_chunk_bytes = 1 << 16;  /* small chunks: several per step */
    d.n_threads = 2;
    CHECK(alpha_ctx_create(&c, &d) == ALPHA_OK, "create");
    w = alpha_randn(c, alpha_shape2(32, 48), 0, 0.1f);
    m = alpha_ctx_mark(c);
    some_step(c, w);
    alpha_ctx_reset(c, m);
    after_first = cnt.allocs;
    for (i = 0; i < 5; i++) { some_step(c, w); alpha_ctx_reset(c, m); }
    CHECK(cnt.allocs == after_first, "steady state allocated %ld times", cnt.allocs - after_first);
    CHECK(alpha_ctx_status(c) == ALPHA_OK, "no error");
    alpha_ctx_destroy(c);
    CHECK(cnt.allocs == cnt.frees, "every allocation freed: %ld allocs, %ld frees", cnt.allocs, cnt.frees);
}

TEST(test_threads_agree) {
    alpha_ctx_desc d;
    alpha_ctx *c1, *c4;
    alpha_tensor *a1, *a4;
    float v1[64 * 96], v4[64 * 96];
    memset(&d, 0, sizeof d);
    d.n_threads = 1; d.seed = 7;
    alpha_ctx_create(&c1, &d);
    d.n_threads = 4;
    alpha_ctx_create(&c4, &d);
    a1 = alpha_softmax(c1, alpha_matmul(c1, alpha_randn(c1, alpha_shape2(64, 200), 0, 1), alpha_randn(c1, alpha_shape2(200, 96), 0, 1)), -1);
    a4 = alpha_softmax(c4, alpha_matmul(c4, alpha_randn(c4, alpha_shape2(64, 200), 0, 1), alpha_randn(c4, alpha_shape2(200, 96), 0, 1)), -1);
    alpha_tensor_to_f32(c1, a1, v1, 64 * 96);
    alpha_tensor_to_f32(c4, a4, v4, 64 * 96);
    CHECK(!memcmp(v1, v4, sizeof v1), "1 and 4 threads give identical results");
    alpha_ctx_destroy(c1);
    alpha_ctx_destroy(c4);
}

/* the errors this test provokes on purpose would flood the output */
static void quiet(void *u, alpha_log_level l, const char *m) { (void)u; (void)l; (void)m; }

static void count_task(void *user, int task, int n) { ((int *)user)[task] += 1 + n * 0; }
TEST(test_run_tasks) {
    int hits[37] = {0}, i, ok = 1;
    alpha_ctx_run_tasks(ctx, 37, count_task, hits);
    alpha_ctx_run_tasks(ctx, 37, count_task, hits);
    for (i = 0; i < 37; i++) ok &= hits[i] == 2;
    CHECK(ok, "every task ran exactly once per call");
}

int main(void) {
    alpha_ctx_desc d;
    memset(&d, 0, sizeof d);
    d.seed = 42;
    d.logger.func = quiet;
    if (alpha_ctx_create(&ctx, &d) != ALPHA_OK) return 1;
    RUN(test_f16_bf16_conversions);
    RUN(test_philox_known_answers);
    RUN(test_rng_reproducible);
    RUN(test_creation_and_views);
    RUN(test_unary_ops);
    RUN(test_binary_broadcast);
    RUN(test_where_masked_fill);
    RUN(test_reductions);
    RUN(test_softmax_family);
    RUN(test_layernorm);
    RUN(test_add_layernorm);
    RUN(test_matmul);
    RUN(test_embedding_cross_entropy);
    RUN(test_topk_dropout_cast);
    RUN(test_errors_do_not_crash);
    RUN(test_optimizer_kernels);
    RUN(test_arena_steady_state);
    RUN(test_threads_agree);
    RUN(test_run_tasks);
    alpha_ctx_destroy(ctx);
    return test_summary();
}
