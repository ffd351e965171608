import type { X509Certificate } from 'node:crypto';
import { type Message, msg } from '../../shared/message';
import type { TrustAsUser } from '../../shared/trust';
import { restartDockerDesktop } from '../core/runtimes/docker/engine/desktop/desktop-restart';
import { checkEngineTrustsRegistry } from '../core/runtimes/docker/engine/desktop/engine-tls-check';
import { installInUserStore, planUserStore, removeFromUserStore, type UserStoreDeps, userStoreDepsForUser } from '../core/runtimes/docker/engine/desktop/user-store';
import { trustList } from '../core/trust/certs-d';
import { applyNssTrust, type NssDeps, nssDepsForUser, type NssTrustPlan, planNssTrust, removeNssTrust } from '../core/trust/nss/nss-trust';
import type { CliContext } from './context';
import { askLine } from './terminal-prompt';

/**
 * The part of `trust add`/`trust remove` that runs as the user and never elevated, since these
 * stores are the user's own: with `--os-store` the browsers' NSS databases (Firefox and Chromium
 * keep their own CA lists, as mkcert knows), and for Docker Desktop the user's certificate store
 * and the restart that makes its engine read the CA, checked by a TLS request through the engine.
 */
export interface TrustAsUserPlan {
  nss: { deps: NssDeps; plan: NssTrustPlan } | null;
  /** Docker Desktop's: its engine reads the user's store at start. */
  userStore: UserStoreDeps | null;
  desktop: boolean;
}

/** Planned before the confirmation, and said with the preview. */
export async function planTrustAsUser(ctx: CliContext, ca: X509Certificate, options: { osStore: boolean; desktop: boolean }): Promise<TrustAsUserPlan> {
  const { desktop } = options;
  let nss: TrustAsUserPlan['nss'] = null;
  if (options.osStore) {
    const deps = await nssDepsForUser(process.env, ctx.exec);
    nss = { deps, plan: await planNssTrust(ca, deps) };
  }
  const deps = desktop ? userStoreDepsForUser(process.env, ctx.exec) : null;
  // Linux's Docker Desktop reads no user store: ~/.docker/certs.d is all it needs.
  const userStep = deps && planUserStore(ca, deps);
  say(ctx, [...(nss?.plan.steps ?? []), ...(nss?.plan.findings ?? []), ...(userStep ? [userStep] : [])]);
  return { nss, userStore: userStep ? deps : null, desktop };
}

/** After the elevated part applied: each store, then Docker Desktop's restart (asked first) and the engine's own TLS check. */
export async function applyTrustAsUser(ctx: CliContext, ca: X509Certificate, plan: TrustAsUserPlan, registry: string): Promise<TrustAsUser[]> {
  const done: TrustAsUser[] = [];
  if (plan.nss) {
    const applied = await applyNssTrust(ca, plan.nss.plan, plan.nss.deps);
    done.push(...applied.results.map((result) => ({ store: 'nss' as const, state: result.state, message: result.message })));
  }
  if (plan.userStore) done.push({ store: 'user-store', ...(await installInUserStore(ca, plan.userStore)) });
  if (plan.desktop) {
    const restart = await restartDockerDesktop(ctx.target, (question) => ask(ctx, question));
    done.push({ store: 'desktop-restart', state: restart.state, message: restart.message });
    if (restart.state === 'restarted') {
      const check = await checkEngineTrustsRegistry(ctx.target, registry);
      done.push({ store: 'engine-tls', state: check.state, message: check.message });
    }
  }
  say(ctx, done.map((item) => item.message));
  return done;
}

/** A profile's confirmed osTrust, after its plan applied: the browsers' databases, as `trust add --os-store` does (Desktop's restart is the profile's plan's to say). */
export async function addToBrowsersAsUser(ctx: CliContext, ca: X509Certificate): Promise<TrustAsUser[]> {
  const plan = await planTrustAsUser(ctx, ca, { osStore: true, desktop: false });
  return applyTrustAsUser(ctx, ca, plan, '');
}

/**
 * After ca.crt left: the CA leaves the user's stores too, unless another registry's ca.crt still
 * holds it (the stores know a CA, not which registry asked for it).
 */
export async function removeTrustAsUser(ctx: CliContext, ca: X509Certificate | null, options: { osStore: boolean; registry: string }): Promise<TrustAsUser[]> {
  const desktop = ctx.engine.kind === 'desktop';
  if (ca === null || !(options.osStore || desktop)) return [];
  const others = (await trustList(ctx.certsDir)).registries
    .filter((entry) => entry.registry !== options.registry && entry.certificates.some((certificate) => certificate.fingerprintSha256 === ca.fingerprint256))
    .map((entry) => entry.registry);
  if (others.length > 0) {
    const kept: TrustAsUser = { store: options.osStore ? 'nss' : 'user-store', state: 'kept-needed', message: msg('cli.trust.as-user.kept-needed', { registries: others.join(', '), count: others.length }) };
    say(ctx, [kept.message]);
    return [kept];
  }
  const done: TrustAsUser[] = [];
  if (options.osStore) {
    const removed = await removeNssTrust(ca, await nssDepsForUser(process.env, ctx.exec));
    done.push(...removed.map((result) => ({ store: 'nss' as const, state: result.state, message: result.message })));
  }
  const userStore = desktop ? userStoreDepsForUser(process.env, ctx.exec) : null;
  if (userStore && planUserStore(ca, userStore)) done.push({ store: 'user-store', ...(await removeFromUserStore(ca, userStore)) });
  say(ctx, done.map((item) => item.message));
  return done;
}

/** The engine answered but still refuses the CA: the install did not take where Docker looks. */
export function engineStillRefuses(done: readonly TrustAsUser[]): boolean {
  return done.some((item) => item.store === 'engine-tls' && item.state === 'untrusted');
}

/** --yes answers it; otherwise a yes typed at the terminal, and no terminal is a no. */
async function ask(ctx: CliContext, question: Message): Promise<boolean> {
  if (ctx.yes) return true;
  if (!ctx.interactive) return false;
  return /^(y|yes|是)$/i.test((await askLine(ctx.out.t('cli.trust.as-user.question', { question: ctx.out.t(question.code, question.params) }))).trim());
}

function say(ctx: CliContext, messages: readonly Message[]): void {
  for (const message of messages) ctx.out.text(ctx.out.t(message.code, message.params));
}
