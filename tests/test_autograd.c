/* Gradients of every differentiable op against central finite differences in double precision,
   on random shapes with odd sizes, broadcasting and non-contiguous views; the tape's rules;
   a small MLP trained through the tape. */
#define ALPHA_IMPLEMENTATION
#include "alpha_autograd.h"
#include "test.h"
#include <string.h>

static alpha_ctx *ctx;
static uint64_t rs = 99;
static int rnd(int n) { rs = rs * 6364136223846793005ull + 1442695040888963407ull; return (int)((rs >> 33) % (uint64_t)n); }

static alpha_tensor *randt(alpha_shape s, float lo, float hi) {
    alpha_tensor *t = alpha_empty(ctx, ALPHA_F32, s);
    int64_t i, n = alpha_tensor_numel(t);
    for (i = 0; i < n; i++) ((float *)t->storage->data)[i] = lo + (hi - lo) * (float)rnd(1000001) / 1000000.0f;
    return t;
}
static alpha_shape rshape(int ndim, int max) {
    alpha_shape s;
    int d;
    memset(&s, 0, sizeof s);
    s.ndim = ndim;
    for (d = 0; d < ndim; d++) s.d[d] = 1 + rnd(max);
    return s;
}

/* ---- each case: a function of the inputs, run through alpha_gradcheck */
typedef struct gc_case { int op; float f0, f1; int axis; unsigned axes; int keep; alpha_tensor *aux; } gc_case;

static alpha_tensor *f_unary(alpha_ctx *c, alpha_tensor *const *in, void *u) {
    gc_case *k = (gc_case *)u;
    alpha_tensor *x = in[0];
    if (k->axis) x = alpha_transpose(c, x, 0, -1);   /* a non-contiguous input */
    switch (k->op) {
    case ALPHA_OP_NEG: return alpha_neg(c, x);
    case ALPHA_OP_SCALE: return alpha_scale(c, x, k->f0);
    case ALPHA_OP_ADD_SCALAR: return alpha_add_scalar(c, x, k->f0);
    case ALPHA_OP_EXP: return alpha_exp(c, x);
    case ALPHA_OP_LOG: return alpha_log(c, x);
    case ALPHA_OP_SQRT: return alpha_sqrt(c, x);
    case ALPHA_OP_RSQRT: return alpha_rsqrt(c, x);
    case ALPHA_OP_POW: return alpha_pow(c, x, k->f0);
    case ALPHA_OP_ABS: return alpha_abs(c, x);
    case ALPHA_OP_TANH: return alpha_tanh(c, x);
    case ALPHA_OP_SIGMOID: return alpha_sigmoid(c, x);
    case ALPHA_OP_RELU: return alpha_relu(c, x);
    case ALPHA_OP_GELU: return alpha_gelu(c, x);
    case ALPHA_OP_SILU: return alpha_silu(c, x);
    case ALPHA_OP_CLAMP: return alpha_clamp(c, x, k->f0, k->f1);
    }
    return NULL;
}
static void check(alpha_gradcheck_fn fn, alpha_tensor *const *in, int n, gc_case *k, const char *what) {
    double err = 0;
    alpha_gradcheck_desc d;
    alpha_mark m = alpha_ctx_mark(ctx);
    alpha_result r;
    memset(&d, 0, sizeof d);
    d.max_elems = 60;
    d.seed = (uint64_t)rnd(1000);
    r = alpha_gradcheck(ctx, fn, in, n, k, &d, &err);
    CHECK(r == ALPHA_OK, "%s: %s (max err %g)", what, alpha_ctx_last_error(ctx), err);
    alpha_ctx_clear_error(ctx);
    alpha_ctx_reset(ctx, m);
}

TEST(test_grad_unary) {
    int op, t;
    for (op = ALPHA_OP_NEG; op <= ALPHA_OP_CLAMP; op++) for (t = 0; t < 2; t++) {
        gc_case k;
        alpha_tensor *x;
        memset(&k, 0, sizeof k);
        k.op = op; k.f0 = op == ALPHA_OP_CLAMP ? -0.4f : 1.3f; k.f1 = 0.5f; k.axis = t;
        if (op == ALPHA_OP_LOG || op == ALPHA_OP_SQRT || op == ALPHA_OP_RSQRT || op == ALPHA_OP_POW)
            x = randt(rshape(2 + rnd(2), 7), 0.3f, 2.0f);
        else
            x = randt(rshape(2 + rnd(2), 7), -2.0f, 2.0f);
        if (op == ALPHA_OP_ABS || op == ALPHA_OP_RELU || op == ALPHA_OP_CLAMP) { /* keep away from the kinks */
            int64_t i, n = alpha_tensor_numel(x);
            float *p = (float *)alpha_tensor_data(x);
            for (i = 0; i < n; i++) if (fabsf(p[i]) < 0.05f || fabsf(p[i] - k.f0) < 0.05f || fabsf(p[i] - k.f1) < 0.05f) p[i] += 0.13f;
        }
        check(f_unary, &x, 1, &k, alpha_op_name((alpha_op)op));
    }
}

