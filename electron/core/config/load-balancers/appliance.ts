/**
 * One shape for the appliance generators (F5, A10, Citrix): the stricter input checks, the header
 * comment, one file, and the notes every appliance shares followed by its own.
 */
import type { LoadBalancerInput } from './types';
import {
  applianceNotes,
  checkVendorInput,
  headerComment,
  type LoadBalancerConfig,
  type LoadBalancerFileLanguage,
  type PublicEndpoint,
} from './vendor-common';

/** Prefix of every object a generator creates on the appliance. */
export const NAME_PREFIX = 'inedo';

export interface Appliance {
  file: string;
  language: LoadBalancerFileLanguage;
  /** The appliance's comment marker; the header's title and how to apply the file. */
  header: { marker: string; title: string; howTo: string[] };
  /** The configuration below the header. */
  body(pub: PublicEndpoint): string[];
  /** What the admin does for TLS when the public URL is https. */
  tls(pub: PublicEndpoint): string;
  /** This appliance's own notes, after the shared ones. */
  notes?(pub: PublicEndpoint): string[];
}

export function applianceConfig(input: LoadBalancerInput, a: Appliance): LoadBalancerConfig {
  const pub = checkVendorInput(input);
  const content = [...headerComment(input, a.header.marker, a.header.title, a.header.howTo), ...a.body(pub)].join('\n');
  return {
    files: [{ name: a.file, language: a.language, content }],
    notes: [...applianceNotes(input, pub, a.tls(pub)), ...(a.notes?.(pub) ?? [])],
  };
}
