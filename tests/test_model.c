/* The GPT of alpha_model.h: a naive per-head double-precision reference of the forward pass,
   gradients through the whole model, KV-cache generation against full recomputation,
   sampling rules, parameter names, and config errors. */
#define ALPHA_IMPLEMENTATION
#include "alpha_model.h"
#include "test.h"
#include <string.h>
#include <stdlib.h>

static alpha_ctx *ctx;
static void quiet(void *u, alpha_log_level l, const char *m) { (void)u; (void)l; (void)m; }

static alpha_gpt *tiny(int layers, alpha_activation act, int untied, int no_bias) {
    alpha_gpt_desc d;
    alpha_gpt *m = NULL;
    memset(&d, 0, sizeof d);
    d.vocab_size = 23; d.block_size = 9; d.n_layer = layers; d.n_head = 3; d.n_embd = 12; d.mlp_mult = 2;
    d.activation = act; d.untied_head = untied; d.no_bias = no_bias;
    CHECK(alpha_gpt_create(ctx, &d, &m) == ALPHA_OK, "create: %s", alpha_ctx_last_error(ctx));
    if (m) {  /* give biases and LN params non-trivial values so the reference sees them */
        int i;
        for (i = 0; i < m->n_params; i++) {
            alpha_tensor *p = m->params[i];
            if (p->ndim == 1) {
                float *v = (float *)alpha_tensor_data(p);
                int64_t j;
                for (j = 0; j < p->shape[0]; j++) v[j] += 0.1f * (float)((j * 7 + i) % 5 - 2);
            }
        }
    }
    return m;
}

/* ---- naive reference: one row at a time, each head on its own, in double */
static const float *P(alpha_gpt *m, const char *name) {
    alpha_tensor *t = alpha_gpt_find_param(m, name);
    return t ? (const float *)alpha_tensor_data(t) : NULL;
}
static void ref_ln(const double *x, int C, const float *w, const float *b, double *y) {
    double mean = 0, var = 0;
    int j;
    for (j = 0; j < C; j++) mean += x[j];
    mean /= C;
    for (j = 0; j < C; j++) var += (x[j] - mean) * (x[j] - mean);
    var /= C;
    for (j = 0; j < C; j++) y[j] = (x[j] - mean) / sqrt(var + 1e-5) * w[j] + (b ? b[j] : 0);
}
static void ref_linear(const double *x, int in, int out, const float *w, const float *b, double *y) {
    int i, j;
    for (j = 0; j < out; j++) {
        double s = b ? b[j] : 0;
        for (i = 0; i < in; i++) s += x[i] * w[i * out + j];
        y[j] = s;
    }
}
static double ref_gelu(double x) { return 0.5 * x * (1 + tanh(0.7978845608028654 * (x + 0.044715 * x * x * x))); }

