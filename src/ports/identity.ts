export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export interface Identity {
  whoAmI(): Promise<CallerIdentity>;
}
