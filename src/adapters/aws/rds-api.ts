/**
 * The RDS calls bgdb makes, one line each, in SDK shapes (aws-cdk's lib/api/aws-auth/sdk.ts pattern). Every call goes
 * through `Call`: throttling retry and error mapping in one place. The clients are fetched on each call so each is only
 * built when first used. Calls that change AWS (`change`) go through `mutating`, the client with one SDK attempt
 * (clients.ts: AwsClients.rdsMutating); reads keep the SDK's retries.
 */
import {
  CreateBlueGreenDeploymentCommand,
  type CreateBlueGreenDeploymentCommandInput,
  CreateDBClusterSnapshotCommand,
  type CreateDBClusterSnapshotCommandInput,
  CreateDBSnapshotCommand,
  type CreateDBSnapshotCommandInput,
  DeleteBlueGreenDeploymentCommand,
  type DeleteBlueGreenDeploymentCommandInput,
  DeleteDBClusterCommand,
  type DeleteDBClusterCommandInput,
  DeleteDBInstanceCommand,
  type DeleteDBInstanceCommandInput,
  DescribeBlueGreenDeploymentsCommand,
  type DescribeBlueGreenDeploymentsCommandInput,
  DescribeDBClusterParameterGroupsCommand,
  type DescribeDBClusterParameterGroupsCommandInput,
  DescribeDBClusterParametersCommand,
  type DescribeDBClusterParametersCommandInput,
  DescribeDBClusterSnapshotsCommand,
  type DescribeDBClusterSnapshotsCommandInput,
  DescribeDBClustersCommand,
  type DescribeDBClustersCommandInput,
  DescribeDBEngineVersionsCommand,
  type DescribeDBEngineVersionsCommandInput,
  DescribeDBInstancesCommand,
  type DescribeDBInstancesCommandInput,
  DescribeDBParameterGroupsCommand,
  type DescribeDBParameterGroupsCommandInput,
  DescribeDBParametersCommand,
  type DescribeDBParametersCommandInput,
  DescribeDBSnapshotsCommand,
  type DescribeDBSnapshotsCommandInput,
  DescribeEventsCommand,
  type DescribeEventsCommandInput,
  ModifyDBClusterCommand,
  type ModifyDBClusterCommandInput,
  ModifyDBInstanceCommand,
  type ModifyDBInstanceCommandInput,
  type RDSClient,
  SwitchoverBlueGreenDeploymentCommand,
  type SwitchoverBlueGreenDeploymentCommandInput,
} from "@aws-sdk/client-rds";
import type { Call } from "./call.js";

export function createRdsApi(
  client: () => RDSClient,
  call: Call,
  mutating: () => Promise<RDSClient> = async () => client(),
) {
  const rds = <T>(operation: string, send: (c: RDSClient) => Promise<T>) => call(operation, () => send(client()));
  const change = <T>(operation: string, send: (c: RDSClient) => Promise<T>) =>
    call(operation, async () => send(await mutating()));
  // biome-ignore format: one line per API call reads as a table
  return {
    createBlueGreenDeployment: (input: CreateBlueGreenDeploymentCommandInput) => change("CreateBlueGreenDeployment", (c) => c.send(new CreateBlueGreenDeploymentCommand(input))),
    describeBlueGreenDeployments: (input: DescribeBlueGreenDeploymentsCommandInput) => rds("DescribeBlueGreenDeployments", (c) => c.send(new DescribeBlueGreenDeploymentsCommand(input))),
    switchoverBlueGreenDeployment: (input: SwitchoverBlueGreenDeploymentCommandInput) => change("SwitchoverBlueGreenDeployment", (c) => c.send(new SwitchoverBlueGreenDeploymentCommand(input))),
    deleteBlueGreenDeployment: (input: DeleteBlueGreenDeploymentCommandInput) => change("DeleteBlueGreenDeployment", (c) => c.send(new DeleteBlueGreenDeploymentCommand(input))),
    describeDBInstances: (input: DescribeDBInstancesCommandInput) => rds("DescribeDBInstances", (c) => c.send(new DescribeDBInstancesCommand(input))),
    describeDBClusters: (input: DescribeDBClustersCommandInput) => rds("DescribeDBClusters", (c) => c.send(new DescribeDBClustersCommand(input))),
    modifyDBInstance: (input: ModifyDBInstanceCommandInput) => change("ModifyDBInstance", (c) => c.send(new ModifyDBInstanceCommand(input))),
    modifyDBCluster: (input: ModifyDBClusterCommandInput) => change("ModifyDBCluster", (c) => c.send(new ModifyDBClusterCommand(input))),
    describeDBEngineVersions: (input: DescribeDBEngineVersionsCommandInput) => rds("DescribeDBEngineVersions", (c) => c.send(new DescribeDBEngineVersionsCommand(input))),
    describeDBParameters: (input: DescribeDBParametersCommandInput) => rds("DescribeDBParameters", (c) => c.send(new DescribeDBParametersCommand(input))),
    describeDBClusterParameters: (input: DescribeDBClusterParametersCommandInput) => rds("DescribeDBClusterParameters", (c) => c.send(new DescribeDBClusterParametersCommand(input))),
    describeDBParameterGroups: (input: DescribeDBParameterGroupsCommandInput) => rds("DescribeDBParameterGroups", (c) => c.send(new DescribeDBParameterGroupsCommand(input))),
    describeDBClusterParameterGroups: (input: DescribeDBClusterParameterGroupsCommandInput) => rds("DescribeDBClusterParameterGroups", (c) => c.send(new DescribeDBClusterParameterGroupsCommand(input))),
    createDBSnapshot: (input: CreateDBSnapshotCommandInput) => change("CreateDBSnapshot", (c) => c.send(new CreateDBSnapshotCommand(input))),
    describeDBSnapshots: (input: DescribeDBSnapshotsCommandInput) => rds("DescribeDBSnapshots", (c) => c.send(new DescribeDBSnapshotsCommand(input))),
    createDBClusterSnapshot: (input: CreateDBClusterSnapshotCommandInput) => change("CreateDBClusterSnapshot", (c) => c.send(new CreateDBClusterSnapshotCommand(input))),
    describeDBClusterSnapshots: (input: DescribeDBClusterSnapshotsCommandInput) => rds("DescribeDBClusterSnapshots", (c) => c.send(new DescribeDBClusterSnapshotsCommand(input))),
    deleteDBInstance: (input: DeleteDBInstanceCommandInput) => change("DeleteDBInstance", (c) => c.send(new DeleteDBInstanceCommand(input))),
    deleteDBCluster: (input: DeleteDBClusterCommandInput) => change("DeleteDBCluster", (c) => c.send(new DeleteDBClusterCommand(input))),
    describeEvents: (input: DescribeEventsCommandInput) => rds("DescribeEvents", (c) => c.send(new DescribeEventsCommand(input))),
  };
}

export type RdsApi = ReturnType<typeof createRdsApi>;
