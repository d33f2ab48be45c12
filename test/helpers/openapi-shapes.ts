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
  | "SharedAudience"
  | "BusinessSharedAudience"
  | "SharedAudienceCommon"
  | "SharedAudienceResponse"
  | "BusinessSharedAudienceResponse"
  | "SharedAudienceResponseCommon"
  | "SharedAudienceAccount"
  | "OperationType"
  | "AudienceAccountType"
  | "Role"
  | "audiences/list"
  | "ad_accounts_audiences_shared_accounts/list"
  | "CustomerList"
  | "CustomerListRequest"
  | "CustomerListUpdateRequest"
  | "customer_lists/list";

const DOC_ID = "pinterest-openapi";
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({ ...doc, $id: DOC_ID });

const compiled = new Map<string, ValidateFunction>();

type SchemaNode = { properties?: Record<string, unknown>; allOf?: SchemaNode[]; $ref?: string };
const schemas = doc.components.schemas as Record<string, SchemaNode>;

/** Property names a schema lists, its own and those of its `allOf` parts (local refs followed). */
function listedProperties(schema: SchemaNode | undefined): string[] {
  if (!schema) return [];
  if (schema.$ref) return listedProperties(schemas[schema.$ref.replace("#/components/schemas/", "")]);
  return [...Object.keys(schema.properties ?? {}), ...(schema.allOf ?? []).flatMap(listedProperties)];
}

function validator(name: ShapeName, closed: boolean): ValidateFunction {
  const key = `${name}:${closed}`;
  let v = compiled.get(key);
  if (!v) {
    // Response shapes are named by operation id ("audiences/list"), schemas by name.
    const base = name.includes("/") ? `${DOC_ID}#/responses/${name.replace(/\//g, "~1")}` : `${DOC_ID}#/components/schemas/${name}`;
    const props = listedProperties(schemas[name]);
    v =
      closed && props.length > 0
        ? ajv.compile({ allOf: [{ $ref: base }], propertyNames: { enum: [...new Set(props)] } })
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
