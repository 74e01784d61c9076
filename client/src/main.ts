import { mount } from 'svelte';
import App from './App.svelte';
import { createGraphqlClient } from './lib/graphql-client.svelte';

const { client, live } = createGraphqlClient('/graphql', undefined, () =>
  document.documentElement.lang === 'en' ? 'EN' : 'ZH',
);
mount(App, { target: document.getElementById('app')!, props: { client, live } });
