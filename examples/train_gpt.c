/* train_gpt: train a GPT on a text file, on the CPU or a Vulkan GPU.
     cc -O2 -I. examples/train_gpt.c -o train_gpt -lm -lpthread                    # CPU only
     cc -O2 -DALPHA_VULKAN -I. examples/train_gpt.c -o train_gpt -lm -lpthread -ldl # + Vulkan (volk)
     ./train_gpt                      # the default small model on data/brown.txt
     ./train_gpt --device vulkan      # on the GPU (auto: a GPU when there is one, else the CPU)
     ./train_gpt --help
   Prints progress, samples now and then, writes metrics.jsonl, checkpoints and loss.svg into
   the run directory. --resume continues a run bit for bit (on the same device). */
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

typedef struct options {
    const char *data, *tokenizer, *run_dir, *resume, *prompt, *device;
    int matmul;   /* ALPHA_VK_MATMUL_*, -1: not given (the runtime's default, or ALPHA_VK_MATMUL) */
    int vocab, eval_interval, eval_batches, sample_interval, sample_tokens, checkpoint_interval, device_mem, validation;
    alpha_trainer_desc t;
} options;

static void usage(void) {
    printf(
        "usage: train_gpt [options]\n"
        "data and tokenizer:\n"
        "  --data FILE            training text (default data/brown.txt, else the repository's own text)\n"
        "  --tokenizer KIND       bpe | char | word (default bpe)\n"
        "  --vocab N              tokenizer vocabulary size (default 2048 for bpe)\n"
        "model:\n"
        "  --layers N --heads N --embd N --block N --mlp-mult N\n"
        "                         (default 4 layers, 6 heads, 192 wide, block 128, mlp x4)\n"
        "  --dropout P            (default 0)\n"
        "  --activation A         gelu | relu | silu | swiglu (default gelu)\n"
        "  --no-bias              no biases in linear layers and LayerNorms\n"
        "  --untied               separate LM head instead of the token embedding\n"
        "optimizer:\n"
        "  --lr X                 peak learning rate (default 1e-3)\n"
        "  --min-lr-ratio X       cosine floor as a fraction of lr (default 0.1)\n"
        "  --warmup N             warmup steps (default steps/20)\n"
        "  --wd X --beta1 X --beta2 X --eps X --clip X\n"
        "                         (default 0.1, 0.9, 0.95, 1e-8, 1.0)\n"
        "  --no-decay-embeddings  no weight decay on wte/wpe\n"
        "run:\n"
        "  --steps N              optimizer steps (default 1500)\n"
        "  --batch N              sequences per micro-batch (default 16)\n"
        "  --seq N                tokens per sequence (default: block)\n"
        "  --accum N              micro-batches per step (default 1)\n"
        "  --eval-interval N      validation loss every N steps (default 200)\n"
        "  --eval-batches N       batches per validation (default 20)\n"
        "  --sample-interval N    print a sample every N steps (default 500; 0: only at the end)\n"
        "  --sample-tokens N      tokens per sample (default 120)\n"
        "  --prompt TEXT          sample prompt (default \"The \")\n"
        "  --checkpoint-interval N  save every N steps (default 500) and at the end\n"
        "  --seed N               (default 1)\n"
        "  --threads N            (default: all CPUs)\n"
        "  --device D             cpu | vulkan | auto (default auto: a Vulkan GPU when built with\n"
        "                         -DALPHA_VULKAN and one is present, else the CPU)\n"
        "  --device-mem MiB       device memory for tensors (default 1024)\n"
        "  --matmul P             fp32 | bf16 | f16: Vulkan matmul precision (default fp32, or the\n"
        "                         environment's ALPHA_VK_MATMUL; bf16/f16 multiply in 16 bits with f32\n"
        "                         sums on cooperative matrices, tensors stay f32; needs a device that has them)\n"
        "  --loss-scale S         dynamic loss scaling from S (halved on overflow, doubled after 1000\n"
        "                         good steps; default 65536 with --matmul f16, else off)\n"
        "  --no-capture           run the step op by op instead of replaying a captured step\n"
        "  --validation           Vulkan validation layer on (slow; for debugging)\n"
        "  --run-dir DIR          (default runs/gpt)\n"
        "  --resume FILE          continue from a checkpoint (same model options)\n");
}

