"""What ops are paged for: an invalid rule-set version, and anything left in a dead-letter queue."""

from __future__ import annotations

from aws_cdk import Aws, Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

NAMESPACE = "careflow"  # POWERTOOLS_METRICS_NAMESPACE of every function
SERVICE = "careflow"  # POWERTOOLS_SERVICE_NAME, the metrics' `service` dimension


class Alarms(Construct):
    """Exposes `topic` (subscribe ops to it) and `by_name` (alarm name -> alarm)."""

    def __init__(
        self, scope: Construct, construct_id: str, *, key: kms.IKey, dead_letters: dict[str, sqs.IQueue]
    ) -> None:
        super().__init__(scope, construct_id)
        self.topic = sns.Topic(self, "OpsAlerts", display_name="careflow alerts", master_key=key, enforce_ssl=True)
        key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowCloudWatchToAlertOps",
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                resources=["*"],
                conditions={"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}},
            )
        )
        self.by_name: dict[str, cloudwatch.Alarm] = {}
        invalid_rules = cloudwatch.Metric(
            namespace=NAMESPACE, metric_name="RuleSetInvalid", dimensions_map={"service": SERVICE},
            statistic="Sum", period=Duration.minutes(5),
        )
        self._alarm("RuleSetInvalid", invalid_rules,
                    "A rule-set version in DynamoDB failed validation; the last valid version is in use.")
        for name, queue in dead_letters.items():
            self._alarm(name, queue.metric_approximate_number_of_messages_visible(period=Duration.minutes(5)),
                        f"Messages in the {name} dead-letter queue: work that could not be done automatically.")

    def _alarm(self, name: str, metric: cloudwatch.IMetric, description: str) -> None:
        alarm = cloudwatch.Alarm(
            self, name, metric=metric, threshold=1, evaluation_periods=1, alarm_description=description,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(actions.SnsAction(self.topic))
        self.by_name[name] = alarm
