"""The DynamoDB tables and S3 buckets, described once for both the CDK app and the local engine."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Index:
    name: str
    partition_key: str


@dataclass(frozen=True)
class TableSpec:
    key: str  # logical name; also the suffix of the physical name and of the env var
    partition_key: str
    sort_key: str | None = None
    sort_key_type: str = "S"
    indexes: tuple[Index, ...] = ()

    @property
    def env_var(self) -> str:
        return f"{self.key.upper()}_TABLE"


ENQUIRIES = TableSpec("enquiries", partition_key="enquiry_id")
MESSAGES = TableSpec("messages", partition_key="message_id", indexes=(Index("by_enquiry", "enquiry_id"),))
MEMBERS = TableSpec("members", partition_key="member_id", indexes=(Index("by_email", "email"),))
REPS = TableSpec("reps", partition_key="rep_id")
RULES = TableSpec("rules", partition_key="rule_set", sort_key="version")
AUDIT = TableSpec("audit", partition_key="enquiry_id", sort_key="seq", sort_key_type="N")

TABLES = (ENQUIRIES, MESSAGES, MEMBERS, REPS, RULES, AUDIT)

# Raw mail as SES stores it (inbound/), parsed messages (parsed/), quarantined originals (quarantine/).
MAIL_BUCKET_ENV = "MAIL_BUCKET"
INBOUND_PREFIX = "inbound/"
PARSED_PREFIX = "parsed/"
QUARANTINE_PREFIX = "quarantine/"
