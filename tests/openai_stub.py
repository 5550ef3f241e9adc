"""A local OpenAI-compatible chat server speaking real HTTP and SSE, for provider tests."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def _chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
    body = {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "stub",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n".encode()


class StubOpenAI:
    """Replies with the queued behaviours in order: tool calls, text, HTTP errors or a stall."""

    def __init__(self) -> None:
        self.replies: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []

    def handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                # The client may give up first (timeout tests).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._reply()

            def _reply(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append(body)
                reply = stub.replies.pop(0) if stub.replies else {"text": "(no reply queued)"}
                if "status" in reply:
                    self.send_response(reply["status"])
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(json.dumps({"error": {"message": "stub error"}}).encode())
                    return
                if "stall" in reply:
                    time.sleep(reply["stall"])
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                if "tool" in reply:
                    call = {
                        "index": 0,
                        "id": "call_1",
                        "type": "function",
                        "function": {
                            "name": reply["tool"],
                            "arguments": json.dumps(reply.get("args", {})),
                        },
                    }
                    self.wfile.write(_chunk({"role": "assistant", "tool_calls": [call]}))
                    self.wfile.write(_chunk({}, "tool_calls"))
                else:
                    for word in reply["text"].split(" "):
                        self.wfile.write(_chunk({"content": word + " "}))
                    self.wfile.write(_chunk({}, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")

        return Handler


@contextmanager
def serve() -> Iterator[tuple[StubOpenAI, str]]:
    stub = StubOpenAI()
    server = ThreadingHTTPServer(("127.0.0.1", 0), stub.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub, f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
