/* alpha_model.h - v0.1.0 - a GPT (GPT-2 architecture by default) on alpha tensors

   PURPOSE
   The model: learned token and position embeddings, pre-LayerNorm transformer blocks with
   causal multi-head self-attention and an MLP (GELU by default; relu, silu, swiglu by option),
   a final LayerNorm and an LM head tied to the token embedding (untied by option). The MLP
   activation can also be any function of tensor ops with its own learnable per-layer parameter
   (desc.activation_fn), gated like swiglu in the layers that ask for it, which is how the
   activation search of alpha_train.h plugs in. Forward to
   logits or to a mean cross-entropy loss through the autograd tape, and generation (greedy,
   temperature, top-k, top-p; seeded) with a KV cache that gives the same tokens as recomputing
   the whole sequence.

   DO THIS
       #define ALPHA_MODEL_IMPLEMENTATION   (or ALPHA_IMPLEMENTATION)
       #include "alpha_model.h"             (includes alpha_autograd.h and alpha_tensor.h)
   Build: cc -O2 -I. yours.c -lm -lpthread

   PARAMETERS (GPT-2 names; weights are stored [in, out], as GPT-2's Conv1D does, so x @ W)
       wte                       [V, C]      token embedding (also the LM head when tied)
       wpe                       [T, C]      position embedding
       h.{i}.ln_1.weight/.bias   [C]
       h.{i}.attn.c_attn.weight  [C, 3C]     q, k, v side by side;  .bias [3C]
       h.{i}.attn.c_proj.weight  [C, C];     .bias [C]
       h.{i}.ln_2.weight/.bias   [C]
       h.{i}.mlp.c_fc.weight     [C, F]      F = mlp_mult*C (2F for swiglu and for a layer whose custom
                                             activation is gated: value, then gate); .bias
       h.{i}.mlp.c_proj.weight   [F, C];     .bias [C]
       ln_f.weight/.bias         [C]
       lm_head.weight            [V, C]      only when the head is untied
       h.{i}.mlp.act.weight      [R, F]      only with a custom activation that asks for R rows
   With desc.no_bias the .bias tensors of the linear layers and LayerNorms are absent.
   Init: weights N(0, 0.02), c_proj weights N(0, 0.02/sqrt(2 n_layer)), biases 0, LN weights 1.

   DOES NOT
   Train (alpha_train.h does), or tokenize (alpha_train.h's tokenizers do).

   QUICK START
   ```c
   #define ALPHA_IMPLEMENTATION
   #include "alpha_model.h"
   #include <stdio.h>
   int main(void) {
       alpha_ctx *ctx;
       alpha_ctx_desc cd = {0};
       alpha_gpt_desc gd = {0};
       alpha_gpt *gpt;
       int32_t prompt[2] = {1, 2}, out[8];
       alpha_gpt_sample_desc sd = {0};
       cd.seed = 1;
       gd.vocab_size = 64; gd.block_size = 16; gd.n_layer = 2; gd.n_head = 2; gd.n_embd = 32;
       if (alpha_ctx_create(&ctx, &cd) != ALPHA_OK) return 1;
       if (alpha_gpt_create(ctx, &gd, &gpt) != ALPHA_OK) return 1;
       printf("%lld parameters\n", (long long)alpha_gpt_num_params(gpt));
       sd.temperature = 0.8f; sd.top_k = 10; sd.seed = 7;
       if (alpha_gpt_generate(gpt, prompt, 2, 6, &sd, out) != ALPHA_OK) return 1;
       printf("tokens: %d %d %d %d %d %d %d %d\n", out[0], out[1], out[2], out[3], out[4], out[5], out[6], out[7]);
       alpha_ctx_destroy(ctx);
       return 0;
   }
   ```

   TOPICS
   Memory. The model's parameters live in the context's arena: create the model, then take the
   step mark (alpha_ctx_mark) and reset to it after every step. Generation takes and resets its
   own mark, so it must be called with nothing of value above the arena's top.
   Errors. Bad configs (n_embd not divisible by n_head, zero sizes) and bad tokens return
   ALPHA_ERR_INVALID with a message in alpha_ctx_last_error().
*/
#ifndef ALPHA_MODEL_H_INCLUDED
#define ALPHA_MODEL_H_INCLUDED
#include "alpha_autograd.h"

