# Starts a grandchild that would outlive it, writes both pids, then waits forever.
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
with open(os.environ["PID_FILE"], "w") as f:
    f.write(f"{os.getpid()} {child.pid}")
print("PROGRESS 10 waiting", flush=True)
time.sleep(600)
