/**
 * Why the companion cannot listen, as one line naming the setting to change: a port in use, a port
 * that needs privileges, or a host that is not an address of this machine.
 */

/** The one-line reason for a `server.listen` failure, or undefined when `err` is not one. */
export function listenErrorMessage(err: unknown, host: string, port: number): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return `listen.port ${port} on ${host} is already in use (EADDRINUSE); stop the other process or choose another port (listen.port, BELLWETHER_LISTEN_PORT or --port)`;
    case 'EACCES':
      return `listen.port ${port} on ${host} needs privileges (EACCES); choose a port above 1023`;
    case 'EADDRNOTAVAIL':
      return `listen.host ${host} is not an address of this machine (EADDRNOTAVAIL); use 127.0.0.1, 0.0.0.0 or one of its addresses`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `listen.host ${host} does not resolve (${code}); use an IP address such as 127.0.0.1 or 0.0.0.0`;
    default:
      return undefined;
  }
}
