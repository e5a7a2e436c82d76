/* alpha_tensor.h - v0.1.0 - tensors, dtypes, views, broadcasting and fast CPU kernels
   Part of alpha, a family of single-file C headers for training GPT models on CPUs and GPUs.

   PURPOSE
   N-dimensional tensors (f32, f16, bf16, i32; up to 8 dims) with views that share storage
   (reshape, transpose/permute, narrow/slice, expand), NumPy broadcasting, a counter-based RNG,
   per-step arenas, and the forward kernels a GPT needs, multithreaded by a built-in thread pool
   and vectorized with AVX2/FMA where the CPU has it (chosen at run time). Every op also records
   itself on the context's tape when one of its inputs requires a gradient; alpha_autograd.h
   walks that tape backwards.

   DO THIS
   In exactly one C or C++ file:
       #define ALPHA_TENSOR_IMPLEMENTATION   (or ALPHA_IMPLEMENTATION for every alpha header)
       #include "alpha_tensor.h"
   Everywhere else just #include "alpha_tensor.h".
   Build: cc -O2 -I. yours.c -lm -lpthread        (Windows/mingw: no -lpthread needed)

   CONFIG MACROS (define before the implementation)
       ALPHA_STATIC          every function becomes static (private to the TU)
       ALPHA_MALLOC(n)       default allocation (malloc), used when desc.allocator.alloc is NULL
       ALPHA_FREE(p)         default free (free)
       ALPHA_NO_SIMD         never use the AVX2/FMA kernels

   DOES NOT
   Run anything on the GPU by itself (alpha_vk.h does that), compute in f16/bf16 (they are
   storage formats: cast to f32 to compute), or free single tensors (arenas are reset as a whole).

   QUICK START
   ```c
   #define ALPHA_TENSOR_IMPLEMENTATION
   #include "alpha_tensor.h"
   #include <stdio.h>
   int main(void) {
       alpha_ctx *ctx;
       alpha_ctx_desc desc = {0};
       if (alpha_ctx_create(&ctx, &desc) != ALPHA_OK) return 1;
       alpha_tensor *a = alpha_randn(ctx, alpha_shape2(4, 3), 0.0f, 1.0f);
       alpha_tensor *b = alpha_arange(ctx, ALPHA_F32, 0, 3, 1);
       alpha_tensor *c = alpha_matmul(ctx, alpha_add(ctx, a, b), alpha_transpose(ctx, a, 0, 1));
       alpha_tensor *s = alpha_softmax(ctx, c, -1);
       float out[16];
       if (alpha_tensor_to_f32(ctx, s, out, 16) != ALPHA_OK) {
           printf("error: %s\n", alpha_ctx_last_error(ctx));
           return 1;
       }
       printf("softmax row 0: %.3f %.3f %.3f %.3f\n", out[0], out[1], out[2], out[3]);
       alpha_ctx_destroy(ctx);
       return 0;
   }
   ```

   TOPICS
   Errors. Ops return a new tensor, or NULL on bad input (a shape, axis, dtype or index that
   does not fit). The reason goes to the logger and into the context's sticky error state
   (alpha_ctx_status, alpha_ctx_last_error), e.g.
       alpha_matmul: a[8,768] @ b[512,768]: inner dims 768 != 512
   An op given a NULL input returns NULL without a new message, so a whole expression can be
   written out and checked once at the end. Nothing in the library exits or aborts.

   Memory. Tensors live in the context's arena. alpha_ctx_mark() remembers the arena's top;
   alpha_ctx_reset(ctx, mark) frees everything created since, keeping the memory for reuse:
   create parameters first, take a mark, and reset to it after each step. A step that
   allocates in the same order every time allocates nothing from the system after the first.
   Views share their base tensor's storage. All memory comes from desc.allocator.

   Threading. One context, one thread at a time. Kernels split work over the context's own
   thread pool (desc.n_threads, default: all CPUs); no OpenMP needed.

   Devices. Device 0 is the CPU. alpha_ctx_add_device() plugs in a backend (alpha_vk.h makes
   one for Vulkan); tensors live on one device, op results on the device of their inputs, and
   mixing devices in one op is an error, never a silent copy. A backend runs every node of this
   header through its exec function; an op it has no kernel for fails with ALPHA_ERR_UNSUPPORTED
   and a message, never falls back to the CPU. alpha_ctx_set_device() chooses where creation
   functions put new tensors (values made on the host are uploaded); reading a device tensor
   (alpha_tensor_to_f32, _item, _get, _read) downloads it: the only synchronization point.
   alpha_ctx_dispatches() counts kernels per device.

   Random numbers. rand/randn/dropout use Philox-4x32-10 keyed by the context seed. The value
   for element i of a call is a pure function of (seed, offset + i), where offset is a counter
   that advances by the element count of each call, so the same seed gives the same numbers on
   every platform and on the GPU. uniform: u = (w0 >> 8) * 2^-24. normal: Box-Muller on
   u1 = ((w0 >> 8) + 1) * 2^-24 and u2 = (w1 >> 8) * 2^-24, in double precision.

   Formats. f16 is IEEE binary16, bf16 the top half of an f32; conversions from f32 round to
   nearest even and keep inf/nan; f32 -> i32 truncates toward zero, saturates, nan -> 0.
*/
#ifndef ALPHA_TENSOR_H_INCLUDED
#define ALPHA_TENSOR_H_INCLUDED

/* ---- alpha common block: identical in every alpha_*.h, guarded so it is seen once ---- */
#ifndef ALPHA_COMMON_DEFINED
#define ALPHA_COMMON_DEFINED
#include <stddef.h>
#include <stdint.h>

#ifdef ALPHA_STATIC
#if defined(__GNUC__) || defined(__clang__)
#define ALPHA_API static __attribute__((unused)) /* no warning for the functions a TU does not call */
#else
#define ALPHA_API static
#endif
#else
#define ALPHA_API extern
#endif

#ifdef __cplusplus
#define ALPHA_EXTERN_C_BEGIN extern "C" {
#define ALPHA_EXTERN_C_END }
#else
#define ALPHA_EXTERN_C_BEGIN
#define ALPHA_EXTERN_C_END
#endif

/* Every function that can fail for reasons outside the caller's code returns one of these. */
typedef enum alpha_result {
    ALPHA_OK = 0,
    ALPHA_ERR_INVALID = -1,     /* bad argument: shape, axis, dtype, index, option */
    ALPHA_ERR_OOM = -2,         /* host or device memory exhausted */
    ALPHA_ERR_IO = -3,          /* file could not be opened, read or written */
    ALPHA_ERR_FORMAT = -4,      /* malformed input: text, file, JSON */
    ALPHA_ERR_UNSUPPORTED = -5, /* valid request this build or device cannot do */
    ALPHA_ERR_DEVICE = -6,      /* GPU/driver failure */
    ALPHA_ERR_STATE = -7        /* object misuse or an earlier sticky failure */
} alpha_result;

typedef enum alpha_log_level {
    ALPHA_LOG_DEBUG = 0, ALPHA_LOG_INFO = 1, ALPHA_LOG_WARN = 2, ALPHA_LOG_ERROR = 3
} alpha_log_level;

/* Where messages go. func == NULL means: warnings and errors to stderr. */
typedef struct alpha_logger {
    void (*func)(void *user_data, alpha_log_level level, const char *message);
    void *user_data;
} alpha_logger;

/* Where memory comes from. alloc == NULL means ALPHA_MALLOC / ALPHA_FREE (malloc/free).
   alloc must return memory aligned to at least 16 bytes (library code aligns further itself). */
typedef struct alpha_allocator {
    void *(*alloc)(void *user_data, size_t size);
    void (*free)(void *user_data, void *ptr);
    void *user_data;
} alpha_allocator;

static inline const char *alpha_result_str(alpha_result r) {
    switch (r) {
    case ALPHA_OK: return "ok";
    case ALPHA_ERR_INVALID: return "invalid argument";
    case ALPHA_ERR_OOM: return "out of memory";
    case ALPHA_ERR_IO: return "i/o error";
    case ALPHA_ERR_FORMAT: return "malformed input";
    case ALPHA_ERR_UNSUPPORTED: return "unsupported";
    case ALPHA_ERR_DEVICE: return "device error";
    case ALPHA_ERR_STATE: return "invalid state";
    }
    return "unknown error";
}
#endif /* ALPHA_COMMON_DEFINED */

ALPHA_EXTERN_C_BEGIN

/* ---------------------------------------------------------------- types */
#define ALPHA_MAX_DIMS 8

typedef enum alpha_dtype { ALPHA_F32 = 0, ALPHA_F16 = 1, ALPHA_BF16 = 2, ALPHA_I32 = 3 } alpha_dtype;

/* A shape passed by value: alpha_zeros(ctx, ALPHA_F32, alpha_shape2(B, T)). */
typedef struct alpha_shape { int ndim; int64_t d[ALPHA_MAX_DIMS]; } alpha_shape;

typedef struct alpha_ctx alpha_ctx;

typedef struct alpha_storage {
    void *data;       /* host memory of the storage (CPU device) */
    size_t nbytes;
    int device;       /* 0: CPU */
} alpha_storage;

typedef struct alpha_tensor {
    alpha_dtype dtype;
    int ndim;
    int64_t shape[ALPHA_MAX_DIMS];
    int64_t strides[ALPHA_MAX_DIMS]; /* in elements; 0 for broadcast dims */
    int64_t offset;                  /* in elements, into storage */
    alpha_storage *storage;
    /* autograd (alpha_autograd.h) */
    int requires_grad;
    struct alpha_tensor *grad;       /* same shape, f32; NULL until needed. A leaf's is contiguous memory of its
                                        own; an intermediate tensor's may be a view that shares another
                                        gradient's memory (alpha_autograd.h passes gradients on without copies) */
    const char *name;                /* optional, for messages and checkpoints */
} alpha_tensor;

/* ---------------------------------------------------------------- context */
typedef struct alpha_ctx_desc {
    int n_threads;             /* 0: number of online CPUs */
    uint64_t seed;             /* RNG seed (0 is a valid seed) */
    size_t arena_chunk_bytes;  /* 0: 64 MiB; larger tensors get a chunk of their own size */
    alpha_allocator allocator;
    alpha_logger logger;
} alpha_ctx_desc;

#define ALPHA_MAX_DEVICES 4   /* device 0 is the CPU; backends take 1.. */
typedef struct alpha_mark { size_t chunk, used, tape_len, device_top[ALPHA_MAX_DEVICES]; } alpha_mark;
typedef struct alpha_rng_state { uint64_t seed, offset; } alpha_rng_state;

ALPHA_API alpha_result alpha_ctx_create(alpha_ctx **out, const alpha_ctx_desc *desc);
ALPHA_API void alpha_ctx_destroy(alpha_ctx *ctx);
ALPHA_API alpha_result alpha_ctx_status(const alpha_ctx *ctx);      /* sticky: first error */
ALPHA_API const char *alpha_ctx_last_error(const alpha_ctx *ctx);   /* "" when none */
ALPHA_API void alpha_ctx_clear_error(alpha_ctx *ctx);
ALPHA_API alpha_mark alpha_ctx_mark(const alpha_ctx *ctx);
ALPHA_API void alpha_ctx_reset(alpha_ctx *ctx, alpha_mark mark);
ALPHA_API size_t alpha_ctx_arena_bytes(const alpha_ctx *ctx);        /* reserved from the system */
ALPHA_API int alpha_ctx_threads(const alpha_ctx *ctx);
/* Runs fn(user, task, n_tasks) for every task in [0, n_tasks) on the context's thread pool and
   returns when all are done (for work above the tensor level, e.g. training several small models
   side by side, each with its own single-threaded context). Not from inside a task. */
ALPHA_API void alpha_ctx_run_tasks(alpha_ctx *ctx, int n_tasks, void (*fn)(void *user, int task, int n_tasks), void *user);
ALPHA_API alpha_rng_state alpha_ctx_rng(const alpha_ctx *ctx);
ALPHA_API void alpha_ctx_set_rng(alpha_ctx *ctx, alpha_rng_state state);
/* Reports an error from code built on top of the tensor layer (sets the sticky state). */
ALPHA_API void alpha_ctx_error(alpha_ctx *ctx, alpha_result r, const char *fmt, ...);
ALPHA_API void alpha_ctx_log(alpha_ctx *ctx, alpha_log_level level, const char *fmt, ...);

/* ---------------------------------------------------------------- devices */
/* A device backend (alpha_vk.h provides the Vulkan one). Tensors on a device keep the backend's
   handle in storage->data; ops on them run through exec, which gets every node this header
   defines and returns ALPHA_ERR_UNSUPPORTED for one it has no kernel for: there is no silent
   CPU fallback. Storage is arena-like: mark/reset mirror alpha_ctx_mark/alpha_ctx_reset. */
struct alpha_node;
typedef struct alpha_backend {
    const char *name;
    void *user;
    alpha_result (*alloc)(void *user, size_t nbytes, void **handle);
    size_t (*mark)(void *user);
    void (*reset)(void *user, size_t mark);
    alpha_result (*upload)(void *user, void *handle, size_t offset, const void *src, size_t nbytes);
    alpha_result (*download)(void *user, void *handle, size_t offset, void *dst, size_t nbytes);
    alpha_result (*exec)(void *user, alpha_ctx *ctx, const struct alpha_node *node);
    void (*destroy)(void *user);   /* optional: called by alpha_ctx_destroy */
    /* optional step capture (all four or none): after capture_begin, exec records work without
       running it until capture_end hands back a graph; replay runs a graph's work again on the
       device memory as it is then; graph_free releases it. */
    alpha_result (*capture_begin)(void *user);
    alpha_result (*capture_end)(void *user, void **graph);
    alpha_result (*replay)(void *user, void *graph);
    void (*graph_free)(void *user, void *graph);
    unsigned caps;   /* ALPHA_BACKEND_CAP_*: optional node forms exec runs (0: none) */
} alpha_backend;
/* exec runs MATMUL, SUM and EMBEDDING_BACKWARD nodes with i[ALPHA_NODE_ACCUMULATE] = 1: their
   result adds into out's elements (out += a @ b; out += sum; out += the rows' sums) instead of
   replacing them. Without it, the ops that make such nodes (alpha_matmul_add_into,
   alpha_sum_to_add_into, alpha_embedding_backward_add_into) run the result and the add as two
   nodes. */
#define ALPHA_BACKEND_CAP_ACCUMULATE 1u
/* Adds a device; *out_device receives its index (1..ALPHA_MAX_DEVICES-1). */
ALPHA_API alpha_result alpha_ctx_add_device(alpha_ctx *ctx, const alpha_backend *backend, int *out_device);
/* Where creation functions (zeros, randn, from_data, ...) put new tensors; 0 = CPU (default). */
ALPHA_API alpha_result alpha_ctx_set_device(alpha_ctx *ctx, int device);
ALPHA_API int alpha_ctx_device(const alpha_ctx *ctx);
ALPHA_API const char *alpha_ctx_device_name(const alpha_ctx *ctx, int device);
/* Kernels run on a device so far (for tests: nothing should run on the CPU during a GPU step). */
ALPHA_API uint64_t alpha_ctx_dispatches(const alpha_ctx *ctx, int device);

/* Step capture: the ops run on `device` between alpha_capture_begin and alpha_capture_end are
   recorded once into a graph (and run once, by alpha_capture_end); alpha_graph_replay runs the
   same kernels again on the same memory, with no host work per op: one submit per training step.
   What a replay reads is whatever the device tensors hold then, so per-step inputs (tokens, the
   AdamW schedule) are tensors written with alpha_tensor_write before each replay. Rules: while
   capturing, nothing may be read from or written to that device (it is an error: reads come after
   alpha_capture_end) and dropout is refused (a replay would repeat its mask); the ops and shapes
   must not depend on values; a replay overwrites the device memory the captured ops allocated, so
   tensors that must survive replays are created before the capture, and the context is reset to
   the capture's start mark before replaying. Devices without capture support return
   ALPHA_ERR_UNSUPPORTED from alpha_capture_begin. */
typedef struct alpha_graph alpha_graph;
ALPHA_API alpha_result alpha_capture_begin(alpha_ctx *ctx, int device);
ALPHA_API alpha_result alpha_capture_end(alpha_ctx *ctx, alpha_graph **out);
ALPHA_API alpha_result alpha_graph_replay(alpha_ctx *ctx, alpha_graph *g);
ALPHA_API void alpha_graph_destroy(alpha_ctx *ctx, alpha_graph *g);   /* NULL is fine */

/* ---------------------------------------------------------------- shapes and info */
ALPHA_API alpha_shape alpha_shape1(int64_t d0);
ALPHA_API alpha_shape alpha_shape2(int64_t d0, int64_t d1);
ALPHA_API alpha_shape alpha_shape3(int64_t d0, int64_t d1, int64_t d2);
ALPHA_API alpha_shape alpha_shape4(int64_t d0, int64_t d1, int64_t d2, int64_t d3);
ALPHA_API alpha_shape alpha_shape_n(int ndim, const int64_t *dims);
ALPHA_API alpha_shape alpha_tensor_shape(const alpha_tensor *t);
ALPHA_API int64_t alpha_tensor_numel(const alpha_tensor *t);
ALPHA_API int alpha_tensor_is_contiguous(const alpha_tensor *t);
ALPHA_API size_t alpha_dtype_size(alpha_dtype dt);
ALPHA_API const char *alpha_dtype_name(alpha_dtype dt);
/* "f32[8,768]" into buf; returns buf. */
ALPHA_API const char *alpha_tensor_describe(const alpha_tensor *t, char *buf, size_t size);
/* Pointer to element 0 on the host (CPU tensors), NULL otherwise. */
ALPHA_API void *alpha_tensor_data(const alpha_tensor *t);

/* ---------------------------------------------------------------- dtype conversion */
ALPHA_API uint16_t alpha_f32_to_f16(float f);
ALPHA_API float alpha_f16_to_f32(uint16_t h);
ALPHA_API uint16_t alpha_f32_to_bf16(float f);
ALPHA_API float alpha_bf16_to_f32(uint16_t h);

/* ---------------------------------------------------------------- creation */
ALPHA_API alpha_tensor *alpha_empty(alpha_ctx *ctx, alpha_dtype dt, alpha_shape shape);
ALPHA_API alpha_tensor *alpha_zeros(alpha_ctx *ctx, alpha_dtype dt, alpha_shape shape);
ALPHA_API alpha_tensor *alpha_ones(alpha_ctx *ctx, alpha_dtype dt, alpha_shape shape);
ALPHA_API alpha_tensor *alpha_full(alpha_ctx *ctx, alpha_dtype dt, alpha_shape shape, double value);
/* The same on a given device (e.g. the device of another tensor: alpha_tensor_device(x)). */
ALPHA_API alpha_tensor *alpha_full_on(alpha_ctx *ctx, int device, alpha_dtype dt, alpha_shape shape, double value);
/* Uninitialized, on a given device: no kernel runs (for a tensor that is written before it is read). */
ALPHA_API alpha_tensor *alpha_empty_on(alpha_ctx *ctx, int device, alpha_dtype dt, alpha_shape shape);
ALPHA_API alpha_tensor *alpha_arange(alpha_ctx *ctx, alpha_dtype dt, double start, double stop, double step);
/* data holds numel elements of dtype dt, row-major; it is copied. */
ALPHA_API alpha_tensor *alpha_from_data(alpha_ctx *ctx, alpha_dtype dt, alpha_shape shape, const void *data);
ALPHA_API alpha_tensor *alpha_rand(alpha_ctx *ctx, alpha_shape shape, float lo, float hi);
ALPHA_API alpha_tensor *alpha_randn(alpha_ctx *ctx, alpha_shape shape, float mean, float std);
/* [T,T] f32: 0 on and below the diagonal, -inf above (add it to attention scores). */
ALPHA_API alpha_tensor *alpha_causal_mask(alpha_ctx *ctx, int64_t T);

/* ---------------------------------------------------------------- host access and devices */
ALPHA_API int alpha_tensor_device(const alpha_tensor *t);
/* A contiguous copy of t on another device (not recorded on the tape: use it for leaves). */
ALPHA_API alpha_tensor *alpha_to_device(alpha_ctx *ctx, alpha_tensor *t, int device);
/* Copies t (any layout, any dtype, any device) into out as f32, row-major; capacity in elements. */
ALPHA_API alpha_result alpha_tensor_to_f32(alpha_ctx *ctx, const alpha_tensor *t, float *out, int64_t capacity);
/* Copies numel f32 values (row-major) into t, converting to its dtype. */
ALPHA_API alpha_result alpha_tensor_from_f32(alpha_ctx *ctx, alpha_tensor *t, const float *in, int64_t count);
/* Raw bytes of a contiguous tensor, in its own dtype. */
ALPHA_API alpha_result alpha_tensor_read(alpha_ctx *ctx, const alpha_tensor *t, void *out, size_t nbytes);
ALPHA_API alpha_result alpha_tensor_write(alpha_ctx *ctx, alpha_tensor *t, const void *in, size_t nbytes);
/* Value of a one-element tensor, as double (NAN and an error if t is NULL or has more). */
ALPHA_API double alpha_tensor_item(alpha_ctx *ctx, const alpha_tensor *t);
/* Element at a multi-index (ndim entries), as double. */
ALPHA_API double alpha_tensor_get(alpha_ctx *ctx, const alpha_tensor *t, const int64_t *index);

/* ---------------------------------------------------------------- views (share storage) */
/* One dim may be -1 (inferred). A view when the layout allows (always when contiguous),
   otherwise a copy. */
ALPHA_API alpha_tensor *alpha_reshape(alpha_ctx *ctx, alpha_tensor *t, alpha_shape shape);
ALPHA_API alpha_tensor *alpha_transpose(alpha_ctx *ctx, alpha_tensor *t, int dim0, int dim1);
ALPHA_API alpha_tensor *alpha_permute(alpha_ctx *ctx, alpha_tensor *t, const int *perm);
ALPHA_API alpha_tensor *alpha_narrow(alpha_ctx *ctx, alpha_tensor *t, int dim, int64_t start, int64_t length);
/* Python-style t[..., start:stop:step, ...] on one dim; step >= 1. */
ALPHA_API alpha_tensor *alpha_slice(alpha_ctx *ctx, alpha_tensor *t, int dim, int64_t start, int64_t stop, int64_t step);
/* Broadcast view: size-1 dims grow to shape (stride 0); new leading dims may be added. */
ALPHA_API alpha_tensor *alpha_expand(alpha_ctx *ctx, alpha_tensor *t, alpha_shape shape);
/* t itself if already contiguous, else a contiguous copy. */
ALPHA_API alpha_tensor *alpha_contiguous(alpha_ctx *ctx, alpha_tensor *t);
ALPHA_API alpha_tensor *alpha_copy(alpha_ctx *ctx, alpha_tensor *t);

/* ---------------------------------------------------------------- elementwise */
/* Binary ops broadcast NumPy-style. Float ops need f32 inputs. */
ALPHA_API alpha_tensor *alpha_add(alpha_ctx *ctx, alpha_tensor *a, alpha_tensor *b);
ALPHA_API alpha_tensor *alpha_sub(alpha_ctx *ctx, alpha_tensor *a, alpha_tensor *b);
ALPHA_API alpha_tensor *alpha_mul(alpha_ctx *ctx, alpha_tensor *a, alpha_tensor *b);
ALPHA_API alpha_tensor *alpha_div(alpha_ctx *ctx, alpha_tensor *a, alpha_tensor *b);
ALPHA_API alpha_tensor *alpha_neg(alpha_ctx *ctx, alpha_tensor *x);
ALPHA_API alpha_tensor *alpha_scale(alpha_ctx *ctx, alpha_tensor *x, float s);
ALPHA_API alpha_tensor *alpha_add_scalar(alpha_ctx *ctx, alpha_tensor *x, float s);
ALPHA_API alpha_tensor *alpha_exp(alpha_ctx *ctx, alpha_tensor *x);
ALPHA_API alpha_tensor *alpha_log(alpha_ctx *ctx, alpha_tensor *x);
ALPHA_API alpha_tensor *alpha_sqrt(alpha_ctx *ctx, alpha_tensor *x);
ALPHA_API alpha_tensor *alpha_rsqrt(alpha_ctx *ctx, alpha_tensor *x);
ALPHA_API alpha_tensor *alpha_pow(alpha_ctx *ctx, alpha_tensor *x, float exponent);
ALPHA_API alpha_tensor *alpha_abs(alpha_ctx *ctx, alpha_tensor *x);
ALPHA_API alpha_tensor *alpha_tanh(alpha_ctx *ctx, alpha_tensor *x);
ALPHA_API alpha_tensor *alpha_sigmoid(alpha_ctx *ctx, alpha_tensor *x);
ALPHA_API alpha_tensor *alpha_relu(alpha_ctx *ctx, alpha_tensor *x);
/* 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) */
ALPHA_API alpha_tensor *alpha_gelu(alpha_ctx *ctx, alpha_tensor *x);
ALPHA_API alpha_tensor *alpha_silu(alpha_ctx *ctx, alpha_tensor *x);
ALPHA_API alpha_tensor *alpha_clamp(alpha_ctx *ctx, alpha_tensor *x, float lo, float hi);
/* cond (i32 or f32, nonzero = true) ? a : b, all three broadcast together. */
ALPHA_API alpha_tensor *alpha_where(alpha_ctx *ctx, alpha_tensor *cond, alpha_tensor *a, alpha_tensor *b);
/* mask ? value : x (mask broadcasts to x). */
ALPHA_API alpha_tensor *alpha_masked_fill(alpha_ctx *ctx, alpha_tensor *x, alpha_tensor *mask, float value);
/* Zeroes each element with probability p and scales the rest by 1/(1-p); uses the ctx RNG. */
ALPHA_API alpha_tensor *alpha_dropout(alpha_ctx *ctx, alpha_tensor *x, float p);
ALPHA_API alpha_tensor *alpha_cast(alpha_ctx *ctx, alpha_tensor *x, alpha_dtype dt);

/* ---------------------------------------------------------------- reductions */
/* axes: a bit mask (bit i = dim i; ALPHA_ALL_AXES for all). keepdim keeps reduced dims as 1. */
#define ALPHA_ALL_AXES 0xFFu
#define ALPHA_AXIS(i) (1u << (i))
ALPHA_API alpha_tensor *alpha_sum(alpha_ctx *ctx, alpha_tensor *x, unsigned axes, int keepdim);
ALPHA_API alpha_tensor *alpha_mean(alpha_ctx *ctx, alpha_tensor *x, unsigned axes, int keepdim);
ALPHA_API alpha_tensor *alpha_max(alpha_ctx *ctx, alpha_tensor *x, unsigned axes, int keepdim);
ALPHA_API alpha_tensor *alpha_min(alpha_ctx *ctx, alpha_tensor *x, unsigned axes, int keepdim);
/* i32 indices of the largest value along axis (first one on ties). Negative axis counts from the end. */
ALPHA_API alpha_tensor *alpha_argmax(alpha_ctx *ctx, alpha_tensor *x, int axis, int keepdim);
ALPHA_API alpha_tensor *alpha_softmax(alpha_ctx *ctx, alpha_tensor *x, int axis);
ALPHA_API alpha_tensor *alpha_log_softmax(alpha_ctx *ctx, alpha_tensor *x, int axis);
/* k largest along the last axis, sorted descending; *indices (i32) is optional. */
ALPHA_API alpha_tensor *alpha_topk(alpha_ctx *ctx, alpha_tensor *x, int k, alpha_tensor **indices);

/* ---------------------------------------------------------------- neural-network ops */
/* Normalizes over the last dim; weight and bias ([C]) may be NULL. */
ALPHA_API alpha_tensor *alpha_layernorm(alpha_ctx *ctx, alpha_tensor *x, alpha_tensor *weight, alpha_tensor *bias, float eps);
/* The residual add fused with the layernorm after it, in one kernel: s = x + r (x and r of one
   shape, no broadcasting) and LayerNorm(s) with weight and bias ([C], may be NULL). Returns the
   normalized tensor; *sum (optional) gets s, the residual stream, a real output that later ops
   may use (gradients reaching it flow back to x and r with the layernorm's). Bit for bit
   alpha_layernorm(alpha_add(x, r), ...) on the CPU. */
ALPHA_API alpha_tensor *alpha_add_layernorm(alpha_ctx *ctx, alpha_tensor *x, alpha_tensor *r, alpha_tensor *weight, alpha_tensor *bias,
                                            float eps, alpha_tensor **sum);
/* a[..., M, K] @ b[..., K, N]; batch dims broadcast; transposed views are used without copies. */
ALPHA_API alpha_tensor *alpha_matmul(alpha_ctx *ctx, alpha_tensor *a, alpha_tensor *b);
/* a @ b + bias (bias f32 [N], N = b's last dim; NULL: alpha_matmul) in one kernel: the same
   values as alpha_add(alpha_matmul(a, b), bias), a linear layer's forward. */
ALPHA_API alpha_tensor *alpha_matmul_bias(alpha_ctx *ctx, alpha_tensor *a, alpha_tensor *b, alpha_tensor *bias);
/* (a @ b) * gelu'(h), h of the product's shape: the gradient through a GELU of a linear layer's
   dx (h: the GELU's input), in the product's epilogue; the values of the product and
   alpha_unary_backward(ALPHA_OP_GELU, h, ., product) as two ops. A backward op: not recorded. */
ALPHA_API alpha_tensor *alpha_matmul_gelu_backward(alpha_ctx *ctx, alpha_tensor *a, alpha_tensor *b, alpha_tensor *h);
/* weight[V, C], indices i32 of any shape -> [..., C]. */
ALPHA_API alpha_tensor *alpha_embedding(alpha_ctx *ctx, alpha_tensor *weight, alpha_tensor *indices);
/* Mean over the targets != ignore_index of -log softmax(logits)[target]; logits [..., V], targets i32 [...]. */
ALPHA_API alpha_tensor *alpha_cross_entropy(alpha_ctx *ctx, alpha_tensor *logits, alpha_tensor *targets, int ignore_index);
/* The same loss, but the backward pass may write d loss/d logits over the logits' own memory (a
   fused classifier: no second [N, V] buffer, 617 MB for GPT-2 at B=3) when nothing else on the
   tape reads them: for logits nobody reads after alpha_backward (alpha_gpt_loss's own). */
ALPHA_API alpha_tensor *alpha_cross_entropy_reusing_logits(alpha_ctx *ctx, alpha_tensor *logits, alpha_tensor *targets, int ignore_index);
/* Fused causal attention (flash-attention style: no [T, S] score tensor is kept).
   q [B, H, T, D], k and v [B, H, S, D] (S >= T; views with a unit last stride are read in place)
   -> o [B, H, T, D]: query i sits at position i + S - T and attends to keys 0 .. i + S - T
   (S == T: plain causal self-attention; S > T: the last T queries over a KV cache), with
   softmax(scale q k^T) v computed by an online softmax. The log-sum-exp of every query row is
   kept for the backward pass. D <= ALPHA_ATTENTION_MAX_D. */
#define ALPHA_ATTENTION_MAX_D 128
ALPHA_API alpha_tensor *alpha_attention(alpha_ctx *ctx, alpha_tensor *q, alpha_tensor *k, alpha_tensor *v, float scale);
/* Joins tensors along axis (copies). */
ALPHA_API alpha_tensor *alpha_concat(alpha_ctx *ctx, alpha_tensor *const *ts, int n, int axis);
/* Splits along axis into n views of the given sizes (which must add up to the dim). */
ALPHA_API alpha_result alpha_split(alpha_ctx *ctx, alpha_tensor *x, int axis, const int64_t *sizes, int n, alpha_tensor **out);

/* ---------------------------------------------------------------- raw BLAS-style GEMM */
/* Row-major C[M,N] = alpha * op(A)[M,K] @ op(B)[K,N] + beta * C, op = transpose when trans != 0,
   using the context's thread pool. lda/ldb/ldc are row strides of the stored matrices. */
ALPHA_API void alpha_sgemm(alpha_ctx *ctx, int trans_a, int trans_b, int M, int N, int K, float alpha,
                           const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc);

/* ---------------------------------------------------------------- the op record (tape and backends) */
/* Every op that runs is described by one alpha_node. The context keeps the nodes of ops whose
   inputs require grad (the tape) while grad mode is on; alpha_autograd.h walks them backwards,
   and device backends execute nodes. */
typedef enum alpha_op {
    ALPHA_OP_NONE = 0,
    /* views */
    ALPHA_OP_RESHAPE, ALPHA_OP_PERMUTE, ALPHA_OP_SLICE, ALPHA_OP_EXPAND, ALPHA_OP_COPY,
    /* unary elementwise (f[0], f[1]: scalar parameters) */
    ALPHA_OP_NEG, ALPHA_OP_SCALE, ALPHA_OP_ADD_SCALAR, ALPHA_OP_EXP, ALPHA_OP_LOG, ALPHA_OP_SQRT,
    ALPHA_OP_RSQRT, ALPHA_OP_POW, ALPHA_OP_ABS, ALPHA_OP_TANH, ALPHA_OP_SIGMOID, ALPHA_OP_RELU,
    ALPHA_OP_GELU, ALPHA_OP_SILU, ALPHA_OP_CLAMP,
    /* binary / ternary elementwise with broadcasting */
    ALPHA_OP_ADD, ALPHA_OP_SUB, ALPHA_OP_MUL, ALPHA_OP_DIV, ALPHA_OP_WHERE,
    ALPHA_OP_DROPOUT, ALPHA_OP_CAST,
    /* reductions (i[0]: axes mask, i[1]: keepdim) */
    ALPHA_OP_SUM, ALPHA_OP_MEAN, ALPHA_OP_MAX, ALPHA_OP_MIN, ALPHA_OP_ARGMAX,
    ALPHA_OP_SOFTMAX, ALPHA_OP_LOG_SOFTMAX, ALPHA_OP_TOPK,
    /* nn */
    ALPHA_OP_LAYERNORM, ALPHA_OP_MATMUL, ALPHA_OP_EMBEDDING, ALPHA_OP_CROSS_ENTROPY, ALPHA_OP_CONCAT,
    /* kernels for backward passes */
    ALPHA_OP_EQUAL, ALPHA_OP_UNARY_BACKWARD, ALPHA_OP_SOFTMAX_BACKWARD, ALPHA_OP_LOG_SOFTMAX_BACKWARD,
    ALPHA_OP_LAYERNORM_BACKWARD, ALPHA_OP_EMBEDDING_BACKWARD, ALPHA_OP_CROSS_ENTROPY_BACKWARD,
    ALPHA_OP_SCATTER_ADD_LAST, ALPHA_OP_FILL,
    /* optimizer kernels (SUM_SQUARES on a device: saved[0] is f32[ALPHA_SUM_SQUARES_PARTS] scratch
       for the partial sums of a multi-workgroup sum; the CPU needs none) */
    ALPHA_OP_SUM_SQUARES, ALPHA_OP_ADAMW,
    /* fused attention (src: q, k, v; saved[0]: lse) and its backward (src: q, k, v, o, lse, go;
       out: gq; saved[0]: gk and gv side by side [B, H, S, 2D]; saved[1]: rowsum(go * o) [B, H, T]) */
    ALPHA_OP_ATTENTION, ALPHA_OP_ATTENTION_BACKWARD,
    /* residual add fused with layernorm (src: x, r, weight, bias; out: LayerNorm(x + r);
       saved[0], saved[1]: per-row mean and rstd as LAYERNORM saves them; saved[2]: the sum x + r) */
    ALPHA_OP_ADD_LAYERNORM,
    ALPHA_OP_COUNT
} alpha_op;

