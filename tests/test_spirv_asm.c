/* Text assembler tests for alpha_spirv.h: exact words for hand-checked inputs (literals of
   every width, strings, masks, raw words, numeric ids), and malformed inputs that must give
   a clear "line:col: message". The word-for-word comparison with spirv-as on a compiled GLSL
   corpus is tests/check_spirv_corpus.sh; the fuzz target is tests/fuzz_spirv_as.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ALPHA_SPIRV_IMPLEMENTATION
#include "alpha_spirv.h"
#include "test.h"

/* assembles text and compares the words after the 5-word header with want[0..n) */
static void expect_words(const char *text, const uint32_t *want, size_t n, uint32_t bound) {
    uint32_t *w = NULL;
    size_t nw = 0, i;
    alpha_spirv_asm_error err;
    alpha_spirv_asm_desc d;
    alpha_result r;
    memset(&d, 0, sizeof d);
    d.allow_undefined_ids = 1; /* snippets, like spirv-as */
    r = alpha_spirv_assemble(text, strlen(text), &d, &w, &nw, &err);
    CHECK(r == ALPHA_OK, "'%s': %s", text, err.message);
    if (r != ALPHA_OK) return;
    CHECK(w[0] == 0x07230203u && w[1] == 0x00010600u && w[4] == 0, "header");
    CHECK(w[3] == bound, "'%s': bound %u, want %u", text, w[3], bound);
    CHECK(nw == n + 5, "'%s': %u words, want %u", text, (unsigned)nw - 5, (unsigned)n);
    for (i = 0; i < n && i + 5 < nw; i++) CHECK(w[5 + i] == want[i], "'%s': word %u is %08x, want %08x", text, (unsigned)i, w[5 + i], want[i]);
    alpha_spirv_words_free(NULL, w);
}
/* the last word of a one-constant module (after its type lines) */
static void expect_const(const char *type_line, const char *literal, uint32_t lo, int two, uint32_t hi) {
    char text[512];
    uint32_t *w = NULL;
    size_t nw = 0;
    alpha_spirv_asm_error err;
    snprintf(text, sizeof text, "%%t = %s\n%%c = OpConstant %%t %s\n", type_line, literal);
    if (alpha_spirv_assemble(text, strlen(text), NULL, &w, &nw, &err) != ALPHA_OK) {
        CHECK(0, "%s %s: %s", type_line, literal, err.message);
        return;
    }
    if (two) CHECK(w[nw - 2] == lo && w[nw - 1] == hi, "%s %s: %08x %08x, want %08x %08x", type_line, literal, w[nw - 2], w[nw - 1], lo, hi);
    else CHECK(w[nw - 1] == lo && (w[nw - 4] >> 16) == 4, "%s %s: %08x, want %08x", type_line, literal, w[nw - 1], lo);
    alpha_spirv_words_free(NULL, w);
}
static void expect_error(const char *text, int line, int col, const char *needle) {
    uint32_t *w = (uint32_t *)1;
    size_t nw = 7;
    alpha_spirv_asm_error err;
    char want[32];
    alpha_result r = alpha_spirv_assemble(text, strlen(text), NULL, &w, &nw, &err);
    CHECK(r == ALPHA_ERR_FORMAT, "'%s': assembled, but should fail", text);
    CHECK(w == NULL && nw == 0, "'%s': outputs not cleared", text);
    CHECK(err.line == line && err.col == col, "'%s': error at %d:%d, want %d:%d (%s)", text, err.line, err.col, line, col, err.message);
    snprintf(want, sizeof want, "%d:%d: ", line, col);
    CHECK(strncmp(err.message, want, strlen(want)) == 0, "'%s': message '%s' must start with '%s'", text, err.message, want);
    CHECK(strstr(err.message, needle) != NULL, "'%s': message '%s' lacks '%s'", text, err.message, needle);
}

