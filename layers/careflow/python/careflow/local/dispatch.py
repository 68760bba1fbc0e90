"""Run Lambda Invoke calls in-process: moto's Step Functions engine calls `lambda.invoke`, and this
botocore hook answers it by running the real handler from `functions/<step>/handler.py` — no Docker."""

from __future__ import annotations

import importlib.util
import io
import json
import traceback
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import botocore.handlers
from botocore.awsrequest import AWSResponse
from botocore.response import StreamingBody

FUNCTION_PREFIX = "careflow-"
ACCOUNT = "123456789012"
REGION = "us-east-1"


def function_arn(step: str) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{FUNCTION_PREFIX}{step}"


@dataclass
class FakeContext:
    """What powertools reads from a LambdaContext."""

    function_name: str
    memory_limit_in_mb: int = 512
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


class Dispatcher:
    def __init__(self, functions_dir: Path) -> None:
        self._functions_dir = functions_dir
        self._handlers: dict[str, Callable[[dict, Any], Any]] = {}
        self.invocations: list[str] = []

    def install(self) -> None:
        """Register before the first boto3 session exists: moto makes a new client for every task."""
        entry = ("before-call.lambda.Invoke", self.on_invoke)
        if entry not in botocore.handlers.BUILTIN_HANDLERS:
            botocore.handlers.BUILTIN_HANDLERS.append(entry)

    def uninstall(self) -> None:
        entry = ("before-call.lambda.Invoke", self.on_invoke)
        if entry in botocore.handlers.BUILTIN_HANDLERS:
            botocore.handlers.BUILTIN_HANDLERS.remove(entry)

    def on_invoke(self, params: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        name = urllib.parse.unquote(params["url_path"].split("/functions/")[1].split("/")[0]).split(":")[-1]
        body = params.get("body") or b"{}"
        event = json.loads(body if isinstance(body, (bytes, str)) else body.read())
        self.invocations.append(name)
        response: dict[str, Any] = {"StatusCode": 200, "ExecutedVersion": "$LATEST"}
        try:
            result = self.handler(name)(event, FakeContext(function_name=name))
        except Exception as error:  # returned as Lambda does, so the ASL's Retry/Catch apply
            result = {
                "errorType": type(error).__name__,
                "errorMessage": str(error),
                "stackTrace": traceback.format_tb(error.__traceback__),
            }
            response["FunctionError"] = "Unhandled"
        payload = json.dumps(result).encode()
        response["Payload"] = StreamingBody(io.BytesIO(payload), len(payload))
        return AWSResponse(params.get("url", ""), 200, {}, None), response

    def handler(self, function_name: str) -> Callable[[dict, Any], Any]:
        if function_name not in self._handlers:
            step = function_name.removeprefix(FUNCTION_PREFIX)
            self._handlers[function_name] = _load(self._functions_dir / step / "handler.py", step).handler
        return self._handlers[function_name]


def _load(path: Path, step: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"careflow_function_{step}", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no handler at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
