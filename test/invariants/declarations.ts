/**
 * What a sequence declares: a small stack of audiences and sharings, drawn from fixed pools, and how a declaration
 * becomes the resources a Pulumi program would register (without running a program per step: the serialised
 * `__provider` of each type is captured once from a real program run).
 */
import type { OutputRef, RegisteredResource, WireMap } from "../harness";

/** How many audience slots a sequence has. */
export const AUDIENCE_SLOTS = 3;
/** How many sharing slots a sequence has. */
export const SHARING_SLOTS = 2;

/** Ad accounts the stack may declare as recipients ("999" is outside the owners' Business Hierarchy). */
export const STACK_AD_ACCOUNTS = ["111", "222", "333", "999"] as const;
/** Businesses the stack may declare as recipients. */
export const STACK_BUSINESSES = ["900", "901"] as const;
/** Ad accounts only a person shares with by hand: never declared, so the stack never answers for them. */
export const HAND_AD_ACCOUNTS = ["777"] as const;
/** Businesses only a person shares with by hand. */
export const HAND_BUSINESSES = ["990"] as const;
/** The ad account the emulator refuses as a recipient (outside the Business Hierarchy). */
export const OUTSIDE_HIERARCHY_AD_ACCOUNT = "999";

/** The audience types a sequence declares. */
export type AudienceType = "CUSTOMER_LIST" | "VISITOR" | "ENGAGEMENT" | "ACTALIKE";

/** A rule as declared (camelCase); the string "$external" stands for the sequence's hand-made audience id. */
export type DeclaredRule = Record<string, string | number | boolean | string[] | Record<string, string[]>>;

/** The rules a sequence picks from, per type: VISITOR rules with and without `event` exercise merged rule updates. */
export const RULES: Readonly<Record<AudienceType, readonly DeclaredRule[]>> = {
  CUSTOMER_LIST: [{ customerListId: "5497558859876" }, { customerListId: "5497558850011" }],
  VISITOR: [
    { visitorSourceId: "2542620639259", retentionDays: 30, event: "checkout" },
    { visitorSourceId: "2542620639259", retentionDays: 60 },
    { visitorSourceId: "2542620639259", prefill: false, eventSource: { "=": ["web"] } },
  ],
  ENGAGEMENT: [{ engagementDomain: ["www.example.com"], engagerType: 1 }, { engagerType: 2 }],
  ACTALIKE: [{ seedId: ["$external"], country: "US", percentage: 5 }],
};

/** Audience names a sequence picks from (few, so identical declarations happen). */
export const AUDIENCE_NAMES = ["Buyers", "Visitors", "Buyers 2"] as const;
/** Descriptions a sequence picks from; undefined leaves it out. */
export const DESCRIPTIONS = [undefined, "Bought in the last 30 days", "Renamed by CI"] as const;

/** One declared audience. */
export interface AudienceDecl {
  /** The audience's name on Pinterest. */
  name: string;
  /** Its description; undefined leaves it out. */
  description?: string;
  /** Its type (a change replaces it). */
  audienceType: AudienceType;
  /** Index into RULES[audienceType]. */
  rule: number;
}

/** Which audience a sharing shares: a declared audience slot, or the sequence's hand-made audience. */
export type SharingTarget = number | "hand-made";

/** One declared sharing. */
export interface SharingDecl {
  /** The audience it shares. */
  target: SharingTarget;
  /** Ad account recipients; undefined leaves the list out (not managed). */
  adAccounts?: string[];
  /** Business recipients; undefined leaves the list out (not managed). */
  businesses?: string[];
}

/** A declared resource: its Pulumi name and its declaration. */
export interface Declared<D> {
  /** The Pulumi resource name (a rename changes it). */
  resourceName: string;
  /** The declaration. */
  decl: D;
}

/** The whole declaration of a stack: audience slots and sharing slots (undefined: not declared). */
export interface StackDecl {
  /** Audience slots. */
  audiences: (Declared<AudienceDecl> | undefined)[];
  /** Sharing slots. */
  sharings: (Declared<SharingDecl> | undefined)[];
}

/** The rule as declared, with "$external" replaced by the hand-made audience's id. */
export function declaredRule(decl: AudienceDecl, handMadeId: string): DeclaredRule {
  const rule = RULES[decl.audienceType][decl.rule];
  return JSON.parse(JSON.stringify(rule).split('"$external"').join(JSON.stringify(handMadeId))) as DeclaredRule;
}

/** The serialised providers of both resource types, captured from one program run, and the URN prefix. */
export interface ProgramTemplate {
  /** `__provider` of an Audience. */
  audienceProvider: string;
  /** `__provider` of an AudienceSharing. */
  sharingProvider: string;
  /** Type token of an Audience. */
  audienceType: string;
  /** Type token of an AudienceSharing. */
  sharingType: string;
  /** The root Stack's URN (every resource's parent). */
  parent: string;
  /** `urn:pulumi:<stack>::<project>::`. */
  urnPrefix: string;
}

/** The resources the program would register for `stack` in ad account `account`, audiences first. */
export function registrations(stack: StackDecl, account: string, handMadeId: string, template: ProgramTemplate): RegisteredResource[] {
  const urnOf = (type: string, name: string): string => `${template.urnPrefix}${type}::${name}`;
  const resource = (
    type: string,
    name: string,
    inputs: WireMap,
    dependencies: string[],
    outputRefs?: Record<string, OutputRef>,
  ): RegisteredResource => ({
    kind: "register",
    type,
    name,
    urn: urnOf(type, name),
    custom: true,
    inputs,
    options: { ignoreChanges: [], replaceOnChanges: [], dependencies, parent: template.parent, additionalSecretOutputs: [] },
    ...(outputRefs ? { outputRefs } : {}),
  });
  const out: RegisteredResource[] = [];
  for (const slot of stack.audiences) {
    if (!slot) continue;
    const { decl } = slot;
    const inputs: WireMap = {
      __provider: template.audienceProvider,
      adAccountId: account,
      name: decl.name,
      audienceType: decl.audienceType,
      rule: declaredRule(decl, handMadeId),
    };
    if (decl.description !== undefined) inputs.description = decl.description;
    out.push(resource(template.audienceType, slot.resourceName, inputs, []));
  }
  for (const slot of stack.sharings) {
    if (!slot) continue;
    const { decl } = slot;
    const inputs: WireMap = { __provider: template.sharingProvider, adAccountId: account };
    if (decl.adAccounts !== undefined) inputs.recipientAdAccountIds = [...decl.adAccounts];
    if (decl.businesses !== undefined) inputs.recipientBusinessIds = [...decl.businesses];
    if (decl.target === "hand-made") {
      out.push(resource(template.sharingType, slot.resourceName, { ...inputs, audienceId: handMadeId }, []));
      continue;
    }
    // As a program that shares `audience.id` only while that audience is declared.
    const audience = stack.audiences[decl.target];
    if (!audience) continue;
    const audienceUrn = urnOf(template.audienceType, audience.resourceName);
    out.push(resource(template.sharingType, slot.resourceName, inputs, [audienceUrn], { audienceId: { urn: audienceUrn, output: "id" } }));
  }
  return out;
}

/** Pulumi type token of a registration: which of the two resource types it is. */
export function isSharingType(type: string): boolean {
  return type.endsWith(":AudienceSharing");
}
