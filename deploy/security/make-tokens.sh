#!/bin/sh
# Makes the docker-compose stack's API tokens on its first start, into the security volume: an admin token
# for people (docker compose exec scheduler-svc cat /etc/backstream/security/admin.token), the viewer token
# restore-svc sends to the catalog, and the viewer token Prometheus scrapes with. tokens.yml holds only their
# SHA-256. Each file is readable by its reader alone: the services' user (10001) or Prometheus' (65534).
set -eu
dir=${BACKSTREAM_SECURITY_DIR:-/etc/backstream/security}
if [ -s "$dir/tokens.yml" ]; then
  echo "tokens exist in $dir; delete the volume to make new ones"
  exit 0
fi
umask 077
token() { printf 'bst_%s' "$(head -c32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"; }
sha() { printf %s "$1" | sha256sum | cut -d' ' -f1; }
admin=$(token)
restore=$(token)
prometheus=$(token)
printf %s "$admin" > "$dir/admin.token"
printf %s "$restore" > "$dir/restore-svc.token"
printf %s "$prometheus" > "$dir/prometheus.token"
cat > "$dir/tokens.yml.tmp" <<YAML
tokens:
  - name: admin
    sha256: $(sha "$admin")
    roles: [admin]
  - name: restore-svc
    sha256: $(sha "$restore")
    roles: [viewer]
  - name: prometheus
    sha256: $(sha "$prometheus")
    roles: [viewer]
YAML
if [ "$(id -u)" = 0 ]; then
  chown 10001 "$dir/admin.token" "$dir/restore-svc.token" "$dir/tokens.yml.tmp"
  chown 65534 "$dir/prometheus.token"
fi
mv "$dir/tokens.yml.tmp" "$dir/tokens.yml"
echo "made tokens in $dir"
