/* alpha_autograd.h - v0.1.0 - reverse-mode automatic differentiation over alpha tensors

   PURPOSE
   Every op in alpha_tensor.h records a node on its context's tape when one of its inputs
   requires a gradient. alpha_backward() walks that tape from the newest node to the oldest,
   calls each op's backward rule, sums gradients for tensors used more than once, and sums
   broadcast dimensions back to the shape of the input they came from. Leaf tensors (the
   parameters) keep their gradient in t->grad across steps until alpha_zero_grad(); the
   gradients of intermediate tensors live in the arena with everything else of the step.
   The same rules run on any device: they are written with tensor ops, never with loops.
   alpha_gradcheck() compares the gradients with central finite differences computed in
   double precision.

   DO THIS
       #define ALPHA_AUTOGRAD_IMPLEMENTATION   (or ALPHA_IMPLEMENTATION)
       #include "alpha_autograd.h"             (includes alpha_tensor.h)
   Build: cc -O2 -I. yours.c -lm -lpthread

   DOES NOT
   Differentiate twice (backward rules run with grad mode off), differentiate argmax, equal or
   integer outputs, or keep the tape after a backward pass (it is cleared).

   QUICK START
   ```c
   #define ALPHA_IMPLEMENTATION
   #include "alpha_autograd.h"
   #include <stdio.h>
   int main(void) {
       alpha_ctx *ctx;
       alpha_ctx_desc desc = {0};
       int step;
       if (alpha_ctx_create(&ctx, &desc) != ALPHA_OK) return 1;
       alpha_tensor *w = alpha_requires_grad(ctx, alpha_zeros(ctx, ALPHA_F32, alpha_shape1(3)));
       float target[3] = {1.0f, -2.0f, 0.5f};
       alpha_tensor *t = alpha_from_data(ctx, ALPHA_F32, alpha_shape1(3), target);
       alpha_mark mark = alpha_ctx_mark(ctx);
       for (step = 0; step < 100; step++) {
           alpha_tensor *d = alpha_sub(ctx, w, t);
           alpha_tensor *loss = alpha_sum(ctx, alpha_mul(ctx, d, d), ALPHA_ALL_AXES, 0);
           alpha_zero_grad(ctx, &w, 1);
           if (alpha_backward(ctx, loss, NULL) != ALPHA_OK) return 1;
           alpha_add_into(ctx, w, alpha_scale(ctx, w->grad, -0.1f));
           alpha_ctx_reset(ctx, mark);
       }
       float out[3];
       alpha_tensor_to_f32(ctx, w, out, 3);
       printf("w = %.3f %.3f %.3f\n", out[0], out[1], out[2]);
       alpha_ctx_destroy(ctx);
       return 0;
   }
   ```

   TOPICS
   Grad mode. alpha_no_grad_begin/end bracket code that must not be recorded (evaluation,
   optimizer updates, generation). Ops that only write in place (alpha_add_into, alpha_assign,
   alpha_fill) are never recorded.
   Memory. alpha_requires_grad() allocates the gradient of a leaf at once, in the arena at its
   current top: mark parameters before taking the step mark so their gradients persist.
   Gradients are passed between ops without copies where the values allow it (see "gradient
   bookkeeping" in the implementation): an intermediate tensor's grad may be a view, strided or
   broadcast, that shares memory with other gradients of the same pass; a leaf's grad is always
   contiguous memory of its own.
   Errors. alpha_backward() returns ALPHA_ERR_INVALID for a non-scalar output without a seed
   gradient, a seed of the wrong shape, or an output that requires no gradient.
*/
#ifndef ALPHA_AUTOGRAD_H_INCLUDED
#define ALPHA_AUTOGRAD_H_INCLUDED
#include "alpha_tensor.h"

ALPHA_EXTERN_C_BEGIN

/* Marks t as a leaf that needs a gradient and gives it a zeroed f32 grad. Returns t. */
ALPHA_API alpha_tensor *alpha_requires_grad(alpha_ctx *ctx, alpha_tensor *t);
/* Backpropagates from out. seed: d(objective)/d(out), NULL for a one-element out (seed 1).
   Gradients add into the leaves' t->grad. Clears the tape. */
ALPHA_API alpha_result alpha_backward(alpha_ctx *ctx, alpha_tensor *out, alpha_tensor *seed);
ALPHA_API void alpha_zero_grad(alpha_ctx *ctx, alpha_tensor *const *params, int n);
/* Turns recording off; returns the previous mode for alpha_no_grad_end. */
ALPHA_API int alpha_no_grad_begin(alpha_ctx *ctx);
ALPHA_API void alpha_no_grad_end(alpha_ctx *ctx, int previous);
/* Forgets the recorded ops (e.g. after a forward pass that will not be differentiated). */
ALPHA_API void alpha_tape_free(alpha_ctx *ctx);

/* ---------------------------------------------------------------- gradient checking */
/* Builds the output from the inputs with tensor ops (called many times). */
typedef alpha_tensor *(*alpha_gradcheck_fn)(alpha_ctx *ctx, alpha_tensor *const *inputs, void *user);
typedef struct alpha_gradcheck_desc {
    double eps;        /* finite-difference step; 0: 1e-3 */
    double atol, rtol; /* pass when |numeric - analytic| <= atol + rtol |numeric|; 0: 2e-3 and 2e-2 */
    int max_elems;     /* elements checked per input (spread evenly); 0: all */
    uint64_t seed;     /* for the random projection of the output */
} alpha_gradcheck_desc;
/* Checks d(sum r*fn(inputs))/d(inputs) for a fixed random r against central differences in
   double precision. Inputs must be f32 tensors without broadcast (stride 0) dims; they are
   perturbed in place and restored. *max_err (optional) gets the worst |numeric - analytic|.
   Returns ALPHA_OK when every checked element passes, ALPHA_ERR_INVALID (with a message naming
   the input and element) otherwise. */
