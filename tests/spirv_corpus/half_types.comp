#version 450
#extension GL_EXT_shader_explicit_arithmetic_types : require
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_8bit_storage : require
// 16-bit floats and ints, 8-bit ints, 64-bit ints, doubles, conversions and push constants.
layout(local_size_x = 32) in;
layout(std430, binding = 0) buffer H { float16_t h[]; };
layout(std430, binding = 1) buffer I16 { int16_t s16[]; };
layout(std430, binding = 4) buffer U16 { uint16_t u16[]; };
layout(std430, binding = 2) buffer I8 { uint8_t u8[]; };
layout(std430, binding = 3) buffer W { uint64_t big[]; };
layout(std430, binding = 5) buffer D { double d[]; };
layout(push_constant) uniform P { float16_t alpha; int16_t shift; uint count; } p;
void main() {
    uint i = gl_GlobalInvocationID.x;
    float16_t a = h[i] * p.alpha + float16_t(0.5);
    f16vec4 v4 = f16vec4(a, float16_t(-2.0), float16_t(65504.0), float16_t(6.1e-5));
    a = dot(v4, f16vec4(1.0hf)) + max(a, float16_t(0.0));
    h[i] = clamp(a, float16_t(-1.0), float16_t(1.0));
    s16[i] = int16_t(s16[i] << p.shift) - int16_t(-7);
    u16[i] = uint16_t(u8[i]) + uint16_t(0xFFFF);
    u8[i] = uint8_t(i & 255u) + uint8_t(200);
    big[i] = uint64_t(0xFFFFFFFF00000001ul) * uint64_t(i) + uint64_t(p.count);
    d[i] = double(a) * 1.0000000000000002lf + sqrt(d[i]) - 1e-300lf;
    int64_t neg = int64_t(-9223372036854775807l) - 1l;
    if (int64_t(i) > neg) d[i] += 1.0lf;
}