static alpha_tensor *f_binary(alpha_ctx *c, alpha_tensor *const *in, void *u) {
    gc_case *k = (gc_case *)u;
    alpha_tensor *a = in[0], *b = in[1];
    if (k->axis) b = alpha_transpose(c, b, 0, -1);
    switch (k->op) {
    case ALPHA_OP_ADD: return alpha_add(c, a, b);
    case ALPHA_OP_SUB: return alpha_sub(c, a, b);
    case ALPHA_OP_MUL: return alpha_mul(c, a, b);
    case ALPHA_OP_DIV: return alpha_div(c, a, b);
    }
    return NULL;
}
TEST(test_grad_binary_broadcast) {
    int t;
    for (t = 0; t < 24; t++) {
        gc_case k;
        int nd = 2 + rnd(2), d;
        alpha_shape s = rshape(nd, 5), sa = s, sb = s;
        alpha_tensor *in[2];
        memset(&k, 0, sizeof k);
        k.op = ALPHA_OP_ADD + t % 4;
        for (d = 0; d < nd; d++) { if (rnd(3) == 0) sa.d[d] = 1; if (rnd(3) == 0) sb.d[d] = 1; }
        if (t & 4) { sb.ndim = nd - 1; memmove(sb.d, sb.d + 1, (size_t)sb.ndim * sizeof(int64_t)); }
        k.axis = (t & 8) && sb.ndim >= 2;
        if (k.axis) { int64_t tmp = sb.d[0]; sb.d[0] = sb.d[sb.ndim - 1]; sb.d[sb.ndim - 1] = tmp; }
        in[0] = randt(sa, -1, 1);
        in[1] = k.op == ALPHA_OP_DIV ? randt(sb, 0.5f, 2) : randt(sb, -1, 1);
        check(f_binary, in, 2, &k, alpha_op_name((alpha_op)k.op));
    }
    {   /* the same tensor used twice: gradients add up */
        gc_case k;
        alpha_tensor *in[2];
        memset(&k, 0, sizeof k);
        k.op = ALPHA_OP_MUL;
        in[0] = randt(alpha_shape2(3, 4), -1, 1);
        in[1] = in[0];
        check(f_binary, in, 1, &k, "x*x (shared input)");
    }
}

static alpha_tensor *f_reduce(alpha_ctx *c, alpha_tensor *const *in, void *u) {
    gc_case *k = (gc_case *)u;
    alpha_tensor *x = k->axis ? alpha_transpose(c, in[0], 0, 1) : in[0];
    switch (k->op) {
    case ALPHA_OP_SUM: return alpha_sum(c, x, k->axes, k->keep);
    case ALPHA_OP_MEAN: return alpha_mean(c, x, k->axes, k->keep);
    case ALPHA_OP_MAX: return alpha_max(c, x, k->axes, k->keep);
    case ALPHA_OP_MIN: return alpha_min(c, x, k->axes, k->keep);
    case ALPHA_OP_SOFTMAX: return alpha_softmax(c, x, (int)k->axes);
    case ALPHA_OP_LOG_SOFTMAX: return alpha_log_softmax(c, x, (int)k->axes);
    case ALPHA_OP_TOPK: return alpha_topk(c, x, (int)k->axes, NULL);
    }
    return NULL;
}
TEST(test_grad_reductions) {
    int t;
    for (t = 0; t < 28; t++) {
        gc_case k;
        int nd = 2 + rnd(2);
        alpha_tensor *x = randt(rshape(nd, 6), -2, 2);
        memset(&k, 0, sizeof k);
        k.op = (int[]){ALPHA_OP_SUM, ALPHA_OP_MEAN, ALPHA_OP_MAX, ALPHA_OP_MIN, ALPHA_OP_SOFTMAX, ALPHA_OP_LOG_SOFTMAX, ALPHA_OP_TOPK}[t % 7];
        k.axis = t & 1;
        k.keep = (t >> 1) & 1;
        if (k.op == ALPHA_OP_SOFTMAX || k.op == ALPHA_OP_LOG_SOFTMAX) k.axes = (unsigned)rnd(nd);
        else if (k.op == ALPHA_OP_TOPK) k.axes = 1 + (unsigned)rnd((int)(k.axis ? x->shape[0] : x->shape[nd - 1]));
        else k.axes = (unsigned)(1 + rnd((1 << nd) - 1));
        check(f_reduce, &x, 1, &k, alpha_op_name((alpha_op)k.op));
    }
}