ALPHA_API alpha_result alpha_gradcheck(alpha_ctx *ctx, alpha_gradcheck_fn fn, alpha_tensor *const *inputs, int n,
                                       void *user, const alpha_gradcheck_desc *desc, double *max_err);

ALPHA_EXTERN_C_END
#endif /* ALPHA_AUTOGRAD_H_INCLUDED */

/* ====================================================================== implementation */
#if (defined(ALPHA_IMPLEMENTATION) || defined(ALPHA_AUTOGRAD_IMPLEMENTATION)) && !defined(ALPHA_AUTOGRAD_IMPLEMENTED)
#define ALPHA_AUTOGRAD_IMPLEMENTED
#include "alpha_tensor.h"
#include <string.h>
#include <math.h>

ALPHA_API alpha_tensor *alpha_requires_grad(alpha_ctx *ctx, alpha_tensor *t) {
    if (!ctx || !t) return NULL;
    if (t->dtype != ALPHA_F32) {
        char b[96];
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_requires_grad: only f32 tensors have gradients, got %s",
                        alpha_tensor_describe(t, b, sizeof b));
        return NULL;
    }
    t->requires_grad = 1;
    if (!t->grad) t->grad = alpha_full_on(ctx, alpha_tensor_device(t), ALPHA_F32, alpha_tensor_shape(t), 0.0);
    return t->grad ? t : NULL;
}
ALPHA_API void alpha_zero_grad(alpha_ctx *ctx, alpha_tensor *const *params, int n) {
    int i;
    for (i = 0; i < n; i++) if (params[i] && params[i]->grad) alpha_fill(ctx, params[i]->grad, 0.0);
}
ALPHA_API int alpha_no_grad_begin(alpha_ctx *ctx) { return alpha_ctx_set_grad_enabled(ctx, 0); }
ALPHA_API void alpha_no_grad_end(alpha_ctx *ctx, int previous) { alpha_ctx_set_grad_enabled(ctx, previous); }
ALPHA_API void alpha_tape_free(alpha_ctx *ctx) { alpha_ctx_tape_clear(ctx); }

/* ---------------------------------------------------------------- gradient bookkeeping
   Every op of the backward pass is a kernel on the device, so gradients move without copies
   wherever the values allow it:
   - the first contribution to a tensor's gradient becomes its gradient as it is: a result the
     rule just computed (a matmul, a layernorm backward...) is adopted ("owned": later
     contributions add into it in place), and a gradient passed on unchanged or as a view (an
     add's, a reshape's, a transpose's: strided views included) is borrowed: it shares the memory
     of another gradient, so a later contribution makes a new sum instead of writing into it;
   - slices (q, k and v of one qkv tensor) write their gradients into disjoint ranges of a
     gradient that is allocated without zeros; only the ranges no slice wrote are zeroed, before
     anything reads the gradient (usually none are);
   - at the end, a leaf's gradient that is borrowed or strided becomes a contiguous copy of its
     own (the optimizer, checkpoints and alpha_gradcheck read leaves' gradients as memory).
   Values are those of the copying scheme: the same sums in the same order. The state of one
   pass lives in an open-addressing table (in the arena) keyed by tensor. */
#define ALPHA__BW_OWNED 1u     /* x->grad is x's own memory: in-place adds are allowed */
#define ALPHA__BW_INNER 2u     /* x is the output of a node this pass has run backward (not a leaf) */
#define ALPHA__BW_RANGES 8     /* disjoint slice ranges tracked per gradient */
typedef struct alpha__bw_slices {
    int axis, n;
    int64_t r[ALPHA__BW_RANGES][2];   /* [start, stop) along axis: the only elements written so far */
} alpha__bw_slices;
typedef struct alpha__bw_entry {
    alpha_tensor *t;              /* NULL: free slot */
    unsigned flags;
    alpha__bw_slices *slices;     /* non-NULL while t->grad holds unwritten (uninitialized) elements */
    const alpha_node *made_by;    /* the tape node whose output t is (NULL: a leaf or from before the tape) */
} alpha__bw_entry;
typedef struct alpha__bw {
    alpha_ctx *ctx;
    alpha__bw_entry *e;
    size_t cap;                   /* a power of two, at least twice the tensors a pass can touch */
    alpha__bw_slices *pool;       /* one record per SLICE node of the tape at most */
    size_t n_pool, cap_pool;
} alpha__bw;

static alpha__bw_entry *alpha__bw_find(alpha__bw *bw, alpha_tensor *t) {
    size_t h = (size_t)(((uint64_t)(uintptr_t)t >> 4) * 0x9E3779B97F4A7C15ull >> 20) & (bw->cap - 1);
    while (bw->e[h].t && bw->e[h].t != t) h = (h + 1) & (bw->cap - 1);
    if (!bw->e[h].t) {   /* first touch in this pass: a gradient from before (a leaf's) is owned when it is contiguous */
        bw->e[h].t = t;
        bw->e[h].flags = t->grad && alpha_tensor_is_contiguous(t->grad) ? ALPHA__BW_OWNED : 0u;
        bw->e[h].slices = NULL;
        bw->e[h].made_by = NULL;
    }
    return &bw->e[h];
}

