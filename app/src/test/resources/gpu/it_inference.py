# The end-to-end tests' inference command (process runner). MOCK: no model, no GPU.
# A prompt "sleep <seconds>" makes it run that long ("sleep <seconds> once": only on the first
# attempt, so a retry after a killed worker is quick); it writes its pid to $IT_PID_DIR/<task>.pid
# so tests can check that cancelling or killing really ended the process.
import json, os, sys, time

params = json.load(sys.stdin)
prompt = params.get("prompt") or ""
pid_dir = os.environ.get("IT_PID_DIR")
if pid_dir:
    with open(os.path.join(pid_dir, os.environ["TASKFORGE_TASK_ID"] + ".pid"), "w") as f:
        f.write(str(os.getpid()))
print("PROGRESS 5 started", file=sys.stderr, flush=True)
first_attempt = os.environ.get("TASKFORGE_ATTEMPT", "1") == "1"
if prompt.startswith("sleep ") and (first_attempt or not prompt.endswith(" once")):
    seconds = float(prompt.split()[1])
    end = time.time() + seconds
    while time.time() < end:
        time.sleep(0.2)
        done = 100 * (1 - max(0.0, end - time.time()) / seconds)
        print(f"PROGRESS {done:.0f} sleeping", file=sys.stderr, flush=True)
print(json.dumps({
    "text": "echo: " + prompt,
    "model": params.get("model"),
    "cudaVisibleDevices": os.environ.get("CUDA_VISIBLE_DEVICES"),
}))
