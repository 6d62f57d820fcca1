"""Task types of the Python end-to-end tests (PythonWorkerIT)."""

import os
import time

from pydantic import BaseModel, Field

from taskforge_worker import App, Retry, Timeouts

app = App()


class Echo(BaseModel):
    text: str = Field(description="what to echo")
    count: int = Field(1, ge=1, le=10, description="how many times")


@app.task_type("py_echo", description="Echoes a text", params=Echo)
def echo(params: Echo, ctx) -> dict:
    return {"echo": " ".join([params.text] * params.count), "tenant": ctx.tenant}


class Steps(BaseModel):
    release: str = Field(description="a file whose appearance lets the task finish")


@app.task_type("py_steps", params=Steps, timeouts=Timeouts(heartbeat="3s"))
def steps(params: Steps, ctx) -> dict:
    ctx.progress(0.5, "step 1 of 2")
    ctx.artifacts.write("notes.txt", "text/plain", "first step done\n")
    while not os.path.exists(params.release):
        if ctx.cancelled:
            return {}
        time.sleep(0.05)
    ctx.progress(1.0, "step 2 of 2")
    return {"steps": 2}


@app.task_type("py_forever", timeouts=Timeouts(heartbeat="3s"))
async def forever(params: dict, ctx) -> dict:
    import asyncio

    ctx.progress(0.1, "running until cancelled")
    await asyncio.sleep(3600)
    return {}
