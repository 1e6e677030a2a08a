#!/usr/bin/env bash
# Issues the development PKI of docker-compose.yml (docs/security.md "docker compose"): a CA, the server certificates
# of xds-service, ratelimit-service and extauth-service, and client certificates whose SPIFFE ids name the example Gateway, for Envoy and for a proxyless
# gRPC client. Idempotent: an existing CA in the folder is kept, the leaf certificates are (re)issued from it.
#   dev/certs.sh <out-dir> [<namespace>/<gateway>] [<trust-domain>]
set -euo pipefail
OUT="${1:?usage: dev/certs.sh <out-dir> [<namespace>/<gateway>] [<trust-domain>]}"
GATEWAY="${2:-default/example-gateway}"
TRUST_DOMAIN="${3:-cluster.local}"
NAMESPACE="${GATEWAY%%/*}"
NAME="${GATEWAY#*/}"
DAYS=30
mkdir -p "$OUT"
cd "$OUT"
umask 077

if [[ ! -s ca.key || ! -s ca.crt ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days 3650 \
    -subj "/CN=gantry-dev-ca" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2> /dev/null
fi

# issue <name> <extensions>: <name>.key and <name>.crt signed by the CA
issue() {
  local name="$1" extensions="$2"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$name.key.tmp" -out "$name.csr" \
    -subj "/CN=$name" 2> /dev/null
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days "$DAYS" -out "$name.crt.tmp" \
    -extfile <(printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" "$extensions") \
    2> /dev/null
  # PKCS#8, which every consumer reads (Spring's SSL bundles, Envoy, grpc-java)
  openssl pkcs8 -topk8 -nocrypt -in "$name.key.tmp" -out "$name.key"
  mv "$name.crt.tmp" "$name.crt"
  rm -f "$name.key.tmp" "$name.csr"
}

issue xds-server "extendedKeyUsage=serverAuth
subjectAltName=DNS:xds-service,DNS:localhost,IP:127.0.0.1"
issue ratelimit-server "extendedKeyUsage=serverAuth
subjectAltName=DNS:ratelimit-service,DNS:localhost,IP:127.0.0.1"
issue extauth-server "extendedKeyUsage=serverAuth
subjectAltName=DNS:extauth-service,DNS:localhost,IP:127.0.0.1"
# Envoy presents this one to xds-service and to the rate-limit and ext-auth services alike
issue envoy-client "extendedKeyUsage=clientAuth
subjectAltName=URI:spiffe://$TRUST_DOMAIN/ns/$NAMESPACE/gateway/$NAME"
issue proxyless-client "extendedKeyUsage=clientAuth
subjectAltName=URI:spiffe://$TRUST_DOMAIN/ns/$NAMESPACE/gateway/$NAME"
# readable by the services' and Envoy's non-root users in their containers
chmod 0644 ./*.crt ./*.key
chmod 0600 ca.key
echo "issued into $OUT: ca.crt, {xds,ratelimit,extauth}-server.{crt,key}, envoy-client.{crt,key}, proxyless-client.{crt,key} for $GATEWAY"
