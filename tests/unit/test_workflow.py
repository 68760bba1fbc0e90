import json

import pytest

from careflow import paths
from careflow.workflow import STEPS, render_definition, substitution_name

ARNS = {substitution_name(step): f"arn:aws:lambda:us-east-1:1:function:{step}" for step in STEPS}


@pytest.fixture(scope="module")
def definition() -> dict:
    return render_definition(paths.ASL_FILE, ARNS)


def test_every_step_has_a_handler_and_a_task(definition):
    tasks = [state for state in definition["States"].values() if state["Type"] == "Task"]
    functions = {state["Parameters"]["FunctionName"] for state in tasks}
    assert functions == set(ARNS.values())
    for step in STEPS:
        assert (paths.FUNCTIONS_DIR / step / "handler.py").is_file()


def test_every_task_retries_transient_errors_and_catches_the_rest(definition):
    for name, state in definition["States"].items():
        if state["Type"] != "Task":
            continue
        assert any("Lambda.TooManyRequestsException" in r["ErrorEquals"] for r in state["Retry"]), name
        assert state["Catch"][0]["ErrorEquals"] == ["States.ALL"], name
        assert state["Catch"][0]["Next"] == ("ParkFailed" if name == "Park" else "Park"), name


def test_state_carries_ids_not_message_content(definition):
    text = json.dumps(definition)
    for content_field in ("body", "subject", "text", "sender"):
        assert f'"{content_field}' not in text and f".{content_field}" not in text


def test_unresolved_substitution_is_an_error():
    with pytest.raises(ValueError, match="unresolved substitution"):
        render_definition(paths.ASL_FILE, {})
