import { mount } from 'svelte';
import App from './App.svelte';
import { createGraphqlClient } from './lib/graphql-client';

mount(App, { target: document.getElementById('app')!, props: { client: createGraphqlClient() } });
