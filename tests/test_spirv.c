/* Builder and layout tests for alpha_spirv.h. Every module a test builds is written to a temp
   file and checked with spirv-val (Vulkan 1.2, or 1.3 for SPIR-V 1.6); modules with
   cooperative-matrix instructions (which spirv-val 2023.1 cannot parse) get our own
   well-formedness checks here and run on the GPU in alpha_vk's tests. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define ALPHA_SPIRV_IMPLEMENTATION
#include "alpha_spirv.h"
#include "test.h"

static char last_log[1024];
static int n_logs;
static void capture(void *ud, alpha_log_level lv, const char *msg) {
    (void)ud; (void)lv;
    snprintf(last_log, sizeof last_log, "%s", msg);
    n_logs++;
}
static alpha_spirv_module *new_module(uint32_t version) {
    alpha_spirv_module *m = NULL;
    alpha_spirv_module_desc d;
    memset(&d, 0, sizeof d);
    d.version = version;
    d.logger.func = capture;
    CHECK(alpha_spirv_module_create(&m, &d) == ALPHA_OK, "module_create failed");
    return m;
}

/* spirv-val on words; returns 1 if valid. */
static int val(const uint32_t *w, size_t n, const char *env, const char *what) {
    char path[] = "/tmp/alpha_spirv_testXXXXXX", cmd[512], out[4096];
    int fd, rc;
    FILE *f;
    size_t got;
    if (system("command -v spirv-val >/dev/null 2>&1") != 0) {
        CHECK(0, "%s: spirv-val is not installed (apt-get install spirv-tools); cannot validate", what);
        return 0;
    }
    fd = mkstemp(path);
    if (fd < 0) { CHECK(0, "mkstemp failed"); return 0; }
    f = fdopen(fd, "wb");
    fwrite(w, 4, n, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "spirv-val --target-env %s %s > %s.log 2>&1", env, path, path);
    rc = system(cmd);
    snprintf(cmd, sizeof cmd, "%s.log", path);
    f = fopen(cmd, "rb");
    got = f ? fread(out, 1, sizeof out - 1, f) : 0;
    out[got] = 0;
    if (f) fclose(f);
    CHECK(rc == 0, "%s: spirv-val --target-env %s failed:\n%s", what, env, out);
    remove(cmd);
    remove(path);
    return rc == 0;
}
static const uint32_t *finish(alpha_spirv_module *m, size_t *n, const char *what) {
    const uint32_t *w = NULL;
    alpha_result r = alpha_spirv_module_finish(m, &w, n);
    CHECK(r == ALPHA_OK, "%s: finish failed: %s", what, alpha_spirv_module_last_error(m));
    return r == ALPHA_OK ? w : NULL;
}
/* section rank of an opcode, for order checks */
static int rank(uint32_t op) {
    switch (op) {
    case ALPHA_SPIRV_OpCapability: return 0;
    case ALPHA_SPIRV_OpExtension: return 1;
    case ALPHA_SPIRV_OpExtInstImport: return 2;
    case ALPHA_SPIRV_OpMemoryModel: return 3;
    case ALPHA_SPIRV_OpEntryPoint: return 4;
    case ALPHA_SPIRV_OpExecutionMode: case ALPHA_SPIRV_OpExecutionModeId: return 5;
    case ALPHA_SPIRV_OpSource: case ALPHA_SPIRV_OpString: return 6;
    case ALPHA_SPIRV_OpName: case ALPHA_SPIRV_OpMemberName: return 7;
    case ALPHA_SPIRV_OpDecorate: case ALPHA_SPIRV_OpMemberDecorate: return 8;
    case ALPHA_SPIRV_OpFunction: return 10;
    default: return -1;
    }
}
/* Our own structural check: header, word counts, known opcodes, result ids unique and below
   the bound, section order, every block terminated; returns the number of instructions. */
static int well_formed(const uint32_t *w, size_t n, const char *what) {
    size_t i = 5;
    int count = 0, last = 0, in_block = 0, in_types = 0;
    unsigned char *seen;
    if (n < 5 || w[0] != 0x07230203u) { CHECK(0, "%s: bad header", what); return 0; }
    seen = (unsigned char *)calloc(w[3] + 1, 1);
    while (i < n) {
        uint32_t wc = w[i] >> 16, op = w[i] & 0xffff;
        const alpha__spv_opdef *d = alpha__spv_op_by_code(op);
        int r;
        if (wc == 0 || i + wc > n) { CHECK(0, "%s: bad word count at word %u", what, (unsigned)i); break; }
        if (!d) { CHECK(0, "%s: unknown opcode %u", what, (unsigned)op); break; }
        if (strchr(d->pat, 'R')) {
            uint32_t id = w[i + (d->pat[0] == 'T' ? 2 : 1)];
            CHECK(id > 0 && id < w[3], "%s: Op%s result %u outside bound %u", what, d->name, (unsigned)id, (unsigned)w[3]);
            if (id < w[3]) { CHECK(!seen[id], "%s: id %u defined twice", what, (unsigned)id); seen[id] = 1; }
        }
        r = rank(op);
        if (r < 0 && !in_types && last <= 8 && (strncmp(d->name, "Type", 4) == 0 || strncmp(d->name, "Constant", 8) == 0 || strncmp(d->name, "SpecConstant", 12) == 0 || op == ALPHA_SPIRV_OpVariable)) { r = 9; }
        if (r >= 0) { CHECK(r >= last, "%s: Op%s out of section order", what, d->name); last = r; }
        if (op == ALPHA_SPIRV_OpLabel) { CHECK(!in_block, "%s: label inside an open block", what); in_block = 1; }
        if (alpha__spv_is_terminator(op)) in_block = 0;
        if (op == ALPHA_SPIRV_OpFunctionEnd) CHECK(!in_block, "%s: unterminated block at OpFunctionEnd", what);
        i += wc;
        count++;
    }
    (void)in_types;
    free(seen);
    return count;
}
static int has_op(const uint32_t *w, size_t n, uint32_t op, size_t *at) {
    size_t i = 5;
    while (i < n && (w[i] >> 16)) {
        if ((w[i] & 0xffff) == op) { if (at) *at = i; return 1; }
        i += w[i] >> 16;
    }
    return 0;
}
static int count_decoration(const uint32_t *w, size_t n, uint32_t target, uint32_t dec, uint32_t value) {
    size_t i = 5;
    int c = 0;
    while (i < n && (w[i] >> 16)) {
        if ((w[i] & 0xffff) == ALPHA_SPIRV_OpDecorate && w[i + 1] == target && w[i + 2] == dec && ((w[i] >> 16) < 4 || w[i + 3] == value)) c++;
        i += w[i] >> 16;
    }
    return c;
}

