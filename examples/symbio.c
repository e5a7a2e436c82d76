/* symbio: the activation search ("symbiogenesis") of alpha_train.h on a text corpus.
   Build: cc -O2 -I. examples/symbio.c -o symbio -lm -lpthread
   Tokenizes data/brown.txt (falling back to README.md) by characters or with a byte-level BPE
   trained on the search's part of the text, trains every candidate of every generation from the
   same initial weights (or from its parent's, --continue-from-parent), prints one line per
   candidate, then the winner against the GELU baseline on held-out text, and writes
   candidates.jsonl, lineage.svg and curves.svg into the run directory. */
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

/* Trains a genome as the search trains a candidate from the shared initial weights (same seed,
   steps and data) and returns its mean loss on held-out tokens, in windows of the model's
   block size. */
static double held_out_loss(const alpha_symbio_desc *d, const alpha_symbio_genome *g, const int32_t *train, size_t n_train,
                            const int32_t *test, size_t n_test) {
    alpha_trainer *tr;
    double sum = 0;
    int64_t count = 0, i, s;
    int T, prev;
    if (alpha_symbio_trainer_create(d, g, train, n_train, &tr) != ALPHA_OK) return NAN;
    for (s = 0; s < tr->cfg.steps; s++) if (alpha_trainer_step(tr, NULL) != ALPHA_OK) break;
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
    const char *data = "data/brown.txt", *dir = "runs/symbio", *tokenizer = "char";
    alpha_symbio_desc d;
    alpha_symbio_result r;
    alpha_tokenizer_desc td;
    alpha_tokenizer *tk = NULL;
    char *text = NULL, path[512];
    size_t len = 0, n, cut, n_search = 0, n_test = 0, max_chars = 400000;
    int32_t *search = NULL, *test = NULL;
    int a, vocab = 0;
    memset(&d, 0, sizeof d);
    d.population = 8; d.generations = 3; d.steps = 60; d.seed = 1; d.size_penalty = 0.002; d.eval_batches = 16;
    d.base.model.block_size = 32; d.base.model.n_layer = 2; d.base.model.n_head = 2; d.base.model.n_embd = 32;
    d.base.batch_size = 8; d.base.seed = 7; d.base.optim.lr = 3e-3f;
    d.max_seconds = 600;
    for (a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
            printf("usage: symbio [--data FILE] [--tokenizer char|bpe|word] [--vocab N] [--out DIR] [--pop N] [--gens N]\n"
                   "              [--steps N] [--seed N] [--threads N] [--layers N] [--embd N] [--shared]\n"
                   "              [--continue-from-parent] [--penalty X] [--minutes M]\n"
                   "Evolves the MLP activation (gelu, relu, silu, swiglu, a learned mix or an expression, per layer\n"
                   "or --shared) of a small GPT; writes candidates.jsonl, lineage.svg and curves.svg into the output\n"
                   "directory (default runs/symbio).\n"
                   "--tokenizer K: char (default: one token per distinct byte), bpe (byte-level BPE with --vocab tokens,\n"
                   "    default 512) or word (default 1024); trained on the search's 90%% of the text only\n"
                   "--continue-from-parent: a child starts from its first parent's trained weights (where name and\n"
                   "    shape match) and data position instead of the shared initial weights, so a lineage trains\n"
                   "    longer; the held-out comparison still trains winner and GELU from the initial weights\n"
                   "--minutes M: time budget; no new generation starts after M minutes (default 10)\n");
            return 0;
        }
        if (a + 1 < argc) {
            if (!strcmp(argv[a], "--data")) { data = argv[++a]; continue; }
            if (!strcmp(argv[a], "--tokenizer")) { tokenizer = argv[++a]; continue; }
            if (!strcmp(argv[a], "--vocab")) { vocab = atoi(argv[++a]); continue; }
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
        if (!strcmp(argv[a], "--continue-from-parent")) { d.continue_from_parent = 1; continue; }
        fprintf(stderr, "symbio: unknown option %s (try --help)\n", argv[a]);
        return 2;
    }
    if (alpha_train_read_file(data, 0, NULL, NULL, &text, &len, NULL, 0) != ALPHA_OK) {
        fprintf(stderr, "symbio: %s not found (make data), training on README.md instead\n", data);
        if (alpha_train_read_file("README.md", 0, NULL, NULL, &text, &len, NULL, 0) != ALPHA_OK) { fprintf(stderr, "symbio: no text\n"); return 1; }
    }
    n = len < max_chars ? len : max_chars;
    cut = n - n / 10;   /* the last tenth takes no part in the search (nor the tokenizer): the final comparison is on unseen text */
    memset(&td, 0, sizeof td);
    td.kind = !strcmp(tokenizer, "bpe") ? ALPHA_TOKENIZER_BPE : !strcmp(tokenizer, "word") ? ALPHA_TOKENIZER_WORD : ALPHA_TOKENIZER_CHAR;
    if (strcmp(tokenizer, "char") && strcmp(tokenizer, "bpe") && strcmp(tokenizer, "word")) {
        fprintf(stderr, "symbio: unknown tokenizer %s (char, bpe, word)\n", tokenizer);
        return 2;
    }
    td.vocab_size = vocab ? vocab : td.kind == ALPHA_TOKENIZER_BPE ? 512 : td.kind == ALPHA_TOKENIZER_WORD ? 1024 : 0;
    if (alpha_tokenizer_train(&td, text, cut, &tk) != ALPHA_OK || alpha_tokenizer_encode_alloc(tk, text, cut, &search, &n_search) != ALPHA_OK ||
        alpha_tokenizer_encode_alloc(tk, text + cut, n - cut, &test, &n_test) != ALPHA_OK) {
        fprintf(stderr, "symbio: tokenizing failed: %s\n", tk ? alpha_tokenizer_last_error(tk) : "no tokenizer");
        return 1;
    }
    d.base.model.vocab_size = alpha_tokenizer_vocab_size(tk);
    d.on_candidate = on_candidate;
    printf("symbio: %d chars, %d + %d held-out tokens (%s, vocab %d), population %d, %d generations, %d steps per candidate%s\n",
           (int)n, (int)n_search, (int)n_test, tokenizer, d.base.model.vocab_size, d.population, d.generations, (int)d.steps,
           d.continue_from_parent ? ", children continue from their parent" : "");
    if (alpha_symbio_run(&d, search, n_search, &r) != ALPHA_OK) { fprintf(stderr, "symbio: search failed\n"); return 1; }
    alpha_symbio_print_report(&r, stdout);
    {
        double win = held_out_loss(&d, &r.candidates[r.best].genome, search, n_search, test, n_test);
        double base = held_out_loss(&d, &r.candidates[r.baseline].genome, search, n_search, test, n_test);
        printf("held-out loss (last %d chars, %d tokens, unseen by the search; both trained %d steps from the initial weights): "
               "winner %.4f, GELU baseline %.4f, difference %+.4f\n", (int)(n - cut), (int)n_test, (int)d.steps, win, base, win - base);
    }
    if (alpha_train_mkdirs(dir, NULL) == ALPHA_OK) {
        snprintf(path, sizeof path, "%s/candidates.jsonl", dir); alpha_symbio_write_jsonl(&r, path);
        snprintf(path, sizeof path, "%s/lineage.svg", dir); alpha_symbio_lineage_svg(&r, path);
        snprintf(path, sizeof path, "%s/curves.svg", dir); alpha_symbio_curves_svg(&r, 5, path);
        printf("wrote %s/candidates.jsonl, lineage.svg, curves.svg\n", dir);
    }
    alpha_symbio_result_free(&r);
    alpha_train_free(NULL, text);
    alpha_train_free(NULL, search);
    alpha_train_free(NULL, test);
    alpha_tokenizer_free(tk);
    return 0;
}
