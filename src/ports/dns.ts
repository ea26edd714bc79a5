export interface DnsRecord {
  /** Fully qualified, without the trailing dot. */
  name: string;
  type: string;
  /** Record values (CNAME target, A addresses), trailing dots removed. */
  values: string[];
  ttl?: number;
  /** For alias records: the alias target's DNS name, trailing dot removed. */
  aliasTarget?: string;
  hostedZoneId: string;
}

export interface Dns {
  /**
   * The record set for `name` in the most specific Route 53 hosted zone of this account that contains it
   * (CNAME preferred, then A/AAAA alias). `undefined` when no zone or no record matches.
   */
  lookup(name: string): Promise<DnsRecord | undefined>;
}
