/* tests/test_train_data.c: token files, the data loader, metrics JSONL, the progress line,
   the SVG loss plot and the file helpers of alpha_train.h. */
#define ALPHA_IMPLEMENTATION
#include "alpha_train.h"
#include "test.h"
#include <string.h>
#include <stdlib.h>

#ifdef ALPHA_TEST_SANITIZE
#define TMP "build/test_train_data_tmp_san"
#else
#define TMP "build/test_train_data_tmp"
#endif

static int log_errors;
static char log_last[1024];
static void test_log(void *u, alpha_log_level l, const char *m) {
    (void)u;
    if (l >= ALPHA_LOG_WARN) {
        log_errors++;
        strncpy(log_last, m, sizeof log_last - 1);
    }
}
static alpha_logger test_logger(void) {
    alpha_logger lg;
    lg.func = test_log;
    lg.user_data = NULL;
    return lg;
}

static char *slurp(const char *path, size_t *n) {
    char *d = NULL;
    if (alpha_train_read_file(path, 0, NULL, NULL, &d, n, NULL, 0) != ALPHA_OK) return NULL;
    return d;
}

static int write_bytes(const char *path, const void *p, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(p, 1, n, f);
    fclose(f);
    return 1;
}

TEST(files_and_dirs) {
    alpha_logger lg = test_logger();
    alpha_atomic_file f;
    char *d;
    size_t n;
    CHECK(alpha_train_mkdirs(TMP "/a/b//c/", &lg) == ALPHA_OK, "mkdirs: %s", log_last);
    CHECK(alpha_train_mkdirs(TMP "/a/b/c", &lg) == ALPHA_OK, "mkdirs on existing");
    CHECK(write_bytes(TMP "/a/file", "x", 1), "write");
    log_errors = 0;
    CHECK(alpha_train_mkdirs(TMP "/a/file/sub", &lg) == ALPHA_ERR_IO && log_errors == 1 && strstr(log_last, "cannot create"),
          "mkdir under a file: %s", log_last);
    CHECK(alpha_train_mkdirs("", &lg) == ALPHA_ERR_INVALID, "empty path");
    /* atomic replace */
    CHECK(alpha_atomic_file_open(&f, TMP "/a/atomic.txt", NULL, &lg) == ALPHA_OK, "open");
    alpha_atomic_file_write(&f, "first", 5);
    CHECK(alpha_atomic_file_commit(&f) == ALPHA_OK, "commit");
    d = slurp(TMP "/a/atomic.txt", &n);
    CHECK(d && n == 5 && memcmp(d, "first", 5) == 0, "content");
    alpha_train_free(NULL, d);
    CHECK(alpha_atomic_file_open(&f, TMP "/a/atomic.txt", NULL, &lg) == ALPHA_OK, "open 2");
    alpha_atomic_file_write(&f, "second version", 14);
    alpha_atomic_file_abort(&f);
    d = slurp(TMP "/a/atomic.txt", &n);
    CHECK(d && n == 5 && memcmp(d, "first", 5) == 0, "abort keeps the old file");
    alpha_train_free(NULL, d);
    CHECK(alpha_atomic_file_open(&f, TMP "/a/atomic.txt", NULL, &lg) == ALPHA_OK, "open 3");
    alpha_atomic_file_write(&f, "second", 6);
    alpha_atomic_file_write(&f, " version", 8);
    CHECK(alpha_atomic_file_commit(&f) == ALPHA_OK, "commit 2");
    d = slurp(TMP "/a/atomic.txt", &n);
    CHECK(d && n == 14 && memcmp(d, "second version", 14) == 0 && d[14] == 0, "replaced");
    alpha_train_free(NULL, d);
    {
        /* the temporary file is gone after commit and after abort */
        char tmp[512];
        FILE *probe;
        CHECK(alpha_atomic_file_open(&f, TMP "/a/atomic2.txt", NULL, &lg) == ALPHA_OK, "open 4");
        snprintf(tmp, sizeof tmp, "%s", f.tmp_path);
        probe = fopen(tmp, "rb");
        CHECK(probe != NULL && strstr(tmp, TMP "/a/atomic2.txt.tmp") == tmp, "temporary file %s exists while writing", tmp);
        if (probe) fclose(probe);
        alpha_atomic_file_write(&f, "x", 1);
        alpha_atomic_file_commit(&f);
        probe = fopen(tmp, "rb");
        CHECK(probe == NULL, "temporary file left after commit");
        if (probe) fclose(probe);
        CHECK(alpha_atomic_file_open(&f, TMP "/a/atomic3.txt", NULL, &lg) == ALPHA_OK, "open 5");
        snprintf(tmp, sizeof tmp, "%s", f.tmp_path);
        alpha_atomic_file_abort(&f);
        probe = fopen(tmp, "rb");
        CHECK(probe == NULL, "temporary file left after abort");
        if (probe) fclose(probe);
        probe = fopen(TMP "/a/atomic3.txt", "rb");
        CHECK(probe == NULL, "aborted file exists");
        if (probe) fclose(probe);
    }
    log_errors = 0;
    CHECK(alpha_atomic_file_open(&f, TMP "/missing/dir/x", NULL, &lg) == ALPHA_ERR_IO && log_errors == 1, "open in a missing dir");
    CHECK(alpha_train_read_file(TMP "/a/atomic.txt", 4, NULL, &lg, &d, &n, NULL, 0) == ALPHA_ERR_FORMAT && d == NULL, "max_size");
    CHECK(alpha_train_read_file(TMP "/nope", 0, NULL, &lg, &d, &n, NULL, 0) == ALPHA_ERR_IO, "missing file");
    CHECK(alpha_train_now() > 0, "clock");
}