/* Zeroes the elements of x->grad that no slice wrote, before anything else reads or adds to it. */
static void alpha__bw_settle(alpha__bw *bw, alpha__bw_entry *e) {
    alpha_ctx *ctx = bw->ctx;
    alpha__bw_slices *sl = e->slices;
    alpha_tensor *x = e->t, *zero = NULL;
    int64_t pos = 0, n;
    if (!sl) return;
    e->slices = NULL;
    n = x->shape[sl->axis];
    while (pos < n) {   /* the gaps between the written ranges, in order */
        int64_t next = n, end;
        int k;
        for (k = 0; k < sl->n; k++) if (sl->r[k][0] <= pos && pos < sl->r[k][1]) { pos = sl->r[k][1]; k = -1; }
        if (pos >= n) break;
        for (k = 0; k < sl->n; k++) if (sl->r[k][0] > pos && sl->r[k][0] < next) next = sl->r[k][0];
        end = next;
        if (!zero) zero = alpha_full_on(ctx, alpha_tensor_device(x), ALPHA_F32, alpha_shape_n(0, NULL), 0.0);
        alpha_assign(ctx, alpha_narrow(ctx, x->grad, sl->axis, pos, end - pos), zero);
        pos = end;
    }
}

/* whether x->grad is x's own contiguous memory already (settled: every element written), so a
   contribution can add into it in place */
static int alpha__bw_owns(alpha__bw *bw, alpha_tensor *x) {
    alpha__bw_entry *e;
    if (!x->grad) return 0;
    e = alpha__bw_find(bw, x);
    alpha__bw_settle(bw, e);
    return (e->flags & ALPHA__BW_OWNED) && alpha_tensor_is_contiguous(x->grad);
}
/* x's gradient where a contribution may add into it in place (alpha__bw_owns), else NULL */
static alpha_tensor *alpha__bw_into(alpha__bw *bw, alpha_tensor *x) { return x && x->requires_grad && alpha__bw_owns(bw, x) ? x->grad : NULL; }
/* x->grad += g, where x broadcast to g's shape; creates x->grad when needed. fresh: g is a new
   result of the rule that nothing else holds (it may become x's gradient, owned). */
static void alpha__accumulate(alpha__bw *bw, alpha_tensor *x, alpha_tensor *g, int fresh) {
    alpha_ctx *ctx = bw->ctx;
    alpha__bw_entry *e;
    if (!x || !g || !x->requires_grad) return;
    if (alpha__bw_owns(bw, x) && (g->ndim != x->ndim || memcmp(g->shape, x->shape, (size_t)x->ndim * sizeof *x->shape))) {
        alpha_sum_to_add_into(ctx, x->grad, g);   /* one kernel where the device fuses it (bias gradients) */
        return;
    }
    if (g->ndim != x->ndim || memcmp(g->shape, x->shape, (size_t)x->ndim * sizeof *x->shape)) {
        alpha_tensor *s = alpha_sum_to(ctx, g, alpha_tensor_shape(x)); /* undo broadcasting */
        if (!s) return;
        if (s != g) fresh = 1;
        g = s;
    }
    e = alpha__bw_find(bw, x);
    alpha__bw_settle(bw, e);
    if (!x->grad) {   /* the first contribution: taken as it is, no copy */
        x->grad = g;
        e->flags = (e->flags & ~ALPHA__BW_OWNED) | (fresh ? ALPHA__BW_OWNED : 0u);
        return;
    }
    if (e->flags & ALPHA__BW_OWNED) { alpha_add_into(ctx, x->grad, g); return; }
    x->grad = alpha_add(ctx, x->grad, g);   /* a borrowed gradient is never written: a new sum (same kernel count) */
    e->flags |= ALPHA__BW_OWNED;
}

/* The gradient of y = slice(x, axis, start::step) (gy) into x->grad, without materializing a
   zero-padded copy of gy. */
static void alpha__slice_backward(alpha__bw *bw, alpha_tensor *x, const alpha_node *nd, alpha_tensor *gy) {
    alpha_ctx *ctx = bw->ctx;
    int axis = (int)nd->i[0];
    int64_t start = nd->i[1], step = nd->i[2], len = nd->out->shape[axis], stop = start + len * step;
    alpha__bw_entry *e;
    alpha__bw_slices *sl;
    int k, disjoint;
    if (!x->requires_grad) return;
    e = alpha__bw_find(bw, x);
    sl = e->slices;
    if (!x->grad) {
        if (step == 1 && bw->n_pool < bw->cap_pool) {   /* unwritten memory: this slice writes its range */
            x->grad = alpha_empty_on(ctx, alpha_tensor_device(x), ALPHA_F32, alpha_tensor_shape(x));
            sl = &bw->pool[bw->n_pool++];
            sl->axis = axis; sl->n = 0;
            e->slices = sl;
        } else {
            x->grad = alpha_full_on(ctx, alpha_tensor_device(x), ALPHA_F32, alpha_tensor_shape(x), 0.0);
        }
        e->flags |= ALPHA__BW_OWNED;
        if (!x->grad) return;
        if (!sl) { alpha_assign(ctx, alpha_slice(ctx, x->grad, axis, start, stop, step), gy); return; }
    }
    if (sl) {   /* a range no slice wrote yet: a plain write */
        disjoint = step == 1 && sl->axis == axis && sl->n < ALPHA__BW_RANGES;
        for (k = 0; disjoint && k < sl->n; k++) if (!(stop <= sl->r[k][0] || start >= sl->r[k][1])) disjoint = 0;
        if (disjoint) {
            sl->r[sl->n][0] = start; sl->r[sl->n][1] = stop; sl->n++;
            alpha_assign(ctx, alpha_narrow(ctx, x->grad, axis, start, len), gy);
            return;
        }
        alpha__bw_settle(bw, e);
    }
    if (!(e->flags & ALPHA__BW_OWNED)) {   /* borrowed: a copy of its own first */
        x->grad = alpha_copy(ctx, x->grad);
        e->flags |= ALPHA__BW_OWNED;
    }
    if (x->grad) alpha_add_into(ctx, alpha_slice(ctx, x->grad, axis, start, stop, step), gy);
}

