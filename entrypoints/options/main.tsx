import { render } from 'preact';
import '../../components/theme.css';
import { ask } from '../../lib/messaging/send';
import { OptionsApp } from './app';
import './options.css';

render(<OptionsApp ask={ask} />, document.getElementById('app') as HTMLElement);
