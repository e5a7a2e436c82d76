/* bench/train_cpu: full CPU training steps (forward, backward, clip, AdamW) of the `small` GPT of
   ../shared/bench/torch_gpt.py (V=4096, T=256, d=384, L=6, H=6), side by side with PyTorch's
   ../shared/bench/torch_gpt_cpu.py in the same run. Prints JSON lines, the ratio last.
     make build/bench_train_cpu && ./build/bench_train_cpu [B] [T] [steps] [threads]
   PyTorch needs Debian's python3-torch and libopenblas0-pthread; this program installs nothing
   and says what is missing. */
#define ALPHA_IMPLEMENTATION
#include "alpha_train.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double run_alpha(int B, int T, int steps, int threads) {
    alpha_trainer_desc d;
    alpha_trainer *tr;
    alpha_step_stats st;
    size_t n = (size_t)B * (size_t)(T + 1) * 64, i;
    int32_t *tok = (int32_t *)malloc(n * sizeof *tok);
    uint64_t x = 88172645463325252ull;
    double t0, dt, loss = 0;
    int s;
    for (i = 0; i < n; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; tok[i] = (int32_t)(x % 4096); }
    memset(&d, 0, sizeof d);
    d.model.vocab_size = 4096; d.model.block_size = T; d.model.n_layer = 6; d.model.n_head = 6; d.model.n_embd = 384;
    d.batch_size = B; d.seq_len = T; d.steps = 1000000; d.warmup_steps = -1; d.val_fraction = -1;
    d.optim.lr = 3e-4f; d.optim.weight_decay = 0.1f; d.optim.clip_norm = 1.0f;
    d.n_threads = threads; d.seed = 1;
    if (alpha_trainer_create(&d, tok, n, &tr) != ALPHA_OK) { fprintf(stderr, "bench: trainer creation failed\n"); exit(1); }
    alpha_trainer_step(tr, &st);   /* warm-up: first-touch of the arena */
    t0 = alpha_train_now();
    for (s = 0; s < steps; s++) { alpha_trainer_step(tr, &st); loss = st.loss; }
    dt = (alpha_train_now() - t0) / steps;
    printf("{\"bench\":\"train_cpu\",\"impl\":\"alpha\",\"config\":\"small\",\"B\":%d,\"T\":%d,\"threads\":%d,\"params\":%lld,"
           "\"step_ms\":%.1f,\"tok_s\":%.0f,\"loss\":%.3f}\n", B, T, alpha_ctx_threads(tr->ctx),
           (long long)alpha_gpt_num_params(tr->model), dt * 1e3, B * T / dt, loss);
    fflush(stdout);
    alpha_trainer_destroy(tr);
    free(tok);
    return B * T / dt;
}

static double run_torch(int B, int T, int steps) {
    char cmd[512], line[1024];
    const char *dir = getenv("ALPHA_SHARED_BENCH"), *py = getenv("ALPHA_PYTHON");
    FILE *p;
    double tok_s = 0;
    if (!dir) dir = "../shared/bench";
    if (!py) {   /* Debian's python3-torch belongs to /usr/bin/python3, which may not be first on PATH */
        FILE *f = fopen("/usr/bin/python3", "rb");
        py = f ? "/usr/bin/python3" : "python3";
        if (f) fclose(f);
    }
    snprintf(cmd, sizeof cmd, "%s %s/torch_gpt_cpu.py %d %d %d 2>&1", py, dir, B, T, steps);
    p = popen(cmd, "r");
    if (!p) return 0;
    while (fgets(line, sizeof line, p)) {
        const char *k = strstr(line, "\"tok_s\":");
        if (k) {
            line[strcspn(line, "\r\n")] = 0;
            tok_s = atof(k + 8);
            printf("{\"bench\":\"train_cpu\",\"impl\":\"pytorch\",\"result\":%s}\n", line);
        }
        else if (strstr(line, "No module named 'torch'")) fprintf(stderr, "bench: PyTorch is missing: apt-get install python3-torch libopenblas0-pthread\n");
        else if (strstr(line, "No such file")) fprintf(stderr, "bench: %s/torch_gpt_cpu.py not found (set ALPHA_SHARED_BENCH)\n", dir);
    }
    pclose(p);
    return tok_s;
}

int main(int argc, char **argv) {
    int B = argc > 1 ? atoi(argv[1]) : 8, T = argc > 2 ? atoi(argv[2]) : 256, steps = argc > 3 ? atoi(argv[3]) : 3;
    int threads = argc > 4 ? atoi(argv[4]) : 2;
    double ours = run_alpha(B, T, steps, threads), theirs = run_torch(B, T, steps);
    if (theirs > 0)
        printf("{\"bench\":\"train_cpu\",\"summary\":\"alpha / pytorch\",\"alpha_tok_s\":%.0f,\"pytorch_tok_s\":%.0f,\"ratio\":%.2f}\n",
               ours, theirs, ours / theirs);
    return 0;
}