ALPHA_EXTERN_C_BEGIN

typedef enum alpha_activation {
    ALPHA_ACT_GELU = 0, ALPHA_ACT_RELU = 1, ALPHA_ACT_SILU = 2, ALPHA_ACT_SWIGLU = 3,
    ALPHA_ACT_CUSTOM = 4     /* desc.activation_fn (set by code, not stored in checkpoints) */
} alpha_activation;

/* A custom MLP activation: h is the hidden [..., F] of layer `layer` ([..., 2F] when
   activation_fc_mult says 2 for it) and the result is [..., F]; param is that layer's learnable
   [activation_param_rows, F] tensor ("h.{i}.mlp.act.weight") or NULL when it has none.
   Built from tensor ops, so it is differentiated through the tape like everything else. */
typedef alpha_tensor *(*alpha_activation_fn)(alpha_ctx *ctx, alpha_tensor *h, alpha_tensor *param, int layer, void *user);
/* Fills a layer's activation parameter (rows x F floats) at creation. */
typedef void (*alpha_activation_init_fn)(float *param, int rows, int64_t F, int layer, void *user);
/* The width of a layer's c_fc output in units of F: 1, or 2 for a gated activation that takes
   [..., 2F] (value, then gate, as swiglu does) and returns [..., F]. Asked once per layer at
   creation, so layers of one model may differ (c_proj always takes F). */
typedef int (*alpha_activation_width_fn)(int layer, void *user);

typedef struct alpha_gpt_desc {
    int vocab_size;      /* 0: 50257 */
    int block_size;      /* longest sequence; 0: 1024 */
    int n_layer;         /* 0: 12 */
    int n_head;          /* 0: 12 */
    int n_embd;          /* 0: 768 */
    int mlp_mult;        /* MLP width = mlp_mult * n_embd; 0: 4 */
    float dropout;       /* on attention weights, and on attention, MLP and embedding outputs when training; 0: none */
    int no_bias;         /* 1: no biases in linear layers and LayerNorms */
    int untied_head;     /* 1: a separate lm_head.weight instead of wte */
    alpha_activation activation;
    float ln_eps;        /* 0: 1e-5 */
    /* custom activation (activation = ALPHA_ACT_CUSTOM) */
    alpha_activation_fn activation_fn;
    alpha_activation_init_fn activation_init;   /* NULL: parameter starts at zero */
    int activation_param_rows;                  /* 0: no learnable activation parameter */
    alpha_activation_width_fn activation_fc_mult;   /* NULL: 1 for every layer */
    void *activation_user;
} alpha_gpt_desc;

typedef struct alpha_gpt_layer {
    alpha_tensor *ln1_w, *ln1_b, *attn_w, *attn_b, *proj_w, *proj_b;
    alpha_tensor *ln2_w, *ln2_b, *fc_w, *fc_b, *fc2_w, *fc2_b;
    alpha_tensor *act;   /* custom activation parameter, or NULL */
} alpha_gpt_layer;

typedef struct alpha_gpt {
    alpha_ctx *ctx;
    alpha_gpt_desc cfg;          /* resolved: no zeros left */
    alpha_tensor *wte, *wpe, *lnf_w, *lnf_b, *lm_head;
    alpha_gpt_layer *layers;
    int n_params;                /* parameter tensors, in a fixed order */
    alpha_tensor **params;
    char **names;
    alpha_tensor *mask;          /* [block, block] causal mask of the unfused attention, made once */
} alpha_gpt;

typedef struct alpha_gpt_sample_desc {
    float temperature;   /* 0: greedy (argmax) */
    int top_k;           /* 0: no top-k cut */
    float top_p;         /* 0 or 1: no nucleus cut */
    uint64_t seed;
    int no_cache;        /* 1: recompute the whole window for every token (for testing) */
} alpha_gpt_sample_desc;

