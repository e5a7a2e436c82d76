/* The training half of alpha_train.h: schedule, AdamW, NaN skipping, the trainer, checkpoints
   (bit-identical resume, rejection of damaged files), and a step that allocates nothing. */
#define ALPHA_IMPLEMENTATION
#include "alpha_train.h"
#include "test.h"
#include <string.h>
#include <stdlib.h>
#include <stdio.h>

static void quiet(void *u, alpha_log_level l, const char *m) { (void)u; (void)l; (void)m; }

TEST(test_lr_schedule) {
    alpha_lr_desc s;
    s.lr = 1.0f; s.warmup = 10; s.total = 110; s.min_ratio = 0.1f;
    CHECK_NEAR(alpha_lr_at(&s, 0), 0.1, 1e-6);
    CHECK_NEAR(alpha_lr_at(&s, 9), 1.0, 1e-6);
    CHECK_NEAR(alpha_lr_at(&s, 10), 1.0, 1e-6);
    CHECK_NEAR(alpha_lr_at(&s, 60), 0.55, 1e-6);      /* half way down the cosine */
    CHECK_NEAR(alpha_lr_at(&s, 110), 0.1, 1e-6);
    CHECK_NEAR(alpha_lr_at(&s, 500), 0.1, 1e-6);
    s.warmup = 0;
    CHECK_NEAR(alpha_lr_at(&s, 0), 1.0, 1e-6);
}

TEST(test_adamw_decay_clip_and_skip) {
    alpha_ctx *ctx;
    alpha_ctx_desc cd;
    alpha_tensor *w, *b, *params[2];
    alpha_adamw *opt;
    alpha_adamw_desc od;
    alpha_adamw_report rep;
    float wv[4] = {1, 2, 3, 4}, bv[2] = {1, 1}, out[4];
    memset(&cd, 0, sizeof cd);
    cd.logger.func = quiet;
    alpha_ctx_create(&ctx, &cd);
    w = alpha_requires_grad(ctx, alpha_from_data(ctx, ALPHA_F32, alpha_shape2(2, 2), wv));
    b = alpha_requires_grad(ctx, alpha_from_data(ctx, ALPHA_F32, alpha_shape1(2), bv));
    params[0] = w; params[1] = b;
    memset(&od, 0, sizeof od);
    od.weight_decay = 0.5f; od.clip_norm = 1.0f;
    CHECK(alpha_adamw_create(ctx, params, 2, &od, &opt) == ALPHA_OK, "create");
    /* zero gradients: only decoupled weight decay moves w; b (1-D) does not move */
    CHECK(alpha_adamw_step(opt, 0.1f, 1.0f, &rep) == ALPHA_OK && !rep.skipped, "step");
    alpha_tensor_to_f32(ctx, w, out, 4);
    CHECK_NEAR(out[1], 2 * (1 - 0.1 * 0.5), 1e-6);
    alpha_tensor_to_f32(ctx, b, out, 2);
    CHECK(out[0] == 1 && out[1] == 1, "biases are not decayed");
    /* gradient norm 5 is clipped to 1; Adam's first step moves each element by lr */
    alpha_fill(ctx, w->grad, 0); alpha_fill(ctx, b->grad, 0);
    ((float *)alpha_tensor_data(b->grad))[0] = 3; ((float *)alpha_tensor_data(b->grad))[1] = 4;
    CHECK(alpha_adamw_step(opt, 0.1f, 1.0f, &rep) == ALPHA_OK, "step 2");
    CHECK_NEAR(rep.grad_norm, 5.0, 1e-5);
    alpha_tensor_to_f32(ctx, b, out, 2);
    CHECK(out[0] < 1 && out[1] < 1, "b moved against its gradient: %g %g", out[0], out[1]);
    /* a NaN gradient skips the update and leaves everything alone */
    alpha_tensor_to_f32(ctx, w, wv, 4);
    ((float *)alpha_tensor_data(w->grad))[2] = NAN;
    CHECK(alpha_adamw_step(opt, 0.1f, 1.0f, &rep) == ALPHA_OK && rep.skipped, "NaN step skipped");
    alpha_tensor_to_f32(ctx, w, out, 4);
    CHECK(!memcmp(out, wv, sizeof out) && alpha_adamw_steps(opt) == 2, "nothing changed on a skipped step");
    alpha_ctx_destroy(ctx);
}

