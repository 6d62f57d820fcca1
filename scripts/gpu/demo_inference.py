#!/usr/bin/env python3
"""A stand-in inference command for the gpu-worker's `process` runner.

MOCK: this script loads no model and uses no GPU. It fakes each inference type's output
(deterministically, from the input) so that `make run`, the README's curl examples and the
tests work on any machine, with no GPU and no inference server. On a GPU host, configure a
real command (your own script using PyTorch/diffusers/...) or the `openai` runner instead.

It speaks the process-runner protocol:
  stdin                   the task's parameters as one JSON object
  PROGRESS <pct> <msg>    progress lines (stderr or stdout) become heartbeats
  last stdout line        the JSON result
  $TASKFORGE_OUTPUT_DIR   files written here become the task's artifacts
  exit 65                 invalid input (not retried)
Testing hook: the env var DEMO_SLEEP_SECONDS makes every run take that long (to watch
progress, or to test cancellation and failover).
"""
import hashlib
import json
import math
import os
import struct
import sys
import time
import zlib


def progress(pct, msg):
    print(f"PROGRESS {pct} {msg}", file=sys.stderr, flush=True)


def fail_invalid(message):
    print(message, file=sys.stderr, flush=True)
    sys.exit(65)


def png(width, height, seed):
    """A tiny solid-colour PNG, coloured from the prompt's hash."""
    r, g, b = seed[0], seed[1], seed[2]
    row = b"\x00" + bytes([r, g, b]) * width
    raw = row * height

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def wav(text, rate=8000):
    """A short tone whose length follows the text: 'speech' without a model."""
    samples = max(rate // 4, min(rate * 3, len(text) * rate // 20))
    frames = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate))) for i in range(samples))
    header = b"RIFF" + struct.pack("<I", 36 + len(frames)) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return header + b"data" + struct.pack("<I", len(frames)) + frames


def embed(text, dims=8):
    digest = hashlib.sha256(text.encode()).digest()
    vector = [(digest[i] - 127.5) / 127.5 for i in range(dims)]
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [round(v / norm, 6) for v in vector]


def main():
    params = json.load(sys.stdin)
    task_type = os.environ.get("TASKFORGE_TASK_TYPE", "")
    model = params.get("model") or os.environ.get("TASKFORGE_MODEL")
    out_dir = os.environ.get("TASKFORGE_OUTPUT_DIR", ".")
    device = os.environ.get("TASKFORGE_DEVICE", "cpu")
    progress(0, f"{task_type} on {device} (demo stand-in, no model loaded)")

    delay = float(os.environ.get("DEMO_SLEEP_SECONDS", "0"))
    steps = 10
    for step in range(1, steps + 1):
        time.sleep(delay / steps)
        progress(step * 90 // steps, f"step {step}/{steps}")

    result = {"model": model, "device": device, "cudaVisibleDevices": os.environ.get("CUDA_VISIBLE_DEVICES")}
    if task_type == "llm_inference":
        prompt = params.get("prompt")
        messages = params.get("messages") or []
        if not prompt and not messages:
            fail_invalid("params.prompt or params.messages is required")
        last = prompt or messages[-1].get("content", "")
        result["text"] = f"[demo:{model}] You said: {last}"
    elif task_type == "image_generation":
        width, height = (int(x) for x in params.get("size", "512x512").split("x"))
        seed = hashlib.sha256(params["prompt"].encode()).digest()
        names = []
        for i in range(int(params.get("n", 1))):
            name = f"image-{i}.png"
            with open(os.path.join(out_dir, name), "wb") as f:
                f.write(png(min(width, 64), min(height, 64), seed))
            names.append(name)
        result["images"] = names
    elif task_type == "text_to_speech":
        name = "speech.wav"
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(wav(params["input"]))
        result["audio"] = name
    elif task_type == "image_to_text":
        result["text"] = f"[demo:{model}] an image at {params['imageUrl'][:60]}"
    elif task_type == "embedding":
        given = params["input"]
        texts = given if isinstance(given, list) else [given]
        result["embeddings"] = [embed(str(t)) for t in texts]
        result["dimensions"] = 8
    else:
        fail_invalid(f"unknown task type {task_type!r}")
    progress(100, "done")
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
