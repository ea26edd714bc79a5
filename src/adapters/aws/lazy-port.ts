/**
 * A port whose implementation (and the AWS SDK package behind it) is loaded on its first call: a command that never
 * reads CloudWatch never loads @aws-sdk/client-cloudwatch. Every port method is async already, so the caller cannot
 * tell the difference.
 */
export function lazyPort<T extends object>(load: () => Promise<T>): T {
  let loading: Promise<T> | undefined;
  const handler: ProxyHandler<object> = {
    get(_target, prop) {
      // Not a thenable: `await port` must give the port, not call a method named "then".
      if (prop === "then" || typeof prop === "symbol") return undefined;
      return async (...args: unknown[]) => {
        loading ??= load();
        const port = await loading;
        const method: unknown = Reflect.get(port, prop);
        if (typeof method !== "function") throw new TypeError(`port has no method ${String(prop)}`);
        return method.apply(port, args);
      };
    },
  };
  return new Proxy({}, handler) as T;
}
