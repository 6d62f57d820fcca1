"""A type whose worker is stopped before its task is submitted."""

from taskforge_worker import App

app = App()


@app.task_type("py_later")
def later(params: dict, ctx) -> dict:
    return {"ran": True}
