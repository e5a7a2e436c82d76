/* tests/test_train_text.c: the char, word and byte-level BPE tokenizers of alpha_train.h,
   checked against a naive reference BPE written here from the documented rules. */
#define ALPHA_IMPLEMENTATION
#include "alpha_train.h"
#include "test.h"
#include <string.h>
#include <stdlib.h>

#ifdef ALPHA_TEST_SANITIZE
#define BIG_TEXT (600 * 1024)
#else
#define BIG_TEXT (3 * 1024 * 1024)
#endif

static uint64_t rng_state = 42;
static uint64_t rnd(void) {
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int log_warns;
static char log_last[1024];
static void test_log(void *u, alpha_log_level l, const char *m) {
    (void)u;
    if (l >= ALPHA_LOG_WARN) {
        log_warns++;
        strncpy(log_last, m, sizeof log_last - 1);
    }
}

static alpha_tokenizer_desc desc_of(alpha_tokenizer_kind kind, int32_t vocab) {
    alpha_tokenizer_desc d;
    memset(&d, 0, sizeof d);
    d.kind = kind;
    d.vocab_size = vocab;
    d.logger.func = test_log;
    return d;
}

/* English-like text: Zipf-distributed pseudo-words, punctuation, sentences, paragraphs. */
static char *make_text(size_t n, uint64_t seed) {
    static const char *syl[] = {"th", "e", "an", "re", "in", "on", "er", "at", "st", "ou", "ing", "ed", "is", "or",
                                "al", "ar", "en", "to", "it", "es", "ly", "ti", "co", "de", "ma", "pro", "ver", "un"};
    static char words[6000][24];
    static double cum[6000];
    double tot = 0;
    char *s = (char *)malloc(n + 1);
    size_t o = 0;
    int i, cap = 1;
    uint64_t save = rng_state;
    rng_state = seed;
    for (i = 0; i < 6000; i++) {
        int k, ns = 1 + (int)(rnd() % 4);
        words[i][0] = 0;
        for (k = 0; k < ns; k++) strcat(words[i], syl[rnd() % 28]);
        tot += 1.0 / (i + 1);
        cum[i] = tot;
    }
    while (o < n) {
        double u = (double)(rnd() % 1000000) / 1e6 * tot;
        int lo = 0, hi = 5999;
        char w[32];
        size_t l;
        while (lo < hi) { int mid = (lo + hi) / 2; if (cum[mid] < u) lo = mid + 1; else hi = mid; }
        strcpy(w, words[lo]);
        if (cap) w[0] = (char)(w[0] - 32);
        cap = 0;
        l = strlen(w);
        if (o + l + 3 > n) break;
        memcpy(s + o, w, l);
        o += l;
        switch (rnd() % 20) {
        case 0: s[o++] = ','; s[o++] = ' '; break;
        case 1: s[o++] = '.'; s[o++] = rnd() % 5 ? ' ' : '\n'; cap = 1; break;
        case 2: s[o++] = ' '; s[o++] = (char)('0' + rnd() % 10); s[o++] = ' '; break;
        default: s[o++] = ' ';
        }
    }
    s[o] = 0;
    rng_state = save;
    return s;
}

/* ---- reference implementation, written from the header's documentation ---- */

static int ref_cls(unsigned char c) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f') return 0;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) return 1;
    if (c >= '0' && c <= '9') return 2;
    return 3;
}

/* chunk = whitespace run, except that a final ' ' before a non-space joins the next run */
static size_t ref_chunk(const unsigned char *s, size_t n, size_t i, size_t max_chunk) {
    size_t j = i;
    int k = ref_cls(s[i]);
    while (j < n && ref_cls(s[j]) == k) j++;
    if (k == 0 && j < n && s[j - 1] == ' ') {
        if (j - i >= 2) j = j - 1;
        else {
            int k2 = ref_cls(s[j]);
            while (j < n && ref_cls(s[j]) == k2) j++;
        }
    }
    return j - i > max_chunk ? i + max_chunk : j;
}

typedef struct { int32_t *ids; size_t n; } seq;

static int ref_train(const unsigned char *s, size_t n, int merges_wanted, int32_t *merges, size_t max_chunk) {
    seq *chunks = (seq *)malloc(sizeof(seq) * (n + 1));
    size_t nc = 0, i = 0, k;
    int m;
    while (i < n) {
        size_t e = ref_chunk(s, n, i, max_chunk);
        chunks[nc].ids = (int32_t *)malloc(sizeof(int32_t) * (e - i));
        chunks[nc].n = e - i;
        for (k = i; k < e; k++) chunks[nc].ids[k - i] = s[k];
        nc++;
        i = e;
    }
    for (m = 0; m < merges_wanted; m++) {
        /* count every adjacent pair with a dense table (ids < 256 + merges_wanted) */
        size_t V = 256 + (size_t)merges_wanted, c;
        long *cnt = (long *)calloc(V * V, sizeof(long));
        long best = 0;
        int32_t ba = 0, bb = 0;
        for (c = 0; c < nc; c++)
            for (k = 0; k + 1 < chunks[c].n; k++) cnt[(size_t)chunks[c].ids[k] * V + (size_t)chunks[c].ids[k + 1]]++;
        for (k = 0; k < V * V; k++)
            if (cnt[k] > best) { best = cnt[k]; ba = (int32_t)(k / V); bb = (int32_t)(k % V); } /* first max = smallest (a,b) */
        free(cnt);
        if (best < 2) break;
        merges[2 * m] = ba;
        merges[2 * m + 1] = bb;
        for (c = 0; c < nc; c++) {
            size_t o = 0;
            for (k = 0; k < chunks[c].n;) {
                if (k + 1 < chunks[c].n && chunks[c].ids[k] == ba && chunks[c].ids[k + 1] == bb) { chunks[c].ids[o++] = 256 + m; k += 2; }
                else chunks[c].ids[o++] = chunks[c].ids[k++];
            }
            chunks[c].n = o;
        }
    }
    for (i = 0; i < nc; i++) free(chunks[i].ids);
    free(chunks);
    return m;
}

