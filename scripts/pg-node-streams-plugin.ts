/**
 * An esbuild plugin for bundles that run on Node: pg's stream.js asks, when it loads, whether it runs in
 * a Cloudflare Worker. Without a global `navigator` (Node 20) it asks by building a `Response`, and that
 * first touch of `Response` loads Node's undici: ~35 ms of a 1-node check, spent in the middle of the
 * SSH handshakes (issue 10). Nothing else in HA Wizard uses undici. The bundle takes pg's own Node.js
 * stream functions (net.Socket, tls.connect) directly. If pg's file no longer reads as expected, the
 * build fails rather than quietly bundling something else.
 */
import fs from 'node:fs';
import type { Plugin } from 'esbuild';

const PG_STREAM = /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/;
const PROBE = 'const { getStream, getSecureStream } = getStreamFuncs()';
const NODE_ONLY = 'const { getStream, getSecureStream } = getNodejsStreamFuncs()';

export function nodeOnlyPgStreams(source: string, file = 'pg/lib/stream.js'): string {
  const at = source.indexOf(PROBE);
  if (at < 0 || source.indexOf(PROBE, at + 1) >= 0 || !source.includes('function getNodejsStreamFuncs()')) {
    throw new Error(`${file} no longer reads as expected: review scripts/pg-node-streams-plugin.ts`);
  }
  return source.slice(0, at) + NODE_ONLY + source.slice(at + PROBE.length);
}

export function pgNodeStreamsPlugin(): Plugin {
  return {
    name: 'pg-node-streams',
    setup(b) {
      b.onLoad({ filter: PG_STREAM }, async (args) => ({ contents: nodeOnlyPgStreams(await fs.promises.readFile(args.path, 'utf8'), args.path), loader: 'js' }));
    },
  };
}
