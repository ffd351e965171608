import cli from './en/cli.json';
import common from './en/common.json';
import creds from './en/creds.json';
import daemon from './en/daemon.json';
import desktop from './en/desktop.json';
import doctor from './en/doctor.json';
import engine from './en/engine.json';
import nexus from './en/nexus.json';
import plan from './en/plan.json';
import probe from './en/probe.json';
import profile from './en/profile.json';
import tls from './en/tls.json';
import ui from './en/ui.json';

/**
 * Every sentence a user reads, in English: one flat table, a file per namespace (the key's first
 * segment; the UI's own keys are unprefixed). The zh-CN table has exactly the same keys.
 */
export const en = { ...ui, ...common, ...cli, ...desktop, ...doctor, ...tls, ...plan, ...daemon, ...probe, ...nexus, ...profile, ...creds, ...engine };
