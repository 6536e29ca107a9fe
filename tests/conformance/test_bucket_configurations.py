"""Bucket configurations Tessera never keeps (website, default encryption,
replication, Object Lock, logging,
notifications, acceleration, requester pays): boto3 and aws-cli read each as S3 answers for a
bucket without it, deletes succeed, and setting one stays NotImplemented. CORS, the public
access block, ownership controls and the bucket policy, kept since, read the same for a bucket
without them (test_cors.py, test_bucket_policy.py and the last tests here have the rest). Before, every one of
them answered 501, so a tool that reads a bucket's whole configuration (Terraform's and Pulumi's
S3 buckets do) failed on a plain bucket."""
import json
import subprocess
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import tessera_binary
from test_awscli import aws

NOT_SET = {
    "get_bucket_policy": "NoSuchBucketPolicy",
    "get_bucket_policy_status": "NoSuchBucketPolicy",
    "get_bucket_cors": "NoSuchCORSConfiguration",
    "get_bucket_website": "NoSuchWebsiteConfiguration",
    "get_bucket_encryption": "ServerSideEncryptionConfigurationNotFoundError",
    "get_bucket_replication": "ReplicationConfigurationNotFoundError",
    "get_object_lock_configuration": "ObjectLockConfigurationNotFoundError",
    "get_bucket_ownership_controls": "OwnershipControlsNotFoundError",
    "get_public_access_block": "NoSuchPublicAccessBlockConfiguration",
}
DELETES = ["delete_bucket_policy", "delete_bucket_cors", "delete_bucket_website", "delete_bucket_encryption",
           "delete_bucket_replication", "delete_bucket_ownership_controls", "delete_public_access_block"]


def code_of(call):
    with pytest.raises(ClientError) as e:
        call()
    return e.value.response["Error"]["Code"], e.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_reads_answer_as_s3_does_for_a_bucket_without_them(s3, bucket):
    for method, code in NOT_SET.items():
        assert code_of(lambda: getattr(s3, method)(Bucket=bucket)) == (code, 404), method
    assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=bucket)
    notifications = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert not any(k.endswith("Configurations") for k in notifications), notifications
    assert "Status" not in s3.get_bucket_accelerate_configuration(Bucket=bucket)
    assert s3.get_bucket_request_payment(Bucket=bucket)["Payer"] == "BucketOwner"


def test_deletes_succeed_and_writes_stay_not_implemented(s3, bucket):
    for method in DELETES:
        assert getattr(s3, method)(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204, method
    assert code_of(lambda: s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration={
        "IndexDocument": {"Suffix": "index.html"}})) == ("NotImplemented", 501)
    # Nothing was stored by the refused write.
    assert code_of(lambda: s3.get_bucket_website(Bucket=bucket)) == ("NoSuchWebsiteConfiguration", 404)


def test_only_the_owner_reads_them_and_a_missing_bucket_is_missing(server, s3, bucket):
    key = "ERIN" + uuid.uuid4().hex[:8].upper()
    subprocess.run([tessera_binary(), "user", "add", "erin-" + key.lower(), "--access-key", key, "--secret-key", "erin-secret",
                    "--data-dir", server.data_dir], capture_output=True, text=True, check=True)
    erin = server.client(key, "erin-secret")
    assert code_of(lambda: erin.get_bucket_policy(Bucket=bucket)) == ("AccessDenied", 403)
    assert code_of(lambda: erin.delete_bucket_cors(Bucket=bucket)) == ("AccessDenied", 403)
    assert code_of(lambda: erin.get_bucket_logging(Bucket=bucket)) == ("AccessDenied", 403)
    assert code_of(lambda: s3.get_bucket_cors(Bucket="no-such-" + bucket)) == ("NoSuchBucket", 404)


def test_awscli_reads_a_plain_bucket(server, bucket):
    r = aws(server, "s3api", "get-bucket-encryption", "--bucket", bucket, check=False)
    assert r.returncode != 0 and "ServerSideEncryptionConfigurationNotFoundError" in r.stderr
    assert json.loads(aws(server, "s3api", "get-bucket-request-payment", "--bucket", bucket).stdout) == {"Payer": "BucketOwner"}
    aws(server, "s3api", "delete-bucket-policy", "--bucket", bucket)