static alpha_tensor *f_views(alpha_ctx *c, alpha_tensor *const *in, void *u) {
    gc_case *k = (gc_case *)u;
    alpha_tensor *x = in[0], *parts[3];
    int64_t sizes[3] = {1, 2, 2};
    int perm[3] = {2, 0, 1};
    switch (k->op) {
    case 0: return alpha_reshape(c, alpha_transpose(c, x, 0, 2), alpha_shape2(-1, 3));        /* copy + reshape */
    case 1: return alpha_slice(c, alpha_permute(c, x, perm), 1, 1, 4, 2);
    case 2: return alpha_mul(c, alpha_expand(c, alpha_narrow(c, x, 0, 1, 1), alpha_shape4(2, 1, 5, 3)), alpha_contiguous(c, x));
    case 3:
        alpha_split(c, x, 1, sizes, 3, parts);
        parts[1] = alpha_scale(c, parts[1], 3.0f);
        return alpha_concat(c, parts, 3, 1);
    case 4: return alpha_cast(c, alpha_cast(c, x, ALPHA_F32), ALPHA_F32);
    /* the backward's gradient bookkeeping: disjoint slices written into unzeroed memory (a gap
       left: it must read as zero), overlapping and strided slices (added), slices of an
       intermediate mixed with other uses before and after them, and gradients shared by two
       tensors (an add's) of which one gets more contributions later */
    case 5: return alpha_mul(c, alpha_narrow(c, x, 1, 0, 2), alpha_narrow(c, x, 1, 3, 2));
    case 6:
        return alpha_add(c, alpha_add(c, alpha_mul(c, alpha_narrow(c, x, 1, 0, 2), alpha_narrow(c, x, 1, 3, 2)), alpha_slice(c, x, 1, 1, 5, 2)),
                         alpha_scale(c, alpha_narrow(c, x, 1, 2, 2), 0.5f));
    case 7: {
        alpha_tensor *t = alpha_scale(c, x, 2.0f);
        return alpha_mul(c, alpha_narrow(c, t, 2, 0, 1), alpha_narrow(c, t, 2, 2, 1));
    }
    case 8: {
        alpha_tensor *t = alpha_scale(c, x, 0.7f), *e = alpha_exp(c, t), *p;   /* exp(t) before the slices of t */
        p = alpha_mul(c, alpha_narrow(c, t, 1, 0, 2), alpha_narrow(c, t, 1, 3, 2));
        return alpha_add(c, p, alpha_add(c, alpha_narrow(c, e, 1, 1, 2), alpha_narrow(c, alpha_tanh(c, t), 1, 2, 2)));
    }
    case 9: {
        alpha_tensor *a = alpha_scale(c, x, 2.0f), *b = alpha_scale(c, x, -3.0f), *m = alpha_mul(c, a, a);
        return alpha_add(c, alpha_add(c, a, b), m);   /* a and b share a gradient; a gets m's after */
    }
    case 10: {
        alpha_tensor *t = alpha_scale(c, x, 1.5f);
        return alpha_add(c, alpha_add(c, t, t), alpha_mul(c, t, t));
    }
    }
    return NULL;
}
TEST(test_grad_views) {
    int op;
    for (op = 0; op < 11; op++) {
        gc_case k;
        alpha_tensor *x = randt(alpha_shape3(4, 5, 3), -1, 1);
        memset(&k, 0, sizeof k);
        k.op = op;
        check(f_views, &x, 1, &k, "views");
    }
}

