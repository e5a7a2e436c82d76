/* tests/test_train_json.c: the JSON writer and strict parser of alpha_train.h. */
#define ALPHA_IMPLEMENTATION
#include "alpha_train.h"
#include "test.h"
#include <string.h>
#include <stdlib.h>
#include <locale.h>

static uint64_t rng_state = 0x1234567887654321ULL;
static uint64_t rnd(void) {
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int quiet_count;
static char quiet_last[512];
static void quiet_log(void *u, alpha_log_level l, const char *m) {
    (void)u; (void)l;
    quiet_count++;
    strncpy(quiet_last, m, sizeof quiet_last - 1);
}
static alpha_json_parse_desc quiet_desc(void) {
    alpha_json_parse_desc d;
    memset(&d, 0, sizeof d);
    d.logger.func = quiet_log;
    return d;
}

/* counting allocator */
static long allocs, frees;
static void *count_alloc(void *u, size_t n) { (void)u; allocs++; return malloc(n); }
static void count_free(void *u, void *p) { (void)u; if (p) frees++; free(p); }

static alpha_json *parse_ok(const char *s) {
    alpha_json *r = NULL;
    char err[256];
    alpha_json_parse_desc d = quiet_desc();
    alpha_result rc = alpha_json_parse(s, strlen(s), &d, &r, err, sizeof err);
    CHECK(rc == ALPHA_OK, "parse '%s' failed: %s", s, err);
    return r;
}

TEST(writer_compact) {
    alpha_json_writer w;
    const char *t;
    size_t n;
    alpha_json_writer_init(&w, NULL);
    alpha_json_object_begin(&w);
    alpha_json_kv_string(&w, "name", "gpt \"mini\"\n");
    alpha_json_kv_int(&w, "layers", 12);
    alpha_json_kv_bool(&w, "tied", 1);
    alpha_json_key(&w, "shape");
    alpha_json_array_begin(&w);
    alpha_json_write_int(&w, 768);
    alpha_json_write_int(&w, -3);
    alpha_json_array_end(&w);
    alpha_json_key(&w, "empty");
    alpha_json_object_begin(&w);
    alpha_json_object_end(&w);
    alpha_json_key(&w, "none");
    alpha_json_write_null(&w);
    alpha_json_kv_double(&w, "lr", 3e-4);
    alpha_json_kv_float(&w, "f", 0.1f);
    alpha_json_object_end(&w);
    t = alpha_json_writer_finish(&w, &n);
    CHECK(t && strcmp(t, "{\"name\":\"gpt \\\"mini\\\"\\n\",\"layers\":12,\"tied\":true,\"shape\":[768,-3],"
                         "\"empty\":{},\"none\":null,\"lr\":0.0003,\"f\":0.1}") == 0, "got %s", t ? t : w.error);
    CHECK(t && n == strlen(t), "length %d", (int)n);
    alpha_json_writer_free(&w);
}

TEST(writer_pretty) {
    alpha_json_writer w;
    alpha_json_writer_desc d;
    const char *t;
    memset(&d, 0, sizeof d);
    d.indent = 2;
    alpha_json_writer_init(&w, &d);
    alpha_json_object_begin(&w);
    alpha_json_kv_int(&w, "a", 1);
    alpha_json_key(&w, "b");
    alpha_json_array_begin(&w);
    alpha_json_write_string(&w, "x");
    alpha_json_write_bytes(&w, "\xff\x00", 2);
    alpha_json_array_end(&w);
    alpha_json_key(&w, "c");
    alpha_json_array_begin(&w);
    alpha_json_array_end(&w);
    alpha_json_object_end(&w);
    t = alpha_json_writer_finish(&w, NULL);
    CHECK(t && strcmp(t, "{\n  \"a\": 1,\n  \"b\": [\n    \"x\",\n    [255,0]\n  ],\n  \"c\": []\n}") == 0, "got <%s>", t ? t : w.error);
    alpha_json_writer_free(&w);
}

TEST(writer_misuse) {
    alpha_json_writer w;
    alpha_json_writer_init(&w, NULL);
    alpha_json_object_begin(&w);
    alpha_json_write_int(&w, 1); /* no key */
    CHECK(alpha_json_writer_finish(&w, NULL) == NULL, "value without key accepted");
    CHECK(strstr(w.error, "without a key") != NULL, "error: %s", w.error);
    alpha_json_writer_reset(&w);
    alpha_json_array_begin(&w);
    alpha_json_key(&w, "k");
    CHECK(w.status == ALPHA_ERR_STATE && strstr(w.error, "key inside an array"), "error: %s", w.error);
    alpha_json_writer_reset(&w);
    alpha_json_array_begin(&w);
    CHECK(alpha_json_writer_finish(&w, NULL) == NULL && strstr(w.error, "unclosed"), "unclosed accepted: %s", w.error);
    alpha_json_writer_reset(&w);
    alpha_json_write_int(&w, 1);
    alpha_json_write_int(&w, 2);
    CHECK(w.status != ALPHA_OK && strstr(w.error, "second top-level"), "error: %s", w.error);
    alpha_json_writer_reset(&w);
    alpha_json_object_end(&w);
    CHECK(w.status != ALPHA_OK && strstr(w.error, "no open object"), "error: %s", w.error);
    alpha_json_writer_reset(&w);
    alpha_json_object_begin(&w);
    alpha_json_key(&w, "a");
    alpha_json_object_end(&w);
    CHECK(w.status != ALPHA_OK && strstr(w.error, "key without a value"), "error: %s", w.error);
    alpha_json_writer_reset(&w);
    {
        int i;
        for (i = 0; i < ALPHA_JSON_MAX_DEPTH + 1; i++) alpha_json_array_begin(&w);
        CHECK(w.status != ALPHA_OK && strstr(w.error, "deeper"), "depth limit: %s", w.error);
    }
    alpha_json_writer_reset(&w);
    CHECK(alpha_json_writer_finish(&w, NULL) == NULL && strstr(w.error, "no value"), "empty accepted");
    alpha_json_writer_free(&w);
}

TEST(numbers_round_trip) {
    alpha_json_writer w;
    int i, bad = 0;
    alpha_json_writer_init(&w, NULL);
    for (i = 0; i < 20000; i++) {
        alpha_json *r = NULL;
        const char *t;
        double dv;
        float fv;
        uint64_t bits = rnd();
        uint32_t fb = (uint32_t)bits;
        int64_t iv = (int64_t)rnd();
        memcpy(&dv, &bits, 8);
        memcpy(&fv, &fb, 4);
        if (dv != dv || dv - dv != 0) dv = (double)(i - 10000) / 7.0;
        if (fv != fv || fv - fv != 0) fv = (float)i * 0.37f;
        if (i % 5 == 0) dv = (double)(rnd() % 100000) * 1e-5; /* short decimal values */
        alpha_json_writer_reset(&w);
        alpha_json_array_begin(&w);
        alpha_json_write_double(&w, dv);
        alpha_json_write_float(&w, fv);
        alpha_json_write_int(&w, iv);
        alpha_json_array_end(&w);
        t = alpha_json_writer_finish(&w, NULL);
        if (!t || alpha_json_parse(t, strlen(t), NULL, &r, NULL, 0) != ALPHA_OK) { bad++; continue; }
        if (r->items[0].number != dv || (float)r->items[1].number != fv || !r->items[2].is_int || r->items[2].integer != iv) {
            if (bad < 3) CHECK(0, "round trip mismatch: %s (%.17g %.9g %lld)", t, dv, (double)fv, (long long)iv);
            bad++;
        }
        alpha_json_free(r);
    }
    CHECK(bad == 0, "%d of 20000 numbers did not round-trip", bad);
    /* shortest forms */
    alpha_json_writer_reset(&w);
    alpha_json_array_begin(&w);
    alpha_json_write_float(&w, 0.1f);
    alpha_json_write_double(&w, 0.1);
    alpha_json_write_double(&w, 3.0);
    alpha_json_write_float(&w, 1e-7f);
    alpha_json_write_double(&w, -0.0);
    alpha_json_write_double(&w, 1e300);
    alpha_json_write_int(&w, INT64_MIN);
    alpha_json_write_int(&w, INT64_MAX);
    alpha_json_write_double(&w, HUGE_VAL);
    alpha_json_write_float(&w, (float)(HUGE_VAL - HUGE_VAL));
    alpha_json_array_end(&w);
    {
        const char *t = alpha_json_writer_finish(&w, NULL);
        CHECK(t && strcmp(t, "[0.1,0.1,3,1e-07,-0,1e+300,-9223372036854775808,9223372036854775807,null,null]") == 0, "got %s", t);
    }
    alpha_json_writer_free(&w);
}

TEST(parse_numbers) {
    alpha_json *r = parse_ok("[0, -0, 12345678901234567890, -9223372036854775808, 9223372036854775807, 1.5e3, -2E-2, 1e-400]");
    if (!r) return;
    CHECK(r->count == 8, "count %d", (int)r->count);
    CHECK(r->items[0].is_int && r->items[0].integer == 0, "0");
    CHECK(!r->items[2].is_int && r->items[2].number == 12345678901234567890.0, "big integer should be a double only");
    CHECK(r->items[3].is_int && r->items[3].integer == INT64_MIN, "int64 min");
    CHECK(r->items[4].is_int && r->items[4].integer == INT64_MAX, "int64 max");
    CHECK(!r->items[5].is_int && r->items[5].number == 1500.0, "1.5e3");
    CHECK(r->items[6].number == -0.02, "-2E-2");
    CHECK(r->items[7].number == 0.0, "underflow to 0");
    CHECK(alpha_json_as_int(&r->items[5], -1) == 1500, "as_int of 1.5e3");
    CHECK(alpha_json_as_int(&r->items[6], -1) == -1, "as_int of fraction falls back");
    alpha_json_free(r);
}

TEST(strings_and_utf8) {
    alpha_json_writer w;
    char all[128];
    int i;
    const char *t;
    alpha_json *r;
    for (i = 0; i < 127; i++) all[i] = (char)(i + 1);
    all[127] = 0;
    alpha_json_writer_init(&w, NULL);
    alpha_json_array_begin(&w);
    alpha_json_write_string_n(&w, all, 127);
    alpha_json_write_string_n(&w, "a\0b", 3);
    alpha_json_write_string(&w, "\xe2\x82\xac \xf0\x9f\x98\x80 \xc3\xa9");
    alpha_json_write_string(&w, "bad \xff \xc3 \xed\xa0\x80 end");
    alpha_json_array_end(&w);
    t = alpha_json_writer_finish(&w, NULL);
    r = t ? parse_ok(t) : NULL;
    if (r) {
        CHECK(r->items[0].len == 127 && memcmp(r->items[0].str, all, 127) == 0, "ASCII 1..127 round trip");
        CHECK(r->items[1].len == 3 && memcmp(r->items[1].str, "a\0b", 3) == 0, "embedded NUL");
        CHECK(strcmp(r->items[2].str, "\xe2\x82\xac \xf0\x9f\x98\x80 \xc3\xa9") == 0, "UTF-8 kept: %s", r->items[2].str);
        CHECK(strcmp(r->items[3].str, "bad \xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd end") == 0,
              "invalid UTF-8 replaced: %s", r->items[3].str);
        alpha_json_free(r);
    }
    alpha_json_writer_free(&w);
    r = parse_ok("\"\\u0041\\u00e9\\u20ac\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\\"\\\\\"");
    if (r) {
        CHECK(strcmp(r->str, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80/\b\f\n\r\t\"\\") == 0, "escapes decoded");
        alpha_json_free(r);
    }
}

TEST(bytes_round_trip) {
    alpha_json_writer w;
    int i, bad = 0;
    alpha_json_writer_init(&w, NULL);
    for (i = 0; i < 500; i++) {
        unsigned char buf[40], back[40];
        size_t n = (size_t)(rnd() % 40), k, got = 0;
        const char *t;
        alpha_json *r = NULL;
        for (k = 0; k < n; k++) buf[k] = (unsigned char)(i % 3 == 0 ? 'a' + rnd() % 26 : rnd());
        alpha_json_writer_reset(&w);
        alpha_json_write_bytes(&w, buf, n);
        t = alpha_json_writer_finish(&w, NULL);
        if (!t || alpha_json_parse(t, strlen(t), NULL, &r, NULL, 0) != ALPHA_OK) { bad++; continue; }
        if (alpha_json_bytes(r, back, sizeof back, &got) != ALPHA_OK || got != n || memcmp(back, buf, n) != 0) bad++;
        if (i % 3 == 0 && r->type != ALPHA_JSON_STRING) bad++;
        alpha_json_free(r);
    }
    CHECK(bad == 0, "%d byte strings did not round-trip", bad);
    alpha_json_writer_free(&w);
    {
        alpha_json *r = parse_ok("[[1,2,256],{\"a\":1},[1.5]]");
        size_t n;
        if (r) {
            CHECK(alpha_json_bytes(&r->items[0], NULL, 0, &n) == ALPHA_ERR_FORMAT, "256 accepted as a byte");
            CHECK(alpha_json_bytes(&r->items[1], NULL, 0, &n) == ALPHA_ERR_FORMAT, "object accepted as bytes");
            CHECK(alpha_json_bytes(&r->items[2], NULL, 0, &n) == ALPHA_ERR_FORMAT, "1.5 accepted as a byte");
            alpha_json_free(r);
        }
    }
}

static void expect_error(const char *input, size_t len, const char *want) {
    alpha_json *r = (alpha_json *)1;
    char err[256];
    alpha_json_parse_desc d = quiet_desc();
    alpha_result rc;
    err[0] = 0;
    quiet_count = 0;
    rc = alpha_json_parse(input, len, &d, &r, err, sizeof err);
    CHECK(rc == ALPHA_ERR_FORMAT, "input '%s' gave %s", input, alpha_result_str(rc));
    CHECK(r == NULL, "root not cleared for '%s'", input);
    CHECK(strstr(err, want) != NULL, "input '%s': error '%s' lacks '%s'", input, err, want);
    CHECK(quiet_count == 1 && strstr(quiet_last, "alpha_json_parse: ") && strstr(quiet_last, want), "logged: '%s'", quiet_last);
}
#define EXPECT_ERROR(s, want) expect_error(s, sizeof(s) - 1, want)

TEST(parse_errors) {
    EXPECT_ERROR("", "1:1: unexpected end of input");
    EXPECT_ERROR("   ", "1:4: unexpected end of input");
    EXPECT_ERROR("[1,]", "1:4: trailing comma in array");
    EXPECT_ERROR("{\"a\":1,}", "1:8: trailing comma in object");
    EXPECT_ERROR("{\"a\" 1}", "1:6: expected ':' after object key, got '1'");
    EXPECT_ERROR("{a:1}", "1:2: expected a string key, got 'a'");
    EXPECT_ERROR("\n\n  [1 2]", "3:6: expected ',' or ']' in array, got '2'");
    EXPECT_ERROR("{\"a\":1 \"b\":2}", "1:8: expected ',' or '}' in object");
    EXPECT_ERROR("01", "1:2: leading zero");
    EXPECT_ERROR("-", "expected a digit in number");
    EXPECT_ERROR("1.", "expected a digit after '.'");
    EXPECT_ERROR("1e", "exponent");
    EXPECT_ERROR("+1", "1:1: expected a value, got '+'");
    EXPECT_ERROR(".5", "expected a value");
    EXPECT_ERROR("1e999", "number out of range");
    EXPECT_ERROR("tru", "1:1: expected a value, got 't'");
    EXPECT_ERROR("nul", "expected a value");
    EXPECT_ERROR("NaN", "expected a value");
    EXPECT_ERROR("[1] x", "1:5: unexpected 'x' after the JSON value");
    EXPECT_ERROR("{} {}", "after the JSON value");
    EXPECT_ERROR("\"abc", "unterminated string");
    EXPECT_ERROR("\"a\\", "unterminated string");
    EXPECT_ERROR("\"a\tb\"", "1:3: control character byte 0x09 in string");
    EXPECT_ERROR("\"\\x\"", "invalid escape \\'x'");
    EXPECT_ERROR("\"\\u12G4\"", "4 hex digits");
    EXPECT_ERROR("\"\\ud800\"", "high surrogate \\uD800 not followed by a low surrogate");
    EXPECT_ERROR("\"\\ud800\\u0041\"", "not followed by a low surrogate");
    EXPECT_ERROR("\"\\udc00\"", "lone low surrogate");
    EXPECT_ERROR("\"\xff\"", "invalid UTF-8 byte 0xff");
    EXPECT_ERROR("\"\xc0\xaf\"", "invalid UTF-8");          /* overlong */
    EXPECT_ERROR("\"\xed\xa0\x80\"", "invalid UTF-8");      /* encoded surrogate */
    EXPECT_ERROR("\"\xf4\x90\x80\x80\"", "invalid UTF-8");  /* > U+10FFFF */
    EXPECT_ERROR("\"\xe2\x82\"", "invalid UTF-8");          /* truncated sequence */
    EXPECT_ERROR("[1,\x00]", "1:4: expected a value, got byte 0x00");
    EXPECT_ERROR("{\"a\":1,\"b\":2,\"a\":3}", "duplicate key \"a\"");
    EXPECT_ERROR("[/*c*/1]", "expected a value, got '/'");
    EXPECT_ERROR("\xef\xbb\xbf{}", "expected a value, got byte 0xef");
    {
        /* duplicate detection through the sorted path (> 16 keys) */
        char buf[1024];
        int i, o = 0;
        o += sprintf(buf + o, "{");
        for (i = 0; i < 40; i++) o += sprintf(buf + o, "%s\"k%d\":%d", i ? "," : "", i % 39, i);
        sprintf(buf + o, "}");
        expect_error(buf, strlen(buf), "duplicate key \"k0\"");
        o = sprintf(buf, "{");
        for (i = 0; i < 40; i++) o += sprintf(buf + o, "%s\"k%d\":%d", i ? "," : "", i, i);
        sprintf(buf + o, "}");
        {
            alpha_json *r = parse_ok(buf);
            CHECK(r && r->count == 40 && alpha_json_as_int(alpha_json_get(r, "k39"), 0) == 39, "40 distinct keys");
            alpha_json_free(r);
        }
    }
}

TEST(limits) {
    char deep[300];
    int i;
    alpha_json *r = NULL;
    alpha_json_parse_desc d = quiet_desc();
    char err[256];
    for (i = 0; i < 65; i++) deep[i] = '[';
    for (i = 0; i < 65; i++) deep[65 + i] = ']';
    deep[130] = 0;
    CHECK(alpha_json_parse(deep, 130, &d, &r, err, sizeof err) == ALPHA_ERR_FORMAT && strstr(err, "nesting deeper than 64"),
          "depth 65 accepted: %s", err);
    d.max_depth = 100;
    CHECK(alpha_json_parse(deep, 130, &d, &r, err, sizeof err) == ALPHA_OK, "depth 65 with max 100: %s", err);
    alpha_json_free(r);
    d.max_depth = 0;
    d.max_size = 10;
    CHECK(alpha_json_parse("[1,2,3,4,5,6]", 13, &d, &r, err, sizeof err) == ALPHA_ERR_FORMAT && strstr(err, "limit"),
          "size limit: %s", err);
    /* NULL arguments */
    CHECK(alpha_json_parse("1", 1, &d, NULL, NULL, 0) == ALPHA_ERR_INVALID, "NULL out_root");
    CHECK(alpha_json_parse(NULL, 3, &d, &r, NULL, 0) == ALPHA_ERR_INVALID, "NULL text");
    alpha_json_free(NULL);
}

TEST(accessors) {
    alpha_json *r = parse_ok("{\n \"config\": {\"n_layer\": 12, \"lr\": 0.5, \"name\": \"x\", \"tied\": false},\n"
                             " \"tensors\": [{\"name\": \"wte\", \"shape\": [50257, 768]}],\n \"bad\": 1.5\n}");
    char err[256];
    int64_t iv = 0;
    double dv = 0;
    int bv = 1;
    const char *sv = NULL;
    size_t sl = 0;
    const alpha_json *cfg, *arr = NULL;
    if (!r) return;
    cfg = alpha_json_get(r, "config");
    CHECK(cfg && cfg->type == ALPHA_JSON_OBJECT && alpha_json_count(cfg) == 4, "config");
    CHECK(cfg && cfg->line == 2 && cfg->col == 12, "config at %u:%u", cfg ? cfg->line : 0, cfg ? cfg->col : 0);
    CHECK(alpha_json_as_int(alpha_json_find(r, "tensors.0.shape.0"), 0) == 50257, "find path");
    CHECK(alpha_json_find(r, "tensors.1") == NULL && alpha_json_find(r, "tensors.x") == NULL &&
          alpha_json_find(r, "nope.a") == NULL, "find misses");
    CHECK(strcmp(alpha_json_as_string(alpha_json_find(r, "tensors.0.name"), "?"), "wte") == 0, "as_string");
    CHECK(alpha_json_as_bool(alpha_json_get(cfg, "tied"), 1) == 0, "as_bool");
    CHECK(alpha_json_as_double(alpha_json_get(cfg, "missing"), 7.0) == 7.0, "fallback");
    CHECK(alpha_json_at(r, 5) == NULL && alpha_json_at(alpha_json_get(r, "bad"), 0) == NULL, "at misses");
    CHECK(strcmp(alpha_json_at(r, 1)->key, "tensors") == 0, "member by index");
    CHECK(alpha_json_get_int(cfg, "n_layer", 1, 100, &iv, err, sizeof err) == ALPHA_OK && iv == 12, "get_int");
    CHECK(alpha_json_get_int(cfg, "n_layer", 13, 100, &iv, err, sizeof err) == ALPHA_ERR_FORMAT &&
          strcmp(err, "2:24: 'n_layer': expected an integer in [13, 100], got 12") == 0, "range message: %s", err);
    CHECK(alpha_json_get_int(r, "bad", 0, 10, &iv, err, sizeof err) == ALPHA_ERR_FORMAT && strstr(err, "got 1.5"), "%s", err);
    CHECK(alpha_json_get_int(cfg, "nope", 0, 10, &iv, err, sizeof err) == ALPHA_ERR_FORMAT &&
          strcmp(err, "2:12: missing key 'nope' in object") == 0, "missing: %s", err);
    CHECK(alpha_json_get_double(cfg, "lr", &dv, err, sizeof err) == ALPHA_OK && dv == 0.5, "get_double");
    CHECK(alpha_json_get_double(cfg, "name", &dv, err, sizeof err) == ALPHA_ERR_FORMAT && strstr(err, "expected a number, got string \"x\""), "%s", err);
    CHECK(alpha_json_get_bool(cfg, "tied", &bv, err, sizeof err) == ALPHA_OK && bv == 0, "get_bool");
    CHECK(alpha_json_get_string(cfg, "name", &sv, &sl, err, sizeof err) == ALPHA_OK && sl == 1 && sv[0] == 'x', "get_string");
    CHECK(alpha_json_get_string(cfg, "lr", &sv, &sl, err, sizeof err) == ALPHA_ERR_FORMAT, "get_string on number");
    CHECK(alpha_json_get_typed(r, "tensors", ALPHA_JSON_ARRAY, &arr, err, sizeof err) == ALPHA_OK && arr->count == 1, "typed");
    CHECK(alpha_json_get_typed(r, "config", ALPHA_JSON_ARRAY, &arr, err, sizeof err) == ALPHA_ERR_FORMAT &&
          strstr(err, "'config': expected an array, got object"), "%s", err);
    CHECK(alpha_json_get_int(alpha_json_get(r, "bad"), "x", 0, 1, &iv, err, sizeof err) == ALPHA_ERR_FORMAT &&
          strstr(err, "expected an object holding 'x', got number"), "%s", err);
    CHECK(strcmp(alpha_json_type_name(ALPHA_JSON_OBJECT), "object") == 0, "type name");
    alpha_json_free(r);
}

/* parse -> write -> parse -> write must be a fixed point; the writer output must parse */
static int canon(const char *in, size_t n, char *out, size_t cap) {
    alpha_json *r = NULL;
    alpha_json_writer w;
    alpha_json_parse_desc d = quiet_desc();
    const char *t;
    size_t len = 0;
    int ok = 0;
    if (alpha_json_parse(in, n, &d, &r, NULL, 0) != ALPHA_OK) return -1;
    alpha_json_writer_init(&w, NULL);
    alpha_json_write_value(&w, r);
    t = alpha_json_writer_finish(&w, &len);
    if (t && len < cap) {
        memcpy(out, t, len + 1);
        ok = 1;
    }
    alpha_json_writer_free(&w);
    alpha_json_free(r);
    return ok;
}

TEST(random_mutations) {
    static const char *seeds[] = {
        "{\"model\":{\"n_layer\":4,\"n_embd\":128,\"names\":[\"wte\",\"wpe\"]},\"lr\":0.0003,\"ok\":true,\"x\":null}",
        "[1,-2.5e-3,\"a\\u00e9\\n\",[[[]]],{},{\"k\":[true,false]}]",
        "\"\\ud83d\\ude00 text \xc3\xa9\"",
        "{\"tensors\":[{\"name\":\"h.0.attn.c_attn.weight\",\"dtype\":\"f32\",\"shape\":[384,128],\"offset\":4096}]}",
    };
    static const char alphabet[] = "{}[]\",:\\u0123456789-+.eEtrufalsn \n\t\x80\xc3\xff";
    char buf[512], c1[2048], c2[2048];
    int i, accepted = 0, bad = 0;
    for (i = 0; i < 30000; i++) {
        const char *s = seeds[i % 4];
        size_t n = strlen(s), k, muts = 1 + rnd() % 4;
        int m;
        memcpy(buf, s, n);
        for (k = 0; k < muts; k++) {
            size_t pos = n ? (size_t)(rnd() % n) : 0;
            switch (rnd() % 4) {
            case 0: buf[pos] = alphabet[rnd() % (sizeof alphabet - 1)]; break;
            case 1: if (n > 1) { memmove(buf + pos, buf + pos + 1, n - pos - 1); n--; } break;
            case 2: if (n < sizeof buf - 1) { memmove(buf + pos + 1, buf + pos, n - pos); buf[pos] = alphabet[rnd() % (sizeof alphabet - 1)]; n++; } break;
            default: n = pos; break;
            }
        }
        m = canon(buf, n, c1, sizeof c1);
        if (m == 1) {
            accepted++;
            if (canon(c1, strlen(c1), c2, sizeof c2) != 1 || strcmp(c1, c2) != 0) {
                if (bad++ < 3) CHECK(0, "not a fixed point: %s -> %s", c1, c2);
            }
        }
    }
    CHECK(accepted > 100, "only %d mutated inputs were valid JSON", accepted);
    CHECK(bad == 0, "%d canonical forms changed", bad);
}

TEST(allocator_and_locale) {
    alpha_json_parse_desc d = quiet_desc();
    alpha_json *r = NULL;
    alpha_json_writer w;
    alpha_json_writer_desc wd;
    const char *t;
    char big[70000];
    size_t i, o = 0;
    d.allocator.alloc = count_alloc;
    d.allocator.free = count_free;
    allocs = frees = 0;
    big[o++] = '[';
    for (i = 0; i < 6000; i++) o += (size_t)sprintf(big + o, "%s\"s%lu\"", i ? "," : "", (unsigned long)i);
    big[o++] = ']';
    big[o] = 0;
    CHECK(alpha_json_parse(big, o, &d, &r, NULL, 0) == ALPHA_OK && r->count == 6000, "big array");
    CHECK(r && strcmp(r->items[5999].str, "s5999") == 0, "last element");
    alpha_json_free(r);
    CHECK(allocs > 0 && allocs == frees, "allocs %ld frees %ld", allocs, frees);
    memset(&wd, 0, sizeof wd);
    wd.allocator = d.allocator;
    allocs = frees = 0;
    alpha_json_writer_init(&w, &wd);
    alpha_json_write_string(&w, big);
    alpha_json_writer_free(&w);
    CHECK(allocs > 0 && allocs == frees, "writer allocs %ld frees %ld", allocs, frees);
    /* a comma decimal locale must not change the JSON */
    if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "de_DE") || setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
        alpha_json_writer_init(&w, NULL);
        alpha_json_array_begin(&w);
        alpha_json_write_double(&w, 0.5);
        alpha_json_write_float(&w, 2.25f);
        alpha_json_array_end(&w);
        t = alpha_json_writer_finish(&w, NULL);
        CHECK(t && strcmp(t, "[0.5,2.25]") == 0, "locale output %s", t);
        r = parse_ok("[0.5, 1e-3]");
        CHECK(r && r->items[0].number == 0.5 && r->items[1].number == 1e-3, "locale parse");
        alpha_json_free(r);
        alpha_json_writer_free(&w);
        setlocale(LC_NUMERIC, "C");
    } else {
        printf("    (no comma-decimal locale installed; locale check skipped)\n");
    }
}

int main(void) {
    RUN(writer_compact);
    RUN(writer_pretty);
    RUN(writer_misuse);
    RUN(numbers_round_trip);
    RUN(parse_numbers);
    RUN(strings_and_utf8);
    RUN(bytes_round_trip);
    RUN(parse_errors);
    RUN(limits);
    RUN(accessors);
    RUN(random_mutations);
    RUN(allocator_and_locale);
    return test_summary();
}
