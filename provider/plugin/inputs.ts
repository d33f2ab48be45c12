/**
 * A declaration's fields as a Pulumi program gives them: each value, or a Pulumi `Input` of it, with list items and
 * object values accepted as Inputs too (`seedId: [seed.id]`, `recipientAdAccountIds: [account.id]`). The resources'
 * argument types are these, over the field types generated from schema.json.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The parts of a value that may themselves be Inputs: list items and object values. */
type InputParts<T> = T extends readonly (infer U)[] ? DeclaredInput<U>[] : T extends object ? { [K in keyof T]: DeclaredInput<T[K]> } : never;

/** What a declared field accepts: its value or an Input of it, with its list items and object values Inputs too. */
export type DeclaredInput<T> = [InputParts<T>] extends [never] ? pulumi.Input<T> : pulumi.Input<T> | pulumi.Input<InputParts<T>>;

/** Every field of a declaration as a {@link DeclaredInput}, keeping which are optional and their documentation. */
export type InputsOf<T> = { [K in keyof T]: DeclaredInput<Exclude<T[K], undefined>> };