static alpha_tensor *f_nn(alpha_ctx *c, alpha_tensor *const *in, void *u) {
    gc_case *k = (gc_case *)u;
    switch (k->op) {
    case 0: return alpha_layernorm(c, in[0], in[1], in[2], 1e-5f);
    case 1: return alpha_layernorm(c, alpha_transpose(c, in[0], 0, 1), NULL, NULL, 1e-5f);
    case 2: return alpha_matmul(c, in[0], in[1]);
    case 3: return alpha_matmul(c, alpha_transpose(c, in[0], -1, -2), alpha_transpose(c, in[1], -1, -2));
    case 4: return alpha_embedding(c, in[0], k->aux);
    case 5: return alpha_cross_entropy(c, in[0], k->aux, -1);
    case 6: return alpha_where(c, k->aux, in[0], in[1]);
    case 7: return alpha_masked_fill(c, in[0], k->aux, 2.5f);
    case 8: return alpha_matmul_bias(c, in[0], in[1], in[2]);
    case 9: {   /* a tied LM head: embedding rows of w, logits against w^T (its gradient straight into w's) */
        alpha_tensor *h = alpha_add(c, alpha_embedding(c, in[0], k->aux), in[1]);
        return alpha_matmul(c, h, alpha_transpose(c, in[0], 0, 1));
    }
    case 10: {   /* w^T used by a product and by an elementwise op: both gradients reach w */
        alpha_tensor *t = alpha_transpose(c, in[0], 0, 1);
        return alpha_add(c, alpha_matmul(c, in[1], t), alpha_mul(c, t, t));
    }
    }
    return NULL;
}
TEST(test_grad_nn_ops) {
    gc_case k;
    alpha_tensor *in[3];
    int t;
    memset(&k, 0, sizeof k);
    in[0] = randt(alpha_shape3(3, 4, 13), -2, 2); in[1] = randt(alpha_shape1(13), 0.5f, 1.5f); in[2] = randt(alpha_shape1(13), -1, 1);
    k.op = 0; check(f_nn, in, 3, &k, "layernorm");
    in[0] = randt(alpha_shape2(7, 6), -2, 2);
    k.op = 1; check(f_nn, in, 1, &k, "layernorm of a view, no affine");
    for (t = 0; t < 6; t++) {   /* matmul with batch broadcasting */
        int64_t M = 1 + rnd(6), N = 1 + rnd(6), K = 1 + rnd(6);
        k.op = 2 + (t & 1);
        if (k.op == 2) {
            in[0] = randt(t & 2 ? alpha_shape3(3, M, K) : alpha_shape2(M, K), -1, 1);
            in[1] = randt(t & 4 ? alpha_shape4(2, 1, K, N) : alpha_shape2(K, N), -1, 1);
        } else {
            in[0] = randt(t & 2 ? alpha_shape3(3, K, M) : alpha_shape2(K, M), -1, 1);
            in[1] = randt(t & 4 ? alpha_shape4(2, 1, N, K) : alpha_shape2(N, K), -1, 1);
        }
        check(f_nn, in, 2, &k, "matmul");
    }
    {   /* a linear layer: the bias's gradient sums over the batch dims; the values are the unfused add's */
        alpha_tensor *ref;
        in[0] = randt(alpha_shape3(2, 5, 4), -1, 1); in[1] = randt(alpha_shape2(4, 3), -1, 1); in[2] = randt(alpha_shape1(3), -1, 1);
        k.op = 8; check(f_nn, in, 3, &k, "matmul_bias");
        ref = alpha_add(ctx, alpha_matmul(ctx, in[0], in[1]), in[2]);
        CHECK(ref && memcmp(alpha_tensor_data(ref), alpha_tensor_data(alpha_matmul_bias(ctx, in[0], in[1], in[2])), 30 * sizeof(float)) == 0,
              "matmul_bias differs from matmul + add");
        CHECK(alpha_matmul_bias(ctx, in[0], in[1], randt(alpha_shape1(4), -1, 1)) == NULL && strstr(alpha_ctx_last_error(ctx), "is not [3]") != NULL,
              "a bias of the wrong length: %s", alpha_ctx_last_error(ctx));
        alpha_ctx_clear_error(ctx);
    }
    {   /* embedding with repeated indices */
        int32_t ids[7] = {2, 0, 2, 5, 2, 1, 0};
        k.aux = alpha_from_data(ctx, ALPHA_I32, alpha_shape1(7), ids);
        in[0] = randt(alpha_shape2(6, 4), -1, 1);
        k.op = 4; check(f_nn, in, 1, &k, "embedding");
    }
    {   /* tied embedding and head [V = 6, C = 4] over [2, 4] positions */
        int32_t ids[8] = {2, 0, 2, 5, 1, 1, 0, 3};
        k.aux = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 4), ids);
        in[0] = randt(alpha_shape2(6, 4), -1, 1); in[1] = randt(alpha_shape3(2, 4, 4), -1, 1);
        k.op = 9; check(f_nn, in, 2, &k, "tied embedding and head");
        k.op = 10; check(f_nn, in, 2, &k, "a transposed weight in a product and an elementwise op");
    }
    {   /* cross entropy with an ignored target */
        int32_t tg[6] = {0, 3, -1, 4, 4, 1};
        k.aux = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 3), tg);
        in[0] = randt(alpha_shape3(2, 3, 5), -2, 2);
        k.op = 5; check(f_nn, in, 1, &k, "cross_entropy");
    }
    {
        int32_t cm[5] = {1, 0, 0, 1, 1};
        k.aux = alpha_from_data(ctx, ALPHA_I32, alpha_shape1(5), cm);
        in[0] = randt(alpha_shape2(3, 5), -1, 1); in[1] = randt(alpha_shape2(1, 5), -1, 1);
        k.op = 6; check(f_nn, in, 2, &k, "where");
        k.op = 7; check(f_nn, in, 1, &k, "masked_fill");
    }
}