TEST(token_files) {
    alpha_logger lg = test_logger();
    int32_t small[5] = {0, 1, 65535, 7, 300}, big[4] = {70000, 0, 2147483647, 5};
    int32_t *back = NULL;
    size_t n = 0, sz = 0;
    int32_t vocab = -1;
    char err[512], *raw;
    CHECK(alpha_train_mkdirs(TMP, &lg) == ALPHA_OK, "tmp");
    CHECK(alpha_token_file_save(TMP "/small.tok", small, 5, 65536, &lg) == ALPHA_OK, "save u16");
    raw = slurp(TMP "/small.tok", &sz);
    CHECK(raw && sz == 32 + 10, "u16 file size %d", (int)sz);
    if (raw && sz == 42) {
        static const unsigned char hdr[32] = {'A', 'L', 'P', 'H', 'A', 'T', 'K', 'N', 1, 0, 0, 0, 1, 0, 0, 0,
                                              5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0};
        CHECK(memcmp(raw, hdr, 32) == 0, "header bytes");
        CHECK((unsigned char)raw[36] == 0xff && (unsigned char)raw[37] == 0xff && raw[40] == 44 && raw[41] == 1, "little-endian data");
    }
    alpha_train_free(NULL, raw);
    CHECK(alpha_token_file_load(TMP "/small.tok", NULL, &lg, &back, &n, &vocab, err, sizeof err) == ALPHA_OK, "load: %s", err);
    CHECK(back && n == 5 && vocab == 65536 && memcmp(back, small, sizeof small) == 0, "u16 round trip");
    alpha_train_free(NULL, back);
    CHECK(alpha_token_file_save(TMP "/big.tok", big, 4, 0, &lg) == ALPHA_OK, "save i32");
    raw = slurp(TMP "/big.tok", &sz);
    CHECK(raw && sz == 32 + 16 && raw[12] == 2, "i32 file");
    alpha_train_free(NULL, raw);
    CHECK(alpha_token_file_load(TMP "/big.tok", NULL, &lg, &back, &n, &vocab, err, sizeof err) == ALPHA_OK && n == 4 && vocab == 0 &&
          memcmp(back, big, sizeof big) == 0, "i32 round trip");
    alpha_train_free(NULL, back);
    CHECK(alpha_token_file_save(TMP "/empty.tok", NULL, 0, 10, &lg) == ALPHA_OK, "empty");
    CHECK(alpha_token_file_load(TMP "/empty.tok", NULL, &lg, &back, &n, &vocab, err, sizeof err) == ALPHA_OK && n == 0 && vocab == 10, "load empty");
    alpha_train_free(NULL, back);
    log_errors = 0;
    CHECK(alpha_token_file_save(TMP "/bad.tok", small, 5, 300, &lg) == ALPHA_ERR_INVALID && strstr(log_last, "tokens[2] = 65535 is outside [0, 300)"),
          "out of vocab: %s", log_last);
    big[1] = -1;
    CHECK(alpha_token_file_save(TMP "/bad.tok", big, 4, 0, &lg) == ALPHA_ERR_INVALID, "negative token");
}

