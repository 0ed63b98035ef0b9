#!/bin/bash
# Creates (or updates) the Elasticsearch role and user Archivist connects as: it may create,
# write, read and re-alias the indices named archivist-*, and do nothing else in the cluster.
# Idempotent: the Compose stack runs it on every start.
set -euo pipefail
ES=${ES_URL:-http://elasticsearch:9200}
api() {
  curl -fsS -u "elastic:${ELASTIC_PASSWORD}" -H 'Content-Type: application/json' "$@"
}
api -X PUT "${ES}/_security/role/archivist_writer" -d '{
  "cluster": ["monitor"],
  "indices": [{
    "names": ["archivist-*"],
    "privileges": ["create_index", "write", "read", "manage", "view_index_metadata"]
  }]
}'
api -X PUT "${ES}/_security/user/archivist" -d "{
  \"password\": \"${ARCHIVIST_ES_PASSWORD}\",
  \"roles\": [\"archivist_writer\"],
  \"full_name\": \"Archivist pipeline and API\"
}"
echo "the Elasticsearch user archivist (role archivist_writer) is ready"