#define ALPHA_NODE_MAX_SRC 8
#define ALPHA_SUM_SQUARES_PARTS 1024   /* partial sums a device's SUM_SQUARES may use (see alpha_op) */
#define ALPHA_NODE_MAX_SAVED 3
typedef struct alpha_node {
    alpha_op op;
    alpha_tensor *out;
    alpha_tensor *src[ALPHA_NODE_MAX_SRC]; /* inputs; unused or optional slots are NULL */
    alpha_tensor *saved[ALPHA_NODE_MAX_SAVED]; /* extra results: kept for backward (e.g. layernorm mean, rstd) or
                                                  a second output (add_layernorm's sum); unused slots are NULL */
    float f[8];                            /* scalar attributes */
    int64_t i[ALPHA_MAX_DIMS];             /* integer attributes */
} alpha_node;
#define ALPHA_NODE_ACCUMULATE (ALPHA_MAX_DIMS - 1)   /* i[] slot of MATMUL, SUM, EMBEDDING_BACKWARD: 1 = add into out (ALPHA_BACKEND_CAP_ACCUMULATE) */

ALPHA_API const char *alpha_op_name(alpha_op op);
/* Grad mode: when off, nothing is recorded. Returns the previous mode. */
ALPHA_API int alpha_ctx_set_grad_enabled(alpha_ctx *ctx, int enabled);
ALPHA_API int alpha_ctx_grad_enabled(const alpha_ctx *ctx);
/* The recorded nodes, oldest first. */
ALPHA_API size_t alpha_ctx_tape_len(const alpha_ctx *ctx);
ALPHA_API const alpha_node *alpha_ctx_tape_node(const alpha_ctx *ctx, size_t i);
/* Forgets the recorded nodes (their tensors stay until the arena is reset). */
ALPHA_API void alpha_ctx_tape_clear(alpha_ctx *ctx);
/* Arena allocation for layers above (64-byte aligned; NULL + sticky error when out of memory). */
ALPHA_API void *alpha_ctx_alloc(alpha_ctx *ctx, size_t nbytes);

/* ---------------------------------------------------------------- kernels for backward passes */
/* alpha_autograd.h builds gradients from these; they are ordinary ops that every backend runs. */
/* 1.0f where a == b else 0.0f (broadcasting). */
ALPHA_API alpha_tensor *alpha_equal(alpha_ctx *ctx, alpha_tensor *a, alpha_tensor *b);
/* dL/dx of the unary op `op` (ALPHA_OP_NEG .. ALPHA_OP_CLAMP) given its input x, output y, params f0, f1. */
ALPHA_API alpha_tensor *alpha_unary_backward(alpha_ctx *ctx, alpha_op op, alpha_tensor *x, alpha_tensor *y,
                                             alpha_tensor *gy, float f0, float f1);
ALPHA_API alpha_tensor *alpha_softmax_backward(alpha_ctx *ctx, alpha_tensor *y, alpha_tensor *gy, int axis);
ALPHA_API alpha_tensor *alpha_log_softmax_backward(alpha_ctx *ctx, alpha_tensor *y, alpha_tensor *gy, int axis);
/* Gradients of alpha_attention (o and lse are its output and saved log-sum-exp; go: d loss/d o). */
ALPHA_API alpha_result alpha_attention_backward(alpha_ctx *ctx, alpha_tensor *q, alpha_tensor *k, alpha_tensor *v, alpha_tensor *o,
                                                alpha_tensor *lse, alpha_tensor *go, float scale,
                                                alpha_tensor **gq, alpha_tensor **gk, alpha_tensor **gv);
/* gx, and optionally gw/gb ([C]); mean and rstd are the per-row values layernorm saved. Where
   *gw (*gb) is already a tensor (contiguous f32 [C], a gradient being accumulated), the gradient
   adds into it (alpha_sum_to_add_into) and the pointer is left as it is; else it is set to a new
   tensor. */
ALPHA_API alpha_result alpha_layernorm_backward(alpha_ctx *ctx, alpha_tensor *x, alpha_tensor *weight,
                                                alpha_tensor *mean, alpha_tensor *rstd, alpha_tensor *gy,
                                                alpha_tensor **gx, alpha_tensor **gw, alpha_tensor **gb);
/* [V, C] sums of gy rows per index (deterministic; repeated indices add up). */
ALPHA_API alpha_tensor *alpha_embedding_backward(alpha_ctx *ctx, alpha_tensor *indices, alpha_tensor *gy, int64_t vocab);
/* d(mean CE)/d logits, times the scalar gloss. lse (optional) is the per-row log-sum-exp the
   forward node saved (its saved[1]); without it the backward recomputes it. */
ALPHA_API alpha_tensor *alpha_cross_entropy_backward(alpha_ctx *ctx, alpha_tensor *logits, alpha_tensor *targets,
                                                     int ignore_index, alpha_tensor *gloss, alpha_tensor *lse);
/* The same gradient written over the logits (contiguous ones; others are copied first) and
   returned as a view of their memory: the logits are gone afterwards. */
ALPHA_API alpha_tensor *alpha_cross_entropy_backward_in_place(alpha_ctx *ctx, alpha_tensor *logits, alpha_tensor *targets,
                                                              int ignore_index, alpha_tensor *gloss, alpha_tensor *lse);
/* zeros of x's shape with gy[..., j] added at [..., indices[..., j]] along the last axis. */
ALPHA_API alpha_tensor *alpha_scatter_add_last(alpha_ctx *ctx, alpha_shape shape, alpha_tensor *indices, alpha_tensor *gy);
/* dropout with an explicit RNG position (what a dropout call used), for its backward pass. */
ALPHA_API alpha_tensor *alpha_dropout_at(alpha_ctx *ctx, alpha_tensor *x, float p, alpha_rng_state rng);
/* Sums g over the dims in which `shape` was broadcast to g's shape (undoes broadcasting). */
ALPHA_API alpha_tensor *alpha_sum_to(alpha_ctx *ctx, alpha_tensor *g, alpha_shape shape);
/* dst += src in place (src broadcasts to dst); dst is f32, any view without broadcast (stride 0)
   dims: contiguous, or e.g. a slice of a gradient that a slice's backward adds into. */
ALPHA_API alpha_result alpha_add_into(alpha_ctx *ctx, alpha_tensor *dst, alpha_tensor *src);
/* dst += a @ b, dst contiguous f32 of the product's shape; and dst += g summed to dst's shape
   (alpha_sum_to). One kernel on a device whose backend fuses them (ALPHA_BACKEND_CAP_ACCUMULATE:
   the Vulkan backend), else the product or sum and then alpha_add_into; the same values either
   way (dst + result, the result's sums in the same order). Gradient accumulation uses them. */
ALPHA_API alpha_result alpha_matmul_add_into(alpha_ctx *ctx, alpha_tensor *dst, alpha_tensor *a, alpha_tensor *b);
ALPHA_API alpha_result alpha_sum_to_add_into(alpha_ctx *ctx, alpha_tensor *dst, alpha_tensor *g);
/* dst += alpha_embedding_backward(indices, gy, dst's rows), dst contiguous f32 [V, C]: likewise
   one kernel where the backend fuses it (no zeroed [V, C] temporary), the same values. */
ALPHA_API alpha_result alpha_embedding_backward_add_into(alpha_ctx *ctx, alpha_tensor *dst, alpha_tensor *indices, alpha_tensor *gy);
/* dst[...] = src (src broadcasts to dst's shape); dst may be any view, e.g. a slice of a cache. */
ALPHA_API alpha_result alpha_assign(alpha_ctx *ctx, alpha_tensor *dst, alpha_tensor *src);
/* Sets every element of t (contiguous) to value. */
ALPHA_API alpha_result alpha_fill(alpha_ctx *ctx, alpha_tensor *t, double value);

/* ---------------------------------------------------------------- optimizer kernels (in place, never recorded) */
/* Sum of squares of all elements, as a one-element f32 tensor (accumulated in double on the CPU). */
ALPHA_API alpha_tensor *alpha_sum_squares(alpha_ctx *ctx, alpha_tensor *x);
/* Sum of squares over all elements of xs[0..n) (all on one device), added in index order: the
   squared global gradient norm, kept on the device so no step has to read it back. */
ALPHA_API alpha_tensor *alpha_global_sum_squares(alpha_ctx *ctx, alpha_tensor *const *xs, int n);
typedef struct alpha_adamw_params {
    float beta1, beta2, eps, weight_decay;
    float grad_scale;     /* g is multiplied by this first (loss-scale and accumulation factors) */
    float clip_norm;      /* > 0 (with sumsq): the global gradient norm is clipped to this */
} alpha_adamw_params;
/* The per-step scalars of an update, as alpha_adamw_update reads them from its `sched` tensor:
   out = {lr, 1/(1-beta1^step), 1/(1-beta2^step)}; step is 1 for the first update. */
ALPHA_API void alpha_adamw_schedule(float out[3], float lr, float beta1, float beta2, int64_t step);
/* One AdamW update of p (p, grad, m, v: contiguous f32 of one size, on one device):
     g = s * grad;  m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
     p = p (1 - lr wd) - lr (m c1) / (sqrt(v c2) + eps)
   where lr, c1, c2 come from sched (f32[3], see alpha_adamw_schedule) when the kernel runs, not
   when it is recorded: a captured step replays with the values written before each replay.
   sumsq (f32[1], e.g. alpha_global_sum_squares of all gradients) may be NULL; with it,
   norm = sqrt(sumsq) |grad_scale| (in f32) and the update is skipped (p, m, v untouched) when norm
   is NaN or Inf, and s = grad_scale * min(1, clip_norm / norm) when clip_norm > 0; without it
   s = grad_scale. */
ALPHA_API alpha_result alpha_adamw_update(alpha_ctx *ctx, alpha_tensor *p, alpha_tensor *grad, alpha_tensor *m, alpha_tensor *v,
                                          alpha_tensor *sched, alpha_tensor *sumsq, const alpha_adamw_params *hp);

ALPHA_EXTERN_C_END
#endif /* ALPHA_TENSOR_H_INCLUDED */

/* ====================================================================== implementation */
#if (defined(ALPHA_IMPLEMENTATION) || defined(ALPHA_TENSOR_IMPLEMENTATION)) && !defined(ALPHA_TENSOR_IMPLEMENTED)
#define ALPHA_TENSOR_IMPLEMENTED
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <stdarg.h>
#include <math.h>
#include <float.h>

#ifndef ALPHA_MALLOC
#define ALPHA_MALLOC(n) malloc(n)
#define ALPHA_FREE(p) free(p)
#endif

/* ---------------------------------------------------------------- allocation and messages */
static void *alpha__sys_alloc(const alpha_allocator *a, size_t n) {
    return a->alloc ? a->alloc(a->user_data, n) : ALPHA_MALLOC(n);
}
static void alpha__sys_free(const alpha_allocator *a, void *p) {
    if (!p) return;
    if (a->alloc) a->free(a->user_data, p); else ALPHA_FREE(p);
}
static void alpha__default_log(void *user, alpha_log_level level, const char *msg) {
    (void)user;
    if (level >= ALPHA_LOG_WARN) fprintf(stderr, "alpha %s: %s\n", level == ALPHA_LOG_WARN ? "warning" : "error", msg);
}

/* ==== BEGIN thread pool + SGEMM ==== */
/* ---- alpha CPU thread pool and SGEMM (fragment for alpha_tensor.h's implementation section) ----
   Needs <stdlib.h>, <string.h>, <stdint.h> and the common block before it. Includes <windows.h>
   under _WIN32, <pthread.h> and <unistd.h> elsewhere, and <immintrin.h> on gcc/clang x86-64.

   Thread pool: n-1 worker threads created once (the caller is thread 0). A job is published by
   bumping a generation number; tasks are claimed with a compare-and-swap on a 64-bit counter
   holding (generation << 32 | next task), so a slow worker can never claim a task of a later job.
   Workers spin briefly on the generation, then sleep on a condition variable; the caller spins
   briefly on the count of unfinished tasks, then sleeps too.

   SGEMM: GotoBLAS/BLIS blocking. For each NC-wide column block and KC-deep slice, B is packed
   once into a shared buffer (NR=16-column micro-panels) by all threads, then tasks over
   (MC row block x column chunk) pack their A block into a per-thread buffer (MR=6-row
   micro-panels) and run a 6x16 register-blocked micro-kernel (AVX2+FMA, chosen at run time, or a
   portable C one). Without a pool (p == NULL) a stack buffer holds one packed B micro-panel and
   the micro-kernel reads A in place through its strides: no allocation at all.
   Pool memory: KC*NC floats shared (4 MiB) + MC*KC floats per thread (288 KiB), allocated by
   alpha__pool_create. Tuned on a 2-core AMD EPYC (Zen 3, KVM); see /work/frag/gemm_NOTES.md. */

#if defined(_WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#else
#include <pthread.h>
#include <unistd.h>
#endif

#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__) && !defined(ALPHA_NO_SIMD)
#define ALPHA__GEMM_AVX2 1
#include <immintrin.h>
#else
#define ALPHA__GEMM_AVX2 0
#endif

/* ---------------------------------------------------------------- atomics */
#if defined(__GNUC__) || defined(__clang__)
#define alpha__atomic_load_int(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define alpha__atomic_store_int(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define alpha__atomic_add_int(p, v) __atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)
#define alpha__atomic_load_u64(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define alpha__atomic_store_u64(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define alpha__atomic_cas_u64(p, expect, desired) \
    __atomic_compare_exchange_n((p), (expect), (desired), 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define alpha__atomic_load_ptr(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define alpha__atomic_store_ptr(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#if defined(__x86_64__) || defined(__i386__)
#define alpha__cpu_relax() __builtin_ia32_pause()
#elif defined(__aarch64__)
#define alpha__cpu_relax() __asm__ __volatile__("yield")
#else
#define alpha__cpu_relax() ((void)0)
#endif
#elif defined(_MSC_VER)
#include <intrin.h>
static int alpha__atomic_load_int(volatile int *p) { return (int)_InterlockedOr((volatile long *)p, 0); }
static void alpha__atomic_store_int(volatile int *p, int v) { _InterlockedExchange((volatile long *)p, (long)v); }
static int alpha__atomic_add_int(volatile int *p, int v) { return (int)_InterlockedExchangeAdd((volatile long *)p, (long)v) + v; }
static uint64_t alpha__atomic_load_u64(volatile uint64_t *p) { return (uint64_t)_InterlockedOr64((volatile __int64 *)p, 0); }
static void alpha__atomic_store_u64(volatile uint64_t *p, uint64_t v) { _InterlockedExchange64((volatile __int64 *)p, (__int64)v); }
static int alpha__atomic_cas_u64(volatile uint64_t *p, uint64_t *expect, uint64_t desired) {
    __int64 old = _InterlockedCompareExchange64((volatile __int64 *)p, (__int64)desired, (__int64)*expect);
    if ((uint64_t)old == *expect) return 1;
    *expect = (uint64_t)old;
    return 0;
}
#define alpha__atomic_load_ptr(p) (_ReadWriteBarrier(), *(p))
#define alpha__atomic_store_ptr(p, v) do { _ReadWriteBarrier(); *(p) = (v); _ReadWriteBarrier(); } while (0)
#define alpha__cpu_relax() YieldProcessor()
#else
#error "alpha: the thread pool needs gcc/clang __atomic builtins or MSVC intrinsics"
#endif

/* ---------------------------------------------------------------- threads */
#if defined(_WIN32)
typedef SRWLOCK alpha__mutex;
typedef CONDITION_VARIABLE alpha__cond;
typedef HANDLE alpha__thread;
static void alpha__mutex_init(alpha__mutex *m) { InitializeSRWLock(m); }
static void alpha__mutex_destroy(alpha__mutex *m) { (void)m; }
static void alpha__mutex_lock(alpha__mutex *m) { AcquireSRWLockExclusive(m); }
static void alpha__mutex_unlock(alpha__mutex *m) { ReleaseSRWLockExclusive(m); }
static void alpha__cond_init(alpha__cond *c) { InitializeConditionVariable(c); }
static void alpha__cond_destroy(alpha__cond *c) { (void)c; }
static void alpha__cond_wait(alpha__cond *c, alpha__mutex *m) { SleepConditionVariableSRW(c, m, INFINITE, 0); }
static void alpha__cond_signal(alpha__cond *c) { WakeConditionVariable(c); }
static void alpha__cond_broadcast(alpha__cond *c) { WakeAllConditionVariable(c); }
static int alpha__cpu_count(void) {
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    return si.dwNumberOfProcessors > 0 ? (int)si.dwNumberOfProcessors : 1;
}
#else
typedef pthread_mutex_t alpha__mutex;
typedef pthread_cond_t alpha__cond;
typedef pthread_t alpha__thread;
static void alpha__mutex_init(alpha__mutex *m) { pthread_mutex_init(m, NULL); }
static void alpha__mutex_destroy(alpha__mutex *m) { pthread_mutex_destroy(m); }
static void alpha__mutex_lock(alpha__mutex *m) { pthread_mutex_lock(m); }
static void alpha__mutex_unlock(alpha__mutex *m) { pthread_mutex_unlock(m); }
static void alpha__cond_init(alpha__cond *c) { pthread_cond_init(c, NULL); }
static void alpha__cond_destroy(alpha__cond *c) { pthread_cond_destroy(c); }
static void alpha__cond_wait(alpha__cond *c, alpha__mutex *m) { pthread_cond_wait(c, m); }
static void alpha__cond_signal(alpha__cond *c) { pthread_cond_signal(c); }
static void alpha__cond_broadcast(alpha__cond *c) { pthread_cond_broadcast(c); }
static int alpha__cpu_count(void) {
#ifdef _SC_NPROCESSORS_ONLN
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (n > 1024 ? 1024 : (int)n) : 1;
#else
    return 1;
#endif
}
#endif

/* ---------------------------------------------------------------- GEMM blocking */
#define ALPHA__MR 6  /* micro-tile rows (packed-A panel height) */
#define ALPHA__NR 16 /* micro-tile columns (packed-B panel width) */
#ifndef ALPHA__GEMM_MC
#define ALPHA__GEMM_MC 72 /* rows of A per packed block (multiple of MR): 72x1024 floats = 288 KiB, L2 */
#endif
#ifndef ALPHA__GEMM_KC
#define ALPHA__GEMM_KC 1024 /* depth of a packed slice (K is cut into equal slices <= KC) */
#endif
#ifndef ALPHA__GEMM_NC
#define ALPHA__GEMM_NC 1024 /* columns of B per packed block (multiple of NR): 4 MiB shared, L3 */
#endif
#ifndef ALPHA__GEMM_KC_NOPOOL
#define ALPHA__GEMM_KC_NOPOOL 256 /* depth of the on-stack B micro-panel when p == NULL (16 KiB) */
#endif
#define ALPHA__GEMM_ALIGN 64

/* ---------------------------------------------------------------- pool */
typedef void (*alpha__task_fn)(void *arg, int task, int n_tasks, int tid);

typedef struct alpha__pool_thread {
    struct alpha__pool *pool;
    int tid;
    float *apack;            /* MC x KC packed A block, owned by this thread */
    uint64_t akey_seq;       /* which A block apack holds: (gemm call, jc, pc, row block) */
    int akey_jc, akey_pc, akey_mi;
    char pad[64];            /* keep threads' hot fields on distinct cache lines */
} alpha__pool_thread;

typedef struct alpha__pool {
    int n_threads; /* including the calling thread */
    int use_avx2;
    alpha_allocator alloc;
    int has_alloc;
    alpha__thread *threads;      /* n_threads - 1 workers */
    int n_started;
    alpha__pool_thread *ts;      /* n_threads entries, entry 0 = caller */
    void *buf_raw;               /* one allocation for all packing buffers */
    float *bpack;                /* KC x NC shared packed B */
    alpha__mutex mu;
    alpha__cond wake_cv, done_cv;
    /* current job; written by the caller before the generation is bumped */
    alpha__task_fn job_fn;
    void *job_arg;
    int job_n;
    uint64_t next;       /* (generation << 32) | next unclaimed task */
    int gen;             /* generation, bumped per job */
    int remaining;       /* tasks not finished in the current job */
    int sleepers;        /* workers asleep (or about to be) on wake_cv */
    int main_sleeping;   /* caller asleep on done_cv */
    int stop;
    uint64_t gemm_seq;   /* counts sgemm calls (keys the per-thread packed-A cache) */
} alpha__pool;

#ifndef ALPHA__POOL_SPIN
#define ALPHA__POOL_SPIN 8000 /* pause iterations before sleeping (~0.2 ms on Zen 3) */
#endif

static void *alpha__pool_mem(const alpha_allocator *a, int has, size_t n) {
    if (has && a->alloc) return a->alloc(a->user_data, n);
    return malloc(n);
}
static void alpha__pool_memfree(const alpha_allocator *a, int has, void *ptr) {
    if (!ptr) return;
    if (has && a->alloc) {
        if (a->free) a->free(a->user_data, ptr);
        return;
    }
    free(ptr);
}

/* Claims and runs tasks of generation g until none are left; returns after accounting them. */
static void alpha__pool_work(alpha__pool *p, int g, int tid) {
    alpha__task_fn fn = alpha__atomic_load_ptr(&p->job_fn);
    void *arg = alpha__atomic_load_ptr(&p->job_arg);
    int n = alpha__atomic_load_int(&p->job_n);
    int done = 0;
    uint64_t v = alpha__atomic_load_u64(&p->next);
    for (;;) {
        int idx;
        if ((int)(uint32_t)(v >> 32) != g) break;
        idx = (int)(uint32_t)(v & 0xffffffffu);
        if (idx >= n) break;
        if (!alpha__atomic_cas_u64(&p->next, &v, v + 1)) continue; /* v reloaded */
        fn(arg, idx, n, tid);
        done++;
        v = alpha__atomic_load_u64(&p->next);
    }
    if (done) {
        int r = alpha__atomic_add_int(&p->remaining, -done);
        if (r == 0 && tid != 0 && alpha__atomic_load_int(&p->main_sleeping)) {
            alpha__mutex_lock(&p->mu);
            alpha__cond_signal(&p->done_cv);
            alpha__mutex_unlock(&p->mu);
        }
    }
}

static void alpha__pool_worker_loop(alpha__pool_thread *t) {
    alpha__pool *p = t->pool;
    int seen = 0; /* the generation at creation: a job (or stop) published before this thread ran is still seen */
    for (;;) {
        int g = seen, i;
        for (i = 0; i < ALPHA__POOL_SPIN; i++) {
            g = alpha__atomic_load_int(&p->gen);
            if (g != seen) break;
            alpha__cpu_relax();
        }
        if (g == seen) {
            alpha__mutex_lock(&p->mu);
            alpha__atomic_add_int(&p->sleepers, 1);
            while ((g = alpha__atomic_load_int(&p->gen)) == seen) alpha__cond_wait(&p->wake_cv, &p->mu);
            alpha__atomic_add_int(&p->sleepers, -1);
            alpha__mutex_unlock(&p->mu);
        }
        seen = g;
        if (alpha__atomic_load_int(&p->stop)) return;
        alpha__pool_work(p, g, t->tid);
    }
}

#if defined(_WIN32)
static DWORD WINAPI alpha__pool_thread_main(LPVOID arg) {
    alpha__pool_worker_loop((alpha__pool_thread *)arg);
    return 0;
}
#else
static void *alpha__pool_thread_main(void *arg) {
    alpha__pool_worker_loop((alpha__pool_thread *)arg);
    return NULL;
}
#endif

/* Publishes a job with the caller-side task signature (tid included) and works on it. */
static void alpha__pool_run_tid(alpha__pool *p, alpha__task_fn fn, void *arg, int n_tasks) {
    int g, i;
    if (n_tasks <= 0) return;
    if (!p || p->n_threads <= 1 || n_tasks == 1) {
        for (i = 0; i < n_tasks; i++) fn(arg, i, n_tasks, 0);
        return;
    }
    /* Order matters: `next` moves to the new generation first, so that no worker still holding
       the old generation can claim a task once the job fields below start changing. A worker's
       successful claim therefore proves the fields it read (after reading `gen`) are its job's. */
    g = (int)(((unsigned)alpha__atomic_load_int(&p->gen) + 1u) & 0x7fffffffu);
    alpha__atomic_store_u64(&p->next, (uint64_t)(uint32_t)g << 32);
    alpha__atomic_store_ptr(&p->job_fn, fn);
    alpha__atomic_store_ptr(&p->job_arg, arg);
    alpha__atomic_store_int(&p->job_n, n_tasks);
    alpha__atomic_store_int(&p->remaining, n_tasks);
    alpha__atomic_store_int(&p->gen, g);
    if (alpha__atomic_load_int(&p->sleepers) > 0) {
        alpha__mutex_lock(&p->mu);
        alpha__cond_broadcast(&p->wake_cv);
        alpha__mutex_unlock(&p->mu);
    }
    alpha__pool_work(p, g, 0);
    for (i = 0; i < ALPHA__POOL_SPIN; i++) {
        if (alpha__atomic_load_int(&p->remaining) == 0) return;
        alpha__cpu_relax();
    }
    alpha__mutex_lock(&p->mu);
    alpha__atomic_store_int(&p->main_sleeping, 1);
    while (alpha__atomic_load_int(&p->remaining) != 0) alpha__cond_wait(&p->done_cv, &p->mu);
    alpha__atomic_store_int(&p->main_sleeping, 0);
    alpha__mutex_unlock(&p->mu);
}

typedef struct alpha__pool_user_job {
    void (*fn)(void *arg, int task, int n_tasks);
    void *arg;
} alpha__pool_user_job;

static void alpha__pool_user_tramp(void *arg, int task, int n_tasks, int tid) {
    alpha__pool_user_job *j = (alpha__pool_user_job *)arg;
    (void)tid;
    j->fn(j->arg, task, n_tasks);
}

static void alpha__pool_run(alpha__pool *p, void (*fn)(void *arg, int task, int n_tasks), void *arg, int n_tasks) {
    alpha__pool_user_job j;
    int i;
    if (n_tasks <= 0 || !fn) return;
    if (!p || p->n_threads <= 1 || n_tasks == 1) {
        for (i = 0; i < n_tasks; i++) fn(arg, i, n_tasks);
        return;
    }
    j.fn = fn;
    j.arg = arg;
    alpha__pool_run_tid(p, alpha__pool_user_tramp, &j, n_tasks);
}

static int alpha__pool_size(const alpha__pool *p) { return p ? p->n_threads : 1; }

static int alpha__gemm_have_avx2(void) {
#if ALPHA__GEMM_AVX2
#if defined(__AVX2__) && defined(__FMA__)
    return 1;
#else
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
#else
    return 0;
#endif
}

static void alpha__pool_destroy(alpha__pool *p) {
    int i;
    if (!p) return;
    if (p->n_started > 0) {
        alpha__mutex_lock(&p->mu);
        alpha__atomic_store_int(&p->stop, 1);
        alpha__atomic_store_int(&p->gen, (int)(((unsigned)alpha__atomic_load_int(&p->gen) + 1u) & 0x7fffffffu));
        alpha__cond_broadcast(&p->wake_cv);
        alpha__mutex_unlock(&p->mu);
        for (i = 0; i < p->n_started; i++) {
#if defined(_WIN32)
            WaitForSingleObject(p->threads[i], INFINITE);
            CloseHandle(p->threads[i]);
#else
            pthread_join(p->threads[i], NULL);
#endif
        }
    }
    alpha__cond_destroy(&p->wake_cv);
    alpha__cond_destroy(&p->done_cv);
    alpha__mutex_destroy(&p->mu);
    {
        alpha_allocator a = p->alloc;
        int has = p->has_alloc;
        alpha__pool_memfree(&a, has, p->buf_raw);
        alpha__pool_memfree(&a, has, p->threads);
        alpha__pool_memfree(&a, has, p->ts);
        alpha__pool_memfree(&a, has, p);
    }
}

static alpha__pool *alpha__pool_create(int n_threads, const alpha_allocator *alloc) {
    alpha_allocator a;
    int has = alloc != NULL && alloc->alloc != NULL, i;
    alpha__pool *p;
    size_t a_floats = (size_t)ALPHA__GEMM_MC * ALPHA__GEMM_KC;
    size_t b_floats = (size_t)ALPHA__GEMM_KC * ALPHA__GEMM_NC;
    size_t total;
    char *base;
    if (has) a = *alloc;
    else memset(&a, 0, sizeof a);
    if (n_threads <= 0) n_threads = alpha__cpu_count();
    if (n_threads > 1024) n_threads = 1024;
    p = (alpha__pool *)alpha__pool_mem(&a, has, sizeof(alpha__pool));
    if (!p) return NULL;
    memset(p, 0, sizeof *p);
    p->alloc = a;
    p->has_alloc = has;
    p->n_threads = n_threads;
    p->use_avx2 = alpha__gemm_have_avx2();
    alpha__mutex_init(&p->mu);
    alpha__cond_init(&p->wake_cv);
    alpha__cond_init(&p->done_cv);
    p->ts = (alpha__pool_thread *)alpha__pool_mem(&a, has, sizeof(alpha__pool_thread) * (size_t)n_threads);
    if (n_threads > 1)
        p->threads = (alpha__thread *)alpha__pool_mem(&a, has, sizeof(alpha__thread) * (size_t)(n_threads - 1));
    total = (a_floats * (size_t)n_threads + b_floats) * sizeof(float) + (size_t)(n_threads + 2) * ALPHA__GEMM_ALIGN;
    p->buf_raw = alpha__pool_mem(&a, has, total);
    if (!p->ts || (n_threads > 1 && !p->threads) || !p->buf_raw) {
        alpha__pool_destroy(p);
        return NULL;
    }
    memset(p->ts, 0, sizeof(alpha__pool_thread) * (size_t)n_threads);
    base = (char *)p->buf_raw;
    base += (ALPHA__GEMM_ALIGN - (size_t)((uintptr_t)base % ALPHA__GEMM_ALIGN)) % ALPHA__GEMM_ALIGN;
    p->bpack = (float *)base;
    base += b_floats * sizeof(float) + ALPHA__GEMM_ALIGN;
    for (i = 0; i < n_threads; i++) {
        p->ts[i].pool = p;
        p->ts[i].tid = i;
        p->ts[i].apack = (float *)base;
        p->ts[i].akey_seq = 0; /* gemm_seq starts at 1: nothing cached */
        base += a_floats * sizeof(float) + ALPHA__GEMM_ALIGN;
    }
    for (i = 1; i < n_threads; i++) {
#if defined(_WIN32)
        HANDLE h = CreateThread(NULL, 0, alpha__pool_thread_main, &p->ts[i], 0, NULL);
        if (!h) break;
        p->threads[i - 1] = h;
#else
        if (pthread_create(&p->threads[i - 1], NULL, alpha__pool_thread_main, &p->ts[i]) != 0) break;
#endif
        p->n_started++;
    }
    if (p->n_started != n_threads - 1) {
        alpha__pool_destroy(p);
        return NULL;
    }
    return p;
}

/* ---------------------------------------------------------------- micro-kernels */
/* Every micro-kernel computes C[0..m)[0..n) = alpha * (A-panel x B-panel) + beta * C, m <= MR,
   n <= NR, with the B panel packed as b[k*NR + j] (zero padded to NR) and A read as
   a[r*ars + k*aks] (packed: ars = 1, aks = MR, zero padded). beta == 0: C is not read. */

static void alpha__gemm_store_tile(const float *acc, int m, int n, float *c, ptrdiff_t rsc, float alpha, float beta) {
    int i, j;
    for (i = 0; i < m; i++) {
        float *cr = c + (ptrdiff_t)i * rsc;
        const float *ar = acc + i * ALPHA__NR;
        if (beta == 0.0f)
            for (j = 0; j < n; j++) cr[j] = alpha * ar[j];
        else
            for (j = 0; j < n; j++) cr[j] = alpha * ar[j] + beta * cr[j];
    }
}

static void alpha__gemm_kern_c(int kc, const float *a, ptrdiff_t ars, ptrdiff_t aks, const float *b,
                               float *c, ptrdiff_t rsc, int m, int n, float alpha, float beta) {
    float acc[ALPHA__MR * ALPHA__NR];
    ptrdiff_t off[ALPHA__MR];
    int i, j, k;
    for (i = 0; i < ALPHA__MR; i++) off[i] = (i < m ? i : 0) * ars;
    for (i = 0; i < ALPHA__MR * ALPHA__NR; i++) acc[i] = 0.0f;
    for (k = 0; k < kc; k++) {
        const float *ak = a + (ptrdiff_t)k * aks;
        const float *bk = b + (ptrdiff_t)k * ALPHA__NR;
        for (i = 0; i < ALPHA__MR; i++) {
            float ai = ak[off[i]];
            float *accr = acc + i * ALPHA__NR;
            for (j = 0; j < ALPHA__NR; j++) accr[j] += ai * bk[j];
        }
    }
    alpha__gemm_store_tile(acc, m, n, c, rsc, alpha, beta);
}

#if ALPHA__GEMM_AVX2
#define ALPHA__AVX2_FN __attribute__((target("avx2,fma")))

static ALPHA__AVX2_FN __attribute__((always_inline)) inline void
alpha__gemm_kern_avx2_body(int kc, const float *a, ptrdiff_t o1, ptrdiff_t o2, ptrdiff_t o3, ptrdiff_t o4,
                           ptrdiff_t o5, ptrdiff_t aks, const float *b, float *c, ptrdiff_t rsc, int m, int n,
                           float alpha, float beta) {
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
    __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
    __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
    __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
    __m256 b0, b1, av;
    int k;
#define ALPHA__K1(A, B)                                                                      \
    b0 = _mm256_load_ps((B));                                                                \
    b1 = _mm256_load_ps((B) + 8);                                                            \
    av = _mm256_broadcast_ss((A));                                                           \
    c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01);                  \
    av = _mm256_broadcast_ss((A) + o1);                                                      \
    c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11);                  \
    av = _mm256_broadcast_ss((A) + o2);                                                      \
    c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21);                  \
    av = _mm256_broadcast_ss((A) + o3);                                                      \
    c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31);                  \
    av = _mm256_broadcast_ss((A) + o4);                                                      \
    c40 = _mm256_fmadd_ps(av, b0, c40); c41 = _mm256_fmadd_ps(av, b1, c41);                  \
    av = _mm256_broadcast_ss((A) + o5);                                                      \
    c50 = _mm256_fmadd_ps(av, b0, c50); c51 = _mm256_fmadd_ps(av, b1, c51);
    for (k = 0; k + 4 <= kc; k += 4) {
        _mm_prefetch((const char *)(b + 16 * 8), _MM_HINT_T0);
        ALPHA__K1(a, b)
        ALPHA__K1(a + aks, b + 16)
        _mm_prefetch((const char *)(b + 16 * 10), _MM_HINT_T0);
        ALPHA__K1(a + 2 * aks, b + 32)
        ALPHA__K1(a + 3 * aks, b + 48)
        a += 4 * aks;
        b += 64;
    }
    for (; k < kc; k++) {
        ALPHA__K1(a, b)
        a += aks;
        b += 16;
    }