static void expect_parse_error(const unsigned char *data, size_t n, alpha_result want_rc, const char *want) {
    alpha_logger lg = test_logger();
    int32_t *t = (int32_t *)1;
    size_t cnt;
    int32_t v;
    char err[512];
    alpha_result rc;
    err[0] = 0;
    rc = alpha_token_file_parse(data, n, NULL, &lg, &t, &cnt, &v, err, sizeof err);
    CHECK(rc == want_rc, "got %s want %s: %s", alpha_result_str(rc), alpha_result_str(want_rc), err);
    CHECK(t == NULL, "tokens not cleared");
    CHECK(strstr(err, want) != NULL, "error '%s' lacks '%s'", err, want);
}

TEST(token_file_rejects) {
    unsigned char f[64];
    alpha_logger lg = test_logger();
    char err[512];
    int32_t *t;
    size_t n;
    memset(f, 0, sizeof f);
    memcpy(f, "ALPHATKN", 8);
    f[8] = 1;   /* version */
    f[12] = 1;  /* u16 */
    f[16] = 3;  /* count */
    f[24] = 10; /* vocab */
    f[32] = 1; f[34] = 2; f[36] = 9;
    CHECK(alpha_token_file_parse(f, 38, NULL, &lg, &t, &n, NULL, err, sizeof err) == ALPHA_OK && n == 3 && t[2] == 9, "valid: %s", err);
    alpha_train_free(NULL, t);
    expect_parse_error(f, 10, ALPHA_ERR_FORMAT, "not an alpha token file");
    expect_parse_error(f, 37, ALPHA_ERR_FORMAT, "header says 3 tokens of 2 bytes but the file has 5 data bytes");
    expect_parse_error(f, 40, ALPHA_ERR_FORMAT, "file has 8 data bytes");
    f[36] = 10;
    expect_parse_error(f, 38, ALPHA_ERR_FORMAT, "token 2 has value 10 outside [0, 10)");
    f[36] = 9;
    f[8] = 2;
    expect_parse_error(f, 38, ALPHA_ERR_UNSUPPORTED, "format version 2 is not supported");
    f[8] = 1;
    f[12] = 3;
    expect_parse_error(f, 38, ALPHA_ERR_FORMAT, "dtype 3 is not 1 (uint16) or 2 (int32)");
    f[12] = 2;
    f[16] = 1;
    f[32] = 0; f[33] = 0; f[34] = 0; f[35] = 0x80;
    expect_parse_error(f, 36, ALPHA_ERR_FORMAT, "token 0 has value -2147483648");
    f[16] = 0xff; f[17] = 0xff; f[18] = 0xff; f[19] = 0xff; f[20] = 0xff; f[21] = 0xff; f[22] = 0xff; f[23] = 0x3f;
    expect_parse_error(f, 36, ALPHA_ERR_FORMAT, "truncated or padded"); /* count * 4 overflows: must not wrap */
    f[16] = 1; f[17] = f[18] = f[19] = f[20] = f[21] = f[22] = f[23] = 0;
    f[28] = 1;
    expect_parse_error(f, 36, ALPHA_ERR_FORMAT, "vocab_size 4294967306 is larger than 2^31-1");
    memcpy(f, "ALPHATKX", 8);
    expect_parse_error(f, 36, ALPHA_ERR_FORMAT, "not an alpha token file");
    CHECK(write_bytes(TMP "/trunc.tok", "ALPHATKN", 8), "write");
    log_errors = 0;
    CHECK(alpha_token_file_load(TMP "/trunc.tok", NULL, &lg, &t, &n, NULL, err, sizeof err) == ALPHA_ERR_FORMAT && log_errors == 1 &&
          strstr(err, "trunc.tok': not an alpha token file"), "load names the file: %s", err);
}

