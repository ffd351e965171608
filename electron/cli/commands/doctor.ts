import { EXIT } from '../../../shared/cli';
import type { DoctorJson, Finding, LocalizedText } from '../../../shared/doctor';
import { plaintextSecretOf } from '../../core/credentials/config-entries';
import { readDockerConfig } from '../../core/credentials/docker-config';
import { secretLocationOf } from '../../core/credentials/secret-store';
import { gatherEvidence } from '../../core/doctor/gather';
import { DETECTORS } from '../../core/doctor/findings/index';
import { hasErrors, runDoctor } from '../../core/doctor/run-doctor';
import { DocksideError, toErrorValue } from '../../core/errors';
import { registryPaths } from '../../core/trust/inspect-registry';
import type { CliContext } from '../context';
import type { CliMessages } from '../messages';

const DEFAULT_TIMEOUT_MS = 10_000;
/** Distribution's repository name grammar (reference/regexp.go), lower-case path components. */
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export interface DoctorTarget {
  /** host[:port], validated. */
  registry: string;
  repository: string | null;
}

/** `host[:port][/repository]` as the user typed it; a usage error when it is neither. */
export function parseDoctorTarget(input: string, certsDir: string): DoctorTarget {
  const slash = input.indexOf('/');
  const host = slash === -1 ? input : input.slice(0, slash);
  const repository = slash === -1 ? '' : input.slice(slash + 1).replace(/\/+$/, '');
  const { name } = registryPaths(certsDir, host);
  if (repository !== '' && !REPOSITORY.test(repository)) {
    throw new DocksideError('usage', `"${repository}" is not a repository name: lower-case letters, digits and separators (. _ -), in path components like team/app.`);
  }
  return { registry: name.dirName, repository: repository === '' ? null : repository };
}

/** The registry and repository an image reference names, when it names a registry host (`host:5000/team/app:1`); null for a Docker Hub name. */
export function registryOfImage(image: string): { host: string; repository: string } | null {
  const withoutDigest = image.split('@')[0] ?? '';
  const slash = withoutDigest.indexOf('/');
  if (slash === -1) return null;
  const first = withoutDigest.slice(0, slash);
  if (!first.includes('.') && !first.includes(':') && first !== 'localhost') return null;
  const rest = withoutDigest.slice(slash + 1);
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  return { host: first, repository: colon === -1 ? rest : rest.slice(0, colon) };
}

/**
 * `doctor [<host[:port]>[/<repository>]] [--image REF]`: gathers the evidence (the machine, the
 * registry, the configured mirrors), runs every detector, prints each finding with its evidence
 * and fix. Exit 1 when any finding is an error. The push probe uses the credentials Docker would
 * send, read where Docker reads them; they are never printed.
 */
export async function doctorCommand(ctx: CliContext, operand: string | undefined, options: { image?: string }): Promise<number> {
  const fromImage = operand === undefined && options.image ? registryOfImage(options.image) : null;
  const target = operand !== undefined ? parseDoctorTarget(operand, ctx.certsDir) : fromImage ? parseDoctorTarget(`${fromImage.host}/${fromImage.repository}`, ctx.certsDir) : null;
  const skipped: DoctorJson['skipped'] = [];
  const credentials = target && target.repository !== null ? await storedCredentials(ctx, target.registry, skipped) : null;

  const evidence = await gatherEvidence({
    registry: target && { registry: target.registry, repository: target.repository, credentials },
    local: { daemonJsonPath: ctx.daemonJsonPath, certsDir: ctx.certsDir, configDir: ctx.credentials.configDir, engine: ctx.engineControl, target: ctx.target, env: ctx.credentials.env },
    mirrors: true,
    image: options.image ?? null,
    timeoutMs: DEFAULT_TIMEOUT_MS,
  });
  evidence.skipped.unshift(...skipped);
  const result = runDoctor(evidence, DETECTORS);
  ctx.out.document(result);
  printDoctor(ctx.out.messages, result, (line) => ctx.out.text(line));
  return hasErrors(result) ? EXIT.failed : EXIT.ok;
}

/** The user name and password Docker would send to the registry: from its credential helper, else config.json's plaintext entry. */
async function storedCredentials(ctx: CliContext, registry: string, skipped: DoctorJson['skipped']): Promise<{ username: string; password: string } | null> {
  const skip = (reason: string): null => {
    skipped.push({ check: 'credentials', reason });
    return null;
  };
  let config;
  try {
    config = (await readDockerConfig(ctx.credentials.configDir)).config;
  } catch (error) {
    return skip(`config.json could not be read, so Docker's credentials for ${registry} are unknown: ${toErrorValue(error).message}`);
  }
  const location = secretLocationOf(config, registry, ctx.credentials);
  if (location !== null) {
    try {
      const stored = await location.keychain.get(registry);
      return stored ? { username: stored.username, password: stored.secret } : null;
    } catch (error) {
      return skip(`docker-credential-${location.store.helper} could not be asked for ${registry}'s credentials: ${toErrorValue(error).message}`);
    }
  }
  const plain = plaintextSecretOf(config.auths?.[registry]);
  if (plain === 'malformed') return skip(`config.json's "auth" for ${registry} is not base64 of user:password, so Docker cannot use it either.`);
  if (plain === null) return null;
  // An identity token is an OAuth refresh token, not a password: Basic with it proves nothing.
  if (plain.username === '<token>') return skip(`config.json holds an identity token for ${registry}, not a password, so push permission was not checked.`);
  return { username: plain.username, password: plain.secret };
}

/** One block per finding: severity and title, explanation, evidence, fix and its command; then what was not checked. */
export function printDoctor(m: CliMessages, result: DoctorJson, line: (text: string) => void): void {
  const say = (text: LocalizedText): string => (m.lang === 'zh-CN' ? text['zh-CN'] : text.en);
  line(`${m.examined}: ${result.registry ?? m.thisMachine}`);
  if (result.findings.length === 0) line(m.doctorHealthy);
  for (const finding of result.findings) {
    line('');
    line(`[${severityWord(m, finding)}] ${say(finding.title)} (${finding.id})`);
    line(`  ${say(finding.explanation)}`);
    line(`  ${m.evidence}:`);
    for (const item of finding.evidence) line(`    ${item.source}: ${item.detail}`);
    line(`  ${m.fix}: ${say(finding.fix.text)}`);
    if (finding.fix.command) line(`  ${m.runCommand}: ${finding.fix.command}`);
  }
  if (result.skipped.length > 0) {
    line('');
    line(`${m.skippedChecks}:`);
    for (const item of result.skipped) line(`  ${item.check}: ${item.reason}`);
  }
}

function severityWord(m: CliMessages, finding: Finding): string {
  return finding.severity === 'error' ? m.severityError : finding.severity === 'warning' ? m.severityWarning : m.severityInfo;
}
