/** `pinterest-audiences emulator`: the local Pinterest audiences API, to try declarations without an ad account. */
import { run } from "./emulator-main";
import { EXIT, type CliIo } from "./io";

/** Runs the emulator until SIGINT or SIGTERM; resolves to the exit code (at once for `--help`). */
export async function emulatorCommand(argv: string[], io: CliIo): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    run(argv, {
      print: (line) => io.stdout.write(`${line}\n`),
      onSignal: (signal, handler) => process.once(signal, handler),
      exit: (code) => resolve(code),
    }).then((em) => {
      if (em === undefined) resolve(EXIT.ok);
    }, reject);
  });
}
