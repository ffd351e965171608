import type { Finding } from '../../../../shared/doctor';
import type { Evidence } from '../evidence/types';

/** One known failure: a pure check over the gathered evidence; null when it does not apply. */
export interface Detector {
  id: string;
  detect(evidence: Evidence): Finding | null;
}
