# shellcheck shell=bash
# What dev/start and dev/admin share, so that the operator's command acts on the store the Quick
# start service uses: the environment variables they honour, the data directory and the server's
# configuration. Source it from the repository root.
#
# Environment: MASSEMAIL_GRPC_PORT (5080), MASSEMAIL_SES_PORT (8005),
#              MASSEMAIL_DATA_DIR (.data, relative to the repository root).

grpc_port="${MASSEMAIL_GRPC_PORT:-5080}"
ses_port="${MASSEMAIL_SES_PORT:-8005}"
data_dir="${MASSEMAIL_DATA_DIR:-.data}"
mkdir -p "$data_dir"
data_dir="$(cd "$data_dir" && pwd)"
server_dir="$(pwd)/src/MassEmail.Server/bin/Debug/net10.0"

# Exports the server binary's configuration; run it in the subshell that starts the binary.
export_server_config() {
  # Development: the unsubscribe links may point at this machine over http (production requires a public https URL).
  export ASPNETCORE_ENVIRONMENT=Development
  export Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$grpc_port"
  export Storage__Provider=Sqlite Storage__Sqlite__Path="$data_dir/massemail.db"
  export Demo__Seed=true Demo__KeyFile="$data_dir/demo-key.txt"
  export Ses__Endpoint="http://127.0.0.1:$ses_port"
  # The emulator needs no credentials; never let the AWS chain look for instance metadata.
  export AWS_EC2_METADATA_DISABLED=true
}
