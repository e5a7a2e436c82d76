/* tests/check_vk_errors.c: the helper program of tests/check_vk_errors.sh (not a test_*.c: the
   Makefile does not build it). Each mode runs in a fresh process made for one failure of the
   Vulkan runtime, checks the exact alpha_result and that the message says why, then checks that
   the CPU path still works in the same process (a few training steps of a tiny GPT whose loss
   goes down). Prints "ok   <what>" / "FAIL <what>: ..." lines and exits 0 iff every check passed.
       no-loader   run with LD_PRELOAD of the shim below (libvulkan cannot be dlopen'ed)
       no-device   run with VK_DRIVER_FILES / VK_ICD_FILENAMES naming a file that does not exist
       oom         run on a real device (lavapipe): an address-space limit (RLIMIT_AS) makes the
                   driver's memory allocations fail; buffer, backend arena and tensor allocations
                   must fail with ALPHA_ERR_OOM and a message, and everything works again after
   Built with -DCHECK_VK_ERRORS_SHIM -shared -fPIC it is instead the LD_PRELOAD shim: a dlopen
   that refuses every libvulkan and forwards everything else. */
#ifdef CHECK_VK_ERRORS_SHIM
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>
void *dlopen(const char *file, int mode) {
    static void *(*real)(const char *, int);
    if (file && strstr(file, "libvulkan")) return NULL;
    if (!real) *(void **)&real = dlsym(RTLD_NEXT, "dlopen");
    return real ? real(file, mode) : NULL;
}
#else
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <sys/resource.h>
#define VOLK_IMPLEMENTATION
#include <volk.h>
#define ALPHA_VULKAN
#define ALPHA_IMPLEMENTATION
#include "alpha_vk.h"
#include "alpha_model.h"
#include "alpha_train.h"

static int failures;
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void check(int ok, const char *fmt, ...) {
    va_list ap;
    printf(ok ? "ok   " : "FAIL ");
    va_start(ap, fmt); vprintf(fmt, ap); va_end(ap);
    printf("\n");
    fflush(stdout);
    if (!ok) failures++;
}
static void quiet(void *u, alpha_log_level l, const char *m) { (void)u; (void)l; (void)m; }
/* validation messages: those reporting a failed vkAllocateMemory (the layer logs the VkResult of
   the failures this test causes on purpose) and all others, which fail the test */
static uint32_t validation_oom, validation_other;
static void vk_logger(void *u, alpha_log_level l, const char *m) {
    (void)u; (void)l;
    if (strncmp(m, "alpha_vk validation", 19) != 0) return;
    if (!strcmp(m, "alpha_vk validation: VK_ERROR_OUT_OF_DEVICE_MEMORY")) validation_oom++;
    else validation_other++;
    printf("    %s\n", m);
}
static int has(const char *msg, const char *part) { return msg && strstr(msg, part) != NULL; }

/* the CPU path: 8 AdamW steps of a tiny GPT on a repeating sequence; the loss must go down */
static void cpu_training_works(void) {
    static int32_t tokens[2000];
    alpha_trainer_desc td;
    alpha_trainer *tr = NULL;
    alpha_step_stats s;
    double first = NAN, last = NAN;
    alpha_result r;
    int i, ok = 1;
    for (i = 0; i < 2000; i++) tokens[i] = (int32_t)((i * 7 + (i / 13) * 3) % 29);
    memset(&td, 0, sizeof td);
    td.model.vocab_size = 29; td.model.block_size = 16; td.model.n_layer = 2; td.model.n_head = 2; td.model.n_embd = 16;
    td.batch_size = 4; td.seq_len = 16; td.steps = 8; td.seed = 5; td.n_threads = 1;
    td.optim.lr = 1e-2f;
    td.logger.func = quiet;
    r = alpha_trainer_create(&td, tokens, 2000, &tr);
    if (r != ALPHA_OK) { check(0, "CPU trainer: %s", alpha_result_str(r)); return; }
    for (i = 0; i < 8 && ok; i++) {
        ok = alpha_trainer_step(tr, &s) == ALPHA_OK && isfinite(s.loss);
        if (i == 0) first = s.loss;
        last = s.loss;
    }
    check(ok && alpha_ctx_device(tr->ctx) == 0 && last < first, "the CPU still trains: loss %.4f -> %.4f over 8 steps%s%s", first, last,
          ok ? "" : ": ", ok ? "" : alpha_ctx_last_error(tr->ctx));
    alpha_trainer_destroy(tr);
}

