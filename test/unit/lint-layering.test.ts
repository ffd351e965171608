import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The import rules of DESIGN §2, checked through the project's own eslint.config.js.
const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rules', () => {
  it('fails when electron/core imports electron', async () => {
    expect(await restrictedImports('electron/core/runtimes/docker/daemon/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
  });

  it('fails when electron/core imports the main process', async () => {
    expect(await restrictedImports('electron/core/runtimes/docker/daemon/x.ts', "import { registerIpc } from '../../../../main/ipc';\nexport const a = registerIpc;\n")).toHaveLength(1);
  });

  it('lets electron/core import shared/ and node:*', async () => {
    expect(await restrictedImports('electron/core/runtimes/docker/daemon/x.ts', "import { readFile } from 'node:fs/promises';\nimport { ok } from '../../../../../shared/result';\nexport const a = [readFile, ok];\n")).toEqual([]);
  });

  it('lets electron/core import a shared/ module named like a layer (shared/cli.ts), and still not the CLI', async () => {
    expect(await restrictedImports('electron/core/x.ts', "import type { StatusJson } from '../../shared/cli';\nexport type A = StatusJson;\n")).toEqual([]);
    expect(await restrictedImports('electron/core/x.ts', "import { createContext } from '../cli/context';\nexport const a = createContext;\n")).toHaveLength(1);
    expect(await restrictedImports('electron/core/runtimes/docker/daemon/x.ts', "import { runCli } from '../../../../cli';\nexport const a = runCli;\n")).toHaveLength(1);
    expect(await restrictedImports('electron/core/x.ts', "import { runCli } from '../../shared/../electron/cli/index';\nexport const a = runCli;\n")).toHaveLength(1);
  });

  it('fails when the renderer imports node:*, a Node builtin or electron/', async () => {
    expect(await restrictedImports('renderer/src/x.ts', "import { readFile } from 'node:fs';\nexport const a = readFile;\n")).not.toEqual([]);
    expect(await restrictedImports('renderer/src/x.ts', "import { join } from 'path';\nexport const a = join;\n")).not.toEqual([]);
    expect(await restrictedImports('renderer/src/x.ts', "import { dispatch } from '../../electron/main/handlers/dispatch';\nexport const a = dispatch;\n")).not.toEqual([]);
  });

  it('fails when shared/ imports anything but zod and itself', async () => {
    expect(await restrictedImports('shared/x.ts', "import { create } from 'zustand';\nexport const a = create;\n")).not.toEqual([]);
    expect(await restrictedImports('shared/x.ts', "import * as z from 'zod';\nimport { ok } from './result';\nexport const a = [z, ok];\n")).toEqual([]);
  });

  it('bans raw ipcMain outside electron/main/ipc.ts', async () => {
    expect(await restrictedImports('electron/main/window.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n")).toHaveLength(1);
    expect(await restrictedImports('electron/main/ipc.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n")).toEqual([]);
  });
});
