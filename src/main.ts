import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';

const target = document.getElementById('app')!;
// The static shell in index.html shows until the app takes over.
target.replaceChildren();
mount(App, { target });
