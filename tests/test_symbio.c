/* The activation search of alpha_train.h (section 10): expression trees (evaluation against a
   double-precision reference, gradients, print/parse round trip), thousands of random mutations
   and crossovers that must stay valid, genomes (print/parse, swiglu genes against the built-in
   swiglu model, gradients), the per-layer activation, what continue_from_parent inherits, and
   the search itself (determinism whatever the thread count, fresh and continued, elitism, the
   JSONL log). */
#define ALPHA_IMPLEMENTATION
#include "alpha_train.h"
#include "test.h"
#include <string.h>
#include <stdlib.h>
#include <stdio.h>

static void quiet(void *u, alpha_log_level l, const char *m) { (void)u; (void)l; (void)m; }

static alpha_ctx *make_ctx(void) {
    alpha_ctx *ctx = NULL;
    alpha_ctx_desc cd;
    memset(&cd, 0, sizeof cd);
    cd.n_threads = 1; cd.seed = 3; cd.logger.func = quiet;
    alpha_ctx_create(&ctx, &cd);
    return ctx;
}

static const char *const samples[] = {
    "x", "gelu(x)", "add(silu(x), scale(0.5, square(x)))", "mul(relu(x), sigmoid(x))",
    "scale(-1.25, add(tanh(x), mul(x, gelu(x))))", "add(add(x, silu(x)), add(relu(x), scale(0.1, square(x))))",
};

TEST(test_expr_parse_print_eval) {
    alpha_ctx *ctx = make_ctx();
    alpha_expr e;
    char buf[512], err[128];
    float xs[9] = {-3, -1.5f, -0.5f, -0.1f, 0, 0.2f, 0.7f, 1.9f, 3};
    float ys[9];
    size_t s;
    int i, j;
    for (s = 0; s < sizeof samples / sizeof samples[0]; s++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor *x, *y;
        CHECK(alpha_expr_parse(samples[s], &e, err, sizeof err) == ALPHA_OK, "parse %s: %s", samples[s], err);
        CHECK(alpha_expr_valid(&e), "valid %s", samples[s]);
        alpha_expr_to_string(&e, buf, sizeof buf);
        CHECK(!strcmp(buf, samples[s]), "round trip: '%s' -> '%s'", samples[s], buf);
        x = alpha_from_data(ctx, ALPHA_F32, alpha_shape1(9), xs);
        y = alpha_expr_eval(ctx, &e, x);
        CHECK(y != NULL, "eval %s", samples[s]);
        if (!y) continue;
        alpha_tensor_to_f32(ctx, y, ys, 9);
        for (j = 0; j < 9; j++) CHECK_NEAR(ys[j], alpha_expr_eval_scalar(&e, xs[j]), 1e-4 * (1 + fabs(ys[j])));
        alpha_ctx_reset(ctx, mk);
    }
    CHECK(alpha_expr_parse("add(silu(x), scale(0.5, square(x)))", &e, NULL, 0) == ALPHA_OK && alpha_expr_size(&e) == 4 &&
          alpha_expr_depth(&e) == 3, "size %d depth %d", alpha_expr_size(&e), alpha_expr_depth(&e));
    CHECK(alpha_expr_parse("  add( x ,relu( x ) ) ", &e, NULL, 0) == ALPHA_OK && e.n == 3, "spaces");
    /* rejected: unknown names, garbage, too deep, trailing text (depth 4 caps the size at 15) */
    {
        static const char *const bad[] = {"", "y", "foo(x)", "add(x)", "silu(y)", "scale(abc, x)", "add(x, x) x",
                                          "scale(1, scale(1, scale(1, scale(1, x))))",
                                          "add(x, x"};
        for (i = 0; i < (int)(sizeof bad / sizeof bad[0]); i++) {
            err[0] = 0;
            CHECK(alpha_expr_parse(bad[i], &e, err, sizeof err) == ALPHA_ERR_FORMAT && err[0], "'%s' should be rejected", bad[i]);
        }
    }
    CHECK(alpha_expr_parse("scale(1, scale(1, scale(1, x)))", &e, NULL, 0) == ALPHA_OK && alpha_expr_depth(&e) == 4, "depth 4 is fine");
    alpha_ctx_destroy(ctx);
}

static const alpha_expr *gc_expr;
static alpha_tensor *gc_fn(alpha_ctx *c, alpha_tensor *const *in, void *u) {
    (void)u;
    return alpha_expr_eval(c, gc_expr, in[0]);
}
TEST(test_expr_gradcheck) {
    alpha_ctx *ctx = make_ctx();
    alpha_expr e;
    alpha_gradcheck_desc gd;
    float xs[12];
    size_t s;
    int i;
    double err = 0;
    for (i = 0; i < 12; i++) xs[i] = -2.1f + 0.37f * (float)i;   /* stays away from relu's kink at 0 */
    memset(&gd, 0, sizeof gd);
    for (s = 0; s < sizeof samples / sizeof samples[0]; s++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor *x = alpha_requires_grad(ctx, alpha_from_data(ctx, ALPHA_F32, alpha_shape1(12), xs));
        alpha_expr_parse(samples[s], &e, NULL, 0);
        gc_expr = &e;
        CHECK(alpha_gradcheck(ctx, gc_fn, &x, 1, NULL, &gd, &err) == ALPHA_OK, "%s: %s (max err %g)", samples[s],
              alpha_ctx_last_error(ctx), err);
        alpha_ctx_clear_error(ctx);
        alpha_ctx_reset(ctx, mk);
    }
    alpha_ctx_destroy(ctx);
}