static int32_t *iota(size_t n) {
    int32_t *t = (int32_t *)malloc(n * sizeof(int32_t));
    size_t i;
    for (i = 0; i < n; i++) t[i] = (int32_t)i;
    return t;
}

TEST(data_loader_batches) {
    alpha_data_desc dd;
    alpha_data *d = NULL, *d2 = NULL;
    int32_t *tok = iota(10000), x[4 * 16], y[4 * 16], x2[4 * 16], y2[4 * 16];
    int step, b, t, ok = 1;
    size_t hist[10];
    memset(&dd, 0, sizeof dd);
    dd.batch_size = 4;
    dd.seq_len = 16;
    dd.seed = 1234;
    dd.logger = test_logger();
    CHECK(alpha_data_create(&dd, tok, 10000, &d) == ALPHA_OK, "create");
    if (!d) { free(tok); return; }
    CHECK(alpha_data_train_tokens(d) == 9000 && alpha_data_val_tokens(d) == 1000, "default split 90/10: %d %d",
          (int)alpha_data_train_tokens(d), (int)alpha_data_val_tokens(d));
    memset(hist, 0, sizeof hist);
    for (step = 0; step < 2000; step++) {
        CHECK(alpha_data_next_batch(d, x, y) == ALPHA_OK, "batch");
        for (b = 0; b < 4; b++) {
            int32_t s = x[b * 16];
            if (s < 0 || s + 16 >= 9000) ok = 0; /* windows of T+1 tokens inside the train split */
            hist[s * 10 / (9000 - 16)]++;
            for (t = 0; t < 16; t++) if (x[b * 16 + t] != s + t || y[b * 16 + t] != s + t + 1) ok = 0;
        }
    }
    CHECK(ok, "windows are contiguous, y = x shifted by one, all inside the train split");
    for (b = 0; b < 10; b++) CHECK(hist[b] > 650 && hist[b] < 950, "start positions not uniform: bucket %d has %d of 8000", b, (int)hist[b]);
    /* determinism: same seed, same batches; batch_at agrees with next_batch */
    dd.borrow = 1;
    CHECK(alpha_data_create(&dd, tok, 10000, &d2) == ALPHA_OK, "create 2");
    alpha_data_batch_at(d, 17, x, y);
    for (step = 0; step <= 17; step++) alpha_data_next_batch(d2, x2, y2);
    CHECK(memcmp(x, x2, sizeof x) == 0 && memcmp(y, y2, sizeof y) == 0, "batch_at(17) == 18th next_batch");
    alpha_data_free(d2);
    dd.seed = 1235;
    CHECK(alpha_data_create(&dd, tok, 10000, &d2) == ALPHA_OK, "create 3");
    alpha_data_batch_at(d2, 17, x2, y2);
    CHECK(memcmp(x, x2, sizeof x) != 0, "another seed gives other batches");
    alpha_data_free(d2);
    alpha_data_free(d);
    /* a regression anchor: the first starts for seed 1234 must never change (resumed runs) */
    dd.seed = 1234;
    dd.borrow = 0;
    CHECK(alpha_data_create(&dd, tok, 10000, &d) == ALPHA_OK, "create 4");
    alpha_data_next_batch(d, x, y);
    CHECK(x[0] == 3157 && x[16] == 8170 && x[32] == 5304 && x[48] == 2129, "first starts for seed 1234 changed: %d %d %d %d",
          x[0], x[16], x[32], x[48]);
    alpha_data_free(d);
    free(tok);
}