static alpha_vk *create(alpha_result *r, int validation) {
    alpha_vk *vk = NULL;
    alpha_vk_desc d;
    memset(&d, 0, sizeof d);
    d.flags = validation ? ALPHA_VK_DESC_VALIDATION : 0;
    d.logger.func = vk_logger;
    *r = alpha_vk_create(&vk, &d);
    return vk;
}

static void no_loader(void) {
    int pass;
    for (pass = 0; pass < 2; pass++) {   /* a second try finds no loader either, and nothing breaks */
        alpha_result r;
        alpha_vk *vk = create(&r, pass == 0);
        const char *msg = alpha_vk_last_error(vk);
        check(r == ALPHA_ERR_DEVICE && vk, "no loader (try %d): alpha_vk_create gives ALPHA_ERR_DEVICE (%s)", pass + 1, alpha_result_str(r));
        check(has(msg, "no Vulkan loader") && has(msg, "libvulkan.so.1"), "the message names the loader: %s", msg);
        check(alpha_vk_get_info(vk) && alpha_vk_get_info(vk)->device_name[0] == 0, "no device in the info");
        alpha_vk_destroy(vk);
    }
    cpu_training_works();
}

static void no_device(void) {
    int pass;
    for (pass = 0; pass < 2; pass++) {   /* with and without the validation layer */
        alpha_result r;
        alpha_vk *vk = create(&r, pass == 0);
        const char *msg = alpha_vk_last_error(vk);
        check(r == ALPHA_ERR_DEVICE && vk, "no driver (validation %s): alpha_vk_create gives ALPHA_ERR_DEVICE (%s)", pass ? "off" : "on",
              alpha_result_str(r));
        check(has(msg, "no Vulkan device"), "the message says there is no device: %s", msg);
        check(has(msg, getenv("VK_DRIVER_FILES") ? "VK_DRIVER_FILES" : "VK_ICD_FILENAMES"), "and names the variable that hid the driver: %s", msg);
        alpha_vk_destroy(vk);
    }
    cpu_training_works();
}

/* bytes of address space in use (first field of /proc/self/statm, in pages) */
static size_t address_space(void) {
    unsigned long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) { if (fscanf(f, "%lu", &pages) != 1) pages = 0; fclose(f); }
    return (size_t)pages * 4096u;
}

/* y = a + b on the device through alpha_vk_add; 1 if y is right */
static int add_works(alpha_vk *vk) {
    float a[300], b[300], y[300];
    alpha_vk_buffer *ba = NULL, *bb = NULL, *by = NULL;
    int i, ok;
    for (i = 0; i < 300; i++) { a[i] = (float)i; b[i] = 0.5f * (float)i; y[i] = 0; }
    ok = alpha_vk_buffer_create(vk, sizeof a, &ba) == ALPHA_OK && alpha_vk_buffer_create(vk, sizeof b, &bb) == ALPHA_OK &&
         alpha_vk_buffer_create(vk, sizeof y, &by) == ALPHA_OK && alpha_vk_buffer_upload(vk, ba, 0, a, sizeof a) == ALPHA_OK &&
         alpha_vk_buffer_upload(vk, bb, 0, b, sizeof b) == ALPHA_OK && alpha_vk_add(vk, ba, bb, by, 300) == ALPHA_OK &&
         alpha_vk_buffer_download(vk, by, 0, y, sizeof y) == ALPHA_OK;
    for (i = 0; i < 300 && ok; i++) ok = y[i] == 1.5f * (float)i;
    alpha_vk_buffer_free(vk, ba); alpha_vk_buffer_free(vk, bb); alpha_vk_buffer_free(vk, by);
    return ok;
}

