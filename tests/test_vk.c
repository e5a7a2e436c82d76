/* tests/test_vk.c: alpha_vk.h on lavapipe (or whatever Vulkan device there is), validation on.
   Kernels are compared with CPU references; every generated module is checked with spirv-val
   (when installed). Without a Vulkan loader or device the device tests are skipped. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test.h"
/* Machines without volk (Debian: libvulkan-volk-dev libvulkan-dev) build this test too: the
   runtime is then the ALPHA_ERR_UNSUPPORTED stub and only the SPIR-V checks run. */
#if defined(__has_include)
#if __has_include(<volk.h>)
#define TEST_HAVE_VOLK 1
#endif
#endif
#ifdef TEST_HAVE_VOLK
#define VOLK_IMPLEMENTATION
#include <volk.h>
#define ALPHA_VULKAN
#endif
#define ALPHA_IMPLEMENTATION
#include "alpha_vk.h"

#ifdef ALPHA_TEST_SANITIZE
/* The Vulkan driver (mesa, LLVM) keeps allocations until exit; they are not ours. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_leaks=0"; }
#endif

static alpha_vk *vk;
static int log_errors;     /* library errors logged (expected in the error tests) */
static char last_log[1024];

static void test_logger(void *user, alpha_log_level level, const char *msg) {
    (void)user;
    if (strncmp(msg, "alpha_vk validation", 19) == 0) printf("    %s\n", msg);
    if (level == ALPHA_LOG_ERROR) log_errors++;
    snprintf(last_log, sizeof last_log, "%s", msg);
}

static uint32_t rng_state = 12345u;
static float frand(float lo, float hi) {
    rng_state = rng_state * 1664525u + 1013904223u;
    return lo + (hi - lo) * (float)((rng_state >> 8) & 0xFFFFFF) / 16777216.0f;
}

static const uint32_t sizes[] = {1, 7, 1000, 4097};
#define N_SIZES (sizeof sizes / sizeof sizes[0])

/* uploads n floats into a new buffer */
static alpha_vk_buffer *make_buf(const float *data, size_t n) {
    alpha_vk_buffer *b = NULL;
    alpha_result r = alpha_vk_buffer_create(vk, n * sizeof(float), &b);
    CHECK(r == ALPHA_OK, "buffer_create(%zu floats): %s", n, alpha_vk_last_error(vk));
    if (r == ALPHA_OK && data) {
        r = alpha_vk_buffer_upload(vk, b, 0, data, n * sizeof(float));
        CHECK(r == ALPHA_OK, "upload: %s", alpha_vk_last_error(vk));
    }
    return b;
}
static void download(alpha_vk_buffer *b, float *out, size_t n) {
    alpha_result r = alpha_vk_buffer_download(vk, b, 0, out, n * sizeof(float));
    CHECK(r == ALPHA_OK, "download: %s", alpha_vk_last_error(vk));
}
static void check_validation_clean(void) {
    CHECK(alpha_vk_validation_messages(vk) == 0, "%u validation messages", alpha_vk_validation_messages(vk));
}

/* ---- device-independent: the generated modules pass spirv-val ---- */
TEST(test_kernel_modules_spirv_val) {
    int k, have_val = system("spirv-val --version >/dev/null 2>&1") == 0;
    if (!have_val) printf("    (spirv-val not installed: modules are built, not validated)\n");
    for (k = 0; k < ALPHA_VK_KERNEL_COUNT; k++) {
        alpha_spirv_module *m = NULL;
        const uint32_t *words = NULL;
        size_t n = 0;
        alpha_result r = alpha_vk_kernel_module((alpha_vk_kernel)k, NULL, &m);
        CHECK(r == ALPHA_OK, "kernel %s: %s", alpha_vk_kernel_name((alpha_vk_kernel)k), alpha_result_str(r));
        if (r == ALPHA_OK) r = alpha_spirv_module_finish(m, &words, &n);
        CHECK(r == ALPHA_OK, "finish %s: %s", alpha_vk_kernel_name((alpha_vk_kernel)k), m ? alpha_spirv_module_last_error(m) : "");
        if (r == ALPHA_OK && have_val) {
            char path[64], cmd[160];
            int fd;
            FILE *f;
            snprintf(path, sizeof path, "/tmp/alpha_vk_test_XXXXXX");
            fd = mkstemp(path);
            CHECK(fd >= 0, "mkstemp failed");
            if (fd >= 0) {
                f = fdopen(fd, "wb");
                if (f) { fwrite(words, 4, n, f); fclose(f); } else close(fd);
                snprintf(cmd, sizeof cmd, "spirv-val --target-env vulkan1.2 %s", path);
                CHECK(system(cmd) == 0, "spirv-val rejects kernel %s", alpha_vk_kernel_name((alpha_vk_kernel)k));
                unlink(path);
            }
        }
        alpha_spirv_module_destroy(m);
    }
    CHECK(alpha_vk_kernel_name(ALPHA_VK_KERNEL_COUNT) == NULL, "name of an unknown kernel");
    CHECK(alpha_vk_kernel_module(ALPHA_VK_KERNEL_COUNT, NULL, NULL) == ALPHA_ERR_INVALID, "NULL out");
}

/* ---- device tests ---- */
TEST(test_info) {
    const alpha_vk_info *in = alpha_vk_get_info(vk);
    CHECK(in && in->device_name[0], "device name");
    if (!in) return;
    CHECK(in->subgroup_size >= 1 && in->subgroup_size <= 128, "subgroup size %u", in->subgroup_size);
    CHECK(in->min_subgroup_size <= in->subgroup_size && in->subgroup_size <= in->max_subgroup_size, "subgroup range %u..%u",
          in->min_subgroup_size, in->max_subgroup_size);
    CHECK(in->max_shared_memory >= 16384, "max shared memory %u (Vulkan requires 16384)", in->max_shared_memory);
    CHECK(in->max_push_constants >= 128, "max push constants %u", in->max_push_constants);
    CHECK(in->max_workgroup_invocations >= 128, "max invocations %u", in->max_workgroup_invocations);
    CHECK(in->api_version >= (1u << 22 | 1u << 12), "api version %u.%u", in->api_version >> 22, (in->api_version >> 12) & 1023);
    CHECK(in->device_local_bytes > 0, "device-local heap");
    CHECK(in->validation == 1 || getenv("ALPHA_TEST_NO_VALIDATION") != NULL, "validation layer not active");
    /* a transfer-only queue family (probed, not used): lavapipe's one family does everything, NVIDIA GPUs have a DMA family */
    printf("    transfer-only queue family: %s\n", in->transfer_queue ? "yes" : "no");
    CHECK(in->transfer_queue == 0 || in->transfer_queue == 1, "transfer_queue %d", in->transfer_queue);
    CHECK(in->device_type != ALPHA_VK_DEVICE_CPU || in->transfer_queue == 0, "a CPU device with a transfer-only queue family");
    CHECK(!(in->vendor_id == 0x10DE && in->device_type == ALPHA_VK_DEVICE_DISCRETE) || in->transfer_queue == 1,
          "an NVIDIA GPU without a transfer-only queue family");
}

