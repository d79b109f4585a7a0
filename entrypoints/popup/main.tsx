import { render } from 'preact';
import '../../components/theme.css';
import { PopupApp } from './app';
import './popup.css';
import { createPopupState } from './state';

const state = createPopupState();
render(<PopupApp state={state} />, document.getElementById('app') as HTMLElement);