/* Fills the zero fields of *d with the documented defaults. */
ALPHA_API alpha_gpt_desc alpha_gpt_desc_resolve(const alpha_gpt_desc *d);
/* Allocates and initializes the parameters (they require grad) from the context's RNG. */
ALPHA_API alpha_result alpha_gpt_create(alpha_ctx *ctx, const alpha_gpt_desc *desc, alpha_gpt **out);
ALPHA_API int64_t alpha_gpt_num_params(const alpha_gpt *m);     /* elements */
ALPHA_API alpha_tensor *alpha_gpt_find_param(const alpha_gpt *m, const char *name);
/* tokens: i32 [B, T] with T <= block_size. Returns logits [B, T, V]. training: dropout on. */
ALPHA_API alpha_tensor *alpha_gpt_forward(alpha_gpt *m, alpha_tensor *tokens, int training);
/* Mean cross-entropy of the next-token predictions; targets i32 [B, T], -1 ignored. */
ALPHA_API alpha_tensor *alpha_gpt_loss(alpha_gpt *m, alpha_tensor *tokens, alpha_tensor *targets, int training);
/* Appends n_new tokens to the prompt: out receives n_prompt + n_new tokens. */
ALPHA_API alpha_result alpha_gpt_generate(alpha_gpt *m, const int32_t *prompt, int n_prompt, int n_new,
                                          const alpha_gpt_sample_desc *sample, int32_t *out);
/* One sampling decision from a row of V logits (exposed for tests and custom loops).
   u is a uniform number in [0, 1). scratch holds 2V floats. */
ALPHA_API int32_t alpha_gpt_sample_logits(const float *logits, int V, const alpha_gpt_sample_desc *s, float u, float *scratch);

ALPHA_EXTERN_C_END
#endif /* ALPHA_MODEL_H_INCLUDED */

/* ====================================================================== implementation */
#if (defined(ALPHA_IMPLEMENTATION) || defined(ALPHA_MODEL_IMPLEMENTATION)) && !defined(ALPHA_MODEL_IMPLEMENTED)
#define ALPHA_MODEL_IMPLEMENTED
#include "alpha_autograd.h"
#include <string.h>
#include <stdio.h>
#include <math.h>

ALPHA_API alpha_gpt_desc alpha_gpt_desc_resolve(const alpha_gpt_desc *d) {
    alpha_gpt_desc r;
    memset(&r, 0, sizeof r);
    if (d) r = *d;
    if (!r.vocab_size) r.vocab_size = 50257;
    if (!r.block_size) r.block_size = 1024;
    if (!r.n_layer) r.n_layer = 12;
    if (!r.n_head) r.n_head = 12;
    if (!r.n_embd) r.n_embd = 768;
    if (!r.mlp_mult) r.mlp_mult = 4;
    if (r.ln_eps <= 0) r.ln_eps = 1e-5f;
    return r;
}

/* ---------------------------------------------------------------- parameters */
static alpha_tensor *alpha__gpt_param(alpha_gpt *m, const char *name, alpha_shape s, float std, float fill) {
    alpha_ctx *ctx = m->ctx;
    alpha_tensor *t = std > 0 ? alpha_randn(ctx, s, 0.0f, std) : alpha_full(ctx, ALPHA_F32, s, fill);
    size_t len = strlen(name) + 1;
    char *nm;
    if (!t) return NULL;
    nm = (char *)alpha_ctx_alloc(ctx, len);
    if (!nm) return NULL;
    memcpy(nm, name, len);
    t->name = nm;
    alpha_requires_grad(ctx, t);
    m->names[m->n_params] = nm;
    m->params[m->n_params++] = t;
    return t;
}