TEST(test_mutation_and_crossover_stay_valid) {
    uint64_t rng = 12345;
    alpha_expr pool[16], c;
    char buf[512];
    int i, changed = 0, maxn = 0, maxd = 0, bad = 0, roundtrip_bad = 0;
    for (i = 0; i < 16; i++) pool[i] = alpha_expr_random(&rng, 7);
    for (i = 0; i < 20000; i++) {
        int a = alpha_symbio_rand_int(&rng, 16), b = alpha_symbio_rand_int(&rng, 16);
        alpha_expr before = pool[a];
        if (i % 3 == 0) { alpha_expr_crossover(&pool[a], &pool[b], &rng, &c); pool[a] = c; }
        else changed += alpha_expr_mutate(&pool[a], &rng);
        if (!alpha_expr_valid(&pool[a])) { bad++; pool[a] = before; continue; }
        if (pool[a].n > maxn) maxn = pool[a].n;
        if (alpha_expr_depth(&pool[a]) > maxd) maxd = alpha_expr_depth(&pool[a]);
        if (i % 7 == 0) {
            alpha_expr back;
            alpha_expr_to_string(&pool[a], buf, sizeof buf);
            if (alpha_expr_parse(buf, &back, NULL, 0) != ALPHA_OK || !alpha_expr_equal(&back, &pool[a])) roundtrip_bad++;
        }
    }
    CHECK(bad == 0, "%d invalid trees", bad);
    CHECK(roundtrip_bad == 0, "%d print/parse mismatches", roundtrip_bad);
    CHECK(maxn <= ALPHA_EXPR_MAX_NODES && maxd <= ALPHA_EXPR_MAX_DEPTH && maxn >= 9 && maxd == ALPHA_EXPR_MAX_DEPTH,
          "bounds reached but not exceeded: %d nodes, depth %d", maxn, maxd);
    CHECK(changed > 10000, "mutations change trees: %d", changed);
    /* genomes, per layer (3) and shared (1): every kind (swiglu too) appears, every gene stays
       valid, every genome prints and parses back, and the models built from them have a c_fc of
       width 2F exactly in the swiglu layers */
    {
        alpha_ctx *ctx = make_ctx();
        alpha_symbio_genome g, h, k, back;
        int n_layers, l, built = 0, width_bad = 0, parse_bad = 0;
        char gs[1024], gs2[1024];
        for (n_layers = 3; n_layers >= 1; n_layers -= 2) {
            int kinds[ALPHA_SYMBIO_KIND_COUNT] = {0};
            memset(&g, 0, sizeof g);
            g.n_layers = n_layers;
            h = g;
            for (i = 0; i < 5000; i++) {
                alpha_symbio_genome_mutate(i % 2 ? &g : &h, &rng);
                alpha_symbio_genome_crossover(&g, &h, &rng, &k);
                if (i % 5 == 0) g = k;
                for (l = 0; l < n_layers; l++) {
                    if (k.layer[l].kind < 0 || k.layer[l].kind >= ALPHA_SYMBIO_KIND_COUNT) bad++;
                    else { kinds[k.layer[l].kind]++; if (k.layer[l].kind == ALPHA_SYMBIO_EXPR && !alpha_expr_valid(&k.layer[l].expr)) bad++; }
                }
                if (i % 7 == 0) {
                    alpha_symbio_genome_to_string(&k, gs, sizeof gs);
                    if (alpha_symbio_genome_parse(gs, &back, NULL, 0) != ALPHA_OK) parse_bad++;
                    else { alpha_symbio_genome_to_string(&back, gs2, sizeof gs2); parse_bad += strcmp(gs, gs2) != 0; }
                }
                if (i % 50 == 0) {
                    alpha_mark mk = alpha_ctx_mark(ctx);
                    alpha_gpt_desc md;
                    alpha_gpt *m = NULL;
                    memset(&md, 0, sizeof md);
                    md.vocab_size = 20; md.block_size = 8; md.n_layer = 3; md.n_head = 2; md.n_embd = 8; md.mlp_mult = 2;
                    alpha_symbio_apply(&k, &md);
                    if (alpha_gpt_create(ctx, &md, &m) == ALPHA_OK) {
                        built++;
                        for (l = 0; l < 3; l++)
                            if (m->layers[l].fc_w->shape[1] != (k.layer[n_layers == 1 ? 0 : l].kind == ALPHA_SYMBIO_SWIGLU ? 32 : 16)) width_bad++;
                    }
                    alpha_ctx_reset(ctx, mk);
                }
            }
            CHECK(bad == 0 && k.n_layers == n_layers, "%d invalid genes", bad);
            for (l = 0; l < ALPHA_SYMBIO_KIND_COUNT; l++) CHECK(kinds[l] > 0, "%d layers: kind %d never appears", n_layers, l);
        }
        CHECK(built == 200 && width_bad == 0, "%d models built, %d c_fc widths wrong", built, width_bad);
        CHECK(parse_bad == 0, "%d genomes did not print and parse back", parse_bad);
        alpha_ctx_destroy(ctx);
    }
}

