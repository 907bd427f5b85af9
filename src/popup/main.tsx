import { render } from 'preact';

render(<p>Hairpin</p>, document.getElementById('app')!);
