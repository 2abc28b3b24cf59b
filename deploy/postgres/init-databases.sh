#!/bin/bash
# First start of the PostgreSQL container: a role and a database per service, each role owning
# only its own database. Passwords come from env/postgres.env (<SERVICE>_DB_PASSWORD).
set -euo pipefail
for service in intake debts housing coaching income timeline notifications; do
  var="${service^^}_DB_PASSWORD"
  password="${!var:?set $var in env/postgres.env}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$service" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
