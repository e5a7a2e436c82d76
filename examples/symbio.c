/* symbio: the activation search ("symbiogenesis") of alpha_train.h on a character-level corpus.
   Build: cc -O2 -I. examples/symbio.c -o symbio -lm -lpthread
   Trains every candidate of every generation from the same initial weights on data/brown.txt
   (falling back to README.md), prints one line per candidate, then the winner against the GELU
   baseline, and writes candidates.jsonl, lineage.svg and curves.svg into the run directory. */
#define ALPHA_IMPLEMENTATION
#include "alpha_train.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void on_candidate(void *user, const alpha_symbio_candidate *c) {
    char s[1024];
    (void)user;
    alpha_symbio_genome_to_string(&c->genome, s, sizeof s);
    printf("gen %d #%-3d val %.4f fitness %.4f %5.1fs%s  %s\n", c->generation, c->id, c->val_loss, c->fitness, c->seconds,
           c->cached ? " (cached)" : "", s);
    fflush(stdout);
}

/* Trains a genome exactly as the search did (same seed, steps and data) and returns its mean
   loss on held-out tokens, in windows of the model's block size. */
static double held_out_loss(const alpha_symbio_desc *d, const alpha_symbio_genome *g, const int32_t *train, size_t n_train,
                            const int32_t *test, size_t n_test) {
    alpha_trainer_desc td = d->base;
    alpha_trainer *tr;
    double sum = 0;
    int64_t count = 0, i;
    int T, s, prev;
    td.steps = d->steps;
    td.n_threads = d->n_threads;
    alpha_symbio_apply(g, &td.model);
    if (alpha_trainer_create(&td, train, n_train, &tr) != ALPHA_OK) return NAN;
    for (s = 0; s < (int)d->steps; s++) if (alpha_trainer_step(tr, NULL) != ALPHA_OK) break;
    T = tr->cfg.seq_len;
    prev = alpha_no_grad_begin(tr->ctx);
    for (i = 0; i + T + 1 <= (int64_t)n_test; i += T) {
        alpha_tensor *x = alpha_from_data(tr->ctx, ALPHA_I32, alpha_shape2(1, T), test + i);
        alpha_tensor *y = alpha_from_data(tr->ctx, ALPHA_I32, alpha_shape2(1, T), test + i + 1);
        sum += alpha_tensor_item(tr->ctx, alpha_gpt_loss(tr->model, x, y, 0));
        count++;
        alpha_ctx_reset(tr->ctx, tr->step_mark);
    }
    alpha_no_grad_end(tr->ctx, prev);
    alpha_trainer_destroy(tr);
    return count ? sum / (double)count : NAN;
}