TEST(data_loader_state) {
    alpha_data_desc dd;
    alpha_data *d = NULL, *e = NULL;
    int32_t *tok = iota(5000), x[2 * 8], y[2 * 8], rx[3][2 * 8], rows;
    alpha_data_state st, st2;
    int i;
    memset(&dd, 0, sizeof dd);
    dd.batch_size = 2;
    dd.seq_len = 8;
    dd.seed = 99;
    dd.val_fraction = 0.2;
    dd.logger = test_logger();
    CHECK(alpha_data_create(&dd, tok, 5000, &d) == ALPHA_OK, "create");
    if (!d) { free(tok); return; }
    for (i = 0; i < 5; i++) alpha_data_next_batch(d, x, y);
    alpha_data_val_next(d, x, y, &rows);
    alpha_data_get_state(d, &st);
    CHECK(st.seed == 99 && st.step == 5 && st.val_pos == 16 && st.train_tokens == 4000, "state %llu %llu %llu",
          (unsigned long long)st.step, (unsigned long long)st.val_pos, (unsigned long long)st.train_tokens);
    for (i = 0; i < 3; i++) alpha_data_next_batch(d, rx[i], y);
    /* a fresh loader restored from the state continues identically */
    CHECK(alpha_data_create(&dd, tok, 5000, &e) == ALPHA_OK, "create 2");
    CHECK(alpha_data_set_state(e, &st) == ALPHA_OK, "restore");
    for (i = 0; i < 3; i++) {
        alpha_data_next_batch(e, x, y);
        CHECK(memcmp(x, rx[i], sizeof x) == 0, "batch %d after restore differs", i);
    }
    alpha_data_val_next(e, x, y, &rows);
    CHECK(rows == 2 && x[0] == 4016, "val continues at the saved position (x[0]=%d)", x[0]);
    alpha_data_get_state(e, &st2);
    CHECK(st2.step == 8 && st2.val_pos == 32, "state after");
    st2.train_tokens = 123;
    log_errors = 0;
    CHECK(alpha_data_set_state(e, &st2) == ALPHA_ERR_INVALID && strstr(alpha_data_last_error(e), "train split of 123 tokens"),
          "foreign state: %s", alpha_data_last_error(e));
    st2.train_tokens = 4000;
    st2.val_pos = 1001;
    CHECK(alpha_data_set_state(e, &st2) == ALPHA_ERR_INVALID && strstr(alpha_data_last_error(e), "val_pos 1001"), "val_pos check");
    alpha_data_free(e);
    alpha_data_free(d);
    free(tok);
}

TEST(data_loader_validation) {
    alpha_data_desc dd;
    alpha_data *d = NULL;
    int32_t *tok = iota(1000), x[3 * 10], y[3 * 10], rows = 0;
    size_t windows = 0, covered = 0, k;
    int ok = 1;
    memset(&dd, 0, sizeof dd);
    dd.batch_size = 3;
    dd.seq_len = 10;
    dd.val_fraction = 0.25;
    dd.logger = test_logger();
    CHECK(alpha_data_create(&dd, tok, 1000, &d) == ALPHA_OK, "create");
    if (!d) { free(tok); return; }
    CHECK(alpha_data_val_windows(d) == 24, "(250-1)/10 = 24 windows, got %d", (int)alpha_data_val_windows(d));
    for (;;) {
        CHECK(alpha_data_val_next(d, x, y, &rows) == ALPHA_OK, "val_next");
        if (rows == 0) break;
        for (k = 0; k < (size_t)rows; k++) {
            size_t t;
            for (t = 0; t < 10; t++)
                if (x[k * 10 + t] != (int32_t)(750 + covered * 10 + t) || y[k * 10 + t] != x[k * 10 + t] + 1) ok = 0;
            covered++;
        }
        windows += (size_t)rows;
    }
    CHECK(ok, "validation windows are consecutive with stride T");
    CHECK(windows == 24, "%d windows", (int)windows);
    alpha_data_val_reset(d);
    alpha_data_val_next(d, x, y, &rows);
    CHECK(rows == 3 && x[0] == 750, "reset");
    alpha_data_free(d);
    /* no validation split */
    dd.val_fraction = -1;
    CHECK(alpha_data_create(&dd, tok, 1000, &d) == ALPHA_OK && alpha_data_val_tokens(d) == 0 && alpha_data_val_windows(d) == 0, "no val");
    alpha_data_val_next(d, x, y, &rows);
    CHECK(rows == 0, "no val rows");
    alpha_data_free(d);
    /* bad descriptions */
    log_errors = 0;
    dd.val_fraction = 1.5;
    CHECK(alpha_data_create(&dd, tok, 1000, &d) == ALPHA_ERR_INVALID && d == NULL && strstr(log_last, "val_fraction 1.5"), "val_fraction");
    dd.val_fraction = 0;
    dd.seq_len = 950;
    CHECK(alpha_data_create(&dd, tok, 1000, &d) == ALPHA_ERR_INVALID && strstr(log_last, "train split has 900 tokens"), "%s", log_last);
    dd.seq_len = 10;
    dd.vocab_size = 500;
    CHECK(alpha_data_create(&dd, tok, 1000, &d) == ALPHA_ERR_INVALID && strstr(log_last, "tokens[500] = 500 is outside [0, 500)"), "%s", log_last);
    dd.vocab_size = 0;
    dd.batch_size = -2;
    CHECK(alpha_data_create(&dd, tok, 1000, &d) == ALPHA_ERR_INVALID, "negative batch");
    dd.batch_size = 3;
    dd.seq_len = 200; /* val split of 100 tokens is too small: warning, still valid */
    log_errors = 0;
    CHECK(alpha_data_create(&dd, tok, 1000, &d) == ALPHA_OK && log_errors == 1 && strstr(log_last, "no validation windows"), "small val");
    alpha_data_free(d);
    free(tok);
}

