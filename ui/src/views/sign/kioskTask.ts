// A signing task handed to the kiosk by another screen (a meeting's sign-in, its minutes or an
// addendum, a matter's proposal or urgent skip): what to sign, its title, and where to go back
// to. It travels in the route (#/sign/kiosk/task/<base64url JSON>), so a reload keeps it.

import { base64ToBytes, bytesToBase64 } from '../../b64';
import type { SignSubject } from '../../bindings/SignSubject';

export interface KioskTask {
  subject: SignSubject;
  title: string;
  /** The route to return to, e.g. "#/meetings/3". */
  back: string;
}

export function kioskHref(task: KioskTask): string {
  const b64 = bytesToBase64(new TextEncoder().encode(JSON.stringify(task)));
  return `#/sign/kiosk/task/${b64.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}`;
}

export function readKioskTask(code: string | undefined): KioskTask | null {
  if (!code) return null;
  try {
    const b64 = code.replaceAll('-', '+').replaceAll('_', '/');
    const text = new TextDecoder().decode(base64ToBytes(b64 + '='.repeat((4 - (b64.length % 4)) % 4)));
    const task = JSON.parse(text) as KioskTask;
    return task && typeof task.title === 'string' && typeof task.back === 'string' && task.subject ? task : null;
  } catch {
    return null;
  }
}