/* shape of a reduction's output with keepdim, for broadcasting the gradient back */
static alpha_shape alpha__keep_shape(const alpha_tensor *x, unsigned axes) {
    alpha_shape s = alpha_tensor_shape(x);
    int d;
    for (d = 0; d < x->ndim; d++) if (axes >> d & 1u) s.d[d] = 1;
    return s;
}

/* x->grad += p @ q: one kernel adding into x's own gradient where it has one of the product's
   shape (a second contribution; a parameter's gradient from before), else the product taken or
   added as any contribution */
static void alpha__accumulate_product(alpha__bw *bw, alpha_tensor *x, alpha_tensor *p, alpha_tensor *q) {
    alpha_ctx *ctx = bw->ctx;
    int d, same = p && q && x->ndim >= p->ndim && x->ndim >= q->ndim && x->shape[x->ndim - 2] == p->shape[p->ndim - 2] &&
                  x->shape[x->ndim - 1] == q->shape[q->ndim - 1];
    for (d = 0; same && d < x->ndim - 2; d++) {   /* no batch dim to undo: x has the product's batch shape */
        int jp = d - (x->ndim - p->ndim), jq = d - (x->ndim - q->ndim);
        int64_t sp = jp < 0 ? 1 : p->shape[jp], sq = jq < 0 ? 1 : q->shape[jq];
        same = (sp > sq ? sp : sq) == x->shape[d];
    }
    if (same && alpha__bw_owns(bw, x)) { alpha_matmul_add_into(ctx, x->grad, p, q); return; }
    alpha__accumulate(bw, x, alpha_matmul(ctx, p, q), 1);
}
/* w when b is the transpose of a 2-D w made on the tape (a tied LM head: logits = h @ wte^T),
   else NULL: b's gradient is then computed as w's, (a^T gy)^T = gy^T a, straight into w's
   gradient (no [K, N] temporary, no transposing add later); b's own gradient stays as it was
   and the PERMUTE node adds whatever else reaches it */
static alpha_tensor *alpha__transposed_weight(alpha__bw *bw, alpha_tensor *b) {
    const alpha_node *p = alpha__bw_find(bw, b)->made_by;
    alpha_tensor *w = p && p->op == ALPHA_OP_PERMUTE ? p->src[0] : NULL;
    return w && w->ndim == 2 && p->i[0] == 1 && p->i[1] == 0 && w->requires_grad ? w : NULL;
}
/* whether the memory two views reach ([offset, last element]) overlaps: strides are >= 0 */
static int alpha__overlaps(const alpha_tensor *a, const alpha_tensor *b) {
    int64_t lo[2], hi[2];
    const alpha_tensor *t[2];
    int k, d;
    if (!a || !b || a->storage != b->storage) return 0;
    t[0] = a; t[1] = b;
    for (k = 0; k < 2; k++) {
        lo[k] = t[k]->offset; hi[k] = t[k]->offset + 1;
        for (d = 0; d < t[k]->ndim; d++) {
            if (t[k]->shape[d] == 0) return 0;
            hi[k] += (t[k]->shape[d] - 1) * t[k]->strides[d];
        }
    }
    return lo[0] < hi[1] && lo[1] < hi[0];
}
/* whether a tape node names memory of x among its inputs and saved tensors (and its output, with out) */
static int alpha__node_touches(const alpha_node *nd, const alpha_tensor *x, int out) {
    int k;
    if (out && alpha__overlaps(nd->out, x)) return 1;
    for (k = 0; k < ALPHA_NODE_MAX_SRC; k++) if (alpha__overlaps(nd->src[k], x)) return 1;
    for (k = 0; k < ALPHA_NODE_MAX_SAVED; k++) if (alpha__overlaps(nd->saved[k], x)) return 1;
    return 0;
}
/* The GELU node that made a product's input x, where nothing else on the tape touches x (the
   product mm reads it, the GELU wrote it) and x has no gradient yet: then dx = gy b^T times
   gelu'(h) goes straight to the GELU's input h in one kernel (alpha_matmul_gelu_backward, the
   values of the two), x gets no gradient, and the GELU's own rule does not run. */
static const alpha_node *alpha__gelu_feeding(alpha_ctx *ctx, const alpha_node *mm, const alpha_tensor *x) {
    const alpha_node *gelu = NULL;
    size_t i;
    int k;
    if (x->grad) return NULL;
    for (k = 1; k < ALPHA_NODE_MAX_SRC; k++) if (alpha__overlaps(mm->src[k], x)) return NULL;   /* x @ x */
    for (i = 0; i < alpha_ctx_tape_len(ctx); i++) {
        const alpha_node *nd = alpha_ctx_tape_node(ctx, i);
        if (nd == mm) continue;
        if (nd->op == ALPHA_OP_GELU && nd->out == x) { gelu = nd; continue; }
        if (alpha__node_touches(nd, x, 1)) return NULL;
    }
    return gelu && gelu->src[0] && gelu->src[0]->requires_grad ? gelu : NULL;
}
static void alpha__matmul_backward(alpha__bw *bw, const alpha_node *nd, alpha_tensor *a, alpha_tensor *b, alpha_tensor *gy) {
    alpha_ctx *ctx = bw->ctx;
    const alpha_node *gelu = a->requires_grad ? alpha__gelu_feeding(ctx, nd, a) : NULL;
    if (gelu) alpha__accumulate(bw, gelu->src[0], alpha_matmul_gelu_backward(ctx, gy, alpha_transpose(ctx, b, -1, -2), gelu->src[0]), 1);
    else if (a->requires_grad) alpha__accumulate_product(bw, a, gy, alpha_transpose(ctx, b, -1, -2));
    if (b->requires_grad) {
        if (b->ndim == 2 && a->ndim > 2) {
            /* a shared weight: fold the batch into the rows, one [K, N] product */
            int64_t K = a->shape[a->ndim - 1], N = gy->shape[gy->ndim - 1];
            alpha_tensor *a2 = alpha_reshape(ctx, a, alpha_shape2(-1, K));
            alpha_tensor *g2 = alpha_reshape(ctx, gy, alpha_shape2(-1, N)), *w = alpha__transposed_weight(bw, b);
            if (w) alpha__accumulate_product(bw, w, alpha_transpose(ctx, g2, 0, 1), a2);
            else alpha__accumulate_product(bw, b, alpha_transpose(ctx, a2, 0, 1), g2);
        } else {
            alpha__accumulate_product(bw, b, alpha_transpose(ctx, a, -1, -2), gy);
        }
    }
}