TEST(test_genome_parse) {
    static const char *const good[] = {"gelu", "swiglu", "mix", "relu(x)", "L0=swiglu L1=add(x, relu(x))",
                                       "L0=mix L1=scale(0.5, mul(x, sigmoid(x))) L2=silu"};
    static const char *const bad[] = {"", "swish", "L0=gelu L2=relu", "L1=gelu L0=relu", "L0=", "L0=gelu L1=add(x",
                                      "L0=gelu  L1=relu x", "gelu L1=relu"};
    alpha_symbio_genome g;
    char buf[512], err[128];
    size_t i;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        CHECK(alpha_symbio_genome_parse(good[i], &g, err, sizeof err) == ALPHA_OK, "'%s': %s", good[i], err);
        alpha_symbio_genome_to_string(&g, buf, sizeof buf);
        CHECK(!strcmp(buf, good[i]), "'%s' -> '%s'", good[i], buf);
    }
    CHECK(alpha_symbio_genome_parse("L0=swiglu L1=relu(x)", &g, NULL, 0) == ALPHA_OK && g.n_layers == 2 &&
          g.layer[0].kind == ALPHA_SYMBIO_SWIGLU && g.layer[1].kind == ALPHA_SYMBIO_EXPR && g.layer[1].expr.n == 1, "kinds");
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = 0;
        CHECK(alpha_symbio_genome_parse(bad[i], &g, err, sizeof err) == ALPHA_ERR_FORMAT && err[0], "'%s' should be rejected", bad[i]);
    }
}

static alpha_gpt *gc_model;
static alpha_tensor *gc_tokens, *gc_targets;
static alpha_tensor *gc_loss(alpha_ctx *c, alpha_tensor *const *in, void *u) {
    (void)c; (void)in; (void)u;
    return alpha_gpt_loss(gc_model, gc_tokens, gc_targets, 0);
}
static int width3(int layer, void *user) { (void)user; return layer == 1 ? 3 : 1; }
static void copy_params(alpha_ctx *ctx, const alpha_gpt *from, alpha_gpt *to) {
    int i;
    for (i = 0; i < from->n_params && i < to->n_params; i++) {
        int64_t n = alpha_tensor_numel(from->params[i]);
        float *v = (float *)malloc((size_t)n * sizeof *v);
        alpha_tensor_to_f32(ctx, from->params[i], v, n);
        alpha_tensor_from_f32(ctx, to->params[i], v, n);
        free(v);
    }
}
/* a swiglu gene in every layer is the built-in swiglu model (same parameters, same loss for the
   same weights); a genome that mixes swiglu with other genes is differentiated correctly */