TEST(metrics_jsonl) {
    alpha_metrics_desc md;
    alpha_metrics *m = NULL;
    alpha_metrics_record r;
    alpha_json_writer *w;
    char *text;
    size_t n, lines = 0, i;
    memset(&md, 0, sizeof md);
    md.run_dir = TMP "/runs/exp1";
    md.logger = test_logger();
    CHECK(alpha_metrics_open(&md, &m) == ALPHA_OK, "open");
    if (!m) return;
    CHECK(strcmp(alpha_metrics_path(m), TMP "/runs/exp1/metrics.jsonl") == 0, "path %s", alpha_metrics_path(m));
    memset(&r, 0, sizeof r);
    r.step = 1; r.loss = 10.8125; r.lr = 3e-4; r.grad_norm = 1.25; r.tok_s = 12345.5; r.ms = 87.25;
    CHECK(alpha_metrics_log(m, &r) == ALPHA_OK, "log 1");
    r.step = 2; r.loss = 0.1; r.has_val_loss = 1; r.val_loss = 2.0 / 3.0;
    CHECK(alpha_metrics_log(m, &r) == ALPHA_OK, "log 2");
    r.step = 3; r.loss = HUGE_VAL - HUGE_VAL; r.has_val_loss = 0;
    w = alpha_metrics_begin_line(m, &r);
    alpha_json_kv_double(w, "loss_scale", 65536);
    alpha_json_kv_bool(w, "skipped", 1);
    CHECK(alpha_metrics_end_line(m) == ALPHA_OK, "log 3");
    CHECK(alpha_metrics_end_line(m) == ALPHA_ERR_STATE, "end without begin");
    alpha_metrics_close(m);
    md.append = 1;
    CHECK(alpha_metrics_open(&md, &m) == ALPHA_OK, "reopen");
    r.step = 4; r.loss = 1.5;
    alpha_metrics_log(m, &r);
    alpha_metrics_close(m);
    text = slurp(TMP "/runs/exp1/metrics.jsonl", &n);
    CHECK(text != NULL, "read");
    if (!text) return;
    for (i = 0; i < n; i++) lines += text[i] == '\n';
    CHECK(lines == 4, "%d lines", (int)lines);
    CHECK(strncmp(text, "{\"step\":1,\"loss\":10.8125,\"lr\":0.0003,\"grad_norm\":1.25,\"tok_s\":12345.5,\"ms\":87.25}\n", 82) == 0,
          "first line: %.90s", text);
    {
        char *l2 = strchr(text, '\n') + 1, *l3 = strchr(l2, '\n') + 1, *e2 = strchr(l2, '\n');
        alpha_json *j = NULL;
        CHECK(alpha_json_parse(l2, (size_t)(e2 - l2), NULL, &j, NULL, 0) == ALPHA_OK, "line 2 parses");
        CHECK(j && alpha_json_as_double(alpha_json_get(j, "val_loss"), 0) == 2.0 / 3.0 && alpha_json_as_double(alpha_json_get(j, "loss"), 0) == 0.1,
              "exact doubles");
        alpha_json_free(j);
        CHECK(strncmp(l3, "{\"step\":3,\"loss\":null,", 22) == 0 && strstr(l3, "\"loss_scale\":65536,\"skipped\":true}\n{\"step\":4"),
              "line 3: %.120s", l3);
    }
    alpha_train_free(NULL, text);
    log_errors = 0;
    md.file_name = "../x.jsonl";
    CHECK(alpha_metrics_open(&md, &m) == ALPHA_ERR_INVALID && m == NULL, "file name with a directory");
}

