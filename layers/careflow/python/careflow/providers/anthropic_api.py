"""Anthropic Messages API, answering by one forced tool call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import anthropic

from careflow import llm
from careflow.llm import Answer, ProviderError

if TYPE_CHECKING:
    import httpx2

TIMEOUT_SECONDS = 10
# InternalServerError covers 500, 503, 504 and OverloadedError (529); APIConnectionError covers timeouts.
RETRYABLE = (
    anthropic.RateLimitError,
    anthropic.APIConnectionError,
    anthropic.InternalServerError,
    anthropic.RequestTimeoutError,
)


class AnthropicProvider:
    name = "anthropic"

    def __init__(self, model: str, api_key: str, http_client: httpx2.Client | None = None) -> None:
        self.model = model
        # careflow.triage retries with backoff itself, so the SDK must not. No OpenTelemetry spans, so that
        # no environment variable can switch on recording of the mail text in traces.
        self.client = anthropic.Anthropic(
            api_key=api_key,
            timeout=TIMEOUT_SECONDS,
            max_retries=0,
            http_client=http_client,
            open_telemetry=False,
        )

    def classify(self, subject: str, text: str) -> Answer:
        # `from None`: an error's message or context may quote the request, and the reason is audited.
        try:
            response = self.client.messages.create(**request(self.model, subject, text))
        except RETRYABLE as error:
            raise ProviderError(f"anthropic: {type(error).__name__}", retryable=True) from None
        except anthropic.APIError as error:
            raise ProviderError(f"anthropic: {type(error).__name__}", retryable=False) from None
        tool_input = next(
            (block.input for block in response.content
             if block.type == "tool_use" and block.name == llm.TOOL_NAME),
            None,
        )
        if tool_input is None:
            raise ProviderError("malformed output: no tool call", retryable=True)
        return Answer(
            output=tool_input,
            input_tokens=response.usage.input_tokens,
            output_tokens=response.usage.output_tokens,
        )


def request(model: str, subject: str, text: str) -> dict[str, Any]:
    # No temperature: this SDK's Messages API no longer accepts one.
    return {
        "model": model,
        "system": llm.SYSTEM_PROMPT,
        "messages": [{"role": "user", "content": llm.user_message(subject, text)}],
        "tools": [{
            "name": llm.TOOL_NAME,
            "description": "Record the triage of the message.",
            "input_schema": llm.OUTPUT_SCHEMA,
        }],
        "tool_choice": {"type": "tool", "name": llm.TOOL_NAME},
        "max_tokens": llm.MAX_OUTPUT_TOKENS,
    }