TEST(t_double_kernel) {
    alpha_spirv_module *m = new_module(0);
    uint32_t f32, x, y, i, v;
    size_t n;
    const uint32_t *w;
    f32 = alpha_spirv_type_float(m, 32);
    x = alpha_spirv_buffer(m, f32, 0, 0, ALPHA_SPIRV_READONLY);
    y = alpha_spirv_buffer(m, f32, 0, 1, 0);
    alpha_spirv_compute_begin(m, "main", 64, 1, 1);
    i = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInGlobalInvocationId, 0);
    v = alpha_spirv_load(m, alpha_spirv_buffer_at(m, x, i));
    alpha_spirv_store(m, alpha_spirv_buffer_at(m, y, i), alpha_spirv_fmul(m, v, alpha_spirv_const_f32(m, 2.0f)));
    alpha_spirv_return(m);
    alpha_spirv_function_end(m);
    w = finish(m, &n, "double");
    if (w) {
        CHECK(w[0] == 0x07230203u && w[1] == 0x00010500u, "header %08x %08x", w[0], w[1]);
        val(w, n, "vulkan1.2", "double");
        well_formed(w, n, "double");
    }
    alpha_spirv_module_destroy(m);
}

/* A kernel that uses most of the builder: push constants, spec-constant workgroup size,
   shared memory, barriers, loops (for, while with phi, break/continue), if/else, subgroup
   reduction/broadcast/shuffle/ballot/elect, atomics, 16-bit buffers and casts,
   GLSL.std.450, select, composite ops, a helper function and a call. */
static alpha_spirv_module *build_full(uint32_t version) {
    alpha_spirv_module *m = new_module(version);
    uint32_t u32, f32, f16, u8, v4, pc, in, out, h, bytes, cnt, sh, fn, lid, gid, i, acc, x, zero, fz, helper, hp, ph, next, ids[3];
    uint32_t spec[3] = {0, 1, 2}, members[2], pairs[4], sum, first, lane0, sx, bal, r, vec, e;
    alpha_spirv_loop lp;
    u32 = alpha_spirv_type_u32(m); f32 = alpha_spirv_type_f32(m); f16 = alpha_spirv_type_f16(m); u8 = alpha_spirv_type_int(m, 8, 0);
    v4 = alpha_spirv_type_vector(m, f32, 4);
    members[0] = u32; members[1] = f32;
    pc = alpha_spirv_push_constants(m, 2, members);
    in = alpha_spirv_buffer(m, f32, 0, 0, ALPHA_SPIRV_READONLY | ALPHA_SPIRV_RESTRICT);
    out = alpha_spirv_buffer(m, f32, 0, 1, ALPHA_SPIRV_WRITEONLY);
    h = alpha_spirv_buffer(m, f16, 0, 2, 0);
    bytes = alpha_spirv_buffer(m, u8, 0, 4, 0);
    cnt = alpha_spirv_buffer(m, u32, 0, 3, ALPHA_SPIRV_COHERENT);
    sh = alpha_spirv_shared_array(m, f32, 64);
    alpha_spirv_name(m, sh, "partial");
    helper = alpha_spirv_function_begin(m, f32, 1, &f32, &hp); /* float helper(float x) { return x * 0.5 + exp(x); } */
    alpha_spirv_return_value(m, alpha_spirv_fadd(m, alpha_spirv_fmul(m, hp, alpha_spirv_const_f32(m, 0.5f)), alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450Exp, 1, hp)));
    alpha_spirv_function_end(m);
    fn = alpha_spirv_compute_begin(m, "main", 0, 0, 0);
    alpha_spirv_local_size_spec(m, fn, 64, 1, 1, spec, ids);
    lid = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInLocalInvocationId, 0);
    gid = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInGlobalInvocationId, 0);
    zero = alpha_spirv_const_u32(m, 0); fz = alpha_spirv_const_f32(m, 0.0f);
    acc = alpha_spirv_local(m, f32);
    alpha_spirv_store(m, acc, fz);
    i = alpha_spirv_for_begin(m, gid, alpha_spirv_load_member(m, pc, 0), ids[0]);
    x = alpha_spirv_load(m, alpha_spirv_buffer_at(m, in, i));
    alpha_spirv_if_begin(m, alpha_spirv_flt(m, x, fz));
    alpha_spirv_loop_continue(m);
    alpha_spirv_if_end(m);
    alpha_spirv_if_begin(m, alpha_spirv_fgt(m, x, alpha_spirv_const_f32(m, 1e30f)));
    alpha_spirv_loop_break(m);
    alpha_spirv_else(m);
    alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc), alpha_spirv_call(m, helper, 1, &x)));
    alpha_spirv_if_end(m);
    alpha_spirv_for_end(m);
    alpha_spirv_store(m, alpha_spirv_access(m, sh, 1, lid), alpha_spirv_load(m, acc));
    alpha_spirv_workgroup_barrier(m);
    /* for (s = 32; s > 0; s >>= 1) written by hand with a phi */
    alpha_spirv_loop_begin(m, &lp);
    next = alpha_spirv_id(m);
    pairs[0] = alpha_spirv_const_u32(m, 32); pairs[1] = lp.pre; pairs[2] = next; pairs[3] = lp.cont;
    ph = alpha_spirv_phi(m, u32, 2, pairs);
    alpha_spirv_loop_while(m, alpha_spirv_igt(m, ph, zero));
    alpha_spirv_if_begin(m, alpha_spirv_ilt(m, lid, ph));
    {
        uint32_t p = alpha_spirv_access(m, sh, 1, lid);
        alpha_spirv_store(m, p, alpha_spirv_fadd(m, alpha_spirv_load(m, p), alpha_spirv_load(m, alpha_spirv_access(m, sh, 1, alpha_spirv_iadd(m, lid, ph)))));
    }
    alpha_spirv_if_end(m);
    alpha_spirv_workgroup_barrier(m);
    alpha_spirv_loop_continue_block(m);
    {
        uint32_t ops[2];
        ops[0] = ph; ops[1] = alpha_spirv_const_u32(m, 1);
        alpha_spirv_op_to(m, next, ALPHA_SPIRV_OpShiftRightLogical, u32, 2, ops);
    }
    alpha_spirv_loop_end(m);
    /* subgroup operations */
    sum = alpha_spirv_subgroup_reduce(m, ALPHA_SPIRV_OpGroupNonUniformFAdd, alpha_spirv_load(m, acc));
    sum = alpha_spirv_fadd(m, sum, alpha_spirv_subgroup_arith(m, ALPHA_SPIRV_OpGroupNonUniformFMax, ALPHA_SPIRV_GroupOperationInclusiveScan, sum));
    first = alpha_spirv_subgroup_broadcast_first(m, sum);
    lane0 = alpha_spirv_subgroup_broadcast(m, sum, zero);
    sx = alpha_spirv_subgroup_shuffle_xor(m, sum, alpha_spirv_const_u32(m, 1));
    sx = alpha_spirv_fadd(m, sx, alpha_spirv_subgroup_shuffle(m, sum, alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInSubgroupLocalInvocationId, -1)));
    bal = alpha_spirv_subgroup_ballot(m, alpha_spirv_flt(m, sum, fz));
    r = alpha_spirv_fadd(m, alpha_spirv_fadd(m, first, lane0), sx);
    r = alpha_spirv_fadd(m, r, alpha_spirv_cast(m, f32, alpha_spirv_extract(m, bal, 0)));
    r = alpha_spirv_fadd(m, r, alpha_spirv_cast(m, f32, alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInNumSubgroups, -1)));
    /* composites, GLSL, select */
    {
        uint32_t parts[4];
        parts[0] = r; parts[1] = sum; parts[2] = fz; parts[3] = x = alpha_spirv_const_f32(m, 2.0f);
        vec = alpha_spirv_construct(m, v4, 4, parts);
        vec = alpha_spirv_insert(m, alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450FMax, 2, r, sum), vec, 2);
        e = alpha_spirv_dot(m, vec, vec);
        e = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450InverseSqrt, 1, alpha_spirv_fadd(m, e, alpha_spirv_const_f32(m, 1e-6f)));
        e = alpha_spirv_select(m, alpha_spirv_subgroup_elect(m), e, alpha_spirv_fneg(m, e));
    }
    alpha_spirv_if_begin(m, alpha_spirv_ieq(m, lid, zero));
    alpha_spirv_store(m, alpha_spirv_buffer_at(m, out, alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInWorkgroupId, 0)),
                      alpha_spirv_fmul(m, e, alpha_spirv_load(m, alpha_spirv_access(m, sh, 1, zero))));
    alpha_spirv_if_end(m);
    /* 16-bit and 8-bit storage with casts, atomics */
    {
        uint32_t hp2 = alpha_spirv_buffer_at(m, h, gid), hv = alpha_spirv_load(m, hp2), b8 = alpha_spirv_buffer_at(m, bytes, gid);
        alpha_spirv_store(m, hp2, alpha_spirv_cast(m, f16, alpha_spirv_fadd(m, alpha_spirv_cast(m, f32, hv), e)));
        alpha_spirv_store(m, hp2, alpha_spirv_fmul(m, alpha_spirv_load(m, hp2), alpha_spirv_const_f16(m, 0.25f)));
        alpha_spirv_store(m, b8, alpha_spirv_cast(m, u8, alpha_spirv_iadd(m, alpha_spirv_cast(m, u32, alpha_spirv_load(m, b8)), gid)));
    }
    alpha_spirv_atomic(m, ALPHA_SPIRV_OpAtomicIAdd, alpha_spirv_buffer_at(m, cnt, zero), ALPHA_SPIRV_ScopeDevice, 0, alpha_spirv_const_u32(m, 1));
    alpha_spirv_atomic_cmpxchg(m, alpha_spirv_buffer_at(m, cnt, alpha_spirv_const_u32(m, 1)), ALPHA_SPIRV_ScopeDevice, 0, 0, gid, zero);
    alpha_spirv_memory_barrier(m, ALPHA_SPIRV_ScopeDevice, ALPHA_SPIRV_MemorySemanticsAcquireRelease | ALPHA_SPIRV_MemorySemanticsUniformMemory);
    alpha_spirv_return(m);
    alpha_spirv_function_end(m);
    return m;
}
TEST(t_full_kernel) {
    alpha_spirv_module *m = build_full(0);
    size_t n;
    const uint32_t *w = finish(m, &n, "full");
    if (w) {
        val(w, n, "vulkan1.2", "full kernel");
        CHECK(well_formed(w, n, "full") > 100, "too few instructions");
        CHECK(has_op(w, n, ALPHA_SPIRV_OpLoopMerge, NULL) && has_op(w, n, ALPHA_SPIRV_OpSelectionMerge, NULL) && has_op(w, n, ALPHA_SPIRV_OpPhi, NULL), "structured control flow missing");
    }
    alpha_spirv_module_destroy(m);
    m = build_full(0x00010600u); /* SPIR-V 1.6: LocalSizeId instead of the WorkgroupSize built-in */
    w = finish(m, &n, "full 1.6");
    if (w) {
        val(w, n, "vulkan1.3", "full kernel (SPIR-V 1.6)");
        CHECK(has_op(w, n, ALPHA_SPIRV_OpExecutionModeId, NULL), "LocalSizeId missing");
    }
    alpha_spirv_module_destroy(m);
}

