"""The enquiry state machine: the ASL file in the repo, with each step's function ARN substituted."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from careflow.paths import ASL_FILE
from careflow.workflow import STEPS, substitution_name

LOG_RETENTION = logs.RetentionDays.ONE_YEAR


class Workflow(Construct):
    """Exposes `state_machine`, `role`, `policy` and `log_group`."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        functions: Mapping[str, lambda_.IFunction],
        key: kms.IKey,
    ) -> None:
        super().__init__(scope, construct_id)
        if set(functions) != set(STEPS):
            raise ValueError(f"the state machine needs exactly one function per step {STEPS}")
        self.log_group = logs.LogGroup(
            self,
            "Logs",
            # Step Functions recommends this prefix: CloudWatch Logs resource-policy size stays bounded.
            log_group_name=f"/aws/vendedlogs/states/{Stack.of(self).stack_name}-enquiry",
            retention=LOG_RETENTION,
            encryption_key=key,
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("states.amazonaws.com"),
            description="careflow enquiry state machine",
        )
        self.policy = iam.ManagedPolicy(
            self,
            "Policy",
            description="careflow enquiry state machine: invoke the step functions, deliver logs and traces",
            statements=[
                iam.PolicyStatement(
                    sid="InvokeStepFunctions",
                    actions=["lambda:InvokeFunction"],
                    resources=[functions[step].function_arn for step in STEPS],
                ),
                iam.PolicyStatement(
                    sid="DeliverLogs",  # the log-delivery APIs have no resource-level permissions
                    actions=[
                        "logs:CreateLogDelivery",
                        "logs:GetLogDelivery",
                        "logs:UpdateLogDelivery",
                        "logs:DeleteLogDelivery",
                        "logs:ListLogDeliveries",
                        "logs:PutResourcePolicy",
                        "logs:DescribeResourcePolicies",
                        "logs:DescribeLogGroups",
                    ],
                    resources=["*"],
                ),
                iam.PolicyStatement(
                    sid="XRayTracing",
                    actions=[
                        "xray:PutTraceSegments",
                        "xray:PutTelemetryRecords",
                        "xray:GetSamplingRules",
                        "xray:GetSamplingTargets",
                    ],
                    resources=["*"],
                ),
            ],
            roles=[self.role],
        )
        self.state_machine = sfn.StateMachine(
            self,
            "StateMachine",
            definition_body=sfn.DefinitionBody.from_file(str(ASL_FILE)),
            definition_substitutions={
                substitution_name(step): functions[step].function_arn for step in STEPS
            },
            state_machine_type=sfn.StateMachineType.STANDARD,
            timeout=Duration.minutes(15),
            tracing_enabled=True,
            logs=sfn.LogOptions(
                destination=self.log_group, level=sfn.LogLevel.ALL, include_execution_data=True
            ),
            role=self.role.without_policy_updates(),
        )
        # Step Functions checks log-delivery permissions when the state machine is created.
        self.state_machine.node.add_dependency(self.policy)
