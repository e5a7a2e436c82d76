#version 450
// Atomics, switch, while/do loops, break/continue, integer ops and a struct array.
layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;
struct Item { uint key; int value; vec2 pos; };
layout(std430, binding = 0) buffer Items { Item items[]; };
layout(std430, binding = 1) buffer Counters { uint count; int minv; uint hist[16]; };
shared uint local_hist[16];
void main() {
    uint i = gl_GlobalInvocationID.x;
    if (gl_LocalInvocationIndex < 16u) local_hist[gl_LocalInvocationIndex] = 0u;
    barrier();
    Item it = items[i];
    int v = it.value;
    switch (it.key & 3u) {
    case 0u: v = v * 2; break;
    case 1u: v = -v; break;
    case 2u: v = v >> 1; // fall through
    case 3u: v ^= 0x55; break;
    default: v = 0;
    }
    uint k = 0u;
    while (k < 8u) {
        k++;
        if ((k & 1u) == 0u) continue;
        if (k > uint(v & 7)) break;
    }
    do { v += int(k); } while (v < 0);
    atomicAdd(count, 1u);
    atomicMin(minv, v);
    atomicOr(local_hist[it.key & 15u], 1u << (k & 31u));
    uint old = atomicCompSwap(hist[it.key & 15u], 0u, k);
    atomicExchange(items[i].key, old);
    barrier();
    if (gl_LocalInvocationIndex < 16u) atomicAdd(hist[gl_LocalInvocationIndex], local_hist[gl_LocalInvocationIndex]);
    items[i].value = v;
    items[i].pos = vec2(it.pos.y, it.pos.x) * 0.5;
}
