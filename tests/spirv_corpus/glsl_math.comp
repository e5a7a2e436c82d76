#version 450
// GLSL.std.450 calls, vectors, matrices of math, select, bit ops and function calls.
layout(local_size_x = 8, local_size_y = 8) in;
layout(std430, binding = 0) buffer Data { vec4 a[]; };
layout(std140, binding = 1) uniform Params { vec4 bias; mat4 m; float eps; int mode; } params;
float gelu(float x) { return 0.5 * x * (1.0 + tanh(0.7978845608 * (x + 0.044715 * x * x * x))); }
vec4 norm4(vec4 v) { return v * inversesqrt(dot(v, v) + params.eps); }
void main() {
    uint i = gl_GlobalInvocationID.y * gl_NumWorkGroups.x * 8u + gl_GlobalInvocationID.x;
    vec4 x = a[i] + params.bias;
    x = params.m * x;
    vec4 y = vec4(gelu(x.x), exp(x.y), log(abs(x.z) + 1.0), pow(abs(x.w), 1.5));
    y += vec4(sin(x.x), cos(x.y), floor(x.z), fract(x.w));
    y = mix(y, norm4(y), 0.25) + fma(x, y, vec4(1e-7));
    y = clamp(y, vec4(-3.4028235e38), vec4(3.4028235e38));
    int bits = floatBitsToInt(y.x);
    bits = (bits & 0x7FFFFFFF) | (params.mode << 3);
    uint lsb = uint(findLSB(bits)) + bitCount(uint(bits));
    y.x = intBitsToFloat(bits) + float(lsb) + min(y.y, 2.0) + sign(y.z) + step(0.5, y.w) + smoothstep(0.0, 1.0, y.w);
    y.y = length(y.xyz) + distance(y.xy, vec2(1.0, -1.0)) + atan(y.z, y.w) + sqrt(abs(y.x));
    y.z = isnan(y.z) || isinf(y.z) ? 0.0 : y.z;
    uint packed = packHalf2x16(y.xy);
    y.zw = unpackHalf2x16(packed);
    a[i] = y.x > 0.0 ? y : -y;
}
