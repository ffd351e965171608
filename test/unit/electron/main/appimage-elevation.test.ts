import { describe, expect, it } from 'vitest';
import type { Elevator } from '../../../../electron/core/plan/elevator';
import { refusingElevationInAppImage } from '../../../../electron/main/appimage-elevation';
import type { Plan } from '../../../../shared/plan';
import { english } from '../../../harness/english';
import { thrownBy } from '../../dockside-error';

const direct: Elevator = { name: 'direct', run: () => Promise.reject(new Error('not run here')) };
const prompt: Elevator = { name: 'pkexec', run: () => Promise.reject(new Error('not run here')) };
const plan = {} as Plan;
const choosing = (elevator: Elevator) => () => elevator;

describe('refusingElevationInAppImage', () => {
  it('refuses a plan that needs the password prompt under an AppImage, saying why and what works', () => {
    const elevatorFor = refusingElevationInAppImage(choosing(prompt), direct, '/home/dev/Dockside.AppImage');
    const error = thrownBy(() => elevatorFor(plan));
    expect(error.code).toBe('appimage-elevation');
    const text = english({ code: error.key, params: error.params });
    expect(text).toContain('/home/dev/Dockside.AppImage');
    expect(text).toContain('deb or rpm');
    expect(text).toContain('sudo dockside mirrors use');
    expect(text).toContain('sudo dockside trust add');
  });

  it('lets a plan through that runs as the user (no elevation)', () => {
    expect(refusingElevationInAppImage(choosing(direct), direct, '/home/dev/Dockside.AppImage')(plan)).toBe(direct);
  });

  it('changes nothing outside an AppImage', () => {
    expect(refusingElevationInAppImage(choosing(prompt), direct, undefined)(plan)).toBe(prompt);
    expect(refusingElevationInAppImage(choosing(prompt), direct, '')(plan)).toBe(prompt);
  });
});
