"""Mail in: SES stores raw MIME under INBOUND_PREFIX, S3 tells EventBridge, which starts the workflow."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Aws, Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_ses as ses
from aws_cdk import aws_ses_actions as ses_actions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from careflow.tables import INBOUND_PREFIX


class Ingest(Construct):
    """Exposes `rule_set`, `receipt_rule` and `mail_stored_rule` (stored mail -> the starter function).

    The receipt rule set must be made the active one once per account and region
    (`aws ses set-active-receipt-rule-set`); CloudFormation cannot activate it.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        mail_bucket: s3.Bucket,
        key: kms.IKey,
        starter: lambda_.IFunction,
        unstarted: sqs.IQueue,
        recipients: Sequence[str] = (),
    ) -> None:
        super().__init__(scope, construct_id)
        self.rule_set = ses.ReceiptRuleSet(self, "RuleSet")
        self.receipt_rule = self.rule_set.add_rule(
            "StoreRawMail",
            recipients=list(recipients) or None,  # None: every verified domain of the account
            scan_enabled=True,
            tls_policy=ses.TlsPolicy.REQUIRE,
            # No `kms_key` here on purpose: SES's own KMS option is *client-side* encryption (S3 encryption
            # client envelope), which a plain GetObject in intake cannot read. The bucket's default SSE-KMS
            # encrypts each object with the same customer-managed key, server-side.
            actions=[ses_actions.S3(bucket=mail_bucket, object_key_prefix=INBOUND_PREFIX)],
        )
        # SES writes as its service principal; with SSE-KMS default encryption S3 asks KMS for a data key
        # on SES's behalf, so the key policy must allow it, for this account's mail through S3 only.
        key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowSesToStoreMailThroughS3",
                principals=[iam.ServicePrincipal("ses.amazonaws.com")],
                actions=["kms:GenerateDataKey*", "kms:Encrypt"],
                resources=["*"],
                conditions={
                    "StringEquals": {
                        "aws:SourceAccount": Aws.ACCOUNT_ID,
                        "kms:ViaService": f"s3.{Aws.REGION}.amazonaws.com",
                    }
                },
            )
        )

        # S3 -> EventBridge, set on the bucket itself (Bucket(event_bridge_enabled=True) would add a
        # custom-resource Lambda just to flip this switch).
        cfn_bucket = mail_bucket.node.default_child
        assert isinstance(cfn_bucket, s3.CfnBucket)
        cfn_bucket.notification_configuration = s3.CfnBucket.NotificationConfigurationProperty(
            event_bridge_configuration=s3.CfnBucket.EventBridgeConfigurationProperty(
                event_bridge_enabled=True
            )
        )

        # One starter invocation per stored mail. It names the execution after the mail, so EventBridge's
        # at-least-once delivery can never run a mail twice; what cannot be started lands in `unstarted`.
        self.mail_stored_rule = events.Rule(
            self,
            "MailStored",
            description="careflow: raw mail stored under the inbound prefix starts one enquiry execution",
            event_pattern=events.EventPattern(
                source=["aws.s3"],
                detail_type=["Object Created"],
                detail={
                    "bucket": {"name": [mail_bucket.bucket_name]},
                    "object": {"key": [{"prefix": INBOUND_PREFIX}]},
                },
            ),
            targets=[targets.LambdaFunction(starter, dead_letter_queue=unstarted, retry_attempts=185,
                                            max_event_age=Duration.hours(24))],
        )