/* the fused residual add + layernorm: y = LayerNorm(x + r), s = x + r; in: x, r, w, b */
static alpha_tensor *f_add_ln(alpha_ctx *c, alpha_tensor *const *in, void *u) {
    gc_case *k = (gc_case *)u;
    alpha_tensor *s = NULL, *s2 = NULL, *y, *y2;
    switch (k->op) {
    case 0: return alpha_add_layernorm(c, in[0], in[1], in[2], in[3], 1e-5f, NULL);      /* y only */
    case 1:   /* loss = f(y) + g(s) */
        y = alpha_add_layernorm(c, in[0], in[1], in[2], in[3], 1e-5f, &s);
        return alpha_add(c, alpha_tanh(c, y), alpha_mul(c, s, s));
    case 2:   /* s only: y gets no gradient */
        alpha_add_layernorm(c, in[0], in[1], in[2], in[3], 1e-5f, &s);
        return alpha_tanh(c, s);
    case 3:   /* a transposed r, no affine, x also used directly */
        y = alpha_add_layernorm(c, in[0], alpha_transpose(c, in[1], 0, 1), NULL, NULL, 1e-5f, &s);
        return alpha_add(c, alpha_mul(c, y, in[0]), alpha_scale(c, s, 0.5f));
    case 4:   /* two chained as in a GPT block: the sum feeds the next one, its y the residual branch */
        y = alpha_add_layernorm(c, in[0], in[1], in[2], in[3], 1e-5f, &s);
        y2 = alpha_add_layernorm(c, s, alpha_gelu(c, y), in[3], in[2], 1e-5f, &s2);
        return alpha_add(c, y2, alpha_sigmoid(c, s2));
    }
    return NULL;
}
TEST(test_grad_add_layernorm) {
    gc_case k;
    alpha_tensor *in[4];
    memset(&k, 0, sizeof k);
    for (k.op = 0; k.op < 5; k.op++) {
        alpha_shape sh = k.op == 3 ? alpha_shape2(7, 6) : alpha_shape3(3, 4, 13);
        int64_t C = sh.d[sh.ndim - 1];
        in[0] = randt(sh, -2, 2);
        in[1] = k.op == 3 ? randt(alpha_shape2(6, 7), -2, 2) : randt(sh, -2, 2);
        in[2] = randt(alpha_shape1(C), 0.5f, 1.5f); in[3] = randt(alpha_shape1(C), -1, 1);
        check(f_add_ln, in, k.op == 3 ? 2 : 4, &k, "add_layernorm");
    }
}
/* its gradients are bit for bit those of alpha_add then alpha_layernorm (the GPT relies on it) */
TEST(test_add_layernorm_grads_match_unfused) {
    alpha_mark m = alpha_ctx_mark(ctx);
    alpha_shape sh = alpha_shape3(2, 5, 33);
    alpha_tensor *in[4], *g[2][4], *c1 = randt(sh, -1, 1), *c2 = randt(sh, -1, 1);
    int path, i;
    in[0] = randt(sh, -2, 2); in[1] = randt(sh, -2, 2); in[2] = randt(alpha_shape1(33), 0.5f, 1.5f); in[3] = randt(alpha_shape1(33), -1, 1);
    for (path = 0; path < 2; path++) {
        alpha_tensor *s, *y, *loss;
        for (i = 0; i < 4; i++) { in[i]->grad = NULL; alpha_requires_grad(ctx, in[i]); }
        if (path) y = alpha_add_layernorm(ctx, in[0], in[1], in[2], in[3], 1e-5f, &s);
        else { s = alpha_add(ctx, in[0], in[1]); y = alpha_layernorm(ctx, s, in[2], in[3], 1e-5f); }
        loss = alpha_add(ctx, alpha_sum(ctx, alpha_mul(ctx, y, c1), ALPHA_ALL_AXES, 0), alpha_sum(ctx, alpha_mul(ctx, s, c2), ALPHA_ALL_AXES, 0));
        CHECK(alpha_backward(ctx, loss, NULL) == ALPHA_OK, "backward: %s", alpha_ctx_last_error(ctx));
        for (i = 0; i < 4; i++) g[path][i] = in[i]->grad;
    }
    for (i = 0; i < 4; i++) {
        int64_t n = alpha_tensor_numel(in[i]);
        CHECK(g[0][i] && g[1][i] && !memcmp(alpha_tensor_data(g[0][i]), alpha_tensor_data(g[1][i]), (size_t)n * sizeof(float)),
              "input %d: fused gradient differs from alpha_add + alpha_layernorm", i);
        in[i]->requires_grad = 0; in[i]->grad = NULL;
    }
    alpha_ctx_reset(ctx, m);
}

/* dropout needs a fixed mask across the finite-difference evaluations */
static alpha_rng_state drop_state;
static alpha_tensor *f_dropout(alpha_ctx *c, alpha_tensor *const *in, void *u) {
    (void)u;
    alpha_ctx_set_rng(c, drop_state);
    return alpha_dropout(c, in[0], 0.3f);
}
TEST(test_grad_dropout) {
    alpha_tensor *x = randt(alpha_shape2(9, 11), -1, 1);
    drop_state = alpha_ctx_rng(ctx);
    check(f_dropout, &x, 1, NULL, "dropout");
}

