// Opening the projector view: in the desktop app a second window labelled "projector" (one
// only: asked again, it switches to the meeting and comes to the front); in a browser a new
// tab or window, which the host drags to the projector's screen.

import { isDesktop } from '../../api';
import { t } from '../../i18n';
import { getToken } from '../../session';

export const PROJECTOR_LABEL = 'projector';
/** The event that tells an open projector window which meeting to show. */
export const PROJECTOR_EVENT = 'yishi-projector-meeting';
/** The projector window asks the main window for the session (its own storage is separate). */
export const PROJECTOR_HELLO = 'yishi-projector-hello';
/** The main window's answer: the signed-in person's token, sent to that window only. */
export const PROJECTOR_SESSION = 'yishi-projector-session';
let answering = false;

/** In the main window: answer the projector's request for the session (once registered). */
async function answerProjector(): Promise<void> {
  if (answering) return;
  answering = true;
  const { listen, emitTo } = await import('@tauri-apps/api/event');
  await listen(PROJECTOR_HELLO, () => void emitTo(PROJECTOR_LABEL, PROJECTOR_SESSION, getToken()));
}

export async function openProjector(meetingId: number): Promise<void> {
  const route = `#/projector/${meetingId}`;
  if (!isDesktop()) {
    if (!window.open(`${location.pathname}${route}`, `yishi-projector`)) throw new Error(t('projector.blocked'));
    return;
  }
  await answerProjector();
  const { WebviewWindow } = await import('@tauri-apps/api/webviewWindow');
  const { emitTo } = await import('@tauri-apps/api/event');
  const existing = await WebviewWindow.getByLabel(PROJECTOR_LABEL);
  if (existing) {
    await emitTo(PROJECTOR_LABEL, PROJECTOR_EVENT, meetingId);
    await existing.setFocus().catch(() => undefined);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const w = new WebviewWindow(PROJECTOR_LABEL, { url: `index.html${route}`, title: t('projector.windowTitle'), width: 1280, height: 800 });
    void w.once('tauri://created', () => resolve());
    void w.once('tauri://error', (e) => reject(new Error(`${t('projector.failed')} ${String(e.payload ?? '')}`)));
  });
}