/* logits [T, V] of one sequence */
static void ref_forward(alpha_gpt *m, const int32_t *tok, int T, double *logits) {
    enum { MAXT = 9, MAXC = 12, MAXF = 24 };
    int C = m->cfg.n_embd, H = m->cfg.n_head, hd = C / H, V = m->cfg.vocab_size, F = m->cfg.mlp_mult * C, L, t, s, h, j;
    double x[MAXT][MAXC], ln[MAXT][MAXC], qkv[MAXT][3 * MAXC], y[MAXT][MAXC], tmp[MAXF], out[MAXC];
    char nm[64];
    for (t = 0; t < T; t++) for (j = 0; j < C; j++) x[t][j] = P(m, "wte")[tok[t] * C + j] + P(m, "wpe")[t * C + j];
    for (L = 0; L < m->cfg.n_layer; L++) {
#define N(s) (snprintf(nm, sizeof nm, "h.%d.%s", L, s), P(m, nm))
        for (t = 0; t < T; t++) { ref_ln(x[t], C, N("ln_1.weight"), N("ln_1.bias"), ln[t]); ref_linear(ln[t], C, 3 * C, N("attn.c_attn.weight"), N("attn.c_attn.bias"), qkv[t]); }
        for (t = 0; t < T; t++) {
            for (h = 0; h < H; h++) {   /* head h uses columns h*hd .. of q, k and v */
                double w[MAXT], mx = -1e300, sum = 0;
                for (s = 0; s <= t; s++) {
                    double d = 0;
                    for (j = 0; j < hd; j++) d += qkv[t][h * hd + j] * qkv[s][C + h * hd + j];
                    w[s] = d / sqrt((double)hd);
                    if (w[s] > mx) mx = w[s];
                }
                for (s = 0; s <= t; s++) { w[s] = exp(w[s] - mx); sum += w[s]; }
                for (j = 0; j < hd; j++) {
                    double a = 0;
                    for (s = 0; s <= t; s++) a += w[s] / sum * qkv[s][2 * C + h * hd + j];
                    y[t][h * hd + j] = a;
                }
            }
        }
        for (t = 0; t < T; t++) {
            ref_linear(y[t], C, C, N("attn.c_proj.weight"), N("attn.c_proj.bias"), out);
            for (j = 0; j < C; j++) x[t][j] += out[j];
            ref_ln(x[t], C, N("ln_2.weight"), N("ln_2.bias"), ln[t]);
            ref_linear(ln[t], C, F, N("mlp.c_fc.weight"), N("mlp.c_fc.bias"), tmp);
            for (j = 0; j < F; j++) tmp[j] = ref_gelu(tmp[j]);
            ref_linear(tmp, F, C, N("mlp.c_proj.weight"), N("mlp.c_proj.bias"), out);
            for (j = 0; j < C; j++) x[t][j] += out[j];
        }
#undef N
    }
    for (t = 0; t < T; t++) {
        ref_ln(x[t], C, P(m, "ln_f.weight"), P(m, "ln_f.bias"), ln[t]);
        for (j = 0; j < V; j++) {
            double d = 0;
            int i;
            for (i = 0; i < C; i++) d += ln[t][i] * P(m, "wte")[j * C + i];
            logits[t * V + j] = d;
        }
    }
}

TEST(test_forward_matches_per_head_reference) {
    alpha_mark mk = alpha_ctx_mark(ctx);
    alpha_gpt *m = tiny(2, ALPHA_ACT_GELU, 0, 0);
    int32_t tok[2 * 9];
    double ref[9 * 23];
    float got[2 * 9 * 23];
    int b, i, bad = 0;
    double worst = 0;
    for (i = 0; i < 18; i++) tok[i] = (i * 5 + 3) % 23;
    if (!m) return;
    {
        alpha_tensor *logits = alpha_gpt_forward(m, alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 9), tok), 0);
        CHECK(logits && logits->ndim == 3 && logits->shape[2] == 23, "logits shape");
        alpha_tensor_to_f32(ctx, logits, got, 2 * 9 * 23);
    }
    for (b = 0; b < 2; b++) {
        ref_forward(m, tok + b * 9, 9, ref);
        for (i = 0; i < 9 * 23; i++) {
            double e = fabs(got[b * 9 * 23 + i] - ref[i]);
            if (e > worst) worst = e;
            if (e > 1e-4 * (1 + fabs(ref[i]))) bad++;
        }
    }
    CHECK(bad == 0, "%d logits differ from the reference (worst %g)", bad, worst);
    alpha_ctx_reset(ctx, mk);
}