#undef ALPHA__K1
    {
        __m256 va = _mm256_set1_ps(alpha);
        c00 = _mm256_mul_ps(c00, va); c01 = _mm256_mul_ps(c01, va);
        c10 = _mm256_mul_ps(c10, va); c11 = _mm256_mul_ps(c11, va);
        c20 = _mm256_mul_ps(c20, va); c21 = _mm256_mul_ps(c21, va);
        c30 = _mm256_mul_ps(c30, va); c31 = _mm256_mul_ps(c31, va);
        c40 = _mm256_mul_ps(c40, va); c41 = _mm256_mul_ps(c41, va);
        c50 = _mm256_mul_ps(c50, va); c51 = _mm256_mul_ps(c51, va);
    }
    if (m == ALPHA__MR && n == ALPHA__NR) {
        float *r0 = c, *r1 = c + rsc, *r2 = c + 2 * rsc, *r3 = c + 3 * rsc, *r4 = c + 4 * rsc, *r5 = c + 5 * rsc;
        if (beta != 0.0f) {
            __m256 vb = _mm256_set1_ps(beta);
            c00 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(r0), c00); c01 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(r0 + 8), c01);
            c10 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(r1), c10); c11 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(r1 + 8), c11);
            c20 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(r2), c20); c21 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(r2 + 8), c21);
            c30 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(r3), c30); c31 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(r3 + 8), c31);
            c40 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(r4), c40); c41 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(r4 + 8), c41);
            c50 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(r5), c50); c51 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(r5 + 8), c51);
        }
        _mm256_storeu_ps(r0, c00); _mm256_storeu_ps(r0 + 8, c01);
        _mm256_storeu_ps(r1, c10); _mm256_storeu_ps(r1 + 8, c11);
        _mm256_storeu_ps(r2, c20); _mm256_storeu_ps(r2 + 8, c21);
        _mm256_storeu_ps(r3, c30); _mm256_storeu_ps(r3 + 8, c31);
        _mm256_storeu_ps(r4, c40); _mm256_storeu_ps(r4 + 8, c41);
        _mm256_storeu_ps(r5, c50); _mm256_storeu_ps(r5 + 8, c51);
    } else {
        float acc[ALPHA__MR * ALPHA__NR];
        _mm256_storeu_ps(acc + 0, c00); _mm256_storeu_ps(acc + 8, c01);
        _mm256_storeu_ps(acc + 16, c10); _mm256_storeu_ps(acc + 24, c11);
        _mm256_storeu_ps(acc + 32, c20); _mm256_storeu_ps(acc + 40, c21);
        _mm256_storeu_ps(acc + 48, c30); _mm256_storeu_ps(acc + 56, c31);
        _mm256_storeu_ps(acc + 64, c40); _mm256_storeu_ps(acc + 72, c41);
        _mm256_storeu_ps(acc + 80, c50); _mm256_storeu_ps(acc + 88, c51);
        alpha__gemm_store_tile(acc, m, n, c, rsc, 1.0f, beta);
    }
}

/* packed A panel: rows 1 apart, k MR apart */
static ALPHA__AVX2_FN void alpha__gemm_kern_avx2_packed(int kc, const float *a, const float *b, float *c,
                                                        ptrdiff_t rsc, int m, int n, float alpha, float beta) {
    alpha__gemm_kern_avx2_body(kc, a, 1, 2, 3, 4, 5, ALPHA__MR, b, c, rsc, m, n, alpha, beta);
}

/* A read in place (p == NULL path); rows past m alias row 0 */
static ALPHA__AVX2_FN void alpha__gemm_kern_avx2_strided(int kc, const float *a, ptrdiff_t ars, ptrdiff_t aks,
                                                         const float *b, float *c, ptrdiff_t rsc, int m, int n,
                                                         float alpha, float beta) {
    alpha__gemm_kern_avx2_body(kc, a, m > 1 ? ars : 0, m > 2 ? 2 * ars : 0, m > 3 ? 3 * ars : 0,
                               m > 4 ? 4 * ars : 0, m > 5 ? 5 * ars : 0, aks, b, c, rsc, m, n, alpha, beta);
}
#endif /* ALPHA__GEMM_AVX2 */

/* ---------------------------------------------------------------- packing */
/* Packed layouts: A block = MR-row panels, dst[panel][k][r]; B block = NR-column panels,
   dst[panel][k][j]; partial panels are zero padded. When the panel direction has unit stride
   the source is walked one k-row at a time (sequential reads, MR/NR-wide writes into every
   panel); otherwise one panel at a time. */
#ifndef ALPHA__PACK_KCHUNK
#define ALPHA__PACK_KCHUNK 4
#endif
#define ALPHA__PACK_KOUTER(W)                                                                  \
    do {                                                                                       \
        int k0_, k_, p_, np_ = len / (W), rem_ = len - np_ * (W), j_;                          \
        for (k0_ = 0; k0_ < kc; k0_ += ALPHA__PACK_KCHUNK) {                                   \
            int k1_ = kc - k0_ < ALPHA__PACK_KCHUNK ? kc : k0_ + ALPHA__PACK_KCHUNK;           \
            for (p_ = 0; p_ < np_; p_++) {                                                     \
                const float *s_ = src + (ptrdiff_t)p_ * (W);                                   \
                float *d_ = dst + (ptrdiff_t)p_ * kc * (W);                                    \
                for (k_ = k0_; k_ < k1_; k_++)                                                 \
                    memcpy(d_ + (ptrdiff_t)k_ * (W), s_ + (ptrdiff_t)k_ * ks, (W) * sizeof(float)); \
            }                                                                                  \
            if (rem_) {                                                                        \
                const float *s_ = src + (ptrdiff_t)np_ * (W);                                  \
                float *d_ = dst + (ptrdiff_t)np_ * kc * (W);                                   \
                for (k_ = k0_; k_ < k1_; k_++) {                                               \
                    for (j_ = 0; j_ < rem_; j_++) d_[k_ * (W) + j_] = s_[k_ * ks + j_];        \
                    for (; j_ < (W); j_++) d_[k_ * (W) + j_] = 0.0f;                           \
                }                                                                              \
            }                                                                                  \
        }                                                                                      \
    } while (0)

static void alpha__gemm_pack_kouter_mr(int kc, int len, const float *src, ptrdiff_t ks, float *dst) {
    ALPHA__PACK_KOUTER(ALPHA__MR);
}
static void alpha__gemm_pack_kouter_nr(int kc, int len, const float *src, ptrdiff_t ks, float *dst) {
    ALPHA__PACK_KOUTER(ALPHA__NR);
}
#undef ALPHA__PACK_KOUTER

#if ALPHA__GEMM_AVX2
/* 8x8 transpose of r0..r7 in place */
#define ALPHA__TRANSPOSE8(r0, r1, r2, r3, r4, r5, r6, r7)                                       \
    do {                                                                                        \
        __m256 t0_ = _mm256_unpacklo_ps(r0, r1), t1_ = _mm256_unpackhi_ps(r0, r1);              \
        __m256 t2_ = _mm256_unpacklo_ps(r2, r3), t3_ = _mm256_unpackhi_ps(r2, r3);              \
        __m256 t4_ = _mm256_unpacklo_ps(r4, r5), t5_ = _mm256_unpackhi_ps(r4, r5);              \
        __m256 t6_ = _mm256_unpacklo_ps(r6, r7), t7_ = _mm256_unpackhi_ps(r6, r7);              \
        __m256 u0_ = _mm256_shuffle_ps(t0_, t2_, 0x44), u1_ = _mm256_shuffle_ps(t0_, t2_, 0xEE); \
        __m256 u2_ = _mm256_shuffle_ps(t1_, t3_, 0x44), u3_ = _mm256_shuffle_ps(t1_, t3_, 0xEE); \
        __m256 u4_ = _mm256_shuffle_ps(t4_, t6_, 0x44), u5_ = _mm256_shuffle_ps(t4_, t6_, 0xEE); \
        __m256 u6_ = _mm256_shuffle_ps(t5_, t7_, 0x44), u7_ = _mm256_shuffle_ps(t5_, t7_, 0xEE); \
        r0 = _mm256_permute2f128_ps(u0_, u4_, 0x20); r1 = _mm256_permute2f128_ps(u1_, u5_, 0x20); \
        r2 = _mm256_permute2f128_ps(u2_, u6_, 0x20); r3 = _mm256_permute2f128_ps(u3_, u7_, 0x20); \
        r4 = _mm256_permute2f128_ps(u0_, u4_, 0x31); r5 = _mm256_permute2f128_ps(u1_, u5_, 0x31); \
        r6 = _mm256_permute2f128_ps(u2_, u6_, 0x31); r7 = _mm256_permute2f128_ps(u3_, u7_, 0x31); \
    } while (0)

/* One full MR-row panel of row-major A (unit stride along k): dst[k][r]. */
static ALPHA__AVX2_FN void alpha__gemm_pack_a6_avx2(int kc, const float *a, ptrdiff_t rsa, float *dst) {
    const __m256i m6 = _mm256_setr_epi32(-1, -1, -1, -1, -1, -1, 0, 0);
    int k = 0, r;
    for (; k + 8 <= kc; k += 8) {
        __m256 r0 = _mm256_loadu_ps(a + k), r1 = _mm256_loadu_ps(a + rsa + k);
        __m256 r2 = _mm256_loadu_ps(a + 2 * rsa + k), r3 = _mm256_loadu_ps(a + 3 * rsa + k);
        __m256 r4 = _mm256_loadu_ps(a + 4 * rsa + k), r5 = _mm256_loadu_ps(a + 5 * rsa + k);
        __m256 r6 = _mm256_setzero_ps(), r7 = _mm256_setzero_ps();
        float *d = dst + (ptrdiff_t)k * ALPHA__MR;
        ALPHA__TRANSPOSE8(r0, r1, r2, r3, r4, r5, r6, r7);
        _mm256_maskstore_ps(d, m6, r0); _mm256_maskstore_ps(d + 6, m6, r1);
        _mm256_maskstore_ps(d + 12, m6, r2); _mm256_maskstore_ps(d + 18, m6, r3);
        _mm256_maskstore_ps(d + 24, m6, r4); _mm256_maskstore_ps(d + 30, m6, r5);
        _mm256_maskstore_ps(d + 36, m6, r6); _mm256_maskstore_ps(d + 42, m6, r7);
    }
    for (; k < kc; k++)
        for (r = 0; r < ALPHA__MR; r++) dst[k * ALPHA__MR + r] = a[(ptrdiff_t)r * rsa + k];
}

/* One full NR-column panel of column-major B (unit stride along k): dst[k][j]. */
static ALPHA__AVX2_FN void alpha__gemm_pack_b16_avx2(int kc, const float *b, ptrdiff_t csb, float *dst) {
    int k = 0, h, j;
    for (; k + 8 <= kc; k += 8) {
        for (h = 0; h < 2; h++) {
            const float *s = b + (ptrdiff_t)(8 * h) * csb + k;
            __m256 r0 = _mm256_loadu_ps(s), r1 = _mm256_loadu_ps(s + csb);
            __m256 r2 = _mm256_loadu_ps(s + 2 * csb), r3 = _mm256_loadu_ps(s + 3 * csb);
            __m256 r4 = _mm256_loadu_ps(s + 4 * csb), r5 = _mm256_loadu_ps(s + 5 * csb);
            __m256 r6 = _mm256_loadu_ps(s + 6 * csb), r7 = _mm256_loadu_ps(s + 7 * csb);
            float *d = dst + (ptrdiff_t)k * ALPHA__NR + 8 * h;
            ALPHA__TRANSPOSE8(r0, r1, r2, r3, r4, r5, r6, r7);
            _mm256_store_ps(d, r0); _mm256_store_ps(d + 16, r1);
            _mm256_store_ps(d + 32, r2); _mm256_store_ps(d + 48, r3);
            _mm256_store_ps(d + 64, r4); _mm256_store_ps(d + 80, r5);
            _mm256_store_ps(d + 96, r6); _mm256_store_ps(d + 112, r7);
        }
    }
    for (; k < kc; k++)
        for (j = 0; j < ALPHA__NR; j++) dst[k * ALPHA__NR + j] = b[(ptrdiff_t)j * csb + k];
}
#undef ALPHA__TRANSPOSE8
#endif

/* Packs rows [0, mc) x depth [0, kc) of A (a points at the block's first element). */
static void alpha__gemm_pack_a(int mc, int kc, const float *a, ptrdiff_t rsa, ptrdiff_t csa, float *dst, int avx2) {
    int i0, r, k;
    (void)avx2;
    if (rsa == 1) {
        alpha__gemm_pack_kouter_mr(kc, mc, a, csa, dst);
        return;
    }
    for (i0 = 0; i0 < mc; i0 += ALPHA__MR) {
        int mr = mc - i0 < ALPHA__MR ? mc - i0 : ALPHA__MR;
        const float *ap = a + (ptrdiff_t)i0 * rsa;
#if ALPHA__GEMM_AVX2
        if (mr == ALPHA__MR && csa == 1 && avx2) {
            alpha__gemm_pack_a6_avx2(kc, ap, rsa, dst);
            dst += (ptrdiff_t)kc * ALPHA__MR;
            continue;
        }
#endif
        if (mr == ALPHA__MR && csa == 1) {
            const float *a0 = ap, *a1 = ap + rsa, *a2 = ap + 2 * rsa, *a3 = ap + 3 * rsa, *a4 = ap + 4 * rsa,
                        *a5 = ap + 5 * rsa;
            for (k = 0; k < kc; k++) {
                dst[0] = a0[k]; dst[1] = a1[k]; dst[2] = a2[k];
                dst[3] = a3[k]; dst[4] = a4[k]; dst[5] = a5[k];
                dst += ALPHA__MR;
            }
        } else {
            for (k = 0; k < kc; k++) {
                for (r = 0; r < mr; r++) dst[r] = ap[(ptrdiff_t)r * rsa + (ptrdiff_t)k * csa];
                for (; r < ALPHA__MR; r++) dst[r] = 0.0f;
                dst += ALPHA__MR;
            }
        }
    }
}

/* Packs depth [0, kc) x columns [0, nc) of B. */
static void alpha__gemm_pack_b(int kc, int nc, const float *b, ptrdiff_t rsb, ptrdiff_t csb, float *dst, int avx2) {
    int j0, j, k;
    (void)avx2;
    if (csb == 1) {
        alpha__gemm_pack_kouter_nr(kc, nc, b, rsb, dst);
        return;
    }
    for (j0 = 0; j0 < nc; j0 += ALPHA__NR) {
        int nr = nc - j0 < ALPHA__NR ? nc - j0 : ALPHA__NR;
        const float *bp = b + (ptrdiff_t)j0 * csb;
#if ALPHA__GEMM_AVX2
        if (rsb == 1 && nr == ALPHA__NR && avx2) {
            alpha__gemm_pack_b16_avx2(kc, bp, csb, dst);
            dst += (ptrdiff_t)kc * ALPHA__NR;
            continue;
        }
#endif
        if (rsb == 1) {
            for (j = 0; j < nr; j++) {
                const float *s = bp + (ptrdiff_t)j * csb;
                for (k = 0; k < kc; k++) dst[k * ALPHA__NR + j] = s[k];
            }
            for (; j < ALPHA__NR; j++)
                for (k = 0; k < kc; k++) dst[k * ALPHA__NR + j] = 0.0f;
            dst += (ptrdiff_t)kc * ALPHA__NR;
        } else {
            for (k = 0; k < kc; k++) {
                const float *s = bp + (ptrdiff_t)k * rsb;
                for (j = 0; j < nr; j++) dst[j] = s[(ptrdiff_t)j * csb];
                for (; j < ALPHA__NR; j++) dst[j] = 0.0f;
                dst += ALPHA__NR;
            }
        }
    }
}

/* ---------------------------------------------------------------- driver */
typedef struct alpha__gemm_ctx {
    alpha__pool *p;
    int M, N, K;
    float alpha, beta; /* beta for this KC slice */
    const float *A;
    ptrdiff_t rsa, csa;
    const float *B;
    ptrdiff_t rsb, csb;
    float *C;
    ptrdiff_t rsc;
    int jc, nc, pc, kc;
    int mpanels, mb;   /* MR-panels of M, row blocks (each a contiguous range of panels) */
    int npanels, nn;   /* NR-panels of this column block, column chunks */
    int nb_tasks;      /* B packing tasks */
    int use_avx2;
    uint64_t seq;
} alpha__gemm_ctx;

static void alpha__gemm_pack_b_task(void *arg, int task, int n_tasks, int tid) {
    alpha__gemm_ctx *g = (alpha__gemm_ctx *)arg;
    int p0 = (int)((int64_t)g->npanels * task / n_tasks), p1 = (int)((int64_t)g->npanels * (task + 1) / n_tasks);
    int j0 = p0 * ALPHA__NR, j1 = p1 * ALPHA__NR;
    (void)tid;
    if (j1 > g->nc) j1 = g->nc;
    if (j1 <= j0) return;
    alpha__gemm_pack_b(g->kc, j1 - j0, g->B + (ptrdiff_t)g->pc * g->rsb + (ptrdiff_t)(g->jc + j0) * g->csb, g->rsb,
                       g->csb, g->p->bpack + (ptrdiff_t)p0 * ALPHA__NR * g->kc, g->use_avx2);
}

static void alpha__gemm_compute_task(void *arg, int task, int n_tasks, int tid) {
    alpha__gemm_ctx *g = (alpha__gemm_ctx *)arg;
    alpha__pool_thread *t = &g->p->ts[tid];
    int mi = task / g->nn, ni = task % g->nn;
    int mp0 = (int)((int64_t)g->mpanels * mi / g->mb), mp1 = (int)((int64_t)g->mpanels * (mi + 1) / g->mb);
    int np0 = (int)((int64_t)g->npanels * ni / g->nn), np1 = (int)((int64_t)g->npanels * (ni + 1) / g->nn);
    int i0 = mp0 * ALPHA__MR, i1 = mp1 * ALPHA__MR, j0 = np0 * ALPHA__NR, j1 = np1 * ALPHA__NR;
    int ir, jr, kc = g->kc;
    float *cblk;
    (void)n_tasks;
    if (i1 > g->M) i1 = g->M;
    if (j1 > g->nc) j1 = g->nc;
    if (i1 <= i0 || j1 <= j0) return;
    if (t->akey_seq != g->seq || t->akey_jc != g->jc || t->akey_pc != g->pc || t->akey_mi != mi) {
        alpha__gemm_pack_a(i1 - i0, kc, g->A + (ptrdiff_t)i0 * g->rsa + (ptrdiff_t)g->pc * g->csa, g->rsa, g->csa,
                           t->apack, g->use_avx2);
        t->akey_seq = g->seq;
        t->akey_jc = g->jc;
        t->akey_pc = g->pc;
        t->akey_mi = mi;
    }
    cblk = g->C + (ptrdiff_t)i0 * g->rsc + g->jc;
    for (jr = j0; jr < j1; jr += ALPHA__NR) {
        const float *bp = g->p->bpack + (ptrdiff_t)(jr / ALPHA__NR) * ALPHA__NR * kc;
        int nr = j1 - jr < ALPHA__NR ? j1 - jr : ALPHA__NR;
        for (ir = 0; ir < i1 - i0; ir += ALPHA__MR) {
            const float *ap = t->apack + (ptrdiff_t)(ir / ALPHA__MR) * ALPHA__MR * kc;
            int mr = i1 - i0 - ir < ALPHA__MR ? i1 - i0 - ir : ALPHA__MR;
            float *cp = cblk + (ptrdiff_t)ir * g->rsc + jr;
#if ALPHA__GEMM_AVX2
            if (g->use_avx2) {
                alpha__gemm_kern_avx2_packed(kc, ap, bp, cp, g->rsc, mr, nr, g->alpha, g->beta);
                continue;
            }
#endif
            alpha__gemm_kern_c(kc, ap, 1, ALPHA__MR, bp, cp, g->rsc, mr, nr, g->alpha, g->beta);
        }
    }
}

/* C = beta * C for an M x N block (beta == 0 writes zeros without reading C) */
static void alpha__gemm_scale_c(int M, int N, float beta, float *C, ptrdiff_t rsc) {
    int i, j;
    if (beta == 1.0f) return;
    for (i = 0; i < M; i++) {
        float *c = C + (ptrdiff_t)i * rsc;
        if (beta == 0.0f)
            for (j = 0; j < N; j++) c[j] = 0.0f;
        else
            for (j = 0; j < N; j++) c[j] *= beta;
    }
}

/* p == NULL: one packed B micro-panel on the stack, A read in place. */
static void alpha__sgemm_nopool(int M, int N, int K, float alpha, const float *A, ptrdiff_t rsa, ptrdiff_t csa,
                                const float *B, ptrdiff_t rsb, ptrdiff_t csb, float beta, float *C, ptrdiff_t rsc) {
    float braw[ALPHA__GEMM_KC_NOPOOL * ALPHA__NR + 16];
    float *bp = braw + (16 - (int)(((uintptr_t)braw / sizeof(float)) % 16)) % 16; /* 64-byte aligned */
    int pc, jr, ir;
#if ALPHA__GEMM_AVX2
    int avx2 = alpha__gemm_have_avx2();
#endif
    for (pc = 0; pc < K; pc += ALPHA__GEMM_KC_NOPOOL) {
        int kc = K - pc < ALPHA__GEMM_KC_NOPOOL ? K - pc : ALPHA__GEMM_KC_NOPOOL;
        float be = pc == 0 ? beta : 1.0f;
        for (jr = 0; jr < N; jr += ALPHA__NR) {
            int nr = N - jr < ALPHA__NR ? N - jr : ALPHA__NR;
#if ALPHA__GEMM_AVX2
            alpha__gemm_pack_b(kc, nr, B + (ptrdiff_t)pc * rsb + (ptrdiff_t)jr * csb, rsb, csb, bp, avx2);
#else
            alpha__gemm_pack_b(kc, nr, B + (ptrdiff_t)pc * rsb + (ptrdiff_t)jr * csb, rsb, csb, bp, 0);
#endif
            for (ir = 0; ir < M; ir += ALPHA__MR) {
                int mr = M - ir < ALPHA__MR ? M - ir : ALPHA__MR;
                const float *ap = A + (ptrdiff_t)ir * rsa + (ptrdiff_t)pc * csa;
                float *cp = C + (ptrdiff_t)ir * rsc + jr;
#if ALPHA__GEMM_AVX2
                if (avx2) {
                    alpha__gemm_kern_avx2_strided(kc, ap, rsa, csa, bp, cp, rsc, mr, nr, alpha, be);
                    continue;
                }
#endif
                alpha__gemm_kern_c(kc, ap, rsa, csa, bp, cp, rsc, mr, nr, alpha, be);
            }
        }
    }
}

static void alpha__sgemm(alpha__pool *p, int M, int N, int K, float alpha,
                         const float *A, ptrdiff_t rsa, ptrdiff_t csa,
                         const float *B, ptrdiff_t rsb, ptrdiff_t csb,
                         float beta, float *C, ptrdiff_t rsc) {
    alpha__gemm_ctx g;
    int T, kb, pcb, jc, jcb, nbj;
    if (M <= 0 || N <= 0) return;
    if (K <= 0 || alpha == 0.0f) {
        alpha__gemm_scale_c(M, N, beta, C, rsc);
        return;
    }
    if (!p) {
        alpha__sgemm_nopool(M, N, K, alpha, A, rsa, csa, B, rsb, csb, beta, C, rsc);
        return;
    }
    memset(&g, 0, sizeof g);
    g.p = p;
    g.M = M; g.N = N; g.K = K;
    g.alpha = alpha;
    g.A = A; g.rsa = rsa; g.csa = csa;
    g.B = B; g.rsb = rsb; g.csb = csb;
    g.C = C; g.rsc = rsc;
    g.use_avx2 = p->use_avx2;
    g.seq = ++p->gemm_seq;
    T = p->n_threads;
    if ((double)M * (double)N * (double)K < 48.0 * 48.0 * 48.0) T = 1; /* not worth waking anyone */
    /* depth slices of (nearly) equal size, at most KC deep */
    kb = (K + ALPHA__GEMM_KC - 1) / ALPHA__GEMM_KC;
    g.mpanels = (M + ALPHA__MR - 1) / ALPHA__MR;
    /* column blocks of (nearly) equal size in whole NR panels, at most NC wide */
    nbj = (N + ALPHA__GEMM_NC - 1) / ALPHA__GEMM_NC;
    for (jcb = 0; jcb < nbj; jcb++) {
        int npan = (N + ALPHA__NR - 1) / ALPHA__NR;
        jc = (int)((int64_t)npan * jcb / nbj) * ALPHA__NR;
        g.jc = jc;
        g.nc = (int)((int64_t)npan * (jcb + 1) / nbj) * ALPHA__NR;
        if (g.nc > N) g.nc = N;
        g.nc -= jc;
        g.npanels = (g.nc + ALPHA__NR - 1) / ALPHA__NR;
        /* row blocks of at most MC rows; with several threads, enough equal tasks to share */
        g.mb = (g.mpanels + ALPHA__GEMM_MC / ALPHA__MR - 1) / (ALPHA__GEMM_MC / ALPHA__MR);
        g.nn = 1;
        if (T > 1) {
            if (g.mb >= 2 * T) {
                g.mb = (g.mb + T - 1) / T * T;
                if (g.mb > g.mpanels) g.mb = g.mpanels;
            } else {
                g.nn = (4 * T + g.mb - 1) / g.mb;
                while ((g.mb * g.nn) % T) g.nn++;
                if (g.nn > g.npanels) g.nn = g.npanels;
            }
        }
        g.nb_tasks = T > 1 ? (g.npanels < 4 * T ? g.npanels : 4 * T) : 1;
        for (pcb = 0; pcb < kb; pcb++) {
            g.pc = (int)((int64_t)K * pcb / kb);
            g.kc = (int)((int64_t)K * (pcb + 1) / kb) - g.pc;
            g.beta = pcb == 0 ? beta : 1.0f;
            if (T > 1) {
                alpha__pool_run_tid(p, alpha__gemm_pack_b_task, &g, g.nb_tasks);
                alpha__pool_run_tid(p, alpha__gemm_compute_task, &g, g.mb * g.nn);
            } else {
                int t;
                alpha__gemm_pack_b_task(&g, 0, 1, 0);
                for (t = 0; t < g.mb * g.nn; t++) alpha__gemm_compute_task(&g, t, g.mb * g.nn, 0);
            }
        }
    }
}
/* ---- end of thread pool and SGEMM fragment ---- */
/* ==== END thread pool + SGEMM ==== */

/* ---------------------------------------------------------------- vector math: exp, gelu */
/* The transcendental-heavy row loops (softmax, cross-entropy, GELU) run 8 lanes at a time with
   AVX2+FMA when the CPU has it; exp is the Cephes polynomial (about 2 ulp), inputs clamped to
   [-87.3, 88.7] so -inf gives a tiny positive instead of 0 (harmless next to a row sum >= 1). */
#if ALPHA__GEMM_AVX2
static ALPHA__AVX2_FN __m256 alpha__exp8(__m256 x) {
    const __m256 hi = _mm256_set1_ps(88.7f), lo = _mm256_set1_ps(-87.3f);
    __m256 fx, r, r2, p, pow2n;
    __m256i n;
    x = _mm256_max_ps(_mm256_min_ps(x, hi), lo);
    fx = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    r = _mm256_fnmadd_ps(fx, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(fx, _mm256_set1_ps(-2.12194440e-4f), r);
    r2 = _mm256_mul_ps(r, r);
    p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    p = _mm256_fmadd_ps(p, r2, _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    n = _mm256_add_epi32(_mm256_cvtps_epi32(fx), _mm256_set1_epi32(127));
    pow2n = _mm256_castsi256_ps(_mm256_slli_epi32(n, 23));
    return _mm256_mul_ps(p, pow2n);
}
static ALPHA__AVX2_FN float alpha__hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}
static ALPHA__AVX2_FN double alpha__exp_sum_avx2(const float *x, float *y, int64_t n, float shift, float scale) {
    __m256 acc = _mm256_setzero_ps(), sh = _mm256_set1_ps(shift), sc = _mm256_set1_ps(scale);
    double sum = 0;
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 e = alpha__exp8(_mm256_sub_ps(_mm256_loadu_ps(x + i), sh));
        acc = _mm256_add_ps(acc, e);
        if (y) _mm256_storeu_ps(y + i, _mm256_mul_ps(e, sc));
    }
    sum = alpha__hsum8(acc);
    for (; i < n; i++) { float e = expf(x[i] - shift); sum += e; if (y) y[i] = e * scale; }
    return sum;
}
/* tanh(u) = 1 - 2 / (exp(2u) + 1) */
static ALPHA__AVX2_FN __m256 alpha__tanh8(__m256 u) {
    __m256 e = alpha__exp8(_mm256_add_ps(u, u)), one = _mm256_set1_ps(1.0f);
    return _mm256_sub_ps(one, _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(e, one)));
}
static ALPHA__AVX2_FN int64_t alpha__gelu_avx2(const float *x, const float *g, float *y, int64_t n) {
    const __m256 k0 = _mm256_set1_ps(0.7978845608028654f), k1 = _mm256_set1_ps(0.044715f), half = _mm256_set1_ps(0.5f);
    const __m256 one = _mm256_set1_ps(1.0f), k13 = _mm256_set1_ps(3.0f * 0.044715f);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(x + i), v2 = _mm256_mul_ps(v, v);
        __m256 t = alpha__tanh8(_mm256_mul_ps(k0, _mm256_fmadd_ps(_mm256_mul_ps(k1, v2), v, v)));
        if (!g) {
            _mm256_storeu_ps(y + i, _mm256_mul_ps(_mm256_mul_ps(half, v), _mm256_add_ps(one, t)));
        } else {   /* d/dx: 0.5 (1 + t) + 0.5 x (1 - t^2) k0 (1 + 3 k1 x^2) */
            __m256 d = _mm256_mul_ps(half, _mm256_add_ps(one, t));
            __m256 q = _mm256_mul_ps(_mm256_mul_ps(half, v), _mm256_fnmadd_ps(t, t, one));
            d = _mm256_fmadd_ps(_mm256_mul_ps(q, k0), _mm256_fmadd_ps(k13, v2, one), d);
            _mm256_storeu_ps(y + i, _mm256_mul_ps(d, _mm256_loadu_ps(g + i)));
        }
    }
    return i;
}
#endif
/* sum of exp(x[i] - shift); also y[i] = exp(x[i] - shift) * scale when y is given */
static double alpha__exp_sum(const float *x, float *y, int64_t n, float shift, float scale) {
    double sum = 0;
    int64_t i;
#if ALPHA__GEMM_AVX2
    if (alpha__gemm_have_avx2()) return alpha__exp_sum_avx2(x, y, n, shift, scale);
#endif
    for (i = 0; i < n; i++) { float e = expf(x[i] - shift); sum += e; if (y) y[i] = e * scale; }
    return sum;
}
static float alpha__gelu1(float x);
static float alpha__gelu_grad1(float x);
/* y = gelu(x), or y = g * gelu'(x) when g is given; contiguous */
static void alpha__gelu_rows(const float *x, const float *g, float *y, int64_t n) {
    int64_t i = 0;
#if ALPHA__GEMM_AVX2
    if (alpha__gemm_have_avx2()) i = alpha__gelu_avx2(x, g, y, n);
#endif
    for (; i < n; i++) y[i] = g ? g[i] * alpha__gelu_grad1(x[i]) : alpha__gelu1(x[i]);
}

/* ---------------------------------------------------------------- f16 / bf16 conversion */
ALPHA_API uint16_t alpha_f32_to_f16(float f) {
    uint32_t x, sign, exp, mant;
    memcpy(&x, &f, 4);
    sign = (x >> 16) & 0x8000u;
    exp = (x >> 23) & 0xFFu;
    mant = x & 0x7FFFFFu;
    if (exp == 0xFF) return (uint16_t)(sign | 0x7C00u | (mant ? 0x200u | (mant >> 13) : 0)); /* inf / nan */
    {
        int e = (int)exp - 127 + 15;
        if (e >= 31) return (uint16_t)(sign | 0x7C00u);                       /* overflow -> inf */
        if (e <= 0) {                                                          /* subnormal or zero */
            uint32_t m, shift, half, rest, r;
            if (e < -10) return (uint16_t)sign;
            m = mant | 0x800000u;
            shift = (uint32_t)(14 - e);
            r = m >> shift;
            rest = m & ((1u << shift) - 1u);
            half = 1u << (shift - 1u);
            if (rest > half || (rest == half && (r & 1u))) r++;
            return (uint16_t)(sign | r);
        } else {
            uint32_t r = ((uint32_t)e << 10) | (mant >> 13);
            uint32_t rest = mant & 0x1FFFu;
            if (rest > 0x1000u || (rest == 0x1000u && (r & 1u))) r++;        /* may carry into inf: correct */
            return (uint16_t)(sign | r);
        }
    }
}

ALPHA_API float alpha_f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16, exp = (h >> 10) & 0x1Fu, mant = h & 0x3FFu, x;
    float f;
    if (exp == 0x1F) x = sign | 0x7F800000u | (mant << 13);
    else if (exp != 0) x = sign | ((exp + 112u) << 23) | (mant << 13);
    else if (mant == 0) x = sign;
    else {                                                                     /* subnormal: normalize */
        int e = -1;
        do { e++; mant <<= 1; } while (!(mant & 0x400u));
        x = sign | ((uint32_t)(112 - e) << 23) | ((mant & 0x3FFu) << 13);
    }
    memcpy(&f, &x, 4);
    return f;
}

ALPHA_API uint16_t alpha_f32_to_bf16(float f) {
    uint32_t x;
    memcpy(&x, &f, 4);
    if ((x & 0x7F800000u) == 0x7F800000u && (x & 0x7FFFFFu)) return (uint16_t)((x >> 16) | 0x40u); /* quiet nan */
    x += 0x7FFFu + ((x >> 16) & 1u);
    return (uint16_t)(x >> 16);
}

ALPHA_API float alpha_bf16_to_f32(uint16_t h) {
    uint32_t x = (uint32_t)h << 16;
    float f;
    memcpy(&f, &x, 4);
    return f;
}

static int32_t alpha__f32_to_i32(double v) {
    if (v != v) return 0;
    if (v >= 2147483647.0) return INT32_MAX;
    if (v <= -2147483648.0) return INT32_MIN;
    return (int32_t)v;
}

