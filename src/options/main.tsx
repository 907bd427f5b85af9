import { render } from 'preact';
import { Options } from './options';
import { sendToBackground } from '../browser/messaging';
import { createPageServices } from '../browser/page-services';
import '../ui/theme.css';
import './options.css';

render(<Options client={sendToBackground} services={createPageServices()} />, document.getElementById('app')!);
