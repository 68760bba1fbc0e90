"""External systems: the Salesforce OAuth client credentials, kept in Secrets Manager under the data key."""

from __future__ import annotations

import json

from aws_cdk import RemovalPolicy
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from careflow_infra.nag import acknowledge


class Integrations(Construct):
    """Exposes `salesforce_secret` and `llm_secret`. Operators fill in the real values after the first deploy."""

    def __init__(self, scope: Construct, construct_id: str, *, key: kms.IKey) -> None:
        super().__init__(scope, construct_id)
        self.salesforce_secret = secretsmanager.Secret(
            self,
            "SalesforceCredentials",
            description="careflow: Salesforce OAuth client credentials (instance_url, client_id, secret)",
            encryption_key=key,
            # A JSON skeleton with a generated placeholder secret, so no credential is ever in the template.
            generate_secret_string=secretsmanager.SecretStringGenerator(
                secret_string_template=json.dumps(
                    {"instance_url": "https://example.my.salesforce.com", "client_id": "set-me"}
                ),
                generate_string_key="client_secret",
                exclude_punctuation=True,
            ),
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            self.salesforce_secret,
            "HIPAA.Security-SecretsManagerRotationEnabled",
            (
                "The Salesforce client secret is issued and rotated in the Salesforce connected app, "
                "not by a rotation Lambda; operators update this secret when they rotate it there."
            ),
        )
        # Only read when triage is configured for OpenAI or Anthropic (bring your own LLM).
        self.llm_secret = secretsmanager.Secret(
            self,
            "LlmApiKey",
            description="careflow: API key of the bring-your-own LLM provider (raw key or {\"api_key\": ...})",
            encryption_key=key,
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            self.llm_secret,
            "HIPAA.Security-SecretsManagerRotationEnabled",
            "The API key is issued and rotated in the LLM provider's console; operators update it here.",
        )
