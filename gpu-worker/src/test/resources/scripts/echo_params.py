# Reports progress on both streams, writes an artifact and echoes its input and environment.
import json, os, sys
params = json.load(sys.stdin)
print("PROGRESS 25 loading model", file=sys.stderr, flush=True)
print("PROGRESS 75 generating", flush=True)
print("some log line that is not the result", flush=True)
with open(os.path.join(os.environ["TASKFORGE_OUTPUT_DIR"], "out.txt"), "w") as f:
    f.write("artifact for " + os.environ["TASKFORGE_TASK_ID"])
print(json.dumps({
    "params": params,
    "cuda": os.environ.get("CUDA_VISIBLE_DEVICES"),
    "device": os.environ.get("TASKFORGE_DEVICE"),
    "model": os.environ.get("TASKFORGE_MODEL"),
    "extra": os.environ.get("EXTRA"),
}))