TEST(test_backward_errors) {
    alpha_tensor *x = alpha_requires_grad(ctx, randt(alpha_shape2(2, 3), -1, 1));
    alpha_tensor *y = alpha_exp(ctx, x), *z = randt(alpha_shape1(3), -1, 1);
    CHECK(alpha_backward(ctx, y, NULL) == ALPHA_ERR_INVALID, "non-scalar without seed fails");
    CHECK(strstr(alpha_ctx_last_error(ctx), "not a single value") != NULL, "%s", alpha_ctx_last_error(ctx));
    alpha_ctx_clear_error(ctx);
    CHECK(alpha_backward(ctx, y, z) == ALPHA_ERR_INVALID, "seed of the wrong shape fails");
    alpha_ctx_clear_error(ctx);
    CHECK(alpha_backward(ctx, z, NULL) == ALPHA_ERR_INVALID, "output without grad fails");
    alpha_ctx_clear_error(ctx);
    {   /* no-grad scope records nothing */
        int prev = alpha_no_grad_begin(ctx);
        size_t before = alpha_ctx_tape_len(ctx);
        alpha_tensor *w = alpha_exp(ctx, x);
        CHECK(alpha_ctx_tape_len(ctx) == before && !w->requires_grad, "no-grad records nothing");
        alpha_no_grad_end(ctx, prev);
    }
    {   /* gradients accumulate across backward calls until zeroed */
        float g[6];
        alpha_zero_grad(ctx, &x, 1);
        alpha_backward(ctx, alpha_sum(ctx, x, ALPHA_ALL_AXES, 0), NULL);
        alpha_backward(ctx, alpha_sum(ctx, x, ALPHA_ALL_AXES, 0), NULL);
        alpha_tensor_to_f32(ctx, x->grad, g, 6);
        CHECK(g[0] == 2 && g[5] == 2, "accumulated grad %g", g[0]);
        alpha_zero_grad(ctx, &x, 1);
        alpha_tensor_to_f32(ctx, x->grad, g, 6);
        CHECK(g[0] == 0, "zeroed");
    }
    alpha_tape_free(ctx);
}

/* ---- the fused classifier: alpha_cross_entropy_reusing_logits writes d loss/d logits over the
   logits (no second [N, V] buffer) where nothing else reads them, else it makes a new one;
   either way the gradients are those of alpha_cross_entropy, bit for bit */
static int same_bits(alpha_tensor *a, alpha_tensor *b, int64_t n) {
    static float ha[4096], hb[4096];
    if (n > 4096 || alpha_tensor_to_f32(ctx, a, ha, n) != ALPHA_OK || alpha_tensor_to_f32(ctx, b, hb, n) != ALPHA_OK) return 0;
    return memcmp(ha, hb, (size_t)n * sizeof *ha) == 0;
}
TEST(test_cross_entropy_reusing_logits) {
    int32_t tg[24];
    int i, other;
    for (i = 0; i < 24; i++) tg[i] = i % 5 == 3 ? -1 : rnd(37);   /* some ignored rows */
    for (other = 0; other < 2; other++) {   /* other: a second reader of the logits (x * x) */
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor *h = alpha_requires_grad(ctx, randt(alpha_shape3(2, 12, 16), -1, 1));
        alpha_tensor *w = alpha_requires_grad(ctx, randt(alpha_shape2(16, 37), -1, 1));
        alpha_tensor *t = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 12), tg), *gh, *gw, *lg[2], *lr[2];
        int r;
        for (r = 0; r < 2; r++) {   /* r 0: alpha_cross_entropy, r 1: reusing the logits */
            /* the other reader comes first on the tape: its rule runs after the cross-entropy's */
            alpha_tensor *logits = alpha_matmul(ctx, h, w), *sq = other ? alpha_mean(ctx, alpha_mul(ctx, logits, logits), ALPHA_ALL_AXES, 0) : NULL, *loss;
            loss = r ? alpha_cross_entropy_reusing_logits(ctx, logits, t, -1) : alpha_cross_entropy(ctx, logits, t, -1);
            if (other) loss = alpha_add(ctx, loss, sq);
            alpha_zero_grad(ctx, &h, 1);
            alpha_zero_grad(ctx, &w, 1);
            CHECK(alpha_backward(ctx, loss, NULL) == ALPHA_OK, "backward: %s", alpha_ctx_last_error(ctx));
            lg[r] = logits; lr[r] = logits->grad;
            if (r == 0) { gh = alpha_copy(ctx, h->grad); gw = alpha_copy(ctx, w->grad); }
        }
        CHECK(same_bits(gh, h->grad, 2 * 12 * 16) && same_bits(gw, w->grad, 16 * 37), "other reader %d: the gradients of alpha_cross_entropy", other);
        CHECK(lr[0] && lr[0]->storage != lg[0]->storage, "alpha_cross_entropy: a gradient buffer of its own");
        CHECK(lr[1] && (lr[1]->storage == lg[1]->storage && lr[1]->offset == lg[1]->offset) == !other,
              "reusing, other reader %d: the gradient %s the logits' memory", other, other ? "not in" : "in");
        if (!other) CHECK(same_bits(lg[1], lr[0], 24 * 37), "the logits now hold d loss/d logits");
        CHECK(alpha_ctx_status(ctx) == ALPHA_OK, "%s", alpha_ctx_last_error(ctx));
        alpha_tape_free(ctx);
        alpha_ctx_reset(ctx, mk);
    }
}

