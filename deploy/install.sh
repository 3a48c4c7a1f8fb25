#!/usr/bin/env bash
# Publishes and installs FolderSync.
#   sudo deploy/install.sh server   # system unit, user 'foldersync', /opt/foldersync/server, /etc/foldersync/server.json
#   deploy/install.sh client        # user unit, ~/.local/opt/foldersync/client, ~/.config/foldersync/client.json
#
# Native AOT by default: one ~10 MB executable per daemon that needs no .NET runtime on the host, starts in
# milliseconds and idles at ~25 MB RSS instead of ~85-130 MB (docs/benchmarks.md). Linking needs clang or gcc
# (apt install clang, or gcc). Pass --framework-dependent for the ReadyToRun build that runs on the distribution's
# .NET 10 runtime instead (security updates of the runtime then arrive with apt, not with us).
set -euo pipefail
cd "$(dirname "$0")/.."

role=${1:-}
shift || true
if [ "${1:-}" = "--framework-dependent" ]; then
  publish_args=(-c Release --nologo --no-self-contained --use-current-runtime -p:PublishReadyToRun=true)
elif command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; then
  publish_args=(-c Release --nologo --use-current-runtime -p:PublishAot=true)
else
  echo "install.sh: native AOT needs clang or gcc to link (apt install clang); or pass --framework-dependent" >&2
  exit 1
fi

case "$role" in
  server)
    [ "$(id -u)" = 0 ] || { echo "install.sh server: run as root (sudo)" >&2; exit 1; }
    dotnet publish FolderSync.Server/FolderSync.Server.csproj "${publish_args[@]}" -o /opt/foldersync/server
    id foldersync >/dev/null 2>&1 || useradd --system --home-dir /var/lib/foldersync --shell /usr/sbin/nologin foldersync
    install -d -m 0755 /etc/foldersync
    [ -f /etc/foldersync/server.json ] || install -m 0640 -g foldersync deploy/server.example.json /etc/foldersync/server.json
    install -m 0644 deploy/foldersync-server.service /etc/systemd/system/foldersync-server.service
    systemctl daemon-reload
    echo "Edit /etc/foldersync/server.json (folders, clients, tokens) and ReadWritePaths= in the unit, then:"
    echo "  systemctl enable --now foldersync-server && journalctl -u foldersync-server -f"
    ;;
  client)
    dotnet publish FolderSync.Client/FolderSync.Client.csproj "${publish_args[@]}" -o "$HOME/.local/opt/foldersync/client"
    install -d -m 0700 "$HOME/.config/foldersync" "$HOME/.config/systemd/user"
    [ -f "$HOME/.config/foldersync/client.json" ] || install -m 0600 deploy/client.example.json "$HOME/.config/foldersync/client.json"
    install -m 0644 deploy/foldersync-client.service "$HOME/.config/systemd/user/foldersync-client.service"
    systemctl --user daemon-reload || true
    echo "Edit ~/.config/foldersync/client.json (server, folder, token), then:"
    echo "  systemctl --user enable --now foldersync-client && journalctl --user -u foldersync-client -f"
    ;;
  *)
    echo "usage: deploy/install.sh server|client [--framework-dependent]" >&2
    exit 1
    ;;
esac
