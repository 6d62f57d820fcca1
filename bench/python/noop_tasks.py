"""A no-op Python type, to compare its throughput with the Java `sleep` type at 0s (throughput.py)."""

from taskforge_worker import App

app = App()


@app.task_type("py_noop", description="Does nothing")
async def noop(params: dict, ctx) -> dict:
    return {}