/* ---- the flat layout: one storage for parameters, one for gradients, one each for m and v */
#define FLAT_N 6
static uint32_t flat_rng = 12345u;
static float flat_rand(void) { flat_rng = flat_rng * 1664525u + 1013904223u; return (float)(flat_rng >> 8) / 16777216.0f * 2.0f - 1.0f; }
/* 2-D weights (decayed), 1-D biases and norms (not), "wte" (decayed unless no_decay_embeddings),
   listed mixed so the flat order (decayed first) differs from the list order */
static void flat_params(alpha_ctx *ctx, alpha_tensor **ps) {
    static const int64_t shapes[FLAT_N][2] = {{7, 0}, {5, 7}, {13, 0}, {11, 3}, {3, 0}, {4, 9}};
    static float buf[64];
    int i, k;
    flat_rng = 12345u;
    for (i = 0; i < FLAT_N; i++) {
        alpha_shape s = shapes[i][1] ? alpha_shape2(shapes[i][0], shapes[i][1]) : alpha_shape1(shapes[i][0]);
        int64_t n = shapes[i][0] * (shapes[i][1] ? shapes[i][1] : 1);
        for (k = 0; k < n; k++) buf[k] = flat_rand();
        ps[i] = alpha_requires_grad(ctx, alpha_from_data(ctx, ALPHA_F32, s, buf));
    }
    ps[3]->name = "wte";
}
/* writes the same pseudo-random gradients (scaled by `scale`) into both sets */
static void flat_grads(alpha_ctx *ctx, alpha_tensor **a, alpha_tensor **b, float scale) {
    static float buf[64];
    int i, k;
    for (i = 0; i < FLAT_N; i++) {
        int64_t n = alpha_tensor_numel(a[i]);
        for (k = 0; k < n; k++) buf[k] = scale * flat_rand();
        alpha_tensor_from_f32(ctx, a[i]->grad, buf, n);
        alpha_tensor_from_f32(ctx, b[i]->grad, buf, n);
    }
}
static int flat_same(alpha_ctx *ctx, alpha_tensor *const *a, alpha_tensor *const *b, double tol, double *worst) {
    static float ha[64], hb[64];
    int i, k, ok = 1;
    for (i = 0; i < FLAT_N; i++) {
        int64_t n = alpha_tensor_numel(a[i]);
        alpha_tensor_to_f32(ctx, a[i], ha, n);
        alpha_tensor_to_f32(ctx, b[i], hb, n);
        if (tol == 0 && memcmp(ha, hb, (size_t)n * 4)) ok = 0;
        for (k = 0; k < n; k++) {
            double e = fabs((double)ha[k] - hb[k]) / (fabs(ha[k]) > 1 ? fabs(ha[k]) : 1);
            if (worst && e > *worst) *worst = e;
            if (e > tol) ok = 0;
        }
    }
    return ok;
}
TEST(test_adamw_flat_layout) {
    alpha_ctx *ctx;
    alpha_ctx_desc cd;
    alpha_tensor *a[FLAT_N], *b[FLAT_N];
    alpha_adamw *fa, *fb;
    alpha_adamw_desc od;
    alpha_adamw_report ra, rb;
    int i, clip;
    memset(&cd, 0, sizeof cd);
    cd.logger.func = quiet;
    cd.n_threads = 2;
    for (clip = 0; clip < 2; clip++) {
        double worst = 0;
        int same_norms = 1;
        alpha_ctx_create(&ctx, &cd);
        flat_params(ctx, a);
        flat_params(ctx, b);
        memset(&od, 0, sizeof od);
        od.weight_decay = 0.3f;
        od.clip_norm = clip ? 0.5f : -1.0f;   /* clipping on: every step's norm is far above 0.5 */
        CHECK(alpha_adamw_create(ctx, a, FLAT_N, &od, &fa) == ALPHA_OK, "create (flat)");
        od.separate_storage = 1;
        CHECK(alpha_adamw_create(ctx, b, FLAT_N, &od, &fb) == ALPHA_OK, "create (per tensor)");
        if (!fa || !fb) { alpha_ctx_destroy(ctx); return; }
        /* the layout: one storage each, the decayed parameters (2-D, wte) first; values kept */
        for (i = 1; i < FLAT_N; i++)
            CHECK(a[i]->storage == a[0]->storage && a[i]->grad->storage == a[0]->grad->storage &&
                  fa->m[i]->storage == fa->m[0]->storage && fa->v[i]->storage == fa->v[0]->storage, "parameter %d is in the flat buffers", i);
        CHECK(a[0]->storage != a[0]->grad->storage && b[0]->storage != b[1]->storage, "separate buffers, and none for the per-tensor optimizer");
        CHECK(a[1]->offset < a[0]->offset && a[3]->offset < a[0]->offset && a[5]->offset < a[2]->offset && a[5]->offset < a[4]->offset,
              "decayed parameters first: offsets %lld %lld %lld %lld %lld %lld", (long long)a[0]->offset, (long long)a[1]->offset,
              (long long)a[2]->offset, (long long)a[3]->offset, (long long)a[4]->offset, (long long)a[5]->offset);
        CHECK(flat_same(ctx, a, b, 0, NULL), "the parameters kept their values");
        for (i = 0; i < 5; i++) {
            flat_grads(ctx, a, b, i == 3 ? NAN : 2.0f);   /* step 4: a NaN gradient, skipped by both */
            CHECK(alpha_adamw_step(fa, 0.05f, 0.5f, &ra) == ALPHA_OK && alpha_adamw_step(fb, 0.05f, 0.5f, &rb) == ALPHA_OK, "step %d", i);
            CHECK(ra.skipped == rb.skipped && ra.skipped == (i == 3), "step %d skipped: %d %d", i, ra.skipped, rb.skipped);
            if (ra.skipped) continue;
            same_norms &= ra.grad_norm == rb.grad_norm;
            CHECK(fabs(ra.grad_norm - rb.grad_norm) <= 1e-6 * rb.grad_norm, "step %d: norm %.9g vs %.9g", i, ra.grad_norm, rb.grad_norm);
        }
        CHECK(alpha_adamw_steps(fa) == 4 && alpha_adamw_steps(fb) == 4, "steps %lld %lld", (long long)alpha_adamw_steps(fa), (long long)alpha_adamw_steps(fb));
        if (!clip) {
            /* without clipping the norm only decides the skip: every update is the same arithmetic */
            CHECK(flat_same(ctx, a, b, 0, NULL), "flat and per-tensor parameters bit for bit");
            CHECK(flat_same(ctx, fa->m, fb->m, 0, NULL) && flat_same(ctx, fa->v, fb->v, 0, NULL), "moments bit for bit");
        } else {
            /* the flat norm is one fixed-order double sum over all gradients, the per-tensor one
               an f32 chain of per-tensor sums: the clip factors may differ in the last bit */
            CHECK(flat_same(ctx, a, b, 1e-6, &worst), "flat and per-tensor parameters: worst relative difference %.3g", worst);
            printf("    clipped: norms %s, parameters differ by at most %.3g\n", same_norms ? "equal" : "differ in the last bits", worst);
        }
        {   /* zeroing: one fill of the flat gradients, or one per gradient; nothing else moves */
            alpha_tensor *ga[FLAT_N], *gb[FLAT_N], *pb[FLAT_N];
            double big = 0;
            for (i = 0; i < FLAT_N; i++) { ga[i] = a[i]->grad; gb[i] = b[i]->grad; pb[i] = alpha_copy(ctx, b[i]); }
            flat_grads(ctx, a, b, 3.0f);
            alpha_adamw_zero_grad(fa);
            alpha_adamw_zero_grad(fb);
            for (i = 0; i < FLAT_N; i++) { alpha_fill(ctx, pb[i], 0.0); }
            CHECK(flat_same(ctx, ga, pb, 0, NULL) && flat_same(ctx, gb, pb, 0, NULL), "alpha_adamw_zero_grad zeroes every gradient");
            flat_same(ctx, a, b, 1e30, &big);
            CHECK(big <= (clip ? 1e-6 : 0), "zeroing left the parameters alone");
        }
        CHECK(alpha_ctx_status(ctx) == ALPHA_OK, "%s", alpha_ctx_last_error(ctx));
        alpha_ctx_destroy(ctx);
    }
}

