#version 450
// Spec constants (bool, int, float, composite ops), nested structs, arrays, local arrays.
layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z = 1) in;
layout(constant_id = 2) const int K = 3;
layout(constant_id = 3) const float SCALE = 1.5;
layout(constant_id = 4) const bool USE_BIAS = true;
const int K2 = K * 2 + 1;
struct Inner { float w[4]; ivec2 idx; };
struct Outer { Inner in0; Inner arr[2]; uint flags; };
layout(std430, binding = 0) buffer S { Outer objs[]; };
layout(std430, binding = 1) buffer R { float res[]; };
void main() {
    uint i = gl_GlobalInvocationID.x + gl_GlobalInvocationID.y * 17u;
    Outer o = objs[i];
    float local_w[K2];
    for (int k = 0; k < K2; k++) local_w[k] = float(k) * SCALE;
    float acc = 0.0;
    for (int j = 0; j < 4; j++) {
        acc += o.in0.w[j] * local_w[j % K2];
        acc -= o.arr[j & 1].w[3 - j];
    }
    if (USE_BIAS) acc += float(o.in0.idx.x - o.arr[1].idx.y);
    if ((o.flags & 1u) != 0u && acc > 0.0) { acc = -acc; } else if (o.flags == 7u) { acc *= 2.0; }
    objs[i].arr[0].w[2] = acc;
    res[i] = acc + float(K);
}