/* element e of raw storage p (dtype dt) as double / store double */
static double alpha__load(const void *p, alpha_dtype dt, int64_t e) {
    switch (dt) {
    case ALPHA_F32: return ((const float *)p)[e];
    case ALPHA_F16: return alpha_f16_to_f32(((const uint16_t *)p)[e]);
    case ALPHA_BF16: return alpha_bf16_to_f32(((const uint16_t *)p)[e]);
    case ALPHA_I32: return ((const int32_t *)p)[e];
    }
    return 0;
}
static void alpha__store(void *p, alpha_dtype dt, int64_t e, double v) {
    switch (dt) {
    case ALPHA_F32: ((float *)p)[e] = (float)v; break;
    case ALPHA_F16: ((uint16_t *)p)[e] = alpha_f32_to_f16((float)v); break;
    case ALPHA_BF16: ((uint16_t *)p)[e] = alpha_f32_to_bf16((float)v); break;
    case ALPHA_I32: ((int32_t *)p)[e] = alpha__f32_to_i32(v); break;
    }
}

/* ---------------------------------------------------------------- Philox-4x32-10 */
static void alpha__philox4(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]) {
    uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3], k0 = key[0], k1 = key[1];
    int r;
    for (r = 0; r < 10; r++) {
        uint64_t p0 = (uint64_t)0xD2511F53u * c0, p1 = (uint64_t)0xCD9E8D57u * c2;
        uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0, n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
        c1 = (uint32_t)p1; c3 = (uint32_t)p0; c0 = n0; c2 = n2;
        k0 += 0x9E3779B9u; k1 += 0xBB67AE85u;
    }
    out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}
/* counter = (low word, high word, 0, 0), key = (low word, high word) of the seed */
static void alpha__philox(uint64_t seed, uint64_t counter, uint32_t out[4]) {
    uint32_t c[4], k[2];
    c[0] = (uint32_t)counter; c[1] = (uint32_t)(counter >> 32); c[2] = 0; c[3] = 0;
    k[0] = (uint32_t)seed; k[1] = (uint32_t)(seed >> 32);
    alpha__philox4(c, k, out);
}
static float alpha__rng_uniform(uint64_t seed, uint64_t i) {
    uint32_t w[4];
    alpha__philox(seed, i, w);
    return (float)((w[0] >> 8) * (1.0 / 16777216.0));
}
static float alpha__rng_normal(uint64_t seed, uint64_t i) {
    uint32_t w[4];
    double u1, u2;
    alpha__philox(seed, i, w);
    u1 = ((w[0] >> 8) + 1) * (1.0 / 16777216.0);
    u2 = (w[1] >> 8) * (1.0 / 16777216.0);
    return (float)(sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2));
}

/* ---------------------------------------------------------------- context and arena */
typedef struct alpha__chunk { void *raw; unsigned char *base; size_t size; } alpha__chunk;

struct alpha_ctx {
    alpha_allocator allocator;
    alpha_logger logger;
    alpha__pool *pool;
    int n_threads;
    /* arena: chunks[0..n_chunks), allocation happens in chunks[cur] at offset used */
    alpha__chunk *chunks;
    size_t n_chunks, cap_chunks, cur, used, chunk_bytes;
    /* tape */
    alpha_node *tape;
    size_t tape_len, tape_cap;
    int grad_enabled;
    alpha_rng_state rng;
    /* devices: backends[0] is unused (the CPU) */
    alpha_backend backends[ALPHA_MAX_DEVICES];
    int n_devices, device;
    int capturing;             /* the device whose ops are being captured; 0 = none */
    uint64_t dispatches[ALPHA_MAX_DEVICES];
    alpha_result status;
    char error[512];
};

ALPHA_API alpha_result alpha_ctx_create(alpha_ctx **out, const alpha_ctx_desc *desc) {
    alpha_ctx_desc d;
    alpha_ctx *ctx;
    if (!out) return ALPHA_ERR_INVALID;
    *out = NULL;
    memset(&d, 0, sizeof d);
    if (desc) d = *desc;
    if ((d.allocator.alloc == NULL) != (d.allocator.free == NULL)) return ALPHA_ERR_INVALID;
    ctx = (alpha_ctx *)alpha__sys_alloc(&d.allocator, sizeof *ctx);
    if (!ctx) return ALPHA_ERR_OOM;
    memset(ctx, 0, sizeof *ctx);
    ctx->allocator = d.allocator;
    ctx->logger = d.logger;
    if (!ctx->logger.func) ctx->logger.func = alpha__default_log;

    ctx->chunk_bytes = d.arena_chunk_bytes ? d.arena_chunk_bytes : ((size_t)64 << 20);
    ctx->rng.seed = d.seed;
    ctx->grad_enabled = 1;
    ctx->n_devices = 1;
    ctx->pool = alpha__pool_create(d.n_threads, &ctx->allocator);
    if (!ctx->pool) { alpha__sys_free(&ctx->allocator, ctx); return ALPHA_ERR_OOM; }
    ctx->n_threads = alpha__pool_size(ctx->pool);
    *out = ctx;
    return ALPHA_OK;
}

ALPHA_API void alpha_ctx_destroy(alpha_ctx *ctx) {
    size_t i;
    if (!ctx) return;
    for (i = 1; i < (size_t)ctx->n_devices; i++) if (ctx->backends[i].destroy) ctx->backends[i].destroy(ctx->backends[i].user);
    alpha__pool_destroy(ctx->pool);
    for (i = 0; i < ctx->n_chunks; i++) alpha__sys_free(&ctx->allocator, ctx->chunks[i].raw);
    alpha__sys_free(&ctx->allocator, ctx->chunks);
    alpha__sys_free(&ctx->allocator, ctx->tape);
    alpha__sys_free(&ctx->allocator, ctx);
}

ALPHA_API alpha_result alpha_ctx_status(const alpha_ctx *ctx) { return ctx ? ctx->status : ALPHA_ERR_INVALID; }
ALPHA_API const char *alpha_ctx_last_error(const alpha_ctx *ctx) { return ctx ? ctx->error : "no context"; }
ALPHA_API void alpha_ctx_clear_error(alpha_ctx *ctx) { if (ctx) { ctx->status = ALPHA_OK; ctx->error[0] = 0; } }
ALPHA_API int alpha_ctx_threads(const alpha_ctx *ctx) { return ctx ? ctx->n_threads : 0; }
ALPHA_API void alpha_ctx_run_tasks(alpha_ctx *ctx, int n_tasks, void (*fn)(void *user, int task, int n_tasks), void *user) {
    if (!ctx || !fn || n_tasks <= 0) return;
    alpha__pool_run(ctx->pool, fn, user, n_tasks);
}
ALPHA_API alpha_rng_state alpha_ctx_rng(const alpha_ctx *ctx) { return ctx->rng; }
ALPHA_API void alpha_ctx_set_rng(alpha_ctx *ctx, alpha_rng_state s) { ctx->rng = s; }
ALPHA_API int alpha_ctx_set_grad_enabled(alpha_ctx *ctx, int enabled) {
    int old = ctx->grad_enabled;
    ctx->grad_enabled = enabled != 0;
    return old;
}
ALPHA_API int alpha_ctx_grad_enabled(const alpha_ctx *ctx) { return ctx ? ctx->grad_enabled : 0; }

static void alpha__vlog(alpha_ctx *ctx, alpha_log_level level, const char *fmt, va_list ap) {
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    ctx->logger.func(ctx->logger.user_data, level, buf);
}
ALPHA_API void alpha_ctx_log(alpha_ctx *ctx, alpha_log_level level, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    alpha__vlog(ctx, level, fmt, ap);
    va_end(ap);
}
static void alpha__verror(alpha_ctx *ctx, alpha_result r, const char *fmt, va_list ap) {
    vsnprintf(ctx->error, sizeof ctx->error, fmt, ap);
    if (ctx->status == ALPHA_OK) ctx->status = r;
    ctx->logger.func(ctx->logger.user_data, ALPHA_LOG_ERROR, ctx->error);
}
ALPHA_API void alpha_ctx_error(alpha_ctx *ctx, alpha_result r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    alpha__verror(ctx, r, fmt, ap);
    va_end(ap);
}
/* Reports a bad-input error and returns NULL, so ops can `return alpha__fail(...)`. */
static alpha_tensor *alpha__fail(alpha_ctx *ctx, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    alpha__verror(ctx, ALPHA_ERR_INVALID, fmt, ap);
    va_end(ap);
    return NULL;
}

ALPHA_API alpha_mark alpha_ctx_mark(const alpha_ctx *ctx) {
    alpha_mark m;
    int d;
    memset(&m, 0, sizeof m);
    m.chunk = ctx->cur; m.used = ctx->used; m.tape_len = ctx->tape_len;
    for (d = 1; d < ctx->n_devices; d++) m.device_top[d] = ctx->backends[d].mark(ctx->backends[d].user);
    return m;
}
ALPHA_API void alpha_ctx_reset(alpha_ctx *ctx, alpha_mark m) {
    int d;
    if (m.chunk > ctx->cur || (m.chunk == ctx->cur && m.used > ctx->used)) return; /* not below the top */
    ctx->cur = m.chunk; ctx->used = m.used;
    if (m.tape_len < ctx->tape_len) ctx->tape_len = m.tape_len;
    for (d = 1; d < ctx->n_devices; d++) ctx->backends[d].reset(ctx->backends[d].user, m.device_top[d]);
}

ALPHA_API alpha_result alpha_ctx_add_device(alpha_ctx *ctx, const alpha_backend *b, int *out_device) {
    int n_capture_fns;
    if (!ctx || !b || !b->alloc || !b->mark || !b->reset || !b->upload || !b->download || !b->exec) return ALPHA_ERR_INVALID;
    n_capture_fns = !!b->capture_begin + !!b->capture_end + !!b->replay + !!b->graph_free;
    if (n_capture_fns != 0 && n_capture_fns != 4) return ALPHA_ERR_INVALID;
    if (ctx->n_devices >= ALPHA_MAX_DEVICES) {
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_ctx_add_device: at most %d devices", ALPHA_MAX_DEVICES - 1);
        return ALPHA_ERR_INVALID;
    }
    ctx->backends[ctx->n_devices] = *b;
    if (out_device) *out_device = ctx->n_devices;
    ctx->n_devices++;
    return ALPHA_OK;
}
ALPHA_API alpha_result alpha_ctx_set_device(alpha_ctx *ctx, int device) {
    if (!ctx) return ALPHA_ERR_INVALID;
    if (device < 0 || device >= ctx->n_devices) {
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_ctx_set_device: no device %d (%d known)", device, ctx->n_devices);
        return ALPHA_ERR_INVALID;
    }
    ctx->device = device;
    return ALPHA_OK;
}
ALPHA_API int alpha_ctx_device(const alpha_ctx *ctx) { return ctx ? ctx->device : 0; }
ALPHA_API const char *alpha_ctx_device_name(const alpha_ctx *ctx, int device) {
    if (!ctx || device < 0 || device >= ctx->n_devices) return "?";
    return device == 0 ? "cpu" : ctx->backends[device].name ? ctx->backends[device].name : "device";
}
ALPHA_API uint64_t alpha_ctx_dispatches(const alpha_ctx *ctx, int device) {
    return ctx && device >= 0 && device < ALPHA_MAX_DEVICES ? ctx->dispatches[device] : 0;
}

struct alpha_graph { int device; void *handle; };
ALPHA_API alpha_result alpha_capture_begin(alpha_ctx *ctx, int device) {
    alpha_backend *b;
    alpha_result r;
    if (!ctx) return ALPHA_ERR_INVALID;
    if (ctx->capturing) {
        alpha_ctx_error(ctx, ALPHA_ERR_STATE, "alpha_capture_begin: device %d is already being captured", ctx->capturing);
        return ALPHA_ERR_STATE;
    }
    if (device < 1 || device >= ctx->n_devices) {
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_capture_begin: no device %d (%d known; the CPU, 0, has no capture)", device, ctx->n_devices);
        return ALPHA_ERR_INVALID;
    }
    b = &ctx->backends[device];
    if (!b->capture_begin) return ALPHA_ERR_UNSUPPORTED;   /* not an error state: callers fall back to running ops */
    r = b->capture_begin(b->user);
    if (r != ALPHA_OK) { alpha_ctx_error(ctx, r, "alpha_capture_begin: device %s failed", alpha_ctx_device_name(ctx, device)); return r; }
    ctx->capturing = device;
    return ALPHA_OK;
}
ALPHA_API alpha_result alpha_capture_end(alpha_ctx *ctx, alpha_graph **out) {
    alpha_backend *b;
    alpha_graph *g;
    void *handle = NULL;
    alpha_result r;
    int dev;
    if (!ctx || !out) return ALPHA_ERR_INVALID;
    *out = NULL;
    if (!(dev = ctx->capturing)) {
        alpha_ctx_error(ctx, ALPHA_ERR_STATE, "alpha_capture_end: no capture in progress");
        return ALPHA_ERR_STATE;
    }
    ctx->capturing = 0;
    b = &ctx->backends[dev];
    r = b->capture_end(b->user, &handle);
    if (r == ALPHA_OK && ctx->status != ALPHA_OK) r = ctx->status;   /* an op failed while recording */
    g = r == ALPHA_OK ? (alpha_graph *)alpha__sys_alloc(&ctx->allocator, sizeof *g) : NULL;
    if (!g) {
        if (handle) b->graph_free(b->user, handle);
        if (r == ALPHA_OK) r = ALPHA_ERR_OOM;
        if (ctx->status == ALPHA_OK) alpha_ctx_error(ctx, r, "alpha_capture_end: device %s failed", alpha_ctx_device_name(ctx, dev));
        return r;
    }
    g->device = dev; g->handle = handle;
    r = alpha_graph_replay(ctx, g);   /* the captured work runs once now, as if it had not been captured */
    if (r != ALPHA_OK) { alpha_graph_destroy(ctx, g); return r; }
    *out = g;
    return ALPHA_OK;
}
ALPHA_API alpha_result alpha_graph_replay(alpha_ctx *ctx, alpha_graph *g) {
    alpha_backend *b;
    alpha_result r;
    if (!ctx || !g) return ALPHA_ERR_INVALID;
    if (ctx->capturing) {
        alpha_ctx_error(ctx, ALPHA_ERR_STATE, "alpha_graph_replay: not while capturing");
        return ALPHA_ERR_STATE;
    }
    b = &ctx->backends[g->device];
    r = b->replay(b->user, g->handle);
    if (r != ALPHA_OK) alpha_ctx_error(ctx, r, "alpha_graph_replay: device %s failed", alpha_ctx_device_name(ctx, g->device));
    return r;
}
ALPHA_API void alpha_graph_destroy(alpha_ctx *ctx, alpha_graph *g) {
    if (!ctx || !g) return;
    ctx->backends[g->device].graph_free(ctx->backends[g->device].user, g->handle);
    alpha__sys_free(&ctx->allocator, g);
}
/* Host transfers are sync points, so they cannot be part of a captured step. */
static int alpha__capture_blocks(alpha_ctx *ctx, int device, const char *what) {
    if (!ctx->capturing || ctx->capturing != device) return 0;
    alpha_ctx_error(ctx, ALPHA_ERR_STATE, "%s: device %s is being captured; host reads and writes come before "
                    "alpha_capture_begin or after alpha_capture_end", what, alpha_ctx_device_name(ctx, device));
    return 1;
}
ALPHA_API size_t alpha_ctx_arena_bytes(const alpha_ctx *ctx) {
    size_t i, n = 0;
    for (i = 0; i < ctx->n_chunks; i++) n += ctx->chunks[i].size;
    return n;
}

#define ALPHA__ALIGN 64
ALPHA_API void *alpha_ctx_alloc(alpha_ctx *ctx, size_t nbytes) {
    size_t need = (nbytes + ALPHA__ALIGN - 1) & ~(size_t)(ALPHA__ALIGN - 1);
    if (need == 0) need = ALPHA__ALIGN;
    for (;;) {
        if (ctx->cur < ctx->n_chunks) {
            alpha__chunk *c = &ctx->chunks[ctx->cur];
            if (ctx->used + need <= c->size) {
                void *p = c->base + ctx->used;
                ctx->used += need;
                return p;
            }
            if (ctx->cur + 1 < ctx->n_chunks && ctx->chunks[ctx->cur + 1].size >= need) {
                ctx->cur++; ctx->used = 0; continue;
            }
        }
        /* a new chunk, inserted right after the current one (so marks stay ordered) */
        {
            size_t size = need > ctx->chunk_bytes ? need : ctx->chunk_bytes, at;
            void *raw;
            if (ctx->n_chunks == ctx->cap_chunks) {
                size_t cap = ctx->cap_chunks ? ctx->cap_chunks * 2 : 16;
                alpha__chunk *nc = (alpha__chunk *)alpha__sys_alloc(&ctx->allocator, cap * sizeof *nc);
                if (!nc) break;
                if (ctx->n_chunks) memcpy(nc, ctx->chunks, ctx->n_chunks * sizeof *nc);
                alpha__sys_free(&ctx->allocator, ctx->chunks);
                ctx->chunks = nc; ctx->cap_chunks = cap;
            }
            raw = alpha__sys_alloc(&ctx->allocator, size + ALPHA__ALIGN);
            if (!raw) break;
            at = ctx->n_chunks ? ctx->cur + 1 : 0;
            if (at > ctx->n_chunks) at = ctx->n_chunks;
            memmove(ctx->chunks + at + 1, ctx->chunks + at, (ctx->n_chunks - at) * sizeof *ctx->chunks);
            ctx->chunks[at].raw = raw;
            ctx->chunks[at].base = (unsigned char *)raw + (ALPHA__ALIGN - (uintptr_t)raw % ALPHA__ALIGN) % ALPHA__ALIGN;
            ctx->chunks[at].size = size;
            ctx->n_chunks++;
            ctx->cur = at; ctx->used = 0;
        }
    }
    alpha_ctx_error(ctx, ALPHA_ERR_OOM, "alpha: out of memory allocating %.0f bytes", (double)nbytes);
    return NULL;
}

/* ---------------------------------------------------------------- shapes, tensors, info */
ALPHA_API alpha_shape alpha_shape_n(int ndim, const int64_t *dims) {
    alpha_shape s;
    int i;
    memset(&s, 0, sizeof s);
    s.ndim = ndim < 0 ? 0 : ndim > ALPHA_MAX_DIMS ? ALPHA_MAX_DIMS + 1 : ndim; /* too many: caught by users */
    for (i = 0; i < ndim && i < ALPHA_MAX_DIMS; i++) s.d[i] = dims[i];
    return s;
}
ALPHA_API alpha_shape alpha_shape1(int64_t d0) { return alpha_shape_n(1, &d0); }
ALPHA_API alpha_shape alpha_shape2(int64_t d0, int64_t d1) { int64_t d[2]; d[0] = d0; d[1] = d1; return alpha_shape_n(2, d); }
ALPHA_API alpha_shape alpha_shape3(int64_t d0, int64_t d1, int64_t d2) {
    int64_t d[3]; d[0] = d0; d[1] = d1; d[2] = d2; return alpha_shape_n(3, d);
}
ALPHA_API alpha_shape alpha_shape4(int64_t d0, int64_t d1, int64_t d2, int64_t d3) {
    int64_t d[4]; d[0] = d0; d[1] = d1; d[2] = d2; d[3] = d3; return alpha_shape_n(4, d);
}
ALPHA_API alpha_shape alpha_tensor_shape(const alpha_tensor *t) { return alpha_shape_n(t->ndim, t->shape); }
static int64_t alpha__numel(const int64_t *shape, int ndim) {
    int64_t n = 1;
    int i;
    for (i = 0; i < ndim; i++) n *= shape[i];
    return n;
}
ALPHA_API int64_t alpha_tensor_numel(const alpha_tensor *t) { return t ? alpha__numel(t->shape, t->ndim) : 0; }
ALPHA_API size_t alpha_dtype_size(alpha_dtype dt) { return dt == ALPHA_F16 || dt == ALPHA_BF16 ? 2 : 4; }
ALPHA_API const char *alpha_dtype_name(alpha_dtype dt) {
    switch (dt) { case ALPHA_F32: return "f32"; case ALPHA_F16: return "f16"; case ALPHA_BF16: return "bf16"; case ALPHA_I32: return "i32"; }
    return "?";
}
static void alpha__contig_strides(const int64_t *shape, int ndim, int64_t *strides) {
    int64_t s = 1;
    int i;
    for (i = ndim - 1; i >= 0; i--) { strides[i] = s; s *= shape[i]; }
}
ALPHA_API int alpha_tensor_is_contiguous(const alpha_tensor *t) {
    int64_t s = 1;
    int i;
    for (i = t->ndim - 1; i >= 0; i--) {
        if (t->shape[i] != 1 && t->strides[i] != s) return 0;
        s *= t->shape[i];
    }
    return 1;
}
static const char *alpha__shape_str(const int64_t *shape, int ndim, char *buf, size_t size) {
    size_t n = 0;
    int i;
    buf[0] = 0;
    n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "[");
    for (i = 0; i < ndim; i++)
        n += (size_t)snprintf(buf + n, n < size ? size - n : 0, i ? ",%lld" : "%lld", (long long)shape[i]);
    if (n < size) snprintf(buf + n, size - n, "]");
    return buf;
}
ALPHA_API const char *alpha_tensor_describe(const alpha_tensor *t, char *buf, size_t size) {
    char sh[160];
    if (!t) { snprintf(buf, size, "(null)"); return buf; }
    snprintf(buf, size, "%s%s", alpha_dtype_name(t->dtype), alpha__shape_str(t->shape, t->ndim, sh, sizeof sh));
    return buf;
}
ALPHA_API void *alpha_tensor_data(const alpha_tensor *t) {
    if (!t || !t->storage || t->storage->device != 0) return NULL;
    return (unsigned char *)t->storage->data + (size_t)t->offset * alpha_dtype_size(t->dtype);
}
/* Short names for messages: D(t) formats into a rotating set of buffers. */
typedef struct alpha__descbuf { char b[4][96]; int i; } alpha__descbuf;
static const char *alpha__d(alpha__descbuf *db, const alpha_tensor *t) {
    char *b = db->b[db->i++ & 3];
    return alpha_tensor_describe(t, b, 96);
}

static int alpha__check_shape(alpha_ctx *ctx, const char *op, alpha_shape s) {
    int i;
    if (s.ndim < 0 || s.ndim > ALPHA_MAX_DIMS) {
        alpha__fail(ctx, "%s: %d dims (at most %d)", op, s.ndim, ALPHA_MAX_DIMS);
        return 0;
    }
    for (i = 0; i < s.ndim; i++) if (s.d[i] < 0) {
        char b[160];
        alpha__fail(ctx, "%s: negative size in shape %s", op, alpha__shape_str(s.d, s.ndim, b, sizeof b));
        return 0;
    }
    return 1;
}

/* A view header sharing `base`'s storage (shape/strides filled by the caller). */
static alpha_tensor *alpha__view_of(alpha_ctx *ctx, const alpha_tensor *base) {
    alpha_tensor *t = (alpha_tensor *)alpha_ctx_alloc(ctx, sizeof *t);
    if (!t) return NULL;
    memset(t, 0, sizeof *t);
    t->dtype = base->dtype;
    t->storage = base->storage;
    t->offset = base->offset;
    return t;
}

/* A fresh contiguous tensor with its own storage on device dev; alpha__new puts it on the device
   of `like` (NULL: the context's current device). */
static alpha_tensor *alpha__new_on(alpha_ctx *ctx, int dev, alpha_dtype dt, int ndim, const int64_t *shape) {
    alpha_tensor *t;
    alpha_storage *st;
    int64_t n = alpha__numel(shape, ndim);
    size_t bytes = (size_t)n * alpha_dtype_size(dt);
    t = (alpha_tensor *)alpha_ctx_alloc(ctx, sizeof *t + sizeof *st);
    if (!t) return NULL;
    memset(t, 0, sizeof *t + sizeof *st);
    st = (alpha_storage *)(t + 1);
    st->device = dev;
    if (dev == 0) st->data = alpha_ctx_alloc(ctx, bytes);
    else if (ctx->backends[dev].alloc(ctx->backends[dev].user, bytes ? bytes : 4, &st->data) != ALPHA_OK) st->data = NULL;
    if (!st->data) {
        if (dev != 0) alpha_ctx_error(ctx, ALPHA_ERR_OOM, "alpha: %s is out of memory allocating %.0f bytes", alpha_ctx_device_name(ctx, dev), (double)bytes);
        return NULL;
    }
    st->nbytes = bytes;
    t->storage = st;
    t->dtype = dt;
    t->ndim = ndim;
    if (ndim > 0) memcpy(t->shape, shape, (size_t)ndim * sizeof *shape);
    alpha__contig_strides(shape, ndim, t->strides);
    return t;
}
static alpha_tensor *alpha__new(alpha_ctx *ctx, const alpha_tensor *like, alpha_dtype dt, int ndim, const int64_t *shape) {
    return alpha__new_on(ctx, like ? like->storage->device : ctx->device, dt, ndim, shape);
}
static alpha_tensor *alpha__new_like(alpha_ctx *ctx, const alpha_tensor *x, alpha_dtype dt) {
    return alpha__new(ctx, x, dt, x->ndim, x->shape);
}

ALPHA_API alpha_tensor *alpha_empty(alpha_ctx *ctx, alpha_dtype dt, alpha_shape s) {
    if (!ctx || !alpha__check_shape(ctx, "alpha_empty", s)) return NULL;
    if ((unsigned)dt > ALPHA_I32) return alpha__fail(ctx, "alpha_empty: unknown dtype %d", (int)dt);
    return alpha__new(ctx, NULL, dt, s.ndim, s.d);
}

/* Index arithmetic: element offset (into storage) of flat row-major index `flat` of t. */
static int64_t alpha__offset_of(const alpha_tensor *t, int64_t flat) {
    int64_t off = t->offset;
    int i;
    for (i = t->ndim - 1; i >= 0; i--) {
        int64_t n = t->shape[i];
        if (n > 0) { off += (flat % n) * t->strides[i]; flat /= n; }
    }
    return off;
}

/* ---------------------------------------------------------------- parallel for */
typedef void (*alpha__range_fn)(void *arg, int64_t lo, int64_t hi);
typedef struct alpha__par { alpha__range_fn fn; void *arg; int64_t n; } alpha__par;
static void alpha__par_task(void *arg, int task, int n_tasks) {
    alpha__par *p = (alpha__par *)arg;
    int64_t lo = p->n * task / n_tasks, hi = p->n * (task + 1) / n_tasks;
    if (lo < hi) p->fn(p->arg, lo, hi);
}
/* Runs fn over [0, n) in contiguous ranges, at least `grain` items per range. */
static void alpha__parallel(alpha_ctx *ctx, int64_t n, int64_t grain, alpha__range_fn fn, void *arg) {
    int64_t tasks = grain > 0 ? n / grain : n;
    alpha__par p;
    if (tasks > ctx->n_threads) tasks = ctx->n_threads;
    if (tasks <= 1) { if (n > 0) fn(arg, 0, n); return; }
    p.fn = fn; p.arg = arg; p.n = n;
    alpha__pool_run(ctx->pool, alpha__par_task, &p, (int)tasks);
}

/* ---------------------------------------------------------------- CPU: strided elementwise driver */
/* Up to 4 operands (operand 0 is the output) over one shape; dims of size 1 dropped and
   neighbouring dims merged where every operand allows, so most loops end up 1-D. */
#define ALPHA__EW_MAX 4
typedef struct alpha__ew {
    int ndim, nops;
    int64_t shape[ALPHA_MAX_DIMS];
    int64_t st[ALPHA__EW_MAX][ALPHA_MAX_DIMS];
    float *p[ALPHA__EW_MAX];
    const int32_t *cond_i32;     /* where: condition stored as i32 (operand 1) */
    alpha_op op;
    float f0, f1;
} alpha__ew;

static void alpha__ew_setup(alpha__ew *e, const alpha_tensor *out, const alpha_tensor *const *in, int n_in) {
    int i, k, nd = out->ndim, m = 0;
    int64_t shape[ALPHA_MAX_DIMS], st[ALPHA__EW_MAX][ALPHA_MAX_DIMS];
    memset(e, 0, sizeof *e);
    e->nops = n_in + 1;
    for (i = 0; i < nd; i++) {
        shape[i] = out->shape[i];
        st[0][i] = out->strides[i];
        for (k = 0; k < n_in; k++) {
            const alpha_tensor *t = in[k];
            int j = i - (nd - t->ndim);
            st[k + 1][i] = (j < 0 || t->shape[j] == 1) ? 0 : t->strides[j];
        }
    }
    for (k = 0; k <= n_in; k++) {
        const alpha_tensor *t = k ? in[k - 1] : out;
        e->p[k] = (float *)t->storage->data + t->offset;
    }
    /* drop size-1 dims, merge mergeable neighbours */
    for (i = 0; i < nd; i++) {
        if (shape[i] == 1) continue;
        if (m > 0) {
            int ok = 1;
            for (k = 0; k < e->nops; k++) if (e->st[k][m - 1] != st[k][i] * shape[i]) { ok = 0; break; }
            if (ok) {
                e->shape[m - 1] *= shape[i];
                for (k = 0; k < e->nops; k++) e->st[k][m - 1] = st[k][i];
                continue;
            }
        }
        e->shape[m] = shape[i];
        for (k = 0; k < e->nops; k++) e->st[k][m] = st[k][i];
        m++;
    }
    if (m == 0) { e->shape[0] = 1; for (k = 0; k < e->nops; k++) e->st[k][0] = 1; m = 1; }
    e->ndim = m;
}

static float alpha__gelu1(float x) {
    const float k0 = 0.7978845608028654f, k1 = 0.044715f;
    return 0.5f * x * (1.0f + tanhf(k0 * (x + k1 * x * x * x)));
}
static float alpha__gelu_grad1(float x) {
    const float k0 = 0.7978845608028654f, k1 = 0.044715f;
    float t = tanhf(k0 * (x + k1 * x * x * x));
    return 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * k0 * (1.0f + 3.0f * k1 * x * x);
}
static float alpha__unary1(alpha_op op, float x, float f0, float f1) {
    switch (op) {
    case ALPHA_OP_NEG: return -x;
    case ALPHA_OP_SCALE: return x * f0;
    case ALPHA_OP_ADD_SCALAR: return x + f0;
    case ALPHA_OP_EXP: return expf(x);
    case ALPHA_OP_LOG: return logf(x);
    case ALPHA_OP_SQRT: return sqrtf(x);
    case ALPHA_OP_RSQRT: return 1.0f / sqrtf(x);
    case ALPHA_OP_POW: return powf(x, f0);
    case ALPHA_OP_ABS: return fabsf(x);
    case ALPHA_OP_TANH: return tanhf(x);
    case ALPHA_OP_SIGMOID: return 1.0f / (1.0f + expf(-x));
    case ALPHA_OP_RELU: return x > 0 ? x : 0.0f;
    case ALPHA_OP_GELU: return alpha__gelu1(x);
    case ALPHA_OP_SILU: return x / (1.0f + expf(-x));
    case ALPHA_OP_CLAMP: return x < f0 ? f0 : x > f1 ? f1 : x;
    default: return x; /* COPY */
    }
}
/* inner loop over n elements; s* are element strides */
static void alpha__ew_inner(const alpha__ew *e, int64_t n, float *o, int64_t so, const float *a, int64_t sa,
                            const float *b, int64_t sb, const float *c, int64_t sc) {
    int64_t i;
    switch (e->op) {
#define ALPHA__BIN(OPC, EXPR) \
    case OPC: \
        if (so == 1 && sa == 1 && sb == 1) for (i = 0; i < n; i++) { float x = a[i], y = b[i]; o[i] = (EXPR); } \
        else if (so == 1 && sa == 1 && sb == 0) { float y = b[0]; for (i = 0; i < n; i++) { float x = a[i]; o[i] = (EXPR); } } \
        else for (i = 0; i < n; i++) { float x = a[i * sa], y = b[i * sb]; o[i * so] = (EXPR); } \
        break;
    ALPHA__BIN(ALPHA_OP_ADD, x + y)
    ALPHA__BIN(ALPHA_OP_SUB, x - y)
    ALPHA__BIN(ALPHA_OP_MUL, x * y)
    ALPHA__BIN(ALPHA_OP_DIV, x / y)
    ALPHA__BIN(ALPHA_OP_EQUAL, x == y ? 1.0f : 0.0f)
#undef ALPHA__BIN
    case ALPHA_OP_WHERE:
        if (e->cond_i32) {
            const int32_t *ci = e->cond_i32 + (a - e->p[1]);
            for (i = 0; i < n; i++) o[i * so] = ci[i * sa] ? b[i * sb] : c[i * sc];
        } else {
            for (i = 0; i < n; i++) o[i * so] = a[i * sa] != 0.0f ? b[i * sb] : c[i * sc];
        }
        break;
    default: {
        alpha_op op = e->op;
        float f0 = e->f0, f1 = e->f1;
        if (so == 1 && sa == 1) {
            switch (op) {  /* the hot ones get their own loops so the compiler vectorizes them */
            case ALPHA_OP_SCALE: for (i = 0; i < n; i++) o[i] = a[i] * f0; return;
            case ALPHA_OP_ADD_SCALAR: for (i = 0; i < n; i++) o[i] = a[i] + f0; return;
            case ALPHA_OP_COPY: for (i = 0; i < n; i++) o[i] = a[i]; return;
            case ALPHA_OP_RELU: for (i = 0; i < n; i++) o[i] = a[i] > 0 ? a[i] : 0.0f; return;
            case ALPHA_OP_GELU: alpha__gelu_rows(a, NULL, o, n); return;
            default: for (i = 0; i < n; i++) o[i] = alpha__unary1(op, a[i], f0, f1); return;
            }
        }
        for (i = 0; i < n; i++) o[i * so] = alpha__unary1(op, a[i * sa], f0, f1);
    }
    }
}

static void alpha__ew_range(void *arg, int64_t lo, int64_t hi) {
    const alpha__ew *e = (const alpha__ew *)arg;
    int nd = e->ndim, last = nd - 1, k, d;
    int64_t inner = e->shape[last], idx[ALPHA_MAX_DIMS], flat = lo / inner, pos = lo % inner;
    const float *ptr[ALPHA__EW_MAX];
    /* multi-index of the row containing lo */
    for (d = last - 1; d >= 0; d--) { idx[d] = flat % e->shape[d]; flat /= e->shape[d]; }
    while (lo < hi) {
        int64_t n = inner - pos;
        if (n > hi - lo) n = hi - lo;
        for (k = 0; k < e->nops; k++) {
            int64_t off = pos * e->st[k][last];
            for (d = 0; d < last; d++) off += idx[d] * e->st[k][d];
            ptr[k] = e->p[k] + off;
        }
        alpha__ew_inner(e, n, (float *)ptr[0], e->st[0][last], ptr[1], e->st[1][last],
                        e->nops > 2 ? ptr[2] : NULL, e->nops > 2 ? e->st[2][last] : 0,
                        e->nops > 3 ? ptr[3] : NULL, e->nops > 3 ? e->st[3][last] : 0);
        lo += n; pos = 0;
        for (d = last - 1; d >= 0; d--) { if (++idx[d] < e->shape[d]) break; idx[d] = 0; }
    }
}

