import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { countAtMost, readAtMost } from '../../../../../electron/core/registry/capped-body';
import { rejectionOf } from '../../../dockside-error';
import { english } from '../../../../harness/english';

const URL_OF_BODY = new URL('https://registry.test:5000/token?account=dev&scope=x');

/** A body that sends one byte every `everyMs`, for ever, and says when it was destroyed. */
function trickle(everyMs: number): { body: Readable; sent: () => number; destroyed: () => boolean } {
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  const body = new Readable({
    read() {
      timer ??= setInterval(() => {
        sent += 1;
        this.push(Buffer.from('x'));
      }, everyMs);
    },
    destroy(error, callback) {
      clearInterval(timer);
      callback(error);
    },
  });
  return { body, sent: () => sent, destroyed: () => body.destroyed };
}

describe('readAtMost with a deadline', () => {
  it('stops a body trickling in after the deadline, destroying it, with a timeout naming the host and the deadline', async () => {
    const { body, sent, destroyed } = trickle(20);
    const started = Date.now();
    const error = await rejectionOf(readAtMost(body, 64 * 1024, { ms: 300, url: URL_OF_BODY }));
    const elapsed = Date.now() - started;
    expect(error.code).toBe('timeout');
    expect(english(error)).toContain('registry.test:5000');
    expect(english(error)).toContain('300 ms');
    expect(english(error)).toContain('https://registry.test:5000/token');
    expect(english(error)).not.toContain('account=dev');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
    // Bytes kept coming (so a timeout per pause would never have fired), and no more after the deadline.
    expect(sent()).toBeGreaterThan(3);
    expect(destroyed()).toBe(true);
    const after = sent();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sent()).toBe(after);
  });

  it('counts within the deadline too', async () => {
    const { body } = trickle(20);
    expect((await rejectionOf(countAtMost(body, 1024 * 1024, { ms: 200, url: URL_OF_BODY }))).code).toBe('timeout');
  });

  it('reads a body that ends in time, capped, and leaves no timer behind', async () => {
    const body = Readable.from([Buffer.from('{"token":'), Buffer.from('"abc"}')]);
    expect(await readAtMost(body, 64, { ms: 1000, url: URL_OF_BODY })).toEqual({ data: Buffer.from('{"token":"abc"}'), truncated: false });
    const long = Readable.from([Buffer.alloc(100, 'a'), Buffer.alloc(100, 'b')]);
    const capped = await readAtMost(long, 150, { ms: 1000, url: URL_OF_BODY });
    expect(capped.truncated).toBe(true);
    expect(capped.data.length).toBe(150);
  });

  it('without a deadline, reads as before', async () => {
    expect((await readAtMost(Readable.from([Buffer.from('abc')]), 2)).data.toString()).toBe('ab');
    expect(await countAtMost(Readable.from([Buffer.from('abcdef')]), 4)).toBe(4);
  });
});