TEST(test_swiglu_gene) {
    alpha_ctx *ctx = make_ctx();
    alpha_gpt_desc md, cd;
    alpha_gpt *ref = NULL, *m = NULL;
    alpha_symbio_genome g;
    alpha_gradcheck_desc gd;
    alpha_tensor *check[4];
    int32_t tok[2 * 7], tg[2 * 7];
    double loss_ref, loss, err = 0;
    int i, shared, same;
    for (i = 0; i < 14; i++) { tok[i] = (i * 7 + 1) % 23; tg[i] = (i * 3 + 2) % 23; }
    gc_tokens = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 7), tok);
    gc_targets = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(2, 7), tg);
    memset(&md, 0, sizeof md);
    md.vocab_size = 23; md.block_size = 9; md.n_layer = 2; md.n_head = 3; md.n_embd = 12; md.mlp_mult = 2;
    md.activation = ALPHA_ACT_SWIGLU;
    CHECK(alpha_gpt_create(ctx, &md, &ref) == ALPHA_OK, "built-in swiglu: %s", alpha_ctx_last_error(ctx));
    if (!ref) { alpha_ctx_destroy(ctx); return; }
    loss_ref = alpha_tensor_item(ctx, alpha_gpt_loss(ref, gc_tokens, gc_targets, 0));
    for (shared = 0; shared < 2; shared++) {
        memset(&g, 0, sizeof g);
        g.n_layers = shared ? 1 : 2;
        for (i = 0; i < g.n_layers; i++) g.layer[i].kind = ALPHA_SYMBIO_SWIGLU;
        cd = md;
        alpha_symbio_apply(&g, &cd);
        CHECK(cd.activation == ALPHA_ACT_CUSTOM && alpha_gpt_create(ctx, &cd, &m) == ALPHA_OK, "custom swiglu: %s", alpha_ctx_last_error(ctx));
        if (!m) continue;
        same = m->n_params == ref->n_params;
        for (i = 0; same && i < m->n_params; i++)
            same = !strcmp(m->names[i], ref->names[i]) && m->params[i]->ndim == ref->params[i]->ndim &&
                   !memcmp(m->params[i]->shape, ref->params[i]->shape, (size_t)ref->params[i]->ndim * sizeof(int64_t));
        CHECK(same, "shared %d: the parameters differ from the built-in swiglu model's", shared);
        copy_params(ctx, ref, m);
        loss = alpha_tensor_item(ctx, alpha_gpt_loss(m, gc_tokens, gc_targets, 0));
        CHECK(loss == loss_ref, "shared %d: loss %.9g, built-in swiglu %.9g", shared, loss, loss_ref);
    }
    /* swiglu, then a smooth expression: gradients through both layers' MLPs */
    memset(&g, 0, sizeof g);
    g.n_layers = 2;
    g.layer[0].kind = ALPHA_SYMBIO_SWIGLU;
    g.layer[1].kind = ALPHA_SYMBIO_EXPR;
    alpha_expr_parse("add(silu(x), scale(0.5, square(x)))", &g.layer[1].expr, NULL, 0);
    cd = md;
    alpha_symbio_apply(&g, &cd);
    CHECK(alpha_gpt_create(ctx, &cd, &m) == ALPHA_OK && m->layers[0].fc_w->shape[1] == 48 && m->layers[1].fc_w->shape[1] == 24 &&
          m->layers[0].fc2_w->shape[0] == 24 && m->layers[0].fc_b->shape[0] == 48, "swiglu layer 0 has c_fc [C, 2F], layer 1 [C, F]");
    gc_model = m;
    for (i = 0; i < m->n_params; i++) m->params[i]->requires_grad = 0;
    check[0] = m->layers[0].fc_w; check[1] = m->layers[0].fc_b; check[2] = m->layers[0].fc2_w; check[3] = m->layers[1].fc_w;
    memset(&gd, 0, sizeof gd);
    gd.max_elems = 25;
    CHECK(alpha_gradcheck(ctx, gc_loss, check, 4, NULL, &gd, &err) == ALPHA_OK, "%s (max err %g)", alpha_ctx_last_error(ctx), err);
    alpha_ctx_clear_error(ctx);
    /* a width other than 1 or 2 is refused with a message naming the layer */
    cd.activation_fc_mult = width3;
    CHECK(alpha_gpt_create(ctx, &cd, &m) == ALPHA_ERR_INVALID && strstr(alpha_ctx_last_error(ctx), "layer 1"), "width 3: %s",
          alpha_ctx_last_error(ctx));
    alpha_ctx_clear_error(ctx);
    alpha_ctx_destroy(ctx);
}

/* a checkpoint of a model with custom (searched) activations is saved with its per-layer shapes
   but cannot be loaded back by name: the loader refuses it with a reason */
TEST(test_custom_checkpoint_is_refused) {
    alpha_ctx *ctx = make_ctx();
    alpha_gpt_desc md;
    alpha_gpt *m = NULL;
    alpha_symbio_genome g;
    alpha_checkpoint *ck = NULL;
    char err[256];
    memset(&md, 0, sizeof md);
    md.vocab_size = 20; md.block_size = 8; md.n_layer = 2; md.n_head = 2; md.n_embd = 8;
    alpha_symbio_genome_parse("L0=swiglu L1=mix", &g, NULL, 0);
    alpha_symbio_apply(&g, &md);
    CHECK(alpha_gpt_create(ctx, &md, &m) == ALPHA_OK, "create");
    CHECK(m && alpha_checkpoint_save("build/test_symbio.alph", m, NULL, NULL, NULL, NULL) == ALPHA_OK, "save");
    err[0] = 0;
    CHECK(alpha_checkpoint_open("build/test_symbio.alph", NULL, &ck, err, sizeof err) != ALPHA_OK && strstr(err, "custom"),
          "refused with a reason: %s", err);
    alpha_checkpoint_close(ck);
    alpha_ctx_destroy(ctx);
}

/* continue_from_parent: what a child takes from its parent, what from the shared initial weights
   and what keeps its own initial values */
