/* The device backend interface of alpha_tensor.h, exercised with a "mirror" device: its memory is
   host memory it manages itself, and it runs nodes by handing CPU views of them to the CPU kernels,
   except for topk, which it pretends not to have. A GPT forward and backward on it must equal the
   CPU run bit for bit, run no kernel on the CPU, and an op without a device kernel must fail
   loudly instead of falling back. */
#define ALPHA_IMPLEMENTATION
#include "alpha_model.h"
#include "test.h"
#include <stdlib.h>
#include <string.h>

typedef struct mirror { unsigned char *mem; size_t size, top, peak; long uploads, downloads, ops[ALPHA_OP_COUNT]; } mirror;

static alpha_result m_alloc(void *u, size_t n, void **h) {
    mirror *m = (mirror *)u;
    size_t need = (n + 63) & ~(size_t)63;
    if (m->top + need > m->size) return ALPHA_ERR_OOM;
    *h = m->mem + m->top;
    m->top += need;
    if (m->top > m->peak) m->peak = m->top;
    return ALPHA_OK;
}
static size_t m_mark(void *u) { return ((mirror *)u)->top; }
static void m_reset(void *u, size_t top) { ((mirror *)u)->top = top; }
static alpha_result m_upload(void *u, void *h, size_t off, const void *src, size_t n) {
    ((mirror *)u)->uploads++;
    memcpy((unsigned char *)h + off, src, n);
    return ALPHA_OK;
}
static alpha_result m_download(void *u, void *h, size_t off, void *dst, size_t n) {
    ((mirror *)u)->downloads++;
    memcpy(dst, (unsigned char *)h + off, n);
    return ALPHA_OK;
}
/* CPU views of every tensor of the node: same memory, device 0 */
static alpha_result m_exec(void *u, alpha_ctx *ctx, const alpha_node *nd) {
    alpha_node c = *nd;
    alpha_tensor views[1 + ALPHA_NODE_MAX_SRC + ALPHA_NODE_MAX_SAVED];
    alpha_storage st[1 + ALPHA_NODE_MAX_SRC + ALPHA_NODE_MAX_SAVED];
    alpha_tensor **slots[1 + ALPHA_NODE_MAX_SRC + ALPHA_NODE_MAX_SAVED];
    int k, n = 0;
    if (nd->op == ALPHA_OP_TOPK) return ALPHA_ERR_UNSUPPORTED;
    ((mirror *)u)->ops[nd->op]++;
    slots[n++] = &c.out;
    for (k = 0; k < ALPHA_NODE_MAX_SRC; k++) slots[n++] = &c.src[k];
    for (k = 0; k < ALPHA_NODE_MAX_SAVED; k++) slots[n++] = &c.saved[k];
    for (k = 0; k < n; k++) {
        alpha_tensor *t = *slots[k];
        if (!t) continue;
        if (t->storage->device != 1) return ALPHA_ERR_INVALID;
        views[k] = *t;
        st[k] = *t->storage;
        st[k].device = 0;
        views[k].storage = &st[k];
        *slots[k] = &views[k];
    }
    alpha__cpu_exec(ctx, &c);
    return ALPHA_OK;
}
static int add_mirror(alpha_ctx *ctx, mirror *m) {
    alpha_backend b;
    int dev = -1;
    memset(&b, 0, sizeof b);
    b.name = "mirror"; b.user = m;
    b.alloc = m_alloc; b.mark = m_mark; b.reset = m_reset; b.upload = m_upload; b.download = m_download; b.exec = m_exec;
    CHECK(alpha_ctx_add_device(ctx, &b, &dev) == ALPHA_OK && dev == 1, "add device");
    return dev;
}
static void quiet(void *u, alpha_log_level l, const char *m) { (void)u; (void)l; (void)m; }
static alpha_ctx *new_ctx(void) {
    alpha_ctx *c;
    alpha_ctx_desc d;
    memset(&d, 0, sizeof d);
    d.seed = 5; d.n_threads = 2; d.logger.func = quiet;
    return alpha_ctx_create(&c, &d) == ALPHA_OK ? c : NULL;
}

