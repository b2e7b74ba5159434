/** A bounds-checked cursor over a request payload; a short read throws instead of returning junk. */
export class ByteReader {
  constructor(
    private readonly buffer: Buffer,
    public offset = 0,
  ) {}

  remaining(): number {
    return this.buffer.length - this.offset;
  }

  private need(count: number): void {
    if (this.offset + count > this.buffer.length) {
      throw new Error(`request truncated: needed ${count} bytes at offset ${this.offset} of ${this.buffer.length}`);
    }
  }

  uint8(): number {
    this.need(1);
    const value = this.buffer.readUInt8(this.offset);
    this.offset += 1;
    return value;
  }

  uint16(): number {
    this.need(2);
    const value = this.buffer.readUInt16LE(this.offset);
    this.offset += 2;
    return value;
  }

  uint32(): number {
    this.need(4);
    const value = this.buffer.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  uint64(): bigint {
    this.need(8);
    const value = this.buffer.readBigUInt64LE(this.offset);
    this.offset += 8;
    return value;
  }

  bytes(count: number): Buffer {
    this.need(count);
    const value = this.buffer.subarray(this.offset, this.offset + count);
    this.offset += count;
    return value;
  }

  skip(count: number): void {
    this.need(count);
    this.offset += count;
  }

  /** UCS-2 string with a one-byte character count. */
  bVarchar(): string {
    return this.bytes(this.uint8() * 2).toString('utf16le');
  }

  /** UCS-2 string with a two-byte character count. */
  usVarchar(): string {
    return this.bytes(this.uint16() * 2).toString('utf16le');
  }

  rest(): Buffer {
    return this.bytes(this.remaining());
  }
}
