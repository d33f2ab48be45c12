/**
 * Seeding the emulator with declaration files (the GitOps layout `pinterest-audiences import` writes): each valid
 * declaration becomes an audience, as if it had been made in Ads Manager, so a stack can be tried against it. A
 * declaration's `sharedWith` is shared by hand too, as a person in Ads Manager would.
 */
import { formatFailures, loadDeclarations, type SharedWith } from "../provider/declarations";
import { toCreateRequest } from "../provider/audience/model";
import type { Emulator } from "../emulator/emulator";

/** One audience made from a declaration file. */
export interface SeededAudience {
  /** The declaration's resource name (its file's base name). */
  resourceName: string;
  /** The id the emulator gave the audience. */
  id: string;
  /** Who it was shared with, when the declaration says so (its `sharedWith`). */
  sharedWith?: SharedWith;
}

/**
 * Creates an audience for every declaration in `paths` (files or folders, YAML or JSON). Every file is checked
 * first: when any is invalid it throws with every problem as `file:line: property: reason` and creates nothing.
 * An `importId` is not kept (the emulator gives new ids); the ids made are returned. Each declaration's `sharedWith`
 * is shared by hand once its audience exists (`shareByHand`: no hierarchy check, nothing counted).
 */
export function seedDeclarations(emulator: Emulator, paths: string[]): SeededAudience[] {
  const loaded = loadDeclarations(paths);
  const problems = formatFailures(loaded);
  if (problems.length > 0) throw new Error(`Cannot seed the emulator: ${problems.length} problem(s) in the declarations:\n${problems.join("\n")}`);
  return loaded.map(({ resourceName, declaration }): SeededAudience => {
    const { id } = emulator.seedAudience(declaration.adAccountId, toCreateRequest(declaration));
    const { sharedWith } = declaration;
    if (sharedWith === undefined) return { resourceName, id };
    emulator.shareByHand(declaration.adAccountId, id, sharedWith);
    return { resourceName, id, sharedWith };
  });
}
