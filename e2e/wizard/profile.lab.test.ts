/**
 * Saved profiles, in Chromium, against the real lab: a cluster filled in through the UI (servers
 * connected, database tested, storage with an API key, NGINX) is saved from the top bar; the window is
 * closed and the wizard opened again on the same harness; Open restores every field; and no password
 * or API key is in any file the harness wrote (its profiles, downloads and known hosts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { wizardSuite } from './suite';
import {
  chooseLoadBalancer, generatedConfig, goToStep, next, openSavedProfile, passDatabase, passEncryption, passServers, saveProfile, startNewCluster,
  waitForPage, fillStorage,
} from './wizard-driver';

const lab = inject('lab');
const PROFILE = 'Lab cluster from the UI';
const suite = wizardSuite();

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const value = (scope: Page | Locator, name: string) => scope.getByRole('textbox', { name, exact: true }).inputValue();

describe('saved profiles, in a browser, on the lab', () => {
  it('closing and reopening a saved profile restores every field, and no secret is on disk in clear', async () => {
    const session = await suite.open();
    let page = session.page;
    const db = lab.databases.postgres;
    await startNewCluster(page);
    await passServers(page, lab);
    await passDatabase(page, lab, 'postgres');
    await fillStorage(page, lab.storage.path, lab.apiKey);
    await next(page, 'Encryption key');
    await passEncryption(page);
    await chooseLoadBalancer(page, 'NGINX', lab.loadBalancers.nginx);
    await generatedConfig(page, lab.nodes.map((n) => `${n.address}:${n.webPort}`));

    const said = await saveProfile(page, PROFILE);
    expect(said).toBe(`Saved as “${PROFILE}”. Passwords and keys are kept in memory only: they were not written to disk, and you will type them again after a restart.`);

    // The window closes; the wizard opens again on the same harness, at Welcome.
    await page.close();
    page = await session.newPage();
    await waitForPage(page, 'Make one cluster of several servers');
    await openSavedProfile(page, PROFILE);
    expect(await page.getByRole('banner').textContent()).toContain(PROFILE);

    // Servers: every card as typed, its accepted host key pinned.
    for (const n of lab.nodes) {
      const card = page.getByTestId(`node-card-${n.name}`);
      expect(await card.textContent()).toContain(`${n.user}@${n.address}:${n.sshPort} · Linux / Docker · private key`);
      await card.getByRole('button', { name: `Edit ${n.name}` }).click();
      expect({
        host: await value(card, 'Host name or IP address'), port: await value(card, 'SSH port'), user: await value(card, 'User'),
        linux: await card.getByRole('radio', { name: 'Linux / Docker' }).isChecked(), key: await card.getByRole('radio', { name: 'Private key' }).isChecked(),
        keyPath: await value(card, 'Private key file'), configPath: await value(card, 'Environment file (the product’s configuration)'),
        serviceCommand: await value(card, 'Service command'),
      }).toEqual({
        host: n.address, port: String(n.sshPort), user: n.user, linux: true, key: true, keyPath: n.privateKeyPath, configPath: n.configPath, serviceCommand: n.serviceCommand,
      });
      await card.getByRole('button', { name: 'Advanced' }).click();
      expect(await value(card, 'Name in the wizard')).toBe(n.name);
      expect(await value(card, 'Trusted host key')).toBe(n.hostKeyFingerprint);
      await card.getByRole('button', { name: 'Done' }).click();
    }

    // Database: kind, every builder field, the string, and the password (kept in the harness's memory).
    await goToStep(page, 'Database');
    await waitForPage(page, 'Database');
    expect(await page.getByRole('radio', { name: 'PostgreSQL / InedoDB', exact: true }).isChecked()).toBe(true);
    expect({
      server: await value(page, 'Server'), port: await value(page, 'Port'), database: await value(page, 'Database'), user: await value(page, 'User name'),
      connectionString: await value(page, 'Connection string'), password: await value(page, 'Password'),
    }).toEqual({
      server: db.host, port: String(db.port), database: db.database, user: db.user,
      connectionString: `Server=${db.host};Port=${db.port};Database=${db.database};User Id=${db.user}`, password: db.password,
    });

    // Shared storage: the path and the API key.
    await goToStep(page, 'Shared storage');
    await waitForPage(page, 'Shared storage');
    expect(await value(page, 'Shared storage path')).toBe(lab.storage.path);
    expect(await page.getByRole('switch', { name: /^Let the wizard set/ }).isChecked()).toBe(true);
    expect(await value(page, 'API key')).toBe(lab.apiKey);
    // The admin's yes to the key over plain http is part of the profile.
    expect(await page.getByRole('checkbox', { name: 'I accept that the API key is sent over plain http' }).isChecked()).toBe(true);

    // Encryption key: still "Decide for me".
    await goToStep(page, 'Encryption key');
    await waitForPage(page, 'Encryption key');
    expect(await page.getByRole('radio', { name: /^Decide for me/ }).isChecked()).toBe(true);

    // Load balancer: NGINX at its address, and its configuration generated again from the profile.
    await goToStep(page, 'Load balancer');
    await waitForPage(page, 'Load balancer');
    expect(((await page.getByRole('combobox', { name: 'Load balancer' }).textContent()) ?? '').trim()).toBe('NGINX');
    expect(await value(page, 'Its address (optional)')).toBe(lab.loadBalancers.nginx);
    expect((await generatedConfig(page, lab.nodes.map((n) => `${n.address}:${n.webPort}`))).name).toMatch(/nginx/i);

    // On disk: the profile is there, with references instead of the secrets; no secret in any file.
    const files = filesUnder(session.dataDir);
    const profileFile = files.find((f) => f.startsWith(path.join(session.dataDir, 'profiles')));
    expect(profileFile).toBeDefined();
    const saved = fs.readFileSync(profileFile!, 'utf8');
    expect(saved).toContain(lab.nodes[0]!.address);
    expect(saved).toContain(lab.storage.path);
    expect(JSON.parse(saved)).toMatchObject({ name: PROFILE, profile: { database: { password: { prompt: 'db' } }, apiKey: { prompt: 'api-key' } } });
    const secrets = { 'database password': db.password, 'API key': lab.apiKey };
    const leaks = files.flatMap((f) => {
      const text = fs.readFileSync(f);
      return Object.entries(secrets).filter(([, v]) => text.includes(v)).map(([k]) => `${k} in ${path.relative(session.dataDir, f)}`);
    });
    expect(leaks).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