ALPHA_API alpha_result alpha_gpt_create(alpha_ctx *ctx, const alpha_gpt_desc *desc, alpha_gpt **out) {
    alpha_gpt *m;
    alpha_gpt_desc c;
    int i, max_params, bias, fc;
    int64_t C, F;
    float std = 0.02f, pstd;
    char nm[64];
    if (!ctx || !out) return ALPHA_ERR_INVALID;
    *out = NULL;
    c = alpha_gpt_desc_resolve(desc);
    if (c.vocab_size < 1 || c.block_size < 1 || c.n_layer < 1 || c.n_head < 1 || c.n_embd < 1 || c.mlp_mult < 1 ||
        c.n_embd % c.n_head || !(c.dropout >= 0 && c.dropout < 1) || (unsigned)c.activation > ALPHA_ACT_CUSTOM ||
        (c.activation == ALPHA_ACT_CUSTOM && !c.activation_fn) || c.activation_param_rows < 0) {
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID,
                        "alpha_gpt_create: bad config: vocab %d, block %d, layers %d, heads %d, embd %d (must divide by heads), "
                        "mlp_mult %d, dropout %g, activation %d",
                        c.vocab_size, c.block_size, c.n_layer, c.n_head, c.n_embd, c.mlp_mult, (double)c.dropout, (int)c.activation);
        return ALPHA_ERR_INVALID;
    }
    m = (alpha_gpt *)alpha_ctx_alloc(ctx, sizeof *m);
    if (!m) return ALPHA_ERR_OOM;
    memset(m, 0, sizeof *m);
    m->ctx = ctx;
    m->cfg = c;
    max_params = 4 + 13 * c.n_layer;
    m->params = (alpha_tensor **)alpha_ctx_alloc(ctx, (size_t)max_params * sizeof *m->params);
    m->names = (char **)alpha_ctx_alloc(ctx, (size_t)max_params * sizeof *m->names);
    m->layers = (alpha_gpt_layer *)alpha_ctx_alloc(ctx, (size_t)c.n_layer * sizeof *m->layers);
    if (!m->params || !m->names || !m->layers) return ALPHA_ERR_OOM;
    memset(m->layers, 0, (size_t)c.n_layer * sizeof *m->layers);
    C = c.n_embd;
    F = (int64_t)c.mlp_mult * C;
    bias = !c.no_bias;
    pstd = std / sqrtf(2.0f * (float)c.n_layer);
    m->wte = alpha__gpt_param(m, "wte", alpha_shape2(c.vocab_size, C), std, 0);
    m->wpe = alpha__gpt_param(m, "wpe", alpha_shape2(c.block_size, C), std, 0);
    for (i = 0; i < c.n_layer; i++) {
        alpha_gpt_layer *L = &m->layers[i];
#define ALPHA__P(field, suffix, shape, sd, fill) \
        snprintf(nm, sizeof nm, "h.%d.%s", i, suffix); L->field = alpha__gpt_param(m, nm, shape, sd, fill)
        ALPHA__P(ln1_w, "ln_1.weight", alpha_shape1(C), 0, 1);
        if (bias) { ALPHA__P(ln1_b, "ln_1.bias", alpha_shape1(C), 0, 0); }
        ALPHA__P(attn_w, "attn.c_attn.weight", alpha_shape2(C, 3 * C), std, 0);
        if (bias) { ALPHA__P(attn_b, "attn.c_attn.bias", alpha_shape1(3 * C), 0, 0); }
        ALPHA__P(proj_w, "attn.c_proj.weight", alpha_shape2(C, C), pstd, 0);
        if (bias) { ALPHA__P(proj_b, "attn.c_proj.bias", alpha_shape1(C), 0, 0); }
        ALPHA__P(ln2_w, "ln_2.weight", alpha_shape1(C), 0, 1);
        if (bias) { ALPHA__P(ln2_b, "ln_2.bias", alpha_shape1(C), 0, 0); }
        fc = c.activation == ALPHA_ACT_SWIGLU ? 2 : 1;
        if (c.activation == ALPHA_ACT_CUSTOM && c.activation_fc_mult) fc = c.activation_fc_mult(i, c.activation_user);
        if (fc != 1 && fc != 2) {
            alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_gpt_create: activation_fc_mult gave %d for layer %d (must be 1 or 2)", fc, i);
            return ALPHA_ERR_INVALID;
        }
        ALPHA__P(fc_w, "mlp.c_fc.weight", alpha_shape2(C, fc * F), std, 0);
        if (bias) { ALPHA__P(fc_b, "mlp.c_fc.bias", alpha_shape1(fc * F), 0, 0); }
        ALPHA__P(fc2_w, "mlp.c_proj.weight", alpha_shape2(F, C), pstd, 0);
        if (bias) { ALPHA__P(fc2_b, "mlp.c_proj.bias", alpha_shape1(C), 0, 0); }
        if (c.activation == ALPHA_ACT_CUSTOM && c.activation_param_rows > 0) {
            ALPHA__P(act, "mlp.act.weight", alpha_shape2(c.activation_param_rows, F), 0, 0);
            if (L->act && c.activation_init) {   /* initialized on the host, then copied to the parameter's device */
                float *init = (float *)alpha_ctx_alloc(ctx, (size_t)(c.activation_param_rows * F) * sizeof(float));
                if (init) {
                    c.activation_init(init, c.activation_param_rows, F, i, c.activation_user);
                    alpha_tensor_write(ctx, L->act, init, (size_t)(c.activation_param_rows * F) * sizeof(float));
                }
            }
        }
#undef ALPHA__P
    }
    m->lnf_w = alpha__gpt_param(m, "ln_f.weight", alpha_shape1(C), 0, 1);
    if (bias) m->lnf_b = alpha__gpt_param(m, "ln_f.bias", alpha_shape1(C), 0, 0);
    m->lm_head = c.untied_head ? alpha__gpt_param(m, "lm_head.weight", alpha_shape2(c.vocab_size, C), std, 0) : m->wte;
    m->mask = alpha_causal_mask(ctx, c.block_size);
    if (alpha_ctx_status(ctx) != ALPHA_OK) return alpha_ctx_status(ctx);
    *out = m;
    return ALPHA_OK;
}