static const float *find_w(const alpha__sym_weights *w, const char *name) {
    int i;
    for (i = 0; i < w->n; i++) if (!strcmp(w->name[i], name)) return w->data + w->offset[i];
    return NULL;
}
TEST(test_inheritance) {
    alpha_ctx *ctx = make_ctx();
    alpha_gpt_desc md, d;
    alpha_gpt *mi = NULL, *mp = NULL, *mc = NULL;
    alpha_symbio_genome gi, gp, gc;
    alpha__sym_weights wi, wp, wc0, wc;
    int i, l;
    memset(&md, 0, sizeof md);
    memset(&wi, 0, sizeof wi); memset(&wp, 0, sizeof wp); memset(&wc0, 0, sizeof wc0); memset(&wc, 0, sizeof wc);
    md.vocab_size = 20; md.block_size = 8; md.n_layer = 3; md.n_head = 2; md.n_embd = 8; md.mlp_mult = 2;
    alpha_symbio_genome_parse("gelu", &gi, NULL, 0);
    alpha_symbio_genome_parse("L0=gelu L1=swiglu L2=mix", &gp, NULL, 0);
    alpha_symbio_genome_parse("L0=swiglu L1=mix L2=mix", &gc, NULL, 0);
    d = md; alpha_symbio_apply(&gi, &d); CHECK(alpha_gpt_create(ctx, &d, &mi) == ALPHA_OK, "init model");
    d = md; alpha_symbio_apply(&gp, &d); CHECK(alpha_gpt_create(ctx, &d, &mp) == ALPHA_OK, "parent model");
    d = md; alpha_symbio_apply(&gc, &d); CHECK(alpha_gpt_create(ctx, &d, &mc) == ALPHA_OK, "child model");
    if (!mi || !mp || !mc) { alpha_ctx_destroy(ctx); return; }
    for (l = 0; l < 3; l++) alpha_fill(ctx, mp->layers[l].act, 0.5);   /* "trained" mix coefficients */
    CHECK(alpha__sym_weights_take(mi, &wi) == ALPHA_OK && alpha__sym_weights_take(mp, &wp) == ALPHA_OK &&
          alpha__sym_weights_take(mc, &wc0) == ALPHA_OK, "snapshots");
    CHECK(alpha__sym_weights_load(mc, &wp, &gp, &wi) == ALPHA_OK, "load");
    CHECK(alpha__sym_weights_take(mc, &wc) == ALPHA_OK && wc.n == mc->n_params, "child snapshot");
    for (i = 0; i < wc.n; i++) {
        const char *nm = wc.name[i], *want = "parent";
        const alpha__sym_weights *src = &wp;
        int64_t n = alpha_tensor_numel(mc->params[i]);
        if (!strncmp(nm, "h.0.mlp.c_fc", 12) || !strcmp(nm, "h.0.mlp.act.weight") || !strcmp(nm, "h.1.mlp.act.weight")) {
            src = &wc0; want = "its own initial values";    /* no match in the parent (width, or not a mix there) nor in the init */
        } else if (!strncmp(nm, "h.1.mlp.c_fc", 12)) {
            src = &wi; want = "the shared initial weights"; /* the parent's layer 1 was swiglu: c_fc [C, 2F] */
        }
        CHECK(find_w(src, nm) && !memcmp(wc.data + wc.offset[i], find_w(src, nm), (size_t)n * sizeof(float)), "%s should come from %s", nm, want);
    }
    CHECK(find_w(&wc, "h.2.mlp.act.weight")[3] == 0.5f && find_w(&wc, "h.1.mlp.act.weight")[3] == 0.0f, "mix coefficients");
    CHECK(memcmp(find_w(&wi, "wte"), find_w(&wp, "wte"), 4 * sizeof(float)) != 0, "parent and init differ (else the test proves nothing)");
    alpha__sym_weights_free(&wi); alpha__sym_weights_free(&wp); alpha__sym_weights_free(&wc0); alpha__sym_weights_free(&wc);
    alpha_ctx_destroy(ctx);
}

static int32_t *corpus(size_t n, int vocab);
/* every genome starts from the shared initial weights (the GELU baseline's), although a swiglu
   layer's wider c_fc draws more random numbers at creation; a child continues its parent's
   data stream */
