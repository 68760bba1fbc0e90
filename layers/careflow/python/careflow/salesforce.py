"""Salesforce Case upsert by external id, and the local stand-in that records exactly what would be sent."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from careflow.errors import SalesforceError, TransientError
from careflow.models import Enquiry, EnquiryStatus, Urgency

API_VERSION = "v62.0"
EXTERNAL_ID_FIELD = "Careflow_Enquiry_Id__c"
_PRIORITY = {Urgency.EMERGENCY: "High", Urgency.URGENT: "High", Urgency.ROUTINE: "Medium"}


class Salesforce(Protocol):
    def send(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]: ...


def case_path(enquiry_id: str) -> str:
    return f"/services/data/{API_VERSION}/sobjects/Case/{EXTERNAL_ID_FIELD}/{urllib.parse.quote(enquiry_id)}"


def case_fields(enquiry: Enquiry) -> dict[str, Any]:
    """The Case as careflow sees it: labels, decisions and ids — no mail text."""
    classification, routing, escalation = enquiry.classification, enquiry.routing, enquiry.escalation
    fields: dict[str, Any] = {
        "Origin": "Email",
        "Status": "Escalated" if escalation and escalation.escalated else "New",
        "Subject": f"[ref:{enquiry.reference}] {classification.intent.value if classification else 'enquiry'}",
        "Careflow_Status__c": enquiry.status.value,
        "Careflow_Messages__c": len(enquiry.thread),
        "Careflow_Member_Verified__c": enquiry.member_verified,
    }
    if classification:
        fields |= {
            "Priority": _PRIORITY[classification.urgency],
            "Careflow_Intent__c": classification.intent.value,
            "Careflow_Urgency__c": classification.urgency.value,
        }
    if enquiry.latest.sentiment:
        fields["Careflow_Sentiment__c"] = enquiry.latest.sentiment.label.value
    if enquiry.eligibility:
        fields["Careflow_Eligible__c"] = enquiry.eligibility.eligible
    if routing:
        fields["Careflow_Assignee__c"] = routing.assignee
        fields["Careflow_Queue__c"] = routing.queue
        fields["Careflow_Rule_Version__c"] = routing.rule_version
    if escalation:
        fields["Careflow_Escalation_Level__c"] = escalation.level
    if enquiry.status is EnquiryStatus.PARKED:
        fields["Status"] = "On Hold"
    return fields


class RestSalesforce:
    """The REST API with an OAuth 2.0 client-credentials token (instance_url, client_id, client_secret)."""

    def __init__(self, credentials: dict[str, str], timeout: float = 10.0) -> None:
        self._credentials = credentials
        self._timeout = timeout
        self._token: str | None = None

    def send(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        if self._token is None:
            self._token = self._authenticate()
        status, answer = self._request(method, path, body, {"Authorization": f"Bearer {self._token}"})
        if status == 401:  # INVALID_SESSION_ID: the token expired; authenticate once more
            self._token = self._authenticate()
            status, answer = self._request(method, path, body, {"Authorization": f"Bearer {self._token}"})
        if status >= 500 or status == 429:
            raise TransientError(f"Salesforce answered {status}")
        if status >= 300:
            codes = [e.get("errorCode", "?") for e in answer] if isinstance(answer, list) else [str(status)]
            raise SalesforceError(f"Salesforce rejected {method} {path.split('/sobjects/')[-1]}: {', '.join(codes)}")
        return {"status": status, **(answer if isinstance(answer, dict) else {})}

    def _authenticate(self) -> str:
        form = urllib.parse.urlencode(
            {
                "grant_type": "client_credentials",
                "client_id": self._credentials["client_id"],
                "client_secret": self._credentials["client_secret"],
            }
        ).encode()
        request = urllib.request.Request(
            f"{self._credentials['instance_url']}/services/oauth2/token", data=form, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                return json.load(response)["access_token"]
        except urllib.error.HTTPError as error:
            raise SalesforceError(f"Salesforce authentication failed with {error.code}") from None
        except OSError as error:
            raise TransientError(f"Salesforce authentication unreachable: {type(error).__name__}") from None

    def _request(self, method: str, path: str, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
        request = urllib.request.Request(
            self._credentials["instance_url"] + path,
            data=json.dumps(body).encode(),
            method=method,
            headers=headers | {"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else {}
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                return error.code, json.loads(raw) if raw else {}
            except json.JSONDecodeError:
                return error.code, {}
        except OSError as error:
            raise TransientError(f"Salesforce unreachable: {type(error).__name__}") from None


class OutboxSalesforce:
    """Local stand-in: records each request it would send as a JSON document, and answers like an upsert."""

    def __init__(self, write: Callable[[str, str], None], prefix: str) -> None:
        self._write = write
        self._prefix = prefix

    def send(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        record_id = path.rsplit("/", 1)[-1]
        key = f"{self._prefix}{record_id}/{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.json"
        self._write(key, json.dumps({"method": method, "path": path, "body": body}, sort_keys=True, indent=2))
        return {"status": 204, "recorded_as": key}