static size_t ref_encode(const int32_t *merges, int nm, const unsigned char *s, size_t n, size_t max_chunk, int32_t *out) {
    size_t i = 0, o = 0;
    int32_t *ids = (int32_t *)malloc(sizeof(int32_t) * (n + 1));
    while (i < n) {
        size_t e = ref_chunk(s, n, i, max_chunk), L = e - i, k;
        for (k = 0; k < L; k++) ids[k] = s[i + k];
        for (;;) {
            int best = -1, r;
            size_t w = 0;
            for (k = 0; k + 1 < L; k++)
                for (r = 0; r < nm; r++)
                    if (merges[2 * r] == ids[k] && merges[2 * r + 1] == ids[k + 1]) {
                        if (best < 0 || r < best) best = r;
                        break;
                    }
            if (best < 0) break;
            for (k = 0; k < L;) {
                if (k + 1 < L && ids[k] == merges[2 * best] && ids[k + 1] == merges[2 * best + 1]) { ids[w++] = 256 + best; k += 2; }
                else ids[w++] = ids[k++];
            }
            L = w;
        }
        for (k = 0; k < L; k++) out[o++] = ids[k];
        i = e;
    }
    free(ids);
    return o;
}

/* merges of a BPE tokenizer, read back through its JSON form */
static int get_merges(alpha_tokenizer *t, int32_t *out, int cap) {
    alpha_json_writer w;
    alpha_json *r = NULL;
    const char *txt;
    int n = 0;
    size_t i;
    alpha_json_writer_init(&w, NULL);
    alpha_tokenizer_to_json(t, &w);
    txt = alpha_json_writer_finish(&w, NULL);
    if (txt && alpha_json_parse(txt, strlen(txt), NULL, &r, NULL, 0) == ALPHA_OK) {
        const alpha_json *m = alpha_json_get(r, "merges");
        for (i = 0; i < alpha_json_count(m) && n < cap; i++, n++) {
            out[2 * n] = (int32_t)alpha_json_as_int(alpha_json_find(&m->items[i], "0"), -1);
            out[2 * n + 1] = (int32_t)alpha_json_as_int(alpha_json_find(&m->items[i], "1"), -1);
        }
        alpha_json_free(r);
    }
    alpha_json_writer_free(&w);
    return n;
}

static const alpha_allocator *rt_alloc; /* the allocator the tokenizer under test uses (NULL = default) */
static int round_trips(alpha_tokenizer *t, const void *s, size_t n) {
    int32_t *ids = NULL;
    size_t ni = 0, bl = 0;
    char *back = NULL;
    int ok;
    if (alpha_tokenizer_encode_alloc(t, s, n, &ids, &ni) != ALPHA_OK) return 0;
    if (alpha_tokenizer_decode_alloc(t, ids, ni, &back, &bl) != ALPHA_OK) { alpha_train_free(rt_alloc, ids); return 0; }
    ok = bl == n && memcmp(back, s, n) == 0 && back[bl] == 0;
    alpha_train_free(rt_alloc, ids);
    alpha_train_free(rt_alloc, back);
    return ok;
}

TEST(bpe_matches_reference_training) {
    int trial;
    for (trial = 0; trial < 4; trial++) {
        char *text;
        size_t n;
        alpha_tokenizer_desc d = desc_of(ALPHA_TOKENIZER_BPE, 256 + 120);
        alpha_tokenizer *t = NULL;
        int32_t want[240], got[240];
        int nw, ng, k, same = 1;
        if (trial < 2) {
            text = make_text(6000 + 3000 * (size_t)trial, 7 + (uint64_t)trial);
        } else {
            /* long runs and odd bytes: chunk caps, repeated letters, high bytes, whitespace runs */
            size_t i;
            text = (char *)malloc(5001);
            for (i = 0; i < 5000; i++) {
                uint64_t r = rnd() % 10;
                text[i] = r < 4 ? "aab"[rnd() % 3] : r < 6 ? ' ' : r < 7 ? '\n' : r < 8 ? (char)(0x80 + rnd() % 4) : r < 9 ? '9' : '.';
            }
            text[5000] = 0;
            if (trial == 3) d.max_chunk = 8;
        }
        n = strlen(text);
        CHECK(alpha_tokenizer_train(&d, text, n, &t) == ALPHA_OK, "train trial %d", trial);
        if (!t) { free(text); continue; }
        nw = ref_train((const unsigned char *)text, n, 120, want, d.max_chunk ? (size_t)d.max_chunk : 256);
        ng = get_merges(t, got, 120);
        CHECK(nw == ng, "trial %d: reference learned %d merges, library %d", trial, nw, ng);
        for (k = 0; k < nw && k < ng; k++) if (want[2 * k] != got[2 * k] || want[2 * k + 1] != got[2 * k + 1]) { same = 0; break; }
        CHECK(same, "trial %d: merge %d differs: reference (%d,%d), library (%d,%d)", trial, k, want[2 * k], want[2 * k + 1],
              got[2 * k], got[2 * k + 1]);
        CHECK(alpha_tokenizer_vocab_size(t) == 256 + ng, "vocab %d", alpha_tokenizer_vocab_size(t));
        alpha_tokenizer_free(t);
        free(text);
    }
}

