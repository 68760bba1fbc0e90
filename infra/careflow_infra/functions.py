"""The step functions: one helper builds every Lambda, each with one role and one explicit managed policy."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aws_cdk import ArnFormat, Aws, Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from careflow.paths import FUNCTIONS_DIR
from careflow.providers import BEDROCK_DEFAULT_MODEL
from careflow.tables import INBOUND_PREFIX, MAIL_BUCKET_ENV, PARSED_PREFIX, QUARANTINE_PREFIX, TABLES
from careflow.workflow import STEPS
from careflow_infra.layer import ARCHITECTURE, RUNTIME
from careflow_infra.nag import acknowledge

LOG_RETENTION = logs.RetentionDays.ONE_YEAR

GET = ("dynamodb:GetItem",)
LOOKUP = ("dynamodb:GetItem", "dynamodb:Query")
READ_WRITE = ("dynamodb:GetItem", "dynamodb:PutItem")  # writes are conditional puts (optimistic locking)
APPEND_ONLY = ("dynamodb:PutItem", "dynamodb:Query")  # audit: conditional put of the next seq, read the chain
CAPACITY = ("dynamodb:Scan", "dynamodb:UpdateItem")  # reps: list the directory, reserve/release a slot


@dataclass(frozen=True)
class TriageModel:
    """Who triage consults when the offline classifier is unsure (cdk.json context careflow:triage*)."""

    provider: str = "bedrock"  # bedrock | openai | anthropic | offline
    model_id: str = BEDROCK_DEFAULT_MODEL


@dataclass(frozen=True)
class Access:
    """Everything one step may touch. Turned into explicit IAM statements, nothing implied."""

    tables: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # TableSpec.key -> actions
    reads: tuple[str, ...] = ()  # mail bucket prefixes it may GetObject
    writes: tuple[str, ...] = ()  # mail bucket prefixes it may PutObject
    reads_salesforce_secret: bool = False
    consults_model: bool = False  # Bedrock InvokeModel, or the bring-your-own-LLM API key
    arms_timers: bool = False  # creates SLA checkpoint schedules that invoke the checkpoint function
    starts_workflow: bool = False  # starts enquiry executions (named after the stored mail)


ESCALATES = {"enquiries": READ_WRITE, "members": GET, "reps": CAPACITY, "rules": GET, "audit": APPEND_ONLY}

ACCESS: dict[str, Access] = {
    # Parse raw mail, dedupe/thread on Message-ID, identify the sender by email, open or extend the enquiry.
    "intake": Access(
        tables={"messages": READ_WRITE, "enquiries": READ_WRITE, "members": LOOKUP, "audit": APPEND_ONLY},
        reads=(INBOUND_PREFIX,),
        writes=(PARSED_PREFIX, QUARANTINE_PREFIX),
    ),
    # Classify intent/urgency and score sentiment of the parsed message under the active rules.
    "triage": Access(
        tables={"enquiries": READ_WRITE, "rules": GET, "audit": APPEND_ONLY},
        reads=(PARSED_PREFIX,),
        consults_model=True,
    ),
    "eligibility": Access(
        tables={"enquiries": READ_WRITE, "members": GET, "rules": GET, "audit": APPEND_ONLY},
    ),
    "routing": Access(
        tables={
            "enquiries": READ_WRITE,
            "members": GET,
            "reps": CAPACITY,
            "rules": GET,
            "audit": APPEND_ONLY,
        },
    ),
    # May reassign to a senior rep: reads the member, reserves the new rep and releases the previous one.
    "escalation": Access(tables=ESCALATES, arms_timers=True),
    # Fired by an SLA checkpoint timer: re-checks escalation (and queued routing), arms the next checkpoint.
    "checkpoint": Access(tables=ESCALATES, arms_timers=True),
    # Case updates from Salesforce: "Enquiry Closed" releases the rep's slot and gives it to the queue (scans
    # the queue); "Enquiry Waiting On Member" pauses the SLA clock.
    "case_update": Access(
        tables={
            "enquiries": ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"),
            "members": GET,
            "reps": ("dynamodb:GetItem", *CAPACITY),  # re-reads the freed rep before each hand-over
            "rules": GET,
            "audit": APPEND_ONLY,
        },
    ),
    # EventBridge "Object Created" -> one execution per stored mail, named after it (a repeat is a no-op).
    "start": Access(starts_workflow=True),
    # Reads the enquiry and upserts the Case; the OAuth client credentials come from Secrets Manager.
    "salesforce": Access(
        tables={"enquiries": GET, "audit": APPEND_ONLY},
        reads_salesforce_secret=True,
    ),
    # After any failure: mark the enquiry parked (if it exists) and audit why.
    "park": Access(
        tables={"enquiries": READ_WRITE, "audit": APPEND_ONLY},
    ),
}

_TIMEOUTS = {"triage": Duration.seconds(60), "salesforce": Duration.seconds(60)}
CHECKPOINT = "checkpoint"  # invoked by EventBridge Scheduler, not by the state machine
START = "start"  # invoked by EventBridge for every stored mail; starts the state machine
CASE_UPDATE = "case_update"  # invoked by EventBridge when Salesforce closes a Case or waits on the member
SCHEDULE_GROUP = "careflow-sla"
_SPECS = {spec.key: spec for spec in TABLES}


class Functions(Construct):
    """Exposes `by_step` (state-machine step -> Function), `checkpoint` (the SLA timer target), `roles` and
    `policies` (function -> the role's only policy) and `scheduler_role` (what timers invoke with)."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        key: kms.IKey,
        tables: Mapping[str, dynamodb.ITable],
        mail_bucket: s3.IBucket,
        layer: lambda_.ILayerVersion,
        salesforce_secret: secretsmanager.ISecret,
        llm_secret: secretsmanager.ISecret,
        triage_model: TriageModel,
    ) -> None:
        super().__init__(scope, construct_id)
        if set(ACCESS) != {*STEPS, CHECKPOINT, START, CASE_UPDATE}:
            raise ValueError(
                f"ACCESS must cover exactly the workflow steps {STEPS}, {CHECKPOINT}, {START}, {CASE_UPDATE}"
            )
        self._key = key
        self._tables = tables
        self._bucket = mail_bucket
        self._secret = salesforce_secret
        self._llm_secret = llm_secret
        self._layer = layer
        self._state_machine: sfn.IStateMachine | None = None
        self._triage_model = triage_model
        stack_name = Stack.of(self).stack_name
        # A fixed name, so functions can name the timer target without a reference cycle to themselves.
        self._checkpoint_name = f"{stack_name}-sla-checkpoint"
        checkpoint_arn = Stack.of(self).format_arn(
            service="lambda", resource="function", resource_name=self._checkpoint_name,
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )
        self.schedule_group = scheduler.CfnScheduleGroup(self, "SlaTimers", name=f"{stack_name}-sla")
        self.scheduler_role = iam.Role(
            self,
            "SchedulerRole",
            assumed_by=iam.ServicePrincipal(
                "scheduler.amazonaws.com", conditions={"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}}
            ),
            description="careflow SLA timers: invoke the checkpoint function, nothing else",
        )
        iam.ManagedPolicy(
            self,
            "SchedulerPolicy",
            description="careflow SLA timers: invoke the checkpoint function",
            statements=[iam.PolicyStatement(sid="InvokeCheckpoint", actions=["lambda:InvokeFunction"],
                                            resources=[checkpoint_arn])],
            roles=[self.scheduler_role],
        )
        self.failed_checkpoints = sqs.Queue(
            self,
            "FailedCheckpoints",
            encryption=sqs.QueueEncryption.KMS,
            encryption_master_key=key,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        self._timers_environment = {
            "CHECKPOINT_FUNCTION_ARN": checkpoint_arn,
            "SCHEDULER_ROLE_ARN": self.scheduler_role.role_arn,
            "SCHEDULE_GROUP": self.schedule_group.name,
        }
        self._environment = {
            MAIL_BUCKET_ENV: mail_bucket.bucket_name,
            **{spec.env_var: tables[spec.key].table_name for spec in TABLES},
            "SALESFORCE_MODE": "api",
            "SALESFORCE_SECRET_ARN": salesforce_secret.secret_arn,
            "POWERTOOLS_SERVICE_NAME": "careflow",
            "POWERTOOLS_METRICS_NAMESPACE": "careflow",
            # Exception text can quote mail data; errors reach X-Ray as their type only.
            "POWERTOOLS_TRACER_CAPTURE_ERROR": "false",
        }
        self.by_step: dict[str, lambda_.Function] = {}
        self.roles: dict[str, iam.Role] = {}
        self.policies: dict[str, iam.ManagedPolicy] = {}
        for step in STEPS:
            self.by_step[step] = self._function(step, layer=layer, access=ACCESS[step])
        self.checkpoint = self._function(CHECKPOINT, layer=layer, access=ACCESS[CHECKPOINT],
                                         name=self._checkpoint_name)
        self.failed_case_updates = sqs.Queue(self, "FailedCaseUpdates", encryption=sqs.QueueEncryption.SQS_MANAGED,
                                       enforce_ssl=True, retention_period=Duration.days(14))
        self.case_update = self._function(CASE_UPDATE, layer=layer, access=ACCESS[CASE_UPDATE])

    def starter(self, state_machine: sfn.IStateMachine, dead_letters: sqs.IQueue) -> lambda_.Function:
        """The function EventBridge invokes per stored mail; built once the state machine exists."""
        self._state_machine = state_machine
        self._start_dlq = dead_letters
        self.start = self._function(START, layer=self._layer, access=ACCESS[START])
        return self.start

    def _function(
        self, step: str, *, layer: lambda_.ILayerVersion, access: Access, name: str | None = None
    ) -> lambda_.Function:
        """The one way a careflow Lambda is built."""
        scope = Construct(self, step.capitalize())
        log_group = logs.LogGroup(
            scope,
            "Logs",
            retention=LOG_RETENTION,
            encryption_key=self._key,
            removal_policy=RemovalPolicy.RETAIN,
        )
        role = iam.Role(
            scope,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"careflow {step} function",
        )
        policy = iam.ManagedPolicy(
            scope,
            "Policy",
            description=f"careflow {step}: the only permissions of this function",
            statements=self._statements(step, access, log_group),
            roles=[role],
        )
        asset = FUNCTIONS_DIR / step
        function = lambda_.Function(
            scope,
            "Function",
            description=f"careflow {step} step",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            code=lambda_.Code.from_asset(str(asset)),
            handler="handler.handler",
            layers=[layer],
            function_name=name,
            # Scheduler invokes the checkpoint asynchronously: a checkpoint that still fails after Lambda's
            # retries is kept here (ids only) instead of being lost.
            dead_letter_queue={CHECKPOINT: self.failed_checkpoints, START: getattr(self, "_start_dlq", None),
                               CASE_UPDATE: getattr(self, "failed_case_updates", None)}.get(step),
            environment=self._environment
            | (self._model_environment() if access.consults_model else {})
            | (self._timers_environment if access.arms_timers else {})
            | ({"STATE_MACHINE_ARN": self._state_machine.state_machine_arn} if access.starts_workflow else {}),
            # Triage runs a small transformer (careflow.embedding): 1,769 MB is where Lambda gives a whole vCPU.
            memory_size=1769 if access.consults_model else 512,
            timeout=_TIMEOUTS.get(step, Duration.seconds(30)),
            tracing=lambda_.Tracing.ACTIVE,
            logging_format=lambda_.LoggingFormat.JSON,
            log_group=log_group,
            # Everything the function may do is in `policy`; CDK must not add inline statements.
            role=role.without_policy_updates(),
        )
        function.node.add_dependency(policy)
        if step not in (CHECKPOINT, START, CASE_UPDATE):
            acknowledge(
                function,
                "HIPAA.Security-LambdaDLQ",
                "Invoked synchronously by Step Functions only; failures are retried and caught by the "
                "state machine (Park), so an async dead-letter queue would never receive anything.",
            )
        acknowledge(
            function,
            "HIPAA.Security-LambdaConcurrency",
            "Concurrency is bounded by SES receipt volume and the state machine; Lambda keeps 100 units "
            "unreserved per account, so reservations fail to deploy in accounts at the default limit.",
        )
        acknowledge(
            function,
            "HIPAA.Security-LambdaInsideVPC",
            "The function talks only to AWS APIs over TLS with IAM auth and to Salesforce over HTTPS; "
            "it has no VPC resources to reach, and a VPC would add NAT/endpoint cost without a control gain.",
        )
        self.roles[step] = role
        self.policies[step] = policy
        return function

    def _model_environment(self) -> dict[str, str]:
        return {
            "TRIAGE_PROVIDER": self._triage_model.provider,
            "TRIAGE_MODEL_ID": self._triage_model.model_id,
            "TRIAGE_SECRET_ARN": self._llm_secret.secret_arn,
        }

    def _model_statements(self) -> list[iam.PolicyStatement]:
        provider, model = self._triage_model.provider, self._triage_model.model_id
        if provider == "bedrock":
            # A cross-region inference profile routes to the foundation model in any of its regions.
            foundation = model.split(".", 1)[1] if model.split(".", 1)[0] in {"us", "eu", "apac", "global"} else model
            return [iam.PolicyStatement(
                sid="ConsultTriageModel",
                actions=["bedrock:InvokeModel"],
                resources=[
                    f"arn:{Aws.PARTITION}:bedrock:{Aws.REGION}:{Aws.ACCOUNT_ID}:inference-profile/{model}",
                    f"arn:{Aws.PARTITION}:bedrock:*::foundation-model/{foundation}",
                ],
            )]
        if provider in {"openai", "anthropic"}:
            return [iam.PolicyStatement(
                sid="ReadModelApiKey",
                actions=["secretsmanager:GetSecretValue"],
                resources=[self._llm_secret.secret_arn],
            )]
        return []

    def _statements(self, step: str, access: Access, log_group: logs.ILogGroup) -> list[iam.PolicyStatement]:
        statements = [
            iam.PolicyStatement(
                sid="WriteOwnLogs",
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[log_group.log_group_arn],
            ),
            iam.PolicyStatement(
                sid="XRayTracing",  # X-Ray segment APIs have no resource-level permissions
                actions=["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
                resources=["*"],
            ),
        ]
        for table_key, actions in access.tables.items():
            table = self._tables[table_key]
            resources = [table.table_arn]
            if "dynamodb:Query" in actions and _SPECS[table_key].indexes:
                resources.append(f"{table.table_arn}/index/*")
            statements.append(
                iam.PolicyStatement(
                    sid=f"{table_key.capitalize()}Table", actions=list(actions), resources=resources
                )
            )
        if access.reads:
            statements.append(
                iam.PolicyStatement(
                    sid="ReadMail",
                    actions=["s3:GetObject"],
                    resources=[self._bucket.arn_for_objects(f"{prefix}*") for prefix in access.reads],
                )
            )
        if access.writes:
            statements.append(
                iam.PolicyStatement(
                    sid="WriteMail",
                    actions=["s3:PutObject"],
                    resources=[self._bucket.arn_for_objects(f"{prefix}*") for prefix in access.writes],
                )
            )
        via = [f"dynamodb.{Aws.REGION}.amazonaws.com"]
        if access.reads or access.writes:
            via.append(f"s3.{Aws.REGION}.amazonaws.com")
        if access.reads_salesforce_secret:
            via.append(f"secretsmanager.{Aws.REGION}.amazonaws.com")
            statements.append(
                iam.PolicyStatement(
                    sid="ReadSalesforceCredentials",
                    actions=["secretsmanager:GetSecretValue"],
                    resources=[self._secret.secret_arn],
                )
            )
        if step == CASE_UPDATE:
            statements.append(
                iam.PolicyStatement(sid="KeepFailedCaseUpdates", actions=["sqs:SendMessage"],
                                    resources=[self.failed_case_updates.queue_arn])
            )
        if step == CHECKPOINT:
            statements.append(
                iam.PolicyStatement(sid="KeepFailedCheckpoints", actions=["sqs:SendMessage"],
                                    resources=[self.failed_checkpoints.queue_arn])
            )
            via.append(f"sqs.{Aws.REGION}.amazonaws.com")
        if access.starts_workflow:
            statements += [
                iam.PolicyStatement(sid="StartEnquiry", actions=["states:StartExecution"],
                                    resources=[self._state_machine.state_machine_arn]),
                iam.PolicyStatement(sid="KeepUnstartedMail", actions=["sqs:SendMessage"],
                                    resources=[self._start_dlq.queue_arn]),
            ]
            return statements  # no table, no mail, no key: ids in, an execution out
        if access.arms_timers:
            statements.append(
                iam.PolicyStatement(
                    sid="ArmSlaTimers",
                    actions=["scheduler:CreateSchedule"],
                    resources=[Stack.of(self).format_arn(
                        service="scheduler", resource="schedule", resource_name=f"{self.schedule_group.name}/*"
                    )],
                )
            )
            statements.append(
                iam.PolicyStatement(
                    sid="PassSchedulerRole",
                    actions=["iam:PassRole"],
                    resources=[self.scheduler_role.role_arn],
                    conditions={"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}},
                )
            )
        if access.consults_model:
            model_statements = self._model_statements()
            statements.extend(model_statements)
            if any(st.sid == "ReadModelApiKey" for st in model_statements):
                via.append(f"secretsmanager.{Aws.REGION}.amazonaws.com")
        statements.append(
            iam.PolicyStatement(
                sid="UseDataKeyThroughServices",
                actions=["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
                resources=[self._key.key_arn],
                conditions={"StringEquals": {"kms:ViaService": via}},
            )
        )
        return statements
