/** One complete D-Bus type of a signature, as a tree (`a{sv}` → a → { → s, v). */
export interface TypeNode {
  code: string;
  children: TypeNode[];
}

const BASIC = new Set(['y', 'b', 'n', 'q', 'i', 'u', 'x', 't', 'd', 'h', 's', 'o', 'g']);
/** The specification's limits: 255 bytes, 32 nested arrays, 32 nested structs. */
const MAX_SIGNATURE = 255;
const MAX_DEPTH = 32;

export class SignatureError extends Error {}

export function isBasicType(code: string): boolean {
  return BASIC.has(code);
}

/** Parses a signature into its complete types; throws SignatureError on anything the spec forbids. */
export function parseSignature(signature: string): TypeNode[] {
  if (signature.length > MAX_SIGNATURE) throw new SignatureError('signature longer than 255 bytes');
  let pos = 0;
  const one = (arrays: number, structs: number): TypeNode => {
    const code = signature[pos];
    if (code === undefined) throw new SignatureError(`incomplete signature "${signature}"`);
    pos += 1;
    if (BASIC.has(code) || code === 'v') return { code, children: [] };
    if (code === 'a') {
      if (arrays >= MAX_DEPTH) throw new SignatureError('arrays nested too deeply');
      if (signature[pos] === '{') {
        pos += 1;
        const key = one(arrays + 1, structs + 1);
        if (!BASIC.has(key.code)) throw new SignatureError('dict key must be a basic type');
        const value = one(arrays + 1, structs + 1);
        if (signature[pos] !== '}')
          throw new SignatureError(`unterminated dict entry in "${signature}"`);
        pos += 1;
        return { code: 'a', children: [{ code: '{', children: [key, value] }] };
      }
      return { code: 'a', children: [one(arrays + 1, structs)] };
    }
    if (code === '(') {
      if (structs >= MAX_DEPTH) throw new SignatureError('structs nested too deeply');
      const children: TypeNode[] = [];
      while (signature[pos] !== ')') {
        if (pos >= signature.length)
          throw new SignatureError(`unterminated struct in "${signature}"`);
        children.push(one(arrays, structs + 1));
      }
      pos += 1;
      if (children.length === 0) throw new SignatureError('empty struct');
      return { code: '(', children };
    }
    throw new SignatureError(`invalid type code "${code}" in "${signature}"`);
  };
  const types: TypeNode[] = [];
  while (pos < signature.length) types.push(one(0, 0));
  return types;
}

/** Writes a type tree back as its signature text. */
export function signatureOf(node: TypeNode): string {
  if (node.code === 'a') {
    const [child] = node.children;
    if (child?.code === '{') return `a{${child.children.map(signatureOf).join('')}}`;
    return `a${child ? signatureOf(child) : ''}`;
  }
  if (node.code === '(') return `(${node.children.map(signatureOf).join('')})`;
  return node.code;
}