TEST(test_shared_initial_weights) {
    int32_t *tok = corpus(2000, 40);
    alpha_symbio_desc d;
    alpha_symbio_genome gb, gs;
    alpha_trainer *tb = NULL, *ts = NULL, *tc = NULL;
    alpha__sym_weights wb, ws, wp;
    alpha_rng_state rng;
    alpha_data_state ds;
    int i, same = 1;
    memset(&d, 0, sizeof d);
    memset(&wb, 0, sizeof wb); memset(&ws, 0, sizeof ws); memset(&wp, 0, sizeof wp);
    d.base.model.vocab_size = 40; d.base.model.block_size = 16; d.base.model.n_layer = 2; d.base.model.n_head = 2;
    d.base.model.n_embd = 16; d.base.seed = 5; d.base.logger.func = quiet; d.steps = 4; d.n_threads = 1;
    alpha_symbio_genome_parse("gelu", &gb, NULL, 0);
    alpha_symbio_genome_parse("L0=swiglu L1=relu", &gs, NULL, 0);
    CHECK(alpha_symbio_trainer_create(&d, &gb, tok, 2000, &tb) == ALPHA_OK && alpha_symbio_trainer_create(&d, &gs, tok, 2000, &ts) == ALPHA_OK,
          "trainers");
    if (!tb || !ts) { alpha_trainer_destroy(tb); alpha_trainer_destroy(ts); free(tok); return; }
    CHECK(alpha__sym_weights_take(tb->model, &wb) == ALPHA_OK && alpha__sym_weights_take(ts->model, &ws) == ALPHA_OK && wb.n == ws.n, "snapshots");
    for (i = 0; i < ws.n; i++) {
        int k = alpha__sym_weights_find(&wb, ws.name[i], ts->model->params[i]);
        if (strncmp(ws.name[i], "h.0.mlp.c_fc", 12))
            same &= k >= 0 && !memcmp(ws.data + ws.offset[i], wb.data + wb.offset[k], (size_t)alpha_tensor_numel(ts->model->params[i]) * sizeof(float));
        else CHECK(k < 0, "%s is wider with swiglu", ws.name[i]);
    }
    CHECK(same, "a swiglu genome's other parameters start from the baseline's initial weights");
    rng = alpha_ctx_rng(tb->ctx);
    CHECK(rng.seed == alpha_ctx_rng(ts->ctx).seed && rng.offset == alpha_ctx_rng(ts->ctx).offset, "the same dropout stream");
    /* a child of the swiglu candidate starts where its data stream stopped */
    wp = ws;   /* shares ws's arrays */
    wp.data_step = 37;
    CHECK(alpha__sym_trainer(&ts->cfg, &gs, tok, 2000, &wb, rng, &wp, &gs, &tc) == ALPHA_OK, "child trainer");
    if (tc) {
        alpha_data_get_state(tc->data, &ds);
        CHECK(ds.step == 37, "the child's data stream starts at %llu", (unsigned long long)ds.step);
    }
    alpha_trainer_destroy(tb); alpha_trainer_destroy(ts); alpha_trainer_destroy(tc);
    alpha__sym_weights_free(&wb); alpha__sym_weights_free(&ws);
    free(tok);
}

/* the mix starts as GELU; a per-layer genome applies the right function to each layer */
TEST(test_symbio_activation) {
    alpha_ctx *ctx = make_ctx();
    alpha_symbio_genome g;
    alpha_gpt_desc md;
    alpha_gpt *m = NULL;
    alpha_tensor *h, *p, *y, *ref;
    float hs[6] = {-2, -0.5f, 0, 0.3f, 1, 2.5f}, a[6], b[6], pv[5 * 6];
    int j;
    memset(&g, 0, sizeof g);
    g.n_layers = 2;
    g.layer[0].kind = ALPHA_SYMBIO_MIX;
    g.layer[1].kind = ALPHA_SYMBIO_EXPR;
    alpha_expr_parse("mul(x, sigmoid(x))", &g.layer[1].expr, NULL, 0);
    alpha_symbio_init(pv, 5, 6, 0, NULL);
    h = alpha_from_data(ctx, ALPHA_F32, alpha_shape2(1, 6), hs);
    p = alpha_from_data(ctx, ALPHA_F32, alpha_shape2(5, 6), pv);
    y = alpha_symbio_activation(ctx, h, p, 0, &g);
    ref = alpha_gelu(ctx, h);
    alpha_tensor_to_f32(ctx, y, a, 6); alpha_tensor_to_f32(ctx, ref, b, 6);
    for (j = 0; j < 6; j++) CHECK_NEAR(a[j], b[j], 1e-6);
    y = alpha_symbio_activation(ctx, h, NULL, 1, &g);
    ref = alpha_silu(ctx, h);
    alpha_tensor_to_f32(ctx, y, a, 6); alpha_tensor_to_f32(ctx, ref, b, 6);
    for (j = 0; j < 6; j++) CHECK_NEAR(a[j], b[j], 1e-5);
    CHECK(alpha_symbio_activation(ctx, h, NULL, 0, &g) == NULL && alpha_ctx_status(ctx) != ALPHA_OK, "mix without a parameter fails");
    alpha_ctx_clear_error(ctx);
    memset(&md, 0, sizeof md);
    md.vocab_size = 20; md.block_size = 8; md.n_layer = 2; md.n_head = 2; md.n_embd = 8;
    alpha_symbio_apply(&g, &md);
    CHECK(alpha_gpt_create(ctx, &md, &m) == ALPHA_OK && m->layers[0].act && m->layers[0].act->shape[0] == 5, "model with a mix layer");
    alpha_ctx_destroy(ctx);
}

