#!/bin/sh
# bench/vk_make_test.sh: the whole `make test` on a lent NVIDIA GPU (the `device` tool), from the
# repository root, so the Vulkan tests run on the NVIDIA driver with the validation layer.
# The device image has no spirv-tools, glslang-tools or mingw-w64 and cannot reach a package
# mirror, so .gl (carried) holds, next to the loader and validation-layer .debs and the
# volk/Vulkan headers, tools.tar.xz: those Debian bookworm packages' files relocated under
# /opt/alpha-tools (plus the libisl/libmpc/libmpfr/libgmp their compilers load), made on the
# development machine from the installed packages; it unpacks nothing into /usr.
# Writes $OUT/make_test.txt and $OUT/device.txt.
OUT=${OUT:-/tmp/alpha_out}
mkdir -p "$OUT"
for f in .gl/*.deb; do dpkg -x "$f" /; done
tar xJf .gl/tools.tar.xz -C /
for l in libisl.so.23 libmpc.so.3 libmpfr.so.6 libgmp.so.10; do   # only the ones the image lacks
    ldconfig -p | grep -q "^[[:space:]]*$l " || cp /opt/alpha-tools/lib/$l /usr/local/lib/
done
ldconfig
cp -rn .gl/include/* /usr/include/   # volk.h and the Vulkan headers where the checks look (the image has none)
export PATH=/opt/alpha-tools/usr/bin:$PATH
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader > "$OUT/device.txt" 2>&1
ldd --version | head -n 1 >> "$OUT/device.txt"
for t in cc gcc g++ clang spirv-val spirv-as glslangValidator x86_64-w64-mingw32-gcc; do
    printf '%s: %s\n' "$t" "$(command -v $t || echo missing)" >> "$OUT/device.txt"
done
( time make -j16 test ) > "$OUT/make_test.txt" 2>&1
cat "$OUT/device.txt"
grep -B2 -A8 "FAIL\|not ok" "$OUT/make_test.txt" | cut -c1-300 | head -n 60
tail -n 4 "$OUT/make_test.txt"
