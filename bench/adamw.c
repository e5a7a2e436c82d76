/* bench/adamw: one AdamW step (global norm, clipping, update) over the parameters of the `gpt2`
   GPT (148 tensors, 124M values) on a Vulkan device, with the flat layout (one norm, two updates)
   and with one kernel per parameter (desc.separate_storage); op by op and captured/replayed; and
   the global sum of squares alone. Prints one JSON line per measurement.
     cc -O2 -DALPHA_VULKAN -I. bench/adamw.c -o bench_adamw -lm -lpthread -ldl
     ./bench_adamw [--steps N] [--small] */
#ifdef ALPHA_VULKAN
#define VOLK_IMPLEMENTATION
#include <volk.h>
#endif
#define ALPHA_IMPLEMENTATION
#include "alpha_vk.h"
#include "alpha_train.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void quiet(void *u, alpha_log_level l, const char *m) { (void)u; if (l >= ALPHA_LOG_WARN) fprintf(stderr, "%s\n", m); }

static int run(alpha_vk *vk, int separate, int steps, int small) {
    alpha_ctx *ctx = NULL;
    alpha_ctx_desc cd;
    alpha_backend be;
    alpha_gpt_desc gd;
    alpha_gpt *m = NULL;
    alpha_adamw *opt = NULL;
    alpha_adamw_desc od;
    alpha_graph *g = NULL;
    alpha_tensor **grads;
    const char *layout = separate ? "per-tensor" : "flat";
    int dev, i, s;
    uint64_t d0, per_step, zero;
    int64_t values = 0;
    double t0, eager_ms, replay_ms, norm_ms;
    memset(&cd, 0, sizeof cd);
    cd.logger.func = quiet;
    if (alpha_ctx_create(&ctx, &cd) != ALPHA_OK) return 1;
    if (alpha_vk_backend(vk, (size_t)(small ? 1 : 6) << 30, &be) != ALPHA_OK || alpha_ctx_add_device(ctx, &be, &dev) != ALPHA_OK) {
        printf("{\"bench\":\"adamw\",\"error\":\"%s\"}\n", alpha_vk_last_error(vk));
        alpha_ctx_destroy(ctx);
        return 1;
    }
    alpha_ctx_set_device(ctx, dev);
    memset(&gd, 0, sizeof gd);
    gd.vocab_size = small ? 4096 : 50304; gd.block_size = small ? 256 : 1024;
    gd.n_layer = small ? 6 : 12; gd.n_head = small ? 6 : 12; gd.n_embd = small ? 384 : 768;
    memset(&od, 0, sizeof od);
    od.separate_storage = separate;
    if (alpha_gpt_create(ctx, &gd, &m) != ALPHA_OK || alpha_adamw_create(ctx, m->params, m->n_params, &od, &opt) != ALPHA_OK) {
        printf("{\"bench\":\"adamw\",\"layout\":\"%s\",\"error\":\"%s\"}\n", layout, alpha_ctx_last_error(ctx));
        alpha_ctx_destroy(ctx);
        return 1;
    }
    for (i = 0; i < m->n_params; i++) { values += alpha_tensor_numel(m->params[i]); alpha_fill(ctx, m->params[i]->grad, 1e-3 * (i % 7 + 1)); }
    /* dispatches of one step and of zeroing the gradients */
    alpha_adamw_prepare(opt, 1e-4f);
    d0 = alpha_ctx_dispatches(ctx, dev);
    alpha_adamw_record(opt, 1.0f);
    per_step = alpha_ctx_dispatches(ctx, dev) - d0;
    alpha_adamw_finish(opt, NULL);
    d0 = alpha_ctx_dispatches(ctx, dev);
    alpha_adamw_zero_grad(opt);
    zero = alpha_ctx_dispatches(ctx, dev) - d0;
    for (i = 0; i < m->n_params; i++) alpha_fill(ctx, m->params[i]->grad, 1e-3 * (i % 7 + 1));
    /* op by op: record + submit + read the norm back */
    t0 = alpha_train_now();
    for (s = 0; s < steps; s++) { alpha_adamw_prepare(opt, 1e-4f); alpha_adamw_record(opt, 1.0f); alpha_adamw_finish(opt, NULL); }
    eager_ms = (alpha_train_now() - t0) * 1e3 / steps;
    /* captured once, replayed */
    alpha_adamw_prepare(opt, 1e-4f);
    if (alpha_capture_begin(ctx, dev) != ALPHA_OK || alpha_adamw_record(opt, 1.0f) != ALPHA_OK || alpha_capture_end(ctx, &g) != ALPHA_OK) {
        printf("{\"bench\":\"adamw\",\"layout\":\"%s\",\"error\":\"capture: %s\"}\n", layout, alpha_ctx_last_error(ctx));
        alpha_ctx_destroy(ctx);
        return 1;
    }
    alpha_graph_replay(ctx, g);
    alpha_adamw_finish(opt, NULL);
    t0 = alpha_train_now();
    for (s = 0; s < steps; s++) { alpha_adamw_prepare(opt, 1e-4f); alpha_graph_replay(ctx, g); alpha_adamw_finish(opt, NULL); }
    replay_ms = (alpha_train_now() - t0) * 1e3 / steps;
    /* the global sum of squares alone (one read back each) */
    grads = (alpha_tensor **)alpha_ctx_alloc(ctx, (size_t)m->n_params * sizeof *grads);
    for (i = 0; grads && i < m->n_params; i++) grads[i] = m->params[i]->grad;
    t0 = alpha_train_now();
    for (s = 0; grads && s < steps; s++) {
        alpha_mark mk = alpha_ctx_mark(ctx);
        alpha_tensor_item(ctx, separate ? alpha_global_sum_squares(ctx, grads, m->n_params) : alpha_sum_squares(ctx, opt->flat[1]));
        alpha_ctx_reset(ctx, mk);
    }
    norm_ms = (alpha_train_now() - t0) * 1e3 / steps;
    printf("{\"bench\":\"adamw\",\"device\":\"%s\",\"model\":\"%s\",\"layout\":\"%s\",\"params\":%d,\"values\":%lld,"
           "\"dispatches_per_step\":%llu,\"zero_grad_dispatches\":%llu,\"op_by_op_ms\":%.3f,\"replay_ms\":%.3f,"
           "\"sum_squares_ms\":%.3f,\"sum_squares_gb_s\":%.1f,\"status\":\"%s\"}\n",
           alpha_vk_get_info(vk)->device_name, small ? "small" : "gpt2", layout, m->n_params, (long long)values,
           (unsigned long long)per_step, (unsigned long long)zero, eager_ms, replay_ms, norm_ms,
           (double)values * 4 / (norm_ms * 1e-3) / 1e9, alpha_result_str(alpha_ctx_status(ctx)));
    fflush(stdout);
    alpha_graph_destroy(ctx, g);
    alpha_ctx_destroy(ctx);
    return 0;
}

int main(int argc, char **argv) {
    alpha_vk *vk = NULL;
    alpha_vk_desc vd;
    alpha_result r;
    int i, steps = 20, small = 0, bad = 0;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--steps") && i + 1 < argc) steps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--small")) small = 1;
    }
    if (steps < 1) steps = 1;
    memset(&vd, 0, sizeof vd);
    vd.logger.func = quiet;
    if ((r = alpha_vk_create(&vk, &vd)) != ALPHA_OK) {
        fprintf(stderr, "bench_adamw: no Vulkan device: %s\n", vk ? alpha_vk_last_error(vk) : alpha_result_str(r));
        return 1;
    }
    bad |= run(vk, 0, steps, small);
    bad |= run(vk, 1, steps, small);
    alpha_vk_destroy(vk);
    return bad;
}
