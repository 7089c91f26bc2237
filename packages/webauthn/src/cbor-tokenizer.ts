// A cborg tokenizer for attestation objects that allocates less: the text strings they are made of ("fmt",
// "attStmt", "authData", format names, attStmt members) come from a table of ready tokens instead of being built
// character by character. It changes only how such a token is produced, never which inputs are accepted: every
// other item goes to cborg's own tokenizer, and maps, duplicate keys and trailing bytes are judged by cborg.
import { Token, Tokenizer, Type } from 'cborg';

const KNOWN_TEXT = [
  'fmt',
  'attStmt',
  'authData',
  'none',
  'packed',
  'fido-u2f',
  'tpm',
  'android-key',
  'android-safetynet',
  'apple',
  'compound',
  'alg',
  'sig',
  'x5c',
  'ver',
  'certInfo',
  'pubArea',
  'response',
  'attStmts',
];

/** Ready tokens for each known text string with its UTF-8 bytes (all shorter than 24: a one-byte header). */
const TEXT_TOKENS = KNOWN_TEXT.map((text) => {
  const bytes = Buffer.from(text, 'utf8');
  return { bytes, token: new Token(Type.string, text, 1 + bytes.length) };
});

function knownText(data: Uint8Array, pos: number, length: number): Token | undefined {
  if (pos + 1 + length > data.length) return undefined;
  outer: for (const { bytes, token } of TEXT_TOKENS) {
    if (bytes.length !== length) continue;
    for (let i = 0; i < length; i++) if (data[pos + 1 + i] !== bytes[i]) continue outer;
    return token;
  }
  return undefined;
}

export class KnownTextTokenizer extends Tokenizer {
  override next(): Token {
    const initial = this.data[this._pos];
    // a text string whose length (< 24) is in the initial byte
    if (initial !== undefined && initial >= 0x60 && initial < 0x78) {
      const token = knownText(this.data, this._pos, initial - 0x60);
      if (token) {
        this._pos += token.encodedLength!;
        return token;
      }
    }
    return super.next();
  }
}
