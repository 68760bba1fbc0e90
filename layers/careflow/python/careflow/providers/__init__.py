"""Build the configured triage provider. Each SDK is imported only when its provider is chosen."""

from __future__ import annotations

import json

import boto3

from careflow.errors import CareflowError
from careflow.llm import Provider

# Small, fast models with forced tool calls; TRIAGE_MODEL_ID overrides them. The Bedrock id is a US
# cross-region inference profile: other regions need their own prefix (eu., apac., global.).
BEDROCK_DEFAULT_MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
OPENAI_DEFAULT_MODEL = "gpt-4.1-mini"
ANTHROPIC_DEFAULT_MODEL = "claude-haiku-4-5"


def build(name: str, model_id: str, secret_arn: str | None) -> Provider:
    """Bedrock runs as the function's role; OpenAI and Anthropic need an API key in Secrets Manager."""
    if name == "bedrock":
        from careflow.providers.bedrock import BedrockProvider

        return BedrockProvider(model_id or BEDROCK_DEFAULT_MODEL)
    if name == "openai":
        from careflow.providers.openai_api import OpenAIProvider

        return OpenAIProvider(model_id or OPENAI_DEFAULT_MODEL, api_key(name, secret_arn))
    if name == "anthropic":
        from careflow.providers.anthropic_api import AnthropicProvider

        return AnthropicProvider(model_id or ANTHROPIC_DEFAULT_MODEL, api_key(name, secret_arn))
    raise CareflowError(f"unknown triage provider {name!r}: expected bedrock, openai or anthropic")


def api_key(name: str, secret_arn: str | None) -> str:
    """The secret string is the key itself or JSON {"api_key": "..."}."""
    if not secret_arn:
        raise CareflowError(f"triage provider {name} needs TRIAGE_SECRET_ARN: the secret holding its API key")
    secret = boto3.client("secretsmanager").get_secret_value(SecretId=secret_arn)["SecretString"].strip()
    if not secret.startswith("{"):
        return secret
    key = json.loads(secret).get("api_key")
    if not isinstance(key, str) or not key:
        raise CareflowError(f"the triage secret for {name} is JSON without an api_key field")
    return key
