// Files the engine wrote for the analyst (predictions, exports) reach a browser-mode page as a
// download: `offer` makes a one-time link with an unguessable ticket that expires; the file is
// streamed from disk, never read whole.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';

const PREFIX = '/download/';
const TICKET_MS = 5 * 60 * 1000;

interface Offer {
  file: string;
  fileName: string;
  expires: number;
}

export class Downloads {
  private readonly offers = new Map<string, Offer>();

  offer(file: string, fileName: string): string {
    this.sweep();
    const ticket = randomBytes(24).toString('base64url');
    this.offers.set(ticket, { file, fileName, expires: Date.now() + TICKET_MS });
    return `${PREFIX}${ticket}`;
  }

  handles(req: IncomingMessage): boolean {
    return (req.url ?? '').startsWith(PREFIX);
  }

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ticket = (req.url ?? '').slice(PREFIX.length).split(/[?#]/)[0] ?? '';
    const offer = this.offers.get(ticket);
    this.offers.delete(ticket); // one use only
    if (req.method !== 'GET' || !offer || offer.expires < Date.now()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('This download link has expired; save the file again from Regula.');
      return;
    }
    try {
      const info = await stat(offer.file);
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(info.size),
        'Content-Disposition': `attachment; filename="${offer.fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(offer.fileName)}`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      createReadStream(offer.file)
        .on('error', () => res.destroy())
        .pipe(res);
    } catch {
      // The file went away between the offer and the click (project closed or deleted).
      res.writeHead(410, { 'Content-Type': 'text/plain' }).end('The file is no longer there; produce it again in Regula.');
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [ticket, offer] of this.offers) if (offer.expires < now) this.offers.delete(ticket);
  }
}
