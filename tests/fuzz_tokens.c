/* tests/fuzz_tokens.c: libFuzzer target for the token-file parser (alpha_token_file_parse).
     clang -g -O1 -fsanitize=fuzzer,address,undefined -I. tests/fuzz_tokens.c -o fuzz_tokens -lm -lpthread
   Any input must be rejected with a reason, or give tokens that obey the header's vocab size. */
#define ALPHA_IMPLEMENTATION
#include "alpha_train.h"
#include <stdlib.h>
#include <string.h>

static void silent(void *u, alpha_log_level l, const char *m) { (void)u; (void)l; (void)m; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    alpha_logger lg;
    int32_t *tok = NULL, vocab = 0;
    size_t n = 0, i;
    char err[256];
    lg.func = silent; lg.user_data = NULL;
    err[0] = 0;
    if (alpha_token_file_parse(data, size, NULL, &lg, &tok, &n, &vocab, err, sizeof err) != ALPHA_OK) {
        if (tok != NULL || err[0] == 0) abort();
        return 0;
    }
    for (i = 0; i < n; i++) if (tok[i] < 0 || (vocab > 0 && tok[i] >= vocab)) abort();
    alpha_train_free(NULL, tok);
    return 0;
}