static int parse(int argc, char **argv, options *o) {
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
#define FLAG(name) (!strcmp(a, name))
#define NEED() do { if (!v) { fprintf(stderr, "train_gpt: %s needs a value\n", a); return 0; } i++; } while (0)
#define INT(name, dst) if (FLAG(name)) { NEED(); dst = atoi(v); continue; }
#define NUM(name, dst) if (FLAG(name)) { NEED(); dst = (float)atof(v); continue; }
#define STR(name, dst) if (FLAG(name)) { NEED(); dst = v; continue; }
        if (FLAG("--help") || FLAG("-h")) { usage(); exit(0); }
        STR("--data", o->data) STR("--tokenizer", o->tokenizer) STR("--run-dir", o->run_dir) STR("--resume", o->resume)
        STR("--prompt", o->prompt) STR("--device", o->device) INT("--device-mem", o->device_mem)
        if (FLAG("--no-capture")) { o->t.no_capture = 1; continue; }
        if (FLAG("--validation")) { o->validation = 1; continue; }
        INT("--vocab", o->vocab) INT("--layers", o->t.model.n_layer) INT("--heads", o->t.model.n_head) INT("--embd", o->t.model.n_embd)
        INT("--block", o->t.model.block_size) INT("--mlp-mult", o->t.model.mlp_mult)
        NUM("--dropout", o->t.model.dropout)
        INT("--batch", o->t.batch_size) INT("--seq", o->t.seq_len) INT("--accum", o->t.accum_steps) INT("--threads", o->t.n_threads)
        INT("--eval-interval", o->eval_interval) INT("--eval-batches", o->eval_batches)
        INT("--sample-interval", o->sample_interval) INT("--sample-tokens", o->sample_tokens)
        INT("--checkpoint-interval", o->checkpoint_interval)
        NUM("--lr", o->t.optim.lr) NUM("--wd", o->t.optim.weight_decay) NUM("--beta1", o->t.optim.beta1) NUM("--beta2", o->t.optim.beta2)
        NUM("--eps", o->t.optim.eps) NUM("--clip", o->t.optim.clip_norm) NUM("--min-lr-ratio", o->t.min_lr_ratio)
        NUM("--loss-scale", o->t.loss_scale)
        if (FLAG("--steps")) { NEED(); o->t.steps = atoll(v); continue; }
        if (FLAG("--warmup")) { NEED(); o->t.warmup_steps = atoll(v); if (!o->t.warmup_steps) o->t.warmup_steps = -1; continue; }
        if (FLAG("--seed")) { NEED(); o->t.seed = (uint64_t)strtoull(v, NULL, 10); continue; }
        if (FLAG("--no-bias")) { o->t.model.no_bias = 1; continue; }
        if (FLAG("--untied")) { o->t.model.untied_head = 1; continue; }
        if (FLAG("--no-decay-embeddings")) { o->t.optim.no_decay_embeddings = 1; continue; }
        if (FLAG("--matmul")) {
            NEED();
            if (!strcmp(v, "fp32")) o->matmul = ALPHA_VK_MATMUL_FP32;
            else if (!strcmp(v, "bf16")) o->matmul = ALPHA_VK_MATMUL_BF16;
            else if (!strcmp(v, "f16")) o->matmul = ALPHA_VK_MATMUL_F16;
            else { fprintf(stderr, "train_gpt: unknown matmul precision %s (fp32, bf16, f16)\n", v); return 0; }
            continue;
        }
        if (FLAG("--activation")) {
            NEED();
            if (!strcmp(v, "gelu")) o->t.model.activation = ALPHA_ACT_GELU;
            else if (!strcmp(v, "relu")) o->t.model.activation = ALPHA_ACT_RELU;
            else if (!strcmp(v, "silu")) o->t.model.activation = ALPHA_ACT_SILU;
            else if (!strcmp(v, "swiglu")) o->t.model.activation = ALPHA_ACT_SWIGLU;
            else { fprintf(stderr, "train_gpt: unknown activation %s\n", v); return 0; }
            continue;
        }
        fprintf(stderr, "train_gpt: unknown option %s (see --help)\n", a);
        return 0;
#undef FLAG
#undef NEED
#undef INT
#undef NUM
#undef STR
    }
    return 1;
}