ALPHA_API int64_t alpha_gpt_num_params(const alpha_gpt *m) {
    int64_t n = 0;
    int i;
    for (i = 0; i < m->n_params; i++) n += alpha_tensor_numel(m->params[i]);
    return n;
}
ALPHA_API alpha_tensor *alpha_gpt_find_param(const alpha_gpt *m, const char *name) {
    int i;
    for (i = 0; i < m->n_params; i++) if (!strcmp(m->names[i], name)) return m->params[i];
    return NULL;
}

/* ---------------------------------------------------------------- forward */
/* x @ W (+ b) for x [..., in] and W [in, out] */
static alpha_tensor *alpha__gpt_linear(alpha_ctx *ctx, alpha_tensor *x, alpha_tensor *w, alpha_tensor *b) {
    return alpha_matmul_bias(ctx, x, w, b);
}
static alpha_tensor *alpha__gpt_dropout(alpha_gpt *m, alpha_tensor *x, int training) {
    return training && m->cfg.dropout > 0 ? alpha_dropout(m->ctx, x, m->cfg.dropout) : x;
}

/* The attention of one block. x: [B, T, C] at positions pos..pos+T-1. With a cache (k_cache,
   v_cache: [B, H, block, hd]), the new keys and values are written at pos and the queries attend
   to everything up to their own position; without one, pos is 0 and the mask is causal. */
static alpha_tensor *alpha__gpt_attention(alpha_gpt *m, const alpha_gpt_layer *L, alpha_tensor *x, int training,
                                      alpha_tensor *k_cache, alpha_tensor *v_cache, int64_t pos) {
    alpha_ctx *ctx = m->ctx;
    int64_t B, T, C = m->cfg.n_embd, H = m->cfg.n_head, hd = C / H, S;
    alpha_tensor *qkv, *q, *k, *v, *att, *y;
    alpha_tensor *heads[3];
    int64_t dims5[5];
    int part;
    if (!x) return NULL;   /* an earlier op failed (the context holds the error) */
    B = x->shape[0]; T = x->shape[1]; S = pos + T;
    qkv = alpha__gpt_linear(ctx, x, L->attn_w, L->attn_b);
    /* q, k, v: [B, H, T, hd] views of qkv seen as [B, T, 3, H, hd], the part split off before the
       heads (not narrow [B, T, C] then split): the same views, but every step back is a view too,
       so the backward writes each of gq, gk, gv into qkv's gradient with one strided copy (a
       narrowed [B, T, C] could not take the transposed [B, T, H, hd] gradient without a copy). */
    dims5[0] = B; dims5[1] = T; dims5[2] = 3; dims5[3] = H; dims5[4] = hd;
    qkv = alpha_reshape(ctx, qkv, alpha_shape_n(5, dims5));
    for (part = 0; part < 3; part++) { /* [B, T, 1, H, hd] -> [B, T, H, hd] -> [B, H, T, hd] views */
        alpha_tensor *p = alpha_narrow(ctx, qkv, 2, part, 1);
        heads[part] = alpha_transpose(ctx, alpha_reshape(ctx, p, alpha_shape4(B, T, H, hd)), 1, 2);
    }
    q = heads[0]; k = heads[1]; v = heads[2];
    if (k_cache) {
        alpha_assign(ctx, alpha_narrow(ctx, k_cache, 2, pos, T), k);
        alpha_assign(ctx, alpha_narrow(ctx, v_cache, 2, pos, T), v);
        k = alpha_narrow(ctx, k_cache, 2, 0, S);
        v = alpha_narrow(ctx, v_cache, 2, 0, S);
    }
    /* Unfused on the CPU (its matmuls run on the AVX2 SGEMM, 8x faster than the fused row loop,
       and host memory is plentiful) and with dropout on the attention weights; fused on devices,
       where it saves the [B, H, T, S] tensors that bound the batch. */
    if ((training && m->cfg.dropout > 0) || alpha_tensor_device(x) == 0) {
        att = alpha_scale(ctx, alpha_matmul(ctx, q, alpha_transpose(ctx, k, 2, 3)), 1.0f / sqrtf((float)hd));
        if (T > 1)   /* query i (at pos + i) sees keys 0 .. pos + i */
            att = alpha_add(ctx, att, alpha_narrow(ctx, alpha_narrow(ctx, m->mask, 0, pos, T), 1, 0, S));
        att = alpha__gpt_dropout(m, alpha_softmax(ctx, att, -1), training);
        y = alpha_matmul(ctx, att, v);                                     /* [B, H, T, hd] */
    } else {   /* fused: no [T, S] weights kept */
        y = alpha_attention(ctx, q, k, v, 1.0f / sqrtf((float)hd));
    }
    y = alpha_reshape(ctx, alpha_transpose(ctx, y, 1, 2), alpha_shape3(B, T, C));
    return alpha__gpt_dropout(m, alpha__gpt_linear(ctx, y, L->proj_w, L->proj_b), training);
}