static void oom(void) {
    alpha_result r;
    alpha_vk *vk = create(&r, 1);
    alpha_vk_buffer *buf = NULL;
    alpha_backend be;
    alpha_ctx *ctx = NULL;
    alpha_ctx_desc cd;
    struct rlimit old, lim;
    const alpha_vk_info *info;
    size_t big;
    int dev = 0;
    if (r != ALPHA_OK) { check(0, "oom: alpha_vk_create: %s", alpha_vk_last_error(vk)); alpha_vk_destroy(vk); return; }
    info = alpha_vk_get_info(vk);
    if (!info) { check(0, "oom: no info"); alpha_vk_destroy(vk); return; }
    printf("    device: %s\n", info->device_name);
    check(add_works(vk), "a kernel runs before the limit: %s", alpha_vk_last_error(vk));
    /* more than the device has: refused before asking the driver */
    r = alpha_vk_buffer_create(vk, (size_t)1 << 50, &buf);
    check(r == ALPHA_ERR_OOM && !buf && has(alpha_vk_last_error(vk), "device-local heap"), "a 1 PiB buffer: %s: %s", alpha_result_str(r),
          alpha_vk_last_error(vk));
    /* the driver's allocation fails: at most 24 MiB more address space for the process */
    big = (size_t)info->max_storage_buffer_range;
    if (big > ((size_t)96 << 20)) big = (size_t)96 << 20;
    if (getrlimit(RLIMIT_AS, &old) != 0) { check(0, "getrlimit"); alpha_vk_destroy(vk); return; }
    lim = old;
    lim.rlim_cur = (rlim_t)(address_space() + ((size_t)24 << 20));
    if (old.rlim_cur != RLIM_INFINITY && old.rlim_cur < lim.rlim_cur) lim.rlim_cur = old.rlim_cur;
    if (setrlimit(RLIMIT_AS, &lim) != 0) { check(0, "setrlimit"); alpha_vk_destroy(vk); return; }
    r = alpha_vk_buffer_create(vk, big, &buf);
    check(r == ALPHA_ERR_OOM && !buf, "a %zu MiB buffer the driver cannot allocate: %s", big >> 20, alpha_result_str(r));
    check(has(alpha_vk_last_error(vk), "out of device memory") && has(alpha_vk_last_error(vk), "bytes"), "the message says so: %s",
          alpha_vk_last_error(vk));
    r = alpha_vk_backend(vk, big, &be);
    check(r == ALPHA_ERR_OOM && !be.user, "a %zu MiB backend arena: %s", big >> 20, alpha_result_str(r));
    check(has(alpha_vk_last_error(vk), "alpha_vk_backend") && has(alpha_vk_last_error(vk), "out of device memory"), "the message says so: %s",
          alpha_vk_last_error(vk));
    check(add_works(vk), "kernels, uploads and downloads still work under the limit: %s", alpha_vk_last_error(vk));
    if (setrlimit(RLIMIT_AS, &old) != 0) check(0, "setrlimit (restore)");
    /* without the limit: a backend, a tensor beyond its arena (ALPHA_ERR_OOM naming the device), then tensor work */
    memset(&cd, 0, sizeof cd);
    cd.n_threads = 1; cd.logger.func = quiet;
    r = alpha_ctx_create(&ctx, &cd);
    if (r == ALPHA_OK) r = alpha_vk_backend(vk, (size_t)1 << 20, &be);
    if (r == ALPHA_OK) r = alpha_ctx_add_device(ctx, &be, &dev);
    check(r == ALPHA_OK, "a 1 MiB backend after the limit: %s", alpha_vk_last_error(vk));
    if (r == ALPHA_OK) {
        alpha_tensor *t = alpha_full_on(ctx, dev, ALPHA_F32, alpha_shape2(1024, 1024), 1.0), *u;
        double s;
        check(!t && alpha_ctx_status(ctx) == ALPHA_ERR_OOM, "a 4 MiB tensor in the 1 MiB arena: %s", alpha_result_str(alpha_ctx_status(ctx)));
        check(has(alpha_ctx_last_error(ctx), "vulkan") && has(alpha_ctx_last_error(ctx), info->device_name) &&
              has(alpha_ctx_last_error(ctx), "out of memory"), "the message names the device: %s", alpha_ctx_last_error(ctx));
        alpha_ctx_clear_error(ctx);
        t = alpha_full_on(ctx, dev, ALPHA_F32, alpha_shape2(64, 64), 1.0);
        u = alpha_add(ctx, t, t);
        s = u ? alpha_tensor_item(ctx, alpha_sum(ctx, u, ALPHA_ALL_AXES, 0)) : 0;
        check(s == 2.0 * 64 * 64 && alpha_ctx_status(ctx) == ALPHA_OK, "tensor ops on the device after the failures: sum %g: %s", s,
              alpha_ctx_last_error(ctx));
    }
    alpha_ctx_destroy(ctx);
    check(validation_other == 0 && alpha_vk_validation_messages(vk) == validation_oom && validation_oom <= 2,
          "no validation message but the layer's report of the %u failed allocations (%u messages)", validation_oom,
          alpha_vk_validation_messages(vk));
    alpha_vk_destroy(vk);
    cpu_training_works();
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    if (!strcmp(mode, "no-loader")) no_loader();
    else if (!strcmp(mode, "no-device")) no_device();
    else if (!strcmp(mode, "oom")) oom();
    else { fprintf(stderr, "usage: %s no-loader|no-device|oom\n", argv[0]); return 2; }
    printf("%s: %d failed\n", mode, failures);
    return failures ? 1 : 0;
}
#endif