static void alpha__cpu_elementwise(alpha_ctx *ctx, const alpha_node *nd, int n_in) {
    alpha__ew e;
    const alpha_tensor *in[3];
    int k;
    for (k = 0; k < n_in; k++) in[k] = nd->src[k];
    alpha__ew_setup(&e, nd->out, in, n_in);
    e.op = nd->op; e.f0 = nd->f[0]; e.f1 = nd->f[1];
    if (nd->op == ALPHA_OP_WHERE && nd->src[0]->dtype == ALPHA_I32) e.cond_i32 = (const int32_t *)e.p[1];
    alpha__parallel(ctx, alpha_tensor_numel(nd->out), 32768, alpha__ew_range, &e);
}

/* Any dtype to any dtype, any layout (cast, copies of non-f32 tensors): one element at a time. */
typedef struct alpha__cast_arg { const alpha_tensor *x, *y; } alpha__cast_arg;
static void alpha__cast_range(void *arg, int64_t lo, int64_t hi) {
    const alpha__cast_arg *a = (const alpha__cast_arg *)arg;
    int64_t i;
    for (i = lo; i < hi; i++)
        alpha__store(a->y->storage->data, a->y->dtype, alpha__offset_of(a->y, i),
                     alpha__load(a->x->storage->data, a->x->dtype, alpha__offset_of(a->x, i)));
}
static void alpha__cpu_cast(alpha_ctx *ctx, const alpha_tensor *x, const alpha_tensor *y) {
    alpha__cast_arg a;
    a.x = x; a.y = y;
    alpha__parallel(ctx, alpha_tensor_numel(y), 16384, alpha__cast_range, &a);
}

/* ---------------------------------------------------------------- CPU: reductions */
/* out[o] = reduce over the reduced dims of x; x any layout, out contiguous (kept dims). */
typedef struct alpha__red {
    const float *x;
    float *out;
    int32_t *arg;                /* argmax output, or NULL */
    int nk, nr;                  /* kept / reduced dim counts */
    int64_t kshape[ALPHA_MAX_DIMS], kst[ALPHA_MAX_DIMS];
    int64_t rshape[ALPHA_MAX_DIMS], rst[ALPHA_MAX_DIMS];
    int64_t rcount;
    alpha_op op;
} alpha__red;

static void alpha__red_range(void *argp, int64_t lo, int64_t hi) {
    const alpha__red *r = (const alpha__red *)argp;
    int64_t o;
    for (o = lo; o < hi; o++) {
        int64_t base = 0, f = o, ri[ALPHA_MAX_DIMS], j, off, best_j = 0;
        int d;
        double acc;
        float best;
        for (d = r->nk - 1; d >= 0; d--) { base += (f % r->kshape[d]) * r->kst[d]; f /= r->kshape[d]; }
        for (d = 0; d < r->nr; d++) ri[d] = 0;
        off = base;
        acc = 0; best = r->x[base];
        if (r->nr == 1 && (r->op == ALPHA_OP_SUM || r->op == ALPHA_OP_MEAN)) {
            int64_t s = r->rst[0], n = r->rshape[0];
            float a4[4] = {0, 0, 0, 0};
            for (j = 0; j + 4 <= n; j += 4) {
                a4[0] += r->x[base + j * s]; a4[1] += r->x[base + (j + 1) * s];
                a4[2] += r->x[base + (j + 2) * s]; a4[3] += r->x[base + (j + 3) * s];
            }
            acc = (double)(a4[0] + a4[1]) + (double)(a4[2] + a4[3]);
            for (; j < n; j++) acc += r->x[base + j * s];
        } else {
            for (j = 0; j < r->rcount; j++) {
                float v = r->x[off];
                switch (r->op) {
                case ALPHA_OP_SUM: case ALPHA_OP_MEAN: acc += v; break;
                case ALPHA_OP_MAX: case ALPHA_OP_ARGMAX: if (v > best || (v != v && best == best)) { best = v; best_j = j; } break;
                case ALPHA_OP_MIN: if (v < best || (v != v && best == best)) { best = v; best_j = j; } break;
                default: break;
                }
                for (d = r->nr - 1; d >= 0; d--) {
                    off += r->rst[d];
                    if (++ri[d] < r->rshape[d]) break;
                    off -= ri[d] * r->rst[d];
                    ri[d] = 0;
                }
            }
        }
        switch (r->op) {
        case ALPHA_OP_SUM: r->out[o] = (float)acc; break;
        case ALPHA_OP_MEAN: r->out[o] = (float)(acc / (double)r->rcount); break;
        case ALPHA_OP_ARGMAX: r->arg[o] = (int32_t)best_j; break;
        default: r->out[o] = best; break;
        }
    }
}

/* sum over leading dims of a contiguous x into trailing dims: out[c] = sum_r x[r*C + c] */
typedef struct alpha__colsum { const float *x; float *out; int64_t rows, cols; float scale; } alpha__colsum;
static void alpha__colsum_range(void *argp, int64_t lo, int64_t hi) {
    const alpha__colsum *a = (const alpha__colsum *)argp;
    int64_t r, c;
    for (c = lo; c < hi; c++) a->out[c] = 0;
    for (r = 0; r < a->rows; r++) {
        const float *row = a->x + r * a->cols;
        for (c = lo; c < hi; c++) a->out[c] += row[c];
    }
    if (a->scale != 1.0f) for (c = lo; c < hi; c++) a->out[c] *= a->scale;
}

static void alpha__cpu_reduce(alpha_ctx *ctx, const alpha_node *nd) {
    const alpha_tensor *x = nd->src[0];
    unsigned axes = (unsigned)nd->i[0];
    alpha__red r;
    int d, lead = 1, nlead = 0;
    memset(&r, 0, sizeof r);
    r.x = (const float *)x->storage->data + x->offset;
    r.op = nd->op;
    r.rcount = 1;
    for (d = 0; d < x->ndim; d++) {
        if (axes & (1u << d)) {
            if (!lead) lead = -1;
            if (lead == 1) nlead++;
            r.rshape[r.nr] = x->shape[d]; r.rst[r.nr++] = x->strides[d]; r.rcount *= x->shape[d];
        } else {
            if (lead == 1) lead = 0;
            r.kshape[r.nk] = x->shape[d]; r.kst[r.nk++] = x->strides[d];
        }
    }
    if (r.rcount == 0 && (nd->op == ALPHA_OP_SUM || nd->op == ALPHA_OP_MEAN)) {
        int64_t n = alpha_tensor_numel(nd->out), i;
        for (i = 0; i < n; i++) ((float *)nd->out->storage->data)[i] = nd->op == ALPHA_OP_SUM ? 0.0f : NAN;
        return;
    }
    if (nd->op == ALPHA_OP_ARGMAX) r.arg = (int32_t *)nd->out->storage->data;
    else r.out = (float *)nd->out->storage->data;
    /* reduced dims leading, input contiguous: accumulate whole rows (cache friendly) */
    if ((nd->op == ALPHA_OP_SUM || nd->op == ALPHA_OP_MEAN) && lead != -1 && nlead > 0 && r.nk > 0 &&
        alpha_tensor_is_contiguous(x)) {
        alpha__colsum c;
        c.x = r.x; c.out = r.out; c.rows = r.rcount; c.cols = alpha__numel(r.kshape, r.nk);
        c.scale = nd->op == ALPHA_OP_MEAN ? (float)(1.0 / (double)r.rcount) : 1.0f;
        alpha__parallel(ctx, c.cols, 256, alpha__colsum_range, &c);
        return;
    }
    alpha__parallel(ctx, alpha__numel(r.kshape, r.nk), r.rcount >= 4096 ? 1 : 4096 / (r.rcount + 1) + 1,
                    alpha__red_range, &r);
}

/* ---------------------------------------------------------------- CPU: row kernels over an axis */
/* x contiguous seen as [outer, L, inner]; a "row" is L elements with stride inner. */
typedef struct alpha__rows {
    const float *x, *g, *w, *b, *mean, *rstd, *r;   /* r: add_layernorm's residual input */
    float *y, *y2, *y3, *s;                         /* s: add_layernorm's sum output */
    int64_t outer, L, inner;
    float eps;
    alpha_op op;
} alpha__rows;
static void alpha__rows_geom(alpha__rows *r, const alpha_tensor *x, int axis) {
    int d;
    r->outer = 1; r->inner = 1; r->L = x->shape[axis];
    for (d = 0; d < axis; d++) r->outer *= x->shape[d];
    for (d = axis + 1; d < x->ndim; d++) r->inner *= x->shape[d];
}
static void alpha__softmax_range(void *argp, int64_t lo, int64_t hi) {
    const alpha__rows *r = (const alpha__rows *)argp;
    int64_t row, j, L = r->L, s = r->inner;
    for (row = lo; row < hi; row++) {
        int64_t base = (row / s) * L * s + row % s;
        const float *x = r->x + base;
        float *y = r->y + base, mx = -INFINITY;
        double sum = 0;
        for (j = 0; j < L; j++) if (x[j * s] > mx) mx = x[j * s];
        if (r->op == ALPHA_OP_SOFTMAX) {
            float inv;
            if (s == 1) sum = alpha__exp_sum(x, y, L, mx, 1.0f);
            else for (j = 0; j < L; j++) { float e = expf(x[j * s] - mx); y[j * s] = e; sum += e; }
            inv = (float)(1.0 / sum);
            for (j = 0; j < L; j++) y[j * s] *= inv;
        } else if (r->op == ALPHA_OP_LOG_SOFTMAX) {
            float lse;
            if (s == 1) sum = alpha__exp_sum(x, NULL, L, mx, 1.0f);
            else for (j = 0; j < L; j++) sum += expf(x[j * s] - mx);
            lse = mx + (float)log(sum);
            for (j = 0; j < L; j++) y[j * s] = x[j * s] - lse;
        } else { /* backward: x = y (forward output), g = upstream gradient */
            const float *g = r->g + base;
            double dot = 0;
            if (r->op == ALPHA_OP_SOFTMAX_BACKWARD) {
                for (j = 0; j < L; j++) dot += (double)g[j * s] * x[j * s];
                for (j = 0; j < L; j++) y[j * s] = x[j * s] * (g[j * s] - (float)dot);
            } else {
                for (j = 0; j < L; j++) dot += g[j * s];
                for (j = 0; j < L; j++) y[j * s] = g[j * s] - expf(x[j * s]) * (float)dot;
            }
        }
    }
}

static void alpha__layernorm_range(void *argp, int64_t lo, int64_t hi) {
    const alpha__rows *r = (const alpha__rows *)argp;
    int64_t row, j, C = r->L;
    for (row = lo; row < hi; row++) {
        const float *x = r->x + row * C;
        float *y = r->y + row * C, m, rs;
        double sum = 0, var = 0;
        if (r->s) {   /* add_layernorm: normalize s = x + r, written as it is summed */
            const float *res = r->r + row * C;
            float *s = r->s + row * C;
            for (j = 0; j < C; j++) { s[j] = x[j] + res[j]; sum += s[j]; }
            x = s;
        } else {
            for (j = 0; j < C; j++) sum += x[j];
        }
        m = (float)(sum / (double)C);
        for (j = 0; j < C; j++) { double dv = x[j] - m; var += dv * dv; }
        rs = (float)(1.0 / sqrt(var / (double)C + r->eps));
        for (j = 0; j < C; j++) {
            float v = (x[j] - m) * rs;
            if (r->w) v *= r->w[j];
            if (r->b) v += r->b[j];
            y[j] = v;
        }
        r->y2[row] = m; r->y3[row] = rs;
    }
}

/* layernorm backward: gx per row; gw/gb partial sums per task block into y2/y3 scratch */
#define ALPHA__LN_BLOCKS 32
static void alpha__layernorm_bwd_block(void *argp, int64_t blo, int64_t bhi) {
    const alpha__rows *r = (const alpha__rows *)argp;
    int64_t C = r->L, rows = r->outer, blk, row, j;
    for (blk = blo; blk < bhi; blk++) {
        int64_t lo = rows * blk / ALPHA__LN_BLOCKS, hi = rows * (blk + 1) / ALPHA__LN_BLOCKS;
        float *pw = r->y2 ? r->y2 + blk * C : NULL, *pb = r->y3 ? r->y3 + blk * C : NULL;
        if (pw) memset(pw, 0, (size_t)C * sizeof *pw);
        if (pb) memset(pb, 0, (size_t)C * sizeof *pb);
        for (row = lo; row < hi; row++) {
            const float *x = r->x + row * C, *g = r->g + row * C;
            float *gx = r->y + row * C, m = r->mean[row], rs = r->rstd[row];
            double s1 = 0, s2 = 0;
            float a1, a2;
            for (j = 0; j < C; j++) {
                float xh = (x[j] - m) * rs, dxh = g[j] * (r->w ? r->w[j] : 1.0f);
                s1 += dxh; s2 += (double)dxh * xh;
                if (pw) pw[j] += g[j] * xh;
                if (pb) pb[j] += g[j];
            }
            a1 = (float)(s1 / (double)C); a2 = (float)(s2 / (double)C);
            for (j = 0; j < C; j++) {
                float xh = (x[j] - m) * rs, dxh = g[j] * (r->w ? r->w[j] : 1.0f);
                gx[j] = rs * (dxh - a1 - xh * a2);
            }
        }
    }
}

/* ---------------------------------------------------------------- CPU: gather, scatter, loss */
typedef struct alpha__emb { const float *w; const int32_t *idx; const float *g; float *y; int64_t n, C, V; } alpha__emb;
static void alpha__emb_range(void *argp, int64_t lo, int64_t hi) {
    const alpha__emb *a = (const alpha__emb *)argp;
    int64_t i;
    for (i = lo; i < hi; i++) memcpy(a->y + i * a->C, a->w + (int64_t)a->idx[i] * a->C, (size_t)a->C * sizeof(float));
}
/* backward: each task owns a column range of the [V, C] gradient: no races, fixed order */
static void alpha__emb_bwd_range(void *argp, int64_t lo, int64_t hi) {
    const alpha__emb *a = (const alpha__emb *)argp;
    int64_t v, i, c;
    for (v = 0; v < a->V; v++) memset(a->y + v * a->C + lo, 0, (size_t)(hi - lo) * sizeof(float));
    for (i = 0; i < a->n; i++) {
        float *dst = a->y + (int64_t)a->idx[i] * a->C;
        const float *src = a->g + i * a->C;
        for (c = lo; c < hi; c++) dst[c] += src[c];
    }
}

typedef struct alpha__ce {
    const float *logits, *lse_in;   /* lse_in: the forward's per-row log-sum-exp, for the backward */
    const int32_t *tgt;
    float *rowloss, *g, *lse_out;
    int64_t N, V;
    int ignore;
    float scale;
} alpha__ce;
static void alpha__ce_range(void *argp, int64_t lo, int64_t hi) {
    const alpha__ce *a = (const alpha__ce *)argp;
    int64_t n, j, V = a->V;
    for (n = lo; n < hi; n++) {
        const float *x = a->logits + n * V;
        int32_t t = a->tgt[n];
        float mx = -INFINITY, lse;
        double sum = 0;
        if (t == a->ignore) {
            if (a->g) memset(a->g + n * V, 0, (size_t)V * sizeof(float));
            else a->rowloss[n] = 0;
            continue;
        }
        if (a->lse_in) {
            lse = a->lse_in[n];
        } else {
            for (j = 0; j < V; j++) if (x[j] > mx) mx = x[j];
            sum = alpha__exp_sum(x, NULL, V, mx, 1.0f);
            lse = mx + (float)log(sum);
        }
        if (a->g) {
            float *g = a->g + n * V, sc = a->scale;
            alpha__exp_sum(x, g, V, lse, sc);
            g[t] -= sc;
        } else {
            a->rowloss[n] = lse - x[t];
            if (a->lse_out) a->lse_out[n] = lse;
        }
    }
}

typedef struct alpha__topk { const float *x; float *vals; int32_t *idx; int64_t rows, L; int k; } alpha__topk;
static void alpha__topk_range(void *argp, int64_t lo, int64_t hi) {
    const alpha__topk *a = (const alpha__topk *)argp;
    int64_t r, j;
    for (r = lo; r < hi; r++) {
        const float *x = a->x + r * a->L;
        float *v = a->vals + r * a->k;
        int32_t *ix = a->idx + r * a->k;
        int cnt = 0, p;
        for (j = 0; j < a->L; j++) {
            float xv = x[j];
            if (cnt == a->k && !(xv > v[cnt - 1])) continue;
            p = cnt < a->k ? cnt++ : cnt - 1;
            while (p > 0 && xv > v[p - 1]) { v[p] = v[p - 1]; ix[p] = ix[p - 1]; p--; }
            v[p] = xv; ix[p] = (int32_t)j;
        }
    }
}

typedef struct alpha__drop { const float *x; float *y; float p, scale; uint64_t seed, offset; } alpha__drop;
static void alpha__drop_range(void *argp, int64_t lo, int64_t hi) {
    const alpha__drop *a = (const alpha__drop *)argp;
    int64_t i;
    for (i = lo; i < hi; i++)
        a->y[i] = alpha__rng_uniform(a->seed, a->offset + (uint64_t)i) < a->p ? 0.0f : a->x[i] * a->scale;
}

typedef struct alpha__ubw { const float *x, *y, *g; float *gx; alpha_op op; float f0, f1; } alpha__ubw;
static void alpha__ubw_range(void *argp, int64_t lo, int64_t hi) {
    const alpha__ubw *a = (const alpha__ubw *)argp;
    int64_t i;
    if (a->op == ALPHA_OP_GELU) { alpha__gelu_rows(a->x + lo, a->g + lo, a->gx + lo, hi - lo); return; }
    for (i = lo; i < hi; i++) {
        float x = a->x[i], y = a->y[i], g = a->g[i], d;
        switch (a->op) {
        case ALPHA_OP_NEG: d = -1.0f; break;
        case ALPHA_OP_SCALE: d = a->f0; break;
        case ALPHA_OP_EXP: d = y; break;
        case ALPHA_OP_LOG: d = 1.0f / x; break;
        case ALPHA_OP_SQRT: d = 0.5f / y; break;
        case ALPHA_OP_RSQRT: d = -0.5f * y * y * y; break;
        case ALPHA_OP_POW: d = a->f0 * powf(x, a->f0 - 1.0f); break;
        case ALPHA_OP_ABS: d = x > 0 ? 1.0f : x < 0 ? -1.0f : 0.0f; break;
        case ALPHA_OP_TANH: d = 1.0f - y * y; break;
        case ALPHA_OP_SIGMOID: d = y * (1.0f - y); break;
        case ALPHA_OP_RELU: d = x > 0 ? 1.0f : 0.0f; break;
        case ALPHA_OP_SILU: { float s = 1.0f / (1.0f + expf(-x)); d = s * (1.0f + x * (1.0f - s)); break; }
        case ALPHA_OP_CLAMP: d = (x >= a->f0 && x <= a->f1) ? 1.0f : 0.0f; break;
        default: d = 1.0f; break; /* ADD_SCALAR */
        }
        a->gx[i] = g * d;
    }
}

/* ---------------------------------------------------------------- CPU: matmul */
typedef struct alpha__mm {
    alpha_ctx *ctx;
    const alpha_tensor *a, *b, *c;
    int nb;                                 /* batch dims of c */
    int64_t M, N, K, batches;
} alpha__mm;
/* storage offsets of batch `bi` in a, b and c (batch dims broadcast) */
static void alpha__mm_offsets(const alpha__mm *m, int64_t bi, int64_t *oa, int64_t *ob, int64_t *oc) {
    const alpha_tensor *a = m->a, *b = m->b;
    int d;
    *oa = a->offset; *ob = b->offset; *oc = m->c->offset + bi * m->M * m->N;
    for (d = m->nb - 1; d >= 0; d--) {
        int64_t n = m->c->shape[d], i = bi % n;
        int ja = d - (m->nb - (a->ndim - 2)), jb = d - (m->nb - (b->ndim - 2));
        if (ja >= 0 && a->shape[ja] != 1) *oa += i * a->strides[ja];
        if (jb >= 0 && b->shape[jb] != 1) *ob += i * b->strides[jb];
        bi /= n;
    }
}
static void alpha__mm_batch_range(void *argp, int64_t lo, int64_t hi) {
    const alpha__mm *m = (const alpha__mm *)argp;
    const alpha_tensor *a = m->a, *b = m->b;
    int64_t bi, oa, ob, oc;
    for (bi = lo; bi < hi; bi++) {
        alpha__mm_offsets(m, bi, &oa, &ob, &oc);
        alpha__sgemm(NULL, (int)m->M, (int)m->N, (int)m->K, 1.0f,
                     (const float *)a->storage->data + oa, a->strides[a->ndim - 2], a->strides[a->ndim - 1],
                     (const float *)b->storage->data + ob, b->strides[b->ndim - 2], b->strides[b->ndim - 1],
                     0.0f, (float *)m->c->storage->data + oc, m->N);
    }
}
static void alpha__cpu_matmul(alpha_ctx *ctx, const alpha_tensor *a, const alpha_tensor *b, const alpha_tensor *c) {
    alpha__mm m;
    int d, fold = 1;
    int64_t bi, oa, ob, oc, rows;
    m.ctx = ctx; m.a = a; m.b = b; m.c = c;
    m.nb = c->ndim - 2;
    m.M = c->shape[c->ndim - 2]; m.N = c->shape[c->ndim - 1]; m.K = a->shape[a->ndim - 1];
    m.batches = alpha__numel(c->shape, m.nb);
    if (m.batches == 0 || m.M == 0 || m.N == 0) return;
    /* b shared by all batches and a's batch dims stacked above its rows: one big GEMM */
    for (d = 0; d < b->ndim - 2; d++) if (b->shape[d] != 1) fold = 0;
    if (a->ndim - 2 != m.nb) fold = 0;
    for (d = 0; fold && d < a->ndim - 2; d++)
        if (a->shape[d] != 1 && a->strides[d] != a->strides[d + 1] * a->shape[d + 1]) fold = 0;
    rows = m.batches * m.M;
    if (fold && (m.batches == 1 || a->strides[a->ndim - 2] != 0)) {
        alpha__sgemm(ctx->pool, (int)rows, (int)m.N, (int)m.K, 1.0f,
                     (const float *)a->storage->data + a->offset, a->strides[a->ndim - 2], a->strides[a->ndim - 1],
                     (const float *)b->storage->data + b->offset, b->strides[b->ndim - 2], b->strides[b->ndim - 1],
                     0.0f, (float *)c->storage->data + c->offset, m.N);
        return;
    }
    /* many small products: one per task; few large ones: each over the whole pool */
    if (m.batches >= ctx->n_threads && m.M * m.N * m.K <= ((int64_t)1 << 22)) {
        alpha__parallel(ctx, m.batches, 1, alpha__mm_batch_range, &m);
        return;
    }
    for (bi = 0; bi < m.batches; bi++) {
        alpha__mm_offsets(&m, bi, &oa, &ob, &oc);
        alpha__sgemm(ctx->pool, (int)m.M, (int)m.N, (int)m.K, 1.0f,
                     (const float *)a->storage->data + oa, a->strides[a->ndim - 2], a->strides[a->ndim - 1],
                     (const float *)b->storage->data + ob, b->strides[b->ndim - 2], b->strides[b->ndim - 1],
                     0.0f, (float *)c->storage->data + oc, m.N);
    }
}

ALPHA_API void alpha_sgemm(alpha_ctx *ctx, int trans_a, int trans_b, int M, int N, int K, float alpha,
                           const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc) {
    alpha__sgemm(ctx ? ctx->pool : NULL, M, N, K, alpha,
                 A, trans_a ? 1 : lda, trans_a ? lda : 1,
                 B, trans_b ? 1 : ldb, trans_b ? ldb : 1, beta, C, ldc);
}