def test_object_retention_and_legal_hold_get_s3s_answer_for_a_bucket_without_object_lock(s3, bucket):
    """No bucket has an Object Lock configuration: reading or setting an object's retention or
    legal hold is S3's 400 for that, not 501; a missing object is still missing."""
    import datetime
    s3.put_object(Bucket=bucket, Key="k", Body=b"k")
    until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    for call in [lambda: s3.get_object_retention(Bucket=bucket, Key="k"),
                 lambda: s3.get_object_legal_hold(Bucket=bucket, Key="k"),
                 lambda: s3.put_object_legal_hold(Bucket=bucket, Key="k", LegalHold={"Status": "ON"}),
                 lambda: s3.put_object_retention(Bucket=bucket, Key="k", Retention={"Mode": "GOVERNANCE", "RetainUntilDate": until})]:
        with pytest.raises(ClientError) as e:
            call()
        assert (e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]) == \
            ("InvalidRequest", "Bucket is missing Object Lock Configuration")
    assert code_of(lambda: s3.get_object_retention(Bucket=bucket, Key="none")) == ("NoSuchKey", 404)
    s3.delete_object(Bucket=bucket, Key="k")  # nothing held it


def test_bucket_tags_are_kept(server, s3, bucket):
    """PutBucketTagging, GetBucketTagging and DeleteBucketTagging (Terraform's bucket tags): the
    set kept as given, S3's rules for it (50 tags at most, InvalidTag), the owner's alone."""
    assert code_of(lambda: s3.get_bucket_tagging(Bucket=bucket)) == ("NoSuchTagSet", 404)
    tags = [{"Key": "team", "Value": "storage"}, {"Key": "cost-center", "Value": "42"}, {"Key": "empty", "Value": ""}]
    assert s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tags})["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == tags
    many = [{"Key": f"k{i}", "Value": "v"} for i in range(50)]
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": many})
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == many
    for refused in [many + [{"Key": "k50", "Value": "v"}], [{"Key": "aws:x", "Value": "v"}],
                    [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]]:
        assert code_of(lambda: s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": refused})) == ("InvalidTag", 400)
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == many  # nothing changed by a refused set
    key = "FRED" + uuid.uuid4().hex[:8].upper()
    subprocess.run([tessera_binary(), "user", "add", "fred-" + key.lower(), "--access-key", key, "--secret-key", "fred-secret",
                    "--data-dir", server.data_dir], capture_output=True, text=True, check=True)
    fred = server.client(key, "fred-secret")
    assert code_of(lambda: fred.get_bucket_tagging(Bucket=bucket)) == ("AccessDenied", 403)
    assert code_of(lambda: fred.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tags})) == ("AccessDenied", 403)
    assert s3.delete_bucket_tagging(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert code_of(lambda: s3.get_bucket_tagging(Bucket=bucket)) == ("NoSuchTagSet", 404)
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": []})  # an empty set: none
    assert code_of(lambda: s3.get_bucket_tagging(Bucket=bucket)) == ("NoSuchTagSet", 404)


def test_a_public_access_block_is_kept_and_enforced(server, s3, bucket):
    """PutPublicAccessBlock (Terraform's aws_s3_bucket_public_access_block, the
    terraform-aws-modules bucket's default) is kept and read back, and enforced: BlockPublicAcls
    refuses a public ACL on a write, on a bucket and on an object (403, nothing changed);
    IgnorePublicAcls takes public grants away from anonymous readers until it is lifted.
    Before, setting one answered 501."""
    import requests
    s3.put_object(Bucket=bucket, Key="open.txt", Body=b"open", ACL="public-read")
    url = f"{server.endpoint}/{bucket}/open.txt"
    assert requests.get(url).content == b"open"
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": True})
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": False}
    assert requests.get(url).status_code == 403
    assert s3.get_object(Bucket=bucket, Key="open.txt")["Body"].read() == b"open"  # the owner still reads it
    assert code_of(lambda: s3.put_object(Bucket=bucket, Key="new.txt", Body=b"n", ACL="public-read")) == ("AccessDenied", 403)
    assert code_of(lambda: s3.put_object_acl(Bucket=bucket, Key="open.txt", ACL="public-read-write")) == ("AccessDenied", 403)
    assert code_of(lambda: s3.put_bucket_acl(Bucket=bucket, ACL="public-read")) == ("AccessDenied", 403)
    assert code_of(lambda: s3.create_multipart_upload(Bucket=bucket, Key="mp", ACL="authenticated-read")) == ("AccessDenied", 403)
    assert code_of(lambda: s3.head_object(Bucket=bucket, Key="new.txt")) == ("404", 404)
    s3.put_object(Bucket=bucket, Key="private.txt", Body=b"p", ACL="private")
    # Only blocking: public grants are refused, those there count again.
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicAcls": True})
    assert requests.get(url).content == b"open"
    s3.delete_public_access_block(Bucket=bucket)
    assert code_of(lambda: s3.get_public_access_block(Bucket=bucket)) == ("NoSuchPublicAccessBlockConfiguration", 404)
    s3.put_object_acl(Bucket=bucket, Key="private.txt", ACL="public-read")
    assert requests.get(f"{server.endpoint}/{bucket}/private.txt").content == b"p"
    assert code_of(lambda: s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicAcls": True},
                                                      ExpectedBucketOwner="someone-else")) == ("AccessDenied", 403)
    assert code_of(lambda: s3.get_public_access_block(Bucket=bucket)) == ("NoSuchPublicAccessBlockConfiguration", 404)