TEST(test_bad_device_name) {
    alpha_vk *v2 = NULL;
    alpha_vk_desc d;
    alpha_result r;
    memset(&d, 0, sizeof d);
    d.device_name = "no-such-device-xyz";
    d.logger.func = test_logger;
    r = alpha_vk_create(&v2, &d);
    CHECK(r == ALPHA_ERR_DEVICE, "create with a bad device name: %s", alpha_result_str(r));
    CHECK(v2 && strstr(alpha_vk_last_error(v2), "no-such-device-xyz") != NULL, "message: %s", v2 ? alpha_vk_last_error(v2) : "");
    alpha_vk_destroy(v2);
}

TEST(test_buffers) {
    float host[5000], back[5000];
    alpha_vk_buffer *b[40], *big = NULL, *huge = NULL;
    size_t i, j;
    alpha_result r;
    for (i = 0; i < 5000; i++) host[i] = (float)i * 0.5f - 7.0f;
    /* many buffers of several sizes: slabs are shared, offsets aligned, data kept apart */
    for (i = 0; i < 40; i++) {
        size_t n = 1 + (i * 977) % 1500;
        b[i] = make_buf(NULL, n);
        if (!b[i]) return;
        CHECK(alpha_vk_buffer_size(b[i]) == n * 4, "size");
        for (j = 0; j < n; j++) back[j] = host[j] + (float)i;
        CHECK(alpha_vk_buffer_upload(vk, b[i], 0, back, n * 4) == ALPHA_OK, "upload %zu", i);
    }
    for (i = 0; i < 40; i++) {
        size_t n = 1 + (i * 977) % 1500;
        memset(back, 0, sizeof back);
        download(b[i], back, n);
        for (j = 0; j < n; j++)
            if (back[j] != host[j] + (float)i) { CHECK(0, "buffer %zu [%zu] = %g, want %g", i, j, back[j], host[j] + (float)i); break; }
    }
    /* free every other one and reuse the space */
    for (i = 0; i < 40; i += 2) alpha_vk_buffer_free(vk, b[i]);
    for (i = 0; i < 40; i += 2) b[i] = make_buf(host, 100);
    for (i = 1; i < 40; i += 2) {
        size_t n = 1 + (i * 977) % 1500;
        download(b[i], back, n);
        CHECK(back[n - 1] == host[n - 1] + (float)i, "buffer %zu survived the frees", i);
    }
    for (i = 0; i < 40; i++) alpha_vk_buffer_free(vk, b[i]);
    /* larger than a slab (256 KiB) and than the staging buffer (16 KiB): dedicated slab, chunked copies */
    big = make_buf(NULL, 100000);
    if (big) {
        float *h = (float *)malloc(100000 * 4), *g = (float *)malloc(100000 * 4);
        CHECK(h && g, "malloc");
        if (h && g) {
            for (i = 0; i < 100000; i++) h[i] = (float)(i % 1013) - 3.25f;
            CHECK(alpha_vk_buffer_upload(vk, big, 0, h, 100000 * 4) == ALPHA_OK, "big upload: %s", alpha_vk_last_error(vk));
            CHECK(alpha_vk_buffer_download(vk, big, 0, g, 100000 * 4) == ALPHA_OK, "big download");
            CHECK(memcmp(h, g, 100000 * 4) == 0, "big round trip differs");
            /* partial ranges at odd offsets */
            CHECK(alpha_vk_buffer_download(vk, big, 4 * 12345 + 1, g, 4 * 5000 + 3) == ALPHA_OK, "partial download");
            CHECK(memcmp((char *)h + 4 * 12345 + 1, g, 4 * 5000 + 3) == 0, "partial download differs");
        }
        free(h); free(g);
        alpha_vk_buffer_free(vk, big);
    }
    /* errors */
    log_errors = 0;
    r = alpha_vk_buffer_create(vk, (size_t)1 << 50, &huge);
    CHECK(r == ALPHA_ERR_OOM && huge == NULL, "2^50 bytes: %s", alpha_result_str(r));
    CHECK(strstr(alpha_vk_last_error(vk), "alpha_vk_buffer_create") && strstr(alpha_vk_last_error(vk), "device-local heap"),
          "message: %s", alpha_vk_last_error(vk));
    CHECK(alpha_vk_buffer_create(vk, 0, &huge) == ALPHA_ERR_INVALID, "0 bytes");
    b[0] = make_buf(host, 10);
    CHECK(alpha_vk_buffer_upload(vk, b[0], 4, host, 40) == ALPHA_ERR_INVALID, "upload past the end");
    CHECK(alpha_vk_buffer_download(vk, b[0], 41, back, 0) == ALPHA_ERR_INVALID, "offset past the end");
    CHECK(alpha_vk_buffer_download(vk, b[0], 40, back, 0) == ALPHA_OK, "empty range at the end");
    CHECK(log_errors == 4, "%d errors logged, 4 expected", log_errors);
    alpha_vk_buffer_free(vk, b[0]);
    check_validation_clean();
}

static void run_unary(alpha_vk_kernel kind) {
    size_t s, i;
    for (s = 0; s < N_SIZES; s++) {
        uint32_t n = sizes[s];
        float *x = (float *)malloc(n * 4), *y = (float *)malloc(n * 4), *b = (float *)malloc(n * 4);
        alpha_vk_buffer *bx, *bb = NULL, *by;
        alpha_result r;
        double worst = 0;
        if (!x || !y || !b) { CHECK(0, "malloc"); free(x); free(y); free(b); return; }
        for (i = 0; i < n; i++) { x[i] = frand(-6, 6); b[i] = frand(-3, 3); }
        if (kind == ALPHA_VK_KERNEL_GELU && n > 4) { x[0] = 20; x[1] = -20; x[2] = 0; x[3] = 1e-3f; }
        bx = make_buf(x, n);
        by = make_buf(NULL, n);
        if (kind == ALPHA_VK_KERNEL_ADD) bb = make_buf(b, n);
        r = kind == ALPHA_VK_KERNEL_ADD ? alpha_vk_add(vk, bx, bb, by, n)
          : kind == ALPHA_VK_KERNEL_SCALE ? alpha_vk_scale(vk, bx, by, -2.5f, n)
          : alpha_vk_gelu(vk, bx, by, n);
        CHECK(r == ALPHA_OK, "%s(n=%u): %s", alpha_vk_kernel_name(kind), n, alpha_vk_last_error(vk));
        CHECK(alpha_vk_submit_and_wait(vk) == ALPHA_OK, "submit: %s", alpha_vk_last_error(vk));
        download(by, y, n);
        for (i = 0; i < n; i++) {
            double xv = x[i], ref, err;
            if (kind == ALPHA_VK_KERNEL_ADD) ref = (double)x[i] + (double)b[i];
            else if (kind == ALPHA_VK_KERNEL_SCALE) ref = -2.5 * xv;
            else ref = 0.5 * xv * (1.0 + tanh(0.7978845608 * (xv + 0.044715 * xv * xv * xv)));
            err = fabs(y[i] - ref) / (1.0 + fabs(ref));
            if (err > worst) worst = err;
            if (err > 2e-6) { CHECK(0, "%s n=%u [%zu]: x %g got %.9g want %.9g", alpha_vk_kernel_name(kind), n, i, xv, y[i], ref); break; }
        }
        alpha_vk_buffer_free(vk, bx); alpha_vk_buffer_free(vk, by); if (bb) alpha_vk_buffer_free(vk, bb);
        free(x); free(y); free(b);
    }
    check_validation_clean();
}
TEST(test_add) { run_unary(ALPHA_VK_KERNEL_ADD); }
TEST(test_scale) { run_unary(ALPHA_VK_KERNEL_SCALE); }
TEST(test_gelu) { run_unary(ALPHA_VK_KERNEL_GELU); }

