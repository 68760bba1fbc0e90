from careflow.tables import INBOUND_PREFIX

from .conftest import Synth, as_list, get_att_arn


def test_ses_receipt_rule_stores_raw_mail_in_the_mail_bucket_under_the_inbound_prefix(synth: Synth):
    # Given the only receipt rule
    (rule,) = synth.of_type("AWS::SES::ReceiptRule").values()
    properties = rule["Properties"]["Rule"]

    # Then its one action writes the raw MIME to the mail bucket under INBOUND_PREFIX, after spam/virus
    # scanning and over TLS only
    (action,) = properties["Actions"]
    assert action["S3Action"]["BucketName"] == {"Ref": synth.logical_id(synth.stack.data.mail_bucket)}
    assert action["S3Action"]["ObjectKeyPrefix"] == INBOUND_PREFIX
    # SES's KmsKeyArn means client-side (S3 encryption client) envelopes intake could not read;
    # the bucket's default SSE-KMS encrypts the object with the customer key instead.
    assert "KmsKeyArn" not in action["S3Action"]
    assert properties["ScanEnabled"] is True
    assert properties["TlsPolicy"] == "Require"
    assert rule["Properties"]["RuleSetName"] == {"Ref": synth.logical_id(synth.stack.ingest.rule_set)}


def test_only_ses_of_this_account_may_put_mail_and_only_under_the_inbound_prefix(synth: Synth):
    bucket_id = synth.logical_id(synth.stack.data.mail_bucket)
    (policy,) = [
        r["Properties"]["PolicyDocument"]
        for r in synth.of_type("AWS::S3::BucketPolicy").values()
        if r["Properties"]["Bucket"] == {"Ref": bucket_id}
    ]
    (allow,) = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    assert allow["Principal"] == {"Service": "ses.amazonaws.com"}
    assert allow["Action"] == "s3:PutObject"
    assert allow["Resource"] == {"Fn::Join": ["", [get_att_arn(bucket_id), f"/{INBOUND_PREFIX}*"]]}
    assert allow["Condition"]["StringEquals"]["aws:SourceAccount"] == {"Ref": "AWS::AccountId"}


def test_data_key_lets_ses_encrypt_mail_only_through_s3_for_this_account(synth: Synth):
    key = synth.resource(synth.stack.data.key)["Properties"]["KeyPolicy"]
    (statement,) = [s for s in key["Statement"] if s.get("Principal") == {"Service": "ses.amazonaws.com"}]
    assert set(as_list(statement["Action"])) <= {"kms:GenerateDataKey*", "kms:Encrypt"}
    conditions = statement["Condition"]["StringEquals"]
    assert conditions["aws:SourceAccount"] == {"Ref": "AWS::AccountId"}
    assert conditions["kms:ViaService"] == {
        "Fn::Join": ["", ["s3.", {"Ref": "AWS::Region"}, ".amazonaws.com"]]
    }


def test_mail_bucket_sends_its_events_to_eventbridge(synth: Synth):
    properties = synth.resource(synth.stack.data.mail_bucket)["Properties"]
    assert properties["NotificationConfiguration"] == {
        "EventBridgeConfiguration": {"EventBridgeEnabled": True}
    }


def test_mail_stored_under_the_inbound_prefix_starts_the_state_machine(synth: Synth):
    # Given the EventBridge rule
    ingest = synth.stack.ingest
    rule = synth.resource(ingest.mail_stored_rule)["Properties"]

    # Then it matches Object Created events of the mail bucket under INBOUND_PREFIX only
    assert rule["EventPattern"] == {
        "source": ["aws.s3"],
        "detail-type": ["Object Created"],
        "detail": {
            "bucket": {"name": [{"Ref": synth.logical_id(synth.stack.data.mail_bucket)}]},
            "object": {"key": [{"prefix": INBOUND_PREFIX}]},
        },
    }
    # And its one target is the starter function, with retries and a dead-letter queue for what it cannot start
    stack = synth.stack
    (target,) = rule["Targets"]
    assert target["Arn"] == get_att_arn(synth.logical_id(stack.functions.start))
    assert target["DeadLetterConfig"]["Arn"] == get_att_arn(synth.logical_id(stack.unstarted))
    assert target["RetryPolicy"]["MaximumEventAgeInSeconds"] == 24 * 3600
    # And the starter may start exactly the state machine, and touches no table, mail or key
    policy_id = synth.logical_id(stack.functions.policies["start"])
    grants = {s["Sid"]: s for lid, s in synth.policy_statements() if lid == policy_id}
    assert grants["StartEnquiry"]["Action"] == "states:StartExecution"
    assert grants["StartEnquiry"]["Resource"] == {"Ref": synth.logical_id(stack.workflow.state_machine)}
    assert not [s for s in grants.values() if "dynamodb" in str(s["Action"]) or "s3:" in str(s["Action"])
                or "kms:" in str(s["Action"])]
    environment = synth.resource(stack.functions.start)["Properties"]["Environment"]["Variables"]
    assert environment["STATE_MACHINE_ARN"] == {"Ref": synth.logical_id(stack.workflow.state_machine)}
