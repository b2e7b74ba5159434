/**
 * A failed connection in an admin's words. Node gives an errno (ECONNREFUSED, ENOTFOUND...), bash's
 * /dev/tcp and .NET give their own messages; all of them are read here into one kind and one sentence,
 * so no surface shows a bare code or "Invalid argument" (what bash says after it failed to resolve a name).
 */

export type NetworkFailure = 'dns' | 'dns-timeout' | 'refused' | 'timeout' | 'no-route' | 'reset' | 'other';

const BY_CODE: Record<string, NetworkFailure> = {
  ENOTFOUND: 'dns', EINSTLOOKUP: 'dns', EAI_NONAME: 'dns', EAI_AGAIN: 'dns-timeout',
  ECONNREFUSED: 'refused', ETIMEDOUT: 'timeout', ETIMEOUT: 'timeout',
  EHOSTUNREACH: 'no-route', ENETUNREACH: 'no-route', EHOSTDOWN: 'no-route', ENETDOWN: 'no-route',
  ECONNRESET: 'reset', EPIPE: 'reset', ECONNABORTED: 'reset',
};

// Messages of bash (glibc's strerror and gai_strerror) and of .NET's SocketException, most specific first.
const BY_MESSAGE: [RegExp, NetworkFailure][] = [
  [/Temporary failure in name resolution|temporary error during hostname resolution/i, 'dns-timeout'],
  [/Name or service not known|No such host is known|nodename nor servname|No address associated with hostname|Unknown host/i, 'dns'],
  [/Connection refused|actively refused/i, 'refused'],
  [/timed out|did not properly respond/i, 'timeout'],
  [/No route to host|Network is unreachable|host is unreachable|network is down|host is down/i, 'no-route'],
  [/Connection reset|forcibly closed|Broken pipe|aborted/i, 'reset'],
];

/** The kind of a failure from its errno and/or its message. */
export function networkFailureOf(code: string | undefined, message = ''): NetworkFailure {
  if (code && BY_CODE[code]) return BY_CODE[code];
  for (const [re, kind] of BY_MESSAGE) if (re.test(message)) return kind;
  for (const c of Object.keys(BY_CODE)) if (message.includes(c)) return BY_CODE[c]!;
  return 'other';
}

/**
 * What happened, as a clause that follows "cannot reach sql01:1433: " (it names no host, so no message
 * says the host twice). `other` keeps the original message: there is nothing better to say.
 */
export function networkFailureText(kind: NetworkFailure, original = ''): string {
  switch (kind) {
    case 'dns': return 'the name cannot be resolved (no DNS entry)';
    case 'dns-timeout': return 'the name could not be resolved: the DNS server did not answer';
    case 'refused': return 'the connection was refused: nothing listens on that port (a stopped service, or another port), or a firewall rejects it';
    case 'timeout': return 'no answer in time: the server is off, or a firewall drops the traffic';
    case 'no-route': return 'no route to the server: it is off, or on a network that cannot be reached from here';
    case 'reset': return 'the server closed the connection at once (reset)';
    case 'other': return original.trim() || 'the connection failed';
  }
}

/** The clause for a caught Node error (with its code in brackets, for searching), or null when it is no network failure. */
export function describeNetworkError(code: string | undefined, message: string): string | null {
  const kind = networkFailureOf(code, message);
  if (kind === 'other') return null;
  const shown = code ?? Object.keys(BY_CODE).find((c) => message.includes(c));
  return `${networkFailureText(kind)}${shown ? ` (${shown})` : ''}`;
}
