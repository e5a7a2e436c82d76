/* bench/gpt_train: full training steps (forward, backward, clip 1.0, AdamW) of the `small` and
   `gpt2` GPTs of ../shared/bench/torch_gpt.py on a Vulkan device, side by side with PyTorch
   (torch_gpt.py CONFIG:MODE) in the same run. Prints one JSON line per run, the ratio table last.
     cc -O2 -DALPHA_VULKAN -I. bench/gpt_train.c -o bench_gpt_train -lm -lpthread -ldl
     ./bench_gpt_train [CONFIG[:B]]... [--steps N] [--no-capture] [--profile] [--torch MODES|none]
                      [--matmul fp32|bf16|f16]
   CONFIG: small (V=4096 T=256 d=384 L=6 H=6 B=32) or gpt2 (V=50304 T=1024 d=768 L=12 H=12
   B=16); :B overrides the batch, PyTorch's too (bench/torch_gpt_at.py runs torch_gpt.py at it).
   Both report peak device memory: ours the arena's (alpha_vk_backend_peak), PyTorch's
   torch.cuda.max_memory_allocated.
   --profile times every kernel (op by op, so it implies --no-capture) and prints one JSON line per
   pipeline after each config. MODES: comma-separated torch_gpt.py modes (default fp32,tf32,bf16).
   --matmul: our MATMUL precision (alpha_vk_set_matmul_precision; default fp32, or ALPHA_VK_MATMUL;
   bf16/f16 need cooperative matrices); our JSON lines carry it as "matmul". Environment:
   ALPHA_SHARED_BENCH (the folder of torch_gpt.py, default ../shared/bench), ALPHA_PYTHON,
   ALPHA_BENCH_DIR (the folder of torch_gpt_at.py, default bench). */
#define _POSIX_C_SOURCE 200809L   /* popen */
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

typedef struct config { const char *name; int V, T, d, L, H, B; } config;
static const config configs[] = {
    {"small", 4096, 256, 384, 6, 6, 32},
    {"gpt2", 50304, 1024, 768, 12, 12, 16},
};

typedef struct result { char name[64]; double tok_s; } result;
static result results[32];
static int n_results;

static const char *matmul_name(int p) { return p == ALPHA_VK_MATMUL_BF16 ? "bf16" : p == ALPHA_VK_MATMUL_F16 ? "f16" : "fp32"; }

static void quiet(void *u, alpha_log_level l, const char *m) { (void)u; if (l >= ALPHA_LOG_WARN) fprintf(stderr, "%s\n", m); }

