#version 450
#extension GL_KHR_memory_scope_semantics : require
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_shader_atomic_float : require
#pragma use_vulkan_memory_model
// Vulkan memory model, scoped atomics and barriers, buffer device addresses, float atomics.
layout(local_size_x = 64) in;
layout(buffer_reference, std430, buffer_reference_align = 4) buffer FloatPtr { float v[]; };
layout(std430, binding = 0) buffer Ptrs { FloatPtr src; uint flag; float total; };
void main() {
    uint i = gl_GlobalInvocationID.x;
    float x = src.v[i];
    atomicAdd(total, x, gl_ScopeDevice, gl_StorageSemanticsBuffer, gl_SemanticsRelaxed);
    controlBarrier(gl_ScopeWorkgroup, gl_ScopeWorkgroup, gl_StorageSemanticsShared | gl_StorageSemanticsBuffer, gl_SemanticsAcquireRelease);
    if (i == 0u) atomicStore(flag, 1u, gl_ScopeDevice, gl_StorageSemanticsBuffer, gl_SemanticsRelease);
    uint f = atomicLoad(flag, gl_ScopeDevice, gl_StorageSemanticsBuffer, gl_SemanticsAcquire);
    src.v[i] = x + float(f);
}