/* a corpus with structure: a few repeated sentences as tokens */
static int32_t *corpus(size_t n, int vocab) {
    int32_t *t = (int32_t *)malloc(n * sizeof *t);
    size_t i;
    for (i = 0; i < n; i++) t[i] = (int32_t)((i % 7 == 0) ? 1 : ((i * 5 + (i / 7) % 3) % (size_t)(vocab - 2)) + 2);
    return t;
}
static alpha_trainer_desc small_desc(void) {
    alpha_trainer_desc d;
    memset(&d, 0, sizeof d);
    d.model.vocab_size = 40; d.model.block_size = 16; d.model.n_layer = 2; d.model.n_head = 2; d.model.n_embd = 16;
    d.model.dropout = 0.1f;
    d.batch_size = 4; d.seq_len = 16; d.accum_steps = 2; d.steps = 40; d.warmup_steps = 4; d.seed = 9; d.n_threads = 2;
    d.optim.lr = 3e-3f;
    d.logger.func = quiet;
    return d;
}

TEST(test_trainer_learns) {
    alpha_trainer_desc d = small_desc();
    int32_t *tok = corpus(5000, 40);
    alpha_trainer *tr;
    alpha_step_stats st;
    double first = 0, last = 0, val = 0;
    int i;
    d.steps = 80;
    d.optim.lr = 1e-2f;
    CHECK(alpha_trainer_create(&d, tok, 5000, &tr) == ALPHA_OK, "create");
    for (i = 0; i < 80; i++) {
        CHECK(alpha_trainer_step(tr, &st) == ALPHA_OK, "step %d", i);
        if (i == 0) first = st.loss;
        last = st.loss;
    }
    CHECK(alpha_trainer_eval(tr, 0, &val) == ALPHA_OK, "eval");
    CHECK(first > 3.0 && last < first - 1.5 && val < first - 1.5, "loss %g -> %g, val %g", first, last, val);
    alpha_trainer_destroy(tr);
    free(tok);
}

