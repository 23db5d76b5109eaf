#!/usr/bin/env bash
# Sends a correctly signed Act-On step-executed event (Svix / Standard Webhooks scheme) to ActOnSync.
# Usage: scripts/send-sample.sh [payload.json]
#   URL     where to post   (default: the local service's step-executed endpoint)
#   SECRET  signing secret  (default: the Development secret in src/Api/appsettings.Development.json)
#   MSG_ID  message id      (default: a new one; reuse one to see message-id dedupe)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
payload=${1:-$here/samples/step-executed.json}
url=${URL:-http://localhost:5080/webhooks/acton/automated-program-step.executed}
secret=${SECRET:-whsec_X97fGiJlMYQVAuhjzsFTfW6rqTZ4z7XM}
msg_id=${MSG_ID:-msg_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')}
timestamp=$(date +%s)

key_hex=$(printf '%s' "${secret#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
signature=$( { printf '%s.%s.' "$msg_id" "$timestamp"; cat "$payload"; } \
  | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | base64)

curl -sS -i -X POST "$url" \
  -H 'Content-Type: application/json' \
  -H "svix-id: $msg_id" \
  -H "svix-timestamp: $timestamp" \
  -H "svix-signature: v1,$signature" \
  --data-binary "@$payload"
echo