static alpha_tensor *alpha__gpt_mlp(alpha_gpt *m, const alpha_gpt_layer *L, alpha_tensor *x, int training) {
    alpha_ctx *ctx = m->ctx;
    alpha_tensor *h = alpha__gpt_linear(ctx, x, L->fc_w, L->fc_b);
    switch (m->cfg.activation) {
    case ALPHA_ACT_CUSTOM: h = h ? m->cfg.activation_fn(ctx, h, L->act, (int)(L - m->layers), m->cfg.activation_user) : NULL; break;
    case ALPHA_ACT_RELU: h = alpha_relu(ctx, h); break;
    case ALPHA_ACT_SILU: h = alpha_silu(ctx, h); break;
    case ALPHA_ACT_SWIGLU: {
        int64_t F = h ? h->shape[h->ndim - 1] / 2 : 0;
        h = alpha_mul(ctx, alpha_narrow(ctx, h, -1, 0, F), alpha_silu(ctx, alpha_narrow(ctx, h, -1, F, F)));
        break;
    }
    default: h = alpha_gelu(ctx, h); break;
    }
    return alpha__gpt_dropout(m, alpha__gpt_linear(ctx, h, L->fc2_w, L->fc2_b), training);
}

static int alpha__gpt_check_tokens(alpha_gpt *m, alpha_tensor *tokens, int64_t pos) {
    char b[96];
    if (!tokens) return 0;
    if (tokens->dtype != ALPHA_I32 || tokens->ndim != 2 || tokens->shape[1] < 1 || pos + tokens->shape[1] > m->cfg.block_size) {
        alpha_ctx_error(m->ctx, ALPHA_ERR_INVALID, "alpha_gpt_forward: tokens must be i32 [B, T] with 1 <= T <= %d, got %s",
                        m->cfg.block_size, alpha_tensor_describe(tokens, b, sizeof b));
        return 0;
    }
    return 1;
}

