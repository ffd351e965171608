import { DocksideError } from '../../errors';
import type { ExecResult } from '../../platform/exec';
import type { OsStoreDeps } from './store';

/** A store's tool may rebuild every certificate link (Java's keystore too): minutes, not seconds. */
const TOOL_TIMEOUT_MS = 300_000;

/** Refuses, before anything is written, when one of the store's tools is not installed. */
export function checkToolsInstalled(tools: readonly { tool: string; package: string }[], deps: OsStoreDeps): void {
  const missing = tools.find(({ tool }) => deps.which(tool) === null);
  if (missing !== undefined) throw new DocksideError('os-store-tool-missing', 'tls.error.os-store.tool-missing', { tool: missing.tool, package: missing.package });
}

/** Runs `tool` by the absolute path root found for it; a missing tool is said with the package that brings it. */
export async function runTool(deps: OsStoreDeps, tool: string, args: readonly string[], packageName: string): Promise<ExecResult> {
  const path = deps.which(tool);
  if (path === null) throw new DocksideError('os-store-tool-missing', 'tls.error.os-store.tool-missing', { tool, package: packageName });
  return deps.exec(path, args, { timeoutMs: TOOL_TIMEOUT_MS });
}

/** A tool's failure, with its own last words quoted (they name the certificate or the keychain, never a secret). */
export function toolFailed(command: readonly string[], result: ExecResult): DocksideError {
  const output = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-4).join('\n');
  return new DocksideError('os-store-command-failed', 'tls.error.os-store.command-failed', { command: command.join(' '), code: result.code, output });
}

/** Runs the tool and refuses unless it exits 0. */
export async function runToolOk(deps: OsStoreDeps, tool: string, args: readonly string[], packageName: string): Promise<ExecResult> {
  const result = await runTool(deps, tool, args, packageName);
  if (result.code !== 0) throw toolFailed([tool, ...args], result);
  return result;
}
