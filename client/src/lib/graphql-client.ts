import { Client, cacheExchange, fetchExchange } from '@urql/core';

/** The browser's GraphQL client: POST to the same origin (Apollo's CSRF rules refuse plain GETs). */
export function createGraphqlClient(url = '/graphql'): Client {
  return new Client({ url, exchanges: [cacheExchange, fetchExchange], preferGetMethod: false });
}
