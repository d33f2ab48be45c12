/**
 * The harness's state file: a small stand-in for a Pulumi checkpoint. Like the engine, the
 * harness rewrites it after every step; like the passphrase secrets provider, it never holds a
 * secret in clear text: secret values are stored as `{[SIG_KEY]: SECRET_SIG, ciphertext}`,
 * AES-256-GCM with a key derived (scrypt) from a passphrase and the file's salt.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { isSecret, SECRET_SIG, SIG_KEY, WireMap, WireValue } from "./wire";

/** One resource in the state, with values in wire form (secrets as plain secret wrappers in memory). */
export interface StateResource {
  /** The resource's URN. */
  urn: string;
  /** Its type token, e.g. `pulumi-nodejs:dynamic:Resource`. */
  type: string;
  /** Its logical name. */
  name: string;
  /** The provider-assigned id. */
  id: string;
  /** The checked inputs, `__provider` included. */
  inputs: WireMap;
  /** The outputs returned by the provider, `__provider` included. */
  outputs: WireMap;
  /** URNs this resource depends on. */
  dependencies: string[];
  /** Read with `Resource.get`: not managed, never deleted through the provider. */
  external?: boolean;
  /** Reasons of a partial failure (a Create that failed after the resource came to exist). */
  initErrors?: string[];
  /** Set by the `protect` option: deleting fails. */
  protect?: boolean;
  /** Set by the `retainOnDelete` option: deleting only drops it from the state. */
  retainOnDelete?: boolean;
  /** A replaced resource waiting for its deletion at the end of `up`. */
  pendingDelete?: boolean;
}

/** The state file's content. */
export interface StateFile {
  /** Format version of this harness's state file. */
  version: 1;
  /** Base64 salt of the secrets key. */
  salt: string;
  /** Resources in the order they were recorded. */
  resources: StateResource[];
}

/** Reads and writes one state file, encrypting secrets at rest. */
export class StateStore {
  private readonly key: Buffer;
  private readonly salt: string;

  /**
   * @param statePath where the state lives (created on first write)
   * @param passphrase derives the key that encrypts secret values
   */
  constructor(
    readonly statePath: string,
    passphrase: string,
  ) {
    const existing = fs.existsSync(statePath) ? (JSON.parse(fs.readFileSync(statePath, "utf8")) as StateFile) : undefined;
    this.salt = existing?.salt ?? crypto.randomBytes(16).toString("base64");
    this.key = crypto.scryptSync(passphrase, Buffer.from(this.salt, "base64"), 32);
  }

  /** The resources currently recorded (secrets decrypted to secret wrappers); [] when there is no file. */
  load(): StateResource[] {
    if (!fs.existsSync(this.statePath)) return [];
    const file = JSON.parse(fs.readFileSync(this.statePath, "utf8")) as StateFile;
    return file.resources.map((r) => ({ ...r, inputs: this.decrypt(r.inputs) as WireMap, outputs: this.decrypt(r.outputs) as WireMap }));
  }

  /** Writes the whole state, as the engine writes a checkpoint after each step. */
  save(resources: StateResource[]): void {
    const file: StateFile = {
      version: 1,
      salt: this.salt,
      resources: resources.map((r) => ({ ...r, inputs: this.encrypt(r.inputs) as WireMap, outputs: this.encrypt(r.outputs) as WireMap })),
    };
    fs.mkdirSync(path.dirname(this.statePath), { recursive: true });
    const tmp = `${this.statePath}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(file, null, 2));
    fs.renameSync(tmp, this.statePath);
  }

  private encrypt(v: WireValue): WireValue {
    if (isSecret(v)) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(v.value ?? null), "utf8"), cipher.final()]);
      const ciphertext = Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
      return { [SIG_KEY]: SECRET_SIG, ciphertext };
    }
    if (Array.isArray(v)) return v.map((e) => this.encrypt(e));
    if (v !== null && typeof v === "object")
      return Object.fromEntries(Object.entries(v as Record<string, WireValue>).map(([k, e]) => [k, this.encrypt(e)]));
    return v;
  }

  private decrypt(v: WireValue): WireValue {
    if (isSecret(v) && typeof v.ciphertext === "string") {
      const raw = Buffer.from(v.ciphertext, "base64");
      const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
      return { [SIG_KEY]: SECRET_SIG, value: JSON.parse(plain) as WireValue };
    }
    if (Array.isArray(v)) return v.map((e) => this.decrypt(e));
    if (v !== null && typeof v === "object")
      return Object.fromEntries(Object.entries(v as Record<string, WireValue>).map(([k, e]) => [k, this.decrypt(e)]));
    return v;
  }
}
