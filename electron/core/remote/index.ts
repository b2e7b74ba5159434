/**
 * The remote layer: SSH sessions (one per node per run), host-key trust, and the two command
 * dialects (POSIX quoting, PowerShell with parameters as data). Test fixtures are not exported.
 */
export { POSIX_SCRIPT_COMMAND, posixCommand, posixScript, ShellQuoteError, shQuote } from './posix-dialect';
export { SHA1_HOST_KEY_ALGORITHMS, SHA1_MACS, sha1InUse, sshAlgorithms } from './ssh-algorithms';
export {
  buildPowerShellScript,
  decodeEncodedCommand,
  decodeParamsBlob,
  invocationScript,
  POWERSHELL_EXE_PREFIX,
  powershellCommand,
  PowerShellCommandError,
  powershellInvocation,
  WINDOWS_COMMAND_LINE_LIMIT,
  type PowerShellInvocation,
  type PowerShellParams,
  type PowerShellParamValue,
  type PowerShellScript,
} from './powershell-dialect';
export {
  aclForAccount,
  fileHash,
  inventory,
  POWERSHELL_SCRIPTS,
  readSentinels,
  removeSentinels,
  SENTINEL_PREFIX,
  serviceAction,
  storageProbe,
  testTcp,
  writeSentinel,
} from './powershell-scripts';
export {
  type CommandRunner,
  parsePowerShellOutput,
  PowerShellOutputError,
  PowerShellScriptError,
  runPowerShell,
} from './powershell-results';
export { lintPowerShell, type PowerShellLintIssue } from './powershell-lint';
export {
  fingerprintOf,
  HostKeyPolicy,
  hostKeyId,
  lookupHost,
  parseHostRef,
  keyTypeOf,
  KnownHostsError,
  KnownHostsStore,
  normalizeFingerprint,
  type HostKeyDecision,
  type HostKeyPolicyOptions,
  type HostKeySource,
  type KnownHostEntry,
} from './known-hosts';
export {
  AuthError,
  ConnectError,
  ConnectTimeoutError,
  ExecTimeoutError,
  HostKeyError,
  RemoteError,
  SessionClosedError,
  SftpError,
  type AuthFailureReason,
  type SftpFailure,
} from './remote-errors';
export { resolveAgentPath, WINDOWS_OPENSSH_AGENT_PIPE, type SshAuth } from './ssh-auth';
export { toSftpPath, type RemoteStat } from './sftp-files';
export { openSession, SshSession, type ExecOptions, type ExecResult, type RemoteOs, type SessionOptions } from './ssh-session';
export { PoolClosedError, SessionPool, type NodeConnection, type SessionPoolOptions } from './session-pool';
