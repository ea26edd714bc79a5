/** The `Identity` port on STS GetCallerIdentity: who bgdb acts as, for the audit log and messages. */
import { GetCallerIdentityCommand, type GetCallerIdentityCommandInput, type STSClient } from "@aws-sdk/client-sts";
import type { Identity } from "../../ports/identity.js";
import type { Call } from "./call.js";

export function createStsApi(client: () => STSClient, call: Call) {
  return {
    getCallerIdentity: (input: GetCallerIdentityCommandInput) =>
      call("GetCallerIdentity", () => client().send(new GetCallerIdentityCommand(input))),
  };
}
export type StsApi = ReturnType<typeof createStsApi>;

export function createIdentityAdapter(api: StsApi): Identity {
  return {
    async whoAmI() {
      const out = await api.getCallerIdentity({});
      return { account: out.Account ?? "", arn: out.Arn ?? "", userId: out.UserId ?? "" };
    },
  };
}
