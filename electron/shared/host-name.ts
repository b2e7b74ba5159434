/**
 * One form for a server's address, used everywhere a host is compared or written: profile node ids,
 * pinned and known host keys, URLs, balancer lines, sentinel names. Without it `[fd00::11]` was looked
 * up as a DNS name, and `::ffff:10.0.0.5` missed the key pinned for it.
 */

/** Whether the text is an IPv6 literal (no brackets, no zone id). */
function isIPv6(text: string): boolean {
  return ipv6Literal(text.toLowerCase()) !== null;
}

/** The IPv6 literal in its shortest form, or null: WHATWG URL parsing is the grammar, in Node and the browser alike. */
function ipv6Literal(host: string): string | null {
  if (!host.includes(':') || !/^[0-9a-f:.]+$/.test(host)) return null;
  try {
    return new URL(`http://[${host}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

/**
 * The normalised host: trimmed, lower case, without IPv6 brackets or a DNS name's trailing dot; an
 * IPv6 literal in its shortest form (RFC 5952, as WHATWG URLs write it); an IPv4-mapped IPv6 address
 * (::ffff:10.0.0.5) as the IPv4 address it is. Idempotent.
 */
export function normalizeHost(input: string): string {
  let host = input.trim().toLowerCase();
  // A trailing dot first, so an address written with one (`[::1].`, `::ffff:10.0.0.5.`) is read as the address.
  if (host.endsWith('.') && host.length > 1) host = host.slice(0, -1);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const short = ipv6Literal(host);
  if (short !== null) {
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(short);
    if (!mapped) return short;
    const [hi, lo] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  }
  return host;
}

/** Why a host as typed cannot be a host (null when it can): brackets around anything but IPv6, a stray colon. */
export function hostProblem(input: string): string | null {
  const host = input.trim();
  const bracketed = host.startsWith('[') || host.endsWith(']');
  const inner = bracketed ? host.replace(/^\[|\]$/g, '') : host;
  if (bracketed && !(host.startsWith('[') && host.endsWith(']') && isIPv6(inner))) return 'brackets are only for an IPv6 address, like [fd00::11]';
  if (inner.includes(':') && !isIPv6(inner)) return 'not an IPv6 address; give the port separately, not as host:port';
  if (inner.endsWith('..') || inner.startsWith('.')) return 'not a host name';
  return null;
}

export function isIpv6Host(host: string): boolean {
  return isIPv6(normalizeHost(host));
}

/** The host as a URL or `host:port` needs it: IPv6 in brackets. */
export function hostForUrl(host: string): string {
  const h = normalizeHost(host);
  return isIPv6(h) ? `[${h}]` : h;
}

/** `host:port`, IPv6 bracketed (what OpenSSH, nginx and URLs expect). */
export function hostPort(host: string, port: number): string {
  return `${hostForUrl(host)}:${port}`;
}
