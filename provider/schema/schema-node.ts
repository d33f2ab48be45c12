/**
 * Reading schema.json's nodes: the shape of a node, following a local `$ref`, a node's `x-expects` phrase, and
 * where the definition of a Pinterest id lives.
 */

/** The definition every Pinterest id of schema.json refers to (ad account, business, audience, customer list, pin, ad, campaign, tag). */
export const ID_DEF = "pinterestId";

/** How schema.json refers to {@link ID_DEF}. */
export const ID_REF = `#/$defs/${ID_DEF}`;

/** A JSON Schema node as read from schema.json. */
export interface SchemaNode {
  [keyword: string]: unknown;
  properties?: Record<string, SchemaNode>;
  $ref?: string;
  "x-expects"?: string;
}

/** Follows a local `$ref` such as `#/$defs/seedId`. */
export function resolve(root: SchemaNode, node: SchemaNode | undefined): SchemaNode {
  if (node === undefined) return {};
  if (typeof node.$ref === "string" && node.$ref.startsWith("#/$defs/")) {
    const defs = root.$defs as Record<string, SchemaNode>;
    return defs[node.$ref.slice("#/$defs/".length)] ?? node;
  }
  return node;
}

/** The `x-expects` phrase of a schema node, when it has one. */
export function expectsOf(node: SchemaNode | undefined): string | undefined {
  const expects = node?.["x-expects"];
  return typeof expects === "string" ? expects : undefined;
}
