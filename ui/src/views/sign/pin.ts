// PIN fields. A PIN (or passphrase) lives only in its input: it is read at the moment of the
// call and the input is cleared straight away, so nothing keeps it afterwards.

import { h, type Props } from '../../dom';
import { t } from '../../i18n';

/** The backend's minimum, in characters (a passphrase is fine too): domain::pin::MIN_CHARS, checked by its test. */
export const MIN_PIN_CHARS = 6;

/** A masked PIN field: numeric keypad where there is one, never remembered by the browser. */
export function pinInput(props: Props = {}): HTMLInputElement {
  return h('input', {
    type: 'password',
    class: 'pin',
    inputmode: 'numeric',
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    ...props,
  });
}

/** Why a new PIN typed twice cannot be used, or null. */
export function newPinProblem(pin: string, again: string): string | null {
  if ([...pin].length < MIN_PIN_CHARS) return t('pin.tooShort', { n: MIN_PIN_CHARS });
  if (pin !== again) return t('pin.mismatch');
  return null;
}

/** Reads the PIN fields and empties them (the value is returned once, then only the call has it). */
export function takePins(...inputs: HTMLInputElement[]): string[] {
  const values = inputs.map((i) => i.value);
  for (const i of inputs) i.value = '';
  return values;
}
