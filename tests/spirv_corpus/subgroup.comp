#version 450
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#extension GL_KHR_shader_subgroup_ballot : require
#extension GL_KHR_shader_subgroup_shuffle : require
#extension GL_KHR_shader_subgroup_shuffle_relative : require
#extension GL_KHR_shader_subgroup_vote : require
// Subgroup reductions, scans, broadcast, shuffles and ballots.
layout(local_size_x = 128) in;
layout(std430, binding = 0) buffer B { float v[]; } b;
layout(std430, binding = 2) buffer U { uint u[]; } bu;
layout(std430, binding = 1) buffer C { float sums[]; };
shared float sg_sums[32];
void main() {
    uint i = gl_GlobalInvocationID.x;
    float x = b.v[i];
    float s = subgroupAdd(x);
    float mx = subgroupMax(x);
    float pre = subgroupInclusiveAdd(x) + subgroupExclusiveMul(x);
    float first = subgroupBroadcastFirst(x);
    float lane3 = subgroupBroadcast(x, 3u);
    float sh = subgroupShuffle(x, gl_SubgroupInvocationID ^ 1u);
    float sx = subgroupShuffleXor(x, 2u);
    float up = subgroupShuffleUp(x, 1u) + subgroupShuffleDown(x, 1u);
    uvec4 bal = subgroupBallot(x > 0.0);
    uint cnt = subgroupBallotBitCount(bal);
    bool all_pos = subgroupAll(x > 0.0);
    uint um = subgroupMin(bu.u[i]) + subgroupOr(bu.u[i]) + subgroupAnd(bu.u[i]) + subgroupXor(bu.u[i]);
    if (subgroupElect()) sg_sums[gl_SubgroupID] = s;
    barrier();
    if (gl_LocalInvocationIndex == 0u) {
        float t = 0.0;
        for (uint k = 0u; k < gl_NumSubgroups; k++) t += sg_sums[k];
        sums[gl_WorkGroupID.x] = t;
    }
    b.v[i] = s + mx + pre + first + lane3 + sh + sx + up + float(cnt) + (all_pos ? 1.0 : 0.0) + float(um) + float(gl_SubgroupSize);
}