/* a corpus with structure, as in test_train.c */
static int32_t *corpus(size_t n, int vocab) {
    int32_t *t = (int32_t *)malloc(n * sizeof *t);
    size_t i;
    for (i = 0; i < n; i++) t[i] = (int32_t)((i % 7 == 0) ? 1 : ((i * 5 + (i / 7) % 3) % (size_t)(vocab - 2)) + 2);
    return t;
}
static alpha_symbio_desc small_search(void) {
    alpha_symbio_desc d;
    memset(&d, 0, sizeof d);
    d.base.model.vocab_size = 40; d.base.model.block_size = 16; d.base.model.n_layer = 1; d.base.model.n_head = 2;
    d.base.model.n_embd = 16;
    d.base.batch_size = 4; d.base.seq_len = 16; d.base.seed = 5; d.base.optim.lr = 1e-2f;
    d.base.logger.func = quiet;
    d.logger.func = quiet;
#ifdef ALPHA_TEST_SANITIZE
    d.population = 5; d.generations = 2; d.steps = 6;
#else
    d.population = 6; d.generations = 3; d.steps = 12;
#endif
    d.eval_batches = 2; d.seed = 77; d.size_penalty = 0.001; d.tournament = 2; d.elite = 1;
    return d;
}
TEST(test_search_is_deterministic_and_elitist) {
    int32_t *tok = corpus(3000, 40);
    alpha_symbio_desc d = small_search();
    alpha_symbio_result a, b;
    int i, g, same = 1;
    double best0 = HUGE_VAL;
    char sa[1024], sb[1024];
    d.n_threads = 1;
    CHECK(alpha_symbio_run(&d, tok, 3000, &a) == ALPHA_OK, "run 1");
    d.n_threads = 3;
    CHECK(alpha_symbio_run(&d, tok, 3000, &b) == ALPHA_OK, "run 2");
    CHECK(a.n_candidates == d.population + (d.generations - 1) * (d.population - 1) && a.n_candidates == b.n_candidates,
          "%d / %d candidates", a.n_candidates, b.n_candidates);
    for (i = 0; i < a.n_candidates && i < b.n_candidates; i++) {
        alpha_symbio_genome_to_string(&a.candidates[i].genome, sa, sizeof sa);
        alpha_symbio_genome_to_string(&b.candidates[i].genome, sb, sizeof sb);
        if (strcmp(sa, sb) || a.candidates[i].parent[0] != b.candidates[i].parent[0] || a.candidates[i].parent[1] != b.candidates[i].parent[1] ||
            memcmp(&a.candidates[i].val_loss, &b.candidates[i].val_loss, sizeof(double)) || a.candidates[i].status != ALPHA_OK)
            same = 0;
        if (a.candidates[i].generation == 0 && a.candidates[i].fitness < best0) best0 = a.candidates[i].fitness;
    }
    CHECK(same, "lineage or losses differ between 1 and 3 threads");
    CHECK(a.best == b.best, "winner %d vs %d", a.best, b.best);
    CHECK(a.candidates[0].genome.n_layers == 1 && a.candidates[0].genome.layer[0].kind == ALPHA_SYMBIO_GELU && a.baseline == 0,
          "generation 0 holds the GELU baseline");
    CHECK(a.candidates[a.best].fitness <= best0, "winner %g worse than generation 0's best %g", a.candidates[a.best].fitness, best0);
    for (g = 1; g < d.generations; g++) {   /* elitism: each generation's best is never worse than the one before */
        double prev = HUGE_VAL, cur = HUGE_VAL;
        for (i = 0; i < a.n_candidates; i++) {
            if (a.candidates[i].generation < g && a.candidates[i].fitness < prev) prev = a.candidates[i].fitness;
            if (a.candidates[i].generation <= g && a.candidates[i].fitness < cur) cur = a.candidates[i].fitness;
        }
        CHECK(cur <= prev, "generation %d", g);
    }
    for (i = 0; i < a.n_candidates; i++) {
        const alpha_symbio_candidate *c = &a.candidates[i];
        CHECK(c->val_loss > 0.5 && c->val_loss < 6 && c->n_curve == (d.steps < ALPHA_SYMBIO_CURVE ? d.steps : ALPHA_SYMBIO_CURVE) &&
              c->curve[c->n_curve - 1] < c->curve[0], "candidate %d: val %g, curve %g -> %g", i, c->val_loss, c->curve[0], c->curve[c->n_curve - 1]);
        CHECK_NEAR(c->fitness, c->val_loss + d.size_penalty * alpha_symbio_genome_size(&c->genome), 1e-12);
        if (c->generation > 0) CHECK(c->parent[0] >= 0 && c->parent[0] < i && c->parent[1] < i, "parents of %d", i);
    }
    /* the log */
    {
        const char *path = "build/test_symbio.jsonl";
        char *text = NULL, line[64];
        size_t len = 0;
        int lines = 0;
        CHECK(alpha_symbio_write_jsonl(&a, path) == ALPHA_OK, "jsonl");
        CHECK(alpha_train_read_file(path, 0, NULL, NULL, &text, &len, NULL, 0) == ALPHA_OK, "read back");
        for (i = 0; text && i < (int)len; i++) lines += text[i] == '\n';
        CHECK(lines == a.n_candidates, "%d lines for %d candidates", lines, a.n_candidates);
        CHECK(text && !strncmp(text, "{\"id\":0,\"parents\":[],\"generation\":0,\"genome\":\"gelu\",\"layers\":[\"gelu\"],\"init_from\":-1,\"total_steps\":", 99),
              "first line: %.120s", text ? text : "");
        snprintf(line, sizeof line, "{\"id\":%d,", a.best);
        CHECK(text && strstr(text, "\"winner\":true") && strstr(strstr(text, "\"winner\":true") - 0, "}"), "winner marked");
        alpha_train_free(NULL, text);
        CHECK(alpha_symbio_lineage_svg(&a, "build/test_symbio_lineage.svg") == ALPHA_OK, "lineage svg");
        CHECK(alpha_symbio_curves_svg(&a, 3, "build/test_symbio_curves.svg") == ALPHA_OK, "curves svg");
        (void)line;
    }
    alpha_symbio_result_free(&b);
    /* continue_from_parent: deterministic too; generation 0 and the genomes and parents of
       generation 1 are those of the fresh run, but generation 1 starts from its parents' weights */
    {
        alpha_symbio_result c, e;
        double fresh = 0, cont = 0;
        int n1 = 0;
        d.continue_from_parent = 1;
        d.n_threads = 1;
        CHECK(alpha_symbio_run(&d, tok, 3000, &c) == ALPHA_OK, "continue, 1 thread");
        d.n_threads = 3;
        CHECK(alpha_symbio_run(&d, tok, 3000, &e) == ALPHA_OK, "continue, 3 threads");
        same = c.n_candidates == a.n_candidates && e.n_candidates == a.n_candidates;
        for (i = 0; same && i < c.n_candidates; i++) {
            const alpha_symbio_candidate *x = &c.candidates[i], *y = &e.candidates[i], *f = &a.candidates[i];
            alpha_symbio_genome_to_string(&x->genome, sa, sizeof sa);
            alpha_symbio_genome_to_string(&y->genome, sb, sizeof sb);
            if (strcmp(sa, sb) || x->parent[0] != y->parent[0] || x->parent[1] != y->parent[1] || x->init_from != y->init_from ||
                memcmp(&x->val_loss, &y->val_loss, sizeof(double)) || x->status != ALPHA_OK)
                same = 0;
            CHECK(x->init_from == (x->generation > 0 ? x->parent[0] : -1) && f->init_from == -1, "candidate %d starts from %d", i, x->init_from);
            CHECK(x->total_steps == d.steps + (x->init_from >= 0 ? c.candidates[x->init_from].total_steps : 0) && f->total_steps == d.steps,
                  "candidate %d: %lld steps", i, (long long)x->total_steps);
            if (x->generation == 0) CHECK(!memcmp(&x->val_loss, &f->val_loss, sizeof(double)), "generation 0 is the fresh run's");
            if (x->generation == 1) {
                alpha_symbio_genome_to_string(&f->genome, sb, sizeof sb);
                CHECK(!strcmp(sa, sb) && x->parent[0] == f->parent[0], "generation 1 is bred as in the fresh run");
                fresh += f->val_loss; cont += x->val_loss; n1++;
            }
        }
        CHECK(same, "lineage or losses differ between 1 and 3 threads with continue_from_parent");
        CHECK(n1 > 0 && cont < fresh, "generation 1: mean val loss %g continued vs %g fresh", cont / n1, fresh / n1);
        CHECK(alpha_symbio_write_jsonl(&c, "build/test_symbio_continue.jsonl") == ALPHA_OK, "jsonl");
        alpha_symbio_result_free(&c);
        alpha_symbio_result_free(&e);
    }
    alpha_symbio_result_free(&a);
    free(tok);
}

