/**
 * The WHATWG URL class exists wherever electron/shared runs (the browser and Node) but in neither of
 * the ES libs its tsconfig allows (no DOM, no Node types). Declared here, for electron/shared alone:
 * only the members shared code uses. The other projects get the full class from DOM or @types/node.
 */
interface URL {
  readonly hostname: string;
  password: string;
  toString(): string;
}
declare const URL: { new (url: string, base?: string): URL; prototype: URL };
