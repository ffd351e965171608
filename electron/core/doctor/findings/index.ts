import type { Detector } from './finding';
import { LOCAL_DETECTORS } from './local-findings';
import { REGISTRY_DETECTORS } from './registry-findings';

/** Every known failure the doctor checks for. */
export const DETECTORS: Detector[] = [...LOCAL_DETECTORS, ...REGISTRY_DETECTORS];
