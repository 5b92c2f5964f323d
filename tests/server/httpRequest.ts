/**
 * A raw HTTP request with exactly the headers given (fetch rewrites Host and may add others),
 * for the edge's tests that play a browser, a reverse proxy or a DNS-rebinding page.
 */
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    // The server may answer and close before reading a refused body: that is not a failure.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    req.end(options.body);
  });
}

/** A multipart/form-data body of `parts` small file parts, as a browser form upload sends it. */
export function multipartBody(parts: number, partBytes: number): { type: string; body: Buffer } {
  const boundary = '----pushbot-test-boundary';
  const pieces: string[] = [];
  for (let i = 0; i < parts; i += 1) {
    pieces.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file${i}"; filename="f${i}.bin"\r\n` +
        `Content-Type: application/octet-stream\r\n\r\n${'x'.repeat(partBytes)}\r\n`,
    );
  }
  pieces.push(`--${boundary}--\r\n`);
  return { type: `multipart/form-data; boundary=${boundary}`, body: Buffer.from(pieces.join('')) };
}