/* ---------------------------------------------------------------- CPU: optimizer */
#define ALPHA__SUMSQ_BLOCKS 64
typedef struct alpha__sumsq { const float *x; int64_t n; double part[ALPHA__SUMSQ_BLOCKS]; } alpha__sumsq;
static void alpha__sumsq_range(void *argp, int64_t blo, int64_t bhi) {
    alpha__sumsq *a = (alpha__sumsq *)argp;
    int64_t b, i;
    for (b = blo; b < bhi; b++) {
        int64_t lo = a->n * b / ALPHA__SUMSQ_BLOCKS, hi = a->n * (b + 1) / ALPHA__SUMSQ_BLOCKS;
        float acc8[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        double acc = 0;
        int k;
        for (i = lo; i + 8 <= hi; i += 8) for (k = 0; k < 8; k++) acc8[k] += a->x[i + k] * a->x[i + k];
        for (; i < hi; i++) acc += (double)a->x[i] * a->x[i];
        for (k = 0; k < 8; k++) acc += acc8[k];
        a->part[b] = acc;
    }
}
/* The gradient multiplier of an update (grad_scale with clipping applied), or 0 with *skip set
   when the global norm is NaN or Inf. f32 math on purpose: device kernels compute the same. */
static float alpha__adamw_scale(float sumsq, int have_sumsq, float grad_scale, float clip_norm, int *skip) {
    float norm;
    *skip = 0;
    if (!have_sumsq) return grad_scale;
    norm = sqrtf(sumsq) * fabsf(grad_scale);
    if (!(norm <= FLT_MAX)) { *skip = 1; return 0; }
    return clip_norm > 0 && norm > clip_norm ? grad_scale * (clip_norm / norm) : grad_scale;
}
typedef struct alpha__adamw { float *p, *g, *m, *v; float lr, c1, c2, b1, b2, eps, wd, scale; } alpha__adamw;
static void alpha__adamw_range(void *argp, int64_t lo, int64_t hi) {
    const alpha__adamw *a = (const alpha__adamw *)argp;
    float b1 = a->b1, b2 = a->b2, c1 = a->c1, c2 = a->c2, lr = a->lr, decay = 1.0f - lr * a->wd;
    int64_t i;
    for (i = lo; i < hi; i++) {
        float g = a->g[i] * a->scale, m = b1 * a->m[i] + (1.0f - b1) * g, v = b2 * a->v[i] + (1.0f - b2) * g * g;
        a->m[i] = m; a->v[i] = v;
        a->p[i] = a->p[i] * decay - lr * (m * c1) / (sqrtf(v * c2) + a->eps);
    }
}

/* Fused attention on the CPU, one query row (or key row) per task, f32 sums in key order: the
   arithmetic of the device kernels. Element (b, h, t, d) of q/k/v lives at b*st[0] + h*st[1] + t*st[2] + d. */
typedef struct alpha__attn {
    const float *q, *k, *v, *o, *lse, *go;
    float *out, *lse_out, *delta, *gkv;
    int64_t B, H, T, S, D, sq[3], sk[3], sv[3];
    float scale;
} alpha__attn;
static const float *alpha__attn_row(const float *base, const int64_t *st, int64_t b, int64_t h, int64_t t) {
    return base + b * st[0] + h * st[1] + t * st[2];
}
static float alpha__dot(const float *a, const float *b, int64_t n) {
    float s = 0;
    int64_t d;
    for (d = 0; d < n; d++) s += a[d] * b[d];
    return s;
}
static void alpha__attn_fwd_rows(void *argp, int64_t lo, int64_t hi) {
    const alpha__attn *a = (const alpha__attn *)argp;
    float acc[ALPHA_ATTENTION_MAX_D];
    int64_t r, j, d, D = a->D;
    for (r = lo; r < hi; r++) {
        int64_t i = r % a->T, h = (r / a->T) % a->H, b = r / (a->T * a->H), last = i + a->S - a->T;
        const float *qi = alpha__attn_row(a->q, a->sq, b, h, i);
        float m = -INFINITY, l = 0;
        for (d = 0; d < D; d++) acc[d] = 0;
        for (j = 0; j <= last; j++) {
            float s = a->scale * alpha__dot(qi, alpha__attn_row(a->k, a->sk, b, h, j), D), mn = s > m ? s : m;
            float c = expf(m - mn), p = expf(s - mn);
            const float *vj = alpha__attn_row(a->v, a->sv, b, h, j);
            l = l * c + p;
            for (d = 0; d < D; d++) acc[d] = acc[d] * c + p * vj[d];
            m = mn;
        }
        for (d = 0; d < D; d++) a->out[r * D + d] = acc[d] / l;
        a->lse_out[r] = m + logf(l);
    }
}
/* gq of query rows, and delta = rowsum(go * o) */
static void alpha__attn_bwd_q(void *argp, int64_t lo, int64_t hi) {
    const alpha__attn *a = (const alpha__attn *)argp;
    float acc[ALPHA_ATTENTION_MAX_D];
    int64_t r, j, d, D = a->D;
    for (r = lo; r < hi; r++) {
        int64_t i = r % a->T, h = (r / a->T) % a->H, b = r / (a->T * a->H), last = i + a->S - a->T;
        const float *qi = alpha__attn_row(a->q, a->sq, b, h, i), *goi = a->go + r * D;
        float delta = alpha__dot(goi, a->o + r * D, D);
        for (d = 0; d < D; d++) acc[d] = 0;
        for (j = 0; j <= last; j++) {
            const float *kj = alpha__attn_row(a->k, a->sk, b, h, j);
            float p = expf(a->scale * alpha__dot(qi, kj, D) - a->lse[r]);
            float ds = p * (alpha__dot(goi, alpha__attn_row(a->v, a->sv, b, h, j), D) - delta);
            for (d = 0; d < D; d++) acc[d] += ds * kj[d];
        }
        for (d = 0; d < D; d++) a->out[r * D + d] = a->scale * acc[d];
        a->delta[r] = delta;
    }
}
/* gk and gv of key rows (after alpha__attn_bwd_q: it needs delta) */
static void alpha__attn_bwd_kv(void *argp, int64_t lo, int64_t hi) {
    const alpha__attn *a = (const alpha__attn *)argp;
    float gk[ALPHA_ATTENTION_MAX_D], gv[ALPHA_ATTENTION_MAX_D];
    int64_t r, i, d, D = a->D;
    for (r = lo; r < hi; r++) {
        int64_t j = r % a->S, h = (r / a->S) % a->H, b = r / (a->S * a->H), first = j - (a->S - a->T);
        const float *kj = alpha__attn_row(a->k, a->sk, b, h, j), *vj = alpha__attn_row(a->v, a->sv, b, h, j);
        for (d = 0; d < D; d++) gk[d] = gv[d] = 0;
        for (i = first > 0 ? first : 0; i < a->T; i++) {
            int64_t qr = (b * a->H + h) * a->T + i;
            const float *qi = alpha__attn_row(a->q, a->sq, b, h, i), *goi = a->go + qr * D;
            float p = expf(a->scale * alpha__dot(qi, kj, D) - a->lse[qr]);
            float ds = p * (alpha__dot(goi, vj, D) - a->delta[qr]);
            for (d = 0; d < D; d++) { gk[d] += ds * qi[d]; gv[d] += p * goi[d]; }
        }
        for (d = 0; d < D; d++) { a->gkv[r * 2 * D + d] = a->scale * gk[d]; a->gkv[r * 2 * D + D + d] = gv[d]; }
    }
}
static void alpha__attn_setup(alpha__attn *a, const alpha_node *nd) {
    alpha_tensor *const *s = nd->src;
    int d;
    memset(a, 0, sizeof *a);
    a->B = s[0]->shape[0]; a->H = s[0]->shape[1]; a->T = s[0]->shape[2]; a->D = s[0]->shape[3]; a->S = s[1]->shape[2];
    for (d = 0; d < 3; d++) { a->sq[d] = s[0]->strides[d]; a->sk[d] = s[1]->strides[d]; a->sv[d] = s[2]->strides[d]; }
    a->q = (const float *)s[0]->storage->data + s[0]->offset;
    a->k = (const float *)s[1]->storage->data + s[1]->offset;
    a->v = (const float *)s[2]->storage->data + s[2]->offset;
    a->scale = nd->f[0];
}

/* ---------------------------------------------------------------- CPU: node execution */
#define ALPHA__F(t) ((float *)(t)->storage->data + (t)->offset)
#define ALPHA__I(t) ((int32_t *)(t)->storage->data + (t)->offset)

static void alpha__cpu_exec(alpha_ctx *ctx, const alpha_node *nd) {
    alpha_tensor *y = nd->out;
    alpha_tensor *const *s = nd->src;
    switch (nd->op) {
    case ALPHA_OP_COPY: case ALPHA_OP_CAST:
        if (y->dtype == ALPHA_F32 && s[0]->dtype == ALPHA_F32) {
            alpha_node c = *nd;
            c.op = ALPHA_OP_COPY;
            alpha__cpu_elementwise(ctx, &c, 1);
        } else {
            alpha__cpu_cast(ctx, s[0], y);
        }
        break;
    case ALPHA_OP_NEG: case ALPHA_OP_SCALE: case ALPHA_OP_ADD_SCALAR: case ALPHA_OP_EXP: case ALPHA_OP_LOG:
    case ALPHA_OP_SQRT: case ALPHA_OP_RSQRT: case ALPHA_OP_POW: case ALPHA_OP_ABS: case ALPHA_OP_TANH:
    case ALPHA_OP_SIGMOID: case ALPHA_OP_RELU: case ALPHA_OP_GELU: case ALPHA_OP_SILU: case ALPHA_OP_CLAMP:
        alpha__cpu_elementwise(ctx, nd, 1);
        break;
    case ALPHA_OP_ADD: case ALPHA_OP_SUB: case ALPHA_OP_MUL: case ALPHA_OP_DIV: case ALPHA_OP_EQUAL:
        alpha__cpu_elementwise(ctx, nd, 2);
        break;
    case ALPHA_OP_WHERE:
        alpha__cpu_elementwise(ctx, nd, 3);
        break;
    case ALPHA_OP_FILL: {
        int64_t i, n = alpha_tensor_numel(y);
        if (y->dtype == ALPHA_F32 && nd->f[0] == 0.0f) memset(ALPHA__F(y), 0, (size_t)n * sizeof(float));
        else if (y->dtype == ALPHA_F32) { float v = nd->f[0], *p = ALPHA__F(y); for (i = 0; i < n; i++) p[i] = v; }
        else for (i = 0; i < n; i++) alpha__store(y->storage->data, y->dtype, y->offset + i, nd->f[0]);
        break;
    }
    case ALPHA_OP_SUM: case ALPHA_OP_MEAN: case ALPHA_OP_MAX: case ALPHA_OP_MIN: case ALPHA_OP_ARGMAX:
        alpha__cpu_reduce(ctx, nd);
        break;
    case ALPHA_OP_SOFTMAX: case ALPHA_OP_LOG_SOFTMAX: case ALPHA_OP_SOFTMAX_BACKWARD: case ALPHA_OP_LOG_SOFTMAX_BACKWARD: {
        alpha__rows r;
        memset(&r, 0, sizeof r);
        alpha__rows_geom(&r, s[0], (int)nd->i[0]);
        r.op = nd->op; r.x = ALPHA__F(s[0]); r.y = ALPHA__F(y);
        if (s[1]) r.g = ALPHA__F(s[1]);
        alpha__parallel(ctx, r.outer * r.inner, 1 + 16384 / (r.L + 1), alpha__softmax_range, &r);
        break;
    }
    case ALPHA_OP_LAYERNORM: {
        alpha__rows r;
        memset(&r, 0, sizeof r);
        r.L = s[0]->shape[s[0]->ndim - 1];
        r.outer = r.L ? alpha_tensor_numel(s[0]) / r.L : 0;
        r.x = ALPHA__F(s[0]); r.y = ALPHA__F(y);
        r.w = s[1] ? ALPHA__F(s[1]) : NULL; r.b = s[2] ? ALPHA__F(s[2]) : NULL;
        r.y2 = ALPHA__F(nd->saved[0]); r.y3 = ALPHA__F(nd->saved[1]);
        r.eps = nd->f[0];
        alpha__parallel(ctx, r.outer, 1 + 16384 / (r.L + 1), alpha__layernorm_range, &r);
        break;
    }
    case ALPHA_OP_ADD_LAYERNORM: {   /* src: x, r, w, b; out: y; saved: mean, rstd, s */
        alpha__rows r;
        memset(&r, 0, sizeof r);
        r.L = s[0]->shape[s[0]->ndim - 1];
        r.outer = r.L ? alpha_tensor_numel(s[0]) / r.L : 0;
        r.x = ALPHA__F(s[0]); r.r = ALPHA__F(s[1]); r.y = ALPHA__F(y); r.s = ALPHA__F(nd->saved[2]);
        r.w = s[2] ? ALPHA__F(s[2]) : NULL; r.b = s[3] ? ALPHA__F(s[3]) : NULL;
        r.y2 = ALPHA__F(nd->saved[0]); r.y3 = ALPHA__F(nd->saved[1]);
        r.eps = nd->f[0];
        alpha__parallel(ctx, r.outer, 1 + 16384 / (r.L + 1), alpha__layernorm_range, &r);
        break;
    }
    case ALPHA_OP_ATTENTION: {
        alpha__attn a;
        alpha__attn_setup(&a, nd);
        a.out = ALPHA__F(y); a.lse_out = ALPHA__F(nd->saved[0]);
        alpha__parallel(ctx, a.B * a.H * a.T, 4, alpha__attn_fwd_rows, &a);
        break;
    }
    case ALPHA_OP_ATTENTION_BACKWARD: {
        alpha__attn a;
        alpha__attn_setup(&a, nd);
        a.o = ALPHA__F(s[3]); a.lse = ALPHA__F(s[4]); a.go = ALPHA__F(s[5]);
        a.out = ALPHA__F(y); a.gkv = ALPHA__F(nd->saved[0]); a.delta = ALPHA__F(nd->saved[1]);
        alpha__parallel(ctx, a.B * a.H * a.T, 4, alpha__attn_bwd_q, &a);
        alpha__parallel(ctx, a.B * a.H * a.S, 4, alpha__attn_bwd_kv, &a);
        break;
    }
    case ALPHA_OP_LAYERNORM_BACKWARD: {
        /* src: x, w, mean, rstd, gy; out: gx; saved: block partials for gw, gb ([BLOCKS, C]) */
        alpha__rows r;
        memset(&r, 0, sizeof r);
        r.L = s[0]->shape[s[0]->ndim - 1];
        r.outer = r.L ? alpha_tensor_numel(s[0]) / r.L : 0;
        r.x = ALPHA__F(s[0]); r.w = s[1] ? ALPHA__F(s[1]) : NULL;
        r.mean = ALPHA__F(s[2]); r.rstd = ALPHA__F(s[3]); r.g = ALPHA__F(s[4]);
        r.y = ALPHA__F(y);
        r.y2 = nd->saved[0] ? ALPHA__F(nd->saved[0]) : NULL;
        r.y3 = nd->saved[1] ? ALPHA__F(nd->saved[1]) : NULL;
        alpha__parallel(ctx, ALPHA__LN_BLOCKS, 1, alpha__layernorm_bwd_block, &r);
        break;
    }
    case ALPHA_OP_MATMUL:
        alpha__cpu_matmul(ctx, s[0], s[1], y);
        if (s[2]) {   /* alpha_matmul_bias: y (contiguous) + bias[n], as the add would */
            float *o = ALPHA__F(y);
            const float *bias = ALPHA__F(s[2]);
            int64_t N = y->shape[y->ndim - 1], r, n, rows = N ? alpha_tensor_numel(y) / N : 0;
            for (r = 0; r < rows; r++)
                for (n = 0; n < N; n++) o[r * N + n] = o[r * N + n] + bias[n * s[2]->strides[0]];
        }
        if (s[3]) {   /* alpha_matmul_gelu_backward: y * gelu'(h), as the unary backward computes it */
            alpha__ubw u;
            memset(&u, 0, sizeof u);
            u.x = ALPHA__F(s[3]); u.g = ALPHA__F(y); u.gx = ALPHA__F(y); u.op = ALPHA_OP_GELU;
            alpha__parallel(ctx, alpha_tensor_numel(y), 16384, alpha__ubw_range, &u);
        }
        break;
    case ALPHA_OP_EMBEDDING: case ALPHA_OP_EMBEDDING_BACKWARD: {
        alpha__emb e;
        e.idx = ALPHA__I(s[0]);
        e.n = alpha_tensor_numel(s[0]);
        e.y = ALPHA__F(y);
        if (nd->op == ALPHA_OP_EMBEDDING) {
            e.w = ALPHA__F(s[1]); e.C = s[1]->shape[1]; e.V = s[1]->shape[0]; e.g = NULL;
            alpha__parallel(ctx, e.n, 64, alpha__emb_range, &e);
        } else {
            e.g = ALPHA__F(s[1]); e.w = NULL; e.C = y->shape[1]; e.V = y->shape[0];
            alpha__parallel(ctx, e.C, 16, alpha__emb_bwd_range, &e);
        }
        break;
    }
    case ALPHA_OP_CROSS_ENTROPY: case ALPHA_OP_CROSS_ENTROPY_BACKWARD: {
        /* src: logits [N, V] contiguous, targets [N] contiguous, (gloss, optional lse [N]);
           saved: per-row losses and log-sum-exps */
        alpha__ce c;
        int64_t n, valid = 0;
        memset(&c, 0, sizeof c);
        c.V = s[0]->shape[s[0]->ndim - 1];
        c.N = c.V ? alpha_tensor_numel(s[0]) / c.V : 0;
        c.logits = ALPHA__F(s[0]); c.tgt = ALPHA__I(s[1]); c.ignore = (int)nd->i[0];
        for (n = 0; n < c.N; n++) valid += c.tgt[n] != c.ignore;
        if (nd->op == ALPHA_OP_CROSS_ENTROPY) {
            double sum = 0;
            c.rowloss = ALPHA__F(nd->saved[0]);
            c.lse_out = ALPHA__F(nd->saved[1]);
            alpha__parallel(ctx, c.N, 8, alpha__ce_range, &c);
            for (n = 0; n < c.N; n++) sum += c.rowloss[n];
            ALPHA__F(y)[0] = valid ? (float)(sum / (double)valid) : 0.0f;
        } else {
            c.g = ALPHA__F(y);
            c.lse_in = s[3] ? ALPHA__F(s[3]) : NULL;
            c.scale = valid ? ALPHA__F(s[2])[0] / (float)valid : 0.0f;
            alpha__parallel(ctx, c.N, 8, alpha__ce_range, &c);
        }
        break;
    }
    case ALPHA_OP_TOPK: {
        alpha__topk t;
        t.L = s[0]->shape[s[0]->ndim - 1];
        t.rows = t.L ? alpha_tensor_numel(s[0]) / t.L : 0;
        t.k = (int)nd->i[0]; t.x = ALPHA__F(s[0]); t.vals = ALPHA__F(y); t.idx = ALPHA__I(nd->saved[0]);
        alpha__parallel(ctx, t.rows, 16, alpha__topk_range, &t);
        break;
    }
    case ALPHA_OP_SCATTER_ADD_LAST: {
        /* src: indices [R, k], gy [R, k]; out zeros [R, L] */
        int64_t k = s[0]->shape[s[0]->ndim - 1], L = y->shape[y->ndim - 1], R = L ? alpha_tensor_numel(y) / L : 0, r, j;
        float *o = ALPHA__F(y);
        const int32_t *ix = ALPHA__I(s[0]);
        const float *g = ALPHA__F(s[1]);
        memset(o, 0, (size_t)(R * L) * sizeof *o);
        for (r = 0; r < R; r++) for (j = 0; j < k; j++) o[r * L + ix[r * k + j]] += g[r * k + j];
        break;
    }
    case ALPHA_OP_DROPOUT: {
        alpha__drop d;
        d.x = ALPHA__F(s[0]); d.y = ALPHA__F(y); d.p = nd->f[0]; d.scale = 1.0f / (1.0f - nd->f[0]);
        d.seed = (uint64_t)nd->i[0]; d.offset = (uint64_t)nd->i[1];
        alpha__parallel(ctx, alpha_tensor_numel(y), 16384, alpha__drop_range, &d);
        break;
    }
    case ALPHA_OP_UNARY_BACKWARD: {
        alpha__ubw u;
        u.x = ALPHA__F(s[0]); u.y = ALPHA__F(s[1]); u.g = ALPHA__F(s[2]); u.gx = ALPHA__F(y);
        u.op = (alpha_op)nd->i[0]; u.f0 = nd->f[0]; u.f1 = nd->f[1];
        alpha__parallel(ctx, alpha_tensor_numel(y), 16384, alpha__ubw_range, &u);
        break;
    }
    case ALPHA_OP_SUM_SQUARES: {
        alpha__sumsq a;
        int64_t n = alpha_tensor_numel(s[0]);
        double acc = 0;
        int b;
        a.x = ALPHA__F(s[0]); a.n = n;
        alpha__parallel(ctx, ALPHA__SUMSQ_BLOCKS, 1, alpha__sumsq_range, &a);
        for (b = 0; b < ALPHA__SUMSQ_BLOCKS; b++) acc += a.part[b];   /* fixed order: deterministic */
        ALPHA__F(y)[0] = (float)acc;
        break;
    }
    case ALPHA_OP_ADAMW: {   /* src: p, g, m, v, sched, sumsq (or NULL); f: b1, b2, eps, wd, grad_scale, clip */
        alpha__adamw a;
        const float *sched = ALPHA__F(s[4]);
        int skip;
        a.scale = alpha__adamw_scale(s[5] ? ALPHA__F(s[5])[0] : 0, s[5] != NULL, nd->f[4], nd->f[5], &skip);
        if (skip) break;
        a.p = ALPHA__F(s[0]); a.g = ALPHA__F(s[1]); a.m = ALPHA__F(s[2]); a.v = ALPHA__F(s[3]);
        a.lr = sched[0]; a.c1 = sched[1]; a.c2 = sched[2];
        a.b1 = nd->f[0]; a.b2 = nd->f[1]; a.eps = nd->f[2]; a.wd = nd->f[3];
        alpha__parallel(ctx, alpha_tensor_numel(s[0]), 16384, alpha__adamw_range, &a);
        break;
    }
    default:
        break; /* views and concat need no kernel here */
    }
}

/* ---------------------------------------------------------------- running and recording nodes */
ALPHA_API size_t alpha_ctx_tape_len(const alpha_ctx *ctx) { return ctx->tape_len; }
ALPHA_API const alpha_node *alpha_ctx_tape_node(const alpha_ctx *ctx, size_t i) { return i < ctx->tape_len ? &ctx->tape[i] : NULL; }
ALPHA_API void alpha_ctx_tape_clear(alpha_ctx *ctx) { ctx->tape_len = 0; }

static void alpha__record(alpha_ctx *ctx, const alpha_node *nd) {
    int k, need = 0;
    if (!ctx->grad_enabled) return;
    for (k = 0; k < ALPHA_NODE_MAX_SRC; k++) if (nd->src[k] && nd->src[k]->requires_grad) need = 1;
    if (!need) return;
    if (ctx->tape_len == ctx->tape_cap) {
        size_t cap = ctx->tape_cap ? ctx->tape_cap * 2 : 256;
        alpha_node *t = (alpha_node *)alpha__sys_alloc(&ctx->allocator, cap * sizeof *t);
        if (!t) { alpha_ctx_error(ctx, ALPHA_ERR_OOM, "alpha: out of memory growing the tape"); return; }
        if (ctx->tape_len) memcpy(t, ctx->tape, ctx->tape_len * sizeof *t);
        alpha__sys_free(&ctx->allocator, ctx->tape);
        ctx->tape = t; ctx->tape_cap = cap;
    }
    ctx->tape[ctx->tape_len++] = *nd;
    nd->out->requires_grad = 1;
}

/* Runs a node's kernel on the device of its output; 0 (and a sticky error) when that device
   cannot. Counts dispatches per device. */
static int alpha__exec(alpha_ctx *ctx, const alpha_node *nd) {
    int dev = nd->out->storage->device;
    alpha_result r;
    if (dev == 0) { alpha__cpu_exec(ctx, nd); ctx->dispatches[0]++; return 1; }
    if (nd->op == ALPHA_OP_DROPOUT && dev == ctx->capturing) {
        alpha_ctx_error(ctx, ALPHA_ERR_UNSUPPORTED, "alpha_dropout: not in a captured step (a replay would repeat the mask)");
        return 0;
    }
    r = ctx->backends[dev].exec(ctx->backends[dev].user, ctx, nd);
    if (r == ALPHA_OK) { ctx->dispatches[dev]++; return 1; }
    if (r == ALPHA_ERR_UNSUPPORTED)
        alpha_ctx_error(ctx, r, "alpha_%s: device %s has no kernel for it (there is no CPU fallback)", alpha_op_name(nd->op), alpha_ctx_device_name(ctx, dev));
    else if (ctx->status == ALPHA_OK)
        alpha_ctx_error(ctx, r, "alpha_%s: device %s failed: %s", alpha_op_name(nd->op), alpha_ctx_device_name(ctx, dev), alpha_result_str(r));
    return 0;
}

/* Checks devices, runs the kernel, records the node. Returns nd->out. */
static alpha_tensor *alpha__run(alpha_ctx *ctx, alpha_node *nd) {
    int k;
    if (!nd->out) return NULL;
    for (k = 0; k < ALPHA_NODE_MAX_SRC; k++)
        if (nd->src[k] && nd->src[k]->storage->device != nd->out->storage->device)
            return alpha__fail(ctx, "alpha_%s: inputs live on different devices: %s (device %d) and %s (device %d); "
                               "alpha_to_device moves a tensor", alpha_op_name(nd->op),
                               alpha_ctx_device_name(ctx, nd->src[k]->storage->device), nd->src[k]->storage->device,
                               alpha_ctx_device_name(ctx, nd->out->storage->device), nd->out->storage->device);
    if (!alpha__exec(ctx, nd)) return NULL;
    alpha__record(ctx, nd);
    return nd->out;
}
static void alpha__node_init(alpha_node *nd, alpha_op op, alpha_tensor *out) {
    memset(nd, 0, sizeof *nd);
    nd->op = op; nd->out = out;
}

ALPHA_API const char *alpha_op_name(alpha_op op) {
    static const char *const names[ALPHA_OP_COUNT] = {
        "none", "reshape", "permute", "slice", "expand", "copy",
        "neg", "scale", "add_scalar", "exp", "log", "sqrt", "rsqrt", "pow", "abs", "tanh", "sigmoid", "relu",
        "gelu", "silu", "clamp", "add", "sub", "mul", "div", "where", "dropout", "cast",
        "sum", "mean", "max", "min", "argmax", "softmax", "log_softmax", "topk",
        "layernorm", "matmul", "embedding", "cross_entropy", "concat",
        "equal", "unary_backward", "softmax_backward", "log_softmax_backward", "layernorm_backward",
        "embedding_backward", "cross_entropy_backward", "scatter_add_last", "fill",
        "sum_squares", "adamw", "attention", "attention_backward", "add_layernorm"
    };
    return (unsigned)op < ALPHA_OP_COUNT ? names[op] : "?";
}

static int alpha__need_f32(alpha_ctx *ctx, const char *op, const alpha_tensor *t) {
    char b[96];
    if (t->dtype == ALPHA_F32) return 1;
    alpha__fail(ctx, "%s: needs f32, got %s (cast it with alpha_cast first)", op, alpha_tensor_describe(t, b, sizeof b));
    return 0;
}
static int alpha__axis(alpha_ctx *ctx, const char *op, const alpha_tensor *t, int axis, int *out) {
    char b[96];
    int a = axis < 0 ? axis + t->ndim : axis;
    if (a < 0 || a >= t->ndim) {
        alpha__fail(ctx, "%s: axis %d out of range for %s", op, axis, alpha_tensor_describe(t, b, sizeof b));
        return 0;
    }
    *out = a;
    return 1;
}

/* ---------------------------------------------------------------- creation */
ALPHA_API alpha_result alpha_fill(alpha_ctx *ctx, alpha_tensor *t, double value) {
    alpha_node nd;
    if (!ctx || !t) return ALPHA_ERR_INVALID;
    if (!alpha_tensor_is_contiguous(t)) { alpha__fail(ctx, "alpha_fill: tensor must be contiguous"); return ALPHA_ERR_INVALID; }
    alpha__node_init(&nd, ALPHA_OP_FILL, t);
    nd.f[0] = (float)value;
    if (t->dtype == ALPHA_I32 && t->storage->device == 0) {  /* exact for every i32: store directly */
        int64_t i, n = alpha_tensor_numel(t);
        for (i = 0; i < n; i++) ALPHA__I(t)[i] = alpha__f32_to_i32(value);
        return ALPHA_OK;
    }
    return alpha__exec(ctx, &nd) ? ALPHA_OK : ctx->status;
}
ALPHA_API alpha_tensor *alpha_full(alpha_ctx *ctx, alpha_dtype dt, alpha_shape s, double value) {
    alpha_tensor *t = alpha_empty(ctx, dt, s);
    if (t) alpha_fill(ctx, t, value);
    return t;
}
ALPHA_API alpha_tensor *alpha_zeros(alpha_ctx *ctx, alpha_dtype dt, alpha_shape s) {
    alpha_tensor *t = alpha_empty(ctx, dt, s);
    if (t && t->storage->device == 0) memset(t->storage->data, 0, t->storage->nbytes);
    else if (t && alpha_fill(ctx, t, 0.0) != ALPHA_OK) return NULL;
    return t;
}
ALPHA_API alpha_tensor *alpha_empty_on(alpha_ctx *ctx, int device, alpha_dtype dt, alpha_shape s) {
    if (!ctx || !alpha__check_shape(ctx, "alpha_empty_on", s)) return NULL;
    if ((unsigned)dt > ALPHA_I32) return alpha__fail(ctx, "alpha_empty_on: unknown dtype %d", (int)dt);
    if (device < 0 || device >= ctx->n_devices) return alpha__fail(ctx, "alpha_empty_on: no device %d", device);
    return alpha__new_on(ctx, device, dt, s.ndim, s.d);
}
ALPHA_API alpha_tensor *alpha_full_on(alpha_ctx *ctx, int device, alpha_dtype dt, alpha_shape s, double value) {
    alpha_tensor *t;
    if (!ctx || !alpha__check_shape(ctx, "alpha_full_on", s)) return NULL;
    if (device < 0 || device >= ctx->n_devices) return alpha__fail(ctx, "alpha_full_on: no device %d", device);
    t = alpha__new_on(ctx, device, dt, s.ndim, s.d);
    if (t && alpha_fill(ctx, t, value) != ALPHA_OK) return NULL;
    return t;
}
ALPHA_API alpha_tensor *alpha_ones(alpha_ctx *ctx, alpha_dtype dt, alpha_shape s) { return alpha_full(ctx, dt, s, 1.0); }
/* Host memory to fill t from: its own storage on the CPU, arena scratch for a device tensor;
   alpha__host_end uploads the scratch. */
static void *alpha__host_begin(alpha_ctx *ctx, alpha_tensor *t) {
    if (!t) return NULL;
    return t->storage->device == 0 ? t->storage->data : alpha_ctx_alloc(ctx, t->storage->nbytes ? t->storage->nbytes : 1);
}
static alpha_result alpha__upload(alpha_ctx *ctx, alpha_tensor *t, const void *src, size_t nbytes) {
    alpha_backend *b = &ctx->backends[t->storage->device];
    alpha_result r;
    if (alpha__capture_blocks(ctx, t->storage->device, "alpha: writing a device tensor")) return ALPHA_ERR_STATE;
    r = b->upload(b->user, t->storage->data, (size_t)t->offset * alpha_dtype_size(t->dtype), src, nbytes);
    if (r != ALPHA_OK) alpha_ctx_error(ctx, r, "alpha: upload to %s failed", alpha_ctx_device_name(ctx, t->storage->device));
    return r;
}
static alpha_tensor *alpha__host_end(alpha_ctx *ctx, alpha_tensor *t, void *host) {
    if (!t || !host) return NULL;
    if (t->storage->device != 0 && alpha__upload(ctx, t, host, t->storage->nbytes) != ALPHA_OK) return NULL;
    return t;
}
/* A CPU tensor with t's values: t itself on the CPU, else a contiguous copy made on the device and
   downloaded into the arena (callers bracket it with a mark and a reset). */
static const alpha_tensor *alpha__host_view(alpha_ctx *ctx, const alpha_tensor *t) {
    alpha_tensor *c = (alpha_tensor *)t, *h;
    alpha_backend *b;
    if (t->storage->device == 0) return t;
    if (alpha__capture_blocks(ctx, t->storage->device, "alpha: reading a device tensor")) return NULL;
    if (!alpha_tensor_is_contiguous(t)) {
        alpha_node nd;
        alpha__node_init(&nd, ALPHA_OP_COPY, alpha__new_like(ctx, t, t->dtype));
        nd.src[0] = (alpha_tensor *)t;
        if (!nd.out || !alpha__exec(ctx, &nd)) return NULL;
        c = nd.out;
    }
    h = alpha__new_on(ctx, 0, t->dtype, t->ndim, t->shape);
    if (!h) return NULL;
    b = &ctx->backends[c->storage->device];
    if (b->download(b->user, c->storage->data, (size_t)c->offset * alpha_dtype_size(c->dtype), h->storage->data, h->storage->nbytes) != ALPHA_OK) {
        alpha_ctx_error(ctx, ALPHA_ERR_DEVICE, "alpha: download from %s failed", alpha_ctx_device_name(ctx, c->storage->device));
        return NULL;
    }
    return h;
}
ALPHA_API int alpha_tensor_device(const alpha_tensor *t) { return t && t->storage ? t->storage->device : 0; }

ALPHA_API alpha_tensor *alpha_arange(alpha_ctx *ctx, alpha_dtype dt, double start, double stop, double step) {
    int64_t n, i;
    alpha_tensor *t;
    void *h;
    if (!ctx) return NULL;
    if (step == 0 || step != step || start != start || stop != stop)
        return alpha__fail(ctx, "alpha_arange: bad range start=%g stop=%g step=%g", start, stop, step);
    n = (int64_t)ceil((stop - start) / step);
    if (n < 0) n = 0;
    t = alpha_empty(ctx, dt, alpha_shape1(n));
    if (!(h = alpha__host_begin(ctx, t))) return NULL;
    for (i = 0; i < n; i++) alpha__store(h, dt, i, start + (double)i * step);
    return alpha__host_end(ctx, t, h);
}
ALPHA_API alpha_tensor *alpha_from_data(alpha_ctx *ctx, alpha_dtype dt, alpha_shape s, const void *data) {
    alpha_tensor *t = alpha_empty(ctx, dt, s);
    if (!t) return NULL;
    if (!data && t->storage->nbytes) return alpha__fail(ctx, "alpha_from_data: data is NULL");
    if (t->storage->device != 0) return alpha__upload(ctx, t, data, t->storage->nbytes) == ALPHA_OK ? t : NULL;
    if (t->storage->nbytes) memcpy(t->storage->data, data, t->storage->nbytes);
    return t;
}
typedef struct alpha__randarg { float *y; uint64_t seed, offset; float a, b; int normal; } alpha__randarg;
static void alpha__rand_range(void *argp, int64_t lo, int64_t hi) {
    const alpha__randarg *r = (const alpha__randarg *)argp;
    int64_t i;
    for (i = lo; i < hi; i++) {
        uint64_t c = r->offset + (uint64_t)i;
        r->y[i] = r->normal ? r->a + r->b * alpha__rng_normal(r->seed, c)
                            : r->a + (r->b - r->a) * alpha__rng_uniform(r->seed, c);
    }
}
static alpha_tensor *alpha__random(alpha_ctx *ctx, alpha_shape s, float a, float b, int normal) {
    alpha_tensor *t = alpha_empty(ctx, ALPHA_F32, s);
    alpha__randarg r;
    if (!(r.y = (float *)alpha__host_begin(ctx, t))) return NULL;
    r.seed = ctx->rng.seed; r.offset = ctx->rng.offset; r.a = a; r.b = b; r.normal = normal;
    alpha__parallel(ctx, alpha_tensor_numel(t), 8192, alpha__rand_range, &r);
    ctx->rng.offset += (uint64_t)alpha_tensor_numel(t);
    return alpha__host_end(ctx, t, r.y);
}
ALPHA_API alpha_tensor *alpha_rand(alpha_ctx *ctx, alpha_shape s, float lo, float hi) { return alpha__random(ctx, s, lo, hi, 0); }
ALPHA_API alpha_tensor *alpha_randn(alpha_ctx *ctx, alpha_shape s, float mean, float std) { return alpha__random(ctx, s, mean, std, 1); }
ALPHA_API alpha_tensor *alpha_causal_mask(alpha_ctx *ctx, int64_t T) {
    alpha_tensor *t;
    int64_t i, j;
    float *h;
    if (!ctx) return NULL;
    if (T < 0) return alpha__fail(ctx, "alpha_causal_mask: negative size %lld", (long long)T);
    t = alpha_empty(ctx, ALPHA_F32, alpha_shape2(T, T));
    if (!(h = (float *)alpha__host_begin(ctx, t))) return NULL;
    for (i = 0; i < T; i++) for (j = 0; j < T; j++) h[i * T + j] = j <= i ? 0.0f : -INFINITY;
    return alpha__host_end(ctx, t, h);
}

/* ---------------------------------------------------------------- host access */
ALPHA_API alpha_result alpha_tensor_to_f32(alpha_ctx *ctx, const alpha_tensor *t, float *out, int64_t capacity) {
    int64_t i, n;
    if (!ctx) return ALPHA_ERR_INVALID;
    if (!t) { if (ctx->status == ALPHA_OK) alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_tensor_to_f32: tensor is NULL"); return ctx->status; }
    n = alpha_tensor_numel(t);
    if (n > capacity) {
        char b[96];
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_tensor_to_f32: %s has %lld elements, buffer holds %lld",
                        alpha_tensor_describe(t, b, sizeof b), (long long)n, (long long)capacity);
        return ALPHA_ERR_INVALID;
    }
    {
        alpha_mark m = alpha_ctx_mark(ctx);
        const alpha_tensor *h = alpha__host_view(ctx, t);
        if (h) for (i = 0; i < n; i++) out[i] = (float)alpha__load(h->storage->data, h->dtype, alpha__offset_of(h, i));
        alpha_ctx_reset(ctx, m);
        return h ? ALPHA_OK : ctx->status;
    }
}
ALPHA_API alpha_result alpha_tensor_from_f32(alpha_ctx *ctx, alpha_tensor *t, const float *in, int64_t count) {
    int64_t i, n;
    if (!ctx || !t) return ALPHA_ERR_INVALID;
    n = alpha_tensor_numel(t);
    if (n != count) {
        char b[96];
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_tensor_from_f32: %s has %lld elements, got %lld",
                        alpha_tensor_describe(t, b, sizeof b), (long long)n, (long long)count);
        return ALPHA_ERR_INVALID;
    }
    if (t->storage->device != 0) {   /* convert on the host, then one upload */
        alpha_mark m = alpha_ctx_mark(ctx);
        alpha_result r;
        void *h = alpha_ctx_alloc(ctx, (size_t)n * alpha_dtype_size(t->dtype) + 1);
        if (!alpha_tensor_is_contiguous(t)) {
            alpha__fail(ctx, "alpha_tensor_from_f32: a device tensor must be contiguous");
            r = ALPHA_ERR_INVALID;
        } else {
            for (i = 0; h && i < n; i++) alpha__store(h, t->dtype, i, in[i]);
            r = h ? alpha__upload(ctx, t, h, (size_t)n * alpha_dtype_size(t->dtype)) : ctx->status;
        }
        alpha_ctx_reset(ctx, m);
        return r;
    }
    for (i = 0; i < n; i++) alpha__store(t->storage->data, t->dtype, alpha__offset_of(t, i), in[i]);
    return ALPHA_OK;
}
static alpha_result alpha__raw_check(alpha_ctx *ctx, const char *op, const alpha_tensor *t, size_t nbytes) {
    char b[96];
    if (!ctx || !t) return ALPHA_ERR_INVALID;
    if (!alpha_tensor_is_contiguous(t) || (size_t)alpha_tensor_numel(t) * alpha_dtype_size(t->dtype) != nbytes) {
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "%s: %s is not contiguous or is not %.0f bytes", op,
                        alpha_tensor_describe(t, b, sizeof b), (double)nbytes);
        return ALPHA_ERR_INVALID;
    }
    return ALPHA_OK;
}
ALPHA_API alpha_result alpha_tensor_read(alpha_ctx *ctx, const alpha_tensor *t, void *out, size_t nbytes) {
    alpha_result r = alpha__raw_check(ctx, "alpha_tensor_read", t, nbytes);
    if (r == ALPHA_OK && nbytes && t->storage->device != 0) {
        alpha_backend *b = &ctx->backends[t->storage->device];
        if (alpha__capture_blocks(ctx, t->storage->device, "alpha_tensor_read")) return ALPHA_ERR_STATE;
        r = b->download(b->user, t->storage->data, (size_t)t->offset * alpha_dtype_size(t->dtype), out, nbytes);
        if (r != ALPHA_OK) alpha_ctx_error(ctx, r, "alpha_tensor_read: download from %s failed", alpha_ctx_device_name(ctx, t->storage->device));
    } else if (r == ALPHA_OK && nbytes) {
        memcpy(out, alpha_tensor_data(t), nbytes);
    }
    return r;
}
ALPHA_API alpha_result alpha_tensor_write(alpha_ctx *ctx, alpha_tensor *t, const void *in, size_t nbytes) {
    alpha_result r = alpha__raw_check(ctx, "alpha_tensor_write", t, nbytes);
    if (r == ALPHA_OK && nbytes && t->storage->device != 0) r = alpha__upload(ctx, t, in, nbytes);
    else if (r == ALPHA_OK && nbytes) memcpy(alpha_tensor_data(t), in, nbytes);
    return r;
}
ALPHA_API double alpha_tensor_item(alpha_ctx *ctx, const alpha_tensor *t) {
    char b[96];
    if (!ctx || !t) return NAN;
    if (alpha_tensor_numel(t) != 1) {
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_tensor_item: %s is not a single value", alpha_tensor_describe(t, b, sizeof b));
        return NAN;
    }
    if (t->storage->device == 0) return alpha__load(t->storage->data, t->dtype, t->offset);
    {
        float v;
        return alpha_tensor_to_f32(ctx, t, &v, 1) == ALPHA_OK ? (double)v : NAN;
    }
}
ALPHA_API double alpha_tensor_get(alpha_ctx *ctx, const alpha_tensor *t, const int64_t *index) {
    int64_t off;
    int d;
    char b[96];
    if (!ctx || !t) return NAN;
    off = t->offset;
    for (d = 0; d < t->ndim; d++) {
        if (index[d] < 0 || index[d] >= t->shape[d]) {
            alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_tensor_get: index %lld out of range for dim %d of %s",
                            (long long)index[d], d, alpha_tensor_describe(t, b, sizeof b));
            return NAN;
        }
        off += index[d] * t->strides[d];
    }
    if (t->storage->device != 0) {   /* one element of the device tensor */
        alpha_tensor one = *t;
        float v;
        one.ndim = 0; one.offset = off;
        return alpha_tensor_to_f32(ctx, &one, &v, 1) == ALPHA_OK ? (double)v : NAN;
    }
    return alpha__load(t->storage->data, t->dtype, off);
}

ALPHA_API alpha_tensor *alpha_to_device(alpha_ctx *ctx, alpha_tensor *t, int device) {
    alpha_tensor *out;
    const alpha_tensor *h;
    if (!ctx || !t) return NULL;
    if (device < 0 || device >= ctx->n_devices) return alpha__fail(ctx, "alpha_to_device: no device %d (%d known)", device, ctx->n_devices);
    h = alpha__host_view(ctx, t);   /* the values on the host (a download for a device tensor) */
    if (!h) return NULL;
    if (!alpha_tensor_is_contiguous(h)) h = alpha_copy(ctx, (alpha_tensor *)h);
    if (!h) return NULL;
    out = alpha__new_on(ctx, device, t->dtype, t->ndim, t->shape);
    if (!out) return NULL;
    if (device == 0) { if (out->storage->nbytes) memcpy(out->storage->data, alpha_tensor_data(h), out->storage->nbytes); }
    else if (out->storage->nbytes && alpha__upload(ctx, out, alpha_tensor_data(h), out->storage->nbytes) != ALPHA_OK) return NULL;
    out->name = t->name;
    return out;
}

/* ---------------------------------------------------------------- views */
static alpha_tensor *alpha__record_view(alpha_ctx *ctx, alpha_op op, alpha_tensor *out, alpha_tensor *src) {
    alpha_node nd;
    alpha__node_init(&nd, op, out);
    nd.src[0] = src;
    alpha__record(ctx, &nd);
    return out;
}
ALPHA_API alpha_tensor *alpha_copy(alpha_ctx *ctx, alpha_tensor *x) {
    alpha_node nd;
    if (!ctx || !x) return NULL;
    alpha__node_init(&nd, ALPHA_OP_COPY, alpha__new_like(ctx, x, x->dtype));
    nd.src[0] = x;
    return alpha__run(ctx, &nd);
}
ALPHA_API alpha_tensor *alpha_contiguous(alpha_ctx *ctx, alpha_tensor *x) {
    if (!ctx || !x) return NULL;
    return alpha_tensor_is_contiguous(x) && x->storage->data ? x : alpha_copy(ctx, x);
}
/* Strides that show x's elements in shape s without moving them, if there are any: x's dims are
   taken in runs that are contiguous with each other, and each run must split into whole new dims. */
static int alpha__view_strides(const alpha_tensor *x, const alpha_shape *s, int64_t *strides) {
    int td, vd = s->ndim - 1;
    int64_t base, tn = 1, vn = 1;
    if (alpha_tensor_numel(x) == 0 || x->ndim == 0) { alpha__contig_strides(s->d, s->ndim, strides); return 1; }
    base = x->strides[x->ndim - 1];
    for (td = x->ndim - 1; td >= 0; td--) {
        tn *= x->shape[td];
        if (td == 0 || (x->shape[td - 1] != 1 && x->strides[td - 1] != tn * base)) {
            while (vd >= 0 && (vn < tn || s->d[vd] == 1)) {
                strides[vd] = vn * base;
                vn *= s->d[vd];
                vd--;
            }
            if (vn != tn) return 0;
            if (td > 0) { base = x->strides[td - 1]; tn = 1; vn = 1; }
        }
    }
    return vd == -1;
}

