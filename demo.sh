#!/usr/bin/env bash
# Quick start: a FolderSync server and client on loopback, keeping demo/server and demo/client in sync.
# Ctrl-C stops both. DEMO_DIR=... to put the demo elsewhere.
set -euo pipefail
cd "$(dirname "$0")"
demo=${DEMO_DIR:-$PWD/demo}
port=${DEMO_PORT:-7878}

echo "Building FolderSync (Release)..."
dotnet build FolderSync.sln -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
server=FolderSync.Server/bin/Release/net10.0/foldersync-server
client=FolderSync.Client/bin/Release/net10.0/foldersync-client

mkdir -p "$demo/server" "$demo/client" "$demo/.state"
[ -e "$demo/server/hello.txt" ] || printf 'Hello from the server side.\nEdit me in demo/client or demo/server.\n' > "$demo/server/hello.txt"
cat > "$demo/.state/server.json" <<JSON
{ "Listen": "127.0.0.1:$port", "StateDir": "server",
  "Folders": { "demo": { "Path": "$demo/server", "Access": "Full" } } }
JSON
cat > "$demo/.state/client.json" <<JSON
{ "Server": "127.0.0.1:$port", "Folder": "demo", "ClientId": "demo-client",
  "LocalPath": "$demo/client", "StateDir": "client" }
JSON

"$server" run --config "$demo/.state/server.json" &
server_pid=$!
"$client" run --config "$demo/.state/client.json" &
client_pid=$!
trap 'kill -TERM $client_pid $server_pid 2>/dev/null; wait' INT TERM EXIT

sleep 1
cat <<BANNER

  FolderSync demo is running (server pid $server_pid, client pid $client_pid), port $port.
    server folder: $demo/server
    client folder: $demo/client
  Edit, create, rename or delete text files in either folder: the other follows within milliseconds.
  The demo folder is Full access; the default for real folders is EditOnly (see README).
  Status:  $client status --config $demo/.state/client.json
           $server status --config $demo/.state/server.json
  Ctrl-C stops both.

BANNER
wait
