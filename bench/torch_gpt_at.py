# bench/torch_gpt_at.py: one run of ../shared/bench/torch_gpt.py (imported, unchanged) at a given
# batch, then its peak CUDA memory. bench/gpt_train runs it so PyTorch and we train the same batch.
# Usage: python3 torch_gpt_at.py DIR CONFIG:MODE B   (DIR: the folder of torch_gpt.py; B <= 0: its own)
# Prints torch_gpt.py's JSON line, then {"config", "mode", "B", "peak_mib"}.
import sys, json
import torch
sys.path.insert(0, sys.argv[1])
import torch_gpt
cname, mode = sys.argv[2].split(":")
if int(sys.argv[3]) > 0:
    torch_gpt.cfgs[cname]["B"] = int(sys.argv[3])
torch.cuda.reset_peak_memory_stats()
torch_gpt.run(cname, mode)
print(json.dumps(dict(config=cname, mode=mode, B=torch_gpt.cfgs[cname]["B"],
                      peak_mib=round(torch.cuda.max_memory_allocated() / 2**20))), flush=True)
