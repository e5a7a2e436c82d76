"""bench/gemm_torch.py: PyTorch's matmul (cuBLAS) on the shapes of bench/gemm.c, one JSON line per
shape and mode (fp32 with TF32 off, tf32, bf16, f16; f32 output for the 16-bit modes is not what
cuBLAS returns, so those time bf16/f16 in and out). Timed with CUDA events, median of reps.
    python3 bench/gemm_torch.py [--quick] [--square-only] [--reps N]"""
import json
import sys

import torch

SHAPES = [
    ("gpt2 qkv", "nn", 16384, 2304, 768), ("gpt2 attn proj", "nn", 16384, 768, 768),
    ("gpt2 fc", "nn", 16384, 3072, 768), ("gpt2 fc proj", "nn", 16384, 768, 3072),
    ("gpt2 lm head", "nt", 16384, 50304, 768), ("gpt2 fc dx", "nt", 16384, 768, 3072),
    ("gpt2 fc dw", "tn", 768, 3072, 16384), ("square 4096", "nn", 4096, 4096, 4096),
    ("square 8192", "nn", 8192, 8192, 8192), ("square 4096 nt", "nt", 4096, 4096, 4096),
    ("square 4096 tn", "tn", 4096, 4096, 4096), ("square 4096 tt", "tt", 4096, 4096, 4096),
]
MODES = [("torch_fp32", torch.float32, False), ("torch_tf32", torch.float32, True),
         ("torch_bf16", torch.bfloat16, False), ("torch_f16", torch.float16, False)]


def main():
    quick = "--quick" in sys.argv
    square_only = "--square-only" in sys.argv
    reps = int(sys.argv[sys.argv.index("--reps") + 1]) if "--reps" in sys.argv else 10
    dev = torch.device("cuda")
    for name, layout, m, n, k in SHAPES:
        if square_only and not name.startswith("square"):
            continue
        if quick:
            m, n, k = (m + 7) // 8, (n + 7) // 8, (k + 7) // 8
        for mode, dtype, tf32 in MODES:
            torch.backends.cuda.matmul.allow_tf32 = tf32
            a = torch.rand((k, m) if layout[0] == "t" else (m, k), device=dev, dtype=dtype) * 2 - 1
            b = torch.rand((n, k) if layout[1] == "t" else (k, n), device=dev, dtype=dtype) * 2 - 1
            aa = a.t() if layout[0] == "t" else a
            bb = b.t() if layout[1] == "t" else b
            for _ in range(3):
                torch.matmul(aa, bb)
            times = []
            for _ in range(reps):
                start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                start.record()
                torch.matmul(aa, bb)
                end.record()
                torch.cuda.synchronize()
                times.append(start.elapsed_time(end))
            ms = sorted(times)[len(times) // 2]
            print(json.dumps({"bench": "gemm", "device": torch.cuda.get_device_name(0), "shape": name, "layout": layout,
                              "M": m, "N": n, "K": k, "mode": mode, "ms": round(ms, 4),
                              "tflops": round(2.0 * m * n * k / (ms * 1e-3) / 1e12, 2)}), flush=True)
            del a, b, aa, bb
            torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
