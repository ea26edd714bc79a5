/** Minimal XML writing and reading for the AWS query and REST-XML protocols. */

export type XmlValue = string | number | boolean | Date | undefined | null | XmlValue[] | { [key: string]: XmlValue };

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function scalar(value: string | number | boolean | Date): string {
  return value instanceof Date ? value.toISOString() : escapeXml(String(value));
}

/**
 * Renders `value` as the children of an element. Lists take their member element name from `listMembers` (keyed
 * by the list's own element name) because AWS shapes differ: `<DBInstances><DBInstance>` but
 * `<BlueGreenDeployments><member>`. A wrong name makes the SDK read an empty list, silently.
 */
export function toXml(name: string, value: XmlValue, listMembers: Record<string, string>): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) {
    const member = listMembers[name] ?? "member";
    return `<${name}>${value.map((v) => toXml(member, v, listMembers)).join("")}</${name}>`;
  }
  if (typeof value === "object" && !(value instanceof Date)) {
    return `<${name}>${childrenXml(value, listMembers)}</${name}>`;
  }
  return `<${name}>${scalar(value)}</${name}>`;
}

export function childrenXml(obj: { [key: string]: XmlValue }, listMembers: Record<string, string>): string {
  return Object.entries(obj)
    .map(([k, v]) => toXml(k, v, listMembers))
    .join("");
}

/** A parsed element: text content for leaves, child elements otherwise (repeated names collect into arrays). */
export interface XmlNode {
  name: string;
  text: string;
  children: XmlNode[];
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number(e.slice(1)));
    return ENTITIES[e] ?? m;
  });
}

/** Parses the small request documents Route 53 receives (no CDATA, no mixed content). */
export function parseXml(src: string): XmlNode {
  const root: XmlNode = { name: "#root", text: "", children: [] };
  const stack: XmlNode[] = [root];
  const re = /<(\/?)([A-Za-z_][\w:.-]*)[^>]*?(\/?)>|<\?[^>]*\?>|<!--[\s\S]*?-->|([^<]+)/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const top = stack[stack.length - 1]!;
    if (m[4] !== undefined) {
      top.text += unescapeXml(m[4]);
    } else if (m[2]) {
      if (m[1]) {
        if (stack.length > 1) stack.pop();
      } else {
        const node: XmlNode = { name: m[2].replace(/^.*:/, ""), text: "", children: [] };
        top.children.push(node);
        if (!m[3]) stack.push(node);
      }
    }
  }
  return root;
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

export function childText(node: XmlNode | undefined, name: string): string | undefined {
  const c = child(node, name);
  return c ? c.text.trim() : undefined;
}
