import type { Catalog } from '../message';
import cli from './zh-CN/cli.json';
import common from './zh-CN/common.json';
import creds from './zh-CN/creds.json';
import daemon from './zh-CN/daemon.json';
import desktop from './zh-CN/desktop.json';
import doctor from './zh-CN/doctor.json';
import engine from './zh-CN/engine.json';
import nexus from './zh-CN/nexus.json';
import plan from './zh-CN/plan.json';
import probe from './zh-CN/probe.json';
import profile from './zh-CN/profile.json';
import tls from './zh-CN/tls.json';
import ui from './zh-CN/ui.json';

/**
 * Every sentence a user reads, in Simplified Chinese: one flat table, a file per namespace (the key's first
 * segment; the UI's own keys are unprefixed). Its keys are exactly the English ones (the catalog check holds them together).
 */
export const zhCN: Catalog = { ...ui, ...common, ...cli, ...desktop, ...doctor, ...tls, ...plan, ...daemon, ...probe, ...nexus, ...profile, ...creds, ...engine };
