#!/usr/bin/env node
/**
 * Runs the invariant suite (test/invariants/) for as many random sequences as asked, or replays one:
 *
 *   npm run test:invariants -- --runs 2000
 *   npm run test:invariants -- --seed 123 --path 4:1:1 --replay-path FGY:F
 *
 * Options (each also read from its environment variable, which jest passes to the suite):
 *   --runs N          sequences to run (INVARIANT_RUNS; default 50, as in `npm test`)
 *   --seed S          fast-check seed (INVARIANT_SEED; default random here, a fixed one in `npm test`; printed either way)
 *   --path P          the counterexample path a failure printed (INVARIANT_PATH)
 *   --replay-path R   the command replay path a failure printed (INVARIANT_REPLAY_PATH)
 *   --timeout S       the plugin's client timeout in seconds (INVARIANT_TIMEOUT_SECONDS; default 1)
 *   --exclude A,B     commands to leave out (INVARIANT_EXCLUDE), to explore past an open finding they reproduce
 *   --verbose         print every sequence and operation (INVARIANT_VERBOSE=1)
 *
 * Plain JavaScript so that it runs without a build step; jest compiles the suite itself.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

/** Command-line options and the environment variable each sets. */
const OPTIONS = {
  "--runs": "INVARIANT_RUNS",
  "--seed": "INVARIANT_SEED",
  "--path": "INVARIANT_PATH",
  "--replay-path": "INVARIANT_REPLAY_PATH",
  "--timeout": "INVARIANT_TIMEOUT_SECONDS",
  "--exclude": "INVARIANT_EXCLUDE",
};

/** Options whose value is not a number. */
const TEXT_OPTIONS = ["INVARIANT_PATH", "INVARIANT_REPLAY_PATH", "INVARIANT_EXCLUDE"];

/** The environment for jest from the command line; exits with the usage on a bad argument. */
function parse(argv) {
  const env = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.split("=", 2);
    if (flag === "--verbose") {
      env.INVARIANT_VERBOSE = "1";
      continue;
    }
    const name = OPTIONS[flag];
    const value = inline ?? argv[++i];
    if (!name || value === undefined || value === "") {
      process.stderr.write(`Unknown or incomplete option ${arg}. Options: ${Object.keys(OPTIONS).join(", ")}, --verbose.\n`);
      process.exit(2);
    }
    if (!TEXT_OPTIONS.includes(name) && !/^-?\d+(\.\d+)?$/.test(value)) {
      process.stderr.write(`${flag} takes a number, not "${value}".\n`);
      process.exit(2);
    }
    env[name] = value;
  }
  return env;
}

const root = path.resolve(__dirname, "..");
const options = parse(process.argv.slice(2));
// A long run explores: a new seed each time (printed by the suite), unless one is given to replay.
if (options.INVARIANT_SEED === undefined && process.env.INVARIANT_SEED === undefined)
  options.INVARIANT_SEED = String(Math.floor(Math.random() * 2 ** 31));
// Every operation starts a plugin process: Node 22 and later keep its compiled modules here between starts (about a
// quarter off a sequence's time; earlier Nodes ignore it).
const compileCache = { NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? path.join(root, ".tool-cache", "node-compile-cache") };
const result = spawnSync(
  process.execPath,
  [require.resolve("jest/bin/jest", { paths: [root] }), "--runTestsByPath", path.join("test", "invariants", "invariants.test.ts")],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...compileCache, ...options },
  },
);
process.exit(result.status ?? 1);
