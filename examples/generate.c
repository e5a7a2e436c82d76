/* generate: sample text from a checkpoint written by train_gpt.
     cc -O2 -I. examples/generate.c -o generate -lm -lpthread
     ./generate runs/gpt/checkpoint.alph "The " [--tokens N] [--temperature T] [--top-k K] [--top-p P] [--seed S] */
#define ALPHA_IMPLEMENTATION
#include "alpha_train.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    alpha_ctx *ctx;
    alpha_ctx_desc cd;
    alpha_gpt *gpt;
    alpha_tokenizer *tok = NULL;
    alpha_gpt_sample_desc s;
    const char *path = NULL, *prompt = NULL;
    char err[512], *text = NULL;
    int32_t *ids = NULL, *out;
    size_t n = 0, len = 0;
    int i, n_new = 200;
    memset(&s, 0, sizeof s);
    s.temperature = 0.8f; s.top_k = 40; s.seed = 1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("usage: generate CHECKPOINT PROMPT [--tokens N] [--temperature T] [--top-k K] [--top-p P] [--seed S]\n"
                   "  temperature 0 means greedy decoding\n");
            return 0;
        }
        if (a[0] == '-' && a[1] == '-' && !v) { fprintf(stderr, "generate: %s needs a value\n", a); return 2; }
        if (!strcmp(a, "--tokens")) { n_new = atoi(v); i++; }
        else if (!strcmp(a, "--temperature")) { s.temperature = (float)atof(v); i++; }
        else if (!strcmp(a, "--top-k")) { s.top_k = atoi(v); i++; }
        else if (!strcmp(a, "--top-p")) { s.top_p = (float)atof(v); i++; }
        else if (!strcmp(a, "--seed")) { s.seed = strtoull(v, NULL, 10); i++; }
        else if (!path) path = a;
        else if (!prompt) prompt = a;
        else { fprintf(stderr, "generate: unexpected argument %s\n", a); return 2; }
    }
    if (!path) { fprintf(stderr, "usage: generate CHECKPOINT PROMPT (see --help)\n"); return 2; }
    if (!prompt || !*prompt) prompt = "\n";
    memset(&cd, 0, sizeof cd);
    if (alpha_ctx_create(&ctx, &cd) != ALPHA_OK) return 1;
    if (alpha_checkpoint_load_model(path, ctx, &gpt, &tok, err, sizeof err) != ALPHA_OK) {
        fprintf(stderr, "generate: %s: %s\n", path, err);
        return 1;
    }
    if (!tok) { fprintf(stderr, "generate: %s holds no tokenizer\n", path); return 1; }
    if (alpha_tokenizer_encode_alloc(tok, prompt, strlen(prompt), &ids, &n) != ALPHA_OK || n == 0) {
        fprintf(stderr, "generate: cannot encode the prompt: %s\n", alpha_tokenizer_last_error(tok));
        return 1;
    }
    out = (int32_t *)malloc((n + (size_t)n_new) * sizeof *out);
    if (!out || alpha_gpt_generate(gpt, ids, (int)n, n_new, &s, out) != ALPHA_OK) {
        fprintf(stderr, "generate: %s\n", alpha_ctx_last_error(ctx));
        return 1;
    }
    if (alpha_tokenizer_decode_alloc(tok, out, n + (size_t)n_new, &text, &len) != ALPHA_OK) return 1;
    fwrite(text, 1, len, stdout);
    fputc('\n', stdout);
    alpha_train_free(NULL, text);
    alpha_train_free(NULL, ids);
    free(out);
    alpha_tokenizer_free(tok);
    alpha_ctx_destroy(ctx);
    return 0;
}
