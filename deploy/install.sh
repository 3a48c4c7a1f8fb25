#!/usr/bin/env bash
# Publishes and installs FolderSync.
#   sudo deploy/install.sh server   # system unit, user 'foldersync', /opt/foldersync/server, /etc/foldersync/server.json
#   deploy/install.sh client        # user unit, ~/.local/opt/foldersync/client, ~/.config/foldersync/client.json
#
# Framework-dependent, not self-contained: the .NET 10 runtime comes from the distribution's package
# (security updates arrive with apt, not with us), and the install is ~5 MB instead of ~70 MB.
# Pass --self-contained to bundle the runtime on hosts without it.
set -euo pipefail
cd "$(dirname "$0")/.."

role=${1:-}
shift || true
# ReadyToRun: precompiled code, so a start (or restart over a big tree) does not wait for the JIT.
publish_args=(-c Release --nologo -p:PublishReadyToRun=true)
if [ "${1:-}" = "--self-contained" ]; then publish_args+=(--self-contained -r linux-x64); else publish_args+=(--no-self-contained --use-current-runtime); fi

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
    echo "usage: deploy/install.sh server|client [--self-contained]" >&2
    exit 1
    ;;
esac