/* A cross-entropy made by alpha_cross_entropy_reusing_logits (i[1]) writes d loss/d logits over
   its logits x when no other node of the tape touches that memory but the views of it
   (reshape, permute, slice, expand, copy, cast: their rules never read values) and a matmul
   that made it (its rule reads its inputs, not its output), and nothing else has given x a
   gradient yet. */
static int alpha__ce_may_overwrite(alpha_ctx *ctx, const alpha_node *ce, const alpha_tensor *x) {
    size_t i;
    if (!ce->i[1] || x->grad) return 0;
    for (i = 0; i < alpha_ctx_tape_len(ctx); i++) {
        const alpha_node *nd = alpha_ctx_tape_node(ctx, i);
        alpha_op op = nd->op;
        if (nd == ce || op == ALPHA_OP_RESHAPE || op == ALPHA_OP_PERMUTE || op == ALPHA_OP_SLICE || op == ALPHA_OP_EXPAND ||
            op == ALPHA_OP_COPY || op == ALPHA_OP_CAST)
            continue;
        if (alpha__node_touches(nd, x, op != ALPHA_OP_MATMUL)) return 0;
    }
    return 1;
}

/* fresh (the last argument of alpha__accumulate): 1 for a result computed here that no other
   tensor holds, 0 for gy itself, a view of it, or a result handed to two inputs */