/* The corpus: the given file, data/brown.txt, or the repository's own text as a fallback. */
static char *read_corpus(const options *o, size_t *len) {
    static const char *fallback[] = {"README.md", "alpha_tensor.h", "alpha_autograd.h", "alpha_model.h", "alpha_train.h", "alpha_spirv.h"};
    char err[256], *text = NULL, *part;
    size_t n = 0, plen, i;
    if (o->data) {
        if (alpha_train_read_file(o->data, 0, NULL, NULL, &text, len, err, sizeof err) != ALPHA_OK) {
            fprintf(stderr, "train_gpt: %s\n", err);
            return NULL;
        }
        return text;
    }
    if (alpha_train_read_file("data/brown.txt", 0, NULL, NULL, &text, len, err, sizeof err) == ALPHA_OK) {
        printf("corpus: data/brown.txt (%.1f MB)\n", (double)*len / 1e6);
        return text;
    }
    printf("corpus: data/brown.txt is missing (run `make data`); falling back to this repository's own text files\n");
    for (i = 0; i < sizeof fallback / sizeof *fallback; i++) {
        if (alpha_train_read_file(fallback[i], 0, NULL, NULL, &part, &plen, err, sizeof err) != ALPHA_OK) continue;
        text = (char *)realloc(text, n + plen + 2);
        if (!text) return NULL;
        memcpy(text + n, part, plen);
        n += plen;
        text[n++] = '\n';
        text[n] = 0;
        alpha_train_free(NULL, part);
    }
    *len = n;
    return text;
}

static const char *matmul_name(int p) { return p == ALPHA_VK_MATMUL_BF16 ? "bf16" : p == ALPHA_VK_MATMUL_F16 ? "f16" : "fp32"; }

/* --device: fills *be and returns the runtime for vulkan (or auto finding a GPU), NULL for the
   CPU; *fail is set when the requested device cannot be used (or lacks the --matmul precision). */
static alpha_vk *open_device(const options *o, alpha_backend *be, int *fail) {
    alpha_vk_desc vd;
    alpha_vk *vk = NULL;
    alpha_result r;
    int want_vk = !strcmp(o->device, "vulkan"), is_auto = !strcmp(o->device, "auto");
    *fail = 0;
    if (!want_vk && !is_auto) {
        if (strcmp(o->device, "cpu")) { fprintf(stderr, "train_gpt: unknown device %s (cpu, vulkan, auto)\n", o->device); *fail = 1; }
        return NULL;
    }
    memset(&vd, 0, sizeof vd);
    vd.flags = o->validation ? ALPHA_VK_DESC_VALIDATION : 0;
    if ((r = alpha_vk_create(&vk, &vd)) != ALPHA_OK) {   /* no object: out of memory, or a build without -DALPHA_VULKAN */
        if (want_vk) { fprintf(stderr, "train_gpt: no Vulkan device: %s\n", vk || r == ALPHA_ERR_UNSUPPORTED ? alpha_vk_last_error(vk) : "out of memory"); *fail = 1; }
        alpha_vk_destroy(vk);
        return NULL;
    }
    if (is_auto && alpha_vk_get_info(vk)->device_type == ALPHA_VK_DEVICE_CPU) {   /* a CPU Vulkan (lavapipe) is slower than ours */
        alpha_vk_destroy(vk);
        return NULL;
    }
    if (o->matmul >= 0 && alpha_vk_set_matmul_precision(vk, o->matmul) != ALPHA_OK) {
        fprintf(stderr, "train_gpt: --matmul %s: %s\n", matmul_name(o->matmul), alpha_vk_last_error(vk));
        alpha_vk_destroy(vk);
        *fail = 1;
        return NULL;
    }
    if (alpha_vk_backend(vk, (size_t)(o->device_mem > 0 ? o->device_mem : 1024) << 20, be) != ALPHA_OK) {
        fprintf(stderr, "train_gpt: %s\n", alpha_vk_last_error(vk));
        alpha_vk_destroy(vk);
        *fail = 1;
        return NULL;
    }
    return vk;
}

