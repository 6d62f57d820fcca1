"""A Taskforge worker ported from Dramatiq actors: a text summariser and a CSV transform.

Before (Dramatiq, with Redis as the broker):

    @dramatiq.actor(max_retries=3, time_limit=600_000)
    def summarize(doc_id, text, max_sentences=3): ...

    @dramatiq.actor(queue_name="etl", max_retries=0)
    def transform_csv(source, columns, where=None): ...

After: the same functions, with typed params the API validates at submission, progress that
shows in GET /api/v1/tasks/{id}, cancellation, artifacts, and Temporal's durability.

    taskforge-worker run text_tasks:app --queue python
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections import Counter
from typing import Literal, Optional

from pydantic import BaseModel, Field

from taskforge_worker import App, NonRetryable, Retry, Timeouts

app = App()

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[A-Za-zÀ-ÿ']+")
_STOP = {
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "in", "is", "it",
    "its", "of", "on", "or", "that", "the", "to", "was", "were", "will", "with",
}


class SummarizeParams(BaseModel):
    text: str = Field(min_length=1, description="the text to summarise")
    max_sentences: int = Field(3, ge=1, le=20, description="sentences in the summary")
    style: Literal["prose", "bullets"] = Field("prose", description="how the summary is laid out")


@app.task_type(
    "summarize_text",
    description="Extractive summary of a text: its most representative sentences, in order",
    params=SummarizeParams,
    retry=Retry(max_attempts=3, initial_interval="2s"),
    timeouts=Timeouts(execution="10m", heartbeat="30s"),
)
async def summarize_text(params: SummarizeParams, ctx) -> dict:
    """Async, as Wiseflow's functions are: a cancel arrives as CancelledError at an await."""
    sentences = [s.strip() for s in _SENTENCE.split(params.text.strip()) if s.strip()]
    words = [w.lower() for w in _WORD.findall(params.text) if w.lower() not in _STOP]
    frequency = Counter(words)
    scores: list[tuple[float, int]] = []
    for index, sentence in enumerate(sentences):
        tokens = [w.lower() for w in _WORD.findall(sentence) if w.lower() not in _STOP]
        score = sum(frequency[t] for t in tokens) / (len(tokens) or 1)
        scores.append((score, index))
        if index % 50 == 0:
            ctx.progress(index / max(1, len(sentences)), f"scored {index} of {len(sentences)} sentences")
            await asyncio.sleep(0)  # a cancel is delivered here
    chosen = sorted(index for _, index in sorted(scores, reverse=True)[: params.max_sentences])
    picked = [sentences[i] for i in chosen]
    summary = "\n".join(f"- {s}" for s in picked) if params.style == "bullets" else " ".join(picked)
    ctx.artifacts.write("summary.md", "text/markdown", summary + "\n")
    ctx.progress(1.0, "summary written")
    return {"summary": summary, "sentences": len(sentences), "kept": len(picked)}


class CsvParams(BaseModel):
    csv: str = Field(description="the CSV text, with a header row")
    columns: list[str] = Field(description="the columns to keep, in this order")
    where_column: Optional[str] = Field(None, description="keep only rows where this column ...")
    where_equals: Optional[str] = Field(None, description="... equals this value")
    uppercase: list[str] = Field([], description="columns whose values are upper-cased")


@app.task_type(
    "transform_csv",
    description="Selects, filters and upper-cases CSV columns; the result is the artifact out.csv",
    params=CsvParams,
    retry=Retry(max_attempts=1),
    timeouts=Timeouts(execution="30m", heartbeat="30s"),
)
def transform_csv(params: CsvParams, ctx) -> dict:
    """Sync and CPU-bound: it runs in the worker's thread pool and checks ctx.cancelled."""
    reader = csv.DictReader(io.StringIO(params.csv))
    header = reader.fieldnames or []
    missing = [c for c in params.columns + params.uppercase if c not in header]
    if params.where_column and params.where_column not in header:
        missing.append(params.where_column)
    if missing:
        # Retrying cannot make a column appear: fail at once, with a type the API shows.
        raise NonRetryable(f"unknown columns: {', '.join(missing)}", type="UnknownColumns")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(params.columns)
    kept = seen = 0
    for row in reader:
        seen += 1
        if seen % 1000 == 0:
            if ctx.cancelled:
                return {}
            ctx.progress(-1, f"{seen} rows read")
        if params.where_column and row[params.where_column] != params.where_equals:
            continue
        writer.writerow(
            [row[c].upper() if c in params.uppercase else row[c] for c in params.columns]
        )
        kept += 1
    ref = ctx.artifacts.write("out.csv", "text/csv", out.getvalue())
    return {"rowsRead": seen, "rowsWritten": kept, "sha256": ref["sha256"]}
