/* tests/fuzz_checkpoint.c: libFuzzer target for the checkpoint loader (alpha_checkpoint_open_mem:
   magic, version, header length, strict JSON, config ranges, tensor table and offsets).
     clang -g -O1 -fsanitize=fuzzer,address,undefined -I. tests/fuzz_checkpoint.c -o fuzz_checkpoint -lm -lpthread
     ./fuzz_checkpoint tests/fuzz/checkpoint
   Any input must be rejected with a reason or load; a checkpoint of a small enough config is then
   restored into a model built from its config, which must either succeed or name the problem. */
#define ALPHA_IMPLEMENTATION
#include "alpha_train.h"
#include <stdlib.h>
#include <string.h>

static void silent(void *u, alpha_log_level l, const char *m) { (void)u; (void)l; (void)m; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    alpha_checkpoint *ck = NULL;
    char err[512];
    err[0] = 0;
    if (alpha_checkpoint_open_mem(data, size, NULL, &ck, err, sizeof err) != ALPHA_OK) {
        if (ck != NULL || err[0] == 0) abort();   /* failures give a reason and no object */
        return 0;
    }
    {
        alpha_gpt_desc c = alpha_checkpoint_model_config(ck);
        double params = (double)c.vocab_size * c.n_embd * 2 + (double)c.block_size * c.n_embd +
                        (double)c.n_layer * c.n_embd * c.n_embd * (4.0 + 3.0 * c.mlp_mult);
        if (params < 2e5) {
            alpha_ctx *ctx;
            alpha_ctx_desc cd;
            alpha_gpt *m;
            alpha_tokenizer *tok = NULL;
            memset(&cd, 0, sizeof cd);
            cd.n_threads = 1;
            cd.logger.func = silent;
            if (alpha_ctx_create(&ctx, &cd) != ALPHA_OK) abort();
            if (alpha_gpt_create(ctx, &c, &m) == ALPHA_OK) {
                err[0] = 0;
                if (alpha_checkpoint_restore(ck, m, NULL, err, sizeof err) != ALPHA_OK && err[0] == 0) abort();
            }
            err[0] = 0;
            if (alpha_checkpoint_tokenizer(ck, &tok, err, sizeof err) != ALPHA_OK && err[0] == 0) abort();
            alpha_tokenizer_free(tok);
            alpha_ctx_destroy(ctx);
        }
    }
    alpha_checkpoint_close(ck);
    return 0;
}