TEST(test_resume_is_bit_identical) {
    alpha_trainer_desc d = small_desc();
    int32_t *tok = corpus(5000, 40);
    alpha_trainer *a, *b;
    alpha_step_stats st;
    double la[10], lb[10];
    char err[256];
    const char *path = "build/test_resume.alph";
    int i;
    float pa[16 * 40], pb[16 * 40];
    d.steps = 10;
    alpha_trainer_create(&d, tok, 5000, &a);
    for (i = 0; i < 10; i++) { alpha_trainer_step(a, &st); la[i] = st.loss; }
    alpha_trainer_create(&d, tok, 5000, &b);
    for (i = 0; i < 5; i++) { alpha_trainer_step(b, &st); lb[i] = st.loss; }
    CHECK(alpha_trainer_save(b, path, NULL) == ALPHA_OK, "save");
    alpha_trainer_destroy(b);
    alpha_trainer_create(&d, tok, 5000, &b);   /* a fresh process would start here */
    CHECK(alpha_trainer_resume(b, path, err, sizeof err) == ALPHA_OK, "resume: %s", err);
    for (i = 5; i < 10; i++) { alpha_trainer_step(b, &st); lb[i] = st.loss; }
    CHECK(!memcmp(la, lb, sizeof la), "losses differ after resume: %.9g vs %.9g", la[9], lb[9]);
    alpha_tensor_to_f32(a->ctx, a->model->wte, pa, 16 * 40);
    alpha_tensor_to_f32(b->ctx, b->model->wte, pb, 16 * 40);
    CHECK(!memcmp(pa, pb, sizeof pa), "parameters differ after resume");
    alpha_trainer_destroy(a);
    alpha_trainer_destroy(b);
    free(tok);
}