static void alpha__node_backward(alpha__bw *bw, const alpha_node *nd) {
    alpha_ctx *ctx = bw->ctx;
    alpha_tensor *y = nd->out, *gy = y->grad, *x = nd->src[0], *b = nd->src[1];
    switch (nd->op) {
    case ALPHA_OP_RESHAPE: case ALPHA_OP_COPY: case ALPHA_OP_CAST: {
        /* a view of gy when its layout allows (it may be strided: no copy to make it contiguous) */
        alpha_tensor *g = alpha_reshape(ctx, gy, alpha_tensor_shape(x));
        alpha__accumulate(bw, x, g, g && g->storage != gy->storage);
        break;
    }
    case ALPHA_OP_PERMUTE: {
        int inv[ALPHA_MAX_DIMS], d;
        for (d = 0; d < x->ndim; d++) inv[nd->i[d]] = d;
        alpha__accumulate(bw, x, alpha_permute(ctx, gy, inv), 0);   /* a strided view of gy, no copy */
        break;
    }
    case ALPHA_OP_SLICE:
        alpha__slice_backward(bw, x, nd, gy);
        break;
    case ALPHA_OP_EXPAND: {
        alpha_tensor *g = alpha_sum_to(ctx, gy, alpha_tensor_shape(x));
        alpha__accumulate(bw, x, g, g != gy);
        break;
    }
    case ALPHA_OP_NEG: case ALPHA_OP_SCALE: case ALPHA_OP_ADD_SCALAR: case ALPHA_OP_EXP: case ALPHA_OP_LOG:
    case ALPHA_OP_SQRT: case ALPHA_OP_RSQRT: case ALPHA_OP_POW: case ALPHA_OP_ABS: case ALPHA_OP_TANH:
    case ALPHA_OP_SIGMOID: case ALPHA_OP_RELU: case ALPHA_OP_GELU: case ALPHA_OP_SILU: case ALPHA_OP_CLAMP:
        alpha__accumulate(bw, x, alpha_unary_backward(ctx, nd->op, x, y, gy, nd->f[0], nd->f[1]), 1);
        break;
    case ALPHA_OP_ADD:   /* both inputs share gy (the residual stream's gradient is never copied) */
        alpha__accumulate(bw, x, gy, 0);
        alpha__accumulate(bw, b, gy, 0);
        break;
    case ALPHA_OP_SUB:
        alpha__accumulate(bw, x, gy, 0);
        if (b->requires_grad) alpha__accumulate(bw, b, alpha_neg(ctx, gy), 1);
        break;
    case ALPHA_OP_MUL:
        if (x->requires_grad) alpha__accumulate(bw, x, alpha_mul(ctx, gy, b), 1);
        if (b->requires_grad) alpha__accumulate(bw, b, alpha_mul(ctx, gy, x), 1);
        break;
    case ALPHA_OP_DIV:
        if (x->requires_grad) alpha__accumulate(bw, x, alpha_div(ctx, gy, b), 1);
        if (b->requires_grad) alpha__accumulate(bw, b, alpha_neg(ctx, alpha_div(ctx, alpha_mul(ctx, gy, y), b)), 1);
        break;
    case ALPHA_OP_WHERE: {
        alpha_tensor *zero = alpha_full_on(ctx, alpha_tensor_device(gy), ALPHA_F32, alpha_shape_n(0, NULL), 0.0);
        if (b->requires_grad) alpha__accumulate(bw, b, alpha_where(ctx, x, gy, zero), 1);
        if (nd->src[2]->requires_grad) alpha__accumulate(bw, nd->src[2], alpha_where(ctx, x, zero, gy), 1);
        break;
    }
    case ALPHA_OP_DROPOUT: {
        alpha_rng_state r;
        r.seed = (uint64_t)nd->i[0]; r.offset = (uint64_t)nd->i[1];
        alpha__accumulate(bw, x, alpha_dropout_at(ctx, gy, nd->f[0], r), 1);
        break;
    }
    case ALPHA_OP_SUM: case ALPHA_OP_MEAN: {
        alpha_tensor *g = alpha_reshape(ctx, gy, alpha__keep_shape(x, (unsigned)nd->i[0]));
        if (nd->op == ALPHA_OP_MEAN && g) {
            double n = (double)alpha_tensor_numel(x) / (double)(alpha_tensor_numel(y) ? alpha_tensor_numel(y) : 1);
            g = alpha_scale(ctx, g, (float)(1.0 / n));
        }
        /* broadcast over the reduced dims as a view (stride 0): no zero-filled gradient to add into */
        if (g) alpha__accumulate(bw, x, alpha_expand(ctx, g, alpha_tensor_shape(x)), 0);
        break;
    }
    case ALPHA_OP_MAX: case ALPHA_OP_MIN: {
        /* the gradient goes to the extreme elements, split evenly between ties */
        alpha_shape ks = alpha__keep_shape(x, (unsigned)nd->i[0]);
        alpha_tensor *mask = alpha_equal(ctx, x, alpha_reshape(ctx, y, ks));
        alpha_tensor *cnt = alpha_sum(ctx, mask, (unsigned)nd->i[0], 1);
        alpha__accumulate(bw, x, alpha_mul(ctx, mask, alpha_div(ctx, alpha_reshape(ctx, gy, ks), cnt)), 1);
        break;
    }
    case ALPHA_OP_SOFTMAX:
        alpha__accumulate(bw, x, alpha_softmax_backward(ctx, y, gy, (int)nd->i[0]), 1);
        break;
    case ALPHA_OP_LOG_SOFTMAX:
        alpha__accumulate(bw, x, alpha_log_softmax_backward(ctx, y, gy, (int)nd->i[0]), 1);
        break;
    case ALPHA_OP_TOPK:
        alpha__accumulate(bw, x, alpha_scatter_add_last(ctx, alpha_tensor_shape(x), nd->saved[0], gy), 1);
        break;
    case ALPHA_OP_LAYERNORM: {
        alpha_tensor *w = nd->src[1], *bias = nd->src[2], *gx = NULL, *gw = alpha__bw_into(bw, w), *gb = alpha__bw_into(bw, bias);
        alpha_tensor *gw0 = gw, *gb0 = gb;
        alpha_layernorm_backward(ctx, x, w, nd->saved[0], nd->saved[1], gy, &gx,
                                 w && w->requires_grad ? &gw : NULL, bias && bias->requires_grad ? &gb : NULL);
        alpha__accumulate(bw, x, gx, 1);
        if (gw && !gw0) alpha__accumulate(bw, w, gw, 1);   /* else it added into w's gradient */
        if (gb && !gb0) alpha__accumulate(bw, bias, gb, 1);
        break;
    }
    case ALPHA_OP_ADD_LAYERNORM: {
        /* src: x, r, w, bias; saved: mean, rstd, s = x + r. d/ds = the layernorm's gx plus the
           gradient of the later uses of s (s->grad); both x and r receive all of it. */
        alpha_tensor *r = nd->src[1], *w = nd->src[2], *bias = nd->src[3], *s = nd->saved[2], *g = NULL;
        alpha_tensor *gw = gy ? alpha__bw_into(bw, w) : NULL, *gb = gy ? alpha__bw_into(bw, bias) : NULL, *gw0 = gw, *gb0 = gb;
        if (gy) {
            if (alpha_layernorm_backward(ctx, s, w, nd->saved[0], nd->saved[1], gy, &g,
                                         w && w->requires_grad ? &gw : NULL, bias && bias->requires_grad ? &gb : NULL) != ALPHA_OK)
                break;
            if (s->grad && alpha_add_into(ctx, g, s->grad) != ALPHA_OK) break;
        } else {
            g = s->grad;
        }
        alpha__accumulate(bw, x, g, 0);   /* shared by x and r */
        alpha__accumulate(bw, r, g, 0);
        if (gw && !gw0) alpha__accumulate(bw, w, gw, 1);   /* else it added into w's gradient */
        if (gb && !gb0) alpha__accumulate(bw, bias, gb, 1);
        break;
    }
    case ALPHA_OP_ATTENTION: {   /* src: q, k, v; saved: lse */
        alpha_tensor *gq = NULL, *gk = NULL, *gv = NULL, *v = nd->src[2];
        if (alpha_attention_backward(ctx, x, b, v, y, nd->saved[0], gy, nd->f[0], &gq, &gk, &gv) != ALPHA_OK) break;
        alpha__accumulate(bw, x, gq, 1);   /* gk and gv: disjoint views of one result */
        alpha__accumulate(bw, b, gk, 1);
        alpha__accumulate(bw, v, gv, 1);
        break;
    }
    case ALPHA_OP_MATMUL:   /* src: a, b, and the bias of alpha_matmul_bias */
        alpha__matmul_backward(bw, nd, x, b, gy);
        if (nd->src[2]) alpha__accumulate(bw, nd->src[2], gy, 0);
        break;
    case ALPHA_OP_EMBEDDING: /* src: indices, weight */
        if (alpha__bw_into(bw, b)) alpha_embedding_backward_add_into(ctx, b->grad, x, gy);   /* a tied LM head's already */
        else alpha__accumulate(bw, b, alpha_embedding_backward(ctx, x, gy, b->shape[0]), 1);
        break;
    case ALPHA_OP_CROSS_ENTROPY:   /* src: logits, targets; saved: row losses, lse */
        if (alpha__ce_may_overwrite(ctx, nd, x))
            alpha__accumulate(bw, x, alpha_cross_entropy_backward_in_place(ctx, x, b, (int)nd->i[0], gy, nd->saved[1]), 1);
        else
            alpha__accumulate(bw, x, alpha_cross_entropy_backward(ctx, x, b, (int)nd->i[0], gy, nd->saved[1]), 1);
        break;
    case ALPHA_OP_CONCAT: {
        int k, a = (int)nd->i[0];
        int64_t pos = 0;
        for (k = 0; k < ALPHA_NODE_MAX_SRC && nd->src[k]; k++) {
            alpha_tensor *s = nd->src[k];
            if (s->requires_grad) alpha__accumulate(bw, s, alpha_narrow(ctx, gy, a, pos, s->shape[a]), 0);
            pos += s->shape[a];
        }
        break;
    }
    default:
        break; /* not differentiable: argmax, equal, backward kernels */
    }
}