TEST(t_physical_pointers_and_vulkan_model) {
    alpha_spirv_module *m = new_module(0);
    uint32_t f32 = alpha_spirv_type_f32(m), u32 = alpha_spirv_type_u32(m), ra, blk, ptr, pc, p, v, gid, e;
    size_t n;
    const uint32_t *w;
    alpha_spirv_memory_model(m, ALPHA_SPIRV_AddressingModelPhysicalStorageBuffer64, ALPHA_SPIRV_MemoryModelVulkan);
    ra = alpha_spirv_type_runtime_array(m, f32);
    blk = alpha_spirv_type_block(m, ALPHA_SPIRV_STD430, 1, &ra);
    ptr = alpha_spirv_type_pointer(m, ALPHA_SPIRV_StorageClassPhysicalStorageBuffer, blk);
    pc = alpha_spirv_push_constants(m, 1, &ptr);
    CHECK(alpha_spirv_layout_size(m, ptr, ALPHA_SPIRV_STD430) == 8, "pointer size");
    alpha_spirv_compute_begin(m, "main", 32, 1, 1);
    gid = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInGlobalInvocationId, 0);
    p = alpha_spirv_load_member(m, pc, 0);
    e = alpha_spirv_access(m, p, 2, alpha_spirv_const_u32(m, 0), gid);
    v = alpha_spirv_load(m, e);
    alpha_spirv_store(m, e, alpha_spirv_fadd(m, v, alpha_spirv_const_f32(m, 1.0f)));
    (void)u32;
    alpha_spirv_return(m);
    alpha_spirv_function_end(m);
    w = finish(m, &n, "psb");
    if (w) val(w, n, "vulkan1.2", "physical storage buffer + Vulkan memory model");
    alpha_spirv_module_destroy(m);
}

