import { describe, expect, it } from 'vitest';
import { writeNodeConfig, type DesiredConfig } from './config-writer';
import { parseXmlConfig } from './product-config';
import { ConfigWriteError, lineEndingOf, scanXml } from './xml-config-writer';

const KEY = '0123456789abcdef0123456789abcdef';
const sql = (connectionString: string, encryptionKey = KEY): DesiredConfig => ({ product: 'proget', database: { kind: 'sqlserver', connectionString }, encryptionKey });
const pg = (connectionString: string, encryptionKey = KEY): DesiredConfig => ({ product: 'proget', database: { kind: 'postgres', connectionString }, encryptionKey });
const write = (text: string, d: DesiredConfig) => writeNodeConfig(text, 'xml', d);

describe('scanXml', () => {
  it('finds only the direct children of the root, skipping comments, CDATA, PIs, a DOCTYPE and quoted ">"', () => {
    const text = [
      '\uFEFF<?xml version="1.0"?>',
      '<!DOCTYPE InedoAppConfig [ <!ENTITY gt2 "a>b"> ]>',
      '<!-- <InedoAppConfig><ConnectionString>x</ConnectionString></InedoAppConfig> -->',
      '<InedoAppConfig a="/>" b=\'<X>\'>',
      '  <A x="1>2"/><?pi <ConnectionString>?>',
      '  <B><![CDATA[</B></InedoAppConfig><ConnectionString>]]><ConnectionString>deep</ConnectionString><B/></B>',
      '  <!-- <EncryptionKey/> --><C >text</C >',
      '</InedoAppConfig >',
    ].join('\n');
    const { root, children } = scanXml(text);
    expect(root.name).toBe('InedoAppConfig');
    expect(text.slice(root.endTagStart, root.end)).toBe('</InedoAppConfig >');
    expect(children.map((c) => [c.name, text.slice(c.start, c.end), c.selfClosing])).toEqual([
      ['A', '<A x="1>2"/>', true],
      ['B', '<B><![CDATA[</B></InedoAppConfig><ConnectionString>]]><ConnectionString>deep</ConnectionString><B/></B>', false],
      ['C', '<C >text</C >', false],
    ]);
    const c = children[2]!;
    expect(text.slice(c.startTagEnd, c.endTagStart)).toBe('text');
  });
  it('refuses what it cannot make sense of, with ConfigWriteError', () => {
    for (const bad of ['<A/><B/>', 'text <A/>', '<A><B></A>', '<A><!-- open', '<A x="1>', '']) {
      expect(() => scanXml(bad)).toThrow(ConfigWriteError);
    }
  });
  it('detects the dominant line ending', () => {
    expect(lineEndingOf('a\r\nb\r\nc\n', '\n')).toBe('\r\n');
    expect(lineEndingOf('a\nb\nc\r\n', '\r\n')).toBe('\n');
    expect(lineEndingOf('one line', '\r\n')).toBe('\r\n');
  });
});

describe('setting values', () => {
  it('keeps an element whose value is already the desired one, whatever its entities, CDATA or blanks', () => {
    const cs = 'Server=a;Password=p&w<"\'>';
    for (const content of ['Server=a;Password=p&amp;w&lt;"\'&gt;', '\n    Server=a;Password=p&amp;w&lt;&quot;&apos;&gt;\n  ', '<![CDATA[Server=a;Password=p&w<"\'>]]>']) {
      const text = `<InedoAppConfig>\n  <ConnectionString>${content}</ConnectionString>\n  <EncryptionKey>${KEY}</EncryptionKey>\n</InedoAppConfig>\n`;
      expect(write(text, sql(cs))).toEqual({ text, changed: false });
    }
  });
  it('replaces only the content, keeping the start tag\'s bytes and the end tag', () => {
    const text = `<InedoAppConfig>\n  <ConnectionString  Note='keep "me"' >old</ConnectionString >\n  <EncryptionKey>${KEY}</EncryptionKey>\n</InedoAppConfig>`;
    expect(write(text, sql('Server=b;Password=a&b<c>d')).text).toBe(
      `<InedoAppConfig>\n  <ConnectionString  Note='keep "me"' >Server=b;Password=a&amp;b&lt;c&gt;d</ConnectionString >\n  <EncryptionKey>${KEY}</EncryptionKey>\n</InedoAppConfig>`,
    );
  });
  it('turns a self-closing element into start and end tags', () => {
    const text = '<InedoAppConfig>\n  <ConnectionString>Server=a</ConnectionString>\n  <EncryptionKey />\n</InedoAppConfig>\n';
    expect(write(text, sql('Server=a')).text).toBe(`<InedoAppConfig>\n  <ConnectionString>Server=a</ConnectionString>\n  <EncryptionKey>${KEY}</EncryptionKey>\n</InedoAppConfig>\n`);
  });
  it('writes the key exactly as given (a case change is a change)', () => {
    const text = `<InedoAppConfig><ConnectionString>Server=a</ConnectionString><EncryptionKey>${KEY.toUpperCase()}</EncryptionKey></InedoAppConfig>`;
    const out = write(text, sql('Server=a'));
    expect(out.changed).toBe(true);
    expect(parseXmlConfig(out.text).encryptionKey).toBe(KEY);
  });
  it('leaves a same-named element nested deeper alone', () => {
    const text = `<InedoAppConfig>\n  <Legacy><ConnectionString>Server=legacy</ConnectionString></Legacy>\n  <EncryptionKey>${KEY}</EncryptionKey>\n</InedoAppConfig>\n`;
    expect(write(text, sql('Server=new')).text).toBe(
      `<InedoAppConfig>\n  <Legacy><ConnectionString>Server=legacy</ConnectionString></Legacy>\n  <EncryptionKey>${KEY}</EncryptionKey>\n  <ConnectionString>Server=new</ConnectionString>\n</InedoAppConfig>\n`,
    );
  });
  it('keeps the last of duplicated elements and removes the others', () => {
    const text = `<InedoAppConfig>\n  <ConnectionString>Server=first</ConnectionString>\n  <X/>\n  <ConnectionString>Server=second</ConnectionString>\n  <EncryptionKey>${KEY}</EncryptionKey>\n</InedoAppConfig>\n`;
    expect(write(text, sql('Server=new')).text).toBe(`<InedoAppConfig>\n  <X/>\n  <ConnectionString>Server=new</ConnectionString>\n  <EncryptionKey>${KEY}</EncryptionKey>\n</InedoAppConfig>\n`);
  });
});

