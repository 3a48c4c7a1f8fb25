#!/usr/bin/env bash
# Installs, updates and removes FolderSync (README, "Install").
#
#   sudo deploy/install.sh server [--enable]
#       system service foldersync-server: user 'foldersync', /opt/foldersync/server, /etc/foldersync/server.json,
#       state in /var/lib/foldersync, published folders under /srv/foldersync.
#   sudo deploy/install.sh server --add-client ID [--folders a,b] [--address HOST:PORT]
#       a token from `openssl rand` in /etc/foldersync/clients.env (root only), and the client's config printed
#       on stdout with the server's certificate fingerprint: the first connection needs no trust on first use.
#   deploy/install.sh client --name NAME [--config FILE] [--enable]
#       user service foldersync-client@NAME (one per synced folder): ~/.local/opt/foldersync/client,
#       ~/.config/foldersync/NAME.json (FILE if given: the config --add-client printed; NAME defaults to its Folder).
#   deploy/install.sh uninstall server|client [--name NAME] [--purge]
#       removes what install put there; config and state stay unless --purge, synced files always stay.
#
# Build: native AOT by default (one executable per daemon, no .NET runtime needed on the host; linking needs
# clang or gcc). --framework-dependent publishes for the distribution's .NET 10 runtime instead (ReadyToRun);
# --from DIR installs executables already published to DIR.
# DESTDIR=/some/root installs below that root and changes nothing else: no user, no systemctl (packaging, tests).
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "install.sh: $*" >&2; exit 1; }
note() { echo "$*" >&2; }

DESTDIR=${DESTDIR:-}
live() { [ -z "$DESTDIR" ]; }
systemd_running() { live && [ -d /run/systemd/system ]; }
user_systemd_running() { live && systemctl --user show-environment >/dev/null 2>&1; }

action=${1:-}
shift || true
role=
if [ "$action" = uninstall ]; then
  role=${1:-}
  shift || true
fi

enable=0 purge=0 framework=0 from= name= client_config= add_client= folders= address=
while [ $# -gt 0 ]; do
  case "$1" in
    --enable) enable=1 ;;
    --purge) purge=1 ;;
    --framework-dependent) framework=1 ;;
    --from) from=${2:?--from needs a directory}; shift ;;
    --name) name=${2:?--name needs a name}; shift ;;
    --config) client_config=${2:?--config needs a file}; shift ;;
    --add-client) add_client=${2:?--add-client needs an id}; shift ;;
    --folders) folders=${2:?--folders needs a list}; shift ;;
    --address) address=${2:?--address needs host:port}; shift ;;
    *) die "unknown option '$1' (see the top of deploy/install.sh)" ;;
  esac
  shift
done

valid_name() { [[ "$1" =~ ^[A-Za-z0-9._-]+$ ]] || die "'$1' must be letters, digits, '.', '_' or '-'"; }

# Server paths.
server_bin=$DESTDIR/opt/foldersync/server
doc_dir=$DESTDIR/opt/foldersync
etc_dir=$DESTDIR/etc/foldersync
env_file=$etc_dir/clients.env
unit_file=$DESTDIR/etc/systemd/system/foldersync-server.service
state_dir=$DESTDIR/var/lib/foldersync
srv_dir=$DESTDIR/srv/foldersync

# Client paths (the user's own).
client_bin=$DESTDIR$HOME/.local/opt/foldersync/client
client_doc_dir=$DESTDIR$HOME/.local/opt/foldersync
client_config_dir=$DESTDIR$HOME/.config/foldersync
client_unit=$DESTDIR$HOME/.config/systemd/user/foldersync-client@.service
client_state_dir=$DESTDIR$HOME/.local/state/foldersync-client

# publish PROJECT EXECUTABLE DIR: the executable in DIR, built here or copied from --from.
publish() {
  install -d -m 0755 "$3"
  if [ -n "$from" ]; then
    [ -x "$from/$2" ] || die "--from $from holds no executable $2"
    cp -a "$from/." "$3/"
  elif [ "$framework" = 1 ]; then
    dotnet publish "$1/$1.csproj" -c Release --nologo --no-self-contained --use-current-runtime -p:PublishReadyToRun=true -o "$3"
  elif command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; then
    dotnet publish "$1/$1.csproj" -c Release --nologo --use-current-runtime -p:PublishAot=true -o "$3"
  else
    die "native AOT needs clang or gcc to link (apt install clang); or pass --framework-dependent"
  fi
}

