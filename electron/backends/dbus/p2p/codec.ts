import { parseSignature, signatureOf, SignatureError, type TypeNode } from './signature';

/** A value with its own type, as the `v` type carries it on the wire. */
export class Variant {
  constructor(
    readonly signature: string,
    readonly value: DBusValue,
  ) {}
}

/**
 * A D-Bus value in JavaScript: numbers for y n q i u h d, bigint for x t, boolean for b, string for
 * s o g, Variant for v, an array for arrays and structs; a dict is an array of [key, value] pairs.
 */
export type DBusValue = number | bigint | boolean | string | Variant | DBusValue[];

export class CodecError extends Error {}

/** The specification's limits. */
const MAX_ARRAY_BYTES = 64 * 1024 * 1024;
const MAX_VARIANT_DEPTH = 64;
const OBJECT_PATH = /^\/$|^(\/[A-Za-z0-9_]+)+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function alignmentOf(code: string): number {
  switch (code) {
    case 'y':
    case 'g':
    case 'v':
      return 1;
    case 'n':
    case 'q':
      return 2;
    case 'x':
    case 't':
    case 'd':
    case '(':
    case '{':
      return 8;
    default:
      return 4;
  }
}

export function isObjectPath(path: string): boolean {
  return OBJECT_PATH.test(path);
}

function integer(value: DBusValue, min: number, max: number, code: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new CodecError(`"${code}" needs an integer in ${min}..${max}, got ${describe(value)}`);
  }
  return value;
}

function big(value: DBusValue, min: bigint, max: bigint, code: string): bigint {
  const v = typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
  if (typeof v !== 'bigint' || v < min || v > max) {
    throw new CodecError(`"${code}" needs a 64-bit integer, got ${describe(value)}`);
  }
  return v;
}

function describe(value: DBusValue): string {
  if (value instanceof Variant) return 'a variant';
  if (Array.isArray(value)) return 'an array';
  return `${typeof value} ${String(value)}`;
}

/** Marshals values in little-endian order; `base` is the writer's offset inside the message (alignment counts from the message start). */
export class Writer {
  private buf = Buffer.alloc(256);
  private len = 0;

  constructor(private readonly base = 0) {}

  get length(): number {
    return this.len;
  }

