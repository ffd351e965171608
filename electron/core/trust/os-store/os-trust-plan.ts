import { join } from 'node:path';
import { type Message, msg } from '../../../../shared/message';
import type { PlanStep } from '../../../../shared/plan';
import type { ExpectedBefore } from '../../../../shared/privileged';
import { DocksideError } from '../../errors';
import type { FileState } from '../../platform/file-state';
import { caSummaryOf } from '../trust-plan';
import { policeCaPem } from '../police-ca-pem';
import { anchorFileName, caDigests } from './anchor-name';
import { type OsTrustRecord, parseOsTrustRecord, serializeOsTrustRecord } from './os-trust-record';
import type { AnchorChange, OsTrustStore } from './store';

export interface OsTrustIntent {
  trust: readonly { host: string; caPem: string }[];
  untrust: readonly string[];
}

export interface OsTrustPlan {
  /** The os-ca and record files, then the refresh and the verifications; empty when nothing changes. */
  steps: PlanStep[];
  /** Every file read, as found: what the elevated side must find too. */
  expectedBefore: Required<Pick<ExpectedBefore, 'osAnchors' | 'osTrustRecord'>>;
  warnings: Message[];
}

/**
 * The OS trust store part of a change, computed the same way by the preview and by the
 * elevated process (from the files as each finds them): one anchor file per CA, shared by every
 * registry of that CA; a removal takes the file away only when Dockside created it and no other
 * registry still needs it, as root's record says.
 */
export async function planOsTrust(
  store: OsTrustStore,
  recordPath: string,
  intent: OsTrustIntent,
  read: (path: string) => Promise<FileState | null>,
): Promise<OsTrustPlan> {
  const recordState = await read(recordPath);
  const before = parseOsTrustRecord(recordState, recordPath);
  const record: OsTrustRecord = structuredClone(before);
  const expectedBefore: OsTrustPlan['expectedBefore'] = { osAnchors: {}, osTrustRecord: recordState?.sha256 ?? null };
  const warnings: Message[] = [];
  const files: PlanStep[] = [];
  const changes: AnchorChange[] = [];
  const checks: PlanStep[] = [];
  const anchor = async (name: string): Promise<FileState | null> => {
    const state = await read(join(store.anchorsDir, name));
    expectedBefore.osAnchors[name] = state?.sha256 ?? null;
    return state;
  };

  for (const { host, caPem } of intent.trust) {
    const policed = policeCaPem(caPem, host);
    if (policed.certificates.length !== 1) throw new DocksideError('os-store-one-certificate', 'tls.error.os-store.one-certificate', { registry: host, total: policed.certificates.length });
    const digests = caDigests(caPem);
    const name = anchorFileName(digests.sha256);
    const path = join(store.anchorsDir, name);
    const current = await anchor(name);
    const entry = record.anchors[name];
    let created = entry?.created ?? false;
    if (current === null) {
      files.push({ type: 'write-file', role: 'os-ca', path, content: caPem, mode: 0o644, beforeSha256: null, ...caSummaryOf(caPem, host) });
      changes.push({ path, before: null, after: caPem });
      created = true;
    } else if (fingerprintOf(current) !== digests.sha256) {
      throw new DocksideError('os-store-anchor-conflict', 'tls.error.os-store.anchor-conflict', { path, registry: host });
    } else if (entry === undefined) {
      warnings.push(msg('tls.os-store.warning.already-there', { path }));
    }
    record.anchors[name] = { sha256: digests.sha256, created, registries: [...new Set([...(entry?.registries ?? []), host])].sort() };
    if (current === null || entry === undefined || !entry.registries.includes(host)) checks.push({ type: 'verify-os-trust', host, ...digests, trusted: true });
  }

  for (const host of intent.untrust) {
    const names = Object.keys(record.anchors).filter((name) => record.anchors[name]?.registries.includes(host));
    if (names.length === 0) throw new DocksideError('os-store-not-trusted', 'tls.error.os-store.not-trusted', { registry: host });
    for (const name of names) {
      const entry = record.anchors[name];
      if (entry === undefined) continue;
      const registries = entry.registries.filter((registry) => registry !== host);
      const path = join(store.anchorsDir, name);
      if (registries.length > 0) {
        record.anchors[name] = { ...entry, registries };
        warnings.push(msg('tls.os-store.warning.still-needed', { path, registries: registries.join(', ') }));
        continue;
      }
      delete record.anchors[name];
      const current = await anchor(name);
      if (!entry.created) {
        warnings.push(msg('tls.os-store.warning.kept-not-ours', { path }));
        continue;
      }
      if (current === null) continue;
      const text = current.bytes.toString('utf8');
      files.push({ type: 'remove-file', role: 'os-ca', path, beforeSha256: current.sha256, ...caSummaryOf(text, host) });
      changes.push({ path, before: text, after: null });
      const digests = safeDigests(text);
      if (digests !== null) checks.push({ type: 'verify-os-trust', host: null, ...digests, trusted: false });
    }
  }

  const recordText = serializeOsTrustRecord(record);
  if (recordState === null ? Object.keys(record.anchors).length > 0 : recordText !== recordState.bytes.toString('utf8')) {
    files.push({ type: 'write-file', role: 'os-trust-record', path: recordPath, content: recordText, mode: 0o644, beforeSha256: recordState?.sha256 ?? null });
  }
  const refresh: PlanStep[] = changes.length === 0 ? [] : [refreshStep(store, changes)];
  return { steps: files.length === 0 ? [] : [...files, ...refresh, ...checks], expectedBefore, warnings };
}

export function refreshStep(store: OsTrustStore, changes: readonly AnchorChange[]): PlanStep {
  return { type: 'refresh-os-trust', store: store.kind, commands: store.refreshCommands(changes) };
}

function fingerprintOf(state: FileState): string | null {
  return safeDigests(state.bytes.toString('utf8'))?.sha256 ?? null;
}

function safeDigests(pem: string): { sha256: string; sha1: string } | null {
  try {
    return caDigests(pem);
  } catch {
    return null;
  }
}
