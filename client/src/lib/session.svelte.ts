import { errorCode } from './outcome';
import { graphql } from './graphql';
import type { Client } from '@urql/core';

export interface ViewerState {
  displayName: string;
  organizations: { id: string; nameZh: string; nameEn: string; kind: string; role: string; regionId: string }[];
}

const VIEWER = graphql(`
  query Viewer {
    viewer {
      user {
        id
        displayName
      }
      memberships {
        role
        organization {
          id
          nameZh
          nameEn
          kind
          region {
            id
          }
        }
      }
    }
  }
`);
const LOGIN = graphql(`
  mutation Login($i: LoginInput!) {
    login(input: $i) {
      user {
        id
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
const LOGOUT = graphql(`
  mutation Logout {
    logout {
      loggedOut
      userErrors {
        code
      }
    }
  }
`);

/** Who is signed in (from the session cookie), and signing in and out. */
export class Session {
  viewer = $state<ViewerState | null>(null);
  loaded = $state(false);
  /** The organization the person acts for (the first, until they choose another). */
  actingFor = $state<string | null>(null);

  constructor(private readonly client: Client) {}

  /** The organization the person acts for, with their role in it and its kind (COMMITTEE, WORK_UNIT, …). */
  get acting(): ViewerState['organizations'][number] | null {
    return this.viewer?.organizations.find((o) => o.id === this.actingFor) ?? null;
  }

  async load(): Promise<void> {
    const result = await this.client.query(VIEWER, {}, { requestPolicy: 'network-only' }).toPromise();
    const viewer = result.data?.viewer;
    this.viewer = viewer?.user
      ? {
          displayName: viewer.user.displayName,
          organizations: viewer.memberships.map(({ role, organization: { region, ...organization } }) => ({
            ...organization,
            role,
            regionId: region.id,
          })),
        }
      : null;
    this.actingFor = this.viewer?.organizations[0]?.id ?? null;
    this.loaded = true;
  }

  /**
   * Signs in; null when signed in, else why not: a userError's code (INVALID_CREDENTIALS,
   * INVALID), RATE_LIMITED, or NETWORK when the server could not be reached.
   */
  async signIn(email: string, password: string): Promise<string | null> {
    const result = await this.client.mutation(LOGIN, { i: { email, password } }).toPromise();
    if (result.error) return errorCode(result.error);
    if (!result.data) return 'NETWORK';
    const [refused] = result.data.login.userErrors;
    if (refused) return refused.code;
    await this.load();
    return null;
  }

  async signOut(): Promise<void> {
    await this.client.mutation(LOGOUT, {}).toPromise();
    this.viewer = null;
    this.actingFor = null;
  }
}