TEST(t_layout) {
    alpha_spirv_module *m = new_module(0);
    uint32_t f32 = alpha_spirv_type_f32(m), v3 = alpha_spirv_type_vector(m, f32, 3), v2 = alpha_spirv_type_vector(m, f32, 2);
    uint32_t arr = alpha_spirv_type_array(m, f32, 4), mem[5], st, l430, l140, la430, la140, blk, again;
    size_t n;
    const uint32_t *w;
    mem[0] = f32; mem[1] = v3; mem[2] = f32; mem[3] = v2; mem[4] = arr;
    st = alpha_spirv_type_struct(m, 5, mem);
    CHECK(alpha_spirv_layout_offset(m, st, 1, ALPHA_SPIRV_STD430) == 16, "std430 vec3 offset");
    CHECK(alpha_spirv_layout_offset(m, st, 2, ALPHA_SPIRV_STD430) == 28, "std430 float after vec3");
    CHECK(alpha_spirv_layout_offset(m, st, 3, ALPHA_SPIRV_STD430) == 32, "std430 vec2 offset");
    CHECK(alpha_spirv_layout_offset(m, st, 4, ALPHA_SPIRV_STD430) == 40, "std430 array offset");
    CHECK(alpha_spirv_layout_size(m, st, ALPHA_SPIRV_STD430) == 64, "std430 size %u", alpha_spirv_layout_size(m, st, ALPHA_SPIRV_STD430));
    CHECK(alpha_spirv_layout_align(m, st, ALPHA_SPIRV_STD430) == 16, "std430 align");
    CHECK(alpha_spirv_layout_offset(m, st, 4, ALPHA_SPIRV_STD140) == 48, "std140 array offset");
    CHECK(alpha_spirv_layout_size(m, st, ALPHA_SPIRV_STD140) == 112, "std140 size %u", alpha_spirv_layout_size(m, st, ALPHA_SPIRV_STD140));
    CHECK(alpha_spirv_layout_size(m, alpha_spirv_type_vector(m, alpha_spirv_type_f16(m), 3), ALPHA_SPIRV_STD430) == 6, "f16vec3 size");
    CHECK(alpha_spirv_layout_align(m, alpha_spirv_type_vector(m, alpha_spirv_type_f16(m), 3), ALPHA_SPIRV_STD430) == 8, "f16vec3 align");
    l430 = alpha_spirv_type_layout(m, st, ALPHA_SPIRV_STD430);
    l140 = alpha_spirv_type_layout(m, st, ALPHA_SPIRV_STD140);
    la430 = alpha_spirv_type_layout(m, arr, ALPHA_SPIRV_STD430);
    la140 = alpha_spirv_type_layout(m, arr, ALPHA_SPIRV_STD140);
    CHECK(l430 != st && l140 != st && l430 != l140 && la430 != arr && la140 != la430, "laid-out types must be distinct from bare ones");
    CHECK(alpha_spirv_type_layout(m, st, ALPHA_SPIRV_STD430) == l430, "layout is deduplicated");
    CHECK(alpha_spirv_type_layout(m, f32, ALPHA_SPIRV_STD430) == f32, "scalars stay");
    blk = alpha_spirv_type_block(m, ALPHA_SPIRV_STD430, 1, &st);
    again = alpha_spirv_type_block(m, ALPHA_SPIRV_STD430, 1, &st);
    CHECK(blk == again && blk != l430, "blocks deduplicated and distinct");
    /* use them: a storage buffer of the block, a Workgroup variable of the bare struct */
    {
        uint32_t var = alpha_spirv_variable(m, ALPHA_SPIRV_StorageClassStorageBuffer, blk, 0), ub, shv, p;
        alpha_spirv_decorate(m, var, ALPHA_SPIRV_DecorationDescriptorSet, 1, 0);
        alpha_spirv_decorate(m, var, ALPHA_SPIRV_DecorationBinding, 1, 0);
        ub = alpha_spirv_uniform_block(m, 0, 1, 1, &st);
        shv = alpha_spirv_shared(m, st);
        alpha_spirv_compute_begin(m, "main", 1, 1, 1);
        p = alpha_spirv_access(m, var, 2, alpha_spirv_const_u32(m, 0), alpha_spirv_const_u32(m, 4));
        alpha_spirv_store(m, alpha_spirv_access(m, shv, 2, alpha_spirv_const_u32(m, 4), alpha_spirv_const_u32(m, 1)),
                          alpha_spirv_load(m, alpha_spirv_access(m, p, 1, alpha_spirv_const_u32(m, 2))));
        alpha_spirv_store(m, alpha_spirv_access(m, shv, 1, alpha_spirv_const_u32(m, 0)),
                          alpha_spirv_load(m, alpha_spirv_access(m, ub, 2, alpha_spirv_const_u32(m, 0), alpha_spirv_const_u32(m, 2))));
        alpha_spirv_return(m);
        alpha_spirv_function_end(m);
    }
    w = finish(m, &n, "layout");
    if (w) {
        val(w, n, "vulkan1.2", "layout");
        CHECK(count_decoration(w, n, la430, ALPHA_SPIRV_DecorationArrayStride, 4) == 1, "std430 float[4] ArrayStride 4");
        CHECK(count_decoration(w, n, la140, ALPHA_SPIRV_DecorationArrayStride, 16) == 1, "std140 float[4] ArrayStride 16");
        CHECK(count_decoration(w, n, arr, ALPHA_SPIRV_DecorationArrayStride, 4) == 0, "bare array must not be decorated");
        CHECK(count_decoration(w, n, blk, ALPHA_SPIRV_DecorationBlock, 0) == 1, "Block decoration");
    }
    alpha_spirv_module_destroy(m);
}

TEST(t_dedup_and_order) {
    alpha_spirv_module *m = new_module(0);
    uint32_t f32 = alpha_spirv_type_float(m, 32), u, c1, s1, s2, late_t, late_c, fn, v;
    size_t n;
    const uint32_t *w;
    CHECK(alpha_spirv_type_float(m, 32) == f32, "float type dedup");
    u = alpha_spirv_type_u32(m);
    CHECK(alpha_spirv_type_int(m, 32, 0) == u && alpha_spirv_type_int(m, 32, 1) != u, "int type dedup");
    c1 = alpha_spirv_const_u32(m, 7);
    CHECK(alpha_spirv_const_u32(m, 7) == c1 && alpha_spirv_const_u32(m, 8) != c1, "constant dedup");
    CHECK(alpha_spirv_const_f32(m, 1.0f) == alpha_spirv_const_float(m, f32, 1.0), "float constant dedup");
    CHECK(alpha_spirv_const_int(m, alpha_spirv_type_int(m, 64, 1), -1) != 0, "i64 const");
    s1 = alpha_spirv_spec_const_u32(m, 5, 7);
    s2 = alpha_spirv_spec_const_u32(m, 6, 7);
    CHECK(s1 != s2 && s1 != c1, "spec constants are never merged");
    CHECK(alpha_spirv_type_of(m, c1) == u, "type_of");
    fn = alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    late_t = alpha_spirv_type_vector(m, f32, 2);      /* a type made inside a function */
    late_c = alpha_spirv_const_composite(m, late_t, 2, (uint32_t[]){alpha_spirv_const_f32(m, 1.0f), alpha_spirv_const_f32(m, 2.0f)});
    v = alpha_spirv_local(m, late_t);                 /* hoisted to the entry block */
    alpha_spirv_store(m, v, late_c);
    alpha_spirv_store(m, v, alpha_spirv_const_null(m, late_t));
    alpha_spirv_return(m);
    alpha_spirv_function_end(m);
    alpha_spirv_name(m, fn, "main");                  /* debug and annotations after the code */
    alpha_spirv_decorate(m, s1, ALPHA_SPIRV_DecorationRelaxedPrecision, 0);
    alpha_spirv_capability(m, ALPHA_SPIRV_CapabilityInt64);
    w = finish(m, &n, "order");
    if (w) {
        val(w, n, "vulkan1.2", "out-of-order emission");
        well_formed(w, n, "order");
        CHECK(w[3] == alpha_spirv_id(m), "bound %u", w[3]);
    }
    alpha_spirv_module_destroy(m);
}

