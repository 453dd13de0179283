#!/bin/sh
# Makes the secret files docker-compose.yml mounts under /run/secrets: the PostgreSQL password,
# the database URL that uses it, and the key that encrypts the account credentials.
#   sh deploy/compose/make-secrets.sh [DIR]     (DIR: default ./secrets, beside docker-compose.yml)
# A file that exists is kept: the encryption key must not change once accounts are connected.
# The folder is private to you; the files in it are readable, because Compose mounts each file
# as it is into containers that run as other users.
set -eu
dir=${1:-secrets}
mkdir -p "$dir"
chmod 700 "$dir"
umask 022

random() { # $1 random bytes, URL-safe base64 (padded)
  head -c "$1" /dev/urandom | base64 | tr '+/' '-_' | tr -d '\n'
}

keep_or_write() { # $1 file name, $2 content
  if [ -s "$dir/$1" ]; then
    echo "kept    $dir/$1"
  else
    printf '%s\n' "$2" > "$dir/$1"
    echo "written $dir/$1"
  fi
}

keep_or_write postgres_password "$(random 24)"
password=$(cat "$dir/postgres_password")
keep_or_write nextsteps_database_url "postgresql://nextsteps:$password@postgres:5432/nextsteps"
keep_or_write nextsteps_encryption_key "$(random 32)"