describe('PostgreSQL Enabled attribute', () => {
  const doc = (pgTag: string) => `<InedoAppConfig>\r\n  ${pgTag}Host=a</PostgresConnectionString>\r\n  <EncryptionKey>${KEY}</EncryptionKey>\r\n</InedoAppConfig>\r\n`;
  it('forces Enabled="true", keeping quoting and other attributes, adding it when missing', () => {
    expect(write(doc(`<PostgresConnectionString Enabled='False' Timeout="5">`), pg('Host=a')).text).toBe(doc(`<PostgresConnectionString Enabled='true' Timeout="5">`));
    expect(write(doc('<PostgresConnectionString Timeout="5">'), pg('Host=a')).text).toBe(doc('<PostgresConnectionString Enabled="true" Timeout="5">'));
    expect(write(doc('<PostgresConnectionString Note="Enabled=\'false\'">'), pg('Host=a')).text).toBe(doc('<PostgresConnectionString Enabled="true" Note="Enabled=\'false\'">'));
    const already = doc('<PostgresConnectionString Enabled="True">');
    expect(write(already, pg('Host=a'))).toEqual({ text: already, changed: false });
  });
  it('enables and fills a self-closing, disabled element', () => {
    const text = `<InedoAppConfig>\n  <PostgresConnectionString Enabled="false"/>\n  <EncryptionKey>${KEY}</EncryptionKey>\n</InedoAppConfig>\n`;
    expect(write(text, pg('Host=b')).text).toBe(`<InedoAppConfig>\n  <PostgresConnectionString Enabled="true">Host=b</PostgresConnectionString>\n  <EncryptionKey>${KEY}</EncryptionKey>\n</InedoAppConfig>\n`);
  });
});

describe('removing and inserting', () => {
  it('removes an element sharing its line with another without touching that one', () => {
    const text = `<InedoAppConfig>\n  <EncryptionKey>${KEY}</EncryptionKey> <ConnectionString>Server=a</ConnectionString>\n</InedoAppConfig>`;
    expect(write(text, pg('Host=a')).text).toBe(`<InedoAppConfig>\n  <EncryptionKey>${KEY}</EncryptionKey> \n  <PostgresConnectionString Enabled="true">Host=a</PostgresConnectionString>\n</InedoAppConfig>`);
  });
  it('inserts with two spaces when the root has no child on its own line, and the file\'s line ending', () => {
    expect(write('<InedoAppConfig>\n</InedoAppConfig>\n', sql('Server=a')).text).toBe(`<InedoAppConfig>\n  <ConnectionString>Server=a</ConnectionString>\n  <EncryptionKey>${KEY}</EncryptionKey>\n</InedoAppConfig>\n`);
  });
  it('inserts before an end tag that shares its line, and into a self-closing root', () => {
    expect(write('<InedoAppConfig><WebServer Enabled="true"/></InedoAppConfig>', sql('Server=a')).text).toBe(
      `<InedoAppConfig><WebServer Enabled="true"/>\r\n  <ConnectionString>Server=a</ConnectionString>\r\n  <EncryptionKey>${KEY}</EncryptionKey>\r\n</InedoAppConfig>`,
    );
    expect(write('<?xml version="1.0"?>\n<InedoAppConfig />\n', sql('Server=a')).text).toBe(
      `<?xml version="1.0"?>\n<InedoAppConfig>\n  <ConnectionString>Server=a</ConnectionString>\n  <EncryptionKey>${KEY}</EncryptionKey>\n</InedoAppConfig>\n`,
    );
  });
  it('a missing file becomes a complete document with the product\'s default port', () => {
    const out = writeNodeConfig(null, 'xml', { product: 'otter', database: { kind: 'sqlserver', connectionString: 'Server=a' }, encryptionKey: KEY });
    expect(out.changed).toBe(true);
    expect(out.text).toBe(`<?xml version="1.0" encoding="utf-8"?>\r\n<InedoAppConfig>\r\n  <ConnectionString>Server=a</ConnectionString>\r\n  <EncryptionKey>${KEY}</EncryptionKey>\r\n  <WebServer Enabled="true" Urls="http://*:8626" />\r\n</InedoAppConfig>\r\n`);
  });
});
