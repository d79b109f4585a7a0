import { render } from 'preact';
import '../../components/theme.css';
import { ask } from '@/lib/messaging/send';
import { ConfirmWindow } from './app';
import './confirm.css';

// The one order this window was opened for, by the id the background put in its URL.
const id = new URLSearchParams(location.search).get('id') ?? '';
render(
  <ConfirmWindow id={id} ask={ask} now={Date.now} close={() => window.close()} />,
  document.getElementById('app') as HTMLElement,
);