TEST(bpe_encode_matches_reference) {
    char *train = make_text(40000, 11);
    alpha_tokenizer_desc d = desc_of(ALPHA_TOKENIZER_BPE, 256 + 300);
    alpha_tokenizer *t = NULL;
    int32_t merges[600], *a, *b;
    int nm, trial, bad = 0;
    CHECK(alpha_tokenizer_train(&d, train, strlen(train), &t) == ALPHA_OK, "train");
    if (!t) { free(train); return; }
    nm = get_merges(t, merges, 300);
    a = (int32_t *)malloc(sizeof(int32_t) * 5000);
    b = (int32_t *)malloc(sizeof(int32_t) * 5000);
    for (trial = 0; trial < 60; trial++) {
        char s[4000];
        size_t n = 0, na = 0, nb, k;
        if (trial % 3 == 0) {
            /* glued words: long letter runs take the heap path of the encoder */
            size_t off = (size_t)(rnd() % 30000);
            for (k = 0; k < 3000 && train[off + k]; k++) if (train[off + k] != ' ' || rnd() % 8 == 0) s[n++] = train[off + k];
        } else if (trial % 3 == 1) {
            size_t off = (size_t)(rnd() % 30000);
            n = 100 + (size_t)(rnd() % 3000);
            memcpy(s, train + off, n);
        } else {
            n = (size_t)(rnd() % 3000);
            for (k = 0; k < n; k++) s[k] = (char)(rnd() % 3 ? (uint64_t)(unsigned char)"etaoin shrdlu"[rnd() % 13] : rnd());
        }
        CHECK(alpha_tokenizer_encode(t, s, n, a, 5000, &na) == ALPHA_OK, "encode");
        nb = ref_encode(merges, nm, (const unsigned char *)s, n, 256, b);
        if (na != nb || memcmp(a, b, na * sizeof(int32_t)) != 0) {
            if (bad++ < 2) CHECK(0, "trial %d: library %d ids, reference %d ids", trial, (int)na, (int)nb);
        }
    }
    CHECK(bad == 0, "%d encodings differ from the reference", bad);
    free(a);
    free(b);
    alpha_tokenizer_free(t);
    free(train);
}

TEST(bpe_round_trips_any_bytes) {
    char *train = make_text(20000, 3);
    alpha_tokenizer_desc d = desc_of(ALPHA_TOKENIZER_BPE, 512);
    alpha_tokenizer *t = NULL;
    int trial, bad = 0;
    unsigned char all[256];
    CHECK(alpha_tokenizer_train(&d, train, strlen(train), &t) == ALPHA_OK, "train");
    if (!t) { free(train); return; }
    for (trial = 0; trial < 256; trial++) all[trial] = (unsigned char)trial;
    CHECK(round_trips(t, all, 256), "all 256 byte values");
    CHECK(round_trips(t, "", 0), "empty text");
    for (trial = 0; trial < 300; trial++) {
        size_t n = (size_t)(rnd() % (trial < 10 ? 70000 : 2000)), k;
        unsigned char *s = (unsigned char *)malloc(n + 1);
        int mode = trial % 4;
        for (k = 0; k < n; k++) {
            uint64_t r = rnd();
            s[k] = (unsigned char)(mode == 0 ? r : mode == 1 ? (uint64_t)(unsigned char)"ab \n"[r % 4] : mode == 2 ? (uint64_t)(r % 2 ? 0xC3 : 0xA9) : (uint64_t)(r % 7 ? 'x' : ' '));
        }
        if (!round_trips(t, s, n)) bad++;
        free(s);
    }
    CHECK(bad == 0, "%d random byte strings did not round-trip", bad);
    alpha_tokenizer_free(t);
    free(train);
}

