#!/bin/sh
# zoned-control-setup: makes the keys and certificates of the control channel between
# zoned-control and zoned (mutual TLS), under the file names nsd.conf's remote-control:
# defaults use, so that a configuration written for NSD works unchanged:
#   nsd_server.key  nsd_server.pem    the server's key, and its self-signed CA certificate
#   nsd_control.key nsd_control.pem   the client's key, and its certificate signed by the
#                                     server's key
# Keys present in the directory are kept (a key made by nsd-control-setup, RSA, works too);
# a missing certificate is made from its key; -r makes both certificates again.
# Keys are mode 0600 and certificates 0640 when made; other users lose access to all four.

set -u

DIR=/etc/nsd
RECREATE=0
DAYS=7300
SERVER_NAME=zoned
CONTROL_NAME=zoned-control
PROG=zoned-control-setup

usage() {
  cat <<EOF
usage: $PROG [-d dir] [-r] [-h]
Makes the keys and certificates of zoned's control channel (zoned-control).
  -d dir  the directory of the files (default: /etc/nsd, where nsd.conf's
          remote-control: defaults look for them)
  -r      make the certificates again (the keys are kept)
  -h      print this help
Files: nsd_server.key nsd_server.pem nsd_control.key nsd_control.pem
EOF
}

fail() {
  echo "$PROG: $*" >&2
  exit 1
}

while getopts ":d:rh" option; do
  case $option in
    d) DIR=$OPTARG ;;
    r) RECREATE=1 ;;
    h) usage; exit 1 ;;
    :) echo "$PROG: option -$OPTARG needs a value" >&2; usage >&2; exit 1 ;;
    *) echo "$PROG: unknown option -$OPTARG" >&2; usage >&2; exit 1 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -gt 0 ]; then
  echo "$PROG: unexpected argument: $1" >&2
  usage >&2
  exit 1
fi

command -v openssl >/dev/null 2>&1 || fail "the openssl command is needed"
[ -d "$DIR" ] || fail "$DIR: no such directory"
cd "$DIR" || fail "cannot enter $DIR"
echo "setup in directory $DIR"

# Work files live in a private directory beside the results, so that a finished file is
# put in place by one rename and a failure leaves nothing half made.
umask 077
WORK=$(mktemp -d "./.zoned-control-setup.XXXXXX") || fail "cannot make a work directory in $DIR"
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' HUP INT TERM

run() {
  # Runs an openssl command, showing its messages only when it fails.
  if ! "$@" >"$WORK/log" 2>&1; then
    cat "$WORK/log" >&2
    fail "failed: $*"
  fi
}

make_key() {  # file
  echo "making $1 (ECDSA P-256)"
  run openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/$1"
  chmod 600 "$WORK/$1"
  mv -f "$WORK/$1" "./$1" || fail "cannot write $DIR/$1"
}

serial() {
  # A random positive serial number of 127 bits.
  echo "0x$(openssl rand -hex 16 | sed 's/^./4/')"
}

SERVER_KEY_MADE=0
SERVER_CERT_MADE=0
CONTROL_KEY_MADE=0

if [ ! -f nsd_server.key ]; then
  make_key nsd_server.key
  SERVER_KEY_MADE=1
fi
if [ $RECREATE = 1 ] || [ $SERVER_KEY_MADE = 1 ] || [ ! -f nsd_server.pem ]; then
  echo "making nsd_server.pem (CN=$SERVER_NAME, self-signed, $DAYS days)"
  cat >"$WORK/server.ext" <<EOF
[req]
distinguished_name = dn
prompt = no
x509_extensions = ext
[dn]
CN = $SERVER_NAME
[ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, digitalSignature, keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:$SERVER_NAME
EOF
  run openssl req -new -x509 -config "$WORK/server.ext" -key nsd_server.key -sha256 \
    -days $DAYS -set_serial "$(serial)" -out "$WORK/nsd_server.pem"
  chmod 640 "$WORK/nsd_server.pem"
  mv -f "$WORK/nsd_server.pem" ./nsd_server.pem || fail "cannot write $DIR/nsd_server.pem"
  SERVER_CERT_MADE=1
fi

if [ ! -f nsd_control.key ]; then
  make_key nsd_control.key
  CONTROL_KEY_MADE=1
fi
# A new server certificate may come with a new server key: the client's certificate is then
# signed again, so the pair always verifies.
if [ $RECREATE = 1 ] || [ $CONTROL_KEY_MADE = 1 ] || [ $SERVER_CERT_MADE = 1 ] ||
  [ ! -f nsd_control.pem ]; then
  echo "making nsd_control.pem (CN=$CONTROL_NAME, signed by nsd_server.pem, $DAYS days)"
  cat >"$WORK/control.ext" <<EOF
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:$CONTROL_NAME
EOF
  run openssl req -new -key nsd_control.key -subj "/CN=$CONTROL_NAME" -sha256 \
    -out "$WORK/control.csr"
  run openssl x509 -req -in "$WORK/control.csr" -CA nsd_server.pem -CAkey nsd_server.key \
    -set_serial "$(serial)" -sha256 -days $DAYS -extfile "$WORK/control.ext" \
    -out "$WORK/nsd_control.pem"
  chmod 640 "$WORK/nsd_control.pem"
  mv -f "$WORK/nsd_control.pem" ./nsd_control.pem || fail "cannot write $DIR/nsd_control.pem"
fi

# Whatever the files' history, other users may not read them.
chmod o-rwx nsd_server.key nsd_server.pem nsd_control.key nsd_control.pem ||
  fail "cannot set the modes of the files in $DIR"
run openssl verify -CAfile nsd_server.pem nsd_control.pem
echo "setup done: nsd_server.key nsd_server.pem nsd_control.key nsd_control.pem in $DIR"
exit 0
