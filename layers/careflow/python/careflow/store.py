"""Data access: the only module that talks to S3 and the directory/enquiry tables."""

from __future__ import annotations

import json
from functools import cache
from typing import Any, NamedTuple

import boto3
from botocore.exceptions import ClientError

from careflow.errors import ConcurrentUpdate, EnquiryNotFound
from careflow.models import Enquiry, InboundMessage, Member, Rep
from careflow.settings import settings
from careflow.tables import QUARANTINE_PREFIX


@cache
def _s3() -> Any:
    return boto3.client("s3")


@cache
def _dynamodb() -> Any:
    return boto3.resource("dynamodb")


def reset_clients() -> None:
    """Forget cached clients, so the next call picks up the current endpoint and credentials."""
    _s3.cache_clear()
    _dynamodb.cache_clear()


def table(name: str) -> Any:
    return _dynamodb().Table(name)


def is_conditional_failure(error: ClientError) -> bool:
    return error.response["Error"]["Code"] == "ConditionalCheckFailedException"


# --- S3 -------------------------------------------------------------------------------------


def read_object(bucket: str, key: str) -> bytes:
    return _s3().get_object(Bucket=bucket, Key=key)["Body"].read()


def write_json(key: str, document: str) -> None:
    _s3().put_object(
        Bucket=settings().mail_bucket, Key=key, Body=document.encode(), ContentType="application/json"
    )


def quarantine(source_bucket: str, source_key: str, target_key: str, *, reason: str, ref: str) -> None:
    """Copy the original, byte for byte, to quarantine/ with the reason in its metadata."""
    _s3().copy_object(
        Bucket=settings().mail_bucket,
        Key=target_key,
        CopySource={"Bucket": source_bucket, "Key": source_key},
        MetadataDirective="REPLACE",
        Metadata={"reason": reason.encode("ascii", "replace").decode()[:1024], "source-key": source_key, "ref": ref},
    )


def list_quarantine() -> list[dict[str, Any]]:
    bucket = settings().mail_bucket
    found = []
    for page in _s3().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=QUARANTINE_PREFIX):
        for item in page.get("Contents", []):
            head = _s3().head_object(Bucket=bucket, Key=item["Key"])
            found.append({"ref": head["Metadata"].get("ref"), "reason": head["Metadata"].get("reason"),
                          "source_key": head["Metadata"].get("source-key"), "size": item["Size"],
                          "quarantined_at": item["LastModified"].isoformat()})
    return sorted(found, key=lambda q: q["quarantined_at"])


def save_message(message: InboundMessage) -> str:
    key = f"parsed/{message.raw_sha256}.json"
    write_json(key, message.model_dump_json())
    return key


def load_message(key: str) -> InboundMessage:
    return InboundMessage.model_validate_json(read_object(settings().mail_bucket, key))


# --- messages: one item per RFC Message-ID, the basis of dedupe and threading ---------------


class Claim(NamedTuple):
    enquiry_id: str
    s3_key: str


def claim_message(message_id: str, enquiry_id: str, s3_key: str, raw_sha256: str) -> Claim | None:
    """Record the message for this enquiry. None if it is new, else the earlier claim on it."""
    messages = table(settings().messages_table)
    try:
        messages.put_item(
            Item={"message_id": message_id, "enquiry_id": enquiry_id, "s3_key": s3_key, "raw_sha256": raw_sha256},
            ConditionExpression="attribute_not_exists(message_id)",
        )
        return None
    except ClientError as error:
        if not is_conditional_failure(error):
            raise
    item = messages.get_item(Key={"message_id": message_id}, ConsistentRead=True)["Item"]
    return Claim(item["enquiry_id"], item["s3_key"])


def enquiry_for_messages(message_ids: list[str]) -> str | None:
    messages = table(settings().messages_table)
    for message_id in reversed(message_ids):  # the nearest ancestor first
        item = messages.get_item(Key={"message_id": message_id}).get("Item")
        if item:
            return item["enquiry_id"]
    return None


# --- enquiries: the whole record as one JSON document, updated with optimistic concurrency ---


def create_enquiry(enquiry: Enquiry) -> bool:
    try:
        table(settings().enquiries_table).put_item(
            Item=_enquiry_item(enquiry, version=1), ConditionExpression="attribute_not_exists(enquiry_id)"
        )
        return True
    except ClientError as error:
        if is_conditional_failure(error):
            return False
        raise


