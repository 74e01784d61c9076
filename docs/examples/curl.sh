#!/bin/sh
# The Cobuild API with curl and jq. Prints one JSON line per response.
#   COBUILD_URL=http://localhost:4000 COBUILD_TOKEN=cbt_… sh curl.sh
set -eu
URL="${COBUILD_URL:-http://localhost:4000}/graphql"
: "${COBUILD_TOKEN:?Set COBUILD_TOKEN to an API token (cbt_…).}"

# gql QUERY [VARIABLES]: POSTs one operation with the token. --retry waits as the Retry-After
# header says on 429 (cost budget spent) and 503 (database unavailable).
gql() {
  jq -cn --arg query "$1" --argjson variables "${2:-null}" '{ $query, $variables }' |
    curl --silent --show-error --retry 5 "$URL" \
      -H 'content-type: application/json' \
      -H "authorization: Bearer $COBUILD_TOKEN" \
      --data-binary @- |
    jq -c .
}

# 1. Who am I? The token's name, scopes and organization; and the cost budget.
gql '{ viewer { apiToken { name scopes organization { nameEn } } } rateLimit { budget remaining resetAt } }'

# 2. The first page of projects; extensions.cost is what it cost.
PROJECTS='query Projects($after: String) {
  projects(first: 5, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id titleEn status } }
}'
page=$(gql "$PROJECTS")
echo "$page"

# 3. The next page: the previous page's endCursor as `after`.
cursor=$(echo "$page" | jq -r .data.projects.pageInfo.endCursor)
gql "$PROJECTS" "$(jq -cn --arg after "$cursor" '{ $after }')"

# 4. Any object again by its global ID.
id=$(echo "$page" | jq -r '.data.projects.nodes[0].id')
gql 'query One($id: ID!) { node(id: $id) { id ... on Project { titleEn progress fillRate } } }' \
  "$(jq -cn --arg id "$id" '{ $id }')"

# 5. A wrong token: HTTP 401 with UNAUTHENTICATED.
curl --silent --show-error "$URL" -H 'content-type: application/json' -H 'authorization: Bearer cbt_wrong' \
  --data '{"query":"{ projects { totalCount } }"}' --write-out '\n%{http_code}' |
  jq -cs '{ status: .[1], body: .[0] }'