ALPHA_API alpha_tensor *alpha_reshape(alpha_ctx *ctx, alpha_tensor *x, alpha_shape s) {
    alpha_tensor *t;
    int64_t strides[ALPHA_MAX_DIMS];
    int d, infer = -1;
    int64_t known = 1, n;
    char b[96], sb[160];
    if (!ctx || !x) return NULL;
    if (s.ndim < 0 || s.ndim > ALPHA_MAX_DIMS) return alpha__fail(ctx, "alpha_reshape: %d dims (at most %d)", s.ndim, ALPHA_MAX_DIMS);
    n = alpha_tensor_numel(x);
    for (d = 0; d < s.ndim; d++) {
        if (s.d[d] == -1 && infer < 0) infer = d;
        else if (s.d[d] < 0) return alpha__fail(ctx, "alpha_reshape: bad shape %s for %s", alpha__shape_str(s.d, s.ndim, sb, sizeof sb), alpha_tensor_describe(x, b, sizeof b));
        else known *= s.d[d];
    }
    if (infer >= 0) {
        if (known == 0 || n % known) return alpha__fail(ctx, "alpha_reshape: cannot infer -1 in %s for %s", alpha__shape_str(s.d, s.ndim, sb, sizeof sb), alpha_tensor_describe(x, b, sizeof b));
        s.d[infer] = n / known;
        known = n;
    }
    if (known != n)
        return alpha__fail(ctx, "alpha_reshape: %s has %lld elements, shape %s has %lld", alpha_tensor_describe(x, b, sizeof b),
                           (long long)n, alpha__shape_str(s.d, s.ndim, sb, sizeof sb), (long long)known);
    if (!alpha__view_strides(x, &s, strides)) {   /* the layout does not allow a view: copy */
        x = alpha_copy(ctx, x);
        if (!x) return NULL;
        alpha__contig_strides(s.d, s.ndim, strides);
    }
    t = alpha__view_of(ctx, x);
    if (!t) return NULL;
    t->ndim = s.ndim;
    memcpy(t->shape, s.d, sizeof t->shape);
    memcpy(t->strides, strides, sizeof t->strides);
    return alpha__record_view(ctx, ALPHA_OP_RESHAPE, t, x);
}
ALPHA_API alpha_tensor *alpha_permute(alpha_ctx *ctx, alpha_tensor *x, const int *perm) {
    alpha_tensor *t;
    alpha_node nd;
    int d, seen[ALPHA_MAX_DIMS] = {0};
    char b[96];
    if (!ctx || !x) return NULL;
    for (d = 0; d < x->ndim; d++) {
        int p = perm[d];
        if (p < 0 || p >= x->ndim || seen[p]) return alpha__fail(ctx, "alpha_permute: invalid permutation for %s (entry %d is %d)", alpha_tensor_describe(x, b, sizeof b), d, p);
        seen[p] = 1;
    }
    t = alpha__view_of(ctx, x);
    if (!t) return NULL;
    t->ndim = x->ndim;
    for (d = 0; d < x->ndim; d++) { t->shape[d] = x->shape[perm[d]]; t->strides[d] = x->strides[perm[d]]; }
    alpha__node_init(&nd, ALPHA_OP_PERMUTE, t);
    nd.src[0] = x;
    for (d = 0; d < x->ndim; d++) nd.i[d] = perm[d];
    alpha__record(ctx, &nd);
    return t;
}
ALPHA_API alpha_tensor *alpha_transpose(alpha_ctx *ctx, alpha_tensor *x, int d0, int d1) {
    int perm[ALPHA_MAX_DIMS], d, a0, a1;
    if (!ctx || !x) return NULL;
    if (!alpha__axis(ctx, "alpha_transpose", x, d0, &a0) || !alpha__axis(ctx, "alpha_transpose", x, d1, &a1)) return NULL;
    for (d = 0; d < x->ndim; d++) perm[d] = d;
    perm[a0] = a1; perm[a1] = a0;
    return alpha_permute(ctx, x, perm);
}
ALPHA_API alpha_tensor *alpha_slice(alpha_ctx *ctx, alpha_tensor *x, int dim, int64_t start, int64_t stop, int64_t step) {
    alpha_tensor *t;
    alpha_node nd;
    int a;
    int64_t n;
    char b[96];
    if (!ctx || !x) return NULL;
    if (!alpha__axis(ctx, "alpha_slice", x, dim, &a)) return NULL;
    n = x->shape[a];
    if (start < 0) start += n;
    if (stop < 0) stop += n;
    if (stop > n) stop = n;
    if (step < 1 || start < 0 || start > n || stop < 0)
        return alpha__fail(ctx, "alpha_slice: range %lld:%lld:%lld out of bounds for dim %d of %s", (long long)start,
                           (long long)stop, (long long)step, a, alpha_tensor_describe(x, b, sizeof b));
    t = alpha__view_of(ctx, x);
    if (!t) return NULL;
    t->ndim = x->ndim;
    memcpy(t->shape, x->shape, sizeof t->shape);
    memcpy(t->strides, x->strides, sizeof t->strides);
    t->shape[a] = stop > start ? (stop - start + step - 1) / step : 0;
    t->strides[a] = x->strides[a] * step;
    t->offset = x->offset + start * x->strides[a];
    alpha__node_init(&nd, ALPHA_OP_SLICE, t);
    nd.src[0] = x;
    nd.i[0] = a; nd.i[1] = start; nd.i[2] = step;
    alpha__record(ctx, &nd);
    return t;
}
ALPHA_API alpha_tensor *alpha_narrow(alpha_ctx *ctx, alpha_tensor *x, int dim, int64_t start, int64_t length) {
    int a;
    char b[96];
    if (!ctx || !x) return NULL;
    if (!alpha__axis(ctx, "alpha_narrow", x, dim, &a)) return NULL;
    if (start < 0 || length < 0 || start + length > x->shape[a])
        return alpha__fail(ctx, "alpha_narrow: [%lld, %lld) out of bounds for dim %d of %s", (long long)start,
                           (long long)(start + length), a, alpha_tensor_describe(x, b, sizeof b));
    return alpha_slice(ctx, x, a, start, start + length, 1);
}
ALPHA_API alpha_tensor *alpha_expand(alpha_ctx *ctx, alpha_tensor *x, alpha_shape s) {
    alpha_tensor *t;
    int d, lead;
    char b[96], sb[160];
    if (!ctx || !x) return NULL;
    if (!alpha__check_shape(ctx, "alpha_expand", s)) return NULL;
    lead = s.ndim - x->ndim;
    if (lead < 0) return alpha__fail(ctx, "alpha_expand: cannot expand %s to fewer dims %s", alpha_tensor_describe(x, b, sizeof b), alpha__shape_str(s.d, s.ndim, sb, sizeof sb));
    t = alpha__view_of(ctx, x);
    if (!t) return NULL;
    t->ndim = s.ndim;
    for (d = 0; d < s.ndim; d++) {
        int j = d - lead;
        t->shape[d] = s.d[d];
        if (j < 0) t->strides[d] = 0;
        else if (x->shape[j] == s.d[d]) t->strides[d] = x->strides[j];
        else if (x->shape[j] == 1) t->strides[d] = 0;
        else return alpha__fail(ctx, "alpha_expand: cannot expand %s to %s (dim %d)", alpha_tensor_describe(x, b, sizeof b), alpha__shape_str(s.d, s.ndim, sb, sizeof sb), d);
    }
    return alpha__record_view(ctx, ALPHA_OP_EXPAND, t, x);
}

/* ---------------------------------------------------------------- elementwise ops */
static alpha_tensor *alpha__unary(alpha_ctx *ctx, const char *name, alpha_op op, alpha_tensor *x, float f0, float f1) {
    alpha_node nd;
    if (!ctx || !x) return NULL;
    if (!alpha__need_f32(ctx, name, x)) return NULL;
    alpha__node_init(&nd, op, alpha__new_like(ctx, x, ALPHA_F32));
    nd.src[0] = x; nd.f[0] = f0; nd.f[1] = f1;
    return alpha__run(ctx, &nd);
}
ALPHA_API alpha_tensor *alpha_neg(alpha_ctx *c, alpha_tensor *x) { return alpha__unary(c, "alpha_neg", ALPHA_OP_NEG, x, 0, 0); }
ALPHA_API alpha_tensor *alpha_scale(alpha_ctx *c, alpha_tensor *x, float s) { return alpha__unary(c, "alpha_scale", ALPHA_OP_SCALE, x, s, 0); }
ALPHA_API alpha_tensor *alpha_add_scalar(alpha_ctx *c, alpha_tensor *x, float s) { return alpha__unary(c, "alpha_add_scalar", ALPHA_OP_ADD_SCALAR, x, s, 0); }
ALPHA_API alpha_tensor *alpha_exp(alpha_ctx *c, alpha_tensor *x) { return alpha__unary(c, "alpha_exp", ALPHA_OP_EXP, x, 0, 0); }
ALPHA_API alpha_tensor *alpha_log(alpha_ctx *c, alpha_tensor *x) { return alpha__unary(c, "alpha_log", ALPHA_OP_LOG, x, 0, 0); }
ALPHA_API alpha_tensor *alpha_sqrt(alpha_ctx *c, alpha_tensor *x) { return alpha__unary(c, "alpha_sqrt", ALPHA_OP_SQRT, x, 0, 0); }
ALPHA_API alpha_tensor *alpha_rsqrt(alpha_ctx *c, alpha_tensor *x) { return alpha__unary(c, "alpha_rsqrt", ALPHA_OP_RSQRT, x, 0, 0); }
ALPHA_API alpha_tensor *alpha_pow(alpha_ctx *c, alpha_tensor *x, float e) { return alpha__unary(c, "alpha_pow", ALPHA_OP_POW, x, e, 0); }
ALPHA_API alpha_tensor *alpha_abs(alpha_ctx *c, alpha_tensor *x) { return alpha__unary(c, "alpha_abs", ALPHA_OP_ABS, x, 0, 0); }
ALPHA_API alpha_tensor *alpha_tanh(alpha_ctx *c, alpha_tensor *x) { return alpha__unary(c, "alpha_tanh", ALPHA_OP_TANH, x, 0, 0); }
ALPHA_API alpha_tensor *alpha_sigmoid(alpha_ctx *c, alpha_tensor *x) { return alpha__unary(c, "alpha_sigmoid", ALPHA_OP_SIGMOID, x, 0, 0); }
ALPHA_API alpha_tensor *alpha_relu(alpha_ctx *c, alpha_tensor *x) { return alpha__unary(c, "alpha_relu", ALPHA_OP_RELU, x, 0, 0); }
ALPHA_API alpha_tensor *alpha_gelu(alpha_ctx *c, alpha_tensor *x) { return alpha__unary(c, "alpha_gelu", ALPHA_OP_GELU, x, 0, 0); }
ALPHA_API alpha_tensor *alpha_silu(alpha_ctx *c, alpha_tensor *x) { return alpha__unary(c, "alpha_silu", ALPHA_OP_SILU, x, 0, 0); }
ALPHA_API alpha_tensor *alpha_clamp(alpha_ctx *c, alpha_tensor *x, float lo, float hi) {
    if (c && x && !(lo <= hi)) return alpha__fail(c, "alpha_clamp: lo %g > hi %g", (double)lo, (double)hi);
    return alpha__unary(c, "alpha_clamp", ALPHA_OP_CLAMP, x, lo, hi);
}

/* Broadcast shape of n tensors into *out; 0 and an error naming op and shapes if they do not fit. */
static int alpha__broadcast(alpha_ctx *ctx, const char *op, alpha_tensor *const *ts, int n, alpha_shape *out) {
    int k, d, nd = 0;
    for (k = 0; k < n; k++) if (ts[k]->ndim > nd) nd = ts[k]->ndim;
    out->ndim = nd;
    for (d = 0; d < nd; d++) {
        int64_t size = 1;
        for (k = 0; k < n; k++) {
            int j = d - (nd - ts[k]->ndim);
            int64_t s = j < 0 ? 1 : ts[k]->shape[j];
            if (s == 1) continue;
            if (size != 1 && size != s) {
                alpha__descbuf db;
                db.i = 0;
                if (n == 2) alpha__fail(ctx, "%s: cannot broadcast %s with %s (dim %d: %lld vs %lld)", op, alpha__d(&db, ts[0]),
                                        alpha__d(&db, ts[1]), d, (long long)size, (long long)s);
                else alpha__fail(ctx, "%s: cannot broadcast %s, %s and %s (dim %d)", op, alpha__d(&db, ts[0]), alpha__d(&db, ts[1]),
                                 alpha__d(&db, ts[2]), d);
                return 0;
            }
            size = s;
        }
        out->d[d] = size;
    }
    return 1;
}
static alpha_tensor *alpha__binary(alpha_ctx *ctx, const char *name, alpha_op op, alpha_tensor *a, alpha_tensor *b) {
    alpha_node nd;
    alpha_tensor *ab[2];
    alpha_shape s;
    if (!ctx || !a || !b) return NULL;
    if (!alpha__need_f32(ctx, name, a) || !alpha__need_f32(ctx, name, b)) return NULL;
    ab[0] = a; ab[1] = b;
    if (!alpha__broadcast(ctx, name, ab, 2, &s)) return NULL;
    alpha__node_init(&nd, op, alpha__new(ctx, a, ALPHA_F32, s.ndim, s.d));
    nd.src[0] = a; nd.src[1] = b;
    return alpha__run(ctx, &nd);
}
ALPHA_API alpha_tensor *alpha_add(alpha_ctx *c, alpha_tensor *a, alpha_tensor *b) { return alpha__binary(c, "alpha_add", ALPHA_OP_ADD, a, b); }
ALPHA_API alpha_tensor *alpha_sub(alpha_ctx *c, alpha_tensor *a, alpha_tensor *b) { return alpha__binary(c, "alpha_sub", ALPHA_OP_SUB, a, b); }
ALPHA_API alpha_tensor *alpha_mul(alpha_ctx *c, alpha_tensor *a, alpha_tensor *b) { return alpha__binary(c, "alpha_mul", ALPHA_OP_MUL, a, b); }
ALPHA_API alpha_tensor *alpha_div(alpha_ctx *c, alpha_tensor *a, alpha_tensor *b) { return alpha__binary(c, "alpha_div", ALPHA_OP_DIV, a, b); }
ALPHA_API alpha_tensor *alpha_equal(alpha_ctx *c, alpha_tensor *a, alpha_tensor *b) { return alpha__binary(c, "alpha_equal", ALPHA_OP_EQUAL, a, b); }

ALPHA_API alpha_tensor *alpha_where(alpha_ctx *ctx, alpha_tensor *cond, alpha_tensor *a, alpha_tensor *b) {
    alpha_node nd;
    alpha_tensor *ts[3];
    alpha_shape s;
    char d0[96];
    if (!ctx || !cond || !a || !b) return NULL;
    if (cond->dtype != ALPHA_F32 && cond->dtype != ALPHA_I32)
        return alpha__fail(ctx, "alpha_where: condition must be i32 or f32, got %s", alpha_tensor_describe(cond, d0, sizeof d0));
    if (!alpha__need_f32(ctx, "alpha_where", a) || !alpha__need_f32(ctx, "alpha_where", b)) return NULL;
    ts[0] = cond; ts[1] = a; ts[2] = b;
    if (!alpha__broadcast(ctx, "alpha_where", ts, 3, &s)) return NULL;
    alpha__node_init(&nd, ALPHA_OP_WHERE, alpha__new(ctx, a, ALPHA_F32, s.ndim, s.d));
    nd.src[0] = cond; nd.src[1] = a; nd.src[2] = b;
    return alpha__run(ctx, &nd);
}
ALPHA_API alpha_tensor *alpha_masked_fill(alpha_ctx *ctx, alpha_tensor *x, alpha_tensor *mask, float value) {
    alpha_tensor *v;
    if (!ctx || !x || !mask) return NULL;
    v = alpha_full_on(ctx, alpha_tensor_device(x), ALPHA_F32, alpha_shape_n(0, NULL), value);
    return alpha_where(ctx, mask, v, x);
}
ALPHA_API alpha_tensor *alpha_dropout_at(alpha_ctx *ctx, alpha_tensor *x, float p, alpha_rng_state rng) {
    alpha_node nd;
    if (!ctx || !x) return NULL;
    if (!(p >= 0.0f && p < 1.0f)) return alpha__fail(ctx, "alpha_dropout: p = %g is not in [0, 1)", (double)p);
    if (!alpha__need_f32(ctx, "alpha_dropout", x)) return NULL;
    x = alpha_contiguous(ctx, x);
    if (!x) return NULL;
    alpha__node_init(&nd, ALPHA_OP_DROPOUT, alpha__new_like(ctx, x, ALPHA_F32));
    nd.src[0] = x; nd.f[0] = p; nd.i[0] = (int64_t)rng.seed; nd.i[1] = (int64_t)rng.offset;
    return alpha__run(ctx, &nd);
}
ALPHA_API alpha_tensor *alpha_dropout(alpha_ctx *ctx, alpha_tensor *x, float p) {
    alpha_tensor *y;
    if (!ctx || !x) return NULL;
    y = alpha_dropout_at(ctx, x, p, ctx->rng);
    if (y) ctx->rng.offset += (uint64_t)alpha_tensor_numel(x);
    return y;
}
ALPHA_API alpha_tensor *alpha_cast(alpha_ctx *ctx, alpha_tensor *x, alpha_dtype dt) {
    alpha_node nd;
    if (!ctx || !x) return NULL;
    if ((unsigned)dt > ALPHA_I32) return alpha__fail(ctx, "alpha_cast: unknown dtype %d", (int)dt);
    alpha__node_init(&nd, ALPHA_OP_CAST, alpha__new_like(ctx, x, dt));
    nd.src[0] = x;
    nd.i[0] = dt;
    return alpha__run(ctx, &nd);
}

/* ---------------------------------------------------------------- reductions */
static alpha_tensor *alpha__reduce(alpha_ctx *ctx, const char *name, alpha_op op, alpha_tensor *x, unsigned axes, int keepdim) {
    alpha_node nd;
    int64_t shape[ALPHA_MAX_DIMS];
    int d, n = 0;
    char b[96];
    if (!ctx || !x) return NULL;
    if (!alpha__need_f32(ctx, name, x)) return NULL;
    if (axes == ALPHA_ALL_AXES) axes = (1u << x->ndim) - 1u;
    if (axes >> x->ndim) return alpha__fail(ctx, "%s: axes mask 0x%x names dims that %s does not have", name, axes, alpha_tensor_describe(x, b, sizeof b));
    if (op != ALPHA_OP_SUM && op != ALPHA_OP_MEAN)
        for (d = 0; d < x->ndim; d++) if ((axes >> d & 1u) && x->shape[d] == 0)
            return alpha__fail(ctx, "%s: cannot reduce the empty dim %d of %s", name, d, alpha_tensor_describe(x, b, sizeof b));
    for (d = 0; d < x->ndim; d++) {
        if (axes >> d & 1u) { if (keepdim) shape[n++] = 1; }
        else shape[n++] = x->shape[d];
    }
    alpha__node_init(&nd, op, alpha__new(ctx, x, op == ALPHA_OP_ARGMAX ? ALPHA_I32 : ALPHA_F32, n, shape));
    nd.src[0] = x; nd.i[0] = axes; nd.i[1] = keepdim != 0;
    return alpha__run(ctx, &nd);
}
ALPHA_API alpha_tensor *alpha_sum(alpha_ctx *c, alpha_tensor *x, unsigned axes, int keepdim) { return alpha__reduce(c, "alpha_sum", ALPHA_OP_SUM, x, axes, keepdim); }
ALPHA_API alpha_tensor *alpha_mean(alpha_ctx *c, alpha_tensor *x, unsigned axes, int keepdim) { return alpha__reduce(c, "alpha_mean", ALPHA_OP_MEAN, x, axes, keepdim); }
ALPHA_API alpha_tensor *alpha_max(alpha_ctx *c, alpha_tensor *x, unsigned axes, int keepdim) { return alpha__reduce(c, "alpha_max", ALPHA_OP_MAX, x, axes, keepdim); }
ALPHA_API alpha_tensor *alpha_min(alpha_ctx *c, alpha_tensor *x, unsigned axes, int keepdim) { return alpha__reduce(c, "alpha_min", ALPHA_OP_MIN, x, axes, keepdim); }
ALPHA_API alpha_tensor *alpha_argmax(alpha_ctx *ctx, alpha_tensor *x, int axis, int keepdim) {
    int a;
    if (!ctx || !x) return NULL;
    if (!alpha__axis(ctx, "alpha_argmax", x, axis, &a)) return NULL;
    return alpha__reduce(ctx, "alpha_argmax", ALPHA_OP_ARGMAX, x, 1u << a, keepdim);
}

static alpha_tensor *alpha__softmax_like(alpha_ctx *ctx, const char *name, alpha_op op, alpha_tensor *x, alpha_tensor *g, int axis) {
    alpha_node nd;
    int a;
    if (!ctx || !x) return NULL;
    if (!alpha__need_f32(ctx, name, x) || !alpha__axis(ctx, name, x, axis, &a)) return NULL;
    x = alpha_contiguous(ctx, x);
    if (!x) return NULL;
    if (g) {
        alpha__descbuf db;
        db.i = 0;
        if (g->ndim != x->ndim || memcmp(g->shape, x->shape, (size_t)x->ndim * sizeof *x->shape))
            return alpha__fail(ctx, "%s: gradient %s does not match %s", name, alpha__d(&db, g), alpha__d(&db, x));
        if (!(g = alpha_contiguous(ctx, g))) return NULL;
    }
    alpha__node_init(&nd, op, alpha__new_like(ctx, x, ALPHA_F32));
    nd.src[0] = x; nd.src[1] = g; nd.i[0] = a;
    return alpha__run(ctx, &nd);
}
ALPHA_API alpha_tensor *alpha_softmax(alpha_ctx *c, alpha_tensor *x, int axis) { return alpha__softmax_like(c, "alpha_softmax", ALPHA_OP_SOFTMAX, x, NULL, axis); }
ALPHA_API alpha_tensor *alpha_log_softmax(alpha_ctx *c, alpha_tensor *x, int axis) { return alpha__softmax_like(c, "alpha_log_softmax", ALPHA_OP_LOG_SOFTMAX, x, NULL, axis); }
ALPHA_API alpha_tensor *alpha_softmax_backward(alpha_ctx *c, alpha_tensor *y, alpha_tensor *gy, int axis) {
    if (c && y && !gy) return NULL;
    return alpha__softmax_like(c, "alpha_softmax_backward", ALPHA_OP_SOFTMAX_BACKWARD, y, gy, axis);
}
ALPHA_API alpha_tensor *alpha_log_softmax_backward(alpha_ctx *c, alpha_tensor *y, alpha_tensor *gy, int axis) {
    if (c && y && !gy) return NULL;
    return alpha__softmax_like(c, "alpha_log_softmax_backward", ALPHA_OP_LOG_SOFTMAX_BACKWARD, y, gy, axis);
}

ALPHA_API alpha_tensor *alpha_topk(alpha_ctx *ctx, alpha_tensor *x, int k, alpha_tensor **indices) {
    alpha_node nd;
    int64_t shape[ALPHA_MAX_DIMS];
    char b[96];
    if (indices) *indices = NULL;
    if (!ctx || !x) return NULL;
    if (!alpha__need_f32(ctx, "alpha_topk", x)) return NULL;
    if (x->ndim < 1 || k < 1 || k > x->shape[x->ndim - 1])
        return alpha__fail(ctx, "alpha_topk: k = %d out of range for %s", k, alpha_tensor_describe(x, b, sizeof b));
    x = alpha_contiguous(ctx, x);
    if (!x) return NULL;
    memcpy(shape, x->shape, sizeof shape);
    shape[x->ndim - 1] = k;
    alpha__node_init(&nd, ALPHA_OP_TOPK, alpha__new(ctx, x, ALPHA_F32, x->ndim, shape));
    nd.saved[0] = alpha__new(ctx, x, ALPHA_I32, x->ndim, shape);
    if (!nd.saved[0]) return NULL;
    nd.src[0] = x; nd.i[0] = k;
    if (!alpha__run(ctx, &nd)) return NULL;
    if (indices) *indices = nd.saved[0];
    return nd.out;
}

/* ---------------------------------------------------------------- neural-network ops */
ALPHA_API alpha_tensor *alpha_layernorm(alpha_ctx *ctx, alpha_tensor *x, alpha_tensor *w, alpha_tensor *bias, float eps) {
    alpha_node nd;
    int64_t C;
    alpha__descbuf db;
    db.i = 0;
    if (!ctx || !x) return NULL;
    if (!alpha__need_f32(ctx, "alpha_layernorm", x)) return NULL;
    if (x->ndim < 1) return alpha__fail(ctx, "alpha_layernorm: x must have at least one dim");
    C = x->shape[x->ndim - 1];
    if ((w && (w->ndim != 1 || w->shape[0] != C || w->dtype != ALPHA_F32)) || (bias && (bias->ndim != 1 || bias->shape[0] != C || bias->dtype != ALPHA_F32)))
        return alpha__fail(ctx, "alpha_layernorm: x %s needs f32[%lld] weight and bias, got %s and %s", alpha__d(&db, x), (long long)C,
                           alpha__d(&db, w), alpha__d(&db, bias));
    if (!(eps >= 0)) return alpha__fail(ctx, "alpha_layernorm: eps %g must be >= 0", (double)eps);
    x = alpha_contiguous(ctx, x);
    if (!x) return NULL;
    alpha__node_init(&nd, ALPHA_OP_LAYERNORM, alpha__new_like(ctx, x, ALPHA_F32));
    nd.saved[0] = alpha__new(ctx, x, ALPHA_F32, x->ndim - 1, x->shape);
    nd.saved[1] = alpha__new(ctx, x, ALPHA_F32, x->ndim - 1, x->shape);
    if (!nd.saved[0] || !nd.saved[1]) return NULL;
    nd.src[0] = x; nd.src[1] = w; nd.src[2] = bias;
    nd.f[0] = eps;
    return alpha__run(ctx, &nd);
}
ALPHA_API alpha_tensor *alpha_add_layernorm(alpha_ctx *ctx, alpha_tensor *x, alpha_tensor *res, alpha_tensor *w, alpha_tensor *bias,
                                            float eps, alpha_tensor **sum) {
    alpha_node nd;
    int64_t C;
    alpha__descbuf db;
    db.i = 0;
    if (sum) *sum = NULL;
    if (!ctx || !x || !res) return NULL;
    if (!alpha__need_f32(ctx, "alpha_add_layernorm", x) || !alpha__need_f32(ctx, "alpha_add_layernorm", res)) return NULL;
    if (x->ndim < 1 || x->ndim != res->ndim || memcmp(x->shape, res->shape, (size_t)x->ndim * sizeof *x->shape))
        return alpha__fail(ctx, "alpha_add_layernorm: x %s and r %s must have one shape of at least one dim", alpha__d(&db, x), alpha__d(&db, res));
    C = x->shape[x->ndim - 1];
    if ((w && (w->ndim != 1 || w->shape[0] != C || w->dtype != ALPHA_F32)) || (bias && (bias->ndim != 1 || bias->shape[0] != C || bias->dtype != ALPHA_F32)))
        return alpha__fail(ctx, "alpha_add_layernorm: x %s needs f32[%lld] weight and bias, got %s and %s", alpha__d(&db, x), (long long)C,
                           alpha__d(&db, w), alpha__d(&db, bias));
    if (!(eps >= 0)) return alpha__fail(ctx, "alpha_add_layernorm: eps %g must be >= 0", (double)eps);
    x = alpha_contiguous(ctx, x);
    res = alpha_contiguous(ctx, res);
    if (!x || !res) return NULL;
    alpha__node_init(&nd, ALPHA_OP_ADD_LAYERNORM, alpha__new_like(ctx, x, ALPHA_F32));
    nd.saved[0] = alpha__new(ctx, x, ALPHA_F32, x->ndim - 1, x->shape);
    nd.saved[1] = alpha__new(ctx, x, ALPHA_F32, x->ndim - 1, x->shape);
    nd.saved[2] = alpha__new_like(ctx, x, ALPHA_F32);
    if (!nd.saved[0] || !nd.saved[1] || !nd.saved[2]) return NULL;
    nd.src[0] = x; nd.src[1] = res; nd.src[2] = w; nd.src[3] = bias;
    nd.f[0] = eps;
    if (!alpha__run(ctx, &nd)) return NULL;
    nd.saved[2]->requires_grad = nd.out->requires_grad;   /* the sum is an output too: the tape sees its later uses */
    if (sum) *sum = nd.saved[2];
    return nd.out;
}

/* q, k, v of alpha_attention: f32, 4-D, matching shapes, unit last stride (else a contiguous copy) */
static int alpha__attn_check(alpha_ctx *ctx, const char *fn, alpha_tensor **q, alpha_tensor **k, alpha_tensor **v) {
    alpha__descbuf db;
    alpha_tensor **ts[3];
    int i;
    db.i = 0;
    ts[0] = q; ts[1] = k; ts[2] = v;
    for (i = 0; i < 3; i++)
        if (!*ts[i] || !alpha__need_f32(ctx, fn, *ts[i]) || (*ts[i])->ndim != 4) {
            if (*ts[i] && ctx->status == ALPHA_OK) alpha__fail(ctx, "%s: q, k, v must be 4-D [B, H, len, D], got %s", fn, alpha__d(&db, *ts[i]));
            return 0;
        }
    if ((*k)->shape[0] != (*q)->shape[0] || (*k)->shape[1] != (*q)->shape[1] || (*k)->shape[3] != (*q)->shape[3] ||
        memcmp((*k)->shape, (*v)->shape, 4 * sizeof *(*k)->shape) || (*k)->shape[2] < (*q)->shape[2] ||
        (*q)->shape[3] > ALPHA_ATTENTION_MAX_D || (*q)->shape[3] < 1) {
        alpha__fail(ctx, "%s: q %s, k %s, v %s: need q [B, H, T, D], k and v [B, H, S, D] with S >= T and 1 <= D <= %d", fn,
                    alpha__d(&db, *q), alpha__d(&db, *k), alpha__d(&db, *v), ALPHA_ATTENTION_MAX_D);
        return 0;
    }
    for (i = 0; i < 3; i++)
        if ((*ts[i])->strides[3] != 1 && !(*ts[i] = alpha_contiguous(ctx, *ts[i]))) return 0;
    return 1;
}
ALPHA_API alpha_tensor *alpha_attention(alpha_ctx *ctx, alpha_tensor *q, alpha_tensor *k, alpha_tensor *v, float scale) {
    alpha_node nd;
    if (!ctx || !alpha__attn_check(ctx, "alpha_attention", &q, &k, &v)) return NULL;
    alpha__node_init(&nd, ALPHA_OP_ATTENTION, alpha__new(ctx, q, ALPHA_F32, 4, q->shape));
    nd.saved[0] = alpha__new(ctx, q, ALPHA_F32, 3, q->shape);
    if (!nd.out || !nd.saved[0]) return NULL;
    nd.src[0] = q; nd.src[1] = k; nd.src[2] = v;
    nd.f[0] = scale;
    return alpha__run(ctx, &nd);
}
ALPHA_API alpha_result alpha_attention_backward(alpha_ctx *ctx, alpha_tensor *q, alpha_tensor *k, alpha_tensor *v, alpha_tensor *o,
                                                alpha_tensor *lse, alpha_tensor *go, float scale,
                                                alpha_tensor **gq, alpha_tensor **gk, alpha_tensor **gv) {
    alpha_node nd;
    int64_t kv_shape[4];
    if (!ctx || !o || !lse || !go || !gq || !gk || !gv) return ALPHA_ERR_INVALID;
    if (!alpha__attn_check(ctx, "alpha_attention_backward", &q, &k, &v)) return ctx->status;
    if (go->ndim != 4 || memcmp(go->shape, q->shape, 4 * sizeof *q->shape)) {
        alpha__fail(ctx, "alpha_attention_backward: the gradient does not match the output");
        return ALPHA_ERR_INVALID;
    }
    go = alpha_contiguous(ctx, go);
    if (!go) return ctx->status;
    memcpy(kv_shape, k->shape, sizeof kv_shape);
    kv_shape[3] *= 2;
    alpha__node_init(&nd, ALPHA_OP_ATTENTION_BACKWARD, alpha__new(ctx, q, ALPHA_F32, 4, q->shape));
    nd.saved[0] = alpha__new(ctx, q, ALPHA_F32, 4, kv_shape);
    nd.saved[1] = alpha__new(ctx, q, ALPHA_F32, 3, q->shape);
    if (!nd.out || !nd.saved[0] || !nd.saved[1]) return ctx->status;
    nd.src[0] = q; nd.src[1] = k; nd.src[2] = v; nd.src[3] = o; nd.src[4] = lse; nd.src[5] = go;
    nd.f[0] = scale;
    if (!alpha__exec(ctx, &nd)) return ctx->status;   /* not recorded: backward kernels run with grad mode off */
    *gq = nd.out;
    *gk = alpha_narrow(ctx, nd.saved[0], 3, 0, q->shape[3]);
    *gv = alpha_narrow(ctx, nd.saved[0], 3, q->shape[3], q->shape[3]);
    return ctx->status;
}