TEST(test_transfers_and_creation) {
    mirror m = {0};
    alpha_ctx *ctx = new_ctx();
    alpha_tensor *a, *b, *c;
    float v[6] = {1, 2, 3, 4, 5, 6}, out[6];
    int dev;
    m.size = 1 << 20; m.mem = (unsigned char *)malloc(m.size);
    dev = add_mirror(ctx, &m);
    a = alpha_from_data(ctx, ALPHA_F32, alpha_shape2(2, 3), v);
    b = alpha_to_device(ctx, a, dev);
    CHECK(b && alpha_tensor_device(b) == dev && alpha_tensor_data(b) == NULL, "to_device");
    c = alpha_transpose(ctx, b, 0, 1);   /* a view on the device */
    CHECK(alpha_tensor_to_f32(ctx, c, out, 6) == ALPHA_OK && out[1] == 4 && out[2] == 2, "view read back: %g %g", out[1], out[2]);
    CHECK(alpha_tensor_get(ctx, c, (int64_t[]){2, 1}) == 6, "get from a device view");
    CHECK(alpha_tensor_item(ctx, alpha_sum(ctx, b, ALPHA_ALL_AXES, 0)) == 21, "item of a device result");
    alpha_ctx_set_device(ctx, dev);
    {   /* creation on the current device gives the same numbers as on the CPU */
        alpha_rng_state st = alpha_ctx_rng(ctx);
        float x[50], y[50];
        alpha_tensor *r1 = alpha_randn(ctx, alpha_shape1(50), 0, 1), *r0;
        alpha_ctx_set_device(ctx, 0);
        alpha_ctx_set_rng(ctx, st);
        r0 = alpha_randn(ctx, alpha_shape1(50), 0, 1);
        alpha_tensor_to_f32(ctx, r1, x, 50);
        alpha_tensor_to_f32(ctx, r0, y, 50);
        CHECK(alpha_tensor_device(r1) == dev && !memcmp(x, y, sizeof x), "randn on the device");
        alpha_ctx_set_device(ctx, dev);
        CHECK(alpha_tensor_item(ctx, alpha_sum(ctx, alpha_ones(ctx, ALPHA_F32, alpha_shape2(3, 3)), ALPHA_ALL_AXES, 0)) == 9, "ones");
        CHECK(alpha_tensor_item(ctx, alpha_sum(ctx, alpha_zeros(ctx, ALPHA_F32, alpha_shape2(3, 3)), ALPHA_ALL_AXES, 0)) == 0, "zeros");
        CHECK(alpha_tensor_get(ctx, alpha_arange(ctx, ALPHA_F32, 0, 5, 1), (int64_t[]){4}) == 4, "arange");
        CHECK(alpha_tensor_get(ctx, alpha_causal_mask(ctx, 3), (int64_t[]){0, 1}) == -INFINITY, "causal mask");
    }
    {   /* the device arena follows the context's marks */
        alpha_mark mk = alpha_ctx_mark(ctx);
        size_t top = m.top;
        alpha_zeros(ctx, ALPHA_F32, alpha_shape1(1000));
        CHECK(m.top > top, "device allocation");
        alpha_ctx_reset(ctx, mk);
        CHECK(m.top == top, "reset frees device memory");
    }
    CHECK(alpha_ctx_status(ctx) == ALPHA_OK, "no error: %s", alpha_ctx_last_error(ctx));
    alpha_ctx_destroy(ctx);
    free(m.mem);
}

TEST(test_no_silent_fallback) {
    mirror m = {0};
    alpha_ctx *ctx = new_ctx();
    alpha_tensor *x, *y, *cpu;
    uint64_t cpu_before;
    int dev;
    m.size = 1 << 20; m.mem = (unsigned char *)malloc(m.size);
    dev = add_mirror(ctx, &m);
    cpu = alpha_ones(ctx, ALPHA_F32, alpha_shape2(2, 5));
    x = alpha_to_device(ctx, cpu, dev);
    cpu_before = alpha_ctx_dispatches(ctx, 0);
    y = alpha_topk(ctx, x, 2, NULL);
    CHECK(y == NULL && alpha_ctx_status(ctx) == ALPHA_ERR_UNSUPPORTED, "topk on a device without the kernel fails");
    CHECK(strstr(alpha_ctx_last_error(ctx), "mirror has no kernel") != NULL, "message: %s", alpha_ctx_last_error(ctx));
    CHECK(alpha_ctx_dispatches(ctx, 0) == cpu_before, "nothing ran on the CPU instead");
    alpha_ctx_clear_error(ctx);
    CHECK(alpha_add(ctx, x, cpu) == NULL && strstr(alpha_ctx_last_error(ctx), "different devices"), "mixing devices fails: %s",
          alpha_ctx_last_error(ctx));
    alpha_ctx_clear_error(ctx);
    alpha_ctx_destroy(ctx);
    free(m.mem);
}

