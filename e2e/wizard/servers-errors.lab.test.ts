/**
 * The Servers page's errors where they happen (issue 11, items 1 and 3), in Chromium, against the lab:
 * a port nothing listens on is explained under the SSH port field while the editor is still open (it
 * used to be a bare "Problem" badge until Done); and a server whose host key changed is not a dead end:
 * the admin compares, types the end of the new fingerprint, the wizard connects with it, and the
 * harness's known hosts hold the new key and no longer the old one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { injectFault } from '../lab/faults';
import { faultScope } from '../lab/fault-scope';
import { wizardSuite } from './suite';
import { addServer, fieldMessage, serverEditor, startNewCluster, typeInEditor, until, waitForServersConnected, WAIT } from './wizard-driver';

const lab = inject('lab');
const scope = faultScope();
const suite = wizardSuite({
  beforeCleanup: async () => {
    while (scope.cleanups.length) await scope.cleanups.pop()?.();
  },
});
const node = lab.nodes[0]!;

describe('Servers: errors where they happen, and a changed host key', () => {
  it('a refused port is explained at the port field inside the editor; a changed key is trusted by typing its end', async () => {
    const session = await suite.open();
    const { page } = session;
    await startNewCluster(page);
    await addServer(page, { node }, true);
    const card = page.getByTestId(`node-card-${node.name}`);

    // Nothing listens on port 1 of the node: Connect, with the editor open.
    await card.getByRole('button', { name: `Edit ${node.name}` }).click();
    await typeInEditor(page, 'SSH port', '1');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const connectAgain = page.getByRole('button', { name: 'Connect again' });
    await until(() => connectAgain.isEnabled(), 'the connection run to end', WAIT.run);
    const editor = serverEditor(page);
    expect(await editor.isVisible()).toBe(true);
    const atPort = await fieldMessage(page, editor, 'SSH port');
    expect(atPort).toContain(`${node.address}:1`);
    expect(atPort).toContain('What to do:');
    expect(await fieldMessage(page, editor, 'Host name or IP address')).toBe('');

    // The right port: the unknown key is compared with the lab's and accepted.
    await typeInEditor(page, 'SSH port', String(node.sshPort));
    expect(await fieldMessage(page, editor, 'SSH port')).toBe('');
    await editor.getByRole('button', { name: 'Done' }).click();
    await connectAgain.click();
    const unknown = page.getByRole('dialog', { name: 'Trust this server’s host key?' });
    await unknown.waitFor({ timeout: WAIT.run });
    expect((await unknown.getByTestId('host-key-fingerprint').textContent())?.trim()).toBe(node.hostKeyFingerprint);
    await unknown.getByRole('button', { name: 'Accept' }).click();
    await waitForServersConnected(page, [node]);

    // The node gets a new host key: the card says so and offers a way on.
    const said = await injectFault('host-key', node.name);
    scope.cleanups.push(() => injectFault('host-key', node.name, { clear: true }));
    const newKey = /now (SHA256:\S+)/.exec(said)?.[1] ?? '';
    expect(newKey).toMatch(/^SHA256:/);
    await connectAgain.click();
    await card.getByText('The server’s host key changed').waitFor({ timeout: WAIT.run });
    await card.getByRole('button', { name: 'Compare and decide…' }).click();
    const dialog = page.getByRole('dialog', { name: `The host key of ${node.name} changed` });
    expect((await dialog.getByTestId('changed-key-expected').textContent())?.trim()).toBe(node.hostKeyFingerprint);
    expect((await dialog.getByTestId('changed-key-fingerprint').textContent())?.trim()).toBe(newKey);
    const trust = dialog.getByRole('button', { name: 'Trust the new key' });
    await dialog.getByRole('textbox').fill(node.hostKeyFingerprint.slice(-6));
    expect(await trust.isDisabled()).toBe(true);
    await dialog.getByRole('textbox').fill(newKey.slice(-6));
    await trust.click();
    await dialog.waitFor({ state: 'hidden' });
    await waitForServersConnected(page, [node]);
    expect(await card.getByText('The server’s host key changed').count()).toBe(0);

    // Recorded in the known hosts: the new key, and the old one gone.
    const store = fs.readFileSync(path.join(session.dataDir, 'known_hosts.json'), 'utf8');
    expect(JSON.parse(store)[`${node.address}:${node.sshPort}`]).toMatchObject({ fingerprint: newKey });
    expect(store).not.toContain(node.hostKeyFingerprint);
    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
