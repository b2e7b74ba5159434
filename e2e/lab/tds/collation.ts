/**
 * The 5-byte TDS COLLATION (MS-TDS 2.2.5.1.2): LCID (20 bits), comparison flags (8 bits) and
 * version (4 bits) in a little-endian 32-bit value, then a SortId that is non-zero only for the
 * legacy SQL_* collations. Clients use it to pick a code page for VARCHAR data; this server only
 * returns NVARCHAR, so a close approximation for uncommon names is enough.
 */

const Flag = { IGNORE_CASE: 0x01, IGNORE_ACCENT: 0x02, IGNORE_KANA: 0x04, IGNORE_WIDTH: 0x08, BINARY: 0x10, BINARY2: 0x20, UTF8: 0x40 } as const;

/** SortIds of the SQL collations products are installed with most often. */
const SQL_SORT_IDS: Record<string, number> = {
  SQL_Latin1_General_CP1_CS_AS: 51,
  SQL_Latin1_General_CP1_CI_AS: 52,
  SQL_Latin1_General_CP1_CI_AI: 54,
  SQL_Latin1_General_CP1250_CI_AS: 82,
  SQL_Latin1_General_CP1251_CI_AS: 106,
};

/** LCIDs of the Windows collation families the lab may name. */
const WINDOWS_LCIDS: Record<string, number> = {
  Latin1_General: 0x0409,
  French: 0x040c,
  German_PhoneBook: 0x10407,
  Cyrillic_General: 0x0419,
  Japanese: 0x0411,
  Chinese_PRC: 0x0804,
  Modern_Spanish: 0x0c0a,
};

const VERSION_BY_SUFFIX: Record<string, number> = { '90': 1, '100': 2, '140': 3 };
const US_ENGLISH = 0x0409;

function suffixFlags(parts: string[]): number {
  if (parts.includes('BIN2')) return Flag.BINARY2;
  if (parts.includes('BIN')) return Flag.BINARY;
  let flags = 0;
  if (!parts.includes('CS')) flags |= Flag.IGNORE_CASE;
  if (parts.includes('AI')) flags |= Flag.IGNORE_ACCENT;
  if (!parts.includes('KS')) flags |= Flag.IGNORE_KANA;
  if (!parts.includes('WS')) flags |= Flag.IGNORE_WIDTH;
  if (parts.includes('UTF8')) flags |= Flag.UTF8;
  return flags;
}

function encode(lcid: number, flags: number, version: number, sortId: number): Buffer {
  const bytes = Buffer.alloc(5);
  // Unsigned shift: the version nibble sits in the top bits of the 32-bit value.
  bytes.writeUInt32LE(((lcid & 0xfffff) | ((flags & 0xff) << 20) | ((version & 0x0f) << 28)) >>> 0, 0);
  bytes.writeUInt8(sortId, 4);
  return bytes;
}

export function collationBytes(name: string): Buffer {
  const sqlSortId = SQL_SORT_IDS[name];
  if (sqlSortId !== undefined) {
    const flags = name.includes('_CS_') ? Flag.IGNORE_KANA | Flag.IGNORE_WIDTH : Flag.IGNORE_CASE | Flag.IGNORE_KANA | Flag.IGNORE_WIDTH;
    return encode(US_ENGLISH, flags, 0, sqlSortId);
  }
  for (const [family, lcid] of Object.entries(WINDOWS_LCIDS)) {
    if (name !== family && !name.startsWith(`${family}_`)) continue;
    const parts = name.slice(family.length + 1).split('_');
    const version = VERSION_BY_SUFFIX[parts[0] ?? ''] ?? 0;
    return encode(lcid, suffixFlags(parts), version, 0);
  }
  return encode(US_ENGLISH, Flag.IGNORE_CASE | Flag.IGNORE_KANA | Flag.IGNORE_WIDTH, 0, 52);
}
