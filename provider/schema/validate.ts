/**
 * Validation of one audience declaration against schema.json (the single definition of a declaration's shape),
 * turning ajv's errors into check failures a person can act on: the entry point, with the public types and the
 * checks of a single id. The work is done by the modules beside it: loader.ts (the validator), shape.ts (size and
 * depth before ajv), explain.ts (ajv's errors as messages), id-reasons.ts and render.ts.
 */
import type { DeclarationKind } from "./compiler";
import { explain } from "./explain";
import { zeroPaddedIn, zeroPaddedReason } from "./id-reasons";
import { compile, type Compiled } from "./loader";
import { describe } from "./render";
import { expectsOf } from "./schema-node";
import { checkShape } from "./shape";

/** One failure, as Pulumi's CheckFailure: property path and reason. */
export interface DeclarationFailure {
  /** Dotted path of the offending property with array indexes, e.g. `rule.seedId[0]`; "" for the whole input. */
  property: string;
  /** What is wrong and what is allowed. */
  reason: string;
}

/** Options of {@link validateDeclaration}. */
export interface ValidateOptions {
  /**
   * The text a value was written as in its file (a YAML or JSON scalar), by the keys leading to it; undefined
   * when unknown. Lets a failure quote what the user wrote rather than the number a parser read it as
   * (an unquoted 17-digit id is rounded by the time it is validated).
   */
  sourceOf?: (segments: readonly (string | number)[]) => string | undefined;
  /** Which declaration: an audience (default) or an audience sharing. */
  kind?: DeclarationKind;
  /**
   * Accept what only declaration files may state on an audience ({@link FILE_ONLY_KEYS}: `sharedWith`, which
   * loadDeclarations turns into an AudienceSharing resource, and the resource options `protect` and
   * `retainOnDelete`). An `Audience` resource refuses them: in a program they are a resource or resource options.
   */
  allowSharedWith?: boolean;
}

/** Keys only declaration files may state on an audience, with what a program declares instead. */
const FILE_ONLY_KEYS: Readonly<Record<string, string>> = {
  sharedWith:
    "declare an AudienceSharing resource with this audience's id as audienceId and the recipients as recipientAdAccountIds or recipientBusinessIds",
  protect: "pass it as a resource option: new Audience(name, args, { protect: true })",
  retainOnDelete: "pass it as a resource option: new Audience(name, args, { retainOnDelete: true })",
};

/** Keys that are not part of a declaration: Pulumi's serialised provider and an editor's schema pointer. */
const IGNORED_KEYS: ReadonlySet<string> = new Set(["__provider", "$schema"]);

/**
 * Validates one declaration (camelCase, as a user wrote it). Ignores the `__provider` key Pulumi adds and a `$schema` key.
 * Never throws, whatever the input (null, arrays, junk, __proto__ keys, huge strings).
 * A value Pulumi does not know yet during preview (its unknown sentinel) is not reported; it is checked once known.
 */
export function validateDeclaration(input: unknown, options: ValidateOptions = {}): DeclarationFailure[] {
  let schema: Compiled;
  try {
    schema = compile();
  } catch (error) {
    return [{ property: "", reason: `The declaration schema could not be loaded: ${(error as Error).message}` }];
  }
  try {
    const view = schema.views[options.kind ?? "audience"];
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      const got = describe(input);
      const fields = `${view.required.slice(0, -1).join(", ")} and ${view.required[view.required.length - 1]}`;
      return view.required.map((property) => ({
        property,
        reason: `${property} is required: ${view.noun} is an object with ${fields}, but got ${got}`,
      }));
    }
    const declaration: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      if (IGNORED_KEYS.has(key)) continue;
      const value = (input as Record<string, unknown>)[key];
      // Assigning `__proto__` would set the prototype: keep it an own key, so it is reported, not obeyed.
      if (key === "__proto__") Object.defineProperty(declaration, key, { value, enumerable: true, writable: true, configurable: true });
      else declaration[key] = value;
    }
    const shapeFailures = checkShape(declaration);
    if (shapeFailures.length > 0) return shapeFailures;
    const failures = view.validate(declaration) ? [] : explain(schema, view, declaration, view.validate.errors ?? [], options);
    if (view === schema.views.audience && !options.allowSharedWith) {
      for (const [key, advice] of Object.entries(FILE_ONLY_KEYS)) {
        if (key in declaration)
          failures.push({ property: key, reason: `${key} belongs in declaration files (loadDeclarations): in a program, ${advice}` });
      }
    }
    return failures;
  } catch {
    return [{ property: "", reason: "The declaration could not be read as plain data (a getter or proxy threw); declare plain values." }];
  }
}

/** Whether `value` is a Pinterest id as schema.json defines one (`$defs/pinterestId`), so that a declaration may hold it. */
export function isDeclarableId(value: unknown): value is string {
  return typeof value === "string" && compile().id.pattern.test(value);
}

/**
 * Why `value` is not a Pinterest id as schema.json defines one (`$defs/pinterestId`), or undefined when it is one:
 * the rule and the reasons a declaration's ids get, for an id given elsewhere (a command-line option, the id an
 * `Audience.get` reads). `name` is how the id reads in the reason, e.g. `--ad-account`.
 */
export function idProblem(value: unknown, name: string): string | undefined {
  if (isDeclarableId(value)) return undefined;
  const schema = compile();
  const padded = zeroPaddedIn(schema, value);
  if (padded !== undefined && !Array.isArray(value)) return zeroPaddedReason(name, padded.value, padded.canonical);
  return `${name} must be ${expectsOf(schema.id.node) ?? "a Pinterest id"}; got ${describe(value)}`;
}