TEST(t_generic_and_casts) {
    alpha_spirv_module *m = new_module(0);
    uint32_t u32 = alpha_spirv_type_u32(m), i32 = alpha_spirv_type_i32(m), f32 = alpha_spirv_type_f32(m), f16 = alpha_spirv_type_f16(m);
    uint32_t i16 = alpha_spirv_type_int(m, 16, 1), u64 = alpha_spirv_type_int(m, 64, 0), out, a, b, c, t2;
    size_t n;
    const uint32_t *w;
    t2 = alpha_spirv_op(m, ALPHA_SPIRV_OpTypeVector, 0, 2, (uint32_t[]){u32, 2});
    CHECK(t2 == alpha_spirv_type_vector(m, u32, 2), "generic OpTypeVector registers the type");
    out = alpha_spirv_buffer(m, u32, 0, 0, 0);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    a = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInLocalInvocationIndex, -1);
    b = alpha_spirv_opn(m, ALPHA_SPIRV_OpIAdd, u32, 2, a, alpha_spirv_const_u32(m, 3));
    c = alpha_spirv_cast(m, i32, b);                                        /* bitcast */
    c = alpha_spirv_cast(m, f32, c);                                        /* ConvertSToF */
    c = alpha_spirv_cast(m, f16, c);                                        /* FConvert */
    c = alpha_spirv_cast(m, i16, c);                                        /* ConvertFToS */
    c = alpha_spirv_cast(m, u64, c);                                        /* SConvert + ... */
    c = alpha_spirv_cast(m, i32, alpha_spirv_cast(m, u32, c));              /* UConvert, bitcast */
    c = alpha_spirv_bor(m, alpha_spirv_shl(m, alpha_spirv_cast(m, u32, c), alpha_spirv_const_u32(m, 2)), alpha_spirv_shr(m, b, alpha_spirv_const_i32(m, 1)));
    c = alpha_spirv_select(m, alpha_spirv_land(m, alpha_spirv_ine(m, a, b), alpha_spirv_ige(m, b, a)), c, b);
    alpha_spirv_store(m, alpha_spirv_buffer_at(m, out, a), c);
    alpha_spirv_return(m);
    alpha_spirv_function_end(m);
    w = finish(m, &n, "casts");
    if (w) val(w, n, "vulkan1.2", "generic ops and casts");
    alpha_spirv_module_destroy(m);
}

/* misuse gives a clear error naming the function and instruction, never a crash */
static void expect_error(alpha_spirv_module *m, const char *what, const char *needle) {
    const uint32_t *w;
    size_t n;
    CHECK(alpha_spirv_module_result(m) != ALPHA_OK, "%s: no error recorded", what);
    CHECK(strstr(alpha_spirv_module_last_error(m), needle) != NULL, "%s: message '%s' lacks '%s'", what, alpha_spirv_module_last_error(m), needle);
    CHECK(strstr(last_log, needle) != NULL, "%s: logger did not get the message", what);
    CHECK(alpha_spirv_module_finish(m, &w, &n) != ALPHA_OK && w == NULL, "%s: finish must fail", what);
    CHECK(alpha_spirv_fadd(m, 1, 1) == 0, "%s: calls after an error return 0", what);
    alpha_spirv_module_destroy(m);
}
TEST(t_errors) {
    alpha_spirv_module *m;
    uint32_t f32, u32, x, y, p;
    /* instruction after the block was terminated */
    m = new_module(0);
    f32 = alpha_spirv_type_f32(m);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    alpha_spirv_return(m);
    x = alpha_spirv_fadd(m, alpha_spirv_const_f32(m, 1), alpha_spirv_const_f32(m, 2));
    CHECK(x == 0, "fadd outside a block returns 0");
    expect_error(m, "outside block", "alpha_spirv_fadd (OpFAdd): instruction outside a block");
    /* instruction outside any function */
    m = new_module(0);
    alpha_spirv_iadd(m, alpha_spirv_const_u32(m, 1), alpha_spirv_const_u32(m, 2));
    expect_error(m, "outside function", "instruction outside a function");
    /* unterminated block */
    m = new_module(0);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    alpha_spirv_function_end(m);
    expect_error(m, "unterminated", "is not terminated");
    /* label while a block is open */
    m = new_module(0);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    alpha_spirv_label(m, 0);
    expect_error(m, "label in open block", "alpha_spirv_label (OpLabel): block");
    /* operand type mismatch */
    m = new_module(0);
    f32 = alpha_spirv_type_f32(m);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    alpha_spirv_fadd(m, alpha_spirv_const_f32(m, 1), alpha_spirv_const_u32(m, 2));
    expect_error(m, "fadd types", "alpha_spirv_fadd (OpFAdd): operand");
    m = new_module(0);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    alpha_spirv_iadd(m, alpha_spirv_const_f32(m, 1), alpha_spirv_const_f32(m, 2));
    expect_error(m, "iadd on floats", "expected an integer scalar or vector type");
    /* store of the wrong type */
    m = new_module(0);
    u32 = alpha_spirv_type_u32(m);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    p = alpha_spirv_local(m, u32);
    alpha_spirv_store(m, p, alpha_spirv_const_f32(m, 1));
    expect_error(m, "store", "alpha_spirv_store (OpStore): value");
    /* load from a non-pointer, access chain into a scalar, bad struct index */
    m = new_module(0);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    alpha_spirv_load(m, alpha_spirv_const_u32(m, 1));
    expect_error(m, "load", "expected a pointer");
    m = new_module(0);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    p = alpha_spirv_local(m, alpha_spirv_type_f32(m));
    alpha_spirv_access(m, p, 1, alpha_spirv_const_u32(m, 0));
    expect_error(m, "access", "cannot index into float32");
    m = new_module(0);
    f32 = alpha_spirv_type_f32(m);
    y = alpha_spirv_push_constants(m, 1, &f32);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    alpha_spirv_load_member(m, y, 3);
    expect_error(m, "member", "has no member 3");
    /* if/else misuse and open constructs */
    m = new_module(0);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    alpha_spirv_if_begin(m, alpha_spirv_const_u32(m, 1));
    expect_error(m, "if on uint", "expected bool");
    m = new_module(0);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    alpha_spirv_else(m);
    expect_error(m, "else without if", "alpha_spirv_else");
    m = new_module(0);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    alpha_spirv_loop_begin(m, NULL);
    alpha_spirv_loop_body(m);
    alpha_spirv_return(m);
    alpha_spirv_function_end(m);
    expect_error(m, "open loop", "still open");
    /* finish with an open function; a bad width; GLSL arity; unknown id */
    m = new_module(0);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    {
        const uint32_t *w;
        size_t n;
        CHECK(alpha_spirv_module_finish(m, &w, &n) == ALPHA_ERR_STATE, "finish with open function");
    }
    expect_error(m, "open function", "still open");
    m = new_module(0);
    alpha_spirv_type_int(m, 12, 0);
    expect_error(m, "width", "width 12");
    m = new_module(0);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450FMax, 1, alpha_spirv_const_f32(m, 1));
    expect_error(m, "glsl arity", "1 arguments, expected 2");
    m = new_module(0);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    alpha_spirv_fneg(m, 999);
    expect_error(m, "unknown id", "%999");
    m = new_module(0);
    alpha_spirv_const_int(m, alpha_spirv_type_int(m, 8, 0), 300);
    expect_error(m, "const range", "300 does not fit in uint8");
    (void)f32;
}