ALPHA_API alpha_result alpha_backward(alpha_ctx *ctx, alpha_tensor *out, alpha_tensor *seed) {
    size_t i, n_tensors = 1, n_slices = 0;
    int prev;
    char b[96], c[96];
    alpha__bw bw;
    if (!ctx) return ALPHA_ERR_INVALID;
    if (alpha_ctx_status(ctx) != ALPHA_OK) return alpha_ctx_status(ctx);
    if (!out) { alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_backward: output is NULL"); return ALPHA_ERR_INVALID; }
    if (!out->requires_grad) {
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_backward: %s does not depend on anything that requires grad",
                        alpha_tensor_describe(out, b, sizeof b));
        return ALPHA_ERR_INVALID;
    }
    if (!seed && alpha_tensor_numel(out) != 1) {
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_backward: %s is not a single value: pass a seed gradient of its shape",
                        alpha_tensor_describe(out, b, sizeof b));
        return ALPHA_ERR_INVALID;
    }
    if (seed && (seed->ndim != out->ndim || memcmp(seed->shape, out->shape, (size_t)out->ndim * sizeof *out->shape))) {
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_backward: seed %s does not match output %s",
                        alpha_tensor_describe(seed, b, sizeof b), alpha_tensor_describe(out, c, sizeof c));
        return ALPHA_ERR_INVALID;
    }
    /* the table: room for every tensor the pass can touch (outputs, sums, inputs), twice over */
    for (i = 0; i < alpha_ctx_tape_len(ctx); i++) {
        const alpha_node *nd = alpha_ctx_tape_node(ctx, i);
        int k;
        n_tensors += 2;
        for (k = 0; k < ALPHA_NODE_MAX_SRC; k++) if (nd->src[k]) n_tensors++;
        if (nd->op == ALPHA_OP_SLICE) n_slices++;
    }
    memset(&bw, 0, sizeof bw);
    bw.ctx = ctx;
    for (bw.cap = 16; bw.cap < 2 * n_tensors; bw.cap *= 2) {}
    bw.cap_pool = n_slices;
    bw.e = (alpha__bw_entry *)alpha_ctx_alloc(ctx, bw.cap * sizeof *bw.e);
    bw.pool = (alpha__bw_slices *)alpha_ctx_alloc(ctx, (n_slices ? n_slices : 1) * sizeof *bw.pool);
    if (!bw.e || !bw.pool) return alpha_ctx_status(ctx);
    memset(bw.e, 0, bw.cap * sizeof *bw.e);
    for (i = 0; i < alpha_ctx_tape_len(ctx); i++) {   /* who made what (alpha__transposed_weight) */
        const alpha_node *nd = alpha_ctx_tape_node(ctx, i);
        if (nd->op == ALPHA_OP_PERMUTE) alpha__bw_find(&bw, nd->out)->made_by = nd;
    }
    prev = alpha_ctx_set_grad_enabled(ctx, 0);
    if (seed) alpha__accumulate(&bw, out, seed, 0);
    else alpha__accumulate(&bw, out, alpha_full_on(ctx, alpha_tensor_device(out), ALPHA_F32, alpha_tensor_shape(out), 1.0), 1);
    for (i = alpha_ctx_tape_len(ctx); i-- > 0;) {
        const alpha_node *nd = alpha_ctx_tape_node(ctx, i);
        alpha_tensor *s = nd->op == ALPHA_OP_ADD_LAYERNORM ? nd->saved[2] : NULL;
        if (nd->out->grad || (s && s->grad)) {
            /* the node's gradients are complete: settle their unwritten ranges; not leaves */
            alpha__bw_entry *e = alpha__bw_find(&bw, nd->out);
            alpha__bw_settle(&bw, e);
            e->flags |= ALPHA__BW_INNER;
            if (s) {
                e = alpha__bw_find(&bw, s);
                alpha__bw_settle(&bw, e);
                e->flags |= ALPHA__BW_INNER;
            }
            alpha__node_backward(&bw, nd);
        }
        if (alpha_ctx_status(ctx) != ALPHA_OK) break;
    }
    /* leaves: a gradient of their own, contiguous and fully written */
    for (i = 0; i < bw.cap && alpha_ctx_status(ctx) == ALPHA_OK; i++) {
        alpha__bw_entry *e = &bw.e[i];
        if (!e->t || (e->flags & ALPHA__BW_INNER) || !e->t->grad) continue;
        alpha__bw_settle(&bw, e);
        if (!(e->flags & ALPHA__BW_OWNED) || !alpha_tensor_is_contiguous(e->t->grad)) e->t->grad = alpha_copy(ctx, e->t->grad);
    }
    alpha_ctx_tape_clear(ctx);
    alpha_ctx_set_grad_enabled(ctx, prev);
    return alpha_ctx_status(ctx);
}