TEST(test_softmax) {
    static const uint32_t shapes[][2] = {{1, 1}, {1, 7}, {7, 1000}, {3, 4097}, {130, 5}};
    size_t s, i, j;
    for (s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        uint32_t rows = shapes[s][0], cols = shapes[s][1];
        size_t n = (size_t)rows * cols;
        float *x = (float *)malloc(n * 4), *y = (float *)malloc(n * 4);
        alpha_vk_buffer *bx, *by;
        int bad = 0;
        if (!x || !y) { CHECK(0, "malloc"); free(x); free(y); return; }
        for (i = 0; i < n; i++) x[i] = frand(-10, 10);
        if (n > 3) x[2] = 80.0f; /* large values: the max subtraction keeps exp finite */
        bx = make_buf(x, n);
        by = make_buf(NULL, n);
        CHECK(alpha_vk_softmax(vk, bx, by, rows, cols) == ALPHA_OK, "softmax: %s", alpha_vk_last_error(vk));
        download(by, y, n);
        for (i = 0; i < rows && !bad; i++) {
            double mx = -1e300, sum = 0;
            for (j = 0; j < cols; j++) if (x[i * cols + j] > mx) mx = x[i * cols + j];
            for (j = 0; j < cols; j++) sum += exp((double)x[i * cols + j] - mx);
            for (j = 0; j < cols && !bad; j++) {
                double ref = exp((double)x[i * cols + j] - mx) / sum;
                if (fabs(y[i * cols + j] - ref) > 1e-6 + 1e-5 * ref) {
                    CHECK(0, "softmax %ux%u [%zu,%zu]: got %.9g want %.9g", rows, cols, i, j, y[i * cols + j], ref);
                    bad = 1;
                }
            }
        }
        alpha_vk_buffer_free(vk, bx); alpha_vk_buffer_free(vk, by);
        free(x); free(y);
    }
    check_validation_clean();
}

TEST(test_matmul) {
    static const uint32_t shapes[][3] = {{1, 1, 1}, {7, 5, 3}, {33, 17, 65}, {8, 8, 8}, {1, 1000, 7}, {64, 3, 1}};
    size_t s, i, j, l;
    for (s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        uint32_t m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        float *a = (float *)malloc((size_t)m * k * 4), *b = (float *)malloc((size_t)k * n * 4);
        float *c = (float *)malloc((size_t)m * n * 4 + 4);
        alpha_vk_buffer *ba, *bb, *bc;
        int bad = 0;
        if (!a || !b || !c) { CHECK(0, "malloc"); free(a); free(b); free(c); return; }
        for (i = 0; i < (size_t)m * k; i++) a[i] = frand(-1, 1);
        for (i = 0; i < (size_t)k * n; i++) b[i] = frand(-1, 1);
        ba = make_buf(a, (size_t)m * k);
        bb = make_buf(b, (size_t)k * n);
        /* one float more than needed, set to a sentinel: the bounds checks must leave it alone */
        c[(size_t)m * n] = 1234.5f;
        bc = make_buf(c, (size_t)m * n + 1);
        CHECK(alpha_vk_matmul(vk, ba, bb, bc, m, n, k) == ALPHA_OK, "matmul: %s", alpha_vk_last_error(vk));
        download(bc, c, (size_t)m * n + 1);
        CHECK(c[(size_t)m * n] == 1234.5f, "matmul %ux%ux%u wrote past the end", m, n, k);
        for (i = 0; i < m && !bad; i++)
            for (j = 0; j < n && !bad; j++) {
                double ref = 0;
                for (l = 0; l < k; l++) ref += (double)a[i * k + l] * b[l * n + j];
                if (fabs(c[i * n + j] - ref) > 1e-5 * (1 + k)) {
                    CHECK(0, "matmul %ux%ux%u [%zu,%zu]: got %.9g want %.9g", m, n, k, i, j, c[i * n + j], ref);
                    bad = 1;
                }
            }
        alpha_vk_buffer_free(vk, ba); alpha_vk_buffer_free(vk, bb); alpha_vk_buffer_free(vk, bc);
        free(a); free(b); free(c);
    }
    check_validation_clean();
}

/* several dependent dispatches in one submission: the barriers order them */
TEST(test_chain) {
    enum { N = 4097 };
    static float a[N], b[N], y[N];
    alpha_vk_buffer *ba, *bb, *bt, *bu;
    size_t i;
    int round;
    for (i = 0; i < N; i++) { a[i] = frand(-1, 1); b[i] = frand(-1, 1); }
    ba = make_buf(a, N); bb = make_buf(b, N); bt = make_buf(NULL, N); bu = make_buf(NULL, N);
    /* t = a + b; u = 3 t; t = u + a; u = gelu(t), repeated: 5 chained steps per round */
    for (round = 0; round < 3; round++) {
        CHECK(alpha_vk_add(vk, ba, bb, bt, N) == ALPHA_OK, "add");
        CHECK(alpha_vk_scale(vk, bt, bu, 3.0f, N) == ALPHA_OK, "scale");
        CHECK(alpha_vk_add(vk, bu, ba, bt, N) == ALPHA_OK, "add 2");
        CHECK(alpha_vk_gelu(vk, bt, bu, N) == ALPHA_OK, "gelu");
        CHECK(alpha_vk_add(vk, bu, bu, bb, N) == ALPHA_OK, "add 3 (b = 2u)");
    }
    download(bb, y, N);
    for (i = 0; i < N; i++) {
        double bv = b[i];
        int k2;
        for (k2 = 0; k2 < 3; k2++) {
            double t = 3.0 * ((double)a[i] + bv) + a[i];
            double u = 0.5 * t * (1.0 + tanh(0.7978845608 * (t + 0.044715 * t * t * t)));
            bv = 2 * u;
        }
        if (fabs(y[i] - bv) > 1e-4 * (1 + fabs(bv))) { CHECK(0, "chain [%zu]: got %.9g want %.9g", i, y[i], bv); break; }
    }
    alpha_vk_buffer_free(vk, ba); alpha_vk_buffer_free(vk, bb); alpha_vk_buffer_free(vk, bt); alpha_vk_buffer_free(vk, bu);
    check_validation_clean();
}

