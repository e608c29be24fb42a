import './styles.css';
import './styles-sign.css';
import './styles-vote.css';
import './styles-access.css';
import { startApp } from './app';
import { startProjector } from './views/meetings/projector';

const root = document.getElementById('app');
// The projector view (a second window or tab) is the only page without the app's frame.
const projector = /^#\/projector\/(\d+)/.exec(location.hash);
if (root && projector) startProjector(root, Number(projector[1]));
else if (root) startApp(root);