/* Our tokens/s for one config on vk; 0 when it did not run (the reason is printed). */
static double run_alpha(alpha_vk *vk, const config *c, int steps, int no_capture) {
    alpha_trainer_desc d;
    alpha_trainer *tr = NULL;
    alpha_step_stats st;
    alpha_backend be;
    uint64_t arena;
    size_t n = (size_t)c->B * (size_t)(c->T + 1) * 8, i;
    const char *mm = matmul_name(alpha_vk_matmul_precision(vk));
    int32_t *tok = (int32_t *)malloc(n * sizeof *tok);
    uint64_t x = 88172645463325252ull, disp0;
    double t0, t_first, dt, loss = 0;
    int s;
    if (!tok) return 0;
    for (i = 0; i < n; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; tok[i] = (int32_t)(x % (uint64_t)c->V); }
    memset(&d, 0, sizeof d);
    d.model.vocab_size = c->V; d.model.block_size = c->T; d.model.n_layer = c->L; d.model.n_head = c->H; d.model.n_embd = c->d;
    d.batch_size = c->B; d.seq_len = c->T; d.steps = 1000000; d.warmup_steps = -1; d.val_fraction = -1;
    d.optim.lr = 3e-4f; d.optim.weight_decay = 0.1f; d.optim.clip_norm = 1.0f;
    d.seed = 1; d.no_capture = no_capture;
    d.logger.func = quiet;
    arena = (uint64_t)16 << 30;   /* capped by the backend: 16 GiB with device addresses; by the heap (lavapipe's) */
    if (arena > alpha_vk_get_info(vk)->device_local_bytes / 8 * 7) arena = alpha_vk_get_info(vk)->device_local_bytes / 8 * 7;
    if (alpha_vk_backend(vk, (size_t)arena, &be) != ALPHA_OK) {
        printf("{\"bench\":\"gpt_train\",\"impl\":\"alpha\",\"config\":\"%s\",\"matmul\":\"%s\",\"error\":\"%s\"}\n", c->name, mm,
               alpha_vk_last_error(vk));
        free(tok);
        return 0;
    }
    d.device = &be;
    t0 = alpha_train_now();
    if (alpha_trainer_create(&d, tok, n, &tr) != ALPHA_OK || alpha_trainer_step(tr, &st) != ALPHA_OK) {
        printf("{\"bench\":\"gpt_train\",\"impl\":\"alpha\",\"config\":\"%s\",\"matmul\":\"%s\",\"B\":%d,\"error\":\"%s\"}\n", c->name, mm, c->B,
               tr ? alpha_ctx_last_error(tr->ctx) : "trainer creation failed (device memory?)");
        fflush(stdout);
        alpha_trainer_destroy(tr);
        free(tok);
        return 0;
    }
    t_first = alpha_train_now() - t0;   /* creation + first step: kernel generation, pipelines, capture */
    alpha_trainer_step(tr, &st);        /* the first replay */
    alpha_vk_profile_reset(vk);         /* (profiling) the timed steps only */
    disp0 = alpha_ctx_dispatches(tr->ctx, 1);
    t0 = alpha_train_now();
    for (s = 0; s < steps; s++) {
        if (alpha_trainer_step(tr, &st) != ALPHA_OK) break;
        loss = st.loss;
    }
    dt = (alpha_train_now() - t0) / (s ? s : 1);
    if (!(loss == loss) || loss > 1e30) {   /* a broken step is no measurement */
        printf("{\"bench\":\"gpt_train\",\"impl\":\"alpha\",\"config\":\"%s\",\"matmul\":\"%s\",\"B\":%d,\"error\":\"loss is %g after %d steps\"}\n",
               c->name, mm, c->B, loss, s);
        alpha_trainer_destroy(tr);
        free(tok);
        return 0;
    }
    printf("{\"bench\":\"gpt_train\",\"impl\":\"alpha\",\"config\":\"%s\",\"mode\":\"fp32\",\"matmul\":\"%s\",\"device\":\"%s\",\"B\":%d,\"T\":%d,"
           "\"params\":%lld,\"captured\":%d,\"host_dispatches_per_step\":%.0f,\"first_step_s\":%.2f,\"step_ms\":%.2f,\"tok_s\":%.0f,"
           "\"loss\":%.3f,\"peak_mib\":%.0f}\n", c->name, mm, alpha_vk_get_info(vk)->device_name, c->B, c->T, (long long)alpha_gpt_num_params(tr->model),
           tr->graph != NULL, s ? (double)(alpha_ctx_dispatches(tr->ctx, 1) - disp0) / s : 0.0, t_first, dt * 1e3,
           c->B * c->T / dt, loss, (double)alpha_vk_backend_peak(&be) / (1 << 20));
    alpha_vk_profile_print(vk, stdout);
    fflush(stdout);
    alpha_trainer_destroy(tr);
    free(tok);
    return s == steps ? c->B * c->T / dt : 0;
}

/* PyTorch's tokens/s for CONFIG:MODE at batch B (torch_gpt_at.py's JSON lines are echoed); 0 if it did not run. */
static double run_torch(const char *cname, const char *mode, int B) {
    char cmd[1024], line[2048];
    const char *dir = getenv("ALPHA_SHARED_BENCH"), *py = getenv("ALPHA_PYTHON"), *bdir = getenv("ALPHA_BENCH_DIR");
    FILE *p;
    double tok_s = 0;
    if (!dir) dir = "../shared/bench";
    if (!py) py = "python3";
    if (!bdir) bdir = "bench";
    snprintf(cmd, sizeof cmd, "%s %s/torch_gpt_at.py %s %s:%s %d 2>&1", py, bdir, dir, cname, mode, B);
    if (!(p = popen(cmd, "r"))) return 0;
    while (fgets(line, sizeof line, p)) {
        const char *k = strstr(line, "\"tok_s\":");
        line[strcspn(line, "\r\n")] = 0;
        if (k) tok_s = atof(k + 8);
        if (k || strstr(line, "\"peak_mib\":")) {
            printf("{\"bench\":\"gpt_train\",\"impl\":\"pytorch\",\"result\":%s}\n", line);
        } else if (strstr(line, "Error") || strstr(line, "No such file")) {
            printf("{\"bench\":\"gpt_train\",\"impl\":\"pytorch\",\"config\":\"%s\",\"mode\":\"%s\",\"error\":\"", cname, mode);
            for (k = line; *k; k++) if (*k != '"' && *k != '\\') putchar(*k);
            printf("\"}\n");
        }
    }
    fflush(stdout);
    pclose(p);
    return tok_s;
}

