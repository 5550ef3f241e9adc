"""Stream a finished AIMessage as chunks, the way a provider would (for in-process models)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk


def stream_message(
    message: AIMessage, run_manager: CallbackManagerForLLMRun | None, *, sep: str = " "
) -> Iterator[ChatGenerationChunk]:
    """Tool calls as one chunk with indexed `tool_call_chunks`; text split on `sep`."""
    if message.tool_calls or message.invalid_tool_calls:
        chunks = [
            {"name": c["name"], "args": json.dumps(c["args"]), "id": c["id"], "index": i}
            for i, c in enumerate(message.tool_calls)
        ] + [
            {"name": c["name"], "args": c["args"], "id": c["id"], "index": i}
            for i, c in enumerate(message.invalid_tool_calls)
        ]
        yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=chunks))
        return
    for i, part in enumerate(str(message.content).split(sep)):
        token = part if i == 0 else sep + part
        chunk = ChatGenerationChunk(message=AIMessageChunk(content=token))
        if run_manager:
            run_manager.on_llm_new_token(token, chunk=chunk)
        yield chunk
