/* libFuzzer target for alpha_spirv_assemble: any bytes must give words or a clean error
   (no crash, hang or leak), and an error must carry a "line:col: " message.
   Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -I. tests/fuzz_spirv_as.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ALPHA_SPIRV_IMPLEMENTATION
#include "alpha_spirv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint32_t *words = NULL;
    size_t n = 0;
    alpha_spirv_asm_error err;
    alpha_spirv_asm_desc desc;
    alpha_result r;
    memset(&desc, 0, sizeof desc);
    desc.allow_undefined_ids = size > 0 && (data[0] & 1);
    r = alpha_spirv_assemble((const char *)data, size, &desc, &words, &n, &err);
    if (r == ALPHA_OK) {
        if (!words || n < 5 || words[0] != 0x07230203u) abort();
        alpha_spirv_words_free(&desc, words);
    } else {
        if (words || err.line < 1 || err.col < 1 || strchr(err.message, ':') == NULL) abort();
    }
    return 0;
}
