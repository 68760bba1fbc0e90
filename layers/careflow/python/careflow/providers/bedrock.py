"""Amazon Bedrock through the Converse API, answering by one forced tool call."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from careflow import llm
from careflow.llm import Answer, ProviderError

# careflow.triage retries with backoff itself; SDK retries on top would multiply attempts and latency.
CLIENT_CONFIG = Config(connect_timeout=5, read_timeout=10, retries={"total_max_attempts": 1})
RETRYABLE_CODES = frozenset({
    "ThrottlingException",
    "ServiceUnavailableException",
    "ModelTimeoutException",
    "InternalServerException",
    "ModelNotReadyException",
    "ModelErrorException",
})
NETWORK_ERRORS = (ReadTimeoutError, ConnectTimeoutError, EndpointConnectionError, ConnectionClosedError)


class BedrockProvider:
    name = "bedrock"

    def __init__(self, model: str, client: Any = None) -> None:
        self.model = model
        self.client = client or boto3.client("bedrock-runtime", config=CLIENT_CONFIG)

    def classify(self, subject: str, text: str) -> Answer:
        # `from None`: an error's message or context may quote the request, and the reason is audited.
        try:
            response = self.client.converse(**request(self.model, subject, text))
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code") or "ClientError"
            raise ProviderError(f"bedrock: {code}", retryable=code in RETRYABLE_CODES) from None
        except NETWORK_ERRORS as error:
            raise ProviderError(f"bedrock: {type(error).__name__}", retryable=True) from None
        except BotoCoreError as error:  # no credentials, bad configuration: retrying will not help
            raise ProviderError(f"bedrock: {type(error).__name__}", retryable=False) from None
        content = response.get("output", {}).get("message", {}).get("content", [])
        tool_input = next(
            (block["toolUse"]["input"] for block in content
             if "toolUse" in block and block["toolUse"].get("name") == llm.TOOL_NAME),
            None,
        )
        if tool_input is None:
            raise ProviderError("malformed output: no tool call", retryable=True)
        usage = response.get("usage", {})
        return Answer(
            output=tool_input,
            input_tokens=usage.get("inputTokens", 0),
            output_tokens=usage.get("outputTokens", 0),
        )


def request(model: str, subject: str, text: str) -> dict[str, Any]:
    return {
        "modelId": model,
        "system": [{"text": llm.SYSTEM_PROMPT}],
        "messages": [{"role": "user", "content": [{"text": llm.user_message(subject, text)}]}],
        "toolConfig": {
            "tools": [{
                "toolSpec": {
                    "name": llm.TOOL_NAME,
                    "description": "Record the triage of the message.",
                    "inputSchema": {"json": llm.OUTPUT_SCHEMA},
                }
            }],
            "toolChoice": {"tool": {"name": llm.TOOL_NAME}},
        },
        "inferenceConfig": {"maxTokens": llm.MAX_OUTPUT_TOKENS, "temperature": 0},
    }