/* ---------------------------------------------------------------- gradient checking */
static double alpha__gc_project(alpha_ctx *ctx, alpha_tensor *y, const float *r, float *buf) {
    int64_t i, n;
    double s = 0;
    if (!y) return NAN;
    n = alpha_tensor_numel(y);
    if (alpha_tensor_to_f32(ctx, y, buf, n) != ALPHA_OK) return NAN;
    for (i = 0; i < n; i++) s += (double)r[i] * buf[i];
    return s;
}
static float *alpha__gc_elem(alpha_tensor *t, int64_t flat) {
    int64_t off = t->offset;
    int d;
    for (d = t->ndim - 1; d >= 0; d--) { off += (flat % t->shape[d]) * t->strides[d]; flat /= t->shape[d]; }
    return (float *)t->storage->data + off;
}

ALPHA_API alpha_result alpha_gradcheck(alpha_ctx *ctx, alpha_gradcheck_fn fn, alpha_tensor *const *inputs, int n,
                                       void *user, const alpha_gradcheck_desc *desc, double *max_err) {
    alpha_gradcheck_desc d;
    alpha_tensor *y, *seed, *grads[16];
    alpha_mark mark;
    float *r, *buf;
    int64_t ny, i;
    int k, prev, failed = 0;
    double worst = 0;
    uint64_t lcg;
    if (max_err) *max_err = 0;
    if (!ctx || !fn || n < 1 || n > 16) return ALPHA_ERR_INVALID;
    memset(&d, 0, sizeof d);
    if (desc) d = *desc;
    if (d.eps <= 0) d.eps = 1e-3;
    if (d.atol <= 0) d.atol = 2e-3;
    if (d.rtol <= 0) d.rtol = 2e-2;
    for (k = 0; k < n; k++) {
        if (!inputs[k] || inputs[k]->dtype != ALPHA_F32 || alpha_tensor_device(inputs[k]) != 0) {
            alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_gradcheck: input %d is not an f32 tensor on the CPU", k);
            return ALPHA_ERR_INVALID;
        }
        inputs[k]->requires_grad = 1;
        inputs[k]->grad = NULL;
    }
    /* analytic: one forward + backward with seed r */
    y = fn(ctx, inputs, user);
    if (!y) return alpha_ctx_status(ctx) != ALPHA_OK ? alpha_ctx_status(ctx) : ALPHA_ERR_INVALID;
    ny = alpha_tensor_numel(y);
    r = (float *)alpha_ctx_alloc(ctx, (size_t)(ny + 1) * sizeof *r);
    buf = (float *)alpha_ctx_alloc(ctx, (size_t)(ny + 1) * sizeof *buf);
    if (!r || !buf) return ALPHA_ERR_OOM;
    lcg = d.seed * 6364136223846793005ull + 1442695040888963407ull;
    for (i = 0; i < ny; i++) {
        lcg = lcg * 6364136223846793005ull + 1442695040888963407ull;
        r[i] = (float)((double)(lcg >> 40) / 16777216.0 * 2.0 - 1.0);
    }
    seed = alpha_from_data(ctx, ALPHA_F32, alpha_tensor_shape(y), r);
    if (alpha_backward(ctx, y, seed) != ALPHA_OK) return alpha_ctx_status(ctx);
    for (k = 0; k < n; k++) {
        grads[k] = inputs[k]->grad;
        inputs[k]->grad = NULL;
        inputs[k]->requires_grad = 0;
    }
    /* numeric: central differences of sum(r * y) */
    prev = alpha_ctx_set_grad_enabled(ctx, 0);
    mark = alpha_ctx_mark(ctx);
    for (k = 0; k < n && !failed; k++) {
        int64_t ne = alpha_tensor_numel(inputs[k]), step = 1, j;
        if (d.max_elems > 0 && ne > d.max_elems) step = (ne + d.max_elems - 1) / d.max_elems;
        for (j = 0; j < ne; j += step) {
            float *p = alpha__gc_elem(inputs[k], j), orig = *p;
            double lp, lm, num, ana, err;
            *p = (float)(orig + d.eps);
            lp = alpha__gc_project(ctx, fn(ctx, inputs, user), r, buf);
            alpha_ctx_reset(ctx, mark);
            *p = (float)(orig - d.eps);
            lm = alpha__gc_project(ctx, fn(ctx, inputs, user), r, buf);
            alpha_ctx_reset(ctx, mark);
            *p = orig;
            /* the step actually taken, as rounded to f32 */
            num = (lp - lm) / ((double)(float)(orig + d.eps) - (double)(float)(orig - d.eps));
            ana = grads[k] ? ((const float *)alpha_tensor_data(grads[k]))[j] : 0.0;
            err = fabs(num - ana);
            if (err > worst) worst = err;
            if (!(err <= d.atol + d.rtol * fabs(num))) {
                alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_gradcheck: input %d element %lld: numeric %.6g, analytic %.6g",
                                k, (long long)j, num, ana);
                failed = 1;
                break;
            }
        }
    }
    alpha_ctx_set_grad_enabled(ctx, prev);
    if (max_err) *max_err = worst;
    return failed ? ALPHA_ERR_INVALID : alpha_ctx_status(ctx);
}

#endif /* ALPHA_AUTOGRAD_IMPLEMENTATION */

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
