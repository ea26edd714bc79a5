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

/** A request body that is not well-formed XML; the protocol layer turns it into its service's error. */
export class XmlSyntaxError extends Error {}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&([^;&\s]*);?/g, (m, e: string) => {
    if (!m.endsWith(";")) throw new XmlSyntaxError(`a bare "&" must be written &amp;`);
    if (/^#x[0-9a-fA-F]+$/.test(e)) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (/^#[0-9]+$/.test(e)) return String.fromCodePoint(Number(e.slice(1)));
    const named = ENTITIES[e];
    if (named === undefined) throw new XmlSyntaxError(`the entity "${m}" is not defined`);
    return named;
  });
}

/**
 * Parses the small request documents Route 53 receives (no CDATA, no DOCTYPE, no mixed content), refusing anything
 * not well-formed: one root element, every tag closed in order, no text outside the root. Lenient parsing would turn
 * garbage into an empty request that then "succeeds".
 */
export function parseXml(src: string): XmlNode {
  const root: XmlNode = { name: "#root", text: "", children: [] };
  const stack: XmlNode[] = [root];
  const re = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^<>]*?)?)(\/?)>|<\?xml[^>]*\?>|<!--[\s\S]*?-->|([^<]+)/y;
  while (re.lastIndex < src.length) {
    const at = re.lastIndex;
    const m = re.exec(src);
    if (!m) throw new XmlSyntaxError(`unexpected markup at offset ${at}: ${JSON.stringify(src.slice(at, at + 20))}`);
    const top = stack[stack.length - 1]!;
    if (m[5] !== undefined) {
      if (stack.length === 1) {
        if (m[5].trim()) throw new XmlSyntaxError("content is not allowed outside the root element");
      } else {
        top.text += unescapeXml(m[5]);
      }
    } else if (m[2]) {
      const name = m[2].replace(/^.*:/, "");
      if (m[1]) {
        if (stack.length === 1 || top.name !== name) {
          throw new XmlSyntaxError(
            `the end tag </${m[2]}> does not match ${stack.length === 1 ? "any open element" : `<${top.name}>`}`,
          );
        }
        stack.pop();
      } else {
        if (stack.length === 1 && root.children.length > 0) throw new XmlSyntaxError("a document has one root element");
        const node: XmlNode = { name, text: "", children: [] };
        top.children.push(node);
        if (!m[4]) stack.push(node);
      }
    }
  }
  if (stack.length > 1) throw new XmlSyntaxError(`the element <${stack[stack.length - 1]!.name}> is never closed`);
  if (root.children.length === 0) throw new XmlSyntaxError("the document has no root element");
  return root;
}
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

export function childText(node: XmlNode | undefined, name: string): string | undefined {
  const c = child(node, name);
  return c ? c.text.trim() : undefined;
}