/* Embeddings, blocks, final norm and head; caches (2 per layer) optional. */
static alpha_tensor *alpha__gpt_run(alpha_gpt *m, alpha_tensor *tokens, int training, alpha_tensor **caches, int64_t pos) {
    alpha_ctx *ctx = m->ctx;
    int64_t T;
    int i;
    alpha_tensor *x, *h;
    float eps = m->cfg.ln_eps;
    if (!alpha__gpt_check_tokens(m, tokens, pos)) return NULL;
    T = tokens->shape[1];
    x = alpha_add(ctx, alpha_embedding(ctx, m->wte, tokens), alpha_narrow(ctx, m->wpe, 0, pos, T));
    x = alpha__gpt_dropout(m, x, training);
    /* x: the residual stream, h: its normalized form for the next branch. Each residual add is
       fused with the layernorm after it (ln_2, the next layer's ln_1, ln_f): one kernel writes
       both the new stream and its normalization. */
    h = m->cfg.n_layer ? alpha_layernorm(ctx, x, m->layers[0].ln1_w, m->layers[0].ln1_b, eps) : alpha_layernorm(ctx, x, m->lnf_w, m->lnf_b, eps);
    for (i = 0; i < m->cfg.n_layer; i++) {
        const alpha_gpt_layer *L = &m->layers[i];
        int last = i + 1 == m->cfg.n_layer;
        h = alpha_add_layernorm(ctx, x, alpha__gpt_attention(m, L, h, training, caches ? caches[2 * i] : NULL, caches ? caches[2 * i + 1] : NULL, pos),
                                L->ln2_w, L->ln2_b, eps, &x);
        h = alpha_add_layernorm(ctx, x, alpha__gpt_mlp(m, L, h, training), last ? m->lnf_w : L[1].ln1_w, last ? m->lnf_b : L[1].ln1_b, eps, &x);
    }
    return alpha_matmul(ctx, h, alpha_transpose(ctx, m->lm_head, 0, 1));
}

ALPHA_API alpha_tensor *alpha_gpt_forward(alpha_gpt *m, alpha_tensor *tokens, int training) {
    if (!m) return NULL;
    return alpha__gpt_run(m, tokens, training, NULL, 0);
}
ALPHA_API alpha_tensor *alpha_gpt_loss(alpha_gpt *m, alpha_tensor *tokens, alpha_tensor *targets, int training) {
    alpha_tensor *logits;
    if (!m) return NULL;
    logits = alpha_gpt_forward(m, tokens, training);
    return alpha_cross_entropy_reusing_logits(m->ctx, logits, targets, -1);   /* nobody sees these logits: the backward may overwrite them */
}

/* ---------------------------------------------------------------- generation */
ALPHA_API int32_t alpha_gpt_sample_logits(const float *logits, int V, const alpha_gpt_sample_desc *s, float u, float *scratch) {
    float *p = scratch, *sorted = scratch + V, mx = -INFINITY, cut = -INFINITY;
    double sum = 0, acc = 0;
    int i, best = 0;
    for (i = 0; i < V; i++) if (logits[i] > logits[best]) best = i;
    if (!s || s->temperature <= 0) return best;
    mx = logits[best];
    if (s->top_k > 0 && s->top_k < V) {   /* keep the k largest logits */
        int k = s->top_k, j;
        for (i = 0; i < k; i++) sorted[i] = -INFINITY;
        for (i = 0; i < V; i++) {
            float x = logits[i];
            if (x <= sorted[k - 1]) continue;
            for (j = k - 1; j > 0 && sorted[j - 1] < x; j--) sorted[j] = sorted[j - 1];
            sorted[j] = x;
        }
        cut = sorted[k - 1];
    }
    for (i = 0; i < V; i++) {
        p[i] = logits[i] >= cut ? expf((logits[i] - mx) / s->temperature) : 0.0f;
        sum += p[i];
    }
    if (s->top_p > 0 && s->top_p < 1) {   /* smallest set of most likely tokens with mass >= top_p */
        float thresh;
        int n = 0, j;
        for (i = 0; i < V; i++) if (p[i] > 0) sorted[n++] = p[i];
        for (i = 1; i < n; i++) {   /* insertion sort, descending (n is small after top-k, else V) */
            float x = sorted[i];
            for (j = i; j > 0 && sorted[j - 1] < x; j--) sorted[j] = sorted[j - 1];
            sorted[j] = x;
        }
        thresh = sorted[0];
        for (i = 0; i < n; i++) {
            acc += sorted[i];
            thresh = sorted[i];
            if (acc >= s->top_p * sum) break;
        }
        sum = 0;
        for (i = 0; i < V; i++) { if (p[i] < thresh) p[i] = 0; sum += p[i]; }
    }
    acc = 0;
    for (i = 0; i < V; i++) {
        acc += p[i];
        if (p[i] > 0 && u * sum < acc) return i;
    }
    return best;
}

