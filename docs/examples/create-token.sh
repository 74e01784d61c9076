#!/bin/sh
# An organization's ADMIN creates a partner API token with curl and jq: sign in, pick the
# organization, create the token. Prints one JSON line per response; the last holds the secret.
#   COBUILD_URL=http://localhost:4000 COBUILD_EMAIL=unit.admin@cobuild.demo COBUILD_PASSWORD=… sh create-token.sh
set -eu
URL="${COBUILD_URL:-http://localhost:4000}/graphql"
: "${COBUILD_EMAIL:?Set COBUILD_EMAIL and COBUILD_PASSWORD to an ADMIN's account.}"
: "${COBUILD_PASSWORD:?Set COBUILD_EMAIL and COBUILD_PASSWORD to an ADMIN's account.}"
JAR=$(mktemp)
trap 'rm -f "$JAR"' EXIT

# gql QUERY [VARIABLES]: POSTs one operation with the session cookie kept in $JAR.
gql() {
  jq -cn --arg query "$1" --argjson variables "${2:-null}" '{ $query, $variables }' |
    curl --silent --show-error --retry 5 "$URL" -b "$JAR" -c "$JAR" \
      -H 'content-type: application/json' --data-binary @- |
    jq -c .
}

# 1. Sign in: the session cookie goes to the jar (10 attempts a minute per email and address).
gql 'mutation Login($input: LoginInput!) { login(input: $input) { user { displayName } userErrors { code message } } }' \
  "$(jq -cn --arg email "$COBUILD_EMAIL" --arg password "$COBUILD_PASSWORD" '{ input: { $email, $password } }')"

# 2. The organization this person is an ADMIN of (the first, if several).
me=$(gql '{ viewer { memberships { role organization { id nameEn } } } }')
echo "$me"
organization=$(echo "$me" | jq -r '[.data.viewer.memberships[] | select(.role == "ADMIN")][0].organization.id')

# 3. The token: `read`, plus write scopes only if needed; expires in 90 days unless
#    expiresAt says otherwise (at most a year). The secret is in this response only.
gql 'mutation Create($input: CreateApiTokenInput!) {
  createApiToken(input: $input) {
    secret
    apiToken { id name prefix scopes expiresAt }
    userErrors { field code message }
  }
}' "$(jq -cn --arg organizationId "$organization" \
  '{ input: { $organizationId, name: "Volunteer platform sync", scopes: ["write:commitments"] } }')"
