/**
 * A Kubernetes API or credentials failure, as one line. Its own module, so the command can name it
 * without loading @kubernetes/client-node (seconds of start-up, which `bellwether help` should not pay).
 */
export class KubeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeError';
  }
}
