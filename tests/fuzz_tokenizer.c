/* tests/fuzz_tokenizer.c: libFuzzer target for the tokenizer file loader
   (alpha_tokenizer_load_mem: magic line, strict JSON, every field validated).
     clang -g -O1 -fsanitize=fuzzer,address,undefined -I. tests/fuzz_tokenizer.c -o fuzz_tokenizer -lm
     ./fuzz_tokenizer tests/fuzz/tokenizer
   Any input must be rejected with a message or give a tokenizer that works: for files that
   load, a probe text is encoded and decoded; BPE must round-trip it exactly, char and word
   must decode to valid ids, and save/load through JSON must give the same encoding. */
#define ALPHA_IMPLEMENTATION
#include "alpha_train.h"
#include <stdlib.h>
#include <string.h>

static void silent(void *u, alpha_log_level l, const char *m) { (void)u; (void)l; (void)m; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char probe[] = "The quick brown fox, 42 times!\n\t  \xc3\xa9t\xc3\xa9 \xff\x00 end";
    alpha_tokenizer_desc d;
    alpha_tokenizer *t = NULL, *u = NULL;
    char err[512];
    int32_t ids[256], ids2[256];
    size_t n = 0, n2 = 0, len = 0;
    char back[512];
    memset(&d, 0, sizeof d);
    d.logger.func = silent;
    if (alpha_tokenizer_load_mem(data, size, &d, &t, err, sizeof err) != ALPHA_OK) {
        if (t != NULL || err[0] == 0) abort(); /* failures clear out and give a reason */
        return 0;
    }
    if (alpha_tokenizer_encode(t, probe, sizeof probe - 1, ids, 256, &n) != ALPHA_OK || n > 256) abort();
    if (alpha_tokenizer_decode(t, ids, n, back, sizeof back, &len) != ALPHA_OK) abort();
    if (alpha_tokenizer_get_kind(t) == ALPHA_TOKENIZER_BPE && (len != sizeof probe - 1 || memcmp(back, probe, len) != 0)) abort();
    {
        alpha_json_writer w;
        alpha_json *root = NULL;
        const char *txt;
        alpha_json_writer_init(&w, NULL);
        if (alpha_tokenizer_to_json(t, &w) != ALPHA_OK || !(txt = alpha_json_writer_finish(&w, NULL))) abort();
        if (alpha_json_parse(txt, strlen(txt), NULL, &root, err, sizeof err) != ALPHA_OK) abort();
        if (alpha_tokenizer_from_json(root, &d, &u, err, sizeof err) != ALPHA_OK) abort();
        if (alpha_tokenizer_encode(u, probe, sizeof probe - 1, ids2, 256, &n2) != ALPHA_OK || n2 != n ||
            memcmp(ids, ids2, n * sizeof(int32_t)) != 0)
            abort();
        alpha_json_free(root);
        alpha_json_writer_free(&w);
    }
    alpha_tokenizer_free(u);
    alpha_tokenizer_free(t);
    return 0;
}