static void print_sample(alpha_trainer *tr, alpha_tokenizer *tok, const options *o, uint64_t seed) {
    int32_t *ids = NULL, *out;
    size_t n = 0, tlen = 0;
    char *text = NULL;
    alpha_gpt_sample_desc s;
    memset(&s, 0, sizeof s);
    s.temperature = 0.8f; s.top_k = 40; s.seed = seed;
    if (alpha_tokenizer_encode_alloc(tok, o->prompt, strlen(o->prompt), &ids, &n) != ALPHA_OK || n == 0) return;
    out = (int32_t *)malloc((n + (size_t)o->sample_tokens) * sizeof *out);
    if (out && alpha_gpt_generate(tr->model, ids, (int)n, o->sample_tokens, &s, out) == ALPHA_OK &&
        alpha_tokenizer_decode_alloc(tok, out, n + (size_t)o->sample_tokens, &text, &tlen) == ALPHA_OK)
        printf("---- sample at step %lld ----\n%s\n------------------------------\n", (long long)tr->step, text);
    fflush(stdout);
    alpha_train_free(NULL, text);
    alpha_train_free(NULL, ids);
    free(out);
}

int main(int argc, char **argv) {
    options o;
    alpha_tokenizer_desc td;
    alpha_tokenizer *tok = NULL;
    alpha_trainer *tr = NULL;
    alpha_metrics *metrics = NULL;
    alpha_metrics_desc md;
    alpha_progress prog;
    alpha_progress_desc pd;
    char *text, path[512], svg[512], err[512];
    size_t len, n_tokens;
    int32_t *tokens;
    alpha_result r;
    alpha_backend be;
    alpha_vk *vk;
    int64_t start;
    int fail;

    memset(&o, 0, sizeof o);
    o.matmul = -1;
    o.tokenizer = "bpe"; o.run_dir = "runs/gpt"; o.prompt = "The "; o.device = "auto";
    o.eval_interval = 200; o.eval_batches = 20; o.sample_interval = 500; o.sample_tokens = 120; o.checkpoint_interval = 500;
    o.t.model.n_layer = 4; o.t.model.n_head = 6; o.t.model.n_embd = 192; o.t.model.block_size = 128;
    o.t.batch_size = 16; o.t.steps = 1500; o.t.seed = 1; o.t.optim.lr = 1e-3f;
    if (!parse(argc, argv, &o)) return 2;
    if (o.matmul == ALPHA_VK_MATMUL_F16 && o.t.loss_scale == 0) o.t.loss_scale = 65536.0f;   /* f16 gradients need it */
    if (o.matmul > ALPHA_VK_MATMUL_FP32 && !strcmp(o.device, "cpu")) {
        fprintf(stderr, "train_gpt: --matmul %s needs --device vulkan (the CPU multiplies in fp32)\n", matmul_name(o.matmul));
        return 2;
    }
    vk = open_device(&o, &be, &fail);   /* first: a device that cannot be used fails before the tokenizer trains */
    if (fail) return 1;
    if (!vk && o.matmul > ALPHA_VK_MATMUL_FP32) {   /* --device auto found no GPU */
        fprintf(stderr, "train_gpt: --matmul %s needs a Vulkan GPU; --device auto found none\n", matmul_name(o.matmul));
        return 1;
    }

    /* text -> tokenizer -> tokens (a resumed run takes the tokenizer from its checkpoint) */
    text = read_corpus(&o, &len);
    if (!text || len < 1000) { fprintf(stderr, "train_gpt: no usable training text\n"); return 1; }
    memset(&td, 0, sizeof td);
    td.kind = !strcmp(o.tokenizer, "char") ? ALPHA_TOKENIZER_CHAR : !strcmp(o.tokenizer, "word") ? ALPHA_TOKENIZER_WORD : ALPHA_TOKENIZER_BPE;
    if (strcmp(o.tokenizer, "bpe") && strcmp(o.tokenizer, "char") && strcmp(o.tokenizer, "word")) {
        fprintf(stderr, "train_gpt: unknown tokenizer %s\n", o.tokenizer);
        return 2;
    }
    td.vocab_size = o.vocab ? o.vocab : td.kind == ALPHA_TOKENIZER_BPE ? 2048 : 0;
    if (o.resume) {
        alpha_checkpoint *ck;
        if (alpha_checkpoint_open(o.resume, NULL, &ck, err, sizeof err) != ALPHA_OK ||
            alpha_checkpoint_tokenizer(ck, &tok, err, sizeof err) != ALPHA_OK) {
            fprintf(stderr, "train_gpt: %s: %s\n", o.resume, err);
            return 1;
        }
        o.t.model = alpha_checkpoint_model_config(ck);
        alpha_checkpoint_close(ck);
    }
    if (!tok) {
        double t0 = alpha_train_now();
        printf("tokenizer: training %s on %.1f MB...\n", o.tokenizer, (double)len / 1e6);
        if (alpha_tokenizer_train(&td, text, len, &tok) != ALPHA_OK) { fprintf(stderr, "train_gpt: tokenizer training failed\n"); return 1; }
        printf("tokenizer: %s, %d tokens, trained in %.1f s\n", alpha_tokenizer_kind_name(td.kind),
                alpha_tokenizer_vocab_size(tok), alpha_train_now() - t0);
    }
    if (alpha_tokenizer_encode_alloc(tok, text, len, &tokens, &n_tokens) != ALPHA_OK) { fprintf(stderr, "train_gpt: encoding failed\n"); return 1; }
    alpha_train_free(NULL, text);
    o.t.model.vocab_size = alpha_tokenizer_vocab_size(tok);

    o.t.device = vk ? &be : NULL;
    if ((r = alpha_trainer_create(&o.t, tokens, n_tokens, &tr)) != ALPHA_OK) {
        fprintf(stderr, "train_gpt: %s%s%s\n", alpha_result_str(r), tr ? ": " : "", tr ? alpha_ctx_last_error(tr->ctx) : "");
        return 1;
    }
    printf("device: %s%s%s%s\n", vk ? alpha_vk_get_info(vk)->device_name : "cpu",
           vk ? (tr->capture ? " (Vulkan, captured step, matmul " : " (Vulkan, op by op, matmul ") : "",
           vk ? matmul_name(alpha_vk_matmul_precision(vk)) : "", vk ? ")" : "");
    if (o.resume && alpha_trainer_resume(tr, o.resume, err, sizeof err) != ALPHA_OK) {
        fprintf(stderr, "train_gpt: cannot resume from %s: %s\n", o.resume, err);
        return 1;
    }
    printf("model: %d layers, %d heads, %d wide, block %d, vocab %d: %.2fM parameters; %zu tokens (%zu for training)\n",
           tr->cfg.model.n_layer, tr->cfg.model.n_head, tr->cfg.model.n_embd, tr->cfg.model.block_size, tr->cfg.model.vocab_size,
           (double)alpha_gpt_num_params(tr->model) / 1e6, n_tokens, alpha_data_train_tokens(tr->data));
    printf("training: %lld steps of %d x %d tokens (x%d accumulation), lr %g, %d threads\n", (long long)tr->cfg.steps,
           tr->cfg.batch_size, tr->cfg.seq_len, tr->cfg.accum_steps, (double)tr->cfg.optim.lr, alpha_ctx_threads(tr->ctx));

    memset(&md, 0, sizeof md);
    md.run_dir = o.run_dir;
    md.append = o.resume != NULL;
    if (alpha_metrics_open(&md, &metrics) != ALPHA_OK) { fprintf(stderr, "train_gpt: cannot open metrics in %s\n", o.run_dir); return 1; }
    memset(&pd, 0, sizeof pd);
    pd.total = tr->cfg.steps;
    pd.start_step = tr->step;
    alpha_progress_init(&prog, &pd);
    snprintf(path, sizeof path, "%s/checkpoint.alph", o.run_dir);
    snprintf(svg, sizeof svg, "%s/loss.svg", o.run_dir);
    start = tr->step;
    while (tr->step < tr->cfg.steps) {
        alpha_step_stats st;
        alpha_metrics_record rec;
        if (alpha_trainer_step(tr, &st) != ALPHA_OK) {
            fprintf(stderr, "\ntrain_gpt: step failed: %s\n", alpha_ctx_last_error(tr->ctx));
            return 1;
        }
        memset(&rec, 0, sizeof rec);
        rec.step = st.step; rec.loss = st.loss; rec.lr = st.lr; rec.grad_norm = st.grad_norm; rec.tok_s = st.tokens_per_s; rec.ms = st.ms;
        if (o.eval_interval > 0 && (st.step % o.eval_interval == 0 || st.step == tr->cfg.steps)) {
            if (alpha_trainer_eval(tr, o.eval_batches, &rec.val_loss) == ALPHA_OK && rec.val_loss == rec.val_loss) {
                rec.has_val_loss = 1;
                alpha_progress_finish(&prog);
                printf("step %lld: train loss %.4f, val loss %.4f\n", (long long)st.step, st.loss, rec.val_loss);
            }
        }
        alpha_metrics_log(metrics, &rec);
        alpha_progress_update(&prog, st.step, st.loss, st.tokens_per_s);
        if (o.sample_interval > 0 && st.step % o.sample_interval == 0 && st.step != tr->cfg.steps) {
            alpha_progress_finish(&prog);
            print_sample(tr, tok, &o, (uint64_t)st.step);
        }
        if (o.checkpoint_interval > 0 && st.step % o.checkpoint_interval == 0) alpha_trainer_save(tr, path, tok);
    }
    alpha_progress_finish(&prog);
    if (tr->step > start || !o.resume) {
        print_sample(tr, tok, &o, 0);
        if (alpha_trainer_save(tr, path, tok) == ALPHA_OK) printf("checkpoint: %s\n", path);
    }
    snprintf(path, sizeof path, "%s", alpha_metrics_path(metrics));
    alpha_metrics_close(metrics);
    if (alpha_plot_loss_file(NULL, path, svg) == ALPHA_OK) printf("loss plot: %s\n", svg);
    if (vk) printf("device memory: %.0f MiB at most, of the %lld MiB arena (--device-mem)\n", (double)alpha_vk_backend_peak(&be) / (1 << 20),
                   (long long)(o.device_mem > 0 ? o.device_mem : 1024));
    alpha_trainer_destroy(tr);   /* before the runtime: it frees the device memory */
    alpha_vk_destroy(vk);
    alpha_tokenizer_free(tok);
    alpha_train_free(NULL, tokens);
    return 0;
}