/* dynamic loss scaling: a power-of-two scale leaves every step bit for bit as it is unscaled
   (losses and parameters); an overflowing step halves it; loss_scale_window good steps double
   it; the scale goes into checkpoints and comes back on resume */
static void wte_of(alpha_trainer *tr, float *out) { alpha_tensor_to_f32(tr->ctx, tr->model->wte, out, 16 * 40); }
TEST(test_loss_scale) {
    alpha_trainer_desc d = small_desc();
    int32_t *tok = corpus(5000, 40);
    alpha_trainer *a, *b;
    alpha_step_stats sa, sb;
    float pa[16 * 40], pb[16 * 40];
    char err[256];
    int i, same = 1;
    float prev;
    d.steps = 6;
    alpha_trainer_create(&d, tok, 5000, &a);
    d.loss_scale = 1024.0f;
    alpha_trainer_create(&d, tok, 5000, &b);
    for (i = 0; i < 6; i++) {
        CHECK(alpha_trainer_step(a, &sa) == ALPHA_OK && alpha_trainer_step(b, &sb) == ALPHA_OK, "step %d", i);
        same &= sa.loss == sb.loss && sa.grad_norm == sb.grad_norm && !sb.skipped && sb.loss_scale == 1024.0f && sa.loss_scale == 1.0f;
    }
    wte_of(a, pa); wte_of(b, pb);
    CHECK(same && !memcmp(pa, pb, sizeof pa), "a loss scale of 1024 changed the steps (loss %.9g vs %.9g)", sa.loss, sb.loss);
    alpha_trainer_destroy(a);
    alpha_trainer_destroy(b);
    /* f32 gradients do not overflow at these scales (test_vk_backend's f16 trainer does): the rule itself */
    d.loss_scale = 1024.0f;
    alpha_trainer_create(&d, tok, 5000, &b);
    alpha__trainer_rescale(b, 1);
    prev = b->loss_scale;
    alpha__trainer_rescale(b, 1);
    CHECK(prev == 512.0f && b->loss_scale == 256.0f && b->good_steps == 0, "an overflowing step halves the scale: %g, %g", (double)prev, (double)b->loss_scale);
    alpha_trainer_destroy(b);
    d.loss_scale = 1024.0f; d.loss_scale_window = 2;
    alpha_trainer_create(&d, tok, 5000, &b);
    for (i = 0; i < 4; i++) alpha_trainer_step(b, &sb);
    CHECK(b->loss_scale == 4096.0f && sb.loss_scale == 2048.0f, "two good steps double the scale: %g after 4 steps", (double)b->loss_scale);
    CHECK(alpha_trainer_save(b, "build/test_loss_scale.alph", NULL) == ALPHA_OK, "save");
    alpha_trainer_destroy(b);
    alpha_trainer_create(&d, tok, 5000, &b);
    CHECK(alpha_trainer_resume(b, "build/test_loss_scale.alph", err, sizeof err) == ALPHA_OK && b->loss_scale == 4096.0f,
          "resume: the scale comes back (%g): %s", (double)b->loss_scale, err);
    alpha_trainer_destroy(b);
    free(tok);
}