TEST(test_parameter_names) {
    alpha_mark mk = alpha_ctx_mark(ctx);
    alpha_gpt *m = tiny(2, ALPHA_ACT_GELU, 1, 0);
    static const char *names[] = {"wte", "wpe", "h.0.ln_1.weight", "h.0.ln_1.bias", "h.0.attn.c_attn.weight", "h.0.attn.c_attn.bias",
                                  "h.0.attn.c_proj.weight", "h.0.attn.c_proj.bias", "h.0.ln_2.weight", "h.0.ln_2.bias",
                                  "h.0.mlp.c_fc.weight", "h.0.mlp.c_fc.bias", "h.0.mlp.c_proj.weight", "h.0.mlp.c_proj.bias",
                                  "h.1.ln_1.weight", "ln_f.weight", "ln_f.bias", "lm_head.weight"};
    size_t i;
    if (!m) return;
    for (i = 0; i < sizeof names / sizeof *names; i++) CHECK(alpha_gpt_find_param(m, names[i]) != NULL, "missing %s", names[i]);
    CHECK(alpha_gpt_find_param(m, "h.0.attn.c_attn.weight")->shape[1] == 36, "c_attn is [C, 3C]");
    CHECK(alpha_gpt_find_param(m, "h.0.mlp.c_fc.weight")->shape[1] == 24, "c_fc is [C, F]");
    CHECK(m->n_params == 2 + 12 * 2 + 2 + 1, "param count %d", m->n_params);
    /* 2*(12*12*3+36 + 144+12 + 12*24+24 + 24*12+12 + 4*12) + 23*12*2 + 9*12 + 24 */
    CHECK(alpha_gpt_num_params(m) == 2 * (432 + 36 + 144 + 12 + 288 + 24 + 288 + 12 + 48) + 23 * 12 * 2 + 9 * 12 + 24,
          "num params %lld", (long long)alpha_gpt_num_params(m));
    {   /* init: N(0, 0.02), residual projections N(0, 0.02/sqrt(2*2)) = 0.01 */
        const alpha_tensor *a = alpha_gpt_find_param(m, "h.0.attn.c_attn.weight"), *p = alpha_gpt_find_param(m, "h.1.mlp.c_proj.weight");
        double sa = 0, sp = 0;
        int64_t j;
        for (j = 0; j < 432; j++) sa += (double)((const float *)alpha_tensor_data(a))[j] * ((const float *)alpha_tensor_data(a))[j];
        for (j = 0; j < 288; j++) sp += (double)((const float *)alpha_tensor_data(p))[j] * ((const float *)alpha_tensor_data(p))[j];
        sa = sqrt(sa / 432); sp = sqrt(sp / 288);
        CHECK(fabs(sa - 0.02) < 0.003 && fabs(sp - 0.01) < 0.002, "init std %g (want 0.02) and %g (want 0.01)", sa, sp);
    }
    alpha_ctx_reset(ctx, mk);
    m = tiny(1, ALPHA_ACT_SWIGLU, 0, 1);
    if (!m) return;
    CHECK(alpha_gpt_find_param(m, "h.0.mlp.c_fc.weight")->shape[1] == 48 && !alpha_gpt_find_param(m, "h.0.mlp.c_fc.bias"),
          "swiglu doubles c_fc, no_bias drops biases");
    CHECK(alpha_gpt_find_param(m, "lm_head.weight") == NULL, "tied head has no lm_head");
    alpha_ctx_reset(ctx, mk);
}

static alpha_gpt *gc_model;
static alpha_tensor *gc_tokens, *gc_targets;
static alpha_tensor *f_loss(alpha_ctx *c, alpha_tensor *const *in, void *u) {
    (void)c; (void)in; (void)u;
    return alpha_gpt_loss(gc_model, gc_tokens, gc_targets, 0);
}
TEST(test_gradients_through_the_model) {
    int act;
    for (act = 0; act < 4; act++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_gpt *m = tiny(2, (alpha_activation)act, act == 1, act == 2);
        int32_t tok[2 * 7], tg[2 * 7];
        alpha_tensor *check_params[7];
        alpha_gradcheck_desc d;
        double err = 0;
        int i;
        if (!m) return;
        for (i = 0; i < 14; i++) { tok[i] = (i * 7 + 1) % 23; tg[i] = i == 3 ? -1 : (i * 3 + 2) % 23; }
        gc_model = m;
        gc_tokens = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 7), tok);
        gc_targets = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 7), tg);
        for (i = 0; i < m->n_params; i++) m->params[i]->requires_grad = 0;
        check_params[0] = m->wte;
        check_params[1] = m->layers[0].attn_w;
        check_params[2] = m->layers[1].fc_w;
        check_params[3] = m->layers[0].ln1_w;
        check_params[4] = m->layers[0].ln2_w;   /* the norms fused with residual adds */
        check_params[5] = m->layers[1].ln1_w;
        check_params[6] = m->lnf_w;
        memset(&d, 0, sizeof d);
        d.max_elems = 25;
        CHECK(alpha_gradcheck(ctx, f_loss, check_params, 7, NULL, &d, &err) == ALPHA_OK, "activation %d: %s (max err %g)", act,
              alpha_ctx_last_error(ctx), err);
        alpha_ctx_clear_error(ctx);
        alpha_ctx_reset(ctx, mk);
    }
}

