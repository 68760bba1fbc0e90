import pytest

from careflow.tables import AUDIT, TABLES, TableSpec
from careflow_infra.data import AUDIT_FORBIDDEN_ACTIONS

from .conftest import Synth, as_list, get_att_arn


@pytest.mark.parametrize("spec", TABLES, ids=lambda spec: spec.key)
def test_every_table_has_its_keys_point_in_time_recovery_and_the_customer_key(synth: Synth, spec: TableSpec):
    # Given the table built for this spec
    table = synth.resource(synth.stack.data.tables[spec.key])
    properties = table["Properties"]

    # Then its key schema, attribute types and indexes are the spec's
    expected_keys = [{"AttributeName": spec.partition_key, "KeyType": "HASH"}]
    if spec.sort_key:
        expected_keys.append({"AttributeName": spec.sort_key, "KeyType": "RANGE"})
    assert properties["KeySchema"] == expected_keys
    types = {a["AttributeName"]: a["AttributeType"] for a in properties["AttributeDefinitions"]}
    assert types[spec.partition_key] == "S"
    if spec.sort_key:
        assert types[spec.sort_key] == spec.sort_key_type
    indexes = {i["IndexName"]: i for i in properties.get("GlobalSecondaryIndexes", [])}
    assert set(indexes) == {index.name for index in spec.indexes}
    for index in spec.indexes:
        assert indexes[index.name]["KeySchema"] == [{"AttributeName": index.partition_key, "KeyType": "HASH"}]
        assert indexes[index.name]["Projection"] == {"ProjectionType": "ALL"}

    # And it is on-demand, recoverable, encrypted with the stack's key and kept on stack deletion
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert properties["SSESpecification"] == {
        "SSEEnabled": True,
        "SSEType": "KMS",
        "KMSMasterKeyId": get_att_arn(synth.logical_id(synth.stack.data.key)),
    }
    assert table["DeletionPolicy"] == "Retain"
    assert properties["DeletionProtectionEnabled"] is True


def test_only_the_specified_tables_exist_and_all_are_backed_up(synth: Synth):
    tables = synth.of_type("AWS::DynamoDB::Table")
    assert set(tables) == {synth.logical_id(synth.stack.data.tables[spec.key]) for spec in TABLES}
    (selection,) = synth.of_type("AWS::Backup::BackupSelection").values()
    backed_up = selection["Properties"]["BackupSelection"]["Resources"]
    assert sorted(r["Fn::GetAtt"][0] for r in backed_up) == sorted(tables)


def test_audit_table_denies_rewrites_to_every_principal(synth: Synth):
    properties = synth.resource(synth.stack.data.tables[AUDIT.key])["Properties"]
    (statement,) = properties["ResourcePolicy"]["PolicyDocument"]["Statement"]
    assert statement["Effect"] == "Deny"
    assert statement["Principal"] == {"AWS": "*"}
    assert {"dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"} <= set(
        statement["Action"]
    )
    assert set(statement["Action"]) == set(AUDIT_FORBIDDEN_ACTIONS)


def test_mail_bucket_blocks_public_access_is_kms_encrypted_versioned_and_logged(synth: Synth):
    data = synth.stack.data
    properties = synth.resource(data.mail_bucket)["Properties"]

    assert properties["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    (rule,) = properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "aws:kms",
        "KMSMasterKeyID": get_att_arn(synth.logical_id(data.key)),
    }
    assert properties["VersioningConfiguration"] == {"Status": "Enabled"}
    assert properties["LoggingConfiguration"]["DestinationBucketName"] == {
        "Ref": synth.logical_id(data.access_logs_bucket)
    }
    assert synth.resource(data.mail_bucket)["DeletionPolicy"] == "Retain"


def test_mail_bucket_refuses_requests_without_tls(synth: Synth):
    bucket_id = synth.logical_id(synth.stack.data.mail_bucket)
    (policy,) = [
        r["Properties"]["PolicyDocument"]
        for r in synth.of_type("AWS::S3::BucketPolicy").values()
        if r["Properties"]["Bucket"] == {"Ref": bucket_id}
    ]
    denies = [
        s
        for s in policy["Statement"]
        if s["Effect"] == "Deny" and s.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}
    ]
    assert len(denies) == 1
    assert denies[0]["Action"] == "s3:*"
    assert denies[0]["Principal"] == {"AWS": "*"}
    resources = as_list(denies[0]["Resource"])
    assert get_att_arn(bucket_id) in resources  # the bucket and, below, its objects
    assert {"Fn::Join": ["", [get_att_arn(bucket_id), "/*"]]} in resources


def test_data_key_rotates_and_is_kept(synth: Synth):
    key = synth.resource(synth.stack.data.key)
    assert key["Properties"]["EnableKeyRotation"] is True
    assert key["DeletionPolicy"] == "Retain"