/* a trainer's parameters live in the optimizer's flat buffers: its checkpoint loads into a model
   of its own storage (no optimizer), parameter for parameter; the gradients were re-pointed too */
TEST(test_flat_checkpoint_loads_into_fresh_model) {
    alpha_trainer_desc d = small_desc();
    int32_t *tok = corpus(3000, 40);
    alpha_trainer *tr;
    alpha_ctx *ctx;
    alpha_ctx_desc cd;
    alpha_gpt *m = NULL;
    char err[256];
    static float pa[1 << 14], pb[1 << 14];
    int i, same = 1, flat = 1;
    d.steps = 3;
    CHECK(alpha_trainer_create(&d, tok, 3000, &tr) == ALPHA_OK, "create");
    for (i = 0; i < 3; i++) alpha_trainer_step(tr, NULL);
    for (i = 1; i < tr->model->n_params; i++)
        flat &= tr->model->params[i]->storage == tr->model->params[0]->storage &&
                tr->model->params[i]->grad->storage == tr->model->params[0]->grad->storage;
    CHECK(flat, "the trainer's parameters and gradients are in flat buffers");
    CHECK(alpha_trainer_save(tr, "build/test_flat.alph", NULL) == ALPHA_OK, "save");
    memset(&cd, 0, sizeof cd);
    cd.logger.func = quiet;
    alpha_ctx_create(&ctx, &cd);
    CHECK(alpha_checkpoint_load_model("build/test_flat.alph", ctx, &m, NULL, err, sizeof err) == ALPHA_OK, "load: %s", err);
    if (m) {
        CHECK(m->n_params == tr->model->n_params && m->params[0]->storage != m->params[1]->storage, "a model of its own storage");
        for (i = 0; i < m->n_params && i < tr->model->n_params; i++) {
            int64_t n = alpha_tensor_numel(m->params[i]);
            if (n > (int64_t)(sizeof pa / sizeof pa[0])) { same = 0; break; }
            alpha_tensor_to_f32(tr->ctx, tr->model->params[i], pa, n);
            alpha_tensor_to_f32(ctx, m->params[i], pb, n);
            same &= !memcmp(pa, pb, (size_t)n * 4) && pa[0] != 0;
        }
        CHECK(same, "loaded parameters equal the trainer's bit for bit");
    }
    alpha_ctx_destroy(ctx);
    alpha_trainer_destroy(tr);
    free(tok);
}

