/**
 * An error the emulated AWS API returns to its caller. `code` is the wire code (what the SDK matches on, e.g.
 * `DBInstanceNotFound` for `DBInstanceNotFoundFault`), not necessarily the SDK's exception name.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: "Sender" | "Receiver" = status >= 500 ? "Receiver" : "Sender",
  ) {
    super(message);
    this.name = code;
  }
}

export const invalidParameterValue = (message: string) => new AwsError("InvalidParameterValue", message);
export const invalidParameterCombination = (message: string) => new AwsError("InvalidParameterCombination", message);
/** Route 53's code for a request it cannot read or that breaks its schema. */
export const invalidInput = (message: string) => new AwsError("InvalidInput", message);
