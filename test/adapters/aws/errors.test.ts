import {
  BlueGreenDeploymentAlreadyExistsFault,
  BlueGreenDeploymentNotFoundFault,
  DBClusterNotFoundFault,
  DBClusterParameterGroupNotFoundFault,
  DBClusterQuotaExceededFault,
  DBInstanceNotFoundFault,
  DBParameterGroupNotFoundFault,
  DBSnapshotNotFoundFault,
  InstanceQuotaExceededFault,
  InvalidBlueGreenDeploymentStateFault,
  InvalidDBClusterStateFault,
  InvalidDBInstanceStateFault,
  RDSServiceException,
  SnapshotQuotaExceededFault,
  SourceClusterNotSupportedFault,
  SourceDatabaseNotSupportedFault,
  StorageQuotaExceededFault,
} from "@aws-sdk/client-rds";
import { ExpiredTokenException } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { AwsErrorCode, mapAwsError } from "../../../src/adapters/aws/index.js";
import {
  AwsFailureError,
  type BgdbError,
  InterruptedError,
  NotFoundError,
  PreconditionError,
  UsageError,
} from "../../../src/core/errors.js";

const $metadata = { requestId: "req-1", httpStatusCode: 400 };
const msg = "RDS said no";

type Ctor = new (o: { message: string; $metadata: typeof $metadata }) => Error;
const modelled = (C: Ctor) => new C({ message: msg, $metadata });
/** An error the RDS model does not declare: the SDK keeps the wire code as `name`. */
const wire = (name: string, httpStatusCode = 400, fault: "client" | "server" = "client") =>
  new RDSServiceException({ name, $fault: fault, message: msg, $metadata: { requestId: "req-1", httpStatusCode } });

