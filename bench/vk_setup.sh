# bench/vk_setup.sh: sourced by the device scripts (bench/vk_train_run.sh, bench/vk_gemm_sweep.sh)
# from the repository root on a lent NVIDIA GPU, .gl carried (the Debian debs of volk, the Vulkan
# loader and glvnd/EGL: without the latter the NVIDIA ICD is not found). Unpacks them, points the
# loader at the NVIDIA ICD, writes $OUT/device.txt and $OUT/build.txt, and builds
# build/test_vk_backend, build/bench_gemm_vk and build/bench_gpt_train_vk.
OUT=${OUT:-/tmp/alpha_out}
mkdir -p "$OUT"
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv,noheader > "$OUT/device.txt" 2>&1
make -j16 CFLAGS="-O2 -g" build/test_vk_backend > "$OUT/build.txt" 2>&1
for b in gemm gpt_train; do
    gcc -O2 -std=c99 -DALPHA_VULKAN -I. bench/$b.c -o build/bench_${b}_vk -lm -lpthread -ldl >> "$OUT/build.txt" 2>&1
done
