/**
 * The refusal of Pulumi's `import` resource option, for every resource type. The engine imports a dynamic provider's
 * resource with its id alone, so the plugin finds no provider code and fails with "code must be a string, not
 * undefined" (pulumi/pulumi#16175); refusing it in the program says so, and what to write instead, before any step.
 */
import * as pulumi from "@pulumi/pulumi";

/** What a resource type says in place of the `import` option. */
export interface ImportRefusal {
  /** The resource type as the program names it, e.g. "Audience". */
  typeName: string;
  /** What the option cannot adopt, e.g. "a Pinterest audience". */
  adopts: string;
  /** What to write instead, as a sentence. */
  instead: string;
}

/** The message of a refused `import` option on resource `resourceName`. */
export function importRefusedMessage(refusal: ImportRefusal, resourceName: string): string {
  return (
    `${refusal.typeName} "${resourceName}": Pulumi's \`import\` resource option cannot adopt ${refusal.adopts}, because the engine ` +
    `imports a dynamic provider's resources without their inputs (pulumi/pulumi#16175). ${refusal.instead}`
  );
}

/** Throws Pulumi's RunError (a message without a stack trace) when `opts` carry the `import` option. */
export function refuseImportOption(refusal: ImportRefusal, resourceName: string, opts: pulumi.CustomResourceOptions | undefined): void {
  if (opts?.import !== undefined) throw new pulumi.RunError(importRefusedMessage(refusal, resourceName));
}
