"""OpenAI Chat Completions, answering by one forced function call."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import openai

from careflow import llm
from careflow.llm import Answer, ProviderError

if TYPE_CHECKING:
    import httpx2

TIMEOUT_SECONDS = 10
# APIConnectionError covers APITimeoutError.
RETRYABLE = (openai.RateLimitError, openai.APIConnectionError, openai.InternalServerError)


class OpenAIProvider:
    name = "openai"

    def __init__(self, model: str, api_key: str, http_client: httpx2.Client | None = None) -> None:
        self.model = model
        # careflow.triage retries with backoff itself, so the SDK must not.
        self.client = openai.OpenAI(
            api_key=api_key, timeout=TIMEOUT_SECONDS, max_retries=0, http_client=http_client
        )

    def classify(self, subject: str, text: str) -> Answer:
        # `from None`: an error's message or context may quote the request, and the reason is audited.
        try:
            response = self.client.chat.completions.create(**request(self.model, subject, text))
        except RETRYABLE as error:
            raise ProviderError(f"openai: {type(error).__name__}", retryable=True) from None
        except openai.APIError as error:
            raise ProviderError(f"openai: {type(error).__name__}", retryable=False) from None
        calls = (response.choices[0].message.tool_calls or []) if response.choices else []
        arguments = next(
            (call.function.arguments for call in calls
             if call.type == "function" and call.function.name == llm.TOOL_NAME),
            None,
        )
        if arguments is None:
            raise ProviderError("malformed output: no tool call", retryable=True)
        try:
            output = json.loads(arguments)
        except json.JSONDecodeError:
            raise ProviderError("malformed output: tool arguments are not JSON", retryable=True) from None
        usage = response.usage
        return Answer(
            output=output,
            input_tokens=usage.prompt_tokens if usage else 0,
            output_tokens=usage.completion_tokens if usage else 0,
        )


def request(model: str, subject: str, text: str) -> dict[str, Any]:
    # Not `strict`: strict mode accepts only a subset of JSON Schema; llm.validate checks the answer anyway.
    return {
        "model": model,
        "messages": [
            {"role": "system", "content": llm.SYSTEM_PROMPT},
            {"role": "user", "content": llm.user_message(subject, text)},
        ],
        "tools": [{
            "type": "function",
            "function": {
                "name": llm.TOOL_NAME,
                "description": "Record the triage of the message.",
                "parameters": llm.OUTPUT_SCHEMA,
            },
        }],
        "tool_choice": {"type": "function", "function": {"name": llm.TOOL_NAME}},
        "max_completion_tokens": llm.MAX_OUTPUT_TOKENS,
        "temperature": 0,
    }