  bytes(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  align(n: number): void {
    const pad = (n - ((this.base + this.len) % n)) % n;
    this.room(pad);
    this.buf.fill(0, this.len, this.len + pad);
    this.len += pad;
  }

  u8(v: number): void {
    this.room(1);
    this.buf.writeUInt8(v, this.len);
    this.len += 1;
  }

  u32(v: number): void {
    this.align(4);
    this.room(4);
    this.buf.writeUInt32LE(v, this.len);
    this.len += 4;
  }

  raw(bytes: Buffer): void {
    this.room(bytes.length);
    bytes.copy(this.buf, this.len);
    this.len += bytes.length;
  }

  private patchU32(at: number, v: number): void {
    this.buf.writeUInt32LE(v, at);
  }

  private text(value: DBusValue, code: string): void {
    if (typeof value !== 'string')
      throw new CodecError(`"${code}" needs a string, got ${describe(value)}`);
    if (value.includes('\0')) throw new CodecError('strings may not contain NUL');
    if (code === 'o' && !isObjectPath(value))
      throw new CodecError(`invalid object path "${value}"`);
    const bytes = Buffer.from(value, 'utf8');
    if (code === 'g') {
      try {
        parseSignature(value);
      } catch (err) {
        throw new CodecError(err instanceof SignatureError ? err.message : 'invalid signature');
      }
      this.u8(bytes.length);
    } else {
      this.u32(bytes.length);
    }
    this.raw(bytes);
    this.u8(0);
  }

  write(node: TypeNode, value: DBusValue): void {
    const { code } = node;
    switch (code) {
      case 'y':
        this.u8(integer(value, 0, 0xff, code));
        return;
      case 'b':
        if (typeof value !== 'boolean')
          throw new CodecError(`"b" needs a boolean, got ${describe(value)}`);
        this.u32(value ? 1 : 0);
        return;
      case 'n':
      case 'q': {
        const v =
          code === 'n' ? integer(value, -0x8000, 0x7fff, code) : integer(value, 0, 0xffff, code);
        this.align(2);
        this.room(2);
        if (code === 'n') this.buf.writeInt16LE(v, this.len);
        else this.buf.writeUInt16LE(v, this.len);
        this.len += 2;
        return;
      }
      case 'i': {
        const v = integer(value, -0x80000000, 0x7fffffff, code);
        this.align(4);
        this.room(4);
        this.buf.writeInt32LE(v, this.len);
        this.len += 4;
        return;
      }
      case 'u':
      case 'h':
        this.u32(integer(value, 0, 0xffffffff, code));
        return;
      case 'x':
      case 't': {
        const v =
          code === 'x'
            ? big(value, -(2n ** 63n), 2n ** 63n - 1n, code)
            : big(value, 0n, 2n ** 64n - 1n, code);
        this.align(8);
        this.room(8);
        if (code === 'x') this.buf.writeBigInt64LE(v, this.len);
        else this.buf.writeBigUInt64LE(v, this.len);
        this.len += 8;
        return;
      }
      case 'd':
        if (typeof value !== 'number')
          throw new CodecError(`"d" needs a number, got ${describe(value)}`);
        this.align(8);
        this.room(8);
        this.buf.writeDoubleLE(value, this.len);
        this.len += 8;
        return;
      case 's':
      case 'o':
      case 'g':
        this.text(value, code);
        return;
      case 'v': {
        if (!(value instanceof Variant))
          throw new CodecError(`"v" needs a Variant, got ${describe(value)}`);
        const types = parseSignature(value.signature);
        const [inner] = types;
        if (types.length !== 1 || !inner)
          throw new CodecError(`a variant holds exactly one type, not "${value.signature}"`);
        this.text(value.signature, 'g');
        this.write(inner, value.value);
        return;
      }
      case 'a': {
        const [element] = node.children;
        if (!element) throw new CodecError('array without element type');
        if (!Array.isArray(value))
          throw new CodecError(`"${signatureOf(node)}" needs an array, got ${describe(value)}`);
        this.u32(0);
        const lengthAt = this.len - 4;
        this.align(alignmentOf(element.code));
        const start = this.len;
        for (const item of value) this.write(element, item);
        const size = this.len - start;
        if (size > MAX_ARRAY_BYTES) throw new CodecError('array longer than 64 MiB');
        this.patchU32(lengthAt, size);
        return;
      }
      case '(':
      case '{': {
        if (!Array.isArray(value) || value.length !== node.children.length) {
          throw new CodecError(
            `"${signatureOf(node)}" needs ${node.children.length} members, got ${describe(value)}`,
          );
        }
        this.align(8);
        node.children.forEach((child, i) => this.write(child, value[i] as DBusValue));
        return;
      }
      default:
        throw new CodecError(`unknown type code "${code}"`);
    }
  }
}

/** Marshals a whole body for `signature`, starting at message offset `base`. */
export function marshal(signature: string, values: readonly DBusValue[], base = 0): Buffer {
  const types = parseSignature(signature);
  if (types.length !== values.length) {
    throw new CodecError(
      `signature "${signature}" has ${types.length} values, got ${values.length}`,
    );
  }
  const writer = new Writer(base);
  types.forEach((type, i) => writer.write(type, values[i] as DBusValue));
  return writer.bytes();
}

/** Reads values from a message buffer; positions are offsets from the message start. */
export class Reader {
  constructor(
    private readonly buf: Buffer,
    private readonly little: boolean,
    public pos: number,
    private readonly end: number,
  ) {}

  private need(n: number): void {
    if (this.pos + n > this.end) throw new CodecError('message is shorter than its contents');
  }

  align(n: number): void {
    const pad = (n - (this.pos % n)) % n;
    this.need(pad);
    this.pos += pad;
  }

