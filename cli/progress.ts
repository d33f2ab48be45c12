/** Progress lines on stderr: rewritten in place on a terminal, one line per update otherwise (CI logs). */
import type { TextSink } from "./io";

/** Reports progress of one long step. */
export interface Progress {
  /** Shows the current state of the step. */
  update(message: string): void;
  /** Ends the step (on a terminal, keeps its last line). */
  done(): void;
}

/** A progress reporter writing to `sink`. */
export function progressOn(sink: TextSink): Progress {
  let open = false;
  return {
    update(message) {
      if (sink.isTTY) {
        sink.write(`\r\x1b[2K${message}`);
        open = true;
      } else sink.write(`${message}\n`);
    },
    done() {
      if (open) sink.write("\n");
      open = false;
    },
  };
}