ALPHA_API alpha_result alpha_gpt_generate(alpha_gpt *m, const int32_t *prompt, int n_prompt, int n_new,
                                          const alpha_gpt_sample_desc *sample, int32_t *out) {
    alpha_ctx *ctx;
    alpha_mark top, step;
    alpha_tensor **caches = NULL, *logits, *toks;
    alpha_gpt_sample_desc s;
    int64_t V, H, hd, pos = 0, block, cached = 0;
    float *row, *scratch;
    int i, n, prev, use_cache;
    uint64_t counter = 0;
    if (!m || !out || (!prompt && n_prompt > 0)) return ALPHA_ERR_INVALID;
    ctx = m->ctx;
    memset(&s, 0, sizeof s);
    if (sample) s = *sample;
    V = m->cfg.vocab_size; H = m->cfg.n_head; hd = m->cfg.n_embd / H; block = m->cfg.block_size;
    if (n_prompt < 1 || n_new < 0) {
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_gpt_generate: need a prompt of at least one token (got %d) and n_new >= 0", n_prompt);
        return ALPHA_ERR_INVALID;
    }
    for (i = 0; i < n_prompt; i++) {
        if (prompt[i] < 0 || prompt[i] >= V) {
            alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_gpt_generate: prompt token %d at %d is outside the vocabulary [0, %lld)",
                            prompt[i], i, (long long)V);
            return ALPHA_ERR_INVALID;
        }
        out[i] = prompt[i];
    }
    n = n_prompt;
    prev = alpha_no_grad_begin(ctx);
    top = alpha_ctx_mark(ctx);
    use_cache = !s.no_cache;
    row = (float *)alpha_ctx_alloc(ctx, (size_t)V * sizeof *row);
    scratch = (float *)alpha_ctx_alloc(ctx, (size_t)V * 2 * sizeof *scratch);
    if (use_cache) {
        caches = (alpha_tensor **)alpha_ctx_alloc(ctx, (size_t)(2 * m->cfg.n_layer) * sizeof *caches);
        for (i = 0; caches && i < 2 * m->cfg.n_layer; i++) caches[i] = alpha_full_on(ctx, alpha_tensor_device(m->wte), ALPHA_F32, alpha_shape4(1, H, block, hd), 0.0);
    }
    step = alpha_ctx_mark(ctx);
    while (n < n_prompt + n_new && alpha_ctx_status(ctx) == ALPHA_OK) {
        int64_t start, len;
        if (cached > 0 && cached == n - 1 && n <= block) { start = n - 1; len = 1; pos = n - 1; }  /* one new token */
        else { len = n < block ? n : block; start = n - len; pos = 0; }  /* the whole (last) window */
        toks = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(1, len), out + start);
        logits = alpha__gpt_run(m, toks, 0, use_cache ? caches : NULL, pos);
        if (!logits || alpha_tensor_to_f32(ctx, alpha_narrow(ctx, logits, 1, len - 1, 1), row, V) != ALPHA_OK) break;
        {
            /* a uniform number from the seed and the step: the same on every run and platform */
            alpha_rng_state saved = alpha_ctx_rng(ctx), r;
            alpha_tensor *ut;
            r.seed = s.seed; r.offset = counter++;
            alpha_ctx_set_rng(ctx, r);
            ut = alpha_rand(ctx, alpha_shape1(1), 0.0f, 1.0f);
            alpha_ctx_set_rng(ctx, saved);
            out[n] = alpha_gpt_sample_logits(row, (int)V, &s, (float)alpha_tensor_item(ctx, ut), scratch);
        }
        n++;
        /* the cache stays valid while the window starts at token 0; once it slides, positions shift */
        cached = use_cache && start == 0 ? pos + len : 0;
        alpha_ctx_reset(ctx, step);
    }
    alpha_ctx_reset(ctx, top);
    alpha_no_grad_end(ctx, prev);
    return alpha_ctx_status(ctx);
}

#endif /* ALPHA_MODEL_IMPLEMENTATION */

/*
------------------------------------------------------------------------------
MIT License

Copyright (c) 2026 the alpha authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
------------------------------------------------------------------------------
*/