def test_ownership_controls_are_kept_and_enforced(server, s3):
    """Put/Get/DeleteBucketOwnershipControls and CreateBucket's x-amz-object-ownership
    (Terraform's aws_s3_bucket_ownership_controls; was 501). BucketOwnerEnforced turns ACLs off:
    a request that sets one is S3's 400 AccessControlListNotSupported (bucket-owner-full-control
    excepted), the bucket's owner owns every object; BucketOwnerPreferred gives the bucket's owner
    an object written with bucket-owner-full-control."""
    import requests
    enforced = "own-" + uuid.uuid4().hex[:12]
    s3.create_bucket(Bucket=enforced, ObjectOwnership="BucketOwnerEnforced")
    assert s3.get_bucket_ownership_controls(Bucket=enforced)["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert code_of(lambda: s3.put_object(Bucket=enforced, Key="k", Body=b"x", ACL="public-read")) == ("AccessControlListNotSupported", 400)
    assert code_of(lambda: s3.put_bucket_acl(Bucket=enforced, ACL="public-read")) == ("AccessControlListNotSupported", 400)
    s3.put_object(Bucket=enforced, Key="k", Body=b"x", ACL="bucket-owner-full-control")
    s3.put_object(Bucket=enforced, Key="plain", Body=b"y")
    assert code_of(lambda: s3.put_object_acl(Bucket=enforced, Key="plain", ACL="public-read")) == ("AccessControlListNotSupported", 400)
    assert requests.get(f"{server.endpoint}/{enforced}/plain").status_code == 403
    acl = s3.get_object_acl(Bucket=enforced, Key="k")
    assert [g["Permission"] for g in acl["Grants"]] == ["FULL_CONTROL"] and acl["Owner"]["ID"] == s3.list_buckets()["Owner"]["ID"]
    assert code_of(lambda: s3.create_bucket(Bucket="own-" + uuid.uuid4().hex[:12], ObjectOwnership="BucketOwnerEnforced",
                                            ACL="public-read")) == ("InvalidBucketAclWithObjectOwnership", 400)

    # Preferred: another user's write with bucket-owner-full-control becomes the bucket owner's.
    preferred = "own-" + uuid.uuid4().hex[:12]
    s3.create_bucket(Bucket=preferred)
    assert code_of(lambda: s3.get_bucket_ownership_controls(Bucket=preferred)) == ("OwnershipControlsNotFoundError", 404)
    s3.put_bucket_ownership_controls(Bucket=preferred, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]})
    key = "OWN" + uuid.uuid4().hex[:8].upper()
    subprocess.run([tessera_binary(), "user", "add", "otto-" + key.lower(), "--access-key", key, "--secret-key", "otto-secret",
                    "--data-dir", server.data_dir], capture_output=True, text=True, check=True)
    otto = server.client(key, "otto-secret")
    otto_id = otto.list_buckets()["Owner"]["ID"]
    s3.put_bucket_acl(Bucket=preferred, GrantWrite=f"id={otto_id}", GrantFullControl=f"id={s3.list_buckets()['Owner']['ID']}")
    otto.put_object(Bucket=preferred, Key="given", Body=b"g", ACL="bucket-owner-full-control")
    otto.put_object(Bucket=preferred, Key="kept", Body=b"k")
    assert s3.get_object_acl(Bucket=preferred, Key="given")["Owner"]["ID"] == s3.list_buckets()["Owner"]["ID"]
    assert otto.get_object_acl(Bucket=preferred, Key="kept")["Owner"]["ID"] == otto_id
    # Enforcing is refused while the bucket's ACL grants anything; the setting is the owner's.
    assert code_of(lambda: s3.put_bucket_ownership_controls(Bucket=preferred, OwnershipControls={"Rules": [
        {"ObjectOwnership": "BucketOwnerEnforced"}]})) == ("InvalidBucketAclWithObjectOwnership", 400)
    assert code_of(lambda: otto.delete_bucket_ownership_controls(Bucket=preferred)) == ("AccessDenied", 403)
    assert s3.delete_bucket_ownership_controls(Bucket=preferred)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert code_of(lambda: s3.get_bucket_ownership_controls(Bucket=preferred)) == ("OwnershipControlsNotFoundError", 404)


