// The digests the post-build steps name and check files by.
import { createHash } from 'node:crypto';

/// A file name's content hash, as Trunk makes them (16 hex digits).
export const contentHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

/// A Subresource Integrity value, as Trunk writes them.
export const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/// A CSP source for an inline script or style.
export const cspHash = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