TEST(test_pipelines) {
    alpha_vk_pipeline *p1 = NULL, *p2 = NULL, *p3 = NULL;
    alpha_spirv_module *m = NULL;
    alpha_vk_pipeline_desc d;
    const uint32_t *words = NULL;
    size_t n_words = 0;
    uint32_t count, groups[3] = {1, 1, 1}, bogus[8] = {1, 2, 3, 4, 5, 6, 7, 8}, pc[2] = {0, 0};
    float x[3] = {1, 2, 3}, y[3];
    alpha_vk_buffer *bufs[2];
    CHECK(alpha_vk_kernel_pipeline(vk, ALPHA_VK_KERNEL_ADD, &p1) == ALPHA_OK, "kernel pipeline");
    count = alpha_vk_pipeline_count(vk);
    CHECK(alpha_vk_kernel_pipeline(vk, ALPHA_VK_KERNEL_ADD, &p2) == ALPHA_OK && p1 == p2, "cached kernel pipeline");
    CHECK(alpha_vk_pipeline_count(vk) == count, "no new pipeline for a cached kernel");
    /* a user pipeline from the scale kernel's words with a key; scale 1 x local size 16 */
    CHECK(alpha_vk_kernel_module(ALPHA_VK_KERNEL_SCALE, NULL, &m) == ALPHA_OK && alpha_spirv_module_finish(m, &words, &n_words) == ALPHA_OK,
          "scale module");
    memset(&d, 0, sizeof d);
    d.words = words; d.n_words = n_words; d.n_buffers = 2; d.push_size = 8; d.key = 42;
    d.local_size[0] = 16; d.local_size[1] = 1; d.local_size[2] = 1;
    CHECK(alpha_vk_pipeline_create(vk, &d, &p1) == ALPHA_OK, "user pipeline: %s", alpha_vk_last_error(vk));
    CHECK(alpha_vk_pipeline_create(vk, &d, &p2) == ALPHA_OK && p1 == p2, "same key, same pipeline");
    CHECK(alpha_vk_pipeline_find(vk, 42) == p1 && alpha_vk_pipeline_find(vk, 43) == NULL, "find by key");
    bufs[0] = make_buf(x, 3); bufs[1] = make_buf(NULL, 3);
    {
        float s = 4.0f;
        pc[0] = 3;
        memcpy(&pc[1], &s, 4);
    }
    CHECK(alpha_vk_dispatch(vk, p1, bufs, pc, 8, groups) == ALPHA_OK, "dispatch: %s", alpha_vk_last_error(vk));
    download(bufs[1], y, 3);
    CHECK(y[0] == 4 && y[1] == 8 && y[2] == 12, "user pipeline result %g %g %g", y[0], y[1], y[2]);
    /* errors */
    log_errors = 0;
    d.words = bogus; d.n_words = 8; d.key = 0;
    CHECK(alpha_vk_pipeline_create(vk, &d, &p3) == ALPHA_ERR_INVALID && p3 == NULL, "bogus words");
    d.words = words; d.push_size = 6;
    CHECK(alpha_vk_pipeline_create(vk, &d, &p3) == ALPHA_ERR_INVALID, "push size 6");
    CHECK(alpha_vk_dispatch(vk, p1, bufs, pc, 4, groups) == ALPHA_ERR_INVALID, "push size mismatch");
    groups[0] = 0xFFFFFFFFu;
    CHECK(alpha_vk_dispatch(vk, p1, bufs, pc, 8, groups) == ALPHA_ERR_INVALID, "too many groups");
    CHECK(alpha_vk_add(vk, bufs[0], bufs[0], bufs[1], 4) == ALPHA_ERR_INVALID, "add past the end of 3-float buffers");
    CHECK(strstr(alpha_vk_last_error(vk), "alpha_vk_add") != NULL, "message: %s", alpha_vk_last_error(vk));
    CHECK(log_errors == 5, "%d errors logged, 5 expected", log_errors);
    groups[0] = 0;
    CHECK(alpha_vk_dispatch(vk, p1, bufs, pc, 8, groups) == ALPHA_OK, "zero groups: nothing to do");
    CHECK(alpha_vk_submit_and_wait(vk) == ALPHA_OK, "submit with nothing recorded");
    alpha_vk_buffer_free(vk, bufs[0]); alpha_vk_buffer_free(vk, bufs[1]);
    alpha_spirv_module_destroy(m);   /* words belong to it: used above */
    check_validation_clean();
}

/* the validation plumbing: a pipeline layout with 4 bytes of push constants for a shader that
   reads 8 is a validation error, which a second runtime must count */
static int quiet_validation;
static void quiet_logger(void *user, alpha_log_level level, const char *msg) {
    (void)user; (void)level;
    if (strncmp(msg, "alpha_vk validation", 19) == 0) quiet_validation++;
}
TEST(test_validation_counts) {
    alpha_vk *v2 = NULL;
    alpha_vk_desc d;
    alpha_spirv_module *m = NULL;
    alpha_vk_pipeline_desc pd;
    alpha_vk_pipeline *p = NULL;
    const uint32_t *words = NULL;
    size_t n_words = 0;
    if (!alpha_vk_get_info(vk)->validation) { printf("    (no validation layer: nothing to count)\n"); return; }
    memset(&d, 0, sizeof d);
    d.flags = ALPHA_VK_DESC_VALIDATION;
    d.logger.func = quiet_logger;
    CHECK(alpha_vk_create(&v2, &d) == ALPHA_OK, "second runtime: %s", v2 ? alpha_vk_last_error(v2) : "");
    CHECK(alpha_vk_validation_messages(v2) == 0, "messages before");
    CHECK(alpha_vk_kernel_module(ALPHA_VK_KERNEL_SCALE, NULL, &m) == ALPHA_OK && alpha_spirv_module_finish(m, &words, &n_words) == ALPHA_OK,
          "scale module");
    memset(&pd, 0, sizeof pd);
    pd.words = words; pd.n_words = n_words; pd.n_buffers = 2; pd.push_size = 4;
    alpha_vk_pipeline_create(v2, &pd, &p);
    CHECK(alpha_vk_validation_messages(v2) > 0 && quiet_validation > 0, "the bad push-constant range was not reported (%u, %d)",
          alpha_vk_validation_messages(v2), quiet_validation);
    alpha_spirv_module_destroy(m);
    alpha_vk_destroy(v2);
}

/* host memory through desc.allocator: every allocation is given back */
static long alloc_live, alloc_total;
static void *count_alloc(void *user, size_t n) { (void)user; alloc_live++; alloc_total++; return malloc(n); }
static void count_free(void *user, void *p) { (void)user; if (p) alloc_live--; free(p); }