def test_versioning_can_be_suspended_not_enabled(server, s3, bucket):
    """PutBucketVersioning (Terraform's aws_s3_bucket_versioning, `rclone backend versioning`,
    minio-py's set_bucket_versioning; was 501). Tessera keeps one version of each object, which
    is what a suspended bucket keeps: Suspended is kept and read back; Enabled and MFA delete
    stay NotImplemented, since answering 200 would promise versions that are not there."""
    from minio import Minio
    from minio.commonconfig import ENABLED
    from minio.error import S3Error
    from minio.versioningconfig import SUSPENDED, VersioningConfig
    from conftest import ACCESS_KEY, SECRET_KEY
    from test_more_clients import rclone_env, run
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)
    assert code_of(lambda: s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})) == (
        "NotImplemented", 501)
    assert code_of(lambda: s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended", "MFADelete": "Enabled"},
                                                    MFA="arn:aws:iam::123456789012:mfa/u 123456")) == ("NotImplemented", 501)
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)  # nothing kept from a refusal
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Suspended"
    # A suspended bucket keeps the null version alone: an overwrite replaces it.
    s3.put_object(Bucket=bucket, Key="v", Body=b"one")
    s3.put_object(Bucket=bucket, Key="v", Body=b"two")
    versions = s3.list_object_versions(Bucket=bucket, Prefix="v")["Versions"]
    assert [(v["VersionId"], v["IsLatest"]) for v in versions] == [("null", True)]
    assert json.loads(aws(server, "s3api", "get-bucket-versioning", "--bucket", bucket).stdout)["Status"] == "Suspended"
    # Another user may not change it; a missing bucket is missing.
    key = "VERS" + uuid.uuid4().hex[:8].upper()
    subprocess.run([tessera_binary(), "user", "add", "vera-" + key.lower(), "--access-key", key, "--secret-key", "vera-secret",
                    "--data-dir", server.data_dir], capture_output=True, text=True, check=True)
    vera = server.client(key, "vera-secret")
    assert code_of(lambda: vera.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})) == (
        "AccessDenied", 403)
    assert code_of(lambda: s3.put_bucket_versioning(Bucket="no-such-" + uuid.uuid4().hex[:8],
                                                    VersioningConfiguration={"Status": "Suspended"})) == ("NoSuchBucket", 404)
    # minio-py and rclone, on a bucket of their own.
    other = "vers-" + uuid.uuid4().hex[:10]
    s3.create_bucket(Bucket=other)
    mc = Minio(f"127.0.0.1:{server.port}", access_key=ACCESS_KEY, secret_key=SECRET_KEY, secure=False, region="us-east-1")
    mc.set_bucket_versioning(other, VersioningConfig(SUSPENDED))
    assert mc.get_bucket_versioning(other).status == SUSPENDED
    with pytest.raises(S3Error) as e:
        mc.set_bucket_versioning(other, VersioningConfig(ENABLED))
    assert e.value.code == "NotImplemented"
    third = "vers-" + uuid.uuid4().hex[:10]
    s3.create_bucket(Bucket=third)
    env = rclone_env(server)
    assert "Suspended" in run("rclone", "backend", "versioning", f"t:{third}", "Suspended", env=env).stdout
    assert s3.get_bucket_versioning(Bucket=third)["Status"] == "Suspended"