TEST(bpe_speed_and_quality) {
    char *text = make_text(BIG_TEXT, 5);
    size_t n = strlen(text), ni = 0;
    alpha_tokenizer_desc d = desc_of(ALPHA_TOKENIZER_BPE, 4096);
    alpha_tokenizer *t = NULL, *t2 = NULL;
    double t0 = alpha_train_now(), dt, de;
    int32_t *ids = NULL, m1[200], m2[200];
    CHECK(alpha_tokenizer_train(&d, text, n, &t) == ALPHA_OK, "train");
    dt = alpha_train_now() - t0;
    if (!t) { free(text); return; }
    printf("    bpe: %.1f MB to %d tokens in %.2f s\n", n / 1e6, (int)alpha_tokenizer_vocab_size(t), dt);
    CHECK(dt < 20.0, "training took %.1f s", dt);
    t0 = alpha_train_now();
    CHECK(alpha_tokenizer_encode_alloc(t, text, n, &ids, &ni) == ALPHA_OK, "encode");
    de = alpha_train_now() - t0;
    printf("    bpe: encoded %.1f MB in %.2f s, %.2f bytes/token\n", n / 1e6, de, (double)n / (double)ni);
    CHECK((double)n / (double)ni > 3.0, "compression %.2f bytes/token", (double)n / (double)ni);
    CHECK(round_trips(t, text, n), "big text round trip");
    /* deterministic */
    CHECK(alpha_tokenizer_train(&d, text, n < 200000 ? n : 200000, &t2) == ALPHA_OK, "train again");
    alpha_tokenizer_free(t);
    t = NULL;
    CHECK(alpha_tokenizer_train(&d, text, n < 200000 ? n : 200000, &t) == ALPHA_OK, "train again");
    if (t && t2) CHECK(get_merges(t, m1, 100) == get_merges(t2, m2, 100) && memcmp(m1, m2, sizeof m1) == 0, "not deterministic");
    alpha_tokenizer_free(t);
    alpha_tokenizer_free(t2);
    alpha_train_free(NULL, ids);
    free(text);
}

TEST(char_tokenizer) {
    const char *text = "hello world\nhello!";
    alpha_tokenizer_desc d = desc_of(ALPHA_TOKENIZER_CHAR, 0);
    alpha_tokenizer *t = NULL;
    int32_t ids[64];
    size_t n = 0, l;
    char out[64];
    CHECK(alpha_tokenizer_train(&d, text, strlen(text), &t) == ALPHA_OK, "train");
    if (!t) return;
    /* distinct bytes in byte order: \n ! d e h l o r w and space */
    CHECK(alpha_tokenizer_vocab_size(t) == 10, "vocab %d", alpha_tokenizer_vocab_size(t));
    CHECK(alpha_tokenizer_get_kind(t) == ALPHA_TOKENIZER_CHAR && alpha_tokenizer_unk_id(t) == -1, "kind");
    CHECK(memcmp(alpha_tokenizer_token(t, 0, &l), "\n", 1) == 0 && l == 1, "id 0 is newline");
    CHECK(memcmp(alpha_tokenizer_token(t, 1, &l), " ", 1) == 0, "id 1 is space");
    CHECK(memcmp(alpha_tokenizer_token(t, 9, &l), "w", 1) == 0, "id 9 is w");
    CHECK(alpha_tokenizer_token(t, 10, &l) == NULL && alpha_tokenizer_token(t, -1, &l) == NULL, "bad ids");
    CHECK(alpha_tokenizer_encode(t, "hello", 5, ids, 64, &n) == ALPHA_OK && n == 5, "encode");
    CHECK(ids[0] == 5 && ids[1] == 4 && ids[2] == 6 && ids[3] == 6 && ids[4] == 7, "ids %d %d %d %d %d", ids[0], ids[1], ids[2], ids[3], ids[4]);
    CHECK(round_trips(t, text, strlen(text)), "round trip");
    log_warns = 0;
    CHECK(alpha_tokenizer_encode(t, "hex!", 4, ids, 64, &n) == ALPHA_OK && n == 3, "unseen byte skipped, n=%d", (int)n);
    CHECK(log_warns == 1 && strstr(log_last, "skipped 1 bytes") && strstr(log_last, "0x78 at offset 2"), "warning: %s", log_last);
    CHECK(alpha_tokenizer_decode(t, ids, n, out, sizeof out, &l) == ALPHA_OK && l == 3 && strcmp(out, "he!") == 0, "decode %s", out);
    alpha_tokenizer_free(t);
    /* capped: the 3 most frequent bytes (l:5, o:3, then h:2 before e:2... ties by byte value: 'e' < 'h') */
    d.vocab_size = 3;
    CHECK(alpha_tokenizer_train(&d, text, strlen(text), &t) == ALPHA_OK, "train capped");
    if (t) {
        CHECK(alpha_tokenizer_vocab_size(t) == 3, "capped vocab %d", alpha_tokenizer_vocab_size(t));
        CHECK(*alpha_tokenizer_token(t, 0, &l) == 'e' && *alpha_tokenizer_token(t, 1, &l) == 'l' && *alpha_tokenizer_token(t, 2, &l) == 'o',
              "capped vocab content");
        alpha_tokenizer_free(t);
    }
    d.vocab_size = 0;
    CHECK(alpha_tokenizer_train(&d, "", 0, &t) == ALPHA_ERR_INVALID && t == NULL, "empty text");
}