int main(int argc, char **argv) {
    const char *data = "data/brown.txt", *dir = "runs/symbio";
    alpha_symbio_desc d;
    alpha_symbio_result r;
    char *text = NULL, path[512];
    size_t len = 0, n, n_search, i, max_chars = 400000;
    int32_t *tok, map[256];
    int a, vocab = 0;
    memset(&d, 0, sizeof d);
    d.population = 8; d.generations = 3; d.steps = 60; d.seed = 1; d.size_penalty = 0.002; d.eval_batches = 16;
    d.base.model.block_size = 32; d.base.model.n_layer = 2; d.base.model.n_head = 2; d.base.model.n_embd = 32;
    d.base.batch_size = 8; d.base.seed = 7; d.base.optim.lr = 3e-3f;
    d.max_seconds = 600;
    for (a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
            printf("usage: symbio [--data FILE] [--out DIR] [--pop N] [--gens N] [--steps N] [--seed N] [--threads N]\n"
                   "              [--layers N] [--embd N] [--shared] [--penalty X] [--minutes M]\n"
                   "--minutes M: time budget; no new generation starts after M minutes (default 10)\n"
                   "Evolves the MLP activation of a small char-level GPT; writes candidates.jsonl, lineage.svg\n"
                   "and curves.svg into the output directory (default runs/symbio).\n");
            return 0;
        }
        if (a + 1 < argc) {
            if (!strcmp(argv[a], "--data")) { data = argv[++a]; continue; }
            if (!strcmp(argv[a], "--out")) { dir = argv[++a]; continue; }
            if (!strcmp(argv[a], "--pop")) { d.population = atoi(argv[++a]); continue; }
            if (!strcmp(argv[a], "--gens")) { d.generations = atoi(argv[++a]); continue; }
            if (!strcmp(argv[a], "--steps")) { d.steps = atoi(argv[++a]); continue; }
            if (!strcmp(argv[a], "--seed")) { d.seed = (uint64_t)atoll(argv[++a]); continue; }
            if (!strcmp(argv[a], "--threads")) { d.n_threads = atoi(argv[++a]); continue; }
            if (!strcmp(argv[a], "--layers")) { d.base.model.n_layer = atoi(argv[++a]); continue; }
            if (!strcmp(argv[a], "--embd")) { d.base.model.n_embd = atoi(argv[++a]); continue; }
            if (!strcmp(argv[a], "--penalty")) { d.size_penalty = atof(argv[++a]); continue; }
            if (!strcmp(argv[a], "--minutes")) { d.max_seconds = 60.0 * atof(argv[++a]); continue; }
        }
        if (!strcmp(argv[a], "--shared")) { d.shared_across_layers = 1; continue; }
        fprintf(stderr, "symbio: unknown option %s (try --help)\n", argv[a]);
        return 2;
    }
    if (alpha_train_read_file(data, 0, NULL, NULL, &text, &len, NULL, 0) != ALPHA_OK) {
        fprintf(stderr, "symbio: %s not found (make data), training on README.md instead\n", data);
        if (alpha_train_read_file("README.md", 0, NULL, NULL, &text, &len, NULL, 0) != ALPHA_OK) { fprintf(stderr, "symbio: no text\n"); return 1; }
    }
    n = len < max_chars ? len : max_chars;
    for (i = 0; i < 256; i++) map[i] = -1;
    for (i = 0; i < n; i++) if (map[(unsigned char)text[i]] < 0) map[(unsigned char)text[i]] = vocab++;
    tok = (int32_t *)malloc(n * sizeof *tok);
    if (!tok) return 1;
    for (i = 0; i < n; i++) tok[i] = map[(unsigned char)text[i]];
    d.base.model.vocab_size = vocab;
    d.on_candidate = on_candidate;
    printf("symbio: %d chars, vocab %d, population %d, %d generations, %d steps per candidate\n", (int)n, vocab,
           d.population, d.generations, (int)d.steps);
    /* the last tenth never takes part in the search: the final comparison is on unseen text */
    n_search = n - n / 10;
    if (alpha_symbio_run(&d, tok, n_search, &r) != ALPHA_OK) { fprintf(stderr, "symbio: search failed\n"); return 1; }
    alpha_symbio_print_report(&r, stdout);
    {
        double win = held_out_loss(&d, &r.candidates[r.best].genome, tok, n_search, tok + n_search, n - n_search);
        double base = held_out_loss(&d, &r.candidates[r.baseline].genome, tok, n_search, tok + n_search, n - n_search);
        printf("held-out loss (last %d chars, unseen by the search): winner %.4f, GELU baseline %.4f, difference %+.4f\n",
               (int)(n - n_search), win, base, win - base);
    }
    if (alpha_train_mkdirs(dir, NULL) == ALPHA_OK) {
        snprintf(path, sizeof path, "%s/candidates.jsonl", dir); alpha_symbio_write_jsonl(&r, path);
        snprintf(path, sizeof path, "%s/lineage.svg", dir); alpha_symbio_lineage_svg(&r, path);
        snprintf(path, sizeof path, "%s/curves.svg", dir); alpha_symbio_curves_svg(&r, 5, path);
        printf("wrote %s/candidates.jsonl, lineage.svg, curves.svg\n", dir);
    }
    alpha_symbio_result_free(&r);
    alpha_train_free(NULL, text);
    free(tok);
    return 0;
}
