/**
 * The little of the Redis protocol (RESP2) the fidelity benchmark needs: GET and SET over one
 * connection, pipelined (replies come back in the order the commands went out).
 */
import net from 'node:net';

type Reply = string | null;

export class Redis {
  private readonly waiting: ((reply: Reply | Error) => void)[] = [];
  private buffer = Buffer.alloc(0);

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    socket.on('error', (error) => {
      for (const w of this.waiting.splice(0)) w(error);
    });
  }

  static connect(port: number): Promise<Redis> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new Redis(socket)));
      socket.once('error', reject);
    });
  }

  get(key: string): Promise<Reply> {
    return this.command(['GET', key]);
  }

  set(key: string, value: string): Promise<Reply> {
    return this.command(['SET', key, value]);
  }

  close(): void {
    this.socket.end();
  }

  private command(args: readonly string[]): Promise<Reply> {
    const parts = [`*${args.length}\r\n`];
    for (const a of args) parts.push(`$${Buffer.byteLength(a)}\r\n${a}\r\n`);
    this.socket.write(parts.join(''));
    return new Promise((resolve, reject) => this.waiting.push((r) => (r instanceof Error ? reject(r) : resolve(r))));
  }

  /** Hands out every complete reply in the buffer: a status (+), an error (-), an integer (:) or a bulk string ($). */
  private drain(): void {
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end < 0) return;
      const type = String.fromCharCode(this.buffer[0]!);
      const line = this.buffer.toString('utf8', 1, end);
      let reply: Reply | Error;
      let used: number;
      if (type === '$') {
        const length = Number(line);
        if (length < 0) {
          reply = null;
          used = end + 2;
        } else {
          if (this.buffer.length < end + 2 + length + 2) return;
          reply = this.buffer.toString('utf8', end + 2, end + 2 + length);
          used = end + 2 + length + 2;
        }
      } else {
        reply = type === '-' ? new Error(line) : line;
        used = end + 2;
      }
      this.buffer = this.buffer.subarray(used);
      this.waiting.shift()?.(reply);
    }
  }
}