TEST(word_tokenizer) {
    const char *text = "The cat sat.  The cat ran!\nA dog sat, the dog ran.";
    alpha_tokenizer_desc d = desc_of(ALPHA_TOKENIZER_WORD, 0);
    alpha_tokenizer *t = NULL;
    int32_t ids[64];
    size_t n = 0, l = 0, k;
    char out[128];
    static const char *want[] = {"The", " ", "cat", " ", "sat", ".", "  ", "The", " ", "cat", " ", "ran", "!", "\n", "A", " ",
                                 "dog", " ", "sat", ",", " ", "the", " ", "dog", " ", "ran", "."};
    CHECK(alpha_tokenizer_train(&d, text, strlen(text), &t) == ALPHA_OK, "train");
    if (!t) return;
    CHECK(alpha_tokenizer_unk_id(t) == 0, "unk id");
    CHECK(alpha_tokenizer_encode(t, text, strlen(text), ids, 64, &n) == ALPHA_OK && n == 27, "pieces %d", (int)n);
    for (k = 0; k < n && k < 27; k++) {
        const char *p = alpha_tokenizer_token(t, ids[k], &l);
        CHECK(p && l == strlen(want[k]) && memcmp(p, want[k], l) == 0, "piece %d is '%.*s', want '%s'", (int)k, (int)l, p ? p : "", want[k]);
    }
    /* most frequent first: " " (10 times) gets id 1 */
    CHECK(memcmp(alpha_tokenizer_token(t, 1, &l), " ", 1) == 0 && l == 1, "id 1");
    CHECK(round_trips(t, text, strlen(text)), "round trip of the training text");
    CHECK(alpha_tokenizer_encode(t, "The zebra sat", 13, ids, 64, &n) == ALPHA_OK && n == 5 && ids[2] == 0, "unknown word -> 0");
    CHECK(alpha_tokenizer_decode(t, ids, n, out, sizeof out, &l) == ALPHA_OK && strcmp(out, "The <unk> sat") == 0, "decode '%s'", out);
    alpha_tokenizer_free(t);
    d.vocab_size = 4; /* <unk>, " ", then the two most frequent pieces */
    CHECK(alpha_tokenizer_train(&d, text, strlen(text), &t) == ALPHA_OK && alpha_tokenizer_vocab_size(t) == 4, "capped");
    alpha_tokenizer_free(t);
    d.vocab_size = 0;
    d.min_frequency = 2;
    CHECK(alpha_tokenizer_train(&d, text, strlen(text), &t) == ALPHA_OK, "min_frequency");
    if (t) {
        /* pieces seen at least twice: " " The cat sat . ran dog -> 7 + <unk> */
        CHECK(alpha_tokenizer_vocab_size(t) == 8, "vocab with min_frequency 2: %d", alpha_tokenizer_vocab_size(t));
        alpha_tokenizer_free(t);
    }
}

TEST(encode_decode_api) {
    char *train = make_text(5000, 1);
    alpha_tokenizer_desc d = desc_of(ALPHA_TOKENIZER_BPE, 300);
    alpha_tokenizer *t = NULL;
    int32_t ids[400], few[3], bad[2] = {5, 300};
    size_t n = 0, n2 = 0, l = 0;
    char out[8];
    CHECK(alpha_tokenizer_train(&d, train, strlen(train), &t) == ALPHA_OK, "train");
    if (!t) { free(train); return; }
    CHECK(alpha_tokenizer_encode(t, train, 300, NULL, 0, &n) == ALPHA_OK && n > 3, "count only");
    CHECK(alpha_tokenizer_encode(t, train, 300, ids, 400, &n2) == ALPHA_OK && n2 == n, "full");
    few[0] = few[1] = few[2] = -7;
    CHECK(alpha_tokenizer_encode(t, train, 300, few, 2, &n2) == ALPHA_OK && n2 == n, "capacity 2 still counts all");
    CHECK(few[0] == ids[0] && few[1] == ids[1] && few[2] == -7, "only 2 written");
    CHECK(alpha_tokenizer_decode(t, ids, n, out, sizeof out, &l) == ALPHA_OK && l == 300 && memcmp(out, train, 8) == 0, "decode truncated");
    CHECK(alpha_tokenizer_decode(t, ids, 1, out, sizeof out, &l) == ALPHA_OK && l < 8 && out[l] == 0, "NUL-terminated when room");
    log_warns = 0;
    CHECK(alpha_tokenizer_decode(t, bad, 2, out, sizeof out, &l) == ALPHA_ERR_INVALID, "bad id rejected");
    CHECK(strstr(alpha_tokenizer_last_error(t), "ids[1] = 300 is outside the vocabulary [0, 300)") != NULL, "error: %s",
          alpha_tokenizer_last_error(t));
    CHECK(log_warns == 1, "logged once");
    CHECK(alpha_tokenizer_encode(t, NULL, 5, ids, 4, &n) == ALPHA_ERR_INVALID, "NULL text");
    CHECK(alpha_tokenizer_encode(t, "a", 1, NULL, 4, &n) == ALPHA_ERR_INVALID, "NULL ids with capacity");
    alpha_tokenizer_free(t);
    free(train);
}

TEST(bad_train_arguments) {
    alpha_tokenizer_desc d = desc_of(ALPHA_TOKENIZER_BPE, 100);
    alpha_tokenizer *t = (alpha_tokenizer *)&d;
    log_warns = 0;
    CHECK(alpha_tokenizer_train(&d, "abc", 3, &t) == ALPHA_ERR_INVALID && t == NULL, "BPE vocab 100");
    CHECK(strstr(log_last, "vocab_size 100 invalid for a bpe tokenizer"), "message: %s", log_last);
    d.vocab_size = 0;
    d.kind = (alpha_tokenizer_kind)7;
    CHECK(alpha_tokenizer_train(&d, "abc", 3, &t) == ALPHA_ERR_INVALID && strstr(log_last, "unknown kind 7"), "kind: %s", log_last);
    d.kind = ALPHA_TOKENIZER_BPE;
    d.max_chunk = 4;
    CHECK(alpha_tokenizer_train(&d, "abc", 3, &t) == ALPHA_ERR_INVALID && strstr(log_last, "max_chunk 4"), "max_chunk: %s", log_last);
    d.max_chunk = 0;
    CHECK(alpha_tokenizer_train(&d, NULL, 3, &t) == ALPHA_ERR_INVALID, "NULL text");
    CHECK(alpha_tokenizer_train(&d, "abc", 3, NULL) == ALPHA_ERR_INVALID, "NULL out");
    /* BPE on tiny text stops early with fewer merges and says so */
    CHECK(alpha_tokenizer_train(&d, "abab", 4, &t) == ALPHA_OK && alpha_tokenizer_vocab_size(t) == 257, "tiny text vocab %d",
          t ? alpha_tokenizer_vocab_size(t) : -1);
    alpha_tokenizer_free(t);
    CHECK(alpha_tokenizer_train(&d, "", 0, &t) == ALPHA_OK && alpha_tokenizer_vocab_size(t) == 256, "empty BPE = bytes");
    alpha_tokenizer_free(t);
}