  u8(): number {
    this.need(1);
    const v = this.buf.readUInt8(this.pos);
    this.pos += 1;
    return v;
  }

  u32(): number {
    this.align(4);
    this.need(4);
    const v = this.little ? this.buf.readUInt32LE(this.pos) : this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  private text(code: string): string {
    const length = code === 'g' ? this.u8() : this.u32();
    this.need(length + 1);
    const bytes = this.buf.subarray(this.pos, this.pos + length);
    if (this.buf[this.pos + length] !== 0) throw new CodecError('string is not NUL-terminated');
    this.pos += length + 1;
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new CodecError('string is not valid UTF-8');
    }
    if (text.includes('\0')) throw new CodecError('string contains NUL');
    if (code === 'o' && !isObjectPath(text)) throw new CodecError(`invalid object path "${text}"`);
    if (code === 'g') {
      try {
        parseSignature(text);
      } catch {
        throw new CodecError(`invalid signature "${text}"`);
      }
    }
    return text;
  }

  read(node: TypeNode, variantDepth = 0): DBusValue {
    const { code } = node;
    switch (code) {
      case 'y':
        return this.u8();
      case 'b': {
        const v = this.u32();
        if (v > 1) throw new CodecError(`boolean must be 0 or 1, got ${v}`);
        return v === 1;
      }
      case 'n':
      case 'q': {
        this.align(2);
        this.need(2);
        const le = this.little;
        const v =
          code === 'n'
            ? le
              ? this.buf.readInt16LE(this.pos)
              : this.buf.readInt16BE(this.pos)
            : le
              ? this.buf.readUInt16LE(this.pos)
              : this.buf.readUInt16BE(this.pos);
        this.pos += 2;
        return v;
      }
      case 'i': {
        this.align(4);
        this.need(4);
        const v = this.little ? this.buf.readInt32LE(this.pos) : this.buf.readInt32BE(this.pos);
        this.pos += 4;
        return v;
      }
      case 'u':
      case 'h':
        return this.u32();
      case 'x':
      case 't': {
        this.align(8);
        this.need(8);
        const le = this.little;
        const v =
          code === 'x'
            ? le
              ? this.buf.readBigInt64LE(this.pos)
              : this.buf.readBigInt64BE(this.pos)
            : le
              ? this.buf.readBigUInt64LE(this.pos)
              : this.buf.readBigUInt64BE(this.pos);
        this.pos += 8;
        return v;
      }
      case 'd': {
        this.align(8);
        this.need(8);
        const v = this.little ? this.buf.readDoubleLE(this.pos) : this.buf.readDoubleBE(this.pos);
        this.pos += 8;
        return v;
      }
      case 's':
      case 'o':
      case 'g':
        return this.text(code);
      case 'v': {
        if (variantDepth >= MAX_VARIANT_DEPTH) throw new CodecError('variants nested too deeply');
        const signature = this.text('g');
        const types = parseSignature(signature);
        const [inner] = types;
        if (types.length !== 1 || !inner)
          throw new CodecError(`a variant holds exactly one type, not "${signature}"`);
        return new Variant(signature, this.read(inner, variantDepth + 1));
      }
      case 'a': {
        const [element] = node.children;
        if (!element) throw new CodecError('array without element type');
        const size = this.u32();
        if (size > MAX_ARRAY_BYTES) throw new CodecError('array longer than 64 MiB');
        this.align(alignmentOf(element.code));
        const stop = this.pos + size;
        if (stop > this.end) throw new CodecError('array runs past the message end');
        const items: DBusValue[] = [];
        while (this.pos < stop) items.push(this.read(element, variantDepth));
        if (this.pos !== stop) throw new CodecError('array contents do not match its length');
        return items;
      }
      case '(':
      case '{': {
        this.align(8);
        return node.children.map((child) => this.read(child, variantDepth));
      }
      default:
        throw new CodecError(`unknown type code "${code}"`);
    }
  }
}
