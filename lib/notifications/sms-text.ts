// SMS length and encoding. A message is sent as GSM-7 (160 characters in one segment, 153 per
// segment when concatenated) only if every character is in the GSM 03.38 alphabet; one other
// character (a curly quote, an emoji) switches the whole message to UCS-2 (70, or 67 per
// segment). Carriers bill per segment and some drop long concatenations, so Bursar normalises
// typographic characters to their GSM forms and caps a message at a few segments.

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// Characters of the extension table cost two septets (escape + code).
const GSM_EXTENDED = '^{}\\[~]|€\f';
const gsmBasic = new Set(GSM_BASIC);
const gsmExtended = new Set(GSM_EXTENDED);

const TYPOGRAPHIC: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u2033': '"',
  '\u2013': '-', '\u2014': '-', '\u2212': '-',
  '\u2026': '...',
  '\u00A0': ' ', '\u2009': ' ', '\u202F': ' ',
};

export type SmsEncoding = 'GSM-7' | 'UCS-2';
export type SmsText = { text: string; encoding: SmsEncoding; units: number; segments: number; truncated: boolean };

/** Replaces typographic punctuation that has a GSM-7 equivalent. */
export function normalizeSmsText(text: string): string {
  return text.replace(/[\u2018\u2019\u201A\u2032\u201C\u201D\u201E\u2033\u2013\u2014\u2212\u2026\u00A0\u2009\u202F]/g, (c) => TYPOGRAPHIC[c] ?? c);
}

export function measureSms(text: string): { encoding: SmsEncoding; units: number; segments: number } {
  let septets = 0;
  for (const char of text) {
    if (gsmBasic.has(char)) septets += 1;
    else if (gsmExtended.has(char)) septets += 2;
    else {
      // UCS-2 counts UTF-16 code units: an emoji outside the BMP takes two.
      const units = text.length;
      return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

/** Longest message Bursar sends, in segments. */
export const MAX_SMS_SEGMENTS = 3;

/**
 * Normalises and measures a message, shortening its prose (never a trailing link) with an
 * ellipsis when it would need more than `maxSegments` segments.
 */
export function prepareSms(raw: string, maxSegments = MAX_SMS_SEGMENTS): SmsText {
  const text = normalizeSmsText(raw).trim();
  const measured = measureSms(text);
  if (measured.segments <= maxSegments) return { text, ...measured, truncated: false };

  const link = /\s(https?:\/\/\S+)$/.exec(text);
  const tail = link ? ` ${link[1]}` : '';
  // Shorten by whole code points (never splitting a surrogate pair) until it fits.
  let chars = Array.from(link ? text.slice(0, link.index) : text);
  for (;;) {
    const candidate = `${chars.join('').trimEnd()}...${tail}`;
    const fit = measureSms(candidate);
    if (fit.segments <= maxSegments || chars.length === 0) return { text: candidate, ...fit, truncated: true };
    // Cut in larger steps while far from the limit.
    chars = chars.slice(0, Math.max(0, chars.length - Math.max(1, Math.floor(chars.length / 20))));
  }
}