/* every residual add is fused with the layernorm after it (ln_2, the next ln_1, ln_f): the tape
   holds 2 ADD_LAYERNORM per layer, one plain LAYERNORM (the first ln_1) and one ADD of the
   residual stream's shape (wte + wpe; without biases no other add has it) */
TEST(test_residual_adds_are_fused) {
    int layers;
    for (layers = 1; layers <= 3; layers++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_gpt *m = tiny(layers, ALPHA_ACT_GELU, 0, 1);   /* no biases: no other adds */
        int32_t tok[6] = {1, 2, 3, 4, 5, 6};
        int count[ALPHA_OP_COUNT];
        size_t i;
        if (!m) return;
        memset(count, 0, sizeof count);
        alpha_ctx_tape_clear(ctx);
        alpha_gpt_loss(m, alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 3), tok), alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 3), tok), 1);
        for (i = 0; i < alpha_ctx_tape_len(ctx); i++) {
            const alpha_node *nd = alpha_ctx_tape_node(ctx, i);
            if (nd->op != ALPHA_OP_ADD || (nd->out->ndim == 3 && nd->out->shape[0] == 2 && nd->out->shape[1] == 3 && nd->out->shape[2] == 12))
                count[nd->op]++;
        }
        CHECK(count[ALPHA_OP_ADD_LAYERNORM] == 2 * layers && count[ALPHA_OP_LAYERNORM] == 1 && count[ALPHA_OP_ADD] == 1,
              "%d layers: %d add_layernorm, %d layernorm, %d add", layers, count[ALPHA_OP_ADD_LAYERNORM], count[ALPHA_OP_LAYERNORM],
              count[ALPHA_OP_ADD]);
        alpha_ctx_tape_clear(ctx);
        alpha_ctx_reset(ctx, mk);
    }
}

/* The kernels of one forward + backward (on a device each op is one dispatch too): gradients
   pass between ops as they are or as views (no copies to make them contiguous or to start a sum,
   no zero-filled buffers for slices: alpha_autograd.h), and the q/k/v split is views all the way
   back (alpha__gpt_attention). Measured with this model: 19 + 59 per layer (it was 27 + 95 per
   layer); the bound pins it, so an op that comes back shows here. */
TEST(test_step_dispatches) {
    int layers;
    for (layers = 1; layers <= 3; layers++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_gpt *m = tiny(layers, ALPHA_ACT_GELU, 0, 0);
        int32_t tok[6] = {1, 2, 3, 4, 5, 6};
        alpha_tensor *x, *y;
        uint64_t before, n;
        if (!m) return;
        x = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 3), tok);
        y = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 3), tok);
        alpha_ctx_tape_clear(ctx);
        before = alpha_ctx_dispatches(ctx, 0);
        CHECK(alpha_backward(ctx, alpha_gpt_loss(m, x, y, 1), NULL) == ALPHA_OK, "backward: %s", alpha_ctx_last_error(ctx));
        n = alpha_ctx_dispatches(ctx, 0) - before;
        CHECK(n <= (uint64_t)(19 + 59 * layers), "%d layers: %llu kernels for forward + backward, expected at most %d",
              layers, (unsigned long long)n, 19 + 59 * layers);
        alpha_ctx_reset(ctx, mk);
    }
}

