/** The installer choices IT departments rely on, pinned so a config edit cannot drop one silently. */
import { describe, expect, it } from 'vitest';
import config, { FILES, isLeftOut, signingRequired } from './electron-builder.config';

describe('electron-builder config', () => {
  it('builds NSIS, MSI and a portable zip for 64-bit Windows', () => {
    const targets = (config.win?.target as { target: string; arch: string[] }[]).map((t) => `${t.target}:${t.arch.join()}`);
    expect(targets).toEqual(['nsis:x64', 'msi:x64', 'zip:x64']);
    expect(config).toMatchObject({ appId: 'com.hawizard.desktop', productName: 'HA Wizard', asar: true, npmRebuild: false });
    expect(config.win?.icon).toBe('build/icons/icon.ico');
  });

  it('NSIS installs per user by default, may elevate for all users, and keeps profiles on uninstall', () => {
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      deleteAppDataOnUninstall: false,
    });
  });

  it('the MSI installs silently for all users, with a fixed upgrade code', () => {
    expect(config.msi).toMatchObject({ oneClick: true, perMachine: true, runAfterFinish: false, upgradeCode: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('registers saved profiles and ships the CLI beside the app', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'hawizard' })]);
    expect(config.extraResources).toEqual([
      { from: 'out/cli/ha-wizard.cjs', to: 'cli/ha-wizard.cjs' },
      { from: 'out/cli/ha-wizard-commands.cjs', to: 'cli/ha-wizard-commands.cjs' },
      { from: 'out/cli/ha-wizard-sqlserver.cjs', to: 'cli/ha-wizard-sqlserver.cjs' },
    ]);
    expect(typeof config.afterPack).toBe('function');
  });

  it('packs only the build output and excludes maps, tests, .env and TypeScript', () => {
    expect(FILES.filter((f) => !f.startsWith('!'))).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'out/cli/**', 'package.json']);
    for (const glob of ['!**/*.map', '!**/*.{test,spec}.*', '!**/{.env,.env.*}', '!**/*.{ts,tsx,mts,cts}']) expect(FILES).toContain(glob);
    expect(FILES.at(-1)).toBe('!**/node_modules/{cpu-features,nan,buildcheck,@types,undici-types}{,/**}');
    expect([isLeftOut('@types/node'), isLeftOut('nan'), isLeftOut('ssh2'), isLeftOut('@typespec/ts-http-runtime')]).toEqual([true, true, false, false]);
  });

  it('signs when a certificate is given but requires one only when a release asks', () => {
    expect(signingRequired({})).toBe(false);
    expect(signingRequired({ CSC_LINK: 'cert.pfx' })).toBe(false);
    expect(signingRequired({ HA_WIZARD_REQUIRE_SIGNING: '1' })).toBe(true);
  });
});