static int progress_calls, cancel_at;
static size_t progress_last_done;
static int progress_cb(void *u, const alpha_tokenizer_progress_info *p) {
    (void)u;
    progress_calls++;
    if (strcmp(p->phase, "merge") == 0) {
        if (p->done < progress_last_done || p->done > p->total) progress_calls += 100000;
        progress_last_done = p->done;
    }
    return cancel_at && progress_calls >= cancel_at;
}

TEST(progress_and_cancel) {
    char *text = make_text(100000, 9);
    alpha_tokenizer_desc d = desc_of(ALPHA_TOKENIZER_BPE, 1256);
    alpha_tokenizer *t = NULL;
    d.progress = progress_cb;
    progress_calls = 0;
    cancel_at = 0;
    progress_last_done = 0;
    CHECK(alpha_tokenizer_train(&d, text, strlen(text), &t) == ALPHA_OK, "train");
    CHECK(progress_calls >= 50 && progress_calls < 300, "%d progress calls", progress_calls);
    CHECK(progress_last_done == 1000, "last merge report %d", (int)progress_last_done);
    alpha_tokenizer_free(t);
    progress_calls = 0;
    cancel_at = 30;
    log_warns = 0;
    CHECK(alpha_tokenizer_train(&d, text, strlen(text), &t) == ALPHA_ERR_STATE && t == NULL, "cancel");
    CHECK(strstr(log_last, "cancelled"), "message %s", log_last);
    d.kind = ALPHA_TOKENIZER_WORD;
    progress_calls = 0;
    cancel_at = 2;
    CHECK(alpha_tokenizer_train(&d, text, strlen(text), &t) == ALPHA_ERR_STATE && t == NULL, "cancel word");
    cancel_at = 0;
    free(text);
}

static char *json_of(alpha_tokenizer *t) {
    alpha_json_writer w;
    const char *s;
    char *copy = NULL;
    alpha_json_writer_init(&w, NULL);
    alpha_json_object_begin(&w);
    alpha_json_kv_int(&w, "step", 7);
    alpha_json_key(&w, "tokenizer");
    CHECK(alpha_tokenizer_to_json(t, &w) == ALPHA_OK, "to_json");
    alpha_json_object_end(&w);
    s = alpha_json_writer_finish(&w, NULL);
    if (s) {
        copy = (char *)malloc(strlen(s) + 1);
        strcpy(copy, s);
    }
    alpha_json_writer_free(&w);
    return copy;
}

TEST(json_and_file_round_trip) {
    char *text = make_text(30000, 21);
    int kind;
    for (kind = 0; kind < 3; kind++) {
        alpha_tokenizer_desc d = desc_of((alpha_tokenizer_kind)kind, kind == 0 ? 700 : kind == 1 ? 0 : 200);
        alpha_tokenizer *t = NULL, *u = NULL, *v = NULL;
        alpha_json *root = NULL;
        char *j1, *j2 = NULL, *j3 = NULL, err[256], path[128];
        int32_t a[2000], b[2000];
        size_t na = 0, nb = 0;
        const char *probe = "Thing 42, unseen zyzzyva and ma\xc3\xa9 the end.\n";
        CHECK(alpha_tokenizer_train(&d, text, strlen(text), &t) == ALPHA_OK, "train kind %d", kind);
        if (!t) continue;
        j1 = json_of(t);
        CHECK(j1 && alpha_json_parse(j1, strlen(j1), NULL, &root, err, sizeof err) == ALPHA_OK, "parse: %s", err);
        CHECK(alpha_tokenizer_from_json(alpha_json_get(root, "tokenizer"), &d, &u, err, sizeof err) == ALPHA_OK, "from_json: %s", err);
        if (u) {
            j2 = json_of(u);
            CHECK(j2 && strcmp(j1, j2) == 0, "kind %d: JSON differs after a round trip", kind);
            CHECK(alpha_tokenizer_encode(t, probe, strlen(probe), a, 2000, &na) == ALPHA_OK &&
                  alpha_tokenizer_encode(u, probe, strlen(probe), b, 2000, &nb) == ALPHA_OK && na == nb &&
                  memcmp(a, b, na * sizeof(int32_t)) == 0, "kind %d: encodings differ", kind);
        }
        snprintf(path, sizeof path, "build/tok_test_%d%s.tok", kind,
#ifdef ALPHA_TEST_SANITIZE
                 "_san"
#else
                 ""
#endif
        );
        CHECK(alpha_tokenizer_save(t, path) == ALPHA_OK, "save: %s", alpha_tokenizer_last_error(t));
        CHECK(alpha_tokenizer_load(path, &d, &v, err, sizeof err) == ALPHA_OK, "load: %s", err);
        if (v) {
            j3 = json_of(v);
            CHECK(j3 && strcmp(j1, j3) == 0, "kind %d: file round trip differs", kind);
            CHECK(alpha_tokenizer_get_kind(v) == (alpha_tokenizer_kind)kind && alpha_tokenizer_vocab_size(v) == alpha_tokenizer_vocab_size(t),
                  "kind/vocab after load");
        }
        remove(path);
        {
            alpha_tokenizer *w = NULL;
            CHECK(alpha_tokenizer_load(path, &d, &w, err, sizeof err) == ALPHA_ERR_IO && w == NULL && strstr(err, "cannot open"),
                  "missing file: %s", err);
        }
        free(j1);
        free(j2);
        free(j3);
        alpha_json_free(root);
        alpha_tokenizer_free(t);
        alpha_tokenizer_free(u);
        alpha_tokenizer_free(v);
    }
    free(text);
}

