"""A type whose first attempt hangs (its worker is killed), and whose next one completes."""

import time

from taskforge_worker import App, Retry, Timeouts

app = App()


@app.task_type(
    "py_survivor",
    retry=Retry(max_attempts=5, initial_interval="200ms"),
    timeouts=Timeouts(heartbeat="3s"),
)
def survivor(params: dict, ctx) -> dict:
    if ctx.attempt == 1:
        ctx.progress(0.3, "attempt 1 holds on")
        while not ctx.cancelled:
            time.sleep(0.05)
        return {}
    return {"attempt": ctx.attempt}