TEST(test_search_per_layer_and_bad_config) {
    int32_t *tok = corpus(2000, 40);
    alpha_symbio_desc d = small_search();
    alpha_symbio_result r;
    int i, ok = 1;
    d.base.model.n_layer = 2; d.population = 4; d.generations = 2; d.steps = 3; d.n_threads = 2;
    CHECK(alpha_symbio_run(&d, tok, 2000, &r) == ALPHA_OK, "per-layer run");
    for (i = 0; i < r.n_candidates; i++) if (r.candidates[i].genome.n_layers != 2 || r.candidates[i].status != ALPHA_OK) ok = 0;
    CHECK(ok && r.n_candidates == 4 + 3, "two genes per candidate");
    alpha_symbio_result_free(&r);
    d.max_seconds = 1e-9;   /* the time budget is spent after generation 0: no second generation starts */
    CHECK(alpha_symbio_run(&d, tok, 2000, &r) == ALPHA_OK && r.generations == 1 && r.n_candidates == 4, "time budget: %d generations",
          r.generations);
    alpha_symbio_result_free(&r);
    d.max_seconds = 0;
    d.size_penalty = -1;
    CHECK(alpha_symbio_run(&d, tok, 2000, &r) == ALPHA_ERR_INVALID && r.candidates == NULL, "negative penalty rejected");
    free(tok);
}

int main(void) {
    RUN(test_expr_parse_print_eval);
    RUN(test_expr_gradcheck);
    RUN(test_mutation_and_crossover_stay_valid);
    RUN(test_genome_parse);
    RUN(test_symbio_activation);
    RUN(test_swiglu_gene);
    RUN(test_custom_checkpoint_is_refused);
    RUN(test_inheritance);
    RUN(test_shared_initial_weights);
    RUN(test_search_is_deterministic_and_elitist);
    RUN(test_search_per_layer_and_bad_config);
    return test_summary();
}
