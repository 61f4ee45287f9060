/** The reference figures shipped with the plugin (`reference.json`), checked on first use. */
import data from './reference.json';
import { parseReference, ReferenceData } from './reference';

let cached: ReferenceData | undefined;

/** The bundled reference document (copy of Bellwether's shared `ebpf-reference.json`). */
export function bundledReference(): ReferenceData {
  cached ??= parseReference(data);
  return cached;
}