TEST(progress_line) {
    char buf[256];
    FILE *f;
    alpha_progress p;
    alpha_progress_desc pd;
    char *text;
    size_t n;
    alpha_progress_format(buf, sizeof buf, "train", 120, 5000, 0, 3.21449, 12345, 65);
    CHECK(strcmp(buf, "train 120/5000 2.4% | loss 3.2145 | 12.3k tok/s | elapsed 1m05s | ETA 44m03s") == 0, "got '%s'", buf);
    alpha_progress_format(buf, sizeof buf, "eval", 7, 0, 0, HUGE_VAL - HUGE_VAL, 2.5e6, 4000);
    CHECK(strcmp(buf, "eval 7 | loss nan | 2.50M tok/s | elapsed 1h06m") == 0, "got '%s'", buf);
    alpha_progress_format(buf, sizeof buf, "train", 150, 200, 100, 1.0, 500, 100);
    CHECK(strstr(buf, "| 500 tok/s |") && strstr(buf, "ETA 1m40s"), "resumed ETA uses start_step: '%s'", buf);
    CHECK(alpha_progress_format(buf, 10, "train", 1, 2, 0, 1, 1, 1) > 10 && strlen(buf) == 9, "truncation");
    /* lines mode: first and last step always printed, nothing in between within the interval */
    f = fopen(TMP "/progress.txt", "wb");
    CHECK(f != NULL, "open");
    if (!f) return;
    memset(&pd, 0, sizeof pd);
    pd.out = f;
    pd.total = 100;
    pd.mode = 2;
    pd.interval_s = 1000;
    alpha_progress_init(&p, &pd);
    {
        int s;
        for (s = 1; s <= 100; s++) alpha_progress_update(&p, s, 2.0, 1000);
    }
    alpha_progress_finish(&p);
    /* TTY mode: carriage returns, padding, final newline */
    pd.mode = 1;
    pd.label = "tty";
    alpha_progress_init(&p, &pd);
    alpha_progress_update(&p, 1, 2.0, 1000);
    alpha_progress_update(&p, 100, 2.0, 1000);
    alpha_progress_finish(&p);
    fclose(f);
    text = slurp(TMP "/progress.txt", &n);
    CHECK(text && strncmp(text, "train 1/100 1.0% | loss 2.0000", 30) == 0, "first line: %s", text);
    CHECK(text && strstr(text, "\ntrain 100/100 100.0% | loss 2.0000") != NULL, "last line");
    CHECK(text && strstr(text, "train 2/100") == NULL, "throttled");
    CHECK(text && strstr(text, "\rtty 1/100") && strstr(text, "\rtty 100/100") && text[n - 1] == '\n', "tty mode");
    alpha_train_free(NULL, text);
}