/* a learnable per-channel mixture: p[0] * silu(h) + p[1] * h */
static alpha_tensor *mix_act(alpha_ctx *c, alpha_tensor *h, alpha_tensor *p, int layer, void *user) {
    alpha_tensor *a = alpha_narrow(c, p, 0, 0, 1), *b = alpha_narrow(c, p, 0, 1, 1);
    (void)layer; (void)user;
    return alpha_add(c, alpha_mul(c, alpha_silu(c, h), a), alpha_mul(c, h, b));
}
static void mix_init(float *p, int rows, int64_t F, int layer, void *user) {
    int64_t j;
    (void)rows; (void)user;
    for (j = 0; j < F; j++) { p[j] = 1.0f + 0.01f * (float)layer; p[F + j] = 0.1f * (float)(j % 3); }
}
TEST(test_custom_activation) {
    alpha_mark mk = alpha_ctx_mark(ctx);
    alpha_gpt_desc d;
    alpha_gpt *m = NULL;
    int32_t tok[2 * 7], tg[2 * 7];
    alpha_tensor *check_params[2];
    alpha_gradcheck_desc gd;
    double err = 0;
    int i;
    memset(&d, 0, sizeof d);
    d.vocab_size = 23; d.block_size = 9; d.n_layer = 2; d.n_head = 3; d.n_embd = 12; d.mlp_mult = 2;
    d.activation = ALPHA_ACT_CUSTOM; d.activation_fn = mix_act; d.activation_init = mix_init; d.activation_param_rows = 2;
    CHECK(alpha_gpt_create(ctx, &d, &m) == ALPHA_OK, "create: %s", alpha_ctx_last_error(ctx));
    if (!m) return;
    CHECK(alpha_gpt_find_param(m, "h.1.mlp.act.weight") != NULL && alpha_gpt_find_param(m, "h.1.mlp.act.weight")->shape[1] == 24, "act param");
    CHECK(alpha_tensor_get(ctx, m->layers[1].act, (int64_t[]){0, 5}) == (double)1.01f, "act init");
    for (i = 0; i < 14; i++) { tok[i] = (i * 7 + 1) % 23; tg[i] = (i * 3 + 2) % 23; }
    gc_model = m;
    gc_tokens = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 7), tok);
    gc_targets = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 7), tg);
    for (i = 0; i < m->n_params; i++) m->params[i]->requires_grad = 0;
    check_params[0] = m->layers[0].act;
    check_params[1] = m->layers[1].fc_w;
    memset(&gd, 0, sizeof gd);
    gd.max_elems = 25;
    CHECK(alpha_gradcheck(ctx, f_loss, check_params, 2, NULL, &gd, &err) == ALPHA_OK, "%s (max err %g)", alpha_ctx_last_error(ctx), err);
    alpha_ctx_clear_error(ctx);
    d.activation_fn = NULL;
    CHECK(alpha_gpt_create(ctx, &d, &m) == ALPHA_ERR_INVALID, "custom without a function fails");
    alpha_ctx_clear_error(ctx);
    alpha_ctx_reset(ctx, mk);
}

TEST(test_kv_cache_matches_recompute) {
    alpha_mark mk = alpha_ctx_mark(ctx);
    alpha_gpt *m = tiny(2, ALPHA_ACT_GELU, 0, 0);
    int32_t prompt[3] = {4, 9, 1}, a[40], b[40];
    alpha_gpt_sample_desc s;
    int mode;
    if (!m) return;
    for (mode = 0; mode < 3; mode++) {   /* greedy, temperature + top-k, top-p */
        memset(&s, 0, sizeof s);
        s.seed = 11;
        if (mode >= 1) s.temperature = 1.3f;
        if (mode == 1) s.top_k = 5;
        if (mode == 2) s.top_p = 0.8f;
        CHECK(alpha_gpt_generate(m, prompt, 3, 30, &s, a) == ALPHA_OK, "generate: %s", alpha_ctx_last_error(ctx));
        s.no_cache = 1;
        CHECK(alpha_gpt_generate(m, prompt, 3, 30, &s, b) == ALPHA_OK, "generate without cache");
        CHECK(!memcmp(a, b, sizeof(int32_t) * 33), "mode %d: cached and recomputed tokens differ", mode);
        s.no_cache = 0;
        CHECK(alpha_gpt_generate(m, prompt, 3, 30, &s, b) == ALPHA_OK && !memcmp(a, b, sizeof(int32_t) * 33),
              "mode %d: the same seed gives the same tokens", mode);
    }
    CHECK(alpha_gpt_generate(m, prompt, 0, 3, &s, a) == ALPHA_ERR_INVALID, "empty prompt fails");
    alpha_ctx_clear_error(ctx);
    prompt[1] = 23;
    CHECK(alpha_gpt_generate(m, prompt, 3, 3, &s, a) == ALPHA_ERR_INVALID, "token outside vocab fails");
    alpha_ctx_clear_error(ctx);
    alpha_ctx_reset(ctx, mk);
}