install_docs() {
  install -d -m 0755 "$1/docs"
  install -m 0644 README.md "$1/README.md"
  install -m 0644 docs/*.md "$1/docs/"
}

# The server executable as the service user (so the identity it may create is the service's), with the clients
# of clients.env in its environment as systemd gives them; below DESTDIR, as the caller with the state there.
run_server() {
  local env=()
  if [ -f "$env_file" ]; then mapfile -t env < <(grep '^FOLDERSYNC_' "$env_file"); fi
  if live; then
    (cd / && runuser -u foldersync -- env "${env[@]}" "$server_bin/foldersync-server" "$@" --config /etc/foldersync/server.json)
  else
    env "${env[@]}" "$server_bin/foldersync-server" "$@" --config "$etc_dir/server.json" --StateDir="$state_dir"
  fi
}

install_server() {
  live && [ "$(id -u)" != 0 ] && die "install.sh server: run as root (sudo)"
  publish FolderSync.Server foldersync-server "$server_bin"
  if live && ! id foldersync >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/foldersync --no-create-home --shell /usr/sbin/nologin foldersync
    note "created system user foldersync"
  fi

  install -d -m 0755 "$etc_dir" "$srv_dir"
  if [ ! -f "$etc_dir/server.json" ]; then
    install -m 0640 deploy/server.example.json "$etc_dir/server.json"
    # The example's folders, so that the service starts as installed.
    install -d -m 0755 "$srv_dir/docs" "$srv_dir/notes"
    if live; then chgrp foldersync "$etc_dir/server.json"; chown foldersync:foldersync "$srv_dir/docs" "$srv_dir/notes"; fi
  fi
  install -d -m 0700 "$state_dir"
  if live; then chown foldersync:foldersync "$state_dir"; fi

  install -d -m 0755 "$(dirname "$unit_file")"
  install -m 0644 deploy/foldersync-server.service "$unit_file"
  if [ "$framework" = 1 ]; then
    # The JIT writes code at run time: the one hardening a framework-dependent build cannot have.
    install -d -m 0755 "$unit_file.d"
    printf '[Service]\nMemoryDenyWriteExecute=no\n' > "$unit_file.d/framework-dependent.conf"
  else
    rm -rf "$unit_file.d"
  fi
  install_docs "$doc_dir"
  if systemd_running; then systemctl daemon-reload; fi

  if [ "$enable" = 1 ] && systemd_running; then
    systemctl enable foldersync-server
    systemctl restart foldersync-server # Type=notify: returns once it is ready, or fails
    note "foldersync-server is running: journalctl -u foldersync-server -f"
  else
    note "Installed. Edit /etc/foldersync/server.json (Listen, Folders), add clients with"
    note "  sudo deploy/install.sh server --add-client ID"
    note "then start it: sudo systemctl enable --now foldersync-server && journalctl -u foldersync-server -f"
  fi
}

add_client() {
  live && [ "$(id -u)" != 0 ] && die "install.sh server --add-client: run as root (sudo)"
  valid_name "$add_client"
  [ -x "$server_bin/foldersync-server" ] || die "install the server first: deploy/install.sh server"
  if [ -f "$env_file" ] && grep -q "^FOLDERSYNC_Clients__${add_client}__Token=" "$env_file"; then
    die "client $add_client already has a token in $env_file; remove its lines there to replace it"
  fi

  local granted=()
  if [ -n "$folders" ]; then IFS=, read -ra granted <<< "$folders"; else mapfile -t granted < <(run_server client-config); fi
  [ ${#granted[@]} -gt 0 ] || die "the server has no folders to give: add Folders to server.json first"
  for folder in "${granted[@]}"; do valid_name "$folder"; done

  local token i=0
  token=$(openssl rand -hex 32)
  (
    umask 077
    {
      echo "# client $add_client, added $(date -u +%Y-%m-%d)"
      echo "FOLDERSYNC_Clients__${add_client}__Token=$token"
      for folder in "${granted[@]}"; do echo "FOLDERSYNC_Clients__${add_client}__Folders__$i=$folder"; i=$((i + 1)); done
    } >> "$env_file"
  )
  chmod 0600 "$env_file"

  for folder in "${granted[@]}"; do
    note "# $add_client's config for $folder: save it on the client as $folder.json, then"
    note "#   deploy/install.sh client --config $folder.json --enable"
    run_server client-config "$add_client" --folder "$folder" ${address:+--address "$address"}
  done
  if systemd_running && systemctl is-active --quiet foldersync-server; then
    systemctl restart foldersync-server
    note "restarted foldersync-server to admit $add_client"
  fi
}

install_client() {
  if [ -z "$name" ] && [ -n "$client_config" ]; then
    name=$(sed -n 's/^ *"Folder": *"\([^"]*\)".*/\1/p' "$client_config" | head -n 1)
  fi
  [ -n "$name" ] || die "name the instance: --name NAME (one config and service per synced folder)"
  valid_name "$name"
  publish FolderSync.Client foldersync-client "$client_bin"
  install -d -m 0700 "$client_config_dir"
  local config=$client_config_dir/$name.json
  if [ -n "$client_config" ]; then
    if [ -f "$config" ] && ! cmp -s "$client_config" "$config"; then die "$config exists and differs from $client_config; remove it first"; fi
    install -m 0600 "$client_config" "$config"
  elif [ ! -f "$config" ]; then
    sed -e "s|\"Folder\": \"docs\"|\"Folder\": \"$name\"|" \
        -e "s|\"LocalPath\": \"~/docs\"|\"LocalPath\": \"~/$name\"|" \
        -e "s|foldersync-client/docs|foldersync-client/$name|" deploy/client.example.json > "$config"
    chmod 0600 "$config"
    note "Edit $config (Server, Token, ServerFingerprint: what install.sh server --add-client printed)"
  fi
  install -d -m 0755 "$(dirname "$client_unit")"
  install -m 0644 deploy/foldersync-client@.service "$client_unit"
  install_docs "$client_doc_dir"
  if user_systemd_running; then systemctl --user daemon-reload; fi

  if [ "$enable" = 1 ] && user_systemd_running; then
    systemctl --user enable "foldersync-client@$name"
    systemctl --user restart "foldersync-client@$name"
    note "foldersync-client@$name is running: journalctl --user -u foldersync-client@$name -f"
    note "(to keep it running while you are logged out: loginctl enable-linger $USER)"
  else
    note "Start it: systemctl --user enable --now foldersync-client@$name"
  fi
}