static alpha_tensor *alpha__matmul(alpha_ctx *ctx, const char *name, alpha_tensor *a, alpha_tensor *b, alpha_tensor *bias, alpha_tensor *gelu_in) {
    alpha_node nd;
    int64_t shape[ALPHA_MAX_DIMS];
    int d, nb, nba, nbb;
    alpha__descbuf db;
    db.i = 0;
    if (!ctx || !a || !b) return NULL;
    if (!alpha__need_f32(ctx, name, a) || !alpha__need_f32(ctx, name, b)) return NULL;
    if (a->ndim < 2 || b->ndim < 2)
        return alpha__fail(ctx, "%s: a%s @ b%s: both need at least 2 dims", name, alpha__d(&db, a) + 3, alpha__d(&db, b) + 3);
    if (a->shape[a->ndim - 1] != b->shape[b->ndim - 2])
        return alpha__fail(ctx, "%s: a%s @ b%s: inner dims %lld != %lld", name, alpha__d(&db, a) + 3, alpha__d(&db, b) + 3,
                           (long long)a->shape[a->ndim - 1], (long long)b->shape[b->ndim - 2]);
    nba = a->ndim - 2; nbb = b->ndim - 2;
    nb = nba > nbb ? nba : nbb;
    for (d = 0; d < nb; d++) {
        int ja = d - (nb - nba), jb = d - (nb - nbb);
        int64_t sa = ja < 0 ? 1 : a->shape[ja], sb = jb < 0 ? 1 : b->shape[jb];
        if (sa != sb && sa != 1 && sb != 1)
            return alpha__fail(ctx, "%s: a%s @ b%s: batch dims do not broadcast (dim %d: %lld vs %lld)", name, alpha__d(&db, a) + 3,
                               alpha__d(&db, b) + 3, d, (long long)sa, (long long)sb);
        shape[d] = sa == 1 ? sb : sa;
    }
    if (a->shape[a->ndim - 1] > INT32_MAX || a->shape[a->ndim - 2] > INT32_MAX || b->shape[b->ndim - 1] > INT32_MAX)
        return alpha__fail(ctx, "%s: matrix dims above 2^31 are not supported", name);
    shape[nb] = a->shape[a->ndim - 2];
    shape[nb + 1] = b->shape[b->ndim - 1];
    alpha__node_init(&nd, ALPHA_OP_MATMUL, alpha__new(ctx, a, ALPHA_F32, nb + 2, shape));
    nd.src[0] = a; nd.src[1] = b; nd.src[2] = bias; nd.src[3] = gelu_in;
    if (gelu_in && (!nd.out || gelu_in->ndim != nd.out->ndim || memcmp(gelu_in->shape, nd.out->shape, (size_t)gelu_in->ndim * sizeof *gelu_in->shape)))
        return alpha__fail(ctx, "%s: h%s is not of the product's shape", name, alpha__d(&db, gelu_in) + 3);
    if (nd.out && a->shape[a->ndim - 1] == 0 && nd.out->storage->device == 0) memset(nd.out->storage->data, 0, nd.out->storage->nbytes);
    return alpha__run(ctx, &nd);
}
ALPHA_API alpha_tensor *alpha_matmul(alpha_ctx *ctx, alpha_tensor *a, alpha_tensor *b) { return alpha__matmul(ctx, "alpha_matmul", a, b, NULL, NULL); }
ALPHA_API alpha_tensor *alpha_matmul_gelu_backward(alpha_ctx *ctx, alpha_tensor *a, alpha_tensor *b, alpha_tensor *h) {
    alpha_tensor *y;
    int prev;
    if (!ctx || !a || !b || !h) return NULL;
    if (!alpha__need_f32(ctx, "alpha_matmul_gelu_backward", h)) return NULL;
    prev = alpha_ctx_set_grad_enabled(ctx, 0);   /* a backward op: never on the tape (MATMUL's rule knows no gelu') */
    h = alpha_contiguous(ctx, h);
    y = h ? alpha__matmul(ctx, "alpha_matmul_gelu_backward", a, b, NULL, h) : NULL;
    alpha_ctx_set_grad_enabled(ctx, prev);
    return y;
}
ALPHA_API alpha_tensor *alpha_matmul_bias(alpha_ctx *ctx, alpha_tensor *a, alpha_tensor *b, alpha_tensor *bias) {
    alpha__descbuf db;
    db.i = 0;
    if (!bias) return alpha_matmul(ctx, a, b);
    if (!ctx || !a || !b) return NULL;
    if (!alpha__need_f32(ctx, "alpha_matmul_bias", bias)) return NULL;
    if (b->ndim < 1 || bias->ndim != 1 || bias->shape[0] != b->shape[b->ndim - 1])
        return alpha__fail(ctx, "alpha_matmul_bias: bias %s is not [%lld] (b%s's last dim)", alpha__d(&db, bias), (long long)b->shape[b->ndim - 1], alpha__d(&db, b) + 3);
    bias = alpha_contiguous(ctx, bias);
    return bias ? alpha__matmul(ctx, "alpha_matmul_bias", a, b, bias, NULL) : NULL;
}

/* Host-side range check (device indices are not read back: that would be a sync point). */
static int alpha__check_indices(alpha_ctx *ctx, const char *op, const alpha_tensor *idx, int64_t limit, int64_t allowed) {
    int64_t i, n = alpha_tensor_numel(idx);
    if (idx->storage->device != 0) return 1;
    for (i = 0; i < n; i++) {
        int32_t v = ALPHA__I(idx)[i];
        if ((v < 0 || v >= limit) && v != allowed) {
            alpha__fail(ctx, "%s: index %d at position %lld is out of range [0, %lld)", op, (int)v, (long long)i, (long long)limit);
            return 0;
        }
    }
    return 1;
}
ALPHA_API alpha_tensor *alpha_embedding(alpha_ctx *ctx, alpha_tensor *w, alpha_tensor *idx) {
    alpha_node nd;
    int64_t shape[ALPHA_MAX_DIMS];
    alpha__descbuf db;
    db.i = 0;
    if (!ctx || !w || !idx) return NULL;
    if (w->ndim != 2 || w->dtype != ALPHA_F32 || idx->dtype != ALPHA_I32 || idx->ndim >= ALPHA_MAX_DIMS)
        return alpha__fail(ctx, "alpha_embedding: needs an f32[V,C] table and i32 indices, got %s and %s", alpha__d(&db, w), alpha__d(&db, idx));
    w = alpha_contiguous(ctx, w);
    idx = alpha_contiguous(ctx, idx);
    if (!w || !idx || !alpha__check_indices(ctx, "alpha_embedding", idx, w->shape[0], -1 - w->shape[0])) return NULL;
    memcpy(shape, idx->shape, (size_t)idx->ndim * sizeof *shape);
    shape[idx->ndim] = w->shape[1];
    alpha__node_init(&nd, ALPHA_OP_EMBEDDING, alpha__new(ctx, w, ALPHA_F32, idx->ndim + 1, shape));
    nd.src[0] = idx; nd.src[1] = w;
    return alpha__run(ctx, &nd);
}
/* the node of alpha_embedding_backward into out (NULL: a new [vocab, C]): its inputs checked and made contiguous */
static int alpha__emb_bwd_node(alpha_ctx *ctx, const char *op, alpha_node *nd, alpha_tensor *out, alpha_tensor *idx, alpha_tensor *gy, int64_t vocab) {
    int64_t C = gy->ndim ? gy->shape[gy->ndim - 1] : 0;
    alpha__descbuf db;
    db.i = 0;
    if (idx->dtype != ALPHA_I32 || gy->dtype != ALPHA_F32 || gy->ndim != idx->ndim + 1 ||
        memcmp(gy->shape, idx->shape, (size_t)idx->ndim * sizeof *idx->shape)) {
        alpha__fail(ctx, "%s: indices %s do not match gradient %s", op, alpha__d(&db, idx), alpha__d(&db, gy));
        return 0;
    }
    if (out && (out->ndim != 2 || out->shape[1] != C)) {
        alpha__fail(ctx, "%s: %s is not [V, %lld]", op, alpha__d(&db, out), (long long)C);
        return 0;
    }
    idx = alpha_contiguous(ctx, idx);
    gy = alpha_contiguous(ctx, gy);
    if (!idx || !gy || !alpha__check_indices(ctx, op, idx, vocab, -1 - vocab)) return 0;
    alpha__node_init(nd, ALPHA_OP_EMBEDDING_BACKWARD, out ? out : alpha__new(ctx, gy, ALPHA_F32, 2, alpha_shape2(vocab, C).d));
    nd->src[0] = idx; nd->src[1] = gy;
    return nd->out != NULL;
}
ALPHA_API alpha_tensor *alpha_embedding_backward(alpha_ctx *ctx, alpha_tensor *idx, alpha_tensor *gy, int64_t vocab) {
    alpha_node nd;
    if (!ctx || !idx || !gy || !alpha__emb_bwd_node(ctx, "alpha_embedding_backward", &nd, NULL, idx, gy, vocab)) return NULL;
    return alpha__run(ctx, &nd);
}

static int alpha__ce_check(alpha_ctx *ctx, const char *op, alpha_tensor **logits, alpha_tensor **targets, int ignore) {
    alpha_tensor *l = *logits, *t = *targets;
    alpha__descbuf db;
    db.i = 0;
    if (l->dtype != ALPHA_F32 || t->dtype != ALPHA_I32 || l->ndim < 1 || t->ndim != l->ndim - 1 ||
        memcmp(l->shape, t->shape, (size_t)t->ndim * sizeof *t->shape)) {
        alpha__fail(ctx, "%s: needs f32 logits [..., V] and i32 targets [...], got %s and %s", op, alpha__d(&db, l), alpha__d(&db, t));
        return 0;
    }
    *logits = alpha_contiguous(ctx, l);
    *targets = alpha_contiguous(ctx, t);
    return *logits && *targets && alpha__check_indices(ctx, op, *targets, l->shape[l->ndim - 1], ignore);
}
/* i[1] of a CROSS_ENTROPY node: its backward may overwrite the logits (alpha_cross_entropy_reusing_logits) */
static alpha_tensor *alpha__cross_entropy(alpha_ctx *ctx, const char *fn, alpha_tensor *logits, alpha_tensor *targets, int ignore_index, int reuse) {
    alpha_node nd;
    if (!ctx || !logits || !targets) return NULL;
    if (!alpha__ce_check(ctx, fn, &logits, &targets, ignore_index)) return NULL;
    alpha__node_init(&nd, ALPHA_OP_CROSS_ENTROPY, alpha__new(ctx, logits, ALPHA_F32, 0, NULL));
    nd.saved[0] = alpha__new(ctx, logits, ALPHA_F32, targets->ndim, targets->shape);
    nd.saved[1] = alpha__new(ctx, logits, ALPHA_F32, targets->ndim, targets->shape);
    if (!nd.saved[0] || !nd.saved[1]) return NULL;
    nd.src[0] = logits; nd.src[1] = targets; nd.i[0] = ignore_index; nd.i[1] = reuse;
    return alpha__run(ctx, &nd);
}
ALPHA_API alpha_tensor *alpha_cross_entropy(alpha_ctx *ctx, alpha_tensor *logits, alpha_tensor *targets, int ignore_index) {
    return alpha__cross_entropy(ctx, "alpha_cross_entropy", logits, targets, ignore_index, 0);
}
ALPHA_API alpha_tensor *alpha_cross_entropy_reusing_logits(alpha_ctx *ctx, alpha_tensor *logits, alpha_tensor *targets, int ignore_index) {
    return alpha__cross_entropy(ctx, "alpha_cross_entropy_reusing_logits", logits, targets, ignore_index, 1);
}
static alpha_tensor *alpha__cross_entropy_backward(alpha_ctx *ctx, const char *fn, alpha_tensor *logits, alpha_tensor *targets, int ignore_index,
                                                   alpha_tensor *gloss, alpha_tensor *lse, int in_place) {
    alpha_node nd;
    alpha_tensor *out;
    if (!ctx || !logits || !targets || !gloss) return NULL;
    if (!alpha__ce_check(ctx, fn, &logits, &targets, ignore_index)) return NULL;
    if (alpha_tensor_numel(gloss) != 1 || gloss->dtype != ALPHA_F32) return alpha__fail(ctx, "%s: gloss must be one f32 value", fn);
    if (lse && (lse->dtype != ALPHA_F32 || alpha_tensor_numel(lse) != alpha_tensor_numel(targets) || !alpha_tensor_is_contiguous(lse)))
        return alpha__fail(ctx, "%s: lse must be the contiguous f32 per-row values of the forward pass", fn);
    if (!(gloss = alpha_contiguous(ctx, gloss))) return NULL;
    if (in_place) {   /* a view of the (contiguous) logits: every kernel reads an element before it writes it */
        if ((out = alpha__view_of(ctx, logits)) != NULL) {
            out->ndim = logits->ndim;
            memcpy(out->shape, logits->shape, sizeof out->shape);
            memcpy(out->strides, logits->strides, sizeof out->strides);
        }
    } else {
        out = alpha__new_like(ctx, logits, ALPHA_F32);
    }
    alpha__node_init(&nd, ALPHA_OP_CROSS_ENTROPY_BACKWARD, out);
    nd.src[0] = logits; nd.src[1] = targets; nd.src[2] = gloss; nd.src[3] = lse; nd.i[0] = ignore_index;
    return alpha__run(ctx, &nd);
}
ALPHA_API alpha_tensor *alpha_cross_entropy_backward(alpha_ctx *ctx, alpha_tensor *logits, alpha_tensor *targets, int ignore_index,
                                                     alpha_tensor *gloss, alpha_tensor *lse) {
    return alpha__cross_entropy_backward(ctx, "alpha_cross_entropy_backward", logits, targets, ignore_index, gloss, lse, 0);
}
ALPHA_API alpha_tensor *alpha_cross_entropy_backward_in_place(alpha_ctx *ctx, alpha_tensor *logits, alpha_tensor *targets, int ignore_index,
                                                              alpha_tensor *gloss, alpha_tensor *lse) {
    return alpha__cross_entropy_backward(ctx, "alpha_cross_entropy_backward_in_place", logits, targets, ignore_index, gloss, lse, 1);
}

ALPHA_API alpha_tensor *alpha_concat(alpha_ctx *ctx, alpha_tensor *const *ts, int n, int axis) {
    alpha_node nd;
    int64_t shape[ALPHA_MAX_DIMS], pos = 0;
    int k, d, a;
    alpha__descbuf db;
    db.i = 0;
    if (!ctx || !ts || n < 1) return ctx ? alpha__fail(ctx, "alpha_concat: no tensors") : NULL;
    for (k = 0; k < n; k++) if (!ts[k]) return NULL;
    if (n > ALPHA_NODE_MAX_SRC) { /* the tape holds up to 8 inputs per node: concat in groups */
        alpha_tensor *parts[2];
        parts[0] = alpha_concat(ctx, ts, ALPHA_NODE_MAX_SRC, axis);
        parts[1] = alpha_concat(ctx, ts + ALPHA_NODE_MAX_SRC, n - ALPHA_NODE_MAX_SRC, axis);
        if (!parts[0] || !parts[1]) return NULL;
        return alpha_concat(ctx, parts, 2, axis);
    }
    if (!alpha__axis(ctx, "alpha_concat", ts[0], axis, &a)) return NULL;
    memcpy(shape, ts[0]->shape, sizeof shape);
    shape[a] = 0;
    for (k = 0; k < n; k++) {
        int bad = ts[k]->ndim != ts[0]->ndim || ts[k]->dtype != ts[0]->dtype;
        for (d = 0; !bad && d < ts[0]->ndim; d++) if (d != a && ts[k]->shape[d] != ts[0]->shape[d]) bad = 1;
        if (bad) return alpha__fail(ctx, "alpha_concat: %s and %s differ outside axis %d", alpha__d(&db, ts[0]), alpha__d(&db, ts[k]), a);
        shape[a] += ts[k]->shape[a];
    }
    alpha__node_init(&nd, ALPHA_OP_CONCAT, alpha__new(ctx, ts[0], ts[0]->dtype, ts[0]->ndim, shape));
    if (!nd.out) return NULL;
    for (k = 0; k < n; k++) {
        alpha_node cp;
        alpha_tensor *dst = alpha__view_of(ctx, nd.out);
        if (!dst) return NULL;
        dst->ndim = nd.out->ndim;
        memcpy(dst->shape, ts[k]->shape, sizeof dst->shape);
        memcpy(dst->strides, nd.out->strides, sizeof dst->strides);
        dst->offset = pos * nd.out->strides[a];
        pos += ts[k]->shape[a];
        alpha__node_init(&cp, ALPHA_OP_COPY, dst);
        cp.src[0] = ts[k];
        if (!alpha__exec(ctx, &cp)) return NULL;
        nd.src[k] = ts[k];
    }
    nd.i[0] = a;
    alpha__record(ctx, &nd);
    return nd.out;
}
ALPHA_API alpha_result alpha_split(alpha_ctx *ctx, alpha_tensor *x, int axis, const int64_t *sizes, int n, alpha_tensor **out) {
    int k, a;
    int64_t pos = 0;
    char b[96];
    if (!ctx || !x || !out) return ctx ? ctx->status != ALPHA_OK ? ctx->status : ALPHA_ERR_INVALID : ALPHA_ERR_INVALID;
    for (k = 0; k < n; k++) out[k] = NULL;
    if (!alpha__axis(ctx, "alpha_split", x, axis, &a)) return ALPHA_ERR_INVALID;
    for (k = 0; k < n; k++) pos += sizes[k] < 0 ? x->shape[a] + 1 : sizes[k];
    if (pos != x->shape[a]) {
        alpha__fail(ctx, "alpha_split: sizes add up to %lld, dim %d of %s is %lld", (long long)pos, a, alpha_tensor_describe(x, b, sizeof b), (long long)x->shape[a]);
        return ALPHA_ERR_INVALID;
    }
    for (pos = 0, k = 0; k < n; pos += sizes[k], k++)
        if (!(out[k] = alpha_narrow(ctx, x, a, pos, sizes[k]))) return ctx->status;
    return ALPHA_OK;
}

/* ---------------------------------------------------------------- kernels for backward passes */
ALPHA_API alpha_tensor *alpha_unary_backward(alpha_ctx *ctx, alpha_op op, alpha_tensor *x, alpha_tensor *y, alpha_tensor *gy, float f0, float f1) {
    alpha_node nd;
    alpha__descbuf db;
    db.i = 0;
    if (!ctx || !x || !y || !gy) return NULL;
    if (op < ALPHA_OP_NEG || op > ALPHA_OP_CLAMP) return alpha__fail(ctx, "alpha_unary_backward: %s is not a unary op", alpha_op_name(op));
    if (alpha_tensor_numel(x) != alpha_tensor_numel(gy) || alpha_tensor_numel(y) != alpha_tensor_numel(gy) || x->ndim != gy->ndim ||
        memcmp(x->shape, gy->shape, (size_t)x->ndim * sizeof *x->shape))
        return alpha__fail(ctx, "alpha_unary_backward: x %s, y %s and gradient %s differ", alpha__d(&db, x), alpha__d(&db, y), alpha__d(&db, gy));
    x = alpha_contiguous(ctx, x); y = alpha_contiguous(ctx, y); gy = alpha_contiguous(ctx, gy);
    if (!x || !y || !gy) return NULL;
    alpha__node_init(&nd, ALPHA_OP_UNARY_BACKWARD, alpha__new_like(ctx, gy, ALPHA_F32));
    nd.src[0] = x; nd.src[1] = y; nd.src[2] = gy; nd.i[0] = op; nd.f[0] = f0; nd.f[1] = f1;
    return alpha__run(ctx, &nd);
}
ALPHA_API alpha_result alpha_layernorm_backward(alpha_ctx *ctx, alpha_tensor *x, alpha_tensor *w, alpha_tensor *mean, alpha_tensor *rstd,
                                                alpha_tensor *gy, alpha_tensor **gx, alpha_tensor **gw, alpha_tensor **gb) {
    alpha_node nd;
    int64_t C;
    if (!ctx || !x || !mean || !rstd || !gy || !gx) return ALPHA_ERR_INVALID;
    C = x->shape[x->ndim - 1];
    if (gy->ndim != x->ndim || memcmp(gy->shape, x->shape, (size_t)x->ndim * sizeof *x->shape)) {
        alpha__fail(ctx, "alpha_layernorm_backward: gradient does not match x");
        return ALPHA_ERR_INVALID;
    }
    x = alpha_contiguous(ctx, x); gy = alpha_contiguous(ctx, gy);
    if (!x || !gy) return ctx->status;
    alpha__node_init(&nd, ALPHA_OP_LAYERNORM_BACKWARD, alpha__new_like(ctx, x, ALPHA_F32));
    nd.src[0] = x; nd.src[1] = w; nd.src[2] = mean; nd.src[3] = rstd; nd.src[4] = gy;
    if (gw) nd.saved[0] = alpha__new(ctx, x, ALPHA_F32, 2, alpha_shape2(ALPHA__LN_BLOCKS, C).d);
    if (gb) nd.saved[1] = alpha__new(ctx, x, ALPHA_F32, 2, alpha_shape2(ALPHA__LN_BLOCKS, C).d);
    if (!nd.out || (gw && !nd.saved[0]) || (gb && !nd.saved[1])) return ctx->status;
    if (!alpha__exec(ctx, &nd)) return ctx->status;  /* not recorded: backward kernels run with grad mode off */
    *gx = nd.out;
    if (gw) { if (*gw) alpha_sum_to_add_into(ctx, *gw, nd.saved[0]); else *gw = alpha_sum(ctx, nd.saved[0], ALPHA_AXIS(0), 0); }
    if (gb) { if (*gb) alpha_sum_to_add_into(ctx, *gb, nd.saved[1]); else *gb = alpha_sum(ctx, nd.saved[1], ALPHA_AXIS(0), 0); }
    return ctx->status;
}
ALPHA_API alpha_tensor *alpha_scatter_add_last(alpha_ctx *ctx, alpha_shape shape, alpha_tensor *idx, alpha_tensor *gy) {
    alpha_node nd;
    alpha__descbuf db;
    db.i = 0;
    if (!ctx || !idx || !gy) return NULL;
    if (!alpha__check_shape(ctx, "alpha_scatter_add_last", shape)) return NULL;
    if (idx->dtype != ALPHA_I32 || gy->dtype != ALPHA_F32 || idx->ndim != shape.ndim || gy->ndim != shape.ndim || shape.ndim < 1 ||
        memcmp(idx->shape, gy->shape, (size_t)gy->ndim * sizeof *gy->shape) ||
        memcmp(idx->shape, shape.d, (size_t)(shape.ndim - 1) * sizeof *shape.d))
        return alpha__fail(ctx, "alpha_scatter_add_last: indices %s and values %s do not fit the shape", alpha__d(&db, idx), alpha__d(&db, gy));
    idx = alpha_contiguous(ctx, idx); gy = alpha_contiguous(ctx, gy);
    if (!idx || !gy || !alpha__check_indices(ctx, "alpha_scatter_add_last", idx, shape.d[shape.ndim - 1], -1 - shape.d[shape.ndim - 1])) return NULL;
    alpha__node_init(&nd, ALPHA_OP_SCATTER_ADD_LAST, alpha__new(ctx, gy, ALPHA_F32, shape.ndim, shape.d));
    nd.src[0] = idx; nd.src[1] = gy;
    return alpha__run(ctx, &nd);
}
ALPHA_API alpha_tensor *alpha_sum_to(alpha_ctx *ctx, alpha_tensor *g, alpha_shape s) {
    unsigned axes = 0;
    int d, lead;
    char b[96], sb[160];
    if (!ctx || !g) return NULL;
    lead = g->ndim - s.ndim;
    if (lead < 0) return alpha__fail(ctx, "alpha_sum_to: %s has fewer dims than %s", alpha_tensor_describe(g, b, sizeof b), alpha__shape_str(s.d, s.ndim, sb, sizeof sb));
    for (d = 0; d < g->ndim; d++) {
        int j = d - lead;
        if (j < 0 || (s.d[j] == 1 && g->shape[d] != 1)) axes |= 1u << d;
        else if (s.d[j] != g->shape[d])
            return alpha__fail(ctx, "alpha_sum_to: %s does not broadcast from %s", alpha_tensor_describe(g, b, sizeof b), alpha__shape_str(s.d, s.ndim, sb, sizeof sb));
    }
    if (!axes) return g;
    return alpha_reshape(ctx, alpha_sum(ctx, g, axes, 1), s);
}
/* 1 when two indices of t reach one element (a dim of size > 1 with stride 0): no in-place target */
static int alpha__has_broadcast_dims(const alpha_tensor *t) {
    int d;
    for (d = 0; d < t->ndim; d++) if (t->shape[d] > 1 && t->strides[d] == 0) return 1;
    return 0;
}
ALPHA_API alpha_result alpha_add_into(alpha_ctx *ctx, alpha_tensor *dst, alpha_tensor *src) {
    alpha_node nd;
    alpha_tensor *ts[2];
    alpha_shape s;
    alpha__descbuf db;
    db.i = 0;
    if (!ctx || !dst || !src) return ALPHA_ERR_INVALID;
    ts[0] = dst; ts[1] = src;
    if (dst->dtype != ALPHA_F32 || src->dtype != ALPHA_F32 || alpha__has_broadcast_dims(dst) ||
        !alpha__broadcast(ctx, "alpha_add_into", ts, 2, &s) || s.ndim != dst->ndim ||
        memcmp(s.d, dst->shape, (size_t)s.ndim * sizeof *s.d)) {
        if (ctx->status == ALPHA_OK) alpha__fail(ctx, "alpha_add_into: cannot add %s into %s", alpha__d(&db, src), alpha__d(&db, dst));
        return ALPHA_ERR_INVALID;
    }
    alpha__node_init(&nd, ALPHA_OP_ADD, dst);
    nd.src[0] = dst; nd.src[1] = src;
    return alpha__exec(ctx, &nd) ? ALPHA_OK : ctx->status;
}

/* whether dst's device fuses accumulation (dst contiguous, not on the CPU) */
static int alpha__fuses_accumulate(const alpha_ctx *ctx, const alpha_tensor *dst) {
    int dev = dst->storage->device;
    return dev > 0 && (ctx->backends[dev].caps & ALPHA_BACKEND_CAP_ACCUMULATE) && dst->dtype == ALPHA_F32 && alpha_tensor_is_contiguous(dst);
}
/* runs nd (no tape) as a node that adds into its out */
static alpha_result alpha__exec_accumulate(alpha_ctx *ctx, alpha_node *nd) {
    nd->i[ALPHA_NODE_ACCUMULATE] = 1;
    return alpha__exec(ctx, nd) ? ALPHA_OK : ctx->status;
}
ALPHA_API alpha_result alpha_matmul_add_into(alpha_ctx *ctx, alpha_tensor *dst, alpha_tensor *a, alpha_tensor *b) {
    alpha_tensor *p;
    alpha_node nd;
    alpha__descbuf db;
    db.i = 0;
    if (!ctx || !dst || !a || !b) return ALPHA_ERR_INVALID;
    if (ctx->status != ALPHA_OK) return ctx->status;
    if (!alpha__fuses_accumulate(ctx, dst) || a->storage->device != dst->storage->device || b->storage->device != dst->storage->device ||
        a->ndim < 2 || b->ndim < 2 || a->dtype != ALPHA_F32 || b->dtype != ALPHA_F32 || a->ndim > dst->ndim || b->ndim > dst->ndim) {
        p = alpha_matmul(ctx, a, b);
        return p ? alpha_add_into(ctx, dst, p) : ctx->status;
    }
    {   /* the product's shape (alpha_matmul's checks): it must be dst's */
        int d, nb = dst->ndim - 2, ok = a->shape[a->ndim - 1] == b->shape[b->ndim - 2] && dst->shape[nb] == a->shape[a->ndim - 2] &&
                                           dst->shape[nb + 1] == b->shape[b->ndim - 1];
        for (d = 0; ok && d < nb; d++) {
            int ja = d - (nb - (a->ndim - 2)), jb = d - (nb - (b->ndim - 2));
            int64_t sa = ja < 0 ? 1 : a->shape[ja], sb = jb < 0 ? 1 : b->shape[jb];
            ok = (sa == dst->shape[d] || sa == 1) && (sb == dst->shape[d] || sb == 1) && (sa == dst->shape[d] || sb == dst->shape[d]);
        }
        if (!ok) {
            alpha__fail(ctx, "alpha_matmul_add_into: a%s @ b%s does not make %s", alpha__d(&db, a) + 3, alpha__d(&db, b) + 3, alpha__d(&db, dst));
            return ALPHA_ERR_INVALID;
        }
    }
    alpha__node_init(&nd, ALPHA_OP_MATMUL, dst);
    nd.src[0] = a; nd.src[1] = b;
    return alpha__exec_accumulate(ctx, &nd);
}
ALPHA_API alpha_result alpha_sum_to_add_into(alpha_ctx *ctx, alpha_tensor *dst, alpha_tensor *g) {
    unsigned axes = 0;
    int64_t keep[ALPHA_MAX_DIMS];
    int d, lead;
    alpha_node nd;
    if (!ctx || !dst || !g) return ALPHA_ERR_INVALID;
    if (ctx->status != ALPHA_OK) return ctx->status;
    lead = g->ndim - dst->ndim;
    for (d = 0; lead >= 0 && d < g->ndim; d++) {
        int j = d - lead;
        keep[d] = g->shape[d];
        if (j < 0 || (dst->shape[j] == 1 && g->shape[d] != 1)) { axes |= 1u << d; keep[d] = 1; }
        else if (dst->shape[j] != g->shape[d]) lead = -1;
    }
    if (!axes || lead < 0 || !alpha__fuses_accumulate(ctx, dst) || g->storage->device != dst->storage->device || g->dtype != ALPHA_F32) {
        alpha_tensor *s = alpha_sum_to(ctx, g, alpha_tensor_shape(dst));
        return s ? alpha_add_into(ctx, dst, s) : ctx->status;
    }
    alpha__node_init(&nd, ALPHA_OP_SUM, alpha_reshape(ctx, dst, alpha_shape_n(g->ndim, keep)));   /* a view: dst is contiguous */
    if (!nd.out) return ctx->status;
    nd.src[0] = g; nd.i[0] = axes; nd.i[1] = 1;
    return alpha__exec_accumulate(ctx, &nd);
}
ALPHA_API alpha_result alpha_embedding_backward_add_into(alpha_ctx *ctx, alpha_tensor *dst, alpha_tensor *idx, alpha_tensor *gy) {
    alpha_node nd;
    if (!ctx || !dst || !idx || !gy) return ALPHA_ERR_INVALID;
    if (ctx->status != ALPHA_OK) return ctx->status;
    if (!alpha__emb_bwd_node(ctx, "alpha_embedding_backward_add_into", &nd, dst, idx, gy, dst->ndim == 2 ? dst->shape[0] : 0)) return ctx->status;
    if (!alpha__fuses_accumulate(ctx, dst) || nd.src[0]->storage->device != dst->storage->device ||
        nd.src[1]->storage->device != dst->storage->device) {   /* the sums, then the add */
        alpha_tensor *g = alpha_embedding_backward(ctx, nd.src[0], nd.src[1], dst->shape[0]);
        return g ? alpha_add_into(ctx, dst, g) : ctx->status;
    }
    return alpha__exec_accumulate(ctx, &nd);
}

ALPHA_API alpha_result alpha_assign(alpha_ctx *ctx, alpha_tensor *dst, alpha_tensor *src) {
    alpha_node nd;
    alpha_tensor *ts[2];
    alpha_shape s;
    alpha__descbuf db;
    db.i = 0;
    if (!ctx || !dst || !src) return ALPHA_ERR_INVALID;
    ts[0] = dst; ts[1] = src;
    if (!alpha__broadcast(ctx, "alpha_assign", ts, 2, &s) || s.ndim != dst->ndim || memcmp(s.d, dst->shape, (size_t)s.ndim * sizeof *s.d)) {
        if (ctx->status == ALPHA_OK) alpha__fail(ctx, "alpha_assign: cannot assign %s to %s", alpha__d(&db, src), alpha__d(&db, dst));
        return ALPHA_ERR_INVALID;
    }
    if (src->dtype != ALPHA_F32 || dst->dtype != ALPHA_F32) {
        alpha__fail(ctx, "alpha_assign: needs f32 tensors, got %s and %s", alpha__d(&db, src), alpha__d(&db, dst));
        return ALPHA_ERR_INVALID;
    }
    alpha__node_init(&nd, ALPHA_OP_COPY, dst);
    nd.src[0] = src;
    return alpha__exec(ctx, &nd) ? ALPHA_OK : ctx->status;
}

ALPHA_API alpha_tensor *alpha_sum_squares(alpha_ctx *ctx, alpha_tensor *x) {
    alpha_node nd;
    if (!ctx || !x) return NULL;
    if (!alpha__need_f32(ctx, "alpha_sum_squares", x) || !(x = alpha_contiguous(ctx, x))) return NULL;
    alpha__node_init(&nd, ALPHA_OP_SUM_SQUARES, alpha__new(ctx, x, ALPHA_F32, 0, NULL));
    nd.src[0] = x;
    if (nd.out && x->storage->device != 0) {
        int64_t parts = ALPHA_SUM_SQUARES_PARTS;
        if (!(nd.saved[0] = alpha__new(ctx, x, ALPHA_F32, 1, &parts))) return NULL;
    }
    if (!nd.out || !alpha__exec(ctx, &nd)) return NULL;
    return nd.out;
}
ALPHA_API alpha_tensor *alpha_global_sum_squares(alpha_ctx *ctx, alpha_tensor *const *xs, int n) {
    alpha_tensor *acc;
    int i;
    if (!ctx || !xs || n < 1) return ctx ? alpha__fail(ctx, "alpha_global_sum_squares: %d tensors", n) : NULL;
    acc = alpha_sum_squares(ctx, xs[0]);
    for (i = 1; i < n && acc; i++) acc = alpha_add(ctx, acc, alpha_sum_squares(ctx, xs[i]));
    return acc;
}
ALPHA_API void alpha_adamw_schedule(float out[3], float lr, float beta1, float beta2, int64_t step) {
    out[0] = lr;
    out[1] = 1.0f / (1.0f - (float)pow(beta1, (double)step));
    out[2] = 1.0f / (1.0f - (float)pow(beta2, (double)step));
}
ALPHA_API alpha_result alpha_adamw_update(alpha_ctx *ctx, alpha_tensor *p, alpha_tensor *g, alpha_tensor *m, alpha_tensor *v,
                                          alpha_tensor *sched, alpha_tensor *sumsq, const alpha_adamw_params *hp) {
    alpha_node nd;
    alpha_tensor *ts[6];
    int k;
    alpha__descbuf db;
    db.i = 0;
    if (!ctx || !p || !g || !m || !v || !sched || !hp) return ALPHA_ERR_INVALID;
    ts[0] = p; ts[1] = g; ts[2] = m; ts[3] = v; ts[4] = sched; ts[5] = sumsq;
    for (k = 0; k < 4; k++)
        if (ts[k]->dtype != ALPHA_F32 || !alpha_tensor_is_contiguous(ts[k]) || alpha_tensor_numel(ts[k]) != alpha_tensor_numel(p)) {
            alpha__fail(ctx, "alpha_adamw_update: parameter %s and state %s must be contiguous f32 of one size", alpha__d(&db, p), alpha__d(&db, ts[k]));
            return ALPHA_ERR_INVALID;
        }
    for (k = 4; k < 6; k++)
        if (ts[k] && (ts[k]->dtype != ALPHA_F32 || !alpha_tensor_is_contiguous(ts[k]) || alpha_tensor_numel(ts[k]) != (k == 4 ? 3 : 1))) {
            alpha__fail(ctx, "alpha_adamw_update: %s %s must be contiguous f32[%d]", k == 4 ? "sched" : "sumsq", alpha__d(&db, ts[k]), k == 4 ? 3 : 1);
            return ALPHA_ERR_INVALID;
        }
    for (k = 1; k < 6; k++)
        if (ts[k] && ts[k]->storage->device != p->storage->device) {
            alpha__fail(ctx, "alpha_adamw_update: inputs live on different devices: %s (device %d) and %s (device %d)",
                        alpha_ctx_device_name(ctx, ts[k]->storage->device), ts[k]->storage->device,
                        alpha_ctx_device_name(ctx, p->storage->device), p->storage->device);
            return ALPHA_ERR_INVALID;
        }
    alpha__node_init(&nd, ALPHA_OP_ADAMW, p);
    for (k = 0; k < 6; k++) nd.src[k] = ts[k];
    nd.f[0] = hp->beta1; nd.f[1] = hp->beta2; nd.f[2] = hp->eps; nd.f[3] = hp->weight_decay;
    nd.f[4] = hp->grad_scale; nd.f[5] = hp->clip_norm;
    return alpha__exec(ctx, &nd) ? ALPHA_OK : ctx->status;
}

#endif /* ALPHA_TENSOR_IMPLEMENTATION */

/*
------------------------------------------------------------------------------
MIT License

Copyright (c) 2026 the alpha authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
------------------------------------------------------------------------------
*/
