/**
 * The one table of help links: for each wizard step and product, the Inedo documentation page that
 * explains it. Paths follow the Inedo/inedo-docs repository (a page at `ProGet/installation/x.md` is
 * served at docs.inedo.com/docs/proget/installation/x, as the pages' own links show). The wizard
 * could not browse the site to try them: every entry marked `confirmed: false` is a best guess
 * (the page exists in the docs repository but its address or section was not seen linked), to be
 * checked against the live site; change them here and nowhere else.
 */
import type { ProductId } from './products';
import { isOneOf } from './one-of';

export const DOCS_ORIGIN = 'https://docs.inedo.com';

/** The steps that have a help link (ids as in the renderer's step list). */
export const HELP_STEPS = ['welcome', 'servers', 'database', 'storage', 'encryption', 'load-balancer', 'review', 'apply', 'dashboard'] as const;
export type HelpStep = (typeof HELP_STEPS)[number];

export interface HelpLink {
  url: string;
  /** What the link opens, in words (the link's accessible name says it). */
  title: string;
  /** Seen linked from Inedo's own pages (true), or inferred from the docs repository (false). */
  confirmed: boolean;
}

type Entry = { path: string; title: string; confirmed: boolean };
const page = (path: string, title: string, confirmed: boolean): Entry => ({ path, title, confirmed });

// ProGet's "Load Balancing & Automatic Failover" page and its sections, linked from its own pages.
const PROGET_HA = '/docs/proget/installation/load-balancing-and-automatic-failover';

const TABLE: Record<ProductId, Record<HelpStep, Entry>> = {
  proget: {
    welcome: page(PROGET_HA, 'Load balancing and automatic failover', true),
    servers: page('/docs/proget/installation/installation-guide', 'Installing ProGet on each server', true),
    database: page(`${PROGET_HA}#database-cluster`, 'The shared database', false),
    storage: page(`${PROGET_HA}#shared-storage`, 'Shared storage', false),
    encryption: page('/docs/proget/installation/config-files', 'The configuration file and its encryption key', false),
    'load-balancer': page(`${PROGET_HA}#load-balancer`, 'The load balancer', false),
    review: page(`${PROGET_HA}#ha`, 'Turning on high availability', false),
    apply: page(`${PROGET_HA}#ha`, 'Turning on high availability', false),
    dashboard: page('/docs/proget/installation/diagnostic-center', 'The diagnostic center', false),
  },
  buildmaster: {
    welcome: page('/docs/buildmaster/installation', 'Installing BuildMaster', false),
    servers: page('/docs/buildmaster/installation', 'Installing BuildMaster', false),
    database: page('/docs/buildmaster/installation/config-files', 'The configuration file and its connection string', false),
    storage: page('/docs/buildmaster/installation/architecture', 'BuildMaster\'s architecture', false),
    encryption: page('/docs/buildmaster/installation/config-files', 'The configuration file and its encryption key', false),
    'load-balancer': page('/docs/buildmaster/installation/architecture', 'BuildMaster\'s architecture', false),
    review: page('/docs/buildmaster/installation/architecture', 'BuildMaster\'s architecture', false),
    apply: page('/docs/buildmaster/installation/backing-up', 'Backing up BuildMaster', false),
    dashboard: page('/docs/buildmaster/installation/architecture/service', 'The BuildMaster service', false),
  },
  otter: {
    welcome: page('/docs/otter/installation', 'Installing Otter', false),
    servers: page('/docs/otter/installation/installation-guide', 'Installing Otter on each server', false),
    database: page('/docs/otter/installation/config-files', 'The configuration file and its connection string', false),
    storage: page('/docs/otter/installation/architecture', 'Otter\'s architecture', false),
    encryption: page('/docs/otter/installation/config-files', 'The configuration file and its encryption key', false),
    'load-balancer': page('/docs/otter/installation/architecture', 'Otter\'s architecture', false),
    review: page('/docs/otter/installation/architecture', 'Otter\'s architecture', false),
    apply: page('/docs/otter/installation/backing-up', 'Backing up Otter', false),
    dashboard: page('/docs/otter/installation/diagnostic-center', 'The diagnostic center', false),
  },
};

const isHelpStep = (s: string): s is HelpStep => isOneOf(HELP_STEPS, s);

/** The help link of a step for a product, or null for a step without one. */
export function helpLinkFor(product: ProductId, step: string): HelpLink | null {
  if (!isHelpStep(step)) return null;
  const e = TABLE[product][step];
  return { url: `${DOCS_ORIGIN}${e.path}`, title: e.title, confirmed: e.confirmed };
}