uninstall_server() {
  live && [ "$(id -u)" != 0 ] && die "install.sh uninstall server: run as root (sudo)"
  if systemd_running; then systemctl disable --now foldersync-server 2>/dev/null || true; fi
  rm -rf "$unit_file" "$unit_file.d" "$server_bin" "$doc_dir/README.md" "$doc_dir/docs"
  rmdir "$doc_dir" 2>/dev/null || true
  if systemd_running; then systemctl daemon-reload; fi
  if [ "$purge" = 1 ]; then
    rm -rf "$etc_dir" "$state_dir"
    # The published files are the users' data: only empty directories go.
    if [ -d "$srv_dir" ]; then find "$srv_dir" -depth -type d -empty -delete; fi
    if [ -d "$srv_dir" ]; then note "kept $srv_dir: it holds files"; fi
    if live && id foldersync >/dev/null 2>&1; then userdel foldersync; fi
  else
    note "kept /etc/foldersync (config), /var/lib/foldersync (state) and /srv/foldersync; --purge removes config, state, the user and empty folders"
  fi
}

uninstall_client() {
  local names=()
  if [ -n "$name" ]; then
    valid_name "$name"
    names=("$name")
  elif [ -d "$client_config_dir" ]; then
    for config in "$client_config_dir"/*.json; do [ -e "$config" ] && names+=("$(basename "$config" .json)"); done
  fi
  if user_systemd_running; then
    for instance in "${names[@]}"; do systemctl --user disable --now "foldersync-client@$instance" 2>/dev/null || true; done
  fi
  if [ -z "$name" ]; then
    rm -rf "$client_unit" "$client_bin" "$client_doc_dir/README.md" "$client_doc_dir/docs"
    rmdir "$client_doc_dir" 2>/dev/null || true
    if user_systemd_running; then systemctl --user daemon-reload; fi
  fi
  if [ "$purge" = 1 ]; then
    for instance in "${names[@]}"; do rm -rf "$client_config_dir/$instance.json" "$client_state_dir/$instance"; done
    rmdir "$client_config_dir" "$client_state_dir" 2>/dev/null || true
    note "removed the config and state of: ${names[*]:-nothing}; the synced folders stay"
  else
    note "kept the config (~/.config/foldersync) and state (~/.local/state/foldersync-client); --purge removes them; the synced folders always stay"
  fi
}

case "$action:$role" in
  server:) if [ -n "$add_client" ]; then add_client; else install_server; fi ;;
  client:) install_client ;;
  uninstall:server) uninstall_server ;;
  uninstall:client) uninstall_client ;;
  *) die "usage: install.sh server|client|uninstall server|uninstall client [options] (see the top of deploy/install.sh)" ;;
esac