/* a second runtime: the fence path instead of the timeline semaphore, a counting allocator,
   ALPHA_VK_VALIDATION and ALPHA_VK_DEVICE from the environment */
TEST(test_second_runtime) {
    alpha_vk *v2 = NULL;
    alpha_vk_desc d;
    alpha_vk_buffer *a = NULL, *y = NULL;
    float x[100], out[100];
    int i;
    alpha_result r;
    for (i = 0; i < 100; i++) x[i] = (float)i - 50.0f;
    memset(&d, 0, sizeof d);
    d.flags = ALPHA_VK_DESC_NO_TIMELINE;
    d.logger.func = test_logger;
    d.allocator.alloc = count_alloc; d.allocator.free = count_free;
    setenv("ALPHA_VK_VALIDATION", "1", 1);
    setenv("ALPHA_VK_DEVICE", alpha_vk_get_info(vk)->device_name, 1);
    r = alpha_vk_create(&v2, &d);
    unsetenv("ALPHA_VK_VALIDATION");
    CHECK(r == ALPHA_OK, "create: %s", v2 ? alpha_vk_last_error(v2) : alpha_result_str(r));
    if (r == ALPHA_OK) {
        CHECK(alpha_vk_get_info(v2)->validation == alpha_vk_get_info(vk)->validation, "ALPHA_VK_VALIDATION=1 ignored");
        CHECK(alpha_vk_buffer_create(v2, sizeof x, &a) == ALPHA_OK && alpha_vk_buffer_create(v2, sizeof x, &y) == ALPHA_OK, "buffers");
        CHECK(alpha_vk_buffer_upload(v2, a, 0, x, sizeof x) == ALPHA_OK, "upload");
        CHECK(alpha_vk_scale(v2, a, y, 0.5f, 100) == ALPHA_OK && alpha_vk_gelu(v2, y, a, 100) == ALPHA_OK, "record");
        CHECK(alpha_vk_submit_and_wait(v2) == ALPHA_OK, "submit (fence): %s", alpha_vk_last_error(v2));
        CHECK(alpha_vk_buffer_download(v2, a, 0, out, sizeof out) == ALPHA_OK, "download");
        for (i = 0; i < 100; i++) {
            double t = 0.5 * x[i], ref = 0.5 * t * (1.0 + tanh(0.7978845608 * (t + 0.044715 * t * t * t)));
            if (fabs(out[i] - ref) > 2e-6 * (1 + fabs(ref))) { CHECK(0, "[%d] got %.9g want %.9g", i, out[i], ref); break; }
        }
        /* more elements than 65535 workgroups of 64 hold: the 2D grid */
        {
            uint32_t big = alpha_vk_get_info(v2)->max_workgroup_count[0] * 64u + 1000u, j;
            float *h = (float *)malloc((size_t)big * 4);
            alpha_vk_buffer *bb = NULL, *bo = NULL;
            if (big < 70000u * 64u && h && alpha_vk_buffer_create(v2, (size_t)big * 4, &bb) == ALPHA_OK &&
                alpha_vk_buffer_create(v2, (size_t)big * 4, &bo) == ALPHA_OK) {
                for (j = 0; j < big; j++) h[j] = (float)(j % 1000);
                CHECK(alpha_vk_buffer_upload(v2, bb, 0, h, (size_t)big * 4) == ALPHA_OK, "big upload");
                CHECK(alpha_vk_scale(v2, bb, bo, 2.0f, big) == ALPHA_OK, "big scale: %s", alpha_vk_last_error(v2));
                memset(h, 0, (size_t)big * 4);
                CHECK(alpha_vk_buffer_download(v2, bo, 0, h, (size_t)big * 4) == ALPHA_OK, "big download");
                for (j = 0; j < big; j++)
                    if (h[j] != 2.0f * (float)(j % 1000)) { CHECK(0, "big scale [%u] = %g, want %g", j, h[j], 2.0 * (j % 1000)); break; }
            } else {
                printf("    (2D grid not tested: %u elements)\n", big);
            }
            free(h);
        }
        CHECK(alpha_vk_validation_messages(v2) == 0, "%u validation messages", alpha_vk_validation_messages(v2));
    }
    alpha_vk_destroy(v2);   /* frees the buffers */
    CHECK(alloc_total > 0 && alloc_live == 0, "allocator: %ld allocations, %ld not freed", alloc_total, alloc_live);
    v2 = NULL;
    setenv("ALPHA_VK_DEVICE", "no-such-device-from-env", 1);
    memset(&d, 0, sizeof d);
    d.logger.func = test_logger;
    r = alpha_vk_create(&v2, &d);
    unsetenv("ALPHA_VK_DEVICE");
    CHECK(r == ALPHA_ERR_DEVICE && v2 && strstr(alpha_vk_last_error(v2), "ALPHA_VK_DEVICE") != NULL,
          "ALPHA_VK_DEVICE with no match: %s", v2 ? alpha_vk_last_error(v2) : alpha_result_str(r));
    alpha_vk_destroy(v2);
}

/* ---- persistent pipeline cache ---- */
static int cache_warnings;
static char cache_log[2048];
static int cache_body_damaged;     /* the validation layer may then report the damaged entries (NVIDIA's does) */
static unsigned cache_entry_messages;
static void cache_logger(void *user, alpha_log_level level, const char *msg) {
    (void)user;
    if (strncmp(msg, "alpha_vk validation", 19) == 0 && cache_body_damaged && strstr(msg, "PipelineCache") &&
        strstr(msg, "unable to load pipeline cache entry")) {
        cache_entry_messages++;
        return;
    }
    if (strncmp(msg, "alpha_vk validation", 19) == 0) printf("    %s\n", msg);
    if (level >= ALPHA_LOG_WARN) cache_warnings++;
    if (strstr(msg, "pipeline cache")) snprintf(cache_log, sizeof cache_log, "%s", msg);
}
static long file_bytes(const char *path, unsigned char *buf, long cap) {
    FILE *f = fopen(path, "rb");
    long n;
    if (!f) return -1;
    n = (long)fread(buf, 1, (size_t)cap, f);
    fclose(f);
    return n;
}
static void write_bytes(const char *path, const unsigned char *buf, long n) {
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(buf, 1, (size_t)n, f) == (size_t)n, "writing %s", path);
    if (f) fclose(f);
}
/* a runtime on path (NULL: from the environment) builds every built-in kernel and adds two
   vectors; returns the bytes of cache it loaded (-1 on failure) */
