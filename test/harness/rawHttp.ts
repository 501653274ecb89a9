// Raw TCP for requests fetch() refuses to send (an invalid Host header, headers that never finish).
import net from 'node:net';

/** Sends `request` as bytes; resolves with whatever came back before the server closed (or `waitMs` passed). */
export function rawRequest(port: number, request: string, waitMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('data', (d) => (data += d.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(data);
    });
    socket.on('error', () => {});
  });
}

/** Opens a connection, sends a partial request and resolves when the server closes it (true) or the limit passes (false). */
export function heldOpen(port: number, partial: string, limitMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(partial));
    socket.resume(); // read (and drop) the server's answer, or 'close' never comes
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, limitMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.on('error', () => {});
  });
}