TEST(t_basic) {
    static const uint32_t cap[] = {0x00020011u, 1, 0x0003000eu, 0, 1};
    static const uint32_t empty[1] = {0};
    expect_words("OpCapability Shader\nOpMemoryModel Logical GLSL450\n", cap, 5, 1);
    expect_words("  ; only a comment\n\n", empty, 0, 1);
    expect_words("OpCapability Shader;comment\r\n\tOpMemoryModel   Logical\tGLSL450 ; trailing", cap, 5, 1);
    expect_words("OpCapability Shader\nOpMemoryModel Logical GLSL450\0 garbage after NUL", cap, 5, 1);
}
TEST(t_ids) {
    /* names numbered by first appearance, and the type before the result on one line */
    static const uint32_t a[] = {0x00040015u, 1, 32, 0, 0x0004002bu, 1, 2, 5, 0x00050080u, 1, 3, 2, 2};
    static const uint32_t b[] = {0x00030016u, 1, 32, 0x0004003du, 1, 2, 3};
    expect_words("%12 = OpTypeInt 32 0\n%5 = OpConstant %12 5\n%sum = OpIAdd %12 %5 %5\n", a, 13, 4);
    /* %r is assigned after the type %f and the pointer %p on its own line */
    expect_words("%f = OpTypeFloat 32\n%r = OpLoad %f %p\n", b, 7, 4);
}
TEST(t_literals) {
    expect_const("OpTypeInt 8 1", "-1", 0xffffffffu, 0, 0);
    expect_const("OpTypeInt 8 1", "0x80", 0xffffff80u, 0, 0);
    expect_const("OpTypeInt 8 0", "255", 0xffu, 0, 0);
    expect_const("OpTypeInt 16 1", "-32768", 0xffff8000u, 0, 0);
    expect_const("OpTypeInt 16 0", "0xFFFF", 0xffffu, 0, 0);
    expect_const("OpTypeInt 32 1", "-0x10", 0xfffffff0u, 0, 0);
    expect_const("OpTypeInt 32 0", "010", 8u, 0, 0);
    expect_const("OpTypeInt 32 0", "+4294967295", 0xffffffffu, 0, 0);
    expect_const("OpTypeInt 64 1", "-9223372036854775808", 0, 1, 0x80000000u);
    expect_const("OpTypeInt 64 0", "0x123456789abcdef0", 0x9abcdef0u, 1, 0x12345678u);
    expect_const("OpTypeFloat 16", "0.1", 0x2e66u, 0, 0);
    expect_const("OpTypeFloat 16", "65520", 0x7bffu, 0, 0);        /* rounds toward zero */
    expect_const("OpTypeFloat 16", "0x1.8p-15", 0x0300u, 0, 0);    /* denormal */
    expect_const("OpTypeFloat 16", "-0x1p+16", 0xfc00u, 0, 0);     /* hex overflow: infinity */
    expect_const("OpTypeFloat 32", "1", 0x3f800000u, 0, 0);
    expect_const("OpTypeFloat 32", "-0.0", 0x80000000u, 0, 0);
    expect_const("OpTypeFloat 32", ".5", 0x3f000000u, 0, 0);
    expect_const("OpTypeFloat 32", "1.5e+2", 0x43160000u, 0, 0);
    expect_const("OpTypeFloat 32", "0x1.8p+128", 0x7fc00000u, 0, 0); /* NaN as spirv-dis prints it */
    expect_const("OpTypeFloat 32", "-0x1p-149", 0x80000001u, 0, 0);
    expect_const("OpTypeFloat 32", "0x1.fffffffp0", 0x3fffffffu, 0, 0);
    expect_const("OpTypeFloat 64", "0.1", 0x9999999au, 1, 0x3fb99999u);
    expect_const("OpTypeFloat 64", "0x1.0000000000001p0", 1u, 1, 0x3ff00000u);
}
TEST(t_strings_masks_raw) {
    /* "ab\"c" -> a b " c NUL: 2 words; "abcd" -> 4 bytes + a NUL word */
    static const uint32_t s1[] = {0x00040005u, 1, 0x63226261u, 0};
    static const uint32_t s2[] = {0x00040005u, 1, 0x64636261u, 0};
    static const uint32_t s3[] = {0x00030005u, 1, 0};
    static const uint32_t mk[] = {0x000600f6u, 1, 2, 0x29u, 2, 16};
    static const uint32_t ld[] = {0x0006003du, 1, 2, 3, 0x3u, 4};
    static const uint32_t raw[] = {0x00020011u, 1, 0x00030015u, 0xfffffff9u, 0x3fc00000u, 0x00007978u, 1, 0x00040080u, 5, 2, 2};
    expect_words("OpName %a \"ab\\\"c\"", s1, 4, 2);
    expect_words("OpName %a \"abcd\"", s2, 4, 2);
    expect_words("OpName %a \"\"", s3, 3, 2);
    expect_words("OpLoopMerge %m %c Unroll|MaxIterations|DependencyLength 2 16", mk, 6, 3);
    expect_words("%x = OpLoad %t %p Volatile|Aligned 4", ld, 6, 4);
    expect_words("!0x00020011 !1\n!0x00030015 -7 1.5 \"xy\" %q\n%r = OpIAdd !5 %r", raw, 11, 3);
}
TEST(t_extinst_switch_specop) {
    static const uint32_t ext[] = {0x0006000bu, 1, 0x4c534c47u, 0x6474732eu, 0x3035342eu, 0, 0x00030016u, 2, 32, 0x0006000cu, 2, 3, 1, 8, 3};
    static const uint32_t sw[] = {0x00040015u, 1, 64, 0, 0x00030001u, 1, 2, 0x000600fbu, 2, 3, 0, 1, 4};
    static const uint32_t so[] = {0x00040015u, 1, 32, 0, 0x00060034u, 1, 2, 0x80, 3, 3};
    expect_words("%g = OpExtInstImport \"GLSL.std.450\"\n%f = OpTypeFloat 32\n%x = OpExtInst %f %g Floor %x", ext, 15, 4);
    expect_words("%u = OpTypeInt 64 0\n%s = OpUndef %u\nOpSwitch %s %d 0x100000000 %l\n", sw, 13, 5);
    expect_words("%u = OpTypeInt 32 0\n%c = OpSpecConstantOp %u IAdd %a %a\n", so, 10, 4);
}
TEST(t_malformed) {
    expect_error("OpCapability Shader\n%x = OpFoo %y", 2, 6, "unknown opcode 'OpFoo'");
    expect_error("OpCapability Shader\nFoo", 2, 1, "expected an opcode");
    expect_error("OpMemoryModel Logical\n", 2, 1, "OpMemoryModel: missing operand, found the end of the input");
    expect_error("OpMemoryModel Logical\nOpCapability Shader", 2, 1, "missing operand, found the next instruction");
    expect_error("OpMemoryModel Logical GLSL450 Logical", 1, 31, "expected an opcode");
    expect_error("OpCapability Shaderr", 1, 14, "invalid capability 'Shaderr'");
    expect_error("OpLoopMerge %a %b Unroll|", 1, 19, "invalid loop control operand");
    expect_error("%t = OpTypeInt 32 0\n%c = OpConstant %t 1.5", 2, 20, "invalid unsigned integer literal '1.5'");
    expect_error("%t = OpTypeInt 8 1\n%c = OpConstant %t 128", 2, 20, "does not fit in a 8-bit signed integer");
    expect_error("%t = OpTypeInt 32 0\n%c = OpConstant %t -1", 2, 20, "negative number");
    expect_error("%t = OpTypeFloat 32\n%c = OpConstant %t 1e39", 2, 20, "invalid 32-bit float literal '1e39'");
    expect_error("%t = OpTypeFloat 16\n%c = OpConstant %t 0x1P1", 2, 20, "invalid 16-bit float literal");
    expect_error("%t = OpTypeStruct\n%c = OpConstant %t 1", 2, 20, "scalar integer or floating-point type");
    expect_error("%t = OpTypeInt 32 0\n%c = OpConstant %t 1\n%c = OpConstant %t 2", 3, 1, "id %c is defined twice");
    expect_error("%v = OpTypeVoid\n%f = OpTypeFunction %v %undefined_param", 2, 24, "id %undefined_param is used but never defined");
    expect_error("OpName %a \"unterminated\n", 1, 11, "expected a quoted string");
    expect_error("OpName %a \"x\"y", 1, 11, "expected a quoted string");
    expect_error("%x", 1, 3, "expected '=' after %x, found the end of the input");
    expect_error("%x =\n", 2, 1, "expected an opcode after '=', found the end of the input");
    expect_error("%x OpNop", 1, 4, "expected '=' after %x");
    expect_error("%x = OpCapability Shader", 1, 1, "OpCapability has no result id");
    expect_error("OpTypeVoid", 1, 1, "OpTypeVoid needs a result id");
    expect_error("OpDecorate x Block", 1, 12, "expected an id");
    expect_error("OpDecorate %a-b Block", 1, 12, "invalid id");
    expect_error("!0x1p3", 1, 1, "invalid immediate");
    expect_error("!0x00020011 =", 1, 13, "'=' not allowed");
    expect_error("%g = OpExtInstImport \"Foo.Bar\"", 1, 22, "unsupported extended instruction set");
    expect_error("%g = OpExtInstImport \"GLSL.std.450\"\n%f = OpTypeFloat 32\n%x = OpExtInst %f %g Flor %x", 3, 22, "unknown GLSL.std.450 instruction 'Flor'");
    expect_error("%f = OpTypeFloat 32\n%x = OpExtInst %f %f Floor %x", 2, 19, "is not the result of an OpExtInstImport");
    expect_error("%f = OpTypeFloat 32\n%s = OpUndef %f\nOpSwitch %s %d 1 %a", 3, 16, "selector must be an integer");
    expect_error("%u = OpTypeInt 32 0\n%c = OpSpecConstantOp %u Foo %a", 2, 26, "invalid OpSpecConstantOp opcode 'Foo'");
}
TEST(t_truncations) {
    /* every prefix of a valid module either assembles or fails with a positioned message */
    static const char text[] =
        "OpCapability Shader\n%g = OpExtInstImport \"GLSL.std.450\"\nOpMemoryModel Logical GLSL450\n"
        "OpEntryPoint GLCompute %main \"main\"\nOpExecutionMode %main LocalSize 64 1 1\n"
        "%void = OpTypeVoid\n%fn = OpTypeFunction %void\n%f = OpTypeFloat 32\n%one = OpConstant %f 0x1.8p+3\n"
        "%main = OpFunction %void None %fn\n%l = OpLabel\n%e = OpExtInst %f %g Exp %one\nOpReturn\nOpFunctionEnd\n";
    size_t k, ok = 0, bad = 0;
    for (k = 0; k <= sizeof text - 1; k++) {
        uint32_t *w = NULL;
        size_t nw;
        alpha_spirv_asm_error err;
        alpha_result r = alpha_spirv_assemble(text, k, NULL, &w, &nw, &err);
        if (r == ALPHA_OK) { ok++; alpha_spirv_words_free(NULL, w); }
        else { bad++; CHECK(r == ALPHA_ERR_FORMAT && err.line >= 1 && err.col >= 1 && strchr(err.message, ':'), "prefix %u: %s", (unsigned)k, err.message); }
    }
    CHECK(ok > 0 && bad > 0, "prefixes: %u ok, %u failed", (unsigned)ok, (unsigned)bad);
}
TEST(t_api) {
    uint32_t *w = NULL;
    size_t nw = 0;
    alpha_spirv_asm_desc d;
    alpha_spirv_asm_error err;
    memset(&d, 0, sizeof d);
    CHECK(alpha_spirv_assemble(NULL, 0, NULL, NULL, &nw, &err) == ALPHA_ERR_INVALID, "NULL words");
    CHECK(alpha_spirv_assemble("x", 1, NULL, &w, &nw, NULL) == ALPHA_ERR_FORMAT, "NULL err allowed");
    d.version = 0x00010300u;
    d.generator = 0x12345678u;
    d.allow_undefined_ids = 1;
    CHECK(alpha_spirv_assemble("OpName %a \"a\"", 13, &d, &w, &nw, &err) == ALPHA_OK, "allow undefined: %s", err.message);
    if (w) {
        CHECK(w[1] == 0x00010300u && w[2] == 0x12345678u, "desc version/generator");
        alpha_spirv_words_free(&d, w);
    }
    CHECK(alpha_spirv_opcode_from_name("OpIAdd") == 128 && alpha_spirv_opcode_from_name("FAdd") == 129 && alpha_spirv_opcode_from_name("OpNope") == -1, "opcode lookup");
    CHECK(alpha_spirv_opcode_name(ALPHA_SPIRV_OpCooperativeMatrixMulAddKHR) && strcmp(alpha_spirv_opcode_name(4459), "CooperativeMatrixMulAddKHR") == 0, "opcode name");
}
TEST(t_coopmat_text) {
    /* the assembler knows the cooperative-matrix grammar that spirv-as 2023.1 lacks */
    static const char text[] =
        "OpCapability Shader\nOpCapability CooperativeMatrixKHR\nOpExtension \"SPV_KHR_cooperative_matrix\"\n"
        "%f = OpTypeFloat 32\n%u = OpTypeInt 32 0\n%s = OpConstant %u 3\n%n = OpConstant %u 16\n%use = OpConstant %u 2\n"
        "%m = OpTypeCooperativeMatrixKHR %f %s %n %n %use\n%a = OpUndef %m\n"
        "%r = OpCooperativeMatrixMulAddKHR %m %a %a %a MatrixASignedComponentsKHR|SaturatingAccumulationKHR\n"
        "%len = OpCooperativeMatrixLengthKHR %u %m\n"
        "%tl = OpTypeTensorLayoutNV %n %s\n%l = OpCreateTensorLayoutNV %tl\n%l2 = OpTensorLayoutSetDimensionNV %tl %l %n %n\n"
        "%p = OpUndef %u\n%x = OpCooperativeMatrixLoadTensorNV %m %p %a %l2 None TensorView %l2\n";
    uint32_t *w = NULL;
    size_t nw;
    alpha_spirv_asm_error err;
    CHECK(alpha_spirv_assemble(text, sizeof text - 1, NULL, &w, &nw, &err) == ALPHA_OK, "%s", err.message);
    if (w) {
        CHECK(w[nw - 9] == (9u << 16 | 5367u) && w[nw - 3] == 0 && w[nw - 2] == 1, "LoadTensorNV words");
        alpha_spirv_words_free(NULL, w);
    }
}

int main(void) {
    RUN(t_basic);
    RUN(t_ids);
    RUN(t_literals);
    RUN(t_strings_masks_raw);
    RUN(t_extinst_switch_specop);
    RUN(t_malformed);
    RUN(t_truncations);
    RUN(t_api);
    RUN(t_coopmat_text);
    return test_summary();
}
