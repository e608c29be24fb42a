import './styles.css';
import './styles-sign.css';
import './styles-vote.css';
import { startApp } from './app';

const root = document.getElementById('app');
if (root) startApp(root);
