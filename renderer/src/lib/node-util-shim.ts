/**
 * The renderer's stand-in for `node:util` (electron.vite.config.ts aliases it here). The one library
 * that asks for it, @tediousjs/connection-string, reads only `inspect.custom`, to name the method Node's
 * console uses to print its objects; the symbol is the one Node registers, so nothing else changes.
 */
export const inspect = { custom: Symbol.for('nodejs.util.inspect.custom') };
export default { inspect };
