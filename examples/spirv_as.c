/* spirv_as: assemble SPIR-V text (what spirv-dis prints) into a binary module, like spirv-as.
   Build: cc -O2 -I. examples/spirv_as.c -o spirv_as
   Usage: spirv_as in.spvasm -o out.spv     (in "-" reads stdin; -o defaults to out.spv) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ALPHA_SPIRV_IMPLEMENTATION
#include "alpha_spirv.h"

static void usage(FILE *f) {
    fprintf(f,
            "usage: spirv_as [options] <input.spvasm | -> [-o output.spv]\n"
            "Assembles SPIR-V assembly text into a SPIR-V binary (same words as spirv-as,\n"
            "apart from the generator word).\n"
            "  -o <file>               output file (default out.spv; \"-\" writes to stdout)\n"
            "  --target-version <v>    SPIR-V version of the header: 1.0 .. 1.6 (default 1.6)\n"
            "  --allow-undefined-ids   accept ids that are used but never defined\n"
            "  -h, --help              this text\n");
}

int main(int argc, char **argv) {
    const char *in = NULL, *out = "out.spv";
    alpha_spirv_asm_desc desc;
    alpha_spirv_asm_error err;
    char *text = NULL;
    size_t len = 0, cap = 0, nw = 0;
    uint32_t *words = NULL;
    FILE *f;
    int i;
    memset(&desc, 0, sizeof desc);
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { usage(stdout); return 0; }
        else if (!strcmp(argv[i], "-o") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "--allow-undefined-ids")) desc.allow_undefined_ids = 1;
        else if (!strcmp(argv[i], "--target-version") && i + 1 < argc) {
            unsigned minor;
            if (sscanf(argv[++i], "1.%u", &minor) != 1 || minor > 6) { fprintf(stderr, "spirv_as: bad version '%s'\n", argv[i]); return 2; }
            desc.version = 0x00010000u | minor << 8;
        } else if (argv[i][0] == '-' && argv[i][1] != 0) { fprintf(stderr, "spirv_as: unknown option '%s'\n", argv[i]); usage(stderr); return 2; }
        else if (!in) in = argv[i];
        else { fprintf(stderr, "spirv_as: more than one input\n"); return 2; }
    }
    if (!in) { usage(stderr); return 2; }
    f = strcmp(in, "-") ? fopen(in, "rb") : stdin;
    if (!f) { fprintf(stderr, "spirv_as: cannot open %s\n", in); return 1; }
    for (;;) {
        size_t got;
        if (len == cap) {
            char *nt = (char *)realloc(text, cap = cap ? cap * 2 : 65536);
            if (!nt) { fprintf(stderr, "spirv_as: out of memory\n"); return 1; }
            text = nt;
        }
        got = fread(text + len, 1, cap - len, f);
        len += got;
        if (got == 0) break;
    }
    if (f != stdin) fclose(f);
    if (alpha_spirv_assemble(text, len, &desc, &words, &nw, &err) != ALPHA_OK) {
        fprintf(stderr, "%s:%s\n", in, err.message);
        free(text);
        return 1;
    }
    free(text);
    f = strcmp(out, "-") ? fopen(out, "wb") : stdout;
    if (!f || fwrite(words, 4, nw, f) != nw) { fprintf(stderr, "spirv_as: cannot write %s\n", out); return 1; }
    if (f != stdout) fclose(f);
    alpha_spirv_words_free(&desc, words);
    return 0;
}