TEST(test_sampling_rules) {
    float logits[6] = {1.0f, 3.0f, 2.0f, -1.0f, 2.9f, 0.0f}, scratch[12];
    alpha_gpt_sample_desc s;
    int counts[6] = {0}, i;
    memset(&s, 0, sizeof s);
    CHECK(alpha_gpt_sample_logits(logits, 6, &s, 0.5f, scratch) == 1, "greedy picks the max");
    s.temperature = 1.0f; s.top_k = 2;
    for (i = 0; i < 1000; i++) counts[alpha_gpt_sample_logits(logits, 6, &s, (float)i / 1000.0f, scratch)]++;
    CHECK(counts[1] + counts[4] == 1000 && counts[1] > counts[4] && counts[4] > 400, "top-k keeps the 2 best: %d %d", counts[1], counts[4]);
    memset(counts, 0, sizeof counts);
    s.top_k = 0; s.top_p = 0.5f;   /* p(1) ~ 0.38, p(4) ~ 0.35: both needed to reach 0.5 */
    for (i = 0; i < 1000; i++) counts[alpha_gpt_sample_logits(logits, 6, &s, (float)i / 1000.0f, scratch)]++;
    CHECK(counts[1] + counts[4] == 1000, "top-p keeps the nucleus: %d %d %d", counts[1], counts[4], counts[2]);
    s.top_p = 0; s.temperature = 100.0f;
    memset(counts, 0, sizeof counts);
    for (i = 0; i < 6000; i++) counts[alpha_gpt_sample_logits(logits, 6, &s, (float)i / 6000.0f, scratch)]++;
    for (i = 0; i < 6; i++) CHECK(abs(counts[i] - 1000) < 60, "high temperature is near uniform: %d", counts[i]);
}

TEST(test_bad_configs) {
    alpha_gpt_desc d;
    alpha_gpt *m;
    memset(&d, 0, sizeof d);
    d.vocab_size = 10; d.n_embd = 10; d.n_head = 3;
    CHECK(alpha_gpt_create(ctx, &d, &m) == ALPHA_ERR_INVALID && m == NULL, "n_embd %% n_head != 0 fails");
    CHECK(strstr(alpha_ctx_last_error(ctx), "alpha_gpt_create") != NULL, "%s", alpha_ctx_last_error(ctx));
    alpha_ctx_clear_error(ctx);
    d.n_head = 2; d.vocab_size = -1;
    CHECK(alpha_gpt_create(ctx, &d, &m) == ALPHA_ERR_INVALID, "negative vocab fails");
    alpha_ctx_clear_error(ctx);
    {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_gpt *t = tiny(1, ALPHA_ACT_GELU, 0, 0);
        CHECK(alpha_gpt_forward(t, alpha_zeros(ctx, ALPHA_I32, alpha_shape2(1, 10)), 0) == NULL, "sequence longer than block fails");
        alpha_ctx_clear_error(ctx);
        CHECK(alpha_gpt_forward(t, alpha_zeros(ctx, ALPHA_F32, alpha_shape2(1, 3)), 0) == NULL, "f32 tokens fail");
        alpha_ctx_clear_error(ctx);
        alpha_ctx_reset(ctx, mk);
    }
}

int main(void) {
    alpha_ctx_desc d;
    memset(&d, 0, sizeof d);
    d.seed = 2;
    d.logger.func = quiet;
    if (alpha_ctx_create(&ctx, &d) != ALPHA_OK) return 1;
    RUN(test_forward_matches_per_head_reference);
    RUN(test_parameter_names);
    RUN(test_gradients_through_the_model);
    RUN(test_residual_adds_are_fused);
    RUN(test_step_dispatches);
    RUN(test_custom_activation);
    RUN(test_kv_cache_matches_recompute);
    RUN(test_sampling_rules);
    RUN(test_bad_configs);
    alpha_ctx_destroy(ctx);
    return test_summary();
}