/* KHR cooperative matrix GEMM tile: C += A * B over K, one 16x16x16 tile per subgroup */
TEST(t_coopmat_khr) {
    alpha_spirv_module *m = new_module(0x00010600u);
    uint32_t f16 = alpha_spirv_type_f16(m), f32 = alpha_spirv_type_f32(m), u32 = alpha_spirv_type_u32(m), a, b, c, ta, tb, tc, k, acc, len;
    size_t n, at;
    const uint32_t *w;
    alpha_spirv_capability(m, ALPHA_SPIRV_CapabilityVulkanMemoryModel);
    alpha_spirv_memory_model(m, ALPHA_SPIRV_AddressingModelLogical, ALPHA_SPIRV_MemoryModelVulkan);
    a = alpha_spirv_buffer(m, f16, 0, 0, ALPHA_SPIRV_READONLY);
    b = alpha_spirv_buffer(m, f16, 0, 1, ALPHA_SPIRV_READONLY);
    c = alpha_spirv_buffer(m, f32, 0, 2, 0);
    ta = alpha_spirv_type_coopmat(m, f16, ALPHA_SPIRV_ScopeSubgroup, 16, 16, ALPHA_SPIRV_CooperativeMatrixUseMatrixAKHR);
    tb = alpha_spirv_type_coopmat(m, f16, ALPHA_SPIRV_ScopeSubgroup, 16, 16, ALPHA_SPIRV_CooperativeMatrixUseMatrixBKHR);
    tc = alpha_spirv_type_coopmat(m, f32, ALPHA_SPIRV_ScopeSubgroup, 16, 16, ALPHA_SPIRV_CooperativeMatrixUseMatrixAccumulatorKHR);
    CHECK(ta != tb && tc != ta && alpha_spirv_type_coopmat(m, f16, ALPHA_SPIRV_ScopeSubgroup, 16, 16, ALPHA_SPIRV_CooperativeMatrixUseMatrixAKHR) == ta, "coopmat dedup");
    alpha_spirv_compute_begin(m, "main", 32, 1, 1);
    acc = alpha_spirv_local(m, tc);
    alpha_spirv_store(m, acc, alpha_spirv_coopmat_load(m, tc, alpha_spirv_buffer_at(m, c, alpha_spirv_const_u32(m, 0)),
                                                       ALPHA_SPIRV_CooperativeMatrixLayoutRowMajorKHR, alpha_spirv_const_u32(m, 64)));
    k = alpha_spirv_for_begin(m, alpha_spirv_const_u32(m, 0), alpha_spirv_const_u32(m, 64), alpha_spirv_const_u32(m, 16));
    {
        uint32_t ma = alpha_spirv_coopmat_load(m, ta, alpha_spirv_buffer_at(m, a, k), ALPHA_SPIRV_CooperativeMatrixLayoutRowMajorKHR, alpha_spirv_const_u32(m, 64));
        uint32_t mb = alpha_spirv_coopmat_load(m, tb, alpha_spirv_buffer_at(m, b, alpha_spirv_imul(m, k, alpha_spirv_const_u32(m, 64))),
                                               ALPHA_SPIRV_CooperativeMatrixLayoutRowMajorKHR, alpha_spirv_const_u32(m, 64));
        alpha_spirv_store(m, acc, alpha_spirv_coopmat_muladd(m, ma, mb, alpha_spirv_load(m, acc), 0));
    }
    alpha_spirv_for_end(m);
    len = alpha_spirv_coopmat_length(m, tc);
    alpha_spirv_coopmat_store(m, alpha_spirv_buffer_at(m, c, len), alpha_spirv_load(m, acc), ALPHA_SPIRV_CooperativeMatrixLayoutColumnMajorKHR, alpha_spirv_const_u32(m, 64));
    alpha_spirv_return(m);
    alpha_spirv_function_end(m);
    (void)u32;
    w = finish(m, &n, "coopmat");
    if (w) {
        CHECK(well_formed(w, n, "coopmat") > 50, "instructions");
        CHECK(has_op(w, n, ALPHA_SPIRV_OpCooperativeMatrixMulAddKHR, &at) && (w[at] >> 16) == 6, "OpCooperativeMatrixMulAddKHR has 6 words");
        CHECK(has_op(w, n, ALPHA_SPIRV_OpTypeCooperativeMatrixKHR, &at) && (w[at] >> 16) == 7, "OpTypeCooperativeMatrixKHR has 7 words");
        CHECK(has_op(w, n, ALPHA_SPIRV_OpCooperativeMatrixLoadKHR, &at) && (w[at] >> 16) == 6, "load words");
        CHECK(has_op(w, n, ALPHA_SPIRV_OpCooperativeMatrixStoreKHR, &at) && (w[at] >> 16) == 5, "store words");
        CHECK(has_op(w, n, ALPHA_SPIRV_OpCooperativeMatrixLengthKHR, NULL), "length");
        CHECK(has_op(w, n, ALPHA_SPIRV_OpExtension, &at) && memcmp(w + at + 1, "SPV_KHR_cooperative_matrix", 26) == 0, "extension declared");
    }
    alpha_spirv_module_destroy(m);
}

/* cooperative-matrix loads and stores through PhysicalStorageBuffer pointers carry the Aligned
   memory operand after the stride, which that storage class requires; without a stride there is
   nowhere to put it: a clear error */
TEST(t_coopmat_physical_pointer) {
    int pass;
    for (pass = 0; pass < 2; pass++) {
        alpha_spirv_module *m = new_module(0x00010600u);
        uint32_t f32 = alpha_spirv_type_f32(m), u64 = alpha_spirv_type_int(m, 64, 0), tc, pf, pc, addr, p, v, st;
        size_t n, at;
        const uint32_t *w;
        alpha_spirv_memory_model(m, ALPHA_SPIRV_AddressingModelPhysicalStorageBuffer64, ALPHA_SPIRV_MemoryModelGLSL450);
        tc = alpha_spirv_type_coopmat(m, f32, ALPHA_SPIRV_ScopeSubgroup, 16, 16, ALPHA_SPIRV_CooperativeMatrixUseMatrixAccumulatorKHR);
        pf = alpha_spirv_type_pointer(m, ALPHA_SPIRV_StorageClassPhysicalStorageBuffer, f32);
        pc = alpha_spirv_push_constants(m, 1, &u64);
        alpha_spirv_compute_begin(m, "main", 32, 1, 1);
        addr = alpha_spirv_load_member(m, pc, 0);
        p = alpha_spirv_op(m, ALPHA_SPIRV_OpConvertUToPtr, pf, 1, &addr);
        st = alpha_spirv_const_u32(m, 16);
        v = alpha_spirv_coopmat_load(m, tc, p, ALPHA_SPIRV_CooperativeMatrixLayoutRowMajorKHR, st);
        alpha_spirv_coopmat_store(m, p, v, ALPHA_SPIRV_CooperativeMatrixLayoutRowMajorKHR, pass ? 0 : st);
        if (pass) { expect_error(m, "coopmat store through a pointer without a stride", "needs a stride"); continue; }
        alpha_spirv_return(m);
        alpha_spirv_function_end(m);
        w = finish(m, &n, "coopmat psb");
        if (w) {
            CHECK(has_op(w, n, ALPHA_SPIRV_OpCooperativeMatrixLoadKHR, &at) && (w[at] >> 16) == 8 && w[at + 6] == ALPHA_SPIRV_MemoryAccessAligned &&
                  w[at + 7] == 4, "load: Aligned 4 after the stride");
            CHECK(has_op(w, n, ALPHA_SPIRV_OpCooperativeMatrixStoreKHR, &at) && (w[at] >> 16) == 7 && w[at + 5] == ALPHA_SPIRV_MemoryAccessAligned &&
                  w[at + 6] == 4, "store: Aligned 4 after the stride");
        }
        alpha_spirv_module_destroy(m);
    }
}