/* One forward + backward of a tiny GPT; returns the loss, fills grads (host copies). */
static double gpt_step(alpha_ctx *ctx, int dev, float *grads, int64_t *n_grads) {
    alpha_gpt_desc gd;
    alpha_gpt *g;
    int32_t tok[2 * 8], tg[2 * 8];
    alpha_tensor *l;
    double loss;
    int i;
    int64_t off = 0;
    memset(&gd, 0, sizeof gd);
    gd.vocab_size = 29; gd.block_size = 8; gd.n_layer = 2; gd.n_head = 2; gd.n_embd = 12; gd.dropout = 0.1f;
    alpha_ctx_set_device(ctx, dev);
    if (alpha_gpt_create(ctx, &gd, &g) != ALPHA_OK) return NAN;
    for (i = 0; i < 16; i++) { tok[i] = (i * 7 + 3) % 29; tg[i] = (i * 5 + 1) % 29; }
    l = alpha_gpt_loss(g, alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 8), tok), alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 8), tg), 1);
    loss = alpha_tensor_item(ctx, l);
    alpha_backward(ctx, l, NULL);
    for (i = 0; i < g->n_params; i++) {
        int64_t n = alpha_tensor_numel(g->params[i]);
        alpha_tensor_to_f32(ctx, g->params[i]->grad, grads + off, n);
        off += n;
    }
    *n_grads = off;
    return loss;
}
TEST(test_gpt_on_device_equals_cpu) {
    mirror m = {0};
    alpha_ctx *c0 = new_ctx(), *c1 = new_ctx();
    static float g0[20000], g1[20000];
    int64_t n0 = 0, n1 = 0;
    double l0, l1;
    uint64_t cpu_before;
    int dev;
    m.size = 16 << 20; m.mem = (unsigned char *)malloc(m.size);
    dev = add_mirror(c1, &m);
    l0 = gpt_step(c0, 0, g0, &n0);
    cpu_before = alpha_ctx_dispatches(c1, 0);
    l1 = gpt_step(c1, dev, g1, &n1);
    CHECK(alpha_ctx_status(c1) == ALPHA_OK, "device run: %s", alpha_ctx_last_error(c1));
    CHECK(l0 == l1 && l0 > 0, "loss %.9g on the CPU, %.9g on the device", l0, l1);
    CHECK(n0 == n1 && n0 > 1000 && !memcmp(g0, g1, (size_t)n0 * sizeof(float)), "gradients differ");
    CHECK(alpha_ctx_dispatches(c1, 0) == cpu_before, "%llu kernels ran on the CPU during the device step",
          (unsigned long long)(alpha_ctx_dispatches(c1, 0) - cpu_before));
    CHECK(alpha_ctx_dispatches(c1, dev) > 100, "device dispatches: %llu", (unsigned long long)alpha_ctx_dispatches(c1, dev));
    alpha_ctx_destroy(c0);
    alpha_ctx_destroy(c1);
    free(m.mem);
}

/* The kernels of one forward + backward of a GPT as a device runs it (fused attention, no
   dropout), by op. Gradients pass between ops without copies (alpha_autograd.h); what is left of
   COPY per layer is the merge of the heads after attention, the attention backward's contiguous
   output gradient and the writes of gq, gk and gv into qkv's gradient; FILL only the seed.
   Measured with this model: COPY 5, ADD 6 + 18, total 19 + 51 per layer, FILL 1 (it was COPY
   7 + 30, ADD 6 + 20, FILL 2 + 3 and 27 + 81 per layer); the bounds pin it. */
TEST(test_gpt_step_kernels) {
    int layers;
    for (layers = 1; layers <= 3; layers++) {
        mirror m;
        alpha_ctx *ctx = new_ctx();
        alpha_gpt_desc gd;
        alpha_gpt *g = NULL;
        int32_t tok[6] = {1, 2, 3, 4, 5, 6};
        alpha_tensor *x, *y;
        long total = 0;
        int dev, i;
        memset(&m, 0, sizeof m);
        m.size = 16 << 20; m.mem = (unsigned char *)malloc(m.size);
        dev = add_mirror(ctx, &m);
        alpha_ctx_set_device(ctx, dev);
        memset(&gd, 0, sizeof gd);
        gd.vocab_size = 23; gd.block_size = 9; gd.n_layer = layers; gd.n_head = 3; gd.n_embd = 12; gd.mlp_mult = 2;
        CHECK(alpha_gpt_create(ctx, &gd, &g) == ALPHA_OK, "create: %s", alpha_ctx_last_error(ctx));
        x = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 3), tok);
        y = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 3), tok);
        memset(m.ops, 0, sizeof m.ops);
        CHECK(g && alpha_backward(ctx, alpha_gpt_loss(g, x, y, 1), NULL) == ALPHA_OK, "backward: %s", alpha_ctx_last_error(ctx));
        for (i = 0; i < ALPHA_OP_COUNT; i++) total += m.ops[i];
        CHECK(m.ops[ALPHA_OP_ATTENTION] == layers && m.ops[ALPHA_OP_ATTENTION_BACKWARD] == layers, "the fused attention runs");
        CHECK(m.ops[ALPHA_OP_COPY] <= 5 * layers && m.ops[ALPHA_OP_FILL] <= 1 && m.ops[ALPHA_OP_ADD] <= 6 + 18 * layers &&
              total <= 19 + 51 * layers, "%d layers: %ld copy, %ld fill, %ld add, %ld kernels (at most %d, 1, %d, %d)", layers,
              m.ops[ALPHA_OP_COPY], m.ops[ALPHA_OP_FILL], m.ops[ALPHA_OP_ADD], total, 5 * layers, 6 + 18 * layers, 19 + 51 * layers);
        alpha_ctx_destroy(ctx);
        free(m.mem);
    }
}

int main(void) {
    RUN(test_transfers_and_creation);
    RUN(test_no_silent_fallback);
    RUN(test_gpt_on_device_equals_cpu);
    RUN(test_gpt_step_kernels);
    return test_summary();
}