def get_enquiry(enquiry_id: str) -> tuple[Enquiry, int]:
    item = table(settings().enquiries_table).get_item(Key={"enquiry_id": enquiry_id}, ConsistentRead=True)
    if "Item" not in item:
        raise EnquiryNotFound(f"enquiry {enquiry_id} not found")
    return Enquiry.model_validate_json(item["Item"]["document"]), int(item["Item"]["version"])


def find_enquiry(enquiry_id: str) -> Enquiry | None:
    try:
        return get_enquiry(enquiry_id)[0]
    except EnquiryNotFound:
        return None


def save_enquiry(enquiry: Enquiry, version: int) -> int:
    try:
        table(settings().enquiries_table).put_item(
            Item=_enquiry_item(enquiry, version=version + 1),
            ConditionExpression="version = :expected",
            ExpressionAttributeValues={":expected": version},
        )
    except ClientError as error:
        if is_conditional_failure(error):
            raise ConcurrentUpdate(f"enquiry {enquiry.enquiry_id} changed concurrently") from error
        raise
    return version + 1


def list_enquiries() -> list[Enquiry]:
    items = _scan(settings().enquiries_table)
    return sorted((Enquiry.model_validate_json(i["document"]) for i in items), key=lambda e: e.created_at)


def _enquiry_item(enquiry: Enquiry, version: int) -> dict[str, Any]:
    return {
        "enquiry_id": enquiry.enquiry_id,
        "status": enquiry.status.value,
        "updated_at": enquiry.updated_at.isoformat(),
        "version": version,
        "document": enquiry.model_dump_json(),
    }


# --- directory ------------------------------------------------------------------------------


def get_member(member_id: str) -> Member | None:
    item = table(settings().members_table).get_item(Key={"member_id": member_id}).get("Item")
    return Member.model_validate_json(item["document"]) if item else None


def find_member_by_email(email: str) -> Member | None:
    found = table(settings().members_table).query(
        IndexName="by_email",
        KeyConditionExpression="email = :email",
        ExpressionAttributeValues={":email": email.lower()},
    )["Items"]
    return Member.model_validate_json(found[0]["document"]) if len(found) == 1 else None


def list_members() -> list[Member]:
    return [Member.model_validate_json(item["document"]) for item in _scan(settings().members_table)]


def put_member(member: Member) -> None:
    table(settings().members_table).put_item(
        Item={"member_id": member.member_id, "email": member.email.lower(), "document": member.model_dump_json()}
    )


def put_rep(rep: Rep) -> None:
    document = rep.model_dump(mode="json", exclude={"active"})
    table(settings().reps_table).put_item(
        Item={"rep_id": rep.rep_id, "active": rep.active, "capacity": rep.capacity, "document": json.dumps(document)}
    )


def list_reps() -> list[Rep]:
    return sorted((_rep(item) for item in _scan(settings().reps_table)), key=lambda rep: rep.rep_id)


def get_rep(rep_id: str) -> Rep | None:
    item = table(settings().reps_table).get_item(Key={"rep_id": rep_id}, ConsistentRead=True).get("Item")
    return _rep(item) if item else None


def _rep(item: dict[str, Any]) -> Rep:
    return Rep.model_validate(json.loads(item["document"]) | {"active": int(item["active"])})


def reserve_capacity(rep_id: str) -> bool:
    """Take one unit of the rep's capacity; False when the rep is already full."""
    try:
        table(settings().reps_table).update_item(
            Key={"rep_id": rep_id},
            UpdateExpression="SET #active = #active + :one",
            ConditionExpression="attribute_exists(rep_id) AND #active < #capacity",
            ExpressionAttributeNames={"#active": "active", "#capacity": "capacity"},
            ExpressionAttributeValues={":one": 1},
        )
        return True
    except ClientError as error:
        if is_conditional_failure(error):
            return False
        raise


def release_capacity(rep_id: str) -> None:
    try:
        table(settings().reps_table).update_item(
            Key={"rep_id": rep_id},
            UpdateExpression="SET #active = #active - :one",
            ConditionExpression="#active > :zero",
            ExpressionAttributeNames={"#active": "active"},
            ExpressionAttributeValues={":one": 1, ":zero": 0},
        )
    except ClientError as error:
        if not is_conditional_failure(error):
            raise


def _scan(name: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {}
    while True:
        page = table(name).scan(**kwargs)
        items.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