/* ---- a product's input made by a GELU: the product's backward sends dx times gelu' straight to
   the GELU's input (alpha_matmul_gelu_backward, one kernel), bit for bit the values of the
   product and the GELU's rule as two ops; the GELU's output gets no gradient. With a second
   reader of that output the two run apart, as before. */
TEST(test_gelu_product_backward) {
    int other;
    for (other = 0; other < 2; other++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor *x = alpha_requires_grad(ctx, randt(alpha_shape2(6, 8), -1, 1)), *w1 = alpha_requires_grad(ctx, randt(alpha_shape2(8, 12), -1, 1));
        alpha_tensor *w2 = alpha_requires_grad(ctx, randt(alpha_shape2(12, 5), -1, 1)), *r = randt(alpha_shape2(6, 5), -1, 1);
        alpha_tensor *h = alpha_matmul(ctx, x, w1), *a = alpha_gelu(ctx, h), *loss, *gy, *dh;
        float want[72], got[72];
        loss = alpha_sum(ctx, alpha_mul(ctx, alpha_matmul(ctx, a, w2), r), ALPHA_ALL_AXES, 0);
        if (other) loss = alpha_add(ctx, loss, alpha_sum(ctx, a, ALPHA_ALL_AXES, 0));
        CHECK(alpha_backward(ctx, loss, NULL) == ALPHA_OK, "backward: %s", alpha_ctx_last_error(ctx));
        gy = alpha_matmul(ctx, r, alpha_transpose(ctx, w2, 0, 1));
        if (other) gy = alpha_add(ctx, gy, alpha_full(ctx, ALPHA_F32, alpha_shape2(6, 12), 1.0));
        dh = alpha_unary_backward(ctx, ALPHA_OP_GELU, h, a, gy, 0, 0);
        CHECK(alpha_tensor_to_f32(ctx, dh, want, 72) == ALPHA_OK && h->grad && alpha_tensor_to_f32(ctx, h->grad, got, 72) == ALPHA_OK, "read back");
        if (!other) CHECK(!memcmp(want, got, sizeof want), "fused: h's gradient is the product and GELU rule's bit for bit");
        else CHECK(same_bits(h->grad, dh, 72), "unfused: h's gradient");
        CHECK(!a->grad == !other, "the GELU output %s a gradient", other ? "has" : "has no");
        CHECK(same_bits(w1->grad, alpha_matmul(ctx, alpha_transpose(ctx, x, 0, 1), dh), 96), "w1's gradient from h's");
        CHECK(alpha_ctx_status(ctx) == ALPHA_OK, "%s", alpha_ctx_last_error(ctx));
        alpha_tape_free(ctx);   /* the checks above ran with grad mode on */
        alpha_ctx_reset(ctx, mk);
    }
}

/* ---- a 2-layer MLP learns XOR-like data through the tape */
TEST(test_mlp_trains) {
    alpha_ctx *c;
    alpha_ctx_desc d;
    alpha_tensor *w1, *b1, *w2, *b2, *params[4], *x, *y;
    alpha_mark m;
    float xs[64 * 2];
    int32_t ys[64];
    int i, step;
    double loss = 1e9, first = 0;
    memset(&d, 0, sizeof d);
    d.seed = 3; d.n_threads = 2;
    alpha_ctx_create(&c, &d);
    for (i = 0; i < 64; i++) {
        float a = (float)((i * 37) % 64) / 32.0f - 1.0f, b = (float)((i * 11) % 64) / 32.0f - 1.0f;
        xs[2 * i] = a; xs[2 * i + 1] = b;
        ys[i] = (a > 0) != (b > 0);
    }
    x = alpha_from_data(c, ALPHA_F32, alpha_shape2(64, 2), xs);
    y = alpha_from_data(c, ALPHA_I32, alpha_shape1(64), ys);
    params[0] = w1 = alpha_requires_grad(c, alpha_randn(c, alpha_shape2(2, 32), 0, 0.7f));
    params[1] = b1 = alpha_requires_grad(c, alpha_zeros(c, ALPHA_F32, alpha_shape1(32)));
    params[2] = w2 = alpha_requires_grad(c, alpha_randn(c, alpha_shape2(32, 2), 0, 0.3f));
    params[3] = b2 = alpha_requires_grad(c, alpha_zeros(c, ALPHA_F32, alpha_shape1(2)));
    m = alpha_ctx_mark(c);
    for (step = 0; step < 400; step++) {
        alpha_tensor *h = alpha_tanh(c, alpha_add(c, alpha_matmul(c, x, w1), b1));
        alpha_tensor *logits = alpha_add(c, alpha_matmul(c, h, w2), b2);
        alpha_tensor *l = alpha_cross_entropy(c, logits, y, -1);
        loss = alpha_tensor_item(c, l);
        if (step == 0) first = loss;
        alpha_zero_grad(c, params, 4);
        if (alpha_backward(c, l, NULL) != ALPHA_OK) break;
        for (i = 0; i < 4; i++) alpha_add_into(c, params[i], alpha_scale(c, params[i]->grad, -0.5f));
        alpha_ctx_reset(c, m);
    }
    CHECK(alpha_ctx_status(c) == ALPHA_OK, "no error: %s", alpha_ctx_last_error(c));
    CHECK(loss < 0.1 && first > 0.5, "XOR loss went from %g to %g", first, loss);
    alpha_ctx_destroy(c);
}

