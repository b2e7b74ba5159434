/**
 * What every wizard spec file sets up: one Chromium for the file, one wizard session per test closed
 * after it, and (for specs that change the lab) every node's own config file put back and running.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { LabDescription } from '../lab/lab-description';
import { ensureRendererBuilt, launchChromium, openWizard, type WizardSession } from './browser';
import { configFiles, restoreLab, type ConfigFiles } from './lab-restore';

export function wizardSuite(o: { restore?: LabDescription; beforeCleanup?: () => Promise<void> } = {}) {
  let browser: Browser | undefined;
  let original: ConfigFiles = {};
  const suite = {
    session: null as WizardSession | null,
    /** The config files as they were before the file's first test. */
    get original(): ConfigFiles {
      return original;
    },
    async open(opts?: Parameters<typeof openWizard>[1]): Promise<WizardSession> {
      suite.session = await openWizard(browser!, opts);
      return suite.session;
    },
  };
  beforeAll(async () => {
    ensureRendererBuilt();
    browser = await launchChromium();
    if (o.restore) original = configFiles();
  });
  afterEach(async () => {
    await o.beforeCleanup?.();
    await suite.session?.close();
    suite.session = null;
    // Whatever the test did, every node gets its own file back and runs it.
    if (o.restore) await restoreLab(o.restore, original);
  });
  afterAll(async () => {
    await suite.session?.close();
    await browser?.close();
  });
  return suite;
}