static long cache_run(const char *path, int save_to_path2, const char *path2) {
    alpha_vk *v = NULL;
    alpha_vk_desc d;
    alpha_vk_pipeline *p;
    alpha_vk_buffer *a = NULL, *y = NULL;
    float x[5] = {1, 2, 3, 4, 5}, out[5];
    long loaded = -1;
    int k;
    cache_entry_messages = 0;
    memset(&d, 0, sizeof d);
    d.flags = alpha_vk_get_info(vk)->validation ? ALPHA_VK_DESC_VALIDATION : 0;
    d.pipeline_cache_path = path;
    d.logger.func = cache_logger;
    if (alpha_vk_create(&v, &d) != ALPHA_OK) { CHECK(0, "create: %s", v ? alpha_vk_last_error(v) : "no object"); alpha_vk_destroy(v); return -1; }
    for (k = 0; k < ALPHA_VK_KERNEL_COUNT; k++)
        CHECK(alpha_vk_kernel_pipeline(v, (alpha_vk_kernel)k, &p) == ALPHA_OK, "kernel %d: %s", k, alpha_vk_last_error(v));
    CHECK(alpha_vk_buffer_create(v, sizeof x, &a) == ALPHA_OK && alpha_vk_buffer_create(v, sizeof x, &y) == ALPHA_OK, "buffers");
    CHECK(alpha_vk_buffer_upload(v, a, 0, x, sizeof x) == ALPHA_OK && alpha_vk_add(v, a, a, y, 5) == ALPHA_OK &&
          alpha_vk_buffer_download(v, y, 0, out, sizeof out) == ALPHA_OK && out[0] == 2 && out[4] == 10,
          "add with a loaded cache: %s", alpha_vk_last_error(v));
    if (save_to_path2) CHECK(alpha_vk_pipeline_cache_save(v, path2) == ALPHA_OK, "save to %s: %s", path2, alpha_vk_last_error(v));
    CHECK(alpha_vk_validation_messages(v) == cache_entry_messages, "%u validation messages", alpha_vk_validation_messages(v) - cache_entry_messages);
    loaded = (long)alpha_vk_get_info(v)->pipeline_cache_loaded;
    alpha_vk_destroy(v);   /* saves to path */
    return loaded;
}
TEST(test_pipeline_cache) {
    static unsigned char good[1 << 20], bad[1 << 20];
    char dir[64], path[128], path2[128];
    long n, n2, loaded;
    alpha_result r;
    snprintf(dir, sizeof dir, "/tmp/alpha_vk_cache_XXXXXX");
    if (!mkdtemp(dir)) { CHECK(0, "mkdtemp"); return; }
    snprintf(path, sizeof path, "%s/cache.bin", dir);
    snprintf(path2, sizeof path2, "%s/explicit.bin", dir);
    /* first run: no file (not a warning), destroy writes it; an explicit save writes path2 */
    cache_warnings = 0;
    CHECK(cache_run(path, 1, path2) == 0, "nothing to load on the first run");
    CHECK(cache_warnings == 0, "a missing cache file is no warning (%d): %s", cache_warnings, cache_log);
    n = file_bytes(path, good, sizeof good);
    n2 = file_bytes(path2, bad, sizeof bad);
    CHECK(n >= 32 && n < (long)sizeof good, "destroy saved %ld bytes", n);
    CHECK(n2 >= 32, "alpha_vk_pipeline_cache_save wrote %ld bytes", n2);
    if (n < 32) return;
    CHECK((good[0] | good[1] << 8 | good[2] << 16 | (unsigned long)good[3] << 24) >= 32, "header length");
    CHECK(good[4] == 1 && good[5] == 0 && good[6] == 0 && good[7] == 0, "header version one");
    /* second run loads it (the same pipelines come out of it) */
    cache_warnings = 0;
    loaded = cache_run(path, 0, NULL);
    CHECK(loaded == n, "second run loaded %ld of %ld bytes", loaded, n);
    CHECK(cache_warnings == 0 && strstr(cache_log, "loaded"), "second run: %d warnings, last: %s", cache_warnings, cache_log);
    /* from the environment */
    setenv("ALPHA_VK_PIPELINE_CACHE", path2, 1);
    loaded = cache_run(NULL, 0, NULL);
    unsetenv("ALPHA_VK_PIPELINE_CACHE");
    CHECK(loaded > 0, "ALPHA_VK_PIPELINE_CACHE: loaded %ld bytes", loaded);
    /* foreign UUID, wrong vendor, header version 2, header length past the end, truncated
       header, empty file: each ignored with a warning, the runtime works */
    {
        static const struct { int off; unsigned char val; long len; const char *what; } cases[] = {
            {16, 0, 0, "foreign pipelineCacheUUID"}, {8, 0, 0, "foreign vendorID"}, {4, 2, 0, "header version 2"},
            {3, 0x7F, 0, "header length past the end"}, {0, 0, 20, "truncated header"}, {0, 0, -1, "empty file"}};
        size_t c;
        for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            long len = cases[c].len > 0 ? cases[c].len : cases[c].len < 0 ? 0 : n;
            memcpy(bad, good, (size_t)n);
            if (!cases[c].len) bad[cases[c].off] = cases[c].val ? cases[c].val : (unsigned char)~bad[cases[c].off];
            write_bytes(path, bad, len);
            cache_warnings = 0;
            loaded = cache_run(path, 0, NULL);
            CHECK(loaded == 0, "%s: loaded %ld bytes", cases[c].what, loaded);
            CHECK(cache_warnings == 1 && strstr(cache_log, "ignored"), "%s: %d warnings, last: %s", cases[c].what, cache_warnings, cache_log);
            CHECK(file_bytes(path, bad, sizeof bad) >= 32, "%s: destroy wrote a good file over it", cases[c].what);
        }
    }
    /* a valid header over a truncated or scrambled body: the driver's business; it must not break
       (the validation layer may say it could not load the damaged entries: nothing else) */
    cache_body_damaged = 1;
    memcpy(bad, good, (size_t)n);
    write_bytes(path, bad, 32 + (n - 32) / 2);
    CHECK(cache_run(path, 0, NULL) >= 0, "truncated body");
    memcpy(bad, good, (size_t)n);
    for (n2 = 32; n2 < n; n2 += 7) bad[n2] ^= 0x5A;
    write_bytes(path, bad, n);
    CHECK(cache_run(path, 0, NULL) >= 0, "scrambled body");
    cache_body_damaged = 0;
    /* saving where nothing can be written is an i/o error; no path at all is invalid */
    log_errors = 0;
    r = alpha_vk_pipeline_cache_save(vk, "/nonexistent-alpha-dir/cache.bin");
    CHECK(r == ALPHA_ERR_IO && strstr(alpha_vk_last_error(vk), "/nonexistent-alpha-dir/cache.bin"), "unwritable directory: %s, %s",
          alpha_result_str(r), alpha_vk_last_error(vk));
    r = alpha_vk_pipeline_cache_save(vk, NULL);
    CHECK(r == ALPHA_ERR_INVALID, "no path: %s", alpha_result_str(r));
    CHECK(log_errors == 2, "%d errors logged, 2 expected", log_errors);
    remove(path); remove(path2);
    CHECK(rmdir(dir) == 0, "only the two cache files were left in %s (no temporary files)", dir);
    check_validation_clean();
}

/* desc.spirv_dump_dir: each module made into a pipeline lands in <dir>/<name>.spv, word for word
   (tests/check_spirv_generated.sh runs spirv-val on them); an unwritable dir is only a warning */
