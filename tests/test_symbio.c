/* The activation search of alpha_train.h (section 10): expression trees (evaluation against a
   double-precision reference, gradients, print/parse round trip), thousands of random mutations
   and crossovers that must stay valid, the per-layer activation, and the search itself
   (determinism whatever the thread count, elitism, the JSONL log). */
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
    /* genomes: per layer and shared */
    {
        alpha_symbio_genome g, h, k;
        int kinds[ALPHA_SYMBIO_KIND_COUNT] = {0}, l;
        memset(&g, 0, sizeof g);
        g.n_layers = 3;
        h = g;
        for (i = 0; i < 5000; i++) {
            alpha_symbio_genome_mutate(i % 2 ? &g : &h, &rng);
            alpha_symbio_genome_crossover(&g, &h, &rng, &k);
            if (i % 5 == 0) g = k;
            for (l = 0; l < 3; l++) {
                if (k.layer[l].kind < 0 || k.layer[l].kind >= ALPHA_SYMBIO_KIND_COUNT) bad++;
                else { kinds[k.layer[l].kind]++; if (k.layer[l].kind == ALPHA_SYMBIO_EXPR && !alpha_expr_valid(&k.layer[l].expr)) bad++; }
            }
        }
        CHECK(bad == 0 && k.n_layers == 3, "%d invalid genes", bad);
        for (l = 0; l < ALPHA_SYMBIO_KIND_COUNT; l++) CHECK(kinds[l] > 0, "kind %d never appears", l);
    }
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
        CHECK(text && !strncmp(text, "{\"id\":0,\"parents\":[],\"generation\":0,\"genome\":\"gelu\"", 50), "first line: %.80s", text ? text : "");
        snprintf(line, sizeof line, "{\"id\":%d,", a.best);
        CHECK(text && strstr(text, "\"winner\":true") && strstr(strstr(text, "\"winner\":true") - 0, "}"), "winner marked");
        alpha_train_free(NULL, text);
        CHECK(alpha_symbio_lineage_svg(&a, "build/test_symbio_lineage.svg") == ALPHA_OK, "lineage svg");
        CHECK(alpha_symbio_curves_svg(&a, 3, "build/test_symbio_curves.svg") == ALPHA_OK, "curves svg");
        (void)line;
    }
    alpha_symbio_result_free(&a);
    alpha_symbio_result_free(&b);
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
    RUN(test_symbio_activation);
    RUN(test_search_is_deterministic_and_elitist);
    RUN(test_search_per_layer_and_bad_config);
    return test_summary();
}
