"""Seed the rules table at deploy time with the validated rule set from `rules/`.

`careflow.rules.seed_items` validates every rule file while the app synthesizes, so a bad rule fails
`cdk synth` instead of reaching a deployed function.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Aws, Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import custom_resources as cr
from constructs import Construct

from careflow.paths import RULES_DIR
from careflow.rules import ACTIVE, seed_items
from careflow_infra.nag import acknowledge

LOG_RETENTION = logs.RetentionDays.ONE_YEAR
# The id CDK gives the AwsCustomResource singleton provider function in the stack.
PROVIDER_ID = "AWS" + cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", "")


class RulesSeed(Construct):
    """Exposes `items` (what is written) and `resources` (one AwsCustomResource per item).

    A rule-set version item is immutable: it is put with `attribute_not_exists`, and a repeat put of the
    same version is ignored. The `active` pointer is put unconditionally after every version item.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        table: dynamodb.ITable,
        key: kms.IKey,
        rules_dir: Path = RULES_DIR,
    ) -> None:
        super().__init__(scope, construct_id)
        self.items = seed_items(rules_dir)
        log_group = logs.LogGroup(
            self, "Logs", retention=LOG_RETENTION, encryption_key=key, removal_policy=RemovalPolicy.RETAIN
        )
        role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="careflow: seeds the rules table at deploy time",
        )
        policy = iam.ManagedPolicy(
            self,
            "Policy",
            statements=[
                iam.PolicyStatement(
                    sid="PutRuleItems", actions=["dynamodb:PutItem"], resources=[table.table_arn]
                ),
                iam.PolicyStatement(
                    sid="UseDataKeyThroughDynamoDB",
                    actions=["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
                    resources=[key.key_arn],
                    conditions={"StringEquals": {"kms:ViaService": f"dynamodb.{Aws.REGION}.amazonaws.com"}},
                ),
                iam.PolicyStatement(
                    sid="WriteOwnLogs",
                    actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                    resources=[log_group.log_group_arn],
                ),
            ],
            roles=[role],
        )

        self.resources: list[cr.AwsCustomResource] = []
        versions = [item for item in self.items if item["version"] != ACTIVE]
        pointers = [item for item in self.items if item["version"] == ACTIVE]
        for item in versions + pointers:
            immutable = item["version"] != ACTIVE
            call = cr.AwsSdkCall(
                service="DynamoDB",
                action="putItem",
                parameters={
                    "TableName": table.table_name,
                    "Item": {name: {"S": _string(name, value)} for name, value in item.items()},
                    **({"ConditionExpression": "attribute_not_exists(version)"} if immutable else {}),
                },
                physical_resource_id=cr.PhysicalResourceId.of(f"{item['rule_set']}/{item['version']}"),
                ignore_error_codes_matching="ConditionalCheckFailedException" if immutable else None,
            )
            resource = cr.AwsCustomResource(
                self,
                f"{item['rule_set'].capitalize()}{item['version'].capitalize()}",
                on_create=call,
                on_update=call,
                role=role.without_policy_updates(),
                log_group=log_group,
                install_latest_aws_sdk=False,
                timeout=Duration.minutes(2),
            )
            resource.node.add_dependency(policy)
            for earlier in self.resources if not immutable else ():
                resource.node.add_dependency(earlier)
            self.resources.append(resource)

        provider = Stack.of(self).node.try_find_child(PROVIDER_ID)
        if provider is not None:
            acknowledge(
                provider,
                "HIPAA.Security-LambdaDLQ",
                "CDK's AwsCustomResource provider runs only during CloudFormation deployments, which "
                "report and roll back on failure; there is no asynchronous event to dead-letter.",
            )
            acknowledge(
                provider,
                "HIPAA.Security-LambdaConcurrency",
                "The deploy-time provider runs once per rule item per deployment; reserving "
                "concurrency for it would only take capacity from the account.",
            )
            acknowledge(
                provider,
                "HIPAA.Security-LambdaInsideVPC",
                "The deploy-time provider only calls DynamoDB PutItem over TLS with IAM auth; it has no "
                "VPC resources to reach.",
            )


def _string(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"rule item attribute {name!r} must be a string, got {type(value).__name__}")
    return value
