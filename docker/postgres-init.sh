#!/bin/bash
# Creates Archivist's archive database and Airflow's metadata database, each with its own role.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username postgres <<SQL
CREATE ROLE airflow LOGIN PASSWORD '${AIRFLOW_DB_PASSWORD}';
CREATE DATABASE airflow OWNER airflow;
CREATE ROLE archivist LOGIN PASSWORD '${ARCHIVIST_DB_PASSWORD}';
CREATE DATABASE archivist OWNER archivist;
SQL
