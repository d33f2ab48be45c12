/**
 * Validates values against the shapes of Pinterest's official OpenAPI description (the extract in
 * test/fixtures/openapi/), with ajv. `closed` shapes additionally reject fields the description does not list.
 */
import Ajv, { type ValidateFunction } from "ajv";
import doc from "../fixtures/openapi/audiences-schemas.json";

/** Names of the shapes the extract holds. */
export type ShapeName =
  | "Audience"
  | "AudienceRule"
  | "Error"
  | "AudienceCreateRequest"
  | "AudienceUpdateRequest"
  | "OauthAccessTokenResponseRefresh"
  | "audiences/list";

const DOC_ID = "pinterest-openapi";
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({ ...doc, $id: DOC_ID });

const compiled = new Map<string, ValidateFunction>();

function validator(name: ShapeName, closed: boolean): ValidateFunction {
  const key = `${name}:${closed}`;
  let v = compiled.get(key);
  if (!v) {
    const base = name === "audiences/list" ? `${DOC_ID}#/responses/audiences~1list` : `${DOC_ID}#/components/schemas/${name}`;
    const schemas = doc.components.schemas as Record<string, { properties?: Record<string, unknown> }>;
    const props = schemas[name]?.properties;
    v = closed && props
      ? ajv.compile({ allOf: [{ $ref: base }], propertyNames: { enum: Object.keys(props) } })
      : ajv.compile({ $ref: base });
    compiled.set(key, v);
  }
  return v;
}

/** Error messages of `value` against shape `name` (empty when it conforms). */
export function shapeErrors(name: ShapeName, value: unknown, options: { closed?: boolean } = {}): string[] {
  const v = validator(name, options.closed ?? false);
  return v(value) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "invalid"} ${JSON.stringify(e.params)}`);
}

/** Throws (failing the test) with ajv's messages unless `value` conforms to shape `name`. */
export function expectShape(name: ShapeName, value: unknown, options: { closed?: boolean } = {}): void {
  const errors = shapeErrors(name, value, options);
  if (errors.length > 0) throw new Error(`Value does not match ${name}: ${errors.join("; ")}\n${JSON.stringify(value)}`);
}
