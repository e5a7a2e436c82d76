#version 450
// Workgroup sum with shared memory, barriers, loops and a spec-constant workgroup size.
layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint TILE = 4;
layout(std430, set = 0, binding = 0) readonly buffer In { float x[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Out { float y[]; };
layout(push_constant) uniform PC { uint n; float scale; } pc;
shared float partial[256];
void main() {
    uint lid = gl_LocalInvocationID.x;
    uint gid = gl_WorkGroupID.x * gl_WorkGroupSize.x * TILE + lid;
    float acc = 0.0;
    for (uint t = 0; t < TILE; ++t) {
        uint i = gid + t * gl_WorkGroupSize.x;
        if (i < pc.n) acc += x[i];
    }
    partial[lid] = acc;
    barrier();
    for (uint s = gl_WorkGroupSize.x / 2; s > 0; s >>= 1) {
        if (lid < s) partial[lid] += partial[lid + s];
        memoryBarrierShared();
        barrier();
    }
    if (lid == 0) y[gl_WorkGroupID.x] = partial[0] * pc.scale;
}
