/** Encryption key: present on each node, well formed, and one key for the cluster (fingerprints only). */
import { ENCRYPTION_KEY_PATTERN, keyFingerprint } from '../config/product-config';
import { clusterKey } from '../keys/cluster-key';
import { catalog } from '../../shared/check-catalog';
import { fail, listNames, pass, warn, type Check } from './check';
import { ref, remedy, rerun } from '../../shared/remedy';

export const encryptionChecks: Check[] = [
  {
    ...catalog('encryption.present'), title: 'Encryption key on each server', needs: ['server.product-installed'],
    async run(ctx, id) {
      const c = await ctx.config(id!);
      if (c.error) return fail(`the configuration cannot be read: ${c.error}`, remedy`Fix ${ctx.node(id!).configPath} by hand (or restore it from a backup), then ${rerun}.`);
      const key = c.config?.encryptionKey;
      if (!key) return warn('no encryption key: the product falls back to this machine\'s own key, so users are logged out whenever the load balancer switches server', 'Nothing to do by hand: the wizard writes the cluster\'s key to every server.', { fingerprint: null });
      return pass(keyFingerprint(key), { fingerprint: keyFingerprint(key) });
    },
  },
  {
    ...catalog('encryption.format'), title: 'Encryption key is well formed', needs: ['encryption.present'],
    async run(ctx, id) {
      const key = (await ctx.config(id!)).config?.encryptionKey;
      if (!key) return pass('no key to check (the cluster\'s key will be written)');
      if (!ENCRYPTION_KEY_PATTERN.test(key.trim())) return fail(`key ${keyFingerprint(key)} is not 32 hexadecimal characters`, 'An EncryptionKey is 16 random bytes written as 32 hex characters. If this server has no data of its own, let the wizard replace it; otherwise ask Inedo support before changing it.');
      return pass('32 hexadecimal characters');
    },
  },
  {
    ...catalog('encryption.cluster-key'), title: 'One encryption key for the cluster', needs: ['encryption.present'],
    async run(ctx) {
      const { decision, read, unreadable } = await clusterKey(ctx);
      const missing = unreadable.length ? ` (${listNames(unreadable)} could not be read)` : '';
      if (decision.kind === 'conflict') {
        const detail = Object.entries(decision.fingerprints).map(([fp, ids]) => `${fp} on ${listNames(ids) || 'the profile'}`).join('; ');
        return fail(`${decision.reason}: ${detail}${missing}`, remedy`Decide which key the cluster keeps (the one whose server holds the data you keep), then ${ref('encryption.keep-node')}.`, { decision });
      }
      if (decision.kind === 'generate') return pass(`no server has a key yet: the wizard will generate one and write it to all ${read.length}${missing}`, { decision });
      const changes = decision.nodesToChange.length ? `; it will be written to ${listNames(decision.nodesToChange)}` : '; every server already has it';
      const detail = `keeping ${decision.fingerprint} (${decision.reason}${decision.fromNodes.length ? `, from ${listNames(decision.fromNodes)}` : ''})${changes}${missing}`;
      if (decision.discards.length) return warn(`${detail}. Replaced: ${decision.discards.join(', ')}`, 'Secrets that the replaced keys protected (stored credentials on those servers\' own databases) become unreadable; they are not part of the cluster\'s data.', { decision });
      return pass(detail, { decision });
    },
  },
];
