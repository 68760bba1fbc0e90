"""The careflow stack: composes the constructs, nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aws_cdk import Duration, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from careflow_infra.alarms import Alarms
from careflow_infra.data import Data
from careflow_infra.functions import Functions, TriageModel
from careflow_infra.ingest import Ingest
from careflow_infra.integrations import Integrations
from careflow_infra.layer import SharedLayer
from careflow_infra.rules import RulesSeed
from careflow_infra.workflow import Workflow


class CareflowStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        recipients: Sequence[str] = (),
        triage_model: TriageModel = TriageModel(),
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.data = Data(self, "Data")
        self.integrations = Integrations(self, "Integrations", key=self.data.key)
        self.layer = SharedLayer(self, "Layer")
        self.functions = Functions(
            self,
            "Functions",
            key=self.data.key,
            tables=self.data.tables,
            mail_bucket=self.data.mail_bucket,
            layer=self.layer.layer,
            salesforce_secret=self.integrations.salesforce_secret,
            llm_secret=self.integrations.llm_secret,
            triage_model=triage_model,
        )
        self.workflow = Workflow(self, "Workflow", functions=self.functions.by_step, key=self.data.key)
        # Ids only (bucket and key of a stored mail), so SQS-managed encryption suffices and EventBridge
        # can deliver to it without a key grant.
        self.unstarted = sqs.Queue(self, "UnstartedMail", encryption=sqs.QueueEncryption.SQS_MANAGED,
                                   enforce_ssl=True, retention_period=Duration.days(14))
        starter = self.functions.starter(self.workflow.state_machine, self.unstarted)
        self.ingest = Ingest(
            self,
            "Ingest",
            mail_bucket=self.data.mail_bucket,
            key=self.data.key,
            starter=starter,
            unstarted=self.unstarted,
            recipients=recipients,
        )
        # Salesforce (a Flow or Event Relay) publishes these with the enquiry id when a Case changes status.
        self.case_update_rule = events.Rule(
            self,
            "CaseUpdated",
            description="careflow: a closed Case frees capacity for the queue; waiting on the member pauses the SLA",
            event_pattern=events.EventPattern(source=["careflow.salesforce"],
                                              detail_type=["Enquiry Closed", "Enquiry Waiting On Member"]),
            targets=[targets.LambdaFunction(self.functions.case_update,
                                            dead_letter_queue=self.functions.failed_case_updates,
                                            retry_attempts=185, max_event_age=Duration.hours(24))],
        )
        self.alarms = Alarms(self, "Alarms", key=self.data.key, dead_letters={
            "UnstartedMail": self.unstarted,
            "FailedCheckpoints": self.functions.failed_checkpoints,
            "FailedCaseUpdates": self.functions.failed_case_updates,
        })
        self.rules = RulesSeed(self, "Rules", table=self.data.tables["rules"], key=self.data.key)