type ErrorClass = abstract new (...args: never[]) => BgdbError;
const cases: [string, Error, ErrorClass, string, number][] = [
  ["BlueGreenDeploymentNotFoundFault", modelled(BlueGreenDeploymentNotFoundFault), NotFoundError, "NOT_FOUND", 3],
  ["DBInstanceNotFoundFault", modelled(DBInstanceNotFoundFault), NotFoundError, "NOT_FOUND", 3],
  ["DBClusterNotFoundFault", modelled(DBClusterNotFoundFault), NotFoundError, "NOT_FOUND", 3],
  ["DBParameterGroupNotFoundFault", modelled(DBParameterGroupNotFoundFault), NotFoundError, "NOT_FOUND", 3],
  [
    "DBClusterParameterGroupNotFoundFault",
    modelled(DBClusterParameterGroupNotFoundFault),
    NotFoundError,
    "NOT_FOUND",
    3,
  ],
  ["DBSnapshotNotFoundFault", modelled(DBSnapshotNotFoundFault), NotFoundError, "NOT_FOUND", 3],
  ["wire DBSnapshotNotFound", wire("DBSnapshotNotFound", 404), NotFoundError, "NOT_FOUND", 3],
  [
    "SourceDatabaseNotSupportedFault",
    modelled(SourceDatabaseNotSupportedFault),
    PreconditionError,
    "SOURCE_NOT_SUPPORTED",
    3,
  ],
  [
    "SourceClusterNotSupportedFault",
    modelled(SourceClusterNotSupportedFault),
    PreconditionError,
    "SOURCE_NOT_SUPPORTED",
    3,
  ],
  [
    "InvalidDBInstanceStateFault",
    modelled(InvalidDBInstanceStateFault),
    PreconditionError,
    "INVALID_INSTANCE_STATE",
    3,
  ],
  ["wire InvalidDBInstanceState", wire("InvalidDBInstanceState"), PreconditionError, "INVALID_INSTANCE_STATE", 3],
  ["InvalidDBClusterStateFault", modelled(InvalidDBClusterStateFault), PreconditionError, "INVALID_CLUSTER_STATE", 3],
  [
    "InvalidBlueGreenDeploymentStateFault",
    modelled(InvalidBlueGreenDeploymentStateFault),
    PreconditionError,
    "INVALID_BGD_STATE",
    3,
  ],
  ["InvalidAction", wire("InvalidAction"), PreconditionError, "INVALID_ACTION", 3],
  [
    "InvalidParameterCombination",
    wire("InvalidParameterCombination"),
    PreconditionError,
    "INVALID_PARAMETER_COMBINATION",
    3,
  ],
  ["InvalidParameterValue", wire("InvalidParameterValue"), PreconditionError, "INVALID_PARAMETER_VALUE", 3],
  [
    "BlueGreenDeploymentAlreadyExistsFault",
    modelled(BlueGreenDeploymentAlreadyExistsFault),
    PreconditionError,
    "ALREADY_EXISTS",
    3,
  ],
  ["StorageQuotaExceededFault", modelled(StorageQuotaExceededFault), PreconditionError, "QUOTA_EXCEEDED", 3],
  ["InstanceQuotaExceededFault", modelled(InstanceQuotaExceededFault), PreconditionError, "QUOTA_EXCEEDED", 3],
  ["DBClusterQuotaExceededFault", modelled(DBClusterQuotaExceededFault), PreconditionError, "QUOTA_EXCEEDED", 3],
  ["SnapshotQuotaExceededFault", modelled(SnapshotQuotaExceededFault), PreconditionError, "QUOTA_EXCEEDED", 3],
  ["wire SnapshotQuotaExceeded", wire("SnapshotQuotaExceeded"), PreconditionError, "QUOTA_EXCEEDED", 3],
  ["STS ExpiredTokenException", modelled(ExpiredTokenException), PreconditionError, "CREDENTIALS", 3],
  ["ExpiredToken", wire("ExpiredToken", 403), PreconditionError, "CREDENTIALS", 3],
  ["InvalidClientTokenId", wire("InvalidClientTokenId", 403), PreconditionError, "CREDENTIALS", 3],
  ["UnrecognizedClientException", wire("UnrecognizedClientException", 403), PreconditionError, "CREDENTIALS", 3],
  ["SignatureDoesNotMatch", wire("SignatureDoesNotMatch", 403), PreconditionError, "CREDENTIALS", 3],
  ["AccessDenied", wire("AccessDenied", 403), PreconditionError, "ACCESS_DENIED", 3],
  ["AccessDeniedException", wire("AccessDeniedException", 403), PreconditionError, "ACCESS_DENIED", 3],
  ["UnauthorizedOperation", wire("UnauthorizedOperation", 403), PreconditionError, "ACCESS_DENIED", 3],
  ["Throttling", wire("Throttling"), AwsFailureError, "AWS_UNAVAILABLE", 5],
  ["ThrottlingException", wire("ThrottlingException"), AwsFailureError, "AWS_UNAVAILABLE", 5],
  ["HTTP 429", wire("SomethingNew", 429), AwsFailureError, "AWS_UNAVAILABLE", 5],
  ["InternalFailure 500", wire("InternalFailure", 500, "server"), AwsFailureError, "AWS_UNAVAILABLE", 5],
  ["ServiceUnavailable 503", wire("ServiceUnavailable", 503, "server"), AwsFailureError, "AWS_UNAVAILABLE", 5],
  ["unknown client error", wire("SomethingElse"), AwsFailureError, "AWS_ERROR", 5],
];