static alpha_result load_bytes(const unsigned char *data, size_t n, char *err, size_t cap) {
    alpha_checkpoint *ck = NULL;
    alpha_result r = alpha_checkpoint_open_mem(data, n, NULL, &ck, err, cap);
    alpha_checkpoint_close(ck);
    return r;
}
TEST(test_checkpoint_rejects_damage) {
    alpha_trainer_desc d = small_desc();
    int32_t *tok = corpus(3000, 40);
    alpha_trainer *tr;
    unsigned char *file, *bad;
    size_t n, i;
    char err[256], *hdr;
    FILE *f;
    d.steps = 2;
    alpha_trainer_create(&d, tok, 3000, &tr);
    alpha_trainer_step(tr, NULL);
    CHECK(alpha_trainer_save(tr, "build/test_damage.alph", NULL) == ALPHA_OK, "save");
    f = fopen("build/test_damage.alph", "rb");
    if (!f) { CHECK(0, "cannot reopen checkpoint"); return; }
    fseek(f, 0, SEEK_END); n = (size_t)ftell(f); fseek(f, 0, SEEK_SET);
    file = (unsigned char *)malloc(n); bad = (unsigned char *)malloc(n);
    CHECK(fread(file, 1, n, f) == n, "read");
    fclose(f);
    CHECK(load_bytes(file, n, err, sizeof err) == ALPHA_OK, "intact file loads: %s", err);
    CHECK(load_bytes(file, n - 100, err, sizeof err) == ALPHA_ERR_FORMAT && strstr(err, "past the end"), "truncated: %s", err);
    CHECK(load_bytes(file, 10, err, sizeof err) == ALPHA_ERR_FORMAT && strstr(err, "too short"), "tiny: %s", err);
    memcpy(bad, file, n); bad[0] = 'X';
    CHECK(load_bytes(bad, n, err, sizeof err) == ALPHA_ERR_FORMAT && strstr(err, "magic"), "bad magic: %s", err);
    memcpy(bad, file, n); bad[4] = 9;
    CHECK(load_bytes(bad, n, err, sizeof err) == ALPHA_ERR_FORMAT && strstr(err, "version"), "bad version: %s", err);
    memcpy(bad, file, n); bad[16] = '[';
    CHECK(load_bytes(bad, n, err, sizeof err) == ALPHA_ERR_FORMAT && strstr(err, "header"), "bad JSON: %s", err);
    memcpy(bad, file, n);
    hdr = strstr((char *)bad + 16, "\"offset\":0,");
    if (hdr) hdr[9] = '8';
    CHECK(hdr && load_bytes(bad, n, err, sizeof err) == ALPHA_ERR_FORMAT && strstr(err, "aligned"), "misaligned offset: %s", err);
    memcpy(bad, file, n);
    hdr = strstr((char *)bad + 16, "\"n_head\":2");
    if (hdr) hdr[9] = '3';
    CHECK(hdr && load_bytes(bad, n, err, sizeof err) == ALPHA_ERR_FORMAT && strstr(err, "divisible"), "bad config: %s", err);
    for (i = 0; i < 200; i++) {   /* random corruption never crashes */
        memcpy(bad, file, n);
        bad[16 + (i * 7919) % (n - 16)] ^= (unsigned char)(1 + i % 255);
        load_bytes(bad, n, err, sizeof err);
    }
    {   /* a checkpoint of another shape is refused with the reason */
        alpha_trainer_desc d2 = small_desc();
        alpha_trainer *t2;
        d2.model.n_embd = 20;
        alpha_trainer_create(&d2, tok, 3000, &t2);
        CHECK(alpha_trainer_resume(t2, "build/test_damage.alph", err, sizeof err) == ALPHA_ERR_FORMAT && strstr(err, "does not match"),
              "config mismatch: %s", err);
        alpha_trainer_destroy(t2);
    }
    free(file); free(bad);
    alpha_trainer_destroy(tr);
    free(tok);
}

/* ---- the steady-state step allocates nothing */
typedef struct counting { long allocs; } counting;
static void *count_alloc(void *u, size_t n) { ((counting *)u)->allocs++; return malloc(n); }
static void count_free(void *u, void *p) { (void)u; free(p); }
TEST(test_step_allocates_nothing) {
    alpha_trainer_desc d = small_desc();
    int32_t *tok = corpus(3000, 40);
    counting c = {0};
    alpha_trainer *tr;
    long before;
    int i;
    d.allocator.alloc = count_alloc; d.allocator.free = count_free; d.allocator.user_data = &c;
    alpha_trainer_create(&d, tok, 3000, &tr);
    alpha_trainer_step(tr, NULL);
    alpha_trainer_step(tr, NULL);
    before = c.allocs;
    for (i = 0; i < 5; i++) alpha_trainer_step(tr, NULL);
    CHECK(c.allocs == before, "steps allocated %ld times", c.allocs - before);
    alpha_trainer_destroy(tr);
    free(tok);
}

int main(void) {
    RUN(test_lr_schedule);
    RUN(test_adamw_decay_clip_and_skip);
    RUN(test_adamw_flat_layout);
    RUN(test_trainer_learns);
    RUN(test_resume_is_bit_identical);
    RUN(test_loss_scale);
    RUN(test_flat_checkpoint_loads_into_fresh_model);
    RUN(test_checkpoint_rejects_damage);
    RUN(test_step_allocates_nothing);
    return test_summary();
}