static void expect_load_error(const char *file, alpha_result want_rc, const char *want) {
    alpha_tokenizer_desc d = desc_of(ALPHA_TOKENIZER_BPE, 0);
    alpha_tokenizer *t = (alpha_tokenizer *)&d;
    char err[512];
    alpha_result rc;
    err[0] = 0;
    log_warns = 0;
    rc = alpha_tokenizer_load_mem(file, strlen(file), &d, &t, err, sizeof err);
    CHECK(rc == want_rc, "'%.60s': got %s, want %s (%s)", file, alpha_result_str(rc), alpha_result_str(want_rc), err);
    CHECK(t == NULL, "out not cleared");
    CHECK(strstr(err, want) != NULL, "'%.60s': error '%s' lacks '%s'", file, err, want);
    CHECK(log_warns == 1, "logged %d times", log_warns);
    alpha_tokenizer_free(rc == ALPHA_OK ? t : NULL);
}

TEST(load_rejects_bad_files) {
    const alpha_result F = ALPHA_ERR_FORMAT, U = ALPHA_ERR_UNSUPPORTED;
    char buf[4096];
    int i, o;
    expect_load_error("", F, "not an alpha tokenizer file");
    expect_load_error("ALPHATOX 1\n{}", F, "not an alpha tokenizer file");
    expect_load_error("ALPHATOK x\n{}", F, "malformed first line");
    expect_load_error("ALPHATOK 1", F, "malformed first line");
    expect_load_error("ALPHATOK 2\n{}", U, "version 2 is not supported");
    expect_load_error("ALPHATOK 1\n", F, "2:1: unexpected end of input");
    expect_load_error("ALPHATOK 1\n{\"type\":\"bpe\",", F, "2:15: expected a string key, got end of input");
    expect_load_error("ALPHATOK 1\n[]", F, "expected a tokenizer object, got array");
    expect_load_error("ALPHATOK 1\n{}", F, "missing key 'type'");
    expect_load_error("ALPHATOK 1\n{\"type\":\"sentencepiece\"}", F, "unknown tokenizer type \"sentencepiece\"");
    expect_load_error("ALPHATOK 1\n{\"type\":\"bpe\",\"version\":2,\"vocab_size\":256}", U, "version 2 is not supported");
    expect_load_error("ALPHATOK 1\n{\"type\":\"bpe\",\"version\":1,\"vocab_size\":100}", F, "'vocab_size': expected an integer in [256, 4194304], got 100");
    expect_load_error("ALPHATOK 1\n{\"type\":\"bpe\",\"version\":1,\"vocab_size\":256,\"pretokenizer\":\"gpt2\"}", U, "\"gpt2\" is not supported");
    expect_load_error("ALPHATOK 1\n{\"type\":\"bpe\",\"version\":1,\"vocab_size\":258,\"pretokenizer\":\"alpha-bpe-v1\",\"max_chunk\":256,"
                      "\"merges\":[[97,98]]}", F, "'merges' has 1 entries but vocab_size 258 needs 2");
    expect_load_error("ALPHATOK 1\n{\"type\":\"bpe\",\"version\":1,\"vocab_size\":258,\"pretokenizer\":\"alpha-bpe-v1\",\"max_chunk\":256,"
                      "\"merges\":[[97,98],[256,257]]}", F, "merges[1][1]: expected a token id in [0, 257)");
    expect_load_error("ALPHATOK 1\n{\"type\":\"bpe\",\"version\":1,\"vocab_size\":258,\"pretokenizer\":\"alpha-bpe-v1\",\"max_chunk\":256,"
                      "\"merges\":[[97,98],[97,98]]}", F, "merges[1] = [97, 98] repeats an earlier merge");
    expect_load_error("ALPHATOK 1\n{\"type\":\"bpe\",\"version\":1,\"vocab_size\":257,\"pretokenizer\":\"alpha-bpe-v1\",\"max_chunk\":256,"
                      "\"merges\":[[97]]}", F, "merges[0]: expected a pair");
    expect_load_error("ALPHATOK 1\n{\"type\":\"bpe\",\"version\":1,\"vocab_size\":257,\"pretokenizer\":\"alpha-bpe-v1\",\"max_chunk\":4,"
                      "\"merges\":[[97,98]]}", F, "'max_chunk': expected an integer in [8, 65536], got 4");
    expect_load_error("ALPHATOK 1\n{\"type\":\"char\",\"version\":1,\"vocab_size\":2,\"vocab\":[\"a\",\"a\"]}", F, "vocab[1]: byte 0x61 appears twice");
    expect_load_error("ALPHATOK 1\n{\"type\":\"char\",\"version\":1,\"vocab_size\":2,\"vocab\":[\"a\",\"bc\"]}", F, "vocab[1]: expected a string of exactly one byte");
    expect_load_error("ALPHATOK 1\n{\"type\":\"char\",\"version\":1,\"vocab_size\":3,\"vocab\":[\"a\",\"b\"]}", F, "'vocab' has 2 entries but vocab_size is 3");
    expect_load_error("ALPHATOK 1\n{\"type\":\"word\",\"version\":1,\"vocab_size\":3,\"pretokenizer\":\"alpha-word-v1\",\"vocab\":[\"<unk>\",\"a\",\"a\"]}",
                      F, "contains the same piece twice");
    expect_load_error("ALPHATOK 1\n{\"type\":\"word\",\"version\":1,\"vocab_size\":2,\"pretokenizer\":\"alpha-word-v1\",\"vocab\":[\"<unk>\",\"\"]}",
                      F, "vocab[1]: expected a non-empty string");
    expect_load_error("ALPHATOK 1\n{\"type\":\"word\",\"version\":1,\"vocab_size\":2,\"pretokenizer\":\"alpha-word-v1\",\"vocab\":[\"<unk>\",[300]]}",
                      F, "vocab[1]");
    /* a merge chain whose tokens outgrow max_chunk */
    o = sprintf(buf, "ALPHATOK 1\n{\"type\":\"bpe\",\"version\":1,\"vocab_size\":%d,\"pretokenizer\":\"alpha-bpe-v1\",\"max_chunk\":8,\"merges\":[[97,97]", 256 + 4);
    for (i = 1; i < 4; i++) o += sprintf(buf + o, ",[%d,%d]", 255 + i, 255 + i);
    sprintf(buf + o, "]}");
    expect_load_error(buf, F, "merges[3] makes a token of 16 bytes, longer than max_chunk 8");
    /* valid minimal files load */
    {
        alpha_tokenizer *t = NULL;
        const char *ok = "ALPHATOK 1\n{\"type\":\"char\",\"version\":1,\"vocab_size\":2,\"vocab\":[\"a\",[255]]}\n";
        CHECK(alpha_tokenizer_load_mem(ok, strlen(ok), NULL, &t, NULL, 0) == ALPHA_OK && alpha_tokenizer_vocab_size(t) == 2, "minimal char");
        alpha_tokenizer_free(t);
    }
}

