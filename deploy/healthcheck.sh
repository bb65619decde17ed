#!/bin/sh
# The container health check: asks the service's own gRPC health service (grpc.health.v1.Health/Check),
# which answers SERVING only while the store answers a query. Exit 0 when SERVING, 1 otherwise.
#
# Usage: healthcheck.sh [BASE_URL]      BASE_URL: the gRPC endpoint, default http://127.0.0.1:8080
#
# No gRPC client is needed: curl sends the one request by hand over cleartext HTTP/2.
set -eu
url="${1:-http://127.0.0.1:8080}"

# The request is an empty HealthCheckRequest in gRPC framing (not compressed, length 0): five zero bytes.
# SERVING comes back as the frame 00 | 00000002 | 08 01 (field 1, status, = 1); NOT_SERVING ends in 08 02.
answer="$(printf '\000\000\000\000\000' \
  | curl --silent --show-error --max-time 4 --http2-prior-knowledge \
      -H 'content-type: application/grpc' -H 'te: trailers' \
      --data-binary @- "$url/grpc.health.v1.Health/Check" \
  | od -An -tx1 | tr -d ' \n')" || answer="no answer"

if [ "$answer" = "00000000020801" ]; then
  exit 0
fi
echo "massemail-healthcheck: $url is not SERVING (answer: ${answer:-empty})" >&2
exit 1