static void add_result(const char *impl, const char *cname, const char *mode, double tok_s) {
    if (n_results >= (int)(sizeof results / sizeof *results)) return;
    snprintf(results[n_results].name, sizeof results[n_results].name, "%s %s %s", impl, cname, mode);
    results[n_results++].tok_s = tok_s;
}

int main(int argc, char **argv) {
    const char *names[8], *modes = "fp32,tf32,bf16";
    int batch[8], n_names = 0, steps = 10, no_capture = 0, profile = 0, matmul = -1, i, j;
    alpha_vk *vk = NULL;
    alpha_vk_desc vd;
    alpha_result r;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--steps") && i + 1 < argc) steps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--torch") && i + 1 < argc) modes = argv[++i];
        else if (!strcmp(argv[i], "--no-capture")) no_capture = 1;
        else if (!strcmp(argv[i], "--profile")) profile = no_capture = 1;
        else if (!strcmp(argv[i], "--matmul") && i + 1 < argc) {
            const char *v = argv[++i];
            matmul = !strcmp(v, "fp32") ? ALPHA_VK_MATMUL_FP32 : !strcmp(v, "bf16") ? ALPHA_VK_MATMUL_BF16 : !strcmp(v, "f16") ? ALPHA_VK_MATMUL_F16 : -2;
            if (matmul == -2) { fprintf(stderr, "bench_gpt_train: unknown matmul precision %s (fp32, bf16, f16)\n", v); return 2; }
        }
        else if (n_names < 8) {
            const char *colon = strchr(argv[i], ':');
            batch[n_names] = colon ? atoi(colon + 1) : 0;
            names[n_names++] = argv[i];
        }
    }
    if (!n_names) { names[0] = "small"; names[1] = "gpt2"; batch[0] = batch[1] = 0; n_names = 2; }
    memset(&vd, 0, sizeof vd);
    vd.logger.func = quiet;
    vd.flags = profile ? ALPHA_VK_DESC_PROFILE : 0;
    if ((r = alpha_vk_create(&vk, &vd)) != ALPHA_OK) {
        fprintf(stderr, "bench_gpt_train: no Vulkan device: %s\n", vk ? alpha_vk_last_error(vk) : alpha_result_str(r));
        return 1;
    }
    if (matmul >= 0 && alpha_vk_set_matmul_precision(vk, matmul) != ALPHA_OK) {
        fprintf(stderr, "bench_gpt_train: --matmul %s: %s\n", matmul_name(matmul), alpha_vk_last_error(vk));
        alpha_vk_destroy(vk);
        return 1;
    }
    for (i = 0; i < n_names; i++) {
        config c;
        char cname[16], mode[40];
        const char *m = modes;
        size_t len = strcspn(names[i], ":");
        for (j = 0; j < (int)(sizeof configs / sizeof *configs) && (strlen(configs[j].name) != len || strncmp(configs[j].name, names[i], len)); j++) {}
        if (j == (int)(sizeof configs / sizeof *configs)) { fprintf(stderr, "bench_gpt_train: unknown config %s\n", names[i]); continue; }
        c = configs[j];
        if (batch[i] > 0) c.B = batch[i];
        snprintf(cname, sizeof cname, "%s B=%d", c.name, c.B);
        snprintf(mode, sizeof mode, "fp32 matmul %s%s", matmul_name(alpha_vk_matmul_precision(vk)), no_capture ? " op-by-op" : "");
        add_result("alpha", cname, mode, run_alpha(vk, &c, steps, no_capture));
        while (strcmp(modes, "none") && *m) {   /* PyTorch at the same batch */
            size_t k = strcspn(m, ",");
            snprintf(mode, sizeof mode, "%.*s", (int)(k < 15 ? k : 15), m);
            add_result("pytorch", cname, mode, run_torch(c.name, mode, c.B));
            m += k + (m[k] == ',');
        }
    }
    printf("%-44s %12s\n", "run", "tok/s");
    for (i = 0; i < n_results; i++) printf("%-44s %12.0f\n", results[i].name, results[i].tok_s);
    alpha_vk_destroy(vk);
    return 0;
}