/* fails the n-th allocation and every one after it */
static long fail_after, alloc_live, alloc_count;
static void *failing_alloc(void *u, size_t n) {
    (void)u;
    if (alloc_count++ >= fail_after) return NULL;
    alloc_live++;
    return malloc(n);
}
static void failing_free(void *u, void *p) { (void)u; if (p) alloc_live--; free(p); }

TEST(out_of_memory_is_clean) {
    char *text = make_text(3000, 77);
    int kind, failures = 0, oks = 0;
    for (kind = 0; kind < 3; kind++) {
        for (fail_after = 0; fail_after < 400; fail_after += (fail_after < 60 ? 1 : 17)) {
            alpha_tokenizer_desc d = desc_of((alpha_tokenizer_kind)kind, kind == 0 ? 300 : 0);
            alpha_tokenizer *t = NULL;
            alpha_result rc;
            d.allocator.alloc = failing_alloc;
            d.allocator.free = failing_free;
            alloc_live = alloc_count = 0;
            rc = alpha_tokenizer_train(&d, text, strlen(text), &t);
            if (rc == ALPHA_OK) {
                oks++;
                rt_alloc = &d.allocator;
                round_trips(t, text, strlen(text)); /* may fail for lack of memory, must not leak */
                rt_alloc = NULL;
                alpha_tokenizer_free(t);
            } else if (rc != ALPHA_ERR_OOM || t != NULL) {
                failures++;
            }
            if (alloc_live != 0) failures++;
            if ((rc != ALPHA_OK && rc != ALPHA_ERR_OOM) || alloc_live) printf("kind %d fail_after %ld rc %d live %ld\n", kind, fail_after, rc, alloc_live);
        }
    }
    CHECK(failures == 0, "%d OOM runs misbehaved or leaked", failures);
    CHECK(oks > 0, "no run got enough memory");
    free(text);
}

int main(void) {
    RUN(bpe_matches_reference_training);
    RUN(bpe_encode_matches_reference);
    RUN(bpe_round_trips_any_bytes);
    RUN(bpe_speed_and_quality);
    RUN(char_tokenizer);
    RUN(word_tokenizer);
    RUN(encode_decode_api);
    RUN(bad_train_arguments);
    RUN(progress_and_cancel);
    RUN(json_and_file_round_trip);
    RUN(load_rejects_bad_files);
    RUN(out_of_memory_is_clean);
    return test_summary();
}
