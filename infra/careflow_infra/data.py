"""Data at rest: one customer-managed key, the DynamoDB tables described in `careflow.tables`,
the mail bucket (raw, parsed and quarantined mail), its access-log bucket and the backup plan."""

from __future__ import annotations

from aws_cdk import Aws, Duration, RemovalPolicy, Stack
from aws_cdk import aws_backup as backup
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from careflow.tables import AUDIT, TABLES, TableSpec
from careflow_infra.nag import acknowledge

_ATTRIBUTE_TYPES = {
    "S": dynamodb.AttributeType.STRING,
    "N": dynamodb.AttributeType.NUMBER,
    "B": dynamodb.AttributeType.BINARY,
}

# Item-level writes that could rewrite or remove an audit event. The functions never get them either;
# the table's own resource policy denies them to every principal, so the trail stays append-only even
# for administrators. (TransactWriteItems is authorised per item as PutItem/UpdateItem/DeleteItem.)
AUDIT_FORBIDDEN_ACTIONS = (
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
)

ACCESS_LOG_RETENTION = Duration.days(2192)  # six years, the HIPAA documentation retention period
NONCURRENT_MAIL_RETENTION = Duration.days(90)


class Data(Construct):
    """Exposes `key`, `tables` (by `TableSpec.key`), `mail_bucket`, `access_logs_bucket` and `backup_plan`."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.key = kms.Key(
            self,
            "Key",
            alias=f"alias/{Stack.of(self).stack_name}/data",
            description="careflow: mail, tables, logs, secrets and backups",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowCloudWatchLogsOfThisAccount",
                principals=[iam.ServicePrincipal(f"logs.{Aws.REGION}.amazonaws.com")],
                actions=[
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ],
                resources=["*"],
                conditions={
                    "ArnLike": {
                        "kms:EncryptionContext:aws:logs:arn": (
                            f"arn:{Aws.PARTITION}:logs:{Aws.REGION}:{Aws.ACCOUNT_ID}:log-group:*"
                        )
                    }
                },
            )
        )

        self.tables: dict[str, dynamodb.Table] = {spec.key: self._table(spec) for spec in TABLES}
        self.access_logs_bucket = self._access_logs_bucket()
        self.mail_bucket = s3.Bucket(
            self,
            "MailBucket",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=self.key,
            bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            minimum_tls_version=1.2,
            versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=self.access_logs_bucket,
            server_access_logs_prefix="mail/",
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="tidy-versions-and-uploads",
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                    noncurrent_version_expiration=NONCURRENT_MAIL_RETENTION,
                )
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            self.mail_bucket,
            "HIPAA.Security-S3BucketReplicationEnabled",
            (
                "Single-region deployment: the mail bucket is versioned, KMS-encrypted and retained; "
                "cross-region replication is a disaster-recovery decision left to the operator."
            ),
        )
        self.backup_plan = self._backup_plan()

    def _table(self, spec: TableSpec) -> dynamodb.Table:
        table = dynamodb.Table(
            self,
            f"{spec.key.capitalize()}Table",
            partition_key=dynamodb.Attribute(name=spec.partition_key, type=dynamodb.AttributeType.STRING),
            sort_key=(
                dynamodb.Attribute(name=spec.sort_key, type=_ATTRIBUTE_TYPES[spec.sort_key_type])
                if spec.sort_key
                else None
            ),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=self.key,
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
            resource_policy=_append_only_policy() if spec is AUDIT else None,
        )
        for index in spec.indexes:
            table.add_global_secondary_index(
                index_name=index.name,
                partition_key=dynamodb.Attribute(
                    name=index.partition_key, type=dynamodb.AttributeType.STRING
                ),
                projection_type=dynamodb.ProjectionType.ALL,
            )
        return table

    def _access_logs_bucket(self) -> s3.Bucket:
        bucket = s3.Bucket(
            self,
            "AccessLogsBucket",
            # S3 server access logging can only deliver to a bucket encrypted with SSE-S3.
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            minimum_tls_version=1.2,
            versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="expire-access-logs",
                    expiration=ACCESS_LOG_RETENTION,
                    noncurrent_version_expiration=Duration.days(30),
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                )
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            bucket,
            "HIPAA.Security-S3DefaultEncryptionKMS",
            "S3 server access logs can only be delivered to a bucket encrypted with SSE-S3 (AES256).",
        )
        acknowledge(
            bucket,
            "HIPAA.Security-S3BucketReplicationEnabled",
            "Access logs hold request metadata only, no PHI; versioned and retained for six years in-region.",
        )
        return bucket

    def _backup_plan(self) -> backup.BackupPlan:
        vault = backup.BackupVault(
            self, "BackupVault", encryption_key=self.key, removal_policy=RemovalPolicy.RETAIN
        )
        plan = backup.BackupPlan.daily_monthly1_year_retention(self, "BackupPlan", vault)
        plan.add_selection(
            "Tables",
            resources=[backup.BackupResource.from_dynamo_db_table(table) for table in self.tables.values()],
        )
        return plan


def _append_only_policy() -> iam.PolicyDocument:
    return iam.PolicyDocument(
        statements=[
            iam.PolicyStatement(
                sid="AuditTrailIsAppendOnly",
                effect=iam.Effect.DENY,
                principals=[iam.AnyPrincipal()],
                actions=list(AUDIT_FORBIDDEN_ACTIONS),
                resources=["*"],
            )
        ]
    )