TEST(test_spirv_dump) {
    static unsigned char got[1 << 16];
    char dir[64], path[160];
    alpha_vk *v = NULL;
    alpha_vk_desc d;
    alpha_vk_pipeline_desc pd;
    alpha_vk_pipeline *p = NULL;
    alpha_spirv_module *m = NULL;
    const uint32_t *words = NULL;
    size_t n_words = 0;
    int pass;
    snprintf(dir, sizeof dir, "/tmp/alpha_vk_dump_XXXXXX");
    if (!mkdtemp(dir)) { CHECK(0, "mkdtemp"); return; }
    CHECK(alpha_vk_kernel_module(ALPHA_VK_KERNEL_GELU, NULL, &m) == ALPHA_OK && alpha_spirv_module_finish(m, &words, &n_words) == ALPHA_OK,
          "gelu module");
    for (pass = 0; pass < 2; pass++) {
        memset(&d, 0, sizeof d);
        d.flags = alpha_vk_get_info(vk)->validation ? ALPHA_VK_DESC_VALIDATION : 0;
        d.spirv_dump_dir = pass == 0 ? dir : "/nonexistent-alpha-dir";
        d.logger.func = cache_logger;
        cache_warnings = 0;
        if (alpha_vk_create(&v, &d) != ALPHA_OK) { CHECK(0, "create: %s", v ? alpha_vk_last_error(v) : ""); alpha_vk_destroy(v); break; }
        CHECK(alpha_vk_kernel_pipeline(v, ALPHA_VK_KERNEL_GELU, &p) == ALPHA_OK, "gelu pipeline: %s", alpha_vk_last_error(v));
        memset(&pd, 0, sizeof pd);
        pd.words = words; pd.n_words = n_words; pd.n_buffers = 2; pd.push_size = 4;
        pd.name = "../up/and away";   /* stays in the directory */
        CHECK(alpha_vk_pipeline_create(v, &pd, &p) == ALPHA_OK, "named pipeline: %s", alpha_vk_last_error(v));
        CHECK(alpha_vk_validation_messages(v) == 0, "%u validation messages", alpha_vk_validation_messages(v));
        CHECK(cache_warnings == (pass == 0 ? 0 : 2), "pass %d: %d warnings", pass, cache_warnings);
        alpha_vk_destroy(v);
        v = NULL;
    }
    snprintf(path, sizeof path, "%s/kernel_gelu.spv", dir);
    CHECK(file_bytes(path, got, sizeof got) == (long)(n_words * 4) && memcmp(got, words, n_words * 4) == 0, "%s holds the module", path);
    remove(path);
    snprintf(path, sizeof path, "%s/.._up_and_away.spv", dir);
    CHECK(file_bytes(path, got, sizeof got) == (long)(n_words * 4), "%s holds the named module", path);
    remove(path);
    CHECK(rmdir(dir) == 0, "nothing else was written to %s", dir);
    alpha_spirv_module_destroy(m);
}

/* ---- a host program's own instance, device and queue (desc.host) ----
   The test plays the game: it makes the instance (with validation and its own messenger), the
   device (timeline semaphores on, 16-bit storage off) and gets the queue, hands them in, runs a
   kernel, destroys the runtime and then its own objects; the validation layer must say nothing,
   including about objects the runtime left behind on the device. Run last: it loads its
   instance into volk's globals. */