describe("mapAwsError", () => {
  it.each(cases)("%s → %O", (_label, error, Class, code, exitCode) => {
    const mapped = mapAwsError(error, "DescribeBlueGreenDeployments");
    expect(mapped).toBeInstanceOf(Class);
    expect(mapped.code).toBe(code);
    expect(mapped.exitCode).toBe(exitCode);
    expect(mapped.requestId).toBe("req-1");
    expect(mapped.cause).toBe(error);
    expect(mapped.message).toContain(msg);
    expect(mapped.message).toContain("DescribeBlueGreenDeployments");
    expect(mapped.hint).toBeTruthy();
  });

  it("keeps the AWS name and operation in details", () => {
    const mapped = mapAwsError(modelled(InvalidBlueGreenDeploymentStateFault), "SwitchoverBlueGreenDeployment");
    expect(mapped.details).toEqual({
      awsError: "InvalidBlueGreenDeploymentStateFault",
      operation: "SwitchoverBlueGreenDeployment",
      httpStatusCode: 400,
    });
  });

  it("marks throttling apart from a lost answer: RDS refused a throttled request before acting", () => {
    expect(mapAwsError(wire("Throttling"), "SwitchoverBlueGreenDeployment").details).toMatchObject({ throttled: true });
    expect(mapAwsError(wire("InternalFailure", 500, "server")).details).not.toHaveProperty("throttled");
  });

  it("exports the codes core branches on", () => {
    expect(AwsErrorCode.InvalidBgdState).toBe("INVALID_BGD_STATE");
    expect(AwsErrorCode.AlreadyExists).toBe("ALREADY_EXISTS");
    expect(mapAwsError(modelled(InvalidBlueGreenDeploymentStateFault)).code).toBe(AwsErrorCode.InvalidBgdState);
  });

  it("hints at profile and region for credential and permission problems", () => {
    const creds = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });
    const mapped = mapAwsError(creds);
    expect(mapped).toBeInstanceOf(PreconditionError);
    expect(mapped.code).toBe(AwsErrorCode.Credentials);
    expect(mapped.hint).toMatch(/--profile/);
    expect(mapped.hint).toMatch(/--region/);
    expect(mapAwsError(wire("AccessDenied", 403)).hint).toMatch(/--profile/);
  });

  it("maps a missing region to a precondition with a region hint", () => {
    const mapped = mapAwsError(new Error("Region is missing"));
    expect(mapped.code).toBe(AwsErrorCode.RegionMissing);
    expect(mapped.exitCode).toBe(3);
    expect(mapped.hint).toMatch(/AWS_REGION/);
  });

  it.each([
    ["ECONNREFUSED", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4566"), { code: "ECONNREFUSED" })],
    ["ENOTFOUND", Object.assign(new Error("getaddrinfo ENOTFOUND x"), { code: "ENOTFOUND" })],
    ["TimeoutError", Object.assign(new Error("socket timed out"), { name: "TimeoutError" })],
  ])("maps network error %s to NETWORK naming the endpoint", (_label, error) => {
    const mapped = mapAwsError(error, "DescribeDBInstances", { endpoint: "http://127.0.0.1:4566" });
    expect(mapped).toBeInstanceOf(AwsFailureError);
    expect(mapped.code).toBe(AwsErrorCode.Network);
    expect(mapped.exitCode).toBe(5);
    expect(mapped.hint).toContain("http://127.0.0.1:4566");
  });

  it("names the region's endpoint when no endpoint override is set", () => {
    const e = Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    expect(mapAwsError(e, "X", { region: "eu-west-1" }).hint).toContain("eu-west-1");
  });

  it("passes BgdbErrors through untouched", () => {
    const original = new UsageError("bad flag");
    expect(mapAwsError(original)).toBe(original);
  });

  it("maps an abort to InterruptedError", () => {
    const abort = Object.assign(new Error("Request aborted"), { name: "AbortError" });
    expect(mapAwsError(abort)).toBeInstanceOf(InterruptedError);
  });

  it("copes with non-Error values", () => {
    const mapped = mapAwsError("boom");
    expect(mapped.code).toBe(AwsErrorCode.AwsError);
    expect(mapped.message).toContain("boom");
    expect(mapped.requestId).toBeUndefined();
  });
});

describe("the SDK refusing its own configuration", () => {
  it.each(['Region not accepted: region="eu west 1" is not a valid hostname component.', "Invalid URL"])(
    "%s → exit 2 (nothing was sent)",
    (message) => {
      const e = mapAwsError(Object.assign(new Error(message), { name: "Error" }), "DescribeBlueGreenDeployments");
      expect(e).toMatchObject({ code: "BAD_USAGE", exitCode: 2 });
      expect(e.hint).toContain("~/.aws/config");
    },
  );

  it("the same words in an AWS response are still AWS's error", () => {
    const e = mapAwsError(
      Object.assign(new Error("Invalid region"), { name: "InvalidParameterValue", $metadata: { httpStatusCode: 400 } }),
    );
    expect(e.exitCode).toBe(3);
  });
});