/* bf16 (SPV_KHR_bfloat16): a type of its own (not f16's), its capabilities and extension, a
   bf16 cooperative matrix, an f32 -> bf16 conversion, and loads with an explicit alignment */
TEST(t_bf16) {
    alpha_spirv_module *m = new_module(0x00010600u);
    uint32_t f16 = alpha_spirv_type_f16(m), bf = alpha_spirv_type_bf16(m), f32 = alpha_spirv_type_f32(m), u32 = alpha_spirv_type_u32(m);
    uint32_t x, y, v4, t, caps[3] = {0, 0, 0};
    size_t n, at, i;
    const uint32_t *w;
    CHECK(bf && bf != f16 && alpha_spirv_type_bf16(m) == bf && alpha_spirv_type_f16(m) == f16, "bf16 and f16 are distinct, each deduplicated");
    t = alpha_spirv_type_coopmat(m, bf, ALPHA_SPIRV_ScopeSubgroup, 16, 16, ALPHA_SPIRV_CooperativeMatrixUseMatrixAKHR);
    CHECK(t != alpha_spirv_type_coopmat(m, f16, ALPHA_SPIRV_ScopeSubgroup, 16, 16, ALPHA_SPIRV_CooperativeMatrixUseMatrixAKHR), "bf16 matrix type");
    x = alpha_spirv_buffer(m, f32, 0, 0, ALPHA_SPIRV_READONLY);
    y = alpha_spirv_buffer(m, alpha_spirv_type_vector(m, u32, 4), 0, 1, 0);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    {
        uint32_t s = alpha_spirv_shared_array(m, bf, 16), zero = alpha_spirv_const_u32(m, 0);
        alpha_spirv_store(m, alpha_spirv_access(m, s, 1, zero), alpha_spirv_cast(m, bf, alpha_spirv_load_aligned(m, alpha_spirv_buffer_at(m, x, zero), 4)));
        v4 = alpha_spirv_load_aligned(m, alpha_spirv_buffer_at(m, y, zero), 16);
        CHECK(v4 && alpha_spirv_load_aligned(m, alpha_spirv_buffer_at(m, y, zero), 3) == 0, "alignment 3 refused");
    }
    alpha_spirv_return(m);
    alpha_spirv_function_end(m);
    alpha_spirv_module_destroy(m);   /* the refused alignment left the module in error: build it again without */
    m = new_module(0x00010600u);
    bf = alpha_spirv_type_bf16(m); f32 = alpha_spirv_type_f32(m); u32 = alpha_spirv_type_u32(m);
    alpha_spirv_type_coopmat(m, bf, ALPHA_SPIRV_ScopeSubgroup, 16, 16, ALPHA_SPIRV_CooperativeMatrixUseMatrixAKHR);
    x = alpha_spirv_buffer(m, f32, 0, 0, ALPHA_SPIRV_READONLY);
    y = alpha_spirv_buffer(m, alpha_spirv_type_vector(m, u32, 4), 0, 1, 0);
    alpha_spirv_compute_begin(m, "main", 1, 1, 1);
    {
        uint32_t s = alpha_spirv_shared_array(m, bf, 16), zero = alpha_spirv_const_u32(m, 0);
        alpha_spirv_store(m, alpha_spirv_access(m, s, 1, zero), alpha_spirv_cast(m, bf, alpha_spirv_load_aligned(m, alpha_spirv_buffer_at(m, x, zero), 4)));
        alpha_spirv_store(m, alpha_spirv_buffer_at(m, y, zero), alpha_spirv_load_aligned(m, alpha_spirv_buffer_at(m, y, alpha_spirv_const_u32(m, 1)), 16));
    }
    alpha_spirv_return(m);
    alpha_spirv_function_end(m);
    w = finish(m, &n, "bf16");
    if (w) {
        CHECK(well_formed(w, n, "bf16") > 20, "instructions");
        for (i = 5; i < n; i += w[i] >> 16 ? w[i] >> 16 : 1)
            if ((w[i] & 0xFFFF) == ALPHA_SPIRV_OpCapability) {
                if (w[i + 1] == ALPHA_SPIRV_CapabilityBFloat16TypeKHR) caps[0] = 1;
                if (w[i + 1] == ALPHA_SPIRV_CapabilityBFloat16CooperativeMatrixKHR) caps[1] = 1;
            } else if ((w[i] & 0xFFFF) == ALPHA_SPIRV_OpTypeFloat && (w[i] >> 16) == 4) {
                caps[2] = w[i + 2] == 16 && w[i + 3] == ALPHA_SPIRV_FPEncodingBFloat16KHR;   /* OpTypeFloat 16 BFloat16KHR */
            }
        CHECK(caps[0] && caps[1] && caps[2], "capabilities %u %u, OpTypeFloat 16 BFloat16KHR %u", caps[0], caps[1], caps[2]);
        CHECK(has_op(w, n, ALPHA_SPIRV_OpFConvert, NULL), "f32 -> bf16 is OpFConvert");
        CHECK(has_op(w, n, ALPHA_SPIRV_OpLoad, &at), "loads");
        for (i = 5, at = 0; i < n; i += w[i] >> 16 ? w[i] >> 16 : 1)
            if ((w[i] & 0xFFFF) == ALPHA_SPIRV_OpLoad && (w[i] >> 16) == 6 && w[i + 4] == ALPHA_SPIRV_MemoryAccessAligned && w[i + 5] == 16) at = 1;
        CHECK(at == 1, "a load with Aligned 16");
        {
            int found = 0;
            for (i = 5; i < n; i += w[i] >> 16 ? w[i] >> 16 : 1)
                if ((w[i] & 0xFFFF) == ALPHA_SPIRV_OpExtension && memcmp(w + i + 1, "SPV_KHR_bfloat16", 16) == 0) found = 1;
            CHECK(found, "SPV_KHR_bfloat16 declared");
        }
    }
    alpha_spirv_module_destroy(m);
}