#ifdef TEST_HAVE_VOLK
static int lock_depth, lock_pairs, lock_nested, host_messages;
static void host_lock(void *user) { (void)user; if (lock_depth++ != 0) lock_nested++; }
static void host_unlock(void *user) { (void)user; if (--lock_depth == 0) lock_pairs++; }
static VKAPI_ATTR VkBool32 VKAPI_CALL host_messenger(VkDebugUtilsMessageSeverityFlagBitsEXT severity, VkDebugUtilsMessageTypeFlagsEXT types,
                                                     const VkDebugUtilsMessengerCallbackDataEXT *data, void *user) {
    (void)severity; (void)types; (void)user;
    host_messages++;
    printf("    host validation: %s\n", data && data->pMessage ? data->pMessage : "");
    return VK_FALSE;
}
TEST(test_host_device) {
    VkApplicationInfo app;
    VkInstanceCreateInfo ici;
    VkDebugUtilsMessengerCreateInfoEXT mi;
    VkDebugUtilsMessengerEXT messenger = VK_NULL_HANDLE;
    VkInstance inst = VK_NULL_HANDLE;
    VkPhysicalDevice phys[16], pd = VK_NULL_HANDLE;
    VkPhysicalDeviceProperties props;
    VkQueueFamilyProperties qf[16];
    VkPhysicalDeviceVulkan12Features f12;
    VkPhysicalDeviceFeatures2 f2;
    VkDeviceQueueCreateInfo qci;
    VkDeviceCreateInfo dci;
    VkDevice dev = VK_NULL_HANDLE;
    VkQueue queue = VK_NULL_HANDLE;
    struct VolkDeviceTable dt;
    const char *layer = "VK_LAYER_KHRONOS_validation", *ext = VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
    int validation = alpha_vk_get_info(vk)->validation, pairs;
    uint32_t n = 16, i, family = UINT32_MAX;
    float prio = 1.0f, x[37], out[37];
    alpha_vk *v = NULL;
    alpha_vk_desc d;
    alpha_vk_buffer *a = NULL, *y = NULL;
    alpha_result r;
    if (volkGetInstanceVersion() < VK_API_VERSION_1_2) { printf("    (loader below Vulkan 1.2: not tested)\n"); return; }
    memset(&mi, 0, sizeof mi);
    mi.sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT;
    mi.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
    mi.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT;
    mi.pfnUserCallback = host_messenger;
    memset(&app, 0, sizeof app);
    app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
    app.apiVersion = VK_API_VERSION_1_2;
    memset(&ici, 0, sizeof ici);
    ici.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
    ici.pNext = validation ? &mi : NULL;   /* messages of vkCreateInstance / vkDestroyInstance too */
    ici.pApplicationInfo = &app;
    ici.enabledLayerCount = validation ? 1 : 0;
    ici.ppEnabledLayerNames = &layer;
    ici.enabledExtensionCount = validation ? 1 : 0;
    ici.ppEnabledExtensionNames = &ext;
    if (vkCreateInstance(&ici, NULL, &inst) != VK_SUCCESS) { CHECK(0, "vkCreateInstance"); return; }
    volkLoadInstanceOnly(inst);
    if (validation) CHECK(vkCreateDebugUtilsMessengerEXT(inst, &mi, NULL, &messenger) == VK_SUCCESS, "messenger");
    CHECK(vkEnumeratePhysicalDevices(inst, &n, phys) >= 0, "vkEnumeratePhysicalDevices");
    for (i = 0; i < n && !pd; i++) {
        vkGetPhysicalDeviceProperties(phys[i], &props);
        if (strcmp(props.deviceName, alpha_vk_get_info(vk)->device_name) == 0) pd = phys[i];
    }
    if (pd) {
        n = 16;
        vkGetPhysicalDeviceQueueFamilyProperties(pd, &n, qf);
        for (i = 0; i < n && family == UINT32_MAX; i++) if (qf[i].queueFlags & VK_QUEUE_COMPUTE_BIT) family = i;
    }
    CHECK(pd && family != UINT32_MAX, "the test's device and a compute queue family");
    if (pd && family != UINT32_MAX) {
        memset(&f12, 0, sizeof f12);
        f12.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES;
        memset(&f2, 0, sizeof f2);
        f2.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
        f2.pNext = &f12;
        vkGetPhysicalDeviceFeatures2(pd, &f2);
        CHECK(f12.timelineSemaphore, "the device has timeline semaphores");
        memset(&f12, 0, sizeof f12);   /* enable timeline semaphores only */
        f12.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES;
        f12.timelineSemaphore = VK_TRUE;
        memset(&qci, 0, sizeof qci);
        qci.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
        qci.queueFamilyIndex = family;
        qci.queueCount = 1;
        qci.pQueuePriorities = &prio;
        memset(&dci, 0, sizeof dci);
        dci.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
        dci.pNext = &f12;
        dci.queueCreateInfoCount = 1;
        dci.pQueueCreateInfos = &qci;
        CHECK(vkCreateDevice(pd, &dci, NULL, &dev) == VK_SUCCESS, "vkCreateDevice");
    }
    if (dev) {
        volkLoadDeviceTable(&dt, dev);
        dt.vkGetDeviceQueue(dev, family, 0, &queue);
        memset(&d, 0, sizeof d);
        d.logger.func = test_logger;
        d.host.instance = inst; d.host.physical_device = pd; d.host.device = dev; d.host.queue = queue;
        d.host.queue_family = family;
        d.host.api_version = VK_API_VERSION_1_2;
        d.host.enabled_features = &f12;
        d.host.lock_queue = host_lock;   /* no unlock: refused, and the host's objects survive it */
        log_errors = 0;
        r = alpha_vk_create(&v, &d);
        CHECK(r == ALPHA_ERR_INVALID && v && strstr(alpha_vk_last_error(v), "unlock_queue"), "lock without unlock: %s",
              v ? alpha_vk_last_error(v) : alpha_result_str(r));
        alpha_vk_destroy(v);
        v = NULL;
        CHECK(lock_depth == 0 && lock_pairs == 0, "the refused runtime locked the queue");
        d.host.unlock_queue = host_unlock;
        r = alpha_vk_create(&v, &d);
        CHECK(r == ALPHA_OK, "create on the host's device: %s", v ? alpha_vk_last_error(v) : alpha_result_str(r));
        if (r == ALPHA_OK) {
            const alpha_vk_info *in = alpha_vk_get_info(v);
            CHECK(in->timeline_semaphores == 1 && in->storage_16bit == 0 && in->float16_arith == 0 && in->validation == 0,
                  "features are what the host enabled: timeline %d, 16-bit storage %d, float16 %d, validation %d",
                  in->timeline_semaphores, in->storage_16bit, in->float16_arith, in->validation);
            for (i = 0; i < 37; i++) x[i] = (float)i * 0.25f - 3.0f;
            CHECK(alpha_vk_buffer_create(v, sizeof x, &a) == ALPHA_OK && alpha_vk_buffer_create(v, sizeof x, &y) == ALPHA_OK, "buffers");
            CHECK(alpha_vk_buffer_upload(v, a, 0, x, sizeof x) == ALPHA_OK && alpha_vk_add(v, a, a, y, 37) == ALPHA_OK &&
                  alpha_vk_buffer_download(v, y, 0, out, sizeof out) == ALPHA_OK, "add: %s", alpha_vk_last_error(v));
            for (i = 0; i < 37; i++) if (out[i] != 2 * x[i]) { CHECK(0, "add [%u]: %g, want %g", i, out[i], 2 * x[i]); break; }
            CHECK(lock_pairs >= 3 && lock_nested == 0 && lock_depth == 0, "queue lock: %d pairs (3 submits at least), %d nested, depth %d",
                  lock_pairs, lock_nested, lock_depth);
        }
        pairs = lock_pairs;
        alpha_vk_destroy(v);   /* waits for the queue (locked), leaves the host's objects alone */
        CHECK(lock_pairs == pairs + 1 && lock_depth == 0 && lock_nested == 0, "destroy: %d lock pairs, depth %d", lock_pairs - pairs, lock_depth);
        CHECK(dt.vkDeviceWaitIdle(dev) == VK_SUCCESS, "the host's device still works");
        dt.vkDestroyDevice(dev, NULL);
    }
    if (messenger) vkDestroyDebugUtilsMessengerEXT(inst, messenger, NULL);
    vkDestroyInstance(inst, NULL);
    CHECK(host_messages == 0, "%d validation messages on the host's instance", host_messages);
}
#endif

int main(void) {
    alpha_vk_desc d;
    alpha_result r;
    const alpha_vk_info *in;
    if (access("/usr/share/vulkan/icd.d/lvp_icd.x86_64.json", R_OK) == 0)
        setenv("VK_ICD_FILENAMES", "/usr/share/vulkan/icd.d/lvp_icd.x86_64.json", 0);
    RUN(test_kernel_modules_spirv_val);
#ifndef TEST_HAVE_VOLK
    printf("skip: volk.h not found at build time (Debian: libvulkan-volk-dev libvulkan-dev)\n");
    return test_summary();
#endif
    memset(&d, 0, sizeof d);
    d.flags = getenv("ALPHA_TEST_NO_VALIDATION") ? 0 : ALPHA_VK_DESC_VALIDATION;
    d.slab_size = 256 << 10;    /* small slabs and staging: more slabs, dedicated slabs, chunked copies */
    d.staging_size = 16 << 10;
    d.logger.func = test_logger;
    r = alpha_vk_create(&vk, &d);
    if (r != ALPHA_OK) {
        printf("skip: %s\n", vk ? alpha_vk_last_error(vk) : alpha_result_str(r));
        alpha_vk_destroy(vk);
        return test_summary();
    }
    in = alpha_vk_get_info(vk);
    printf("device: %s (validation %s)\n", in->device_name, in->validation ? "on" : "off");
    RUN(test_info);
    RUN(test_bad_device_name);
    RUN(test_buffers);
    RUN(test_add);
    RUN(test_scale);
    RUN(test_gelu);
    RUN(test_softmax);
    RUN(test_matmul);
    RUN(test_chain);
    RUN(test_pipelines);
    RUN(test_validation_counts);
    RUN(test_second_runtime);
    RUN(test_pipeline_cache);
    RUN(test_spirv_dump);
#ifdef TEST_HAVE_VOLK
    RUN(test_host_device);
#endif
    alpha_vk_destroy(vk);
    return test_summary();
}