TEST(loss_plot) {
    char jsonl[200000];
    size_t o = 0;
    int s;
    char *svg = NULL;
    size_t n = 0;
    alpha_plot_desc pd;
    int circles = 0;
    const char *p;
    for (s = 0; s <= 2000; s += 4) {
        double loss = 2.0 + 8.0 * exp(-s / 300.0) + 0.2 * sin(s * 1.7);
        if (s % 200 == 0)
            o += (size_t)sprintf(jsonl + o, "{\"step\":%d,\"loss\":%.6f,\"lr\":0.001,\"val_loss\":%.6f}\n", s, loss, loss + 0.3);
        else
            o += (size_t)sprintf(jsonl + o, "{\"step\":%d,\"loss\":%.6f,\"lr\":0.001}\n", s, loss);
    }
    o += (size_t)sprintf(jsonl + o, "garbage line\n{\"step\":2004,\"loss\":null}\n{\"step\":20");
    memset(&pd, 0, sizeof pd);
    pd.logger = test_logger();
    pd.title = "run <x> & y";
    log_errors = 0;
    CHECK(alpha_plot_loss_svg(&pd, jsonl, o, &svg, &n) == ALPHA_OK && svg, "plot");
    if (!svg) return;
    CHECK(n == strlen(svg), "length");
    CHECK(log_errors == 1 && strstr(log_last, "skipped 2 malformed lines"), "warning: %s", log_last);
    CHECK(strncmp(svg, "<?xml", 5) == 0 && strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"480\""), "svg header");
    CHECK(strstr(svg, "</svg>\n") == svg + n - 7, "svg end");
    CHECK(strstr(svg, "run &lt;x&gt; &amp; y") != NULL, "escaped title");
    CHECK(strstr(svg, ">train loss<") && strstr(svg, ">train (smoothed)<") && strstr(svg, ">validation loss<"), "legend");
    CHECK(strstr(svg, ">step<") && strstr(svg, ">loss<"), "axis labels");
    CHECK(strstr(svg, ">2000<") && strstr(svg, ">0<") && strstr(svg, ">10<"), "tick labels");
    for (p = svg; (p = strstr(p, "<circle")) != NULL; p++) circles++;
    CHECK(circles == 11 + 1, "11 validation markers + 1 in the legend, got %d", circles);
    {
        int polylines = 0;
        for (p = svg; (p = strstr(p, "<polyline")) != NULL; p++) polylines++;
        CHECK(polylines == 3, "%d polylines", polylines);
    }
    CHECK(strstr(svg, "nan") == NULL && strstr(svg, "inf") == NULL, "no non-finite coordinates");
    CHECK(write_bytes(TMP "/plot_test.svg", svg, n), "write svg for inspection");
    alpha_train_free(NULL, svg);
    pd.log_y = 1;
    CHECK(alpha_plot_loss_svg(&pd, jsonl, o, &svg, &n) == ALPHA_OK && strstr(svg, "(log scale)"), "log scale");
    alpha_train_free(NULL, svg);
    pd.log_y = 0;
    CHECK(write_bytes(TMP "/m.jsonl", jsonl, o), "write metrics");
    CHECK(alpha_plot_loss_file(&pd, TMP "/m.jsonl", TMP "/m.svg") == ALPHA_OK, "file to file");
    svg = slurp(TMP "/m.svg", &n);
    CHECK(svg && strstr(svg, "</svg>"), "svg file");
    alpha_train_free(NULL, svg);
    log_errors = 0;
    CHECK(alpha_plot_loss_svg(&pd, "{\"a\":1}\n", 8, &svg, &n) == ALPHA_ERR_FORMAT && svg == NULL && strstr(log_last, "no lines"),
          "no data: %s", log_last);
    CHECK(alpha_plot_loss_svg(&pd, "{\"step\":5,\"loss\":3}\n", 20, &svg, &n) == ALPHA_OK, "single point");
    alpha_train_free(NULL, svg);
    CHECK(alpha_plot_loss_file(&pd, TMP "/none.jsonl", TMP "/none.svg") == ALPHA_ERR_IO, "missing metrics");
}

int main(void) {
    RUN(files_and_dirs);
    RUN(token_files);
    RUN(token_file_rejects);
    RUN(data_loader_batches);
    RUN(data_loader_state);
    RUN(data_loader_validation);
    RUN(metrics_jsonl);
    RUN(progress_line);
    RUN(loss_plot);
    return test_summary();
}