static void quiet(void *u, alpha_log_level l, const char *m) { (void)u; (void)l; (void)m; }

/* ---- fused attention: equals softmax(scale q k^T + causal mask) v, and its gradients check */
static alpha_tensor *attention_reference(alpha_ctx *c, alpha_tensor *q, alpha_tensor *k, alpha_tensor *v, float scale) {
    int64_t T = q->shape[2], S = k->shape[2];
    alpha_tensor *att = alpha_scale(c, alpha_matmul(c, q, alpha_transpose(c, k, 2, 3)), scale);
    att = alpha_add(c, att, alpha_narrow(c, alpha_causal_mask(c, S), 0, S - T, T));
    return alpha_matmul(c, alpha_softmax(c, att, -1), v);
}
static alpha_tensor *f_attention(alpha_ctx *c, alpha_tensor *const *in, void *u) {
    gc_case *k = (gc_case *)u;
    alpha_tensor *q = in[0];
    if (k->op == 1) q = alpha_transpose(c, in[0], 1, 2);   /* a strided view: [B, T, H, D] seen as [B, H, T, D] */
    return alpha_attention(c, q, in[1], in[2], k->f0);
}
TEST(test_attention) {
    static const int64_t shapes[][5] = {{2, 3, 5, 5, 4}, {1, 2, 3, 7, 6}, {2, 1, 1, 4, 3}};   /* B, H, T, S, D */
    int i, op;
    for (i = 0; i < 3; i++) for (op = 0; op < 2; op++) {
        const int64_t *sh = shapes[i];
        alpha_mark m = alpha_ctx_mark(ctx);
        gc_case k;
        alpha_tensor *in[3], *want, *got, *qv;
        int64_t j, n;
        double worst = 0;
        memset(&k, 0, sizeof k);
        k.op = op; k.f0 = 0.7f;
        in[0] = op ? randt(alpha_shape4(sh[0], sh[2], sh[1], sh[4]), -1, 1) : randt(alpha_shape4(sh[0], sh[1], sh[2], sh[4]), -1, 1);
        in[1] = randt(alpha_shape4(sh[0], sh[1], sh[3], sh[4]), -1, 1);
        in[2] = randt(alpha_shape4(sh[0], sh[1], sh[3], sh[4]), -1, 1);
        qv = op ? alpha_transpose(ctx, in[0], 1, 2) : in[0];
        want = attention_reference(ctx, alpha_contiguous(ctx, qv), in[1], in[2], k.f0);
        got = f_attention(ctx, in, &k);
        n = got ? alpha_tensor_numel(got) : 0;
        CHECK(got && n == alpha_tensor_numel(want), "attention %d/%d: %s", i, op, alpha_ctx_last_error(ctx));
        for (j = 0; j < n; j++) {   /* both are contiguous CPU tensors */
            double d = fabs((double)((float *)alpha_tensor_data(got))[j] - ((float *)alpha_tensor_data(want))[j]);
            if (d > worst) worst = d;
        }
        CHECK(worst < 1e-5, "attention %d/%d equals the unfused reference: max diff %g", i, op, worst);
        check(f_attention, in, 3, &k, "attention");
        alpha_ctx_reset(ctx, m);
    }
    CHECK(alpha_attention(ctx, randt(alpha_shape4(1, 1, 5, 4), -1, 1), randt(alpha_shape4(1, 1, 3, 4), -1, 1),
                          randt(alpha_shape4(1, 1, 3, 4), -1, 1), 1.0f) == NULL && strstr(alpha_ctx_last_error(ctx), "S >= T"),
          "fewer keys than queries is refused: %s", alpha_ctx_last_error(ctx));
    alpha_ctx_clear_error(ctx);
}

int main(void) {
    alpha_ctx_desc d;
    memset(&d, 0, sizeof d);
    d.seed = 5;
    d.logger.func = quiet;
    if (alpha_ctx_create(&ctx, &d) != ALPHA_OK) return 1;
    RUN(test_grad_unary);
    RUN(test_grad_binary_broadcast);
    RUN(test_grad_reductions);
    RUN(test_grad_views);
    RUN(test_grad_nn_ops);
    RUN(test_grad_add_layernorm);
    RUN(test_add_layernorm_grads_match_unfused);
    RUN(test_grad_dropout);
    RUN(test_attention);
    RUN(test_backward_errors);
    RUN(test_cross_entropy_reusing_logits);
    RUN(test_gelu_product_backward);
    RUN(test_mlp_trains);
    alpha_ctx_destroy(ctx);
    return test_summary();
}
