import { render } from 'preact';
import { Popup } from './popup';
import { sendToBackground } from '../browser/messaging';
import { createPageServices } from '../browser/page-services';

// `?tab=<id>` names the tab the popup is about when it is opened as a page (tests, debugging).
const tabParam = new URLSearchParams(location.search).get('tab');
const tabId = tabParam !== null && /^\d+$/.test(tabParam) ? Number(tabParam) : null;
const services = createPageServices({ tabId });

render(<Popup client={sendToBackground} services={services} />, document.getElementById('app')!);
