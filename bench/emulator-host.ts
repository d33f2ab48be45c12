/**
 * An emulator the bench can restart between scenarios without losing its audiences: state in a JSON file,
 * the same port and access token after each restart. A restart empties the rolling rate-limit windows,
 * so each scenario starts as a fresh `pulumi` command's fresh client does, with no earlier requests
 * counted against it, and its counters start at zero.
 */
import * as path from "node:path";
import { startEmulator, type Emulator } from "../emulator";

/** How the bench runs its emulator. */
export interface EmulatorHostOptions {
  /** Folder for the emulator's state file. */
  dir: string;
  /** Latency added to every request, in ms. */
  latencyMs: number;
  /** Requests per rolling minute: ads_read and ads_write. */
  rateLimits: { ads_read: number; ads_write: number };
  /** Name of the state file (default emulator.json). */
  name?: string;
}

/** A restartable emulator. */
export class EmulatorHost {
  private current: Emulator | undefined;
  private port = 0;
  private token: string | undefined;
  /** Number of (re)starts so far. */
  starts = 0;

  /** @param options where the state lives, latency and limits */
  constructor(private readonly options: EmulatorHostOptions) {}

  /** The running emulator (throws before start). */
  get emulator(): Emulator {
    if (!this.current) throw new Error("The bench emulator is not running; call start() first.");
    return this.current;
  }

  /** The stack configuration that points the provider at this emulator. */
  stackConfig(): Record<string, string> {
    return { "pinterest:accessToken": this.emulator.accessToken, "pinterest:apiUrl": this.emulator.url };
  }

  /** Starts the emulator, or restarts it with the same audiences, port and token (fresh rate windows, zero counters). */
  async restart(): Promise<Emulator> {
    if (this.current) await this.current.stop();
    this.current = await startEmulator({
      port: this.port,
      accessToken: this.token,
      latencyMs: this.options.latencyMs,
      rateLimits: this.options.rateLimits,
      statePath: path.join(this.options.dir, this.options.name ?? "emulator.json"),
    });
    this.port = Number(new URL(this.current.url).port);
    this.token = this.current.accessToken;
    this.starts += 1;
    return this.current;
  }

  /** Stops the emulator. */
  async stop(): Promise<void> {
    await this.current?.stop();
    this.current = undefined;
  }
}
