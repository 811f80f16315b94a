/**
 * Attachment checks: a size cap, SHA-256, and the content type sniffed from the bytes. A file whose
 * bytes contradict its declared type is refused — a provider's "PDF" that is really an HTML page
 * or an executable must never reach an investigator's browser as a PDF.
 */
import { createHash } from 'node:crypto';
import { KobanError } from '../errors/catalogue.js';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export const ALLOWED_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/zip',
  'text/csv',
  'text/plain',
] as const;
export type AttachmentType = (typeof ALLOWED_TYPES)[number];

const startsWith = (bytes: Buffer, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** The type the bytes prove, or `text` for valid UTF-8 without control characters, or null. */
export function sniff(bytes: Buffer): AttachmentType | 'text' | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]))
    return 'application/zip';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (!text.includes('\uFFFD') && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) {
    // Markup is refused even as text: it would be one content-type mistake away from running.
    if (/<\s*(!doctype|html|script|svg|iframe)/i.test(text.slice(0, 4096))) return null;
    return 'text';
  }
  return null;
}

export interface CheckedAttachment {
  bytes: Buffer;
  contentType: AttachmentType;
  sha256: string;
  size: number;
}

export function checkAttachment(input: { contentType: string; contentBase64: string }): CheckedAttachment {
  const declared = input.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!(ALLOWED_TYPES as readonly string[]).includes(declared))
    throw new KobanError('unsupported_media_type', `Attachments may be ${ALLOWED_TYPES.join(', ')}`, [
      { field: '/contentType', reason: `not an accepted type: ${declared}` },
    ]);
  if (input.contentBase64.length > Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 4)
    throw new KobanError('payload_too_large', `Attachments are limited to ${MAX_ATTACHMENT_BYTES} bytes`, [
      { field: '/contentBase64', reason: 'too large' },
    ]);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.contentBase64))
    throw new KobanError('validation_failed', 'contentBase64 is not base64', [
      { field: '/contentBase64', reason: 'not base64' },
    ]);
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length === 0)
    throw new KobanError('validation_failed', 'The file is empty', [
      { field: '/contentBase64', reason: 'empty' },
    ]);
  if (bytes.length > MAX_ATTACHMENT_BYTES)
    throw new KobanError('payload_too_large', `Attachments are limited to ${MAX_ATTACHMENT_BYTES} bytes`, [
      { field: '/contentBase64', reason: 'too large' },
    ]);
  const sniffed = sniff(bytes);
  const matches =
    sniffed === declared || (sniffed === 'text' && (declared === 'text/csv' || declared === 'text/plain'));
  if (!matches)
    throw new KobanError(
      'attachment_type_mismatch',
      `The file's bytes are ${sniffed ?? 'not an accepted type'}, not ${declared}`,
      [{ field: '/contentType', reason: `declared ${declared}, bytes are ${sniffed ?? 'unrecognised'}` }],
    );
  return {
    bytes,
    contentType: declared as AttachmentType,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
  };
}