/* NV cooperative matrix 2: tensor layouts/views for a workgroup-scope GEMM load/store, plus NV coopmat v1 */
TEST(t_coopmat_nv) {
    alpha_spirv_module *m = new_module(0x00010600u);
    uint32_t f16 = alpha_spirv_type_f16(m), f32 = alpha_spirv_type_f32(m), a, c, tl, tv, ta, tc, l, v, ma, mc, perm[2] = {1, 0}, dims[2], nvt, nv;
    size_t n, at;
    const uint32_t *w;
    a = alpha_spirv_buffer(m, f16, 0, 0, ALPHA_SPIRV_READONLY);
    c = alpha_spirv_buffer(m, f32, 0, 1, 0);
    tl = alpha_spirv_type_tensor_layout_nv(m, 2, ALPHA_SPIRV_TensorClampModeUndefined);
    tv = alpha_spirv_type_tensor_view_nv(m, 2, 0, 2, perm);
    ta = alpha_spirv_type_coopmat(m, f16, ALPHA_SPIRV_ScopeWorkgroup, 64, 32, ALPHA_SPIRV_CooperativeMatrixUseMatrixAKHR);
    tc = alpha_spirv_type_coopmat(m, f32, ALPHA_SPIRV_ScopeWorkgroup, 64, 64, ALPHA_SPIRV_CooperativeMatrixUseMatrixAccumulatorKHR);
    nvt = alpha_spirv_type_coopmat_nv(m, f16, ALPHA_SPIRV_ScopeSubgroup, 16, 16);
    alpha_spirv_compute_begin(m, "main", 256, 1, 1);
    l = alpha_spirv_tensor_layout_create_nv(m, tl);
    dims[0] = alpha_spirv_const_u32(m, 1024); dims[1] = alpha_spirv_const_u32(m, 512);
    l = alpha_spirv_tensor_set_nv(m, ALPHA_SPIRV_OpTensorLayoutSetDimensionNV, l, 2, dims);
    dims[0] = alpha_spirv_const_u32(m, 0); dims[1] = alpha_spirv_const_u32(m, 64);
    {
        uint32_t sl[4];
        sl[0] = dims[0]; sl[1] = dims[1]; sl[2] = dims[0]; sl[3] = alpha_spirv_const_u32(m, 32);
        l = alpha_spirv_tensor_set_nv(m, ALPHA_SPIRV_OpTensorLayoutSliceNV, l, 4, sl);
    }
    v = alpha_spirv_tensor_view_create_nv(m, tv);
    ma = alpha_spirv_coopmat_load_tensor_nv(m, ta, alpha_spirv_buffer_at(m, a, dims[0]), alpha_spirv_const_null(m, ta), l, 0);
    mc = alpha_spirv_coopmat_load_tensor_nv(m, tc, alpha_spirv_buffer_at(m, c, dims[0]), alpha_spirv_const_null(m, tc), l, v);
    alpha_spirv_coopmat_store_tensor_nv(m, alpha_spirv_buffer_at(m, c, dims[0]), mc, l, 0);
    nv = alpha_spirv_coopmat_load_nv(m, nvt, alpha_spirv_buffer_at(m, a, dims[0]), alpha_spirv_const_u32(m, 16), 0);
    alpha_spirv_coopmat_store_nv(m, alpha_spirv_buffer_at(m, a, dims[0]), alpha_spirv_coopmat_muladd_nv(m, nv, nv, nv), alpha_spirv_const_u32(m, 16), 1);
    (void)ma;
    alpha_spirv_return(m);
    alpha_spirv_function_end(m);
    w = finish(m, &n, "coopmat nv");
    if (w) {
        CHECK(well_formed(w, n, "coopmat nv") > 40, "instructions");
        CHECK(has_op(w, n, ALPHA_SPIRV_OpCooperativeMatrixLoadTensorNV, &at) && (w[at] >> 16) == 8, "LoadTensorNV without view: 8 words");
        CHECK(has_op(w, n, ALPHA_SPIRV_OpCooperativeMatrixStoreTensorNV, &at) && (w[at] >> 16) == 6, "StoreTensorNV: 6 words");
        CHECK(has_op(w, n, ALPHA_SPIRV_OpTypeTensorViewNV, &at) && (w[at] >> 16) == 6, "TensorViewNV type: 6 words");
        CHECK(has_op(w, n, ALPHA_SPIRV_OpTensorLayoutSliceNV, &at) && (w[at] >> 16) == 8, "SliceNV: 8 words");
        CHECK(has_op(w, n, ALPHA_SPIRV_OpCooperativeMatrixMulAddNV, NULL) && has_op(w, n, ALPHA_SPIRV_OpTypeCooperativeMatrixNV, NULL), "NV v1");
    }
    alpha_spirv_module_destroy(m);
}

static size_t live_bytes, n_allocs;
static void *count_alloc(void *ud, size_t n) {
    size_t *p = (size_t *)malloc(n + 16);
    (void)ud;
    if (!p) return NULL;
    p[0] = n; live_bytes += n; n_allocs++;
    return (char *)p + 16;
}
static void count_free(void *ud, void *ptr) {
    size_t *p = (size_t *)(void *)((char *)ptr - 16);
    (void)ud;
    live_bytes -= p[0];
    free(p);
}
TEST(t_allocator) {
    alpha_spirv_module *m = NULL;
    alpha_spirv_module_desc d;
    size_t n;
    const uint32_t *w;
    memset(&d, 0, sizeof d);
    d.allocator.alloc = count_alloc;
    d.allocator.free = count_free;
    d.logger.func = capture;
    CHECK(alpha_spirv_module_create(&m, &d) == ALPHA_OK, "create");
    alpha_spirv_compute_begin(m, "main", 8, 1, 1);
    alpha_spirv_return(m);
    alpha_spirv_function_end(m);
    CHECK(alpha_spirv_module_finish(m, &w, &n) == ALPHA_OK, "finish");
    CHECK(n_allocs > 0 && live_bytes > 0, "allocator used");
    alpha_spirv_module_destroy(m);
    CHECK(live_bytes == 0, "%u bytes leaked", (unsigned)live_bytes);
    CHECK(alpha_spirv_module_create(NULL, NULL) == ALPHA_ERR_INVALID, "NULL out");
    d.version = 0x00020000u;
    CHECK(alpha_spirv_module_create(&m, &d) == ALPHA_ERR_INVALID && m == NULL, "bad version rejected");
}

int main(void) {
    RUN(t_double_kernel);
    RUN(t_full_kernel);
    RUN(t_physical_pointers_and_vulkan_model);
    RUN(t_layout);
    RUN(t_dedup_and_order);
    RUN(t_generic_and_casts);
    RUN(t_errors);
    RUN(t_coopmat_khr);
    RUN(t_coopmat_physical_pointer);
    RUN(t_bf16);
    RUN(t_coopmat_nv);
    RUN(t_allocator);
    return test_summary();
}
